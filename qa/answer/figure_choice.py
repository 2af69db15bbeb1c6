"""Which figures an English answer states for each part of the question: scored by unit, the words of what is
counted or measured, time scope, level or change; each change kept with the level it is the change of."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from qa.answer.asked_parts import Asked, Forms, asked_parts
from qa.answer.dimension import DURATION_UNITS, counted_phrase, in_units, measures_only, unit_noun
from qa.answer.editions import find_editions, ordinals_of
from qa.answer.figure_pairs import (
    CHANGE_KINDS,
    PERCENT_UNITS,
    Stated,
    changes_after_levels,
    is_change,
    is_change_of,
    same_statement,
)
from qa.answer.flow import CLAUSE_END, own_clause, stated_new, years_before
from qa.answer.focus import COUNT_NOUNS
from qa.answer.parts import bare_whole, part_fit
from qa.answer.query import QUESTION_WORDS
from qa.answer.sizes import stated_pool
from qa.answer.time_shape import year_on_year, yearly
from qa.core import weights as W
from qa.ingest.figure_labels import cut_label, following_noun, subject_of, translate_label
from qa.ingest.time_scope import over_years
from qa.text.glossary import load_glossary
from qa.text.lexicon import STOPWORDS, stem
from qa.text.numbers import COUNT_UNITS, MONEY_UNITS, UNIT_EN, parse_cn_numeral
from qa.text.word_forms import verb_base

if TYPE_CHECKING:
    from qa.answer.analyze import Query
    from qa.answer.types import Quote

MAX_PER_PART, RELATED = W.FIG_PER_PART, W.FIG_RELATED
# A figure stated as a difference from something else: 较…高出, 高于, 快于, 低于, 多出
_AGAINST_YEAR = re.compile(r"(?:较|比|相比|与)(\d{4})年")  # the year a change is against
_DIFFERENCE = re.compile(r"较.{0,16}(?:高|低|多|少|快|慢)|高出|高于|快于|低于|慢于|多出|少于")
# Nouns that count occurrences or sorts of something, which a figure counts in its own unit (161处, 3种)
_COUNTERS = COUNT_NOUNS | {"time", "kind", "type", "sort", "batch", "round", "case"}
_HAN = re.compile(r"[\u3400-\u9fff]")

_SHARED = re.compile("|".join(sorted((w for w in QUESTION_WORDS if len(w) > 2), key=len, reverse=True)))
_CURRENT = re.compile(r"(?:现在|目前|当前|现有)的?$")


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
    raw = fig.get("label") or ""  # 苏丹等32国: names listed say who is in the group counted, not what it is
    label = "" if raw.endswith("等") else label_en(fig) or _known_words(raw)
    unit = fig.get("unit") or ""
    per_year = " annual" if unit.endswith("/年") else ""  # 300万吨/年: an annual capacity
    unit_en = _unit_phrase(fig, text, offset) or UNIT_EN.get(unit, "")
    words = re.findall(r"[a-z]{3,}", f"{label} {noun} {unit_en}{per_year}".lower())
    # a place label written word by word (亚洲国家: "Asia countries") is asked of by its people's word ("Asian")
    places = [w + "n" if w.endswith("a") else w + "an" for w in words if w.endswith(("ia", "ca", "pe"))]
    return {stem(verb_base(w)) for w in words + places} - STOPWORDS


def _unit_phrase(fig: dict, text: str, offset: int) -> str:
    """The English of a glossary phrase the unit's noun begins (42个国家和地区: "countries and regions"), or ''."""
    noun = (fig.get("unit") or "").lstrip("个")
    if not text or "end" not in fig or len(noun) < 2:
        return ""
    start = fig["end"] - offset - len(noun)
    terms = load_glossary().chinese_terms(text[start : start + 8])
    longer = terms[0] if terms and terms[0].startswith(noun) and len(terms[0]) > len(noun) else ""
    return (load_glossary().to_english(longer) or "") if longer else ""


def _whole_words(part: dict, quote: Quote) -> set[str]:
    """The words of the whole (进出口) a figure of one part (出口) breaks down: a figure before it in the quote."""
    before = [
        f
        for f in quote.figures
        if f.get("start", 0) < part.get("start", 0) and bare_whole(f.get("label") or "")
    ]
    return _figure_words(before[-1], quote.text, quote.start) if before else set()


