"""A run of editions asked together ("the first three expos", 前三届) is answered by a sentence of the run (三届…累计),
not by one edition's figure, and is no single edition. "When is it supposed to be done?" asks a completion; a part
asking when of an event (预计哪年完工, "when was it handed over") is answered by a dated sentence saying it in any verb
of that event (预计…完成, 正式交付). An agreement whose feasibility study only was agreed was not signed. A "which
African countries" list is not about another party because of a piece of an item's name (比亚 of 埃塞俄比亚), and the
class asked (非洲) is no item of its answer. A sentence of another passage about another thing (南欧江… for 额勒赛…)
adds nothing to an answer."""

from __future__ import annotations

from qa.answer.edition_span import edition_span, names_span, span_fit, span_reason
from qa.answer.editions import find_editions
from qa.answer.flow import asked_event
from tests.helpers import ask_in_turn


def test_a_run_of_editions_is_read_in_both_languages() -> None:
    assert (
        edition_span(
            "What's the total intended deal value across the first three China International Import Expos?"
        )
        == 3
    )
    assert edition_span("What about all three expos combined?") == 3
    assert edition_span("前三届进博会累计意向成交额是多少？") == 3
    assert edition_span("前两届论坛一共签了多少项目？") == 2
    # one edition, a date, a bare count without a total asked: no run
    for question in (
        "第十三届广交会成交多少？",
        "上一届有多少家企业参加？",
        "How long did the 16 November video meeting run?",
        "What did the two sessions decide?",
        "What was agreed at the third forum?",
    ):
        assert edition_span(question) == 0, question
    # "the first three expos" is not the first expo
    assert find_editions("the first three China International Import Expos") == []
    assert find_editions("the first China International Import Expo") == [1]


def test_a_sentence_of_the_run_fits_and_one_of_a_single_edition_does_not() -> None:
    question = "What's the total intended deal value across the first three China International Import Expos?"
    total = "三届中国国际进口博览会累计意向成交2015.8亿美元。"
    single = "本届进博会共有2600多家跨国企业参展，累计意向成交额726.2亿美元，较上届增长2.1%。"
    assert names_span(total, 3) and not names_span(single, 3) and not names_span("第三届进博会", 3)
    assert span_fit(question, total, "") == {"edition_fit": 1.0, "other_edition": 0.0}
    assert span_fit(question, single, "") == {"edition_fit": 0.0, "other_edition": 1.0}
    assert span_fit("2020年进博会成交多少？", single, "") == {}
    assert span_reason(question, single) and not span_reason(question, total)


def test_the_run_is_answered_by_its_total_in_english(real_service) -> None:
    result = real_service.ask(
        "What's the total intended deal value across the first three China International Import Expos?"
    )
    assert not result.abstained, result.answer
    assert "2015.8亿美元" in result.answer and "726.2亿美元" not in result.answer


def test_a_run_no_passage_totals_is_an_edition_near_miss(real_service) -> None:
    result = real_service.ask("前两届进博会累计意向成交额是多少？")
    assert result.abstained and result.near_miss is not None
    assert result.near_miss.missing == "edition"
    assert "两届" in result.answer or "二届" in result.answer


def test_a_run_asked_in_a_follow_up_is_not_the_edition_carried(real_service) -> None:
    # the reports give the run's total in one sentence (三届…累计意向成交2015.8亿美元): it answers, first
    answer = ask_in_turn(real_service, "第三届进博会意向成交额是多少？", "三届加起来呢？")
    assert not answer.abstained, answer.answer
    assert answer.answer.startswith("三届中国国际进口博览会累计意向成交2015.8亿美元"), answer.answer


def test_done_asks_a_completion() -> None:
    assert asked_event("and when is the cruise terminal expansion supposed to be done?", "en") == "finish"
    assert asked_event("When will it be done?", "en") == "finish"
    assert asked_event("What was done to help?", "en") == ""


