"""Hybrid retrieval: dense (FAISS) and BM25 (jieba) rankings fused by reciprocal rank."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from qa.core.types import Embedder
from qa.ingest.chunking import Chunk
from qa.ingest.documents import Document
from qa.store.faiss.index import Index
from qa.text.glossary import load_glossary
from qa.text.lexicon import Lexicon
from qa.text.tokenize import search_tokens

MODES = ("hybrid", "dense", "bm25")
# Weighted reciprocal-rank fusion, calibrated on the dev set (qa bench): BM25 over jieba terms with the glossary
# is the stronger ranker on these reports, so the dense rank counts half; k=10 rewards agreement near the top.
RRF_K = 10
DENSE_WEIGHT = 0.5
_CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass
class Hit:
    """A retrieved chunk with its fused score and both component scores and ranks."""

    chunk: Chunk
    score: float
    dense: float | None = None
    bm25: float | None = None
    dense_rank: int | None = None
    bm25_rank: int | None = None

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form: the chunk's fields plus the scores."""
        return {
            **self.chunk.to_dict(),
            "score": round(self.score, 6),
            "dense": None if self.dense is None else round(self.dense, 6),
            "bm25": None if self.bm25 is None else round(self.bm25, 6),
            "dense_rank": self.dense_rank,
            "bm25_rank": self.bm25_rank,
        }


def detect_language(text: str) -> str:
    """'zh' when the text has Chinese characters in it, else 'en'."""
    cjk = len(_CJK.findall(text))
    latin = len(re.findall(r"[A-Za-z]+", text))
    return "zh" if cjk and cjk >= latin else "en"


def mentioned_documents(text: str, documents: Mapping[str, Document]) -> set[str] | None:
    """Documents a question names through their aliases ("兰瑞智库", "the think-tank brief"), if not all."""
    low = text.lower().replace("-", " ")
    named = {
        doc_id
        for doc_id, doc in documents.items()
        if any(a and a.lower().replace("-", " ") in low for a in doc.aliases)
    }
    return named if named and len(named) < len(documents) else None


def english_terms(text: str, lexicon: Lexicon | None = None) -> tuple[list[str], list[str]]:
    """Chinese terms for an English question: from the glossary, and from the dictionary for the rest."""
    glossary = load_glossary()
    curated = glossary.expand_english(text)
    rest = glossary.unmatched_english(text)
    general = [t for t in lexicon.expand(rest) if t not in curated] if lexicon and rest else []
    return curated, general


def lexical_terms(text: str, extra: Sequence[str] = (), lexicon: Lexicon | None = None) -> list[str]:
    """BM25 query terms: the text's own tokens, Chinese terms for English, and any extra context terms."""
    terms = search_tokens(text)
    if detect_language(text) == "en":
        curated, general = english_terms(text, lexicon)
        for zh in curated + general:
            terms.extend(search_tokens(zh))
    for term in extra:
        terms.extend(search_tokens(term))
    return terms


class Retriever:
    """Searches one loaded index with one embedder."""

    def __init__(self, index: Index, embedder: Embedder, depth: int = 50) -> None:
        self.index = index
        self.embedder = embedder
        self.depth = depth

    def dense(self, text: str, depth: int) -> tuple[np.ndarray, np.ndarray]:
        """Top chunk rows and cosine scores for the text's embedding."""
        vec = self.embedder.embed_queries([text])
        depth = min(depth, self.index.vectors.ntotal)
        if depth == 0:
            return np.zeros(0, np.int64), np.zeros(0, np.float32)
        scores, rows = self.index.vectors.search(vec, depth)
        keep = rows[0] >= 0
        return rows[0][keep], scores[0][keep]

    def lexical(self, terms: list[str], depth: int) -> tuple[np.ndarray, np.ndarray]:
        """Top chunk rows and BM25 scores for the terms (rows with a zero score are dropped)."""
        scores = self.index.lexical.scores(terms)
        if not len(scores):
            return np.zeros(0, np.int64), np.zeros(0, np.float32)
        depth = min(depth, len(scores))
        rows = np.argpartition(-scores, depth - 1)[:depth]
        rows = rows[np.argsort(-scores[rows], kind="stable")]
        rows = rows[scores[rows] > 0]
        return rows, scores[rows]

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
        # A filter drops rows after ranking, so look deeper to still fill k.
        depth = max(self.depth, k) if doc_ids is None else max(self.depth * 4, k)
        hits: dict[int, Hit] = {}
        if mode in ("hybrid", "dense"):
            rows, scores = self.dense(dense_text or text, depth)
            for rank, (row, score) in enumerate(zip(rows.tolist(), scores.tolist(), strict=True)):
                hit = hits.setdefault(row, Hit(self.index.chunks[row], 0.0))
                hit.dense, hit.dense_rank = float(score), rank + 1
                hit.score += DENSE_WEIGHT / (RRF_K + rank + 1) if mode == "hybrid" else float(score)
        if mode in ("hybrid", "bm25"):
            rows, scores = self.lexical(lexical_terms(text, extra_terms, self.index.lexicon), depth)
            for rank, (row, score) in enumerate(zip(rows.tolist(), scores.tolist(), strict=True)):
                hit = hits.setdefault(row, Hit(self.index.chunks[row], 0.0))
                hit.bm25, hit.bm25_rank = float(score), rank + 1
                hit.score += 1.0 / (RRF_K + rank + 1) if mode == "hybrid" else float(score)
        ranked = sorted(hits.values(), key=lambda h: -h.score)
        if doc_ids is not None:
            ranked = [h for h in ranked if h.chunk.doc_id in doc_ids]
        return ranked[:k]
