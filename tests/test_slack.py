"""The Slack bot against a local stand-in of the Slack Web API, driven with signed requests."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import re
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest
from fastapi import FastAPI, Request
from fastapi.testclient import TestClient

from qa.core.config import Settings
from qa.core.types import AskResponse
from qa.integrations.slack import routes as slack_module
from qa.integrations.slack.blocks import (
    MAX_BLOCKS,
    MAX_CONTEXT_ELEMENTS,
    MAX_SECTION_CHARS,
    POST_ACTION,
    answer_blocks,
)
from qa.integrations.slack.routes import create_slack_router, slack_enabled
from qa.service import QAService
from tests.api_helpers import QUESTION, running, tiny_service, tiny_settings

SECRET = "test-signing-secret"
BOT_USER, BOT_ID = "UBOT", "BBOT"
T1, T2, T3 = "1700000000.000100", "1700000001.000200", "1700000002.000300"


class SlackStandIn:
    """Records Web API calls and response_url posts; answers like Slack, and checks Block Kit limits."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict]] = []
        self.replies: list[dict] = []
        self.errors: dict[str, str] = {}
        self.lock = threading.Lock()
        self.app = FastAPI()

        @self.app.api_route("/api/{method}", methods=["GET", "POST"])
        async def api(method: str, request: Request) -> dict:
            data: dict = dict(request.query_params)
            body = await request.body()
            if body and request.headers.get("content-type", "").startswith("application/json"):
                data.update(json.loads(body))
            elif body:
                data.update(dict(httpx.QueryParams(body.decode())))
            with self.lock:
                self.calls.append((method, data))
            if method in self.errors:
                return {"ok": False, "error": self.errors[method]}
            if method == "auth.test":
                return {"ok": True, "user_id": BOT_USER, "bot_id": BOT_ID, "team_id": "T1", "user": "qa"}
            if method == "conversations.replies":
                return {"ok": True, "messages": self.replies, "has_more": False}
            if method == "chat.postMessage":
                problem = block_problem(data.get("blocks") or [])
                if problem:
                    return {"ok": False, "error": "invalid_blocks", "detail": problem}
                return {"ok": True, "channel": data["channel"], "ts": "1700000009.000900", "message": data}
            return {"ok": False, "error": "unknown_method"}

        @self.app.post("/respond/{hook}")
        async def respond(hook: str, request: Request) -> dict:
            with self.lock:
                self.calls.append((f"response_url:{hook}", await request.json()))
            return {"ok": True}

    def named(self, method: str) -> list[dict]:
        """The recorded calls of one method."""
        with self.lock:
            return [data for name, data in self.calls if name == method]

    def wait_for(self, method: str, count: int = 1, timeout: float = 15) -> list[dict]:
        """The calls of one method, once there are at least `count`."""
        deadline = time.monotonic() + timeout
        while len(self.named(method)) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        return self.named(method)


def block_problem(message_blocks: list[dict] | str) -> str | None:
    """What breaks Slack's limits in a message's blocks, if anything."""
    blocks: list[dict] = json.loads(message_blocks) if isinstance(message_blocks, str) else message_blocks
    if len(blocks) > MAX_BLOCKS:
        return "too many blocks"
    for block in blocks:
        if block["type"] == "section" and len(block["text"]["text"]) > MAX_SECTION_CHARS:
            return "section text too long"
        if block["type"] == "context" and len(block["elements"]) > MAX_CONTEXT_ELEMENTS:
            return "too many context elements"
    return None


def block_texts(blocks: list[dict]) -> str:
    """All mrkdwn and button text of a message, joined by newlines."""
    texts = []
    for block in blocks:
        if "text" in block:
            texts.append(block["text"]["text"])
        for element in block.get("elements", []):
            texts.append(element["text"]["text"] if element["type"] == "button" else element["text"])
    return "\n".join(texts)


