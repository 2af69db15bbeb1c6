"""Figure extraction on real sentences from the corpus reports (000 and 002), spaces removed as the cleaner does."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from qa.ingest.figures import Figure, extract_figures, figure_to_dict, format_value_en, numbers_in
from qa.text.numbers import number_word_forms

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def find(figures: list[Figure], raw: str) -> Figure:
    """The figure written exactly as `raw`."""
    matches = [f for f in figures if f.raw == raw]
    assert matches, f"{raw!r} not in {[f.raw for f in figures]}"
    return matches[0]


CHINA_EUROPE_2019 = "2019年中欧班列开行8225列，同比增长29%；发运72.5万标箱，同比增长34%，综合重箱率达94%。"


def test_china_europe_2019_sentence() -> None:
    figs = extract_figures(CHINA_EUROPE_2019)
    assert [(f.value, f.unit, f.kind, f.year) for f in figs] == [
        (8225, "列", "quantity", 2019),
        (29, "%", "growth", 2019),
        (725000, "标箱", "quantity", 2019),
        (34, "%", "growth", 2019),
        (94, "%", "percent", 2019),
    ]
    assert figs[0].label == "中欧班列开行"
    assert figs[1].label == "中欧班列开行同比增长"
    assert "发运" in figs[2].label and "发运同比增长" in figs[3].label
    assert figs[4].label == "综合重箱率"


def test_offsets_point_at_raw_text_plus_offset() -> None:
    figs = extract_figures(CHINA_EUROPE_2019, offset=100)
    for f in figs:
        assert CHINA_EUROPE_2019[f.start - 100 : f.end - 100] == f.raw


@pytest.mark.parametrize(
    ("sentence", "raw", "value", "unit"),
    [
        ("全年中欧班列累计开行1.24万列、运送113.5万标箱。", "1.24万列", 12400, "列"),
        (
            "2020年中国企业在“一带一路”沿线国家新签对外承包工程合同额更是高达2555.4亿美元，折合人民币1.76万亿元。",
            "2555.4亿美元",
            255540000000,
            "美元",
        ),
        (
            "中国与“一带一路”沿线国家货物贸易额由1.04万亿美元增至1.35万亿美元（见图3-1）。",
            "1.04万亿美元",
            1.04e12,
            "美元",
        ),
        ("2020年，郑州机场完成货邮吞吐量63.94万吨，全国排名提升至第6位。", "63.94万吨", 639400, "吨"),
        (
            "该电站投运后，年均发电量7647.3万千瓦时，年减少二氧化碳排放6.419万吨。",
            "7647.3万千瓦时",
            76473000,
            "千瓦时",
        ),
        ("截至2020年10月，国家开发银行发放贷款3105亿元等值人民币。", "3105亿元", 310500000000, "元"),
        (
            "第七届丝绸之路国际电影节精选500余部优秀影片进行推介，其中，影院展映影片102部。",
            "102部",
            102,
            "部",
        ),
        (
            "2013-2019年，中国在沿线国家承包工程新签合同额由715.7亿美元增至1548.9亿美元。",
            "715.7亿美元",
            71570000000,
            "美元",
        ),
    ],
)
def test_magnitudes_are_normalized(sentence: str, raw: str, value: float, unit: str) -> None:
    f = find(extract_figures(sentence), raw)
    assert f.value == pytest.approx(value)
    assert f.unit == unit


def test_labels_are_the_measured_noun_phrase() -> None:
    figs = extract_figures("2020年，郑州机场完成货邮吞吐量63.94万吨，全国排名提升至第6位。")
    assert find(figs, "63.94万吨").label.endswith("货邮吞吐量")
    rank = find(figs, "6位")
    assert (rank.kind, rank.value, rank.label) == ("rank", 6, "全国排名")
    trade = extract_figures("2020年，中国与“一带一路”沿线国家完成服务进出口额844.7亿美元。")[0]
    assert trade.label == "服务进出口额"


def test_an_amount_followed_by_its_measure_is_labelled_with_it() -> None:
    """ "共达成802万美元贸易成交额，4824万美元意向成交额": the measure follows each amount, not the verb before it."""
    figs = extract_figures(
        "来自28个省区市的2000多家企业参展，共达成802万美元贸易成交额，4824万美元意向成交额。"
    )
    assert find(figs, "802万美元").label == "贸易成交额"
    assert find(figs, "4824万美元").label == "意向成交额"
    assert find(figs, "2000多家").label == "企业"  # a count keeps the noun it counts


def test_more_than_from_duo_and_chaoguo() -> None:
    figs = extract_figures("为全球供应了2800多亿只口罩、34亿多件防护服、40多亿份检测试剂盒。")
    masks = find(figs, "2800多亿只")
    assert (masks.value, masks.unit, masks.qualifier, masks.label) == (2.8e11, "只", "more than", "口罩")
    assert find(figs, "34亿多件").value == 3.4e9
    assert find(figs, "40多亿份").qualifier == "more than"
    travel = extract_figures(
        "2019年，中国和“一带一路”沿线国家双向旅游交流超过6000万人次，俄罗斯等国成为主要客源市场。"
    )
    f = find(travel, "6000万人次")
    assert (f.value, f.unit, f.qualifier, f.year) == (6e7, "人次", "more than", 2019)


def test_chinese_numerals_count() -> None:
    figs = extract_figures(
        "疫情全球暴发后，中国向一百五十多个国家（地区）和国际组织提供抗疫物资援助，向32个国家派出医疗专家组。"
    )
    assert [(f.value, f.unit, f.qualifier) for f in figs] == [(150, "国家", "more than"), (32, "国家", None)]
    assert figs[0].kind == "count"


def test_about_and_nearly() -> None:
    loan = extract_figures(
        "截至2020年10月，国家开发银行累计完成共建“一带一路”专项贷款合同约4312亿元等值人民币。"
    )[0]
    assert (loan.value, loan.qualifier) == (431200000000, "about")
    assert extract_figures("近2.6万家企业云上参展。")[0].qualifier == "nearly"
    assert extract_figures("非化石能源占一次能源消费比重将达到25%左右。")[0].qualifier == "about"


def test_percent_points_growth_and_sign() -> None:
    text = "2020年，服务外包业务快速增长，中国承接“一带一路”沿线国家离岸服务外包执行额1360.6亿元，同比增长8.9%，比上年下降3.5个百分点。"
    figs = extract_figures(text)
    amount, growth, points = figs
    assert (amount.value, amount.unit, amount.kind) == (136060000000, "元", "quantity")
    assert (growth.value, growth.unit, growth.kind) == (8.9, "%", "growth")
    assert growth.label == amount.label + "同比增长"
    # decreases are negative and the label keeps the verb
    assert (points.value, points.unit, points.kind) == (-3.5, "个百分点", "points")
    assert "下降" in points.label


def test_times_in_chinese_numerals_count_and_an_ordinal_does_not() -> None:
    figs = extract_figures("2020年，G20两次举行领导人峰会，三次举行贸易部长会议。")
    assert [(f.raw, f.value, f.unit, f.kind) for f in figs] == [
        ("两次", 2, "次", "count"),
        ("三次", 3, "次", "count"),
    ]
    assert extract_figures("中俄总理第二十五次定期会晤") == []  # an ordinal, not "十五次"
    assert extract_figures("一次性支付") == []  # "one-off"


def test_shares() -> None:
    text = (
        "2020年，受疫情影响，在华实际投入外资82.7亿美元，占同期中国实际吸收外资总额的5.7%；"
        "新设立外商投资企业4294家，占同期全部新设外商投资企业数的11.3%（见图3-5、图3-6）。"
    )
    figs = extract_figures(text)
    share = find(figs, "5.7%")
    assert (share.kind, share.value, share.label) == ("share", 5.7, "实际吸收外资总额占比")
    assert find(figs, "4294家").kind == "count"
    assert find(figs, "11.3%").kind == "share"
    ratio = extract_figures("占中国货物贸易总额的比重由25%升至29.1%。")
    assert [(f.kind, f.value) for f in ratio] == [("share", 25), ("share", 29.1)]
    assert ratio[0].label == ratio[1].label == "货物贸易总额占比"
    # a share followed by 的 and what it is a share of: each is labelled by its own noun
    parts = extract_figures(
        "外资企业以占中国企业总数2%的比重，贡献了中国1/10的城镇就业，1/6的税收、2/5的进出口。"
    )
    assert [(f.raw, f.label) for f in parts[1:]] == [
        ("1/10", "城镇就业占比"),
        ("1/6", "税收占比"),
        ("2/5", "进出口占比"),
    ]
    assert find(extract_figures("实现了5%的增长。"), "5%").kind != "share"  # a change, not a share of it


def test_respectively_pairs_changes_with_quantities() -> None:
    figs = extract_figures(
        "全年中欧班列累计开行1.24万列、运送113.5万标箱，分别同比增长50%和56%，综合重箱率达98.4%。"
    )
    trains, teu, g1, g2, _ = figs
    assert g1.label == trains.label + "同比增长"
    assert g2.label == teu.label + "同比增长"


def test_ranges() -> None:
    f = extract_figures("通过跨境电商直购模式降低30%~50%的物流成本。")[0]
    assert (f.kind, f.low, f.high, f.value) == ("range", -50, -30, -50)
    assert format_value_en(f) == "down 30%–50%"
    g = extract_figures("项目建成后年产10-20万吨。")[0]
    assert (g.kind, g.low, g.high, g.unit) == ("range", 100000, 200000, "吨")


def test_year_from_context() -> None:
    paragraph = (
        "2020年，中欧班列安全、顺畅、稳定运行，开行数量迅猛增长，为新发展格局和国际防疫合作提供了有力支撑。"
        "全年中欧班列累计开行1.24万列、运送113.5万标箱。"
    )
    assert find(extract_figures(paragraph), "1.24万列").year == 2020
    # a new paragraph forgets the year and falls back to the document's year
    figs = extract_figures("2019年，中欧班列开行8225列。\n全年中欧班列累计开行1.24万列。", context_year=2020)
    assert [f.year for f in figs] == [2019, 2020]
    loan = extract_figures("截至2020年10月，国家开发银行发放贷款3105亿元等值人民币。")[0]
    assert (loan.year, loan.date) == (2020, "2020-10")
    span = extract_figures(
        "2013-2019年，中国在沿线国家承包工程新签合同额由715.7亿美元增至1548.9亿美元，年均增长13.7%。"
    )
    # the range start holds for the span's first year, the end and the yearly average for its last
    assert [(f.year, f.date, f.time["kind"]) for f in span] == [
        (2013, "2013/2019", "start"),
        (2019, "2013/2019", "end"),
        (2019, "2013/2019", "cumulative"),
    ]
    assert span[-1].kind == "growth"
    # 比2019年 is a comparison, not the year of the figure
    assert extract_figures("2020年，进出口额比2019年增长5%。")[0].year == 2020


def test_years_dates_and_references_are_not_figures() -> None:
    assert extract_figures("2020年") == []
    assert extract_figures("11月16日，第十一届论坛在线上举行。") == []
    assert extract_figures("（见图3-1）专栏2-3 图3-52013—2020") == []
    assert extract_figures("22.6月15日第127届广交会在网上举行。") == []


def test_tolerates_spaces_of_raw_pdf_text() -> None:
    f = find(extract_figures("2020 年，全年中欧班列累计开行 1.24 万列。"), "1.24 万列")
    assert (f.value, f.year) == (12400, 2020)


def test_numbers_in() -> None:
    assert numbers_in("8,225 trains, up 29%; US$255.54 billion") == [8225, 29, 255540000000.0]
    assert numbers_in("725,000 TEU; 5.19 trillion; 12,400") == [725000, 5.19e12, 12400]
    assert numbers_in("开行1.24万列，2800多亿只，29.4%") == [12400, 2.8e11, 29.4]


@pytest.mark.parametrize(
    ("sentence", "raw", "english"),
    [
        ("全年中欧班列累计开行1.24万列。", "1.24万列", "12,400 trains"),
        ("合同额高达2555.4亿美元。", "2555.4亿美元", "US$255.54 billion"),
        ("跨境电商进出口额达1.69万亿元。", "1.69万亿元", "RMB 1.69 trillion"),
        ("贸易额占比为29.4%。", "29.4%", "29.4%"),
        ("较上年占比提升0.3个百分点。", "0.3个百分点", "0.3 percentage points"),
        ("发运72.5万标箱。", "72.5万标箱", "725,000 TEU"),
        ("完成货邮吞吐量63.94万吨。", "63.94万吨", "639,400 tonnes"),
        ("年均发电量7647.3万千瓦时。", "7647.3万千瓦时", "76.473 million kWh"),
        ("双向旅游交流超过6000万人次。", "6000万人次", "more than 60 million person-trips"),
        ("比上年下降3.5个百分点。", "3.5个百分点", "down 3.5 percentage points"),
        ("全国排名提升至第6位。", "6位", "6th"),
        ("对全球经济增长的贡献将达到1/3。", "1/3", "33.3%"),
        ("将这家普通医院在一周内改造成传染病医院。", "一周", "1 week"),
        ("项目在两个半月内完工。", "两个半月", "2.5 months"),
        ("历时三个多小时。", "三个多小时", "more than 3 hours"),
        ("集装箱吞吐量下降3.75%。", "3.75%", "down 3.75%"),
    ],
)
def test_format_value_en(sentence: str, raw: str, english: str) -> None:
    assert format_value_en(find(extract_figures(sentence), raw)) == english


def test_figure_to_dict_is_json_ready() -> None:
    d = figure_to_dict(extract_figures(CHINA_EUROPE_2019)[0])
    assert json.loads(json.dumps(d, ensure_ascii=False))["raw"] == "8225列"
    assert set(d) >= {"value", "unit", "raw", "start", "end", "label", "label_en", "year", "kind", "chunk_id"}


def test_whole_report_is_fast_and_sane() -> None:
    raw = (CORPUS / "000_c6fcb17a10e69c56.txt").read_text(encoding="utf-8")
    # rough stand-in for the cleaner: drop spaces inside CJK/number runs, join wrapped lines
    text = re.sub(r"(?<=[\d\u3000-\u9fff%.，：；（）“”])[ \t]+(?=[\d\u3000-\u9fff%.，。；（）“”])", "", raw)
    text = re.sub(r"\n[ \t]*\n", "\n", text)
    text = re.sub(r"(?<![。！？：\n])\n", "", text)
    extract_figures("预热1万列。")  # jieba loads its dictionary once per process
    figs = extract_figures(text, context_year=2020)
    assert len(figs) > 400
    assert all(text[f.start : f.end] == f.raw for f in figs)
    assert all(len(f.label) <= 16 for f in figs)
    assert not any(re.fullmatch(r"(19|20)\d\d年", f.raw) for f in figs)
    assert any(f.raw == "2800多亿只" for f in figs)


@pytest.mark.parametrize(
    ("sentence", "raw", "value", "unit", "qualifier"),
    [
        ("车程将由现在的3个多小时缩短至40分钟。", "3个多小时", 3.0, "小时", "more than"),
        ("车程将由现在的3个多小时缩短至40分钟。", "40分钟", 40.0, "分钟", None),
        ("在长达3个半小时的会晤中。", "3个半小时", 3.5, "小时", None),
        ("办理时间压缩至5个工作日。", "5个工作日", 5.0, "工作日", None),
        ("工期缩短了2个多月。", "2个多月", 2.0, "个月", "more than"),
    ],
)
def test_durations_with_classifier_read_as_time(
    sentence: str, raw: str, value: float, unit: str, qualifier: str | None
) -> None:
    fig = find(extract_figures(sentence), raw)
    assert (fig.value, fig.unit, fig.qualifier) == (value, unit, qualifier)


def test_a_number_opening_a_quoted_name_is_not_a_figure() -> None:
    figs = extract_figures("该项目是与科威特“2035国家愿景”对接的重点工程，每年可加工约3150万吨原油。")
    assert [f.raw for f in figs] == ["3150万吨"]
    assert [f.raw for f in extract_figures("签约金额达“100亿美元”。")] == ["100亿美元"]


def test_the_end_of_a_from_to_change_keeps_the_measure_of_its_start() -> None:
    figs = extract_figures("建成后两地车程将由现在的3个多小时缩短至40分钟。")
    start, end = find(figs, "3个多小时"), find(figs, "40分钟")
    assert (start.time["kind"], end.time["kind"]) == ("start", "end")
    assert end.label == start.label and "车程" in end.label


def test_scheduled_runs_and_flights_are_counted() -> None:
    assert [(f.raw, f.unit) for f in extract_figures("执行防疫物资包机210班，累计飞行300架次。")] == [
        ("210班", "班"),
        ("300架次", "架次"),
    ]


def test_doses_copies_articles_and_sites_are_counted() -> None:
    text = "已提供2亿剂疫苗，图书发行12万册，发表论文300多篇，设立8处观测站。"
    found = [(f.raw, f.unit, f.kind) for f in extract_figures(text)]
    assert found == [
        ("2亿剂", "剂", "count"),
        ("12万册", "册", "count"),
        ("300多篇", "篇", "count"),
        ("8处", "处", "count"),
    ]
    assert format_value_en(extract_figures(text)[0]) == "200 million doses"


def test_english_number_words_give_the_forms_the_reports_write() -> None:
    assert number_word_forms("eight") == ["八", "8"]
    assert number_word_forms("Twelve") == ["十二", "12"]
    assert number_word_forms("ten") == ["十", "10"]
    assert number_word_forms("initiatives") == []


def test_a_count_of_national_level_things_is_not_a_count_of_countries() -> None:
    """国家级 is "national-level": 5个国家级的技术转移平台 counts platforms; 8个国家 beside it counts countries."""
    figs = extract_figures("与8个国家建立了官方的科技园区合作关系，建设5个国家级的技术转移平台。")
    assert [(f.raw, f.unit) for f in figs] == [("8个国家", "国家"), ("5个", "个")]


def test_a_count_after_a_bare_classifier_is_of_the_noun_a_verb_phrase_modifies() -> None:
    """100个减缓和适应气候变化项目: the counted noun ends where the next count begins; after 58个国家 the verb that
    follows is the predicate, not a noun."""
    text = "启动10个低碳示范区、100个减缓和适应气候变化项目和1000个应对气候变化培训名额的合作项目，帮助发展中国家"
    labels = {f.raw: f.label for f in extract_figures(text)}
    assert labels["100个"] == "减缓和适应气候变化项目"
    assert labels["1000个"] == "应对气候变化培训名额"
    invested = {f.raw: f.label for f in extract_figures("中国投资者在58个国家实现直接投资186.1亿美元。")}
    assert invested["58个国家"] != "实现直接投资"
    # a name in quotes inside the phrase does not end it
    signed = {
        f.raw: f.label for f in extract_figures("中国已经与138个国家签署了202份共建“一带一路”合作文件。")
    }
    assert signed["202份"].endswith("合作文件")


def test_a_bare_hundred_or_thousand_after_an_approximation_is_a_count() -> None:
    """近百名卫生官员 is nearly 100 people and 逾千家 more than 1,000; 千家万户 stays an idiom."""
    figs = extract_figures("共有来自越南等国的近百名卫生官员与中方专家进行了为期15天的学习。")
    assert [(f.raw, f.value, f.qualifier) for f in figs][0] == ("百名", 100.0, "nearly")
    assert [(f.value, f.qualifier) for f in extract_figures("逾千家企业参展")] == [(1000.0, "more than")]
    assert extract_figures("走进千家万户") == []
    # 上万个 is "over ten thousand"; the 上 of 路上 or 以上 is not
    figs = extract_figures("已为20多个非洲国家的上万个村庄接入了数字电视信号。")
    assert [(f.value, f.qualifier, f.label) for f in figs][1] == (10000.0, "more than", "村庄")
    assert extract_figures("路上千家万户") == [] and extract_figures("以上万个") == []


def test_the_counted_noun_runs_past_a_determiner_and_a_quoted_name() -> None:
    """8300多名各国青年科学家 counts scientists (各国 and 青年, which jieba tags a time word, modify them);
    33家“一带一路”联合实验室 counts laboratories, not the name in quotes before them."""
    labels = {
        f.raw: f.label
        for f in extract_figures(
            "已累计支持8300多名各国青年科学家来华工作，启动建设33家“一带一路”联合实验室。"
        )
    }
    assert labels["8300多名"].endswith("科学家")
    assert labels["33家"].endswith("联合实验室")


def test_figures_after_fenbie_take_the_listed_measures_in_order() -> None:
    """新签合同额和完成营业额占比分别为55.4%、58.4%: 55.4% is the new contracts' share, 58.4% the turnover's."""
    text = "在沿线国家承包工程新签合同额和完成营业额占比分别为55.4%、58.4%，其中完成营业额占比较2019年上升了1.7%。"
    figs = extract_figures(text)
    assert find(figs, "55.4%").label == "新签合同额占比"
    assert find(figs, "58.4%").label == "完成营业额占比"
    # without 分别 the shared label stays whole
    whole = extract_figures("新签合同额和完成营业额占比为55.4%、58.4%。")
    assert find(whole, "55.4%").label == find(whole, "58.4%").label


def test_figures_after_fenbie_take_the_items_listed_before_it() -> None:
    """研发设计、电子商务、信息服务分别增长78.8%、15.1%和11.6%: each growth is its own item's, not the last one's;
    the measure the last item ends with is every item's (原油…进口量)."""
    text = "高技术产业吸收外资稳步增长，其中研发设计、电子商务、信息服务分别增长78.8%、15.1%和11.6%。"
    figs = extract_figures(text)
    assert [find(figs, raw).label for raw in ("78.8%", "15.1%", "11.6%")] == [
        "研发设计增长",
        "电子商务增长",
        "信息服务增长",
    ]
    imports = extract_figures("2020年，中国原油、金属矿砂等资源型产品进口量分别增加了7.3%和7%。")
    assert find(imports, "7.3%").label == "中国原油进口量增加"
    assert find(imports, "7%").label == "金属矿砂等资源型产品进口量增加"
    # a list that does not match the figures one to one leaves the labels as they were
    uneven = extract_figures("其中研发设计、信息服务分别增长78.8%、15.1%和11.6%。")
    assert len({find(uneven, raw).label for raw in ("78.8%", "15.1%", "11.6%")}) == 1


