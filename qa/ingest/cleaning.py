"""Heuristics that turn hard-wrapped PDF text into paragraphs, sections and page offsets."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

# Characters that typeset without surrounding spaces: CJK ideographs, CJK and fullwidth punctuation, curly quotes.
_CJK = r"\u2014\u2018\u2019\u201c\u201d\u2026\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
_SPACE_NEAR_CJK = re.compile(rf"(?<=[{_CJK}])[ \t\u3000\u00a0]+|[ \t\u3000\u00a0]+(?=[{_CJK}])")
_SPACED_CHARS = re.compile(r"(?:[\u4e00-\u9fff] ){3,}")
_END = re.compile(r"[。！？；：:!?;][”’）)》」』]*$")
_CN_NUM = "一二三四五六七八九十"
_ARTICLE = re.compile(r"^【.+】$")
_CHAPTER = re.compile(rf"^(?:[{_CN_NUM}]+、|第[{_CN_NUM}\d]+章)\S")
_NAMED_CHAPTER = re.compile(r"^(?:前言|展望|附件[：:]?|致谢|后记|结语|编写单位|重要声明[：:]?)$")
_SECTION = re.compile(rf"^(?:（[{_CN_NUM}]+）|\d+、)\S")
_CHRONICLE = re.compile(r"^\S*大事记$")
_ENTRY = re.compile(r"^\d+\.\s*\d+\s*月\s*\d+\s*日")
_BOX = re.compile(r"^专栏\s*(\d+-\d+)")
_CAPTION = re.compile(r"^[图表]\s*\d+(?:-\d+)?\s")
_SOURCE = re.compile(r"^(?:资料来源|数据来源|图片来源|注)[：:]")
_FOOTER = re.compile(r"^第\s*(\d+)\s*部分\s+(.+?)\s+\d+$")
_DROP = re.compile(r"^(?:[{}\[\]()（）■●•*\-\s]*|（(?:转下页|接上页|续)）|\[Top\]\(#\)|正文)$")
_CAPTION_NUMBER = re.compile(r"^([图表])\s*(\d+(?:-\d+)?)\s*")
_TOC = re.compile(r"\t|/\s*\d+\s*$|^- ")


@dataclass
class Line:
    """One non-blank line of the raw text with what the heuristics learned about it."""

    text: str
    page: int
    width: int
    kind: str = "text"  # text | title | heading | box | caption | source | residue | footnote | toc | merged
    level: int = 0  # heading depth: 0 article, 1 chapter, 2 section, 3 entry
    starts_page: bool = False


@dataclass
class Para:
    """A paragraph with (offset in paragraph, page) marks where its source lines begin."""

    text: str
    marks: list[tuple[int, int]]

    def extend(self, line: Line) -> None:
        """Append a wrapped line."""
        joined = join_lines(self.text, line.text)
        self.marks.append((len(joined) - len(line.text), line.page))
        self.text = joined


@dataclass
class Block:
    """Paragraphs that share a section kind and path (a box, or a figure's caption and sources)."""

    kind: str
    path: tuple[str, ...]
    paras: list[Para] = field(default_factory=list)


def normalize_spaces(text: str) -> str:
    """Drop the spaces PDF extraction puts around CJK text and numbers; keep one between Latin words."""
    text = text.replace("\ufffd", "").replace("**", "")
    text = _SPACE_NEAR_CJK.sub("", text.strip())
    return re.sub(r"\s{2,}", " ", text)


def visual_width(text: str) -> int:
    """Width in half-width cells, so Chinese and Latin lines compare."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _heading_level(text: str) -> int | None:
    if _ARTICLE.match(text):
        return 0
    if len(text) > 40 or "。" in text or _TOC.search(text):
        return None
    if _NAMED_CHAPTER.match(text) or (_CHAPTER.match(text) and len(text) <= 30):
        return 1
    if _CHRONICLE.match(text):
        return 2
    if _SECTION.match(text) and len(text) <= 36:
        return 2
    if _ENTRY.match(text):
        return 3
    return None


def _classify(text: str, raw: str) -> tuple[str, int]:
    indent = len(raw) - len(raw.lstrip())
    if _TOC.search(raw.strip(" ")) or text in ("目", "录", "目录", "目 录"):
        return "toc", 0
    level = _heading_level(text)
    if level is not None:
        return "heading", level
    if _BOX.match(text):
        return "box", 0
    if _CAPTION.match(raw.strip()):
        return "caption", 0
    if _SOURCE.match(text):
        return "source", 0
    if indent >= 3:
        return ("footnote" if re.match(r"\d\D", text) else "residue"), 0
    if _SPACED_CHARS.search(raw) or (visual_width(text) <= 30 and not re.search(r"[。！？；，：]", text)):
        return "residue", 0
    return "text", 0


def parse_lines(raw: str) -> tuple[list[Line], dict[int, str]]:
    """Non-blank lines with page numbers and kinds, plus chapter titles read from page footers."""
    lines: list[Line] = []
    footers: dict[int, str] = {}
    page, prev_blank = 1, True
    for i, raw_line in enumerate(raw.splitlines()):
        raw_line = raw_line.replace("\ufffd", "").rstrip("\r")
        if not raw_line.strip():
            prev_blank = True
            continue
        # A page starts with an indented line glued to the previous page's last line.
        if i > 0 and raw_line[:1].isspace() and not prev_blank:
            page += 1
        prev_blank = False
        footer = _FOOTER.match(raw_line.strip())
        if footer:
            footers[int(footer.group(1))] = normalize_spaces(footer.group(2))
            continue
        text = normalize_spaces(raw_line)
        if _DROP.match(text):
            continue
        kind, level = _classify(text, raw_line)
        if kind == "caption":  # keep "图 3-1 " readable after the spaces around CJK are gone
            text = _CAPTION_NUMBER.sub(r"\1 \2 ", text, count=1)
        starts_page = page > (lines[-1].page if lines else 1) or i == 0
        lines.append(Line(text, page, visual_width(text), kind, level, starts_page))
    _mark_titles(lines)
    _unmark_wrapped(lines)
    _join_heading_wraps(lines)
    return lines, footers


def _mark_titles(lines: list[Line]) -> None:
    """Short lines without punctuation followed by sentences are box or article titles, not chart residue."""
    for i, line in enumerate(lines[:-1]):
        nxt = lines[i + 1]
        if not (nxt.kind == "text" and nxt.width >= 32):
            continue
        bare = line.kind in ("residue", "text") and not re.search("[，。；：]", line.text)
        if bare and (line.width <= 30 or (line.starts_page and line.width <= 60)):
            line.kind = "title"


def _unmark_wrapped(lines: list[Line]) -> None:
    """Short unpunctuated lines as wide as their text neighbours are wrapped text (narrow boxes), not labels."""
    changed = True
    while changed:
        changed = False
        for i, line in enumerate(lines):
            if line.kind not in ("residue", "title") or _SPACED_CHARS.search(line.text):
                continue
            near = [lines[k] for k in (i - 1, i + 1) if 0 <= k < len(lines) and lines[k].kind == "text"]
            if any(abs(n.width - line.width) <= 4 and n.page == line.page for n in near):
                line.kind = "text"
                changed = True


def _join_heading_wraps(lines: list[Line]) -> None:
    """Re-join chronicle entry headings wrapped onto a second line: an entry's text starts with a full-width line,
    so a shorter line with no full stop after a long heading is the heading's end (政党共商机制 / 成立并举行第一次会议)."""
    for i, line in enumerate(lines[:-1]):
        nxt = lines[i + 1]
        if (
            line.kind == "heading"
            and line.level == 3
            and line.width >= 40
            and nxt.kind in ("text", "residue", "title")
            and nxt.width < 60
            and "。" not in nxt.text
        ):
            line.text += nxt.text
            nxt.kind = "merged"


def is_narrow(line: Line) -> bool:
    """Sidebar boxes wrap at about 20 characters, running text at about 44."""
    return line.kind == "text" and line.width <= 60


def ends_paragraph(text: str) -> bool:
    """A line that ends a sentence (or a long unwrapped line) closes its paragraph."""
    return bool(_END.search(text)) or visual_width(text) > 120


def join_lines(prev: str, nxt: str) -> str:
    """Join two wrapped lines: no space in Chinese, one space between Latin words."""
    if re.search(r"[A-Za-z.,;:!?]$", prev) and re.match(r"[A-Za-z]", nxt):
        return prev + " " + nxt
    return prev + nxt


def wrap_paragraphs(lines: list[Line]) -> list[Para]:
    """Join wrapped lines into paragraphs; titles stand alone."""
    paras: list[Para] = []
    open_para: Para | None = None
    for line in lines:
        if line.kind == "title" or open_para is None:
            open_para = Para(line.text, [(0, line.page)])
            paras.append(open_para)
        else:
            open_para.extend(line)
        if line.kind == "title" or ends_paragraph(line.text):
            open_para = None
    return paras


def extract_side_blocks(lines: list[Line]) -> list[Line | Block]:
    """Pull boxes and figure captions out of the running text; each block sits where it interrupted it."""
    used: set[int] = set()
    side_at: dict[int, Block] = {}
    for i, line in enumerate(lines):
        at: int | None = i if line.kind == "box" else None
        while at is not None:  # a box, and the untitled-by-number boxes that follow it
            side_at[at], at = _take_box(lines, at, used)
    for i, line in enumerate(lines):
        if line.kind in ("caption", "source", "footnote") and i not in used:
            start, block = _take_figure(lines, i, used)
            side_at[start] = block
    stream: list[Line | Block] = []
    for i, line in enumerate(lines):
        if i in side_at:
            stream.append(side_at[i])
        if i not in used and line.kind != "merged":
            stream.append(line)
    return stream


def _is_title(line: Line) -> bool:
    if re.search("[，。；]", line.text):
        return False
    return line.kind in ("title", "residue") or (line.kind == "text" and 50 < line.width <= 70)


def _take_box(lines: list[Line], i: int, used: set[int]) -> tuple[Block, int | None]:
    """A 专栏 marker, its title (after or before it) and the narrow lines that follow until they stop; also where
    the next box starts when a title line (a box without a 专栏 marker) ends this one after running text."""
    used.add(i)
    marker = _BOX.match(lines[i].text)
    if marker is None:  # a box known by its title alone
        heading = Para(lines[i].text, [(0, lines[i].page)])
        body, following = _box_body(lines, i + 1, used)
        return Block("box", (lines[i].text,), [heading, *wrap_paragraphs(body)]), following
    number = marker.group(1)
    title, j = "", i + 1
    while j < len(lines) and j < i + 3 and _is_title(lines[j]) and lines[j].page == lines[i].page:
        title, j = title + lines[j].text, j + 1
        used.add(j - 1)
    before = lines[i - 1] if i > 0 else None
    if (
        not title
        and before
        and before.kind in ("title", "residue", "text")
        and before.width <= 70
        and not re.search("[，。；]", before.text)
        and i - 1 not in used
    ):
        title = before.text if before.kind != "heading" else ""
        used.add(i - 1) if title else None
    name = f"专栏 {number} {title}".strip()
    body, following = _box_body(lines, j, used)
    heading = Para(name, [(0, lines[i].page)])
    return Block("box", (name,), [heading, *wrap_paragraphs(body)]), following


def _box_body(lines: list[Line], j: int, used: set[int]) -> tuple[list[Line], int | None]:
    """The narrow lines of a box from line `j` on, skipping the running text around them; and the title line that
    starts another box, when one follows running text."""
    body: list[Line] = []
    misses, last_body = 0, None
    for k in range(j, len(lines)):
        line = lines[k]
        if line.kind in ("heading", "box"):
            break
        if k in used or line.kind not in ("text", "title"):
            continue
        if line.kind == "title" and misses and body and k + 1 < len(lines) and is_narrow(lines[k + 1]):
            return body, k  # running text, then a new title over narrow lines: the next box
        # A short line right after an unfinished wide line ends that running-text paragraph.
        tail = last_body is not None and last_body.width > 60 and not ends_paragraph(last_body.text)
        tail = tail and ends_paragraph(line.text)
        if (is_narrow(line) or line.kind == "title") and not tail:
            body.append(line)
            used.add(k)
            misses = 0
        else:
            last_body = line
            misses += 1
            if misses > 25:
                break
    return body, None


def _take_figure(lines: list[Line], i: int, used: set[int]) -> tuple[int, Block]:
    """A caption or source line with the chart labels around it on the same page."""
    start = i
    while start > 0 and lines[start - 1].kind == "residue" and start - 1 not in used:
        start -= 1
    end = i + 1
    while end < len(lines) and end not in used and lines[end].page == lines[i].page:
        nxt = lines[end]
        loose = nxt.kind in ("text", "title") and nxt.width < 56 and "，" not in nxt.text
        if nxt.kind not in ("caption", "source", "residue", "footnote") and not loose:
            break
        end += 1
    paras: list[Para] = []
    labels: list[str] = []
    for k in range(start, end):
        used.add(k)
        if lines[k].kind == "residue":
            labels.append(lines[k].text)
        elif paras and lines[k - 1].kind == "footnote" and not ends_paragraph(paras[-1].text):
            paras[-1].extend(lines[k])  # a footnote wrapped onto the next line
        else:
            paras.append(Para(lines[k].text, [(0, lines[k].page)]))
    if labels:
        paras.append(Para(" ".join(labels), [(0, lines[start].page)]))
    captions = [lines[k].text for k in range(start, end) if lines[k].kind == "caption"]
    kind = "caption" if captions else "note"
    return start, Block(kind, ((captions or [lines[i].text])[0],), paras)