class Recording:
    """A service wrapper that records what was asked, and can sleep or fail first."""

    def __init__(
        self,
        service: QAService,
        delay: float = 0,
        error: Exception | None = None,
        result: AskResponse | None = None,
    ) -> None:
        self.service, self.delay, self.error, self.result = service, delay, error, result
        self.asked: list[tuple[str, list[dict]]] = []

    def ask(self, question: str, history=(), top_k=None) -> AskResponse:
        """Record, then answer (or raise)."""
        self.asked.append((question, list(history)))
        time.sleep(self.delay)
        if self.error:
            raise self.error
        return self.result or self.service.ask(question, history, top_k)


@pytest.fixture(scope="module")
def standin() -> Iterator[tuple[SlackStandIn, str]]:
    """The Slack stand-in served by a real uvicorn; yields it and its base URL."""
    stand = SlackStandIn()
    with running(stand.app) as url:
        yield stand, url


@pytest.fixture
def slack(standin: tuple[SlackStandIn, str]) -> SlackStandIn:
    """The stand-in with a clean record."""
    stand, _ = standin
    stand.calls.clear()
    stand.replies, stand.errors = [], {}
    return stand


@pytest.fixture(scope="module")
def base_service(tmp_path_factory: pytest.TempPathFactory) -> QAService:
    """The tiny Chinese index with the hash embedder."""
    return tiny_service(tiny_settings(tmp_path_factory.mktemp("slack")))


def slack_settings(tmp_path: Path, api_url: str, **overrides: object) -> Settings:
    """Tiny settings with the Slack secrets and the stand-in's Web API URL."""
    values = {
        "slack_signing_secret": SECRET,
        "slack_bot_token": "xoxb-test",
        "slack_api_url": f"{api_url}/api/",
    }
    return tiny_settings(tmp_path, **{**values, **overrides})


def make_app(settings: Settings, service: object) -> FastAPI:
    """A bare app with only the Slack router, the way api.py mounts it."""
    app = FastAPI()
    app.include_router(create_slack_router(settings, lambda: service))  # type: ignore[arg-type,return-value]
    return app


@pytest.fixture
def make_client(
    tmp_path: Path, standin: tuple[SlackStandIn, str], base_service: QAService
) -> Callable[..., tuple[TestClient, Recording]]:
    """A TestClient over the Slack router and the recording service wrapped around the tiny service."""

    def make(
        delay: float = 0, error: Exception | None = None, result: dict | None = None, **overrides: object
    ) -> tuple[TestClient, Recording]:
        service = Recording(base_service, delay, error, result)
        return TestClient(make_app(slack_settings(tmp_path, standin[1], **overrides), service)), service

    return make


