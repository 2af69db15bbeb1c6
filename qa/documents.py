"""Load a report into a `Document`: cleaned text, metadata, sections and pages with offsets."""

from __future__ import annotations

import bisect
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path


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
    """Content hash of a file (used to skip unchanged documents)."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_metadata(path: Path) -> dict[str, str]:
    """Read the `<stem>.meta.json` beside a report, or {} when absent."""
    meta = path.with_name(path.stem + ".meta.json")
    return json.loads(meta.read_text(encoding="utf-8")) if meta.exists() else {}
