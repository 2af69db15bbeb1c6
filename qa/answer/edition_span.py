"""A run of editions asked together ("the first three expos", 前三届进博会, "all three forums combined"): their total
is what a sentence naming the run (三届…累计, 前两届) gives, not one edition's figure (本届…, 第三届…)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from qa.answer.editions import chinese_numeral, find_editions
from qa.core import weights as W
from qa.text.numbers import EN_NUMBER_WORDS, parse_cn_numeral

if TYPE_CHECKING:
    from qa.answer.types import Quote

_EN_SPAN = re.compile(
    r"\b(?:(?:first|all|past|last)\s+(?:the\s+)?(two|three|four|five|six|seven|eight|nine|ten|\d{1,2})"
    r"|the\s+(two|three|four|five|six|seven|eight|nine|ten))\b(?!\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec))"
    r"(?=(?:\s+[\w'-]+){0,6}?\s+(?:forums?|expos?|expositions?|summits?|sessions?|conferences?|fairs?|editions?"
    r"|meetings?|dialogues?|symposi(?:a|ums?)|rounds?|plenar(?:y|ies)|festivals?|exhibitions?)\b)",
    re.IGNORECASE,
)
SPAN_DEPTH = 3  # a run asked: passages naming it are looked for this many times as deep as the answer reads
_TOGETHER = re.compile(r"\b(?:combined|together|in total|altogether|cumulative|total)\b", re.IGNORECASE)
# 前三届, 三届进博会, 连续3届 (not 第三届, 第十三届 or 上一届)
_ZH_SPAN = re.compile(r"(?<![第\d一二三四五六七八九十])([两二三四五六七八九十]|\d{1,2})\s*届")


@lru_cache(maxsize=256)
def edition_span(question: str) -> int:
    """How many editions a question asks of together (3 of "the first three expos", 前三届); 0 when it asks none."""
    # "the three expos" only with a total asked ("combined", "in total"): not "the two sessions" (两会)
    if (m := _EN_SPAN.search(question)) and (m.group(1) or _TOGETHER.search(question)):
        word = (m.group(1) or m.group(2)).lower()
        return EN_NUMBER_WORDS.get(word) or int(word)
    if m := _ZH_SPAN.search(question):
        n = m.group(1)
        return int(n) if n.isdigit() else 2 if n == "两" else int(parse_cn_numeral(n) or 0)
    return 0


def span_terms(n: int) -> list[str]:
    """How the reports write a run of n editions: 三届 (as 前三届 and 三届…累计 hold it)."""
    return [f"{chinese_numeral(n)}届"] if n >= 2 else []


def names_span(text: str, n: int) -> bool:
    """Whether a text speaks of n editions together (三届中国国际进口博览会累计…, 前两届, 历届)."""
    written = f"{chinese_numeral(n)}|{n}" + ("|两" if n == 2 else "")
    return bool(re.search(rf"(?<![第\d一二三四五六七八九十])(?:{written})\s*届|历届", text))


def span_fit(question: str, text: str, entry: str) -> dict[str, float]:
    """For a run asked: whether a sentence speaks of it, or of single editions only (本届…, the entry's 第三届…)."""
    if not (n := edition_span(question)):
        return {}
    fit = names_span(text, n)
    single = bool(find_editions(text) or find_editions(entry) or "本届" in text)
    return {"edition_fit": float(fit), "other_edition": float(not fit and single)}


def span_reason(question: str, text: str) -> str:
    """Why the best sentence does not answer a run of editions asked together: it does not speak of them so."""
    n = edition_span(question)
    return f"the first {n} editions together not covered" if n and not names_span(text, n) else ""


def span_first(question: str, counted: bool, cands: list[Quote]) -> list[Quote]:
    """For a run asked ("三届加起来呢？"): a close candidate naming it (三届…累计意向成交2015.8亿美元) before one of a single
    edition that shares more of the conversation's words (本届进博会…)."""
    if not edition_span(question):
        return cands
    fits = [
        c for c in cands[: W.ALTERNATIVES] if c.features.get("edition_fit") and (c.figures or not counted)
    ]
    return [fits[0], *(c for c in cands if c is not fits[0])] if fits else cands
