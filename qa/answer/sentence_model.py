"""The linear model that scores candidate sentences: the named features, their hand-set weights, and the fitted
weights `qa eval --fit` writes to `qa/answer/data/sentence_model.json` (read instead when the file exists)."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources

from qa.core import weights as W

MODEL_FILE = "data/sentence_model.json"
FEATURES = (
    "coverage",  # share of the question's weighted terms in the sentence
    "context_coverage",  # ... in the sentence with the one before it
    "senses",  # optional terms (dictionary senses of English words) in it, as a share of the asked weight
    "hit_rank",  # 1 / (rank of its passage + 1)
    "quantity_fit",  # a quantity question and a figure that is not a rate
    "percent_fit",  # a share or rate question and a figure in % or points
    "date_fit",  # a date question and a date
    "list_fit",  # a list question and an enumeration
    "label_words",  # asked words in a figure's label (at most LABEL_WORDS)
    "heading",  # the sentence does not end like a sentence: a heading or caption
    "year_match",  # it speaks of the asked year
    "other_year",  # it speaks of years, none of them the asked one
    "place",  # a place question and a sentence naming a place
    "unit_fit",  # a figure in the unit the question counts in
    "not_about_key",  # the question names something specific the sentence is not about
    "caption",  # a chart caption, note or chart residue
    "count_fit",  # the question asks for N things ("what three reasons") and the passage enumerates N
    "edition_fit",  # the question names an edition (第三届, "the third symposium") and the sentence names it
    "other_edition",  # ... and the sentence (else its entry's heading) names editions, none of them that one
    "answered_before",  # a follow-up, and the sentence holds a figure the last answer stated
    "names_new",  # a "which" question, and the sentence names something (a glossary name) the question does not
    "statement_fit",  # "who organised …", "what does it mean": the sentence names who (由…举办), what it means
)
HAND_WEIGHTS = {
    "coverage": W.COVERAGE,
    "context_coverage": W.CONTEXT_COVERAGE,
    "senses": W.SENSES_BONUS,
    "hit_rank": W.HIT_RANK,
    "quantity_fit": W.QUANTITY_BONUS,
    "percent_fit": W.PERCENT_BONUS,
    "date_fit": W.DATE_BONUS,
    "list_fit": W.LIST_BONUS,
    "label_words": W.LABEL_WORD_BONUS,
    "heading": -W.HEADING_PENALTY,
    "year_match": W.YEAR_BONUS,
    "other_year": -W.OTHER_YEAR_PENALTY,
    "place": W.PLACE_BONUS,
    "unit_fit": W.UNIT_BONUS,
    "not_about_key": -W.NOT_ABOUT_KEY_NAME,
    "caption": -W.CAPTION_PENALTY,
    "count_fit": W.COUNT_BONUS,
    "edition_fit": W.EDITION_BONUS,
    "other_edition": -W.OTHER_EDITION_PENALTY,
    "answered_before": W.ANSWERED_BEFORE_BONUS,
    "names_new": W.NAMES_NEW_BONUS,
    "statement_fit": W.STATEMENT_BONUS,
}


@dataclass(frozen=True)
class SentenceModel:
    """A linear score over the named features; `logistic` turns it into a probability (a fitted model)."""

    weights: dict[str, float]
    intercept: float = 0.0
    logistic: bool = False
    source: str = "hand"

    def score(self, features: dict[str, float]) -> float:
        """The sentence's score: higher is a better answer."""
        z = self.intercept + sum(w * features.get(name, 0.0) for name, w in self._active)
        return 1.0 / (1.0 + math.exp(-z)) if self.logistic else z

    @cached_property
    def _active(self) -> tuple[tuple[str, float], ...]:
        # The features the model weighs, scored for every sentence of every hit.
        return tuple((name, self.weights[name]) for name in FEATURES if self.weights.get(name))

    def to_json(self) -> str:
        """The model as the JSON `qa eval --fit` writes."""
        data = {"features": list(FEATURES), "weights": self.weights, "intercept": self.intercept}
        return json.dumps({**data, "logistic": self.logistic, "source": self.source}, indent=2) + "\n"


@lru_cache(maxsize=1)
def load_model() -> SentenceModel:
    """The fitted model shipped with the package, else the hand-set weights."""
    path = resources.files("qa.answer").joinpath(MODEL_FILE)
    if not path.is_file():
        return SentenceModel(dict(HAND_WEIGHTS))
    return read_model(path.read_text(encoding="utf-8"))


def read_model(text: str) -> SentenceModel:
    """A model from its JSON; features it does not weigh count nothing."""
    data = json.loads(text)
    weights = {k: float(v) for k, v in data["weights"].items() if k in FEATURES}
    return SentenceModel(
        weights, float(data.get("intercept", 0.0)), bool(data.get("logistic")), data.get("source", "")
    )