def signed(body: bytes, secret: str = SECRET, timestamp: int | None = None, **extra: str) -> dict[str, str]:
    """Slack's v0 signature headers for a body."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    digest = hmac.new(secret.encode(), f"v0:{ts}:{body.decode()}".encode(), hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": f"v0={digest}", **extra}


def post_event(client: TestClient, payload: dict, **headers: str) -> Any:
    """POST a signed Events API payload."""
    body = json.dumps(payload).encode()
    return client.post(
        "/slack/events", content=body, headers={**signed(body), "Content-Type": "application/json", **headers}
    )


def post_form(client: TestClient, path: str, form: dict[str, str]) -> Any:
    """POST a signed form (slash commands, interactions)."""
    body = urlencode(form).encode()
    headers = {**signed(body), "Content-Type": "application/x-www-form-urlencoded"}
    return client.post(path, content=body, headers=headers)


def event(text: str, event_id: str = "Ev1", **fields: str) -> dict:
    """An event_callback with an app_mention (override type, channel, ts, … through fields)."""
    inner = {"type": "app_mention", "user": "U1", "text": text, "channel": "C1", "ts": T1, **fields}
    return {"type": "event_callback", "event_id": event_id, "team_id": "T1", "event": inner}


def test_url_verification(make_client) -> None:
    client, _ = make_client()
    response = post_event(client, {"type": "url_verification", "challenge": "c-123", "token": "x"})
    assert response.status_code == 200
    assert response.json() == {"challenge": "c-123"}


def test_mention_answered_in_its_thread_with_citations(make_client, slack) -> None:
    client, service = make_client(public_url="https://qa.example")
    response = post_event(client, event(f"<@{BOT_USER}> {QUESTION}"))
    assert response.status_code == 200
    assert service.asked == [(QUESTION, [])]
    [post] = slack.named("chat.postMessage")
    assert post["channel"] == "C1" and post["thread_ts"] == T1
    assert "1.24万列" in post["text"]
    text = block_texts(post["blocks"])
    assert "1.24万列" in post["blocks"][0]["text"]["text"]
    assert "• 中欧班列开行 (2020): 1.24万列 [1]" in text
    contexts = [b for b in post["blocks"] if b["type"] == "context"]
    line = contexts[0]["elements"][0]["text"]
    assert line.startswith("[1] <https://qa.example/?doc=doc1&start=") and "|测试报告> › 二、设施联通" in line
    assert ", p. 1 — “" in line and "1.24万列" in line


def test_thread_follow_up_uses_the_thread_as_history(make_client, slack) -> None:
    client, service = make_client()
    first = f"<@{BOT_USER}> {QUESTION}"
    reply = "2020年，中欧班列开行1.24万列，同比增长50%；[1]"
    follow = f"<@{BOT_USER}> 那服务进出口额呢？"
    slack.replies = [
        {"type": "message", "user": "U1", "text": first, "ts": T1},
        {"type": "message", "user": BOT_USER, "bot_id": BOT_ID, "text": reply, "ts": T2, "thread_ts": T1},
        {"type": "message", "user": "UOTHER", "bot_id": "BOTHER", "text": "another bot", "ts": T2 + "1"},
        {"type": "message", "user": "U1", "text": follow, "ts": T3, "thread_ts": T1},
    ]
    assert post_event(client, event(follow, "Ev2", ts=T3, thread_ts=T1)).status_code == 200
    [replies] = slack.named("conversations.replies")
    assert replies["channel"] == "C1" and replies["ts"] == T1
    history = [{"role": "user", "content": QUESTION}, {"role": "assistant", "content": reply}]
    assert service.asked == [("那服务进出口额呢？", history)]
    [post] = slack.named("chat.postMessage")
    assert post["thread_ts"] == T1
    assert "844.7亿美元" in post["blocks"][0]["text"]["text"]


def test_direct_message_answered(make_client, slack) -> None:
    client, service = make_client()
    dm = event(QUESTION, "Ev3", type="message", channel="D1", channel_type="im")
    assert post_event(client, dm).status_code == 200
    [post] = slack.named("chat.postMessage")
    assert post["channel"] == "D1" and post["thread_ts"] == T1
    assert "1.24万列" in post["text"]


def test_slash_command_replies_now_and_answers_through_response_url(make_client, slack, standin) -> None:
    client, _ = make_client()
    hook = f"{standin[1]}/respond/cmd1"
    form = {"command": "/ask", "text": QUESTION, "response_url": hook, "user_id": "U1", "channel_id": "C1"}
    response = post_form(client, "/slack/commands", form)
    assert response.status_code == 200
    assert response.json() == {"response_type": "ephemeral", "text": "正在查找答案…"}
    [answer] = slack.named("response_url:cmd1")
    assert answer["response_type"] == "ephemeral"
    assert "1.24万列" in answer["blocks"][0]["text"]["text"]
    [button] = answer["blocks"][-1]["elements"]
    assert button["action_id"] == POST_ACTION and button["text"]["text"] == "发到频道"
    assert not slack.named("chat.postMessage")

    # The button posts the same answer to the channel and removes the private copy.
    click = {
        "type": "block_actions",
        "user": {"id": "U1"},
        "channel": {"id": "C1"},
        "response_url": f"{standin[1]}/respond/click1",
        "actions": [{"action_id": POST_ACTION, "value": button["value"]}],
    }
    assert post_form(client, "/slack/interactions", {"payload": json.dumps(click)}).status_code == 200
    [post] = slack.named("chat.postMessage")
    assert post["channel"] == "C1" and "thread_ts" not in post
    assert post["blocks"][0]["elements"][0]["text"] == f"<@U1> 提问：{QUESTION}"
    assert post["blocks"][1]["text"]["text"] == answer["blocks"][0]["text"]["text"]
    assert slack.named("response_url:click1") == [{"delete_original": True}]


def test_slash_command_in_english_and_button_outside_the_channel(make_client, slack, standin) -> None:
    client, _ = make_client()
    hook = f"{standin[1]}/respond/cmd2"
    form = {"command": "/ask", "text": "How many China-Europe trains ran in 2020?", "response_url": hook}
    assert post_form(client, "/slack/commands", form).json()["text"] == "Working on it…"
    [answer] = slack.named("response_url:cmd2")
    [button] = answer["blocks"][-1]["elements"]
    assert button["text"]["text"] == "Post to channel"
    slack.errors["chat.postMessage"] = "not_in_channel"
    click = {
        "type": "block_actions",
        "user": {"id": "U1"},
        "channel": {"id": "C9"},
        "response_url": f"{standin[1]}/respond/click2",
        "actions": [{"action_id": POST_ACTION, "value": button["value"]}],
    }
    post_form(client, "/slack/interactions", {"payload": json.dumps(click)})
    [notice] = slack.named("response_url:click2")
    assert "/invite" in notice["text"]


def test_bad_signature_and_stale_timestamp_are_rejected(make_client, slack) -> None:
    client, service = make_client()
    body = json.dumps(event(QUESTION)).encode()
    for headers in (
        signed(body, secret="wrong-secret"),
        signed(body, timestamp=int(time.time()) - 600),
        {"X-Slack-Request-Timestamp": "soon", "X-Slack-Signature": "v0=00"},
        {},
    ):
        response = client.post("/slack/events", content=body, headers=headers)
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "bad_signature"
    form = urlencode({"text": QUESTION, "response_url": "http://x"}).encode()
    assert client.post("/slack/commands", content=form, headers=signed(form, "nope")).status_code == 401
    assert client.post("/slack/interactions", content=b"payload=%7B%7D").status_code == 401
    assert service.asked == [] and slack.calls == []


def test_retried_event_is_answered_once(make_client, slack) -> None:
    client, service = make_client()
    payload = event(f"<@{BOT_USER}> {QUESTION}", "Ev4")
    assert post_event(client, payload).status_code == 200
    retry = post_event(client, payload, **{"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"})
    assert retry.status_code == 200
    # The same message delivered again under another event id (a DM that mentions the bot) is not answered again.
    assert post_event(client, {**payload, "event_id": "Ev5"}).status_code == 200
    assert len(service.asked) == 1
    assert len(slack.named("chat.postMessage")) == 1


def test_own_messages_edits_and_other_bots_are_ignored(make_client, slack) -> None:
    client, service = make_client()
    for n, fields in enumerate(
        [
            {"user": BOT_USER},  # the bot's own user id (found with auth.test)
            {"user": BOT_USER, "bot_id": BOT_ID, "type": "message", "channel_type": "im"},
            {"user": "U2", "bot_id": "BOTHER"},
            {"type": "message", "channel_type": "im", "subtype": "message_changed"},
            {"type": "message", "channel_type": "channel"},
        ]
    ):
        assert (
            post_event(client, event(QUESTION, f"Ev-ignored-{n}", ts=f"17000000{n}.0", **fields)).status_code
            == 200
        )
    assert service.asked == []
    assert slack.named("chat.postMessage") == []


def test_answering_error_posts_an_apology(make_client, slack, caplog) -> None:
    client, _ = make_client(error=RuntimeError("index exploded at 0xdeadbeef"))
    with caplog.at_level(logging.ERROR, logger="qa.slack"):
        assert post_event(client, event(f"<@{BOT_USER}> {QUESTION}", "Ev6")).status_code == 200
    [post] = slack.named("chat.postMessage")
    assert post["thread_ts"] == T1
    assert (
        post["text"].startswith("抱歉") and "exploded" not in post["text"] and "Traceback" not in post["text"]
    )
    assert any(r.exc_info and "index exploded" in str(r.exc_info[1]) for r in caplog.records)


def test_empty_mention_gets_a_hint(make_client, slack) -> None:
    client, service = make_client()
    post_event(client, event(f"<@{BOT_USER}>", "Ev7"))
    [post] = slack.named("chat.postMessage")
    assert "2020年中欧班列开行多少列" in post["text"] and service.asked == []


@pytest.mark.slow
def test_slack_gets_its_200_at_once_when_answering_is_slow(tmp_path, standin, slack, base_service) -> None:
    app = make_app(slack_settings(tmp_path, standin[1]), Recording(base_service, delay=5))
    body = json.dumps(event(f"<@{BOT_USER}> {QUESTION}", "Ev8")).encode()
    with running(app) as url:
        started = time.monotonic()
        response = httpx.post(f"{url}/slack/events", content=body, headers=signed(body), timeout=10)
        elapsed = time.monotonic() - started
        assert response.status_code == 200 and elapsed < 1
        assert slack.named("chat.postMessage") == []
        [post] = slack.wait_for("chat.postMessage")
    assert time.monotonic() - started >= 5
    assert "1.24万列" in post["text"]


def test_long_answers_respect_block_limits(make_client, slack, base_service) -> None:
    long = "中欧班列开行1.24万列，<同比>增长50% & 更多。" * 1200  # ~36,000 characters
    result = base_service.ask(QUESTION).model_dump()
    citation = result["citations"][0]
    result = {
        **result,
        "answer": long,
        "citations": [{**citation, "id": n, "quote": "很长的引文" * 100} for n in range(1, 61)],
        "figures": [{**result["figures"][0], "label": f"指标{n}"} for n in range(80)],
    }
    blocks = answer_blocks(result, "https://qa.example")
    assert block_problem(blocks) is None
    sections = [b["text"]["text"] for b in blocks if b["type"] == "section"]
    assert sections[0].startswith("中欧班列开行1.24万列，&lt;同比&gt;增长50% &amp; 更多。")
    answer_sections = [s for s in sections if not s.startswith("*")]
    assert answer_sections[-1].endswith("…") and "&am…" not in answer_sections[-1]
    contexts = [b for b in blocks if b["type"] == "context"]
    assert 0 < len(contexts) <= 10
    assert all(len(c["elements"][0]["text"]) < 400 for c in contexts)

    # Through the bot, the stand-in (which checks the limits) accepts the message.
    client, _ = make_client(result=AskResponse.model_validate(result))
    post_event(client, event(f"<@{BOT_USER}> {QUESTION}", "Ev9"))
    [post] = slack.named("chat.postMessage")
    assert block_problem(post["blocks"]) is None
    assert post["blocks"][0]["text"]["text"] == sections[0]


def test_abstention_lists_related_passages(base_service) -> None:
    result = base_service.ask("What is the weather on Mars?").model_dump()
    assert result["abstained"]
    text = block_texts(answer_blocks({**result, "citations": result["citations"]}))
    assert "*Related passages:*" in text and "[1] 测试报告" in text and "Figures" not in text


def test_document_text_is_escaped() -> None:
    result = {
        "answer": "A <b>&</b> [1]",
        "lang": "en",
        "abstained": False,
        "citations": [
            {"id": 1, "doc_id": "d", "title": "R&D <x>", "section": "", "page": None, "quote": "a<b"}
        ],
        "figures": [{"raw": "5>4", "label": "L&L", "label_en": None, "year": None, "citation": 1}],
    }
    text = block_texts(answer_blocks(result))
    assert "A &lt;b&gt;&amp;&lt;/b&gt; [1]" in text
    assert "[1] R&amp;D &lt;x&gt; — “a&lt;b”" in text
    assert "• Figure (L&amp;L): 5&gt;4 [1]" in text


def test_slack_enabled_needs_both_settings_and_says_so_once(tmp_path, caplog, monkeypatch) -> None:
    monkeypatch.setattr(slack_module, "_said_disabled", False)
    with caplog.at_level(logging.INFO, logger="qa.slack"):
        assert not slack_enabled(tiny_settings(tmp_path))
        assert not slack_enabled(tiny_settings(tmp_path, slack_bot_token="xoxb-1"))
    assert slack_enabled(tiny_settings(tmp_path, slack_bot_token="xoxb-1", slack_signing_secret="s"))
    said = [r.getMessage() for r in caplog.records if "Slack integration disabled" in r.getMessage()]
    assert said == ["Slack integration disabled: set QA_SLACK_SIGNING_SECRET and QA_SLACK_BOT_TOKEN"]


def test_manifest_points_at_the_routes(tmp_path) -> None:
    yaml = pytest.importorskip("yaml")
    manifest = yaml.safe_load((Path(__file__).parent.parent / "slack" / "manifest.yaml").read_text())
    events, interactivity = manifest["settings"]["event_subscriptions"], manifest["settings"]["interactivity"]
    assert events["bot_events"] == ["app_mention", "message.im"]
    urls = [
        events["request_url"],
        interactivity["request_url"],
        manifest["features"]["slash_commands"][0]["url"],
    ]
    router = create_slack_router(
        tiny_settings(tmp_path, slack_bot_token="x", slack_signing_secret="s"), lambda: None
    )
    paths = {route.path for route in router.routes}  # type: ignore[attr-defined]
    assert {u.removeprefix("https://YOUR-HOST") for u in urls} == paths
    assert {"app_mentions:read", "chat:write", "commands", "im:history"} <= set(
        manifest["oauth_config"]["scopes"]["bot"]
    )


def test_index_not_loaded_posts_an_apology(tmp_path, standin, slack) -> None:
    client = TestClient(make_app(slack_settings(tmp_path, standin[1]), None))
    post_event(client, event("<@UBOT> How many trains ran in 2020?", "Ev10"))
    [post] = slack.named("chat.postMessage")
    assert post["text"].startswith("Sorry") and post["thread_ts"] == T1


def test_the_app_mounts_slack_only_when_configured(tmp_path: Path, base_service: QAService) -> None:
    from qa.api.app import create_app

    body = json.dumps({"type": "url_verification", "challenge": "abc"}).encode()
    on = slack_settings(tmp_path, "http://127.0.0.1:9/api/")
    with TestClient(create_app(on, base_service)) as client:
        reply = client.post("/slack/events", content=body, headers=signed(body))
        assert reply.status_code == 200 and reply.json()["challenge"] == "abc"
    off = on.model_copy(update={"slack_signing_secret": None, "slack_bot_token": None})
    with TestClient(create_app(off, base_service)) as client:
        assert client.post("/slack/events", content=body, headers=signed(body)).status_code == 404


def test_slack_answers_are_logged_and_counted_like_api_answers(
    tmp_path: Path, standin, slack, base_service: QAService
) -> None:
    from prometheus_client import REGISTRY

    from qa.api.app import create_app

    def answered() -> float:
        return REGISTRY.get_sample_value("qa_answers_total", {"abstained": "false"}) or 0.0

    settings = slack_settings(tmp_path, standin[1])
    before = answered()
    with TestClient(create_app(settings, base_service)) as client:
        post_event(client, event(f"<@{BOT_USER}> {QUESTION}", "Ev20"))
        [post] = slack.named("chat.postMessage")
        assert "1.24万列" in post["text"]
        [row] = client.app.state.store.queries()
        assert row["source"] == "slack" and row["question"] == QUESTION and not row["abstained"]
    assert answered() == before + 1


@pytest.mark.parametrize("body", [b"[]", b"null", b'"text"', b'{"type": "event_callback", "event": "x"}'])
def test_signed_bodies_that_are_not_events_get_a_4xx_or_nothing(make_client, body: bytes) -> None:
    client, _ = make_client()
    r = client.post(
        "/slack/events", content=body, headers={**signed(body), "Content-Type": "application/json"}
    )
    assert r.status_code in (200, 400)
    if r.status_code == 400:
        assert r.json()["error"]["code"] == "malformed_event"


@pytest.mark.parametrize("payload", ["[]", "null", '{"type": "block_actions", "actions": ["x", 1]}'])
def test_signed_interactions_that_are_not_objects_get_a_4xx_or_nothing(make_client, payload: str) -> None:
    client, _ = make_client()
    body = urlencode({"payload": payload}).encode()
    headers = {**signed(body), "Content-Type": "application/x-www-form-urlencoded"}
    r = client.post("/slack/interactions", content=body, headers=headers)
    assert r.status_code in (200, 400)


HAN = re.compile(r"[\u3400-\u9fff]")


def figures_section(blocks: list[dict]) -> list[str]:
    """The lines of a message's Figures section (without its heading), or [] when it has none."""
    for block in blocks:
        text = block.get("text", {}).get("text", "") if block["type"] == "section" else ""
        if text.startswith(("*Figures*", "*数据*")):
            return text.split("\n")[1:]
    return []


