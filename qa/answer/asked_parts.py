"""What each part of an English question asks a figure to be: the words and units of what is counted or
measured, its years, a share or a level, a change and its direction, the numbers the question gives itself."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from qa.answer.dimension import asks_change, unit_noun
from qa.answer.focus import PEOPLE_UNITS, asked_units, person_units
from qa.answer.parts import asked_qualifiers
from qa.text.glossary import load_glossary
from qa.text.lexicon import STOPWORDS, stem
from qa.text.numbers import SCALED_NUMBER, SCALES, UNIT_EN
from qa.text.word_forms import verb_base

if TYPE_CHECKING:
    from qa.answer.analyze import Query

# Question words that say nothing about what is measured.
_ASKING = frozenset(
    "how many much what which when where was were did does give reports report according brief think tank "
    "piece have has had been there their they that this with from year years".split()
)

_CHANGE_COUNTED = re.compile(r"\b(?:percentage points?|points?|percent|per cent|times|fold)\b", re.I)
_FALLS = re.compile(r"\b(?:cut|reduc\w*|lower\w*|decreas\w*|drop\w*|fall|fell|fallen|declin\w*|down)\b", re.I)
_RISES = re.compile(r"\b(?:grow|grew|grown|growth|increas\w*|rise|rose|risen|up)\b", re.I)
AT_START = re.compile(
    r"\b(?:at (?:the )?(?:start|outset|beginning|founding|launch)|at first|initially|originally|first set up"
    r"|(?:start|began|begin)(?:ed|s)? (?:out )?with)\b"
    r"|\bthe first (?:batch|group|round)\b|最初|起初|刚开始|一开始|开始时|成立之初|起步时|首批|第一批",
    re.I,
)
_NOW = re.compile(r"\b(?:now|currently|at present|today|these days)\b", re.I)
_MORE = re.compile(r"\bhow many (?:more|fewer|less)\b", re.I)  # "how many fewer items": a change of them
_COMPARED = re.compile(
    r"\bhow (?:much|many) (?:\w+ ){0,2}?(?:faster|slower|higher|lower|more|less|fewer|greater|larger|smaller)\b"
    r".{0,80}\bthan\b"
    r"|\bby how much\b.{0,80}\bthan\b",
    re.IGNORECASE,
)
_PART_OF = re.compile(
    r"\bhow (?:much|many) of (?:the|its|their|this|that|these|those) (?:US\$|RMB ?|€)?\d", re.I
)
_ORDINAL_NOUN = re.compile(
    r"\b(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d+(?:st|nd|rd|th))\s+[a-z]+"
)
# The few words after "how many" or "number of", up to a verb or preposition: what is counted
_COUNTED = re.compile(
    r"\b(?:how many|numbers? of)((?:\s+(?!(?:do|does|did|is|are|was|were|ha[sd]|have|will|can|in|by|from|for|to|"
    r"with|at|on)\b)[\w'-]+){1,4})",
    re.IGNORECASE,
)
# A number the question gives (not one inside a name: "the 10,000 Villages project")
_GIVEN = re.compile(r"(?<![\w.,-])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\w.,]*\d)(?!\s+[A-Z][a-z])")
# "more than 100 China-Europe trains": a threshold the question sets, before a name too
_THRESHOLD = re.compile(
    r"\b(?:more than|over|at least|fewer than|less than|above|under)\s+(\d{1,3}(?:,\d{3})+|\d+)\b"
)


@dataclass
class Asked:
    """One part of the question: its content words (stemmed), the units and years it asks for, and whether it
    asks for a percentage."""

    words: frozenset[str]
    units: frozenset[str]
    years: frozenset[int]
    percent: bool
    counts: bool = False  # "how many": a count of things, not an amount of money
    change: bool = False  # "how much did it grow": a change, not a level
    noun: frozenset[str] = frozenset()  # the words of what is counted or measured ("Chinese banks")
    given: frozenset[float] = frozenset()  # numbers the question states itself (not years)
    over_period: bool = False  # a total over a period is asked ("since 2013"), not one year's value
    qualifiers: frozenset[str] = frozenset()  # the one part of a measure asked (出口 for "exports")
    # The Chinese forms of each word of what is counted (animal: 动物, rescue: 救护): a figure labelled in Chinese
    # only (13处动物救护站) is matched through them.
    noun_forms: tuple[tuple[str, frozenset[str]], ...] = ()
    falls: bool | None = (
        None  # a change asked as a fall ("cut", "drop") or a rise ("grow"); None when not said
    )
    noun_words: tuple[str, ...] = ()  # what is counted as the question writes it, word by word
    compared: bool = False  # "how much faster than the national average": the difference, not either value
    part_of_given: bool = False  # "how much of the US$60 billion …": a share of the figure the question gives
    new: bool | None = None  # new ones asked ("how many new …"), what there is ("did it have"), or not said
    # The Chinese forms of the other words ("overseas": 海外), for a label in Chinese only (海外播放量)
    word_forms: tuple[tuple[str, frozenset[str]], ...] = ()
    start: bool = False  # "at the start", "initially": the value a change began from (由最初的47所增至173所)
    now: bool = False  # "now", "currently": the value a change will begin from, when it is today's (由现在的3个多小时)
    # "how much did it rise from 2019": the year of 较2019年, not of the value
    against: frozenset[int] = frozenset()
    edition: int | None = None  # "and the second batch?": the figure of 第2批, not of 第1批 beside it


# New ones (a flow: 新设3个) or what there is at a time (a stock: 数量达到21个)
_NEW = re.compile(r"\bnew(?:ly)?\b|\badded\b|\bset up\b|\bestablish(?:ed)?\b", re.IGNORECASE)
_STOCK = re.compile(
    r"\b(?:did|does|do) [\w\s-]{1,40}\bhave\b|\b(?:are|were) there\b|\bin total\b|\baltogether\b"
    r"|\bby the end of\b|\bso far\b",
    re.IGNORECASE,
)


@lru_cache(maxsize=1)
def _shared_names() -> re.Pattern[str]:
    """The English names of what every question about the reports shares (Belt and Road, China), standing alone:
    their words match any figure's label, so they choose none."""
    from qa.answer.query import QUESTION_WORDS

    glossary = load_glossary()
    names = sorted(
        {en for zh in QUESTION_WORDS for en in glossary.renderings.get(zh, ())}, key=len, reverse=True
    )
    return re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, names)) + r")(?![\w-])")


