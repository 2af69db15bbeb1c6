"""Find the figures (quantities) in Chinese report text: normalized value, unit, kind, year, date and label.

Conventions:
- `value` is normalized (1.24万列 -> 12400, 2555.4亿美元 -> 2.5554e11); `unit` carries no magnitude (万吨 -> 吨).
- "N个国家" and "N国" have unit 国家 (likewise 城市, 经济体, 国际组织, 项目); a bare classifier keeps 个.
- kind: "growth" is a change in % or 倍 (同比增长29%), "points" a change in 个百分点, "share" a % of a whole
  (占…的5.7%, 比重, 占比), "percent" any other %, "rank" 第N位/名, "range" 10-20万吨 / 3%—5% (low/high set,
  value = low), "count" a classifier count (个, 家, 项 …), "quantity" everything else (money, 列, 吨, 标箱 …).
- Decreases are negative: 下降3.5个百分点 -> value -3.5, and the label keeps the verb (…下降).
- qualifier: 多/余/超过/逾/突破/以上 -> "more than"; 约/大约/左右 -> "about"; 近/接近/将近 -> "nearly";
  不到/不足/低于/以下 -> "less than"; 至少/不少于 -> "at least"; 不超过 -> "at most".
- Not figures: years (2020年), dates (11月16日), references (图3-1, 专栏2-3), ordinals (第十一届), bare numbers.
- time: the figure's time scope (qa.ingest.time_scope): point, range start/end, cumulative, as-of, or none.
- year: the year the value holds for, from its time scope: the start year for the A of 由A增至B, the end year for
  the B, the as-of year of 截至…; a cumulative total gets its end year when stated, else None (it does not hold
  for its first year); with no year in the paragraph, `context_year`. date: "2020-10" for 截至2020年10月,
  "2020-12" for 2020年底, "2013/2019" for 2013—2019年 (a range start keeps only such a span).
- measure_kind: "change" (kind growth/points, or a change verb: 较上届增加35万件), "share" (kind share), else "level".
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from qa.ingest.figure_labels import ACTION_VERBS as _ACTION_VERBS
from qa.ingest.figure_labels import CLAUSE_END as _CLAUSE_END
from qa.ingest.figure_labels import (
    MEASURE_TAILS,
    clean_label,
    following_noun,
    respective_labels,
    share_label,
    share_of_following,
    shorten,
    spread_labels,
    subject_of,
    translate_label,
)
from qa.ingest.figure_labels import RANGE_SEP as _SEP
from qa.ingest.figure_labels import SPACES as _S
from qa.ingest.figure_labels import YEAR as _YEAR
from qa.ingest.figure_labels import words as _words
from qa.ingest.time_scope import TimeScope, read_time_scope
from qa.text.glossary import glossary_digest
from qa.text.numbers import (
    ARABIC,
    COUNT_UNITS,
    MAGNITUDE,
    MAGNITUDES,
    UNITS,
    format_amount_en,
    numbers_in,
    ordinal_en,
    parse_arabic,
    parse_cn_numeral,
)
from qa.text.numbers import _tidy as tidy

FIGURES_BUILD = 53  # raise when what is extracted changes: indexes then read their figures anew


def figures_build() -> str:
    """What an index's figures were made with: this extractor and the glossary that labels them in English."""
    return f"{FIGURES_BUILD}:{glossary_digest()}"


__all__ = ["Figure", "extract_figures", "figure_to_dict", "format_value_en", "numbers_in"]


@dataclass
class Figure:
    """One quantity stated in the text, normalized."""

    value: float
    unit: str
    raw: str
    start: int
    end: int
    qualifier: str | None = None
    year: int | None = None
    date: str | None = None
    label: str = ""
    label_en: str | None = None
    kind: str = "quantity"
    low: float | None = None
    high: float | None = None
    chunk_id: str | None = None
    time: dict[str, object] = field(default_factory=lambda: TimeScope().to_dict())
    measure_kind: str = "level"  # level | change | share


