"""Document routes: metadata of the indexed reports and their cleaned text around a citation."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from qa.api.deps import ServiceDep
from qa.api.models import DocumentDetail, DocumentList, DocumentText

router = APIRouter(prefix="/api", tags=["api"])


@router.get("/documents", response_model=DocumentList, summary="Metadata of every indexed report")
def documents(service: ServiceDep) -> dict:
    """Metadata of every indexed report."""
    return {"documents": service.documents()}


@router.get(
    "/documents/{doc_id}", response_model=DocumentDetail, summary="One report's metadata and sections"
)
def document(service: ServiceDep, doc_id: str) -> dict:
    """One report's metadata and its sections with offsets."""
    doc = service.document(doc_id)
    sections = [
        {"path": " > ".join(s.path), "kind": s.kind, "start": s.start, "end": s.end, "page": s.page}
        for s in doc.sections
    ]
    return {**doc.metadata(), "sections": sections}


@router.get(
    "/documents/{doc_id}/text",
    response_model=DocumentText,
    summary="A slice of a report's cleaned text (citation previews)",
)
def document_text(
    service: ServiceDep,
    doc_id: str,
    start: Annotated[int, Query(ge=0)] = 0,
    end: Annotated[int | None, Query(ge=0)] = None,
) -> dict:
    """The cleaned text between two offsets, with its section and page."""
    return service.document_text(doc_id, start, end)
