"""`qa serve`: make sure the index is there (building it when missing or stale), then run uvicorn."""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
import time

from qa.core.config import Settings
from qa.core.errors import IndexMissingError
from qa.store.factory import open_store

APP_FACTORY = "qa.api.app:create_app_from_env"


class JsonFormatter(logging.Formatter):
    """One JSON object per log line: time, level, logger, message and any `extra={"fields": {...}}`."""

    def format(self, record: logging.LogRecord) -> str:
        """The record as a JSON line."""
        data: dict[str, object] = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
        }
        data.update(getattr(record, "fields", {}) or {})
        if record.exc_info:
            data["exc"] = self.formatException(record.exc_info)
        return json.dumps(data, ensure_ascii=False, default=str)


def log_config(level: str = "info") -> dict:
    """A logging dictConfig for uvicorn and the app: JSON lines on stderr."""
    handler = {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": JsonFormatter}},
        "handlers": {"default": handler},
        "root": {"handlers": ["default"], "level": level.upper()},
        "loggers": {
            "uvicorn": {"level": level.upper()},
            "uvicorn.error": {"level": level.upper()},
            "uvicorn.access": {"level": "WARNING"},  # the app logs each request itself
        },
    }


def proxy_options(settings: Settings) -> dict[str, object]:
    """uvicorn reads X-Forwarded-For only from QA_TRUSTED_PROXIES (by default from no one)."""
    if not settings.trusted_proxies:
        return {"proxy_headers": False}
    return {"proxy_headers": True, "forwarded_allow_ips": ",".join(settings.trusted_proxies)}


def _run_workers(settings: Settings, host: str, port: int, workers: int, log: dict) -> int:
    """N worker processes that each load the index; each has its own socket where the kernel balances them."""
    import uvicorn

    from qa.api.workers import reuse_port_supported, supervise

    options = {"log_config": log, "access_log": False, **proxy_options(settings)}
    if not reuse_port_supported():
        uvicorn.run(APP_FACTORY, factory=True, host=host, port=port, workers=workers, **options)  # type: ignore[arg-type]
        return 0
    config = uvicorn.Config(APP_FACTORY, factory=True, host=host, port=port, workers=workers, **options)  # type: ignore[arg-type]
    return supervise(config, workers)


def ensure_index(settings: Settings, build_if_needed: bool = True, check: bool = True) -> None:
    """Build the index when it is missing or stale (and there are reports to build from); check that it loads."""
    from qa.index.embedders import create_embedder
    from qa.index.library import build
    from qa.index.txn import recover, writer_lock
    from qa.store.faiss.index import Index, corpus_files, is_stale

    embedder = create_embedder(
        settings.embedder, settings.embed_threads, settings.embedder_api_key, settings.embedder_timeout
    )
    # Before deciding whether the index is stale: a report half-added by a crashed update is either
    # finished (its version is current) or dropped, never built from.
    if settings.index_dir.is_dir():
        with writer_lock(settings.index_dir, settings.lock_timeout):
            recover(settings.corpus_dir, settings.index_dir)
    reports = corpus_files(settings.corpus_dir) if settings.corpus_dir.is_dir() else []
    if build_if_needed and reports and is_stale(settings.index_dir, settings.corpus_dir, embedder.name):
        print(f"qa: building the index in {settings.index_dir}/ from {len(reports)} reports", flush=True)
        build(settings, embedder, progress=True)
        return
    if not check:
        return
    try:
        Index.load(settings.index_dir, embedder.name)
    except IndexMissingError as exc:
        if build_if_needed and not reports:
            exc.message += f" (there are no reports in {settings.corpus_dir}/ to build one from)"
        raise


def serve(
    settings: Settings,
    host: str,
    port: int,
    workers: int = 1,
    build_if_needed: bool = True,
    log_level: str = "info",
) -> int:
    """Run the API: one process over an index loaded here, or N workers that each load the index."""
    import uvicorn

    if workers > 1 and settings.embed_threads is None:
        # Each worker embeds one question at a time on one core, instead of N workers fighting over the cores.
        os.environ["QA_EMBED_THREADS"] = "1"
        settings = settings.model_copy(update={"embed_threads": 1})
    if workers > 1 and settings.ask_concurrency is None and not settings.llm_base_url:
        # CPU-bound answers: the workers share the cores, so each answers its share at once; more at once would
        # only make every answer slower (the rest wait in the bounded queue, or get a fast 503).
        share = max(1, len(os.sched_getaffinity(0)) // workers) if hasattr(os, "sched_getaffinity") else 1
        os.environ["QA_ASK_CONCURRENCY"] = str(share)
        settings = settings.model_copy(update={"ask_concurrency": share})
    if open_store(settings).local_corpus:  # a shared store (Milvus) is filled by `qa migrate`, not here
        ensure_index(settings, build_if_needed, check=workers > 1)
    config = log_config(log_level)
    if workers > 1:
        metrics_dir = None
        if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
            metrics_dir = tempfile.mkdtemp(prefix="qa-metrics-")
            os.environ["PROMETHEUS_MULTIPROC_DIR"] = metrics_dir
        try:
            return _run_workers(settings, host, port, workers, config)
        finally:
            if metrics_dir:
                shutil.rmtree(metrics_dir, ignore_errors=True)
    from qa.api.app import create_app
    from qa.service import QAService

    app = create_app(settings, QAService.open(settings))
    uvicorn.run(app, host=host, port=port, log_config=config, access_log=False, **proxy_options(settings))
    return 0
