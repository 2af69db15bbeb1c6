"""A count of one region's part when the whole is asked, a span of years written in Chinese numerals, a thing pointed
at with a classifier, an edition asked without 第, a name the reports write in another form, "actually" of a length,
以实际行动, a part asked "of that" (not "on top of that"), how long people talk, the length of a line, a
one-character verb of spoken Chinese, 什么时候 asking a time, an acronym in a Chinese
question, and follow-ups whose subject or year the conversation gave."""

from __future__ import annotations

from qa.answer.analyze import analyze
from qa.answer.carried import asks_part_of
from qa.answer.dimension import DURATION_UNITS, LENGTH_UNITS, dimension_reason, dimension_units
from qa.answer.editions import edition_asked_again, edition_unwritten
from qa.answer.focus import answer_type, zh_names
from qa.answer.named import as_the_reports_write
from qa.answer.parts import asked_qualifiers, own_qualifiers
from qa.answer.scoring import asked_span, without_span
from qa.answer.term_match import asked_compounds, with_compounds
from tests.test_near_miss import asked_after


def test_a_span_of_years_in_chinese_numerals_is_a_time_not_words() -> None:
    question = "中非合作论坛这二十年，中国给非洲带来了多少工作岗位？"
    assert asked_span(question) == 20
    assert "二十" not in without_span(question) and "中非合作论坛" in without_span(question)


def test_a_thing_pointed_at_with_a_classifier_is_no_name() -> None:
    assert "那串" not in zh_names("老挝南欧江那串梯级水电站总装机多大？")
    assert "老挝" in zh_names("老挝南欧江那串梯级水电站总装机多大？")


def test_an_edition_asked_without_di_after_a_question_between() -> None:
    asked = ["第128届广交会有多少家企业参展？", "展品比上一届多了多少？"]
    assert edition_asked_again("那129届呢？", asked) == (129, "第129届广交会有多少家企业参展？")
    assert edition_asked_again("比上一届涨了多少？", asked) is None  # 上一届 is the one before, no edition 1
    assert edition_asked_again("那一届呢？", asked) is None
    reports = "首届高峰论坛以来…第二届“一带一路”国际合作高峰论坛".__contains__
    assert not edition_unwritten(1, ["高峰论坛"], reports)  # 首届 is how the reports write the first
    assert edition_unwritten(3, ["高峰论坛"], reports)


class _Reports:
    """The reports as `as_the_reports_write` sees them: which lower-cased strings they hold, and how often."""

    text = "中国国家开发银行作为商业债权人…国家开发银行累计完成…"

    def contains(self, term: str, bare: bool = False) -> bool:
        return term in self.text

    def mentions(self, term: str) -> int:
        return self.text.count(term)


def test_a_name_the_reports_never_write_is_put_in_the_form_they_do() -> None:
    assert as_the_reports_write("国开行那边缓了多少？", _Reports()) == "国家开发银行那边缓了多少？"
    assert as_the_reports_write("RCEP包括多少个？", _Reports()) == "RCEP包括多少个？"  # Latin letters stay


def test_when_asks_a_time_and_what_follows_is_the_event() -> None:
    assert answer_type("中国牵头的那个智慧城市ISO标准是什么时候发布的？", "zh") == ""
    assert answer_type("中老铁路什么时候通车？", "zh") == "通车"


def test_actually_of_a_length_and_concrete_action_name_no_paid_out_part() -> None:
    assert (
        asked_qualifiers("How much of the Budapest–Belgrade railway is actually open so far?", "en") == set()
    )
    assert asked_qualifiers(
        "How much did Belt and Road countries actually invest in China in 2019?", "en"
    ) == {"实际"}
    assert "实际" not in own_qualifiers("向“实施计划”提供1000万剂疫苗，以实际行动促进疫苗公平分配")
    assert "实际" in own_qualifiers("在华实际投入外资82.7亿美元")


def test_on_top_of_that_asks_no_part() -> None:
    history = [
        {"role": "user", "content": "How much debt did China suspend for poor countries?"},
        {"role": "assistant", "content": "By November 2020: US$1.353 billion (13.53亿美元) [1]."},
    ]
    assert not asks_part_of(analyze("What did China do on top of that for African countries?", history))
    assert asks_part_of(analyze("How much of that went to Zambia?", history))


