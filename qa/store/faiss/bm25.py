"""BM25 over jieba tokens (bm25s), saved beside the vectors."""

from __future__ import annotations

from pathlib import Path

import bm25s
import numpy as np

from qa.text.tokenize import search_tokens


class LexicalIndex:
    """BM25 scores for every chunk of the index."""

    def __init__(self, model: bm25s.BM25, size: int) -> None:
        self._model = model
        self.size = size

    @classmethod
    def build(cls, texts: list[str]) -> LexicalIndex:
        """Index the texts (token lists from `search_tokens`)."""
        model = bm25s.BM25(k1=1.2, b=0.75)
        model.index([search_tokens(t) or [""] for t in texts], show_progress=False)
        return cls(model, len(texts))

    def save(self, path: Path) -> None:
        """Write the BM25 matrices and vocabulary into `path`."""
        self._model.save(str(path), show_progress=False)

    @classmethod
    def load(cls, path: Path, size: int) -> LexicalIndex:
        """Read an index written by `save`."""
        model = bm25s.BM25.load(str(path), show_progress=False)
        return cls(model, size)

    def scores(self, tokens: list[str]) -> np.ndarray:
        """BM25 score of every chunk for the query tokens (unknown tokens score nothing)."""
        if not tokens:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self._model.get_scores(tokens), dtype=np.float32)
