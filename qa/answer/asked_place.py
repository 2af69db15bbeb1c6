"""The place a "Which country …" or "Where …" question is answered by: of the places a sentence names that the
question does not, the one amid most of the question's words (南非 in "…并计划与南非共同开发电子支付应用程序" for
"Which country is it planning to develop a payment app with next?", not the countries listed before it)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from qa.text.glossary import load_glossary
from qa.text.tokenize import pos_cut

_GROUP = re.compile(r"\b(?:countries|regions|nations|economies|members|states)\b", re.I)
WINDOW = 16  # characters either side of a place that count as around it (twice that within its clause)
_CLAUSE_END = re.compile(r"[，。；;,]")
MIN_WORDS = 2  # of the question's words around the place that answers, when the sentence names several


def asked_place(text: str, own: Iterable[str], terms: Iterable[str]) -> tuple[str, str] | None:
    """(English, Chinese) of the place amid most of the question's `terms` (its Chinese words), of those `text`
    names that are not in `own` (the English of the names the question gives); None when none is amid
    `MIN_WORDS` of them or more than any other place."""
    glossary = load_glossary()
    own = set(own)
    places = [
        (start, term)
        for start, term in glossary.spans(text)
        if glossary.proper(term)
        and is_place(term)
        and glossary.zh_to_en[term] not in own
        and not _GROUP.search(glossary.zh_to_en[term])  # one place, not "African countries"
    ]
    words = [t for t in terms if t and not glossary.proper(t)]  # the question's words, not its names

    def amid(place: tuple[int, str]) -> int:
        # the words of its own clause (亚洲是全球唯一…的地区，中国是…: 地区 is 亚洲's, not 中国's)
        start, term = place
        before = _CLAUSE_END.split(text[max(0, start - 2 * WINDOW) : start])[-1]
        after = _CLAUSE_END.split(text[start + len(term) : start + len(term) + 2 * WINDOW])[0]
        return sum(w in before + after for w in words)

    best: dict[str, int] = {}  # each place once, by where it stands amid most (in reading order)
    for place in places:
        best[place[1]] = max(best.get(place[1], 0), amid(place))
    ranked = sorted(best.items(), key=lambda kv: -kv[1])  # stable: the first of equals first
    # one of the question's words beside the only place, or beside one place and none beside the others
    needed = 1 if len(ranked) <= 1 or ranked[1][1] == 0 else MIN_WORDS
    if not ranked or ranked[0][1] < needed or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return None  # amid too few of the question's words, or no more than another place
    return glossary.zh_to_en[ranked[0][0]], ranked[0][0]


def is_place(zh: str) -> bool:
    """Whether jieba knows a Chinese name as a place (南非, 广东)."""
    tagged = list(pos_cut(zh))
    return len(tagged) == 1 and tagged[0][1] == "ns"
