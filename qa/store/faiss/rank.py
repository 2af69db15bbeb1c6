"""Rankings of a local index version: exact inner product in FAISS, BM25 over jieba terms in bm25s."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from qa.core.weights import CURATED_REPEAT
from qa.store.base import EMPTY, Ranking
from qa.store.faiss.index import Index
from qa.text.glossary import load_glossary
from qa.text.language import detect_language
from qa.text.lexicon import STOPWORDS, Lexicon, english_terms
from qa.text.tokenize import search_tokens


def lexical_terms(text: str, extra: Sequence[str] = (), lexicon: Lexicon | None = None) -> list[str]:
    """BM25 query terms: the text's own tokens, Chinese terms for English, and any extra context terms.

    The Chinese of an English question's glossary terms counts `CURATED_REPEAT` times (BM25 adds a repeated
    query term again), its dictionary senses once.
    """
    terms = search_tokens(text)
    if detect_language(text) == "en":
        terms = [
            t for t in terms if t not in STOPWORDS
        ]  # "when", "who": asking words, not what is asked about
        curated, general = english_terms(text, lexicon)
        for zh in curated:
            terms.extend(search_tokens(zh) * CURATED_REPEAT)
        for zh in general:
            terms.extend(search_tokens(zh))
    else:  # 进博会 in the question, 中国国际进口博览会 in the reports
        terms += [
            zh for zh in load_glossary().other_names(text) if zh in search_tokens(zh)
        ]  # a term, not its pieces
    for term in extra:
        terms.extend(search_tokens(term))
    return terms


class FaissRankSource:
    """`RankSource` over an index loaded from disk."""

    def __init__(self, index: Index) -> None:
        self.index = index

    def dense(self, vector: np.ndarray, depth: int) -> Ranking:
        """Top rows and cosine scores for a query vector (chunks still waiting for their vectors are not ranked)."""
        depth = min(depth, self.index.vectors.ntotal)
        if depth == 0:
            return EMPTY
        scores, rows = self.index.vectors.search(vector, depth)
        keep = rows[0] >= 0
        found = rows[0][keep].tolist()
        if self.index.vector_rows is not None:  # vector positions skip the pending chunks' rows
            found = [self.index.vector_rows[i] for i in found]
        return Ranking(found, scores[0][keep].tolist())

    def lexical(self, text: str, extra_terms: Sequence[str], depth: int) -> Ranking:
        """Top rows and BM25 scores for the question's terms (rows with a zero score are dropped)."""
        scores = self.index.lexical.scores(lexical_terms(text, extra_terms, self.index.lexicon))
        if not len(scores):
            return EMPTY
        depth = min(depth, len(scores))
        cut = -np.partition(-scores, depth - 1)[depth - 1]
        rows = np.flatnonzero((scores >= cut) & (scores > 0))  # every row tied at the cut, in row order
        rows = rows[np.argsort(-scores[rows], kind="stable")][:depth]  # equal scores: the earlier row first
        return Ranking(rows.tolist(), scores[rows].tolist())
