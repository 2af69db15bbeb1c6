"""The named steps of an index update and its progress (chunks embedded out of the total).

One `Tracker` goes through an add, a remove or a build: the CLI's progress bar and the API's job record both
read it through the one `progress(done, total)` callback. `fault_at` (QA_FAULT_AT, for the fault-injection
tests) ends the process at a named step, as a power cut or `kill -9` would.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from tqdm import tqdm

# In the order an add of new text runs them ("chunks_half": half of chunks.jsonl is on disk). Its chunks are
# served before they are embedded: a version without their vectors is flushed ("bm25_fsynced") and switched in
# ("bm25_switched"), the corpus takes the report ("corpus_moved"), the job shows "searchable" while they are
# embedded, then the complete version follows ("embedded" .. "switched"). A remove, or an add with nothing new to embed, skips the first three and moves the corpus
# after "switched"; a build (`qa build`, `qa serve`) runs the steps from "chunked" to "switched".
STEPS = (
    "locked",
    "staged",
    "chunked",
    "bm25_fsynced",
    "bm25_switched",
    "corpus_moved",
    "searchable",
    "embedded",
    "chunks_half",
    "written",
    "fsynced",
    "switched",
)
FAULT_EXIT = 70  # the exit status of a process stopped by QA_FAULT_AT

Progress = Callable[[int, int], object]  # (chunks embedded so far, chunks to embed)


class Tracker:
    """Where one update is: the last step reached and how many chunks are embedded out of the total."""

    def __init__(self, progress: Progress | None = None, fault_at: str | None = None) -> None:
        self.progress = progress
        self.fault_at = fault_at
        self.reached: str | None = None
        self.done = 0
        self.total = 0

    def step(self, name: str) -> None:
        """Record that the update reached `name` (and stop the process there when QA_FAULT_AT names it)."""
        self.reached = name
        if self.fault_at == name:
            os._exit(FAULT_EXIT)  # no cleanup, no flush: what a crash at this point leaves behind

    def begin(self, total: int) -> None:
        """The number of chunks this update embeds, once they are known."""
        self.total, self.done = total, 0
        self._report()

    def advance(self, n: int) -> None:
        """`n` more chunks embedded (the callback may raise to stop the update between batches)."""
        self.done += n
        self._report()

    def _report(self) -> None:
        if self.progress is not None:
            self.progress(self.done, self.total)


@contextmanager
def progress_bar(desc: str = "embedding", enabled: bool = True) -> Iterator[Progress | None]:
    """A `progress(done, total)` callback drawing a tqdm bar on the terminal (None when not enabled)."""
    if not enabled:
        yield None
        return
    bar: tqdm | None = None

    def update(done: int, total: int) -> None:
        nonlocal bar
        if total <= 0:
            return
        if bar is None:
            bar = tqdm(total=total, desc=desc, unit="chunk")
        bar.update(done - bar.n)

    try:
        yield update
    finally:
        if bar is not None:
            bar.close()
