"""`qa bench`: build time, latency against the embedding floor, memory, and quality against two baselines."""

from __future__ import annotations

import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import faiss
import numpy as np

from qa.bench.evaluate import answerable, evidence_rank, load_items
from qa.core.config import Settings
from qa.index.embedders import E5Embedder, Embedder, create_embedder
from qa.index.library import build
from qa.service import QAService
from qa.store.faiss.index import Index, corpus_files


def percentiles(samples_ms: list[float]) -> dict[str, float]:
    """p50 and p95 of latency samples in milliseconds."""
    ordered = sorted(samples_ms)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"p50": round(statistics.median(ordered), 2), "p95": round(p95, 2), "n": len(ordered)}


def time_calls(fn: Callable[[str], object], questions: list[str], repeats: int) -> dict[str, float]:
    """Latency of fn over the questions, after one warm-up pass."""
    for q in questions:
        fn(q)
    samples = []
    for _ in range(repeats):
        for q in questions:
            t = time.perf_counter()
            fn(q)
            samples.append((time.perf_counter() - t) * 1000)
    return percentiles(samples)


def paired_ask(embedder: Embedder, service: QAService, questions: list[str], repeats: int) -> dict:
    """The ask against the embedding it stands on, measured in turns on each question (embed, then ask), so that a
    slow stretch of a shared machine slows both alike; and the answer step alone, as each ask reports it."""
    for q in questions:
        service.ask(q)
    embeds, asks, extra, answers = [], [], [], []
    for _ in range(repeats):
        for q in questions:
            t = time.perf_counter()
            embedder.embed_queries([q])
            embed = (time.perf_counter() - t) * 1000
            t = time.perf_counter()
            response = service.ask(q)
            ask = (time.perf_counter() - t) * 1000
            embeds.append(embed)
            asks.append(ask)
            extra.append(ask - embed)
            answers.append(response.timings_ms.answer)
    return {
        "embedding": percentiles(embeds),
        "ask": percentiles(asks),
        "ask_minus_embedding": percentiles(extra),
        "answer_step": percentiles(answers),
    }


def quality(items: list[dict], ranked_texts: Callable[[dict], list[str]]) -> dict[str, float]:
    """recall@5 and MRR (over the top 10) of a ranking function on answerable items."""
    ranks = [evidence_rank(ranked_texts(it)[:10], it["evidence"]) for it in answerable(items)]
    return {
        "recall@5": round(sum(r is not None and r <= 5 for r in ranks) / len(ranks), 3),
        "mrr": round(sum(1 / r for r in ranks if r) / len(ranks), 3),
    }


def raw_windows(corpus_dir: Path, size: int = 500, overlap: int = 50) -> list[str]:
    """Baseline chunks: fixed windows over the raw, uncleaned report text."""
    out = []
    for path in corpus_files(corpus_dir):
        raw = path.read_text(encoding="utf-8")
        out.extend(raw[i : i + size] for i in range(0, max(1, len(raw) - overlap), size - overlap))
    return out


def dense_baseline(embedder: Embedder, windows: list[str]) -> Callable[[dict], list[str]]:
    """What a default RAG setup does: dense top-k over raw windows."""
    vecs = np.concatenate([embedder.embed_passages(windows[i : i + 32]) for i in range(0, len(windows), 32)])
    index = faiss.IndexFlatIP(vecs.shape[1])
    index.add(vecs)

    def search(item: dict) -> list[str]:
        _, rows = index.search(embedder.embed_queries([item["question"]]), 10)
        return [windows[r] for r in rows[0] if r >= 0]

    return search


def loaded_memory_mb(settings: Settings, questions: list[str]) -> float:
    """Peak RSS of a fresh process that loads the index and answers the questions."""
    code = (
        "import json,resource,sys;from qa.core.config import Settings;from qa.service import QAService;"
        "s=QAService.open(Settings(**json.loads(sys.argv[1])));"
        "[s.search(q) for q in json.loads(sys.argv[2])];"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss/1024)"
    )
    cfg = settings.model_dump(mode="json", include={"index_dir", "corpus_dir", "embedder", "embed_threads"})
    out = subprocess.run(
        [sys.executable, "-c", code, json.dumps(cfg), json.dumps(questions)],
        check=True,
        capture_output=True,
        text=True,
    )
    return round(float(out.stdout.strip().splitlines()[-1]), 1)


