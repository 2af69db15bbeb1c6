"""Search routes: the passages for a question, and the extracted figures."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from qa.api.deps import GateDep, ServiceDep
from qa.api.models import FiguresResponse, SearchResponse

router = APIRouter(prefix="/api", tags=["api"])


@router.get(
    "/search",
    response_model=SearchResponse,
    summary="Passages for a question, with fused and component scores",
)
async def search(
    service: ServiceDep,
    gate: GateDep,
    q: Annotated[str, Query(description="the question or search text")],
    k: Annotated[int | None, Query(ge=1, le=50)] = None,
    mode: Literal["hybrid", "dense", "bm25"] = "hybrid",
) -> dict:
    """The best passages for a question (embedding it is CPU work: it waits in the worker's queue of questions)."""

    def find() -> dict:
        hits = service.search(q, k, mode)
        return {"hits": [{**h.to_dict(), "title": service.document(h.chunk.doc_id).title} for h in hits]}

    return await gate.run(find)


@router.get(
    "/figures",
    response_model=FiguresResponse,
    summary="Extracted figures matching a label, year and unit, with citations",
)
def figures(
    service: ServiceDep,
    q: Annotated[str | None, Query(max_length=200, description="words to find in the label")] = None,
    year: Annotated[int | None, Query(ge=1900, le=2100)] = None,
    unit: Annotated[str | None, Query(max_length=20)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> dict:
    """Figures whose label holds every word of `q`, filtered by year and unit."""
    return service.figures(q, year, unit, limit)
