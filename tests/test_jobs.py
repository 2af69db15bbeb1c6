"""Adds and removes as background jobs: 202 at once, progress and results from any worker, jobs of a stopped
server marked interrupted, and a SIGTERM that stops a server in the middle of a long add."""

from __future__ import annotations

import os
import signal
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from qa.api.app import create_app
from qa.api.jobs import process_id
from qa.core.config import Settings
from qa.index.embedders import HashEmbedder
from qa.store.faiss.index import Index
from qa.store.faiss.versions import read_pointer
from tests.api_helpers import QUESTION, free_port, stop, wait_job, wait_ready
from tests.helpers import admin_settings

ADMIN = "admin-key"


def make_settings(tmp_path: Path) -> Settings:
    return admin_settings(tmp_path, ADMIN, reload_seconds=0.2)


def long_report(paragraphs: int) -> bytes:
    """A text report of many distinct paragraphs (every chunk is embedded), with few figures in it."""
    body = "各方围绕互联互通、贸易投资和人文交流开展务实合作，推动重点项目稳步实施，"
    lines = [f"第{i}部分：{body * 3}见附录{chr(0x4E00 + i % 20000)}。" for i in range(paragraphs)]
    return ("\n\n".join(lines) + "\n").encode()


def test_a_job_started_in_one_worker_is_followed_from_another(tmp_path: Path, monkeypatch) -> None:
    """Two apps over one data folder stand for two uvicorn workers: the job record is not in either's memory."""
    settings = make_settings(tmp_path)
    hashed = HashEmbedder.embed_passages

    def steady(self: HashEmbedder, texts: list[str]):  # a batch takes a moment, as with a real model
        time.sleep(0.01)
        return hashed(self, texts)

    monkeypatch.setattr(HashEmbedder, "embed_passages", steady)
    headers = {"X-API-Key": ADMIN}
    with (
        TestClient(create_app(settings), headers=headers) as first,
        TestClient(create_app(settings), headers=headers) as second,
    ):
        reply = first.post("/api/documents", files={"file": ("long.txt", long_report(3000))})
        assert reply.status_code == 202
        seen, steps = [], []
        job = reply.json()["job"]
        while job["state"] not in ("done", "failed"):
            job = second.get(reply.headers["location"]).json()["job"]
            seen.append((job["state"], job["progress"]["done"], job["progress"]["total"]))
            steps.append(job["progress"]["step"])
            time.sleep(0.02)
        assert job["state"] == "done", job
        assert job["result"]["documents"][0]["doc_id"] == "long"
        total = job["progress"]["total"]
        assert total > 100 and job["progress"]["done"] == total
        assert any(state == "running" and 0 < done < total for state, done, _ in seen), sorted(set(seen))
        # the update's steps, in order: searchable (BM25 finds the report) while its chunks are embedded
        assert job["progress"]["step"] == "switched" and "chunked" in steps and "searchable" in steps
        order = [
            "checking",
            "locked",
            "staged",
            "chunked",
            "searchable",
            "embedded",
            "written",
            "fsynced",
            "switched",
        ]
        shown = [order.index(x) for x in dict.fromkeys(steps) if x in order]
        assert shown == sorted(shown), steps
        # A removal asked of the second is followed from the first.
        removal = wait_job(first, second.delete("/api/documents/long"))
        assert removal["state"] == "done" and removal["result"]["removed"] == "long"


def test_a_report_added_through_one_worker_is_known_to_another_at_once(tmp_path: Path) -> None:
    """Read your writes across workers: the second worker's timer would look again only in an hour, yet a
    lookup or removal of the report just added through the first finds it (a miss loads a newer version)."""
    settings = make_settings(tmp_path).model_copy(update={"reload_seconds": 3600.0})
    headers = {"X-API-Key": ADMIN}
    with (
        TestClient(create_app(settings), headers=headers) as first,
        TestClient(create_app(settings), headers=headers) as second,
    ):
        assert second.get("/api/documents/fresh").status_code == 404
        added = wait_job(second, first.post("/api/documents", files={"file": ("fresh.txt", long_report(3))}))
        assert added["state"] == "done", added
        assert second.get("/api/documents/fresh").json()["doc_id"] == "fresh"
        removal = wait_job(first, second.delete("/api/documents/fresh"))
        assert removal["state"] == "done", removal
        assert second.get("/api/documents/fresh").status_code == 404
        assert second.get("/api/documents/nothing-like-it").status_code == 404


