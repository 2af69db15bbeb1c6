"""Whether a sentence speaks of what a question asks about (蒙内铁路的票价: 票价), in the question's words or the
forms the reports write them in (an abbreviation, the term without 总 or a place suffix, its words in one clause)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from qa.answer.term_match import rate_written
from qa.text.glossary import load_glossary
from qa.text.tokenize import tokenizer

# A goal is what a sentence says shall be by a date (到2035年), or is aimed at (力争, 目标).
AIMED = re.compile(r"到\d{4}年|力争|目标")
_GOAL = re.compile("(?:目标|指标)$")  # 装机目标: the capacity aimed at


def abbreviates(term: str, text: str) -> bool:
    """Whether `text` has a term that `term` abbreviates: 自贸协定 in "自由贸易协定" (its characters in order, within
    a short span); a two-character term with one character between (省市 in 28个省区市)."""
    if len(term) == 2 and not term.isascii():
        return bool(re.search(f"{re.escape(term[0])}[^，。；：,.;:]{re.escape(term[1])}", text))
    if len(term) < 3:
        return False
    for m in re.finditer(re.escape(term[0]), text):
        window, at = text[m.start() : m.start() + 3 * len(term)], 0
        for ch in term:
            at = window.find(ch, at)
            if at < 0:
                break
            at += 1
        else:
            return True
    return False


def finder(texts: Iterable[str] | Callable[[str], bool]) -> Callable[[str], bool]:
    """A test for "occurs in these texts": the corpus's own, or a search of a few texts."""
    if callable(texts):
        return texts
    listed = list(texts)
    return lambda s: any(s in t for t in listed)


_TOTAL = re.compile("总(?=[额量数值])")  # "total" before a measure word: the reports often leave it out
_WHOLE = re.compile(r"^(?:全国|全球|全部|所有|整个)(?=[\u4e00-\u9fff]{2})")


def spoken_of(focus: str, text: str) -> bool:
    """Whether a sentence speaks of what is asked about: the term or a form of it (in_reports), its abbreviation,
    each of its words joined by 和/与/及 (国家和地区 in "26个国家（地区）"), or all its words in one clause (基金规模
    in "设立规模5000万美元的…基金")."""
    if in_reports(focus, [text.lower()]) or abbreviates(focus, text) or rate_written(focus, text):
        return True
    if any(z in text for z in load_glossary().synonyms(focus) if z != focus and not z.isascii()):
        return True  # 境外 for 海外: what the glossary renders the same way
    parts = [p for p in re.split("[和与及]", focus) if p]
    if len(parts) >= 2 and all(p in text for p in parts):
        return True
    words = [w for w in tokenizer().lcut(focus) if len(w) >= 2]
    return len(words) >= 2 and any(all(w in c for w in words) for c in re.split("[，,；;。]", text))


def in_reports(term: str, texts: Iterable[str] | Callable[[str], bool]) -> bool:
    """Whether a term, or it without a first or last character (港, 市) or a word for the whole (全国自贸试验区),
    occurs in any of the (lower-cased) texts (or where `texts`, a test, finds it)."""
    forms = {term.lower(), _TOTAL.sub("", term.lower()), _WHOLE.sub("", term)}  # 进出口总额 as 进出口额
    if len(term) >= 4 and not term.isascii():
        forms |= {term[1:], term[:-1]}
    elif len(term) == 3:
        # 鹿特丹港 or 鹿特丹; 向友城 (a preposition glued on) or 友城; but 巴拉圭 is not 乌拉圭 for sharing 拉圭
        if term[-1] in _PLACE_SUFFIXES:
            forms.add(term[:-1])
        if term[0] in _FUNCTION_CHARS:
            forms.add(term[1:])
    has = finder(texts)
    return any(has(f) for f in forms)


_PLACE_SUFFIXES = frozenset("港市省县州岛湾")
_FUNCTION_CHARS = frozenset("向在与和对从把被给为及全")  # 全世界: the 世界 the reports name


def focus_reason(focus: str, text: str, contains: Callable[[str], bool]) -> str:
    """ "蒙内铁路的票价是多少": the chosen sentence must speak of 票价 (`contains`: whether the reports hold a term)."""
    if not focus or spoken_of(focus, text):
        return ""
    # 到2030年，…总装机容量将达到…: 装机目标 is the capacity aimed at
    aimed = _GOAL.sub("", focus) if AIMED.search(text) else focus
    if aimed != focus and (not aimed or spoken_of(aimed, text)):
        return ""
    if not in_reports(focus, contains):
        return f"not mentioned in the reports: {focus}"
    return f"the best passage does not speak of {focus}"
