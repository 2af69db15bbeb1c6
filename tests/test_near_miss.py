"""Abstentions that give the neighbouring answer: the slot the closest evidence misses, and what it says."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow


def asked_after(service, questions: tuple[str, ...], question: str):
    """The answer to `question` asked after `questions`, each answered in turn and kept as history."""
    history: list[dict] = []
    for earlier in questions:
        answer = service.ask(earlier, history=history).answer
        history += [{"role": "user", "content": earlier}, {"role": "assistant", "content": answer}]
    return service.ask(question, history=history)


@pytest.mark.parametrize(
    ("question", "slot"),
    [
        ("2023年中欧班列开行多少列？", "time"),
        ("How many China-Europe Railway Express trains ran in 2023?", "time"),
        ("肯尼亚2020年中欧班列开行多少列？", "subject"),
        ("How many trains did the China-Europe Railway Express run to Kenya in 2020?", "subject"),
        ("2020年中国对泰国的直接投资是多少？", "aggregate"),
        ("How much did China invest directly in Vietnam in 2020?", "aggregate"),
        # the sentence before names Senegal; the passage itself is about Madagascar
        ("How many hectares of hybrid rice does Senegal grow?", "subject"),
        ("What is the population of Kazakhstan?", "measure"),
        ("第五届进博会累计意向成交额多少？", "edition"),
        ("What was the value of intended deals at the 5th China International Import Expo?", "edition"),
    ],
)
def test_each_slot_gives_its_near_miss(real_service, question: str, slot: str) -> None:
    result = real_service.ask(question).model_dump()
    assert result["abstained"] and result["near_miss"]["missing"] == slot
    assert result["near_miss"]["text"] == result["answer"] and "[1]" in result["answer"]
    quote = result["citations"][0]["quote"]
    assert quote.strip() in result["answer"]  # what the reports give instead, quoted
    if slot == "time":
        assert "2023" in result["answer"] and "2020" in result["answer"]
    if "Senegal" in question:
        assert "do not give this for Senegal;" in result["answer"], result["answer"]


def test_a_weak_match_has_no_near_miss(real_service) -> None:
    result = real_service.ask("What is the weather on Mars tomorrow?").model_dump()
    assert result["abstained"] and result["near_miss"] is None


def test_the_edition_the_reports_cover_is_answered(real_service) -> None:
    for question in (
        "第三届进博会累计意向成交额多少？",
        "What was the value of intended deals at the 3rd China International Import Expo?",
    ):
        result = real_service.ask(question).model_dump()
        assert not result["abstained"] and any(f["raw"] == "726.2亿美元" for f in result["figures"]), question


def test_another_edition_asked_next_quotes_the_edition_the_reports_cover(real_service) -> None:
    """ "第六届呢？" after the fifth forum in Hong Kong: the reports cover the fifth only; the near miss quotes the
    sentence naming it, not another forum's sentence in the same passage."""
    result = asked_after(
        real_service, ("香港第五届“一带一路”高峰论坛什么时候举办？",), "第六届呢？"
    ).model_dump()
    assert result["abstained"] and result["near_miss"]["missing"] == "edition", result["answer"]
    assert "第五届" in result["citations"][0]["quote"], result["answer"]


def test_the_start_of_the_works_does_not_date_their_completion(real_service) -> None:
    """已于2020年底正式开工 answers when the works started, not "什么时候竣工"; the start asked is answered."""
    result = real_service.ask("中国援建的非洲疾控中心总部大楼什么时候竣工？").model_dump()
    assert result["abstained"] and result["near_miss"]["missing"] == "time", result["answer"]
    assert "开工" in result["citations"][0]["quote"] and "竣工的时间" in result["answer"], result["answer"]
    started = real_service.ask("When did construction of the Africa CDC headquarters start?").model_dump()
    assert not started["abstained"] and "December 2020" in started["answer"], started["answer"]


def test_the_event_a_when_question_asks() -> None:
    from qa.answer.flow import asked_event

    assert asked_event("什么时候竣工？", "zh") == "finish" and asked_event("何时开工？", "zh") == "start"
    assert asked_event("When will the bridge be completed?", "en") == "finish"
    assert asked_event("When did construction start?", "en") == "start"
    assert asked_event("When did the plant start operating?", "en") == ""  # it went into operation
    assert asked_event("When was it signed?", "en") == "signed"  # not the negotiations concluded