def test_anniversaries_decades_and_a_lone_year_are_no_durations() -> None:
    for text in ("庆祝建党一百周年。", "九十年代以来", "一年一度的盛会", "千年古城", "一周年纪念"):
        assert not extract_figures(text), text


def test_a_bare_hundred_or_thousand_with_more_is_a_count_and_an_idiom_is_not() -> None:
    fig = find(extract_figures("上诉机构在过去二十多年间共处理了百余起争端"), "百余起")
    assert (fig.value, fig.unit, fig.qualifier, fig.kind) == (100, "起", "more than", "count")
    assert extract_figures("惠及千家万户") == []
    assert extract_figures("亚洲是全球唯一一个货物贸易量维持正增长的地区") == []  # 唯一一个: the only one
    fig = find(
        extract_figures("分为总则、投诉的提出与受理、投诉处理、投诉工作管理制度和附则共五章33条"), "五章"
    )
    assert (fig.value, fig.unit, fig.kind) == (5, "章", "count")
    fig = find(extract_figures("先后举办了10期高级研修班"), "10期")
    assert (fig.value, fig.unit, fig.kind) == (10, "期", "count")
    assert extract_figures("二期项目首台机组") == []  # the second phase, not two sessions


def test_areas_a_text_names_are_counted_and_on_the_one_hand_is_not() -> None:
    fig = find(extract_figures("从加强政策引导、加强人才队伍建设等5方面提出具体措施"), "5方面")
    assert (fig.value, fig.unit, fig.kind) == (5, "方面", "count")
    fig = find(extract_figures("在以下三个方面开展合作"), "三个方面")
    assert (fig.value, fig.unit) == (3, "方面")
    assert extract_figures("一方面要加强合作，另一方面要防范风险") == []


