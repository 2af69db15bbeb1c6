"""Fault injection: a real `qa add` / `qa remove` process ends (exit 70, as a kill -9 would leave things) at each
named step of its update, while a live server answers questions over HTTP. After each crash: the service loads and
answers, the previous version is intact, the corpus and the index hold the same reports, nothing is left in
temporary places, and the next update recovers and succeeds. No request to the live server fails throughout."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from qa.api.app import create_app
from qa.core.config import Settings
from qa.index.embedders import HashEmbedder
from qa.index.library import build
from qa.ingest.loaders.base import document_id
from qa.service import QAService
from qa.store.faiss.index import Index, corpus_files, is_stale
from qa.store.faiss.versions import has_pending_vectors, is_complete, read_pointer
from qa.store.steps import FAULT_EXIT, STEPS
from tests import make_reports as mk
from tests.api_helpers import QUESTION, running
from tests.helpers import PARAGRAPHS

ROOT = Path(__file__).resolve().parent.parent
# Steps after which the update has happened (the index says so): an add or update of new text is applied once
# its chunks are switched in for BM25, before they are embedded; a removal once its version is switched in.
APPLIED = {"add": STEPS[STEPS.index("bm25_switched") :], "remove": ("switched", "corpus_moved")}
APPLIED["update"] = APPLIED["add"]


@dataclass
class Scene:
    """A small corpus and index, the environment for `qa` subprocesses over it, and the file an update uses."""

    settings: Settings
    env: dict[str, str]
    incoming: Path
    before: str = ""
    failures: list[str] = field(default_factory=list)
    answered: int = 0


def make_scene(tmp_path: Path) -> Scene:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "seed.txt").write_text("\n\n".join(PARAGRAPHS) + "\n", encoding="utf-8")
    meta = {"title": "种子报告", "publisher": "蓝海研究院", "aliases": ["蓝海"]}
    (corpus / "seed.meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    (corpus / "other.txt").write_text("\n\n".join(PARAGRAPHS[3:]) + "\n", encoding="utf-8")
    values = {
        "corpus_dir": corpus,
        "index_dir": tmp_path / "index",
        "data_dir": tmp_path / "var",
        "embedder": "hash:64",
        "add_roots": [tmp_path],
        "reload_seconds": 0.1,
    }
    settings = Settings(**values)  # type: ignore[arg-type]
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "QA_CORPUS_DIR": str(corpus),
        "QA_INDEX_DIR": str(tmp_path / "index"),
        "QA_DATA_DIR": str(tmp_path / "var"),
        "QA_EMBEDDER": "hash:64",
        "QA_ADD_ROOTS": str(tmp_path),
    }
    env.pop("QA_FAULT_AT", None)
    incoming = tmp_path / "incoming"
    incoming.mkdir()
    build(settings, progress=False)
    return Scene(settings, env, incoming, before=read_pointer(settings.index_dir) or "")


def run_qa(scene: Scene, args: list[str], fault: str | None = None) -> subprocess.CompletedProcess:
    env = {**scene.env, **({"QA_FAULT_AT": fault} if fault else {})}
    cmd = [sys.executable, "-m", "qa.cli", *args]
    return subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture()
def scene(tmp_path: Path) -> Iterator[Scene]:
    """The scene, with a live server over it and a client asking all the time (its failures are recorded)."""
    scene = make_scene(tmp_path)
    stop = threading.Event()

    def ask(url: str) -> None:
        with httpx.Client(base_url=url, timeout=30) as http:
            while not stop.is_set():
                try:
                    r = http.post("/api/ask", json={"question": QUESTION})
                    if r.status_code != 200 or "1.24万列" not in r.json()["answer"]:
                        scene.failures.append(f"{r.status_code} {r.text[:200]}")
                except httpx.HTTPError as exc:
                    scene.failures.append(repr(exc))
                scene.answered += 1
                time.sleep(0.02)

    with running(create_app(scene.settings)) as url:
        client = threading.Thread(target=ask, args=(url,), daemon=True)
        client.start()
        try:
            yield scene
        finally:
            stop.set()
            client.join(timeout=30)


def update_args(scene: Scene, kind: str) -> list[str]:
    """The command line of one update of each kind: a new report, a changed one (another type), a removal."""
    if kind == "add":
        return ["add", str(mk.make_html(scene.incoming / "corridor.html")), "--quiet"]
    if kind == "update":
        changed = scene.incoming / "seed.md"
        changed.write_text(
            "\n\n".join([*PARAGRAPHS, "四、资金融通", "亚投行成员增至103个。"]) + "\n", encoding="utf-8"
        )
        return ["add", str(changed), "--quiet"]
    return ["remove", "other"]


def next_args(scene: Scene, kind: str) -> list[str]:
    """The update run after the crash: the same one, or for a removal, adding a report."""
    return update_args(scene, "add" if kind == "remove" else kind)


def expected_state(kind: str, applied: bool, then_added: bool = False) -> dict[str, str]:
    """doc id -> source file name the corpus and the index should both hold."""
    docs = {"seed": "seed.txt", "other": "other.txt"}
    if (applied and kind == "add") or then_added:
        docs["corridor"] = "corridor.html"
    if applied and kind == "update":
        docs["seed"] = "seed.md"
    if applied and kind == "remove":
        del docs["other"]
    return docs


def check_served(scene: Scene) -> None:
    """Before any recovery: the current version loads and answers, and the one that served before is intact."""
    s = scene.settings
    service = QAService(Index.load(s.index_dir, "hash:64"), HashEmbedder(64))
    answer = service.ask(QUESTION).model_dump()
    assert not answer["abstained"] and "1.24万列" in answer["answer"]
    assert set(Index.load(s.index_dir, "hash:64", scene.before).documents) == {"seed", "other"}


def check_consistent(scene: Scene, want: dict[str, str], previous: str | None = None) -> None:
    """The service opens (recovering if need be) and answers; corpus and index agree; no leftovers; the version
    served before the last switch (`previous`, by default the one before the crash) is kept and loads."""
    s = scene.settings
    service = QAService.open(s)
    answer = service.ask(QUESTION).model_dump()
    assert not answer["abstained"] and "1.24万列" in answer["answer"]
    corpus = {document_id(p.stem): p.name for p in corpus_files(s.corpus_dir)}
    indexed = {d: doc.source for d, doc in service.index.documents.items()}
    assert corpus == want and indexed == want, (corpus, indexed)
    assert service.index.documents["seed"].aliases == ["蓝海"]  # metadata survives every path
    assert not list(s.corpus_dir.glob(".incoming-*"))
    assert not list(s.index_dir.glob("*.tmp"))
    current, kept = read_pointer(s.index_dir), read_pointer(s.index_dir, "PREVIOUS")
    folders = {p.name for p in s.index_dir.iterdir() if p.is_dir()}
    assert folders == {current, kept} - {None}, folders
    assert all(is_complete(s.index_dir / f) for f in folders)
    previous = previous or scene.before
    if current != previous:
        assert kept == previous
        Index.load(s.index_dir, "hash:64", previous)  # intact: every checksum holds


def complete_version(index_dir: Path) -> str | None:
    """The version to roll back to after the next switch: CURRENT, unless it still waits for vectors."""
    current = read_pointer(index_dir)
    return (
        read_pointer(index_dir, "PREVIOUS")
        if current and has_pending_vectors(index_dir / current)
        else current
    )


QUICK = {
    ("add", "staged"),
    ("add", "bm25_switched"),
    ("add", "searchable"),
    ("add", "chunks_half"),
    ("add", "fsynced"),
    ("add", "switched"),
}
FAULTS = [
    pytest.param(kind, step, marks=() if (kind, step) in QUICK else pytest.mark.slow, id=f"{kind}@{step}")
    for kind, steps in (
        ("add", STEPS),
        ("update", ("staged", "bm25_switched", "embedded", "fsynced", "switched")),
        ("remove", ("staged", "fsynced", "switched", "corpus_moved")),
    )
    for step in steps
]


@pytest.mark.parametrize(("kind", "step"), FAULTS)
def test_a_crash_at_each_step_of_an_update_is_recovered_by_the_next_update(
    scene: Scene, kind: str, step: str, report_figure
) -> None:
    crashed = run_qa(scene, update_args(scene, kind), fault=step)
    assert crashed.returncode == FAULT_EXIT, crashed.stderr[-2000:]
    applied = step in APPLIED[kind]
    assert (read_pointer(scene.settings.index_dir) != scene.before) == applied
    check_served(scene)
    served = read_pointer(scene.settings.index_dir)
    last_good = complete_version(scene.settings.index_dir)
    last_kept = read_pointer(scene.settings.index_dir, "PREVIOUS")

    again = run_qa(scene, next_args(scene, kind))  # recovers whatever the crash left, then updates
    assert again.returncode == 0, again.stderr[-2000:]
    assert not Index.load(scene.settings.index_dir, "hash:64").pending  # the vectors it lacked are made
    switched = read_pointer(scene.settings.index_dir) != served
    want = expected_state(kind, applied, then_added=True) if kind == "remove" else expected_state(kind, True)
    check_consistent(scene, want, last_good if switched else last_kept)
    time.sleep(0.3)  # the live server's client keeps asking across the new version's switch
    assert scene.answered > 0 and not scene.failures, scene.failures[:3]
    report_figure(f"fault {kind}@{step}", f"recovered; 0 of {scene.answered} live requests failed")


@pytest.mark.parametrize("step", ["embedded", "switched"])
def test_a_service_that_opens_after_a_crash_recovers_it(scene: Scene, step: str) -> None:
    crashed = run_qa(scene, update_args(scene, "update"), fault=step)
    assert crashed.returncode == FAULT_EXIT
    check_consistent(scene, expected_state("update", step in APPLIED["update"]))
    assert not scene.failures, scene.failures[:3]


def test_a_crash_half_way_through_chunks_then_a_normal_add_keeps_the_last_good_version(scene: Scene) -> None:
    """The issue's case: the incomplete folder is newer than every good version, yet it is the one dropped."""
    s = scene.settings
    crashed = run_qa(scene, update_args(scene, "add"), fault="chunks_half")
    assert crashed.returncode == FAULT_EXIT
    searchable = read_pointer(s.index_dir)  # the version without the new vectors, switched in before
    half = [p for p in s.index_dir.iterdir() if p.is_dir() and p.name not in (scene.before, searchable)]
    assert len(half) == 1 and not (half[0] / "manifest.json").exists()
    lines = (half[0] / "chunks.jsonl").read_text(encoding="utf-8").splitlines()
    assert lines and all(json.loads(line) for line in lines)  # half the rows made it to the file
    added = run_qa(scene, ["add", str(mk.make_docx(scene.incoming / "railway.docx")), "--quiet"])
    assert added.returncode == 0, added.stderr[-2000:]
    assert read_pointer(s.index_dir, "PREVIOUS") == scene.before  # the last good version, kept
    assert not half[0].exists()
    assert set(Index.load(s.index_dir, "hash:64", scene.before).documents) == {"seed", "other"}
    current = Index.load(s.index_dir, "hash:64")
    assert set(current.documents) == {"seed", "other", "corridor", "railway"} and not current.pending
    assert not scene.failures, scene.failures[:3]


