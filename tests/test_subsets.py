""" "How many of the MPIA arbitrators are Chinese?": a sentence counting the whole group, naming China only as a
party, gives the whole, not the part asked; one counting the kind beside a number does answer."""

from __future__ import annotations

from types import SimpleNamespace

from qa.answer.analyze import analyze
from qa.answer.subsets import subset_asked, subset_reason

_POOL = "7月，中国与WTO“多方临时上诉仲裁安排”参加方就仲裁员名单达成一致，成功组建由10人组成的仲裁员库。"


def test_the_kind_asked_of_a_group() -> None:
    assert subset_asked("How many of the MPIA arbitrators are Chinese?") == "Chinese"
    assert subset_asked("How many of the exhibitors were from Africa?") == "Africa"
    assert subset_asked("How many arbitrators are there?") == ""


def test_a_count_of_the_whole_is_no_count_of_the_part() -> None:
    query = analyze("How many of the MPIA arbitrators are Chinese?")
    assert subset_reason(query, SimpleNamespace(text=_POOL))
    assert not subset_reason(query, SimpleNamespace(text="仲裁员库共10人，其中中国籍仲裁员1人。"))
    assert not subset_reason(
        analyze("How many arbitrators are in the MPIA pool?"), SimpleNamespace(text=_POOL)
    )


def test_the_part_not_counted_is_a_near_miss(real_service) -> None:
    result = real_service.ask("How many of the MPIA arbitrators are Chinese?")
    assert result.abstained, result.answer
    assert result.near_miss is not None and result.near_miss.missing == "measure"
    assert result.answer.startswith("The reports do not count the Chinese ones on their own"), result.answer
