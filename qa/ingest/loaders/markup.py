"""Structured reports (DOCX, HTML, Markdown): paragraphs and headings straight from the markup."""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from qa.ingest.cleaning import (
    _CAPTION,
    _CAPTION_NUMBER,
    _SOURCE,
    _heading_level,
    join_lines,
    normalize_spaces,
)
from qa.ingest.documents import Section
from qa.ingest.loaders.base import DocumentError, Extracted, read_text

_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*(\d)$", re.IGNORECASE)
_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_MD_RULE = re.compile(r"^\s*\|?\s*:?-{3,}")
_HTML_DROP = ("script", "style", "nav", "aside", "noscript", "form", "iframe", "svg", "template", "button")
_HTML_CHROME = ("header", "footer")  # page chrome, unless inside the article itself
_HTML_BLOCK = {
    *"p div section article main ul ol li table thead tbody tfoot blockquote pre figure figcaption".split(),
    *"caption dl dt dd hr address h4 h5 h6".split(),
}


@dataclass
class Block:
    """One paragraph of a structured report; `level` 1-3 for a heading, 0 for text."""

    text: str
    level: int = 0
    cells: tuple[str, ...] = ()  # a table row, kept as "a | b" (normalising would eat the spaces)


def assemble(blocks: list[Block]) -> tuple[str, list[Section]]:
    """Cleaned text (one paragraph a line) and sections: heading paths, captions and source notes apart."""
    heads: list[str | None] = [None, None, None]
    parts: list[str] = []
    spans: list[tuple[str, tuple[str, ...], int]] = []  # kind, path, start
    offset = 0
    for block in blocks:
        if block.cells:
            text = " | ".join(c for c in map(normalize_spaces, block.cells) if c)
        else:
            text = normalize_spaces(block.text)
        if not text:
            continue
        spaced = " ".join(block.text.split())  # caption numbers are told by the space after them
        level = 0 if block.cells else block.level or _fallback_level(text)
        if level:
            heads[level - 1] = text
            heads[level:] = [None] * (3 - level)
        kind, path = "body", tuple(h for h in heads if h)
        if not level and _CAPTION.match(spaced):
            text = _CAPTION_NUMBER.sub(r"\1 \2 ", text, count=1)
            kind, path = "caption", (text,)
        elif not level and _SOURCE.match(text):
            # A source line under a caption belongs to that figure.
            kind, path = (
                ("caption", spans[-1][1]) if spans and spans[-1][0] == "caption" else ("note", (text,))
            )
        if not spans or spans[-1][:2] != (kind, path):
            spans.append((kind, path, offset))
        parts.append(text)
        offset += len(text) + 1
    full = "\n".join(parts)
    sections = [
        Section(path, kind, start, spans[k + 1][2] if k + 1 < len(spans) else len(full))
        for k, (kind, path, start) in enumerate(spans)
    ]
    return full, sections


def _fallback_level(text: str) -> int:
    """Unstyled Chinese headings (一、… （一）… ) still open sections, as in the seed reports."""
    level = _heading_level(text)
    return 0 if level is None else max(1, min(level, 3))


def _first_heading(blocks: list[Block]) -> str:
    return next((normalize_spaces(b.text) for b in blocks if b.level == 1), "")


def read_docx(path: Path) -> Extracted:
    """Paragraphs and tables of a Word file in order; Heading styles become section headings."""
    import docx
    from docx.table import Table

    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises zip, XML and key errors for damaged files
        if path.read_bytes()[:4] == b"\xd0\xcf\x11\xe0":  # an OLE container: an encrypted or old binary .doc
            raise DocumentError(
                f"{path.name} is encrypted or an old binary Word file; remove the password or save it as .docx"
            ) from exc
        raise DocumentError(f"{path.name} is not a readable Word (.docx) file (damaged?)") from exc
    blocks: list[Block] = []
    try:
        for item in document.iter_inner_content():
            if isinstance(item, Table):
                blocks.extend(Block("", cells=row) for row in _table_rows(item))
                continue
            style = item.style.name if item.style is not None else ""
            match = _HEADING_STYLE.match(style or "")
            if style == "Title":
                blocks.append(Block(item.text, 1))
            else:
                blocks.append(Block(item.text, min(int(match.group(1)), 3) if match else 0))
        title = document.core_properties.title or ""
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise DocumentError(f"{path.name} is not a readable Word (.docx) file (damaged content)") from exc
    text, sections = assemble(blocks)
    return Extracted(text, sections, [], title.strip() or _first_heading(blocks))


