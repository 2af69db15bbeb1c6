"""ASGI middleware at the HTTP edge: request ids, access logs, metrics, 500s, API keys, rate limits, body size."""

from __future__ import annotations

import hmac
import json
import logging
import os
import re
import time
import uuid
from collections.abc import Sequence

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from qa.api.metrics import ERRORS, LATENCY, REQUESTS, WORKER_REQUESTS
from qa.api.ratelimit import SlidingWindowLimiter
from qa.core.admission import ARRIVED

access_log = logging.getLogger("qa.access")
error_log = logging.getLogger("qa.errors")

PROTECTED = ("/api/", "/v1/")
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")


def error_body(code: str, message: str) -> bytes:
    """The JSON body of every error response."""
    return json.dumps({"error": {"code": code, "message": message}}, ensure_ascii=False).encode()


async def send_error(
    send: Send, status: int, code: str, message: str, headers: Sequence[tuple[bytes, bytes]] = ()
) -> None:
    """Send a complete JSON error response on a raw ASGI channel."""
    body = error_body(code, message)
    ERRORS.labels(code=code).inc()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                *headers,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class BodyTooLarge(HTTPException):
    """Raised from `receive` once a request body passes the size limit."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the request body is larger than the limit of {limit} bytes")


class RequestContextMiddleware:
    """Outermost layer: request id in and out, one JSON log line and metrics per request, JSON 500s."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        ARRIVED.set(time.monotonic())  # the answering gate's deadline counts from here
        given = _header(scope, b"x-request-id")
        request_id = given if given and _REQUEST_ID.match(given) else uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id
        status = 500
        response_started = False

        async def send_with_id(message: Message) -> None:
            nonlocal status, response_started
            if message["type"] == "http.response.start":
                status = message["status"]
                response_started = True
                message["headers"] = [*message.get("headers", []), (b"x-request-id", request_id.encode())]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception:
            error_log.exception("unhandled error", extra={"fields": {"request_id": request_id}})
            status = 500
            if not response_started:
                await send_error(
                    send,
                    500,
                    "internal",
                    f"internal error (request id {request_id})",
                    [(b"x-request-id", request_id.encode())],
                )
        finally:
            elapsed = time.perf_counter() - started
            route = getattr(scope.get("route"), "path", None)
            label = route if route else ("static" if scope.get("endpoint") else "unmatched")
            REQUESTS.labels(route=label, method=scope["method"], status=str(status)).inc()
            if scope["path"].startswith(PROTECTED):
                WORKER_REQUESTS.labels(worker=str(os.getpid())).inc()
            LATENCY.labels(route=label).observe(elapsed)
            access_log.info(
                "request",
                extra={
                    "fields": {
                        "request_id": request_id,
                        "method": scope["method"],
                        "path": scope["path"],
                        "status": status,
                        "ms": round(elapsed * 1000, 2),
                        "client": (scope.get("client") or ("", 0))[0],
                    }
                },
            )


class GuardMiddleware:
    """API keys and rate limits on /api/* and /v1/*, and the request body size limit everywhere."""

    def __init__(
        self,
        app: ASGIApp,
        api_keys: Sequence[str] = (),
        per_minute: int = 0,
        max_body_bytes: int = 64_000,
        upload_bytes: int = 50_000_000,
        admin_keys: Sequence[str] = (),
        auth_failures: int = 0,
    ) -> None:
        self.app = app
        # as bytes the way a client sends them (UTF-8): compare_digest refuses non-ASCII str
        self.keys = [k.encode() for k in api_keys]
        self.admin_keys = [k.encode() for k in admin_keys]
        self.limiter = SlidingWindowLimiter(per_minute) if per_minute > 0 else None
        self.max_body = max_body_bytes
        self.upload_bytes = upload_bytes  # report uploads (POST /api/documents) have their own, larger limit
        checked = bool(self.keys or self.admin_keys)
        self.failures = SlidingWindowLimiter(auth_failures) if checked and auth_failures > 0 else None

    def _failed(self, address: str) -> None:
        """Count a request with a wrong or missing key against its address."""
        if self.failures is not None:
            self.failures.check(address)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["path"].startswith(PROTECTED):
            key = self._key(scope).encode("latin-1")  # bytes as sent: "café" is compared, never a 500
            address = (scope.get("client") or ("?", 0))[0]
            if self.failures is not None and (wait := self.failures.waiting(address)):
                # Guessing keys is throttled per address: while blocked, no key is even looked at, so a
                # right guess cannot be told from a wrong one.
                retry = self.failures.retry_after(wait)
                msg = f"too many requests with a wrong key from this address: retry in {retry} s"
                await send_error(send, 429, "rate_limited", msg, [(b"retry-after", retry.encode())])
                return
            if self.keys and not any(hmac.compare_digest(key, k) for k in self.keys):
                self._failed(address)
                message = "a valid API key is required: send 'Authorization: Bearer KEY' or 'X-API-Key: KEY'"
                await send_error(send, 401, "unauthorized", message, [(b"www-authenticate", b"Bearer")])
                return
            if _is_admin(scope) and not any(hmac.compare_digest(key, k) for k in self.admin_keys):
                # Before a byte of the body is read: a non-admin upload costs no temporary disk.
                message = "an admin key is required: send 'Authorization: Bearer KEY' or 'X-API-Key: KEY'"
                if not self.admin_keys:
                    message = "the admin API is off: set QA_ADMIN_KEYS to add or remove reports over HTTP"
                else:
                    self._failed(address)
                await send_error(send, 403, "forbidden", message)
                return
            if self.limiter is not None:
                # A key names a bucket only when keys are checked: any other header value a client invents
                # would give it a fresh bucket per request.
                valid = bool(self.keys) and bool(key)
                client = f"key:{key.hex()}" if valid else f"ip:{address}"
                wait = self.limiter.check(client)
                if wait:
                    retry = self.limiter.retry_after(wait)
                    msg = (
                        f"rate limit of {self.limiter.limit} requests per minute reached: retry in {retry} s"
                    )
                    await send_error(send, 429, "rate_limited", msg, [(b"retry-after", retry.encode())])
                    return
        limit = self.upload_bytes if _is_upload(scope) else self.max_body
        length = _header(scope, b"content-length")
        if length and length.isdigit() and int(length) > limit:
            await send_error(send, 413, "body_too_large", BodyTooLarge(limit).detail)
            return
        await self.app(scope, self._limited(receive, limit), send)

    def _limited(self, receive: Receive, limit: int) -> Receive:
        """`receive` that counts the streamed body and stops past the limit (chunked bodies have no length)."""
        seen = 0

        async def receive_limited() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise BodyTooLarge(limit)
            return message

        return receive_limited

    @staticmethod
    def _key(scope: Scope) -> str:
        auth = _header(scope, b"authorization") or ""
        if auth[:7].lower() == "bearer ":
            return auth[7:].strip()
        return (_header(scope, b"x-api-key") or "").strip()


def _is_admin(scope: Scope) -> bool:
    """Adding (POST /api/documents) or removing (DELETE /api/documents/{id}) a report, or following its job."""
    path = scope["path"].rstrip("/")
    method = scope.get("method")
    return (
        (method == "POST" and path == "/api/documents")
        or (method == "DELETE" and path.startswith("/api/documents/"))
        or path.startswith("/api/jobs")
    )


def _is_upload(scope: Scope) -> bool:
    return scope.get("method") == "POST" and scope["path"].rstrip("/") == "/api/documents"


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return value.decode("latin-1")
    return None
