"""`SlackBot`: answers Slack messages, `/ask` and the "Post to channel" button with `QAService.ask`."""

from __future__ import annotations

import json
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any

import anyio.from_thread
import httpx
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from qa.core.admission import ARRIVED, Gate, OverloadedError
from qa.core.errors import QAError
from qa.core.types import AskResponse
from qa.integrations.slack.blocks import (
    HINT,
    answer_blocks,
    asked_years,
    escape,
    fallback_text,
    post_button,
    say,
    slack_to_plain,
)
from qa.service import QAService
from qa.text.language import detect_language

log = logging.getLogger("qa.slack")
MAX_TURNS = 12  # earlier thread messages passed as history


class TTLCache:
    """A bounded, thread-safe map whose entries expire: seen event ids and recent answers (per worker)."""

    def __init__(self, ttl: float = 3600, size: int = 10_000) -> None:
        self.ttl, self.size = ttl, size
        self._items: OrderedDict[str, tuple[float, Any]] = OrderedDict()
        self._lock = threading.Lock()

    def add(self, key: str, value: Any = True) -> bool:
        """Store key; False when it was already there (and not expired)."""
        now = time.monotonic()
        with self._lock:
            while self._items and (
                len(self._items) >= self.size or next(iter(self._items.values()))[0] < now
            ):
                self._items.popitem(last=False)
            if key in self._items and self._items[key][0] >= now:
                return False
            self._items[key] = (now + self.ttl, value)
            return True

    def get(self, key: str) -> Any:
        """The live value for key, or None."""
        with self._lock:
            item = self._items.get(key)
        return item[1] if item and item[0] >= time.monotonic() else None


def _ts(value: str) -> tuple[int, ...]:
    """A Slack timestamp ("1700000000.000100") as exact integers, for ordering."""
    return tuple(int(p) for p in value.split(".") if p.isdigit())


