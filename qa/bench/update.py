"""`qa bench --update`: full rebuild time; adding a 100-page report to a serving 2-worker instance while clients
ask: time until it answers through BM25, until it is fully embedded, and the pure embedding time of its chunks
(on every core, as the add's embedding process runs them); ask latency idle and during the add; failed requests."""

from __future__ import annotations

import statistics
import tempfile
import threading
import time
from pathlib import Path

import httpx

from qa.bench.http import free_port, start_server, stop_server
from qa.bench.rebuild import copy_corpus, embed_seconds, rebuild_seconds
from qa.core.config import Settings
from qa.index.embed_worker import usable_cores
from qa.store.faiss.index import Index, corpus_files
from qa.store.plan import passage_text

ADMIN_KEY = "bench-admin"
MARK = "翡翠走廊"  # a name only the generated report holds
LEAD = f"2023年，{MARK}货运班列开行876列，同比增长31%，带动沿线贸易额增长。"
PROBE = f"2023年{MARK}货运班列开行多少列？"
IDLE_S = 10.0  # clients ask this long before the upload: the idle latency


def run_update_bench(settings: Settings, questions: list[str], clients: int = 8, pages: int = 100) -> dict:
    """Rebuild a copy of the corpus, then add a generated report through a live 2-worker server under load."""
    try:
        from qa.bench.sample_pdf import make_long_pdf
    except ImportError as exc:  # pragma: no cover - reportlab is in the bench and test extras
        raise SystemExit("qa bench --update needs reportlab: pip install '.[bench]'") from exc
    report: dict = {"clients": clients, "pages": pages}
    with tempfile.TemporaryDirectory(prefix="qa-bench-update-") as tmp:
        root = Path(tmp)
        corpus = root / "corpus"
        copy_corpus(settings.corpus_dir, corpus)
        local = settings.model_copy(
            update={"corpus_dir": corpus, "index_dir": root / "index", "data_dir": root / "var"}
        )
        seconds, _ = rebuild_seconds(
            local, usable_cores(), local.index_nice
        )  # as `qa build --rebuild` does it
        report["full_rebuild_seconds"] = round(seconds, 1)
        (root / "incoming").mkdir()
        pdf = make_long_pdf(
            root / "incoming" / "report-100p.pdf", corpus_files(corpus)[0], pages, lead=[LEAD]
        )
        report["pdf_bytes"] = pdf.stat().st_size

        port = free_port()
        env = {"QA_ADMIN_KEYS": ADMIN_KEY, "QA_DATA_DIR": str(local.data_dir), "QA_RELOAD_SECONDS": "1"}
        proc, _ = start_server(local, port, env)
        base = f"http://127.0.0.1:{port}"
        latencies: list[tuple[float, float]] = []  # (when it was sent, ms)
        failures: list[str] = []
        stop = threading.Event()

        def ask_loop(offset: int) -> None:
            with httpx.Client(base_url=base, timeout=60) as http:
                i = offset
                while not stop.is_set():
                    t = time.perf_counter()
                    try:
                        r = http.post("/api/ask", json={"question": questions[i % len(questions)]})
                        if r.status_code != 200:
                            failures.append(f"{r.status_code}: {r.text[:120]}")
                    except httpx.HTTPError as exc:
                        failures.append(f"{exc.__class__.__name__}: {exc}")
                    latencies.append((t, (time.perf_counter() - t) * 1000))
                    i += 1

        threads = [threading.Thread(target=ask_loop, args=(n,), daemon=True) for n in range(clients)]
        try:
            for t in threads:
                t.start()
            time.sleep(IDLE_S)
            uploaded = time.perf_counter()
            with httpx.Client(base_url=base, timeout=60, headers={"X-API-Key": ADMIN_KEY}) as admin:
                reply = admin.post("/api/documents", files={"file": (pdf.name, pdf.read_bytes())})
                report["accepted_seconds"] = round(time.perf_counter() - uploaded, 2)
                job = reply.json().get("job") or {}
                while job.get("state") in ("queued", "running") and time.perf_counter() - uploaded < 1800:
                    time.sleep(0.25)
                    job = admin.get(reply.headers["location"]).json()["job"]
                    elapsed = round(time.perf_counter() - uploaded, 1)
                    if (job.get("progress") or {}).get("step") == "searchable":
                        report.setdefault("job_searchable_seconds", elapsed)
                    if "answerable_bm25_seconds" not in report and answers_from(admin, pdf.stem):
                        report["answerable_bm25_seconds"] = round(time.perf_counter() - uploaded, 1)
            ended = time.perf_counter()
            report["add_seconds"] = round(ended - uploaded, 1)  # the job ends once the complete version is in
            report["add_status"] = f"{reply.status_code}, job {job.get('state')}"
            report["added"] = (
                (job.get("result") or {}).get("documents") or job.get("error") or reply.text[:300]
            )
            # Every worker picks the new version up while clients keep asking: wait until ten answers in a row
            # (spread over both workers) list the new report.
            started = time.perf_counter()
            streak = 0
            with httpx.Client(base_url=base, timeout=30) as http:
                while streak < 10 and time.perf_counter() - started < 300:
                    docs = http.get("/api/documents").json()["documents"]
                    streak = streak + 1 if any(d["doc_id"] == pdf.stem for d in docs) else 0
                    time.sleep(0.2)
            report["documents_after"] = len(docs)
            report["all_workers_seconds"] = round(time.perf_counter() - started, 1)
        finally:
            stop.set()
            for t in threads:
                t.join(timeout=60)
            stop_server(proc)
        report["requests"] = len(latencies)
        report["failed_requests"] = len(failures)
        report["failure_samples"] = failures[:3]
        idle = [ms for t, ms in latencies if t < uploaded - 1]
        during = [ms for t, ms in latencies if uploaded <= t <= ended]
        report["ask_ms_idle"] = percentiles(idle)
        report["ask_ms_during_update"] = percentiles(during)
        report.update(embedding_floor(local, pdf.stem))
    print_update_report(report)
    return report


