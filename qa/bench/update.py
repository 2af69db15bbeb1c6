"""`qa bench --update`: full rebuild time, time to add a 100-page report, and failed requests during the update."""

from __future__ import annotations

import statistics
import tempfile
import threading
import time
from pathlib import Path

import httpx

from qa.bench.http import free_port, start_server, stop_server
from qa.bench.rebuild import copy_corpus, rebuild_seconds
from qa.core.config import Settings
from qa.index.embed_worker import NICE, usable_cores
from qa.store.faiss.index import corpus_files

ADMIN_KEY = "bench-admin"


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
        seconds, _ = rebuild_seconds(local, usable_cores(), NICE)  # as `qa build --rebuild` does it
        report["full_rebuild_seconds"] = round(seconds, 1)
        (root / "incoming").mkdir()
        pdf = make_long_pdf(root / "incoming" / "report-100p.pdf", corpus_files(corpus)[0], pages)
        report["pdf_bytes"] = pdf.stat().st_size

        port = free_port()
        env = {"QA_ADMIN_KEYS": ADMIN_KEY, "QA_DATA_DIR": str(local.data_dir), "QA_RELOAD_SECONDS": "1"}
        proc, _ = start_server(local, port, env)
        base = f"http://127.0.0.1:{port}"
        latencies: list[float] = []
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
                    latencies.append((time.perf_counter() - t) * 1000)
                    i += 1

        threads = [threading.Thread(target=ask_loop, args=(n,), daemon=True) for n in range(clients)]
        try:
            for t in threads:
                t.start()
            time.sleep(2)
            started = time.perf_counter()
            with httpx.Client(base_url=base, timeout=60, headers={"X-API-Key": ADMIN_KEY}) as admin:
                reply = admin.post("/api/documents", files={"file": (pdf.name, pdf.read_bytes())})
                report["accepted_seconds"] = round(time.perf_counter() - started, 2)
                job = reply.json().get("job") or {}
                while job.get("state") in ("queued", "running") and time.perf_counter() - started < 1800:
                    time.sleep(0.5)
                    job = admin.get(reply.headers["location"]).json()["job"]
            report["add_seconds"] = round(time.perf_counter() - started, 1)
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
        report["ask_p50_ms_during_update"] = round(statistics.median(latencies), 1) if latencies else None
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
        f"{report['clients']} clients asking meanwhile: {report['requests']} requests, "
        f"{report['failed_requests']} failed, p50 {report['ask_p50_ms_during_update']} ms; "
        f"documents served afterwards: {report['documents_after']}, by every worker "
        f"{report['all_workers_seconds']} s after the job finished"
    )
