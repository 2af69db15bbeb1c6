"""Load a report into a `Document`: cleaned text, metadata, sections and pages with offsets."""

from __future__ import annotations

import bisect
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from qa.ingest.cleaning import _CN_NUM, Block, Line, Para, ends_paragraph, extract_side_blocks, parse_lines


@dataclass(frozen=True)
class Section:
    """A stretch of the cleaned text under one heading path."""

    path: tuple[str, ...]  # e.g. ("三、贸易畅通", "（一）货物贸易") or ("专栏 3-1 《…》为企业注入强心剂",)
    kind: str  # "body" | "box" | "caption" | "note" | "front"
    start: int  # offsets into Document.text
    end: int
    page: int | None = None


@dataclass
class Document:
    """A cleaned report; citations point at offsets in `text`."""

    doc_id: str
    title: str
    text: str
    sections: list[Section]
    pages: list[int] = field(default_factory=list)  # offset in text where page i+1 starts
    title_en: str = ""
    publisher: str = ""
    date: str = ""
    lang: str = "zh"
    source: str = ""
    sha256: str = ""
    meta_sha256: str = ""
    aliases: list[str] = field(default_factory=list)  # how people refer to it: 兰瑞智库, think tank …

    def section_at(self, offset: int) -> Section | None:
        """The section that holds `offset`, if any."""
        starts = [s.start for s in self.sections]
        i = bisect.bisect_right(starts, offset) - 1
        if 0 <= i < len(self.sections) and self.sections[i].start <= offset < self.sections[i].end:
            return self.sections[i]
        return None

    def page_at(self, offset: int) -> int | None:
        """1-based page number of `offset`, or None when pages are unknown."""
        if not self.pages:
            return None
        return max(1, bisect.bisect_right(self.pages, offset))

    def metadata(self) -> dict[str, object]:
        """Metadata without the text."""
        return {
            "doc_id": self.doc_id,
            "title": self.title,
            "title_en": self.title_en,
            "publisher": self.publisher,
            "date": self.date,
            "lang": self.lang,
            "source": self.source,
            "sha256": self.sha256,
            "chars": len(self.text),
            "pages": len(self.pages) or None,
        }


def file_sha256(path: Path) -> str:
    """Hash of what gets embedded: the report's bytes and its title (other metadata is re-read freely)."""
    h = hashlib.sha256(path.read_bytes())
    h.update(str(read_metadata(path).get("title", "")).encode())
    return h.hexdigest()


def metadata_sha256(path: Path) -> str:
    """Hash of a report's metadata file ("" when it has none)."""
    meta = path.with_name(path.stem + ".meta.json")
    return hashlib.sha256(meta.read_bytes()).hexdigest() if meta.exists() else ""


def read_metadata(path: Path) -> dict[str, str]:
    """Read the `<stem>.meta.json` beside a report, or {} when absent."""
    meta = path.with_name(path.stem + ".meta.json")
    return json.loads(meta.read_text(encoding="utf-8")) if meta.exists() else {}


def load_document(path: Path) -> Document:
    """Read a .txt/.md report beside its metadata and clean it into a `Document`."""
    meta = read_metadata(path)
    text, sections, pages = clean_pdf_text(path.read_text(encoding="utf-8"))
    return Document(
        doc_id=path.stem,
        title=meta.get("title") or path.stem,
        text=text,
        sections=sections,
        pages=pages,
        title_en=meta.get("title_en", ""),
        publisher=meta.get("publisher", ""),
        date=meta.get("date", ""),
        lang=meta.get("lang", "zh"),
        source=path.name,
        sha256=file_sha256(path),
        meta_sha256=metadata_sha256(path),
        aliases=list(meta.get("aliases", [])),
    )


def clean_pdf_text(raw: str) -> tuple[str, list[Section], list[int]]:
    """Cleaned text (paragraphs separated by newlines), the sections covering it, and page start offsets."""
    lines, footers = parse_lines(raw)
    stream = extract_side_blocks(lines)
    out = _Assembler(stream, footers).run()
    return _layout(out)


