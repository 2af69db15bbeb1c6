"""A sliding-window rate limiter, per API key or client address.

The windows live in memory in each worker process, so with `--workers N` a client can make up to N times the
configured number of requests per minute; a shared store (Redis) would be the next step past one machine.
"""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable


class SlidingWindowLimiter:
    """At most `limit` requests per `window` seconds for each key."""

    def __init__(self, limit: int, window: float = 60.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self.window = window
        self.clock = clock
        self._hits: dict[str, deque[float]] = {}
        self._last_sweep = clock()

    def check(self, key: str) -> float:
        """Record a request for `key`: 0 when allowed, else the seconds until one would be."""
        now = self.clock()
        self._sweep(now)
        hits = self._hits.setdefault(key, deque())
        while hits and hits[0] <= now - self.window:
            hits.popleft()
        if len(hits) >= self.limit:
            return max(0.001, hits[0] + self.window - now)
        hits.append(now)
        return 0.0

    def waiting(self, key: str) -> float:
        """Seconds until `key` may be recorded again (0 when it may now); records nothing."""
        now = self.clock()
        hits = self._hits.get(key)
        if not hits or len(hits) < self.limit:
            return 0.0
        return max(0.0, hits[0] + self.window - now)

    def retry_after(self, wait: float) -> str:
        """A Retry-After header value (whole seconds, at least 1)."""
        return str(max(1, math.ceil(wait)))

    def _sweep(self, now: float) -> None:
        # Forget idle keys now and then, so memory stays bounded by the clients of the last window.
        if now - self._last_sweep < self.window:
            return
        self._last_sweep = now
        for key in [k for k, v in self._hits.items() if not v or v[-1] <= now - self.window]:
            del self._hits[key]
