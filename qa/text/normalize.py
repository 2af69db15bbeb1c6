"""The one normal form of a question: what the query-embedding cache keys on and the query log counts repeats by."""

from __future__ import annotations

import re
import unicodedata

_SPACE = re.compile(r"\s+")
# Latin letters only: Chinese has no case, and folding Greek or Cyrillic is not what staff expect to match.
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]+")


def normalize_question(text: str) -> str:
    """NFKC (full-width letters, digits and punctuation as ASCII), runs of whitespace as one space, trimmed,
    Latin letters case-folded."""
    text = _SPACE.sub(" ", unicodedata.normalize("NFKC", text)).strip()
    return _LATIN.sub(lambda m: m.group().casefold(), text)


def encodable(text: str) -> str:
    """The text with anything UTF-8 cannot encode (a lone surrogate such as \\ud800) replaced by U+FFFD."""
    return text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
