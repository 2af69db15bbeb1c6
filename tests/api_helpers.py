"""A tiny hash-embedder service for the API tests, and a real uvicorn server in a thread."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
import uvicorn
from fastapi import FastAPI

from qa.answer.llm import LLMAnswerer
from qa.bench.http import free_port
from qa.core.config import Settings
from qa.index.embedders import HashEmbedder
from qa.service import QAService
from qa.store.faiss.index import build_index
from tests.helpers import make_document

QUESTION = "2020年中欧班列开行多少列？"


def tiny_settings(tmp_path: Path, **overrides: object) -> Settings:
    """Settings over a tiny index in tmp_path with the hash embedder."""
    values: dict[str, object] = {
        "index_dir": tmp_path / "index",
        "corpus_dir": tmp_path / "corpus",
        "data_dir": tmp_path / "var",
        "embedder": "hash:64",
        **overrides,
    }
    return Settings(**values)  # type: ignore[arg-type]


def tiny_service(settings: Settings, llm: LLMAnswerer | None = None) -> QAService:
    """A QAService over a one-document index built in settings.index_dir (answers written by `llm` if given)."""
    emb = HashEmbedder(64)
    index = build_index([make_document()], emb, settings.index_dir, chunk_size=80, progress=False)
    return QAService(index, emb, llm=llm)


@contextmanager
def running(app: FastAPI) -> Iterator[str]:
    """Serve the app with a real uvicorn server in a thread; yields its base URL."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def wait_ready(proc: subprocess.Popen, base: str, timeout: float = 60) -> float:
    """Seconds until a started `qa serve` answers /readyz with 200; fails with its output if it exits first."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if proc.poll() is not None:
            out = proc.stdout.read() if proc.stdout else ""
            raise AssertionError(f"qa serve exited with {proc.returncode}:\n{out[-3000:]}")
        try:
            if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                return time.monotonic() - started
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise AssertionError(f"qa serve did not become ready in {timeout:.0f} s")


def stop(proc: subprocess.Popen) -> str:
    """Stop a server process (SIGTERM, then SIGKILL) and return what it printed."""
    proc.terminate()
    try:
        return proc.communicate(timeout=20)[0] or ""
    except subprocess.TimeoutExpired:
        proc.kill()
        return proc.communicate()[0] or ""


def wait_job(client: httpx.Client, reply: httpx.Response, timeout: float = 60) -> dict:
    """Follow a 202's job (its Location) until it is done or failed; returns the job's last record.

    `client` is an httpx or TestClient client that sends the admin key with every request.
    """
    assert reply.status_code == 202, reply.text
    location = reply.headers["location"]
    deadline = time.monotonic() + timeout
    while True:
        job = client.get(location).json()["job"]
        if job["state"] in ("done", "failed"):
            return job
        assert time.monotonic() < deadline, f"job still {job['state']} after {timeout:.0f} s: {job}"
        time.sleep(0.05)


def library_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed_meta: dict, admin: str, other: bool = True
) -> Settings:
    """A seed report with `seed_meta` (and, with `other`, a second one giving a different figure for the same
    question), a hash embedder, admin routes and fast reloads: the add/update tests' settings, index built."""
    from qa.index.library import build
    from tests.helpers import PARAGRAPHS

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "seed.txt").write_text("\n\n".join(PARAGRAPHS) + "\n", encoding="utf-8")
    (corpus / "seed.meta.json").write_text(json.dumps(seed_meta, ensure_ascii=False), encoding="utf-8")
    if other:
        changed = [p.replace("1.24万列", "9999列") for p in PARAGRAPHS]
        (corpus / "other.txt").write_text("\n\n".join(changed) + "\n", encoding="utf-8")
    values = {
        "QA_CORPUS_DIR": corpus,
        "QA_INDEX_DIR": tmp_path / "index",
        "QA_DATA_DIR": tmp_path / "var",
        "QA_EMBEDDER": "hash:64",
        "QA_ADD_ROOTS": tmp_path,
        "QA_ADMIN_KEYS": admin,
        "QA_RELOAD_SECONDS": "0.1",
    }
    for key, value in values.items():
        monkeypatch.setenv(key, str(value))
    s = Settings()  # type: ignore[call-arg]
    build(s, progress=False)
    return s


@contextmanager
def tiny_server(tmp_path: Path, **env: str) -> Iterator[tuple[str, subprocess.Popen]]:
    """`qa serve --no-build` over a tiny index with these QA_* settings; yields its base URL and process."""
    settings = tiny_settings(tmp_path)
    if not settings.index_dir.exists():
        tiny_service(settings)
    (tmp_path / "tmp").mkdir(exist_ok=True)
    port = free_port()
    environ = {
        **os.environ,
        "QA_INDEX_DIR": str(settings.index_dir),
        "QA_CORPUS_DIR": str(settings.corpus_dir),
        "QA_DATA_DIR": str(settings.data_dir),
        "QA_EMBEDDER": "hash:64",
        "TMPDIR": str(tmp_path / "tmp"),  # where an upload's body would be spooled
        **env,
    }
    cmd = [sys.executable, "-m", "qa.cli", "serve", "--no-build", "--port", str(port)]
    proc = subprocess.Popen(cmd, env=environ, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_ready(proc, base)
        yield base, proc
    finally:
        out = stop(proc)
        assert "Traceback" not in out, out[-3000:]
