"""Shared fixtures: the real index is built once per test session and shared."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from qa.core.config import Settings

ROOT = Path(__file__).resolve().parent.parent
DEV_SET = ROOT.parent / "shared" / "eval" / "dev_qa.jsonl"


@pytest.fixture(scope="session")
def real_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings for the real corpus and the real embedded model, with the index built once."""
    from qa.index.library import build

    index_dir = Path(os.environ.get("QA_TEST_INDEX_DIR") or tmp_path_factory.mktemp("real-index"))
    settings = Settings(
        corpus_dir=ROOT / "corpus", index_dir=index_dir, data_dir=tmp_path_factory.mktemp("var")
    )
    build(settings, progress=False)  # reuses an up-to-date index in QA_TEST_INDEX_DIR
    return settings


@pytest.fixture(scope="session")
def real_service(real_settings: Settings):
    """A QAService over the real index and the real embedder."""
    from qa.service import QAService

    return QAService.open(real_settings)


@pytest.fixture(scope="session")
def dev_items() -> list[dict]:
    """The development questions with gold answers."""
    from qa.bench.evaluate import load_items

    if not DEV_SET.exists():
        pytest.skip(f"{DEV_SET} is not present")
    return load_items(DEV_SET)


FIGURES: list[tuple[str, str]] = []


@pytest.fixture(scope="session")
def report_figure():
    """Record a measured figure (name, value) for the end-of-run summary, so CI's log shows it."""

    def record(name: str, value: str) -> None:
        FIGURES.append((name, value))

    return record


def pytest_terminal_summary(terminalreporter) -> None:
    """Print the figures the tests measured, after the results."""
    if FIGURES:
        terminalreporter.section("measured figures")
        for name, value in FIGURES:
            terminalreporter.write_line(f"{name}: {value}")
