"""Operations routes: liveness, readiness and Prometheus metrics."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from qa.api.edge import error_body
from qa.api.metrics import RepeatRate, render
from qa.core.errors import QAError
from qa.service import QAService

router = APIRouter(tags=["operations"])


@router.get("/healthz", summary="The process is alive")
def healthz() -> dict:
    """Always ok while the process serves requests."""
    return {"status": "ok"}


@router.get("/readyz", summary="The index is loaded (503 when not)")
def readyz(request: Request) -> Response:
    """Ready when the index is loaded; 503 with the reason otherwise."""
    service: QAService | None = getattr(request.app.state, "service", None)
    if service is None:
        error = getattr(request.app.state, "service_error", None)
        code, message = (error.code, error.message) if error else ("not_ready", "the index is not loaded yet")
        return Response(error_body(code, message), 503, media_type="application/json")
    try:
        service.check_store()  # Milvus down: not ready, so a load balancer sends traffic elsewhere
    except QAError as exc:
        return Response(error_body(exc.code, exc.message), 503, media_type="application/json")
    counts = service.index.manifest.get("counts", {})
    return JSONResponse({"status": "ready", "embedder": service.embedder.name, **counts})


@router.get("/metrics", summary="Prometheus metrics")
def metrics(request: Request) -> Response:
    """Request counts and latency by route, answers, abstentions, errors, query-embedding cache hits and misses,
    and the share of repeated questions in the query log."""
    store = getattr(request.app.state, "store", None)
    body, content_type = render(RepeatRate(store.repeat_rate) if store is not None else None)
    return Response(body, media_type=content_type)
