"""Embedding in a child process at lower priority: the same vectors as in-process, the nice value applied, a
child that cannot start reported clearly, an index built through it equal to one built in-process, and reports
added through the API embedded through it."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from fastapi.testclient import TestClient

from qa.api.app import create_app
from qa.core.errors import EmbedderUnavailableError
from qa.index import embed_worker
from qa.index.embed_worker import ProcessEmbedder, embeds_here, usable_cores
from qa.index.embedders import HashEmbedder
from qa.store.faiss.index import build_index
from qa.store.faiss.vectors import all_vectors
from tests.api_helpers import wait_job
from tests.helpers import admin_settings, make_document


def test_the_child_embeds_like_the_parent_at_a_lower_priority() -> None:
    local = HashEmbedder(64)
    texts = ["2020年中欧班列开行1.24万列", "China-Europe Railway Express", "一带一路"]
    with ProcessEmbedder.like(local, "hash:64", nice=5) as remote:
        assert (remote.name, remote.dim, remote.threads) == ("hash:64", 64, usable_cores())
        assert remote.priority() == min(19, os.getpriority(os.PRIO_PROCESS, 0) + 5)
        assert np.array_equal(remote.embed_passages(texts), local.embed_passages(texts))
        assert np.array_equal(remote.embed_queries(texts[:1]), local.embed_queries(texts[:1]))


def test_an_index_built_through_the_child_equals_one_built_here(tmp_path) -> None:
    local = HashEmbedder(64)
    here = build_index([make_document()], local, tmp_path / "here", chunk_size=80, progress=False)
    with ProcessEmbedder.like(local, "hash:64") as remote:
        there = build_index([make_document()], remote, tmp_path / "there", chunk_size=80, progress=False)
    assert there.manifest["embedder"] == "hash:64" and len(there.chunks) == len(here.chunks) > 1
    assert np.array_equal(all_vectors(there.vectors), all_vectors(here.vectors))


def test_a_child_that_cannot_load_its_model_is_a_clear_error() -> None:
    remote = ProcessEmbedder("no-such-embedder", "x", 8)
    try:
        with pytest.raises(EmbedderUnavailableError, match="embedding process stopped"):
            remote.embed_passages(["text"])
    finally:
        remote.close()


def test_the_child_goes_when_its_parent_dies_without_closing_it(tmp_path) -> None:
    code = (
        "import os, sys\n"
        "from qa.index.embed_worker import ProcessEmbedder\n"
        "if __name__ == '__main__':\n"
        "    e = ProcessEmbedder('hash:8', 'hash:8', 8)\n"
        "    e.priority()\n"
        "    print(e._pool._processes and list(e._pool._processes)[0], flush=True)\n"
        "    os._exit(70)\n"
    )
    script = tmp_path / "crash.py"
    script.write_text(code, encoding="utf-8")
    # the child holds the parent's output pipes: run() returns only once it has gone too
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 70, done.stderr
    child = int(done.stdout.strip())
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and Path(f"/proc/{child}").exists():
        time.sleep(0.1)
    assert not Path(f"/proc/{child}").exists() or "Z" in Path(f"/proc/{child}/stat").read_text().split()[2]


def test_a_model_that_runs_here_embeds_in_a_child_a_remote_or_test_one_in_place() -> None:
    assert embeds_here("e5") and embeds_here("st:/models/e5")
    assert not embeds_here("openai:e5@http://gpu:8080/v1") and not embeds_here("hash:64")


def test_a_report_added_through_the_api_is_embedded_in_a_child_at_lower_priority(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The upload's job embeds through a child process below the serving worker's priority, which is stopped
    when the job ends; the report is then served like any other."""
    settings = admin_settings(tmp_path, "k")
    children: list[tuple[ProcessEmbedder, int]] = []

    class Recorded(ProcessEmbedder):
        def embed_passages(self, texts: list[str]) -> np.ndarray:
            children.append((self, self.priority()))
            return super().embed_passages(texts)

    monkeypatch.setattr(embed_worker, "embeds_here", lambda spec: True)  # the hash embedder, as a model would
    monkeypatch.setattr(embed_worker, "ProcessEmbedder", Recorded)
    text = "2023年，翡翠走廊货运班列开行876列，同比增长31%。\n\n翡翠走廊连接沿线多个港口和内陆城市。\n"
    with TestClient(create_app(settings), headers={"X-API-Key": "k"}) as client:
        reply = client.post("/api/documents", files={"file": ("corridor.txt", text.encode())})
        job = wait_job(client, reply)
        assert job["state"] == "done", job
        assert children, "the add did not embed through a child process"
        child, priority = children[0]
        assert child.threads == usable_cores()
        assert priority == min(19, os.getpriority(os.PRIO_PROCESS, 0) + settings.index_nice)
        with pytest.raises(RuntimeError, match="shutdown"):  # stopped with its job
            child.embed_queries(["x"])
        answer = client.post("/api/ask", json={"question": "2023年翡翠走廊货运班列开行多少列？"}).json()
        assert "876" in answer["answer"] and answer["citations"][0]["doc_id"] == "corridor"
