"""An LRU cache of query embeddings in front of any embedder: staff ask the same questions again."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable

import numpy as np

from qa.core.types import Embedder
from qa.text.normalize import normalize_question


def _nothing() -> None:
    return None


class CachedEmbedder:
    """Query vectors kept per normalised question (at most `size`, least recently used dropped first).

    The text embedded is the first spelling seen, unchanged (so answers stay what they were without the cache);
    spellings that differ only in width, spacing or Latin case share its vector. Passages go straight through: a
    build embeds each chunk once. One cache per process: uvicorn workers each keep their own.
    """

    def __init__(self, inner: Embedder, size: int = 1024) -> None:
        if size < 1:
            raise ValueError("the cache needs room for at least one question")
        self.inner = inner
        self.name = inner.name
        self.dim = inner.dim
        self.size = size
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0
        self._on_hit: Callable[[], object] = _nothing
        self._on_miss: Callable[[], object] = _nothing

    def count_with(self, on_hit: Callable[[], object], on_miss: Callable[[], object]) -> None:
        """Also report each hit and miss to these callbacks (the API's Prometheus counters)."""
        self._on_hit, self._on_miss = on_hit, on_miss

    def __getattr__(self, name: str) -> object:
        # set_threads, count_tokens and whatever else the wrapped embedder offers
        return getattr(self.inner, name)

    def __len__(self) -> int:
        with self._lock:
            return len(self._vectors)

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        keys = [normalize_question(t) for t in texts]
        found: dict[str, np.ndarray] = {}
        with self._lock:
            for key in keys:
                vec = self._vectors.get(key)
                if vec is not None:
                    self._vectors.move_to_end(key)
                    found[key] = vec
        missing: dict[str, str] = {}  # normal form -> the first spelling of it in this call
        for key, text in zip(keys, texts):
            if key not in found:
                missing.setdefault(key, text)
        hits = len(keys) - sum(1 for k in keys if k not in found)
        if missing:
            # Embedded outside the lock: other threads' hits must not wait for this call.
            fresh = self.inner.embed_queries(list(missing.values()))
            with self._lock:
                for key, vec in zip(missing, fresh):
                    vec = np.array(vec, dtype=np.float32)
                    vec.setflags(write=False)  # shared between requests: nobody may change it in place
                    found[key] = vec
                    self._vectors[key] = vec
                    self._vectors.move_to_end(key)
                while len(self._vectors) > self.size:
                    self._vectors.popitem(last=False)
        self._count(hits, len(keys) - hits)
        return np.stack([found[k] for k in keys]) if keys else np.zeros((0, self.dim), np.float32)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return self.inner.embed_passages(texts)

    def _count(self, hits: int, misses: int) -> None:
        with self._lock:
            self.hits += hits
            self.misses += misses
        for _ in range(hits):
            self._on_hit()
        for _ in range(misses):
            self._on_miss()


def with_cache(embedder: Embedder, size: int) -> Embedder:
    """The embedder behind a query cache of `size` questions (as it is when `size` is 0: no cache)."""
    return CachedEmbedder(embedder, size) if size > 0 else embedder
