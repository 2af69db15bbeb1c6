"""SQLite store under the data folder: answer feedback (durable) and the query log (with retention)."""

from __future__ import annotations

import json
import logging
import queue
import sqlite3
import threading
import time
from collections import OrderedDict
from pathlib import Path

from qa.api.metrics import QUERYLOG_LOST
from qa.core.errors import StorageUnavailableError
from qa.core.types import AskResponse
from qa.text.normalize import normalize_question

log = logging.getLogger("qa.store")

SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    answer_id TEXT NOT NULL,
    rating TEXT NOT NULL CHECK (rating IN ('up', 'down')),
    comment TEXT,
    created_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS feedback_answer ON feedback (answer_id);
CREATE TABLE IF NOT EXISTS queries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    ts REAL NOT NULL,
    answer_id TEXT,
    request_id TEXT,
    source TEXT,
    question TEXT NOT NULL,
    lang TEXT,
    latency_ms REAL,
    abstained INTEGER,
    chunk_ids TEXT
);
CREATE INDEX IF NOT EXISTS queries_ts ON queries (ts);
CREATE INDEX IF NOT EXISTS queries_answer ON queries (answer_id);
"""
DB_NAME = "qa.sqlite3"
PRUNE_EVERY_S = 3600.0
RECENT_ANSWERS = 10_000  # answer ids this process logged, known before the writer has stored them
REPEAT_WINDOW = 10_000  # latest logged questions the repeat ratio looks at (a scrape reads no more)
REPEAT_MAX_AGE_S = 15.0  # a scrape within this long of the last one reuses its ratio


def connect(path: Path) -> sqlite3.Connection:
    """A connection in WAL mode, so several workers can write to one file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, timeout=10.0, check_same_thread=False, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")  # feedback is promised durable: it survives a power loss too
    conn.executescript(SCHEMA)
    return conn


