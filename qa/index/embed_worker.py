"""Embedding in a child process at lower CPU priority, on every core: a build or an add embeds without taking
the cores from the questions being answered, and without holding the serving process's interpreter.

`ProcessEmbedder` is an `Embedder`; `indexing_embedder` gives it to whoever builds or adds when the model runs
on this machine.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from types import TracebackType
from typing import TypeVar

import numpy as np

from qa.core.config import Settings
from qa.core.errors import EmbedderUnavailableError
from qa.core.types import Embedder
from qa.index.embedders import E5Embedder, create_embedder

NICE = 4  # below the serving workers (0): the scheduler gives them the cores first (QA_INDEX_NICE)

_embedder: Embedder | None = None  # the child's own model
T = TypeVar("T")


def usable_cores() -> int:
    """Cores this process may run on (the affinity mask, not the machine's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def _follow_parent(parent: int) -> None:
    # A parent that dies without closing the pool (a crash, os._exit) would leave this process waiting for work
    # forever, holding the model and the parent's output pipes: it goes as soon as the parent has gone.
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(0)


def _start(spec: str, threads: int, nice: int, api_key: str | None, timeout: float, parent: int) -> None:
    """In the child: follow the parent's life, lower its priority (the engine's threads inherit it), then load
    the model."""
    global _embedder
    threading.Thread(target=_follow_parent, args=(parent,), daemon=True).start()
    if nice:
        os.nice(nice)
    _embedder = create_embedder(spec, threads, api_key, timeout)
    if isinstance(_embedder, E5Embedder):
        _embedder.set_threads(threads)


def _embed(kind: str, texts: list[str]) -> np.ndarray:
    assert _embedder is not None  # set by the pool's initializer
    return _embedder.embed_passages(texts) if kind == "passage" else _embedder.embed_queries(texts)


def _priority() -> int:
    return os.getpriority(os.PRIO_PROCESS, 0)


class ProcessEmbedder:
    """The embedder a spec names, run in one child process with `threads` engine threads at `nice`."""

    def __init__(
        self,
        spec: str,
        name: str,
        dim: int,
        threads: int | None = None,
        nice: int = NICE,
        api_key: str | None = None,
        timeout: float = 30.0,
    ) -> None:
        self.name = name
        self.dim = dim
        self.threads = threads or usable_cores()
        # spawn, not fork: the parent may already run FAISS or OpenMP threads, which a fork does not copy
        self._pool = ProcessPoolExecutor(
            1,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_start,
            initargs=(spec, self.threads, nice, api_key, timeout, os.getpid()),
        )
        self._ready = self._pool.submit(_priority)  # starts the child and loads the model meanwhile

    @classmethod
    def like(cls, embedder: Embedder, spec: str, **options: object) -> ProcessEmbedder:
        """A process embedder for the same model as an in-process one (its name and dimension)."""
        return cls(spec, embedder.name, embedder.dim, **options)  # type: ignore[arg-type]

    def priority(self) -> int:
        """The child's nice value (once its model is loaded)."""
        return int(self._call(self._ready))

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return self._call(self._pool.submit(_embed, "passage", texts))

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return self._call(self._pool.submit(_embed, "query", texts))

    @staticmethod
    def _call(future: Future[T]) -> T:
        try:
            return future.result()
        except BrokenProcessPool as exc:
            raise EmbedderUnavailableError(
                f"the embedding process stopped ({exc}); the index was not changed"
            ) from exc

    def close(self) -> None:
        """Stop the child process."""
        self._pool.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> ProcessEmbedder:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def embeds_here(spec: str) -> bool:
    """Whether an embedder spec computes on this machine's cores (a bundled or local model), as opposed to a
    remote server (`openai:`) or the arithmetic test embedder (`hash`), which a child process would not help."""
    return not spec.startswith(("openai:", "hash"))


@contextmanager
def indexing_embedder(settings: Settings, embedder: Embedder | None = None) -> Iterator[Embedder]:
    """The embedder a build or an add uses: a child process at lower priority on every core for a model that
    runs here (started for the job, stopped after it), otherwise `embedder` itself (made from the settings when
    none is given)."""
    if embedder is None:
        embedder = create_embedder(
            settings.embedder, api_key=settings.embedder_api_key, timeout=settings.embedder_timeout
        )
    if not embeds_here(settings.embedder):
        yield embedder
        return
    options = {"api_key": settings.embedder_api_key, "timeout": settings.embedder_timeout}
    with ProcessEmbedder.like(embedder, settings.embedder, nice=settings.index_nice, **options) as child:
        yield child
