"""The README's first command on a fresh machine: the base install (no extras) serves the chat page and answers.

A second, clean virtual environment gets only `pip install .`; its `qa serve` then runs against the index the
tests built. This catches a start-up import that only an extra provides, which the test install would hide.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from qa.bench.http import free_port
from tests.api_helpers import stop, wait_ready

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow


def _copy_source(dest: Path) -> Path:
    """The files `pip install .` needs, copied so the build leaves nothing in the checkout."""
    src = dest / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, src / name)
    shutil.copytree(ROOT / "qa", src / "qa", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    return src


def _size_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink()) / 1e6


@pytest.fixture(scope="module")
def base_venv(tmp_path_factory: pytest.TempPathFactory, report_figure) -> Path:
    """A virtual environment with the package installed as a user would: `pip install .`, no extras."""
    root = tmp_path_factory.mktemp("fresh-install")
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    started = time.monotonic()
    done = subprocess.run(
        [str(venv / "bin" / "pip"), "install", "-q", "--disable-pip-version-check", str(_copy_source(root))],
        capture_output=True,
        text=True,
        timeout=1200,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    report_figure("base install: pip install . (s)", f"{time.monotonic() - started:.1f}")
    report_figure("base install: size of the virtual environment (MB)", f"{_size_mb(venv):.0f}")
    return venv


def test_base_install_does_not_pull_torch(base_venv: Path) -> None:
    site = next((base_venv / "lib").glob("python*/site-packages"))
    assert not (site / "torch").exists()
    assert not (site / "sentence_transformers").exists()


def test_base_install_serves_the_page_and_answers(base_venv: Path, real_settings, report_figure) -> None:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QA_", "VIRTUAL_ENV", "PYTHONPATH"))}
    env.update(
        QA_INDEX_DIR=str(real_settings.index_dir),
        QA_CORPUS_DIR=str(real_settings.corpus_dir),
        QA_DATA_DIR=str(real_settings.data_dir / "fresh"),
        PATH=f"{base_venv / 'bin'}:{env.get('PATH', '')}",
    )
    cmd = [str(base_venv / "bin" / "qa"), "serve", "--no-build", "--port", str(port)]
    # Run from the checkout, as `make serve` does: the page comes from its web/ folder.
    proc = subprocess.Popen(
        cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    base = f"http://127.0.0.1:{port}"
    try:
        ready = wait_ready(proc, base, timeout=120)  # from just after the process started
        report_figure("base install: qa serve to /readyz with a built index (s)", f"{ready:.2f}")

        page = httpx.get(f"{base}/", timeout=10)
        assert page.status_code == 200 and "<html" in page.text.lower()
        docs = httpx.get(f"{base}/docs", timeout=10)
        assert docs.status_code == 200 and "cdn" not in docs.text.lower()

        zh = httpx.post(f"{base}/api/ask", json={"question": "2020年中欧班列开行多少列？"}, timeout=60)
        assert zh.status_code == 200, zh.text
        assert zh.json()["lang"] == "zh" and not zh.json()["abstained"] and zh.json()["citations"]
        en = httpx.post(
            f"{base}/api/ask",
            json={"question": "How many China-Europe Railway Express trains ran in 2020?"},
            timeout=60,
        )
        assert en.status_code == 200, en.text
        assert en.json()["lang"] == "en" and not en.json()["abstained"] and en.json()["citations"]
    finally:
        stop(proc)
