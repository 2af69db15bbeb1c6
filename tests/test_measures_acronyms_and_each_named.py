"""A follow-up naming an edition and a measure of its own, a count written in digits ("the 5 sections"), a name the
reports write as its acronym (RCEP规定了…), a figure labelled by the names of the group it counts (苏丹等32国), a
later part about the thing the first part names, "the total value of", "那2018年的数据呢", and two names asked of
each ("宁夏和重庆…分别干了啥")."""

from __future__ import annotations

from qa.answer.analyze import analyze, topic_words
from qa.answer.dimension import dimension_units
from qa.answer.each_named import parts_per_name
from qa.answer.editions import edition_asked_again
from qa.answer.figure_choice import _figure_words
from qa.text.glossary import load_glossary
from qa.text.numbers import MONEY_UNITS, number_word_forms
from tests.helpers import ask_in_turn


def _words(text: str) -> set[str]:
    return topic_words(text, "en")


def test_an_edition_follow_up_with_a_measure_of_its_own_is_not_the_earlier_question_again() -> None:
    before = ["How many companies exhibited at the 127th Canton Fair?"]
    again = edition_asked_again("And the 128th one?", before, _words)
    assert again is not None and "128th Canton Fair" in again[1]
    assert edition_asked_again("What was the deal value at the 128th?", before, _words) is None
    # without the words to compare, as before
    assert edition_asked_again("What was the deal value at the 128th?", before) is not None


def test_a_count_written_in_digits_is_written_as_the_reports_count() -> None:
    assert number_word_forms("5") == ["五", "5"] and number_word_forms("eight") == ["八", "8"]
    assert number_word_forms("2020") == [] and number_word_forms("0") == []


def test_a_names_acronym_is_another_form_of_it() -> None:
    groups = load_glossary().form_groups("rcep rules - what areas does it cover?")
    assert ("区域全面经济伙伴关系协定", "RCEP") in groups


def test_a_label_of_names_listed_says_nothing_of_what_is_counted() -> None:
    listed = {"value": 32.0, "unit": "国家", "raw": "32国", "label": "苏丹等", "label_en": None}
    assert "sudan" not in _figure_words(listed)
    named = dict(listed, label="苏丹")
    assert "sudan" in _figure_words(named)


def test_the_total_value_of_asks_an_amount() -> None:
    assert dimension_units("total value of china's currency swap lines as of jan 2021?", "en") == set(
        MONEY_UNITS
    )
    assert dimension_units("what value does the index reach?", "en") == set()


def test_the_data_of_another_year_asks_the_earlier_question_then() -> None:
    question = "截至2020年4月中国跟多少个沿线国家签了避免双重征税协定？"
    history = [
        {"role": "user", "content": question},
        {
            "role": "assistant",
            "content": "截至2020年4月，中国已与53个“一带一路”沿线国家签署避免双重征税协定；[1]",
        },
    ]
    query = analyze("那2018年的数据呢？", history)
    assert query.standalone.startswith("截至2018年") and "避免双重征税协定" in query.standalone


def test_two_names_asked_of_each_are_two_parts() -> None:
    assert parts_per_name("宁夏和重庆在推进一带一路方面分别干了啥") == [
        "宁夏在推进一带一路方面干了啥",
        "重庆在推进一带一路方面干了啥",
    ]
    assert parts_per_name("what did qinghai and guangxi each do in 2020") == [
        "what did qinghai do in 2020",
        "what did guangxi do in 2020",
    ]
    assert parts_per_name("中国和欧盟签了什么") == []  # asked of both together
    assert parts_per_name("研发设计、电子商务分别增长多少") == []  # no names


def test_measures_acronyms_and_names_asked_of_each_are_answered(real_service) -> None:
    result = real_service.ask("the Sudan slaughterhouse aid project - how much meat can it produce per year?")
    assert "3.3万吨" in result.answer and "32国" not in result.answer, result.answer  # before: 32 countries
    result = real_service.ask("what were the 5 sections at the 127th canton fair")
    assert not result.abstained and "5大板块" in result.answer, result.answer  # before: abstained
    result = ask_in_turn(
        real_service,
        "and the 128th canton fair, how many cloud promotion events and new product launches?",
        "what was the deal value at the 128th?",
    )
    assert result.abstained and "deal value" in result.answer, result.answer  # before: the events again
    result = real_service.ask("rcep rules - what areas does it cover?")
    assert "RCEP" in result.answer and "上海合作组织" not in result.answer, result.answer
    result = real_service.ask(
        "Kaposvar PV plant in hungary: when did it go live and whats the expected yearly output"
    )
    assert "May 2021" in result.answer and "马达加斯加" not in result.answer, (
        result.answer
    )  # before: Madagascar
    result = real_service.ask(
        "total value of china's bilateral currency swap lines with BRI countries as of jan 2021?"
    )
    assert result.abstained, result.answer  # before: the 24 countries
    result = real_service.ask("宁夏和重庆在推进一带一路方面分别干了啥")
    assert "内陆开放型经济试验区" in result.answer and "重庆召开" in result.answer, result.answer


