"""Time scopes and measure kinds of figures, on real sentences from the corpus reports (000 and 002)."""

from __future__ import annotations

import json

import pytest

from qa.ingest.figures import Figure, extract_figures, figure_to_dict
from qa.ingest.time_scope import TimeScope, read_time_scope

TRADE_2013_2020 = (
    "货物贸易方面，2013—2020年，中国与“一带一路”沿线国家货物贸易额由1.04万亿美元增至1.35万亿美元（见图3-1），"
    "占中国货物贸易总额的比重由25%升至29.1%，2013年以来，中国与沿线国家货物贸易额累计9.2万亿美元。"
)
TRADE_SEVEN_YEARS = (
    "从数额上看，中国与“一带一路”沿线国家货物贸易进出口总额从2013年的1.04万亿美元增加到2019年的1.34万亿美元，"
    "7年间的累计总额超过7.81万亿美元；从比重上看，中国与沿线国家贸易额占同期外贸总额的比重逐年提升，"
    "由2013年的25%提升到了2019年的29.4%。"
)
TRAINS_2011_2019 = (
    "2011-2018年，中欧班列开行突破7600列，其中2018年去程班列为3610次，回程为2690次；"
    "2019年中欧班列开行8225列，同比增长29%，发运72.5万标箱，同比增长34%，综合重箱率达94%。"
)


def fig(text: str, raw: str, context_year: int | None = None) -> Figure:
    """The figure written exactly as `raw` in `text`."""
    figs = extract_figures(text, context_year=context_year)
    matches = [f for f in figs if f.raw == raw]
    assert matches, f"{raw!r} not in {[f.raw for f in figs]}"
    return matches[0]


def scope(f: Figure) -> tuple[object, ...]:
    """(time kind, time year, end_year, month, the figure's own year, measure_kind)."""
    t = f.time
    return t["kind"], t["year"], t["end_year"], t["month"], f.year, f.measure_kind


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # 2013—2020年，…由A增至B: A is the 2013 value, B the 2020 value
        ("1.04万亿美元", ("start", 2013, None, None, 2013, "level")),
        ("1.35万亿美元", ("end", 2020, None, None, 2020, "level")),
        ("25%", ("start", 2013, None, None, 2013, "share")),
        ("29.1%", ("end", 2020, None, None, 2020, "share")),
        # 2013年以来…累计: a running total since 2013, which holds for no single year
        ("9.2万亿美元", ("cumulative", 2013, None, None, None, "level")),
    ],
)
def test_range_in_a_year_span_and_total_since_a_year(raw: str, expected: tuple[object, ...]) -> None:
    assert scope(fig(TRADE_2013_2020, raw, context_year=2020)) == expected


def test_counts_side_by_side_on_each_side_of_a_range() -> None:
    """由最初的8国47所高校，增至27国173所高校: both counts before 增至 are starts, both after it ends."""
    text = "“一带一路”高校战略联盟成立5年来，由最初的8国47所高校，增至27国173所高校，形成高等教育共同体。"
    kinds = {raw: fig(text, raw).time["kind"] for raw in ("8国", "47所", "27国", "173所")}
    assert kinds == {"8国": "start", "47所": "start", "27国": "end", "173所": "end"}
    assert fig(text, "5年").time["kind"] != "start"


def test_range_values_with_their_own_years() -> None:
    text = (
        "新疆作为中欧班列西通道的重要枢纽节点，截至目前，共开行线路23条，通达19个国家、21个城市，"
        "运载货物达200多个品类，开行量由2014年的55列增至2020年的1105列，增长了近20倍。"
    )
    assert scope(fig(text, "55列")) == ("start", 2014, None, None, 2014, "level")
    assert scope(fig(text, "1105列")) == ("end", 2020, None, None, 2020, "level")
    assert scope(fig(text, "20倍"))[-1] == "change"
    # 截至目前: as of the report's time, which the caller's year stands for
    assert scope(fig(text, "23条", context_year=2020)) == ("as_of", None, None, None, 2020, "level")


