"""The corpus folder as the source of truth: build the index from it, add and remove reports, one writer at a time.

Adds and removes are transactions (`qa.index.txn`): the corpus changes only after the new index version is
on disk and current. Progress (chunks embedded out of the total) goes to one `progress(done, total)` callback,
which the CLI draws as a bar and the API's jobs record.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from qa.core.config import Settings
from qa.core.errors import NotFoundError
from qa.index.embedders import Embedder, create_embedder
from qa.index.txn import Transaction, recover, writer_lock
from qa.ingest.documents import Document, file_sha256, metadata_sha256
from qa.ingest.loaders.base import MAX_BYTES, check_file, check_path, document_id
from qa.ingest.loaders.report import load_report
from qa.store.base import IndexStore
from qa.store.factory import open_store
from qa.store.faiss.index import PASSAGE_FORMAT, Index, build_index, corpus_files, load_current
from qa.store.faiss.store import FaissStore
from qa.store.steps import Progress, Tracker, progress_bar

META_FIELDS = ("title", "title_en", "publisher", "date", "lang", "aliases")
StepHook = Callable[[str], object]


@dataclass
class Added:
    """What happened to one file given to `add_reports`."""

    doc_id: str
    status: str  # "added" | "updated" | "duplicate"
    title: str
    duplicate_of: str | None = None

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return dict(self.__dict__)


@dataclass
class Checked:
    """A report file that loaded cleanly, with the metadata it was loaded with."""

    path: Path
    doc: Document
    meta: dict


class _Tracker(Tracker):
    """A tracker that also tells the caller which step was reached (a job turns "running" at "locked")."""

    def __init__(self, settings: Settings, progress: Progress | None, on_step: StepHook | None) -> None:
        super().__init__(progress, settings.fault_at)
        self.on_step = on_step

    def step(self, name: str) -> None:
        """Record the step, then tell the caller."""
        super().step(name)
        if self.on_step is not None:
            self.on_step(name)


def build(
    settings: Settings, embedder: Embedder | None = None, rebuild: bool = False, progress: bool = True
) -> Index:
    """Index the corpus folder; unchanged reports are neither cleaned nor embedded again."""
    embedder = embedder or create_embedder(
        settings.embedder, api_key=settings.embedder_api_key, timeout=settings.embedder_timeout
    )
    with writer_lock(settings.index_dir, settings.lock_timeout), progress_bar(enabled=progress) as bar:
        recover(settings.corpus_dir, settings.index_dir)
        return _build_locked(settings, embedder, rebuild, _Tracker(settings, bar, None))


def _build_locked(settings: Settings, embedder: Embedder, rebuild: bool, tracker: Tracker) -> Index:
    current = None if rebuild else load_current(settings.index_dir, embedder.name)
    # Cleaned texts are kept for unchanged reports, unless the cleaning changed since (a new passage format).
    reusable = current is not None and current.manifest.get("passage_format") == PASSAGE_FORMAT
    previous = current.documents if current and reusable else {}
    docs = []
    for path in corpus_files(settings.corpus_dir):
        old = previous.get(document_id(path.stem))
        if old and old.sha256 == file_sha256(path) and old.meta_sha256 == metadata_sha256(path):
            docs.append(old)  # unchanged: not cleaned again
        else:
            docs.append(
                load_report(path, None, MAX_BYTES, settings.max_unzipped_bytes, settings.max_zip_ratio)
            )
    return build_index(
        docs,
        embedder,
        settings.index_dir,
        chunk_size=settings.chunk_size,
        overlap=settings.chunk_overlap,
        rebuild=rebuild,
        previous=current,
        tracker=tracker,
    )


def check_reports(
    settings: Settings, files: Sequence[Path], meta: dict | None = None, allowed: Sequence[Path] | None = None
) -> list[Checked]:
    """Load each file as it would be indexed (refusing bad ones with the reason), before anything changes.

    Its metadata: the corpus copy's `<id>.meta.json` when the report is already there, then the one beside the
    file (uploaded with it), then `meta` (command-line flags, form fields), each overriding the one before.
    """
    explicit = _explicit(meta)
    checked = []
    for path in files:
        if allowed is not None:
            path = check_path(path, list(allowed))
        check_file(path, settings.max_upload_bytes)
        merged = resolve_meta(settings.corpus_dir, path, explicit)
        limits = (settings.max_upload_bytes, settings.max_unzipped_bytes, settings.max_zip_ratio)
        doc = load_report(path, merged or None, *limits)
        checked.append(Checked(path, doc, merged))
    return checked


def resolve_meta(corpus_dir: Path, path: Path, explicit: dict | None = None) -> dict:
    """A report's metadata: the corpus copy's, overridden by the file's own, overridden by `explicit`."""
    base: dict = {}
    for existing in _report_files(corpus_dir, document_id(path.stem)):
        base.update(_read_meta(existing))
    return {**base, **_read_meta(path), **_explicit(explicit)}


def add_reports(
    settings: Settings,
    files: Sequence[Path],
    meta: dict | None = None,
    embedder: Embedder | None = None,
    allowed: Sequence[Path] | None = None,
    progress: Progress | None = None,
    store: IndexStore | None = None,
    on_step: StepHook | None = None,
) -> tuple[list[Added], Index]:
    """Check and index new or changed reports; the current version serves until the new one is switched in."""
    checked = check_reports(settings, files, meta, allowed)
    return add_checked(settings, checked, meta, embedder, progress, store, on_step)


