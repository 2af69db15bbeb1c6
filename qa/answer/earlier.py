"""A follow-up asking what came before ("之前那几批分别是什么时候批的？", "And their two earlier calls?"): not what the
last answer stated, which is what "before" is reckoned from, but what the reports date earlier."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from qa.answer.followup import last_answer, quoted_or_stated
from qa.answer.years import find_years

if TYPE_CHECKING:
    from qa.answer.query import Query
    from qa.answer.types import Quote

# Words placing what is asked before what the conversation spoke of (not 前三届, a run of editions from the first;
# nor a comparison: 比之前多, "more than the previous session")
EARLIER = re.compile(
    r"(?<![比较])(?:之前|此前|以前|早前)|前[一二两三四五几]+(?:批|期|次|轮)|(?<!than )\bearlier\b"
    r"|\bbefore (?:that|then|this)\b",
    re.IGNORECASE,
)


def asks_earlier(query: Query) -> bool:
    """A follow-up asking what came before what the last answer gave."""
    return query.followup and bool(EARLIER.search(query.question))


def earlier_first(query: Query, cands: list[Quote]) -> list[Quote]:
    """For "之前…", "earlier …": the sentences the last answer did not quote or state first, and of them those dating
    a time before the last answer's first year (2015年3月…分四批 before 2020年4月…新增46个)."""
    if not asks_earlier(query) or not cands:
        return cands
    last = last_answer(query.history)
    years = find_years(last)
    bound = min(years) if years else None

    def later(c: Quote) -> bool:
        seen = c.all_years()
        return bound is not None and (not seen or min(seen) >= bound)

    # a sentence dated earlier in the passage the last answer quoted shares the conversation's topic as that did
    stated = [c for c in cands if quoted_or_stated(c, last)]
    passages, topic = {c.hit.chunk.chunk_id for c in stated}, max((c.coverage for c in stated), default=0.0)
    cands = [
        replace(c, coverage=max(c.coverage, topic))
        if c.hit.chunk.chunk_id in passages and not later(c)
        else c
        for c in cands
    ]
    return sorted(cands, key=lambda c: (quoted_or_stated(c, last), later(c)))