def test_a_completion_asked_in_english_is_not_answered_by_the_start(real_service) -> None:
    last = ask_in_turn(
        real_service,
        "Piraeus container throughput: what was it in 2010 vs 2019?",
        "and when is the cruise terminal expansion supposed to be done?",
    )
    assert not last.abstained, last.answer
    assert "2023" in last.answer.split("[1]")[0]
    assert "预计在2023年完成" in last.citations[0].quote


def test_a_part_asking_when_of_an_event_is_answered_in_any_verb_of_it(real_service) -> None:
    last = ask_in_turn(
        real_service,
        "比雷埃夫斯港2019年集装箱吞吐量多少？",
        "它的邮轮码头扩建什么时候动工、预计哪年完工？",
    )
    assert not last.abstained, last.answer
    assert "2020年2月动工" in last.answer and "预计在2023年完成" in last.answer


def test_which_african_countries_is_answered_by_the_countries_listed(real_service) -> None:
    result = real_service.ask("Which African countries got locust-control supplies from China in 2020?")
    assert not result.abstained, result.answer
    lead = result.answer.split("“")[0]
    assert "Uganda" in lead and "Ethiopia" in lead
    assert "Africa (" not in lead  # the class asked is no item of the answer


def test_a_feasibility_study_of_an_agreement_is_not_its_signing() -> None:
    from qa.answer.flow import only_studied

    text = "签署了《…关于<中国与白俄罗斯服务贸易与投资协定>联合可行性研究的谅解备忘录》，决定开展联合可行性研究工作。"
    assert only_studied(
        text, "When did China and Belarus sign their services trade and investment agreement?"
    )
    assert not only_studied(text, "When did they agree on a joint feasibility study of the agreement?")
    assert not only_studied("双方签署了自由贸易协定。", "When was the agreement signed?")


def test_the_signing_of_an_agreement_only_studied_is_a_near_miss(real_service) -> None:
    result = real_service.ask(
        "When did China and Belarus sign their services trade and investment agreement?"
    )
    assert result.abstained and result.near_miss is not None, result.answer
    assert "feasibility study" in result.answer
    asked = real_service.ask(
        "When did China and Belarus agree to study a services trade and investment agreement?"
    )
    assert not asked.abstained and "4月30日" in asked.answer


def test_a_sentence_of_another_plant_adds_nothing_to_the_answer(real_service) -> None:
    result = real_service.ask(
        "What's the installed capacity of the Lower Stung Russei Chrum hydropower plant in Cambodia, and how much "
        "power does it supply a year?"
    )
    assert not result.abstained, result.answer
    assert "338兆瓦" in result.answer
    quotes = " ".join(c.quote for c in result.citations)
    assert "南欧江" not in quotes and "1062兆瓦" not in quotes and "1272兆瓦" not in quotes
    # a sentence of the same passage that names no month asked still counts ("June": 6月 is no thing)
    roads = real_service.ask(
        "At the June 2020 high-level video conference on Belt and Road cooperation, what four kinds of road did Xi "
        "say the initiative should become?"
    )
    assert "健康之路" in " ".join(c.quote for c in roads.citations)


def test_a_part_asking_when_of_an_event_in_no_terms_is_answered_by_a_dated_sentence(real_service) -> None:
    # "handed over" gives no term of the reports (its senses are 携手, 一方…): a dated sentence beside the chosen one
    # that dates the event (正式交付) answers it, before an undated one holding the same verb (即将交付)
    answer = ask_in_turn(
        real_service,
        "Who built the Arima General Hospital in Trinidad and Tobago?",
        "how many beds, and when was it handed over?",
    )
    assert not answer.abstained, answer.answer
    assert "150张" in answer.answer and "2020年6月9日" in answer.answer


def test_a_later_part_naming_its_own_thing_keeps_the_first_parts_sentence(real_service) -> None:
    result = real_service.ask(
        "After the 2020 revision, how many special administrative measures did the FTZ foreign-investment negative "
        "list contain, and how short was Hainan's list?"
    )
    assert not result.abstained, result.answer
    assert "30条" in result.answer and "27条" in result.answer
