"""PDF reports: text page by page (pypdf), running headers/footers and page numbers removed, seed cleaning."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from qa.ingest.cleaning import Line, Para, ends_paragraph, parse_lines
from qa.ingest.documents import Section, _layout, clean_pdf_text
from qa.ingest.loaders.base import DocumentError, Extracted

_PAGE_NUMBER = re.compile(
    r"^(?:[-–—·\s]*\d{1,4}[-–—·\s]*"
    r"|第\s*\d+\s*页(?:\s*[/／,，]?\s*共\s*\d+\s*页)?"
    r"|\d{1,4}\s*[/／]\s*\d{1,4}"
    r"|(?:page|p\.)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?)$",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[。！？；.!?;][”’）)」]*$")
_MIN_CHARS = 20  # fewer extractable characters than this in the whole file means scanned images


def read_pdf(path: Path) -> Extracted:
    """Extract, de-clutter and clean a PDF; `pages` offsets map cleaned text back to PDF pages."""
    pages, title = extract_pages(path)
    if sum(len(re.sub(r"\s", "", "".join(p))) for p in pages) < _MIN_CHARS:
        raise DocumentError(f"{path.name} has no text layer (scanned images?); run OCR first")
    pages = strip_running_lines(pages)
    raw = seed_format(pages)
    text, sections, starts = clean_pdf_text(raw)
    if all(s.kind == "front" for s in sections):
        # No numbered heading at all: the seed cleaning would keep every line apart as front matter.
        text, sections, starts = join_plain_lines(raw)
    if not starts and text:
        starts = [0]  # a single page: every offset is on page 1
    return Extracted(text, sections, starts, title)


def extract_pages(path: Path) -> tuple[list[list[str]], str]:
    """Non-blank stripped lines of each page, and the title in the PDF's metadata."""
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError

    name = path.name
    try:
        reader = PdfReader(path)
    except DependencyError as exc:  # AES encryption, whose cipher pypdf reads only with `cryptography`
        raise DocumentError(f"{name} is encrypted (AES); remove the password and try again") from exc
    except Exception as exc:  # pypdf raises many types for damaged files; none may reach the user raw
        raise DocumentError(f"{name} is not a readable PDF (damaged or truncated): {exc}") from exc
    if reader.is_encrypted:
        try:
            opened = reader.decrypt("")  # an owner-password-only PDF opens with an empty user password
        except (DependencyError, NotImplementedError, FileNotDecryptedError) as exc:
            raise DocumentError(f"{name} is encrypted; remove the password and try again") from exc
        if not opened:
            raise DocumentError(f"{name} is encrypted; remove the password and try again")
    try:
        pages = [_lines(page.extract_text() or "") for page in reader.pages]
    except Exception as exc:
        raise DocumentError(f"{name} is not a readable PDF (damaged page content): {exc}") from exc
    if not pages:
        raise DocumentError(f"{name} has no pages")
    try:
        info = reader.metadata
        title = str((info.title if info is not None else "") or "").strip()
    except Exception:  # a broken info dictionary only costs the title
        title = ""
    return pages, title


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.replace("\x00", "").splitlines() if line.strip()]


def _key(line: str) -> str:
    """Compare running lines ignoring spaces and digits (page numbers, years); "" for lines that are text."""
    if len(line) > 60 or _SENTENCE_END.search(line):  # running heads are short and never end a sentence
        return ""
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", line))


def strip_running_lines(pages: list[list[str]]) -> list[list[str]]:
    """Drop bare page numbers and the first/last lines repeated on at least half of the pages."""
    pages = [list(p) for p in pages]
    with_text = sum(1 for p in pages if p)
    need = max(2, (with_text + 1) // 2)
    for _ in range(2):  # a header above a page number (or below) needs two passes
        for end in (0, -1):
            for page in pages:
                if page and _PAGE_NUMBER.match(page[end]):
                    page.pop(end)
            counts = Counter(_key(p[end]) for p in pages if p)
            running = {k for k, n in counts.items() if k and n >= need}
            for page in pages:
                if page and _key(page[end]) in running:
                    page.pop(end)
    return pages


def join_plain_lines(raw: str) -> tuple[str, list[Section], list[int]]:
    """Paragraphs for reports without recognised headings: a short line that ends a sentence ends one."""
    lines = [line for line in parse_lines(raw)[0] if line.kind != "merged"]
    widths = sorted(line.width for line in lines)
    full = widths[len(widths) * 3 // 4] if widths else 0
    paras: list[Para] = []
    open_para: Para | None = None
    for line in lines:
        if open_para is None:
            open_para = Para(line.text, [(0, line.page)])
            paras.append(open_para)
        else:
            open_para.extend(line)
        if _ends(line, full):
            open_para = None
    text, sections, starts = _layout([("body", (), para) for para in paras])
    return text, sections, starts


def _ends(line: Line, full: int) -> bool:
    short = line.width < full * 0.85 and bool(_SENTENCE_END.search(line.text))
    return line.kind == "heading" or ends_paragraph(line.text) or short


def seed_format(pages: list[list[str]]) -> str:
    """The layout `clean_pdf_text` reads: blank lines between lines, a page starting with an indented line
    glued to the previous page's last line."""
    out: list[str] = []
    for page in pages:
        lines = page or ["■"]  # an empty page still counts; the cleaning drops the placeholder
        out.append(" " + lines[0] + ("\n\n" + "\n\n".join(lines[1:]) if len(lines) > 1 else ""))
    return "\n".join(out) + "\n"
