"""The ask routes: one answer as JSON or as server-sent events, and feedback on answers."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator

from fastapi import APIRouter
from sse_starlette import EventSourceResponse
from starlette.concurrency import run_in_threadpool

from qa.api.deps import AskerDep, RequestIdDep, StoreDep
from qa.api.edge import error_body
from qa.api.metrics import ERRORS
from qa.api.models import AskRequest, FeedbackRequest, FeedbackStored
from qa.api.routes.openai import split_pieces
from qa.core.errors import QAError
from qa.core.types import AskResponse

log = logging.getLogger("qa.api")
router = APIRouter(prefix="/api", tags=["api"])


@router.post("/ask", summary="Answer a question with citations and figures (the ask contract)")
async def ask(body: AskRequest, asker: AskerDep, request_id: RequestIdDep) -> AskResponse:
    """The ask contract: a cited answer in the question's language, or an honest abstention."""
    return await asker.ask(body.question, _history(body), body.top_k, "api", request_id)


@router.post("/ask/stream", summary="The same answer as server-sent events: `delta` pieces, then `final`")
async def ask_stream(body: AskRequest, asker: AskerDep, request_id: RequestIdDep) -> EventSourceResponse:
    """Events `delta` ({"text"}) with the answer in pieces, then `final` with the whole object, or `error`."""
    asker.service.check_question(body.question)  # bad input is a plain 422, before the stream starts
    asker.gate.check()  # and a full queue a plain 503 with Retry-After

    async def events() -> AsyncIterator[dict]:
        try:
            result = await asker.ask(body.question, _history(body), body.top_k, "stream", request_id)
        except QAError as exc:
            ERRORS.labels(code=exc.code).inc()
            yield {"event": "error", "data": error_body(exc.code, exc.message).decode()}
            return
        except Exception:
            log.exception("stream failed", extra={"fields": {"request_id": request_id}})
            ERRORS.labels(code="internal").inc()
            message = f"internal error (request id {request_id})"
            yield {"event": "error", "data": error_body("internal", message).decode()}
            return
        for piece in split_pieces(result.answer):
            yield {"event": "delta", "data": json.dumps({"text": piece}, ensure_ascii=False)}
        yield {"event": "final", "data": json.dumps(result.model_dump(), ensure_ascii=False)}

    return EventSourceResponse(events(), ping=15)


@router.post("/feedback", status_code=201, summary="Rate an answer (stored durably)")
async def feedback(body: FeedbackRequest, store: StoreDep) -> FeedbackStored:
    """Store a rating and optional comment for an answer id."""
    row = await run_in_threadpool(store.add_feedback, body.answer_id, body.rating, body.comment)
    return FeedbackStored(id=row, answer_id=body.answer_id, rating=body.rating)


def _history(body: AskRequest) -> list[dict]:
    return [t.model_dump() for t in body.history or []]
