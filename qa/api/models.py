"""Request bodies of the HTTP API (pydantic): what a caller may send, with the limits the docs show."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class Turn(BaseModel):
    """One earlier turn of the conversation."""

    role: Literal["user", "assistant"]
    content: str = Field(max_length=20_000)


class AskRequest(BaseModel):
    """The ask contract's request."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"question": "2020年中欧班列开行多少列？", "history": []}]}
    )

    question: str = Field(description="the question, in Chinese or English")
    history: list[Turn] | None = Field(None, max_length=50, description="earlier turns, oldest first")
    # strict: "3" and true are mistakes to report, not numbers to guess
    top_k: int | None = Field(None, ge=1, le=50, strict=True, description="passages to consider")


class FeedbackRequest(BaseModel):
    """A rating of one answer."""

    answer_id: str = Field(min_length=1, max_length=128, description="the `id` of an ask response")
    rating: Literal["up", "down"]
    comment: str | None = Field(None, max_length=4000)


class ChatPart(BaseModel):
    """One part of a multi-part OpenAI message (only text parts are read)."""

    model_config = ConfigDict(extra="allow")

    type: str
    text: str | None = None


class ChatMessage(BaseModel):
    """An OpenAI chat message."""

    model_config = ConfigDict(extra="allow")

    role: Literal["system", "developer", "user", "assistant", "tool", "function"]
    content: str | list[ChatPart] | None = None

    def text(self) -> str:
        """The message's text, with multi-part content joined."""
        if isinstance(self.content, list):
            return "\n".join(p.text or "" for p in self.content if p.type in ("text", "input_text"))
        return self.content or ""


class StreamOptions(BaseModel):
    """OpenAI's `stream_options`: `include_usage` adds a last chunk with the token counts."""

    model_config = ConfigDict(extra="allow")

    include_usage: bool = False


class ChatRequest(BaseModel):
    """An OpenAI chat-completions request; sampling options are accepted and ignored (answers are extractive)."""

    model_config = ConfigDict(extra="allow")

    model: str = "belt-road-qa"
    messages: list[ChatMessage] = Field(min_length=1, max_length=100)
    stream: bool = False
    stream_options: StreamOptions | None = None
    n: int | None = Field(None, ge=1, strict=True, description="choices to return: only 1 is supported")
    max_tokens: int | None = Field(None, ge=1, strict=True, description="cut the reply at this many tokens")
    max_completion_tokens: int | None = Field(None, ge=1, strict=True, description="the newer max_tokens")


# -- responses: what the plain API returns (the ask contract is `qa.core.types.AskResponse`) --------------


class SearchHit(BaseModel):
    """A passage with its fused score and both component scores and ranks."""

    chunk_id: str
    doc_id: str
    title: str
    section: str
    kind: str = Field(description="body, box, caption, note or front")
    page: int | None
    text: str
    start: int
    end: int
    score: float
    dense: float | None
    bm25: float | None
    dense_rank: int | None
    bm25_rank: int | None


class SearchResponse(BaseModel):
    """The best passages, best first."""

    hits: list[SearchHit]


class FigureCitation(BaseModel):
    """Where a figure was found, quoting the sentence that holds it."""

    doc_id: str
    title: str
    chunk_id: str
    section: str
    page: int | None
    quote: str
    start: int
    end: int


class FigureRecord(BaseModel):
    """An extracted figure: normalized value, unit, the raw text, label, year and kind."""

    value: int | float | None
    unit: str | None
    raw: str | None
    label: str | None
    label_en: str | None
    year: int | None
    kind: str | None
    qualifier: str | None
    low: int | float | None
    high: int | float | None
    citation: FigureCitation | None


class FiguresResponse(BaseModel):
    """How many figures match, and the first `limit` of them."""

    total: int
    figures: list[FigureRecord]


class DocumentMeta(BaseModel):
    """A report's metadata (without its text)."""

    doc_id: str
    title: str
    title_en: str
    publisher: str
    date: str
    lang: str
    source: str
    sha256: str
    chars: int
    pages: int | None


class DocumentList(BaseModel):
    """Every indexed report."""

    documents: list[DocumentMeta]


class SectionInfo(BaseModel):
    """A stretch of a report under one heading path."""

    path: str
    kind: str
    start: int
    end: int
    page: int | None


class DocumentDetail(DocumentMeta):
    """A report's metadata and its sections with offsets."""

    sections: list[SectionInfo]


class DocumentText(BaseModel):
    """A slice of a report's cleaned text, with its section and page."""

    doc_id: str
    start: int
    end: int
    text: str
    section: str
    page: int | None


class FeedbackStored(BaseModel):
    """A stored rating."""

    id: int
    answer_id: str
    rating: Literal["up", "down"]
