"""Data that survives updates and faults: metadata kept on update, every index file checksummed, versions kept
by what was current, the writer lock's timeout, and query-log rows that fail to be written counted, not lost
silently."""

from __future__ import annotations

import json
import logging
import os
import re
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from qa.api.app import create_app
from qa.cli import main
from qa.core.config import Settings
from qa.core.errors import IndexCorruptError, UpdateBusyError
from qa.index.library import add_reports, remove_report
from qa.index.txn import writer_lock
from qa.service import QAService
from qa.store.faiss.index import Index
from qa.store.faiss.versions import read_pointer
from tests.api_helpers import QUESTION, library_settings, tiny_service, tiny_settings, wait_job
from tests.helpers import PARAGRAPHS

ADMIN = "admin-key"
ALIAS_QUESTION = "据蓝海，2020年中欧班列开行多少列？"
SEED_META = {
    "title": "种子报告",
    "publisher": "蓝海研究院",
    "date": "2021-11-22",
    "lang": "zh",
    "aliases": ["蓝海研究院", "蓝海"],
    "articles": ["一篇文章"],  # a field the code does not know is kept too
}


@pytest.fixture()
def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """A corpus of two reports that give different figures for the same question; only the seed has aliases."""
    return library_settings(tmp_path, monkeypatch, SEED_META, ADMIN)


def changed_copy(settings: Settings, name: str = "seed.txt") -> Path:
    """The seed report with one more paragraph, outside the corpus and without a metadata file beside it."""
    folder = settings.corpus_dir.parent / "incoming"
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(
        "\n\n".join([*PARAGRAPHS, "四、资金融通", "亚投行成员增至103个。"]) + "\n", encoding="utf-8"
    )
    return path


def corpus_meta(settings: Settings) -> dict:
    return json.loads((settings.corpus_dir / "seed.meta.json").read_text(encoding="utf-8"))


def test_an_update_keeps_the_reports_metadata_and_its_alias_still_answers(settings: Settings) -> None:
    before = QAService.open(settings).ask(ALIAS_QUESTION).model_dump()
    assert not before["abstained"] and "1.24万列" in before["answer"]
    assert before["citations"][0]["doc_id"] == "seed"

    assert main(["add", str(changed_copy(settings)), "--quiet"]) == 0
    assert corpus_meta(settings) == SEED_META  # publisher, date, aliases, unknown fields: all kept
    service = QAService.open(settings)
    doc = service.document("seed")
    assert (doc.publisher, doc.date, doc.aliases, doc.title) == (
        "蓝海研究院",
        "2021-11-22",
        ["蓝海研究院", "蓝海"],
        "种子报告",
    )
    assert "亚投行" in doc.text  # the update itself went in
    after = service.ask(ALIAS_QUESTION).model_dump()
    assert after["answer"] == before["answer"] and after["citations"][0]["doc_id"] == "seed"

    # The same over HTTP: the upload has no metadata; a form field overrides only its own key, and a
    # metadata object uploaded with the file overrides the corpus copy's keys it names.
    with TestClient(create_app(settings), headers={"X-API-Key": ADMIN}) as client:
        files = {"file": ("seed.txt", changed_copy(settings).read_bytes() + "五、民心相通\n".encode())}
        job = wait_job(client, client.post("/api/documents", files=files, data={"date": "2021-12-01"}))
        assert job["state"] == "done" and job["result"]["documents"][0]["status"] == "updated"
        assert corpus_meta(settings) == {**SEED_META, "date": "2021-12-01"}
        files = {"file": ("seed.txt", files["file"][1] + "六、结语\n".encode())}
        meta = json.dumps({"aliases": ["蓝海研究院", "蓝海", "Blue Sea"]}, ensure_ascii=False)
        job = wait_job(client, client.post("/api/documents", files=files, data={"meta": meta}))
        assert job["state"] == "done", job
        assert corpus_meta(settings)["aliases"] == ["蓝海研究院", "蓝海", "Blue Sea"]
        assert corpus_meta(settings)["publisher"] == "蓝海研究院"
        answer = client.post("/api/ask", json={"question": ALIAS_QUESTION}).json()
        assert answer["answer"] == before["answer"]
        bad = client.post("/api/documents", files=files, data={"meta": "[1, 2]"})
        assert bad.status_code == 422 and "JSON object" in bad.json()["error"]["message"]


def test_an_update_that_changes_the_file_type_replaces_the_old_copy_only_after_the_switch(
    settings: Settings,
) -> None:
    md = changed_copy(settings, "seed.md")
    added, index = add_reports(settings, [md])
    assert added[0].status == "updated" and index.documents["seed"].source == "seed.md"
    assert not (settings.corpus_dir / "seed.txt").exists() and (settings.corpus_dir / "seed.md").exists()
    assert corpus_meta(settings)["aliases"] == SEED_META["aliases"]


def test_a_flipped_byte_in_bm25_is_refused_as_corrupt(settings: Settings) -> None:
    index = Index.load(settings.index_dir, "hash:64")
    files = index.manifest["files"]
    every = {p.relative_to(index.path).as_posix() for p in index.path.rglob("*") if p.is_file()}
    assert set(files) == every - {"manifest.json"}  # every file the version holds, bm25/ included
    target = index.path / "bm25" / "data.csc.index.npy"
    data = bytearray(target.read_bytes())
    data[-1] ^= 0x01  # one bit of the last stored value: the array still loads, its numbers differ
    target.write_bytes(bytes(data))
    with pytest.raises(IndexCorruptError, match=r"bm25/data\.csc\.index\.npy is damaged"):
        Index.load(settings.index_dir, "hash:64")
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        reply = client.post("/api/ask", json={"question": QUESTION})
        assert reply.status_code == 503 and reply.json()["error"]["code"] == "index_corrupt"
        assert client.get("/readyz").status_code == 503


