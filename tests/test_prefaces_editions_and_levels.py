"""Words before a question that ask nothing ("顺便问下，", "Different topic:"), an edition written without 第 or with its
event in quote marks, a hedge before 多少 with no copula, a modal glued to a verb, a level reached (扩到多少) against
what was added, the year of a sentence's figures dated elsewhere, and a change asked over the years the best speaks of."""

from __future__ import annotations

from qa.answer.analyze import analyze
from qa.answer.editions import edition_unwritten, question_editions
from qa.answer.flow import asks_total
from qa.answer.focus import zh_focus
from qa.answer.requests import as_question, new_topic
from tests.test_near_miss import asked_after

HISTORY = [
    {"role": "user", "content": "2020年6月一带一路高级别视频会议是哪几个部门合办的？"},
    {
        "role": "assistant",
        "content": "会议由中国外交部、国家发展和改革委员会、商务部、国家卫生健康委员会共同举办。",
    },
]


def test_a_preface_is_left_out_and_a_new_topic_drops_the_history() -> None:
    assert as_question("顺便问下，中国给COVAX承诺了多少剂疫苗？") == "中国给COVAX承诺了多少剂疫苗？"
    assert as_question("By the way, when did it open?") == "When did it open?"
    assert as_question("Different topic: how many countries?") == "How many countries?"
    assert new_topic("换个话题，雅万高铁建成后车程多少？") and new_topic("Different topic: how many?")
    assert not new_topic("顺便问下，那2019年呢？") and not new_topic("Also, what about 2019?")
    assert not new_topic("Which topic did the forum discuss?")  # no preface: a question about topics
    assert analyze("换个话题，那2019年呢？", HISTORY).history == []
    assert analyze("顺便问下，那2019年呢？", HISTORY).history == HISTORY


def test_an_edition_without_di_and_one_written_with_its_event_in_quote_marks() -> None:
    assert question_editions("127届广交会最后成交额大概多少？") == [127]
    assert question_editions("第127届广交会成交额多少？") == [127]
    assert question_editions("广交会连续办了3届吗？") == []  # a count of sessions, not an edition
    assert analyze("127届广交会最后成交额大概多少？").edition == 127
    text = "2020年11月，香港举办第五届“一带一路”高峰论坛。第二届“一带一路”国际合作高峰论坛…"
    contains = text.lower().__contains__
    assert not edition_unwritten(5, ["一带一路", "高峰论坛"], contains)
    assert edition_unwritten(6, ["一带一路", "高峰论坛"], contains)


def test_a_hedge_without_a_copula_and_a_modal_glued_to_a_verb() -> None:
    assert zh_focus("第127届广交会最后成交额大概多少？") == "成交额"
    assert zh_focus("在北京开一家公司要多少天？") == ""  # 要 asks how long, it is no hedge
    assert zh_focus("默蒂亚里到拉合尔那条直流线一年能输多少电？") == ""
    assert zh_focus("匈塞铁路匈牙利段有啥新进展") == ""  # 啥 asks what, like 什么


def test_a_level_reached_is_a_total() -> None:
    assert asks_total("跨境电商综试区2020年4月扩到多少个了", "zh")
    assert asks_total("累计投资增加到多少？", "zh")
    assert not asks_total("2020年4月新增了多少个综试区？", "zh")


def test_prefaces_editions_and_levels_answered(real_service) -> None:
    first = "2020年6月一带一路高级别视频会议是哪几个部门合办的？"
    result = asked_after(real_service, (first,), "顺便问下，中国给COVAX承诺了多少剂疫苗？")
    assert not result.abstained and "1000万剂" in result.answer, result.answer
    fifth = real_service.ask('香港第五届"一带一路"高峰论坛是什么时候办的')
    assert not fifth.abstained and "2020年11月" in fifth.answer, fifth.answer
    deal = real_service.ask("127届广交会最后成交额大概多少？")
    assert deal.abstained and "第128届" not in deal.answer, deal.answer
    level = real_service.ask("跨境电商综试区2020年4月扩到多少个了")
    assert "105个" in level.answer, level.answer
    power = real_service.ask("默蒂亚里到拉合尔那条直流线一年能输多少电？")
    assert not power.abstained and "350亿千瓦时" in power.answer, power.answer


def test_a_year_dated_elsewhere_and_a_change_over_the_years_asked(real_service) -> None:
    later = asked_after(
        real_service, ("中国—东盟信息港到2020年底建了几条国际海缆",), "And by the end of 2021?"
    )
    assert later.abstained and "2021" in later.answer, later.answer
    grew = real_service.ask(
        "By how much did China's direct investment in Belt and Road countries grow between 2013 and 2019?"
    )
    assert "126.3亿美元" in grew.answer and "186.9亿美元" in grew.answer, grew.answer


def test_a_glossary_phrase_around_a_name() -> None:
    from qa.text.phrases import en_terms

    assert en_terms("How many dedicated China-Europe Railway Express routes are there now?") == [
        "中欧班列",
        "专用运行线",
    ]
    # a name inside a phrase of its own keeps that phrase ("CO2 emissions": 二氧化碳排放)
    assert "二氧化碳排放" in en_terms("When does China aim to peak CO2 emissions?")