# A label that names only a total (累计总额, 总计): the total of what a figure before it in the sentence measures
_TOTAL_ONLY = re.compile("(?:累计|共计|合计|总计)?(?:总额|总量|总数|数额)?")


def _totalled(total: dict, quote: Quote) -> dict | None:
    """The figure whose measure a total totals: 直接投资总额从…增加到…186.9亿美元，7年间的累计总额超过1100亿美元 totals
    the direct investment."""
    before = [
        f
        for f in quote.figures
        if f.get("start", 0) < total.get("start", 0) and not _TOTAL_ONLY.fullmatch(f.get("label") or "")
    ]
    return before[-1] if before else None


_LABEL_NUMBER = re.compile(r"(?<![第\d.])(?:\d+(?:\.\d+)?|[一二两三四五六七八九十百千万亿]+)")  # not 第128届


@lru_cache(maxsize=4096)
def _label_numbers(label: str) -> frozenset[float]:
    """The numbers a figure's label states (百 of 超过百列的城市)."""
    out = set()
    for m in _LABEL_NUMBER.findall(label):
        value = float(m) if m[0].isdigit() else parse_cn_numeral(m)
        if value:
            out.add(float(value))
    return frozenset(out)


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
    label = fig.get("label") or ""
    if quote is not None and "end" in fig and len(fig.get("unit") or "") == 1:  # 100个血液透析床位
        label = max(label, counted_phrase(quote.text, fig["end"] - quote.start), key=len)
    # "how many months did it take": 40天 is a duration in another unit, as good as one in months
    durations = bool(asked.units) and asked.units <= DURATION_UNITS and fig.get("unit") in DURATION_UNITS
    if durations or in_units(fig, asked.units, *((quote.text, quote.start) if quote is not None else ())):
        s += W.FIG_UNIT
    elif asked.units and _counts_other(fig.get("unit") or "", asked):
        s -= W.FIG_UNIT  # "how many films": 116个国家 counts countries
    words = _figure_words(fig, quote.text, quote.start) if quote is not None else _figure_words(fig)
    fit = part_fit(fig.get("label") or "", asked.qualifiers)
    if fit > 0 and quote is not None:  # 进出口1.69万亿元，其中出口1.12万亿元: the exports of the same thing
        words |= _whole_words(fig, quote)
    elif quote is not None and _TOTAL_ONLY.fullmatch(fig.get("label") or "-"):
        totalled = _totalled(fig, quote)
        if totalled is not None:
            words |= _figure_words(totalled, quote.text, quote.start)
            label = totalled.get("label") or label  # 累计总额 of 直接投资总额 is the total direct investment
    s += W.FIG_WORD * len(asked.words & words) + W.FIG_NOUN * len(asked.noun & words)
    # 海外播放量 for "how many of those plays were overseas": a word of the question in the label's Chinese; without
    # a label, in the clause the figure opens (6000余人次在线收看直播), and the thing it is of (5.3亿令吉的合约)
    said = label
    if quote is not None and "end" in fig:
        after = CLAUSE_END.split(quote.text[fig["end"] - quote.start :])[0]
        said = f"{label}{after}" if not label or after.startswith("的") else label
    s += W.FIG_WORD_FORM * sum(w not in words and any(z in said for z in zh) for w, zh in asked.word_forms)
    if asked.noun_forms and quote is not None and "end" in fig:
        # 13处动物救护站 for "animal rescue stations": what is counted, written in Chinese only
        named, heads = _counted_in_chinese(_counted(fig, quote), asked)
        s += W.FIG_NOUN_FORM * len(named - words)
        # 2200万居民 for "how many residents": a bare number of what is asked
        if not fig.get("unit") and heads:
            s += W.FIG_UNIT
        # "African villages": 20多个非洲国家 is African but counts countries (上万个村庄 counts villages); "countries and
        # organisations" has two heads
        joined = {"and", "or"} & {w.lower() for w in asked.noun_words}
        head = stem(asked.noun_words[-1].lower()) if len(asked.noun_words) > 1 and not joined else ""
        if head and asked.noun & words and head not in words | heads:
            s -= W.FIG_NOUN
    if fig.get("value") in asked.given:
        s -= W.FIG_GIVEN  # "the Garissa 50 MW solar plant": the question's own number is not its answer
    elif asked.given and _label_numbers(fig.get("label") or "") & asked.given:
        s += W.FIG_GIVEN  # "cities that had run more than 100 trains": 超过百列的城市增至29个 counts those
    if "平均" in label and not asked.words & {"average", "mean", "avg"}:
        s -= W.FIG_AVERAGE  # "how many days in China": 32天, not the average it is set against
    if any(e and e in label for e in entities) and not label.endswith("等"):  # "苏丹等32国" counts a group
        s += W.FIG_ENTITY
        # the measure this part asks for in its own words (not one a later part asks)
        if any(label.endswith(e) and (w := _measure_words(e)) and w <= asked.words for e in entities):
            s += W.FIG_MEASURE  # the words of the subject ("China-Europe Railway Express") say less than this
    if quote is not None and any(e and e not in label and e in quote.text for e in entities):
        s += W.FIG_ENTITY_QUOTE  # 7万户 in the sentence naming 加里萨, not 2万户 in another project's
    s += W.FIG_PART * fit  # "and the exports?": not the imports and exports together
    # the years the figure's clause states it against (目的地城市比2019年底增加37个; 2020年…同比增长50%: 2019)
    against: set[int] = set()
    if asked.compared and quote is not None and "start" in fig:
        clause = CLAUSE_END.split(quote.text[: fig["start"] - quote.start])[-1]
        against = {int(y) for y in _AGAINST_YEAR.findall(clause)} or year_on_year(fig, clause, asked.counts)
    # 较上届增加约35万件: a change against what the label names, a difference as much as 较…高出
    against_label = (fig.get("label") or "").startswith("较") and fig.get("measure_kind") == "change"
    if asked.compared:  # 较同期全国平均水平高出2.7个百分点 for "how much faster than the national average"
        differs = _DIFFERENCE.search(fig.get("label") or "") or against or against_label
        s += W.FIG_COMPARED if differs else -W.FIG_COMPARED
    elif _DIFFERENCE.search(fig.get("label") or ""):
        s -= W.FIG_COMPARED  # "how fast did it grow": 增长3.2%, not 高于…增速1.3个百分点 (how much faster)
    if against and (base := asked.against or asked.years):
        # "smaller than the 2019 version": 较2019年减少了8项
        s += W.FIG_YEAR if against & base else -W.FIG_YEAR
    if asked.edition and quote is not None and "start" in fig:  # 第1批…各100个，第2批各175个: the batch asked
        clause = own_clause(quote.text[: fig["start"] - quote.start])
        if named := ordinals_of(clause) | set(find_editions(clause)):
            s += W.FIG_YEAR if asked.edition in named else -W.FIG_YEAR
    if asked.part_of_given and quote is not None and fig.get("unit") in PERCENT_UNITS:
        s += W.FIG_COMPARED * _share_of_given(fig, asked, quote)  # 600亿美元配套资金已有80%投入使用
    years = _years_of(fig)
    if not years and quote is not None and "start" in fig:
        years = years_before(fig, quote)  # 总条目：1235条, after a sentence on the 2020 edition
    if over_years(fig) and not asked.over_period:
        years = set()  # a total over 2013—2020 is not the value of 2020
    kind = (fig.get("time") or {}).get("kind")
    if asked.years:
        s += W.FIG_YEAR if years & asked.years else (-W.FIG_YEAR if years else 0.0)
    if asked.over_period and not asked.change and over_years(fig):
        s += W.FIG_PERIOD  # "the total … from 2013 to 2019": 总计8000亿美元, not the 2013 value it grew from
    elif asked.over_period and not asked.change:  # "… over the seven years to 2019": not the value of 2019
        s -= W.FIG_PERIOD * (kind in ("start", "end")) + W.FIG_YEARLY * yearly(fig)  # nor 每年…约10亿千瓦时
    if kind == "start" and not years & asked.years:
        # 由3个多小时缩短至40分钟: the value it comes to answers, unless asked for the start ("at the start"), or
        # for now and the start is today's (由现在的3个多小时)
        ahead = quote.text[: fig["start"] - quote.start] if quote is not None else ""
        now = asked.now and bool(_CURRENT.search(ahead))
        s += W.FIG_RANGE_START if asked.start or now else -W.FIG_RANGE_START
    elif kind == "end" and asked.start:
        s -= W.FIG_RANGE_START
    if asked.new is not None and quote is not None and "start" in fig:
        s -= W.FIG_NEW * (asked.new != stated_new(fig, quote))
    percent = fig.get("unit") in PERCENT_UNITS
    if asked.counts and fig.get("unit") not in asked.units and measures_only([fig]):
        s -= W.FIG_MONEY_FOR_COUNT  # "how many workers": not an amount of money, nor 5年 or 50兆瓦
    change = fig.get("kind") in CHANGE_KINDS or fig.get("measure_kind") == "change"
    if asked.percent:
        s += W.FIG_PERCENT if percent else -W.FIG_NOT_PERCENT
    elif percent and not (asked.change and change):
        s -= W.FIG_UNASKED_PERCENT  # "how many" asks for a level, not a share
    if change != asked.change:
        s -= W.FIG_CHANGE_MISMATCH  # a level for "how many", a change for "how much did it grow"
    elif change and asked.falls is not None and fig.get("kind") in CHANGE_KINDS and fig.get("value"):
        s -= W.FIG_CHANGE_MISMATCH * ((fig["value"] < 0) != asked.falls)  # "cut by how much": 下降65%
    return s


