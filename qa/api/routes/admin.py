"""Admin routes: add and remove reports over HTTP (admin keys only); the index switches without a restart."""

from __future__ import annotations

import hmac
import tempfile
from functools import partial
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from starlette.concurrency import run_in_threadpool

from qa.api.deps import ServiceDep
from qa.core.config import Settings
from qa.core.errors import BadQuestionError, QAError
from qa.index.library import add_reports, remove_report

router = APIRouter(prefix="/api", tags=["admin"])
UPLOAD_CHUNK = 1 << 20


class BadFileNameError(QAError):
    """An upload's file name that cannot name a report file."""

    code = "bad_file_name"
    status = 400


MAX_NAME_BYTES = 200  # well under the 255-byte file-name limit of common file systems


def upload_name(filename: str | None) -> str:
    """The upload's base name, or a 400 saying why it cannot be used (empty, '..', control characters, too long)."""
    name = Path((filename or "").replace("\\", "/")).name
    if not name or name in (".", ".."):
        raise BadFileNameError("the upload needs a file name with its extension, e.g. report.pdf")
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in name):
        raise BadFileNameError(
            "the file name has control characters in it: rename the file and upload it again"
        )
    if len(name.encode("utf-8", "surrogatepass")) > MAX_NAME_BYTES:
        raise BadFileNameError(
            f"the file name is longer than {MAX_NAME_BYTES} bytes: rename the file and try again"
        )
    return name


class ForbiddenError(QAError):
    """No admin key, or the admin API is switched off."""

    code = "forbidden"
    status = 403


def require_admin(request: Request) -> Settings:
    """The settings, once the request carries one of QA_ADMIN_KEYS."""
    settings: Settings = request.app.state.settings
    if not settings.admin_keys:
        raise ForbiddenError("the admin API is off: set QA_ADMIN_KEYS to add or remove reports over HTTP")
    auth = request.headers.get("authorization", "")
    key = auth[7:].strip() if auth[:7].lower() == "bearer " else request.headers.get("x-api-key", "").strip()
    # Compared as bytes: compare_digest refuses str with non-ASCII characters ("café").
    if not any(hmac.compare_digest(key.encode(), k.encode()) for k in settings.admin_keys):
        raise ForbiddenError("an admin key is required: send 'Authorization: Bearer KEY' or 'X-API-Key: KEY'")
    return settings


AdminDep = Annotated[Settings, Depends(require_admin)]


@router.post("/documents", summary="Add or update a report (multipart field `file`, optional metadata)")
async def add_document(
    settings: AdminDep,
    service: ServiceDep,
    file: Annotated[UploadFile, File(description="PDF, DOCX, HTML, Markdown or text")],
    title: Annotated[str | None, Form(max_length=300)] = None,
    publisher: Annotated[str | None, Form(max_length=300)] = None,
    date: Annotated[str | None, Form(max_length=40)] = None,
    lang: Annotated[str | None, Form(pattern="^(zh|en)$")] = None,
) -> dict:
    """Check and index the upload; the index being served is untouched until the new version is complete."""
    name = upload_name(file.filename)
    meta = {"title": title, "publisher": publisher, "date": date, "lang": lang}
    with tempfile.TemporaryDirectory(prefix="qa-upload-") as tmp:
        path = Path(tmp) / name
        size = 0
        with open(path, "wb") as out:
            while chunk := await file.read(UPLOAD_CHUNK):
                size += len(chunk)
                if size > settings.max_upload_bytes:
                    raise BadQuestionError(
                        f"the file is over the {settings.max_upload_bytes} byte upload limit"
                    )
                out.write(chunk)
        added, index = await run_in_threadpool(
            partial(add_reports, settings, [path], meta, service.embedder, store=service.store)
        )
    await run_in_threadpool(service.reload)
    return {"documents": [a.to_dict() for a in added], "index": index.path.name}


@router.delete("/documents/{doc_id}", summary="Remove a report")
async def delete_document(doc_id: str, settings: AdminDep, service: ServiceDep) -> dict:
    """Remove the report from the corpus and switch to an index without it."""
    index = await run_in_threadpool(remove_report, settings, doc_id, service.embedder, service.store)
    await run_in_threadpool(service.reload)
    return {"removed": doc_id, "index": index.path.name}