_UNIT = "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))
_CN_UNIT = (
    "个方面|方面|个国家|个城市|个经济体|个国际组织|个项目|个多月|个半月|个月|个多小时|个半小时|个小时|个|家|项|份|件|条|座|所|场|起|章|批|种"
    "|大类|类|名|位|人次|人|倍|块|小时|周|天|年|次(?!性)|部委|部门|辑"
    "|成(?![为立功本果交员熟长就效型绩都])"  # 近六成 (tenths: 60%), not 形成, 建成为
)
# Durations in Chinese numerals (一周内, 两个月, 三年): "a week" is one, though a lone 一 is an article elsewhere
_CN_DURATIONS = frozenset({"个月", "小时", "周"})
_A_YEAR = re.compile("以来|来|内|之内|后|多")  # 实施一年以来: a year, though 一年一度 is no duration
_TOKEN = re.compile(
    rf"(?P<yrange>(?P<y1>{_YEAR}){_S}年?{_S}{_SEP}{_S}(?P<y2>{_YEAR}){_S}年)"
    rf"|(?P<date>(?P<year>{_YEAR}){_S}年(?:{_S}(?P<month>1[0-2]|0?[1-9]){_S}月"
    rf"(?:{_S}(?:[12]\d|3[01]|0?[1-9]){_S}[日号])?|(?P<yend>底|末))?)"
    rf"|(?P<md>(?P<m2>1[0-2]|0?[1-9]){_S}月(?:{_S}(?:[12]\d|3[01]|0?[1-9]){_S}[日号])?)"
    rf"|(?P<listnum>(?<![\d.])\d{{1,2}}\.(?={_S}\d{{1,2}}{_S}月))"
    rf"|(?P<ref>(?:图|表|专栏|附表|附图|附件|注){_S}\d+(?:{_S}[-—–.]{_S}\d+)*)"
    rf"|(?P<frac>(?<![\d.])\d+/\d+(?![\d/]))"
    rf"|(?P<times>\d+{_S}[×xX*]{_S}\d+)"
    rf"|(?P<range>(?<![\d.,])(?P<lo>{ARABIC}){_S}(?P<lomag>{MAGNITUDE})?{_S}(?:[%％])?{_S}{_SEP}{_S}"
    rf"(?P<hi>{ARABIC}){_S}(?P<himore>多|余)?{_S}(?P<himag>{MAGNITUDE})?{_S}(?P<hiunit>{_UNIT}))"
    rf"|(?P<fig>(?<![\d.,])(?P<num>{ARABIC}){_S}(?P<more1>多|余)?{_S}(?P<mag>{MAGNITUDE})?{_S}"
    rf"(?P<more2>多|余)?{_S}(?P<unit>{_UNIT})?(?:{_S}/{_S}(?P<per>千瓦时|度|吨|人|年|天|标箱|公里))?)"
    rf"|(?P<cn>(?<![第星期周零〇一二两三四五六七八九十百千万亿])(?P<cnnum>[零〇一二两三四五六七八九十百千万亿]+)(?P<cnmore>多|余)?(?P<cnunit>{_CN_UNIT}))"
)


_NOT_QUANTITIES = frozenset({"周年", "年代", "年级", "吨级"})
_SENTENCE_END = "。！？!?\n"
# 比2019年增长: a comparison year, not the figure's year
_NO_CONTEXT_BEFORE = ("比", "较", "自", "同", "相比")
_PRE_QUALIFIER = re.compile(
    r"(不少于|至少|不超过|超过|超|逾|突破|多于|大于|高于|约为|大约|约|接近|将近|近|不到|不足|低于|少于)$"
)
# 约 ending a word (签约25处, 节约, 条约) qualifies nothing
_NOT_ABOUT = re.compile("[签节合公条制邀预履违特]约$")
_QUALIFIER_EN = {
    **dict.fromkeys(("不少于", "至少"), "at least"),
    "不超过": "at most",
    **dict.fromkeys(("约为", "大约", "约", "左右", "上下"), "about"),
    **dict.fromkeys(("接近", "将近", "近"), "nearly"),
    **dict.fromkeys(("不到", "不足", "低于", "少于", "以下", "以内"), "less than"),
}
_POST_QUALIFIER = re.compile(rf"{_S}(以上|左右|上下|以下|以内)")
_CHANGE = re.compile(
    r"((?:同比|环比|年均|年平均|平均|(?:比|较)(?:上年|去年|上届|上一年|同期|上月|\d{4}年版?)?)?"
    r"(?:分别)?(?:同比)?"
    r"(增长|增加|提高|提升|上升|扩大|下降|减少|降低|回落|下滑|下跌|缩减|缩小|缩水|增幅|增速|降幅))"
    r"(?:了|为|达到|达|约)?$"
)
_DECREASE = _words("下降 减少 降低 回落 下滑 下跌 缩减 缩小 缩水 降幅")
_JOINER = re.compile(r"^[、和与及或以]*$")
_SHARE_WORDS = ("占", "比重", "占比", "比例", "份额")


