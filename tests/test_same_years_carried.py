""" "… grow between 2013 and 2019?", "and completed turnover over the same years?", "What share … did that account
for?": the third asks of the years the second carried over, 2013 to 2019, not of none."""

from __future__ import annotations

from qa.answer.analyze import analyze
from tests.helpers import asked_turns

_FIRST = "How much did new contracts signed by Chinese contractors in Belt and Road countries grow between 2013 and 2019?"


def test_years_pass_through_a_turn_that_asked_the_same_years() -> None:
    turns = asked_turns(_FIRST, "and completed turnover over the same years?")
    query = analyze("What share of China's total overseas contracting did that account for?", turns)
    assert query.years == [2013, 2019] and query.years_inherited
    # a turn asking something else ends the chain: no years are carried past it
    other = asked_turns(_FIRST, "Who are the biggest contractors?")
    assert analyze("What share did that account for?", other).years == []


def test_the_share_of_those_years(real_service) -> None:
    turns = asked_turns(_FIRST, "and completed turnover over the same years?")
    result = real_service.ask(
        "What share of China's total overseas contracting did that account for?", history=turns
    )
    assert not result.abstained and "50%" in result.answer.split("[1]")[0], result.answer