class Store:
    """Feedback is written before the request returns; query-log rows go through one background writer.

    A data folder that cannot be written does not stop the service: the store is then `unavailable` (the reason,
    logged once), feedback raises `StorageUnavailableError` and query-log rows are dropped. Rows that fail to be
    written later (a full disk) are counted in `qa_querylog_write_errors_total`, with one warning per run of
    failures.
    """

    def __init__(self, data_dir: Path, query_log_days: int = 30) -> None:
        self.path = Path(data_dir) / DB_NAME
        self.retention_s = max(0, query_log_days) * 86400.0
        self._lock = threading.Lock()
        self._queue: queue.Queue[tuple | None] = queue.Queue(maxsize=10_000)
        self._last_prune = 0.0
        self._recent: OrderedDict[str, None] = OrderedDict()
        self.repeat_max_age_s = REPEAT_MAX_AGE_S
        self._repeat: tuple[float, float, int] | None = None  # when, ratio, questions
        self.unavailable: str | None = None
        self.lost = 0  # query-log rows dropped since start (also the qa_querylog_write_errors_total counter)
        self._failing: int | None = None  # `lost` when the current run of failures began
        self._lock_lost = threading.Lock()
        self._writer: threading.Thread | None = None
        try:
            self._conn: sqlite3.Connection | None = connect(self.path)
            self.prune()
        except (OSError, sqlite3.Error) as exc:
            self._conn = None
            self.unavailable = (
                f"the data folder {Path(data_dir).resolve()} cannot be written ({exc}); "
                "feedback and the query log are off until it can (set QA_DATA_DIR to a writable folder)"
            )
            log.warning("%s", self.unavailable)
            return
        self._writer = threading.Thread(target=self._drain, name="qa-query-log", daemon=True)
        self._writer.start()

    def add_feedback(self, answer_id: str, rating: str, comment: str | None) -> int:
        """Store one rating durably; returns its row id."""
        if self._conn is None:
            raise StorageUnavailableError(f"feedback cannot be stored: {self.unavailable}")
        try:
            with self._lock:
                cur = self._conn.execute(
                    "INSERT INTO feedback (answer_id, rating, comment, created_at) VALUES (?, ?, ?, ?)",
                    (answer_id, rating, comment, time.time()),
                )
        except sqlite3.OperationalError as exc:  # a full disk, a read-only or locked database
            log.warning("feedback not stored: %s", exc)
            raise StorageUnavailableError(f"feedback cannot be stored now ({exc}); try again later") from exc
        return int(cur.lastrowid or 0)

    def has_answer(self, answer_id: str) -> bool:
        """Whether this service gave an answer with this id (it is in the query log, from any worker)."""
        if self._conn is None:
            raise StorageUnavailableError(f"answers cannot be looked up: {self.unavailable}")
        with self._lock:
            if answer_id in self._recent:
                return True
        for attempt in range(2):
            if attempt:
                time.sleep(0.25)  # another worker may have answered a moment ago and not written its row yet
            try:
                with self._lock:
                    row = self._conn.execute(
                        "SELECT 1 FROM queries WHERE answer_id = ? LIMIT 1", (answer_id,)
                    )
                    if row.fetchone() is not None:
                        return True
            except sqlite3.Error as exc:  # a locked or damaged database
                log.warning("answer lookup failed: %s", exc)
                raise StorageUnavailableError(
                    f"answers cannot be looked up now ({exc}); try again later"
                ) from exc
        return False

    def feedback(self, answer_id: str | None = None) -> list[dict]:
        """Stored ratings, oldest first (all, or those of one answer)."""
        if self._conn is None:
            return []
        sql = "SELECT id, answer_id, rating, comment, created_at FROM feedback"
        args: tuple = ()
        if answer_id is not None:
            sql, args = sql + " WHERE answer_id = ?", (answer_id,)
        with self._lock:
            rows = self._conn.execute(sql + " ORDER BY id", args).fetchall()
        keys = ("id", "answer_id", "rating", "comment", "created_at")
        return [dict(zip(keys, row)) for row in rows]

    def log_query(
        self, result: AskResponse, question: str, latency_ms: float, source: str, request_id: str
    ) -> None:
        """Queue one query-log row (never blocks the caller; drops the row when the queue is full)."""
        if self._conn is None:
            return
        row = (
            time.time(),
            result.id,
            request_id,
            source,
            question,
            result.lang,
            round(latency_ms, 2),
            int(result.abstained),
            json.dumps([c.chunk_id for c in result.citations]),
        )
        with self._lock:
            self._recent[result.id] = None
            if len(self._recent) > RECENT_ANSWERS:
                self._recent.popitem(last=False)
        try:
            self._queue.put_nowait(row)
        except queue.Full:
            self._lost(1, "the query log queue is full")

    def queries(self, limit: int = 100) -> list[dict]:
        """The latest query-log rows, newest first."""
        if self._conn is None:
            return []
        self.flush()
        keys = ("ts", "answer_id", "request_id", "source", "question", "lang", "latency_ms", "abstained")
        with self._lock:
            rows = self._conn.execute(
                f"SELECT {', '.join(keys)}, chunk_ids FROM queries ORDER BY id DESC LIMIT ?", (limit,)
            ).fetchall()
        return [{**dict(zip(keys, r[:-1])), "chunk_ids": json.loads(r[-1] or "[]")} for r in rows]

    def repeat_rate(self, limit: int = REPEAT_WINDOW) -> tuple[float, int]:
        """The share of the latest `limit` logged questions (within the retention period) whose normal form
        was asked earlier among them, and how many questions that is; (0, 0) without a query log."""
        if self._conn is None:
            return 0.0, 0
        last = self._repeat
        if last is not None and time.monotonic() - last[0] < self.repeat_max_age_s:
            return last[1], last[2]
        try:
            with self._lock:
                rows = self._conn.execute(
                    "SELECT question FROM queries ORDER BY id DESC LIMIT ?", (limit,)
                ).fetchall()
        except sqlite3.Error as exc:  # a scrape must not fail because the log is locked for a moment
            log.warning("query log not readable for the repeat ratio: %s", exc)
            return (last[1], last[2]) if last else (0.0, 0)
        seen: set[str] = set()
        repeats = 0
        for (question,) in reversed(rows):  # oldest first: a question repeats one asked before it
            key = normalize_question(question)
            repeats += key in seen
            seen.add(key)
        ratio, count = (repeats / len(rows) if rows else 0.0), len(rows)
        self._repeat = (time.monotonic(), ratio, count)
        return ratio, count

    def prune(self) -> int:
        """Delete query-log rows older than the retention period; returns how many went."""
        self._last_prune = time.monotonic()
        if not self.retention_s or self._conn is None:
            return 0
        with self._lock:
            cur = self._conn.execute("DELETE FROM queries WHERE ts < ?", (time.time() - self.retention_s,))
        return cur.rowcount

    def flush(self) -> None:
        """Wait until every queued query-log row is written."""
        self._queue.join()

    def close(self) -> None:
        """Write what is queued, stop the writer and close the database."""
        if self._conn is None or self._writer is None:
            return
        self._queue.put(None)
        self._writer.join(timeout=10)
        with self._lock:
            self._conn.close()

    def _drain(self) -> None:
        while True:
            item = self._queue.get()
            batch = [item]
            while item is not None and not self._queue.empty() and len(batch) < 500:
                item = self._queue.get_nowait()
                batch.append(item)
            rows = [r for r in batch if r is not None]
            try:
                if rows:
                    self._write(rows)
                    self._written()
            except sqlite3.Error as exc:
                self._lost(len(rows), f"the query log cannot be written ({exc})")
            finally:
                for _ in batch:
                    self._queue.task_done()
            if batch[-1] is None:
                return

    def _lost(self, rows: int, why: str) -> None:
        """Count rows that could not be kept; warn once per run of failures, not once per row."""
        QUERYLOG_LOST.inc(rows)
        with self._lock_lost:
            self.lost += rows
            first = self._failing is None
            if first:
                self._failing = self.lost - rows
        if first:
            log.warning(
                "%s: query-log rows are being dropped (answers go on; see qa_querylog_write_errors_total)",
                why,
            )

    def _written(self) -> None:
        """A write succeeded: end a run of failures with one line saying how many rows it cost."""
        with self._lock_lost:
            since, self._failing = self._failing, None
        if since is not None:
            log.warning("the query log is written again; %d rows were lost meanwhile", self.lost - since)

    def _write(self, rows: list[tuple]) -> None:
        assert self._conn is not None  # the writer runs only over an open database
        with self._lock:
            try:
                self._conn.execute("BEGIN")
                self._conn.executemany(
                    "INSERT INTO queries (ts, answer_id, request_id, source, question, lang, latency_ms, "
                    "abstained, chunk_ids) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    rows,
                )
                self._conn.execute("COMMIT")
            except sqlite3.Error:
                if self._conn.in_transaction:
                    self._conn.execute("ROLLBACK")
                raise
        if time.monotonic() - self._last_prune > PRUNE_EVERY_S:
            self.prune()