def test_a_build_at_start_never_indexes_a_half_added_report(scene: Scene) -> None:
    """`qa serve`'s default build after a crash before the switch: the report is dropped, not built from."""
    from qa.api.serve import ensure_index

    crashed = run_qa(scene, update_args(scene, "add"), fault="bm25_fsynced")
    assert crashed.returncode == FAULT_EXIT
    assert list(scene.settings.corpus_dir.glob(".incoming-*"))  # staged, never listed as a report
    ensure_index(scene.settings)
    assert set(Index.load(scene.settings.index_dir, "hash:64").documents) == {"seed", "other"}
    assert read_pointer(scene.settings.index_dir) == scene.before  # nothing was stale: no rebuild
    assert not list(scene.settings.corpus_dir.glob(".incoming-*"))


def test_a_crash_in_qa_build_leaves_the_current_version_and_no_folder_behind(scene: Scene) -> None:
    s = scene.settings
    for step in ("chunks_half", "written", "fsynced"):
        crashed = run_qa(scene, ["build", "--rebuild", "--quiet"], fault=step)
        assert crashed.returncode == FAULT_EXIT, crashed.stderr[-2000:]
        assert read_pointer(s.index_dir) == scene.before
        assert len([p for p in s.index_dir.iterdir() if p.is_dir()]) == 2  # the current one and the leftover
    check_consistent(scene, expected_state("add", False))  # the service's recovery removes the leftover
    assert [p.name for p in s.index_dir.iterdir() if p.is_dir()] == [scene.before]
    assert not scene.failures, scene.failures[:3]


