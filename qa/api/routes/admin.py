"""Admin routes: add and remove reports over HTTP as background jobs (admin keys only), and follow the jobs."""

from __future__ import annotations

import hmac
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from qa.api.deps import NotReadyError, ServiceDep
from qa.api.jobs import Jobs, new_job_id
from qa.core.config import Settings
from qa.core.errors import BadQuestionError, QAError
from qa.index.embed_worker import indexing_embedder
from qa.index.library import add_reports, remove_report
from qa.ingest.loaders.base import check_file

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


def get_jobs(request: Request) -> Jobs:
    """This worker's job runner over the shared job table."""
    jobs = getattr(request.app.state, "jobs", None)
    if jobs is None:
        raise NotReadyError("the service is still starting")
    return jobs  # type: ignore[no-any-return]


JobsDep = Annotated[Jobs, Depends(get_jobs)]


def accepted(job: dict) -> JSONResponse:
    """202 with the job, and where to follow it."""
    return JSONResponse({"job": job}, status_code=202, headers={"Location": f"/api/jobs/{job['id']}"})


def read_meta(text: str | None) -> dict:
    """The `meta` form field: a JSON object like a `<name>.meta.json` file (publisher, date, aliases…)."""
    if not text:
        return {}
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise BadQuestionError(f"meta is not valid JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise BadQuestionError("meta must be a JSON object, like a <name>.meta.json file")
    return data


@router.post(
    "/documents",
    status_code=202,
    summary="Add or update a report (multipart field `file`, optional metadata); answers 202 with a job",
)
async def add_document(
    settings: AdminDep,
    service: ServiceDep,
    jobs: JobsDep,
    file: Annotated[UploadFile, File(description="PDF, DOCX, HTML, Markdown or text")],
    title: Annotated[str | None, Form(max_length=300)] = None,
    publisher: Annotated[str | None, Form(max_length=300)] = None,
    date: Annotated[str | None, Form(max_length=40)] = None,
    lang: Annotated[str | None, Form(pattern="^(zh|en)$")] = None,
    meta: Annotated[
        str | None, Form(max_length=20_000, description="JSON object as in <name>.meta.json (aliases…)")
    ] = None,
) -> JSONResponse:
    """Receive the upload and start a job that checks and indexes it; `GET /api/jobs/{id}` follows it.

    The index being served is untouched until the new version is complete.
    """
    name = upload_name(file.filename)
    uploaded_meta = read_meta(meta)
    fields = {"title": title, "publisher": publisher, "date": date, "lang": lang}
    job_id = new_job_id()
    folder = jobs.upload_dir(job_id)
    try:
        path = folder / name
        await _receive(file, path, settings.max_upload_bytes)
        check_file(path, settings.max_upload_bytes)  # type, size, emptiness now; the content in the job
        if uploaded_meta:  # read as the file's own metadata: over the corpus copy's, under the form fields
            meta_path = path.with_name(path.stem + ".meta.json")
            meta_path.write_text(json.dumps(uploaded_meta, ensure_ascii=False), encoding="utf-8")
        job = jobs.create("add", name, job_id)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise

    def work(progress: Callable[[int, int], None], on_step: Callable[[str], None]) -> dict:
        # The model embeds the report in its own process at lower priority: this worker keeps answering.
        with indexing_embedder(settings, service.embedder) as embedder:
            added, index = add_reports(
                settings, [path], fields, embedder, None, progress, service.store, on_step
            )
        service.reload()  # this worker serves the new version at once; the others follow on their timer
        return {"documents": [a.to_dict() for a in added], "index": index.path.name}

    jobs.start(job["id"], work, cleanup=lambda: shutil.rmtree(folder, ignore_errors=True))
    return accepted(job)


async def _receive(file: UploadFile, path: Path, limit: int) -> None:
    size = 0
    with open(path, "wb") as out:
        while chunk := await file.read(UPLOAD_CHUNK):
            size += len(chunk)
            if size > limit:
                raise BadQuestionError(f"the file is over the {limit} byte upload limit")
            out.write(chunk)


@router.delete("/documents/{doc_id}", status_code=202, summary="Remove a report; answers 202 with a job")
async def delete_document(
    doc_id: str, settings: AdminDep, service: ServiceDep, jobs: JobsDep
) -> JSONResponse:
    """Start a job that removes the report from the index and then from the corpus."""
    service.document(doc_id)  # an unknown id is a 404 now, not a failed job later

    def work(progress: Callable[[int, int], None], on_step: Callable[[str], None]) -> dict:
        index = remove_report(settings, doc_id, service.embedder, service.store, on_step)
        service.reload()
        return {"removed": doc_id, "index": index.path.name}

    job = jobs.create("remove", doc_id)
    jobs.start(job["id"], work)
    return accepted(job)


@router.get(
    "/jobs/{job_id}", summary="An add or remove job: state, progress (chunks embedded / total), result"
)
async def get_job(job_id: str, settings: AdminDep, jobs: JobsDep) -> dict:
    """The job's state (queued, running, done, failed), progress, and its result or error."""
    return {"job": await run_in_threadpool(jobs.get, job_id)}
