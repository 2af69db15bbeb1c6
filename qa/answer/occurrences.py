"""Sentences telling one of several occurrences a sentence before counted: "…中美之间已经进行过三次正式的元首对话。首次是在
2021年除夕之际，时长约90分钟。这次通话时间在…" (the first of the talks, a call)."""

from __future__ import annotations

import re
from collections.abc import Sequence

_REACH = 4  # sentences back the counting one may be
_OCCURRENCE = re.compile(r"^(?:首次|第[一二三四五六七八九十\d]次)(?:[则就也]?是|为|在)")
_COUNTED_TIMES = re.compile(r"[两二三四五六七八九十\d]次")
_THIS_TIME = re.compile(r"^(?:这次|此次|该次|这一次)")


def occurrence_context(rows: Sequence[tuple], i: int) -> frozenset[str]:
    """The words of what an occurrence sentence is one of: the sentence counting them, and the one after naming it."""
    if not _OCCURRENCE.match(rows[i][2]):
        return frozenset()
    counting = next(
        (r[3] for r in reversed(rows[max(0, i - _REACH) : i]) if _COUNTED_TIMES.search(r[2])),
        frozenset(),
    )
    after = rows[i + 1][3] if i + 1 < len(rows) and _THIS_TIME.match(rows[i + 1][2]) else frozenset()
    return counting | after
