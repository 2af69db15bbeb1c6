"""Which figures an English answer states for each part of the question: scored by unit, the words of what is
counted or measured, time scope, level or change; each change kept with the level it is the change of."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from qa.answer.focus import asked_qualifiers, asked_units, bare_whole, noun_head, part_fit
from qa.core import weights as W
from qa.ingest.figure_labels import cut_label, following_noun, subject_of, translate_label
from qa.text.glossary import load_glossary
from qa.text.lexicon import STOPWORDS, stem
from qa.text.numbers import CURRENCY_EN, UNIT_EN
from qa.text.word_forms import verb_base

if TYPE_CHECKING:
    from qa.answer.analyze import Query
    from qa.answer.types import Quote

MAX_PER_PART = W.FIG_PER_PART
RELATED = W.FIG_RELATED
# Question words that say nothing about what is measured.
_ASKING = frozenset(
    "how many much what which when where was were did does give reports report according brief think tank "
    "piece have has had been there their they that this with from year years".split()
)
CHANGE_KINDS = ("growth", "points")
_PERCENT_UNITS = ("%", "个百分点")
_ASKS_CHANGE = re.compile(
    r"\b(?:grow|grew|growth|increase|rise|rose|fall|fell|decline|change|up|down)|\bby how much\b",
    re.I,
)
_FALLS = re.compile(r"\b(?:cut|reduc\w*|lower\w*|decreas\w*|drop\w*|fall|fell|fallen|declin\w*|down)\b", re.I)
_RISES = re.compile(r"\b(?:grow|grew|grown|growth|increas\w*|rise|rose|risen|up)\b", re.I)
_HAN = re.compile(r"[\u3400-\u9fff]")
_NUMBER_OF = re.compile(r"\bnumbers? of\b", re.IGNORECASE)
# A number the question gives (not one inside a name: "the 10,000 Villages project")
_GIVEN = re.compile(r"(?<![\w.,-])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\w.,]*\d)(?!\s+[A-Z][a-z])")


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


# Nouns for people, whom the reports count in 名, 人 or 位: by the suffix that makes a person of a word (scientist,
# technician, trainee) and the everyday ones it misses.
_PERSON_SUFFIX = re.compile(r"..(?:ist|ian|ee)$")
_NOT_PERSONS = frozenset("committee guarantee".split())
_PERSONS = frozenset(
    "official expert worker farmer teacher doctor nurse engineer student participant staff personnel volunteer "
    "leader executive researcher graduate resident patient visitor trainer scholar soldier passenger "
    "entrepreneur pupil child children".split()
)


_PEOPLE_UNITS = frozenset(unit for unit, en in UNIT_EN.items() if en == "people")


def person_units(noun: str) -> set[str]:
    """The units people are counted in (名, 人, 位) when an English noun names people (scientists, trainees)."""
    head = noun_head(noun)
    if head and (head in _PERSONS or (_PERSON_SUFFIX.search(head) and head not in _NOT_PERSONS)):
        return set(_PEOPLE_UNITS)
    return set()


@dataclass
class Stated:
    """A figure chosen for the answer and the quote it comes from (1-based citation number)."""

    fig: dict
    n: int
    quote: Quote


# An English word -> the Chinese forms the reports would write it in (glossary and dictionary).
Forms = Callable[[str], frozenset[str]]


def asked_parts(query: Query | None, forms: Forms | None = None) -> list[Asked]:
    """What each part of an English question asks for; one empty part without a question."""
    if query is None:
        return [Asked(frozenset(), frozenset(), frozenset(), False)]
    from qa.answer.analyze import asked_noun, asks_over_period, find_years, question_kinds

    out = []
    parts = query.parts or [query.asked]
    # Parts that ask something else ("where was it held") get no figure; a bare "and the turnover?" does.
    numeric = [p for p in parts if not set(question_kinds(p, "en")) - {"quantity", "percentage"}]
    for part in numeric or parts:
        part = part.replace("organis", "organiz")  # British spelling of the unit's English
        # "trains ran" matches a label's "trains run"
        words = {stem(verb_base(w)) for w in re.findall(r"[a-z]{3,}", part.lower())} - STOPWORDS - _ASKING
        noun = asked_noun(part)
        # The figure of the people asked about leads (406名 before 34个国家), though a passage need not count them.
        units = (asked_units(part, "en", noun) or person_units(noun)) if noun else set()
        counts = bool(re.search(r"\bhow many\b", part, re.IGNORECASE))
        # "and how many countries": every counted noun; in "what is the loaded-container rate of … trains" the
        # trains are what is measured, not counted.
        for word in re.findall(r"[a-z]+", part.lower()) if counts or _NUMBER_OF.search(part) else ():
            units |= {u for u, en in UNIT_EN.items() if stem(en.split()[-1].lower()) == stem(word)}
        if units & _PEOPLE_UNITS:
            units.add("人次")  # people trained or received are often counted in 人次 (2000余人次)
        years = find_years(part) or query.years
        percent = "percentage" in question_kinds(part, "en")
        change = bool(_ASKS_CHANGE.search(part.replace(noun, " ") if noun else part))  # not "climate change"
        falls, rises = bool(_FALLS.search(part)), bool(_RISES.search(part))
        nouns = frozenset(stem(w) for w in re.findall(r"[a-z]{3,}", noun.lower())) - STOPWORDS - _ASKING
        noun_words = [
            w for w in re.findall(r"[a-z]{3,}", noun) if stem(w) in nouns
        ]  # names are matched as names
        noun_forms = tuple((stem(w), f) for w in noun_words if (f := forms(w))) if forms else ()
        given = frozenset(float(n.replace(",", "")) for n in _GIVEN.findall(query.question)) - set(
            map(float, years)
        )
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
            )
        )
    return out or [Asked(frozenset(), frozenset(), frozenset(), False)]


def label_en(fig: dict) -> str:
    """The figure's label in English (extracted, or through the glossary), '' when it cannot be put in English."""
    label = fig.get("label") or ""
    english = fig.get("label_en") or (translate_label(label) if label else None)
    if not english and label:
        english = load_glossary().translate(label)
    if not english and (subject := subject_of(label)):
        english = translate_label(subject)  # 某某开行 -> the subject alone
    return english if english and not _HAN.search(english) else ""