def test_a_numeral_opening_a_quoted_slogan_is_part_of_it_but_one_opening_a_text_is_a_figure() -> None:
    assert extract_figures("统筹推进“五位一体”总体布局，协调推进“四个全面”战略布局") == []
    assert [f.raw for f in extract_figures("32个国际组织参加")] == ["32个国际组织"]
    assert [f.raw for f in extract_figures("八年间，合作不断深化")] == ["八年"]


def test_a_year_counted_since_is_a_duration_but_once_a_year_is_not() -> None:
    fig = find(extract_figures("《协定》实施一年以来，双方积极发展经贸关系"), "一年")
    assert (fig.value, fig.unit) == (1, "年")
    assert extract_figures("一年一度的盛会") == []


def test_yue_ending_a_word_is_no_qualifier() -> None:
    # 签约25处: signed, not "about 25"; 约25处 is
    signed = extract_figures("设立13处动物救护站，签约25处植物保护站。")
    assert [(f.raw, f.qualifier) for f in signed] == [("13处", None), ("25处", None)]
    assert extract_figures("建成约25处保护站。")[0].qualifier == "about"


def test_tenths_are_shares() -> None:
    # 近六成: nearly six tenths; 形成, 一成不变 are no figures
    figures = extract_figures(
        "近六成在中国外资企业营业收入实现增长或持平，超九成企业持乐观态度，形成合力，一成不变。"
    )
    assert [(f.raw, f.value, f.unit, f.kind) for f in figures] == [
        ("六成", 60.0, "%", "share"),
        ("九成", 90.0, "%", "share"),
    ]
    assert figures[1].qualifier == "more than"