def _table_rows(table) -> list[tuple[str, ...]]:  # type: ignore[no-untyped-def]
    rows = []
    for row in table.rows:
        cells: list[str] = []
        for cell in row.cells:
            value = " ".join(cell.text.split())
            if value and (not cells or cells[-1] != value):  # merged cells repeat their text
                cells.append(value)
        if cells:
            rows.append(tuple(cells))
    return rows


def read_html(path: Path) -> Extracted:
    """The main text of a web page: h1-h3 become headings; scripts, styles and navigation are dropped."""
    from bs4 import BeautifulSoup, Comment, NavigableString

    try:
        soup = BeautifulSoup(read_text(path), "lxml")
    except Exception:  # lxml missing or choking: the standard library parser is slower but forgiving
        soup = BeautifulSoup(read_text(path), "html.parser")
    title = soup.title.get_text(" ", strip=True) if soup.title else ""
    for tag in soup.find_all(_HTML_DROP):
        tag.decompose()
    for tag in soup.find_all(_HTML_CHROME):
        if tag.find_parent(("article", "main")) is None:
            tag.decompose()
    root = soup.find("main") or soup.find("article") or soup.body or soup
    blocks: list[Block] = []
    buffer: list[str] = []

    def flush() -> None:
        text = " ".join("".join(buffer).split())
        if text:
            blocks.append(Block(text))
        buffer.clear()

    # An explicit stack, not recursion: a page nested a thousand levels deep is read like any other.
    stack = [(iter(root.children), False)]
    while stack:
        children, block = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            if block:
                flush()
        elif isinstance(child, Comment):
            continue
        elif isinstance(child, NavigableString):
            buffer.append(str(child))
        elif child.name in ("h1", "h2", "h3"):
            flush()
            blocks.append(Block(child.get_text(" ", strip=True), int(child.name[1])))
        elif child.name == "tr":
            flush()
            cells = [c.get_text(" ", strip=True) for c in child.find_all(["td", "th"])]
            blocks.append(Block("", cells=tuple(cells)))
        elif child.name == "br":
            flush()
        elif child.name in _HTML_BLOCK:
            flush()
            stack.append((iter(child.children), True))
        else:
            stack.append((iter(child.children), False))
    flush()
    text, sections = assemble(blocks)
    return Extracted(text, sections, [], title or _first_heading(blocks))


def read_markdown(path: Path) -> Extracted:
    """Markdown: ATX headings (#, ##, ###) open sections; wrapped lines are joined, list items and rows kept apart."""
    blocks: list[Block] = []
    para: list[str] = []

    def flush() -> None:
        if para:
            text = para[0]
            for line in para[1:]:
                text = join_lines(text, line)
            blocks.append(Block(_strip_inline(text)))
            para.clear()

    for raw in read_text(path).splitlines():
        line = raw.strip()
        heading = _MD_HEADING.match(line)
        if not line or line.startswith("```") or _MD_RULE.match(line):
            flush()
        elif heading:
            flush()
            blocks.append(Block(_strip_inline(heading.group(2)), min(len(heading.group(1)), 3)))
        elif line.startswith("|"):
            flush()
            blocks.append(Block("", cells=tuple(c.strip() for c in line.strip("|").split("|"))))
        elif _MD_ITEM.match(line):
            flush()
            para.append(_MD_ITEM.sub("", line))
        else:
            para.append(line.lstrip("> "))
    flush()
    text, sections = assemble(blocks)
    return Extracted(text, sections, [], _first_heading(blocks))


def _strip_inline(text: str) -> str:
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", text)  # images
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # links keep their words
    return re.sub(r"(\*\*|__|`)", "", text)
