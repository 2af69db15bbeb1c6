"""`qa bench` measures each ask right after its question's embedding, and the answer step each ask reports."""

from __future__ import annotations

import time
from types import SimpleNamespace

from qa.bench.latency import paired_ask


def test_each_ask_is_measured_after_its_own_embedding() -> None:
    calls: list[str] = []

    class Embedder:
        def embed_queries(self, questions: list[str]) -> None:
            calls.append(f"embed {questions[0]}")
            time.sleep(0.002)

    class Service:
        def ask(self, question: str) -> SimpleNamespace:
            calls.append(f"ask {question}")
            time.sleep(0.004)
            return SimpleNamespace(timings_ms=SimpleNamespace(answer=1.5))

    report = paired_ask(Embedder(), Service(), ["q1", "q2"], 2)  # type: ignore[arg-type]
    assert calls[:2] == ["ask q1", "ask q2"]  # one warm-up pass of the asks
    assert calls[2:] == ["embed q1", "ask q1", "embed q2", "ask q2"] * 2
    assert report["answer_step"]["p50"] == 1.5 and report["ask_minus_embedding"]["n"] == 4
    assert report["ask"]["p50"] > report["embedding"]["p50"] > 0
