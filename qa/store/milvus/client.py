"""A Milvus connection that fails fast with a clear error and reconnects after an outage."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any

from qa.core.errors import QAError
from qa.store.milvus.schema import pymilvus

PAGE = 1000  # rows per scan page
DEADLINE_GRACE = 0.5  # beyond the timeout, before a call is given up on
CALL_THREADS = 16  # calls in flight at once (a few per answering thread; stuck ones are not waited for)
SCAN_CALLS = 30
FAIL_FAST = frozenset({"search"})  # the calls on a question's path; writes keep pymilvus's retries
FAST_RETRIES = 0
PROBE_GAP = 0.5  # seconds after a failure before the next call may probe
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
    headers = {"Retry-After": "2"}  # noqa: RUF012 - read-only


class Connection:
    """One MilvusClient, created on first use and again after a connection failure.

    During an outage a request must not cost more than the timeout, nor wait behind another: each call has a
    hard deadline (pymilvus's own retries overshoot the timeout it is given), a question's search fails in
    milliseconds on a refused connection, and once a call has failed, one call at a time probes (a single
    attempt, at most every PROBE_GAP) while the others fail at once.
    """

    def __init__(
        self, uri: str, token: str | None = None, db_name: str | None = None, timeout: int = 10
    ) -> None:
        self.uri = uri
        self.token = token or ""
        self.db_name = db_name or ""
        # pymilvus retries a dead server for minutes unless each call carries a whole-second timeout
        self.timeout = max(1, int(timeout))
        self._client: Any = None
        self._lock = threading.Lock()  # held only to swap the client, never while connecting or calling
        self._connecting = threading.Lock()
        self._down: StoreUnavailableError | None = None  # the last outage, while the breaker is open
        self._down_at = 0.0
        self._probing = threading.Lock()
        self._pool = ThreadPoolExecutor(max_workers=CALL_THREADS, thread_name_prefix="milvus")
        self.client()  # fail at start, naming the URI, rather than on the first question

    def client(self) -> Any:
        """A connected MilvusClient (a new one after a connection failure)."""
        with self._lock:
            if self._client is not None:
                return self._client
        if not self._connecting.acquire(timeout=self.timeout):
            raise StoreUnavailableError(f"Milvus at {self.uri} is unreachable (still reconnecting)")
        try:
            with self._lock:
                if self._client is not None:
                    return self._client
            pm = pymilvus()
            try:
                client = pm.MilvusClient(
                    uri=self.uri, token=self.token, db_name=self.db_name, timeout=self.timeout
                )
            except Exception as exc:
                raise self._error(exc) from exc
            with self._lock:
                self._client = client
            return client
        finally:
            self._connecting.release()

    def call(self, method: str, *args: Any, timeout: int | None = None, **kwargs: Any) -> Any:
        """One client call, answered within `timeout` (QA_MILVUS_TIMEOUT) or StoreUnavailableError."""
        seconds = self.timeout if timeout is None else max(1, int(timeout))

        def work(probe: bool) -> Any:
            if method in FAIL_FAST or probe:
                # A float timeout is the gRPC deadline of a single attempt: a refused connection fails a question
                # in milliseconds instead of pymilvus retrying it until the timeout (an int), so the questions
                # in flight when Milvus goes away do not each wait it out, and a probe during an outage is cheap
                # (one every PROBE_GAP at most, so a Milvus that is back is seen within a second).
                return getattr(self.client(), method)(
                    *args, timeout=float(seconds), retry_times=FAST_RETRIES, **kwargs
                )
            return getattr(self.client(), method)(*args, timeout=seconds, **kwargs)

        return self._bounded(work, seconds)

    def ping(self, timeout: int = 1) -> None:
        """A cheap round trip (StoreUnavailableError when Milvus cannot answer within `timeout` seconds)."""
        self.call("list_collections", timeout=timeout)

    def outage(self) -> StoreUnavailableError | None:
        """The error of the outage in progress (the last call found Milvus down), without a round trip."""
        return self._down

    def _bounded(self, work: Callable[[bool], Any], seconds: float) -> Any:
        probe = self._admit()
        try:
            future = self._pool.submit(work, probe)
            try:
                result = future.result(timeout=seconds + DEADLINE_GRACE)
            except FutureTimeout:
                future.cancel()  # a call already running finishes in its thread; nobody waits for it
                raise self._mark_down(
                    StoreUnavailableError(
                        f"Milvus at {self.uri} did not answer within {seconds} s: is it running? (QA_STORE)"
                    )
                ) from None
            except StoreUnavailableError as exc:  # from connecting
                self._mark_down(exc)
                raise
            except QAError:
                raise
            except Exception as exc:
                raise self._mark_down(self._error(exc)) from exc
            self._down = None
            return result
        finally:
            if probe:
                self._probing.release()

    def _admit(self) -> bool:
        """Whether this call may go to Milvus now; True when it is the one probing during an outage."""
        if self._down is None:
            return False
        # Another call is finding out, or one just failed (the same question's next search): do not pile on.
        if time.monotonic() - self._down_at < PROBE_GAP or not self._probing.acquire(blocking=False):
            raise StoreUnavailableError(self._down.message)
        return True

    def _mark_down(self, error: StoreUnavailableError) -> StoreUnavailableError:
        if self._is_down(error):
            self._down = error
            self._down_at = time.monotonic()
        return error

    @staticmethod
    def _is_down(error: QAError) -> bool:
        return "unreachable" in error.message or "did not answer" in error.message

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

    def head(self, collection: str, fields: list[str], where: str, n: int) -> list[dict]:
        """The first `n` matching rows in primary-key order (an iterator pages by primary key)."""

        def read(probe: bool) -> list[dict]:
            it = self.client().query_iterator(
                collection,
                batch_size=max(1, min(n, PAGE)),
                filter=where,
                output_fields=fields,
                timeout=self.timeout,
            )
            out: list[dict] = []
            while len(out) < n and (batch := it.next()):
                out.extend(dict(r) for r in batch)
            it.close()
            return out[:n]

        return self._bounded(read, self.timeout)

    def scan(self, collection: str, fields: list[str], where: str) -> list[dict]:
        """Every row of a collection, page by page."""

        def read(probe: bool) -> list[dict]:
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

        # a whole scan may take longer than one call: its pages each have the timeout, the scan a few
        return self._bounded(read, self.timeout * SCAN_CALLS)
