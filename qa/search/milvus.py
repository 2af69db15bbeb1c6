"""Hybrid retrieval in Milvus: dense and BM25 (Chinese analyzer) requests fused by Milvus's RRF ranker."""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Collection, Sequence
from typing import Any

from qa.core.types import Embedder
from qa.search.retrieve import MODES, RRF_K, Hit, detect_language, english_terms
from qa.store.faiss.index import Index
from qa.store.milvus.client import StoreUnavailableError
from qa.store.milvus.schema import chunks_name, pymilvus
from qa.store.milvus.store import MilvusStore
from qa.text.tokenize import STOPWORDS, cut

try:  # the FAISS retriever may weight the dense ranking; "client" fusion follows it exactly
    from qa.search.retrieve import DENSE_WEIGHT
except ImportError:  # pragma: no cover - older qa.retrieve
    DENSE_WEIGHT = 1.0

FUSIONS = ("auto", "milvus", "client")  # Milvus's RRFRanker in one hybrid_search, or two searches fused here

_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_WORD = re.compile(r"[\w\u4e00-\u9fff]")
_GONE = ("collection not found", "can't find collection", "collection not exist", "not loaded")


class MilvusRetriever:
    """Same `search` as `qa.retrieve.Retriever`, over one version in Milvus.

    `fusion="milvus"` fuses in Milvus with its RRFRanker (unweighted, same k); `"client"` runs the two
    searches and fuses them here exactly as `qa.retrieve.Retriever` does (weights, filter after ranking),
    keeping component scores and ranks; `"auto"` is "milvus" unless the FAISS retriever weights dense ranks.
    With `check_every` set it follows the store's current version by itself; `QAService` leaves it unset
    and swaps whole retriever, answerer and figure lookup when its watch sees a new version.
    """

    def __init__(
        self,
        index: Index,
        embedder: Embedder,
        store: MilvusStore,
        depth: int = 50,
        check_every: float | None = None,
        fusion: str = "auto",
    ) -> None:
        self.index = index
        self.embedder = embedder
        self.store = store
        self.depth = depth
        self.check_every = check_every
        if fusion not in FUSIONS:
            raise ValueError(f"unknown fusion {fusion!r}: use one of {', '.join(FUSIONS)}")
        # Milvus's RRFRanker cannot weight its inputs: follow a weighted FAISS retriever with client fusion.
        self.fusion = fusion if fusion != "auto" else ("milvus" if DENSE_WEIGHT == 1.0 else "client")
        self._checked = time.monotonic()
        self._lock = threading.Lock()

    @property
    def version(self) -> str:
        """The version this retriever searches."""
        return str(self.index.manifest.get("version", ""))

    def refresh(self, force: bool = False) -> Index:
        """The index, reloaded when another replica switched the store's version (checked every few seconds)."""
        if not force and (self.check_every is None or time.monotonic() - self._checked < self.check_every):
            return self.index
        with self._lock:
            if not force and time.monotonic() - self._checked < (self.check_every or 0.0):
                return self.index
            current = self.store.current_version()  # raises StoreUnavailableError: checked again next time
            if current is not None and current != self.version:
                self.index = self.store.load_index(self.embedder.name)
            self._checked = time.monotonic()
            return self.index

    def search(
        self,
        text: str,
        k: int = 5,
        mode: str = "hybrid",
        extra_terms: Sequence[str] = (),
        dense_text: str | None = None,
        doc_ids: Collection[str] | None = None,
    ) -> list[Hit]:
        """The k best chunks for `text`; `extra_terms` and `dense_text` carry follow-up context."""
        if mode not in MODES:
            raise ValueError(f"unknown retrieval mode {mode!r}: use one of {', '.join(MODES)}")
        index = self.refresh()
        try:
            return self._search(index, text, k, mode, extra_terms, dense_text, doc_ids)
        except StoreUnavailableError as exc:
            if self.check_every is None or not any(s in exc.message.lower() for s in _GONE):
                raise
        # The version was dropped under us (two switches within `check_every`): follow the store.
        index = self.refresh(force=True)
        return self._search(index, text, k, mode, extra_terms, dense_text, doc_ids)

    def _search(
        self,
        index: Index,
        text: str,
        k: int,
        mode: str,
        extra_terms: Sequence[str],
        dense_text: str | None,
        doc_ids: Collection[str] | None,
    ) -> list[Hit]:
        if doc_ids is not None and not doc_ids:
            return []
        expr = "" if doc_ids is None else f"doc_id in {json.dumps(sorted(doc_ids), ensure_ascii=False)}"
        depth = max(self.depth, k)
        requests: list[tuple[str, Any, str, dict]] = []
        if mode in ("hybrid", "dense"):
            vec = self.embedder.embed_queries([dense_text or text])[0].tolist()
            requests.append(("dense", vec, "dense", {"metric_type": "IP"}))
        if mode in ("hybrid", "bm25"):
            # The analyzer tokenizes Chinese: English questions go in as their Chinese glossary terms.
            terms = " ".join(bm25_terms(text, extra_terms, index))
            if terms.strip():
                requests.append(("bm25", terms, "sparse", {"metric_type": "BM25"}))
        if not requests:
            return []
        collection = chunks_name(self.store.prefix, str(index.manifest["version"]))
        if len(requests) == 2 and self.fusion == "milvus":
            pm = pymilvus()
            reqs = [
                pm.AnnSearchRequest([data], field, params, depth, expr=expr or None)
                for _, data, field, params in requests
            ]
            found = self.store.call(
                "hybrid_search", collection, reqs, pm.RRFRanker(RRF_K), limit=k, output_fields=["row"]
            )[0]
            return [Hit(index.chunks[res["entity"]["row"]], float(res["distance"])) for res in found]
        # One ranking, or both fused here like the FAISS retriever: weights, and a document filter applied
        # after ranking over every document, which a Milvus filter would apply before.
        exact = mode == "hybrid" and self.fusion == "client" and doc_ids is not None
        search_filter, limit = ("", depth * 4) if exact else (expr, depth if mode == "hybrid" else k)
        hits: dict[int, Hit] = {}
        for kind, data, field, params in requests:
            found = self.store.call(
                "search",
                collection,
                data=[data],
                anns_field=field,
                search_params=params,
                limit=limit,
                filter=search_filter,
                output_fields=["row"],
            )[0]
            weight = DENSE_WEIGHT if kind == "dense" else 1.0
            for rank, res in enumerate(found, 1):
                row, score = int(res["entity"]["row"]), float(res["distance"])
                hit = hits.setdefault(row, Hit(index.chunks[row], 0.0))
                if kind == "dense":
                    hit.dense, hit.dense_rank = score, rank
                else:
                    hit.bm25, hit.bm25_rank = score, rank
                hit.score += weight / (RRF_K + rank) if mode == "hybrid" else score
        ranked = sorted(hits.values(), key=lambda h: -h.score)
        if exact and doc_ids is not None:
            ranked = [h for h in ranked if h.chunk.doc_id in doc_ids]
        return ranked[:k]


def bm25_terms(text: str, extra_terms: Sequence[str], index: Index) -> list[str]:
    """BM25 query words for Milvus's Chinese analyzer: jieba's precise cut (the analyzer cuts them again).

    An English question goes in as its Chinese glossary and lexicon terms plus its numbers: the reports are
    Chinese, so its English words would only match stray English in them.
    """
    if detect_language(text) == "en":
        curated, general = english_terms(text, index.lexicon)
        phrases = [*curated, *general, *_NUMBER.findall(text)]
    else:
        phrases = [text]
    return [
        w for p in (*phrases, *extra_terms) for w in cut(p.lower()) if w not in STOPWORDS and _WORD.search(w)
    ]


def open_retriever(
    uri: str,
    embedder: Embedder,
    token: str | None = None,
    db_name: str | None = None,
    check_every: float = 2.0,
) -> MilvusRetriever:
    """A retriever over the current version in Milvus that follows version switches by itself."""
    store = MilvusStore(uri, token, db_name)
    return MilvusRetriever(store.load_index(embedder.name), embedder, store, check_every=check_every)
