"""Words the reports write otherwise: a short form whose characters a longer name holds in order (卫健委, 中信保,
自贸区), a word written across two of the reports' words (电价 of 购电价格), the kind of thing asked (性质, 定位) that
an answer need not say; a year written by its last two digits (19年), and "the year before" a change is against."""

from __future__ import annotations

from qa.answer.analyze import analyze
from qa.answer.editions import asks_year_before
from qa.answer.named import elided_in
from qa.answer.requests import full_years
from qa.answer.term_match import unwritten, with_compounds, written_in
from tests.test_near_miss import asked_after


def test_a_year_by_its_last_two_digits_and_not_a_span_of_years() -> None:
    assert full_years("+19年呢？") == "+2019年呢？"
    assert (
        full_years("13年到19年对沿线国家直接投资从多少涨到多少")
        == "2013年到2019年对沿线国家直接投资从多少涨到多少"
    )
    assert full_years("19年底有多少") == "2019年底有多少"
    assert full_years("截至20年4月中国跟多少个国家签了") == "截至2020年4月中国跟多少个国家签了"
    spans = (
        "中非合作论坛成立20年来",
        "中非合作论坛成立20年 中国对非洲",
        "近10年",
        "过去20年间",
        "这20年",
        "8年来",
    )
    for span in (*spans, "第15届", "2019年", "12个月", "比19版多几条"):
        assert full_years(span) == span
    assert full_years("How many in '19?") == "How many in '19?"  # English is left as it is
    history = [
        {"role": "user", "content": "2020年中欧班列综合重箱率是多少"},
        {"role": "assistant", "content": "98.4%"},
    ]
    assert analyze("19年呢？", history).years == [2019]


def test_the_year_before_as_what_a_change_is_against() -> None:
    assert asks_year_before("And the year before?")
    assert asks_year_before("那前一年呢？")
    assert not asks_year_before("growth vs the year before?")
    assert not asks_year_before("How much higher than the previous year?")
    assert not asks_year_before("比上一年增长多少？")
    history = [
        {"role": "user", "content": "How many China-Europe trains ran in 2019?"},
        {"role": "assistant", "content": "8,225 trains (8225列) [1]."},
    ]
    assert analyze("growth vs the year before?", history).years == [2019]
    assert analyze("And the year before?", history).years == [2018]


def test_a_short_form_a_longer_name_holds_in_order() -> None:
    assert elided_in("卫健委的方案翻译成几种语言", "卫健委", "国家卫生健康委员会汇编诊疗和防控方案")
    # jieba cuts 中信保 as 中信 + 保: the name is read with what the question writes after it
    assert elided_in("中信保累计保额多少", "中信", "中国出口信用保险公司在沿线国家累计实现保额")
    assert not elided_in("中信保累计保额多少", "中信", "中国与沿线国家的信息交流")  # 保 is not there
    assert not elided_in("卫健委的方案", "卫健委", "卫星、健身、委员")  # not within one name
    assert not elided_in("北京有多少", "北京", "北方的京津冀")  # two characters are too few to tell


def test_a_word_written_across_two_words_or_in_a_longer_form() -> None:
    assert written_in("电价", "肯尼亚电力部门购电价格为12先令") and not written_in("电价", "电力供应与价格")
    assert written_in("自贸区", "北京自贸试验区聚焦数字经济") and not written_in("自贸区", "北京等21个自贸")
    weights = {"电价": 5.0, "加里萨": 4.0, "先令": -1.0}
    seams = unwritten(weights, lambda t: {"加里萨": 3}.get(t, 0))  # 先令 only adds to a match
    assert seams == frozenset({"电价"})
    compounds = [(t, frozenset()) for t in seams]
    assert "电价" in with_compounds(frozenset({"购电", "价格"}), compounds, "购电价格为12先令")
    assert "电价" not in with_compounds(frozenset({"电力"}), compounds, "电力供应")


