"""How many of a group are of a kind ("How many of the MPIA arbitrators are Chinese?"): a sentence counting the group
with that kind nowhere beside a count gives the whole (由10人组成的仲裁员库), not the part asked."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from qa.text.glossary import load_glossary
from qa.text.word_forms import demonym_bases

if TYPE_CHECKING:
    from qa.answer.query import Query
    from qa.answer.types import Quote

_SUBSET_EN = re.compile(
    r"\bhow many of (?:the |its |their |these |those )?(?:[\w-]+ ){1,5}?(?:are|were|came|come|went|go|gone)"
    r"\s+(?:from |in |to |based in )?(?:the )?([A-Za-z][\w-]+)\s*[?？.]?\s*$",
    re.IGNORECASE,
)
_NEAR = 8  # characters between the kind and a count in one clause


def subset_asked(question: str) -> str:
    """The kind a question asks how many of a group are ("Chinese"), or ''."""
    m = _SUBSET_EN.search(question)
    return m.group(1) if m else ""


def subset_reason(query: Query, best: Quote) -> str:
    """Why the best sentence does not give the part of the group asked: it names that kind nowhere near a count."""
    if query.lang != "en" or query.kind != "quantity" or not (kind := subset_asked(query.question)):
        return ""
    glossary = load_glossary()
    forms = [f for w in (kind, *demonym_bases(kind)) for f in glossary.expand_english(w)]
    if not forms:
        return ""
    near = "|".join(map(re.escape, forms))
    counted = rf"\d[^，。；,;]{{0,{_NEAR}}}(?:{near})|(?:{near})[^，。；,;]{{0,{_NEAR}}}\d|其中[^，。；,;]{{0,{_NEAR}}}(?:{near})"
    return (
        ""
        if re.search(counted, best.text)
        else f"the best passage does not count the {kind} ones on their own"
    )


def say_subset(query: Query, quote: Quote) -> str:
    """The part asked not counted: what the closest passage gives instead."""
    sentence, kind = quote.text.strip(), subset_asked(query.question)
    return f"The reports do not count the {kind} ones on their own; the closest passage gives the whole [1]: “{sentence}”"
