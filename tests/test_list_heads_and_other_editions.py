"""A "which" question asks for the glossary's term of its noun phrase ("which pilot free trade zones": 自贸试验区, not
试点); a follow-up asking another edition is not answered by a sentence of this one (本届 under 第三届…)."""

from __future__ import annotations

from qa.answer.analyze import analyze
from qa.answer.items import asked_things
from tests.helpers import ask_in_turn


def test_the_noun_phrase_asked_is_read_whole(real_service) -> None:
    lexicon = real_service.current().answerer.index.lexicon
    assert asked_things(analyze("Which pilot free trade zones were newly added in 2020?"), lexicon) == [
        "自贸试验区"
    ]
    assert "国家" in (asked_things(analyze("Which countries signed in 2020?"), lexicon) or [])


def test_names_before_their_count_answer_which_ones(real_service) -> None:
    result = real_service.ask("Which pilot free trade zones were newly added in 2020?")
    assert not result.abstained, result.answer
    assert all(place in result.answer for place in ("Beijing", "Hunan", "Anhui")), result.answer


def test_another_edition_than_the_one_answered_is_a_near_miss(real_service) -> None:
    first = "How many companies exhibited at the third CIIE and what was the total intended deal value?"
    result = ask_in_turn(real_service, first, "What about the second CIIE, how many exhibitors did it have?")
    assert result.abstained, result.answer
    assert result.near_miss is not None and result.near_miss.missing == "edition"
    assert "3rd edition" in result.answer and "2600多家" in result.answer
