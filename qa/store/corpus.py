"""What the answerer reads about the whole corpus, behind one protocol.

The local store keeps the corpus in memory and answers from it (`MemoryCorpus`). A Milvus replica holds none of
it: its `Corpus` fetches chunks, text spans and figures per request and reads term statistics that the writer
computed at build time (`qa.store.milvus.corpus`). Both answer the same questions the same way.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from qa.ingest.chunking import Chunk
from qa.ingest.documents import Document
from qa.text.tokenize import search_tokens

QUOTE_MARKS = re.compile(r"[“”‘’\"「」『』《》]")


class Corpus(Protocol):
    """Corpus-wide facts for one index version: term statistics, text spans, figures."""

    passages: int  # chunks in the version

    def df(self, term: str) -> int:
        """How many chunks hold the search token `term`."""
        ...

    def warm(self, terms: Iterable[str], kind: str = "df") -> None:
        """Look up many terms' statistics at once ("df", or "m" for `mentions` and `contains`), before each is
        asked for."""
        ...

    def mentions(self, term: str) -> int:
        """How often a lower-cased term occurs in the reports' texts, titles and aliases."""
        ...

    def contains(self, term: str, bare: bool = False) -> bool:
        """Whether a lower-cased string occurs in the reports (with `bare`, in their text without quote marks)."""
        ...

    def text(self, doc_id: str, start: int, end: int) -> str:
        """A span of a document's cleaned text."""
        ...

    def size(self, doc_id: str) -> int:
        """The length of a document's cleaned text."""
        ...

    def prefetch(self, chunks: Sequence[Chunk]) -> None:
        """Fetch the figures of these chunks at once, before `figures_of` asks chunk by chunk."""
        ...

    def figures_of(self, chunk: Chunk) -> list[dict]:
        """Figures that start inside a chunk, in text order."""
        ...

    def chunk(self, chunk_id: str) -> Chunk | None:
        """One chunk by id."""
        ...

    def find_figures(
        self, words: Sequence[str], year: int | None, unit: str | None, limit: int
    ) -> tuple[int, list[dict]]:
        """Figures whose label, English label or raw text holds every (lower-cased) word, by year and unit:
        how many match, and the first `limit` of them in index order."""
        ...


def report_texts(documents: Iterable[Document]) -> list[str]:
    """What "in the reports" means for a term: each report's text, titles and aliases, lower-cased."""
    return [" ".join([d.text, d.title, d.title_en, *d.aliases]).lower() for d in documents]


def chunk_df(chunks: Iterable[Chunk]) -> Counter[str]:
    """Chunk frequency of every search token."""
    df: Counter[str] = Counter()
    for chunk in chunks:
        df.update(set(search_tokens(chunk.text)))
    return df


@dataclass
class MemoryCorpus:
    """The whole corpus in memory: the local store's loaded version."""

    chunks: Sequence[Chunk]
    documents: Mapping[str, Document]
    figures: Sequence[dict]
    _df: Counter[str] = field(init=False)

    def __post_init__(self) -> None:
        self.passages = max(1, len(self.chunks))
        self._df = chunk_df(self.chunks)
        self._texts = report_texts(self.documents.values())
        # 共建“一带一路” is 共建一带一路 as a user types it: the texts without quotation marks, for names.
        self._bare = [QUOTE_MARKS.sub("", t) for t in self._texts]
        self._counts: dict[str, int] = {}
        self._figures: dict[str, list[dict]] = {}
        for fig in sorted(self.figures, key=lambda f: f["start"]):
            self._figures.setdefault(fig["doc_id"], []).append(fig)
        self._starts = {d: [f["start"] for f in figs] for d, figs in self._figures.items()}
        self._by_id = {c.chunk_id: c for c in self.chunks}
        self._haystacks = [
            " ".join(str(f.get(k) or "") for k in ("label", "label_en", "raw")).lower() for f in self.figures
        ]

    def df(self, term: str) -> int:
        return self._df.get(term, 0)

    def warm(self, terms: Iterable[str], kind: str = "df") -> None:
        return None

    def mentions(self, term: str) -> int:
        count = self._counts.get(term)
        if count is None:
            if len(self._counts) > 65_536:
                self._counts.clear()
            count = self._counts[term] = sum(t.count(term) for t in self._texts)
        return count

    def contains(self, term: str, bare: bool = False) -> bool:
        return any(term in t for t in (self._bare if bare else self._texts))

    def text(self, doc_id: str, start: int, end: int) -> str:
        return self.documents[doc_id].text[start:end]

    def size(self, doc_id: str) -> int:
        return len(self.documents[doc_id].text)

    def prefetch(self, chunks: Sequence[Chunk]) -> None:
        return None

    def figures_of(self, chunk: Chunk) -> list[dict]:
        figs = self._figures.get(chunk.doc_id, [])
        lo = bisect.bisect_left(self._starts.get(chunk.doc_id, []), chunk.start)
        hi = bisect.bisect_left(self._starts.get(chunk.doc_id, []), chunk.end)
        return figs[lo:hi]

    def chunk(self, chunk_id: str) -> Chunk | None:
        return self._by_id.get(chunk_id)

    def find_figures(
        self, words: Sequence[str], year: int | None, unit: str | None, limit: int
    ) -> tuple[int, list[dict]]:
        matches = [
            f
            for f, hay in zip(self.figures, self._haystacks)
            if all(w in hay for w in words)
            and (year is None or f.get("year") == year)
            and (unit is None or f.get("unit") == unit)
        ]
        return len(matches), matches[:limit]
