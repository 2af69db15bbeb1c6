"""`qa bench --http`: load-test a real `qa serve --workers 2` on loopback against the embedding ceiling."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from qa.bench.evaluate import load_items
from qa.bench.latency import percentiles
from qa.core.config import Settings

CEILING_CODE = """
import json, sys, time
from qa.index.embedders import E5Embedder
questions, seconds = json.loads(sys.argv[1]), float(sys.argv[2])
emb = E5Embedder(threads=1)
emb.embed_queries([questions[0]])
print("ready", flush=True)
sys.stdin.readline()
n, start = 0, time.perf_counter()
while time.perf_counter() - start < seconds:
    emb.embed_queries([questions[n % len(questions)]])
    n += 1
print(n / (time.perf_counter() - start), flush=True)
"""


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def embedding_ceiling(questions: list[str], seconds: float) -> float:
    """Questions embedded per second by two single-threaded processes running at the same time."""
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", CEILING_CODE, json.dumps(questions), str(seconds)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    for p in procs:  # start measuring together, once both models are loaded
        assert p.stdout is not None
        p.stdout.readline()
    for p in procs:
        assert p.stdin is not None
        p.stdin.write("go\n")
        p.stdin.flush()
    rates = [float(p.communicate(timeout=seconds + 60)[0].strip()) for p in procs]
    return sum(rates)


def worker_memory(server_pid: int) -> list[dict[str, float]]:
    """VmRSS and VmHWM (MB) of the server's worker processes, read from /proc."""
    out = []
    children = Path(f"/proc/{server_pid}/task/{server_pid}/children")
    pids = [int(p) for p in children.read_text().split()] if children.exists() else []
    for pid in pids:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
            cmdline = Path(f"/proc/{pid}/cmdline").read_text()
        except OSError:
            continue
        if "multiprocessing" in cmdline and "resource_tracker" in cmdline:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        out.append(
            {
                "pid": pid,
                "rss_mb": round(int(fields["VmRSS"].split()[0]) / 1024, 1),
                "hwm_mb": round(int(fields["VmHWM"].split()[0]) / 1024, 1),
            }
        )
    return out


async def drive(base: str, questions: list[str], clients: int, seconds: float) -> dict:
    """`clients` concurrent loops posting questions for `seconds`; answers/s, latency and errors."""
    latencies: list[float] = []
    errors: dict[str, int] = {}
    deadline = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)

    async with httpx.AsyncClient(base_url=base, timeout=30.0, limits=limits) as client:

        async def loop(n: int) -> None:
            i = n
            while time.perf_counter() < deadline:
                q = questions[i % len(questions)]
                i += clients
                t = time.perf_counter()
                try:
                    r = await client.post("/api/ask", json={"question": q})
                    key = None if r.status_code == 200 else str(r.status_code)
                except httpx.HTTPError as exc:
                    key = exc.__class__.__name__
                if key is None:
                    latencies.append((time.perf_counter() - t) * 1000)
                else:
                    errors[key] = errors.get(key, 0) + 1

        started = time.perf_counter()
        await asyncio.gather(*(loop(n) for n in range(clients)))
        elapsed = time.perf_counter() - started
    return {
        "clients": clients,
        "seconds": round(elapsed, 1),
        "answers": len(latencies),
        "answers_per_s": round(len(latencies) / elapsed, 2),
        "latency_ms": percentiles(latencies) if latencies else {},
        "errors": errors,
    }


def start_server(
    settings: Settings, port: int, extra_env: dict[str, str] | None = None
) -> tuple[subprocess.Popen, float]:
    """`qa serve --workers 2` on loopback; returns the process and the seconds until /readyz said ready."""
    env = {**os.environ, "QA_INDEX_DIR": str(settings.index_dir), "QA_CORPUS_DIR": str(settings.corpus_dir)}
    env.update(extra_env or {})
    env.pop("QA_EMBED_THREADS", None)
    env["QA_API_KEYS"] = ""  # a private loopback server: measure answers, not auth
    started = time.perf_counter()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "qa.cli",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            "2",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    while time.perf_counter() - started < 300:
        if proc.poll() is not None:
            raise RuntimeError(f"qa serve exited with code {proc.returncode}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=1).status_code == 200:
                return proc, time.perf_counter() - started
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    proc.terminate()
    raise RuntimeError("qa serve did not become ready within 300 s")


def run_http_bench(settings: Settings, file: Path, quick: bool = False) -> dict:
    """Time to ready, the embedding ceiling, then 16 and 64 concurrent clients; prints and returns a report."""
    from qa.api.serve import ensure_index

    ensure_index(settings)  # a build here would otherwise be counted as time to ready
    questions = [it["question"] for it in load_items(file)]
    durations = (4.0, 5.0, 4.0) if quick else (10.0, 30.0, 15.0)
    port = free_port()
    proc, ready_s = start_server(settings, port)
    report: dict[str, object] = {"time_to_ready_s": round(ready_s, 2), "workers": 2}
    try:
        base = f"http://127.0.0.1:{port}"
        asyncio.run(drive(base, questions, 4, 2.0))  # warm-up: first calls load jieba and touch the index
        # The ceiling is measured before and after the load and averaged: other work on the machine moves it.
        before = embedding_ceiling(questions, durations[0] / 2)
        rows = [
            asyncio.run(drive(base, questions, c, s)) for c, s in ((16, durations[1]), (64, durations[2]))
        ]
        after = embedding_ceiling(questions, durations[0] / 2)
        ceiling = (before + after) / 2
        report["ceiling_per_s"] = round(ceiling, 2)
        report["ceiling_before_after"] = [round(before, 2), round(after, 2)]
        for row in rows:
            row["ratio_to_ceiling"] = round(row["answers_per_s"] / ceiling, 3) if ceiling else None
            report[f"c{row['clients']}"] = row
        report["worker_memory"] = worker_memory(proc.pid)
    finally:
        stop_server(proc)
    print_http_report(report)
    return report


def stop_server(proc: subprocess.Popen, timeout: float = 30) -> None:
    """Stop a benchmark's `qa serve` (SIGTERM, then SIGKILL if it does not exit in time)."""
    proc.terminate()
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def print_http_report(report: dict) -> None:
    """Human-readable summary."""
    print(f"qa serve --workers {report['workers']}: ready in {report['time_to_ready_s']} s")
    print(
        f"  ceiling (2 single-threaded processes embedding questions): {report['ceiling_per_s']} questions/s "
        f"(before the load {report['ceiling_before_after'][0]}, after {report['ceiling_before_after'][1]})"
    )
    for key in ("c16", "c64"):
        row = report[key]
        lat = row["latency_ms"]
        print(
            f"  {row['clients']:>2} clients, {row['seconds']} s: {row['answers_per_s']} answers/s "
            f"({row['ratio_to_ceiling']:.0%} of ceiling), p50 {lat.get('p50')} ms, p95 {lat.get('p95')} ms, "
            f"{row['answers']} answers, errors {sum(row['errors'].values())} {row['errors'] or ''}"
        )
    for w in report["worker_memory"]:
        print(f"  worker {w['pid']}: RSS {w['rss_mb']} MB, peak {w['hwm_mb']} MB")
