"""Who announced it: a spokesperson's announcement names an agent (外交部发言人华春莹即宣布), and "it" after a question
naming two people is the thing they did, not one of them."""

from __future__ import annotations

from qa.answer.analyze import analyze
from qa.answer.asks_for import agent_of, doing_asked, makes_statement, statement_asked
from qa.answer.carried import pointed_back
from tests.helpers import ask_in_turn, asked_turns

_ANNOUNCED = "11月13日，外交部发言人华春莹即宣布，中美双方经过协商将于11月16日上午同美国总统拜登举行视频会晤"


def test_an_announcement_names_who_made_it() -> None:
    assert makes_statement("agent", _ANNOUNCED)
    assert agent_of(_ANNOUNCED) == "外交部发言人华春莹"
    doing = doing_asked("who announced it on the Chinese side?")
    assert doing is not None and doing.search(_ANNOUNCED)
    assert not makes_statement("agent", "11月16日上午，国家主席习近平在北京同美国总统拜登举行视频会晤。")


def test_it_is_no_person_of_the_question_before() -> None:
    two_people = asked_turns("When did Xi and Biden hold their video summit?")
    assert pointed_back(analyze("who announced it on the Chinese side?", two_people)) == []
    plant = asked_turns("When did the Kaposvár solar power plant go into operation?")
    assert pointed_back(analyze("How much electricity is it expected to generate?", plant)) == [
        "考波什堡光伏电站"
    ]


def test_the_announcement_is_the_answer_after_the_meeting(real_service) -> None:
    result = ask_in_turn(
        real_service,
        "When did Xi and Biden hold their video summit?",
        "who announced it on the Chinese side?",
    )
    assert not result.abstained, result.answer
    assert "华春莹" in result.answer and "Hua Chunying" in result.answer


def test_whose_idea_asks_who_proposed_it() -> None:
    proposed = "视频会晤是美方主动提议举行的，拜登总统显然对此次会晤期待已久。"
    for question in ("whose idea was the video meeting?", "Who suggested the meeting?"):
        assert statement_asked(question) == "agent"
        doing = doing_asked(question)
        assert doing is not None and doing.search(proposed)
    assert makes_statement("agent", proposed)
    assert statement_asked("加里萨那个光伏电站是哪家中国企业干的？") == "agent"


def test_the_proposer_is_named_after_the_meeting(real_service) -> None:
    first = "When did Xi and Biden hold their virtual summit, and how long did it run?"
    result = ask_in_turn(real_service, first, "whose idea was it to do it by video?")
    assert not result.abstained, result.answer
    assert any("美方主动提议" in c.quote for c in result.citations), result.answer


def test_those_who_jointly_proposed_it_are_its_agents() -> None:
    sentence = "2020年6月，在中国和非盟轮值主席国南非、中非合作论坛共同主席国塞内加尔共同倡议下，中非团结抗疫特别峰会以视频方式举行。"
    assert makes_statement("agent", sentence)
    assert not makes_statement("agent", "中非团结抗疫特别峰会以视频方式举行。")


def test_who_chaired_it_asks_for_the_chairing() -> None:
    doing = doing_asked("Who chaired the China-Africa Summit on Solidarity against COVID-19?")
    assert doing is not None and doing.search("习近平主席在北京主持特别峰会并发表主旨演讲")
    assert not doing.search("在中国和非盟轮值主席国南非、中非合作论坛共同主席国塞内加尔共同倡议下")
