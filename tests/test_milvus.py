"""The Milvus backend against a real Milvus engine: milvus-lite 2.5's bundled server on a loopback port."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from qa.core.config import Settings
from tests.api_helpers import wait_job
from tests.milvus_server import MilvusServer, free_port, milvus_binary

pytest.importorskip("pymilvus", reason="the Milvus tests need pip install 'qa[milvus]'")
if milvus_binary() is None:
    pytest.skip("milvus-lite (with its bundled server binary) is not installed here", allow_module_level=True)

from qa.search.retrieve import Retriever  # noqa: E402
from qa.store.corpus import MemoryCorpus  # noqa: E402
from qa.store.milvus.client import StoreUnavailableError  # noqa: E402
from qa.store.milvus.corpus import CHUNK_CACHE, MilvusCorpus, RemoteChunks  # noqa: E402
from qa.store.milvus.rank import MilvusRankSource  # noqa: E402
from qa.store.milvus.schema import CHUNK_FIELDS  # noqa: E402
from qa.store.milvus.store import MilvusStore  # noqa: E402
from qa.text.tokenize import search_tokens  # noqa: E402

ZH_QUESTION = "2020年中欧班列开行了多少列？"
EN_QUESTION = "How many China-Europe Railway Express trains ran in 2020?"
NEW_REPORT = (
    "一、雅万高铁运营情况\n"
    "雅万高铁开通运营首年累计发送旅客608万人次，最高日开行列车62列。"
    "雅万高铁是印度尼西亚和东南亚第一条高速铁路，全长142公里，最高设计时速350公里。\n"
)


def _server(tmp_path_factory: pytest.TempPathFactory, name: str) -> MilvusServer:
    return MilvusServer(tmp_path_factory.mktemp(name))


def _milvus_settings(settings: Settings, uri: str, tmp: Path) -> Settings:
    return settings.model_copy(
        update={"store": uri, "milvus_timeout": 3, "reload_seconds": 0.2, "data_dir": tmp}
    )


def _write_report(folder: Path, doc_id: str = "yawan_hsr") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{doc_id}.txt"
    path.write_text(NEW_REPORT, encoding="utf-8")
    (folder / f"{doc_id}.meta.json").write_text(
        '{"title": "雅万高铁运营报告", "title_en": "Jakarta-Bandung HSR report", "lang": "zh"}',
        encoding="utf-8",
    )
    return path


@pytest.fixture(scope="module")
def shared_milvus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MilvusServer]:
    """One server holding the real index, for the read-only tests."""
    with _server(tmp_path_factory, "milvus-shared") as server:
        yield server


@pytest.fixture(scope="module")
def milvus_service(real_service, shared_milvus: MilvusServer, real_settings: Settings, tmp_path_factory):
    """A QAService over the real index published to Milvus (through `qa migrate`)."""
    from qa.service import QAService
    from qa.store.milvus.migrate import migrate

    migrate(real_settings, shared_milvus.uri)
    settings = _milvus_settings(real_settings, shared_milvus.uri, tmp_path_factory.mktemp("var-milvus"))
    return QAService.open(settings)


@pytest.mark.slow
def test_publish_keeps_chunks_figures_documents_and_lexicon(real_service, milvus_service) -> None:
    local = real_service.index
    snap = milvus_service.store.snapshot()  # what a writer copies: the whole version
    assert [c.to_dict() for c in snap.chunks] == [c.to_dict() for c in local.chunks]
    assert snap.figures == local.figures
    assert snap.documents == local.documents  # text, sections and pages
    assert snap.lexicon.words == local.lexicon.words
    assert snap.df == MemoryCorpus(local.chunks, local.documents, local.figures)._df
    assert isinstance(milvus_service.current().retriever.source, MilvusRankSource)


@pytest.mark.slow
def test_a_replica_holds_no_copy_of_the_corpus(real_service, milvus_service) -> None:
    remote = milvus_service.index
    assert isinstance(remote.chunks, RemoteChunks) and len(remote.chunks) == len(real_service.index.chunks)
    assert remote.figures == [] and all(doc.text == "" for doc in remote.documents.values())
    assert all(not doc.sections and not doc.pages for doc in remote.documents.values())  # the catalogue
    for doc_id, doc in real_service.index.documents.items():  # a lookup by id brings the layout
        assert (
            remote.documents[doc_id].sections == doc.sections and remote.documents[doc_id].pages == doc.pages
        )
    assert isinstance(milvus_service.current().corpus, MilvusCorpus)
    # rows it was not handed by a search are fetched by id
    assert remote.chunks[7].to_dict() == real_service.index.chunks[7].to_dict()
    assert len(remote.chunks.cache) <= CHUNK_CACHE


@pytest.mark.slow
def test_a_hits_figures_come_with_the_search(real_service, milvus_service, monkeypatch) -> None:
    """Answering asks Milvus no figures query, at any corpus size: each chunk's figures are on its row."""
    service = milvus_service
    store = service.store
    calls: list[tuple[str, str]] = []
    real_call = store.call

    def counted(method: str, *args, **kwargs):
        calls.append((method, str(args[0]) if args else ""))
        return real_call(method, *args, **kwargs)

    monkeypatch.setattr(store, "call", counted)
    reply = service.ask("2019年中欧班列开行多少列？")
    assert reply.figures and not [c for c in calls if c[1].endswith("_figures")]
    corpus = service.current().corpus
    for hit in service.search("中欧班列 开行 标准箱", 10):
        assert corpus.figures_of(hit.chunk) == real_service.current().corpus.figures_of(hit.chunk)