def _counts_other(unit: str, asked: Asked) -> bool:
    """A unit that is itself a noun (国家: countries) naming a thing other than the one counted; not a classifier
    (处, 次), which counts whatever follows it. For an amount of money asked ("how much aid"), any count (5项)."""
    if not asked.counts:
        return asked.units <= MONEY_UNITS and unit in COUNT_UNITS
    noun = unit_noun(unit)
    if not noun or len(unit) < 2 or unit not in COUNT_UNITS or asked.noun & _COUNTERS:
        return False  # "how many times was the route changed": 161处 counts the changes, in sites
    return noun not in asked.noun


def _share_of_given(fig: dict, asked: Asked, quote: Quote) -> bool:
    """Whether a percentage follows, in the same clause, a figure of the value the question gives."""
    before = [
        f for f in quote.figures if f.get("value") in asked.given and f.get("end", 0) <= fig.get("start", 0)
    ]
    return any(
        not re.search("[，,；;。]", quote.text[f["end"] - quote.start : fig["start"] - quote.start])
        for f in before
    )


def _counted(fig: dict, quote: Quote) -> str:
    """What a figure counts, in Chinese: its label and the noun after it (13处动物救护站); after a bare classifier
    the words up to the next item too (100个血液透析床位, where the noun stops at the verb-like 透析)."""
    end, classifier = fig["end"] - quote.start, len(fig.get("unit") or "") == 1
    phrase = counted_phrase(quote.text, end) if classifier else ""
    noun = following_noun(quote.text, end, classifier)
    after = end + max(len(phrase), len(noun))
    if quote.text[after : after + 1] in ("和", "与", "及"):
        noun += following_noun(quote.text, after + 1)  # 840多篇报告和论文 counts papers as well as reports
    return (fig.get("label") or "") + phrase + noun


