"""OpenAI-compatible `/v1/chat/completions` and `/v1/models`, so chat tools and the `openai` client can ask."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator

from fastapi import APIRouter
from fastapi.responses import StreamingResponse

from qa.api.deps import AskerDep, RequestIdDep
from qa.api.models import ChatMessage, ChatRequest
from qa.core.errors import BadQuestionError
from qa.core.types import AskResponse

MODEL_ID = "belt-road-qa"
SOURCES = "\n\nSources:\n"

router = APIRouter(prefix="/v1", tags=["openai"])


@router.get("/models", summary="The one model this service answers as")
def models() -> dict:
    """The OpenAI model list."""
    return {"object": "list", "data": [{"id": MODEL_ID, "object": "model", "created": 0, "owned_by": "qa"}]}


@router.post("/chat/completions", summary="OpenAI chat completions: the last user message is the question")
async def chat_completions(body: ChatRequest, asker: AskerDep, request_id: RequestIdDep) -> object:
    """An answer with a Sources list; citations and figures in the extra `qa` field; `stream: true` works."""
    question, history = to_question(body.messages)
    result = await asker.ask(question, history, None, "openai", request_id)
    content = reply_text(result)
    created = int(time.time())
    completion_id = f"chatcmpl-{result.id}"
    extra = qa_field(result)
    if body.stream:
        chunks = stream_chunks(completion_id, created, body.model, content, extra)
        return StreamingResponse(
            chunks, media_type="text/event-stream", headers={"Cache-Control": "no-cache"}
        )
    return {
        "id": completion_id,
        "object": "chat.completion",
        "created": created,
        "model": body.model,
        "choices": [
            {"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}
        ],
        "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0},
        "qa": extra,
    }


def to_question(messages: list[ChatMessage]) -> tuple[str, list[dict]]:
    """The last user message as the question; earlier user and assistant turns as history."""
    turns = [(m.role, m.text()) for m in messages if m.role in ("user", "assistant")]
    last = max((i for i, (role, _) in enumerate(turns) if role == "user"), default=None)
    if last is None:
        raise BadQuestionError("messages must include a user message with the question")
    # Our own earlier replies carry a Sources list; the answer text alone is the useful context.
    history = [{"role": r, "content": t.split(SOURCES, 1)[0]} for r, t in turns[:last]]
    return turns[last][1], history


def reply_text(result: AskResponse) -> str:
    """The answer followed by one line per citation: [n] title › section (p. N): quote."""
    lines = []
    for c in result.citations:
        page = f" (p. {c.page})" if c.page else ""
        section = f" › {c.section}" if c.section else ""
        lines.append(f"[{c.id}] {c.title}{section}{page}: {c.quote}")
    return result.answer + (SOURCES + "\n".join(lines) if lines else "")


def qa_field(result: AskResponse) -> dict:
    """The structured part of an answer that chat clients can ignore and tools can use."""
    return result.model_dump(include={"id", "citations", "figures", "abstained", "lang", "timings_ms"})


def stream_chunks(completion_id: str, created: int, model: str, content: str, extra: dict) -> Iterator[str]:
    """`chat.completion.chunk` server-sent events ending with `data: [DONE]`, as the openai client reads them."""

    def chunk(delta: dict, finish: str | None = None, **more: object) -> str:
        data = {
            "id": completion_id,
            "object": "chat.completion.chunk",
            "created": created,
            "model": model,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
            **more,
        }
        return f"data: {json.dumps(data, ensure_ascii=False)}\n\n"

    yield chunk({"role": "assistant", "content": ""})
    for piece in split_pieces(content):
        yield chunk({"content": piece})
    yield chunk({}, "stop", qa=extra)
    yield "data: [DONE]\n\n"


def split_pieces(text: str, size: int = 4) -> list[str]:
    """Text in small pieces for streaming: a few words or a few Chinese characters, [n] markers kept whole."""
    tokens = re.findall(r"\[\d+\]|[A-Za-z0-9.,%'’-]+\s*|\s+|.", text, flags=re.S)
    return ["".join(tokens[i : i + size]) for i in range(0, len(tokens), size)]
