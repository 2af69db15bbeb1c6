"""Token counts for usage reports and `max_tokens`: an approximation, and cutting a text at a token budget."""

from __future__ import annotations

import math
import re
from collections.abc import Callable

_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_PIECES = re.compile(rf"([{_HAN}])|([A-Za-z]+)|(\d+)|([^\sA-Za-z\d])")
# Tokens per Han character, word, run of digits and other visible character: a least-squares fit to
# multilingual-e5's sentencepiece counts over the two reports' chunks and the dev questions (a Han pair is often
# one piece; Chinese punctuation often joins its neighbour). Every weight is positive, so a longer prefix never
# counts fewer tokens, which `cut_to_tokens` relies on.
_WEIGHTS = (0.65, 1.35, 1.5, 0.35)


def approx_tokens(text: str) -> int:
    """An approximate token count, used when the embedder has no tokenizer to ask."""
    total = 0.0
    for match in _PIECES.finditer(text):
        total += _WEIGHTS[match.lastindex - 1]  # type: ignore[operator]
    return math.ceil(round(total, 6))


def cut_to_tokens(text: str, limit: int, count: Callable[[str], int]) -> str:
    """The longest prefix of `text` that `count` puts at no more than `limit` tokens."""
    if count(text) <= limit:
        return text
    low, high = 0, len(text)  # count(text[:low]) <= limit < count(text[:high])
    while high - low > 1:
        mid = (low + high) // 2
        if count(text[:mid]) <= limit:
            low = mid
        else:
            high = mid
    return text[:low]