def _counted_in_chinese(counted: str, asked: Asked) -> tuple[set[str], set[str]]:
    """The (stemmed) words of what the question counts whose Chinese forms name what the figure counts, and of
    those the ones whose form ends it (41个对口医院合作机制 counts 机制, not 医院)."""
    counted = _SHARED.sub(" ", counted)  # 一带 (a region) is no word of 一带一路
    named = {w for w, forms in asked.noun_forms if any(f in counted for f in forms)}
    heads = {w for w, forms in asked.noun_forms if w in named and any(counted.endswith(f) for f in forms)}
    return named, heads


def counted_label(stated: Stated, asked: Asked) -> str:
    """The question's words for what a figure counts, those the sentence bears out, when they include the head
    noun: "young scientists" for 8300多名各国青年科学家 (青年 is not a form of "young": "scientists" then)."""
    fig, quote = stated.fig, stated.quote
    if not asked.noun_words or "end" not in fig:
        return ""
    english = _figure_words(fig, quote.text, quote.start)
    named, heads = _counted_in_chinese(_counted(fig, quote), asked)
    if stem(asked.noun_words[-1].lower()) not in english | heads:
        return ""  # what the figure counts is something else the asked noun only modifies
    found = named | english
    words: list[str] = []
    for w in reversed(asked.noun_words):  # the words before the head noun, as far as they are borne out
        if w in ("and", "or") and words:
            words.insert(0, w)  # "countries and regions"
            continue
        if not w.islower() or stem(w) not in found:
            break  # a name ("Belt and Road countries") is not the question's word for what is counted
        words.insert(0, w)
    while words and words[0] in ("and", "or"):
        words.pop(0)
    unit_words = {stem(w) for w in re.findall(r"[a-z]+", UNIT_EN.get(fig.get("unit") or "", "").lower())}
    if not words or stem(words[-1]) in unit_words:
        return ""  # "140 countries (140个国家)" says it already
    return " ".join(words)


