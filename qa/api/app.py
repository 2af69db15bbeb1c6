"""`create_app(settings)`: the HTTP API over `QAService` — thin routes, JSON errors, static web/ at `/`."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Literal

from fastapi import APIRouter, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline
from sse_starlette import EventSourceResponse
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.routing import Match, Mount
from starlette.types import Scope

from qa.api.deps import Asker, AskerDep, RequestIdDep, ServiceDep, StoreDep
from qa.api.edge import PROTECTED, GuardMiddleware, RequestContextMiddleware, error_body
from qa.api.metrics import ERRORS, render
from qa.api.models import AskRequest, FeedbackRequest
from qa.api.querylog import Store
from qa.api.routes.admin import router as admin_router
from qa.api.routes.openai import router as openai_router
from qa.api.routes.openai import split_pieces
from qa.core.config import Settings
from qa.core.errors import QAError
from qa.core.types import AskResponse
from qa.integrations.slack.routes import create_slack_router, slack_enabled
from qa.service import QAService

log = logging.getLogger("qa.api")


def find_web_dir() -> Path:
    """The chat page beside the package (a checkout or an editable install), else `web/` in the working folder.

    A plain `pip install .` puts the package in site-packages; the page then comes from the checkout that
    `qa serve` runs in, like `corpus/` and `index/`.
    """
    beside = Path(__file__).resolve().parents[2] / "web"
    return beside if beside.is_dir() else Path("web").resolve()


WEB_DIR = find_web_dir()
HTTP_CODES = {400: "bad_request", 404: "not_found", 405: "method_not_allowed", 413: "body_too_large"}

api = APIRouter(prefix="/api", tags=["api"])


@api.post("/ask", summary="Answer a question with citations and figures (the ask contract)")
async def ask(body: AskRequest, asker: AskerDep, request_id: RequestIdDep) -> AskResponse:
    """The ask contract: a cited answer in the question's language, or an honest abstention."""
    return await asker.ask(body.question, _history(body), body.top_k, "api", request_id)


@api.post("/ask/stream", summary="The same answer as server-sent events: `delta` pieces, then `final`")
async def ask_stream(body: AskRequest, asker: AskerDep, request_id: RequestIdDep) -> EventSourceResponse:
    """Events `delta` ({"text"}) with the answer in pieces, then `final` with the whole object, or `error`."""
    asker.service.check_question(body.question)  # bad input is a plain 422, before the stream starts

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


@api.get("/search", summary="Passages for a question, with fused and component scores")
def search(
    service: ServiceDep,
    q: Annotated[str, Query(description="the question or search text")],
    k: Annotated[int | None, Query(ge=1, le=50)] = None,
    mode: Literal["hybrid", "dense", "bm25"] = "hybrid",
) -> dict:
    """The best passages for a question."""
    hits = service.search(q, k, mode)
    return {"hits": [{**h.to_dict(), "title": service.document(h.chunk.doc_id).title} for h in hits]}