@pytest.mark.slow
def test_a_version_without_figures_on_its_rows_fetches_them(real_service, milvus_service) -> None:
    """A version written before chunk rows held their figures is read as before: by a figures query."""
    remote = milvus_service.index.chunks
    old = RemoteChunks(milvus_service.store, remote.collection, len(remote), CHUNK_FIELDS)
    corpus = MilvusCorpus(
        milvus_service.store, old, milvus_service.index.manifest, milvus_service.current().corpus.data, {}
    )
    local = real_service.current().corpus
    chunks = [old[row] for row in range(0, len(old), 37)]
    corpus.prefetch(chunks)
    assert not old.figures and [corpus.figures_of(c) for c in chunks] == [local.figures_of(c) for c in chunks]


@pytest.mark.slow
def test_corpus_statistics_in_milvus_match_the_local_ones(real_service, milvus_service) -> None:
    local = real_service.current().corpus
    remote = milvus_service.current().corpus
    text = next(iter(real_service.index.documents.values())).text.lower()
    picks = [text[i : i + n] for i, n in ((100, 2), (2000, 3), (5000, 4), (9000, 6), (12000, 8), (3000, 12))]
    terms = [
        *picks,
        "中欧班列",
        "一带一路",
        "共建一带一路",  # in the texts only as 共建“一带一路”
        "rcep",
        "鹿特丹港口城市",
        "巴拉圭",
        "不在报告里的一个很长的名字",
        "中国—东盟自由贸易区",
    ]
    for term in terms:
        assert remote.mentions(term) == local.mentions(term), term
        assert remote.contains(term) == local.contains(term), term
        assert remote.contains(term, bare=True) == local.contains(term, bare=True), term
    for chunk in real_service.index.chunks[:40:7]:
        for token in list(search_tokens(chunk.text))[:10]:
            assert remote.df(token) == local.df(token), token
        assert remote.figures_of(chunk) == local.figures_of(chunk)
    doc_id = next(iter(real_service.index.documents))
    assert remote.text(doc_id, 15_990, 32_050) == local.text(doc_id, 15_990, 32_050)
    assert remote.size(doc_id) == local.size(doc_id)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("q", "year", "unit", "limit"),
    [
        ("中欧班列", 2020, None, 3),
        ("trains", None, None, 50),
        (None, 2019, "%", 5),
        ("没有这个标签", None, None, 5),
    ],
)
def test_figure_search_in_milvus_matches_the_local_one(
    real_service, milvus_service, q, year, unit, limit
) -> None:
    assert milvus_service.figures(q, year, unit, limit) == real_service.figures(q, year, unit, limit)


