"""Typeset Chinese PDFs like the reports (running header, page numbers): for tests and the add-report benchmark."""

from __future__ import annotations

import io
from pathlib import Path

FONT = "STSong-Light"  # reportlab's built-in Chinese CID font: no TTF file or system package needed
HEADER = "一带一路经贸合作报告 2021"


def _register_font() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def wrap(text: str, width: float, size: float) -> list[str]:
    """Hard-wrap `text` to `width` points, as a typeset report is."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    _register_font()
    lines, line = [], ""
    for ch in text:
        if line and stringWidth(line + ch, FONT, size) > width:
            lines.append(line)
            line = ""
        line += ch
    return [*lines, line] if line else lines


def canvas(target: Path | io.BytesIO):  # type: ignore[no-untyped-def]
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    _register_font()
    return canvas.Canvas(target if isinstance(target, io.BytesIO) else str(target), pagesize=A4), A4


def write_pages(target: Path | io.BytesIO, pages: list[list[str]], size: float = 11, title: str = "") -> None:
    """One PDF page per list of lines, each with the running header and a page-number footer."""
    pdf, (width, height) = canvas(target)
    if title:
        pdf.setTitle(title)
    for number, lines in enumerate(pages, start=1):
        pdf.setFont(FONT, 9)
        pdf.drawString(72, height - 40, HEADER)
        pdf.drawCentredString(width / 2, 30, f"— {number} —")
        pdf.setFont(FONT, size)
        y = height - 80
        for line in lines:
            pdf.drawString(72, y, line)
            y -= size * 1.6
        pdf.showPage()
    pdf.save()


def layout(paragraphs: list[str], size: float = 11, width: float = 450) -> list[str]:
    lines: list[str] = []
    for para in paragraphs:
        lines.extend(wrap(para, width, size))
    return lines


def make_long_pdf(
    path: Path, report: Path, pages: int = 100, lines_per_page: int = 40, lead: list[str] | None = None
) -> Path:
    """A `pages`-page Chinese PDF typeset from the cleaned corpus report (cycled when it runs out); `lead`
    paragraphs go first (text only this PDF holds, to tell its passages from the report it copies)."""
    from qa.ingest.documents import load_document

    paragraphs = [*(lead or []), *load_document(report).text.split("\n")]
    lines: list[str] = []
    k = 0
    while len(lines) < pages * lines_per_page:
        lines.extend(wrap(paragraphs[k % len(paragraphs)], 450, 10.5))
        k += 1
    chunks = [lines[i * lines_per_page : (i + 1) * lines_per_page] for i in range(pages)]
    write_pages(path, chunks, size=10.5, title="共建一带一路经贸合作报告（基准）")
    return path