def print_update_report(report: dict) -> None:
    """Human-readable summary of the update benchmark."""
    print(f"full rebuild of the corpus (clean, chunk, embed, index): {report['full_rebuild_seconds']} s")
    print(
        f"add a {report['pages']}-page PDF ({report['pdf_bytes'] / 1e6:.1f} MB) through POST /api/documents on a "
        f"live 2-worker server: 202 in {report['accepted_seconds']} s, job finished in {report['add_seconds']} s "
        f"(status {report['add_status']})"
    )
    print(
        f"  answerable through BM25 (the probe question answered from it) {report.get('answerable_bm25_seconds')} s "
        f"after the upload (job step 'searchable' seen at {report.get('job_searchable_seconds')} s); fully "
        f"embedded at {report['add_seconds']} s; its {report.get('new_chunks')} chunks embed alone in "
        f"{report.get('embed_floor_seconds')} s ({usable_cores()} threads, nice 0, nothing else running)"
    )
    idle, during = report["ask_ms_idle"], report["ask_ms_during_update"]
    print(
        f"{report['clients']} clients asking: {report['requests']} requests, {report['failed_requests']} failed; "
        f"idle p50 {idle['p50']} / p95 {idle['p95']} ms (n={idle['n']}), during the add p50 {during['p50']} / "
        f"p95 {during['p95']} ms (n={during['n']}); documents served afterwards: {report['documents_after']}, "
        f"by every worker {report['all_workers_seconds']} s after the job finished"
    )


def answers_from(http: httpx.Client, doc_id: str) -> bool:
    """Whether the probe question is answered from the new report (its figure, citing it)."""
    try:
        reply = http.post("/api/ask", json={"question": PROBE}, timeout=30).json()
    except (httpx.HTTPError, ValueError):
        return False
    cited = {c.get("doc_id") for c in reply.get("citations", [])}
    return "876" in reply.get("answer", "") and doc_id in cited


def embedding_floor(settings: Settings, doc_id: str) -> dict:
    """Pure embedding time of the new report's chunks alone with the threads the add's embedding process uses
    (every core), at nice 0 on an idle machine, in a child whose model is loaded before the clock starts."""
    index = Index.load(settings.index_dir)
    doc = index.documents.get(doc_id)
    if doc is None:
        return {"embed_floor_seconds": None}
    texts = [passage_text(c, doc.title) for c in index.chunks if c.doc_id == doc_id]
    seconds = embed_seconds(settings.embedder, texts, threads=usable_cores(), nice=0)
    return {
        "new_chunks": len(texts),
        "embed_floor_seconds": round(seconds, 1),
        "pending_after": len(index.pending),
    }


def percentiles(values: list[float]) -> dict:
    """p50 and p95 in ms (None when there are too few values)."""
    if len(values) < 2:
        return {"n": len(values), "p50": None, "p95": None}
    cuts = statistics.quantiles(values, n=20)
    return {"n": len(values), "p50": round(statistics.median(values), 1), "p95": round(cuts[18], 1)}