def extract_figures(text: str, offset: int = 0, context_year: int | None = None) -> list[Figure]:
    """All figures in `text`, in order; offsets are positions in `text` plus `offset`."""
    figures: list[Figure] = []
    sentence_of: list[int] = []  # sentence start of each figure, to find its neighbours
    year: int | None = None
    date: str | None = None
    year_pos = -1
    run: list[Figure] = []  # 分别增长50%和56%: changes to spread over the quantities before them
    bases: list[Figure] = []
    phrase = ""
    for m in _TOKEN.finditer(text):
        start = m.start()
        para = text.rfind("\n", 0, start) + 1
        if year_pos < para:
            year, date = context_year, None
        kind = m.lastgroup
        if kind in ("yrange", "date"):
            if text[max(0, start - 2) : start].endswith(_NO_CONTEXT_BEFORE):
                continue
            year_pos = start
            if kind == "yrange":
                year, date = int(m["y2"]), f"{m['y1']}/{m['y2']}"
            else:
                year = int(m["year"])
                month = m["month"] or ("12" if m["yend"] else None)
                date = f"{year}-{int(month):02d}" if month else None
            continue
        if kind == "md":
            if year is not None:
                date, year_pos = f"{year}-{int(m['m2']):02d}", start
            continue
        fig = _figure(m, text)
        if fig is None:
            continue
        sent = max(text.rfind(c, 0, start) for c in _SENTENCE_END) + 1
        scope = read_time_scope(text, start, fig.end)  # an earlier sentence's month: as-of dates only
        fig.date = date if year_pos >= sent or scope.kind == "as_of" or "-" not in (date or "") else date[:4]
        _set_time(fig, scope, context_year)
        prev = figures[-1] if figures and sentence_of[-1] == sent else None
        siblings = [f for f, s in zip(figures, sentence_of, strict=True) if s == sent]
        resp = _describe(fig, text, sent, prev, siblings)
        if run and prev is run[-1] and prev.unit == fig.unit and _joined(text, prev, fig):
            run.append(fig)
        else:
            spread_labels(run, bases, phrase)
            run, bases, phrase = [], [], ""
        if resp is not None:
            run, phrase = [fig], resp
            bases = [f for f in siblings if f.kind not in ("growth", "points", "share", "percent")]
        figures.append(fig)
        sentence_of.append(sent)
    spread_labels(run, bases, phrase)
    respective_labels(figures, text)
    for f in figures:
        f.measure_kind = _measure_kind(f)
        f.label_en = translate_label(f.label) if f.label else None
        f.start += offset
        f.end += offset
    return figures


