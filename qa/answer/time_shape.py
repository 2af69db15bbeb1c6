"""The time shape asked: a yearly amount against a total over the years ("一年大概能发多少电？" is answered by
每年…约10亿千瓦时, not by 自2013年投产以来已累计发电超67亿千瓦时, and "How much … so far?" the other way round), and
what there was at the start against what was added later."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from qa.answer.analyze import find_years
from qa.answer.asked_parts import AT_START
from qa.answer.dimension import asks_change
from qa.answer.stand_in import close_first
from qa.core.weights import RELATED
from qa.ingest.time_scope import over_years

if TYPE_CHECKING:
    from qa.answer.query import Query
    from qa.answer.types import Quote

# a yearly amount asked (一年能发多少电, "how much a year"), and one stated (每年…约10亿千瓦时, 年均发电量)
_PER_YEAR = re.compile(
    r"每年|(?<![前上这那同])一年(?!来|以来)|年均|\b(?:a|per|each|every) year\b|\bannual(?:ly)?\b|\byearly\b",
    re.I,
)
_YEARLY = re.compile(r"每年|年均|年平均|年发电|年产|年输送|年吞吐|/年")
_OVER_THE_YEARS = re.compile(r"累计|以来")


def yearly(fig: dict) -> bool:
    """A figure stated for each year (每年…约10亿千瓦时, 年均发电量), by its label."""
    return bool(_YEARLY.search(fig.get("label") or ""))


def per_year_first(query: Query, cands: list[Quote]) -> list[Quote]:
    """ "一年大概能发多少电？": a close second stating a yearly amount (每年…约10亿千瓦时) before a best giving only a
    total over the years (自2013年投产以来已累计发电超67亿千瓦时); "How much has it generated so far?": the total over
    the years before a best stating only a yearly amount."""
    best = cands[0] if cands else None
    if (
        best is None or query.kind != "quantity" or asks_change(query.asked, query.lang)
    ):  # not "annual growth"
        return cands
    if _PER_YEAR.search(query.asked):
        if _OVER_THE_YEARS.search(best.text):
            return close_first(cands, lambda alt: bool(_YEARLY.search(alt.text)))
    elif query.over_period and any(map(yearly, best.figures)) and not any(map(over_years, best.figures)):
        return close_first(cands, lambda alt: any(map(over_years, alt.figures)))
    return cands


_ADDED_LATER = re.compile(r"新增|新设|扩容|扩大至|扩展至|增至|增加到|增加至")
_LATER = re.compile(r"后来|此后|随后|\blater\b|\bsince then\b|\bafterwards\b", re.I)


# "since what year", 从哪年开始, 自哪一年以来: the year a span starts is asked, which 自2005年以来 states
_SINCE_ASKED = re.compile(r"\bsince (?:what|which) year\b|\bsince when\b|[从自]哪一?年(?:开始|起|以来)", re.I)
_SINCE_SAID = re.compile(r"(?:自|从)\d{4}年(?:\d{1,2}月)?(?:以来|起|开始)")


def start_first(query: Query, cands: list[Quote]) -> list[Quote]:
    """ "试点刚开始是在几个海关试的？": a close second with figures that states nothing added (在…等10个直属海关开展…
    试点) before a best that does (新增…12个直属海关…，扩容至22家); "后来扩到多少家了？" the other way round. "Since
    what year …?": a close second saying since when (自2005年以来) before a best dated otherwise."""
    if not cands:
        return cands
    if _SINCE_ASKED.search(query.question):
        return close_first(cands, lambda alt: bool(_SINCE_SAID.search(alt.text)))
    added = bool(_ADDED_LATER.search(cands[0].text))
    if AT_START.search(query.question) and added:
        return close_first(cands, lambda alt: bool(alt.figures) and not _ADDED_LATER.search(alt.text))
    if _LATER.search(query.question) and not added:
        return close_first(cands, lambda alt: bool(alt.figures and _ADDED_LATER.search(alt.text)))
    return cands


def year_on_year(fig: dict, clause: str, counts: bool = False) -> set[int]:
    """The year a 同比 change is against: the year before the figure's (2020年…同比增长50%: 2019); for a count asked
    ("how many new destinations vs end of 2019") none, as a rate is no count of anything."""
    said = "同比" in f"{fig.get('label')}{clause}" and fig.get("year") and not counts
    return {fig["year"] - 1} if said else set()


def all_years_first(query: Query, cands: list[Quote]) -> list[Quote]:
    """ "2013 vs 2020", "2013-2020": a close second speaking of every year asked comes before a best that speaks of
    others (2013-2019年…由715.7亿美元增至1548.9亿美元 against 2013—2020年…增至1414.6亿美元); not before one that
    states no year (完成营业额由654亿美元增至911.2亿美元, of the sentence before; 七年间…), and only as much about the
    question."""
    asked = {*query.years, *(query.against or ())}  # "2013 vs 2020": 2020 read as what a change is against
    if len(asked) < 2 or not cands or not find_years(cands[0].text):
        return cands
    return close_first(cands, lambda q: asked <= q.all_years() and q.coverage >= cands[0].coverage)


def each_year(query: Query, chosen: list[Quote], cands: list[Quote]) -> list[Quote]:
    """ "这两年的综合重箱率各是多少？" after 2020 then 2019: for each year asked that no chosen sentence speaks of, the
    best sentence that does, with figures and about as much of the question (…综合重箱率达98.4% beside 2019年…94%)."""
    if len(query.years) < 2 or query.over_period or not cands:
        return []
    extra: list[Quote] = []
    for year in query.years:
        if not any(year in q.all_years() for q in chosen + extra):
            bar = RELATED * cands[0].coverage
            extra += [c for c in cands if year in c.all_years() and c.figures and c.coverage >= bar][:1]
    return extra
