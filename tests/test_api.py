"""Every endpoint's success and error paths through TestClient over a tiny hash-embedder index."""

from __future__ import annotations

import json
import logging

import pytest
from fastapi.testclient import TestClient

from qa.api.app import create_app
from qa.api.querylog import Store
from qa.core.types import AskResponse
from tests.api_helpers import QUESTION, tiny_service, tiny_settings


@pytest.fixture()
def settings(tmp_path):
    return tiny_settings(tmp_path, max_body_bytes=16000)


@pytest.fixture()
def client(settings):
    with TestClient(create_app(settings, tiny_service(settings)), raise_server_exceptions=False) as c:
        yield c


def assert_error(response, status: int, code: str, text: str = "") -> None:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and body["error"]["code"] == code
    assert text.lower() in body["error"]["message"].lower()


def test_ask_follows_the_contract(client) -> None:
    r = client.post("/api/ask", json={"question": QUESTION})
    assert r.status_code == 200 and r.headers["x-request-id"]
    body = r.json()
    assert {"id", "answer", "lang", "abstained", "citations", "figures", "timings_ms"} <= set(body)
    assert body["lang"] == "zh" and not body["abstained"] and "1.24万列" in body["answer"]
    c = body["citations"][0]
    assert c["id"] == 1 and c["doc_id"] == "doc1" and c["quote"] in c["text"]
    assert any(f["raw"] == "1.24万列" and f["citation"] == 1 for f in body["figures"])


def test_ask_takes_history_and_top_k(client) -> None:
    history = [{"role": "user", "content": QUESTION}, {"role": "assistant", "content": "1.24万列"}]
    r = client.post("/api/ask", json={"question": "同比增长多少？", "history": history, "top_k": 3})
    assert r.status_code == 200 and r.json()["lang"] == "zh"


@pytest.mark.parametrize(
    ("body", "code", "text"),
    [
        ({"question": ""}, "bad_request", "empty"),
        ({"question": "   "}, "bad_request", "empty"),
        ({"question": "中" * 2001}, "bad_request", "limit is 2000"),
        ({"question": 42}, "invalid_request", "question"),
        ({"question": ["a"]}, "invalid_request", "question"),
        ({}, "invalid_request", "question: field required"),
        ({"question": QUESTION, "top_k": 0}, "invalid_request", "top_k"),
        ({"question": QUESTION, "top_k": "many"}, "invalid_request", "top_k"),
        ({"question": QUESTION, "top_k": "3"}, "invalid_request", "top_k: input should be a valid integer"),
        ({"question": QUESTION, "top_k": True}, "invalid_request", "top_k: input should be a valid integer"),
        ({"question": QUESTION, "top_k": 3.0}, "invalid_request", "top_k"),
        ({"question": QUESTION, "history": [{"role": "bot", "content": "x"}]}, "invalid_request", "role"),
        ({"question": QUESTION, "history": "earlier"}, "invalid_request", "history"),
        ([QUESTION], "invalid_request", ""),
    ],
)
def test_ask_rejects_bad_input_with_422(client, body, code, text) -> None:
    assert_error(client.post("/api/ask", json=body), 422, code, text)


def test_malformed_json_is_400(client) -> None:
    r = client.post("/api/ask", content=b'{"question": ', headers={"content-type": "application/json"})
    assert_error(r, 400, "malformed_json", "not valid JSON")


def test_body_over_the_limit_is_413(client) -> None:
    assert_error(
        client.post("/api/ask", json={"question": "x" * 20000}), 413, "body_too_large", "16000 bytes"
    )

    def chunks():  # no Content-Length: the streamed size is counted
        for _ in range(20):
            yield b"x" * 1000

    r = client.post("/api/ask", content=chunks(), headers={"content-type": "application/json"})
    assert_error(r, 413, "body_too_large")


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("POST", "/api/ask/", {"question": QUESTION}),
        ("POST", "/api/ask//", {"question": QUESTION}),
        ("GET", "/api/documents/", None),
        ("GET", "/api/documents/doc1/", None),
        ("GET", "/v1/models/", None),
        ("GET", "/api/search/?q=中欧班列", None),
    ],
)
def test_a_trailing_slash_is_the_same_route_not_a_redirect(client, method, path, body) -> None:
    r = client.request(method, path, json=body, follow_redirects=False)
    assert r.status_code == 200, r.text
    plain = client.request(method, path.rstrip("/").replace("/?", "?"), json=body)
    assert set(r.json()) == set(plain.json())