def _figure(m: re.Match[str], text: str) -> Figure | None:
    """The bare Figure (value, unit, raw, kind, qualifier) of a token, or None when it is not a figure."""
    start, end, kind = m.start(), m.end(), m.lastgroup
    before = text[start - 1] if start else ""
    if kind == "frac":
        num, den = (float(x) for x in m.group(0).split("/"))
        return Figure(tidy(100 * num / den), "%", m.group(0), start, end, kind="share") if den else None
    if kind == "range":
        unit = UNITS[m["hiunit"]]
        lo = parse_arabic(m["lo"]) * MAGNITUDES.get(m["lomag"] or m["himag"] or "", 1.0)
        hi = parse_arabic(m["hi"]) * MAGNITUDES.get(m["himag"] or "", 1.0)
        return Figure(tidy(lo), unit, m.group(0), start, end, kind="range", low=tidy(lo), high=tidy(hi))
    if kind == "cn":
        digits = m["cnnum"]
        value = parse_cn_numeral(digits)
        # A lone 一 (一个) is an article, 千家/万户 idioms, not counts; 近百名, 逾千家, 百余起, 上万个 are counts
        bare = not re.search("[零〇一二两三四五六七八九]|^十", digits)
        above = (
            (  # not 路上; 百余起 is more than 100
                bare and before == "上" and text[max(0, start - 2) : start - 1] in ("", *"的了为有达，、")
            )
            or bool(m["cnmore"])
        )
        unit = UNITS.get(m["cnunit"], m["cnunit"])
        if (
            value is None
            or (
                digits == "一"
                and unit not in _CN_DURATIONS
                and not (unit == "年" and _A_YEAR.match(text, end))
            )
            or digits.startswith("一一")  # 唯一一个 (the only one), 一一对应 (one by one)
            or (bare and not above and not _PRE_QUALIFIER.search(text[max(0, start - 3) : start]))
            or unit + text[end : end + 1] in _NOT_QUANTITIES  # 一周年, 九十年代
            or (
                before and before in "“《" and not text.startswith(("”", "》"), end)
            )  # “五位一体”, “四个全面”: a name
        ):
            return None
        value += 0.5 if m["cnunit"].startswith("个半") else 0.0  # 两个半月: two and a half months
        if unit == "成":  # 近六成: six tenths of them
            value, unit = value * 10, "%"
        kind = "share" if unit == "%" else "count" if unit in COUNT_UNITS else "quantity"
        fig = Figure(value, unit, m.group(0), start, end, kind=kind)
        fig.qualifier = "more than" if m["cnmore"] or above or m["cnunit"].startswith("个多") else None
        return fig
    if kind != "fig":
        return None
    unit = UNITS.get(m["unit"] or "", "")
    if not unit and not m["mag"]:
        return None  # bare numbers are chart axes, list items or codes
    if unit in _NOT_QUANTITIES or len(m["num"].split(".")[0]) > 13:
        return None  # 20周年, 80年代, 20万吨级; digit runs glued from chart axes
    if m["per"]:
        unit = f"{unit}/{UNITS.get(m['per'], m['per'])}"
    raw_end = m.end("unit") if m["unit"] else max(m.end("mag"), m.end("more2") if m["more2"] else -1)
    if unit == "国家" and text.startswith(
        "级", raw_end
    ):  # 5个国家级平台: national-level platforms, not countries
        unit, raw_end = "个", m.start("unit") + 1
    value = parse_arabic(m["num"]) * MAGNITUDES.get(m["mag"] or "", 1.0)
    fig = Figure(tidy(value), unit, text[start:raw_end], start, raw_end)
    if before and before in "“《" and not text.startswith(("”", "》"), raw_end):
        return None  # “2035国家愿景”: a number that opens a quoted name is part of the name
    if before == "第":
        if unit not in ("位", "名"):
            return None  # 第127届, 第3批: ordinals
        fig.kind = "rank"
    elif unit == "%":
        fig.kind = "percent"
    elif unit == "个百分点":
        fig.kind = "points"
    elif unit in COUNT_UNITS:
        fig.kind = "count"
    if m["more1"] or m["more2"] or "多" in (m["unit"] or ""):
        fig.qualifier = "more than"  # 3个多小时: more than three hours
    if "半" in (m["unit"] or ""):
        fig.value = tidy(fig.value + 0.5)  # 3个半小时: three and a half hours
    return fig


def _set_time(fig: Figure, scope: TimeScope, context_year: int | None) -> None:
    """Store the scope and make `year` the year the value itself holds for."""
    fig.time = scope.to_dict()
    if scope.kind == "start":
        fig.year = scope.year
        if fig.date and "/" not in fig.date:
            fig.date = None  # 截至2021年1月，成员从57个…: the as-of date is the end value's
    elif scope.kind == "cumulative":
        fig.year = scope.end_year
    else:
        fig.year = scope.year if scope.year is not None else context_year


def _measure_kind(fig: Figure) -> str:
    """level, change or share, from the kind and the change verb found by _describe."""
    if fig.kind in ("growth", "points") or fig.measure_kind == "change":
        return "change"
    return "share" if fig.kind == "share" else "level"


def _joined(text: str, prev: Figure, fig: Figure) -> bool:
    """Whether only 、/和/与 separate two figures (931万件、7.6万吨)."""
    return _JOINER.match(text[prev.end : fig.start].strip()) is not None


