"""A Milvus connection that fails fast with a clear error and reconnects after an outage."""

from __future__ import annotations

import contextlib
import threading
from typing import Any

from qa.core.errors import QAError
from qa.store.milvus.schema import pymilvus

PAGE = 1000  # rows per scan page
_DOWN = (
    "unavailable",
    "fail connecting",
    "retry timeout",
    "deadline",
    "connection refused",
    "connect failed",
)


class StoreUnavailableError(QAError):
    """The configured Milvus server cannot be reached or refused a request."""

    code = "store_unavailable"
    status = 503
    exit_code = 6


class Connection:
    """One MilvusClient, created on first use and again after a connection failure."""

    def __init__(
        self, uri: str, token: str | None = None, db_name: str | None = None, timeout: int = 10
    ) -> None:
        self.uri = uri
        self.token = token or ""
        self.db_name = db_name or ""
        # pymilvus retries a dead server for minutes unless each call carries a whole-second timeout
        self.timeout = int(timeout)
        self._client: Any = None
        self._lock = threading.RLock()
        self.client()  # fail at start, naming the URI, rather than on the first question

    def client(self) -> Any:
        """A connected MilvusClient (a new one after a connection failure)."""
        with self._lock:
            if self._client is None:
                pm = pymilvus()
                try:
                    self._client = pm.MilvusClient(
                        uri=self.uri, token=self.token, db_name=self.db_name, timeout=self.timeout
                    )
                except Exception as exc:
                    raise self._error(exc) from exc
            return self._client

    def call(self, method: str, *args: Any, **kwargs: Any) -> Any:
        """One client call with a bounded timeout; failures become StoreUnavailableError."""
        kwargs.setdefault("timeout", self.timeout)
        try:
            return getattr(self.client(), method)(*args, **kwargs)
        except QAError:
            raise
        except Exception as exc:
            raise self._error(exc) from exc

    def _error(self, exc: Exception) -> StoreUnavailableError:
        text = (
            str(getattr(exc, "message", "") or exc).strip().splitlines()[0] if str(exc).strip() else repr(exc)
        )
        if any(s in text.lower() for s in _DOWN) or exc.__class__.__name__.endswith("RpcError"):
            self._reset()
            return StoreUnavailableError(
                f"Milvus at {self.uri} is unreachable ({text[:200]}): start it, or check QA_STORE"
            )
        return StoreUnavailableError(f"Milvus at {self.uri} refused the request: {text[:300]}")

    def _reset(self) -> None:
        with self._lock:
            client, self._client = self._client, None
        if client is not None:
            with contextlib.suppress(Exception):  # the connection is already broken
                client.close()

    def close(self) -> None:
        """Close the connection."""
        self._reset()

    def scan(self, collection: str, fields: list[str], where: str) -> list[dict]:
        """Every row of a collection, page by page."""
        try:
            it = self.client().query_iterator(
                collection,
                batch_size=PAGE,
                filter=where,
                output_fields=fields,
                timeout=self.timeout,
                consistency_level="Strong",
            )
            out: list[dict] = []
            while batch := it.next():
                out.extend(dict(r) for r in batch)
            it.close()
            return out
        except QAError:
            raise
        except Exception as exc:
            raise self._error(exc) from exc
