"""The corpus statistics a writer stores in Milvus: exact counts for short strings, buckets that round-trip."""

from __future__ import annotations

from collections import Counter

from qa.store.corpus import MemoryCorpus, report_texts
from qa.store.milvus.stats import (
    GRAM,
    bucket_count,
    bucket_of,
    decode,
    encode,
    gram_counts,
    read_table,
    windows,
)


def test_short_strings_are_counted_exactly_and_long_terms_whole() -> None:
    texts = ["中欧班列开行1.24万列，中欧班列运送113.5万标箱", "rcep 正式签署"]
    long_term = "中欧班列开行1.24万列"
    counts = gram_counts(texts, [long_term])
    assert counts["中欧班列"] == 2 and counts["rcep"] == 1 and counts["班列"] == 2
    assert counts[long_term] == 1 and len(long_term) > GRAM
    assert "rcep 正式签署" not in counts  # longer than GRAM and not asked for whole
    assert counts["\n"] == 0


def test_buckets_round_trip() -> None:
    table = Counter({f"词{i}": i + 1 for i in range(5000)})
    buckets = bucket_count(table)
    assert buckets > 1
    encoded = dict(encode("df", table, buckets))
    assert read_table(encoded) == table
    some = "词1234"
    assert decode(encoded[f"df:{bucket_of(some, buckets)}"])[some] == 1235


def test_windows_cover_a_long_term() -> None:
    term = "中国—东盟自由贸易区升级"
    assert windows(term)[0] == term[:GRAM] and windows(term)[-1] == term[-GRAM:]
    assert len(windows(term)) == len(term) - GRAM + 1


def test_memory_corpus_counts_what_the_reports_say(real_service) -> None:
    index = real_service.index
    corpus = MemoryCorpus(index.chunks, index.documents, index.figures)
    texts = report_texts(index.documents.values())
    assert corpus.mentions("中欧班列") == sum(t.count("中欧班列") for t in texts) > 0
    assert corpus.contains("共建一带一路", bare=True) and corpus.passages == len(index.chunks)
    chunk = next(c for c in index.chunks if corpus.figures_of(c))
    assert all(chunk.start <= f["start"] < chunk.end for f in corpus.figures_of(chunk))
