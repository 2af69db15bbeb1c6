"""`qa eval --fit`: fit the sentence-scoring weights on the tune half (logistic regression).

Each candidate sentence of each answerable tune question is one row: its named features (qa.answer.scoring), and
whether it holds the question's gold evidence. The fitted weights are written to
`qa/answer/data/sentence_model.json`, which the answerer reads at start.
"""

from __future__ import annotations

from pathlib import Path

from qa.answer.analyze import analyze
from qa.answer.select import ExtractiveAnswerer
from qa.answer.sentence_model import FEATURES, MODEL_FILE, SentenceModel
from qa.bench.evaluate import answerable, evidence_rank

MODEL_PATH = Path(__file__).resolve().parents[1] / "answer" / MODEL_FILE
CANDIDATES = 40  # sentences per question: the ones that compete for the answer


def training_rows(service: object, items: list[dict]) -> tuple[list[list[float]], list[int]]:
    """Feature rows of the candidate sentences and whether each holds the gold evidence."""
    index = service.index  # type: ignore[attr-defined]
    answerer = ExtractiveAnswerer(index)
    rows: list[list[float]] = []
    labels: list[int] = []
    for item in answerable(items):
        query = analyze(item["question"], item.get("history", ()))
        hits = service.retrieve(query, 8)  # type: ignore[attr-defined]  # as many as an answer looks at
        for cand in answerer.candidates(query, hits)[:CANDIDATES]:
            rows.append([cand.features.get(name, 0.0) for name in FEATURES])
            labels.append(int(evidence_rank([cand.text], item["evidence"]) is not None))
    return rows, labels


def fit_model(service: object, items: list[dict], strength: float = 1.0) -> SentenceModel:
    """A logistic regression over the tune questions' candidate sentences."""
    try:
        from sklearn.linear_model import LogisticRegression
    except ImportError as exc:  # pragma: no cover - a test and bench dependency
        raise SystemExit("qa eval --fit needs scikit-learn: pip install '.[bench]'") from exc
    rows, labels = training_rows(service, items)
    if not any(labels) or all(labels):
        raise SystemExit(
            "qa eval --fit: the questions give no positive or no negative sentence to learn from"
        )
    model = LogisticRegression(C=strength, max_iter=2000).fit(rows, labels)
    weights = {name: round(float(w), 6) for name, w in zip(FEATURES, model.coef_[0])}
    source = f"logistic regression on {len(answerable(items))} tune questions, {len(rows)} sentences"
    return SentenceModel(weights, round(float(model.intercept_[0]), 6), True, source)
