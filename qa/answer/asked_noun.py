"""Whether the best passage speaks of what an English question counts or measures: "how many X", "the X of"."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING

from qa.answer.asked_en import invested
from qa.answer.asked_parts import Forms, person_units
from qa.answer.asked_place import is_place
from qa.answer.dimension import MEASURED_UNITS, dimension_units, unit_noun
from qa.answer.flow import asked_event, dates_event
from qa.answer.focus import ANYONE, COUNTED_IN, PEOPLE_UNITS, noun_head
from qa.answer.followup import asks_again_of
from qa.answer.query import Query
from qa.answer.spoken import AIMED
from qa.answer.years import DATE_MARK
from qa.core import weights as W
from qa.text.glossary import load_glossary
from qa.text.lexicon import GENERIC, STOPWORDS, Lexicon, stem
from qa.text.numbers import number_word_forms
from qa.text.tokenize import pos_cut, search_tokens

if TYPE_CHECKING:
    from qa.answer.types import Quote
    from qa.store.corpus import Corpus

_COUNTED_BY = "大个项条类点方面"  # what follows a count of things named: 八大行动, 三个原因, 5项
# A quantity per period (300万吨/年): an annual capacity or output, though neither word is written.
_RATE_WORDS = frozenset({"annual", "capacity", "output", "throughput", "daily"})
# A goal is what a sentence says shall be by a date (到2035年), or is aimed at (力争, 目标).
_AIMS = frozenset({"goal", "target", "aim", "objective"})
_SHARES = frozenset({"share", "proportion", "percentage", "ratio"})  # a figure in % is one
# A rank is what an ordinal says (第一大港, 第6位), though the word 排名 is not written.
_RANKS = frozenset({"rank", "ranking", "place", "position"})
_ORDINAL = re.compile(r"第[一二三四五六七八九十\d]+(?:位|名|大)")
# A date is what a time in the sentence says: "the expected completion date" is 预计2021年年底竣工.
_DATES = frozenset({"date", "day", "deadline"})
_DATED = re.compile(rf"{DATE_MARK.pattern}|[上中下]旬|年[底末初]")  # a date, or a part of a month or year


# "how much did it spend / pay": an amount of money, in any currency; a cost is named (造价, 投资)
_SPENT = frozenset({"spend", "pay"})
_PUT_IN = re.compile("投资|投入|出资|注资")  # the ways the reports say money was put into something


def asked_noun_reason(query: Query, best: Quote | None, lexicon: Lexicon, corpus: Corpus) -> str:
    """For "how many X" or "what is the X of": the reports must know X, and for "what is the X of" or a
    count in a given year, the chosen sentence must speak of it."""
    noun = query.asked_noun or invested(query.parts[0] if query.parts else query.question)
    words = _content_words(noun)
    if not words:
        return ""
    terms = noun_terms(noun, words, lexicon, corpus)
    if not terms:
        if query.asked_units and len(words) == 1:
            return ""  # "how many times / kinds": a unit (次, 种) a figure counts in, not a thing named
        return f"nothing in the reports is about {noun}"
    # "how much power": measured in units (千瓦时), not named in the dictionary's words; "how much tax": a measure
    # the glossary knows (税收), which a passage names
    named = query.counts_named or bool(load_glossary().expand_english(noun))
    # "What about passenger numbers?": a follow-up asking the last question of another thing names it
    named = named or (query.followup and asks_again_of(query.question))
    if not (query.years or named) or best is None:
        return ""
    head = noun_head(noun)
    if any(f["unit"] in query.asked_units for f in best.figures) and (
        head in COUNTED_IN or any(unit_noun(f["unit"]) == head for f in best.figures)
    ):
        return ""  # "how many items": 27条 counts them; "how many copies": 31万册 (册, "copies") says it
    if head in ANYONE and any(f["unit"] in PEOPLE_UNITS for f in best.figures):
        return ""  # "how many participants", "the turnout": 100多名青年代表注册参会 counts whoever took part
    if noun in _SPENT and any(f["unit"] in query.asked_units for f in best.figures):
        return ""  # "how much did it spend": 投资约1.5亿元 is what it spent, in the currency asked
    if noun != query.asked_noun and _PUT_IN.search(best.text):
        return ""  # "how much has it invested": 累计投入近2亿美元 says what was put in, as 投资 would
    if head in _AIMS and AIMED.search(best.text):
        return ""  # "the goal for … by 2035": 到2035年，… states it without the word 目标
    if head in _SHARES and any(f["unit"] == "%" for f in best.figures):
        return ""  # "the share of local staff": 本地化率已达85% is one, without the word 占比
    event = asked_event(noun, "en") if head in _DATES else ""
    if head in _DATES and _DATED.search(best.text) and (not event or dates_event(best.text, event)):
        return ""  # "the completion date": a time dating the event asked by (竣工), if one is asked
    if head in _RANKS and _ORDINAL.search(best.text):
        return ""  # "its ranking in the Med": 地中海第一大港
    labels = " ".join(f.get("label_en") or "" for f in best.figures).lower()
    measured = dimension_units(query.asked, query.lang) & MEASURED_UNITS  # "the capacity": 50兆瓦 says it
    if (
        not any(f["unit"] in measured for f in best.figures)
        and not (_RATE_WORDS & set(words) and any(f["unit"].endswith(("/年", "/天")) for f in best.figures))
        and not any(t in best.text.lower() for t in terms + person_forms(terms))
        and not any(stem(w) in labels for w in words)
        and not load_glossary().renders(best.text, words)
    ):
        return f"the best passage gives nothing about {noun}"
    if query.years and best.years and not set(query.years) & best.years and not query.years_inherited:
        return f"{noun} not given for {sorted(query.years)}"
    # "how many technicians": a count of people (in 名, 人, 位 or 人次), not "20多年"
    people = person_units(noun)
    if (
        query.counts_named
        and people
        and best.figures
        and not any(f["unit"] in people | {"人次"} for f in best.figures)
        # 2200万居民: a number of the people named right after it
        and not any(
            best.text[f["end"] - best.start :].startswith(tuple(terms)) for f in best.figures if "end" in f
        )
    ):
        return f"the best passage counts no {noun}"
    return ""


def person_forms(terms: list[str]) -> list[str]:
    """The other words Chinese makes for the people a term names: 技术人员 and 技术人才 for 技术员."""
    bases = {
        t[:-2] if t.endswith(("人员", "人才")) else t[:-1]
        for t in terms
        if t.endswith("员") or t.endswith("人才")
    }
    return [b + suffix for b in bases if len(b) >= 2 for suffix in ("员", "人员", "人才")]


def _content_words(noun: str) -> list[str]:
    """Names are checked as names; "people" or "number" is too vague to hold a passage to."""
    return [w for w in noun.split() if w.islower() and w not in GENERIC | STOPWORDS]


def asked_noun_forms(query: Query, lexicon: Lexicon, corpus: Corpus) -> list[str]:
    """How the reports would write what an English question counts or measures (交流 for "exchanges")."""
    noun = re.sub(r"\b([A-Z]{2,})s\b", r"\1", query.asked_noun)  # "FTAs": the FTA's forms (自贸协定)
    words = _content_words(noun)
    if not words:
        return [t for t in load_glossary().expand_english(noun) if not t.isascii() and corpus.contains(t)]
    return noun_terms(noun, words, lexicon, corpus)


def noun_terms(noun: str, words: list[str], lexicon: Lexicon, corpus: Corpus) -> list[str]:
    """How the reports would write an English noun phrase: its glossary and dictionary forms they use."""
    glossary = load_glossary()
    terms = glossary.expand_english(noun) + [
        t for w in words for t in glossary.expand_english(w) + lexicon.expand(w)
    ]
    # "eight major initiatives", "three reasons": the reports count them as 八大…, 三个…, 3项…
    terms += [f"{n}{c}" for w in noun.split() for n in number_word_forms(w) for c in _COUNTED_BY]
    terms = [t for t in terms if corpus.df(t) or corpus.contains(t)]
    return terms + [w for w in words if corpus.df(w)]  # the reports use some words as they are


def chinese_forms(lexicon: Lexicon) -> Forms:
    """An English word -> the Chinese forms the reports would write it in (glossary and dictionary), for matching
    a figure labelled in Chinese only; single characters say too little to match on."""
    glossary = load_glossary()

    @lru_cache(maxsize=4096)
    def forms(word: str) -> frozenset[str]:
        return frozenset(t for t in glossary.expand_english(word) + lexicon.expand(word) if len(t) > 1)

    return forms


def own_senses(question: str, lexicon: Lexicon) -> tuple[frozenset[str], frozenset[str]]:
    """The first dictionary sense of each word an English question asks with that the glossary does not know
    ("What was its theme?": 主题), when it names no glossary term and asks with one such word: a follow-up's own
    asking; and the word's other senses (主线)."""
    glossary = load_glossary()
    if glossary.expand_english(question):
        return frozenset(), frozenset()
    unknown = glossary.unmatched_english(question).split()
    # not a past form ("What declaration was issued?" asks a declaration)
    asking = [w for w in unknown if w.islower() and w not in GENERIC | STOPWORDS and not w.endswith("ed")]
    senses = [s for w in asking if (s := lexicon.expand(w))]
    if len(senses) != 1:
        return frozenset(), frozenset()  # one word asked is precise; of several, the first senses often miss
    first = frozenset(t for s in senses for t in search_tokens(s[0], parts=False))
    return first, frozenset(t for s in senses for z in s[1:] for t in search_tokens(z, parts=False)) - first