@pytest.mark.slow
def test_backend_parity_on_dev_questions(real_service, milvus_service, dev_items) -> None:
    from qa.bench.evaluate import answer_report, retrieval_report

    def searcher(service):
        return lambda it: [
            h.chunk.text for h in service.search(it["question"], 10, "hybrid", it.get("history", ()))
        ]

    faiss_r = retrieval_report(dev_items, searcher(real_service))["all"]
    milvus_r = retrieval_report(dev_items, searcher(milvus_service))["all"]
    print(
        f"\nrecall@5 faiss {faiss_r['recall@5']:.3f} milvus {milvus_r['recall@5']:.3f}; "
        f"mrr faiss {faiss_r['mrr']:.3f} milvus {milvus_r['mrr']:.3f}"
    )
    # Milvus's jieba has no domain dictionary, so BM25 ranks differ a little: allow one question's worth of the
    # set (for MRR, one question found at another rank moves it by at most 1/n; two moving 2 -> 1 do by 1/n).
    one = 1 / faiss_r["n"] + 1e-9
    assert abs(milvus_r["recall@5"] - faiss_r["recall@5"]) <= max(0.02, one), (faiss_r, milvus_r)
    assert abs(milvus_r["mrr"] - faiss_r["mrr"]) <= max(0.02, one), (faiss_r, milvus_r)

    def asker(service):
        return lambda it: service.ask(it["question"], it.get("history", ())).model_dump()

    faiss_a = answer_report(dev_items, asker(real_service))["all"]
    milvus_a = answer_report(dev_items, asker(milvus_service))["all"]
    print("answers faiss", faiss_a, "\nanswers milvus", milvus_a)
    for key in ("evidence_in_citations", "false_abstention", "abstained_unanswerable"):
        if key in faiss_a:
            assert abs(milvus_a[key] - faiss_a[key]) <= 0.02, (key, faiss_a, milvus_a)


def _contract(service, item: dict) -> dict:
    out = service.ask(item["question"], item.get("history", ())).model_dump()
    for key in ("id", "timings_ms"):
        out.pop(key, None)
    for citation in out["citations"]:
        citation.pop("score")  # BM25 scores are each backend's own
    return out


@pytest.mark.slow
def test_dev_answers_are_the_local_stores(real_service, milvus_service, dev_items) -> None:
    """The replica fetches per request what the local store holds in memory: the same answers, word for word."""
    same = [_contract(real_service, it) == _contract(milvus_service, it) for it in dev_items]
    answers = [
        real_service.ask(it["question"]).answer == milvus_service.ask(it["question"]).answer
        for it in dev_items
    ]
    print(f"\ncontracts identical: {sum(same)} of {len(same)}; answer texts identical: {sum(answers)}")
    assert all(answers)
    # Milvus's BM25 (its own jieba, no domain dictionary) may rank a passage differently: one citation at most
    assert sum(same) >= len(same) - 1


@pytest.mark.slow
@pytest.mark.parametrize("question", [ZH_QUESTION, EN_QUESTION])
def test_hybrid_search_finds_the_passage(milvus_service, question: str) -> None:
    hits = milvus_service.search(question, 5)
    assert any("1.24万列" in h.chunk.text for h in hits), [h.chunk.text[:60] for h in hits]
    assert hits == sorted(hits, key=lambda h: -h.score)
    dense = milvus_service.search(question, 5, mode="dense")
    assert dense[0].dense is not None and dense[0].dense_rank == 1
    bm25 = milvus_service.search(question, 5, mode="bm25")
    assert any("1.24万列" in h.chunk.text for h in bm25)  # English reaches BM25 through the glossary terms


@pytest.mark.slow
def test_add_and_remove_a_report(real_service, tmp_path_factory) -> None:
    from qa.ingest.documents import load_document

    with _server(tmp_path_factory, "milvus-edit") as server:
        store = MilvusStore(server.uri, timeout=5)
        first = store.publish(real_service.index)
        doc = load_document(_write_report(tmp_path_factory.mktemp("new-report")))
        added = store.add([doc], real_service.embedder)
        assert store.current_version() == added != first
        loaded = store.load(real_service.embedder.name)
        retriever = Retriever(loaded, real_service.embedder, store.rank_source(loaded))
        assert doc.doc_id in retriever.index.documents
        assert len(retriever.index.chunks) > len(real_service.index.chunks)
        hits = retriever.search("雅万高铁首年发送旅客多少人次？", 3)
        assert hits[0].chunk.doc_id == doc.doc_id and "608万人次" in hits[0].chunk.text

        removed = store.remove(doc.doc_id)
        index = store.load()
        assert doc.doc_id not in index.documents
        assert len(index.chunks) == len(real_service.index.chunks)
        assert all(f.get("doc_id") != doc.doc_id for f in store.snapshot().figures)
        assert store.versions() == sorted([added, removed])  # older versions are dropped after a switch


