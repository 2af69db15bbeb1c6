"""Hybrid retrieval over any store: its dense and BM25 rankings, one fusion, then the hit postprocessors."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Protocol

from qa.core.types import Embedder
from qa.ingest.documents import Document
from qa.search.chapters import chapter_first, named_chapter
from qa.search.fusion import fuse
from qa.search.hits import Hit
from qa.store.base import RankSource
from qa.store.faiss.index import Index

__all__ = ["MODES", "DocumentNames", "Hit", "HitPostprocessor", "Retriever"]

MODES = ("hybrid", "dense", "bm25")


class HitPostprocessor(Protocol):
    """A step after fusion that may reorder or drop hits (where a cross-encoder reranker would go)."""

    def __call__(self, text: str, hits: list[Hit]) -> list[Hit]:
        """The hits for the question, reordered or filtered."""
        ...


class DocumentNames:
    """What each document is called (its aliases: "兰瑞智库", "the think-tank brief"), indexed once per version so
    that finding the names in a question costs the same whatever the number of documents."""

    def __init__(self, documents: Mapping[str, Document]) -> None:
        self.total = len(documents)
        self.by_name: dict[str, set[str]] = {}
        for doc_id, doc in documents.items():
            for alias in doc.aliases:
                if alias:
                    self.by_name.setdefault(_fold(alias), set()).add(doc_id)
        self.lengths = sorted({len(n) for n in self.by_name})

    def mentioned(self, text: str) -> set[str] | None:
        """Documents the question names, if not all: every stretch of it as long as a name is looked up."""
        low = _fold(text)
        named: set[str] = set()
        for size in self.lengths:
            for start in range(len(low) - size + 1):
                named |= self.by_name.get(low[start : start + size], set())
        return named if named and len(named) < self.total else None


def _fold(text: str) -> str:
    return text.lower().replace("-", " ")


# The query embedding's cost grows with the question up to the model's 512 tokens (about 1.2 s for 1,000 Chinese
# characters on one thread), so a long question is embedded by its opening and its end, where what is asked
# usually stands; BM25 still reads all of it.
DENSE_HEAD, DENSE_TAIL = 120, 280


def embedded_part(text: str) -> str:
    """What of a question the dense search embeds: all of it, or its first and last characters when it is long."""
    if len(text) <= DENSE_HEAD + DENSE_TAIL:
        return text
    return f"{text[:DENSE_HEAD]} … {text[-DENSE_TAIL:]}"


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
        self.names = DocumentNames(index.documents)

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
        chapter = named_chapter(
            text
        )  # "per the preface": look deeper for that chapter's passages, as for a report
        depth = max(self.depth, k) if doc_ids is None and chapter is None else max(self.depth * 4, k)
        dense = lexical = None
        if mode in ("hybrid", "dense"):
            dense = self.source.dense(self.embedder.embed_queries([embedded_part(dense_text or text)]), depth)
        if mode in ("hybrid", "bm25"):
            lexical = self.source.lexical(text, extra_terms, depth)
        ranked = fuse(self.index.chunks, dense, lexical)
        if doc_ids is not None:
            ranked = [h for h in ranked if h.chunk.doc_id in doc_ids]
        if chapter is not None:
            ranked = chapter_first(ranked, chapter)
        for step in self.postprocessors:
            ranked = step(text, ranked)
        return ranked[:k]
