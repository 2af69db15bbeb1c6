"""Dependencies of the HTTP routes, built in the app's lifespan and injected with `Annotated[..., Depends()]`."""

from __future__ import annotations

import asyncio
import contextlib
import math
import time
from collections.abc import AsyncIterator, Sequence
from typing import Annotated, Any

import anyio
import anyio.from_thread
from fastapi import Depends, Request

from qa.api.metrics import count_answer
from qa.api.querylog import Store
from qa.core.admission import Gate
from qa.core.errors import QAError
from qa.core.types import AskResponse
from qa.service import QAService
from qa.text.normalize import encodable

OUTAGE_CHECK_SECONDS = 0.25  # a refusal asks the store again when its last health check is older


class NotReadyError(QAError):
    """The app is still starting: the index or the store is not open yet."""

    code = "not_ready"
    status = 503


class Asker:
    """Runs `QAService.ask` through the worker's gate (a few at a time: it is CPU-bound), then counts and logs it."""

    def __init__(self, service: QAService, store: Store, gate: Gate) -> None:
        self.service = service
        self.store = store
        self.gate = gate

    async def ask(
        self,
        question: str,
        history: Sequence[dict] = (),
        top_k: int | None = None,
        source: str = "api",
        request_id: str = "",
    ) -> AskResponse:
        """The ask contract for one question, computed off the event loop."""
        started = time.perf_counter()
        question = encodable(question)  # the query log stores what the service answered
        result = await self.gate.run(self.service.ask, question, history, top_k)
        self.record(result, question, (time.perf_counter() - started) * 1000, source, request_id)
        return result

    async def stream(
        self,
        question: str,
        history: Sequence[dict] = (),
        top_k: int | None = None,
        source: str = "stream",
        request_id: str = "",
    ) -> AsyncIterator[tuple[str, Any]]:
        """`QAService.ask_events` computed in a worker thread, each event handed over as soon as it is made."""
        started = time.perf_counter()
        question = encodable(question)
        send, receive = anyio.create_memory_object_stream[tuple[str, Any]](math.inf)

        def hand_over(event: tuple[str, Any]) -> bool:
            try:
                anyio.from_thread.run_sync(send.send_nowait, event)
                return True
            except (anyio.BrokenResourceError, anyio.ClosedResourceError):
                return False  # the client went away: stop composing

        def produce() -> None:
            with send:
                try:
                    for event in self.service.ask_events(question, history, top_k):
                        if not hand_over(event):
                            return
                except Exception as exc:  # raised again on the event loop's side
                    hand_over(("raise", exc))

        async def run() -> None:
            try:
                await self.gate.run(produce)  # the same bounded queue as plain answers
            except Exception as exc:  # refused by the gate: `produce` never ran to close the stream
                with contextlib.suppress(anyio.ClosedResourceError, anyio.BrokenResourceError):
                    send.send_nowait(("raise", exc))
                send.close()

        worker = asyncio.ensure_future(run())
        try:
            async with receive:
                async for name, data in receive:
                    if name == "raise":
                        raise data
                    if name == "final":
                        self.record(
                            data, question, (time.perf_counter() - started) * 1000, source, request_id
                        )
                    yield name, data
        finally:
            if worker.done():
                worker.result()

    def record(
        self, result: AskResponse, question: str, latency_ms: float, source: str, request_id: str = ""
    ) -> None:
        """Count an answer in the metrics and keep it in the query log (for answers given through Slack too)."""
        count_answer(result)
        self.store.log_query(result, question, latency_ms, source, request_id)


def store_outage(service: QAService) -> QAError | None:
    """The store's error when it is down: the outage a call already met, else a health check no older than
    OUTAGE_CHECK_SECONDS (one round trip at a time, shared by the worker's requests; none for a local store)."""
    outage = getattr(service.store, "outage", None)
    down = outage() if outage is not None else None
    if down is None:
        try:
            service.check_store(OUTAGE_CHECK_SECONDS)
        except QAError as exc:
            down = exc
    return down


def _state(request: Request, name: str) -> object:
    value = getattr(request.app.state, name, None)
    if value is None:
        error = getattr(request.app.state, "service_error", None)
        raise error if isinstance(error, QAError) else NotReadyError("the index is not loaded yet")
    return value


def get_service(request: Request) -> QAService:
    """The loaded service, or the error that kept it from loading (503)."""
    return _state(request, "service")  # type: ignore[return-value]


def get_asker(request: Request) -> Asker:
    """The ask runner over the loaded service."""
    return _state(request, "asker")  # type: ignore[return-value]


def get_gate(request: Request) -> Gate:
    """This worker's bounded queue of questions."""
    return request.app.state.gate  # type: ignore[no-any-return]


def get_store(request: Request) -> Store:
    """The SQLite store (feedback and query log); open even when the index is not."""
    store = getattr(request.app.state, "store", None)
    if store is None:
        raise NotReadyError("the service is still starting")
    return store  # type: ignore[no-any-return]


def get_request_id(request: Request) -> str:
    """The id the edge middleware gave this request."""
    return str(getattr(request.state, "request_id", ""))


ServiceDep = Annotated[QAService, Depends(get_service)]
AskerDep = Annotated[Asker, Depends(get_asker)]
StoreDep = Annotated[Store, Depends(get_store)]
GateDep = Annotated[Gate, Depends(get_gate)]
RequestIdDep = Annotated[str, Depends(get_request_id)]