def add_checked(
    settings: Settings,
    checked: Sequence[Checked],
    meta: dict | None = None,
    embedder: Embedder | None = None,
    progress: Progress | None = None,
    store: IndexStore | None = None,
    on_step: StepHook | None = None,
) -> tuple[list[Added], Index]:
    """Index reports `check_reports` loaded: staged into the corpus, indexed, then moved into place."""
    embedder = embedder or create_embedder(
        settings.embedder, api_key=settings.embedder_api_key, timeout=settings.embedder_timeout
    )
    store = store or open_store(settings)
    tracker = _Tracker(settings, progress, on_step)
    with writer_lock(settings.index_dir, settings.lock_timeout):
        tracker.step("locked")
        if not isinstance(store, FaissStore):  # the store, not a folder, is the source of truth
            docs = [c.doc for c in checked]
            store.add(docs, embedder, progress=tracker)
            return [Added(d.doc_id, "added", d.title) for d in docs], store.load(embedder.name)
        recover(settings.corpus_dir, settings.index_dir)
        txn = Transaction.begin(settings.corpus_dir)
        settled = False

        def searchable() -> None:
            # The version with the new chunks (not yet their vectors) is current: the corpus takes the reports
            # now, so a crash while they are embedded loses nothing; the next build embeds what is missing.
            nonlocal settled
            settled = txn.settle(settings.index_dir, tracker)

        try:
            results, fresh = _stage(settings, txn, checked, meta)
            if fresh:
                txn.commit(tracker)
                store.add(fresh, embedder, progress=tracker, version=txn.version, searchable=searchable)
        finally:
            if not settled:
                txn.settle(settings.index_dir, tracker)
        return results, store.load(embedder.name)


def _stage(
    settings: Settings, txn: Transaction, checked: Sequence[Checked], meta: dict | None
) -> tuple[list[Added], list[Document]]:
    """Stage each report and its metadata, unless the same content is in the corpus under another id.

    The documents to index are returned as their corpus copies will be (source, hashes), as a build reads them.
    """
    results: list[Added] = []
    fresh: list[Document] = []
    existing = _content_hashes(settings.corpus_dir)
    for item in checked:
        path, doc = item.path, item.doc
        merged = resolve_meta(settings.corpus_dir, path, meta)
        if merged != item.meta:  # another update changed the corpus copy's metadata since the check
            doc = load_report(path, merged or None, max_bytes=settings.max_upload_bytes)
        digest = _content_hash(path)
        same = existing.get(digest)
        if same is not None and same != doc.doc_id:
            results.append(Added(doc.doc_id, "duplicate", doc.title, duplicate_of=same))
            continue
        name, meta_name = f"{doc.doc_id}{path.suffix.lower()}", f"{doc.doc_id}.meta.json"
        olds = list(_report_files(settings.corpus_dir, doc.doc_id))
        # the old copy (another type, another spelling of the name) goes after the switch, not before
        txn.deletes.extend(
            n for p in olds for n in (p.name, f"{p.stem}.meta.json") if n not in (name, meta_name)
        )
        staged = txn.stage_copy(path, name)
        written = {**merged, "title": doc.title, "lang": doc.lang}
        txn.stage_text(meta_name, json.dumps(written, ensure_ascii=False, indent=2))
        existing[digest] = doc.doc_id
        results.append(Added(doc.doc_id, "updated" if olds else "added", doc.title))
        fresh.append(
            replace(doc, source=name, sha256=file_sha256(staged), meta_sha256=metadata_sha256(staged))
        )
    return results, fresh


def remove_report(
    settings: Settings,
    doc_id: str,
    embedder: Embedder | None = None,
    store: IndexStore | None = None,
    on_step: StepHook | None = None,
) -> Index:
    """Remove a report and switch to a version without it; its corpus files go only after the switch."""
    embedder = embedder or create_embedder(
        settings.embedder, api_key=settings.embedder_api_key, timeout=settings.embedder_timeout
    )
    store = store or open_store(settings)
    tracker = _Tracker(settings, None, on_step)
    with writer_lock(settings.index_dir, settings.lock_timeout):
        tracker.step("locked")
        if not isinstance(store, FaissStore):
            store.remove(doc_id, embedder)
            return store.load(embedder.name)
        recover(settings.corpus_dir, settings.index_dir)
        files = list(_report_files(settings.corpus_dir, doc_id))
        if not files:
            raise NotFoundError(f"no report with id {doc_id!r} in {settings.corpus_dir}")
        txn = Transaction.begin(settings.corpus_dir)
        txn.deletes = [p.name for p in files] + [f"{p.stem}.meta.json" for p in files]
        try:
            txn.commit(tracker)
            store.remove(doc_id, embedder, progress=tracker, version=txn.version)
        finally:
            txn.settle(settings.index_dir, tracker)
        return store.load(embedder.name)


def _explicit(meta: dict | None) -> dict:
    return {k: v for k, v in (meta or {}).items() if k in META_FIELDS and v not in (None, "", [])}


def _report_files(corpus_dir: Path, doc_id: str) -> Iterator[Path]:
    if corpus_dir.exists():
        for path in corpus_files(corpus_dir):
            if document_id(path.stem) == doc_id:
                yield path


def _content_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _content_hashes(corpus_dir: Path) -> dict[str, str]:
    """Raw content hash -> doc id of every report in the corpus (to recognise the same file added twice)."""
    if not corpus_dir.exists():
        return {}
    return {_content_hash(p): document_id(p.stem) for p in corpus_files(corpus_dir)}


def _read_meta(path: Path) -> dict:
    meta = path.with_name(path.stem + ".meta.json")
    try:
        data = json.loads(meta.read_text(encoding="utf-8")) if meta.exists() else {}
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
