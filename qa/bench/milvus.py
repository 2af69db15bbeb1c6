"""`qa bench --milvus URI`: what a replica costs with the index in Milvus, at the real corpus and at synthetic
sizes side by side (real-model vectors for the real chunks, perturbed copies of them for the rest)."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np

from qa.bench.latency import percentiles
from qa.bench.questions import distinct_questions
from qa.core.config import Settings
from qa.store.faiss.index import Index
from qa.store.faiss.vectors import all_vectors
from qa.store.milvus.edit import Snapshot
from qa.store.milvus.stats import corpus_tables
from qa.store.milvus.store import MilvusStore

BENCH_PREFIX = "qa_bench"  # never the serving prefix: the bench must not switch what replicas serve
REPEATS = 3  # replicas per size, run in rounds
WARM_UP = [  # asked before the timed questions, so the first timed one does not pay for loading the model
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


def synthetic_snapshot(index: Index, n: int, seed: int = 0) -> Snapshot:
    """A writer's snapshot of at least n chunks: the real documents, then whole copies of them under new ids
    (chunks with perturbed unit vectors, figures, text), so documents, figures and texts grow with the chunks as
    they would. Its statistics are counted on the originals and multiplied by their copies: the same numbers as
    counting the copies, without tokenizing them again."""
    rng = np.random.default_rng(seed)
    base = all_vectors(index.vectors)
    rows = {d: [i for i, c in enumerate(index.chunks) if c.doc_id == d] for d in index.documents}
    order = [d for d in index.documents if rows[d]]
    chunks, parts = list(index.chunks), [base]
    documents, figures = dict(index.documents), list(index.figures)
    copies: Counter[str] = Counter()
    while len(chunks) < n:
        doc_id = order[sum(copies.values()) % len(order)]
        copies[doc_id] += 1
        copy_id = f"{doc_id}~{copies[doc_id]}"
        documents[copy_id] = replace(index.documents[doc_id], doc_id=copy_id)
        chunks.extend(
            replace(
                index.chunks[i], doc_id=copy_id, chunk_id=index.chunks[i].chunk_id.replace(doc_id, copy_id, 1)
            )
            for i in rows[doc_id]
        )
        noise = rng.normal(0, 0.35 / np.sqrt(base.shape[1]), size=(len(rows[doc_id]), base.shape[1]))
        extra = base[rows[doc_id]] + noise.astype(np.float32)
        parts.append(extra / np.linalg.norm(extra, axis=1, keepdims=True))
        figures.extend(
            {**f, "doc_id": copy_id, "chunk_id": f["chunk_id"].replace(doc_id, copy_id, 1)}
            for f in index.figures
            if f["doc_id"] == doc_id
        )
    big = replace(index, chunks=chunks, documents=documents, figures=figures, manifest={**index.manifest})
    snap = Snapshot(big, np.concatenate(parts).astype(np.float32))
    tables: dict[str, Counter[str]] = {"df": Counter(), "m": Counter(), "b": Counter()}
    for doc_id, doc in index.documents.items():
        own = [index.chunks[i] for i in rows[doc_id]]
        for kind, table in corpus_tables(own, {doc_id: doc}, index.lexicon).items():
            for term, count in table.items():
                tables[kind][term] += count * (1 + copies[doc_id])
    snap.tables = tables
    return snap


def bench_milvus(
    settings: Settings,
    uri: str,
    sizes: Sequence[int] = (200_000, 1_000_000),
    rounds: int = 200,
    progress: bool = True,
    repeats: int = REPEATS,
    keep: bool = False,
) -> dict:
    """Replica memory, time to ready and ask latency with the index in Milvus, at the real corpus and at
    synthetic sizes, in one run; each replica is a fresh process, and a FAISS replica of the real corpus is the
    baseline. Every size is written first (each under its own prefix), then the replicas run back to back,
    `repeats` rounds of one replica per size, so a noisy minute hits every size alike; medians are reported.
    With `keep`, the sizes stay in Milvus after the run, and a size a kept run left is used again, not rewritten
    (writing a million chunks to milvus-lite takes about 25 minutes)."""
    say: Callable[..., None] = print if progress else (lambda *a, **k: None)
    index = Index.load(settings.index_dir)
    questions = distinct_questions(index, rounds)
    report: dict = {"uri": uri, "questions": len(questions), "repeats": repeats, "runs": []}
    stores = {n: _store(settings, uri, n) for n in (len(index.chunks), *sizes)}
    written: dict[int, float] = {}
    try:
        for n, store in stores.items():
            t = time.perf_counter()
            if keep and _serves(store, n, len(index.chunks)):
                say(f"milvus, {n:,} chunks: kept from an earlier run")
                continue
            if n <= len(index.chunks):
                store.publish(index)
            else:
                store.write(synthetic_snapshot(index, n))
            written[n] = round(time.perf_counter() - t, 1)
            say(f"milvus, {n:,} chunks written in {written[n]} s")
        samples: dict[tuple[str, int], list[dict]] = {}
        for n, store in stores.items():  # each size serves its version before any replica starts
            say(f"milvus, {n:,} chunks: {store.prefix} serves {store.current_version()}")
        for r in range(repeats):
            samples.setdefault(("faiss", len(index.chunks)), []).append(
                run_replica(settings, "faiss", questions, BENCH_PREFIX)
            )
            for n, store in stores.items():
                samples.setdefault(("milvus", n), []).append(
                    run_replica(settings, uri, questions, store.prefix)
                )
            say(f"round {r + 1} of {repeats}:", {f"{k[0]} {k[1]:,}": v[-1] for k, v in samples.items()})
    finally:
        for store in stores.values() if not keep else ():
            for version in store.versions():
                store.drop(version)
        for store in stores.values():  # the stores share one connection: closed once every drop is done
            store.close()
    for (kind, n), runs in samples.items():
        run = {k: round(statistics.median(r[k] for r in runs), 2) for k in runs[0]}
        report["runs"].append(
            {
                "store": kind,
                "chunks": n,
                **({"write_s": written[n]} if n in written and kind == "milvus" else {}),
                **run,
            }
        )
    base = report["runs"][1]
    for r in report["runs"][1:]:
        r["rss_ratio"] = round(r["rss_after_mb"] / base["rss_after_mb"], 3)
        r["p50_ratio"] = round(r["p50_ms"] / base["p50_ms"], 3)
    say(
        f"medians of {repeats} replicas each:\n"
        "store   chunks     ready s  RSS start/after MB   ask p50/p95 ms   vs Milvus at the real corpus (RSS, p50)"
    )
    for r in report["runs"]:
        ratios = f"{r['rss_ratio']:.2f}x, {r['p50_ratio']:.2f}x" if "rss_ratio" in r else ""
        say(
            f"{r['store']:<7} {r['chunks']:>9,} {r['ready_s']:>8.2f}  {r['rss_start_mb']:>7.1f} / {r['rss_after_mb']:<7.1f}"
            f"  {r['p50_ms']:>7.1f} / {r['p95_ms']:<7.1f}  {ratios}"
        )
    return report


def _serves(store: MilvusStore, n: int, real: int) -> bool:
    """Whether a store already serves a corpus of this size (the real one, or a synthetic one of whole copies)."""
    if store.current_version() is None:
        return False
    count = int(store.load().manifest["counts"]["chunks"])
    return count == real if n <= real else n <= count < n + real


def _store(settings: Settings, uri: str, chunks: int) -> MilvusStore:
    """A writer for one size's collections, under a prefix of its own."""
    prefix = f"{BENCH_PREFIX}_{chunks}"
    return MilvusStore(uri, settings.milvus_token, settings.milvus_db, prefix=prefix, timeout=600)


