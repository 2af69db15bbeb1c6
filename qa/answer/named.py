"""Whether a quote names what the question names: in itself, the sentence before it or its heading, or only as a
bare item of a list."""

from __future__ import annotations

from qa.answer.focus import only_listed
from qa.answer.scoring import box_title
from qa.answer.types import Quote


def missing_name(quote: Quote, key_names: list[tuple[str, list[str]]], own: bool = False) -> str:
    """The first key name that neither the sentence, the one before it nor its heading and box title mentions;
    with `own` (the sentence names another party of its own), the sentence and its section heading only."""
    title = "" if own else box_title(quote.hit.chunk)
    where = f"{quote.text if own else quote.context} {quote.hit.chunk.section}{title}".lower()
    return next((name for name, forms in key_names if not any(f in where for f in forms)), "")


def listed_name(quote: Quote, key_names: list[tuple[str, list[str]]]) -> str:
    """The first key name the sentence gives only as a bare item of a list."""
    text = quote.text.lower()
    for name, forms in key_names:
        if any(f in text for f in forms) and all(only_listed(text, f) for f in forms if f in text):
            return name
    return ""
