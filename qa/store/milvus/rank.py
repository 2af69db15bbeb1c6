"""Rankings of a version in Milvus: a dense search and a BM25 search over the local index's jieba terms."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from qa.store.base import EMPTY, Ranking
from qa.store.faiss.index import Index
from qa.store.faiss.rank import lexical_terms
from qa.store.milvus.corpus import RemoteChunks
from qa.store.milvus.schema import CHUNK_FIELDS, bm25_text, chunks_name

if TYPE_CHECKING:
    from qa.store.milvus.store import MilvusStore


class MilvusRankSource:
    """`RankSource` over one version's chunk collection; both searches run unfiltered, like the local store's."""

    def __init__(self, index: Index, store: MilvusStore) -> None:
        self.index = index
        self.store = store
        self.collection = chunks_name(store.prefix, str(index.manifest["version"]))

    def dense(self, vector: np.ndarray, depth: int) -> Ranking:
        """Top rows by inner product with the query vector."""
        return self._search(vector[0].tolist(), "dense", {"metric_type": "IP"}, depth)

    def lexical(self, text: str, extra_terms: Sequence[str], depth: int) -> Ranking:
        """Top rows by BM25 over the local index's terms, scored in Milvus from the sparse vectors its BM25
        function made (an English question's glossary and dictionary terms included, as locally)."""
        terms = bm25_text(lexical_terms(text, extra_terms, self.index.lexicon))
        if not terms:
            return EMPTY
        return self._search(terms, "sparse", {"metric_type": "BM25"}, depth)

    def _search(self, data: Any, field: str, params: dict, depth: int) -> Ranking:
        chunks = self.index.chunks
        found = self.store.call(
            "search",
            self.collection,
            data=[data],
            anns_field=field,
            search_params=params,
            limit=depth,
            # The hits' text, section, offsets and figures come with them: a replica holds no copy of the chunks.
            output_fields=chunks.fields if isinstance(chunks, RemoteChunks) else CHUNK_FIELDS,
        )[0]
        if isinstance(chunks, RemoteChunks):
            chunks.keep(r["entity"] for r in found)
        return Ranking([int(r["entity"]["row"]) for r in found], [float(r["distance"]) for r in found])
