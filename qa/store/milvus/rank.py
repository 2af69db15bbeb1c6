"""Rankings of a version in Milvus: a dense search and a BM25 search (Milvus's Chinese analyzer)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from qa.core.weights import CURATED_REPEAT
from qa.store.base import EMPTY, Ranking
from qa.store.faiss.index import Index
from qa.store.milvus.schema import chunks_name
from qa.text.language import detect_language
from qa.text.lexicon import english_terms
from qa.text.tokenize import STOPWORDS, cut

if TYPE_CHECKING:
    from qa.store.milvus.store import MilvusStore

_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_WORD = re.compile(r"[\w\u4e00-\u9fff]")


def bm25_terms(text: str, extra_terms: Sequence[str], index: Index) -> list[str]:
    """BM25 query words for Milvus's Chinese analyzer: jieba's precise cut (the analyzer cuts them again).

    An English question goes in as its Chinese glossary and lexicon terms plus its numbers: the reports are
    Chinese, so its English words would only match stray English in them. Glossary terms count
    `CURATED_REPEAT` times, dictionary senses once, as in the local store.
    """
    if detect_language(text) == "en":
        curated, general = english_terms(text, index.lexicon)
        phrases = [*curated * CURATED_REPEAT, *general, *_NUMBER.findall(text)]
    else:
        phrases = [text]
    return [
        w for p in (*phrases, *extra_terms) for w in cut(p.lower()) if w not in STOPWORDS and _WORD.search(w)
    ]


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
        """Top rows by BM25, scored in Milvus from the sparse vectors its BM25 function made."""
        terms = " ".join(bm25_terms(text, extra_terms, self.index))
        if not terms.strip():
            return EMPTY
        return self._search(terms, "sparse", {"metric_type": "BM25"}, depth)

    def _search(self, data: Any, field: str, params: dict, depth: int) -> Ranking:
        found = self.store.call(
            "search",
            self.collection,
            data=[data],
            anns_field=field,
            search_params=params,
            limit=depth,
            output_fields=["row"],
        )[0]
        return Ranking([int(r["entity"]["row"]) for r in found], [float(r["distance"]) for r in found])
