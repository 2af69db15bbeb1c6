"""A follow-up asking what came before ("之前那几批…", "their earlier calls") is reckoned from the last answer: the year
it gave is a bound, not a year asked, and the sentence it quoted is not the answer again."""

from __future__ import annotations

from qa.answer.analyze import analyze
from qa.answer.earlier import asks_earlier
from tests.helpers import ask_in_turn


def _turns(question: str, answer: str) -> list[dict]:
    return [{"role": "user", "content": question}, {"role": "assistant", "content": answer}]


def test_an_earlier_followup_carries_no_year() -> None:
    history = _turns(
        "2020年4月国务院新设了几个跨境电商综试区？", "2020年4月，国务院新增46个跨境电商综试区。[1]"
    )
    query = analyze("此前几批分别是什么时候设立的？", history)
    assert asks_earlier(query)
    assert query.years == []
    assert analyze("那2019年呢？", history).years == [2019]
    assert not asks_earlier(analyze("前三届进博会累计意向成交额是多少？"))  # a run of editions, no follow-up
    # a comparison with what came before asks a difference, not the earlier thing
    assert not asks_earlier(analyze("How many more exhibits than the previous session?", history))
    assert not asks_earlier(analyze("比之前多了多少个？", history))
    assert asks_earlier(analyze("And their two earlier phone calls?", history))


def test_the_batches_before_are_dated_by_the_sentence_before_the_last_answer(real_service) -> None:
    first = "2020年4月国务院新设了几个跨境电商综合试验区？全国一共有多少个？"
    result = ask_in_turn(real_service, first, "此前几批分别是什么时候设立的？")
    assert not result.abstained, result.answer
    assert "2015年3月" in result.answer and "2019年12月24日" in result.answer