def _describe(fig: Figure, text: str, sent: int, prev: Figure | None, siblings: list[Figure]) -> str | None:
    """Set qualifier, kind, sign and label from the words around the figure; the phrase of a 分别 change."""
    start = fig.start
    clause = max(text.rfind(c, 0, start) for c in _CLAUSE_END) + 1
    floor = max(sent, prev.end if prev else 0)
    pre = text[max(clause, floor) : start].strip()
    named = pre
    if not clean_label(pre) and clause - 1 > floor:
        # 贸易额占…的比重逐年提升，由2013年的25%: the measure is named in the clause before
        earlier = max(text.rfind(c, 0, clause - 1) for c in f"{_CLAUSE_END}*•●■") + 1  # a bullet too
        if earlier >= floor:
            named = text[earlier : clause - 1]
            clause = earlier
    if (q := _PRE_QUALIFIER.search(pre)) and not _NOT_ABOUT.search(pre):
        fig.qualifier = fig.qualifier or _QUALIFIER_EN.get(q.group(1), "more than")
        pre = pre[: q.start()]
    if (post := _POST_QUALIFIER.match(text, fig.end)) and not fig.qualifier:
        fig.qualifier = _QUALIFIER_EN.get(post.group(1), "more than")
    base = next((f for f in reversed(siblings) if f.kind not in ("growth", "points")), None)
    if change := _CHANGE.search(pre):
        fig.measure_kind = "change"
    if fig.unit not in ("%", "倍", "个百分点"):
        change = None  # 较上届增加约35万件: a change in a quantity keeps its kind, sign and label
    if change:
        phrase = change.group(1).replace("分别", "")
        if change.group(2) in _DECREASE:
            fig.value = -fig.value
            if fig.low is not None and fig.high is not None:
                fig.low, fig.high = -fig.high, -fig.low
                fig.value = fig.low
        if fig.kind not in ("points", "range"):
            fig.kind = "growth"
        own = clean_label(pre[: change.start()])
        subject = own if len(own) >= 2 else (base.label if base else "")
        fig.label = shorten(subject + phrase)
        return phrase if "分别" in change.group(1) else None
    if fig.unit == "%" and (of := share_of_following(text, fig.end)):
        fig.kind, fig.label = "share", of  # 贡献了1/10的城镇就业，1/6的税收: a share of what follows
        return None
    same_clause = prev is not None and prev.end >= clause
    ends_range = fig.time.get("kind") == "end" and prev is not None and prev.time.get("kind") == "start"
    if prev is not None and (
        _joined(text, prev, fig)
        or ends_range
        or (prev.unit == fig.unit and same_clause and not clean_label(pre))
    ):
        # 931万件、7.6万吨 / 由25%升至29.1% / 分别为55.4%、58.4%: the same measure again
        fig.label = prev.label
        if prev.unit == fig.unit and fig.kind in ("percent", "count", "quantity"):
            fig.kind = prev.kind
        return None
    whole = text[clause:start]
    if fig.unit == "%" and any(w in whole for w in _SHARE_WORDS):
        fig.kind = "share"
        fig.label = share_label(whole)
        return None
    label = clean_label(pre) or clean_label(named)
    if fig.kind == "count":
        noun = following_noun(text, fig.end, len(fig.unit) == 1)
        label = noun or label
    elif (noun := following_noun(text, fig.end)).endswith(MEASURE_TAILS):
        label = noun  # 达成802万美元贸易成交额: the amount's measure follows it
    if label and label in _ACTION_VERBS and base and (subject := subject_of(base.label)):
        label = shorten(subject + label)  # 开行8225列，…；发运72.5万标箱: 发运 belongs to 中欧班列
    fig.label = label
    return None


def figure_to_dict(f: Figure) -> dict[str, object]:
    """JSON-ready dict of a Figure."""
    return asdict(f)


def format_value_en(f: Figure) -> str:
    """English rendering: "more than 12,400 trains", "US$255.54 billion", "down 3.5 percentage points"."""
    if f.kind == "rank":
        return ordinal_en(f.value)
    if f.kind == "range" and f.low is not None and f.high is not None:
        sign, low, high = ("down ", -f.high, -f.low) if f.high < 0 else ("", f.low, f.high)
        text = f"{sign}{format_amount_en(low, f.unit)}–{format_amount_en(high, f.unit)}"
    elif f.value < 0:
        text = "down " + format_amount_en(-f.value, f.unit)
    else:
        text = format_amount_en(f.value, f.unit)
    if text.startswith("down ") and f.qualifier:
        return f"down {f.qualifier} {text[5:]}"  # down more than 65%
    return f"{f.qualifier} {text}" if f.qualifier else text
