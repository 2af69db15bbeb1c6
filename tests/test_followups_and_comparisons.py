"""A follow-up asking again of another time ("And the year before?", "2020年底的时候呢？"), the thing "the bridge" or
"it" points back at, a length asked, a comparison asked as two questions, a goal's year, a total as of a date,
a verb with a directional complement, the money a verb asks, and a pair with China naming its other party."""

from __future__ import annotations

from qa.answer.asks_for import makes_statement, statement_asked
from qa.answer.dimension import dimension_reason
from qa.answer.followup import counted_only, retimed_zh
from qa.answer.named import pairs_of
from qa.answer.parts import asked_qualifiers, bare_qualifiers
from qa.answer.query import rejoined, unframed
from qa.answer.requests import as_question
from qa.text.tokenize import pos_cut
from tests.helpers import asked_turns as _history
from tests.test_near_miss import asked_after


def test_a_verb_with_a_directional_complement_is_a_verb_not_a_name() -> None:
    words = dict(pos_cut("中巴经济走廊是哪天把科技和农业也加进来的？"))
    assert "加进来" not in words and words["加"] == "v" and words["进来"] == "v"
    assert ("过去", "t") in pos_cut("过去五年")  # a word of its own, not a verb and its complement


def test_the_money_a_verb_asks_is_the_reports_word_for_it() -> None:
    known = {"赔款": 5, "捐款": 3}.get
    assert rejoined("赔出去多少钱？", lambda w: known(w) or 0).startswith("赔款 多少钱")
    assert rejoined("有多少钱？", lambda w: known(w) or 0) == "有多少钱？"


def test_words_that_frame_a_question_are_no_words_a_sentence_must_have() -> None:
    framed = unframed("2013到2019这七年里，沿线国家到中国来投资一共有多少钱？")
    assert "七年" not in framed and "来投资" not in framed and "钱" not in framed
    assert "到中国" in framed and "投资" in framed
    assert unframed("来华投资多少？") == "来华投资多少？"


def test_a_chinese_follow_up_asks_the_earlier_question_of_its_new_time() -> None:
    earlier = "截至2021年6月，跟中国签了一带一路合作文件的有多少国家？"
    assert (
        retimed_zh(earlier, "2020年底的时候呢？") == "截至2020年底，跟中国签了一带一路合作文件的有多少国家？"
    )
    assert retimed_zh(earlier, "那2019年呢？") == ""  # a year alone: the years are changed as before


def test_a_length_asked_is_not_answered_by_other_units() -> None:
    energy = [{"unit": "千瓦时", "value": 3.5e10}]
    assert dimension_reason("How long is the line?", "en", frozenset(), energy)
    stay = [{"unit": "天", "value": 30}]
    assert not dimension_reason("How long is the visa-free stay?", "en", frozenset(), stay)
    minutes = [{"unit": "分钟", "value": 40}]
    assert dimension_reason("And how long is the line itself, in km?", "en", frozenset(), minutes)


def test_a_length_of_the_name_after_it_is_no_length_of_what_is_asked() -> None:
    text = "建成后的大桥将横跨亚得里亚海小斯通湾，往返于南北的居民们再也不用穿过长约20公里的“涅姆走廊”。"
    end = text.index("公里") + 2
    corridor = [{"unit": "公里", "value": 20, "end": end}]
    assert dimension_reason("How long is the bridge?", "en", frozenset(), corridor, text, 0)
    road = "该项目全长392公里，设计时速120公里。"
    length = [{"unit": "公里", "value": 392, "end": road.index("公里") + 2}]
    assert not dimension_reason("How long is the motorway?", "en", frozenset(), length, road, 0)


def test_a_comparison_is_asked_as_the_two_questions_that_answer_it() -> None:
    assert as_question("Which is bigger, the Sweihan solar plant or Garissa?") == (
        "How big is the Sweihan solar plant? How big is Garissa?"
    )
    assert (
        as_question("南欧江水电站和额勒赛下游水电站哪个更大？")
        == "南欧江水电站有多大？额勒赛下游水电站有多大？"
    )
    assert as_question("Which is bigger in China, A or B?") == "Which is bigger in China, A or B?"


def test_the_year_a_goal_is_set_for_is_asked_and_stated() -> None:
    assert statement_asked("商务部那个对外设计咨询的文件，目标是到哪一年？") == "target"
    assert statement_asked("By what year should the network be complete?") == "target"
    assert makes_statement("target", "《通知》提出，到2035年，中国对外设计咨询在国际市场上的竞争力显著增强")
    assert not makes_statement("target", "2021年1月，商务部等19部门印发《通知》。")


def test_what_was_carried_out_is_an_actual_amount_and_a_pair_names_its_party() -> None:
    assert asked_qualifiers("How much debt service has China actually suspended?", "en") == {"实际"}
    assert "实际" in bare_qualifiers("已全面落实符合倡议要求的缓债申请，缓债金额达13.53亿美元")
    assert "中欧班列" in pairs_of("Europe") and "中巴经济走廊" in pairs_of("Pakistan")
    assert pairs_of("Kenya") == [] and pairs_of("railway") == []  # no pair with China; a word of no party


