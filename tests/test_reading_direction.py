"""Which way an investment goes, the change of the measure asked, a total's measure, an ordinal asked, a qualifier
inside a name, a classifier glued to what is counted and a Chinese follow-up to an English conversation."""

from __future__ import annotations

import pytest

from qa.answer.analyze import analyze
from qa.answer.direction import asked_direction, stated_direction
from qa.answer.parts import asked_qualifiers
from qa.answer.query import unclassified


@pytest.mark.parametrize(
    ("question", "way"),
    [
        ("What was Chinese firms' direct investment in Belt and Road countries in 2019?", "out"),
        ("How much did Chinese enterprises invest in Belt and Road countries in 2020?", "out"),
        ("How much did Belt and Road countries invest directly in China over seven years?", "into"),
        ("How much FDI did China attract in 2020?", "into"),
        ("What share of China's outward FDI is that?", "out"),
        ("2019年沿线国家对华实际投资多少？", "into"),
        ("2019年中国企业对沿线国家直接投资多少？", "out"),
        ("How many trains ran in 2020?", ""),
    ],
)
def test_the_way_an_investment_is_asked(question: str, way: str) -> None:
    assert asked_direction(analyze(question)) == way


@pytest.mark.parametrize(
    ("sentence", "way"),
    [
        ("七年间，“一带一路”沿线国家对华直接投资超过500亿美元，设立企业超过2.2万家；", "into"),
        ("2019年，“一带一路”沿线国家在华实际投入外资金额84.2亿美元，同比增长30.6%。", "into"),
        ("森美孚、通用电气、碧辟、法国电力、西门子等跨国公司在中国投资规模稳步增加。", "into"),
        (
            "从数额上看，中国企业对“一带一路”沿线国家直接投资总额从2013年的126.3亿美元增加到2019年的186.9亿美元。",
            "out",
        ),
        ("中国境内投资者在“一带一路”沿线的58个国家实现直接投资186.1亿美元。", ""),
        ("截2019年6月底，丝路基金实际出资额近100亿美元；", ""),
    ],
)
def test_the_way_a_sentence_states_an_investment(sentence: str, way: str) -> None:
    assert stated_direction(sentence) == way


def test_a_question_about_one_way_is_not_answered_by_the_other(real_service) -> None:
    outward = real_service.ask(
        "What was Chinese firms' direct investment in Belt and Road countries in 2019?"
    )
    assert not outward.abstained and "186.9亿美元" in outward.answer.split(" The passage")[0]
    inward = real_service.ask("How much did Belt and Road countries actually invest in China in 2019?")
    assert not inward.abstained and "84.2亿美元" in inward.answer.split(" The passage")[0]


def test_a_change_asked_of_a_measure_quotes_that_measure_s_change(real_service) -> None:
    result = real_service.ask("2019年中欧班列综合重箱率增长多少？")
    assert "综合重箱率同比增长4%" in result.answer
    english = real_service.ask("How much did the loaded-container rate of China-Europe trains grow in 2019?")
    assert "growth: 4% (4%)" in english.answer.split(" The passage")[0]


def test_a_total_over_a_period_takes_the_measure_of_the_figure_before_it(real_service) -> None:
    result = real_service.ask(
        "What was the total direct investment of Chinese firms in Belt and Road countries over seven years?"
    )
    assert "1100亿美元" in result.answer.split(" The passage")[0]


def test_an_ordinal_asked_is_answered_by_an_ordinal_written_in_chinese(real_service) -> None:
    result = real_service.ask("金砖国家领导人第几次会晤？")
    assert not result.abstained and "第十二次会晤" in result.answer


def test_a_year_asked_is_looked_for_in_the_sentences_that_say_it_first(real_service) -> None:
    # 八年间…稳中有增 is of 2019 only by its paragraph; 增加到2019年的186.9亿美元 says the year itself
    result = real_service.ask("What was China's direct investment in Belt and Road countries in 2019?")
    assert "186.9亿美元" in result.answer.split(" The passage")[0]


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("How much intended deals did the three import expos reach in total?", set()),  # the expo's name
        ("How much did the export credit insurer pay in claims?", set()),
        ("What was the import and export value?", set()),  # both parts
        ("What was the export value?", {"出口"}),
        ("What were China's imports from ASEAN?", {"进口"}),
    ],
)
def test_a_part_s_word_inside_a_known_name_asks_for_no_part(question: str, asked: set[str]) -> None:
    assert asked_qualifiers(question, "en") == asked


def test_a_classifier_glued_to_what_is_counted_is_not_a_word_a_sentence_must_have() -> None:
    assert unclassified("份文件", "一共多少份文件？") == ("文件",)
    assert unclassified("份文件", "英国议会公布的一份文件") == ("份文件",)  # not a count asked
    assert unclassified("文件", "多少文件？") == ("文件",)


def test_a_chinese_follow_up_to_an_english_conversation_shares_its_chinese_terms(real_service) -> None:
    history = _after(
        real_service,
        "How many European countries have signed Belt and Road cooperation documents?",
        "And Oceania?",
    )
    assert analyze("一共多少份文件？", history).followup
    result = real_service.ask("一共多少份文件？", history)
    assert result.answer.startswith("截至2021年6月") and "206份" in result.answer


def test_a_count_of_journals_is_answered_where_the_reports_count_them(real_service) -> None:
    result = real_service.ask("How many journals are on the COVID-19 research exchange platform?")
    assert not result.abstained and "120种" in result.answer.split(" [1]")[0]


def test_a_chinese_short_name_finds_the_full_one(real_service) -> None:
    result = real_service.ask("国开行缓债金额多少？")  # 中国国家开发银行…缓债金额达到7.48亿美元
    assert not result.abstained and "7.48亿美元" in result.answer


def _after(service, *questions: str) -> list[dict]:
    """The history of a conversation that asked `questions`, with the service's answers."""
    history: list[dict] = []
    for question in questions:
        answer = service.ask(question, history).answer
        history += [{"role": "user", "content": question}, {"role": "assistant", "content": answer}]
    return history


def test_a_difference_against_the_last_session_answers_how_many_more(real_service) -> None:
    history = _after(real_service, "How many enterprises exhibited at the 128th Canton Fair?")
    result = real_service.ask("How many more exhibits than the previous session?", history)
    assert result.answer.startswith("In 2020: up about 350,000 (35万件)")  # 较上届增加约35万件


def test_each_of_a_kind_is_a_word_a_sentence_must_have_but_each_year_is_not(real_service) -> None:
    history = _after(real_service, "How many enterprises exhibited at the 128th Canton Fair?")
    result = real_service.ask("每家企业设立了什么？", history)
    assert result.answer.startswith("此外，主办方为每家企业单独设立10×24小时全天候网上直播间")


def test_a_person_the_reports_name_in_chinese_is_found_by_the_english_surname(real_service) -> None:
    result = real_service.ask("What did the Johnson government refuse to do?")  # 约翰逊政府…拒绝…
    assert not result.abstained and "约翰逊" in result.answer


def test_the_kind_asked_is_named_by_its_head_not_its_modifier(real_service) -> None:
    # "existing zone": 现有 is a modifier a sentence seldom repeats; the one that names the zone expanded answers
    history = _after(
        real_service, "Which three pilot free trade zones did the State Council approve in August 2020?"
    )
    result = real_service.ask("Which existing zone was expanded?", history)
    assert "扩展浙江自贸试验区" in result.answer.split("” [1]")[0]
