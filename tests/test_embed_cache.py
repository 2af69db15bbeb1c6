"""The query-embedding cache: hits skip the model, misses call it, it stays bounded, and /metrics counts both."""

from __future__ import annotations

import os
import threading

import numpy as np
import pytest
from fastapi.testclient import TestClient

from qa.api.app import create_app
from qa.index.cache import CachedEmbedder
from qa.index.embedders import HashEmbedder
from qa.service import QAService
from qa.text.normalize import normalize_question
from tests.api_helpers import QUESTION, tiny_service, tiny_settings


class CountingEmbedder(HashEmbedder):
    """The hash embedder, counting the texts it is asked to embed."""

    def __init__(self) -> None:
        super().__init__(64)
        self.seen: list[str] = []
        self.calls = 0
        self._lock = threading.Lock()

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        with self._lock:
            self.calls += 1
            self.seen.extend(texts)
        return super().embed_queries(texts)


def test_normal_form_folds_width_space_and_latin_case_only() -> None:
    assert (
        normalize_question("  What  was\tＣＨＩＮＡ's trade\n in ２０２０？ ")
        == "what was china's trade in 2020?"
    )
    assert normalize_question("中欧班列　开行 多少列？") == "中欧班列 开行 多少列?"
    assert normalize_question("ΑΘΗΝΑ Café") == "ΑΘΗΝΑ café"  # Greek keeps its case; Latin-1 letters fold


def test_a_repeated_question_skips_the_embedder() -> None:
    inner = CountingEmbedder()
    cache = CachedEmbedder(inner, size=8)
    first = cache.embed_queries(["2020年中欧班列开行多少列？"])
    again = cache.embed_queries(["  2020年中欧班列开行多少列?  "])  # same normal form
    assert inner.calls == 1 and (cache.hits, cache.misses) == (1, 1)
    assert np.array_equal(first, again)
    # the first spelling is embedded as it was asked: the vector is the one the model gives without a cache
    assert inner.seen == ["2020年中欧班列开行多少列？"]
    assert np.array_equal(first, HashEmbedder(64).embed_queries(["2020年中欧班列开行多少列？"]))


def test_different_questions_miss_and_a_batch_embeds_only_its_misses() -> None:
    inner = CountingEmbedder()
    cache = CachedEmbedder(inner, size=8)
    cache.embed_queries(["How many trains ran in 2020?"])
    out = cache.embed_queries(["How many trains ran in 2019?", "how many TRAINS ran in 2020?", "中欧班列"])
    assert out.shape == (3, 64)
    assert inner.seen == ["How many trains ran in 2020?", "How many trains ran in 2019?", "中欧班列"]
    assert (cache.hits, cache.misses) == (1, 3)
    assert np.allclose(out[1], cache.embed_queries(["How many trains ran in 2020?"])[0])


def test_the_cache_is_bounded_and_drops_the_least_recently_used() -> None:
    inner = CountingEmbedder()
    cache = CachedEmbedder(inner, size=3)
    for q in ("q1", "q2", "q3"):
        cache.embed_queries([q])
    cache.embed_queries(["q1"])  # q1 is now the most recently used: q2 goes first
    cache.embed_queries(["q4"])
    assert len(cache) == 3
    calls = inner.calls
    cache.embed_queries(["q1"])
    cache.embed_queries(["q3"])
    assert inner.calls == calls  # kept
    cache.embed_queries(["q2"])
    assert inner.calls == calls + 1  # dropped, embedded again
    for n in range(50):
        cache.embed_queries([f"question {n}"])
    assert len(cache) == 3


def test_threads_share_one_cache_and_every_lookup_is_counted() -> None:
    inner = CountingEmbedder()
    cache = CachedEmbedder(inner, size=64)
    questions = [f"question {n}" for n in range(10)]

    def ask() -> None:
        for _ in range(20):
            for q in questions:
                cache.embed_queries([q])

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert cache.hits + cache.misses == 8 * 20 * 10
    assert len(set(inner.seen)) == 10 and cache.misses == len(inner.seen) <= 8 * 10
    with pytest.raises(ValueError):
        CachedEmbedder(inner, size=0)


def test_the_service_wraps_its_embedder_unless_the_cache_is_off(tmp_path) -> None:
    settings = tiny_settings(tmp_path)
    tiny_service(settings)  # builds the index in settings.index_dir
    cached = QAService.open(settings)
    assert isinstance(cached.embedder, CachedEmbedder) and cached.embedder.size == 1024
    assert cached.embedder.name == "hash:64" and cached.count_tokens("中欧班列") > 0
    plain = QAService.open(settings.model_copy(update={"embed_cache_size": 0}))
    assert not isinstance(plain.embedder, CachedEmbedder)


def metric(text: str, name: str) -> float:
    """The value of an unlabelled metric in an exposition text (0 when it is not there yet)."""
    for line in text.splitlines():
        if line.startswith(name + " "):
            return float(line.split()[1])
    return 0.0


def test_metrics_count_cache_hits_and_the_query_logs_repeat_ratio(tmp_path) -> None:
    settings = tiny_settings(tmp_path)
    index = tiny_service(settings).index
    service = QAService(index, CachedEmbedder(HashEmbedder(64), 16))
    hits, misses = "qa_query_embedding_cache_hits_total", "qa_query_embedding_cache_misses_total"
    with TestClient(create_app(settings, service)) as client:
        before = client.get("/metrics").text  # counters are per process: other tests' apps counted too
        first = client.post("/api/ask", json={"question": QUESTION})
        assert first.status_code == 200 and first.headers["x-worker"] == str(os.getpid())
        client.post("/api/ask", json={"question": "  " + QUESTION.replace("？", "?")})
        client.post("/api/ask", json={"question": "2019年中欧班列开行多少列？"})
        client.post("/api/ask", json={"question": "What is the Belt and Road?"})
        store = client.app.state.store
        store.flush()
        cached = client.get("/metrics").text  # within seconds of the last scrape: the log is not read again
        store.repeat_max_age_s = 0
        text = client.get("/metrics").text
    assert metric(cached, "qa_query_log_repeat_window_questions") == 0
    assert metric(text, hits) - metric(before, hits) == 1
    assert metric(text, misses) - metric(before, misses) == 3
    assert metric(text, "qa_query_log_repeat_ratio") == 0.25  # one of four logged questions was asked before
    assert metric(text, "qa_query_log_repeat_window_questions") == 4
