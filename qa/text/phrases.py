"""An English question's glossary terms, with the phrases a name stands inside: "dedicated China-Europe Railway
Express routes" asks of 专用运行线 ("dedicated routes") on the railway, not of every 线路 ("routes") it runs."""

from __future__ import annotations

import re

from qa.text.glossary import load_glossary
from qa.text.numbers import SIZED_EN

# A capitalised name inside a phrase: "dedicated China-Europe Railway Express routes" (not the question's first word)
_NAME_RUN = re.compile(r"(?<=[a-z] )[A-Z][\w'-]*(?:[ -](?:(?:and|of|the) )?[A-Z][\w'-]*)* (?=[a-z])")


def en_terms(question: str) -> list[str]:
    """The Chinese terms of an English question's glossary phrases, and of those a name stands inside ("dedicated
    China-Europe Railway Express routes" holds "dedicated routes", 专用运行线, around the railway's name)."""
    glossary = load_glossary()
    # "the 3.5m-tonne steel project": the size it names a thing by; its unit (吨) is no term a sentence must hold
    question = SIZED_EN.sub(" ", question)
    out = glossary.expand_english(question)
    for m in _NAME_RUN.finditer(question):
        around = glossary.expand_english(question[: m.start()] + question[m.end() :])
        # the name matched on its own, not inside a phrase ("CO2 emissions")
        name = glossary.expand_english(m.group(0))
        if name and set(name) <= set(out) and any(t not in out and t not in "".join(out) for t in around):
            out = list(dict.fromkeys(name + around))  # the name's terms, and the phrase's
    return out


# "by end of 2020", "at end-2019", "the end of June": a point in time (年底, 月底), not something that ends
_TIME_END = re.compile(
    r"\bend(?:-| of (?:the )?)(?=(?:\d{4}|year|month|january|february|march|april|may|june|july|august"
    r"|september|october|november|december)\b)",
    re.IGNORECASE,
)


def without_time_ends(text: str) -> str:
    """English text without the word "end" of a time ("end of 2020"), which asks no word a sentence must have."""
    return _TIME_END.sub(" ", text)
