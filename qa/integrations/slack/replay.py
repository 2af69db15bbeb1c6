"""Signed Slack requests seen before, shared by every worker: a replay inside the 5-minute window is dropped.

A signature covers the timestamp and the body, so a captured request can be sent again, unchanged, for five
minutes and still verify. Its digest is kept in SQLite in the data folder (`INSERT OR IGNORE` decides which
worker saw it first); when that folder cannot be written, each worker remembers what it saw itself.
"""

from __future__ import annotations

import hashlib
import logging
import sqlite3
import threading
import time
from pathlib import Path

log = logging.getLogger("qa.slack")
KEEP_SECONDS = 600  # longer than the 5 minutes a signature stays valid


class ReplayGuard:
    """`first(...)` is True once per signed request, across the workers sharing `data_dir`."""

    def __init__(self, data_dir: Path | None, keep_seconds: float = KEEP_SECONDS) -> None:
        self.keep = keep_seconds
        self._lock = threading.Lock()
        self._memory: dict[str, float] = {}
        self._db: sqlite3.Connection | None = None
        self._swept = 0.0
        if data_dir is not None:
            try:
                Path(data_dir).mkdir(parents=True, exist_ok=True)
                db = sqlite3.connect(
                    Path(data_dir) / "slack-seen.sqlite3", timeout=5, check_same_thread=False
                )
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("CREATE TABLE IF NOT EXISTS seen (digest TEXT PRIMARY KEY, expires REAL NOT NULL)")
                db.commit()
                self._db = db
            except (OSError, sqlite3.Error) as exc:
                log.warning(
                    "slack replay guard: %s cannot be written (%s); each worker remembers alone",
                    data_dir,
                    exc,
                )

    @staticmethod
    def digest(signature: str, timestamp: str, body: bytes) -> str:
        """What identifies one signed request."""
        return hashlib.sha256(f"{signature}\n{timestamp}\n".encode() + body).hexdigest()

    def first(self, digest: str) -> bool:
        """Record `digest`; False when it was recorded already (a replay or a retry of the same bytes)."""
        now = time.time()
        with self._lock:
            if self._db is not None:
                try:
                    return self._first_shared(digest, now)
                except sqlite3.Error as exc:
                    log.warning("slack replay guard: the shared record failed (%s); using memory", exc)
            if now - self._swept > 60:
                self._swept = now
                self._memory = {d: t for d, t in self._memory.items() if t > now}
            if self._memory.get(digest, 0) > now:
                return False
            self._memory[digest] = now + self.keep
            return True

    def _first_shared(self, digest: str, now: float) -> bool:
        assert self._db is not None
        with self._db:
            if now - self._swept > 60:
                self._swept = now
                self._db.execute("DELETE FROM seen WHERE expires < ?", (now,))
            self._db.execute("DELETE FROM seen WHERE digest = ? AND expires < ?", (digest, now))
            cur = self._db.execute(
                "INSERT OR IGNORE INTO seen (digest, expires) VALUES (?, ?)", (digest, now + self.keep)
            )
            return cur.rowcount == 1