def test_a_month_asked_and_a_yes_or_no_follow_up() -> None:
    from qa.answer.kinds import question_kinds

    assert "date" in question_kinds("中欧地理标志协定是几月签的", "zh")
    assert "date" in question_kinds("第127届广交会几号开幕", "zh")
    history = [
        {"role": "user", "content": "when was the China-Africa solidarity summit against covid held?"},
        {"role": "assistant", "content": "The reports give the date as June 2020 (2020年6月) [1]."},
    ]
    assert analyze("any international orgs attend as guests?", history).kinds != ["date"]


def test_ranks_customs_entries_months_and_which_parts_are_answered(real_service) -> None:
    result = ask_in_turn(
        real_service, "Piraeus container throughput, 2010 vs 2019?", "what's its ranking in the Med"
    )
    assert not result.abstained and "第一大港" in result.answer, result.answer  # before: "gives no ranking"
    result = real_service.ask(
        "how many cross-border e-commerce customs declarations were cleared via the customs platform in 2020?"
    )
    assert "24.5亿票" in result.answer and "1.69万亿" not in result.answer, result.answer
    result = real_service.ask("中欧地理标志协定是几月签的")
    assert "9月" in result.answer.split("[1]")[0], result.answer  # before: a sentence with no date
    result = real_service.ask(
        "which chinese apps made unesco's list of recommended online collaboration platforms, and how many"
        " platforms are on that list?"
    )
    assert "飞书" in result.answer and "59" in result.answer, result.answer  # before: "59" alone
    result = real_service.ask("习近平和拜登视频会晤时各自系的啥颜色领带？")
    assert not result.abstained and result.answer.count("举行视频会晤。") <= 1, result.answer


def test_a_since_year_dates_no_figure_of_its_sentence() -> None:
    from qa.answer.dates import since_years

    text = "签订投资合作项目86个，总投资额2638.7亿元人民币，创东博会自2004年举办以来签约额之最。"
    assert since_years(text) == {2004}
    assert since_years("2020年，自2013年以来累计投资") == {2013}
    assert since_years("2004年签约额最高，自2004年举办以来") == set()  # also named as a year of its own


def test_a_since_year_does_not_keep_an_asked_year_from_its_figures(real_service) -> None:
    result = real_service.ask("2020年东博会签了多少个项目，总投资多少？线上参展企业多少家")
    assert not result.abstained and "2638.7亿元" in result.answer, result.answer  # before: "只有2004年的"


def test_a_space_typed_for_a_comma_parts_a_chinese_question() -> None:
    from qa.answer.query import question_parts

    assert question_parts("RCEP哪年签的 谈了几年") == ["RCEP哪年签的", "谈了几年"]
    assert question_parts("参展企业多少家 来自多少国家和地区") == ["参展企业多少家", "来自多少国家和地区"]


def test_a_follow_up_naming_no_name_is_of_the_edition_asked_before(real_service) -> None:
    result = ask_in_turn(real_service, "127届广交会几号开幕，开几天", "参展企业多少家 来自多少国家和地区")
    assert "217个国家和地区" in result.answer and "226个" not in result.answer, result.answer  # before: 128th


def test_more_typed_shorthand_is_read_in_full() -> None:
    from qa.answer.requests import as_question

    assert (
        as_question("any intl orgs attend as guests?") == "any international organisations attend as guests?"
    )
    assert as_question("total over the 7 yrs?") == "total over the 7 years?"


def test_which_with_one_thing_at_the_end_asks_no_list() -> None:
    from qa.answer.kinds import question_kinds

    assert "list" not in question_kinds("who proposed the project and at which event?", "en")
    assert "list" not in question_kinds("which bank?", "en")
    assert "list" in question_kinds("which countries signed?", "en")
    assert "list" in question_kinds("which sectors grew", "en")
