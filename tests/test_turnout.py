""" "What was the turnout for …?", "How many participants were at …?": a count of people, whoever took part. A
sentence counting those who came (100多名青年代表注册参会) answers it; a sentence with no count of people does not."""

from __future__ import annotations

from qa.answer.analyze import analyze

_FORUM = "the Belt and Road Youth Creativity and Heritage Forum special dialogue in May 2020"


def test_the_turnout_is_a_count_of_people() -> None:
    for question in (f"What was the turnout for {_FORUM}?", "What was the attendance at the forum?"):
        query = analyze(question)
        assert query.kind == "quantity", question
        assert {"名", "人", "位"} <= query.asked_units, question
    assert {"名", "人"} <= analyze("How many participants attended the workshop?").asked_units
    # students of a kind: a count of other people (近3万名当地小学生) is not theirs
    assert not analyze("How many Chinese students were studying abroad in 2020?").asked_units & {"名", "人"}
    assert "名" not in analyze("How many trains ran in 2020?").asked_units


def test_turnout_and_participants_are_answered_by_who_came(real_service) -> None:
    for question in (f"What was the turnout for {_FORUM}?", f"How many participants were at {_FORUM}?"):
        result = real_service.ask(question)
        assert not result.abstained, result.answer
        assert result.answer.startswith("More than 100 people (100多名)"), result.answer