def run_bench(settings: Settings, file: Path, repeats: int = 5, baselines: bool = True) -> dict:
    """Run every measurement in one process and print a report; returns the figures."""
    items = load_items(file)
    questions = [it["question"] for it in items]
    embedder = create_embedder(settings.embedder, settings.embed_threads)
    report: dict[str, object] = {"embedder": embedder.name, "questions": len(questions), "repeats": repeats}

    with tempfile.TemporaryDirectory() as tmp:
        fresh = settings.model_copy(update={"index_dir": Path(tmp)})
        t = time.perf_counter()
        build(fresh, embedder, rebuild=True, progress=False)
        report["build_seconds"] = round(time.perf_counter() - t, 1)
    service = QAService(Index.load(settings.index_dir, embedder.name), embedder)

    # The floor and what stands on it, measured back to back with the same number of threads.
    floor: dict[str, object] = {}
    latency: dict[str, object] = {}
    asks: dict[str, object] = {}
    paired: dict[str, object] = {}
    for threads in (1, 2) if isinstance(embedder, E5Embedder) else (0,):
        if isinstance(embedder, E5Embedder):
            embedder.set_threads(threads)
        name = f"{threads}_thread" if threads else "default"
        floor[name] = time_calls(lambda q: embedder.embed_queries([q]), questions, repeats)
        latency[name] = {
            mode: time_calls(lambda q, m=mode: service.search(q, 5, m), questions, repeats)  # type: ignore[misc]
            for mode in ("dense", "bm25", "hybrid")
        }
        asks[name] = time_calls(lambda q: service.ask(q), questions, repeats)
        paired[name] = paired_ask(embedder, service, questions, repeats)
    report["query_embedding_ms"] = floor
    report["retrieval_ms"] = latency
    report["ask_ms"] = asks
    report["ask_paired_ms"] = paired

    def ranked(mode: str) -> Callable[[dict], list[str]]:
        return lambda it: [
            h.chunk.text for h in service.search(it["question"], 10, mode, it.get("history", ()))
        ]

    scores = {mode: quality(items, ranked(mode)) for mode in ("hybrid", "dense", "bm25")}
    scores["baseline_bm25_only"] = scores["bm25"]
    if baselines:
        scores["baseline_raw500_dense"] = quality(
            items, dense_baseline(embedder, raw_windows(settings.corpus_dir))
        )
    report["quality"] = scores
    report["peak_rss_mb_loaded_process"] = loaded_memory_mb(settings, questions[:10])
    report["peak_rss_mb_bench_process"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print_report(report)
    return report


def print_report(report: dict) -> None:
    """Human-readable summary of a bench report."""
    print(f"embedder {report['embedder']}, {report['questions']} questions x {report['repeats']} passes")
    print(f"  index build (both reports, from scratch): {report['build_seconds']} s")
    for name, row in report["query_embedding_ms"].items():
        print(f"  {name}: query embedding p50 {row['p50']} ms, p95 {row['p95']} ms")
        for mode, lat in report["retrieval_ms"][name].items():
            extra = lat["p50"] - row["p50"]
            print(
                f"    retrieval {mode:<7} p50 {lat['p50']} ms ({extra:+.1f} ms over the floor), p95 {lat['p95']} ms"
            )
        ask = report["ask_ms"][name]
        print(
            f"    ask (extractive) p50 {ask['p50']} ms ({ask['p50'] - row['p50']:+.1f} ms), p95 {ask['p95']} ms"
        )
        turns = report.get("ask_paired_ms", {}).get(name)
        if turns:
            print(
                f"    in turns, each ask after its question's embedding: embedding p50 {turns['embedding']['p50']} ms,"
                f" ask p50 {turns['ask']['p50']} ms, ask minus embedding p50 {turns['ask_minus_embedding']['p50']} ms;"
                f" answer step alone p50 {turns['answer_step']['p50']} ms, p95 {turns['answer_step']['p95']} ms"
            )
    print("  quality (answerable dev items, top 10):")
    for name, row in report["quality"].items():
        print(f"    {name:<24} recall@5 {row['recall@5']:.3f}  MRR {row['mrr']:.3f}")
    print(
        f"  peak RSS of a process that loaded the index and searched: {report['peak_rss_mb_loaded_process']} MB"
    )
