"""Background jobs for adding and removing reports: state in SQLite under QA_DATA_DIR, work in a thread.

The record lives in the data folder, so `GET /api/jobs/{id}` answers from any worker; the work runs in a
thread of the worker that took the request. A job whose process is gone (killed, or stopped while the job
ran) is marked failed ("interrupted") the next time any worker starts or reads it; the half-done update
itself is finished or discarded by the index's own recovery.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from qa.core.errors import NotFoundError, QAError, StorageUnavailableError

log = logging.getLogger("qa.jobs")

SCHEMA = """
CREATE TABLE IF NOT EXISTS jobs (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    subject TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed')),
    step TEXT,
    done INTEGER NOT NULL DEFAULT 0,
    total INTEGER NOT NULL DEFAULT 0,
    result TEXT,
    error TEXT,
    owner TEXT NOT NULL,
    created_at REAL NOT NULL,
    started_at REAL,
    finished_at REAL
);
"""
DB_NAME = "qa.sqlite3"
PROGRESS_EVERY_S = 0.25  # progress rows written at most this often (and always at the end)
KEEP_FINISHED_S = 30 * 86400.0  # finished jobs are kept this long, then deleted at a worker's start
KEYS = (
    "id",
    "kind",
    "subject",
    "state",
    "step",
    "done",
    "total",
    "result",
    "error",
    "created_at",
    "started_at",
)
# The update steps a job shows (qa.store.steps): queued while the file is checked ("checking") and while another
# update holds the writer lock; running from "locked" on.
SHOWN_STEPS = (
    "locked",
    "staged",
    "chunked",
    "searchable",
    "embedded",
    "written",
    "fsynced",
    "switched",
    "corpus_moved",
)

Work = Callable[[Callable[[int, int], None], Callable[[str], None]], dict]  # (progress, on_step) -> result


class JobInterruptedError(QAError):
    """The server stopped while the job ran: nothing changed, or the change was finished on restart."""

    code = "interrupted"
    status = 503


def new_job_id() -> str:
    """A job id that names nothing else."""
    return uuid.uuid4().hex


def process_id(pid: int | None = None) -> str:
    """A process's pid and start time: a pid reused after a restart does not pass for the old process."""
    pid = pid or os.getpid()
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            started = fh.read().rsplit(")", 1)[1].split()[19]  # field 22, starttime
    except (OSError, IndexError):
        started = "?"
    return f"{pid}:{started}"


def alive(owner: str) -> bool:
    """Whether the process that `process_id` named is still running."""
    pid = int(owner.split(":", 1)[0])
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    return process_id(pid) == owner or owner.endswith(":?")


