"""Hybrid retrieval over any store: its dense and BM25 rankings, one fusion, then the hit postprocessors."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Protocol

from qa.core.types import Embedder
from qa.ingest.documents import Document
from qa.search.fusion import fuse
from qa.search.hits import Hit
from qa.store.base import RankSource
from qa.store.faiss.index import Index

__all__ = ["MODES", "Hit", "HitPostprocessor", "Retriever", "mentioned_documents"]

MODES = ("hybrid", "dense", "bm25")


class HitPostprocessor(Protocol):
    """A step after fusion that may reorder or drop hits (where a cross-encoder reranker would go)."""

    def __call__(self, text: str, hits: list[Hit]) -> list[Hit]:
        """The hits for the question, reordered or filtered."""
        ...


def mentioned_documents(text: str, documents: Mapping[str, Document]) -> set[str] | None:
    """Documents a question names through their aliases ("兰瑞智库", "the think-tank brief"), if not all."""
    low = text.lower().replace("-", " ")
    named = {
        doc_id
        for doc_id, doc in documents.items()
        if any(a and a.lower().replace("-", " ") in low for a in doc.aliases)
    }
    return named if named and len(named) < len(documents) else None


class Retriever:
    """Searches one loaded index version through its store's rank source, with one embedder."""

    def __init__(
        self,
        index: Index,
        embedder: Embedder,
        source: RankSource,
        depth: int = 50,
        postprocessors: Sequence[HitPostprocessor] = (),
    ) -> None:
        self.index = index
        self.embedder = embedder
        self.source = source
        self.depth = depth
        self.postprocessors = list(postprocessors)

    def search(
        self,
        text: str,
        k: int = 5,
        mode: str = "hybrid",
        extra_terms: Sequence[str] = (),
        dense_text: str | None = None,
        doc_ids: Collection[str] | None = None,
    ) -> list[Hit]:
        """The k best chunks for `text`; `extra_terms` and `dense_text` carry follow-up context.

        A document filter applies after ranking over every document (so scores do not depend on the filter),
        looking deeper to still fill k.
        """
        if mode not in MODES:
            raise ValueError(f"unknown retrieval mode {mode!r}: use one of {', '.join(MODES)}")
        depth = max(self.depth, k) if doc_ids is None else max(self.depth * 4, k)
        dense = lexical = None
        if mode in ("hybrid", "dense"):
            dense = self.source.dense(self.embedder.embed_queries([dense_text or text]), depth)
        if mode in ("hybrid", "bm25"):
            lexical = self.source.lexical(text, extra_terms, depth)
        ranked = fuse(self.index.chunks, dense, lexical)
        if doc_ids is not None:
            ranked = [h for h in ranked if h.chunk.doc_id in doc_ids]
        for step in self.postprocessors:
            ranked = step(text, ranked)
        return ranked[:k]