def _figure_words(fig: dict, text: str = "", offset: int = 0) -> set[str]:
    """English words of what a figure measures: its label, its unit, the noun after it (202份合作文件)."""
    after = following_noun(text, fig["end"] - offset) if text and "end" in fig else ""
    noun = (translate_label(after) or "") if after else ""
    label = label_en(fig) or _known_words(fig.get("label") or "")
    words = re.findall(r"[a-z]{3,}", f"{label} {noun} {UNIT_EN.get(fig.get('unit', ''), '')}".lower())
    return {stem(verb_base(w)) for w in words} - STOPWORDS


def _whole_words(part: dict, quote: Quote) -> set[str]:
    """The words of the whole that a figure of one part (出口) breaks down: the figure before it that names the
    whole (进出口) in the same quote."""
    before = [
        f
        for f in quote.figures
        if f.get("start", 0) < part.get("start", 0) and bare_whole(f.get("label") or "")
    ]
    return _figure_words(before[-1], quote.text, quote.start) if before else set()


@lru_cache(maxsize=4096)
def _known_words(label: str) -> str:
    """The English of the label's last word the glossary knows, for matching when the whole label has no
    English: a label is a subject and then the measure (光伏发电站年均发电量: "electricity generation")."""
    glossary = load_glossary()
    return next((en for w in reversed(cut_label(label)) if (en := glossary.to_english(w))), "")


def _years_of(fig: dict) -> set[int]:
    time = fig.get("time") or {}
    return {y for y in (fig.get("year"), time.get("year"), time.get("end_year")) if y}


@lru_cache(maxsize=4096)
def _measure_words(term: str) -> frozenset[str]:
    """The stemmed English words of a glossary measure (综合重箱率: loaded container rate); none for other terms."""
    glossary = load_glossary()
    english = (glossary.to_english(term) or "").lower() if glossary.is_measure(term) else ""
    return frozenset(stem(w) for w in re.findall(r"[a-z]{3,}", english)) - STOPWORDS