class Jobs:
    """The job table, and the threads of this worker's jobs."""

    def __init__(self, data_dir: Path) -> None:
        self.path = Path(data_dir) / DB_NAME
        self.uploads = Path(data_dir) / "uploads"
        self.owner = process_id()
        self.stopping = threading.Event()
        self._threads: dict[str, threading.Thread] = {}
        self.unavailable: str | None = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self._connect() as conn:
                conn.executescript(SCHEMA)
        except (OSError, sqlite3.Error) as exc:
            self.unavailable = f"the data folder {Path(data_dir).resolve()} cannot be written ({exc})"

    def _connect(self) -> sqlite3.Connection:
        if self.unavailable:
            raise StorageUnavailableError(f"jobs cannot be recorded: {self.unavailable}")
        conn = sqlite3.connect(self.path, timeout=10.0, isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        return conn

    def _update(self, job_id: str, **fields: object) -> None:
        sets = ", ".join(f"{k} = ?" for k in fields)
        conn = self._connect()
        try:
            conn.execute(f"UPDATE jobs SET {sets} WHERE id = ?", (*fields.values(), job_id))
        finally:
            conn.close()

    def create(self, kind: str, subject: str, job_id: str | None = None) -> dict:
        """A new queued job of this worker."""
        job_id = job_id or new_job_id()
        conn = self._connect()
        try:
            conn.execute(
                "INSERT INTO jobs (id, kind, subject, state, owner, created_at) VALUES (?, ?, ?, 'queued', ?, ?)",
                (job_id, kind, subject, self.owner, time.time()),
            )
        except sqlite3.Error as exc:
            raise StorageUnavailableError(f"the job cannot be recorded now ({exc}); try again later") from exc
        finally:
            conn.close()
        return self.get(job_id)

    def get(self, job_id: str) -> dict:
        """A job as the API shows it; a queued or running job whose process is gone is marked interrupted."""
        conn = self._connect()
        try:
            row = conn.execute(
                f"SELECT {', '.join(KEYS)}, finished_at, owner FROM jobs WHERE id = ?", (job_id,)
            ).fetchone()
        finally:
            conn.close()
        if row is None:
            raise NotFoundError(f"no job with id {job_id!r}")
        if row[3] in ("queued", "running") and not alive(row[-1]):
            self._interrupt(job_id, "the server process running the job stopped before it finished")
            return self.get(job_id)
        job = dict(zip((*KEYS, "finished_at"), row[:-1]))
        return {
            "id": job["id"],
            "kind": job["kind"],
            "subject": job["subject"],
            "state": job["state"],
            "progress": {"done": job["done"], "total": job["total"], "step": job["step"]},
            "result": json.loads(job["result"]) if job["result"] else None,
            "error": json.loads(job["error"]) if job["error"] else None,
            "created_at": job["created_at"],
            "started_at": job["started_at"],
            "finished_at": job["finished_at"],
        }

    def start(self, job_id: str, work: Work, cleanup: Callable[[], object] | None = None) -> None:
        """Run `work(progress, on_step)` in a background thread; its result or error goes into the record."""
        thread = threading.Thread(
            target=self._run, args=(job_id, work, cleanup), name=f"qa-job-{job_id[:8]}", daemon=True
        )
        self._threads[job_id] = thread
        thread.start()

    def _run(self, job_id: str, work: Work, cleanup: Callable[[], object] | None) -> None:
        last = [0.0]

        def progress(done: int, total: int) -> None:
            if self.stopping.is_set():  # stops the update between two embedding batches; nothing changes
                raise JobInterruptedError(
                    "the server is shutting down; the job was stopped before it finished"
                )
            now = time.monotonic()
            if done >= total or now - last[0] >= PROGRESS_EVERY_S:
                last[0] = now
                self._update(job_id, done=done, total=total)

        def on_step(step: str) -> None:
            if step == "locked":
                self._update(job_id, state="running", step=step, started_at=time.time())
            elif step in SHOWN_STEPS:
                self._update(job_id, step=step)

        self._update(job_id, step="checking")

        try:
            result = work(progress, on_step)
        except QAError as exc:
            self._fail(job_id, exc)
        except Exception as exc:  # a job's failure is its record's error, never a dead thread with no trace
            log.exception("job %s failed", job_id)
            self._fail(job_id, QAError(f"{exc.__class__.__name__}: {exc}"))
        else:
            self._update(
                job_id, state="done", result=json.dumps(result, ensure_ascii=False), finished_at=time.time()
            )
        finally:
            if cleanup is not None:
                cleanup()
            self._threads.pop(job_id, None)

    def _fail(self, job_id: str, exc: QAError) -> None:
        error = {"code": exc.code, "message": exc.message, "status": exc.status}
        self._update(
            job_id, state="failed", error=json.dumps(error, ensure_ascii=False), finished_at=time.time()
        )

    def _interrupt(self, job_id: str, why: str) -> None:
        self._fail(job_id, JobInterruptedError(f"interrupted: {why}; run the add or remove again"))

    def interrupt_orphans(self) -> int:
        """At start-up: mark failed the queued or running jobs whose process is gone, drop old finished ones."""
        if self.unavailable:
            return 0
        conn = self._connect()
        try:
            rows = conn.execute("SELECT id, owner FROM jobs WHERE state IN ('queued', 'running')").fetchall()
            conn.execute("DELETE FROM jobs WHERE finished_at < ?", (time.time() - KEEP_FINISHED_S,))
        finally:
            conn.close()
        orphans = [job_id for job_id, owner in rows if not alive(owner)]
        for job_id in orphans:
            self._interrupt(job_id, "the server process running the job stopped before it finished")
        active = {job_id for job_id, _ in rows} - set(orphans)
        for folder in self.uploads.iterdir() if self.uploads.is_dir() else ():
            if folder.name not in active:  # an upload whose job is over (or never started)
                shutil.rmtree(folder, ignore_errors=True)
        return len(orphans)

    def upload_dir(self, job_id: str) -> Path:
        """A folder for the file of the job to come, removed when the job ends (or at the next start)."""
        if self.unavailable:
            raise StorageUnavailableError(f"reports cannot be uploaded: {self.unavailable}")
        folder = self.uploads / job_id
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    def stop(self, wait_s: float = 5.0) -> None:
        """Ask this worker's jobs to stop, wait a little, and mark the ones still running interrupted.

        A job thread never holds up the server's shutdown: it is a daemon, and a job cut off mid-update is
        finished or discarded by the index recovery of the next start.
        """
        self.stopping.set()
        deadline = time.monotonic() + wait_s
        for thread in list(self._threads.values()):
            thread.join(timeout=max(0.0, deadline - time.monotonic()))
        for job_id in list(self._threads):
            self._interrupt(job_id, "the server was stopped while the job ran")