def test_cumulative_over_the_years_of_the_range_before_it() -> None:
    assert scope(fig(TRADE_SEVEN_YEARS, "1.04万亿美元")) == ("start", 2013, None, None, 2013, "level")
    assert scope(fig(TRADE_SEVEN_YEARS, "1.34万亿美元")) == ("end", 2019, None, None, 2019, "level")
    # 7年间的累计总额 after 2013 … 2019: the total of 2013–2019
    assert scope(fig(TRADE_SEVEN_YEARS, "7.81万亿美元")) == ("cumulative", 2013, 2019, None, 2019, "level")
    assert scope(fig(TRADE_SEVEN_YEARS, "29.4%")) == ("end", 2019, None, None, 2019, "share")


def test_total_and_average_over_a_stated_span() -> None:
    text = (
        "2013—2020年，中国企业对“一带一路”沿线国家直接投资1359.2亿美元，年均增长5.7%，"
        "较同期全国平均水平高出2.7个百分点。"
    )
    assert scope(fig(text, "1359.2亿美元")) == ("cumulative", 2013, 2020, None, 2020, "level")
    assert scope(fig(text, "5.7%")) == ("cumulative", 2013, 2020, None, 2020, "change")
    assert scope(fig(text, "2.7个百分点")) == ("cumulative", 2013, 2020, None, 2020, "change")


def test_cumulative_since_a_year_of_an_event() -> None:
    text = "装机338兆瓦，自2013年投产以来已累计发电超67亿千瓦时，为柬埔寨经济社会发展输送了源源不断的动力。"
    assert scope(fig(text, "67亿千瓦时", context_year=2020)) == (
        "cumulative",
        2013,
        None,
        None,
        None,
        "level",
    )
    # the year before 以来 governs its own sentence, not the whole paragraph
    assert scope(fig(text, "338兆瓦", context_year=2020)) == ("none", None, None, None, 2020, "level")


def test_as_of_a_month() -> None:
    text = (
        "截至2020年10月，国家开发银行累计完成共建“一带一路”专项贷款合同约4312亿元等值人民币，"
        "发放贷款3105亿元等值人民币。"
    )
    for raw in ("4312亿元", "3105亿元"):
        f = fig(text, raw)
        assert scope(f) == ("as_of", 2020, None, 10, 2020, "level")
        assert f.date == "2020-10"


def test_range_under_an_as_of_date() -> None:
    text = "截至2021年1月，成员从57个增长到103个，投资项目累计108个，投资金额达220.2亿美元。"
    # the start value is not the January 2021 value, and its year is not stated
    start = fig(text, "57个")
    assert scope(start) == ("start", None, None, None, None, "level")
    assert start.date is None
    assert scope(fig(text, "103个")) == ("end", 2021, None, 1, 2021, "level")
    assert scope(fig(text, "108个")) == ("as_of", 2021, None, 1, 2021, "level")


@pytest.mark.parametrize(
    ("text", "raw", "month"),
    [
        (
            "截至2020年底，境外经贸合作区累计投资448.5亿美元，为当地创造了37.3万个就业岗位。",
            "448.5亿美元",
            12,
        ),
        ("截至2019年末，已有11家中资银行在29个“一带一路”沿线国家设立了近80家一级机构。", "80家", 12),
        (
            "积极响应缓债倡议，截至2020年9月末，与有关受惠国家签订协议的缓债金额达到7.48亿美元。",
            "7.48亿美元",
            9,
        ),
    ],
)
def test_year_and_month_end(text: str, raw: str, month: int) -> None:
    f = fig(text, raw)
    assert scope(f)[:4] == ("as_of", int(text[text.index("截至") + 2 : text.index("截至") + 6]), None, month)
    assert f.year == f.time["year"]


