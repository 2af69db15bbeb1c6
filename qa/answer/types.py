"""What the answer steps hand each other: supporting `Quote`s, the `Draft` answer, and the `Answerer` contract."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from qa.answer.analyze import Query
from qa.search.retrieve import Hit


@dataclass
class Quote:
    """A sentence that supports the answer, with where it came from."""

    hit: Hit
    start: int  # offsets in the document's cleaned text
    end: int
    text: str
    score: float
    coverage: float
    figures: list[dict] = field(default_factory=list)
    context: str = ""  # the sentence with the one before it
    years: set[int] = field(default_factory=set)  # years it speaks of, stated or from its paragraph
    tokens: frozenset[str] = frozenset()  # index terms of the sentence and the one before it
    context_start: int = -1  # where the sentence before it starts (in the same chunk), if there is one
    features: dict[str, float] = field(default_factory=dict)  # what its score was made of
    box: str = ""  # the title of the box (专栏) it is in: what the box's sentences are about

    def all_years(self) -> set[int]:
        """The years it speaks of with the years its dated figures hold for."""
        return self.years | {f["year"] for f in self.figures if f.get("year")}


@dataclass
class Draft:
    """An answer before it is formatted for the caller."""

    answer: str
    abstained: bool
    quotes: list[Quote]
    related: list[Hit]
    reason: str = ""
    source: str = "extractive"  # who wrote the answer: "extractive" or "llm"
    near_miss: str | None = None  # the slot the closest evidence misses (time, subject, measure, aggregate)
    llm_error: str | None = None  # why a configured LLM's answer was not used
    terms: dict[str, float] = field(default_factory=dict)  # the question's weighted Chinese terms


class Answerer(Protocol):
    """Writes the answer to an analysed question from the retrieved hits: supporting quotes and the text, or an
    abstention that lists related passages."""

    def draft(self, query: Query, hits: list[Hit]) -> Draft:
        """The answer in the question's language, with the quotes it rests on."""
        ...