def test_an_event_named_with_its_ordinal_is_told_apart_by_what_follows_it() -> None:
    from qa.answer.editions import editions_of

    text = (
        "12月，澳门举办第11届国际基础设施投资与建设高峰论坛。2020年11月，香港举办第五届“一带一路”高峰论坛。"
    )
    assert editions_of(text, ["第五届“一带一路”高峰论坛"]) == {5}


def test_a_question_about_the_group_itself_is_answered_with_the_groups_figure(real_service) -> None:
    # One member alone is a near miss (the figure is the group's); the members listed with 等 ask for the group.
    alone = real_service.ask("2020年中国对泰国的直接投资是多少？").model_dump()
    assert alone["abstained"] and alone["near_miss"]["missing"] == "aggregate"
    group = real_service.ask("2020年中国对新加坡、印度尼西亚等沿线国家的直接投资是多少？").model_dump()
    assert not group["abstained"] and any(f["raw"] == "186.1亿美元" for f in group["figures"])


def test_a_unit_word_is_not_a_thing_the_reports_must_name(real_service) -> None:
    from qa.answer.analyze import analyze

    answerer = getattr(real_service.answerer, "extractive", real_service.answerer)

    def rule(query, cands):
        return answerer.abstention._asked_thing_missing(query, cands, [])

    times = analyze("How many times were the short videos played worldwide in 2020?")
    assert times.asked_units and rule(times, []) == ""  # counted in 次: the figure's unit says it
    assert rule(analyze("How many unicorns were founded along the route in 2020?"), []).startswith("nothing")


def test_a_when_question_whose_passages_give_no_date_of_the_event_says_so(real_service) -> None:
    # The passage about the railway says it is being built; a date nearby is of another event (a job fair)
    # or in the sentence after another line's list: neither is when it opened.
    result = real_service.ask("雅万高铁什么时候通车？").model_dump()
    assert result["abstained"] and result["near_miss"]["missing"] == "time", result["answer"]
    assert (
        result["answer"].startswith("报告中没有给出具体时间")
        and "雅万高铁" in result["citations"][0]["quote"]
    )
    # A date the passages give for the event is still the answer.
    dated = real_service.ask("When did Xi and Biden hold their video meeting?").model_dump()
    assert not dated["abstained"] and "16 November" in dated["answer"], dated["answer"]


def test_a_counted_noun_the_glossary_knows_as_a_phrase_is_found_in_the_passage(real_service) -> None:
    # "charter flights" is 包机 as a phrase; neither word alone is: the passage speaks of what is counted.
    result = real_service.ask("How many charter flights for anti-epidemic supplies did SF Airlines operate?")
    assert not result.abstained and "210" in result.answer, result.answer


def test_a_follow_up_asking_another_year_is_not_answered_by_a_sentence_that_only_compares_with_it(
    real_service,
) -> None:
    # The 2020 sentence says "比2019年底增加37个": its figures hold for 2020. The 2019 figures are elsewhere.
    result = asked_after(
        real_service, ("How many China-Europe Railway Express trains ran in 2020?",), "And in 2019?"
    )
    assert not result.abstained and result.answer.startswith("In 2019"), result.answer
    assert "8225列" in result.citations[0].quote


def test_a_figure_under_a_chronicle_entry_is_about_what_the_entry_title_names(real_service) -> None:
    # "13. 4月14日中国—拉美（墨西哥）国际贸易数字展览会开幕": the entry's sentences do not repeat the fair's name, and
    # the best sentence by words is about a media alliance with members in Latin America. A close second about
    # the party named, as close to the question, answers instead of a subject near miss.
    result = real_service.ask(
        "How many companies exhibited at the China-Latin America (Mexico) digital trade fair?"
    )
    assert not result.abstained and "2000多家" in result.citations[0].quote, result.answer
    assert result.answer.startswith("Enterprises: more than 2,000"), result.answer


def test_a_close_second_that_speaks_of_the_thing_counted_answers_for_a_best_that_does_not(
    real_service,
) -> None:
    # The best sentence counts rice technicians trained; the one after it in score counts the officials (官员)
    # who took part in the online courses.
    result = real_service.ask(
        "How many officials from developing countries took part in the online training courses?"
    )
    assert not result.abstained and "100名官员" in result.citations[0].quote, result.answer