def choose_figures(
    quotes: list[Quote], query: Query | None, forms: Forms | None = None
) -> list[list[Stated]]:
    """For each part of the question the figures to state, the asked one first; no figure twice."""
    # nothing to compare with: each quote's first figure (the caller put the asked one first)
    if query is None:
        out = []
        for n, q in enumerate(quotes, 1):
            stated = [Stated(f, n, q) for f in q.figures]
            if stated:
                lead = stated[0]
                rest = [s for s in stated[1:] if is_change_of(s, lead) or same_statement(s, lead)]
                out.append([lead, *rest[: MAX_PER_PART - 1]])
        return out
    parts = asked_parts(query, forms)
    glossary = load_glossary()
    # not a measure carried from an earlier question when this one asks its own ("…in contracts?" after "…jobs?")
    carried = set(query.extra_terms) if query.lang == "en" and parts and parts[0].words else set()
    entities = [e for e in query.entities if e not in carried or glossary.proper(e)]
    # the names the question gives itself first (非洲 of "How many of the countries are in Africa?", not 欧洲 or 亚洲
    # carried from the figures the last answer gave)
    asked_in = glossary.expand_english if query.lang == "en" else glossary.chinese_terms
    own = [e for e in asked_in(query.question) if glossary.proper(e)]

    def rank(s: Stated, part: Asked) -> float:
        label = s.fig.get("label") or ""
        named = own and any(e in label for e in own) and not label.endswith("等")
        return score(s.fig, part, entities, s.quote) + (W.FIG_ENTITY if named else 0.0)

    pool = stated_pool(quotes, query.question)
    used: set[tuple[float, str]] = set()
    leads: set[tuple[float, str]] = set()
    out: list[list[Stated]] = []
    for asked in parts:
        ranked = sorted(pool, key=lambda s: -rank(s, asked))
        top = (ranked[0].fig["value"], ranked[0].fig["unit"]) if ranked else None
        if out and top in used and top not in leads:
            continue  # "…, and how many households?": stated already beside an earlier part's figure
        ranked = [s for s in ranked if (s.fig["value"], s.fig["unit"]) not in used]
        if not ranked:
            break
        if out and (
            score(ranked[0].fig, asked, entities, ranked[0].quote) < 0
            or (asked.change and not is_change(ranked[0]))
            or (asked.change and any(is_change(s) for s in out[-1]))  # "…, and how much did it grow?"
        ):
            continue  # a later part the quotes have no figure for (or one already given with the part before)
        chosen = [ranked[0]]
        units = {ranked[0].fig["unit"]}
        for s in ranked[1:]:
            if len(chosen) >= MAX_PER_PART:
                break
            if not asked.percent and any(is_change_of(s, c) for c in chosen):
                chosen.append(s)  # 开行1.24万列，同比增长50%: a chosen level with its change
            elif s.fig["unit"] in asked.units - units and score(s.fig, asked, entities, s.quote) >= RELATED:
                chosen.append(s)  # "how many countries and international organisations": one count of each
                units.add(s.fig["unit"])
            elif same_statement(s, ranked[0]) and s.fig["unit"] not in units:
                chosen.append(s)  # 开行1.24万列、发送113.5万标箱: the same subject's other measure, same time
                units.add(s.fig["unit"])
        for s in chosen:
            used.add((s.fig["value"], s.fig["unit"]))
        leads.add((chosen[0].fig["value"], chosen[0].fig["unit"]))
        if not label_en(chosen[0].fig) and not asked.compared:
            chosen[0].label = counted_label(chosen[0], asked)
        out.append(chosen if asked.change else changes_after_levels(chosen))  # a change asked leads
    return out
