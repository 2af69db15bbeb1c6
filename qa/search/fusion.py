"""One weighted reciprocal-rank fusion for every store: the dense and BM25 rankings become one list of hits."""

from __future__ import annotations

from collections.abc import Sequence

from qa.core.weights import DENSE_WEIGHT, LEXICAL_WEIGHT, RRF_K
from qa.ingest.chunking import Chunk
from qa.search.hits import Hit
from qa.store.base import Ranking


def fuse(chunks: Sequence[Chunk], dense: Ranking | None, lexical: Ranking | None) -> list[Hit]:
    """Hits ranked by weighted RRF when both rankings are given, else by the one ranking's own scores.

    Each hit keeps both component scores and ranks, so a caller can see why it ranks where it does.
    """
    both = dense is not None and lexical is not None
    hits: dict[int, Hit] = {}
    for ranking, weight, is_dense in ((dense, DENSE_WEIGHT, True), (lexical, LEXICAL_WEIGHT, False)):
        if ranking is None:
            continue
        for rank, (row, score) in enumerate(zip(ranking.rows, ranking.scores, strict=True), 1):
            hit = hits.setdefault(row, Hit(chunks[row], 0.0))
            if is_dense:
                hit.dense, hit.dense_rank = float(score), rank
            else:
                hit.bm25, hit.bm25_rank = float(score), rank
            hit.score += weight / (RRF_K + rank) if both else float(score)
    return sorted(hits.values(), key=lambda h: -h.score)
