"""Security headers on every response: a strict Content-Security-Policy, no sniffing, no framing, no referrer leaks."""

from __future__ import annotations

import base64
import hashlib
import re

from starlette.types import ASGIApp, Message, Receive, Scope, Send

# The chat page loads only its own files: no inline script or style, nothing from elsewhere, never framed.
PAGE_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
# Swagger UI and ReDoc (fastapi-offline) start from one inline script whose hash is allowed, and set styles
# from script (ReDoc's styled-components adds <style> elements), so these two pages allow inline styles.
DOCS_POLICY = (
    "default-src 'self'; script-src 'self' {hashes}; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self' data:; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
DOCS_PATHS = ("/docs", "/redoc")
COMMON = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), payment=()"),
]
_INLINE_SCRIPT = re.compile(rb"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.S | re.I)


def script_hashes(html: bytes) -> list[str]:
    """CSP source expressions ('sha256-…') for each inline script of an HTML page."""
    return [
        f"'sha256-{base64.b64encode(hashlib.sha256(body).digest()).decode()}'"
        for body in _INLINE_SCRIPT.findall(html)
    ]


class SecurityHeadersMiddleware:
    """Adds the headers to every HTTP response; a route that set its own CSP (an original report) keeps it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["path"] in DOCS_PATHS:
            await self._docs(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = _with_headers(message.get("headers", []), PAGE_POLICY)
            await send(message)

        await self.app(scope, receive, send_with_headers)

    async def _docs(self, scope: Scope, receive: Receive, send: Send) -> None:
        # The page is small: hold it back until its inline scripts are hashed into the policy.
        start: Message | None = None
        body = b""

        async def collect(message: Message) -> None:
            nonlocal start, body
            if message["type"] == "http.response.start":
                start = message
                return
            if message["type"] == "http.response.body":
                body += message.get("body", b"")
                if not message.get("more_body") and start is not None:
                    policy = DOCS_POLICY.format(hashes=" ".join(script_hashes(body)))
                    start["headers"] = _with_headers(start.get("headers", []), policy)
                    await send(start)
                    await send({"type": "http.response.body", "body": body})
                return
            await send(message)

        await self.app(scope, receive, collect)


def _with_headers(headers: list[tuple[bytes, bytes]], policy: str) -> list[tuple[bytes, bytes]]:
    present = {k.lower() for k, _ in headers}
    added = [(k, v) for k, v in COMMON if k not in present]
    if b"content-security-policy" not in present:
        added.append((b"content-security-policy", policy.encode()))
    return [*headers, *added]