def score(fig: dict, asked: Asked, entities: list[str], quote: Quote | None = None) -> float:
    """How well a figure answers one part: its unit, the words of its label, its year, change or level."""
    s = 0.0
    unit, label = fig.get("unit") or "", fig.get("label") or ""
    if unit in asked.units or (len(unit) == 1 and any(len(u) > 1 and label.endswith(u) for u in asked.units)):
        s += W.FIG_UNIT  # 46个 labelled 非洲国家 counts 国家 as 140个国家 does
    words = _figure_words(fig, quote.text, quote.start) if quote is not None else _figure_words(fig)
    fit = part_fit(fig.get("label") or "", asked.qualifiers)
    if fit > 0 and quote is not None:  # 进出口1.69万亿元，其中出口1.12万亿元: the exports of the same thing
        words |= _whole_words(fig, quote)
    s += W.FIG_WORD * len(asked.words & words) + W.FIG_NOUN * len(asked.noun & words)
    if asked.noun_forms and quote is not None and "end" in fig:
        # 13处动物救护站 for "animal rescue stations": what is counted, written in Chinese only
        counted = label + following_noun(quote.text, fig["end"] - quote.start, len(unit) == 1)
        s += W.FIG_NOUN_FORM * sum(
            w not in words and any(f in counted for f in forms) for w, forms in asked.noun_forms
        )
    if fig.get("value") in asked.given:
        s -= W.FIG_GIVEN  # "the Garissa 50 MW solar plant": the question's own number is not its answer
    if any(e and e in label for e in entities):
        s += W.FIG_ENTITY
        # the measure this part asks for in its own words (not one a later part asks)
        if any(label.endswith(e) and (w := _measure_words(e)) and w <= asked.words for e in entities):
            s += W.FIG_MEASURE  # the words of the subject ("China-Europe Railway Express") say less than this
    if quote is not None and any(e and e not in label and e in quote.text for e in entities):
        s += W.FIG_ENTITY_QUOTE  # 7万户 in the sentence naming 加里萨, not 2万户 in another project's
    s += W.FIG_PART * fit  # "and the exports?": not the imports and exports together
    years = _years_of(fig)
    if (fig.get("time") or {}).get("kind") == "cumulative" and not asked.over_period:
        years = set()  # a total over 2013—2020 is not the value of 2020
    if asked.years:
        s += W.FIG_YEAR if years & asked.years else (-W.FIG_YEAR if years else 0.0)
    if asked.over_period and not asked.change and (fig.get("time") or {}).get("kind") == "cumulative":
        s += W.FIG_PERIOD  # "the total … from 2013 to 2019": 总计8000亿美元, not the 2013 value it grew from
    if (fig.get("time") or {}).get("kind") == "start" and not years & asked.years:
        s -= (
            W.FIG_RANGE_START
        )  # 由3个多小时缩短至40分钟: the value it comes to answers, unless asked for the start
    percent = fig.get("unit") in _PERCENT_UNITS
    if asked.counts and fig.get("unit") in CURRENCY_EN:
        s -= W.FIG_MONEY_FOR_COUNT  # "how many workers" is not answered by an amount of money
    change = fig.get("kind") in CHANGE_KINDS or fig.get("measure_kind") == "change"
    if asked.percent:
        s += W.FIG_PERCENT if percent else -W.FIG_NOT_PERCENT
    elif percent and not (asked.change and change):
        s -= W.FIG_UNASKED_PERCENT  # "how many" asks for a level, not a share
    if change != asked.change:
        s -= W.FIG_CHANGE_MISMATCH  # a level for "how many", a change for "how much did it grow"
    elif change and asked.falls is not None and fig.get("kind") in CHANGE_KINDS and fig.get("value"):
        s -= W.FIG_CHANGE_MISMATCH * (
            (fig["value"] < 0) != asked.falls
        )  # "cut by how much": 下降65%, not a rise
    return s


