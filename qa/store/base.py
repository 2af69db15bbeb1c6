"""The store contracts: `IndexStore` (where index versions live) and `RankSource` (how a backend ranks chunks).

`qa.store.factory.open_store` is the one place that chooses a backend; everything above talks to these
protocols. Rows are positions in the loaded version's `Index.chunks`, so hits from any backend point at the
same chunk objects.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple, Protocol

import numpy as np

from qa.core.types import Embedder
from qa.ingest.documents import Document
from qa.store.corpus import Corpus
from qa.store.faiss.index import Index
from qa.store.steps import Tracker


class Ranking(NamedTuple):
    """One backend ranking, best first: chunk rows and their scores (cosine or BM25)."""

    rows: list[int]
    scores: list[float]


EMPTY = Ranking([], [])


class RankSource(Protocol):
    """A backend's two rankings over one loaded index version, unfiltered; the search layer fuses them.

    `dense` ranks by the inner product with an L2-normalised query vector; `lexical` by BM25 over the
    backend's own analysis of the question (an English question reaches the Chinese text through its
    glossary and dictionary terms) plus `extra_terms` carried over from a conversation.
    """

    def dense(self, vector: np.ndarray, depth: int) -> Ranking:
        """The `depth` best rows for a query vector of shape (1, dim)."""
        ...

    def lexical(self, text: str, extra_terms: Sequence[str], depth: int) -> Ranking:
        """The `depth` best rows with a positive BM25 score for the question's terms."""
        ...


class IndexStore(Protocol):
    """Where index versions live, and how a new one is made from the current one.

    A writer makes a whole new version and then switches the current-version record to it atomically;
    readers keep the version they loaded until they load the next one, so a request never sees half a
    version. `add` and `remove` return the new version's name; documents already in the current version
    keep their vectors (only new or changed ones are embedded).
    """

    kind: str  # "faiss" or "milvus"
    local_corpus: bool  # whether the corpus folder is the source of truth (rebuilt from it) or the store is

    def current_version(self) -> str | None:
        """The name of the current version, or None when there is none yet."""
        ...

    def load(self, embedder_name: str | None = None) -> Index:
        """The current version, refused when it was built with another embedder than `embedder_name`."""
        ...

    def rank_source(self, index: Index) -> RankSource:
        """The rankings of a version this store loaded."""
        ...

    def corpus(self, index: Index) -> Corpus:
        """What the answerer reads about the whole of a version this store loaded."""
        ...

    def add(self, docs: Sequence[Document], embedder: Embedder, progress: bool | Tracker = False) -> str:
        """A new current version with these documents added or replaced (by id); `progress` is a terminal bar
        (True) or the update's tracker (steps, chunks embedded)."""
        ...

    def remove(self, doc_id: str, embedder: Embedder) -> str:
        """A new current version without this document (NotFoundError when it is not there)."""
        ...