def test_how_long_people_talk_is_a_time_and_how_long_a_line_is_a_length() -> None:
    assert dimension_units("How long did Xi and Biden talk in their November video summit?", "en") <= set(
        DURATION_UNITS
    )
    line = "How long is the Jakarta–Bandung high-speed railway line in total?"
    assert dimension_units(line, "en") == set(LENGTH_UNITS)
    durations = [{"unit": "分钟", "value": 40.0}, {"unit": "小时", "value": 3.0}]
    assert (
        dimension_reason(line, "en", frozenset(LENGTH_UNITS), durations) == "the best passage gives no length"
    )


def test_a_one_character_verb_is_held_by_the_word_it_opens() -> None:
    compounds = asked_compounds({"签": 6.8, "规划": 3.0}, spoken="中国跟非盟签一带一路合作规划是什么时候？")
    assert "签" in with_compounds(frozenset({"签署", "规划"}), compounds)
    assert "签" not in with_compounds(frozenset({"规划", "合作"}), compounds)
    assert "签" not in with_compounds(frozenset({"签署", "规划"}), asked_compounds({"签": 6.8, "规划": 3.0}))


def test_counts_and_times_read_as_asked(real_service) -> None:
    members = real_service.ask(
        "How many countries had signed Belt and Road cooperation documents with China by January 2021?"
    )
    assert "(140个)" in members.answer and "46" not in members.answer, members.answer
    jobs = real_service.ask("中非合作论坛这二十年，中国给非洲带来了多少工作岗位？")
    assert not jobs.abstained and "450余万个" in jobs.citations[0].quote, jobs.answer
    plant = real_service.ask("老挝南欧江那串梯级水电站总装机多大？")
    assert not plant.abstained and "1272兆瓦" in plant.citations[0].quote, plant.answer
    talk = real_service.ask("How long did Xi and Biden talk in their November video summit?")
    assert talk.answer.startswith("3.5 hours (3个半小时)"), talk.answer
    line = real_service.ask("How long is the Jakarta–Bandung high-speed railway line in total?")
    assert line.abstained, line.answer
    opened = real_service.ask("How much of the Budapest–Belgrade railway is actually open so far?")
    assert opened.answer.startswith("17.5 km (17.5公里)"), opened.answer
    covax = real_service.ask("How many vaccine doses did China pledge to the COVAX facility?")
    assert not covax.abstained and "(1000万剂)" in covax.answer, covax.answer
    users = real_service.ask("How many users has China's coronavirus genomics data-sharing system served?")
    assert "(20多万名)" in users.answer.split("[")[0], users.answer
    signed = real_service.ask("中国跟非盟签一带一路合作规划是什么时候？")
    assert "2020年12月" in signed.answer, signed.answer


def test_followups_read_with_what_the_conversation_gave(real_service) -> None:
    fair = asked_after(
        real_service,
        ("第128届广交会有多少家企业参展，来自多少个国家和地区？", "展品比上一届多了多少？"),
        "那129届呢？",
    )
    assert fair.abstained and "第129届" in fair.answer, fair.answer
    share = asked_after(
        real_service,
        ("2020年我们在沿线国家承包工程完成营业额是多少？",),
        "占全部对外承包工程完成营业额的比重是多少？",
    )
    assert "58.4%" in share.citations[0].quote, share.answer
    lender = asked_after(
        real_service,
        ("How much debt service did China's official creditors suspend under the G20 initiative?",),
        "国开行那边缓了多少？",
    )
    assert "7.48亿美元" in lender.citations[0].quote, lender.answer
    xinjiang = asked_after(
        real_service,
        ("How much has Xinjiang's China-Europe freight train traffic grown since 2014?",),
        "What was the number for 2019?",
    )
    assert xinjiang.abstained, xinjiang.answer  # the 8,225 trains of 2019 ran all over China
    china = asked_after(
        real_service,
        ("What's RCEP expected to add to members' exports each year by 2030?",),
        "How much of that would go to China?",
    )
    assert china.abstained, china.answer
    homes = asked_after(
        real_service,
        ("How much electricity does the Garissa solar plant in Kenya produce a year?",),
        "How many homes can that supply?",
    )
    assert not homes.abstained and "(7万户)" in homes.answer, homes.answer


def test_an_acronym_in_a_chinese_question_is_found_by_the_name_it_stands_for(real_service) -> None:
    standard = real_service.ask("中国牵头的那个智慧城市ISO标准是什么时候发布的？")
    assert "2020年2月12日" in standard.answer, standard.answer
