"""A retrieved chunk with its fused score and both component scores and ranks."""

from __future__ import annotations

from dataclasses import dataclass

from qa.ingest.chunking import Chunk


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
