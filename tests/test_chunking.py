import re

from qa.ingest.chunking import split_document, split_sentences
from tests.helpers import make_document


def test_sentences_end_on_chinese_and_english_marks() -> None:
    text = "中欧班列开行1.24万列。同比增长50%；发送113.5万标箱！It grew 1.5 times. Then it slowed?"
    parts = [text[s:e] for s, e in split_sentences(text)]
    assert parts == [
        "中欧班列开行1.24万列。",
        "同比增长50%；",
        "发送113.5万标箱！",
        "It grew 1.5 times.",
        "Then it slowed?",
    ]


def test_sentences_do_not_split_inside_titles_or_quotes() -> None:
    text = "签署《合作规划。第二部分》。他说：“我们同意。然后离开。”随后会谈结束。"
    parts = [text[s:e] for s, e in split_sentences(text)]
    assert parts == ["签署《合作规划。第二部分》。", "他说：“我们同意。然后离开。”", "随后会谈结束。"]


def test_chunks_keep_offsets_sections_and_overlap() -> None:
    doc = make_document()
    chunks = split_document(doc, size=80, overlap=1)
    assert len(chunks) > 3
    for c in chunks:
        assert doc.text[c.start : c.end] == c.text
        assert c.chunk_id == f"{doc.doc_id}:{c.start}"
        assert c.section in ("二、设施联通", "三、贸易畅通")
        assert c.page == 1
    # One sentence of overlap: the next chunk starts inside the previous one.
    same_section = [(a, b) for a, b in zip(chunks, chunks[1:]) if a.section == b.section]
    assert any(b.start < a.end for a, b in same_section)


def test_chunk_boundaries_never_split_a_number() -> None:
    doc = make_document()
    for size in (20, 35, 50, 80, 150):
        for c in split_document(doc, size=size, overlap=1):
            assert (
                not re.match(r"[\d.%]", doc.text[c.start])
                or c.start == 0
                or not re.match(r"[\d.]", doc.text[c.start - 1])
            )
            assert c.end == len(doc.text) or not (
                re.match(r"[\d.]", doc.text[c.end - 1]) and re.match(r"[\d.万亿%]", doc.text[c.end])
            )


def test_chunk_ids_are_stable() -> None:
    doc = make_document()
    assert [c.chunk_id for c in split_document(doc)] == [c.chunk_id for c in split_document(doc)]