def assert_english_lines(lines: list[str]) -> None:
    """Every line has an English label; Chinese only inside parentheses."""
    assert lines
    for line in lines:
        assert re.fullmatch(r"• [A-Z][^:]*: \S.* \[\d+\]", line), line
        assert not HAN.search(re.sub(r"\([^()]*\)", "", line)), line


def test_english_question_gets_english_figure_labels(make_client, slack) -> None:
    client, _ = make_client()
    question = "How many China-Europe Railway Express trains ran in 2020?"
    post_event(client, event(f"<@{BOT_USER}> {question}", "Ev30"))
    [post] = slack.named("chat.postMessage")
    lines = figures_section(post["blocks"])
    assert_english_lines(lines)
    assert lines[0] == "• China-Europe Railway Express trains run, 2020: 12,400 trains [1]"


def follow_up_result(base_service: QAService) -> dict:
    """A follow-up's answer as the real index gives it: the 2020 passage (ten figures, one without a label, some
    not stated in the answer) cited before the 2019 one."""
    result = base_service.ask(QUESTION).model_dump()
    figure = {**result["figures"][0], "citation": 1, "label_en": None}
    y2020 = [
        {
            **figure,
            "raw": "1.24万列",
            "value": 12400,
            "unit": "列",
            "label": "中欧班列累计开行",
            "year": 2020,
        },
        {
            **figure,
            "raw": "113.5万标箱",
            "value": 1135000,
            "unit": "标箱",
            "label": "中欧班列运送",
            "year": 2020,
        },
        {**figure, "raw": "21个国家", "value": 21, "unit": "国家", "label": "通达境外", "year": 2020},
        {**figure, "raw": "92个城市", "value": 92, "unit": "城市", "label": "", "year": 2020},
        {**figure, "raw": "37个", "value": 37, "unit": "个", "label": "", "year": 2020},
    ] + [
        {**figure, "raw": f"{n}列", "value": n, "unit": "列", "label": f"线路{n}开行", "year": 2020}
        for n in range(101, 106)
    ]
    y2019 = [
        {
            **figure,
            "citation": 2,
            "raw": "8225列",
            "value": 8225,
            "unit": "列",
            "label": "中欧班列开行",
            "year": 2019,
        },
        {
            **figure,
            "citation": 2,
            "raw": "72.5万标箱",
            "value": 725000,
            "unit": "标箱",
            "label": "中欧班列发运",
            "year": 2019,
        },
    ]
    answer = "2020年，中欧班列累计开行1.24万列，运送113.5万标箱，通达境外21个国家的92个城市。[1]2019年中欧班列开行8225列，发运72.5万标箱。[2]"
    citations = [result["citations"][0], {**result["citations"][0], "id": 2}]
    return {**result, "answer": answer, "figures": y2020 + y2019, "citations": citations}


