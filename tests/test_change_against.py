"""A change asked against a year ("rise from 2019", 较2019年), a period asked by its end, a growth in multiples,
and what an English count asks for."""

from __future__ import annotations

import pytest

from qa.answer.analyze import analyze
from qa.answer.asked_parts import asked_parts
from qa.answer.dimension import against_years, stated_against
from qa.ingest.figure_labels import translate_label
from tests.test_near_miss import asked_after

SHARE_2020 = (
    "What was the turnover of contracted projects in Belt and Road countries in 2020 as a share of the total?"
)


@pytest.mark.parametrize(
    ("question", "lang", "against"),
    [
        ("How much did the turnover share rise from 2019?", "en", [2019]),
        ("How much higher was it than in 2019?", "en", [2019]),
        ("Exports grew by how much on 2019?", "en", [2019]),
        ("How much did trade grow from 2019 to 2020?", "en", []),  # a range, not a base
        ("What was the growth from 2013 to 2020?", "en", []),
        ("How many trains ran in 2020?", "en", []),
        ("出口较2019年增长多少？", "zh", [2019]),
        ("与2019年相比增长了多少？", "zh", [2019]),
        ("2019年增长多少？", "zh", []),
        # a comparison named outright, whatever the question asks of it
        ("How many destination cities were added compared with end-2019?", "en", [2019]),
        ("How many cities were reached, compared to the end of 2019?", "en", [2019]),
        ("目的地城市比2019年底多几个？", "zh", [2019]),
        ("How many cities did it reach in 2019?", "en", []),
    ],
)
def test_the_year_a_change_is_asked_against(question: str, lang: str, against: list[int]) -> None:
    assert against_years(question, lang) == against


def test_a_year_asked_against_is_not_the_year_asked() -> None:
    query = analyze("How much did the turnover share rise from 2019?", [], 5)
    assert query.years == [] and query.against == [2019]
    followup = analyze(
        "How much did the turnover share rise from 2019?",
        [{"role": "user", "content": SHARE_2020}, {"role": "assistant", "content": "58.4%"}],
        5,
    )
    assert followup.years == [2020], followup.years  # the conversation's year, not the one compared with
    assert stated_against("其中完成营业额占比较2019年上升了1.7%") == {2019}


def test_a_label_comparing_with_a_year_reads_in_english() -> None:
    assert (
        translate_label("二氧化碳排放比2005年下降") == "carbon dioxide emissions decline (compared with 2005)"
    )


def test_the_counted_noun_asks_its_unit_not_the_nouns_after_it() -> None:
    (asked,) = asked_parts(analyze("How many routes do Xinjiang's China-Europe trains run?", [], 5))
    assert asked.units == frozenset({"条"}), asked.units


def test_a_share_rise_against_a_year_is_the_change_stated_against_it(real_service) -> None:
    result = asked_after(real_service, (SHARE_2020,), "How much did the turnover share rise from 2019?")
    assert not result.abstained and result.answer.startswith("In 2020: 1.7% (1.7%)"), result.answer


def test_a_growth_in_multiples_answers_how_many_times(real_service) -> None:
    result = real_service.ask("新疆中欧班列开行量增长了多少倍？")
    assert not result.abstained and "增长了近20倍" in result.citations[0].quote, result.answer


def test_and_another_way_of_doing_it_swaps_the_adverb() -> None:
    from qa.answer.followup import swapped

    assert swapped("How many currencies trade directly with the renminbi?", "And regionally?", "en")[0] == (
        "How many currencies trade regionally with the renminbi?"
    )
    assert swapped("Which ones were only announced?", "And early?", "en") == ("", "")


def test_british_plurals_and_verbs_read_as_american() -> None:
    from qa.text.glossary import load_glossary
    from qa.text.word_forms import american

    assert american("organisations") == "organizations"
    assert "稳外贸稳外资" in load_glossary().expand_english(
        "policies for stabilising foreign trade and investment"
    )


def test_what_was_a_possessed_amount_to_somewhere_is_a_quantity() -> None:
    query = analyze("What was China's direct investment flow to Belt and Road countries in 2019?", [], 5)
    assert query.kind == "quantity", query.kind


def test_a_followup_reads_the_box_title_its_items_are_under(real_service) -> None:
    result = asked_after(
        real_service,
        ("What measures did the notice on stabilising foreign trade and investment take?",),
        "Does it support paperless import and export licences?",
    )
    assert "无纸化申领进出口许可证件" in result.citations[0].quote, result.answer