def test_short_forms_seams_and_asked_kinds_answered(real_service) -> None:
    nhc = real_service.ask("卫健委的新冠诊疗防控方案翻译成几种语言，分享给了多少国家")
    assert not nhc.abstained and "3种语种" in nhc.answer and "180多个国家" in nhc.answer, nhc.answer
    sinosure = real_service.ask("中信保在沿线国家累计保额多少、赔了多少")
    assert not sinosure.abstained and "7704亿美元" in sinosure.answer, sinosure.answer
    price = real_service.ask("加里萨电站上网电价多少一度，比柴油发电便宜多少")
    assert not price.abstained and "12先令" in price.answer, price.answer
    caict = real_service.ask("商务部研究院是个什么性质的机构")
    assert not caict.abstained and "研究咨询机构" in caict.answer, caict.answer
    peak = real_service.ask("碳达峰碳中和的时间节点是？")
    assert not peak.abstained and "2060年前" in peak.answer, peak.answer


def test_short_years_and_the_year_before_answered(real_service) -> None:
    rate = asked_after(real_service, ("2020年中欧班列综合重箱率是多少",), "19年呢？")
    assert not rate.abstained and "94%" in rate.answer and "98.4%" not in rate.answer, rate.answer
    growth = asked_after(
        real_service,
        ("How many China-Europe trains ran in 2019, and how many TEUs did they carry?",),
        "growth vs the year before?",
    )
    assert not growth.abstained and "29%" in growth.answer, growth.answer


def test_a_follow_up_pointing_back_at_a_passage_that_goes_on(real_service) -> None:
    first = "Chinese-built integrated steel project in Malaysia – how many local jobs and what export share?"
    share = asked_after(
        real_service, (first,), "What share of its investment went to environmental protection?"
    )
    assert not share.abstained and "16.15%" in share.answer, share.answer
    # a measure of its own ("contracts"), not the jobs the first question asked: 5.3亿令吉的合约 leads
    contracts = asked_after(
        real_service,
        (first, "What share of its investment went to environmental protection?"),
        "and how much in contracts with local firms?",
    )
    lead = contracts.answer.split("[")[0]
    assert "5.3亿令吉" in lead, contracts.answer
    assert "4000个" not in lead or lead.index("5.3亿令吉") < lead.index("4000个"), contracts.answer


def test_a_clause_after_a_comma_that_asks_again_is_another_part() -> None:
    from qa.answer.query import question_parts

    assert question_parts("外商投资企业投诉工作办法一共几章几条，哪天开始施行？") == [
        "外商投资企业投诉工作办法一共几章几条",
        "哪天开始施行",
    ]
    assert question_parts("一带一路新闻合作联盟啥时候成立的，现在多少成员") == [
        "一带一路新闻合作联盟啥时候成立的",
        "现在多少成员",
    ]
    # a clause that asks nothing stays with the one that asks; a list of names is no second question
    assert len(question_parts("截至2020年8月，中国跟多少国家和地区建立了教育合作交流关系")) == 1
    assert len(question_parts("北京、上海的营商环境排第几")) == 1


def test_a_second_asking_clause_answered(real_service) -> None:
    both = asked_after(
        real_service,
        ("中国企业对沿线国家直接投资2013年和2019年分别是多少",),
        "7年累计多少，占对外直接投资比重大概多少？",
    )
    assert "1100亿美元" in both.answer and "12%" in both.answer, both.answer


def test_a_doubled_character_across_two_words_and_a_name_written_as_a_list() -> None:
    from qa.answer.focus import seam_guess

    assert seam_guess("完成营业额占比比19年提高了多少", "比比", ["完成营业额占比分别为55.4%、58.4%"])
    assert elided_in("项目红黄绿分类按哪三个维度", "红黄绿", "投资项目进行“红、黄、绿”三类分类")