def test_change_level_and_share() -> None:
    text = (
        "2020年，服务外包业务快速增长，中国承接“一带一路”沿线国家离岸服务外包执行额1360.6亿元，"
        "同比增长8.9%，比上年下降3.5个百分点。"
    )
    assert scope(fig(text, "1360.6亿元")) == ("point", 2020, None, None, 2020, "level")
    assert scope(fig(text, "8.9%")) == ("point", 2020, None, None, 2020, "change")
    assert scope(fig(text, "3.5个百分点")) == ("point", 2020, None, None, 2020, "change")
    shares = (
        "“一带一路”沿线国家多为发展中国家和新兴经济体，2020年，受疫情影响，在华实际投入外资82.7亿美元，"
        "占同期中国实际吸收外资总额的5.7%；新设立外商投资企业4294家，占同期全部新设外商投资企业数的11.3%。"
    )
    assert scope(fig(shares, "5.7%")) == ("point", 2020, None, None, 2020, "share")
    assert scope(fig(shares, "4294家"))[-1] == "level"
    # a change in a quantity keeps its kind and value, and is still a change
    fair = "展出新产品约73万件，较上届增加约13万件，展出智能产品约10万件，较上届增加约2万件。"
    more = fig(fair, "13万件")
    assert (more.kind, more.value, more.measure_kind) == ("count", 130000, "change")
    assert fig(fair, "73万件").measure_kind == "level"


def test_comparison_year_is_not_the_figures_year() -> None:
    text = (
        "2020年，中欧班列累计开行1.24万列，运送113.5万标箱，同比分别增长50%、56%，综合重箱率达98.4%，"
        "通达境外21个国家的92个城市，目的地城市比2019年底增加37个，贸易大通道作用更加凸显。"
    )
    # 2020年…累计开行: the 2020 total, not a running one
    assert scope(fig(text, "1.24万列")) == ("point", 2020, None, None, 2020, "level")
    assert scope(fig(text, "37个")) == ("point", 2020, None, None, 2020, "change")


def test_figures_of_different_years_in_one_sentence() -> None:
    assert scope(fig(TRAINS_2011_2019, "7600列")) == ("cumulative", 2011, 2018, None, 2018, "level")
    assert scope(fig(TRAINS_2011_2019, "3610次")) == ("point", 2018, None, None, 2018, "level")
    assert scope(fig(TRAINS_2011_2019, "2690次")) == ("point", 2018, None, None, 2018, "level")
    assert scope(fig(TRAINS_2011_2019, "8225列")) == ("point", 2019, None, None, 2019, "level")
    assert scope(fig(TRAINS_2011_2019, "29%")) == ("point", 2019, None, None, 2019, "change")
    assert scope(fig(TRAINS_2011_2019, "94%")) == ("point", 2019, None, None, 2019, "level")


def test_years_taken_respectively() -> None:
    text = "预计2021年和2022年世界货物贸易总额将分别增长8%和4%。"
    assert scope(fig(text, "8%")) == ("point", 2021, None, None, 2021, "change")
    assert scope(fig(text, "4%")) == ("point", 2022, None, None, 2022, "change")


def test_target_year_and_base_year() -> None:
    text = (
        "到2030年，中国单位国内生产总值二氧化碳排放将比2005年下降65%以上，"
        "非化石能源占一次能源消费比重将达到25%左右，森林蓄积量将比2005年增加60亿立方米。"
    )
    assert scope(fig(text, "65%")) == ("as_of", 2030, None, None, 2030, "change")
    assert scope(fig(text, "25%")) == ("as_of", 2030, None, None, 2030, "share")
    assert scope(fig(text, "60亿立方米")) == ("as_of", 2030, None, None, 2030, "change")


def test_no_year_at_all() -> None:
    text = "该电站投运后，年均发电量7647.3万千瓦时，年减少二氧化碳排放6.419万吨，可满足7万户家庭用电需求。"
    assert scope(fig(text, "7647.3万千瓦时", context_year=2020)) == ("none", None, None, None, 2020, "level")
    assert scope(fig(text, "7647.3万千瓦时")) == ("none", None, None, None, None, "level")
    # 累计 with no year: a running total of an unknown period, not the report year's value
    assert scope(fig("累计雇用当地员工2000多人。", "2000多人", context_year=2020)) == (
        "cumulative",
        None,
        None,
        None,
        None,
        "level",
    )
    # 全年…累计: the year's total, so the report's year still applies
    yearly = fig("全年中欧班列累计开行1.24万列、运送113.5万标箱。", "1.24万列", context_year=2020)
    assert scope(yearly) == ("none", None, None, None, 2020, "level")


