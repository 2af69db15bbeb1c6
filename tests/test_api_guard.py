"""API keys and rate limits."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from qa.api.app import create_app
from qa.api.ratelimit import SlidingWindowLimiter
from tests.api_helpers import QUESTION, tiny_service, tiny_settings


@pytest.fixture()
def keyed(tmp_path):
    settings = tiny_settings(tmp_path, api_keys="alpha, beta")
    with TestClient(create_app(settings, tiny_service(settings))) as c:
        yield c


def test_api_needs_a_key_when_keys_are_set(keyed) -> None:
    for r in (keyed.post("/api/ask", json={"question": QUESTION}), keyed.get("/v1/models")):
        assert r.status_code == 401 and r.json()["error"]["code"] == "unauthorized"
        assert "Bearer" in r.json()["error"]["message"]
    assert keyed.get("/api/documents", headers={"Authorization": "Bearer nope"}).status_code == 401
    assert keyed.get("/api/documents", headers={"X-API-Key": ""}).status_code == 401


def test_bearer_and_x_api_key_both_work(keyed) -> None:
    r = keyed.post("/api/ask", json={"question": QUESTION}, headers={"Authorization": "Bearer alpha"})
    assert r.status_code == 200 and r.json()["citations"]
    assert keyed.get("/api/documents", headers={"X-API-Key": "beta"}).status_code == 200
    assert keyed.get("/v1/models", headers={"authorization": "bearer beta"}).status_code == 200


def test_health_and_metrics_stay_open(keyed) -> None:
    for path in ("/healthz", "/readyz", "/metrics", "/openapi.json"):
        assert keyed.get(path).status_code == 200, path


def test_rate_limit_answers_429_with_retry_after(tmp_path) -> None:
    settings = tiny_settings(tmp_path, api_keys="alpha,beta", rate_limit_per_minute=3)
    with TestClient(create_app(settings, tiny_service(settings))) as c:
        alpha = {"X-API-Key": "alpha"}
        assert [c.get("/api/documents", headers=alpha).status_code for _ in range(3)] == [200] * 3
        r = c.get("/api/documents", headers=alpha)
        assert r.status_code == 429 and r.json()["error"]["code"] == "rate_limited"
        assert 1 <= int(r.headers["Retry-After"]) <= 60
        assert c.get("/api/documents", headers={"X-API-Key": "beta"}).status_code == 200  # per key
        assert c.get("/healthz").status_code == 200  # not limited


def test_rate_limit_per_client_without_keys(tmp_path) -> None:
    settings = tiny_settings(tmp_path, rate_limit_per_minute=2)
    with TestClient(create_app(settings, tiny_service(settings))) as c:
        codes = [c.get("/v1/models").status_code for _ in range(3)]
    assert codes == [200, 200, 429]


def test_invented_keys_do_not_escape_the_limit_when_keys_are_not_checked(tmp_path) -> None:
    settings = tiny_settings(tmp_path, rate_limit_per_minute=2)
    with TestClient(create_app(settings, tiny_service(settings))) as c:
        codes = [c.get("/v1/models", headers={"X-API-Key": f"made-up-{n}"}).status_code for n in range(3)]
    assert codes == [200, 200, 429]


def test_forwarded_for_is_read_only_from_trusted_proxies(tmp_path) -> None:
    from qa.api.serve import proxy_options

    assert proxy_options(tiny_settings(tmp_path)) == {"proxy_headers": False}
    trusted = proxy_options(tiny_settings(tmp_path, trusted_proxies="10.0.0.5, 10.1.0.0/16"))
    assert trusted == {"proxy_headers": True, "forwarded_allow_ips": "10.0.0.5,10.1.0.0/16"}


def test_sliding_window_frees_slots_as_time_passes() -> None:
    now = [0.0]
    limiter = SlidingWindowLimiter(2, window=60, clock=lambda: now[0])
    assert limiter.check("a") == 0 and limiter.check("a") == 0
    now[0] = 10.0
    assert limiter.check("a") == pytest.approx(50.0)
    assert limiter.retry_after(limiter.check("a")) == "50"
    now[0] = 60.5
    assert limiter.check("a") == 0
    now[0] = 200.0
    limiter.check("b")
    assert set(limiter._hits) == {"b"}  # idle keys are forgotten