def test_a_trailing_slash_keeps_errors_and_metrics(client) -> None:
    assert_error(client.post("/api/ask/", json={"question": ""}), 422, "bad_request", "empty")
    assert_error(client.get("/api/ask/", follow_redirects=False), 405, "method_not_allowed")
    assert_error(client.get("/api/nothing-here/"), 404, "not_found")
    text = client.get("/metrics").text
    assert 'qa_http_requests_total{method="POST",route="/api/ask",status="422"}' in text


def test_unknown_route_and_method(client) -> None:
    assert_error(client.get("/api/nothing-here"), 404, "not_found", "/api/nothing-here")
    assert_error(client.get("/api/ask"), 405, "method_not_allowed")


def test_search(client) -> None:
    r = client.get("/api/search", params={"q": "中欧班列开行", "k": 2, "mode": "bm25"})
    hits = r.json()["hits"]
    assert r.status_code == 200 and len(hits) == 2 and "中欧班列" in hits[0]["text"]
    assert hits[0]["title"] == "测试报告" and hits[0]["bm25"] is not None
    assert_error(
        client.get("/api/search", params={"q": "x", "mode": "fuzzy"}), 422, "invalid_request", "mode"
    )
    assert_error(client.get("/api/search", params={"q": "x", "k": 0}), 422, "invalid_request", "k")
    assert_error(client.get("/api/search", params={"q": "  "}), 422, "bad_request", "empty")
    assert_error(client.get("/api/search"), 422, "invalid_request", "q")


def test_figures_with_citations(client) -> None:
    r = client.get("/api/figures", params={"q": "中欧班列", "year": 2020})
    body = r.json()
    assert r.status_code == 200 and body["total"] >= 1
    fig = next(f for f in body["figures"] if f["raw"] == "1.24万列")
    assert fig["value"] == 12400 and fig["unit"] == "列" and fig["year"] == 2020
    cite = fig["citation"]
    assert cite["doc_id"] == "doc1" and "1.24万列" in cite["quote"] and cite["section"] == "二、设施联通"
    text = client.get("/api/documents/doc1/text", params={"start": cite["start"], "end": cite["end"]})
    assert text.json()["text"] == cite["quote"]
    units = {f["unit"] for f in client.get("/api/figures", params={"unit": "%"}).json()["figures"]}
    assert units == {"%"}
    assert client.get("/api/figures", params={"q": "没有这个指标"}).json() == {"total": 0, "figures": []}
    assert_error(client.get("/api/figures", params={"year": "last"}), 422, "invalid_request", "year")


def test_documents(client) -> None:
    docs = client.get("/api/documents").json()["documents"]
    assert [d["doc_id"] for d in docs] == ["doc1"]
    one = client.get("/api/documents/doc1").json()
    assert one["title"] == "测试报告" and one["sections"][0]["path"] == "二、设施联通"
    assert_error(client.get("/api/documents/nope"), 404, "not_found", "nope")


def test_document_text_slices(client) -> None:
    r = client.get("/api/documents/doc1/text", params={"start": 0, "end": 6})
    assert r.json()["text"] == "二、设施联通"
    assert_error(client.get("/api/documents/doc1/text", params={"start": 10, "end": 5}), 422, "bad_request")
    past = client.get("/api/documents/doc1/text", params={"start": 5, "end": 10**6}).json()
    assert past["end"] == past["start"] + len(past["text"]) and past["text"]  # stops at the text's end
    assert_error(client.get("/api/documents/doc1/text", params={"start": 10**6}), 422, "bad_request")
    assert_error(client.get("/api/documents/doc1/text", params={"start": -1}), 422, "invalid_request")
    assert_error(client.get("/api/documents/nope/text"), 404, "not_found")