def test_volumes_and_batches_are_editions() -> None:
    from qa.answer.editions import edition_counter, find_editions

    assert find_editions("已编辑出版丛书《共同梦想》第一、第二、第三辑，包括") == [1, 2, 3]
    assert find_editions("第四辑什么时候出？") == [4] and find_editions("首批12家国家数字服务出口基地") == [1]
    assert find_editions("When did the 4th volume come out?") == [4]
    assert find_editions("二期项目于2016年开工") == []  # a phase of a project, no edition of a series
    assert edition_counter("第四辑什么时候出？") == "辑" and edition_counter("那第二批呢") == "批"
    assert edition_counter("What about the fourth?") == "届"


def test_a_volume_not_covered_and_a_doubled_character_answered(real_service) -> None:
    volume = asked_after(
        real_service, ("“一带一路”故事丛书《共同梦想》出了几辑？有哪些语种版本",), "第四辑什么时候出？"
    )
    assert volume.abstained and "第4辑" in volume.answer, volume.answer
    share = asked_after(
        real_service,
        ("2020年在沿线国家承包工程，新签合同额和完成营业额占比各是多少",),
        "完成营业额占比比19年提高了多少",
    )
    assert not share.abstained and "1.7%" in share.answer, share.answer


def test_a_month_typed_in_lower_case() -> None:
    from qa.answer.requests import as_question

    assert as_question("and in september?") == "and in September?"
    assert as_question("How many may attend in may?") == "How many may attend in May?"


def test_another_month_and_another_edition_of_the_event_carried(real_service) -> None:
    cpi = asked_after(
        real_service,
        ("what did the Lanrui think tank note say US CPI growth hit in October?",),
        "and in september?",
    )
    assert cpi.abstained and "September" in cpi.answer, cpi.answer
    fourth = asked_after(
        real_service, ("第三届进博会累计意向成交多少 比上届涨了多少", "展览面积呢"), "第四届的意向成交额呢"
    )
    assert fourth.abstained and "第4届" in fourth.answer, fourth.answer


def test_fdi_inflows_are_foreign_investment_attracted(real_service) -> None:
    inflows = real_service.ask("How much did China's FDI inflows rise in 2020?")
    assert not inflows.abstained and "6.2%" in inflows.answer.split("[")[0], inflows.answer


def test_actually_asks_an_actual_amount_only_of_an_amount(real_service) -> None:
    from qa.answer.parts import QUALIFIERS

    assert QUALIFIERS["实际"].search("How much has the Silk Road Fund actually paid in?")
    assert not QUALIFIERS["实际"].search("and how many of the staff there are actually Chinese?")
    staff = asked_after(
        real_service,
        ("how much has HBIS sunk into tech upgrades at its Serbian steel mill?",),
        "and how many of the staff there are actually Chinese?",
    )
    assert not staff.abstained and "(9人)" in staff.answer, staff.answer


def test_which_kind_of_thing_is_asked_is_no_word_the_answer_needs(real_service) -> None:
    provinces = real_service.ask(
        "which provinces got new semiconductor materials and industrial ceramics entries in the 2020 encouraged FDI"
        " catalogue?"
    )
    assert "Hubei (湖北)" in provinces.answer and "28" not in provinces.answer.split("“")[0], provinces.answer
    ports = real_service.ask("Which ports does the 8-year review say are progressing smoothly?")
    assert "瓜达尔港" in ports.answer.split("“")[0], ports.answer


def test_a_later_part_asking_which_or_where_is_answered_with_its_quote(real_service) -> None:
    fairs = real_service.ask(
        "how many Happy Chinese New Year events did China hold in 2020, and which international travel fairs did"
        " it join online?"
    )
    assert "(200场)" in fairs.answer and "伦敦国际旅游交易会" in fairs.answer, fairs.answer
    routes = real_service.ask(
        "How many anti-epidemic charter flights did SF Airlines fly during covid, and where did it add routes to?"
    )
    assert "(210班)" in routes.answer and "印度 [India]" in routes.answer, routes.answer
