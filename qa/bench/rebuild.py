"""`qa bench --rebuild`: a full rebuild of the corpus (embedding in a low-priority child process on every core)
against the pure embedding time of the same chunks with the same process, threads and priority."""

from __future__ import annotations

import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from qa.core.config import Settings
from qa.index.embed_worker import NICE, ProcessEmbedder, usable_cores
from qa.index.embedders import create_embedder
from qa.index.library import build
from qa.store.faiss.index import Index, corpus_files
from qa.store.plan import BATCH, passage_text


def copy_corpus(source: Path, target: Path) -> None:
    """The report files and their metadata, copied into `target`."""
    target.mkdir(parents=True)
    for path in corpus_files(source):
        shutil.copy(path, target / path.name)
        meta = path.with_name(path.stem + ".meta.json")
        if meta.exists():
            shutil.copy(meta, target / meta.name)


def rebuild_seconds(settings: Settings, threads: int, nice: int) -> tuple[float, Index]:
    """Wall time of `qa build --rebuild` as the command runs it (the child's start and model load included)."""
    started = time.perf_counter()
    parent = create_embedder(settings.embedder)
    with ProcessEmbedder.like(parent, settings.embedder, threads=threads, nice=nice) as embedder:
        index = build(settings, embedder, rebuild=True, progress=False)
    return time.perf_counter() - started, index


def embed_seconds(spec: str, texts: list[str], threads: int, nice: int) -> float:
    """Pure embedding time of the texts, BATCH at a time as a build sends them, in an already started child."""
    parent = create_embedder(spec)
    with ProcessEmbedder.like(parent, spec, threads=threads, nice=nice) as embedder:
        embedder.priority()  # wait until the model is loaded
        started = time.perf_counter()
        for i in range(0, len(texts), BATCH):
            embedder.embed_passages(texts[i : i + BATCH])
        return time.perf_counter() - started


def run_rebuild_bench(settings: Settings, rounds: int = 3, nice: int = NICE) -> dict:
    """Rebuild and pure embedding, alternating `rounds` times; medians, ratio and load; prints and returns them."""
    threads = usable_cores()
    report: dict = {"threads": threads, "nice": nice, "rounds": rounds, "load_before": os.getloadavg()[0]}
    rebuilds: list[float] = []
    floors: list[float] = []
    with tempfile.TemporaryDirectory(prefix="qa-bench-rebuild-") as tmp:
        root = Path(tmp)
        copy_corpus(settings.corpus_dir, root / "corpus")
        local = settings.model_copy(update={"corpus_dir": root / "corpus", "index_dir": root / "index"})
        for _ in range(rounds):
            seconds, index = rebuild_seconds(local, threads, nice)
            rebuilds.append(seconds)
            titles = {d.doc_id: d.title for d in index.documents.values()}
            texts = [passage_text(c, titles[c.doc_id]) for c in index.chunks]
            floors.append(embed_seconds(settings.embedder, texts, threads, nice))
        report["chunks"] = len(texts)
    report["rebuild_s"] = [round(s, 1) for s in rebuilds]
    report["embed_only_s"] = [round(s, 1) for s in floors]
    report["ratio_per_round"] = [round(r / f, 3) for r, f in zip(rebuilds, floors)]
    report["rebuild_median_s"] = round(statistics.median(rebuilds), 1)
    report["embed_only_median_s"] = round(statistics.median(floors), 1)
    report["ratio_median"] = round(statistics.median(report["ratio_per_round"]), 3)
    report["load_after"] = os.getloadavg()[0]
    print_rebuild_report(report)
    return report


def print_rebuild_report(report: dict) -> None:
    """Human-readable summary."""
    print(
        f"full rebuild of {report['chunks']} chunks, embedding in a child process at nice {report['nice']} "
        f"with {report['threads']} threads ({report['rounds']} rounds, load average "
        f"{report['load_before']:.1f} before, {report['load_after']:.1f} after):"
    )
    print(f"  rebuild wall time  median {report['rebuild_median_s']} s  {report['rebuild_s']}")
    print(f"  embedding alone    median {report['embed_only_median_s']} s  {report['embed_only_s']}")
    print(f"  rebuild / embedding: median {report['ratio_median']}  per round {report['ratio_per_round']}")
