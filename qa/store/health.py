"""Whether a store can be reached, asked at most once at a time and remembered for a moment."""

from __future__ import annotations

import threading
import time

from qa.core.errors import QAError

PING_SECONDS = 1.5  # how long a store check's result stands
PING_WAIT_SECONDS = 2.0  # how long a caller waits for a store check already under way (the check takes ≤ 1 s)


class StoreHealth:
    """The store's health check: one round trip at a time, shared by every caller, so readiness probes and
    refusals cannot pile onto a struggling store; a store without `ping` (a local one) is always up."""

    def __init__(self, store: object) -> None:
        self.store = store
        self._pinging = threading.Lock()
        self._pinged: tuple[float, QAError | None] = (-1e9, None)  # when, and the error then

    def check(self, max_age: float = PING_SECONDS) -> None:
        """Raise the store's error when it cannot be reached (Milvus down); a result stands for `max_age` s."""
        ping = getattr(self.store, "ping", None)
        if ping is None:
            return
        when, error = self._pinged
        if time.monotonic() - when >= max_age:
            if self._pinging.acquire(blocking=False):
                try:
                    ping(1)
                    error = None
                except QAError as exc:
                    error = exc
                finally:
                    self._pinged = (time.monotonic(), error)
                    self._pinging.release()
            else:  # a check is under way: its answer, not the stale one held, says whether the store is up
                if self._pinging.acquire(timeout=PING_WAIT_SECONDS):
                    self._pinging.release()
                error = self._pinged[1]
        if error is not None:
            raise error