def test_title_years_are_not_times() -> None:
    text = (
        "会议通过了指导APEC未来20年合作的《2040年APEC布特拉加亚愿景》；"
        "主办APEC数字经济背景下促进包容与负责任商业行为研讨会，共有42个国家参加。"
    )
    assert fig(text, "42个国家").time["kind"] == "none"
    # a year inside a quoted name is part of the name; a year outside quotes still dates the figure
    named = "该炼油厂是“一带一路”倡议与科威特“2035国家愿景”对接的重点工程，每年可加工约3150万吨原油。"
    assert fig(named, "3150万吨").time["kind"] == "none"
    dated = "2020年，中国与“一带一路”国家贸易额达1.35万亿美元。"
    assert fig(dated, "1.35万亿美元").time == {"kind": "point", "year": 2020, "end_year": None, "month": None}


def test_read_time_scope_directly_and_json() -> None:
    raw = "9.2万亿美元"
    at = TRADE_2013_2020.index(raw)
    got = read_time_scope(TRADE_2013_2020, at, at + len(raw))
    assert got == TimeScope("cumulative", 2013)
    assert got.to_dict() == {"kind": "cumulative", "year": 2013, "end_year": None, "month": None}
    d = figure_to_dict(fig(TRADE_2013_2020, raw))
    back = json.loads(json.dumps(d, ensure_ascii=False))
    assert back["time"] == got.to_dict()
    assert back["measure_kind"] == "level"


def test_a_clause_opening_with_a_month_is_that_month_of_the_year_named_before() -> None:
    """2020年1月，…。10月，…。11月，…15个国家: the 15 countries are of November 2020, not January; a month range
    (1—11月) or a month after 至 is not a clause's own month, and with no year before it a month gives no time."""
    text = (
        "2020年1月，中国—巴基斯坦自贸协定第二阶段议定书关税减让安排正式实施。10月，中国与柬埔寨签订自贸协定。"
        "11月，包括中国在内的15个国家共同签署了《区域全面经济伙伴关系协定》（RCEP）。"
    )
    assert scope(fig(text, "15个国家")) == ("point", 2020, None, 11, 2020, "level")
    assert scope(fig("2020年1—11月，中欧班列开行1.1万列。", "1.1万列"))[:4] == ("point", 2020, None, None)
    assert scope(fig("2020年3月至12月，出口口罩2000亿只。", "2000亿只"))[:4] == ("point", 2020, None, 3)
    assert scope(fig("11月，开行500列。", "500列"))[:2] == ("none", None)


def test_the_date_of_an_expected_event_does_not_date_the_next_sentences() -> None:
    """ "预计2021年年底竣工" dates the bridge's completion; the figures the next sentences state (a GDP
    contribution, a travel time another line will bring) are not "by the end of 2021"."""
    text = (
        "帕德玛大桥项目成功实现主桥钢梁合龙，预计2021年年底竣工。该桥建成后预计每年可为GDP增长贡献1.5个百分点。"
        "雅万高铁建成后从雅加达到万隆的车程将由现在的3个多小时缩短至40分钟。"
    )
    assert scope(fig(text, "1.5个百分点"))[:2] == ("none", None)
    assert fig(text, "40分钟").year is None
    # in its own sentence the expected date is the figure's time: a target
    assert fig("预计2025年产能达到100万吨。", "100万吨").year == 2025


def test_the_month_of_an_event_told_before_is_not_the_month_of_a_later_figure() -> None:
    """ "2020年11月，项目…完成…。…签订了5.3亿令吉的合约": 2020, not November 2020; a figure in the dated sentence itself
    and one counted up to a date (截至2020年10月，…。其中…) keep the month."""
    text = (
        "2020年11月，项目顺利完成竖炉工程电气楼受电。项目为当地创造近4000个就业岗位，签订了5.3亿令吉的合约。"
    )
    later = fig(text, "5.3亿令吉")
    assert (later.year, later.time["month"], later.date) == (2020, None, "2020")
    same = fig("2020年11月，项目签订了5.3亿令吉的合约。", "5.3亿令吉")
    assert (same.time["month"], same.date) == (11, "2020-11")
    stock = fig("截至2020年10月，已签署42份协定。其中包括19个沿线国家。", "19个")
    assert stock.date == "2020-10"
