""" "What about all three expos combined?", 三届加起来呢？: the one sentence naming the run (三届中国国际进口博览会累计意向
成交2015.8亿美元) stands deep in the ranking, below passages of the third expo that share the conversation's words. It
is looked for deeper and put first, and it answers although it shares few of those words."""

from __future__ import annotations

from types import SimpleNamespace

from qa.answer.edition_span import span_first
from tests.helpers import ask_in_turn


def _quote(text: str, fit: bool) -> SimpleNamespace:
    return SimpleNamespace(text=text, figures=[{"unit": "亿美元"}], features={"edition_fit": float(fit)})


def test_a_candidate_naming_the_run_comes_first() -> None:
    single = _quote("本届进博会…累计意向成交额726.2亿美元", False)
    run = _quote("三届中国国际进口博览会累计意向成交2015.8亿美元。", True)
    assert span_first("三届加起来呢？", True, [single, run]) == [run, single]
    assert span_first("第三届的呢？", True, [single, run]) == [single, run]  # one edition asked


def test_all_three_expos_together(real_service) -> None:
    for first, again in (
        ("What was the intended deal value at the third CIIE?", "What about all three expos combined?"),
        ("第三届进博会意向成交额是多少？", "三届加起来呢？"),
    ):
        result = ask_in_turn(real_service, first, again)
        assert not result.abstained, result.answer
        assert "2015.8亿美元" in result.answer, result.answer
