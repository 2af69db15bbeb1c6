"""Look up extracted figures by label text, year and unit, each with the citation of the sentence it came from."""

from __future__ import annotations

from collections.abc import Mapping

from qa.ingest.chunking import split_sentences
from qa.ingest.documents import Document
from qa.store.corpus import Corpus

FIGURE_FIELDS = ("value", "unit", "raw", "label", "label_en", "year", "kind", "qualifier", "low", "high")


class FigureFinder:
    """Filters a version's figures through its corpus (in memory, or in Milvus); built once per loaded index."""

    def __init__(self, corpus: Corpus, documents: Mapping[str, Document]) -> None:
        self.corpus = corpus
        self.documents = documents

    def find(
        self, q: str | None = None, year: int | None = None, unit: str | None = None, limit: int = 50
    ) -> dict[str, object]:
        """Figures whose label, English label or raw text holds every word of `q`, filtered by year and unit."""
        total, matches = self.corpus.find_figures((q or "").lower().split(), year, unit, limit)
        return {"total": total, "figures": [self.describe(f) for f in matches]}

    def describe(self, figure: dict) -> dict[str, object]:
        """A figure's public fields plus a citation: document, chunk, section, page and the sentence around it."""
        out: dict[str, object] = {k: figure.get(k) for k in FIGURE_FIELDS}
        out["citation"] = self.citation(figure)
        return out

    def citation(self, figure: dict) -> dict[str, object] | None:
        """Where the figure was found, quoting the sentence that holds it."""
        chunk = self.corpus.chunk(figure.get("chunk_id", ""))
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
            "quote": chunk.text[start - chunk.start : end - chunk.start],
            "start": start,
            "end": end,
        }
