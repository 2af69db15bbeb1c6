"""`qa bench --milvus URI`: retrieval latency with Milvus and with FAISS side by side, on the real corpus and
on a synthetic corpus (real-model vectors for a sample of real chunks, perturbed copies for the rest)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import numpy as np

from qa.answer.analyze import analyze
from qa.bench.latency import time_calls
from qa.core.config import Settings
from qa.index.embedders import Embedder, create_embedder
from qa.search.retrieve import Retriever
from qa.store.faiss.bm25 import LexicalIndex
from qa.store.faiss.index import Index
from qa.store.faiss.rank import FaissRankSource
from qa.store.faiss.vectors import all_vectors, make_vector_index
from qa.store.milvus.edit import Snapshot
from qa.store.milvus.store import MilvusStore
from qa.store.plan import passage_text

BENCH_PREFIX = "qa_bench"  # never the serving prefix: the bench must not switch what replicas serve
QUESTIONS = [
    "2020年中欧班列开行了多少列？",
    "How many China-Europe Railway Express trains ran in 2020?",
    "中老铁路开通以来运送旅客多少人次？",
    "What is the Western Land-Sea New Corridor?",
    "共建一带一路国家的贸易额是多少？",
    "How much did China invest in Belt and Road countries?",
    "丝路基金的规模有多大？",
    "Which countries signed cooperation documents with China?",
]


def rss_mb() -> float:
    """Resident memory of this process now, in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return float("nan")


def p50_ms(retriever: object, questions: list[str], repeats: int = 3) -> dict[str, float]:
    """p50/p95 of hybrid `search` (query embedding included) over the questions, after a warm-up pass."""
    queries = {q: analyze(q, ()) for q in questions}

    def run(text: str) -> None:
        q = queries[text]
        retriever.search(q.question, 5, "hybrid", extra_terms=q.extra_terms, dense_text=q.dense_text)  # type: ignore[attr-defined]

    timed = time_calls(run, questions, repeats)
    return {"p50_ms": timed["p50"], "p95_ms": timed["p95"], "n": timed["n"]}


def synthetic_index(index: Index, n: int, seed: int = 0) -> tuple[Index, np.ndarray]:
    """An index of n chunks: the real ones, then copies of random real chunks with perturbed unit vectors."""
    rng = np.random.default_rng(seed)
    base = all_vectors(index.vectors)
    picks = rng.integers(0, len(index.chunks), size=max(0, n - len(index.chunks)))
    noise = rng.normal(0, 0.35 / np.sqrt(base.shape[1]), size=(len(picks), base.shape[1])).astype(np.float32)
    extra = base[picks] + noise
    extra /= np.linalg.norm(extra, axis=1, keepdims=True)
    vectors = np.concatenate([base, extra]).astype(np.float32)
    chunks = list(index.chunks) + [
        replace(index.chunks[p], chunk_id=f"{index.chunks[p].chunk_id}~{i}")
        for i, p in enumerate(picks.tolist())
    ]
    return replace(index, chunks=chunks, manifest={**index.manifest}), vectors


def bench_milvus(
    settings: Settings,
    uri: str,
    n_synthetic: int = 200_000,
    questions: list[str] | None = None,
    token: str | None = None,
    db_name: str | None = None,
    progress: bool = True,
) -> dict:
    """Latency p50 of FAISS and Milvus retrieval in one run, real corpus and synthetic, with process memory."""
    say: Callable[..., None] = print if progress else (lambda *a, **k: None)
    questions = questions or QUESTIONS
    embedder = create_embedder(settings.embedder, settings.embed_threads or 1)
    report: dict = {"uri": uri, "questions": len(questions), "rss_start_mb": rss_mb()}
    index = Index.load(settings.index_dir, embedder.name)
    store = MilvusStore(uri, token, db_name, prefix=BENCH_PREFIX, timeout=60)
    try:
        store.publish(index)
        remote = store.load(embedder.name)
        report["real"] = {
            "chunks": len(index.chunks),
            "faiss": p50_ms(Retriever(index, embedder, FaissRankSource(index)), questions),
            "milvus": p50_ms(Retriever(remote, embedder, store.rank_source(remote)), questions),
        }
        say("real corpus:", report["real"])
        if n_synthetic:
            report["synthetic"] = _synthetic(index, embedder, store, n_synthetic, questions, say)
        report["rss_end_mb"] = rss_mb()
    finally:
        for version in store.versions():
            store.drop(version)
        store.close()
    return report


def _synthetic(
    index: Index,
    embedder: Embedder,
    store: MilvusStore,
    n: int,
    questions: list[str],
    say: Callable[..., None],
) -> dict:
    titles = {d.doc_id: d.title for d in index.documents.values()}
    before = rss_mb()
    big, vectors = synthetic_index(index, n)
    t = time.perf_counter()
    faiss_index = replace(
        big,
        vectors=make_vector_index(vectors, "flat"),
        lexical=LexicalIndex.build([passage_text(c, titles.get(c.doc_id, "")) for c in big.chunks]),
    )
    faiss_build = time.perf_counter() - t
    faiss_rss = rss_mb() - before
    say(f"synthetic {n}: FAISS + BM25 built in {faiss_build:.0f} s")
    snap = Snapshot(big, vectors)
    t = time.perf_counter()
    store.write(snap)
    insert_s = time.perf_counter() - t
    say(f"synthetic {n}: written to Milvus in {insert_s:.0f} s")
    before = rss_mb()
    remote = store.load(embedder.name)
    milvus_rss = rss_mb() - before
    out = {
        "chunks": n,
        "faiss": {
            **p50_ms(Retriever(faiss_index, embedder, FaissRankSource(faiss_index)), questions),
            "build_s": round(faiss_build, 1),
        },
        "milvus": {
            **p50_ms(Retriever(remote, embedder, store.rank_source(remote)), questions),
            "insert_s": round(insert_s, 1),
        },
        "rss_faiss_index_mb": round(faiss_rss, 1),
        "rss_milvus_replica_mb": round(milvus_rss, 1),
    }
    say(f"synthetic {n}:", out)
    return out
