"""The optional LLM path through the real openai client against a local stand-in of an OpenAI-compatible server."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse

from qa.answer.llm import LLMAnswerer, verify
from tests.api_helpers import running, tiny_service, tiny_settings

QUESTION = "2020年中欧班列开行多少列？"


def stand_in(behaviour: dict) -> FastAPI:
    """A chat-completions endpoint that answers, stalls or fails as `behaviour` says; records requests."""
    app = FastAPI()

    @app.post("/v1/chat/completions")
    async def complete(request: Request) -> Response:
        body = await request.json()
        behaviour.setdefault("requests", []).append(body)
        if behaviour.get("sleep"):
            await asyncio.sleep(behaviour["sleep"])
        if behaviour.get("status", 200) != 200:
            return JSONResponse({"error": {"message": "boom"}}, status_code=behaviour["status"])
        if body.get("stream"):
            return StreamingResponse(
                chunks(body["model"], behaviour["reply"]), media_type="text/event-stream"
            )
        message = {"role": "assistant", "content": behaviour["reply"]}
        return JSONResponse(
            {
                "id": "chatcmpl-1",
                "object": "chat.completion",
                "created": 0,
                "model": body["model"],
                "choices": [{"index": 0, "message": message, "finish_reason": "stop"}],
            }
        )

    return app


async def chunks(model: str, reply: str) -> AsyncIterator[str]:
    """The reply as OpenAI streams it: a chunk per token (a word, a character of Chinese, a marker)."""
    for token in re.findall(r"\[\d+\]|[A-Za-z0-9.,%]+\s*|.", reply, flags=re.S):
        chunk = {"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 0, "model": model}
        chunk["choices"] = [{"index": 0, "delta": {"content": token}, "finish_reason": None}]
        yield f"data: {json.dumps(chunk, ensure_ascii=False)}\n\n"
        await asyncio.sleep(0.005)
    yield "data: [DONE]\n\n"


@pytest.fixture()
def llm_server() -> Iterator[tuple[dict, str]]:
    behaviour: dict = {"reply": ""}
    with running(stand_in(behaviour)) as url:
        yield behaviour, f"{url}/v1"


@pytest.fixture()
def service(tmp_path, llm_server):
    behaviour, base_url = llm_server
    return tiny_service(tiny_settings(tmp_path), LLMAnswerer(base_url, "stand-in-model", timeout=1.0))


def test_a_faithful_llm_answer_is_returned(service, llm_server) -> None:
    behaviour, _ = llm_server
    behaviour["reply"] = "2020年中欧班列开行1.24万列，同比增长50%[1]。"
    result = service.ask(QUESTION).model_dump()
    assert result["source"] == "llm" and result["llm_error"] is None
    assert result["answer"] == behaviour["reply"]
    assert "1.24万列" in result["citations"][0]["text"]
    assert {f["raw"] for f in result["figures"]} >= {"1.24万列"}
    sent = behaviour["requests"][0]
    assert sent["model"] == "stand-in-model" and "[1]" in sent["messages"][-1]["content"]


def test_the_llm_answer_streams_token_by_token_and_ends_as_ask_does(service, llm_server) -> None:
    behaviour, _ = llm_server
    behaviour["reply"] = "2020年中欧班列开行1.24万列，同比增长50%[1]。"
    events = list(service.ask_events(QUESTION))
    names = [name for name, _ in events]
    assert names[0] == "sources" and names[-1] == "final" and "reset" not in names
    deltas = [data for name, data in events if name == "delta"]
    assert len(deltas) >= 10 and "".join(deltas) == behaviour["reply"]  # token by token, not one burst
    assert behaviour["requests"][-1]["stream"] is True
    final = events[-1][1].model_dump()
    plain = service.ask(QUESTION).model_dump()
    for result in (final, plain):
        result.pop("id"), result.pop("timings_ms")
    assert final == plain and final["source"] == "llm"


def test_a_streamed_answer_that_fails_verification_is_withdrawn(service, llm_server) -> None:
    behaviour, _ = llm_server
    behaviour["reply"] = "2020年中欧班列开行3.5万列[1]。"  # a number the passages do not hold
    events = list(service.ask_events(QUESTION))
    names = [name for name, _ in events]
    reset = names.index("reset")
    streamed = "".join(d for n, d in events[:reset] if n == "delta")
    after = "".join(d for n, d in events[reset:] if n == "delta")
    final = events[-1][1]
    assert streamed == behaviour["reply"] and final.source == "extractive"
    assert after == final.answer and "3.5万" not in after and "llm answer rejected" in (final.llm_error or "")


def test_the_not_found_reply_is_never_streamed(service, llm_server) -> None:
    behaviour, _ = llm_server
    behaviour["reply"] = "NOT_IN_REPORTS"
    events = list(service.ask_events(QUESTION))
    assert all("NOT_IN" not in str(data) for name, data in events if name == "delta")
    assert events[-1][1].abstained and "reset" not in [name for name, _ in events]


def test_an_invented_number_falls_back_to_the_extractive_answer(service, llm_server) -> None:
    behaviour, _ = llm_server
    behaviour["reply"] = "2020年中欧班列开行1.5万列[1]。"
    result = service.ask(QUESTION).model_dump()
    assert result["source"] == "extractive"
    assert "15000" in result["llm_error"] and "does not appear" in result["llm_error"]
    assert "1.24万列" in result["answer"]


def test_an_invalid_citation_falls_back(service, llm_server) -> None:
    behaviour, _ = llm_server
    behaviour["reply"] = "2020年中欧班列开行1.24万列[9]。"
    result = service.ask(QUESTION).model_dump()
    assert result["source"] == "extractive" and "do not exist: [9]" in result["llm_error"]


def test_a_timeout_falls_back(service, llm_server) -> None:
    behaviour, _ = llm_server
    behaviour.update(reply="2020年中欧班列开行1.24万列[1]。", sleep=2.0)
    result = service.ask(QUESTION).model_dump()
    assert result["source"] == "extractive" and "Timeout" in result["llm_error"]
    assert "1.24万列" in result["answer"]


def test_a_server_error_falls_back(service, llm_server) -> None:
    behaviour, _ = llm_server
    behaviour.update(reply="x", status=500)
    result = service.ask(QUESTION).model_dump()
    assert result["source"] == "extractive" and "InternalServerError" in result["llm_error"]


def test_an_endpoint_that_is_down_falls_back(tmp_path) -> None:
    svc = tiny_service(tiny_settings(tmp_path), LLMAnswerer("http://127.0.0.1:9/v1", "m", timeout=1.0))
    result = svc.ask(QUESTION).model_dump()
    assert result["source"] == "extractive" and "Connection" in result["llm_error"]


def test_the_llm_saying_not_found_abstains(service, llm_server) -> None:
    behaviour, _ = llm_server
    behaviour["reply"] = "NOT_IN_REPORTS"
    result = service.ask(QUESTION).model_dump()
    assert result["abstained"] and result["source"] == "llm"


@pytest.mark.parametrize(
    ("answer", "problem"),
    [
        ("In 2020 the trains ran 12,400 times, up 50% [1].", None),
        ("It ran 12,400 trains. [1] Shipments grew 56% [1].", None),
        ("It ran 13,000 trains [1].", "13000"),
        ("It ran many trains.", "cites no passage"),
        ("It ran 12,400 trains [0].", "do not exist"),
    ],
)
def test_verification_rules(answer: str, problem: str | None) -> None:
    passages = ["2020年，中欧班列开行1.24万列，同比增长50%；发送113.5万标箱，同比增长56%。"]
    found = verify(answer, passages)
    assert (found is None) if problem is None else (found is not None and problem in found)


def test_the_llm_answer_streams_over_http_as_the_model_writes_it(tmp_path, llm_server) -> None:
    from qa.api.app import create_app
    from tests.test_web_server import read_events

    behaviour, base_url = llm_server
    behaviour["reply"] = "2020年中欧班列开行1.24万列，同比增长50%[1]。"
    settings = tiny_settings(tmp_path)
    service = tiny_service(settings, LLMAnswerer(base_url, "stand-in-model", timeout=5.0))
    with (
        running(create_app(settings, service=service, web_dir=None)) as url,
        httpx.stream("POST", f"{url}/api/ask/stream", json={"question": QUESTION}, timeout=30) as response,
    ):
        events = read_events(response)
    names = [name for _, name, _ in events]
    assert names[0] == "sources" and names[-1] == "final"
    deltas = [(at, data["text"]) for at, name, data in events if name == "delta"]
    assert "".join(text for _, text in deltas) == behaviour["reply"] == events[-1][2]["answer"]
    # The stand-in sends a token every 5 ms: the deltas arrive spread out, not in one burst at the end.
    assert len(deltas) >= 10 and deltas[-1][0] - deltas[0][0] > 0.03
    assert events[0][0] < deltas[0][0]
