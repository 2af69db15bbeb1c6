"""`qa serve --workers 2`: a socket per worker, so a burst of connections spreads over both."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from qa.api.workers import reuse_port_supported
from tests.api_helpers import QUESTION, free_port, stop, tiny_service, tiny_settings, wait_ready

pytestmark = pytest.mark.skipif(not reuse_port_supported(), reason="SO_REUSEPORT balancing is Linux-only")


def _env(tmp_path: Path) -> dict[str, str]:
    settings = tiny_settings(tmp_path)
    tiny_service(settings)
    return {
        **os.environ,
        "QA_INDEX_DIR": str(settings.index_dir),
        "QA_CORPUS_DIR": str(settings.corpus_dir),
        "QA_DATA_DIR": str(settings.data_dir),
        "QA_EMBEDDER": "hash:64",
    }


def test_a_burst_of_connections_spreads_over_both_workers(tmp_path: Path) -> None:
    port = free_port()
    cmd = [sys.executable, "-m", "qa.cli", "serve", "--no-build", "--workers", "2", "--port", str(port)]
    proc = subprocess.Popen(
        cmd, env=_env(tmp_path), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_ready(proc, base)

        def ask(_: int) -> int:  # a new connection each time, as many clients would open
            return httpx.post(f"{base}/api/ask", json={"question": QUESTION}, timeout=30).status_code

        def counts() -> dict[str, float]:
            text = httpx.get(f"{base}/metrics").text
            found = re.findall(r'qa_worker_requests_total\{worker="(\d+)"\} ([\d.e+]+)', text)
            return {pid: float(n) for pid, n in found}

        deadline = time.monotonic() + 60
        while len(counts()) < 2:  # until both workers have answered something (the second may load later)
            assert time.monotonic() < deadline, "the second worker never answered"
            with ThreadPoolExecutor(8) as pool:
                list(pool.map(ask, range(8)))
        before = counts()
        with ThreadPoolExecutor(16) as pool:
            codes = list(pool.map(ask, range(64)))
        after = counts()
    finally:
        out = stop(proc)
    assert "Traceback" not in out, out[-3000:]
    assert set(codes) <= {200, 503} and codes.count(200) >= 32
    split = [after[pid] - before.get(pid, 0) for pid in after]
    shares = sorted(round(100 * n / sum(split)) for n in split)
    print(f"\nworker split over {sum(split):.0f} requests: {shares} %")
    assert shares[0] >= 25, shares  # with one shared socket, one worker took nearly all of a burst


def test_a_port_in_use_is_a_clear_error(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        cmd = [sys.executable, "-m", "qa.cli", "serve", "--no-build", "--workers", "2", "--port", str(port)]
        done = subprocess.run(cmd, env=_env(tmp_path), capture_output=True, text=True, timeout=60)
    assert done.returncode == 3 and "cannot listen" in done.stderr, done.stderr[-2000:]
    assert "Traceback" not in done.stderr
