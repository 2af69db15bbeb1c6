"""What the server does for the web page: security headers, original reports, and an answer that streams."""

from __future__ import annotations

import json
import time

import httpx
import pytest
from fastapi.testclient import TestClient

from qa.api.app import create_app
from qa.api.security import script_hashes
from qa.index.embedders import HashEmbedder
from qa.service import QAService
from qa.store.faiss.index import build_index
from tests.api_helpers import QUESTION, running, tiny_settings
from tests.helpers import make_document


@pytest.fixture()
def settings(tmp_path):
    return tiny_settings(tmp_path)


@pytest.fixture()
def service(settings):
    """A one-document service whose original files are in the corpus folder."""
    settings.corpus_dir.mkdir(parents=True)
    doc = make_document()
    doc.source = "doc1.txt"
    (settings.corpus_dir / "doc1.txt").write_text(doc.text, encoding="utf-8")
    emb = HashEmbedder(64)
    index = build_index([doc], emb, settings.index_dir, chunk_size=80, progress=False)
    return QAService(index, emb, corpus_dir=settings.corpus_dir)


@pytest.fixture()
def client(settings, service, tmp_path):
    web = tmp_path / "web"
    web.mkdir()
    (web / "index.html").write_text("<!doctype html><title>t</title>", encoding="utf-8")
    with TestClient(create_app(settings, service=service, web_dir=web)) as c:
        yield c


def test_every_response_carries_the_security_headers(client) -> None:
    for path in ("/", "/index.html", "/api/documents", "/api/nothing", "/healthz", "/openapi.json"):
        response = client.get(path)
        assert response.headers["x-content-type-options"] == "nosniff", path
        assert response.headers["x-frame-options"] == "DENY", path
        assert response.headers["referrer-policy"] == "same-origin", path
        policy = response.headers["content-security-policy"]
        directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
        assert directives["default-src"] == "'self'", path
        assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'", path
        assert directives["frame-ancestors"] == "'none'" and directives["base-uri"] == "'none'", path
        assert directives["object-src"] == "'none'", path
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


@pytest.mark.parametrize("path", ["/docs", "/redoc"])
def test_the_api_docs_pages_allow_exactly_their_own_inline_script(client, path: str) -> None:
    response = client.get(path)
    policy = response.headers["content-security-policy"]
    script_src = next(d for d in policy.split(";") if d.strip().startswith("script-src")).split()[1:]
    assert "'unsafe-inline'" not in script_src
    assert set(script_src) == {"'self'", *script_hashes(response.content)}
    assert "frame-ancestors 'none'" in policy and response.headers["x-frame-options"] == "DENY"


def test_script_hashes_are_the_csp_sha256_of_each_inline_script() -> None:
    html = b"<script src='/a.js'></script><script>alert(1)</script><SCRIPT type=module>x()</SCRIPT>"
    # echo -n 'alert(1)' | openssl dgst -sha256 -binary | base64
    assert script_hashes(html)[0] == "'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"
    assert len(script_hashes(html)) == 2


def test_the_original_report_is_served_inline_as_text_in_a_sandbox(client) -> None:
    response = client.get("/api/documents/doc1/file")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/plain; charset=utf-8"
    assert response.headers["content-disposition"].startswith("inline")
    assert response.headers["content-security-policy"].startswith("sandbox;")
    assert "中欧班列" in response.text


def test_an_original_that_is_not_there_is_a_json_404(client, settings) -> None:
    assert client.get("/api/documents/nope/file").json()["error"]["code"] == "not_found"
    (settings.corpus_dir / "doc1.txt").unlink()
    response = client.get("/api/documents/doc1/file")
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"


def test_an_uploaded_html_report_is_never_served_as_html(service, settings) -> None:
    (settings.corpus_dir / "page.html").write_text("<script>alert(1)</script>", encoding="utf-8")
    service.index.documents["doc1"].source = "page.html"
    path, media_type, inline = service.document_file("doc1")
    assert media_type.startswith("text/plain") and inline and path.name == "page.html"
    service.index.documents["doc1"].source = "../outside.txt"
    (settings.corpus_dir.parent / "outside.txt").write_text("x", encoding="utf-8")
    with pytest.raises(Exception, match="not available"):
        service.document_file("doc1")


def test_context_past_the_end_of_a_document_is_not_an_error(client) -> None:
    size = client.get("/api/documents").json()["documents"][0]["chars"]
    response = client.get("/api/documents/doc1/text", params={"start": max(0, size - 50), "end": size + 600})
    assert response.status_code == 200 and response.json()["end"] == size


def read_events(response: httpx.Response) -> list[tuple[float, str, dict]]:
    """(seconds since the request, event name, data) for each server-sent event, as it arrived."""
    started = time.perf_counter()
    events, name = [], ""
    for line in response.iter_lines():
        if line.startswith("event:"):
            name = line[6:].strip()
        elif line.startswith("data:"):
            events.append((time.perf_counter() - started, name, json.loads(line[5:])))
    return events


def test_the_stream_sends_sources_then_text_then_the_same_object_as_ask(settings, service) -> None:
    with running(create_app(settings, service=service, web_dir=None)) as url:
        with httpx.stream(
            "POST", f"{url}/api/ask/stream", json={"question": QUESTION}, timeout=30
        ) as response:
            assert response.headers["content-type"].startswith("text/event-stream")
            assert response.headers["x-content-type-options"] == "nosniff"
            events = read_events(response)
        plain = httpx.post(f"{url}/api/ask", json={"question": QUESTION}, timeout=30).json()
    names = [name for _, name, _ in events]
    assert names[0] == "sources" and names[-1] == "final" and set(names[1:-1]) == {"delta"}
    sources = events[0][2]["sources"]
    assert sources and {"doc_id", "title", "title_en", "section", "page", "chunk_id"} <= set(sources[0])
    final = events[-1][2]
    assert "".join(data["text"] for _, name, data in events if name == "delta") == final["answer"]
    for result in (final, plain):
        result.pop("id"), result.pop("timings_ms")
    assert final == plain


def test_a_bad_question_on_the_stream_is_a_plain_422(client) -> None:
    response = client.post("/api/ask/stream", json={"question": "  "})
    assert response.status_code == 422 and response.json()["error"]["code"] == "bad_request"
