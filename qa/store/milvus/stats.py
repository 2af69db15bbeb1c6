"""Corpus statistics a writer computes at build time and stores in Milvus, so replicas need no copy of the corpus.

Three tables, each cut into hash buckets stored as rows of the version's data collection ("df:17" holds the
terms whose hash falls in bucket 17, one "term<TAB>count" line each):

- `df`: how many chunks hold each search token (the answerer's IDF);
- `m`: how often every string of up to `GRAM` characters occurs in the reports' texts, titles and aliases
  (lower-cased), plus the longer domain terms whole: whether and how often the reports mention a name;
- `b`: the same over the texts without quotation marks (共建一带一路 typed for 共建“一带一路”).

A replica fetches the few buckets a question needs in one query and keeps a bounded number of them.
"""

from __future__ import annotations

import zlib
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence

from qa.ingest.chunking import Chunk
from qa.ingest.documents import Document
from qa.store.corpus import QUOTE_MARKS, chunk_df, report_texts
from qa.text.glossary import load_glossary
from qa.text.lexicon import Lexicon

GRAM = 8  # strings up to this long are counted exactly; a longer one by its windows of this length
BUCKET_CHARS = 4000  # about this much text per bucket, so a question fetches a few kilobytes
KINDS = ("df", "m", "b")


def gram_counts(texts: Iterable[str], longer: Iterable[str] = ()) -> Counter[str]:
    """Occurrences of every substring of 1..GRAM characters (no whitespace inside), and of each longer term."""
    counts: Counter[str] = Counter()
    listed = list(texts)
    for text in listed:
        size = len(text)
        for n in range(1, GRAM + 1):
            counts.update(g for g in (text[i : i + n] for i in range(size - n + 1)) if not _has_space(g))
    for term in set(longer):
        if len(term) > GRAM and not _has_space(term):
            counts[term] = sum(t.count(term) for t in listed)
    return counts


def _has_space(text: str) -> bool:
    return "\t" in text or "\n" in text or "\r" in text


def bucket_of(term: str, buckets: int) -> int:
    """The bucket a term's count lives in."""
    return zlib.crc32(term.encode("utf-8")) % max(1, buckets)


def bucket_count(counts: Counter[str]) -> int:
    """How many buckets a table of this size is cut into."""
    size = sum(len(t) + 8 for t in counts)
    return max(1, size // BUCKET_CHARS)


def encode(kind: str, counts: Counter[str], buckets: int) -> Iterator[tuple[str, str]]:
    """(name, text) of every non-empty bucket of a table."""
    lines: dict[int, list[str]] = {}
    for term, count in counts.items():
        if count > 0 and not _has_space(term):
            lines.setdefault(bucket_of(term, buckets), []).append(f"{term}\t{count}")
    for b, rows in sorted(lines.items()):
        yield bucket_name(kind, b), "\n".join(rows)


def bucket_name(kind: str, bucket: int) -> str:
    """A bucket's blob name in the data collection."""
    return f"{kind}:{bucket}"


def decode(text: str) -> dict[str, int]:
    """A bucket's terms and counts."""
    out: dict[str, int] = {}
    for line in text.split("\n"):
        term, _, count = line.rpartition("\t")
        if term:
            out[term] = int(count)
    return out


def windows(term: str) -> list[str]:
    """The GRAM-long windows of a longer term (every one occurs where the term does)."""
    return [term[i : i + GRAM] for i in range(len(term) - GRAM + 1)]


def corpus_tables(
    chunks: Sequence[Chunk],
    documents: Mapping[str, Document],
    lexicon: Lexicon,
    df: Counter[str] | None = None,
) -> dict[str, Counter[str]]:
    """The three tables of a version; `df` when the writer kept it up to date (else counted from the chunks)."""
    df = chunk_df(chunks) if df is None else df
    texts = report_texts(documents.values())
    # Longer strings that questions name are counted whole: search tokens, names, glossary terms.
    longer = {
        *df,
        *(f.lower() for forms in lexicon.names.values() for f in forms),
        *(t.lower() for t in load_glossary().renderings),
    }
    longer = {t for t in longer if len(t) > GRAM}
    return {
        "df": df,
        "m": gram_counts(texts, longer),
        "b": gram_counts([QUOTE_MARKS.sub("", t) for t in texts], longer),
    }


def read_table(blobs: Mapping[str, str]) -> Counter[str]:
    """A table back from its buckets (a writer's copy of the chunk frequencies)."""
    table: Counter[str] = Counter()
    for text in blobs.values():
        table.update(decode(text))
    return table
