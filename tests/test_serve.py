"""`qa serve` at start: a missing or corrupt index gives a clear message and exit code, not a traceback."""

from __future__ import annotations

import os
import subprocess
import sys

import httpx
import pytest

from qa.core.errors import IndexCorruptError, IndexMissingError
from tests.api_helpers import QUESTION, free_port, stop, tiny_service, tiny_settings, wait_ready


def run_serve(tmp_path, *args: str, **env: str) -> subprocess.CompletedProcess:
    environ = {
        **os.environ,
        "QA_INDEX_DIR": str(tmp_path / "index"),
        "QA_CORPUS_DIR": str(tmp_path / "corpus"),
        "QA_DATA_DIR": str(tmp_path / "var"),
        "QA_EMBEDDER": "hash:64",
        **env,
    }
    cmd = [sys.executable, "-m", "qa.cli", "serve", "--port", str(free_port()), *args]
    return subprocess.run(cmd, env=environ, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("args", [("--no-build",), (), ("--workers", "2")])
def test_missing_index_exits_with_its_code_and_message(tmp_path, args) -> None:
    (tmp_path / "corpus").mkdir()  # no reports to build from
    done = run_serve(tmp_path, *args)
    assert done.returncode == IndexMissingError.exit_code
    assert "no index found" in done.stderr and "qa build" in done.stderr
    assert "Traceback" not in done.stderr


def test_corrupt_index_exits_with_its_code(tmp_path) -> None:
    settings = tiny_settings(tmp_path)
    index = tiny_service(settings).index
    (index.path / "chunks.jsonl").write_text("garbage", encoding="utf-8")
    done = run_serve(tmp_path, "--no-build", "--workers", "2")
    assert done.returncode == IndexCorruptError.exit_code
    assert "damaged" in done.stderr and "Traceback" not in done.stderr


def test_serve_builds_a_missing_index_and_answers(tmp_path) -> None:
    from tests.helpers import PARAGRAPHS

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "report.txt").write_text("\n".join(PARAGRAPHS), encoding="utf-8")
    port = free_port()
    environ = {
        **os.environ,
        "QA_INDEX_DIR": str(tmp_path / "index"),
        "QA_CORPUS_DIR": str(corpus),
        "QA_DATA_DIR": str(tmp_path / "var"),
        "QA_EMBEDDER": "hash:64",
    }
    cmd = [sys.executable, "-m", "qa.cli", "serve", "--port", str(port), "--workers", "2"]
    proc = subprocess.Popen(cmd, env=environ, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        wait_ready(proc, f"http://127.0.0.1:{port}")
        r = httpx.post(f"http://127.0.0.1:{port}/api/ask", json={"question": QUESTION}, timeout=10)
        assert r.status_code == 200 and "1.24万列" in r.json()["answer"]
        metrics = httpx.get(f"http://127.0.0.1:{port}/metrics").text
        assert 'qa_http_requests_total{method="POST",route="/api/ask",status="200"}' in metrics
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    assert (tmp_path / "index" / "CURRENT").exists()


def test_unwritable_data_folder_warns_once_answers_and_refuses_feedback(tmp_path) -> None:
    settings = tiny_settings(tmp_path)
    tiny_service(settings)  # the index in tmp_path/index
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder's parent should be", encoding="utf-8")
    port = free_port()
    environ = {
        **os.environ,
        "QA_INDEX_DIR": str(tmp_path / "index"),
        "QA_CORPUS_DIR": str(tmp_path / "corpus"),
        "QA_DATA_DIR": str(blocker / "var"),  # cannot be created, whoever runs the test (root included)
        "QA_EMBEDDER": "hash:64",
    }
    cmd = [sys.executable, "-m", "qa.cli", "serve", "--no-build", "--port", str(port)]
    proc = subprocess.Popen(cmd, env=environ, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_ready(proc, base)
        r = httpx.post(f"{base}/api/ask", json={"question": QUESTION}, timeout=10)
        assert r.status_code == 200 and "1.24万列" in r.json()["answer"]
        fb = httpx.post(
            f"{base}/api/feedback", json={"answer_id": r.json()["id"], "rating": "up"}, timeout=10
        )
        assert fb.status_code == 503
        error = fb.json()["error"]
        assert error["code"] == "storage_unavailable" and "QA_DATA_DIR" in error["message"]
    finally:
        out = stop(proc)
    warnings = [line for line in out.splitlines() if "cannot be written" in line]
    assert len(warnings) == 1 and '"level": "warning"' in warnings[0]
    assert "Traceback" not in out