def test_follow_ups_of_another_time_and_what_they_point_back_at(real_service) -> None:
    documents = real_service.ask(
        "2020年底的时候呢？", _history("截至2021年6月，跟中国签了一带一路合作文件的有多少国家？")
    )
    assert not documents.abstained and "202份" in documents.citations[0].quote, documents.answer
    trains = "How many China-Europe Railway Express trips were there in 2020?"
    before = asked_after(real_service, (trains,), "And the year before?")
    assert before.answer.startswith("In 2019, China-Europe Railway Express trains run: 8,225 trains"), (
        before.answer
    )
    hauled = asked_after(
        real_service, (trains, "And the year before?"), "How many containers did they haul that year?"
    )
    assert hauled.answer.startswith("In 2019, China-Europe Railway Express shipped: 725,000 TEU"), (
        hauled.answer
    )
    bridge = real_service.ask(
        "And how long is the bridge?",
        _history("When is the Padma Bridge in Bangladesh supposed to be finished?"),
    )
    assert bridge.abstained, bridge.answer  # not the 20 km corridor beside a bridge in Croatia
    line = real_service.ask(
        "How long is the line?",
        _history("How much electricity can the Matiari–Lahore HVDC line transmit a year?"),
    )
    assert line.abstained, line.answer


def test_reading_what_is_asked_in_whole_questions(real_service) -> None:
    inward = real_service.ask("2013到2019这七年里，沿线国家到中国来投资一共有多少钱？")
    assert "500亿美元" in inward.citations[0].quote, inward.answer
    claims = real_service.ask(
        "赔出去多少钱？",
        _history("How much insurance cover had Sinosure written in Belt and Road countries by mid-2019?"),
    )
    assert not claims.abstained and "28.7亿美元" in claims.citations[0].quote, claims.answer
    added = real_service.ask("中巴经济走廊是哪天把科技和农业也加进来的？")
    assert added.answer.startswith("报告所记日期为2020年3月17日"), added.answer
    goal = real_service.ask("商务部那个对外设计咨询的文件，目标是到哪一年？")
    assert "到2035年" in goal.citations[0].quote, goal.answer
    europe = real_service.ask("How many trains to Europe did Xinjiang run in 2020 compared with 2014?")
    assert europe.answer.startswith("In 2020, number of trains run: 1,105 trains (1105列)"), europe.answer
    bigger = real_service.ask("Which is bigger, the Sweihan solar plant in Abu Dhabi or Garissa?")
    assert "(1177兆瓦)" in bigger.answer and "(50兆瓦)" in bigger.answer, bigger.answer
    so_far = real_service.ask(
        "How many countries has China signed Belt and Road cooperation documents with so far?"
    )
    assert so_far.answer.startswith("By June 2021: 140 countries (140个国家)"), so_far.answer
    fair = real_service.ask("第127届广交会是哪天开幕的？开了几天？")
    assert fair.answer.startswith("报告所记日期为2020年6月15日"), fair.answer
    award = real_service.ask(
        "巴基斯坦萨希瓦尔那个煤电厂得过什么环保奖？"
    )  # 什么环保奖: a sentence naming an award
    assert "环保卓越奖" in award.citations[0].quote, award.answer
    back = real_service.ask(
        "And back in 2013?",
        _history("What was the completed turnover of Chinese contracted projects in BRI countries in 2020?"),
    )
    assert back.answer.startswith("In 2013, turnover: US$65.4 billion (654亿美元)"), back.answer


def test_what_is_special_asks_what_makes_it_stand_out() -> None:
    assert statement_asked("有什么特别的？") == "meaning"
    assert statement_asked("What is special about it?") == "meaning"


def test_parts_years_and_counts_of_the_thing_asked(real_service) -> None:
    labs = "How many joint labs has the Belt and Road science and technology innovation plan launched?"
    africa = asked_after(real_service, (labs,), "How many of those are in Africa?")
    assert africa.abstained, africa.answer  # not the villages of another project, nor a China-Africa centre
    alone = asked_after(
        real_service, ("2013到2020年中国企业在沿线国家一共直接投了多少钱？",), "光2020年一年呢？"
    )
    assert "186.1亿美元" in alone.citations[0].quote, alone.answer
    ports = real_service.ask(
        "How many ports can you reach through the western land-sea corridor run out of Chongqing?"
    )
    assert "(248个)" in ports.answer.split("[1]")[0], ports.answer
    yearly = real_service.ask(
        "一年大概能发多少电？", _history("柬埔寨那个中企建的额勒赛下游水电站装机多大？")
    )
    assert "每年为柬埔寨提供约10亿千瓦时" in yearly.citations[0].quote, yearly.answer


def test_a_name_after_a_preposition_is_no_subject_and_going_on_is_a_duration() -> None:
    from qa.answer.dimension import DURATION_UNITS, dimension_units

    assert counted_only("一年能给柬埔寨供多少电？", ["柬埔寨"])
    assert not counted_only("柬埔寨一年能发多少电？", ["柬埔寨"])
    assert dimension_units("How long did the Xi-Biden video summit go on?", "en") == set(DURATION_UNITS)


def test_it_is_what_the_last_question_naming_anything_named(real_service) -> None:
    area = asked_after(
        real_service,
        (
            "How many beds does the kidney hospital China built in Sri Lanka have?",
            "And the isolation hospital in Islamabad?",
        ),
        "What's its floor area?",
    )
    assert area.abstained, area.answer  # not the kidney hospital's 25917平方米
    members = asked_after(
        real_service,
        (
            "How big is the AIIB's Covid crisis recovery facility, and how much had it approved by January 2021?",
        ),
        "How many members does the bank have now?",
    )
    assert members.answer.startswith("In January 2021, members: 103 (103个)"), members.answer
    target = asked_after(
        real_service,
        ("When was the notice on promoting overseas design consulting issued, and by how many departments?",),
        "What's the target year for its goals?",
    )
    assert not target.abstained and "到2035年" in target.citations[0].quote, target.answer