def test_an_amount_committed_does_not_answer_what_was_actually_paid_out(real_service) -> None:
    """Committed and actual amounts are two parts of one measure: asked what was disbursed, a passage giving only
    the commitment is the near miss, and a passage naming the disbursement (发放) answers."""
    miss = real_service.ask(
        "How much had the Silk Road Fund actually disbursed by October 2020?"
    ).model_dump()
    assert miss["abstained"] and miss["near_miss"]["missing"] == "measure", miss["answer"]
    assert "承诺" in miss["citations"][0]["quote"] and "actual" in miss["answer"]
    hit = real_service.ask(
        "How much had China Development Bank disbursed in Belt and Road loans by October 2020?"
    )
    assert not hit.abstained and hit.answer.startswith(
        "By October 2020, loans disbursed: RMB 310.5 billion"
    ), hit.answer


def test_a_time_near_miss_quotes_the_passage_that_matches_all_but_the_year(real_service) -> None:
    """Asked a later year, the near miss is the passage about the asked thing (成员) in an earlier year, not a
    higher-scored one about the same body that gives another measure."""
    result = real_service.ask("亚投行2022年有多少成员？").model_dump()
    assert result["abstained"] and result["near_miss"]["missing"] == "time"
    assert "成员从57个增长到103个" in result["citations"][0]["quote"], result["answer"]


def test_an_english_near_miss_names_what_is_missing_in_english() -> None:
    from qa.answer.near_miss import _in_english

    assert _in_english("标箱") == "TEU" and _in_english("Kenya") == "Kenya"


def test_once_built_is_no_completion_date(real_service) -> None:
    """该项目于2018年开工…建成后的大桥将横跨…: 建成后 says what the bridge will do once built, not when it is."""
    first = ("When did construction of the Peljesac Bridge start?",)
    result = asked_after(real_service, first, "When will it be finished?").model_dump()
    assert result["abstained"] and result["near_miss"]["missing"] == "time", result["answer"]
    assert "开工" in result["citations"][0]["quote"], result["answer"]


def test_a_followup_naming_nothing_asks_of_what_the_last_question_named(real_service) -> None:
    """ "And by the end of 2021?" after the Silk Road Fund's committed investment: a 2021 sentence about another
    fund does not answer it."""
    earlier = ("How many projects had the Silk Road Fund signed?", "What was its committed investment?")
    result = asked_after(real_service, earlier, "And by the end of 2021?").model_dump()
    assert result["abstained"], result["answer"]


def test_a_month_the_best_sentence_lacks_is_looked_for_further_down(real_service) -> None:
    """ "… in October 2020" when the best sentence is about December: the sentence dated October answers, and the
    titles it lists are the items."""
    result = real_service.ask(
        "Which documents did the SCO trade ministers agree on in October 2020?"
    ).model_dump()
    assert not result["abstained"] and "10月" in result["citations"][0]["quote"], result["answer"]
    assert "Statement in Support of the Multilateral Trading System" in result["answer"].split("“")[0]


def test_a_completion_expected_later_in_the_passage_answers_when_it_will_be_completed(real_service) -> None:
    """The best sentence dates the start of the works (于2020年2月动工); the one after it says 扩建项目预计在2023年完成
    and names the port by its short form (比港): it answers, with the year it gives."""
    result = real_service.ask("When is the Piraeus cruise terminal expansion expected to be completed?")
    assert not result.abstained and result.answer.startswith("The reports give the date as 2023 (2023年)"), (
        result.answer
    )


def test_an_edition_asked_of_one_event_is_not_answered_by_that_edition_of_another(real_service) -> None:
    # the reports name 第三届…培训班 and 第二届 of other events (高峰论坛, 侨商侨领交流合作大会)
    second = real_service.ask("第二届培训班是什么时候举办的？")
    assert second.abstained and "第二届" not in second.answer, second.answer
    third = real_service.ask("第三届培训班是什么时候举办的？")
    assert not third.abstained and "第三届" in third.citations[0].quote, third.answer
    # 第二次 names its event far from it (第二次则是在9月10日), so the edition alone still counts there
    from qa.answer.editions import edition_terms

    assert edition_terms("第二届培训班是什么时候举办的？", ["培训班"]) == ["培训班"]
    assert edition_terms("第一次和第二次通话分别在什么时候？", ["通话"]) == []
