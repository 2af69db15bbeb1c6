"""`qa bench --http`: load-test a real `qa serve --workers 2` on loopback against the embedding ceiling.

Every question is asked once (distinct by normal form: no answer comes from the query-embedding cache); the
ceiling is what two single-threaded processes embed per second, measured in the same run.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import httpx

from qa.bench.latency import percentiles
from qa.bench.questions import QuestionPool, distinct_questions
from qa.core.config import Settings
from qa.store.faiss.index import Index

CEILING_CODE = """
import json, sys, time
from qa.index.embedders import E5Embedder
questions, seconds = json.loads(open(sys.argv[1], encoding="utf-8").read()), float(sys.argv[2])
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
    """Questions embedded per second by two single-threaded processes running at the same time (each cycling
    through the questions from its own end, so neither embeds what the other just did)."""
    folder = tempfile.mkdtemp(prefix="qa-ceiling-")
    files = [Path(folder) / f"q{n}.json" for n in range(2)]
    for path, qs in zip(files, (questions, questions[::-1])):
        path.write_text(json.dumps(qs, ensure_ascii=False), encoding="utf-8")
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", CEILING_CODE, str(path), str(seconds)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for path in files
    ]
    for p in procs:  # start measuring together, once both models are loaded
        assert p.stdout is not None
        p.stdout.readline()
    for p in procs:
        assert p.stdin is not None
        p.stdin.write("go\n")
        p.stdin.flush()
    rates = [float(p.communicate(timeout=seconds + 60)[0].strip()) for p in procs]
    shutil.rmtree(folder, ignore_errors=True)
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


class Tally:
    """Latencies of answered requests, errors by kind, and which server process answered each answered one."""

    def __init__(self) -> None:
        self.latencies: list[float] = []
        self.errors: Counter[str] = Counter()
        self.workers: Counter[str] = Counter()

    async def post(self, client: httpx.AsyncClient, question: str, since: float) -> None:
        """Ask one question; the latency counts from `since` (an open loop's scheduled arrival)."""
        try:
            r = await client.post("/api/ask", json={"question": question})
            key = None if r.status_code == 200 else str(r.status_code)
            if key is None:  # a refusal (503 from the queue) comes before any worker's route: no X-Worker
                self.workers[r.headers.get("x-worker", "?")] += 1
        except httpx.HTTPError as exc:
            key = exc.__class__.__name__
        if key is None:
            self.latencies.append((time.perf_counter() - since) * 1000)
        else:
            self.errors[key] += 1

    def row(self, elapsed: float, **extra: object) -> dict:
        """The figures of one run."""
        total = sum(self.workers.values())
        return {
            **extra,
            "seconds": round(elapsed, 1),
            "answers": len(self.latencies),
            "answers_per_s": round(len(self.latencies) / elapsed, 2),
            "latency_ms": percentiles(self.latencies) if self.latencies else {},
            "errors": dict(self.errors),
            "worker_share": {w: round(n / total, 3) for w, n in sorted(self.workers.items())}
            if total
            else {},
        }


async def drive(base: str, questions: Iterator[str], clients: int, seconds: float) -> dict:
    """Closed loop: `clients` concurrent loops posting the next question for `seconds`."""
    tally = Tally()
    deadline = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)

    async with httpx.AsyncClient(base_url=base, timeout=30.0, limits=limits) as client:

        async def loop() -> None:
            while time.perf_counter() < deadline:
                await tally.post(client, next(questions), time.perf_counter())

        started = time.perf_counter()
        await asyncio.gather(*(loop() for _ in range(clients)))
        elapsed = time.perf_counter() - started
    return tally.row(elapsed, clients=clients)


async def open_loop(base: str, questions: Iterator[str], rate: float, seconds: float, seed: int = 1) -> dict:
    """Open loop: Poisson arrivals at `rate` per second for `seconds`, each answered on its own connection if
    need be; latency counts from the arrival, so a server that falls behind shows it."""
    tally = Tally()
    rng = random.Random(seed)
    limits = httpx.Limits(max_connections=1000, max_keepalive_connections=64)
    async with httpx.AsyncClient(base_url=base, timeout=30.0, limits=limits) as client:
        tasks = []
        started = arrival = time.perf_counter()
        while True:
            arrival += rng.expovariate(rate)
            if arrival - started >= seconds:
                break
            await asyncio.sleep(max(0.0, arrival - time.perf_counter()))
            tasks.append(asyncio.create_task(tally.post(client, next(questions), arrival)))
        await asyncio.gather(*tasks)
        elapsed = time.perf_counter() - started
    return tally.row(elapsed, offered_per_s=round(rate, 2), arrivals=len(tasks))


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


CACHE_METRICS = (
    "qa_query_embedding_cache_hits_total",
    "qa_query_embedding_cache_misses_total",
    "qa_query_log_repeat_ratio",
)


def cache_metrics(base: str) -> dict[str, float]:
    """The query-embedding cache's hits and misses (summed over the workers) and the query log's repeat ratio."""
    text = httpx.get(f"{base}/metrics", timeout=30).text
    values = {}
    for line in text.splitlines():
        name, _, value = line.partition(" ")
        if name in CACHE_METRICS:
            values[name.removeprefix("qa_")] = float(value)
    return values


