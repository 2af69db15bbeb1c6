"""Sentence scoring: named features and a linear model, hand-set or fitted by `qa eval --fit`."""

from __future__ import annotations

import json

import pytest

from qa.answer.scoring import FEATURES, HAND_WEIGHTS, SentenceModel, load_model, read_model


def test_without_a_fitted_file_the_hand_weights_score() -> None:
    model = load_model()
    assert set(HAND_WEIGHTS) == set(FEATURES)
    if model.source == "hand":
        assert model.score({"coverage": 1.0, "hit_rank": 1.0}) == pytest.approx(
            HAND_WEIGHTS["coverage"] + HAND_WEIGHTS["hit_rank"]
        )


def test_a_fitted_model_round_trips_through_its_json() -> None:
    model = SentenceModel({name: 0.5 for name in FEATURES}, -2.0, True, "test")
    again = read_model(model.to_json())
    assert again == model
    assert 0.0 < again.score({"coverage": 1.0}) < again.score({"coverage": 1.0, "unit_fit": 1.0}) < 1.0
    data = json.loads(model.to_json())
    assert data["features"] == list(FEATURES) and data["logistic"] is True


@pytest.mark.slow
def test_fit_learns_weights_from_the_tune_half_that_the_answerer_then_uses(real_service) -> None:
    from qa.answer.select import ExtractiveAnswerer
    from qa.bench.evalset import EVAL_DIR
    from qa.bench.evaluate import load_items
    from qa.bench.fit import fit_model

    items = [it for it in load_items(EVAL_DIR / "tune.jsonl") if it.get("evidence")][:40]
    model = read_model(fit_model(real_service, items).to_json())
    assert model.logistic and model.weights["coverage"] > 0 and model.intercept < 0
    answerer = ExtractiveAnswerer(real_service.index, model)
    result = answerer.draft(*_asked(real_service, "2019年中欧班列开行多少列？"))
    best = result.quotes[0] if result.quotes else None
    assert best is not None and best.score == model.score(best.features)  # scored by the fitted model
    assert 0.0 < best.score < 1.0  # a probability, not a hand-weighted sum


def _asked(service, question: str):
    from qa.answer.analyze import analyze

    query = analyze(question)
    return query, service.retrieve(query, 8)


def test_dictionary_senses_tell_apart_sentences_that_hold_every_required_term(real_service) -> None:
    """ "tourism offices": 旅游 is required, 办事处 is a dictionary sense of "offices"; of two sentences about
    tourism, the one that names the offices is the answer."""
    result = real_service.ask(
        "Which cities did China open tourism offices in along the Belt and Road?"
    ).model_dump()
    assert not result["abstained"], result["answer"]
    assert "旅游办事处" in result["citations"][0]["quote"], result["citations"][0]["quote"]
