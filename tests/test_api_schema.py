"""Schemathesis against /openapi.json: no input may produce a 5xx."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation.modes import GenerationMode

from qa.api.app import create_app
from tests.api_helpers import tiny_service, tiny_settings

# Built at import: schemathesis's lazy `from_fixture` loader does not work with this pytest version.
_TMP = Path(tempfile.mkdtemp(prefix="qa-schema-"))
_SETTINGS = tiny_settings(_TMP)
APP = create_app(_SETTINGS, tiny_service(_SETTINGS))
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)
schema.config.generation.update(modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE])


@pytest.fixture(scope="module", autouse=True)
def _started():
    with TestClient(APP):  # runs the lifespan: the service and store stay on app.state for every case
        yield
    shutil.rmtree(_TMP, ignore_errors=True)


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
        HealthCheck.function_scoped_fixture,
    ],
)
def test_no_input_gives_a_server_error(case) -> None:
    response = case.call()
    case.validate_response(response, checks=[not_a_server_error])
    if response.status_code >= 400:
        assert set(response.json()) == {"error"}, response.text
