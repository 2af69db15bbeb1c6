"""API keys and rate limits over real HTTP: `qa serve` in a subprocess, behind (or not behind) a trusted proxy."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from tests.api_helpers import QUESTION, tiny_server

ADMIN = "admin-key"


@contextmanager
def serving(tmp_path: Path, **env: str) -> Iterator[str]:
    """`qa serve --no-build` over a tiny index with these QA_* settings; yields its base URL."""
    with tiny_server(tmp_path, **env) as (base, _):
        yield base


def test_a_non_ascii_key_is_refused_not_a_500(tmp_path: Path) -> None:
    with serving(tmp_path, QA_API_KEYS="alpha", QA_ADMIN_KEYS=ADMIN) as base:
        for header in ("X-API-Key", "Authorization"):
            value = "café".encode() if header == "X-API-Key" else "Bearer café".encode()
            r = httpx.get(f"{base}/api/documents", headers={header: value})
            assert r.status_code == 401 and r.json()["error"]["code"] == "unauthorized", r.text
        r = httpx.delete(f"{base}/api/documents/doc1", headers={"X-API-Key": "naïve".encode()})
        assert r.status_code == 401
        # A UTF-8 key that is configured works as sent.
    with serving(tmp_path, QA_API_KEYS="café") as base:
        assert httpx.get(f"{base}/api/documents", headers={"X-API-Key": "café".encode()}).status_code == 200


def test_invented_keys_share_the_address_bucket(tmp_path: Path) -> None:
    with serving(tmp_path, QA_RATE_LIMIT_PER_MINUTE="20") as base, httpx.Client(base_url=base) as http:
        codes = [
            http.get("/v1/models", headers={"X-API-Key": f"made-up-{n}"}).status_code for n in range(200)
        ]
    assert codes[:20] == [200] * 20 and set(codes[20:]) == {429}


def test_a_spoofed_forwarded_for_does_not_reset_the_limit(tmp_path: Path) -> None:
    with serving(tmp_path, QA_RATE_LIMIT_PER_MINUTE="3") as base, httpx.Client(base_url=base) as http:
        codes = [http.get("/v1/models").status_code for _ in range(3)]
        spoofed = [
            http.get("/v1/models", headers={"X-Forwarded-For": f"198.51.100.{n}"}).status_code
            for n in range(5)
        ]
    assert codes == [200] * 3 and spoofed == [429] * 5


def test_forwarded_for_is_honoured_from_a_trusted_proxy(tmp_path: Path) -> None:
    env = {"QA_RATE_LIMIT_PER_MINUTE": "3", "QA_TRUSTED_PROXIES": "127.0.0.1"}
    with serving(tmp_path, **env) as base, httpx.Client(base_url=base) as http:
        first = {"X-Forwarded-For": "203.0.113.7"}
        codes = [http.get("/v1/models", headers=first).status_code for _ in range(4)]
        other = http.get("/v1/models", headers={"X-Forwarded-For": "203.0.113.8"}).status_code
    assert codes == [200, 200, 200, 429] and other == 200  # each client behind the proxy has its own bucket


def test_failed_key_attempts_are_throttled_per_address(tmp_path: Path) -> None:
    env = {"QA_API_KEYS": "alpha", "QA_ADMIN_KEYS": ADMIN, "QA_AUTH_FAILURES_PER_MINUTE": "5"}
    with serving(tmp_path, **env) as base, httpx.Client(base_url=base) as http:
        guesses = [
            http.get("/api/documents", headers={"X-API-Key": f"guess-{n}"}).status_code for n in range(8)
        ]
        blocked = http.get("/api/documents", headers={"X-API-Key": "alpha"})  # even the right key, for now
        missing = http.get("/api/documents")
    assert guesses[:5] == [401] * 5 and guesses[5:] == [429] * 3
    assert blocked.status_code == 429 and 1 <= int(blocked.headers["Retry-After"]) <= 60
    assert "wrong key" in blocked.json()["error"]["message"] and missing.status_code == 429
    # Admin key guesses count the same way.
    env = {"QA_ADMIN_KEYS": ADMIN, "QA_AUTH_FAILURES_PER_MINUTE": "3"}
    with serving(tmp_path, **env) as base, httpx.Client(base_url=base) as http:
        codes = [
            http.delete("/api/documents/doc1", headers={"X-API-Key": f"g{n}"}).status_code for n in range(5)
        ]
        assert http.get("/api/documents").status_code == 429
    assert codes == [403, 403, 403, 429, 429]


def test_a_large_upload_without_the_admin_key_is_refused_before_its_body(tmp_path: Path) -> None:
    body = b"%PDF-1.4\n" + os.urandom(45 * 1024 * 1024)
    with serving(tmp_path, QA_ADMIN_KEYS=ADMIN, QA_AUTH_FAILURES_PER_MINUTE="100") as base:
        spool = tmp_path / "tmp"

        def spooled() -> int:
            return sum(f.stat().st_size for f in spool.rglob("*") if f.is_file() and f.name != "jieba.cache")

        times = []
        for _ in range(3):
            started = time.perf_counter()
            try:
                r = httpx.post(
                    f"{base}/api/documents",
                    files={"file": ("big.pdf", body)},
                    headers={"X-API-Key": "not-admin"},
                    timeout=30,
                )
                status, code = r.status_code, r.json()["error"]["code"]
            except httpx.WriteError:  # the server answered and closed before the client sent everything
                status, code = 403, "forbidden"
            times.append(time.perf_counter() - started)
            assert (status, code) == (403, "forbidden")
            assert spooled() < 1_000_000
    print(f"\n45 MB non-admin uploads: 403 in {', '.join(f'{t:.2f}' for t in times)} s")
    assert max(times) < 5


def test_operations_routes_stay_open_to_a_throttled_address(tmp_path: Path) -> None:
    with serving(tmp_path, QA_API_KEYS="alpha", QA_AUTH_FAILURES_PER_MINUTE="1") as base:
        assert httpx.get(f"{base}/api/documents", headers={"X-API-Key": "x"}).status_code == 401
        assert httpx.post(f"{base}/api/ask", json={"question": QUESTION}).status_code == 429
        for path in ("/healthz", "/readyz", "/metrics"):
            assert httpx.get(f"{base}{path}").status_code == 200, path
