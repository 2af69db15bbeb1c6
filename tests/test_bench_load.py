"""The load-test parts of `qa bench --http`: distinct questions, the closed and the open loop over real HTTP."""

from __future__ import annotations

import asyncio
import os
import re

from qa.api.app import create_app
from qa.bench.evalset import EVAL_DIR
from qa.bench.evaluate import load_items
from qa.bench.http import drive, open_loop
from qa.bench.questions import QuestionPool, distinct_questions
from qa.text.normalize import normalize_question
from tests.api_helpers import running, tiny_service, tiny_settings


def test_questions_are_distinct_mixed_and_never_from_the_test_half(tmp_path) -> None:
    index = tiny_service(tiny_settings(tmp_path)).index
    questions = distinct_questions(index, limit=3000)
    keys = [normalize_question(q) for q in questions]
    assert len(questions) > 1000 and len(set(keys)) == len(keys)
    held_out = {normalize_question(it["question"]) for it in load_items(EVAL_DIR / "test.jsonl")}
    assert not held_out & set(keys)
    english = sum(1 for q in questions if not re.search(r"[\u4e00-\u9fff]", q))
    assert 0.2 < english / len(questions) < 0.4
    pool = QuestionPool(questions[:3])
    assert pool.take(4) == [*questions[:3], questions[0]] and pool.repeats == 1


def test_closed_and_open_loops_count_answers_errors_and_workers(tmp_path) -> None:
    settings = tiny_settings(tmp_path)
    app = create_app(settings, tiny_service(settings))
    questions = iter([f"2020年中欧班列开行多少列？({n})" for n in range(500)] + [""] * 500)
    with running(app) as base:
        closed = asyncio.run(drive(base, questions, 4, 1.0))
        opened = asyncio.run(open_loop(base, questions, 40.0, 1.5))
    assert closed["answers"] > 4 and closed["errors"] == {}
    assert closed["worker_share"] == {str(os.getpid()): 1.0}  # one process served it all
    assert 30 <= opened["arrivals"] <= 95 and opened["offered_per_s"] == 40.0
    assert opened["answers"] + sum(opened["errors"].values()) == opened["arrivals"]
    assert opened["latency_ms"]["p95"] >= opened["latency_ms"]["p50"] > 0
