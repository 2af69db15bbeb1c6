"""Prometheus metrics: requests, latency, answers, abstentions, errors, the query-embedding cache and how often
questions repeat in the query log.

With `qa serve --workers N` the server sets PROMETHEUS_MULTIPROC_DIR before the workers start, and `/metrics`
adds up every worker's values (prometheus_client's multiprocess mode); otherwise each process reports its own.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

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
EMBED_CACHE_HITS = Counter(
    "qa_query_embedding_cache_hits_total", "Question embeddings found in a worker's cache (no model call)"
)
EMBED_CACHE_MISSES = Counter(
    "qa_query_embedding_cache_misses_total", "Question embeddings not in a worker's cache (the model ran)"
)
# by process id: shows how requests spread over `qa serve --workers N`
WORKER_REQUESTS = Counter(
    "qa_worker_requests_total", "API requests by the worker process that took them", ["worker"]
)
QUERYLOG_LOST = Counter(
    "qa_querylog_write_errors", "Query-log rows that could not be written (full disk, unwritable database)"
)


class RepeatRate(Collector):
    """`qa_query_log_repeat_ratio`: the share of the latest logged questions asked before (in normal form)
    within the log, computed when scraped from a bounded read of the shared query log."""

    def __init__(self, measure: Callable[[], tuple[float, int]]) -> None:
        self.measure = measure

    def collect(self) -> Iterator[GaugeMetricFamily]:
        """The ratio and how many logged questions it was computed over."""
        ratio, questions = self.measure()
        yield GaugeMetricFamily(
            "qa_query_log_repeat_ratio",
            "Share of the latest logged questions whose normalised text was asked before in the log",
            value=ratio,
        )
        yield GaugeMetricFamily(
            "qa_query_log_repeat_window_questions",
            "Logged questions the repeat ratio is computed over",
            value=questions,
        )


def render(extra: Collector | None = None) -> tuple[bytes, str]:
    """The metrics exposition text and its content type (all workers' values in multiprocess mode), with an
    app's own collector (read on the spot, the same from any worker) after them."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        body = generate_latest(registry)
    else:
        body = generate_latest(REGISTRY)
    if extra is not None:
        # its own registry: the global one is shared by every app a test process creates
        own = CollectorRegistry()
        own.register(extra)
        body += generate_latest(own)
    return body, CONTENT_TYPE_LATEST


def count_answer(result: AskResponse) -> None:
    """Count one answer and whether it abstained."""
    ANSWERS.labels(abstained=str(result.abstained).lower()).inc()
