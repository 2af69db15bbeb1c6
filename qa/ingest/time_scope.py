"""The time a figure holds for, read from the Chinese time words before it in its paragraph.

Kinds (`year` is the year the value holds for, or the first year of the period it covers):
- point: one stated year (2020年，…开行1.24万列), with its month when stated (2020年12月，…).
- start / end: the two values of 由A增至B / 从A到B. Their years are the ones written with them (由2014年的55列),
  else the ends of a governing span (2013—2020年，…由A增至B); else the start is unknown and the end takes
  the governing year (截至2021年1月，成员从57个增长到103个: 103个 ends in 2021-01).
- cumulative: a total or average over a period: 2013年以来…累计 (year 2013), 2013—2020年，…投资1359.2亿美元
  (year 2013, end_year 2020), 7年间的累计总额 after 从2013年的…到2019年的 (2013–2019), 累计… with no year.
- as_of: a stock at a date: 截至2020年10月 (month 10), 截至/到2020年底 and 2019年末 (month 12), 截至目前.
- none: no time words before the figure in its paragraph.
A clause opening with a month alone (。11月，…) is that month of the year named last before it.
The governing time is the last time expression before the figure in its paragraph; a year after 比/较/同
(a comparison), before 版 (an edition) or inside 《》 (a title) is not a time. `since` words (以来, N年来) govern only their sentence.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from qa.ingest.figure_labels import RANGE_SEP, SPACES, YEAR

__all__ = ["TimeScope", "read_time_scope"]


@dataclass(frozen=True)
class TimeScope:
    """The time a figure holds for: kind, year, end year of a period, month of a date."""

    kind: str = "none"  # point | start | end | cumulative | as_of | none
    year: int | None = None
    end_year: int | None = None
    month: int | None = None

    def to_dict(self) -> dict[str, object]:
        """JSON-ready dict."""
        return asdict(self)


def over_years(fig: dict) -> bool:
    """Whether an extracted figure is a total over a period (七年间…累计, 2013年以来), not one time's value."""
    return (fig.get("time") or {}).get("kind") == "cumulative"


@dataclass(frozen=True)
class _Mark:
    """One time expression: where it is and what it says."""

    kind: str  # point | span | list | since | period | as_of
    start: int
    end: int
    year: int | None = None
    end_year: int | None = None
    month: int | None = None
    years: tuple[int, ...] = ()
    n: int | None = None


_S = SPACES
_Y = rf"(?<!\d){YEAR}"
_M = r"(?:1[0-2]|0?[1-9])"
_D = r"(?:[12]\d|3[01]|0?[1-9])"
_BREAK = "，,。；;：:\n"
_TIME = re.compile(
    rf"(?P<span>(?:从|自|由)?{_S}(?P<s1>{_Y}){_S}年?{_S}(?:{_M}{_S}月{_S})?{RANGE_SEP}{_S}"
    rf"(?P<s2>{_Y}){_S}年(?:{_S}{_M}{_S}月)?)"
    rf"|(?P<since>(?:自|从){_S}(?P<sy>{_Y}){_S}年(?:{_S}{_M}{_S}月)?(?:{_S}{_D}{_S}[日号])?[^{_BREAK}\d]{{0,10}}?以来"
    rf"|(?P<sy2>{_Y}){_S}年(?:{_S}{_M}{_S}月)?[^{_BREAK}\d]{{0,6}}?以来)"
    rf"|(?P<period>(?<![\d.])(?P<n>\d{{1,2}}|[一二两三四五六七八九十]+|多){_S}个?{_S}年(?:间|来|以来))"
    rf"|(?P<ever>以来|至今|迄今)"
    rf"|(?P<asof>(?:截至|截止)(?:到|至)?{_S}(?:(?P<ay>{_Y}){_S}年(?:{_S}(?P<am>{_M}){_S}月)?"
    rf"(?:{_S}{_D}{_S}[日号])?(?:{_S}年?(?P<aend>底|末))?)?)"
    rf"|(?P<toasof>(?:(?<![^{_BREAK}])|(?<=预计)|(?<=力争)|(?<=计划))(?:到|至){_S}(?P<ty>{_Y}){_S}年"
    rf"(?:{_S}(?P<tm>{_M}){_S}月)?(?:{_S}年?(?P<tend>底|末))?)"
    rf"|(?P<yend>(?P<ey>{_Y}){_S}年(?:{_S}(?P<em>{_M}){_S}月)?{_S}年?(?:底|末))"
    rf"|(?P<list>{_Y}{_S}年(?:{_S}[、和与及]{_S}{_Y}{_S}年)+)"
    rf"|(?P<point>(?P<py>{_Y}){_S}年(?:{_S}(?P<pm>{_M}){_S}月)?)"
    rf"|(?P<month>(?<![^{_BREAK}！？])(?P<mo>{_M}){_S}月)"  # "。11月，…": a clause opening with a month
)
_COMPARED = ("比", "较", "同", "相比", "对比")  # 比2019年增长: a comparison year, not the figure's time
_EDITION = re.compile(rf"{_S}(?:版|相比|相较)")
_CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"两": 2}
_SENTENCE_END = "。！？!?"
_CUMULATIVE = re.compile("累计|总计|共计|合计")
_ONE_YEAR = re.compile("全年|当年|今年|本年|同年|年度")  # 全年…累计开行: the year's total, not a running one
_SINCE = ("since", "period")

