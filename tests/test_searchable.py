"""A new report is searchable before it is embedded: while an add job is still embedding its chunks, BM25 (and
so `/api/ask`) already finds it; once the job is done, dense search finds it too. Real FAISS and jieba, the
hash embedder held back on the new report's passages so the window is as long as the test needs."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import numpy as np
from fastapi.testclient import TestClient

from qa.api.app import create_app
from qa.core.config import Settings
from qa.core.types import Embedder
from qa.service import QAService
from qa.store.faiss.index import Index, is_stale
from qa.store.faiss.versions import read_pointer
from tests.api_helpers import wait_job
from tests.helpers import admin_settings

ADMIN = "admin-key"
MARK = "翡翠走廊"  # a name only the new report holds
QUESTION = f"2023年{MARK}货运班列开行多少列？"


class HeldEmbedder:
    """Embeds as the wrapped embedder does, but waits for `release` before any passage of the new report."""

    def __init__(self, inner: Embedder) -> None:
        self.inner = inner
        self.name, self.dim = inner.name, inner.dim
        self.reached = threading.Event()
        self.release = threading.Event()

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return self.inner.embed_queries(texts)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        if any(MARK in t for t in texts):
            self.reached.set()
            assert self.release.wait(120), "the test never released the embedder"
        return self.inner.embed_passages(texts)


def make_settings(tmp_path: Path) -> Settings:
    return admin_settings(tmp_path, ADMIN, reload_seconds=0.1)


def new_report() -> bytes:
    """A report about the new corridor: the figure the question asks for, then enough text for many batches."""
    lines = [f"{MARK}建设进展", f"2023年，{MARK}货运班列开行876列，同比增长31%。"]
    body = "沿线各方加强规划对接，完善口岸设施，提升通关效率，推动物流、贸易和产业协同发展，"
    lines += [f"第{i}节：{MARK}{body * 2}见附表{i}。" for i in range(120)]
    return ("\n\n".join(lines) + "\n").encode()


def wait_until(check, timeout: float = 20) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_a_new_report_is_answerable_through_bm25_while_its_chunks_are_embedded(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    before = read_pointer(settings.index_dir)
    service = QAService.open(settings)
    held = HeldEmbedder(service.embedder)
    service.embedder = held  # what the add job embeds with (and what reloads search with)
    with TestClient(create_app(settings, service), headers={"X-API-Key": ADMIN}) as client:
        reply = client.post("/api/documents", files={"file": ("jade.txt", new_report())})
        assert reply.status_code == 202, reply.text
        assert held.reached.wait(60)  # the job embeds the new report's first batch, and waits there
        job = client.get(reply.headers["location"]).json()["job"]
        assert job["state"] == "running" and job["progress"]["step"] == "searchable", job
        assert job["progress"]["done"] == 0 < job["progress"]["total"]

        def answered() -> bool:
            return "876列" in client.post("/api/ask", json={"question": QUESTION}).json()["answer"]

        wait_until(answered)  # the service loads the new version within its reload interval
        answer = client.post("/api/ask", json={"question": QUESTION}).json()
        assert not answer["abstained"] and answer["citations"][0]["doc_id"] == "jade", answer
        index = service.index
        assert index.pending and len(index.pending) == job["progress"]["total"]
        assert index.vectors.ntotal == len(index.chunks) - len(index.pending)
        assert service.search(QUESTION, mode="bm25")[0].chunk.doc_id == "jade"
        assert "jade" in {h.chunk.doc_id for h in service.search(QUESTION, mode="hybrid")}
        dense = service.search(QUESTION, k=20, mode="dense")
        assert dense and all(h.chunk.doc_id == "seed" for h in dense)  # no vectors for the new chunks yet
        assert (settings.corpus_dir / "jade.txt").exists()  # in the corpus already: a crash now keeps it
        assert is_stale(settings.index_dir, settings.corpus_dir, "hash:64")
        assert client.get("/api/documents/jade").status_code == 200

        held.release.set()
        job = wait_job(client, reply)
        assert job["state"] == "done" and job["progress"]["step"] == "switched", job
        wait_until(lambda: service.search(QUESTION, mode="hybrid") and not service.index.pending)
        done = Index.load(settings.index_dir, "hash:64")
        assert "pending_vectors" not in done.manifest and done.vectors.ntotal == len(done.chunks)
        assert done.manifest["embedded_chunks"] == len(index.pending)
        dense = service.search(QUESTION, k=5, mode="dense")
        assert "jade" in {h.chunk.doc_id for h in dense}  # the hash embedder ranks roughly; it ranks them now
        assert "876列" in client.post("/api/ask", json={"question": QUESTION}).json()["answer"]
    # The version to roll back to is the one before the add, not the one without the vectors.
    assert read_pointer(settings.index_dir, "PREVIOUS") == before
    folders = {p.name for p in settings.index_dir.iterdir() if p.is_dir()}
    assert folders == {before, done.path.name}
    assert not is_stale(settings.index_dir, settings.corpus_dir, "hash:64")


def test_dense_rows_skip_the_chunks_waiting_for_vectors_wherever_they_sit(tmp_path: Path) -> None:
    """The new report's chunks first, the old ones after: dense hits still name the right chunks."""
    from qa.index.embedders import HashEmbedder
    from qa.ingest.loaders.report import load_report
    from qa.store.faiss.index import build_index
    from qa.store.faiss.rank import FaissRankSource

    settings = make_settings(tmp_path)
    current = Index.load(settings.index_dir, "hash:64")
    path = tmp_path / "jade.txt"
    path.write_bytes(new_report())
    jade, embedder = load_report(path), HashEmbedder(64)
    seen: list[Index] = []
    build_index(
        [jade, current.documents["seed"]],
        embedder,
        settings.index_dir,
        settings.chunk_size,
        settings.chunk_overlap,
        progress=False,
        previous=current,
        searchable=lambda: seen.append(Index.load(settings.index_dir, "hash:64")),
    )
    partial = seen[0]
    waiting = len(partial.pending)
    assert partial.vector_rows == list(range(waiting, len(partial.chunks)))
    vector = embedder.embed_queries(["2020年中欧班列开行多少列？"])
    got, want = FaissRankSource(partial).dense(vector, 5), FaissRankSource(current).dense(vector, 5)
    assert [partial.chunks[r].chunk_id for r in got.rows] == [current.chunks[r].chunk_id for r in want.rows]
    assert np.allclose(got.scores, want.scores)
    assert all(r >= waiting for r in got.rows)