@pytest.mark.slow
def test_two_replicas_share_one_milvus(real_service, real_settings, tmp_path_factory) -> None:
    from qa.ingest.documents import load_document
    from qa.service import QAService

    with _server(tmp_path_factory, "milvus-replicas") as server:
        MilvusStore(server.uri).publish(real_service.index)
        one = QAService.open(_milvus_settings(real_settings, server.uri, tmp_path_factory.mktemp("var-1")))
        two = QAService.open(_milvus_settings(real_settings, server.uri, tmp_path_factory.mktemp("var-2")))
        question = "雅万高铁首年发送旅客多少人次？"
        assert all(h.chunk.doc_id != "yawan_hsr" for h in two.search(question, 5))

        assert one.store is not None
        one.store.add([load_document(_write_report(tmp_path_factory.mktemp("r")))], one.embedder)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:  # the other replica notices the switch by itself, no restart
            if two.search(question, 3)[0].chunk.doc_id == "yawan_hsr":
                break
            time.sleep(0.2)
        result = two.ask(question).model_dump()
        assert not result["abstained"]
        assert result["citations"][0]["doc_id"] == "yawan_hsr"
        assert "608" in result["answer"]
        assert any(d["doc_id"] == "yawan_hsr" for d in two.documents())


def test_unreachable_at_start_is_a_clear_error(tmp_path: Path, monkeypatch, capsys) -> None:
    from qa.cli import main

    uri = f"http://127.0.0.1:{free_port()}"
    started = time.monotonic()
    with pytest.raises(StoreUnavailableError) as err:
        MilvusStore(uri, timeout=2)
    assert time.monotonic() - started < 15
    assert uri in err.value.message and "unreachable" in err.value.message
    assert (err.value.code, err.value.status, err.value.exit_code) == ("store_unavailable", 503, 6)

    monkeypatch.setenv("QA_STORE", uri)
    monkeypatch.setenv("QA_MILVUS_TIMEOUT", "2")
    monkeypatch.setenv("QA_DATA_DIR", str(tmp_path))
    assert main(["search", "中欧班列"]) == 6
    assert f"Milvus at {uri} is unreachable" in capsys.readouterr().err


@pytest.mark.slow
def test_outage_during_a_request_is_a_503_and_the_replica_recovers(
    real_service, real_settings, tmp_path_factory
) -> None:
    from fastapi.testclient import TestClient

    from qa.api.app import create_app

    with _server(tmp_path_factory, "milvus-outage") as server:
        MilvusStore(server.uri).publish(real_service.index)
        settings = _milvus_settings(real_settings, server.uri, tmp_path_factory.mktemp("var-outage"))
        with TestClient(create_app(settings)) as client:
            assert client.get("/api/search", params={"q": ZH_QUESTION}).status_code == 200
            server.stop()
            down = client.get("/api/search", params={"q": ZH_QUESTION})
            assert down.status_code == 503
            assert down.json()["error"]["code"] == "store_unavailable"
            assert server.uri in down.json()["error"]["message"]
            server.start()
            deadline = time.monotonic() + 10  # one probe at a time notices that Milvus is back
            while (back := client.get("/api/search", params={"q": ZH_QUESTION})).status_code == 503:
                assert back.json()["error"]["code"] == "store_unavailable"
                assert time.monotonic() < deadline, back.text
                time.sleep(0.2)
            assert back.status_code == 200, back.text
            assert any("1.24万列" in h["text"] for h in back.json()["hits"][:5])


@pytest.mark.slow
def test_a_replica_started_before_milvus_becomes_ready_when_it_is_there(
    real_service, real_settings, tmp_path_factory
) -> None:
    from fastapi.testclient import TestClient

    from qa.api.app import create_app

    server = _server(tmp_path_factory, "milvus-late")
    settings = _milvus_settings(real_settings, server.uri, tmp_path_factory.mktemp("var-late"))
    settings = settings.model_copy(update={"retry_seconds": 0.5})
    try:
        with TestClient(create_app(settings)) as client:
            down = client.get("/readyz")
            assert down.status_code == 503 and down.json()["error"]["code"] == "store_unavailable"
            assert client.post("/api/ask", json={"question": ZH_QUESTION}).status_code == 503
            server.start()
            MilvusStore(server.uri).publish(real_service.index)
            deadline = time.monotonic() + 60
            while client.get("/readyz").status_code != 200 and time.monotonic() < deadline:
                time.sleep(0.5)
            answer = client.post("/api/ask", json={"question": ZH_QUESTION})
            assert answer.status_code == 200, answer.text
            assert "1.24万列" in answer.json()["answer"]
    finally:
        server.stop()


