"""Document routes: metadata of the indexed reports and their cleaned text around a citation."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import FileResponse

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


# An original report is shown on its own: no script runs in it, nothing it names is loaded, it is never framed.
# A PDF keeps the browser's viewer (a sandboxed document may not use it), so it gets no sandbox.
FILE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'"


@router.get(
    "/documents/{doc_id}/file",
    response_class=FileResponse,
    summary="The original report (link with #page=N to open a PDF at a cited page)",
)
def document_file(service: ServiceDep, doc_id: str) -> FileResponse:
    """The report's original file: PDF and text inline, DOCX as a download."""
    path, media_type, inline = service.document_file(doc_id)
    policy = FILE_POLICY if media_type == "application/pdf" else f"sandbox; {FILE_POLICY}"
    return FileResponse(
        path,
        media_type=media_type,
        filename=path.name,
        content_disposition_type="inline" if inline else "attachment",
        headers={"Content-Security-Policy": policy},
    )
