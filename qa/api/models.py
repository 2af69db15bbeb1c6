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
    top_k: int | None = Field(None, ge=1, le=50, description="passages to consider")


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


class ChatRequest(BaseModel):
    """An OpenAI chat-completions request; sampling options are accepted and ignored (answers are extractive)."""

    model_config = ConfigDict(extra="allow")

    model: str = "belt-road-qa"
    messages: list[ChatMessage] = Field(min_length=1, max_length=100)
    stream: bool = False
