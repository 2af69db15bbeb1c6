""" "What was China's total cross-border e-commerce trade in 2020, and how fast did it grow?": the first part asks an
amount, which 1.69万亿元 gives; a sentence whose only figure counts batches (复制推广前四批综试区…) answers no part of
it, so it is not quoted, and "and exports alone?" then reads the sentence with the exports."""

from __future__ import annotations

from tests.helpers import ask_in_turn

_TRADE = "What was China's total cross-border e-commerce trade in 2020, and how fast did it grow?"


def test_a_count_of_batches_answers_no_amount_asked(real_service) -> None:
    result = real_service.ask(_TRADE)
    assert not result.abstained, result.answer
    assert "1.69万亿元" in result.answer and "31.1%" in result.answer
    assert not any("前四批" in c.quote for c in result.citations), [c.quote for c in result.citations]


def test_exports_alone_after_it(real_service) -> None:
    result = ask_in_turn(real_service, _TRADE, "and exports alone?")
    assert not result.abstained, result.answer
    assert result.answer.startswith("In 2020, total exports: RMB 1.12 trillion (1.12万亿元)"), result.answer