# 由A增至B / 从A到B: the opener before A and the 到/至 before B (自由, 从事 and 截至 are not them)
_OPEN = r"(?:(?<![自理经缘])由|从(?![事而严未不]))"
_TO = r"(?:(?<![截甚乃直以])至(?![少今])|(?<![达得受收遇来感看])到)"  # not 截至, 甚至, 达到, 受到
_WHEN = rf"{_Y}{_S}年(?:{_S}{_M}{_S}月)?(?:{_S}年?[底末])?"
# Counts listed side by side on one side of a range (由最初的8国47所高校，增至27国173所高校): each is a start or end.
_BESIDE = rf"(?:{_S}\d+(?:\.\d+)?[多余]?[^\d{_BREAK}由从至到]{{1,2}}{_S})*"
_OPENS = re.compile(rf"{_OPEN}{_S}(?:{_WHEN})?{_S}的?[^\d{_BREAK}由从]{{0,6}}{_BESIDE}$")
_TO_AFTER = re.compile(rf"{_BESIDE}[^\d。；;：:\n]{{0,8}}?{_TO}")
_CLOSES = re.compile(
    rf"(?P<open>{_OPEN})(?P<mid>[^。；;由从\n]*?\d[^。；;由从\n]*?)(?P<to>{_TO})了?{_S}(?:{_WHEN})?{_S}的?"
    rf"[^\d{_BREAK}]{{0,6}}{_BESIDE}$"
)
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


_NAME_SPAN = 16  # how far a quoted name reaches either side of a year inside it
_EXPECTED = re.compile(r"(?:预计|计划|将于|有望|预期|力争)\s*$")


def read_time_scope(text: str, start: int, end: int) -> TimeScope:
    """The time scope of the figure at text[start:end], from the words before it in its paragraph."""
    para = text.rfind("\n", 0, start) + 1
    sent = max(para, *(text.rfind(c, para, start) + 1 for c in _SENTENCE_END))
    # The date an expected event is given ("预计2021年年底竣工") is that event's, not that of what the next
    # sentences state.
    marks = [
        m
        for m in _marks(text, para, start)
        if m.start >= sent or not _EXPECTED.search(text, max(0, m.start - 4), m.start)
    ]
    clause_sent = max(para, *(text.rfind(c, para, start) + 1 for c in _SENTENCE_END + "；;"))
    role, opener, to = _range_role(text, clause_sent, start, end)
    if role == "start":
        return _start(marks, opener)
    if role == "end":
        return _end(marks, opener, to)
    return _governed(text, marks, sent, start)


def _in_quoted_name(text: str, lo: int, start: int, end: int) -> bool:
    """Whether text[start:end] is inside a short quoted name (“2035国家愿景”), its closing mark near."""
    opened = text.rfind("“", lo, start)
    if opened < 0 or opened < text.rfind("”", lo, start) or start - opened > _NAME_SPAN:
        return False
    close = text.find("”", end, end + _NAME_SPAN)
    return close >= 0 and "“" not in text[end:close]


def _marks(text: str, lo: int, hi: int) -> list[_Mark]:
    """The time expressions in text[lo:hi], comparisons and editions left out."""
    out = []
    for m in _TIME.finditer(text, lo, hi):
        kind = m.lastgroup
        head = m.group(0).lstrip("从自由 \t\u3000")
        if head[:1].isdigit() and (
            text[max(0, m.start() - 2) : m.start()].rstrip().endswith(_COMPARED)
            or _EDITION.match(text, m.end())
        ):
            continue
        if text.rfind("《", lo, m.start()) > text.rfind("》", lo, m.start()):
            continue  # 《2040年APEC布特拉加亚愿景》: a title, not a time
        if _in_quoted_name(text, lo, m.start(), m.end()):
            continue  # 科威特“2035国家愿景”: a name
        if kind == "month":
            # 2020年1月，…。11月，…: the month of the year named last; with no year before it, no time of its own
            year = next((y for k in reversed(out) if (y := k.end_year or k.year)), None)
            if year is not None:
                out.append(_Mark("point", m.start(), m.end(), year, month=int(m["mo"])))
            continue
        out.append(_mark(m, kind or ""))
    return out