def test_name_some_asks_for_a_list() -> None:
    from qa.answer.kinds import question_kinds

    assert "list" in question_kinds("Name some of the third-party service warehouses.", "en")


def test_a_ranking_asked_of_a_year_leads_with_that_years_place(real_service) -> None:
    question = "What was China's ranking in the World Bank Doing Business report in 2020?"
    result = real_service.ask(question)
    assert result.answer.startswith("The reports give it as the 31st (第31位):"), result.answer
    again = asked_after(real_service, (question,), "And in 2018?")
    assert again.answer.startswith("The reports give it as the 78th (第78位):"), again.answer


def test_the_second_batch_is_the_figure_of_that_batch_and_a_third_is_a_near_miss(real_service) -> None:
    first = "How many geographical indications does the China-EU agreement cover?"
    result = real_service.ask(first)
    assert result.answer.startswith("Geographical indications products: 550 (550个)"), result.answer
    batches = (first, "How many are protected in the first batch?")
    second = asked_after(real_service, batches, "And the second batch?")
    assert second.answer.startswith("Geographical indications: 175 (175个)"), second.answer
    third = real_service.ask("How many geographical indications are in the third batch?")
    assert third.abstained and third.near_miss and third.near_miss.missing == "edition", third.answer


def test_which_ones_after_a_count_lists_from_the_sentence_counted(real_service) -> None:
    count = "How many epidemic prevention exchanges did China hold with international organisations and countries?"
    assert real_service.ask(count).answer.startswith("More than 70 times (70多次)")
    result = asked_after(real_service, (count,), "Which regional organisations took part?")
    assert result.answer.startswith("The reports name ASEAN (东盟), European Union (欧盟)"), result.answer


def test_which_kind_alone_asks_of_the_conversations_topic() -> None:
    history = [
        {"role": "user", "content": "How many multilateral meetings were held by video since 2020?"},
        {
            "role": "assistant",
            "content": "Since 2020, multilateral meetings: more than 30 events (30余场) [1].",
        },
    ]
    assert analyze("In which fields?", history, 5).topic_inherited
    assert not analyze("In which fields did China invest?", history, 5).topic_inherited


def test_a_chinese_count_of_nothing_named_where_it_is_counted_follows_the_conversation(real_service) -> None:
    result = asked_after(real_service, ("国务院2020年4月新增多少个跨境电商综试区？",), "全国共有多少个？")
    assert "105个" in result.citations[0].quote, result.answer


def test_name_some_of_them_asks_of_the_last_question(real_service) -> None:
    count = "How many measures did SAFE's notice introduce to facilitate cross-border trade and investment?"
    result = asked_after(real_service, (count,), "Name some of them.")
    assert "取消特殊退汇业务登记" in result.citations[0].quote, result.answer


def test_a_new_place_asked_after_a_measure_keeps_asking_the_measure(real_service) -> None:
    """ "深圳呢？" after the days a building permit takes in Beijing and Shanghai, then the regional average: the
    reports give no days for Shenzhen, and a sentence merely naming Shenzhen does not answer."""
    chain = ("北京和上海办理建筑许可需要多少天？", "东亚及太平洋地区平均水平呢？")
    assert asked_after(real_service, chain, "深圳呢？").abstained


def test_an_ordinal_in_chinese_numerals_counts_things_set_up_one_after_another() -> None:
    from qa.answer.editions import ordinals_of

    assert ordinals_of("推出自贸试验区第六批37项改革试点经验") == {6}
    assert ordinals_of("这是第一个规划类合作文件") == set()  # "the first": no place in a series


def test_a_chinese_name_asked_is_about_a_passage_under_its_other_name(real_service) -> None:
    """广交会 asked, and the chronicle entry's heading calls it 中国进出口商品交易会."""
    result = real_service.ask("第128届广交会举办了多少场云推介会？")
    assert not result.abstained and "38场云推介会" in result.citations[0].quote, result.answer


def test_ministries_and_departments_are_counted_and_a_year_a_sentence_opens_with_dates_it(
    real_service,
) -> None:
    from qa.ingest.figures import extract_figures

    assert [(f.raw, f.unit) for f in extract_figures("中国人民银行等六部委联合印发《通知》")] == [
        ("六部委", "部委")
    ]
    assert [(f.raw, f.unit) for f in extract_figures("商务部等19部门联合出台")] == [("19部门", "部门")]
    asked = "Which departments issued the notice on optimising cross-border RMB policies?"
    result = asked_after(real_service, (asked,), "When?")
    assert result.answer.startswith("The reports give the date as 2020 (2020年):"), result.answer


