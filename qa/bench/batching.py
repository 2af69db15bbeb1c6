"""`qa bench --batching`: does embedding N questions in one call beat N single calls on this machine?"""

from __future__ import annotations

import os
import statistics
import time

from qa.index.embedders import E5Embedder

SIZES = (1, 2, 4, 8, 16)


def batch_gain(questions: list[str], threads: int, rounds: int = 5) -> list[dict]:
    """Per batch size: ms per question in one call of N and in N single calls (medians over rounds)."""
    embedder = E5Embedder(threads=threads)
    embedder.embed_queries(questions[:2])  # warm-up: first calls allocate the engine's buffers
    rows = []
    offset = 0
    for n in SIZES:
        batched: list[float] = []
        single: list[float] = []
        for r in range(rounds):
            # Fresh questions each time, so neither way gains from anything the engine kept.
            group = [questions[(offset + i) % len(questions)] for i in range(n)]
            offset += n
            # Alternate which way goes first: whatever the machine does meanwhile hits both alike.
            for way in ("batched", "single") if r % 2 == 0 else ("single", "batched"):
                t = time.perf_counter()
                if way == "batched":
                    embedder.embed_queries(group)
                else:
                    for q in group:
                        embedder.embed_queries([q])
                (batched if way == "batched" else single).append((time.perf_counter() - t) * 1000 / n)
        b, s = statistics.median(batched), statistics.median(single)
        rows.append(
            {
                "n": n,
                "threads": threads,
                "batched_ms_per_q": round(b, 2),
                "single_ms_per_q": round(s, 2),
                "speedup": round(s / b, 3),
            }
        )
    return rows


def run_batching_bench(questions: list[str], rounds: int = 5) -> list[dict]:
    """Batch gain with one and with two engine threads; prints a table and returns the rows."""
    load = os.getloadavg()[0]
    rows = [row for threads in (1, 2) for row in batch_gain(questions, threads, rounds)]
    print(f"load average (1 min) {load:.2f} before, {os.getloadavg()[0]:.2f} after; {os.cpu_count()} cores")
    print("threads  N   one call of N (ms/question)   N single calls (ms/question)   single/batched")
    for r in rows:
        print(
            f"{r['threads']:>7} {r['n']:>3}   {r['batched_ms_per_q']:>27}   {r['single_ms_per_q']:>28}   "
            f"{r['speedup']:>14}"
        )
    return rows
