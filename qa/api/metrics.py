"""Prometheus metrics: requests, latency, answers, abstentions and errors.

With `qa serve --workers N` the server sets PROMETHEUS_MULTIPROC_DIR before the workers start, and `/metrics`
adds up every worker's values (prometheus_client's multiprocess mode); otherwise each process reports its own.
"""

from __future__ import annotations

import os

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)

from qa.core.types import AskResponse

REQUESTS = Counter(
    "qa_http_requests_total", "HTTP requests by route, method and status", ["route", "method", "status"]
)
LATENCY = Histogram(
    "qa_http_request_duration_seconds",
    "HTTP request latency by route",
    ["route"],
    buckets=(0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
ANSWERS = Counter("qa_answers_total", "Answers given, by whether the service abstained", ["abstained"])
ERRORS = Counter("qa_errors_total", "Error responses by error code", ["code"])
# by process id: shows how requests spread over `qa serve --workers N`
WORKER_REQUESTS = Counter(
    "qa_worker_requests_total", "API requests by the worker process that took them", ["worker"]
)
QUERYLOG_LOST = Counter(
    "qa_querylog_write_errors", "Query-log rows that could not be written (full disk, unwritable database)"
)


def render() -> tuple[bytes, str]:
    """The metrics exposition text and its content type (all workers' values in multiprocess mode)."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST


def count_answer(result: AskResponse) -> None:
    """Count one answer and whether it abstained."""
    ANSWERS.labels(abstained=str(result.abstained).lower()).inc()
