"""A phase of a works asked alone (二期项目单独投资了多少, "phase two … alone"): a sentence that gives the whole
(分两期建设，…总投资约27.33亿美元) or another phase does not answer it."""

from __future__ import annotations

import re

from qa.answer.editions import EN_ORDINALS, chinese_numeral
from qa.text.numbers import EN_NUMBER_WORDS, parse_cn_numeral

# 二期, 第二期 (not 两期, "both phases", 那一期, "that one", nor 同期, 长期); "phase two", "phase 2", "the second phase"
_ZH_PHASE = re.compile(r"(?<![\d两那这哪每上下本])(?:第)?([一二三四五六七八九十]|\d{1,2})期")
# "…二期供电工程和…工程，分别…": a phase in the name of one of the things asked of each
_EACH = re.compile(r"分别|各自|\b(?:each|respectively)\b", re.I)
_EN_PHASE = re.compile(
    r"\bphase\s+(one|two|three|four|five|six|\d{1,2})\b|\b(first|second|third|fourth|fifth|sixth)\s+phase\b",
    re.I,
)


def asked_phase(question: str) -> int:
    """The phase a question asks of (2 of 二期 or "phase two"), 0 when it names none or asks of several things."""
    if _EACH.search(question):
        return 0
    if m := _EN_PHASE.search(question):
        word = (m.group(1) or m.group(2)).lower()
        return EN_NUMBER_WORDS.get(word) or EN_ORDINALS.get(word) or int(word)
    if m := _ZH_PHASE.search(question):
        n = m.group(1)
        return int(n) if n.isdigit() else int(parse_cn_numeral(n) or 0)
    return 0


def names_phase(text: str, n: int) -> bool:
    """Whether a text names phase n (二期项目, 第二期, 2期)."""
    return any(
        int(m.group(1)) == n if m.group(1).isdigit() else m.group(1) == chinese_numeral(n)
        for m in _ZH_PHASE.finditer(text)
    )


def phase_reason(question: str, text: str) -> str:
    """Why the best sentence does not answer a figure of one phase: it names no such phase."""
    n = asked_phase(question)
    return f"the best passage does not give phase {n} on its own" if n and not names_phase(text, n) else ""
