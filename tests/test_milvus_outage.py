"""Milvus killed under a running `qa serve`: not ready, fast 503s, no request waiting behind another; recovery."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from tests.api_helpers import QUESTION, stop, tiny_service, tiny_settings, wait_ready
from tests.milvus_server import MilvusServer, free_port, milvus_binary

pytest.importorskip("pymilvus", reason="the Milvus tests need pip install 'qa[milvus]'")
if milvus_binary() is None:
    pytest.skip("milvus-lite (with its bundled server binary) is not installed here", allow_module_level=True)

TIMEOUT = 2  # QA_MILVUS_TIMEOUT


def _timed(call) -> tuple[int, str, float]:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    r = call()
    code = r.json().get("error", {}).get("code", "") if r.status_code != 200 else ""
    return r.status_code, code, time.perf_counter() - started


@pytest.mark.slow
def test_milvus_killed_gives_readyz_503_and_fast_503s_then_recovers(tmp_path: Path, report_figure) -> None:
    from qa.store.milvus.store import MilvusStore

    settings = tiny_settings(tmp_path)
    index = tiny_service(settings).index
    server = MilvusServer(tmp_path / "milvus").start()
    proc = None
    try:
        MilvusStore(server.uri, timeout=5).publish(index)
        port = free_port()
        env = {
            **os.environ,
            "QA_STORE": server.uri,
            "QA_MILVUS_TIMEOUT": str(TIMEOUT),
            "QA_EMBEDDER": "hash:64",
            "QA_INDEX_DIR": str(settings.index_dir),
            "QA_DATA_DIR": str(tmp_path / "var"),
            "QA_RELOAD_SECONDS": "0.5",
            "QA_RETRY_SECONDS": "0.5",
        }
        cmd = [sys.executable, "-m", "qa.cli", "serve", "--no-build", "--port", str(port)]
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        base = f"http://127.0.0.1:{port}"
        wait_ready(proc, base, timeout=120)
        http = httpx.Client(base_url=base, timeout=30)
        assert http.post("/api/ask", json={"question": QUESTION}).status_code == 200

        server.proc.kill()  # type: ignore[union-attr]  # no goodbye: the port just stops answering
        server.proc.wait()  # type: ignore[union-attr]
        killed = time.perf_counter()

        def ask():  # type: ignore[no-untyped-def]
            return httpx.post(f"{base}/api/ask", json={"question": QUESTION}, timeout=30)

        def search():  # type: ignore[no-untyped-def]
            return httpx.get(f"{base}/api/search", params={"q": QUESTION}, timeout=30)

        with ThreadPoolExecutor(8) as pool:  # eight at once: none may wait behind another's timeout
            answers = list(pool.map(_timed, [ask, search] * 4))
        assert {(s, c) for s, c, _ in answers} == {(503, "store_unavailable")}, answers
        slowest = max(t for _, _, t in answers)
        assert slowest <= TIMEOUT + 1, answers

        not_ready = None
        readyz = []
        while time.perf_counter() - killed < 15:
            status, code, took = _timed(lambda: http.get("/readyz"))
            readyz.append(took)
            if status == 503:
                assert code == "store_unavailable"
                not_ready = time.perf_counter() - killed
                break
            time.sleep(0.1)
        assert not_ready is not None, "readyz stayed 200 with Milvus down"
        later = [_timed(lambda: http.get("/readyz")) for _ in range(20)]  # cached: cheap and still 503
        assert {s for s, _, _ in later} == {503} and max(t for _, _, t in later) <= TIMEOUT + 1
        more = [_timed(ask) for _ in range(5)]
        assert {(s, c) for s, c, _ in more} == {(503, "store_unavailable")}
        health = max(_timed(lambda: http.get("/healthz"))[2] for _ in range(5))
        assert health < 0.5

        server.start()
        deadline = time.monotonic() + 90
        while http.get("/readyz").status_code != 200:
            assert time.monotonic() < deadline, "never ready again after Milvus came back"
            time.sleep(0.5)
        back = http.post("/api/ask", json={"question": QUESTION})
        assert back.status_code == 200 and "1.24万列" in back.json()["answer"], back.text

        # A hung server (stopped, its port still accepting) is cut off by the deadline, not waited for.
        os.kill(server.proc.pid, signal.SIGSTOP)  # type: ignore[union-attr]
        try:
            hung = [_timed(ask) for _ in range(4)]
            assert {(s, c) for s, c, _ in hung} == {(503, "store_unavailable")}, hung
            assert max(t for _, _, t in hung) <= TIMEOUT + 1, hung
            assert http.get("/readyz").status_code == 503
        finally:
            os.kill(server.proc.pid, signal.SIGCONT)  # type: ignore[union-attr]
        figures = (
            f"8 concurrent requests 503 in max {slowest:.2f} s (timeout {TIMEOUT} s); readyz 503 "
            f"{not_ready:.2f} s after the kill; later 503s max {max(t for _, _, t in more):.3f} s; "
            f"cached readyz max {max(t for _, _, t in later) * 1000:.0f} ms; hung server: 503s in "
            f"{', '.join(f'{t:.2f}' for _, _, t in hung)} s"
        )
        print("\n" + figures)
        report_figure("milvus outage", figures)
    finally:
        if proc is not None:
            out = stop(proc)
            assert "Traceback" not in out, out[-3000:]
        server.stop()
