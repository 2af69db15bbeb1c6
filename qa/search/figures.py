"""Look up extracted figures by label text, year and unit, each with the citation of the sentence it came from."""

from __future__ import annotations

from collections.abc import Sequence

from qa.ingest.chunking import Chunk, split_sentences
from qa.ingest.documents import Document

FIGURE_FIELDS = ("value", "unit", "raw", "label", "label_en", "year", "kind", "qualifier", "low", "high")


class FigureFinder:
    """Filters the index's figures; built once per loaded index."""

    def __init__(
        self, figures: Sequence[dict], chunks: Sequence[Chunk], documents: dict[str, Document]
    ) -> None:
        self.figures = list(figures)
        self.chunks = {c.chunk_id: c for c in chunks}
        self.documents = documents
        self._haystacks = [
            " ".join(str(f.get(k) or "") for k in ("label", "label_en", "raw")).lower() for f in self.figures
        ]

    def find(
        self, q: str | None = None, year: int | None = None, unit: str | None = None, limit: int = 50
    ) -> dict[str, object]:
        """Figures whose label, English label or raw text holds every word of `q`, filtered by year and unit."""
        words = (q or "").lower().split()
        matches = [
            f
            for f, hay in zip(self.figures, self._haystacks)
            if all(w in hay for w in words)
            and (year is None or f.get("year") == year)
            and (unit is None or f.get("unit") == unit)
        ]
        return {"total": len(matches), "figures": [self.describe(f) for f in matches[:limit]]}

    def describe(self, figure: dict) -> dict[str, object]:
        """A figure's public fields plus a citation: document, chunk, section, page and the sentence around it."""
        out: dict[str, object] = {k: figure.get(k) for k in FIGURE_FIELDS}
        out["citation"] = self.citation(figure)
        return out

    def citation(self, figure: dict) -> dict[str, object] | None:
        """Where the figure was found, quoting the sentence that holds it."""
        chunk = self.chunks.get(figure.get("chunk_id", ""))
        doc = self.documents.get(figure.get("doc_id", ""))
        if chunk is None or doc is None:
            return None
        pos = int(figure.get("start", chunk.start))
        start, end = next(
            ((s, e) for s, e in split_sentences(chunk.text, chunk.start) if s <= pos < e),
            (chunk.start, chunk.end),
        )
        return {
            "doc_id": doc.doc_id,
            "title": doc.title,
            "chunk_id": chunk.chunk_id,
            "section": chunk.section,
            "page": doc.page_at(start),
            "quote": doc.text[start:end],
            "start": start,
            "end": end,
        }
