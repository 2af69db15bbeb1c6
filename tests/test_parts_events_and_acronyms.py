"""An actual amount given beside an intended one, a pledge announced, a part given further down the best's section,
what a coordinated noun counts, a threshold a question sets, the first of a kind of fair, a converter station's
capacity, an agreement's entry into force, an acronym in a Chinese question, a place word that is only part of a
longer name, words that say how (大概, 主要, 实际) rather than what, a count of the thing asked before a count of
another, a span of years asked in words, growth asked over two years, and money asked in other words."""

from __future__ import annotations

from qa.answer.analyze import find_entities
from qa.answer.dimension import POWER_UNITS, dimension_units
from qa.answer.editions import edition_unwritten, find_editions
from qa.answer.flow import asked_event
from qa.answer.followup import subjectless
from qa.answer.parts import bare_qualifiers, own_qualifiers
from tests.test_near_miss import asked_after


def test_an_amount_beside_the_intended_one_is_the_actual_one() -> None:
    both = "共达成802万美元贸易成交额，4824万美元意向成交额。"
    assert "实际" in own_qualifiers(both) and "实际" not in bare_qualifiers(both)
    assert "实际" not in own_qualifiers("累计意向成交额726.2亿美元，较上届增长2.1%。")
    assert "承诺" in bare_qualifiers("宣布向联合国新冠肺炎疫情全球人道主义应对计划提供5000万美元支持；")


def test_the_first_online_fair_is_no_first_edition() -> None:
    assert find_editions("How many companies took part in the first online Canton Fair?") == []
    assert find_editions("What was the turnover at the 128th online Canton Fair?") == [128]
    assert find_editions("How many side events were held around the third import expo?") == [3]


def test_an_edition_the_reports_never_name_of_an_event_they_name_others_of() -> None:
    reports = "第三届中国国际进口博览会…第127届广交会…第128届广交会"
    assert edition_unwritten(4, ["进博会"], reports.__contains__)
    assert not edition_unwritten(3, ["进博会"], reports.__contains__)
    assert edition_unwritten(129, ["广交会"], reports.__contains__)
    assert not edition_unwritten(2, ["培训班"], reports.__contains__)  # no edition of it named at all


def test_a_converter_station_has_a_capacity_in_megawatts_a_line_does_not() -> None:
    station = (
        "What's the capacity of the back-to-back converter station a Chinese firm is building in Turkey?"
    )
    assert dimension_units(station, "en") == set(POWER_UNITS)
    assert dimension_units("What's the annual transmission capacity of the HVDC line?", "en") != set(
        POWER_UNITS
    )


def test_entry_into_force_is_another_event_than_the_signing() -> None:
    assert asked_event("When does RCEP actually enter into force?", "en") == "in force"
    assert asked_event("RCEP什么时候生效？", "zh") == "in force"
    assert asked_event("When was RCEP signed?", "en") == "signed"  # a signing: another event again


def test_an_acronym_in_a_chinese_question_names_what_it_stands_for() -> None:
    assert "国际货币基金组织" in find_entities("IMF预计2021年中国经济能增长多少？")
    codes = "海关新加的跨境电商B2B出口方式代码是哪两个？"  # an acronym of no name adds none
    assert all(e in codes for e in find_entities(codes)), find_entities(codes)


def test_words_saying_how_leave_the_subject_out() -> None:
    assert subjectless("主要投到了哪些国家？")
    assert subjectless("实际放出去多少？")
    assert subjectless("谁负责运营维护？")  # who did it, to what the conversation named
    assert subjectless("海外有多少人看过？")  # where, as 国内 is
    assert not subjectless("双边贸易额是多少？")


def test_a_word_the_glossary_renders_the_same_way_speaks_of_the_thing() -> None:
    from qa.answer.spoken import spoken_of

    assert spoken_of("工作岗位", "累计为非洲国家创造了450余万个就业岗位")
    assert not spoken_of("工作岗位", "累计为非洲国家创造了450余万美元收入")


def test_parts_and_amounts_found_where_the_reports_give_them(real_service) -> None:
    exported = real_service.ask(
        "What share of the Malaysian integrated steel project's output gets exported?"
    )
    assert not exported.abstained and exported.answer.startswith("70% (70%)"), exported.answer
    deals = real_service.ask("墨西哥那个线上贸易展最后实际成交了多少？")
    assert "802万美元贸易成交额" in deals.citations[0].quote, deals.answer
    pledged = asked_after(
        real_service,
        ("How much cash did China hand the WHO during the pandemic?",),
        "And what did it pledge to the UN global humanitarian response plan?",
    )
    assert not pledged.abstained and "(5000万美元)" in pledged.answer, pledged.answer
    papers = real_service.ask(
        "How many papers have been posted on the COVID research-sharing platform China set up?"
    )
    assert "(840多篇)" in papers.answer.split("[")[0], papers.answer
    cities = real_service.ask(
        "How many Chinese cities had run more than 100 China-Europe freight trains by 2020?"
    )
    assert cities.answer.startswith("In 2020, cities: 29 (29个)"), cities.answer
    station = real_service.ask(
        "What's the capacity of the back-to-back converter station a Chinese firm is building in Turkey?"
    )
    assert "(600兆瓦)" in station.answer, station.answer
    books = real_service.ask("《共同梦想》那套一带一路故事书线下发了多少本？")
    assert "31万册" in books.citations[0].quote, books.answer


