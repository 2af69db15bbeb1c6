"""An add or a remove as a transaction over the corpus folder and the index, and recovery after a crash.

The order never changes: stage the new files (and a journal naming the index version to come) in
`corpus/.incoming-<id>/`, build that version and flush it to disk, switch `CURRENT` to it, and only then move
the staged files into the corpus and delete what they replace. The corpus listing never sees a staged file,
so a build (`qa serve` at start, `qa build`) cannot index a half-added report. After a crash, `recover`
(run under the writer lock by every writer, and by a service that opens the local store) finishes a
transaction whose version is already `CURRENT` and discards any other, with its version folder.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass, field
from pathlib import Path

from qa.core.errors import UpdateBusyError
from qa.store.faiss.durable import fsync_dir, fsync_file
from qa.store.faiss.versions import POINTERS, new_version_name, prune, read_pointer
from qa.store.steps import Tracker

log = logging.getLogger("qa.index")

STAGE_PREFIX = ".incoming-"
JOURNAL = "journal.json"


@contextmanager
def writer_lock(index_dir: Path, timeout: float | None = None) -> Iterator[None]:
    """Serialise index writers across processes (CLI, API workers) with an advisory file lock.

    Waits at most `timeout` seconds (forever when None; once when 0), then raises `UpdateBusyError`.
    """
    index_dir.mkdir(parents=True, exist_ok=True)
    with open(index_dir / ".lock", "w") as fh:
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if deadline is not None and time.monotonic() >= deadline:
                    raise UpdateBusyError(
                        f"another update is running (the index writer lock {index_dir / '.lock'} was not "
                        f"free within {timeout:g} s, QA_LOCK_TIMEOUT): try again when it has finished"
                    ) from None
                time.sleep(0.05)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


@dataclass
class Transaction:
    """One add or remove: files staged to move into the corpus, corpus files to delete, the version to come."""

    folder: Path
    version: str
    moves: list[str] = field(
        default_factory=list
    )  # names in `folder`, moved into the corpus after the switch
    deletes: list[str] = field(default_factory=list)  # corpus file names deleted after the switch

    @classmethod
    def begin(cls, corpus_dir: Path) -> Transaction:
        """A new, empty staging folder in the corpus (hidden from the corpus listing)."""
        corpus_dir.mkdir(parents=True, exist_ok=True)
        folder = Path(tempfile.mkdtemp(prefix=STAGE_PREFIX, dir=corpus_dir))
        return cls(folder, new_version_name())

    @property
    def corpus_dir(self) -> Path:
        """The corpus folder the transaction changes."""
        return self.folder.parent

    def stage_copy(self, src: Path, name: str) -> Path:
        """Copy a file into the staging folder under its corpus name."""
        shutil.copyfile(src, self.folder / name)
        self.moves.append(name)
        return self.folder / name

    def stage_text(self, name: str, text: str) -> Path:
        """Write a text file (metadata) into the staging folder under its corpus name."""
        (self.folder / name).write_text(text, encoding="utf-8")
        self.moves.append(name)
        return self.folder / name

    def commit(self, tracker: Tracker) -> None:
        """Flush the staged files, then write the journal: a staging folder without one is incomplete."""
        for name in self.moves:
            fsync_file(self.folder / name)
        data = {k: v for k, v in asdict(self).items() if k != "folder"}
        (self.folder / JOURNAL).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        fsync_file(self.folder / JOURNAL)
        fsync_dir(self.folder)
        fsync_dir(self.corpus_dir)
        tracker.step("staged")

    def settle(self, index_dir: Path, tracker: Tracker | None = None) -> bool:
        """Finish the transaction when its version is CURRENT, else discard it; True when it was finished."""
        if read_pointer(index_dir) == self.version:
            self.finish(tracker)
            return True
        self.discard(index_dir)
        return False

    def finish(self, tracker: Tracker | None = None) -> None:
        """Move the staged files into the corpus and delete what they replace (safe to run again)."""
        corpus = self.corpus_dir
        for name in self.moves:
            if (self.folder / name).exists():
                os.replace(self.folder / name, corpus / name)
        for name in self.deletes:
            if name not in self.moves:
                (corpus / name).unlink(missing_ok=True)
        fsync_dir(corpus)
        if tracker is not None:
            tracker.step("corpus_moved")
        shutil.rmtree(self.folder, ignore_errors=True)
        fsync_dir(corpus)

    def discard(self, index_dir: Path) -> None:
        """Drop the staged files and the version folder if it was (partly) written but never switched to."""
        kept = {read_pointer(index_dir, name) for name in POINTERS}
        if self.version not in kept:
            shutil.rmtree(index_dir / self.version, ignore_errors=True)
        shutil.rmtree(self.folder, ignore_errors=True)
        with suppress(FileNotFoundError):
            fsync_dir(self.corpus_dir)

    @classmethod
    def read(cls, folder: Path) -> Transaction | None:
        """The transaction a staging folder's journal describes, or None when it has no complete journal."""
        try:
            data = json.loads((folder / JOURNAL).read_text(encoding="utf-8"))
            return cls(folder, str(data["version"]), list(data["moves"]), list(data["deletes"]))
        except (OSError, ValueError, KeyError, TypeError):
            return None


def recover(corpus_dir: Path, index_dir: Path) -> list[str]:
    """Finish or discard what a crashed add or remove left behind, and remove stale temporary files.

    Run it holding the writer lock. Returns what it did, one line per item (also logged).
    """
    done: list[str] = []
    if corpus_dir.is_dir():
        for path in sorted(corpus_dir.glob(f"{STAGE_PREFIX}*")):
            txn = Transaction.read(path) if path.is_dir() else None
            if txn is not None:
                finished = txn.settle(index_dir)
                done.append(f"{'finished' if finished else 'discarded'} the update staged in {path.name}")
            elif path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
                done.append(f"removed the incomplete staging folder {path.name}")
            else:
                path.unlink(missing_ok=True)
                done.append(f"removed the temporary file {path.name}")
    if index_dir.is_dir():
        done.extend(f"removed {name} from {index_dir}" for name in prune(index_dir))
    for line in done:
        log.warning("recovery: %s", line)
    return done


def try_recover(corpus_dir: Path, index_dir: Path) -> list[str]:
    """Recover when no writer is running (one that is will have recovered itself); never waits."""
    if not index_dir.is_dir():
        return []
    try:
        with writer_lock(index_dir, timeout=0):
            return recover(corpus_dir, index_dir)
    except UpdateBusyError:
        return []
