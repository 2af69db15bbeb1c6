"""An English follow-up naming one of the things the last question asked about by "the <Name> one" ("What's the
Beijing one supposed to focus on?" after "Which pilot free trade zones were set up in 2020?"): the thing is named
with the kind of things asked (the Beijing pilot free trade zone), as a question standing alone would name it."""

from __future__ import annotations

import re
from collections.abc import Sequence

_ONE = re.compile(r"\bthe ((?:[A-Z][\w'-]*\s+){1,3})(ones?)\b")
# "Which (new) pilot free trade zones were …", "What ports are …": the kind of things asked, in the plural
_KIND_ASKED = re.compile(
    r"\b(?:which|what)\s+(?:new\s+|other\s+)?((?:[a-z][\w-]*\s+){0,3}[a-z][\w-]*s)\b"
    r"(?=\s+(?:were|are|was|is|did|do|does|have|has|had|got|get|in|of|that|to|on|for)\b)",
    re.IGNORECASE,
)


_PLACES = re.compile(r"\b(?:countries|nations|economies|regions|places|cities|provinces|areas|states)$", re.I)


def named_one(question: str, history: Sequence[dict]) -> str:
    """The question with "the <Name> one" as "the <Name> <kind asked last>"; the question as it is otherwise."""
    m = _ONE.search(question)
    if m is None or not question.isascii():
        return question
    last = next((t.get("content") for t in reversed(history) if t.get("role") == "user"), "")
    kind = _KIND_ASKED.search(last) if isinstance(last, str) else None
    # not places: "the South African one" after "Which countries has Alipay built e-wallets with?" is the e-wallet
    if kind is None or _PLACES.search(kind.group(1)):
        return question
    noun = kind.group(1).lower() if m.group(2) == "ones" else _singular(kind.group(1).lower())
    return f"{question[: m.start()]}the {m.group(1)}{noun}{question[m.end() :]}"


def _singular(noun: str) -> str:
    head, _, last = noun.rpartition(" ")
    if last.endswith("ies"):
        last = last[:-3] + "y"
    elif last.endswith(("sses", "xes", "ches", "shes")):
        last = last[:-2]
    elif last.endswith("s") and not last.endswith("ss"):
        last = last[:-1]
    return f"{head} {last}".strip()