def test_an_item_of_a_list_is_not_given_its_own_figure_by_a_label_that_ends_the_list() -> None:
    from qa.answer.named import item_figured
    from qa.answer.types import Quote

    text = "在新加坡、越南等地建立海外仓5个，推动形成陆海内外联动。"
    listed = Quote(
        None, 0, len(text), text, 1.0, 1.0, [{"value": 5.0, "unit": "个", "label": "越南等地建立海外仓"}]
    )  # type: ignore[arg-type]
    own = Quote(None, 0, len(text), text, 1.0, 1.0, [{"value": 5.0, "unit": "个", "label": "越南海外仓"}])  # type: ignore[arg-type]
    assert not item_figured(listed, ["越南"]) and item_figured(own, ["越南"])


def test_a_list_item_and_a_dedicated_phrase_answered(real_service) -> None:
    routes = real_service.ask("How many dedicated China-Europe Railway Express routes are there now?")
    assert routes.answer.split("[")[0].count("73") and "23条" not in routes.answer, routes.answer
    result = asked_after(
        real_service,
        (
            "重庆的陆海新通道辐射了多少国家和港口",
            "海外仓建了几个？",
        ),
        "那越南有几个呢？",
    )
    assert result.abstained and "越南" in result.answer, result.answer


def test_a_place_put_in_the_place_of_the_one_asked_before(real_service) -> None:
    for first, then in (
        ("How many masks did Shanghai donate abroad?", "What about Beijing, how many masks did it send?"),
        ("江苏2020年一带一路工作要点定了多少条重点工作？", "那湖南的工作要点定了多少条？"),
    ):
        result = asked_after(real_service, (first,), then)
        assert result.abstained, result.answer
    beijing = real_service.ask("北京跟多少个国家的城市开展了抗疫合作")
    assert not beijing.abstained and "78个城市" in beijing.answer, beijing.answer


def test_how_long_far_from_its_verb_and_new_ones_added() -> None:
    from qa.answer.dimension import DURATION_UNITS, dimension_units
    from qa.answer.flow import NEW_ONES

    long_one = "How long did China's online session sharing its COVID control experience with the world run?"
    assert dimension_units(long_one, "en") <= DURATION_UNITS
    assert NEW_ONES.search("这一批新加了几个？") and not NEW_ONES.search("新加坡有几个？")


def test_the_asked_value_before_the_average_and_a_bare_number_of_the_asked_noun(real_service) -> None:
    power = real_service.ask(
        "How many days does a firm in China need to get power connected for a standard warehouse?"
    )
    assert power.answer.startswith("32 days"), power.answer
    average = real_service.ask(
        "And the East Asia and Pacific average?",
        [
            {"role": "user", "content": "How many days does a firm in China need to get power connected?"},
            {"role": "assistant", "content": power.answer},
        ],
    )
    assert "63 days" in average.answer.split("[")[0], average.answer
    residents = real_service.ask("How many residents does Brazil's Belo Monte phase II power line serve?")
    assert "22 million" in residents.answer.split("[")[0], residents.answer


def test_a_follow_up_naming_nothing_does_not_drift_to_another_party(real_service) -> None:
    homes = asked_after(real_service, ("匈牙利考波什堡光伏电站一年能发多少电？",), "能满足多少户家庭用电？")
    assert homes.abstained and "7万户" not in homes.answer.split("[")[0], homes.answer
    kenya = asked_after(real_service, ("肯尼亚加里萨那个光伏电站一年能发多少电？",), "能满足多少户家庭用电？")
    assert not kenya.abstained and "7万户" in kenya.answer, kenya.answer


def test_so_far_is_no_noun_of_what_is_counted() -> None:
    from qa.answer.asked_en import asked_noun

    assert asked_noun("What about free trade agreements, how many so far?") == ""
    assert asked_noun("How many trains so far?") == "trains"


def test_a_name_inside_a_rare_name_too_common_to_tell_aboutness_is_no_form_of_it(real_service) -> None:
    turnover = real_service.ask("What was the total turnover at the 127th online Canton Fair?")
    assert turnover.abstained and "58.4%" not in turnover.answer, turnover.answer
    exhibitors = real_service.ask("How many companies exhibited at the 128th Canton Fair?")
    assert not exhibitors.abstained and "2.6万家" in exhibitors.answer, exhibitors.answer


def test_an_edition_is_of_the_event_its_name_ends_with(real_service) -> None:
    from qa.answer.editions import edition_terms

    terms = ["一带一路", "企业", "合规", "培训班"]
    assert edition_terms("第二届一带一路企业合规经营培训班有多少家企业参加？", terms, heads=True) == [
        "培训班"
    ]
    second = real_service.ask("第二届一带一路企业合规经营培训班有多少家企业参加？")
    assert second.abstained and "第3届" in second.answer, second.answer
    third = real_service.ask("第三届一带一路企业合规经营培训班在哪办的？")
    assert not third.abstained, third.answer


def test_a_share_asked_of_the_sentence_that_gave_it_as_zhan_and_a_percentage(real_service) -> None:
    share = asked_after(
        real_service, ("2020年中国跟140个签了合作文件的国家货物贸易额多少？",), "占中国货物贸易总额的比重呢？"
    )
    assert "40.9%" in share.citations[0].quote, share.answer