def test_feedback_is_validated_and_stored(client, settings) -> None:
    answer_id = client.post("/api/ask", json={"question": QUESTION}).json()["id"]
    r = client.post("/api/feedback", json={"answer_id": answer_id, "rating": "down", "comment": "wrong year"})
    assert r.status_code == 201 and r.json()["rating"] == "down" and r.json()["answer_id"] == answer_id
    assert_error(
        client.post("/api/feedback", json={"answer_id": answer_id, "rating": "meh"}), 422, "invalid_request"
    )
    assert_error(client.post("/api/feedback", json={"rating": "up"}), 422, "invalid_request", "answer_id")
    assert_error(client.post("/api/feedback", json={"answer_id": "", "rating": "up"}), 422, "invalid_request")


def test_feedback_on_an_unknown_answer_is_404(client, settings) -> None:
    assert_error(
        client.post("/api/feedback", json={"answer_id": "abc", "rating": "up"}), 404, "not_found", "abc"
    )
    store = Store(settings.data_dir)
    try:
        assert store.feedback("abc") == []
    finally:
        store.close()


def test_feedback_on_an_answer_another_worker_gave(settings) -> None:
    """The answer id is looked up in the shared query log, not only in this process's memory."""
    service = tiny_service(settings)
    with TestClient(create_app(settings, service)) as first:
        answer_id = first.post("/api/ask", json={"question": QUESTION}).json()["id"]
        first.app.state.store.flush()
        with TestClient(create_app(settings, service)) as second:
            r = second.post("/api/feedback", json={"answer_id": answer_id, "rating": "up"})
            assert r.status_code == 201, r.text


def test_feedback_survives_a_restart(settings) -> None:
    service = tiny_service(settings)
    with TestClient(create_app(settings, service)) as c:
        answer_id = c.post("/api/ask", json={"question": QUESTION}).json()["id"]
        assert c.post("/api/feedback", json={"answer_id": answer_id, "rating": "up"}).status_code == 201
    with TestClient(create_app(settings, service)) as c:  # a new app over the same data_dir
        assert c.get("/healthz").status_code == 200
    store = Store(settings.data_dir)
    try:
        rows = store.feedback(answer_id)
        assert [(r["answer_id"], r["rating"]) for r in rows] == [(answer_id, "up")]
        logged = store.queries()
        assert logged[0]["answer_id"] == answer_id and logged[0]["question"] == QUESTION
        assert logged[0]["lang"] == "zh" and logged[0]["chunk_ids"] and logged[0]["abstained"] == 0
    finally:
        store.close()


def test_query_log_prunes_old_rows(tmp_path) -> None:
    store = Store(tmp_path, query_log_days=1)
    try:
        answer = AskResponse(
            id="x",
            answer="",
            lang="en",
            abstained=True,
            citations=[],
            figures=[],
            timings_ms={"retrieve": 0, "answer": 0, "total": 0},
        )
        store.log_query(answer, "q", 1.0, "api", "r")
        store.flush()
        store._conn.execute("UPDATE queries SET ts = ts - 3 * 86400")
        assert store.prune() == 1 and store.queries() == []
    finally:
        store.close()


def test_health_ready_metrics(client) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.json()["status"] == "ready"
    client.post("/api/ask", json={"question": QUESTION})
    client.post("/api/ask", json={"question": ""})
    text = client.get("/metrics").text
    assert 'qa_http_requests_total{method="POST",route="/api/ask",status="200"}' in text
    assert "qa_http_request_duration_seconds_bucket" in text
    assert 'qa_answers_total{abstained="false"}' in text and 'qa_errors_total{code="bad_request"}' in text