def test_a_doing_inside_a_name_is_not_where_the_doer_ends() -> None:
    from qa.answer.asks_for import agent_of

    text = "2020年12月，由中国电力建设集团有限公司投资建设的老挝南欧江流域梯级水电项目三级水电站最后一台机组成功并网发电。"
    assert agent_of(text) == "中国电力建设集团有限公司"


def test_who_chaired_it_and_which_vision_was_adopted(real_service) -> None:
    chaired = asked_after(
        real_service,
        ("What did Rwandan President Kagame say about China's help?",),
        "Who chaired the special summit?",
    )
    assert chaired.answer.startswith("The reports name Xi Jinping (习近平)"), chaired.answer
    vision = real_service.ask("Which vision did the 27th APEC leaders' meeting adopt?")
    assert vision.answer.startswith("The reports name APEC Putrajaya Vision 2040"), vision.answer
    assert real_service.ask("What did Kagame say about vaccines?").abstained  # he spoke of supplies


def test_who_signed_it_reads_representatives_signing_somewhere(real_service) -> None:
    asked = "Where was the MoU between China and the International Seabed Authority signed?"
    result = asked_after(real_service, (asked, "When?"), "Who signed it?")
    assert result.answer.startswith("The reports name International Seabed Authority"), result.answer
    assert "秘书长在牙买加首都金斯敦签署" in result.citations[0].quote, result.answer


def test_how_many_zones_after_who_announced_them(real_service) -> None:
    asked = "How many ministries announced the import trade promotion innovation zones?"
    assert real_service.ask(asked).answer.startswith("9 ministries (9部委)")
    result = asked_after(real_service, (asked,), "How many zones were named?")
    assert "10 (10个)" in result.answer.split("[1]")[0], result.answer


@pytest.mark.parametrize(
    ("question", "lead"),
    [
        # a period asked by its end (2013 to 2020), not one ending 2019
        (
            "What was the average annual growth of turnover of contracted projects in Belt and Road countries "
            "from 2013 to 2020?",
            "From 2013 to 2020, turnover average annual growth: 4.9% (4.9%)",
        ),
        # the routes counted, not the trains that run them
        ("How many routes do Xinjiang's China-Europe trains run?", "So far, routes operated: 23 (23条)"),
        # a long list of hosts (由…共同举办)
        (
            "Who hosted the high-level video conference on Belt and Road international cooperation?",
            "The reports name Ministry of Foreign Affairs (外交部)",
        ),
        # a completion expected at a year's end (预计2021年年底竣工)
        (
            "When is the Padma Bridge expected to be completed?",
            "The reports give the date as the end of 2021 (2021年年底):",
        ),
        # how long something with a long name lasted asks a duration
        (
            "How long did the international exchange on COVID-19 prevention experience last?",
            "Nearly 2.5 hours (两个半小时)",
        ),
        # 直接投资 inside 直接投资总额 (jieba cuts 直接 / 投资总额) is the direct investment asked
        (
            "What was Chinese firms' direct investment in Belt and Road countries in 2013?",
            "In 2013, total direct investment: US$12.63 billion (126.3亿美元)",
        ),
        # who provides a service (…集团为…提供)
        (
            "Who provides operation and maintenance for the Lahore Orange Line?",
            "The reports name Guangzhou Metro Group (广州地铁集团)",
        ),
        # a two-part count: the masters and the countries they came from
        (
            "How many international public administration masters has the talent development programme trained, "
            "and from how many countries?",
            "Since 2017, international public administration masters: 47 people (47名), 26 countries (26个国家)",
        ),
        # an acronym the glossary gives (TCM) is no name missing from the reports
        (
            "Who organised the TCM training course for health officials?",
            "The reports name Ministry of Commerce (商务部)",
        ),
    ],
)
def test_an_answer_leads_with_what_is_asked(real_service, question: str, lead: str) -> None:
    result = real_service.ask(question)
    assert not result.abstained and result.answer.startswith(lead), result.answer


def test_a_count_added_against_a_year_is_the_difference_stated_against_it(real_service) -> None:
    # 通达境外21个国家的92个城市，目的地城市比2019年底增加37个: the 37, not the 92 of 2020, nor "not for 2019"
    result = real_service.ask("How many destination cities were added compared with end-2019?")
    assert not result.abstained and result.answer.startswith("In 2020: up 37 (37个)"), result.answer
