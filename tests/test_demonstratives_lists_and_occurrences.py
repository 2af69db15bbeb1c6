"""A follow-up pointing back with "those" or 这些 asks of what the conversation named; "how many after …" counts
nothing named "after …"; an occurrence asked again (第二次通话呢) is answered by the sentence naming it in a passage of
the event carried; a list asked after a count ("Which countries were named?") is the list the last answer counted; a
measure asked of a thing by the common word the conversation named it with (项目总投资多少钱) is of that thing; 多大 asks
as 多少 does; a training course is an event of editions ("the second … course"); 32国 counts the 国家 asked; two names
asked of each with the word before them said again (援多米尼克和援缅甸…分别); 那段时间 is a time spoken of, neither a
name nor a date asked; "2013 vs 2020" is answered by the sentence of both years (2013—2020年), not by 2013-2019年."""

from __future__ import annotations

from qa.answer.analyze import analyze, topic_words
from qa.answer.asked_en import asked_noun
from qa.answer.carried import pointed_back
from qa.answer.dimension import said_by_unit
from qa.answer.each_named import parts_per_name
from qa.answer.editions import find_editions
from qa.answer.focus import zh_names
from qa.answer.followup import named_by_common_word
from qa.answer.kinds import question_kinds
from tests.helpers import ask_in_turn


def test_how_many_before_a_preposition_counts_what_the_conversation_counted() -> None:
    assert asked_noun("how many after the september expansion?") == ""
    assert asked_noun("How many before the reform?") == ""
    assert asked_noun("how many since the launch?") == ""
    assert asked_noun("how many trains after the expansion?") == "trains"


def test_those_and_zhexie_point_back_at_the_thing_named_before() -> None:
    history = [
        {"role": "user", "content": "How many people did the Luban Workshop in Madagascar train?"},
        {"role": "assistant", "content": "…"},
    ]
    assert pointed_back(analyze("how much were those courses worth?", history))
    zh = [
        {"role": "user", "content": "马达加斯加鲁班工坊培训了多少人"},
        {"role": "assistant", "content": "…"},
    ]
    assert pointed_back(analyze("这些培训花了多少钱", zh))
    # "they" is often who acted (the builders, the members), not the thing named: no pointer
    assert not pointed_back(analyze("how did they choose the trainees?", history))


def test_a_measure_of_a_thing_named_by_a_common_word_asks_of_the_conversation() -> None:
    said = {"阿布扎比", "太阳能", "发电项目", "项目", "装机", "用电"}
    assert named_by_common_word({"项目", "总投资", "投资"}, said)
    # a thing named by several words names its own topic, however many of them were said before
    assert not named_by_common_word({"食品", "农产品", "展区", "企业"}, said | {"企业", "食品", "展区"})
    assert not named_by_common_word({"铁路", "总投资"}, said)  # a word not said before


def test_pointed_back_occurrences_and_lists_of_the_last_answer(real_service) -> None:
    # the value of Heilongjiang's donations is not given: not Ningxia's 752.3万元
    result = ask_in_turn(
        real_service,
        "how many countries did heilongjiang donate covid supplies to",
        "how much were those donations worth in total",
    )
    assert result.abstained and "752.3" not in result.answer
    # the second call, by the sentence that names it (第二次则是在9月10日) in the passage on Biden's calls
    result = ask_in_turn(
        real_service,
        "how long did the xi-biden video meeting last",
        "and their first phone call - when was it and how long",
        "第二次通话呢",
    )
    assert not result.abstained and "9月10日" in result.answer
    # "after the september expansion" names no thing counted: the customs districts are, 22 after it
    result = ask_in_turn(
        real_service,
        "customs cross-border e-commerce B2B export pilot: when did it start and how many customs districts were "
        "in it at first?",
        "how many after the september expansion?",
    )
    assert not result.abstained and "22" in result.answer
    # the countries of the sentence that gave the 70 exchanges, not those of another sentence
    result = ask_in_turn(
        real_service,
        "How many COVID prevention and control exchanges did China hold with international organisations and "
        "other countries?",
        "Which countries were named?",
    )
    assert not result.abstained and "South Korea" in result.answer and "Germany" in result.answer


