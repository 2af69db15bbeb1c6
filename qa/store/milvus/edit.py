"""Add and remove reports in a Milvus snapshot: unchanged rows are copied, only new documents are embedded."""

from __future__ import annotations

import numpy as np

from qa.core.types import Embedder
from qa.ingest.chunking import split_document
from qa.ingest.documents import Document
from qa.store.faiss.index import Index, _document_figures, passage_text
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


def remove_from_snapshot(snap: Snapshot, doc_id: str) -> None:
    """Drop a document, its chunks, vectors and figures (the lexicon is rebuilt from what is left)."""
    keep = [i for i, c in enumerate(snap.chunks) if c.doc_id != doc_id]
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
) -> int:
    """Add or replace documents; returns how many chunks were embedded (unchanged documents: none)."""
    from qa.core.errors import EmbedderMismatchError

    if snap.manifest.get("embedder") != embedder.name:
        raise EmbedderMismatchError(
            f"the index in Milvus was built with embedder {snap.manifest.get('embedder')!r}, "
            f"not {embedder.name!r}: set QA_EMBEDDER to match"
        )
    size = chunk_size or int(snap.manifest.get("chunk_size", 300))
    over = int(snap.manifest.get("chunk_overlap", 1)) if overlap is None else overlap
    known = snap.manifest.get("documents", {})
    embedded = 0
    for doc in docs:
        if doc.doc_id in snap.documents and known.get(doc.doc_id, {}).get("sha256") == doc.sha256:
            snap.documents[doc.doc_id] = doc  # metadata may have changed; the text and vectors did not
            continue
        if doc.doc_id in snap.documents:
            remove_from_snapshot(snap, doc.doc_id)
        chunks = split_document(doc, size, over)
        texts = [passage_text(c, doc.title) for c in chunks]
        parts = [embedder.embed_passages(texts[i : i + 32]) for i in range(0, len(texts), 32)]
        vectors = np.concatenate(parts) if parts else np.zeros((0, snap.vectors.shape[1]), np.float32)
        snap.chunks.extend(chunks)
        snap.vectors = np.concatenate([snap.vectors, vectors.astype(np.float32)])
        snap.figures.extend(_document_figures(doc, chunks))
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