def test_pruning_keeps_the_previous_current_version_whatever_the_folder_ages(settings: Settings) -> None:
    first = read_pointer(settings.index_dir)
    add_reports(settings, [changed_copy(settings)])
    second = read_pointer(settings.index_dir)
    assert read_pointer(settings.index_dir, "PREVIOUS") == first
    # A leftover folder newer than every real version (a crashed writer's) is not kept in their place.
    junk = settings.index_dir / "v99999999-999999-1-1"
    (junk / "bm25").mkdir(parents=True)
    (junk / "chunks.jsonl").write_text('{"half": ', encoding="utf-8")
    index = remove_report(settings, "other")
    assert read_pointer(settings.index_dir, "PREVIOUS") == second
    folders = sorted(p.name for p in settings.index_dir.iterdir() if p.is_dir())
    assert folders == sorted([second, index.path.name])
    assert set(Index.load(settings.index_dir, "hash:64").documents) == {"seed"}


def test_the_writer_lock_times_out_with_a_clear_error(settings: Settings) -> None:
    busy = settings.model_copy(update={"lock_timeout": 0.3})
    held = threading.Event()
    release = threading.Event()

    def hold() -> None:
        with writer_lock(settings.index_dir):
            held.set()
            release.wait(10)

    holder = threading.Thread(target=hold)
    holder.start()
    held.wait(5)
    try:
        with pytest.raises(UpdateBusyError, match="another update is running"):
            add_reports(busy, [changed_copy(settings)])
        with TestClient(create_app(busy), headers={"X-API-Key": ADMIN}) as client:
            files = {"file": ("seed.txt", changed_copy(settings).read_bytes())}
            job = wait_job(client, client.post("/api/documents", files=files))
            assert job["state"] == "failed" and job["error"]["code"] == "update_busy"
            assert "another update is running" in job["error"]["message"]
    finally:
        release.set()
        holder.join()
    assert not list(settings.corpus_dir.glob(".incoming-*"))


def test_qa_add_exits_with_a_message_when_another_update_holds_the_lock(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("QA_LOCK_TIMEOUT", "0.2")
    with writer_lock(settings.index_dir):
        code = main(["add", str(changed_copy(settings)), "--quiet"])
    assert code == UpdateBusyError.exit_code
    assert "another update is running" in capsys.readouterr().err


# -- the query log on a full disk ------------------------------------------------------------------------


@pytest.fixture()
def small_disk(tmp_path: Path) -> Iterator[Path | None]:
    """A 1 MB tmpfs to fill up (None where this test cannot mount one)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)], capture_output=True, check=False
    )
    if done.returncode != 0:
        yield None
        return
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def fill(folder: Path) -> Path:
    """Write a file until the file system is full."""
    filler = folder / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:
        for size in (1 << 16, 4096, 512, 1):  # big blocks, then ever smaller, down to the last byte
            try:
                while True:
                    os.write(fd, b"\0" * size)
            except OSError:
                pass
    finally:
        os.close(fd)
    return filler


def lost_rows(client: TestClient) -> float:
    text = client.get("/metrics").text
    found = re.search(r"^qa_querylog_write_errors_total (\S+)$", text, re.M)
    return float(found.group(1)) if found else 0.0


def test_query_log_rows_that_cannot_be_written_are_counted_and_answers_go_on(
    tmp_path: Path, small_disk: Path | None, caplog: pytest.LogCaptureFixture
) -> None:
    data_dir = small_disk or tmp_path / "var"
    settings = tiny_settings(tmp_path, data_dir=data_dir / "var")
    caplog.set_level(logging.WARNING, logger="qa.store")
    with TestClient(create_app(settings, tiny_service(settings))) as client:
        store = client.app.state.store
        assert client.post("/api/ask", json={"question": QUESTION}).status_code == 200
        store.flush()
        assert len(store.queries()) == 1
        start = lost_rows(client)
        if small_disk is not None:
            filler = fill(small_disk)  # the real thing: ENOSPC from a full file system
        else:  # no tmpfs here: SQLite's own size limit, hit by the same INSERT on the same connection
            pages = store._conn.execute("PRAGMA page_count").fetchone()[0]
            store._conn.execute(f"PRAGMA max_page_count = {pages}")
        answers = [client.post("/api/ask", json={"question": QUESTION}) for _ in range(30)]
        store.flush()
        assert all(r.status_code == 200 and "1.24万列" in r.json()["answer"] for r in answers)
        lost = lost_rows(client) - start
        assert lost >= 1 and lost == store.lost
        warnings = [
            r.getMessage() for r in caplog.records if "query-log rows are being dropped" in r.getMessage()
        ]
        assert len(warnings) == 1, warnings  # once for the whole run of failures
        assert "full" in warnings[0]
        if small_disk is not None:
            filler.unlink()
        else:
            store._conn.execute("PRAGMA max_page_count = 1073741823")
        assert client.post("/api/ask", json={"question": QUESTION}).status_code == 200
        store.flush()
        assert any("written again" in r.getMessage() for r in caplog.records)
        assert len(store.queries(1000)) >= 2


def test_qa_add_draws_the_chunks_embedded_as_a_progress_bar(
    settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["add", str(changed_copy(settings))]) == 0
    err = capsys.readouterr().err
    total = Index.load(settings.index_dir, "hash:64").manifest["embedded_chunks"]
    assert total > 0 and re.search(rf"embedding: 100%.*\b{total}/{total} ", err), err[-500:]