def _mark(m: re.Match[str], kind: str) -> _Mark:
    """A _Mark from one match of _TIME."""
    s, e = m.start(), m.end()
    if kind == "span":
        return _Mark("span", s, e, int(m["s1"]), int(m["s2"]))
    if kind == "since":
        return _Mark("since", s, e, int(m["sy"] or m["sy2"]))
    if kind == "period":
        return _Mark("period", s, e, n=_count(m["n"]))
    if kind == "ever":
        return _Mark("since", s, e)
    if kind in ("asof", "toasof", "yend"):
        year = m["ay"] or m["ty"] or m["ey"]
        month = m["am"] or m["tm"] or m["em"]
        at_end = kind == "yend" or m["aend"] or m["tend"]
        if not month and at_end and year:
            month = "12"
        return _Mark("as_of", s, e, int(year) if year else None, month=int(month) if month else None)
    if kind == "list":
        years = tuple(int(y) for y in re.findall(_Y, m.group(0)))
        return _Mark("list", s, e, years[-1], years=years)
    return _Mark("point", s, e, int(m["py"]), month=int(m["pm"]) if m["pm"] else None)


def _count(n: str) -> int | None:
    """7 -> 7, 七 -> 7, 十八 -> 18; None for 多 (多年来)."""
    if n.isdigit():
        return int(n)
    if n == "多":
        return None
    if "十" in n:
        tens, _, ones = n.partition("十")
        return _CN_DIGITS.get(tens, 1) * 10 + _CN_DIGITS.get(ones, 0)
    return _CN_DIGITS.get(n)


def _range_role(text: str, sent: int, start: int, end: int) -> tuple[str | None, int, int]:
    """("start" | "end" | None, where 由/从 is, where 到/至 is) for a figure in a 由A增至B construction."""
    pre = text[sent:start]
    if (m := _OPENS.search(pre)) and _TO_AFTER.match(text, end):
        return "start", sent + m.start(), -1
    m = _CLOSES.search(pre)
    # the value between 由 and 至 must be a number, not a year (从2018年到2019年 is a span)
    if m and re.search(r"\d", re.sub(_WHEN, "", m["mid"])):
        return "end", sent + m.start("open"), sent + m.start("to")
    return None, -1, -1


def _start(marks: list[_Mark], opener: int) -> TimeScope:
    """Scope of the A of 由A增至B: its own year, else the start of the span it sits in."""
    own = [m for m in marks if m.start >= opener]
    if own and own[-1].year is not None:
        return TimeScope("start", own[-1].year, month=own[-1].month)
    gov = next((m for m in reversed(marks) if m.end <= opener), None)
    if gov is not None and gov.kind in ("span", "since"):
        return TimeScope("start", gov.year)
    return TimeScope("start")


def _end(marks: list[_Mark], opener: int, to: int) -> TimeScope:
    """Scope of the B of 由A增至B: its own year, else the end of the span or the year that governs the range."""
    own = [m for m in marks if m.start >= to]
    if own and own[-1].year is not None:
        return TimeScope("end", own[-1].year, month=own[-1].month)
    gov = next((m for m in reversed(marks) if m.end <= opener), None)
    if gov is None or gov.kind in _SINCE:
        return TimeScope("end")
    if gov.kind == "span":
        return TimeScope("end", gov.end_year)
    return TimeScope("end", gov.year, month=gov.month)


def _governed(text: str, marks: list[_Mark], sent: int, start: int) -> TimeScope:
    """Scope of a figure outside a range: from the last time expression before it."""
    # 以来 and N年来 qualify the verb of their own sentence only
    marks = [m for m in marks if m.kind not in _SINCE or m.start >= sent]
    gov = marks[-1] if marks else None
    if gov is None:
        before = text[sent:start]
        if _CUMULATIVE.search(before) and not _ONE_YEAR.search(before):
            return TimeScope("cumulative")
        return TimeScope("none")
    if gov.kind == "span":
        return TimeScope("cumulative", gov.year, gov.end_year)
    if gov.kind == "since":
        return TimeScope("cumulative", gov.year)
    if gov.kind == "period":
        return _period(marks, gov, sent)
    if gov.kind == "as_of":
        return TimeScope("as_of", gov.year, month=gov.month)
    if gov.kind == "list":
        return TimeScope("point", _respective(text, gov, start))
    # the month of an event told in a sentence before (2020年11月，…完成…。…签订了5.3亿令吉的合约) is not this figure's
    return TimeScope("point", gov.year, month=gov.month if gov.start >= sent else None)


def _period(marks: list[_Mark], gov: _Mark, sent: int) -> TimeScope:
    """Scope of 7年间的累计总额: the period ends at the last year before it in the sentence, if any."""
    dated = [m for m in marks if sent <= m.start < gov.start and m.kind in ("point", "as_of", "list", "span")]
    if not dated:
        return TimeScope("cumulative")
    last = dated[-1].end_year if dated[-1].kind == "span" else dated[-1].year
    if last is None or gov.n is None:
        return TimeScope("cumulative", end_year=last)
    first = last - gov.n + 1
    stated = {y for m in dated for y in (m.year, m.end_year, *m.years)}
    return TimeScope("cumulative", first if first in stated else None, last)


def _respective(text: str, gov: _Mark, start: int) -> int | None:
    """2019年、2020年分别为A和B: the year in the list at the figure's place after 分别."""
    at = text.find("分别", gov.end, start)
    if at < 0:
        return gov.year
    k = len(_NUMBER.findall(text, at, start))
    return gov.years[min(k, len(gov.years) - 1)]