@pytest.mark.slow
def test_qa_migrate_copies_the_local_index(real_settings, tmp_path_factory, monkeypatch, capsys) -> None:
    from qa.cli import main

    with _server(tmp_path_factory, "milvus-migrate") as server:
        monkeypatch.setenv("QA_INDEX_DIR", str(real_settings.index_dir))
        assert main(["migrate", "--to", server.uri]) == 0
        version = MilvusStore(server.uri).current_version()
        assert version is not None and version in capsys.readouterr().out


@pytest.mark.slow
def test_two_qa_serve_processes_share_one_milvus(real_service, real_settings, tmp_path_factory) -> None:
    """A report uploaded through one `qa serve` is answered by another, without a restart."""
    import os
    import subprocess
    import sys

    import httpx

    report = _write_report(tmp_path_factory.mktemp("upload"))
    question = "雅万高铁首年发送旅客多少人次？"
    with _server(tmp_path_factory, "milvus-serve") as server:
        MilvusStore(server.uri).publish(real_service.index)
        procs, urls = [], []
        try:
            for n in range(2):
                port = free_port()
                env = {
                    **os.environ,
                    "QA_STORE": server.uri,
                    "QA_INDEX_DIR": str(real_settings.index_dir),
                    "QA_DATA_DIR": str(tmp_path_factory.mktemp(f"var-serve-{n}")),
                    "QA_ADMIN_KEYS": "admin",
                    "QA_RELOAD_SECONDS": "0.5",
                }
                cmd = [sys.executable, "-m", "qa.cli", "serve", "--port", str(port), "--no-build"]
                procs.append(
                    subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                )
                urls.append(f"http://127.0.0.1:{port}")
            for url in urls:
                deadline = time.monotonic() + 120
                while True:
                    try:
                        if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                            break
                    except httpx.HTTPError:
                        pass
                    assert time.monotonic() < deadline, f"{url} never became ready"
                    time.sleep(0.3)
            files = {"file": (report.name, report.read_bytes())}
            with httpx.Client(base_url=urls[0], headers={"X-API-Key": "admin"}, timeout=120) as admin:
                job = wait_job(admin, admin.post("/api/documents", files=files), timeout=300)
            assert job["state"] == "done", job
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                answer = httpx.post(f"{urls[1]}/api/ask", json={"question": question}, timeout=30).json()
                if answer["citations"] and answer["citations"][0]["doc_id"] == "yawan_hsr":
                    break
                time.sleep(0.5)
            assert not answer["abstained"] and "608" in answer["answer"]
        finally:
            for proc in procs:
                proc.terminate()
                proc.wait(timeout=30)


@pytest.mark.slow
def test_replica_memory_does_not_grow_with_the_corpus(real_service, tmp_path_factory) -> None:
    """What a replica allocates to load a version and answer questions is the same at ten times the chunks."""
    import tracemalloc

    from qa.bench.milvus import _serves, synthetic_snapshot
    from qa.service import Loaded

    questions = [ZH_QUESTION, EN_QUESTION, "中老铁路全长多少公里？", "Which countries signed RCEP?"]

    def allocated(store: MilvusStore) -> int:
        tracemalloc.start()
        loaded = Loaded.of(store.load(), real_service.embedder, store)
        for q in questions:
            hits = loaded.retriever.search(q, 5)
            assert hits
        size = tracemalloc.get_traced_memory()[0]
        tracemalloc.stop()
        return size

    real = real_service.index
    with _server(tmp_path_factory, "milvus-memory") as server:
        store = MilvusStore(server.uri, timeout=60)
        store.publish(real)
        small = allocated(store)
        store.write(synthetic_snapshot(real, 10 * len(real.chunks)))
        assert len(store.load().chunks) >= 10 * len(real.chunks)
        big = allocated(store)
        # `qa bench --milvus --keep` uses a size it finds served again, and only that size
        assert _serves(store, 10 * len(real.chunks), len(real.chunks))
        assert not _serves(store, 20 * len(real.chunks), len(real.chunks))
    print(
        f"\nreplica allocations: {small / 1e6:.1f} MB at {len(real.chunks)} chunks, {big / 1e6:.1f} MB at 10x"
    )
    assert big <= 1.2 * small