def choose_figures(
    quotes: list[Quote], query: Query | None, forms: Forms | None = None
) -> list[list[Stated]]:
    """For each part of the question the figures to state, the asked one first; no figure twice."""
    if (
        query is None
    ):  # nothing to compare with: each quote's first figure (the caller put the asked one first)
        out = []
        for n, q in enumerate(quotes, 1):
            stated = [Stated(f, n, q) for f in q.figures]
            if stated:
                lead = stated[0]
                rest = [s for s in stated[1:] if _is_change_of(s, lead) or _same_statement(s, lead)]
                out.append([lead, *rest[: MAX_PER_PART - 1]])
        return out
    parts = asked_parts(query, forms)
    entities = list(query.entities) if query else []
    pool = [Stated(f, n, q) for n, q in enumerate(quotes, 1) for f in q.figures]
    used: set[tuple[float, str]] = set()
    leads: set[tuple[float, str]] = set()
    out: list[list[Stated]] = []
    for asked in parts:
        ranked = sorted(pool, key=lambda s: -score(s.fig, asked, entities, s.quote))
        top = (ranked[0].fig["value"], ranked[0].fig["unit"]) if ranked else None
        if out and top in used and top not in leads:
            continue  # "…, and how many households?": stated already beside an earlier part's figure
        ranked = [s for s in ranked if (s.fig["value"], s.fig["unit"]) not in used]
        if not ranked:
            break
        if out and (
            score(ranked[0].fig, asked, entities, ranked[0].quote) < 0
            or (asked.change and not _is_change(ranked[0]))
            or (asked.change and any(_is_change(s) for s in out[-1]))  # "…, and how much did it grow?"
        ):
            continue  # a later part the quotes have no figure for (or one already given with the part before)
        chosen = [ranked[0]]
        units = {ranked[0].fig["unit"]}
        for s in ranked[1:]:
            if len(chosen) >= MAX_PER_PART:
                break
            if not asked.percent and any(_is_change_of(s, c) for c in chosen):
                chosen.append(s)  # 开行1.24万列，同比增长50%: a chosen level with its change
            elif s.fig["unit"] in asked.units - units and score(s.fig, asked, entities, s.quote) >= RELATED:
                chosen.append(s)  # "how many countries and international organisations": one count of each
                units.add(s.fig["unit"])
            elif _same_statement(s, ranked[0]) and s.fig["unit"] not in units:
                chosen.append(s)  # 开行1.24万列、发送113.5万标箱: the same subject's other measure, same time
                units.add(s.fig["unit"])
        for s in chosen:
            used.add((s.fig["value"], s.fig["unit"]))
        leads.add((chosen[0].fig["value"], chosen[0].fig["unit"]))
        out.append(_changes_after_levels(chosen))
    return out


def _changes_after_levels(chosen: list[Stated]) -> list[Stated]:
    """Each change right after the level it is the change of (开行8225列，同比增长29%，发送72.5万标箱: the 29%
    follows the trains, not the containers chosen before it)."""
    changes = {id(c): s for c in chosen for s in chosen if c is not s and _is_change_of(c, s)}
    out: list[Stated] = []
    for s in chosen:
        if id(s) in changes:
            continue
        out.append(s)
        out.extend(c for c in chosen if changes.get(id(c)) is s)
    out.extend(c for c in chosen if id(c) in changes and all(c is not o for o in out))
    return out


def _is_change(stated: Stated) -> bool:
    return stated.fig.get("kind") in CHANGE_KINDS or stated.fig.get("measure_kind") == "change"


def _same_statement(other: Stated, lead: Stated) -> bool:
    """Another measure in the lead's sentence with the same time scope (not a share or a change)."""
    fig = other.fig
    return (
        other.quote is lead.quote
        and (fig.get("time") or {}) == (lead.fig.get("time") or {})
        and fig.get("measure_kind", "level") == "level"
        and fig.get("unit") not in _PERCENT_UNITS
    )


def _is_change_of(other: Stated, lead: Stated) -> bool:
    """`other` is the change of `lead` (开行1.24万列，同比增长50%)."""
    return other.quote is lead.quote and _change_target(other.fig, other.quote) is lead.fig


def _change_target(change: dict, quote: Quote) -> dict | None:
    """The level a change figure is the change of: the figure right before it, or with 分别 (respectively) after
    as many levels as changes, the level in the same place (开行1.24万列、发送113.5万标箱，分别增长50%、56%)."""
    if change.get("kind") not in CHANGE_KINDS:
        return None
    figs = sorted(quote.figures, key=lambda f: f.get("start", 0))
    at = next((k for k, f in enumerate(figs) if f is change), None)
    if at is None or at == 0:
        return None
    first = at
    while first > 0 and figs[first - 1].get("kind") in CHANGE_KINDS:
        first -= 1
    last = at
    while last + 1 < len(figs) and figs[last + 1].get("kind") in CHANGE_KINDS:
        last += 1
    count = last - first + 1
    levels = figs[max(0, first - count) : first]
    between = quote.text[
        figs[first - 1].get("end", 0) - quote.start : figs[first].get("start", 0) - quote.start
    ]
    if (
        count > 1
        and "分别" in between
        and len(levels) == count
        and not any(f.get("kind") in CHANGE_KINDS for f in levels)
    ):
        return levels[at - first]
    return figs[at - 1] if at == first else None
