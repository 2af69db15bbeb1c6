"""Split a `Document` into sentence-aligned `Chunk`s with section path and character offsets."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from qa.ingest.documents import Document

_OPEN = "《“‘（(「【"
_CLOSE = "》”’）)」】"
_ENDS = "。！？；!?;"
# A full stop ends an English sentence only before whitespace or the end, never inside 1.24.
_EN_STOP = re.compile(r"\.(?=\s|$)")
_CLAUSE = "，,、："


@dataclass
class Chunk:
    """A retrievable passage of one document."""

    chunk_id: str
    doc_id: str
    section: str
    kind: str
    page: int | None
    text: str
    start: int
    end: int

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return asdict(self)


def split_sentences(text: str, base: int = 0) -> list[tuple[int, int]]:
    """Sentence spans (absolute offsets) in `text`; never cuts inside 《》, quotes, brackets or numbers."""
    spans: list[tuple[int, int]] = []
    depth = 0
    start = 0
    n = len(text)
    for i, ch in enumerate(text):
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        elif ch == "\n":
            if i > start:
                spans.append((start, i))
            start, depth = i + 1, 0
            continue
        is_end = ch in _ENDS or (ch == "." and _EN_STOP.match(text, i) is not None)
        # "。”" ends the sentence too: the mark sits just inside a closing quote.
        quoted_end = depth == 1 and i + 1 < n and text[i + 1] in "”’"
        if is_end and (depth == 0 or quoted_end):
            depth = 0
            j = i + 1
            while j < n and text[j] in _CLOSE + " ":  # keep a closing quote with its sentence
                j += 1
            spans.append((start, j))
            start = j
    if start < n and text[start:].strip():
        spans.append((start, n))
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((base + s, base + e))
    return out


def _split_long(text: str, span: tuple[int, int], limit: int) -> list[tuple[int, int]]:
    """Cut an over-long sentence at clause marks outside brackets and numbers."""
    s, e = span
    if e - s <= limit:
        return [span]
    pieces: list[tuple[int, int]] = []
    depth = 0
    cur = s
    for i in range(s, e):
        ch = text[i]
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        elif ch in _CLAUSE and depth == 0 and i + 1 - cur >= limit // 2:
            pieces.append((cur, i + 1))
            cur = i + 1
    if cur < e:
        pieces.append((cur, e))
    return pieces


def split_document(doc: Document, size: int = 300, overlap: int = 1) -> list[Chunk]:
    """Chunks of about `size` characters within each section, with `overlap` sentences carried over."""
    chunks: list[Chunk] = []
    for section in doc.sections:
        body = doc.text[section.start : section.end]
        sentences: list[tuple[int, int]] = []
        for span in split_sentences(body, section.start):
            sentences.extend(_split_long(doc.text, span, size))
        path = " > ".join(section.path)
        i = 0
        while i < len(sentences):
            j = i
            length = 0
            while j < len(sentences) and (j == i or length + sentences[j][1] - sentences[j][0] <= size):
                length += sentences[j][1] - sentences[j][0]
                j += 1
            start, end = sentences[i][0], sentences[j - 1][1]
            chunks.append(
                Chunk(
                    chunk_id=f"{doc.doc_id}:{start}",
                    doc_id=doc.doc_id,
                    section=path,
                    kind=section.kind,
                    page=doc.page_at(start),
                    text=doc.text[start:end],
                    start=start,
                    end=end,
                )
            )
            if j >= len(sentences):
                break
            # Carry the last sentence(s) over unless that would make no progress.
            i = max(i + 1, j - overlap) if overlap else j
    return chunks
