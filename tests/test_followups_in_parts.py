"""A question in parts is a follow-up when each part is one ("How many beds, and how many were converted for COVID
patients?" after a question on a hospital), and its parts are answered of the conversation's subject: a sentence
about another hospital adds nothing."""

from __future__ import annotations

from qa.answer.analyze import analyze
from tests.helpers import ask_in_turn, asked_turns

_FIRST = "Which company built the Arima General Hospital in Trinidad and Tobago?"
_PARTS = "How many beds, and how many were converted for COVID patients?"


def test_a_question_whose_parts_follow_up_follows_up() -> None:
    history = asked_turns(_FIRST)
    assert analyze(_PARTS, history).followup
    assert all(analyze(part, history).followup for part in analyze(_PARTS, history).parts)
    islamabad = (
        "How many beds does the Islamabad isolation hospital have, and how many days did building take?"
    )
    assert not analyze(islamabad, history).followup  # a part naming a subject of its own


def test_the_parts_are_answered_of_the_conversations_subject(real_service) -> None:
    result = ask_in_turn(real_service, _FIRST, _PARTS)
    assert not result.abstained, result.answer
    quotes = " ".join(c.quote for c in result.citations)
    assert "150张床位" in quotes and "伊斯兰堡" not in quotes, result.answer