class _Assembler:
    """Walk the running text, tracking the heading path and re-joining paragraphs split by boxes and pages."""

    def __init__(self, stream: list[Line | Block], footers: dict[int, str]) -> None:
        self.stream = stream
        self.footers = footers
        self.heads: list[str | None] = [None, None, None, None]  # article, chapter, section, entry
        self.chapter_no = 0
        self.chapter_has_sections = False
        self.front = True  # before the first heading, and inside a table of contents
        self.skip: set[int] = set()
        self.out: list[tuple[str, tuple[str, ...], Para]] = []
        self.open: Para | None = None
        self.pending: list[Block] = []

    def run(self) -> list[tuple[str, tuple[str, ...], Para]]:
        """Emit (kind, path, paragraph) in reading order."""
        for i, item in enumerate(self.stream):
            if i in self.skip:
                continue
            if isinstance(item, Block):
                self.pending.append(item)
                if self.open is None:
                    self._flush()
            elif item.kind == "toc":
                self._close()
                self.front = True
                self._emit_front(item)
            elif item.kind == "heading":
                self._heading(i, item)
            elif self.front:
                self._emit_front(item)
            elif item.kind == "title":
                self._close()
                self.out.append(("body", self._path(), Para(item.text, [(0, item.page)])))
            elif item.kind != "residue":  # chart labels left outside any figure are dropped
                if self.open is None:
                    self.open = Para(item.text, [(0, item.page)])
                else:
                    self.open.extend(item)
                if ends_paragraph(item.text):
                    self._close()
        self._close()
        return self.out

    def _path(self) -> tuple[str, ...]:
        return tuple(h for h in self.heads if h)

    def _emit_front(self, line: Line) -> None:
        self.out.append(("front", self._path(), Para(line.text, [(0, line.page)])))

    def _close(self) -> None:
        if self.open is not None:
            self.out.append(("body", self._path(), self.open))
            self.open = None
        self._flush()

    def _flush(self) -> None:
        for block in self.pending:
            self.out.extend((block.kind, block.path, para) for para in block.paras)
        self.pending = []

    def _heading(self, i: int, line: Line) -> None:
        self._close()
        self.front = False
        text, level = line.text, line.level
        if (
            level == 2
            and text.startswith("（一）")
            and (not _numbered(self.heads[1]) or self.chapter_has_sections)
        ):
            self._open_chapter(i, line)
        if level == 1:
            self.chapter_no = _CN_NUM.find(text[0]) + 1 or self.chapter_no
            self.chapter_has_sections = False
        if level == 2:
            self.chapter_has_sections = True
        self.heads[level] = text
        for deeper in range(level + 1, len(self.heads)):
            self.heads[deeper] = None
        self.out.append(("body", self._path(), Para(text, [(0, line.page)])))

    def _open_chapter(self, i: int, line: Line) -> None:
        """A first section starts a new chapter: pull its heading forward, or recover it from page footers."""
        for j in range(i + 1, min(i + 60, len(self.stream))):
            item = self.stream[j]
            if isinstance(item, Line) and item.kind == "heading" and item.level <= 2:
                if item.level == 1 and item.text[0] in _CN_NUM:
                    self.skip.add(j)
                    self._heading(j, item)
                    return
                break
        number = self.chapter_no + 1
        if self.chapter_has_sections and number in self.footers and number <= len(_CN_NUM):
            chapter = f"{_CN_NUM[number - 1]}、{self.footers[number]}"
            self._heading(i, Line(chapter, line.page, 0, "heading", 1))


def _numbered(chapter: str | None) -> bool:
    return bool(chapter) and chapter[0] in _CN_NUM  # type: ignore[index]


def _layout(out: list[tuple[str, tuple[str, ...], Para]]) -> tuple[str, list[Section], list[int]]:
    """Join paragraphs with newlines, merge runs of one section, and derive page starts."""
    parts: list[str] = []
    starts: list[tuple[str, tuple[str, ...], int, int]] = []  # kind, path, start, page
    marks: list[tuple[int, int]] = []
    offset = 0
    for kind, path, para in out:
        if not para.text:
            continue
        if not starts or starts[-1][:2] != (kind, path):
            starts.append((kind, path, offset, para.marks[0][1]))
        marks.extend((offset + rel, page) for rel, page in para.marks)
        parts.append(para.text)
        offset += len(para.text) + 1
    text = "\n".join(parts)
    sections = [
        Section(path, kind, start, starts[k + 1][2] if k + 1 < len(starts) else len(text), page)
        for k, (kind, path, start, page) in enumerate(starts)
    ]
    return text, sections, _page_starts(marks)


def _page_starts(marks: list[tuple[int, int]]) -> list[int]:
    """Offset where each page starts; moved boxes make pages interleave, so take the earliest later offset."""
    if not marks or max(page for _, page in marks) < 2:
        return []
    last = max(page for _, page in marks)
    first_at = [len(marks) * 10**9] * (last + 2)
    for offset, page in marks:
        first_at[page] = min(first_at[page], offset)
    starts = [0] * (last + 1)
    running = first_at[last + 1]
    for page in range(last, 0, -1):
        running = min(running, first_at[page])
        starts[page] = running
    starts[1] = 0
    return starts[1:]
