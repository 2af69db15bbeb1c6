"""OpenAI-compatible `/v1/chat/completions` and `/v1/models`, so chat tools and the `openai` client can ask."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator

from fastapi import APIRouter
from fastapi.responses import JSONResponse, StreamingResponse
from starlette.concurrency import run_in_threadpool

from qa.api.deps import AskerDep, RequestIdDep
from qa.api.metrics import ERRORS
from qa.api.models import ChatMessage, ChatRequest
from qa.core.errors import BadQuestionError
from qa.core.types import AskResponse
from qa.service import QAService

MODEL_ID = "belt-road-qa"
MODELS = {MODEL_ID: {"id": MODEL_ID, "object": "model", "created": 0, "owned_by": "qa"}}
SOURCES = "\n\nSources:\n"

router = APIRouter(prefix="/v1", tags=["openai"])


def openai_error(status: int, code: str, message: str, param: str | None = None) -> JSONResponse:
    """An error in OpenAI's shape (`code` and `message` as in every error of this API, plus `type`, `param`)."""
    ERRORS.labels(code=code).inc()
    error = {"message": message, "type": "invalid_request_error", "param": param, "code": code}
    return JSONResponse({"error": error}, status)


def model_not_found(model: str) -> JSONResponse:
    """404 `model_not_found`, as OpenAI answers for a model it does not have."""
    message = f"The model `{model}` does not exist: use `{MODEL_ID}` (GET /v1/models lists the models)"
    return openai_error(404, "model_not_found", message, "model")


@router.get("/models", summary="The one model this service answers as")
def models() -> dict:
    """The OpenAI model list."""
    return {"object": "list", "data": list(MODELS.values())}


@router.get("/models/{model_id}", summary="One model (OpenAI `models.retrieve`)")
def model(model_id: str) -> object:
    """The model object, or 404 `model_not_found`."""
    return MODELS.get(model_id) or model_not_found(model_id)


@router.post("/chat/completions", summary="OpenAI chat completions: the last user message is the question")
async def chat_completions(body: ChatRequest, asker: AskerDep, request_id: RequestIdDep) -> object:
    """An answer with a Sources list; citations and figures in the extra `qa` field; `stream: true` works.

    `max_tokens` (or `max_completion_tokens`) cuts the reply with `finish_reason: "length"`; `usage` counts
    tokens with the embedder's tokenizer (an approximation when it has none)."""
    if body.model not in MODELS:
        return model_not_found(body.model)
    if body.n not in (None, 1):
        message = f"Unsupported value: 'n' is {body.n}; this service returns one answer per request (n=1)"
        return openai_error(400, "unsupported_value", message, "n")
    question, history = to_question(body.messages)
    result = await asker.ask(question, history, None, "openai", request_id)
    limit = body.max_completion_tokens or body.max_tokens
    content, finish, usage = await run_in_threadpool(
        measure, asker.service, body.messages, reply_text(result), limit
    )
    created = int(time.time())
    completion_id = f"chatcmpl-{result.id}"
    extra = qa_field(result)
    if body.stream:
        with_usage = usage if body.stream_options and body.stream_options.include_usage else None
        chunks = stream_chunks(completion_id, created, body.model, content, extra, finish, with_usage)
        return StreamingResponse(
            chunks, media_type="text/event-stream", headers={"Cache-Control": "no-cache"}
        )
    return {
        "id": completion_id,
        "object": "chat.completion",
        "created": created,
        "model": body.model,
        "choices": [
            {"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": finish}
        ],
        "usage": usage,
        "qa": extra,
    }


def measure(
    service: QAService, messages: list[ChatMessage], content: str, limit: int | None
) -> tuple[str, str, dict[str, int]]:
    """The reply cut at `limit` tokens, its finish reason, and the usage counts."""
    finish = "stop"
    if limit is not None:
        cut = service.cut_to_tokens(content, limit)
        if cut != content:
            content, finish = cut, "length"
    prompt = sum(service.count_tokens(m.text()) for m in messages)
    completion = service.count_tokens(content)
    return (
        content,
        finish,
        {"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion},
    )


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


def stream_chunks(
    completion_id: str,
    created: int,
    model: str,
    content: str,
    extra: dict,
    finish: str = "stop",
    usage: dict[str, int] | None = None,
) -> Iterator[str]:
    """`chat.completion.chunk` server-sent events ending with `data: [DONE]`, as the openai client reads them;
    with `usage`, every chunk carries `"usage": null` and a last chunk with no choices carries the counts."""
    more: dict[str, object] = {"usage": None} if usage is not None else {}

    def chunk(delta: dict, finish: str | None = None, **fields: object) -> str:
        data = {
            "id": completion_id,
            "object": "chat.completion.chunk",
            "created": created,
            "model": model,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
            **more,
            **fields,
        }
        return f"data: {json.dumps(data, ensure_ascii=False)}\n\n"

    yield chunk({"role": "assistant", "content": ""})
    for piece in split_pieces(content):
        yield chunk({"content": piece})
    yield chunk({}, finish, qa=extra)
    if usage is not None:
        yield chunk({}, choices=[], usage=usage)
    yield "data: [DONE]\n\n"


def split_pieces(text: str, size: int = 4) -> list[str]:
    """Text in small pieces for streaming: a few words or a few Chinese characters, [n] markers kept whole."""
    tokens = re.findall(r"\[\d+\]|[A-Za-z0-9.,%'’-]+\s*|\s+|.", text, flags=re.S)
    return ["".join(tokens[i : i + size]) for i in range(0, len(tokens), size)]
