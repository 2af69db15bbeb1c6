"""An actual amount given beside an intended one, a pledge announced, a part given further down the best's section,
what a coordinated noun counts, a threshold a question sets, the first of a kind of fair, a converter station's
capacity, an agreement's entry into force, an acronym in a Chinese question, a place word that is only part of a
longer name, and words that say how (大概, 主要, 实际) rather than what."""

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
    assert asked_event("When was RCEP signed?", "en") == ""


def test_an_acronym_in_a_chinese_question_names_what_it_stands_for() -> None:
    assert "国际货币基金组织" in find_entities("IMF预计2021年中国经济能增长多少？")
    codes = "海关新加的跨境电商B2B出口方式代码是哪两个？"  # an acronym of no name adds none
    assert all(e in codes for e in find_entities(codes)), find_entities(codes)


def test_words_saying_how_leave_the_subject_out() -> None:
    assert subjectless("主要投到了哪些国家？")
    assert subjectless("实际放出去多少？")
    assert not subjectless("双边贸易额是多少？")


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