def counts_noun(fig: dict, counted: Iterable[str], quote: Quote) -> bool:
    """The figure counts the thing asked, whatever its classifier ("248个港口" for ports, counted in 座)."""
    after = quote.text[fig["end"] - quote.start :] if "end" in fig else ""
    return any(after.startswith(c) for c in counted)


def count_asked_first(query: Query, cands: list[Quote], lexicon: Lexicon, corpus: Corpus) -> list[Quote]:
    """ "How many FTAs has China signed?": when the best's figures count something else (20个章节) and a close second,
    as much about the question, counts the thing asked (19个自贸协定), the second comes first."""
    forms = counted_forms(query, lexicon, corpus)
    best = cands[0] if cands else None
    if not (forms and best and best.figures):
        return cands

    def counts(quote: Quote) -> bool:
        # a figure in the asked unit (列), right before the thing (19个自贸协定) or labelled with it (…的城市增至29个)
        labels = " ".join(f.get("label") or "" for f in quote.figures)
        named = any(counts_noun(f, forms, quote) for f in quote.figures) or any(f in labels for f in forms)
        return named or any(f["unit"] in query.asked_units for f in quote.figures)

    if counts(best):
        return cands
    for alt in cands[1 : W.ALTERNATIVES]:
        if alt.score < W.RELATED * best.score:
            break
        if counts(alt) and alt.coverage >= best.coverage:
            return [alt, *(c for c in cands if c is not alt)]
    return cands


