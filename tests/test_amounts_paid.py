""" "What did it pay for the mill?" asks an amount of money, like "how much did it pay": a sentence giving jobs kept
is no answer, and the reports' silence on the price is said plainly. A price per unit ("pay per kWh") is no total."""

from __future__ import annotations

from qa.answer.analyze import analyze


def test_what_was_paid_is_an_amount_of_money() -> None:
    query = analyze("What did HBIS pay for the Smederevo steel mill?")
    assert query.kind == "quantity" and query.asked_noun == "pay"
    assert analyze("What did the project spend on training?").kind == "quantity"
    price = analyze("What does Kenya Power pay for its electricity per kWh?")
    assert price.asked_noun != "pay"


def test_a_price_never_given_is_a_near_miss(real_service) -> None:
    result = real_service.ask("What did HBIS pay for the Smederevo steel mill?")
    assert result.abstained, result.answer
    assert result.near_miss is not None and result.near_miss.missing == "measure"
    assert result.answer.startswith("The reports do not give the amount paid"), result.answer
