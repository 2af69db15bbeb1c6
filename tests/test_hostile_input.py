"""Hostile input gets a clear 4xx, never a 500: odd keys, unencodable text, file names that name no file."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from qa.api.app import create_app
from tests.api_helpers import tiny_service, tiny_settings


@pytest.fixture()
def client(tmp_path):
    settings = tiny_settings(tmp_path, admin_keys=["s3cret-admin"])
    with TestClient(create_app(settings, tiny_service(settings)), raise_server_exceptions=False) as c:
        yield c


def test_a_non_ascii_key_is_refused_not_crashed_on(client, tmp_path) -> None:
    files = {"file": ("a.txt", "2020年中欧班列开行1.24万列。".encode(), "text/plain")}
    r = client.post("/api/documents", files=files, headers={"X-API-Key": "café".encode()})
    assert r.status_code == 403 and r.json()["error"]["code"] == "forbidden"
    settings = tiny_settings(tmp_path / "keyed", api_keys="alpha")
    with TestClient(create_app(settings, tiny_service(settings)), raise_server_exceptions=False) as keyed:
        r = keyed.post("/api/ask", json={"question": "x"}, headers={"X-API-Key": "café".encode()})
        assert r.status_code == 401


@pytest.mark.parametrize("path", ["/api/ask", "/v1/chat/completions"])
def test_a_lone_surrogate_is_answered(client, path: str) -> None:
    question = "\ud800 2020年中欧班列开行多少列？"
    body = (
        {"question": question}
        if path == "/api/ask"
        else {"messages": [{"role": "user", "content": question}]}
    )
    r = client.post(path, content=json.dumps(body), headers={"content-type": "application/json"})
    assert r.status_code == 200, r.text
    history = [{"role": "user", "content": "\udfff 中欧班列"}, {"role": "assistant", "content": "1.24万列"}]
    r = client.post(
        "/api/ask",
        content=json.dumps({"question": "那2019年呢？", "history": history}),
        headers={"content-type": "application/json"},
    )
    # A turn that cannot be read as text is named in a 422, never a 500.
    assert r.status_code in (200, 422), r.text
    if r.status_code == 422:
        assert "history" in r.json()["error"]["message"]


@pytest.mark.parametrize("name", ["..", ".", "x" * 300 + ".txt", "bad\x01name.txt", "a\x00b.txt"])
def test_file_names_that_name_no_file_are_refused_with_400(client, name: str) -> None:
    boundary = "qa-test-boundary"
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
        f"Content-Type: text/plain\r\n\r\n2020年中欧班列开行1.24万列。\r\n--{boundary}--\r\n"
    ).encode()
    r = client.post(
        "/api/documents",
        content=body,
        headers={"X-API-Key": "s3cret-admin", "content-type": f"multipart/form-data; boundary={boundary}"},
    )
    assert r.status_code == 400, r.text
    assert r.json()["error"]["code"] in ("bad_file_name", "bad_request")


def test_the_admin_key_is_checked_before_the_upload_is_read(client) -> None:
    big = {
        "Content-Length": str(10**9),
        "X-API-Key": "not-admin",
        "content-type": "multipart/form-data; boundary=b",
    }
    r = client.post("/api/documents", content=b"--b--\r\n", headers=big)
    assert r.status_code == 403 and r.json()["error"]["code"] == "forbidden"  # not 413: the key came first
    r = client.post("/api/documents", content=b"--b--\r\n", headers={**big, "X-API-Key": "s3cret-admin"})
    assert r.status_code == 413
    assert client.delete("/api/documents/doc1", headers={"X-API-Key": "nope"}).status_code == 403


def test_an_idle_worker_follows_a_new_index_version_on_a_timer(tmp_path) -> None:
    import time

    from qa.index.embedders import HashEmbedder
    from qa.service import QAService
    from qa.store.faiss.index import build_index
    from tests.helpers import PARAGRAPHS, make_document

    settings = tiny_settings(tmp_path, reload_seconds=0.2)
    tiny_service(settings)  # the first version
    service = QAService.open(settings)
    with TestClient(create_app(settings, service)):
        first = service.index.path.name
        docs = [make_document(), make_document("doc2", PARAGRAPHS[:3], sha="b")]
        newer = build_index(docs, HashEmbedder(64), settings.index_dir, chunk_size=80, progress=False)
        deadline = time.monotonic() + 10
        while service.index.path.name == first and time.monotonic() < deadline:
            time.sleep(0.1)  # no request is made: only the timer can switch
        assert service.index.path.name == newer.path.name


def test_feedback_on_a_full_disk_is_a_503_not_a_500(client) -> None:
    import sqlite3

    class FullDisk:
        def execute(self, *args: object) -> None:
            raise sqlite3.OperationalError("database or disk is full")

    store = client.app.state.store
    real, store._conn = store._conn, FullDisk()
    try:
        r = client.post("/api/feedback", json={"answer_id": "x", "rating": "up"})
    finally:
        store._conn = real
    assert r.status_code == 503 and r.json()["error"]["code"] == "storage_unavailable"