def counted_forms(query: Query, lexicon: Lexicon, corpus: Corpus) -> tuple[str, ...]:
    """How the reports would write the thing a count question counts ("how many countries", 多少个国家: 国家);
    none when the question asks no count."""
    if not asks_count(query):
        return ()
    asked = asked_noun_forms(query, lexicon, corpus) if query.lang == "en" else [query.focus]
    return tuple(f for f in asked if f)


def counts_a_part(quote: Quote, forms: tuple[str, ...], query: Query) -> bool:
    """Every figure counting the thing asked counts the ones of a place the question does not name: 非洲国家达到46个
    counts African countries, one part of the countries asked."""
    parts = [_place_before(f.get("label") or "", forms) for f in quote.figures]
    named = [p for p in parts if p is not None]
    if not named or not all(named):
        return False
    asked = query.question if query.lang == "zh" else " ".join(load_glossary().expand_english(query.question))
    return not any(p in asked for p in named)


def _place_before(label: str, forms: tuple[str, ...]) -> str | None:
    """For a label ending in the thing counted: the place written right before it (非洲 of …的非洲国家), or '' when
    none is; None when the label does not end in the thing counted."""
    form = next((f for f in forms if label.endswith(f)), None)
    if form is None:
        return None
    before = [w for w, _ in pos_cut(label[: -len(form)])]
    return before[-1] if before and is_place(before[-1]) else ""


def asks_count(query: Query, bare: bool = False) -> bool:
    """ "How many …", 多少个…: the question counts things; with `bare`, 多少就业岗位 too (no counter written, no unit
    asked: a sentence counting the noun, 4000个就业岗位, then answers it)."""
    bare = bare and query.lang == "zh" and bool(query.focus) and not query.asked_units
    return (bare and f"多少{query.focus}" in query.asked) or bool(_COUNT_ASKED.search(query.asked))


_COUNT_ASKED = re.compile(r"\bhow many\b|(?:多少|几)[个家项份座条名位只列批所件种]", re.IGNORECASE)
