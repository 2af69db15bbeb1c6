"""Slack edge: `POST /slack/events`, `/slack/commands` and `/slack/interactions`, verified, over `QAService`."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from urllib.parse import parse_qs

from fastapi import APIRouter, BackgroundTasks, Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from qa.core.admission import Gate
from qa.core.config import Settings
from qa.core.types import AskResponse
from qa.integrations.slack.blocks import HINT, POST_ACTION, say
from qa.integrations.slack.bot import SlackBot
from qa.integrations.slack.replay import ReplayGuard
from qa.service import QAService
from qa.text.language import detect_language

log = logging.getLogger("qa.slack")
DISABLED = "Slack integration disabled: set QA_SLACK_SIGNING_SECRET and QA_SLACK_BOT_TOKEN"
_said_disabled = False


def slack_enabled(settings: Settings) -> bool:
    """True when both Slack settings are present; otherwise logs, once per process, why the routes are absent."""
    global _said_disabled
    if settings.slack_signing_secret and settings.slack_bot_token:
        return True
    if not _said_disabled:
        _said_disabled = True
        log.info(DISABLED)
    return False


def _error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message}}, status)


def _form(body: bytes) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(body.decode("utf-8", "replace")).items()}


def create_slack_router(
    settings: Settings,
    get_service: Callable[[], QAService | None],
    record: Callable[[AskResponse, str, float], None] | None = None,
    gate: Gate | None = None,
) -> APIRouter:
    """The Slack routes; answers are computed after the 200 (Slack wants it within 3 s) and posted back."""
    from slack_sdk import WebClient
    from slack_sdk.signature import SignatureVerifier

    if not (settings.slack_signing_secret and settings.slack_bot_token):
        raise ValueError(DISABLED)
    base_url = (settings.slack_api_url or WebClient.BASE_URL).rstrip("/") + "/"
    client = WebClient(token=settings.slack_bot_token, base_url=base_url, timeout=15)
    if gate is None:  # the app passes the gate its API routes use; alone, the router makes its own
        running = settings.ask_concurrency or (16 if settings.llm_base_url else 2)
        gate = Gate(
            running,
            settings.queue_size,
            settings.queue_wait_seconds,
            deadline=settings.answer_deadline_seconds,
        )
    bot = SlackBot(client, get_service, gate, settings.public_url, record)
    verifier = SignatureVerifier(settings.slack_signing_secret)
    guard = ReplayGuard(settings.data_dir)
    router = APIRouter(prefix="/slack", tags=["slack"], include_in_schema=False)

    async def verified(request: Request) -> bytes | None:
        """The raw body when the request is signed by Slack within the last 5 minutes, else None."""
        body = await request.body()
        try:
            ok = verifier.is_valid(
                body,
                request.headers.get("X-Slack-Request-Timestamp"),
                request.headers.get("X-Slack-Signature"),
            )
        except (ValueError, UnicodeDecodeError):
            ok = False
        if not ok:
            return None
        # A signature stays valid for 5 minutes: the same signed bytes again are a replay, answered once.
        digest = guard.digest(
            request.headers.get("X-Slack-Signature", ""),
            request.headers.get("X-Slack-Request-Timestamp", ""),
            body,
        )
        if not await run_in_threadpool(guard.first, digest):
            log.warning("slack: dropped a replayed request to %s", request.url.path)
            return b""
        return body

    def unsigned() -> JSONResponse:
        return _error(401, "bad_signature", "the request is not signed by Slack, or its timestamp is stale")

    @router.post("/events")
    async def events(request: Request, background: BackgroundTasks) -> Response:
        """Events API: url_verification, then mentions and DMs answered in their thread."""
        body = await verified(request)
        if body is None:
            return unsigned()
        if body == b"":  # a replay: answered the first time
            return Response(status_code=200)
        try:
            payload = json.loads(body)
        except ValueError:
            return _error(400, "malformed_json", "the event body is not valid JSON")
        if not isinstance(payload, dict):
            return _error(400, "malformed_event", "the event body is not a JSON object")
        if payload.get("type") == "url_verification":
            return JSONResponse({"challenge": str(payload.get("challenge", ""))})
        event = payload.get("event")
        if not isinstance(event, dict):
            event = {}  # "event": "x" or none: nothing to answer
        if payload.get("type") != "event_callback" or not bot.wants(event):
            return Response(status_code=200)
        # One answer per message: a retry repeats event_id, and a DM that mentions the bot arrives twice.
        keys = [str(payload.get("event_id")), f"{event.get('channel')}:{event.get('ts')}"]
        fresh = [await run_in_threadpool(guard.first, f"event:{key}") for key in keys]  # shared by workers
        if not all(fresh):
            return Response(status_code=200)
        if request.headers.get("X-Slack-Retry-Reason") == "http_timeout":
            return Response(status_code=200)  # the first delivery reached a worker, which is answering it
        background.add_task(bot.answer_event, event)
        return Response(status_code=200)

    @router.post("/commands")
    async def commands(request: Request, background: BackgroundTasks) -> Response:
        """`/ask 问题`: an ephemeral "working on it" now, the answer through response_url later."""
        body = await verified(request)
        if body is None:
            return unsigned()
        if body == b"":  # a replay: answered the first time
            return Response(status_code=200)
        form = _form(body)
        question = form.get("text", "").strip()
        if not question or not form.get("response_url"):
            return JSONResponse({"response_type": "ephemeral", "text": HINT})
        background.add_task(bot.answer_command, question, form["response_url"])
        return JSONResponse({"response_type": "ephemeral", "text": say("working", detect_language(question))})

    @router.post("/interactions")
    async def interactions(request: Request, background: BackgroundTasks) -> Response:
        """Block actions: the "Post to channel" button under a `/ask` answer."""
        body = await verified(request)
        if body is None:
            return unsigned()
        if body == b"":  # a replay: answered the first time
            return Response(status_code=200)
        try:
            payload = json.loads(_form(body).get("payload", ""))
        except ValueError:
            return _error(400, "malformed_json", "the interaction payload is not valid JSON")
        if not isinstance(payload, dict):
            return _error(400, "malformed_event", "the interaction payload is not a JSON object")
        actions = payload.get("actions")
        for action in actions if isinstance(actions, list) else []:
            if not isinstance(action, dict):
                continue
            if payload.get("type") == "block_actions" and action.get("action_id") == POST_ACTION:
                background.add_task(bot.post_to_channel, payload, action.get("value", ""))
        return Response(status_code=200)

    return router
