"""The corpus folder as the source of truth: build the index from it, add and remove reports, one writer at a time."""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from qa.core.config import Settings
from qa.core.errors import NotFoundError
from qa.index.embedders import Embedder, create_embedder
from qa.ingest.documents import Document, file_sha256, metadata_sha256
from qa.ingest.loaders.base import MAX_BYTES, check_file, check_path, document_id
from qa.ingest.loaders.report import load_report
from qa.store.base import IndexStore
from qa.store.factory import open_store
from qa.store.faiss.index import Index, build_index, corpus_files, load_current

META_FIELDS = ("title", "title_en", "publisher", "date", "lang", "aliases")


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


@contextmanager
def writer_lock(index_dir: Path) -> Iterator[None]:
    """Serialise index writers across processes (CLI, API workers) with an advisory file lock."""
    index_dir.mkdir(parents=True, exist_ok=True)
    with open(index_dir / ".lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def build(
    settings: Settings, embedder: Embedder | None = None, rebuild: bool = False, progress: bool = True
) -> Index:
    """Index the corpus folder; unchanged reports are neither cleaned nor embedded again."""
    embedder = embedder or create_embedder(settings.embedder)
    with writer_lock(settings.index_dir):
        return _build_locked(settings, embedder, rebuild, progress)


def _build_locked(settings: Settings, embedder: Embedder, rebuild: bool, progress: bool) -> Index:
    current = None if rebuild else load_current(settings.index_dir, embedder.name)
    previous = current.documents if current else {}
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
        progress=progress,
        previous=current,
    )


def add_reports(
    settings: Settings,
    files: Sequence[Path],
    meta: dict | None = None,
    embedder: Embedder | None = None,
    allowed: Sequence[Path] | None = None,
    progress: bool = False,
    store: IndexStore | None = None,
) -> tuple[list[Added], Index]:
    """Check and index new or changed reports (copied into the corpus first when the corpus folder is the
    source of truth); the current version serves until the new one is switched in."""
    meta = {k: v for k, v in (meta or {}).items() if k in META_FIELDS and v not in (None, "", [])}
    embedder = embedder or create_embedder(settings.embedder)
    store = store or open_store(settings)
    checked = []
    for path in files:
        if allowed is not None:
            path = check_path(path, list(allowed))
        check_file(path, settings.max_upload_bytes)
        limits = (settings.max_upload_bytes, settings.max_unzipped_bytes, settings.max_zip_ratio)
        checked.append((path, load_report(path, meta or None, *limits)))
    with writer_lock(settings.index_dir):
        if store.local_corpus:
            results, fresh = _copy_into_corpus(settings, checked, meta)
        else:
            results, fresh = (
                [Added(doc.doc_id, "added", doc.title) for _, doc in checked],
                [d for _, d in checked],
            )
        if fresh:
            store.add(fresh, embedder, progress=progress)
        return results, store.load(embedder.name)


def _copy_into_corpus(
    settings: Settings, checked: list[tuple[Path, Document]], meta: dict
) -> tuple[list[Added], list[Document]]:
    """Copy each checked report and its metadata into the corpus, unless the same content is there already.

    The documents to index are returned as their corpus copies (source, hashes), as a build would read them.
    """
    results: list[Added] = []
    fresh: list[Document] = []
    existing = _content_hashes(settings.corpus_dir)
    settings.corpus_dir.mkdir(parents=True, exist_ok=True)
    for path, doc in checked:
        digest = _content_hash(path)
        same = existing.get(digest)
        if same is not None and same != doc.doc_id:
            results.append(Added(doc.doc_id, "duplicate", doc.title, duplicate_of=same))
            continue
        target = settings.corpus_dir / f"{doc.doc_id}{path.suffix.lower()}"
        status = "updated" if any(_report_files(settings.corpus_dir, doc.doc_id)) else "added"
        for old in _report_files(settings.corpus_dir, doc.doc_id):
            if old != target:
                old.unlink()
        if path.resolve() != target.resolve():
            _atomic_copy(path, target)
        merged = {**_read_meta(path), **meta, "title": doc.title, "lang": doc.lang}
        _atomic_write(
            target.with_name(target.stem + ".meta.json"), json.dumps(merged, ensure_ascii=False, indent=2)
        )
        existing[digest] = doc.doc_id
        results.append(Added(doc.doc_id, status, doc.title))
        fresh.append(
            replace(doc, source=target.name, sha256=file_sha256(target), meta_sha256=metadata_sha256(target))
        )
    return results, fresh


def remove_report(
    settings: Settings, doc_id: str, embedder: Embedder | None = None, store: IndexStore | None = None
) -> Index:
    """Remove a report (from the corpus too, when it is the source of truth) and switch to a version without it."""
    embedder = embedder or create_embedder(settings.embedder)
    store = store or open_store(settings)
    with writer_lock(settings.index_dir):
        if store.local_corpus:
            files = list(_report_files(settings.corpus_dir, doc_id))
            if not files:
                raise NotFoundError(f"no report with id {doc_id!r} in {settings.corpus_dir}")
            for path in files:
                path.unlink()
                path.with_name(path.stem + ".meta.json").unlink(missing_ok=True)
        store.remove(doc_id, embedder)
        return store.load(embedder.name)


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
        return json.loads(meta.read_text(encoding="utf-8")) if meta.exists() else {}
    except ValueError:
        return {}


def _atomic_copy(src: Path, dst: Path) -> None:
    fd, tmp = tempfile.mkstemp(dir=dst.parent, prefix=".incoming-")
    os.close(fd)
    shutil.copyfile(src, tmp)
    os.replace(tmp, dst)


def _atomic_write(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".incoming-")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.replace(tmp, path)
