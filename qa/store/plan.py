"""What a new index version keeps and what it embeds, the same for every store.

A document whose text is unchanged keeps its chunks and vectors; a new or changed one is chunked, its
chunks embedded (with the title and heading they sit under) and its figures extracted.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Mapping

import numpy as np

from qa.core.types import Embedder
from qa.ingest.chunking import Chunk
from qa.ingest.documents import Document
from qa.ingest.figures import extract_figures, figure_to_dict

BATCH = 32  # passages per embedding call


def unchanged(known: Mapping[str, dict], doc: Document) -> bool:
    """Whether a version's manifest (`known`: doc id -> its record) holds this document's text as it is now."""
    return known.get(doc.doc_id, {}).get("sha256") == doc.sha256


def passage_text(chunk: Chunk, title: str = "") -> str:
    """What gets embedded and BM25-indexed: the chunk under its document title and nearest heading."""
    heading = chunk.section.rsplit(" > ", 1)[-1]
    header = " | ".join(h for h in (title, "" if chunk.text.startswith(heading) else heading) if h)
    return f"{header}\n{chunk.text}" if header else chunk.text


def embed_chunks(
    chunks: list[Chunk],
    titles: Mapping[str, str],
    embedder: Embedder,
    advance: Callable[[int], object] | None = None,
) -> np.ndarray:
    """Vectors of the chunks' passage texts, BATCH at a time; `advance(n)` reports progress."""
    vecs = []
    for i in range(0, len(chunks), BATCH):
        batch = [passage_text(c, titles[c.doc_id]) for c in chunks[i : i + BATCH]]
        vecs.append(embedder.embed_passages(batch))
        if advance is not None:
            advance(len(batch))
    return np.concatenate(vecs) if vecs else np.zeros((0, embedder.dim), np.float32)


def document_figures(doc: Document, chunks: list[Chunk]) -> list[dict]:
    """Figures of a document, each tied to the first chunk that holds it."""
    out = []
    pos = 0
    # Chunks follow the text, so their starts and ends only grow: the first chunk ending at or after a figure
    # is the only candidate, found by bisection instead of a scan of every chunk per figure (which made the
    # chunking step of a large report take hours). Any other order falls back to the scan.
    ends = [c.end for c in chunks]
    ordered = all(a.start <= b.start and a.end <= b.end for a, b in zip(chunks, chunks[1:]))
    for para in doc.text.split("\n"):
        for fig in extract_figures(para, offset=pos):
            if ordered:
                i = bisect_left(ends, fig.end)
                holder = chunks[i] if i < len(chunks) and chunks[i].start <= fig.start else None
            else:
                holder = next((c for c in chunks if c.start <= fig.start and fig.end <= c.end), None)
            if holder is None:
                continue
            fig.chunk_id = holder.chunk_id
            out.append({**figure_to_dict(fig), "doc_id": doc.doc_id})
        pos += len(para) + 1
    return out