@pytest.mark.parametrize("step", ["bm25_switched", "embedded", "written"])
def test_a_crash_after_a_report_became_searchable_keeps_it_and_the_next_start_embeds_it(
    scene: Scene, step: str
) -> None:
    """Killed while the new report's chunks were being embedded (or written): the report stays, served through
    BM25; `qa serve`'s start-up build embeds only what is missing; the version to roll back to is not lost."""
    from qa.api.serve import ensure_index

    s = scene.settings
    crashed = run_qa(scene, update_args(scene, "add"), fault=step)
    assert crashed.returncode == FAULT_EXIT, crashed.stderr[-2000:]
    served = Index.load(s.index_dir, "hash:64")
    assert "corridor" in served.documents and served.pending
    assert served.vectors.ntotal == len(served.chunks) - len(served.pending)
    question = "2020年西部陆海新通道铁海联运班列开行多少列？"
    service = QAService(served, HashEmbedder(64))
    assert service.search(question, mode="bm25")[0].chunk.doc_id == "corridor"
    assert all(h.chunk.doc_id != "corridor" for h in service.search(question, k=20, mode="dense"))
    assert "4607列" in service.ask(question).answer
    assert is_stale(s.index_dir, s.corpus_dir, "hash:64")  # pending vectors make a start-up build run

    ensure_index(s)  # what `qa serve` does first: recover, then build what is stale
    done = Index.load(s.index_dir, "hash:64")
    assert not done.pending and done.manifest["embedded_chunks"] == len(served.pending)
    assert set(done.documents) == {"seed", "other", "corridor"}
    dense = QAService(done, HashEmbedder(64)).search(question, k=20, mode="dense")
    assert any(h.chunk.doc_id == "corridor" for h in dense)
    assert not is_stale(s.index_dir, s.corpus_dir, "hash:64")
    check_consistent(scene, expected_state("add", True))  # PREVIOUS is still the version before the add
    assert not scene.failures, scene.failures[:3]
