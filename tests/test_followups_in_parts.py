"""A question in parts is a follow-up when each part is one ("How many beds, and how many were converted for COVID
patients?" after a question on a hospital), and its parts are answered of the conversation's subject: a sentence
about another hospital adds nothing."""

from __future__ import annotations

from qa.answer.analyze import analyze

_FIRST = "Which company built the Arima General Hospital in Trinidad and Tobago?"
_PARTS = "How many beds, and how many were converted for COVID patients?"


def _turns(question: str, answer: str) -> list[dict]:
    return [{"role": "user", "content": question}, {"role": "assistant", "content": answer}]


def test_a_question_whose_parts_follow_up_follows_up() -> None:
    history = _turns(_FIRST, "China Railway Construction Corporation [1].")
    assert analyze(_PARTS, history).followup
    assert all(analyze(part, history).followup for part in analyze(_PARTS, history).parts)
    islamabad = (
        "How many beds does the Islamabad isolation hospital have, and how many days did building take?"
    )
    assert not analyze(islamabad, history).followup  # a part naming a subject of its own


def test_the_parts_are_answered_of_the_conversations_subject(real_service) -> None:
    answer = real_service.ask(_FIRST)
    result = real_service.ask(_PARTS, _turns(_FIRST, answer.answer))
    assert not result.abstained, result.answer
    quotes = " ".join(c.quote for c in result.citations)
    assert "150张床位" in quotes and "伊斯兰堡" not in quotes, result.answer
