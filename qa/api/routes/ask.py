"""The ask routes: one answer as JSON or as server-sent events, and feedback on answers."""

from __future__ import annotations

import json
import logging
import os
from collections.abc import AsyncIterator

from fastapi import APIRouter, Response
from sse_starlette import EventSourceResponse
from starlette.concurrency import run_in_threadpool

from qa.api.deps import AskerDep, RequestIdDep, StoreDep
from qa.api.edge import error_body
from qa.api.metrics import ERRORS
from qa.api.models import AskRequest, FeedbackRequest, FeedbackStored
from qa.core.errors import NotFoundError, QAError
from qa.core.types import AskResponse

log = logging.getLogger("qa.api")
router = APIRouter(prefix="/api", tags=["api"])


@router.post("/ask", summary="Answer a question with citations and figures (the ask contract)")
async def ask(body: AskRequest, asker: AskerDep, request_id: RequestIdDep, response: Response) -> AskResponse:
    """The ask contract: a cited answer in the question's language, or an honest abstention."""
    response.headers["X-Worker"] = str(os.getpid())  # which server process answered (load spread)
    return await asker.ask(body.question, _history(body), body.top_k, "api", request_id)


@router.post(
    "/ask/stream",
    summary="The same answer as server-sent events: `sources`, then `delta` pieces, then `final`",
)
async def ask_stream(body: AskRequest, asker: AskerDep, request_id: RequestIdDep) -> EventSourceResponse:
    """Events `sources` ({"sources": [...]}: the passages found, as soon as retrieval is done), `delta` ({"text"})
    with the answer as it is written, `reset` ({}: forget the text streamed so far, a model's answer that did not
    check out), then `final` with the whole object (as `POST /api/ask` gives it), or `error`."""
    asker.service.check_question(body.question)  # bad input is a plain 422, before the stream starts
    asker.gate.check()  # and a full queue a plain 503 with Retry-After

    async def events() -> AsyncIterator[dict]:
        try:
            async for name, data in asker.stream(
                body.question, _history(body), body.top_k, "stream", request_id
            ):
                yield {"event": name, "data": _event_data(name, data)}
        except QAError as exc:
            ERRORS.labels(code=exc.code).inc()
            yield {"event": "error", "data": error_body(exc.code, exc.message).decode()}
        except Exception:
            log.exception("stream failed", extra={"fields": {"request_id": request_id}})
            ERRORS.labels(code="internal").inc()
            message = f"internal error (request id {request_id})"
            yield {"event": "error", "data": error_body("internal", message).decode()}

    return EventSourceResponse(events(), ping=15)


@router.post("/feedback", status_code=201, summary="Rate an answer (stored durably)")
async def feedback(body: FeedbackRequest, store: StoreDep) -> FeedbackStored:
    """Store a rating and optional comment for an answer this service gave (404 for an unknown answer id)."""
    if not await run_in_threadpool(store.has_answer, body.answer_id):
        raise NotFoundError(
            f"no answer with id {body.answer_id!r}: rate an answer this service gave, by the `id` it returned"
        )
    row = await run_in_threadpool(store.add_feedback, body.answer_id, body.rating, body.comment)
    return FeedbackStored(id=row, answer_id=body.answer_id, rating=body.rating)


def _event_data(name: str, data: object) -> str:
    if name == "final":
        return json.dumps(data.model_dump(), ensure_ascii=False)  # type: ignore[attr-defined]
    if name == "sources":
        return json.dumps({"sources": data}, ensure_ascii=False)
    if name == "delta":
        return json.dumps({"text": data}, ensure_ascii=False)
    return "{}"


def _history(body: AskRequest) -> list[dict]:
    return [t.model_dump() for t in body.history or []]
