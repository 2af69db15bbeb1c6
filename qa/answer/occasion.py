"""The occasion a question opens with ("After the Xi–Biden video summit, what did Australia's trade minister say?",
中美元首会晤后，…): it says when, not whom the answer is about, so a name only it gives is no name a passage must
hold."""

from __future__ import annotations

import re

_EN = re.compile(r"^\s*(?:after|following|since|ahead of|in the wake of)\s+(.+?),\s", re.IGNORECASE)
_ZH = re.compile(r"^([^，,。？?]{2,40}?)(?:之后|以后|后|以来)[，,]")


def occasion_only(question: str, name: str) -> bool:
    """Whether a name is given only in the occasion the question opens with."""
    m = _EN.match(question) or _ZH.match(question)
    if m is None:
        return False
    low, opening = question.lower(), m.group(1).lower()
    return name.lower() in opening and name.lower() not in low[m.end() :]
