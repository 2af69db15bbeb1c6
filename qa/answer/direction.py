"""Which way an investment goes: into China (对华直接投资, "invest in China") or out of it (中国企业对…直接投资,
"Chinese firms' investment in Belt and Road countries"). A sentence about the other direction does not answer."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from qa.answer.stand_in import close_first

if TYPE_CHECKING:
    from qa.answer.analyze import Query
    from qa.answer.types import Quote

_ASKS_INVESTMENT = re.compile(r"\binvest|\bFDI\b|投资|外资", re.IGNORECASE)
# into China: "invest (directly) in China", "FDI in China", "foreign investment China attracted"; 对华, 在华, 来华
_ASKS_INTO_EN = re.compile(
    r"\binvest\w*\s+(?:\w+\s+){0,2}(?:in|into)\s+China\b|\bin China\b|\bChina\s+(?:attract|absorb|receiv|us)\w*"
    r"|(?<!outward )(?<!outbound )\b(?:foreign (?:direct )?investment|FDI)\b",
    re.IGNORECASE,
)
_ASKS_OUT_EN = re.compile(
    r"\b(?:China's|Chinese|China)\b(?:\s+[\w']+){0,3}\s+invest|\b(?:outward|outbound|overseas)\b",
    re.IGNORECASE,
)
_INTO_ZH = re.compile(
    "对华|在华|来华|[在对到来]中国(?:境内|来)?投资|吸收外资|利用外资|使用外资|吸引外资|投入外资|外商直接投资|外商投资"
)
_OUT_ZH = re.compile(
    r"对外(?:直接)?投资|(?:中国|中方|中资)[^，。；]{0,12}?对(?!华)[^，。；]{1,20}?投资|境外投资|走出去"
)


def asked_direction(query: Query) -> str:
    """ "into", "out" or "" for a question about investment: which way it asks the money to go."""
    if not _ASKS_INVESTMENT.search(query.asked):
        return ""
    way = _way(query.asked, query.lang)
    if not way and query.followup:  # "And in 2020 alone, how much did they invest?": the way asked before
        earlier = [t["content"] for t in query.history if t.get("role") == "user"]
        way = next((w for q in reversed(earlier) if (w := _way(q, "en" if q.isascii() else "zh"))), "")
    return way


def _way(question: str, lang: str) -> str:
    if lang == "zh":
        into, out = bool(_INTO_ZH.search(question)), bool(_OUT_ZH.search(question))
    else:
        into = bool(_ASKS_INTO_EN.search(question))
        out = not into and bool(_ASKS_OUT_EN.search(question))
    return "into" if into and not out else "out" if out and not into else ""


def stated_direction(text: str) -> str:
    """ "into", "out" or "" (neither, or both) for the investment a Chinese sentence states."""
    into, out = bool(_INTO_ZH.search(text)), bool(_OUT_ZH.search(text))
    return "into" if into and not out else "out" if out and not into else ""


def direction_first(query: Query, cands: list[Quote]) -> list[Quote]:
    """The sentences stating an investment the other way after every other: they do not answer; a close second
    stating the asked way before a best that states none."""
    asked = asked_direction(query)
    if not asked:
        return cands
    ways = [stated_direction(c.text) for c in cands]  # each sentence read once
    kept = [c for c, way in zip(cands, ways, strict=True) if way in (asked, "")]
    stated = {id(c) for c, way in zip(cands, ways, strict=True) if way == asked}
    cands = kept + [c for c, way in zip(cands, ways, strict=True) if way not in (asked, "")]
    # a close second stating the asked way before a best that states no way (丝路基金实际出资额 for 对华投资)
    return close_first(cands, lambda c: id(c) in stated) if cands else cands