def test_names_events_and_editions_read_as_asked(real_service) -> None:
    codes = real_service.ask("海关新加的跨境电商B2B出口方式代码是哪两个？")
    assert not codes.abstained and "9710" in codes.citations[0].quote, codes.answer
    imf = asked_after(real_service, ("IMF预计2021年中国经济能增长多少？",), "2022年呢？")
    assert imf.abstained, imf.answer  # the WTO's forecast for 2022 is not the IMF's
    in_force = real_service.ask("When does RCEP actually enter into force?")
    assert in_force.abstained and "when it enters into force" in in_force.answer, in_force.answer
    fourth = real_service.ask("第四届进博会期间一共举办了多少场配套活动？")
    assert fourth.abstained, fourth.answer
    fair = real_service.ask("How many companies took part in the first online Canton Fair?")
    assert fair.answer.startswith("Companies: nearly 26,000 (2.6万家)"), fair.answer
    where = asked_after(
        real_service,
        ("2013到2020年，咱们对沿线国家直接投资一共多少？", "光2020年呢？"),
        "主要投到了哪些国家？",
    )
    assert "主要投向新加坡" in where.citations[0].quote, where.answer
    lent = asked_after(real_service, ("国开行一带一路专项贷款到现在签了多少？",), "实际放出去多少？")
    assert lent.citations and "国家开发银行" in lent.citations[0].quote, lent.answer


def test_growth_over_two_years_is_given_by_the_levels_at_both_ends() -> None:
    from qa.answer.dimension import gives_rate

    levels = [
        {"unit": "万亿美元", "year": 2013, "value": 1.04},
        {"unit": "万亿美元", "year": 2019, "value": 1.34},
    ]
    asked = "How much did China's goods trade with Belt and Road countries grow between 2013 and 2019?"
    assert gives_rate(levels, asked, "en")
    assert not gives_rate(levels, "How much did it grow between 2013 and 2020?", "en")
    assert not gives_rate(levels, "What share of trade was it in 2013 and 2019?", "en")


def test_money_asked_in_other_words() -> None:
    from qa.answer.dimension import MONEY_UNITS

    for asked in (
        "How much in assets do its members hold?",
        "How much have they sunk into upgrading it?",
        "How much has the company put into upgrading the plant?",
    ):
        assert set(MONEY_UNITS) <= dimension_units(asked, "en"), asked


def test_a_span_of_years_asked_in_words_and_the_whole_world() -> None:
    from qa.answer.scoring import asked_span
    from qa.answer.spoken import in_reports

    assert asked_span("这八年中国跟沿线国家的货物贸易加起来有多少？") == 8
    assert asked_span("What was the total over the past eight years?") == 8
    assert asked_span("这个项目花了多少钱？") == 0
    assert in_reports("全世界", ["美国占世界经济体量的24%"])  # 全世界 is the 世界 the reports name


def test_counts_years_and_growth_where_the_reports_give_them(real_service) -> None:
    ftas = real_service.ask("How many FTAs has China signed, and with how many partners?")
    assert "(19个)" in ftas.answer.split("[")[0], ftas.answer  # not RCEP's 20 chapters
    grew = real_service.ask(
        "How much did China's goods trade with Belt and Road countries grow between 2013 and 2019?"
    )
    assert "(1.34万亿美元)" in grew.answer and "(1.35万亿美元)" not in grew.answer, grew.answer
    assets = asked_after(
        real_service,
        ("How many institutions have signed the Belt and Road Green Investment Principles?",),
        "How much in assets do its members hold or manage?",
    )
    assert "(41万亿美元)" in assets.answer, assets.answer
    covax = real_service.ask("How many countries have joined COVAX, according to the report?")
    assert covax.answer.startswith("184 countries (184个国家)"), covax.answer  # not the 10 million doses
    metro = asked_after(real_service, ("巴基斯坦第一条地铁是哪天开通的？",), "谁负责运营维护？")
    assert "广州地铁集团" in metro.citations[0].quote, metro.answer
    eight = real_service.ask("这八年中国跟沿线国家的货物贸易加起来有多少？")
    assert "8.7万亿美元" in eight.citations[0].quote, eight.answer  # 八年来, not the 7年间 of 2013—2019
    later = real_service.ask("How many ventilators did China export in 2021?")
    assert later.abstained and "呼吸机27.1万台" in later.answer, (
        later.answer
    )  # the 2020 figure as the near miss
