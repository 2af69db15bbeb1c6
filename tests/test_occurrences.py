"""A sentence telling one of several occurrences ("首次是在…，时长约90分钟。") is about what the sentence before counted
(…进行过三次正式的元首对话) and what the sentence after names it (这次通话…)."""

from __future__ import annotations

from qa.answer.occurrences import occurrence_context
from qa.text.tokenize import search_tokens


def _rows(*sentences: str) -> list[tuple]:
    rows, at = [], 0
    for text in sentences:
        rows.append((at, at + len(text), text, frozenset(search_tokens(text)), []))
        at += len(text)
    return rows


def test_an_occurrence_takes_the_words_of_the_count_and_of_the_one_naming_it() -> None:
    rows = _rows(
        "要知道从拜登上台以来，中美之间已经进行过三次正式的元首对话。",
        "首次是在2021年除夕之际，时长约90分钟。",
        "这次通话时间在北京时间2月11日春节除夕上午。",
        "要知道当时正值拜登上任不久，风头正盛。",
        "第二次则是在9月10日，时间同样是北京时间上午，时长2个半小时。",
    )
    first, second = occurrence_context(rows, 1), occurrence_context(rows, 4)
    assert {"对话", "通话"} <= first
    assert "对话" in second and "通话" not in second
    assert occurrence_context(rows, 3) == frozenset()  # no occurrence told
    assert occurrence_context(_rows("首次是在2021年。"), 0) == frozenset()  # nothing counted before