def test_they_still_asks_of_the_conversation(real_service) -> None:
    # "they" are the WTO members: the arrangement they set up is still found
    result = ask_in_turn(
        real_service,
        "WTO appellate body: how many members backed the proposal to restart AB appointments, and how many "
        "co-sponsored the reform proposal with china?",
        "what stopgap arrangement did they set up while the AB is frozen",
    )
    assert not result.abstained and "多方临时上诉仲裁安排" in result.answer


def test_the_total_investment_of_the_project_talked_about(real_service) -> None:
    # Sweihan's investment is not given: not the 500亿元 of the information harbour's signed projects
    result = ask_in_turn(
        real_service,
        "阿布扎比Sweihan光伏电站装机多大，啥时候开始商运的",
        "能满足多少人用电",
        "项目总投资多少钱",
    )
    assert result.abstained and "500亿元" not in result.answer


def test_how_big_editions_of_courses_and_counts_in_the_noun_asked() -> None:
    assert topic_words("装机容量多大", "zh") == {"装机容量", "装机", "容量"}
    assert find_editions("when was the second BRI enterprise compliance training course held?") == [2]
    assert find_editions("which courses did the first group of students take?") == []
    assert said_by_unit("国家", [{"unit": "国家", "raw": "32国"}], frozenset({"国家"}))
    assert not said_by_unit("国家", [{"unit": "个", "raw": "34个"}], frozenset({"国家"}))


def test_how_big_an_edition_not_held_and_a_count_of_countries(real_service) -> None:
    result = real_service.ask("老挝那个炼油项目产能多大，哪年投产的")
    assert not result.abstained and "300万吨" in result.answer
    # Sahiwal's capacity is not given: not Nam Ou's 1062兆瓦
    result = ask_in_turn(real_service, "巴基斯坦萨希瓦尔电站配了哪些环保设施？", "装机容量多大")
    assert result.abstained and "1062" not in result.answer
    result = real_service.ask(
        "when was the second BRI enterprise compliance training course held and who ran it?"
    )
    assert result.abstained and result.near_miss is not None and result.near_miss.missing == "edition"
    result = real_service.ask("截至2020年10月中国往多少个国家派了援外医疗专家组")
    assert not result.abstained and "32国" in result.answer


def test_two_names_each_after_the_same_word() -> None:
    assert parts_per_name("援多米尼克和援缅甸的人道主义项目分别是啥") == [
        "援多米尼克的人道主义项目是啥",
        "援缅甸的人道主义项目是啥",
    ]
    assert parts_per_name("对老挝和对柬埔寨分别投了多少") == ["对老挝投了多少", "对柬埔寨投了多少"]


def test_that_stretch_of_time_is_no_name_and_no_date_asked() -> None:
    question = "上诉机构停摆那段时间，多方临时上诉仲裁安排是怎么处理案子的"
    assert "段时间" not in zh_names(question)
    assert "date" not in question_kinds(question, "zh")
    assert "date" in question_kinds("会议是什么时间召开的", "zh")


def test_a_time_spoken_of_is_not_asked(real_service) -> None:
    result = real_service.ask("上诉机构停摆那段时间，多方临时上诉仲裁安排是怎么处理案子的")
    assert not result.abstained and result.answer.startswith("多方临时上诉仲裁安排在上诉机构停摆期间")


def test_both_years_of_a_span_asked(real_service) -> None:
    result = real_service.ask(
        "new contract value for chinese contracting in BRI countries, 2013 vs 2020, and annual avg growth?"
    )
    assert not result.abstained and "10.2%" in result.answer and "13.7%" not in result.answer
    result = real_service.ask("2013到2020年在沿线国家承包工程完成营业额从多少涨到多少，年均增速多少")
    assert not result.abstained and "911.2亿美元" in result.citations[0].quote and "4.9%" in result.answer
