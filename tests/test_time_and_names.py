"""A total over a period asked ("since 2013", "over that period") and a year asked alone, the way an investment
was asked earlier in a conversation, the event a date is asked of, words that ask a total or one answer each,
everyday words tagged as places that name nothing, the thing "it" points back at, and a part's clause (其中…)."""

from __future__ import annotations

from qa.answer.analyze import analyze
from qa.answer.asked_en import asked_noun
from qa.answer.direction import asked_direction
from qa.answer.flow import own_clause
from qa.answer.focus import zh_focus
from tests.helpers import asked_turns as _history


def test_a_word_asking_a_total_is_no_thing_a_sentence_must_name() -> None:
    assert "一共" not in zh_focus("2020年4月扩容以后，全国跨境电商综合试验区一共有多少个？")
    assert zh_focus("2020年版《鼓励外商投资产业目录》总共有多少条？") == ""
    assert zh_focus("中国一共有多少家企业？") == "企业"


def test_a_follow_up_over_that_period_asks_a_total() -> None:
    history = _history("How much direct investment have Belt and Road countries made in China since 2013?")
    assert analyze("How many companies did they set up over that period?", history).over_period
    assert not analyze("How many companies did they set up in 2020?", history).over_period


def test_a_follow_up_that_states_no_direction_asks_the_way_asked_before() -> None:
    history = _history("How much direct investment have Belt and Road countries made in China since 2013?")
    assert (
        asked_direction(analyze("And in 2020 alone, how much did they actually invest?", history)) == "into"
    )
    assert asked_direction(analyze("And in 2020 alone, how much did they actually invest?")) == ""


def test_and_among_asks_of_a_group_not_for_a_noun() -> None:
    assert asked_noun("And among middle managers?") == ""
    assert asked_noun("And observers?") == "observers"


def test_since_a_year_is_answered_by_a_total_over_the_years(real_service) -> None:
    since = real_service.ask(
        "How much direct investment have Belt and Road countries made in China since 2013?"
    )
    assert not since.abstained
    lead = since.answer.split(" The passage")[0]
    assert "500亿美元" in lead or "580亿美元" in lead
    first = "How much direct investment have Belt and Road countries made in China since 2013?"
    history = [{"role": "user", "content": first}, {"role": "assistant", "content": since.answer}]
    alone = real_service.ask("And in 2020 alone, how much did they actually invest?", history)
    assert not alone.abstained and "82.7亿美元" in alone.answer.split(" The passage")[0]


def test_an_everyday_word_tagged_as_a_place_is_no_name_the_reports_must_give(real_service) -> None:
    result = real_service.ask("“一带一路”科技创新行动计划启动以来，一共支持了多少外国青年科学家来华工作？")
    assert not result.abstained and "8300多名" in result.answer


def test_the_date_given_is_the_one_of_the_event_asked(real_service) -> None:
    asked = "When did the Ministry of Commerce's revised rules on handling complaints from foreign-invested enterprises"
    effect = real_service.ask(f"{asked} take effect?")
    assert effect.answer.startswith("The reports give the date as 1 October 2020")
    revised = real_service.ask("When was the complaints measure revised?")
    assert revised.answer.startswith("The reports give the date as August 2020")


def test_a_noun_asked_ends_where_its_time_begins() -> None:
    assert asked_noun("What was its container throughput that year?") == "container throughput"
    assert asked_noun("How many trains ran each year?") == "trains"


def test_a_part_s_clause_is_read_with_the_whole_it_is_of() -> None:
    before = "第七届丝绸之路国际电影节从116个国家和地区中精选500余部优秀影片进行推介，其中，影院展映影片"
    assert "第七届" in own_clause(before)
    assert own_clause("…精选500余部优秀影片进行推介，影院展映影片") == "影院展映影片"


def test_a_word_asking_one_answer_each_names_nothing() -> None:
    assert zh_focus("其中四川和陕西入选的分别是哪里？") == ""
    assert zh_focus("伊斯兰堡隔离医院的造价是多少？") == "造价"


