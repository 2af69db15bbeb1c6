"""Contracts shared by every layer: the `Embedder` protocol that the stores, the search and the index builders use."""

from __future__ import annotations

from typing import Protocol

import numpy as np


class Embedder(Protocol):
    """Turns queries and passages into L2-normalised float32 vectors."""

    name: str
    dim: int

    def embed_queries(self, texts: list[str]) -> np.ndarray: ...

    def embed_passages(self, texts: list[str]) -> np.ndarray: ...
