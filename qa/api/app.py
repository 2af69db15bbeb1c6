"""`create_app(settings)`: the HTTP API over `QAService` — thin routes, JSON errors, static web/ at `/`."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import partial
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.routing import Match, Mount
from starlette.types import ASGIApp, Receive, Scope, Send

from qa.api.deps import Asker, store_outage
from qa.api.edge import PROTECTED, GuardMiddleware, RequestContextMiddleware, error_body
from qa.api.jobs import Jobs
from qa.api.metrics import EMBED_CACHE_HITS, EMBED_CACHE_MISSES, ERRORS
from qa.api.querylog import Store
from qa.api.routes.admin import router as admin_router
from qa.api.routes.ask import router as ask_router
from qa.api.routes.documents import router as documents_router
from qa.api.routes.openai import router as openai_router
from qa.api.routes.ops import router as ops_router
from qa.api.routes.search import router as search_router
from qa.api.security import SecurityHeadersMiddleware
from qa.core.admission import Gate
from qa.core.config import Settings
from qa.core.errors import QAError
from qa.core.types import AskResponse
from qa.index.cache import CachedEmbedder
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


def create_app(
    settings: Settings, service: QAService | None = None, web_dir: Path | None = WEB_DIR
) -> FastAPI:
    """The FastAPI app; the lifespan opens the index (unless a service is given) and the SQLite store."""

    def install(svc: QAService, store: Store) -> None:
        app.state.asker = Asker(svc, store, app.state.gate)
        app.state.gate.cause = partial(
            store_outage, svc
        )  # refused during a store outage: the outage is named
        if isinstance(svc.embedder, CachedEmbedder):
            svc.embedder.count_with(EMBED_CACHE_HITS.inc, EMBED_CACHE_MISSES.inc)
        app.state.service = svc
        app.state.service_error = None

    async def open_service() -> QAService | None:
        try:
            return await run_in_threadpool(open_warm, settings)
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

    async def follow_versions() -> None:
        # A worker follows new index versions on a timer, not only when a request arrives: right after an
        # add, an idle worker answers from the new version too.
        while True:
            await asyncio.sleep(max(0.2, settings.reload_seconds))
            svc = getattr(app.state, "service", None)
            if svc is not None:
                await run_in_threadpool(svc.current)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        svc = service or await open_service()
        store = await run_in_threadpool(Store, settings.data_dir, settings.query_log_days)
        app.state.store = store
        jobs = Jobs(settings.data_dir)
        await run_in_threadpool(jobs.interrupt_orphans)  # jobs of a server that was killed or stopped
        app.state.jobs = jobs
        retry = None
        if svc is not None:
            install(svc, store)
        else:
            retry = asyncio.create_task(keep_trying(store))
        reloads = asyncio.create_task(follow_versions())
        try:
            yield
        finally:
            reloads.cancel()
            if retry is not None:
                retry.cancel()
            await run_in_threadpool(jobs.stop)  # a job never holds up a SIGTERM for long
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
    app.state.gate = create_gate(settings)
    for router in (ask_router, search_router, documents_router, admin_router, openai_router, ops_router):
        app.include_router(router)
    if slack_enabled(settings):

        def record(result: AskResponse, question: str, latency_ms: float) -> None:
            asker = getattr(app.state, "asker", None)
            if asker is not None:
                asker.record(result, question, latency_ms, "slack")

        service_now = lambda: getattr(app.state, "service", None)  # noqa: E731
        app.include_router(create_slack_router(settings, service_now, record, app.state.gate))
    _add_error_handlers(app)
    app.router.redirect_slashes = (
        False  # a 307 loses POST bodies in many clients: see TrailingSlashMiddleware
    )
    app.add_middleware(TrailingSlashMiddleware)
    app.add_middleware(
        GuardMiddleware,
        api_keys=[*settings.api_keys, *settings.admin_keys] if settings.api_keys else [],
        admin_keys=settings.admin_keys,
        per_minute=settings.rate_limit_per_minute,
        max_body_bytes=settings.max_body_bytes,
        upload_bytes=settings.max_upload_bytes,
        auth_failures=settings.auth_failures_per_minute,
    )
    if settings.cors_origins:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(
            CORSMiddleware, allow_origins=settings.cors_origins, allow_methods=["*"], allow_headers=["*"]
        )
    app.add_middleware(RequestContextMiddleware)
    app.add_middleware(SecurityHeadersMiddleware)  # outermost: even a 500 carries the headers
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


class TrailingSlashMiddleware:
    """`/api/ask/` is `/api/ask`: API paths are routed without their trailing slash instead of redirected."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] == "http" and path.startswith(PROTECTED) and path.endswith("/"):
            # in place: the outer middleware reads the matched route from this same scope for its metrics
            scope["path"] = path.rstrip("/")
            if scope.get("raw_path"):
                scope["raw_path"] = scope["raw_path"].rstrip(b"/")
        await self.app(scope, receive, send)


def open_warm(settings: Settings) -> QAService:
    """The service, with one question answered first: the first answer loads the tokenizer's dictionaries and
    the model's threads (half a second), which would otherwise land on a user's request."""
    service = QAService.open(settings)
    try:
        service.ask("一带一路 Belt and Road")
    except QAError as exc:  # a store that fails now fails the first request the same way, with its status
        log.warning("warm-up question failed: %s", exc.message)
    return service


def create_gate(settings: Settings) -> Gate:
    """This worker's bounded queue of questions (answers, searches, OpenAI and Slack requests share it)."""
    running = settings.ask_concurrency or (16 if settings.llm_base_url else 2)
    return Gate(
        running, settings.queue_size, settings.queue_wait_seconds, deadline=settings.answer_deadline_seconds
    )


def create_app_from_env() -> FastAPI:
    """App factory for `uvicorn --factory` (each worker reads the settings and loads the index itself)."""
    return create_app(Settings())  # type: ignore[call-arg]


def _error(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> Response:
    ERRORS.labels(code=code).inc()
    return Response(error_body(code, message), status, headers=headers, media_type="application/json")


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(QAError)
    async def qa_error(request: Request, exc: QAError) -> Response:
        return _error(exc.status, exc.code, exc.message, getattr(exc, "headers", None))

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
