"""Which close second may stand in for the best sentence when an abstention rule objects to the best."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from qa.answer.analyze import Query, find_years
from qa.answer.asked_noun import asks_count, counts_noun
from qa.answer.dimension import NOUN_REACH, RATE_UNITS, asks_change, in_units
from qa.answer.flow import asked_event, dates_event, gives_total, totals
from qa.answer.followup import last_answer, quoted_or_stated
from qa.answer.parts import asked_qualifiers, own_qualifiers
from qa.answer.read_on import beside, right_after
from qa.answer.scoring import DATE_MARK, item_numbers
from qa.answer.types import Quote
from qa.core import weights as W
from qa.core.weights import RELATED
from qa.text.glossary import load_glossary

_MONTH = re.compile(r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})月")

_POINTS_BACK = re.compile("该|此|其|这")


@dataclass(frozen=True)
class Wanted:
    """What the best sentence lacks, by the rule that objected: a figure in the asked units, any figure, one part of
    a measure (出口), the asked year, or a date (of the event named by `event`, when it is named)."""

    units: frozenset[str] = frozenset()
    figure: bool = False
    part: frozenset[str] = frozenset()
    year: bool = False
    event: list[str] | None = None
    subject: bool = False  # the best is about another party than the one the question names
    drifted: bool = False  # ... than the one the conversation named (a follow-up naming none)
    measure: bool = False  # the best does not speak of the thing asked ("officials", "票价")
    dimension: bool = False  # the best has no figure in the unit asked ("how many solar panels": 块)
    works: str = ""  # the best dates another event of a works than the one asked ("finish": 预计在2023年完成)
    total: bool = False  # the total asked, the best gives new ones (新增46个, not 增至105个)
    # how the reports write the thing counted (国家) when a count is asked; whether a stand-in must give names too
    counted: frozenset[str] = frozenset()
    named: bool = False
    names: tuple[str, ...] = ()  # the names the question gives, as the reports write them

    @classmethod
    def after(cls, rule: str, query: Query, event_forms: list[str] | None) -> Wanted | None:
        """What a stand-in must hold when `rule` objected to the best; None when nothing may stand in."""
        wanted = cls(
            units=RATE_UNITS if rule == "asked_rate" else query.asked_units if rule else frozenset(),
            figure=rule == "no_figure",
            part=frozenset(asked_qualifiers(query.asked, query.lang))
            if rule == "asked_part"
            else frozenset(),
            year=rule == "asked_time",
            event=event_forms if rule == "no_date" else None,
            subject=rule in ("not_about_named", "drifted"),
            drifted=rule == "drifted",
            measure=rule == "asked_thing_missing",
            dimension=rule == "asked_dimension",
            works=asked_event(query.asked, query.lang) if rule == "other_event" else "",
            total=rule == "asked_total",
        )
        found = (
            wanted.units or wanted.figure or wanted.part or wanted.year or wanted.subject or wanted.measure
        ) or bool(wanted.works)
        found = found or wanted.event is not None or wanted.total
        return wanted if found else None

    def counting(self, forms: Iterable[str]) -> Wanted:
        """The same, with how the reports write the thing counted."""
        return replace(self, counted=frozenset(f for f in forms if f))

    def arranged(self, cands: list[Quote], query: Query) -> list[Quote]:
        """The candidates in the order a stand-in is looked for: for a date, the close seconds holding most of the
        question first; for a total, each read with the sentence before it; for a year, those that say it first;
        for a thing a follow-up asks of the passage the last answer quoted, those beside it read with the best."""
        years, best = query.years, cands[0]
        if self.measure and _asked_of_last(query, best):  # "+How many agreements were signed there?"
            return [
                best,
                *(
                    replace(c, coverage=max(c.coverage, best.coverage)) if beside(c, best) else c
                    for c in cands[1:]
                ),
            ]
        if self.event is not None:
            return _dated_before_first(matched_first(cands))
        if (
            self.year and years
        ):  # 八年间…稳中有增 is of 2019 only by the sentence before; 增加到2019年的186.9亿美元 says it
            return [cands[0], *sorted(cands[1:], key=lambda c: not set(find_years(c.text)) & set(years))]
        if self.dimension:
            return _restated_first(cands)
        if self.figure and self.units:
            return _going_on_first(cands, self.units)
        return read_with_context(cands) if self.total else cands

    def reach(self, best: Quote, key_names: list[tuple[str, list[str]]], query: Query) -> tuple[int, float]:
        """How many candidates a stand-in is looked for in, down to what share of the best's score: a total
        further down its passage (至此…增至105个 after 新增46个…), or what a follow-up asks of the passage the last
        answer quoted (…签署了…12份合作协议 after 本届高峰论坛由…共同主办)."""
        if self.total or (self.measure and _asked_of_last(query, best)):
            return W.FAR_ALTERNATIVES, W.SAME_PASSAGE_RELATED
        return (
            (W.FAR_ALTERNATIVES, W.FAR_RELATED)
            if self.looks_far(best, key_names)
            else (W.ALTERNATIVES, RELATED)
        )

    def looks_far(self, best: Quote, key_names: list[tuple[str, list[str]]]) -> bool:
        """Whether a stand-in is worth looking further down for: a date, the thing counted, a figure (in the asked
        unit, or any in a sentence going on from the best), or a month the best does not name ("… in October
        2020": a time, like a date)."""
        if (
            self.event is not None
            or self.measure
            or self.figure
            or self.dimension
            or self.works
            or self.total
        ):
            return True
        missing = [forms for _, forms in key_names if not any(f in best.context for f in forms)]
        return self.subject and bool(missing) and all(any(_MONTH.fullmatch(f) for f in m) for m in missing)


def _asked_of_last(query: Query, best: Quote) -> bool:
    """A follow-up whose best sentence is the one the last answer quoted (or stated a figure of)."""
    return query.followup and quoted_or_stated(best, last_answer(query.history))


def _dates_it(alt: Quote, best: Quote) -> bool:
    """Whether `alt` is the sentence right before the best, dated and sharing a word of the question: what the
    best goes on about ("2020年12月，…研修班在线上开班。" before "研修班由商务部主办…")."""
    return (
        alt.hit.chunk.doc_id == best.hit.chunk.doc_id  # offsets are the document's: chunks overlap
        and 0 <= best.start - alt.end <= 2
        and bool(
            alt.features.get("date_fit") and DATE_MARK.search(alt.text)
        )  # its own date, not its heading's
        and alt.features.get("coverage", 0.0) > 0
    )


def _dated_before_first(cands: list[Quote]) -> list[Quote]:
    """A date asked and the best gives none: the sentence before it that dates it comes second, read with the best
    (its score and coverage are the best's)."""
    alt = next((c for c in cands[1:] if _dates_it(c, cands[0])), None)
    if alt is None:
        return cands
    alt.score, alt.coverage = max(alt.score, cands[0].score), max(alt.coverage, cands[0].coverage)
    return [cands[0], alt, *(c for c in cands[1:] if c is not alt)]


def _going_on_first(cands: list[Quote], units: frozenset[str]) -> list[Quote]:
    """A figure asked and the best gives none: the sentence right after it in its passage, with a figure in the
    asked unit and nearly as much of the question, goes on about the same thing (…举行视频会晤。在长达3个半小时的会晤
    中…); it comes second, read with the best (its score and coverage are the best's)."""
    best = cands[0]

    def goes_on(c: Quote) -> bool:
        fits = any(f["unit"] in units for f in c.figures)
        return fits and right_after(c, best) and c.coverage >= RELATED * best.coverage

    alt = next((c for c in cands[1:] if goes_on(c)), None)
    if alt is None:
        return cands
    alt.score, alt.coverage = max(alt.score, best.score), max(alt.coverage, best.coverage)
    return [best, alt, *(c for c in cands[1:] if c is not alt)]


def _restated_first(cands: list[Quote]) -> list[Quote]:
    """What was added is given and how many there are asked: a sentence further down that states the best's change
    again beside a level in the same unit (总条目：1235条，增加127条 after 总条目增加127条) speaks of the same
    thing; it comes second, read with the best (its score and coverage are the best's)."""
    best = cands[0]
    added = {(f["value"], f["unit"]) for f in best.figures if f.get("measure_kind") == "change"}

    def restates(alt: Quote) -> bool:
        units = {
            u
            for _, u in added
            if any((f["value"], f["unit"]) == (v, u) for f in alt.figures for v, _ in added)
        }
        return any(f["unit"] in units and f.get("measure_kind") != "change" for f in alt.figures)

    alt = next((c for c in cands[1 : W.FAR_ALTERNATIVES] if added and restates(c)), None)
    if alt is None:
        return cands
    alt.score, alt.coverage = max(alt.score, best.score), max(alt.coverage, best.coverage)
    return [best, alt, *(c for c in cands[1:] if c is not alt)]


def stands_in(query: Query, best: Quote, alt: Quote, wanted: Wanted) -> bool:
    """Whether `alt` holds what the best lacks. A close second with a figure in the unit counted ("7万户" for "how
    many households"), or with any figure when the best gives none ("第10个鲁班工坊" is an ordinal), answers instead."""
    where = alt.context if _POINTS_BACK.match(alt.text) else alt.text  # 该电站…: of what the one before names
    if wanted.drifted and not any(n in where for n in wanted.names if load_glossary().proper(n)):
        return False  # one naming the conversation's subject (加里萨), not another plant (Sweihan)
    if wanted.total:  # 至此…增至105个, about what the best is about (with the sentence before it; the best's
        # own words, not its heading line's: 电商综合试验区扩容升级)
        bar = best.features.get("coverage", best.coverage)
        return gives_total(alt) and alt.features.get("context_coverage", 0.0) >= bar
    # an item (——中国将…提供30亿美元) is read with what introduces it; another sentence on its own
    item = alt.text.startswith("——") or bool(item_numbers(alt.text[:4]))
    # so is one of the best's own section, which speaks of the same thing (联合钢铁项目…出口比例达70%)
    item = item or (alt.hit.chunk.doc_id, alt.hit.chunk.section) == (
        best.hit.chunk.doc_id,
        best.hit.chunk.section,
    )
    if wanted.part and not (
        wanted.part <= own_qualifiers(alt.text)  # "那出口呢？": the sentence that gives the exports itself
        and of_asked_year(query, alt)
        # the goods' imports, not the services'
        and (alt.coverage if item else alt.features["coverage"]) >= best.features["coverage"]
    ):
        return False
    if wanted.units and not any(
        in_units(f, wanted.units, alt.text, alt.start) or counts_noun(f, wanted.counted, alt)
        for f in alt.figures
    ):
        return False
    if wanted.units and of_asked_year(query, best) and not of_asked_year(query, alt):
        return False  # of another time than the best's, the one asked (a share of 2013—2019 for 2020)
    if (
        wanted.dimension
        and alt.score < RELATED * best.score
        and alt.features.get("context_coverage", 0.0) < best.coverage
        and not wanted.named
    ):
        # further down, a figure in the asked unit about what the best is about (该电站…20万块光伏板), or naming what
        # the question names (the rules then hold it to it: 年均发电量7647.3万千瓦时…加里萨郡)
        return False
    rates = [f for f in alt.figures if f["unit"] in RATE_UNITS]
    share = wanted.units == RATE_UNITS and not asks_change(query.question, query.lang)  # "What share …"
    if share and all(f.get("measure_kind") == "change" for f in rates):
        return False  # a share or rate, not a growth in % (较上届增长2.1%)
    if (
        wanted.works
    ):  # 扩建项目预计在2023年完成 for "when is it expected to be completed", not when works began
        # an agreement's signing or entry into force, of the same agreement: what the best names of the question
        # (中欧投资协定) the stand-in names too, not only another 协定 of 中欧
        agreement = wanted.works in ("signed", "in force")
        same = not agreement or all(n in alt.context for n in wanted.names if n in best.context)
        return bool(alt.features.get("date_fit")) and dates_event(alt.text, wanted.works) and same
    if wanted.event is not None:  # a date, in a sentence about the event asked about (when it is named)
        # "项目…于2020年6月9日正式交付" names it by 项目: the sentence before it names the hospital
        named = not wanted.event or any(f in alt.text for f in wanted.event)
        named = named or alt.features.get("context_coverage", 0.0) >= best.coverage
        return bool(alt.features.get("date_fit")) and (named or _dates_it(alt, best))
    if (wanted.subject or wanted.measure) and not wanted.units:
        # About the party or the thing named (the rules check that it is), as close to the question, with a figure;
        # a figure in the unit counted ("7万户" for "how many households") is enough on its own.
        counted = query.kind in ("quantity", "percentage")
        # not about the party: what the sentence before the best adds (another party's) sets no bar
        bar = best.features.get("coverage", best.coverage) if wanted.subject else best.coverage
        # the best's words of another party's (节约) set no bar either
        bar *= RELATED if wanted.drifted else 1.0
        # or one naming the measure asked, with figures, about the best's subject with the sentence before it
        # (截至2021年1月，成员从57个增长到103个 after 亚投行…成立5周年)
        names = wanted.measure and any(f in alt.text for f in wanted.counted)
        own = min(bar, best.features.get("coverage", bar))  # the best's own words, without its heading's
        about = alt.coverage >= bar or (names and alt.features.get("context_coverage", 0.0) >= own)
        # or one counting the thing asked (20多万名用户), nearly as much about the question
        counts = asks_count(query, bare=True) and counts_thing(alt, wanted.counted)
        # in the best's own box (专栏: one project's story), what it counts is the project's (该项目…4000个就业岗位)
        boxed = alt.hit.chunk.section == best.hit.chunk.section and alt.hit.chunk.section.startswith("专栏")
        near = boxed or alt.coverage >= W.COUNTING_COVERED * bar
        about = about or (wanted.measure and counts and near)
        return about and (bool(alt.figures) or not counted)
    if wanted.figure and alt.score < RELATED * best.score:
        # further down, only a sentence about what the best is about, in itself or with the sentence before it, or
        # one counting the thing asked (25个国家的外长…与会 for 多少个国家参加)
        about = alt.features.get("context_coverage", 0.0) >= best.coverage
        return bool(alt.figures) and (about or counts_thing(alt, wanted.counted))
    if wanted.year and not of_asked_year(query, alt):
        return False  # an undated sentence about something else does not stand in for the asked year
    if wanted.year and query.named_before and alt.coverage < RELATED * best.coverage:
        return False  # asked again of another year: a sentence of that year about much less of it does not
    return bool(wanted.units or alt.figures or wanted.year)


def of_asked_year(query: Query, quote: Quote) -> bool:
    """The quote speaks of a year the question asks about (any quote, when it asks none)."""
    return not query.years or bool(quote.all_years() & set(query.years))


def counts_thing(quote: Quote, forms: Iterable[str]) -> bool:
    """Whether a figure of the quote counts the thing asked: in its unit (25个国家) or the words after it."""
    forms = [f for f in forms if f]
    return any(
        f["unit"] in forms
        or any(t in quote.text[f["end"] - quote.start : f["end"] - quote.start + NOUN_REACH] for t in forms)
        for f in quote.figures
        if f["end"] >= quote.start
    )


def counting_first(cands: list[Quote], forms: list[str], related: float) -> list[Quote]:
    """The close seconds with a figure that counts the thing asked come first: 70多次疫情防控交流活动 counts
    exchanges, where 加强…交流合作 only names the word away from its figures."""
    close = [c for c in cands[1:] if c.score >= related * cands[0].score]
    first = [c for c in close if counts_thing(c, forms)]
    return [cands[0], *first, *(c for c in cands[1:] if all(c is not f for f in first))]


def matched_first(cands: list[Quote]) -> list[Quote]:
    """The candidates a date is looked for in (within `W.FAR_RELATED` of the best, among the first
    `W.FAR_ALTERNATIVES`) ordered by how much of the question they hold, its dictionary senses included: for "when
    did the last member leave office", the sentence that says 最后一名成员…卸任 before another dated one that names
    the same body."""
    best = cands[0]
    near = [c for c in cands[1 : W.FAR_ALTERNATIVES] if c.score >= W.FAR_RELATED * best.score]
    # read with the sentence before it: "自2020年10月启动以来，云上大讲堂…" goes on about what the best named
    near.sort(key=lambda c: -(c.features.get("context_coverage", 0.0) + c.features.get("senses", 0.0)))
    taken = {id(c) for c in near}
    return [best, *near, *(c for c in cands[1:] if id(c) not in taken)]


# "the latest figure", "so far", 最新, 目前: of the close candidates, the one of the latest date answers
LATEST = re.compile(
    r"\b(?:latest|most recent|newest|current(?:ly)?|to date|so far|up to now|as of now)\b|最新|目前|迄今|至今",
    re.I,
)
_DATED = re.compile(r"((?:19|20)\d{2})\s*年(?:\s*(\d{1,2})\s*月)?")


def latest_first(cands: list[Quote]) -> list[Quote]:
    """The close seconds as much about the question ordered by the latest date they state (截至2021年6月 before
    截至2020年底), the best among them when it is as late."""
    best = cands[0]
    near = [best, *(c for c in cands[1 : W.ALTERNATIVES] if c.score >= W.RELATED * best.score)]
    near = [c for c in near if c.coverage >= best.coverage]  # not 避免双重征税协定 for 自贸协定

    def when(quote: Quote) -> tuple[int, int]:
        dates = [(int(y), int(m or 0)) for y, m in _DATED.findall(quote.text)]
        return max(dates, default=(0, 0))

    near.sort(key=when, reverse=True)  # stable: the best first among the latest
    taken = {id(c) for c in near}
    return [*near, *(c for c in cands if id(c) not in taken)]


def total_first(cands: list[Quote]) -> list[Quote]:
    """The total asked ("How many are there in total now?"): when the best states no total, a close second about as
    much about the question that does (…试点扩容至22家, after 10个直属海关 began it) comes first: a total of what
    the best gives (a count for a count: not 累计投入近2亿美元 for 5000多名员工)."""
    if gives_total(cands[0]):
        return cands
    best = cands[0]
    kinds = {f.get("kind") for f in best.figures}
    return close_first(
        cands, lambda alt: any(f.get("kind") in kinds for f in totals(alt)) and alt.coverage >= best.coverage
    )


def item_first(cands: list[Quote], last: str) -> list[Quote]:
    """ "What is the third?" after a list was begun: the sentence opening that item (三是…) in the passage the last
    answer quoted or stated a figure of (else the best sentence's) comes first, read with the list's opening (its
    coverage is that one's)."""
    best = next((c for c in cands if quoted_or_stated(c, last)), cands[0])
    item = next(
        (
            c
            for c in cands
            if c.features.get("statement_fit") and c.hit.chunk.chunk_id == best.hit.chunk.chunk_id
        ),
        None,
    )
    if item is None or item is cands[0]:
        return cands
    item.coverage = max(item.coverage, best.coverage)
    item.features["coverage"] = max(item.features.get("coverage", 0.0), best.features.get("coverage", 0.0))
    return [item, *(c for c in cands if c is not item)]


def close_first(cands: list[Quote], holds: Callable[[Quote], bool]) -> list[Quote]:
    """The candidates with the first close second (within `W.RELATED` of the best, among the first
    `W.ALTERNATIVES`) that `holds` first; as they are when the best holds or none does."""
    best = cands[0]
    if holds(best):
        return cands
    for alt in cands[1 : W.ALTERNATIVES]:
        if alt.score < W.RELATED * best.score:
            break
        if holds(alt):
            return [alt, *(c for c in cands if c is not alt)]
    return cands


def read_with_context(cands: list[Quote]) -> list[Quote]:
    """The close seconds read with the sentence before them, as their coverage: 至此…增至105个 goes on from the
    sentence it follows (国务院新增46个跨境电商综试区)."""
    lifted = (
        replace(c, coverage=max(c.coverage, c.features.get("context_coverage", 0.0))) for c in cands[1:]
    )
    return [cands[0], *lifted]
