"""A bounded queue in front of CPU-bound work: a few calls at once, a few waiting, the rest refused at once.

Overload then costs a fast 503 with `Retry-After` instead of minutes of latency for everyone: a request is
refused when the queue is full, when the time it would wait (the calls ahead of it times the recent service
time) is past the bound, or when it has waited past the bound after all. With a deadline, the bound is also
what leaves one recent service time before it, so an answer that starts also ends in time.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from contextvars import ContextVar
from functools import partial
from typing import Any, TypeVar

import anyio
import anyio.to_thread

from qa.core.errors import QAError

T = TypeVar("T")

# When the request being served arrived (time.monotonic()), set by the HTTP edge: a deadline counts from there,
# so the time a request spent before the gate (reading its body, waiting for the event loop) is not forgotten.
ARRIVED: ContextVar[float | None] = ContextVar("arrived", default=None)


class OverloadedError(QAError):
    """Every answering slot of this worker is busy and its queue is full (or too slow to wait in)."""

    code = "overloaded"
    status = 503
    exit_code = 8

    def __init__(self, message: str, retry_after: float = 1.0) -> None:
        super().__init__(message)
        self.headers = {"Retry-After": str(max(1, math.ceil(retry_after)))}


class Gate:
    """At most `running` calls at once in worker threads, at most `waiting` more queued for `max_wait` s.

    One gate per worker process, used from its event loop; the calls run in threads, so the loop stays free
    for health checks and for refusing what does not fit.
    """

    def __init__(
        self,
        running: int,
        waiting: int,
        max_wait: float,
        name: str = "questions",
        deadline: float | None = None,
    ) -> None:
        self.running = max(1, running)
        self.waiting = max(0, waiting)
        self.max_wait = max_wait
        # Answered or refused within `deadline` s of arrival: a call that cannot start in time to finish (its
        # wait plus the recent service time) is refused rather than started late; a free slot always runs.
        self.deadline = deadline
        self.name = name
        # What keeps the calls from finishing, when something does (a store that is down): a refusal then
        # names it instead of the queue. Called in a thread; may take a round trip.
        self.cause: Callable[[], QAError | None] | None = None
        self.busy = 0
        self.queued = 0
        self.served = 0
        self.refused = 0
        self._seconds = 0.0  # recent service time (moving average), 0 until something was served
        self._last = 0.0  # the last service time: the average lags when answers grow slow all at once
        self._started: dict[object, float] = {}  # when each running call started
        self._slots: anyio.Semaphore | None = None
        self._threads: anyio.CapacityLimiter | None = None

    def predicted_wait(self) -> float:
        """Seconds a request arriving now would wait for a slot: what is left of the call closest to done, then
        one recent service time per `running` calls queued ahead of it."""
        if self.busy < self.running:
            return 0.0
        now = time.monotonic()
        running_for = max(now - t for t in self._started.values())
        # Before the first answer, the call running longest is the only measure of the service time there is.
        seconds = self._seconds if self.served else running_for
        left = max(0.0, seconds - running_for)
        return left + (self.queued // self.running) * seconds

    def check(self) -> None:
        """Raise OverloadedError when a request arriving now would be refused (nothing is reserved)."""
        if self.busy < self.running:
            return
        if self.queued >= self.waiting:
            self._refuse(f"{self.busy} {self.name} are being answered and {self.queued} are waiting")
        wait = self.predicted_wait()
        budget = self.wait_budget() - self._before_gate(time.monotonic())
        if wait > budget:
            self._refuse(
                f"a new one would wait about {wait:.1f} s (the limit is {max(0.0, budget):.1f} s)", wait
            )

    def wait_budget(self) -> float:
        """How long a request arriving now may wait for a slot: `max_wait`, and no longer than leaves the recent
        service time before the deadline (never under a tenth of a second, so a slow service still queues)."""
        if self.deadline is None or not self.served:
            return self.max_wait
        return max(0.1, min(self.max_wait, self.deadline - self._seconds))

    async def run(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """`fn(*args, **kwargs)` in a worker thread once a slot is free; OverloadedError when it does not fit."""
        if self._slots is None:  # made here, inside the worker's event loop
            self._slots = anyio.Semaphore(self.running)
            self._threads = anyio.CapacityLimiter(self.running)
        try:
            await self._admit()
        except OverloadedError:
            down = await anyio.to_thread.run_sync(self.cause) if self.cause is not None else None
            if down is not None:  # the slots are held by calls that will fail on the same cause
                raise down from None
            raise
        self.busy += 1
        started = time.monotonic()
        ticket = object()
        self._started[ticket] = started
        try:
            return await anyio.to_thread.run_sync(partial(fn, *args, **kwargs), limiter=self._threads)
        finally:
            took = time.monotonic() - started
            self._seconds = took if not self.served else 0.8 * self._seconds + 0.2 * took
            self._last = took
            self.served += 1
            self.busy -= 1
            del self._started[ticket]
            self._slots.release()

    async def _admit(self) -> None:
        """Take a slot, or raise OverloadedError."""
        assert self._slots is not None
        self.check()
        try:
            self._slots.acquire_nowait()  # a free slot always runs
            return
        except anyio.WouldBlock:
            pass
        arrived = time.monotonic()
        before = self._before_gate(arrived)
        budget = max(0.0, self.wait_budget() - before)
        self.queued += 1
        try:
            with anyio.move_on_after(budget) as scope:
                await self._slots.acquire()
        finally:
            self.queued -= 1
        waited = time.monotonic() - arrived
        if scope.cancelled_caught:
            self._refuse(f"this one waited {waited:.1f} s for a free slot")
        waited += before
        # The answering time may have grown while it waited (a burst of long questions after short ones): a call
        # that would now end past the deadline gives its slot back and is refused in time instead.
        answering = max(self._seconds, self._last)
        if self.deadline is not None and self.served and waited + answering > self.deadline:
            self._slots.release()
            self._refuse(
                f"this one waited {waited:.1f} s and answering takes about {answering:.1f} s now, past the "
                f"{self.deadline:g} s deadline",
                answering,
            )

    def _before_gate(self, now: float) -> float:
        """Seconds since the request arrived at the edge, when a deadline applies and the edge said when."""
        arrived = ARRIVED.get()
        if self.deadline is None or arrived is None:
            return 0.0
        return max(0.0, now - arrived)

    def stats(self) -> dict[str, float]:
        """What the gate is doing now, for metrics and readiness."""
        return {
            "busy": self.busy,
            "queued": self.queued,
            "served": self.served,
            "refused": self.refused,
            "service_seconds": round(self._seconds, 4),
        }

    def _refuse(self, why: str, wait: float = 0.0) -> None:
        self.refused += 1
        retry = max(1.0, min(wait or self._seconds * (self.queued + 1), 30.0))
        raise OverloadedError(f"the service is busy: {why}; try again in a moment", retry)
