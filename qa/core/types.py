"""Contracts shared by every layer: the `Embedder` protocol, and `AskResponse`, the ask contract every edge returns."""

from __future__ import annotations

from typing import Literal, Protocol

import numpy as np
from pydantic import BaseModel, Field


class Embedder(Protocol):
    """Turns queries and passages into L2-normalised float32 vectors."""

    name: str
    dim: int

    def embed_queries(self, texts: list[str]) -> np.ndarray: ...

    def embed_passages(self, texts: list[str]) -> np.ndarray: ...


class Citation(BaseModel):
    """A cited passage: `text` is the chunk, `quote` the sentence that supports the answer."""

    id: int = Field(description="the n of the answer's [n] markers")
    doc_id: str
    title: str
    section: str
    page: int | None = Field(description="the page in the source PDF, when the report came from one")
    chunk_id: str
    text: str
    quote: str
    start: int = Field(description="where the quote starts in the document's cleaned text")
    end: int
    score: float


class FigureUsed(BaseModel):
    """A figure the answer states, from the quote of citation `citation`."""

    value: int | float = Field(description="normalized: 1.24万列 -> 12400")
    unit: str
    raw: str
    label: str
    label_en: str | None = None
    year: int | None = None
    citation: int


class Timings(BaseModel):
    """Milliseconds spent retrieving, answering and in all."""

    retrieve: float
    answer: float
    total: float


class NearMiss(BaseModel):
    """Why an abstention's closest evidence answers a neighbouring question, not this one."""

    missing: Literal["time", "subject", "measure", "aggregate", "edition"] = Field(
        description="the slot of the question the closest evidence does not match"
    )
    text: str = Field(description="what the reports give instead, in the question's language")


class AskResponse(BaseModel):
    """The ask contract: a cited answer in the question's language, or an honest abstention."""

    id: str = Field(description="answer id, for feedback")
    answer: str
    lang: Literal["zh", "en"]
    abstained: bool = Field(description="true when the reports do not support an answer")
    citations: list[Citation]
    figures: list[FigureUsed]
    reason: str | None = Field(None, description="why the answer abstained")
    source: Literal["extractive", "llm"] = "extractive"
    llm_error: str | None = Field(None, description="why a configured LLM's answer was not used")
    near_miss: NearMiss | None = Field(
        None, description="when abstaining because the closest evidence answers a neighbouring question"
    )
    timings_ms: Timings