def test_figure_cap_keeps_the_asked_year_first_and_every_line_labelled(base_service) -> None:
    result = follow_up_result(base_service)
    lines = figures_section(answer_blocks(result, years=[2019]))
    assert len(lines) == 10
    assert lines[:2] == ["• 中欧班列开行 (2019): 8225列 [2]", "• 中欧班列发运 (2019): 72.5万标箱 [2]"]
    # then the figures the answer states, before those it does not
    assert lines[2:6] == [
        "• 中欧班列累计开行 (2020): 1.24万列 [1]",
        "• 中欧班列运送 (2020): 113.5万标箱 [1]",
        "• 通达境外 (2020): 21个国家 [1]",
        "• 城市 (2020): 92个城市 [1]",
    ]
    assert all(re.match(r"• [^\s(:]", line) for line in lines)
    # Without a year asked, the figures the answer states come first.
    plain = figures_section(answer_blocks(result))
    assert plain[:4] == lines[2:6] and "• 中欧班列开行 (2019): 8225列 [2]" in plain
    english = figures_section(answer_blocks({**result, "lang": "en"}, years=[2019]))
    assert_english_lines(english)
    assert english[0] == "• China-Europe Railway Express trains run, 2019: 8,225 trains [2]"
    assert "• Cities, 2020: 92 cities [1]" in english and "• Number, 2020: 37 [1]" in english
    assert "• Reaching overseas, 2020: 21 countries [1]" in english  # the label through the glossary