# An English word -> the Chinese forms the reports would write it in (glossary and dictionary).
Forms = Callable[[str], frozenset[str]]


def asked_parts(query: Query | None, forms: Forms | None = None) -> list[Asked]:
    """What each part of an English question asks for; one empty part without a question."""
    if query is None:
        return [Asked(frozenset(), frozenset(), frozenset(), False)]
    from qa.answer.analyze import asked_noun, asks_over_period, find_years
    from qa.answer.kinds import question_kinds

    out = []
    parts = query.parts or [query.asked]
    # Parts that ask something else ("where was it held") get no figure; a bare "and the turnover?" does.
    numeric = [p for p in parts if not set(question_kinds(p, "en")) - {"quantity", "percentage"}]
    for part in numeric or parts:
        part = part.replace("organis", "organiz")  # British spelling of the unit's English
        # "trains ran" matches a label's "trains run"; not "road" of "Belt and Road" the "Silk Road Fund"
        own = _shared_names().sub(" ", part).lower()
        words = {stem(verb_base(w)) for w in re.findall(r"[a-z]{3,}", own)} - STOPWORDS - _ASKING
        noun = asked_noun(part)
        # The figure of the people asked about leads (406名 before 34个国家), though a passage need not count them.
        units = (asked_units(part, "en", noun) or person_units(noun)) if noun else asked_units(part, "en")
        counts = bool(re.search(r"\bhow many\b", part, re.IGNORECASE))
        # "and how many countries": every counted noun; in "what is the loaded-container rate of … trains" the
        # trains are what is measured, and in "how many routes do the trains run" the routes are counted, not them
        # (though when what follows "how many" has no unit, another noun may say it: "how many of China's free
        # trade agreements involve … countries").
        counted = [w for m in _COUNTED.finditer(part) for w in m.group(1).lower().split()]
        named = {u for w in counted for u in UNIT_EN if unit_noun(u) == stem(w)}
        if not (named or units) and counts:  # not the batch of "in the sixth batch": an ordinal's noun
            others = re.findall(r"[a-z]+", _ORDINAL_NOUN.sub(" ", part.lower()))
            named = {u for w in others for u in UNIT_EN if unit_noun(u) == stem(w)}
        units |= named
        if units & PEOPLE_UNITS:
            units.add("人次")  # people trained or received are often counted in 人次 (2000余人次)
        years = [y for y in find_years(part) if y not in query.against] or query.years
        percent = "percentage" in question_kinds(part, "en")
        change = asks_change(part.replace(noun, " ") if noun else part, "en")  # not "climate change"
        # "How many countries grow rice": the things counted do the growing; "how many points did it rise" asks one
        change = change and not (
            counts and noun and not _CHANGE_COUNTED.search(noun) and not _MORE.search(part)
        )
        falls, rises = bool(_FALLS.search(part)), bool(_RISES.search(part))
        nouns = frozenset(stem(w) for w in re.findall(r"[a-z]{3,}", noun.lower())) - STOPWORDS - _ASKING
        noun_words = [
            w for w in re.findall(r"[a-z]{3,}", noun) if stem(w) in nouns
        ]  # names are matched as names
        noun_forms = tuple((stem(w), f) for w in noun_words if (f := forms(w))) if forms else ()
        others = [w for w in re.findall(r"[a-z]{3,}", part) if stem(w) in words and w not in noun_words]
        word_forms = tuple((stem(w), f) for w in others if (f := forms(w))) if forms else ()
        given = frozenset(
            float(n.replace(",", ""))
            for n in _GIVEN.findall(query.question) + _THRESHOLD.findall(query.question)
        ) - set(map(float, years))
        # "the US$60 billion" is 600亿美元 in the reports' figures
        given |= {
            float(n.replace(",", "")) * SCALES[w.lower()] for n, w in SCALED_NUMBER.findall(query.question)
        }
        out.append(
            Asked(
                frozenset(words),
                frozenset(units),
                frozenset(years),
                percent,
                counts,
                change,
                nouns,
                given,
                query.over_period or asks_over_period(part),
                frozenset(asked_qualifiers(part, "en")),
                noun_forms,
                falls if change and falls != rises else None,
                tuple(re.findall(r"[A-Za-z]+", noun)),
                bool(_COMPARED.search(part) or query.against),
                bool(_PART_OF.search(part)),
                True if _NEW.search(part) else (False if _STOCK.search(part) else None),
                word_forms,
                bool(AT_START.search(part)),
                bool(_NOW.search(part)),
                frozenset(query.against),
                query.edition,
            )
        )
    return out or [Asked(frozenset(), frozenset(), frozenset(), False)]
