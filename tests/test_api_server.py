"""Streaming and the OpenAI-compatible endpoint through a real uvicorn server, with httpx and the openai client."""

from __future__ import annotations

import json

import httpx
import openai
import pytest
from openai import OpenAI

from qa.api.app import create_app
from tests.api_helpers import QUESTION, running, tiny_service, tiny_settings


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    settings = tiny_settings(tmp_path_factory.mktemp("server"), api_keys="k1")
    with running(create_app(settings, tiny_service(settings))) as url:
        yield url


def read_events(response: httpx.Response) -> list[tuple[str, str]]:
    """(event, data) pairs of a server-sent event stream."""
    events, name, data = [], "message", []
    for line in response.iter_lines():
        if line.startswith("event:"):
            name = line[6:].strip()
        elif line.startswith("data:"):
            data.append(line[5:].strip())
        elif not line and data:
            events.append((name, "\n".join(data)))
            name, data = "message", []
    return events


def test_ask_stream_sends_sources_then_deltas_then_final(base_url) -> None:
    with httpx.stream(
        "POST", f"{base_url}/api/ask/stream", json={"question": QUESTION}, headers={"X-API-Key": "k1"}
    ) as r:
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/event-stream")
        events = read_events(r)
    names = [n for n, _ in events]
    assert names[0] == "sources" and names[-1] == "final" and set(names[1:-1]) == {"delta"}
    final = json.loads(events[-1][1])
    assert "".join(json.loads(d)["text"] for n, d in events if n == "delta") == final["answer"]
    assert final["citations"] and final["id"] and "1.24万列" in final["answer"]


def test_ask_stream_rejects_bad_input_before_streaming(base_url) -> None:
    r = httpx.post(f"{base_url}/api/ask/stream", json={"question": " "}, headers={"X-API-Key": "k1"})
    assert r.status_code == 422 and r.json()["error"]["code"] == "bad_request"
    r = httpx.post(f"{base_url}/api/ask/stream", json={"question": QUESTION})
    assert r.status_code == 401


def test_ask_stream_reports_failures_as_an_error_event(tmp_path) -> None:
    settings = tiny_settings(tmp_path)
    service = tiny_service(settings)

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    service.ask = service.ask_events = broken  # type: ignore[method-assign]
    with (
        running(create_app(settings, service)) as url,
        httpx.stream("POST", f"{url}/api/ask/stream", json={"question": QUESTION}) as r,
    ):
        events = read_events(r)
    assert [n for n, _ in events] == ["error"]
    assert json.loads(events[0][1])["error"]["code"] == "internal" and "boom" not in events[0][1]


def test_openai_client_non_streaming(base_url) -> None:
    client = OpenAI(base_url=f"{base_url}/v1", api_key="k1")
    assert [m.id for m in client.models.list().data] == ["belt-road-qa"]
    reply = client.chat.completions.create(
        model="belt-road-qa",
        messages=[
            {"role": "system", "content": "You are helpful."},
            {"role": "user", "content": QUESTION},
        ],
    )
    content = reply.choices[0].message.content or ""
    assert "1.24万列" in content and "\n\nSources:\n[1] 测试报告 › 二、设施联通" in content
    extra = reply.model_extra["qa"]  # type: ignore[index]
    assert extra["citations"][0]["doc_id"] == "doc1" and extra["lang"] == "zh" and not extra["abstained"]
    assert any(f["raw"] == "1.24万列" for f in extra["figures"])


def test_openai_client_streaming_with_history(base_url) -> None:
    client = OpenAI(base_url=f"{base_url}/v1", api_key="k1")
    stream = client.chat.completions.create(
        model="belt-road-qa",
        messages=[
            {"role": "user", "content": QUESTION},
            {"role": "assistant", "content": "1.24万列。\n\nSources:\n[1] 测试报告"},
            {"role": "user", "content": "同比增长多少？"},
        ],
        stream=True,
    )
    chunks = list(stream)
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert chunks[0].choices[0].delta.role == "assistant" and chunks[-1].choices[0].finish_reason == "stop"
    assert "Sources:" in text and chunks[-1].model_extra["qa"]["citations"]  # type: ignore[index]


def test_openai_client_errors(base_url) -> None:
    with pytest.raises(openai.AuthenticationError):
        OpenAI(base_url=f"{base_url}/v1", api_key="wrong").models.list()
    client = OpenAI(base_url=f"{base_url}/v1", api_key="k1", max_retries=0)
    with pytest.raises(openai.UnprocessableEntityError, match="user message"):
        client.chat.completions.create(model="m", messages=[{"role": "system", "content": "only rules"}])
    with pytest.raises(openai.UnprocessableEntityError, match="empty"):
        client.chat.completions.create(model="m", messages=[{"role": "user", "content": ""}])