def test_openapi_and_docs(client) -> None:
    spec = client.get("/openapi.json").json()
    paths = spec["paths"]
    assert {"/api/ask", "/api/ask/stream", "/api/search", "/api/figures", "/v1/chat/completions"} <= set(
        paths
    )
    answer = paths["/api/ask"]["post"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert answer == {"$ref": "#/components/schemas/AskResponse"}
    described = spec["components"]["schemas"]["AskResponse"]["properties"]
    assert {"answer", "lang", "abstained", "citations", "figures", "timings_ms"} <= set(described)
    assert client.get("/docs").status_code == 200 and client.get("/redoc").status_code == 200


def test_request_id_is_kept_or_made(client) -> None:
    assert client.get("/healthz", headers={"X-Request-ID": "abc-123"}).headers["x-request-id"] == "abc-123"
    made = client.get("/healthz", headers={"X-Request-ID": "bad id\n"}).headers["x-request-id"]
    assert made != "bad id\n" and len(made) == 32


def test_unexpected_errors_are_500_json_without_traceback(settings, caplog) -> None:
    service = tiny_service(settings)

    def broken(*args, **kwargs):
        raise RuntimeError("secret internal detail")

    service.ask = broken  # type: ignore[method-assign]
    with (
        TestClient(create_app(settings, service), raise_server_exceptions=False) as c,
        caplog.at_level(logging.ERROR),
    ):
        r = c.post("/api/ask", json={"question": QUESTION}, headers={"X-Request-ID": "req-500"})
    assert_error(r, 500, "internal", "req-500")
    assert "secret" not in r.text and "Traceback" not in r.text and r.headers["x-request-id"] == "req-500"
    assert any(getattr(rec, "fields", {}).get("request_id") == "req-500" for rec in caplog.records)


def test_access_log_is_one_structured_line_per_request(client, caplog) -> None:
    with caplog.at_level(logging.INFO, logger="qa.access"):
        client.get("/api/documents", headers={"X-Request-ID": "log-1"})
    fields = [r.fields for r in caplog.records if r.name == "qa.access"]
    assert fields[-1]["request_id"] == "log-1" and fields[-1]["status"] == 200
    assert fields[-1]["method"] == "GET" and fields[-1]["path"] == "/api/documents" and fields[-1]["ms"] >= 0
    from qa.api.serve import JsonFormatter

    line = JsonFormatter().format(next(r for r in caplog.records if r.name == "qa.access"))
    assert json.loads(line)["request_id"] == "log-1"


def test_missing_index_starts_and_answers_503(tmp_path) -> None:
    settings = tiny_settings(tmp_path)
    with TestClient(create_app(settings)) as c:  # the index dir is empty
        assert c.get("/healthz").status_code == 200
        assert_error(c.get("/readyz"), 503, "index_missing", "qa build")
        assert_error(c.post("/api/ask", json={"question": QUESTION}), 503, "index_missing")
        assert_error(c.get("/api/documents"), 503, "index_missing")


def test_not_ready_before_the_lifespan_has_run(settings) -> None:
    c = TestClient(create_app(settings, tiny_service(settings)))  # no `with`: startup has not run
    assert_error(c.get("/readyz"), 503, "not_ready")
    assert_error(c.post("/api/ask", json={"question": QUESTION}), 503, "not_ready")


def test_static_web_folder_is_served(settings, tmp_path) -> None:
    web = tmp_path / "web"
    web.mkdir()
    service = tiny_service(settings)
    with TestClient(create_app(settings, service, web_dir=web)) as c:
        assert_error(c.get("/"), 404, "not_found")  # an empty folder is no error
        (web / "index.html").write_text("<h1>chat</h1>", encoding="utf-8")
        assert c.get("/").text == "<h1>chat</h1>"
        assert c.get("/healthz").status_code == 200


@pytest.mark.slow
def test_real_model_answers_chinese_and_english_over_http(real_settings, real_service) -> None:
    with TestClient(create_app(real_settings, real_service)) as c:
        zh = c.post("/api/ask", json={"question": "2020年中欧班列开行多少列？"}).json()
        assert not zh["abstained"] and "1.24万列" in zh["answer"] and zh["citations"]
        en = c.post(
            "/api/ask", json={"question": "How many China-Europe Railway Express trains ran in 2019?"}
        )
        assert en.status_code == 200 and en.json()["lang"] == "en" and "8,225" in en.json()["answer"]
        figs = c.get("/api/figures", params={"q": "中欧班列", "year": 2019}).json()["figures"]
        assert any(f["value"] == 8225 and "8225列" in f["citation"]["quote"] for f in figs)
