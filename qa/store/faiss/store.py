"""The local store: index versions as folders under one root, `CURRENT` naming the one to serve."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from qa.core.errors import IndexCorruptError, IndexMissingError, NotFoundError
from qa.core.types import Embedder
from qa.ingest.documents import Document
from qa.store.corpus import MemoryCorpus
from qa.store.faiss.index import Index, build_index, current_version, load_current
from qa.store.faiss.rank import FaissRankSource
from qa.store.faiss.versions import read_pointer
from qa.store.steps import Tracker


class FaissStore:
    """`IndexStore` on local disk; its documents come from the corpus folder, the source of truth."""

    kind = "faiss"
    local_corpus = True

    def __init__(self, root: Path, chunk_size: int = 300, overlap: int = 1) -> None:
        self.root = Path(root)
        self.chunk_size = chunk_size
        self.overlap = overlap

    def current_version(self) -> str | None:
        """The folder name `CURRENT` points at, or None before the first build."""
        try:
            return current_version(self.root).name
        except IndexMissingError:
            return None

    def load(self, embedder_name: str | None = None) -> Index:
        """The current version, checked against its manifest's checksums and embedder."""
        name = read_pointer(self.root)
        try:
            return Index.load(self.root, embedder_name, name)
        except (IndexMissingError, IndexCorruptError):
            # An add switches twice within moments (searchable, then complete) and prunes the first version:
            # a load that raced the second switch reads the version that replaced it.
            if name is None or read_pointer(self.root) == name:
                raise
            return Index.load(self.root, embedder_name)

    def rank_source(self, index: Index) -> FaissRankSource:
        """FAISS and BM25 over the loaded version's files."""
        return FaissRankSource(index)

    def corpus(self, index: Index) -> MemoryCorpus:
        """The loaded version holds the whole corpus: answer from it."""
        return MemoryCorpus(index.chunks, index.documents, index.figures)

    def add(
        self,
        docs: Sequence[Document],
        embedder: Embedder,
        progress: bool | Tracker = False,
        version: str | None = None,
        searchable: Callable[[], object] | None = None,
    ) -> str:
        """A new version with these documents added or replaced; the others keep their vectors.

        `progress` is a bar on the terminal (True) or the update's tracker; `version` names the new folder.
        With `searchable`, the new chunks are switched in before they are embedded (under `version`), then
        `searchable()` is called, and the complete version follows under another name (see `build_index`).
        """
        current = load_current(self.root, embedder.name)
        new = {d.doc_id: d for d in docs}
        kept = [d for d in current.documents.values() if d.doc_id not in new] if current else []
        return self._write([*kept, *new.values()], embedder, current, progress, version, searchable)

    def remove(
        self, doc_id: str, embedder: Embedder, progress: bool | Tracker = False, version: str | None = None
    ) -> str:
        """A new version without the document."""
        current = load_current(self.root, embedder.name)
        if current is None or doc_id not in current.documents:
            raise NotFoundError(f"no document with id {doc_id!r} in the index at {self.root}")
        docs = [d for d in current.documents.values() if d.doc_id != doc_id]
        return self._write(docs, embedder, current, progress, version)

    def _write(
        self,
        docs: list[Document],
        embedder: Embedder,
        current: Index | None,
        progress: bool | Tracker,
        version: str | None,
        searchable: Callable[[], object] | None = None,
    ) -> str:
        tracker = progress if isinstance(progress, Tracker) else None
        index = build_index(
            docs,
            embedder,
            self.root,
            self.chunk_size,
            self.overlap,
            progress=progress is True,
            previous=current,
            tracker=tracker,
            version=version,
            searchable=searchable,
        )
        return index.path.name