def _answered(service, *questions: str):
    history: list[dict] = []
    for q in questions:
        result = service.ask(q, history)
        history += [{"role": "user", "content": q}, {"role": "assistant", "content": result.answer}]
    return result


def test_it_is_the_thing_the_conversation_named(real_service) -> None:
    first = "When did the Kaposvár solar power plant in Hungary go into operation?"
    english = _answered(real_service, first, "How much electricity is it expected to generate a year?")
    assert "1.3亿千瓦时" in english.answer.split(" The passage")[0], english.answer
    chinese = _answered(
        real_service, "匈牙利考波什堡光伏电站是什么时候正式投运的？", "它每年预计能发多少电？"
    )
    assert not chinese.abstained and "1.3亿千瓦时" in chinese.answer
    # the thing, not the country it is in: the steel project's exports, not Malaysia's jobs
    steel = "How many local jobs has the Alliance Steel project in Malaysia created?"
    exported = _answered(real_service, steel, "What share of its output is exported?")
    assert exported.answer.startswith("70%"), exported.answer


def test_a_film_count_of_a_festival_s_cinemas_is_the_part_counted(real_service) -> None:
    result = real_service.ask(
        "How many films were shown in cinemas at the 7th Silk Road International Film Festival?"
    )
    assert "102部" in result.answer.split(" The passage")[0], result.answer


def test_a_question_about_what_the_last_answer_quoted_stays_with_that_sentence(real_service) -> None:
    result = _answered(
        real_service, "在北京开办一家企业需要几个步骤、多少天？", "东亚及太平洋地区的平均水平是多少？"
    )
    assert "6.5步" in result.answer, result.answer


def test_the_sentence_beside_the_best_that_names_the_kind_asked_answers(real_service) -> None:
    result = real_service.ask(
        "What award did the Belo Monte UHV transmission phase II project in Brazil receive for its environmental work?"
    )
    assert not result.abstained and "最佳实践奖" in result.citations[0].quote, result.answer


def test_how_many_take_part_with_no_subject_asks_of_the_conversation() -> None:
    from qa.answer.followup import subjectless

    assert subjectless("有多少个国家和地区参加？")
    assert not subjectless(
        "有多少个国家签署了合作文件？"
    )  # what is done has its object: a question of its own
    assert not subjectless("有多少个成员国？")
    history = _history("第11届国际基础设施投资与建设高峰论坛是哪天举办的？")
    assert analyze("有多少个国家和地区参加？", history).followup


def test_a_date_is_looked_for_in_sentences_read_with_the_one_before(real_service) -> None:
    result = real_service.ask(
        'When did the Ministry of Commerce launch the online "Silk Road E-commerce" lecture series?'
    )
    assert result.answer.startswith("The reports give the date as October 2020"), result.answer


def test_how_many_more_asks_a_difference() -> None:
    from qa.answer.dimension import asks_change

    assert asks_change("2020年版鼓励外商投资产业目录比上一版多了多少条？", "zh")
    assert asks_change("比2019年多多少？", "zh")
    assert not asks_change("有多少个国家？", "zh")
    assert not asks_change("中欧班列开行了多少列？", "zh")


def test_a_question_naming_only_a_measure_asks_of_the_conversation_s_subject() -> None:
    from qa.answer.followup import measure_only

    assert measure_only({"占地面积", "占地", "面积", "地面"})
    assert measure_only({"时长"})
    assert not measure_only({"加里萨", "占地"})
    history = _history("When was the Garissa solar power plant in Kenya connected to the grid?")
    query = analyze("占地面积有多大？", history)
    assert query.followup and query.topic_inherited


def test_a_month_asked_is_looked_for_as_far_as_a_date(real_service) -> None:
    result = _answered(
        real_service,
        "How many African countries have signed Belt and Road cooperation documents with China?",
        "Which two countries signed in January 2021?",
    )
    assert "博茨瓦纳" in result.citations[0].quote, result.answer