def run_http_bench(settings: Settings, quick: bool = False) -> dict:
    """Time to ready, the ceiling (before, between and after the loads), one question at a time, 16 closed-loop
    clients, an open loop at 70 % of the ceiling measured just before it, and 64 clients, all with questions asked
    once; prints and returns a report."""
    from qa.api.serve import ensure_index

    ensure_index(settings)  # a build here would otherwise be counted as time to ready
    from qa.answer.analyze import analyze

    questions = distinct_questions(Index.load(settings.index_dir), limit=12_000)
    # The ceiling embeds what the service embeds for a question: an English one with the Chinese of its terms.
    ceiling_questions = [analyze(q).dense_text for q in questions[-2000:]]
    pool = QuestionPool(questions[:-2000])
    durations = {"ceiling": 4.0, "single": 4.0, "c16": 5.0, "open": 6.0, "c64": 4.0}
    if not quick:
        durations = {"ceiling": 10.0, "single": 10.0, "c16": 30.0, "open": 60.0, "c64": 15.0}
    port = free_port()
    data_dir = tempfile.mkdtemp(prefix="qa-bench-http-")  # a query log of this run alone
    proc, ready_s = start_server(settings, port, {"QA_DATA_DIR": data_dir})
    report: dict[str, object] = {"time_to_ready_s": round(ready_s, 2), "workers": 2, "cores": os.cpu_count()}
    report["load_average_before"] = round(os.getloadavg()[0], 2)
    try:
        base = f"http://127.0.0.1:{port}"
        asyncio.run(drive(base, pool, 4, 2.0))  # warm-up: first calls load jieba and touch the index
        # The ceiling is measured before and after the load and averaged: other work on the machine moves it.
        before = embedding_ceiling(ceiling_questions, durations["ceiling"] / 2)
        single = asyncio.run(drive(base, pool, 1, durations["single"]))
        c16 = asyncio.run(drive(base, pool, 16, durations["c16"]))
        # measured again just before: the open loop's rate must follow what the machine can do now
        middle = embedding_ceiling(ceiling_questions[1::2], durations["ceiling"] / 2)
        opened = asyncio.run(open_loop(base, pool, 0.7 * middle, durations["open"]))
        c64 = asyncio.run(drive(base, pool, 64, durations["c64"]))
        after = embedding_ceiling(ceiling_questions[::-1], durations["ceiling"] / 2)
        ceiling = (before + middle + after) / 3
        report["ceiling_per_s"] = round(ceiling, 2)
        report["ceiling_before_after"] = [round(before, 2), round(middle, 2), round(after, 2)]
        single_p50 = single["latency_ms"].get("p50")
        report["single"] = single
        for key, row in (("c16", c16), ("open70", opened), ("c64", c64)):
            row["ratio_to_ceiling"] = round(row["answers_per_s"] / ceiling, 3) if ceiling else None
            p95 = row["latency_ms"].get("p95")
            row["p95_over_single_p50"] = round(p95 / single_p50, 2) if p95 and single_p50 else None
            report[key] = row
        report["cache"] = cache_metrics(base)
        report["questions_asked"] = pool.given
        report["questions_repeated"] = pool.repeats
        report["load_average_after"] = round(os.getloadavg()[0], 2)
        report["worker_memory"] = worker_memory(proc.pid)
    finally:
        stop_server(proc)
        shutil.rmtree(data_dir, ignore_errors=True)
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


def _split(row: dict) -> str:
    return " / ".join(f"{share:.0%}" for share in row["worker_share"].values()) or "-"


def print_http_report(report: dict) -> None:
    """Human-readable summary: one table with the issue's figures."""
    print(
        f"qa serve --workers {report['workers']} on {report['cores']} cores: ready in {report['time_to_ready_s']} s; "
        f"load average {report['load_average_before']} before, {report['load_average_after']} after"
    )
    print(
        f"ceiling (2 single-threaded processes embedding distinct questions): {report['ceiling_per_s']}/s "
        f"(before, between, after the loads: {report['ceiling_before_after']}); "
        f"{report['questions_asked']} questions asked, {report['questions_repeated']} of them a second time"
    )
    cache = report.get("cache", {})
    print(
        "query-embedding cache: {} hits, {} misses; repeat ratio in the query log {}".format(
            cache.get("query_embedding_cache_hits_total"),
            cache.get("query_embedding_cache_misses_total"),
            cache.get("query_log_repeat_ratio"),
        )
    )
    single = report["single"]
    print(
        f"one question at a time: p50 {single['latency_ms'].get('p50')} ms, p95 {single['latency_ms'].get('p95')} ms"
    )
    print(
        f"{'run':<26}{'answers/s':>10}{'of ceiling':>11}{'p50 ms':>9}{'p95 ms':>9}{'p95/1q p50':>11}"
        f"{'errors':>8}  worker split"
    )
    names = {
        "c16": "16 clients, closed loop",
        "open70": "Poisson at 70 % of ceiling",
        "c64": "64 clients, closed loop",
    }
    for key, name in names.items():
        row = report[key]
        lat = row["latency_ms"]
        print(
            f"{name:<26}{row['answers_per_s']:>10}{row['ratio_to_ceiling']:>11.0%}{lat.get('p50', '-'):>9}"
            f"{lat.get('p95', '-'):>9}{row['p95_over_single_p50'] or '-':>11}{sum(row['errors'].values()):>8}  "
            f"{_split(row)}"
        )
    print(
        "targets: 16 clients >= 90 % of ceiling, 0 errors, each worker 40-60 %; open loop p95 <= 3x one question's p50"
    )
    for w in report["worker_memory"]:
        print(f"  worker {w['pid']}: RSS {w['rss_mb']} MB, peak {w['hwm_mb']} MB")