def run_replica(settings: Settings, store: str, questions: list[str], prefix: str) -> dict:
    """One replica in a fresh process: seconds to ready, RSS then and after the questions, ask p50/p95."""
    env = {
        **os.environ,
        "QA_STORE": store,
        "QA_MILVUS_PREFIX": prefix,
        "QA_INDEX_DIR": str(settings.index_dir),
        "QA_EMBED_CACHE_SIZE": "0",  # every question embedded: the cache would hide the store's part
    }
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-m", "qa.bench.milvus"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env=env,
        text=True,
    )
    assert child.stdin is not None and child.stdout is not None
    child.stdin.write(json.dumps(questions) + "\n")
    child.stdin.flush()
    ready = json.loads(child.stdout.readline())
    ready_s = time.perf_counter() - started
    result = json.loads(child.stdout.readline())
    child.wait(timeout=60)
    return {"ready_s": round(ready_s, 2), **ready, **result}


def _replica_main() -> None:
    """The replica process of `run_replica`: open the service as `qa serve` would, then ask the questions."""
    from qa.service import QAService

    questions = json.loads(sys.stdin.readline())
    service = QAService.open(Settings())
    print(json.dumps({"rss_start_mb": rss_mb()}), flush=True)
    for q in WARM_UP:
        service.ask(q)
    samples = []
    for q in questions:
        t = time.perf_counter()
        service.ask(q)
        samples.append((time.perf_counter() - t) * 1000)
    timed = percentiles(samples)
    print(json.dumps({"rss_after_mb": rss_mb(), "p50_ms": timed["p50"], "p95_ms": timed["p95"]}), flush=True)


if __name__ == "__main__":
    _replica_main()
