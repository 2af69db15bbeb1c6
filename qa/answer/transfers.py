"""The way money asked for changed hands: donated, lent, paid out in claims. An amount that changed hands another
way (committed to invest, paid in as capital) is a neighbouring measure, not the one asked."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from qa.answer.dimension import MONEY_UNITS

if TYPE_CHECKING:
    from qa.answer.query import Query
    from qa.answer.types import Quote

# Each way: how a question asks for it, and the characters the reports write it with (捐赠, 捐款, 捐资; 贷款, 借款;
# 赔款, 赔付). A closed class: the ways the reports' amounts change hands that no other word stands in for.
_WAYS = (
    ("donated", "捐赠", re.compile(r"捐|\bdonat\w*|\bdonors?\b", re.I), ("捐",)),
    ("lent", "贷款", re.compile(r"贷款|借款|借给|\blen[dt]\w*|\bloans?\b|\bborrow\w*", re.I), ("贷", "借")),
    ("paid in claims", "赔付", re.compile(r"赔|\bclaims?\b|\bcompensat\w*", re.I), ("赔",)),
)


def transfer_reason(query: Query, best: Quote) -> str:
    """ "How much did the Silk Road Fund donate?": an amount of money asked of a way it changed hands needs a best
    sentence that writes that way, else it gives another measure (承诺投资金额178亿美元 is no donation)."""
    way = asked_way(query)
    return (
        f"the best passage gives no amount {way[0]}"
        if way and not any(w in best.text for w in way[2])
        else ""
    )


def asked_way(query: Query) -> tuple[str, str, tuple[str, ...]] | None:
    """The way an amount of money asked changed hands: its English, its Chinese and how the reports write it."""
    if not query.asked_units & MONEY_UNITS:
        return None
    return next(((en, zh, written) for en, zh, asks, written in _WAYS if asks.search(query.asked)), None)