class SlackBot:
    """The Slack side of the service: turns messages into questions and answers into Block Kit posts."""

    def __init__(
        self,
        client: WebClient,
        get_service: Callable[[], QAService | None],
        gate: Gate,
        public_url: str | None = None,
        record: Callable[[AskResponse, str, float], None] | None = None,
    ) -> None:
        self.client = client
        self.get_service = get_service
        self.record = record  # metrics and the query log, as for the API's answers
        self.public_url = public_url
        self.gate = gate  # the worker's bounded queue of questions, shared with the HTTP API
        self.answers = TTLCache(ttl=24 * 3600, size=500)
        self._identity: tuple[str | None, str | None] | None = None

    def identity(self) -> tuple[str | None, str | None]:
        """The bot's own user id and bot id (auth.test, asked once)."""
        if self._identity is None:
            reply = self.client.auth_test()
            self._identity = (reply.get("user_id"), reply.get("bot_id"))
        return self._identity

    def ask(self, question: str, history: Sequence[dict] = ()) -> dict:
        """The ask contract for a question, a few at a time, as the JSON the blocks are made from."""
        service = self.get_service()
        if service is None:
            raise RuntimeError("the index is not loaded")
        started = time.perf_counter()
        # Called in a worker thread of the app (a background task): the gate lives in its event loop.
        result = anyio.from_thread.run(self._gated, service.ask, question, history)
        if self.record is not None:
            self.record(result, question, (time.perf_counter() - started) * 1000)
        return result.model_dump()

    async def _gated(self, fn: Callable[..., AskResponse], *args: Any) -> AskResponse:
        """`fn` through the gate, its deadline counted from now: the Slack request that brought the question was
        acknowledged long ago, and the thread's history has been fetched since."""
        ARRIVED.set(None)
        return await self.gate.run(fn, *args)

    @staticmethod
    def wants(event: dict) -> bool:
        """A mention or a direct message from a person, not an edit, a bot or the bot itself."""
        if event.get("subtype") or event.get("bot_id") or not event.get("user") or not event.get("ts"):
            return False
        if event.get("type") == "message":
            return event.get("channel_type") == "im"
        return event.get("type") == "app_mention"

    def answer_event(self, event: dict) -> None:
        """Answer a mention or DM in its thread, with the thread's earlier turns as history."""
        user_id, bot_id = self._safe_identity()
        if event.get("user") == user_id:
            return
        channel, ts = event["channel"], event["ts"]
        thread_ts = event.get("thread_ts") or ts
        question = slack_to_plain(event.get("text", ""))
        if not question:
            self._post(channel, thread_ts, text=HINT)
            return
        lang = detect_language(question)
        try:
            history = self.thread_history(channel, thread_ts, ts, user_id, bot_id) if thread_ts != ts else []
            result = self.ask(question, history)
        except Exception as exc:
            self._post(channel, thread_ts, text=self._failure(exc, lang))
            return
        try:
            blocks = answer_blocks(result, self.public_url, years=asked_years(question, history))
            self._post(channel, thread_ts, text=fallback_text(result), blocks=blocks)
        except Exception as exc:
            self._post(channel, thread_ts, text=self._failure(exc, lang))

    def thread_history(
        self, channel: str, thread_ts: str, before: str, user_id: str | None, bot_id: str | None
    ) -> list[dict]:
        """The thread's turns before `before`: the bot's replies as assistant turns, people's as user turns."""
        reply = self.client.conversations_replies(channel=channel, ts=thread_ts, limit=200)
        turns = []
        for message in reply.get("messages") or []:
            if _ts(message.get("ts", "")) >= _ts(before):
                continue
            own = bool(user_id and message.get("user") == user_id) or bool(
                bot_id and message.get("bot_id") == bot_id
            )
            if not own and (message.get("bot_id") or message.get("subtype")):
                continue  # other bots and system messages are not part of the conversation
            text = slack_to_plain(message.get("text", ""))
            if text:
                turns.append({"role": "assistant" if own else "user", "content": text})
        return turns[-MAX_TURNS:]

    def answer_command(self, question: str, response_url: str) -> None:
        """Answer `/ask` privately through response_url, with a button to post it to the channel."""
        lang = detect_language(question)
        try:
            result = self.ask(question)
            self.answers.add(result["id"], (question, result))
            value = json.dumps({"id": result["id"], "q": question[:1000]}, ensure_ascii=False)
            button = [post_button(result["lang"], value)]
            blocks = answer_blocks(result, self.public_url, extra=button, years=asked_years(question))
            message = {"response_type": "ephemeral", "text": fallback_text(result), "blocks": blocks}
        except Exception as exc:
            message = {"response_type": "ephemeral", "text": self._failure(exc, lang)}
        self._respond(response_url, message)

    def post_to_channel(self, payload: dict, value: str) -> None:
        """The "Post to channel" button: post the answer for everyone, then remove the private copy."""
        response_url = payload.get("response_url", "")
        channel, user = payload.get("channel", {}).get("id", ""), payload.get("user", {}).get("id", "")
        try:
            data = json.loads(value)
            question, result = self.answers.get(data["id"]) or (data["q"], None)
        except (ValueError, KeyError, TypeError):
            log.warning("slack: ignoring a button with an unreadable value %r", value[:100])
            return
        lang = detect_language(question)
        try:
            result = result or self.ask(question)
            asked = say("asked", result["lang"]).format(user=user, question=escape(question))
            blocks = answer_blocks(result, self.public_url, asked=asked, years=asked_years(question))
            self.client.chat_postMessage(channel=channel, text=fallback_text(result), blocks=blocks)
        except Exception as exc:
            missing = isinstance(exc, SlackApiError) and exc.response.get("error") in (
                "not_in_channel",
                "channel_not_found",
            )
            text = say("not_in_channel", lang) if missing else self._failure(exc, lang)
            self._respond(
                response_url, {"response_type": "ephemeral", "replace_original": False, "text": text}
            )
            return
        self._respond(response_url, {"delete_original": True})

    def _safe_identity(self) -> tuple[str | None, str | None]:
        try:
            return self.identity()
        except Exception:
            log.exception("slack auth.test failed; the bot's own messages are recognized by bot_id only")
            return None, None

    @staticmethod
    def _failure(exc: Exception, lang: str) -> str:
        """What to tell the user: a bad question's own message, else a short apology (logged in full)."""
        if isinstance(exc, QAError) and (exc.status < 500 or isinstance(exc, OverloadedError)):
            return escape(exc.message)
        log.error("slack answer failed: %s", exc, exc_info=exc)
        return say("sorry", lang)

    def _post(self, channel: str, thread_ts: str, **message: Any) -> None:
        try:
            self.client.chat_postMessage(channel=channel, thread_ts=thread_ts, **message)
        except Exception:
            if message.get("blocks"):
                raise  # the caller posts an apology instead
            log.exception("slack chat.postMessage failed")

    @staticmethod
    def _respond(response_url: str, message: dict) -> None:
        try:
            httpx.post(response_url, json=message, timeout=10).raise_for_status()
        except Exception:
            log.exception("slack response_url post failed")