def test_jobs_of_a_server_that_was_killed_are_marked_interrupted_on_the_next_start(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    owner = process_id(gone.pid).split(":")[0] + ":12345"  # a process that no longer runs
    (settings.data_dir / "uploads" / "old-job").mkdir(parents=True)
    with TestClient(create_app(settings), headers={"X-API-Key": ADMIN}) as client:  # creates the job table
        pass
    conn = sqlite3.connect(settings.data_dir / "qa.sqlite3")
    conn.execute(
        "INSERT INTO jobs (id, kind, subject, state, done, total, owner, created_at) "
        "VALUES ('old-job', 'add', 'big.pdf', 'running', 10, 900, ?, ?)",
        (owner, time.time()),
    )
    old = time.time() - 40 * 86400  # finished long ago: deleted at the next start
    conn.execute(
        "INSERT INTO jobs (id, kind, subject, state, owner, created_at, finished_at) "
        "VALUES ('ancient', 'remove', 'x', 'done', ?, ?, ?)",
        (owner, old, old),
    )
    conn.commit()
    conn.close()
    with TestClient(create_app(settings), headers={"X-API-Key": ADMIN}) as client:
        job = client.get("/api/jobs/old-job").json()["job"]
        assert job["state"] == "failed" and job["error"]["code"] == "interrupted"
        assert "stopped before it finished" in job["error"]["message"]
        assert client.get("/api/jobs/ancient").status_code == 404
    assert not (settings.data_dir / "uploads" / "old-job").exists()


@pytest.mark.slow
def test_uploads_answer_202_at_once_and_sigterm_stops_a_server_mid_job(tmp_path: Path, report_figure) -> None:
    """`qa serve --workers 2`: time to 202, progress from either worker, then SIGTERM in the middle of an add."""
    settings = make_settings(tmp_path)
    before = read_pointer(settings.index_dir)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "QA_CORPUS_DIR": str(settings.corpus_dir),
        "QA_INDEX_DIR": str(settings.index_dir),
        "QA_DATA_DIR": str(settings.data_dir),
        "QA_EMBEDDER": "hash:64",
        "QA_ADMIN_KEYS": ADMIN,
        "QA_RELOAD_SECONDS": "0.2",
    }
    cmd = [sys.executable, "-m", "qa.cli", "serve", "--port", str(port), "--workers", "2"]

    log = tmp_path / "serve.log"

    def start(timeout: float = 60) -> subprocess.Popen:
        # Output to a file, not a pipe nobody reads while the test runs: a full pipe would block the server.
        with open(log, "a") as out:
            proc = subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.STDOUT, text=True)
        try:
            wait_ready(proc, base, timeout)
        except AssertionError:
            stop(proc)  # not left running to slow the tests after this one
            raise
        return proc

    proc = start()
    try:
        with httpx.Client(base_url=base, headers={"X-API-Key": ADMIN}, timeout=60) as admin:
            small = long_report(20)
            times = []
            for n in range(5):
                t = time.perf_counter()
                reply = admin.post(
                    "/api/documents", files={"file": (f"small{n}.txt", small + str(n).encode())}
                )
                times.append(time.perf_counter() - t)
                assert wait_job(admin, reply)["state"] == "done"
            big = long_report(12000)  # about 4 MB, 12,000 chunks to embed
            t = time.perf_counter()
            reply = admin.post("/api/documents", files={"file": ("big.txt", big)})
            big_202 = time.perf_counter() - t
            assert reply.status_code == 202
            location = reply.headers["location"]
            deadline = time.monotonic() + 120
            polls: list[float] = []
            while True:
                # New connections: the polls land on either worker, and every one of them knows the job.
                t = time.perf_counter()
                job = httpx.get(f"{base}{location}", headers={"X-API-Key": ADMIN}, timeout=30).json()["job"]
                polls.append(time.perf_counter() - t)
                if job["state"] == "running" and job["progress"]["done"] > 0:
                    break
                assert job["state"] in ("queued", "running") and time.monotonic() < deadline, job
                time.sleep(0.1)
            assert httpx.post(f"{base}/api/ask", json={"question": QUESTION}, timeout=30).status_code == 200
        t = time.perf_counter()
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=60)
        stopped = time.perf_counter() - t
        assert stopped < 30, log.read_text()[-3000:]
    finally:
        if proc.poll() is None:
            stop(proc)
    report_figure(
        "time to 202, small upload (median of 5, 2 workers)", f"{statistics.median(times) * 1000:.0f} ms"
    )
    report_figure("time to 202, 4 MB upload", f"{big_202 * 1000:.0f} ms")
    report_figure("SIGTERM to exit with an add running", f"{stopped:.1f} s")
    report_figure("GET /api/jobs/{id} during the big add (max of polls)", f"{max(polls) * 1000:.0f} ms")
    # Stopped while its chunks were embedded, the big report was already searchable: it is in the corpus, and the
    # version served lists its chunks as waiting for vectors; nothing staged is left.
    assert (settings.corpus_dir / "big.txt").exists()
    assert read_pointer(settings.index_dir) != before  # the small ones went in
    assert Index.load(settings.index_dir, "hash:64").pending
    # The start-up build first embeds the 12,000 chunks the stopped add left, then both workers load the index.
    proc = start(timeout=180)
    try:
        with httpx.Client(base_url=base, headers={"X-API-Key": ADMIN}, timeout=60) as admin:
            job = admin.get(location).json()["job"]
            assert job["state"] == "failed" and job["error"]["code"] == "interrupted", job
            docs = {d["doc_id"] for d in admin.get("/api/documents").json()["documents"]}
            assert {"big", "seed", "small0", "small4"} <= docs
        assert not Index.load(settings.index_dir, "hash:64").pending  # the start-up build embedded the rest
    finally:
        stop(proc)
    assert not list(settings.corpus_dir.glob(".incoming-*"))
    assert not list((settings.data_dir / "uploads").iterdir())