def test_follow_up_year_in_a_thread_puts_that_years_figures_first(make_client, slack, base_service) -> None:
    result = AskResponse.model_validate(follow_up_result(base_service))
    client, service = make_client(result=result)
    slack.replies = [
        {"type": "message", "user": "U1", "text": f"<@{BOT_USER}> {QUESTION}", "ts": T1},
        {
            "type": "message",
            "user": BOT_USER,
            "bot_id": BOT_ID,
            "text": "1.24万列 [1]",
            "ts": T2,
            "thread_ts": T1,
        },
    ]
    post_event(client, event(f"<@{BOT_USER}> 那2019年呢？", "Ev31", ts=T3, thread_ts=T1))
    assert service.asked[0][0] == "那2019年呢？" and service.asked[0][1][0]["content"] == QUESTION
    [post] = slack.named("chat.postMessage")
    lines = figures_section(post["blocks"])
    assert lines[0] == "• 中欧班列开行 (2019): 8225列 [2]" and len(lines) == 10


@pytest.mark.slow
def test_real_follow_up_year_and_english_figures_in_slack(tmp_path, standin, slack, real_service) -> None:
    client = TestClient(make_app(slack_settings(tmp_path, standin[1]), Recording(real_service)))
    first = "2020年中欧班列开行多少列？"
    post_event(client, event(f"<@{BOT_USER}> {first}", "Ev40"))
    [answer] = slack.named("chat.postMessage")
    slack.replies = [
        {"type": "message", "user": "U1", "text": f"<@{BOT_USER}> {first}", "ts": T1},
        {
            "type": "message",
            "user": BOT_USER,
            "bot_id": BOT_ID,
            "text": answer["text"],
            "ts": T2,
            "thread_ts": T1,
        },
    ]
    post_event(client, event(f"<@{BOT_USER}> 那2019年呢？", "Ev41", ts=T3, thread_ts=T1))
    follow = slack.named("chat.postMessage")[1]
    lines = figures_section(follow["blocks"])
    assert any("8225列" in line for line in lines), lines
    first_2020 = next((i for i, line in enumerate(lines) if "(2020)" in line), len(lines))
    assert first_2020 > 0 and all("(2019)" in line for line in lines[:first_2020])  # the asked year's first
    assert "(2019)" in lines[0] and all(re.match(r"• [^\s(:]", line) for line in lines)

    post_event(
        client,
        event(
            f"<@{BOT_USER}> How many China-Europe Railway Express trains ran in 2020?",
            "Ev42",
            ts="1700000005.0",
        ),
    )
    english = figures_section(slack.named("chat.postMessage")[2]["blocks"])
    assert_english_lines(english)
    assert "12,400 trains" in english[0], english  # the figure the answer leads with comes first
