"""A question naming a chapter of the reports ("per the preface", "前言里说", "展望部分说"): the passages of that
chapter come first, whatever else the fused ranking puts ahead of them."""

from __future__ import annotations

import re

from qa.search.hits import Hit

# The chapters the reports name by a word, and how a question names them (not "the World Economic Outlook").
_CHAPTERS = (
    ("前言", re.compile(r"前言|\b(?:preface|foreword)\b", re.I)),
    (
        "展望",
        re.compile(
            r"展望(?:部分|里|中|章)|\b(?:in|per|from) the outlook\b(?! report)"
            r"|\bthe outlook (?:chapter|section|part|says?)\b",
            re.I,
        ),
    ),
    ("结语", re.compile(r"结语|\bconclu(?:sion|ding) (?:chapter|section|part)\b", re.I)),
)


# A Chinese question's words naming a chapter (前言里说…): where to look, not words the answer holds
CHAPTER_WORDS_ZH = "前言(?:里|中)?|展望(?:部分|里|中|章)|结语(?:里|中)?"


def named_chapter(question: str) -> str | None:
    """The chapter the question names, as the reports head it (前言), or None."""
    return next((chapter for chapter, pattern in _CHAPTERS if pattern.search(question)), None)


def chapter_first(hits: list[Hit], chapter: str) -> list[Hit]:
    """The hits of the chapter first, each group in its fused order."""
    inside = [h for h in hits if h.chunk.section == chapter or h.chunk.section.startswith(f"{chapter} >")]
    return inside + [h for h in hits if all(h is not i for i in inside)]
