"""Add and remove reports in a Milvus snapshot: unchanged rows are copied, only new documents are embedded."""

from __future__ import annotations

from collections import Counter

import numpy as np

from qa.core.types import Embedder
from qa.ingest.chunking import split_document
from qa.ingest.documents import Document
from qa.store.corpus import chunk_df
from qa.store.faiss.index import Index
from qa.store.manifest import check_embedder
from qa.store.plan import document_figures, embed_chunks, unchanged
from qa.store.steps import Tracker
from qa.text.lexicon import build_lexicon


class Snapshot:
    """Everything one version holds, in memory: what a writer copies into the next version."""

    def __init__(self, index: Index, vectors: np.ndarray) -> None:
        self.chunks = list(index.chunks)
        self.vectors = vectors
        self.documents = dict(index.documents)
        self.figures = list(index.figures)
        self.lexicon = index.lexicon
        self.manifest = dict(index.manifest)
        self.df: Counter[str] | None = None  # chunk frequencies, kept up to date when a writer has them
        self.tables: dict[str, Counter[str]] | None = (
            None  # all the statistics, when a writer made them itself
        )


def remove_from_snapshot(snap: Snapshot, doc_id: str) -> None:
    """Drop a document, its chunks, vectors and figures (the lexicon is rebuilt from what is left)."""
    keep = [i for i, c in enumerate(snap.chunks) if c.doc_id != doc_id]
    snap.tables = None  # counted again from what is left
    if snap.df is not None:
        snap.df.subtract(chunk_df(c for c in snap.chunks if c.doc_id == doc_id))
        snap.df = +snap.df  # drop the terms no chunk holds any more
    snap.chunks = [snap.chunks[i] for i in keep]
    snap.vectors = snap.vectors[keep] if len(keep) else np.zeros((0, snap.vectors.shape[1]), np.float32)
    snap.figures = [f for f in snap.figures if f.get("doc_id") != doc_id]
    snap.documents.pop(doc_id, None)
    snap.manifest["documents"] = {k: v for k, v in snap.manifest.get("documents", {}).items() if k != doc_id}
    snap.lexicon = build_lexicon([d.text for d in snap.documents.values()])


def add_to_snapshot(
    snap: Snapshot,
    docs: list[Document],
    embedder: Embedder,
    chunk_size: int | None = None,
    overlap: int | None = None,
    tracker: Tracker | None = None,
) -> int:
    """Add or replace documents; returns how many chunks were embedded (unchanged documents: none)."""
    check_embedder(snap.manifest, embedder.name, "in Milvus", "migrate an index built with it")
    size = chunk_size or int(snap.manifest.get("chunk_size", 300))
    over = int(snap.manifest.get("chunk_overlap", 1)) if overlap is None else overlap
    known = snap.manifest.get("documents", {})
    embedded = 0
    snap.tables = None
    todo = []
    for doc in docs:
        if doc.doc_id in snap.documents and unchanged(known, doc):
            snap.documents[doc.doc_id] = doc  # metadata may have changed; the text and vectors did not
            continue
        if doc.doc_id in snap.documents:
            remove_from_snapshot(snap, doc.doc_id)
        todo.append((doc, split_document(doc, size, over)))
    if tracker is not None:  # chunks embedded / total, as for the local store
        tracker.step("chunked")
        tracker.begin(sum(len(chunks) for _, chunks in todo))
    for doc, chunks in todo:
        advance = tracker.advance if tracker is not None else None
        vectors = embed_chunks(chunks, {doc.doc_id: doc.title}, embedder, advance)
        snap.chunks.extend(chunks)
        if snap.df is not None:
            snap.df.update(chunk_df(chunks))
        snap.vectors = np.concatenate([snap.vectors, vectors.astype(np.float32)])
        snap.figures.extend(document_figures(doc, chunks))
        snap.documents[doc.doc_id] = doc
        snap.manifest.setdefault("documents", {})[doc.doc_id] = {
            "sha256": doc.sha256,
            "meta_sha256": doc.meta_sha256,
            "source": doc.source,
            "chunks": len(chunks),
        }
        embedded += len(chunks)
    snap.lexicon = build_lexicon([d.text for d in snap.documents.values()])
    snap.manifest["embedded_chunks"] = embedded
    return embedded
