"""A signed Slack request replayed inside its 5-minute window is answered once, across workers."""

# ruff: noqa: F811 - the Slack fixtures are imported from test_slack

from __future__ import annotations

import threading
import time
from pathlib import Path
from urllib.parse import urlencode

from fastapi.testclient import TestClient

from qa.integrations.slack.replay import ReplayGuard
from tests.api_helpers import QUESTION
from tests.test_slack import (  # noqa: F401 - fixtures
    Recording,
    base_service,
    make_app,
    make_client,
    signed,
    slack,
    slack_settings,
    standin,
)


def _command(hook: str) -> tuple[bytes, dict[str, str]]:
    form = {"command": "/ask", "text": QUESTION, "response_url": hook, "user_id": "U1", "channel_id": "C1"}
    body = urlencode(form).encode()
    return body, {**signed(body), "Content-Type": "application/x-www-form-urlencoded"}


def test_a_replayed_slash_command_is_answered_once(make_client, slack, standin) -> None:
    client, service = make_client()
    body, headers = _command(f"{standin[1]}/respond/replay1")
    first = client.post("/slack/commands", content=body, headers=headers)
    again = client.post("/slack/commands", content=body, headers=headers)
    assert first.status_code == 200 and first.json()["response_type"] == "ephemeral"
    assert again.status_code == 200 and again.content == b""
    time.sleep(0.3)
    assert len(slack.named("response_url:replay1")) == 1 and len(service.asked) == 1
    # The same command typed again is a new request (its own timestamp and signature): answered.
    time.sleep(1.1)
    body, headers = _command(f"{standin[1]}/respond/replay1")
    assert client.post("/slack/commands", content=body, headers=headers).status_code == 200
    assert len(slack.named("response_url:replay1")) == 2


def test_a_replay_to_another_worker_is_dropped_too(tmp_path: Path, standin, slack, base_service) -> None:
    settings = slack_settings(tmp_path, standin[1])  # both "workers" share the data folder
    one, two = Recording(base_service), Recording(base_service)
    body, headers = _command(f"{standin[1]}/respond/replay2")
    with TestClient(make_app(settings, one)) as a, TestClient(make_app(settings, two)) as b:
        assert a.post("/slack/commands", content=body, headers=headers).json()["response_type"] == "ephemeral"
        assert b.post("/slack/commands", content=body, headers=headers).content == b""
    time.sleep(0.3)
    assert len(one.asked) + len(two.asked) == 1
    assert len(slack.named("response_url:replay2")) == 1


def test_an_unwritable_data_folder_falls_back_to_memory(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    guard = ReplayGuard(blocker / "var")
    digest = guard.digest("v0=abc", "1700000000", b"text=hi")
    assert guard.first(digest) and not guard.first(digest)
    assert guard.first(guard.digest("v0=abd", "1700000000", b"text=hi"))
    shared = ReplayGuard(tmp_path / "var", keep_seconds=0.2)
    assert shared.first(digest) and not ReplayGuard(tmp_path / "var").first(digest)
    time.sleep(0.3)
    assert shared.first(digest)  # expired: the signature is long stale by then anyway


def test_slack_answers_wait_in_the_same_bounded_queue(make_client, slack, standin) -> None:
    """Two /ask at once with one answering slot and no queue: one is answered, the other told to retry."""
    client, service = make_client(delay=1.0, ask_concurrency=1, queue_size=0, queue_wait_seconds=0.2)
    replies = []

    def command(n: int) -> None:
        body, headers = _command(f"{standin[1]}/respond/busy{n}")
        replies.append(client.post("/slack/commands", content=body, headers=headers).status_code)

    threads = [threading.Thread(target=command, args=(n,)) for n in range(2)]
    for t in threads:
        t.start()
        time.sleep(0.2)
    for t in threads:
        t.join()
    assert replies == [200, 200]
    answers = [slack.wait_for(f"response_url:busy{n}")[0] for n in range(2)]
    texts = sorted(a.get("text", "") for a in answers)
    assert any(
        "1.24万列" in a.get("blocks", [{}])[0].get("text", {}).get("text", "")
        for a in answers
        if "blocks" in a
    )
    assert any("the service is busy" in t for t in texts), texts
    assert len(service.asked) == 1