@api.get("/figures", summary="Extracted figures matching a label, year and unit, with citations")
def figures(
    service: ServiceDep,
    q: Annotated[str | None, Query(max_length=200, description="words to find in the label")] = None,
    year: Annotated[int | None, Query(ge=1900, le=2100)] = None,
    unit: Annotated[str | None, Query(max_length=20)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> dict:
    """Figures whose label holds every word of `q`, filtered by year and unit."""
    return service.figures(q, year, unit, limit)


@api.get("/documents", summary="Metadata of every indexed report")
def documents(service: ServiceDep) -> dict:
    """Metadata of every indexed report."""
    return {"documents": service.documents()}


@api.get("/documents/{doc_id}", summary="One report's metadata and sections")
def document(service: ServiceDep, doc_id: str) -> dict:
    """One report's metadata and its sections with offsets."""
    doc = service.document(doc_id)
    sections = [
        {"path": " > ".join(s.path), "kind": s.kind, "start": s.start, "end": s.end, "page": s.page}
        for s in doc.sections
    ]
    return {**doc.metadata(), "sections": sections}


@api.get("/documents/{doc_id}/text", summary="A slice of a report's cleaned text (citation previews)")
def document_text(
    service: ServiceDep,
    doc_id: str,
    start: Annotated[int, Query(ge=0)] = 0,
    end: Annotated[int | None, Query(ge=0)] = None,
) -> dict:
    """The cleaned text between two offsets, with its section and page."""
    return service.document_text(doc_id, start, end)


@api.post("/feedback", status_code=201, summary="Rate an answer (stored durably)")
async def feedback(body: FeedbackRequest, store: StoreDep) -> dict:
    """Store a rating and optional comment for an answer id."""
    row = await run_in_threadpool(store.add_feedback, body.answer_id, body.rating, body.comment)
    return {"id": row, "answer_id": body.answer_id, "rating": body.rating}


ops = APIRouter(tags=["operations"])


@ops.get("/healthz", summary="The process is alive")
def healthz() -> dict:
    """Always ok while the process serves requests."""
    return {"status": "ok"}


@ops.get("/readyz", summary="The index is loaded (503 when not)")
def readyz(request: Request) -> Response:
    """Ready when the index is loaded; 503 with the reason otherwise."""
    service: QAService | None = getattr(request.app.state, "service", None)
    if service is None:
        error = getattr(request.app.state, "service_error", None)
        code, message = (error.code, error.message) if error else ("not_ready", "the index is not loaded yet")
        return Response(error_body(code, message), 503, media_type="application/json")
    counts = service.index.manifest.get("counts", {})
    return JSONResponse({"status": "ready", "embedder": service.embedder.name, **counts})


@ops.get("/metrics", summary="Prometheus metrics")
def metrics() -> Response:
    """Request counts and latency by route, answers, abstentions and errors."""
    body, content_type = render()
    return Response(body, media_type=content_type)


def _history(body: AskRequest) -> list[dict]:
    return [t.model_dump() for t in body.history or []]


def create_app(
    settings: Settings, service: QAService | None = None, web_dir: Path | None = WEB_DIR
) -> FastAPI:
    """The FastAPI app; the lifespan opens the index (unless a service is given) and the SQLite store."""

    def install(svc: QAService, store: Store) -> None:
        concurrency = settings.ask_concurrency or (16 if settings.llm_base_url else 2)
        app.state.asker = Asker(svc, store, concurrency)
        app.state.service = svc
        app.state.service_error = None

    async def open_service() -> QAService | None:
        try:
            return await run_in_threadpool(QAService.open, settings)
        except QAError as exc:  # serve 503s that say why, rather than not starting at all
            if getattr(app.state, "service_error", None) is None:
                log.error(
                    "index not loaded: %s (trying again every %s s)", exc.message, settings.retry_seconds
                )
            app.state.service_error = exc
            return None

    async def keep_trying(store: Store) -> None:
        # A replica may start before its Milvus or its index is there: it becomes ready once they are.
        while (svc := await open_service()) is None:
            await asyncio.sleep(settings.retry_seconds)
        log.info("index loaded")
        install(svc, store)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        svc = service or await open_service()
        store = await run_in_threadpool(Store, settings.data_dir, settings.query_log_days)
        app.state.store = store
        retry = None
        if svc is not None:
            install(svc, store)
        else:
            retry = asyncio.create_task(keep_trying(store))
        try:
            yield
        finally:
            if retry is not None:
                retry.cancel()
            app.state.service = None
            await run_in_threadpool(store.close)

    # /docs and /redoc load Swagger UI and ReDoc from the installed package, never from a CDN
    app = FastAPIOffline(
        title="Belt and Road Q&A",
        version="0.1.0",
        description="Cited, figure-aware answers over Belt and Road cooperation reports.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.include_router(api)
    app.include_router(admin_router)
    app.include_router(openai_router)
    app.include_router(ops)
    if slack_enabled(settings):

        def record(result: AskResponse, question: str, latency_ms: float) -> None:
            asker = getattr(app.state, "asker", None)
            if asker is not None:
                asker.record(result, question, latency_ms, "slack")

        app.include_router(create_slack_router(settings, lambda: getattr(app.state, "service", None), record))
    _add_error_handlers(app)
    app.add_middleware(
        GuardMiddleware,
        api_keys=[*settings.api_keys, *settings.admin_keys] if settings.api_keys else [],
        per_minute=settings.rate_limit_per_minute,
        max_body_bytes=settings.max_body_bytes,
        upload_bytes=settings.max_upload_bytes,
    )
    if settings.cors_origins:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(
            CORSMiddleware, allow_origins=settings.cors_origins, allow_methods=["*"], allow_headers=["*"]
        )
    app.add_middleware(RequestContextMiddleware)
    if web_dir is not None and web_dir.is_dir():
        app.router.routes.append(WebMount("/", StaticFiles(directory=web_dir, html=True, check_dir=False)))
    return app


class WebMount(Mount):
    """The static chat page at `/`, stepping aside for API paths and non-GET methods (so they get 404/405)."""

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        """No match for /api/*, /v1/* and methods other than GET and HEAD."""
        if scope["type"] == "http" and (
            scope["path"].startswith(PROTECTED) or scope.get("method") not in ("GET", "HEAD")
        ):
            return Match.NONE, {}
        return super().matches(scope)


def create_app_from_env() -> FastAPI:
    """App factory for `uvicorn --factory` (each worker reads the settings and loads the index itself)."""
    return create_app(Settings())  # type: ignore[call-arg]


def _error(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> Response:
    ERRORS.labels(code=code).inc()
    return Response(error_body(code, message), status, headers=headers, media_type="application/json")


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(QAError)
    async def qa_error(request: Request, exc: QAError) -> Response:
        return _error(exc.status, exc.code, exc.message)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        errors = exc.errors()
        if any(e.get("type") == "json_invalid" for e in errors):
            detail = next((e.get("ctx", {}).get("error") for e in errors if e.get("ctx")), "")
            return _error(400, "malformed_json", f"the request body is not valid JSON: {detail}".rstrip(": "))
        return _error(422, "invalid_request", "; ".join(_describe(e) for e in errors[:10]))

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        code = HTTP_CODES.get(exc.status_code, f"http_{exc.status_code}")
        message = str(exc.detail)
        if exc.status_code == 404 and message == "Not Found":
            message = f"nothing at {request.method} {request.url.path}"
        return _error(exc.status_code, code, message, getattr(exc, "headers", None))


def _describe(error: dict) -> str:
    where = ".".join(str(p) for p in error.get("loc", ()) if p != "body") or "body"
    return f"{where}: {error.get('msg', 'invalid')}"
