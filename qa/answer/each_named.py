"""A question asking the same of each of two names joined ("宁夏和重庆在推进一带一路方面分别干了啥", "what did
Qinghai and Guangxi each do in 2020"): one part per name, so that each is answered by a sentence about it."""

from __future__ import annotations

import re

from qa.text.glossary import load_glossary

_EACH = re.compile(r"分别|各自|\beach\b|\brespectively\b|\bseparately\b", re.IGNORECASE)
_ZH_JOINER = "和与及、"
_EN_PAIR = re.compile(
    r"((?:[A-Za-z][\w'-]*\s+){0,2}[A-Za-z][\w'-]*)\s+and\s+([A-Za-z][\w'-]*(?:\s+[A-Za-z][\w'-]*){0,2})"
)


# "福建和陕西…各搞了什么": 各 before a verb, after the names (not 各国, 各方, 各类: 各 before what it counts)
_ZH_EACH = re.compile("各(?![国方地类种项个位级界部省市区族行大自样式色家条届期批次年])")


def parts_per_name(question: str) -> list[str]:
    """The question once for each of two names it joins and asks of each; [] when it asks no such thing."""
    each = _EACH.search(question)
    if not (each or "各" in question):
        return []
    pair = _en_pair(question) if question.isascii() else _zh_pair(question)
    if pair is None:
        return []
    (start, end), names = pair
    if not each and not _ZH_EACH.search(question, end):
        return []
    rest = _EACH.sub("", question[end:]) if each else _ZH_EACH.sub("", question[end:], count=1)
    return [re.sub(r"\s+", " ", f"{question[:start]}{name}{rest}").strip() for name in names]


def _zh_pair(question: str) -> tuple[tuple[int, int], tuple[str, str]] | None:
    glossary = load_glossary()
    spans = [(at, term) for at, term in glossary.spans(question) if glossary.proper(term)]
    for (at, first), (then, second) in zip(spans, spans[1:]):
        joined = at + len(first)
        if joined < then and question[joined] in _ZH_JOINER:
            # "援多米尼克和援缅甸": the word before the first name is said again before the second
            again = question[joined + 1 : then]
            if len(again) <= 2 and question[at - len(again) : at] == again:
                return (at - len(again), then + len(second)), (again + first, again + second)
    return None


def _en_pair(question: str) -> tuple[tuple[int, int], tuple[str, str]] | None:
    glossary = load_glossary()

    def proper(phrase: str) -> bool:
        terms = glossary.expand_english(phrase)
        return bool(terms) and not glossary.unmatched_english(phrase) and all(map(glossary.proper, terms))

    for m in _EN_PAIR.finditer(question):
        before, after = m.group(1).split(), m.group(2).split()
        # the longest end of the words before "and" that is a name, the longest start of those after it
        first = next((" ".join(before[i:]) for i in range(len(before)) if proper(" ".join(before[i:]))), "")
        second = next(
            (" ".join(after[:j]) for j in range(len(after), 0, -1) if proper(" ".join(after[:j]))), ""
        )
        if first and second:
            start = m.start(1) + m.group(1).rindex(first)
            return (start, m.start(2) + len(second)), (first, second)
    return None
