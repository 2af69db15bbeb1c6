"""Editions of recurring events a text names: 第三届, 首届, 第三次…座谈会, "the third … Forum", "the 4th CIIE"."""

from __future__ import annotations

import re

from qa.text.numbers import parse_cn_numeral

# 第三届, 首届, and 第三次 (the third meeting of a series: 第三次…座谈会); 首次 is "for the first time", not an edition.
ZH_EDITION = re.compile(r"第\s*([一二三四五六七八九十\d]+)\s*[届次]|(首)\s*届")
_EN_ORDINALS = {
    w: n for n, w in enumerate("first second third fourth fifth sixth seventh eighth ninth tenth".split(), 1)
}
_EN_EDITION = re.compile(
    r"\b(?:(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)|(\d{1,2})(?:st|nd|rd|th))\b"
    r"(?=(?:\s+[\w'-]+){0,6}?\s+(?:forum|expo|exposition|summit|session|conference|fair|congress|edition|symposium"
    r"|meeting|dialogue|seminar|workshop|round|plenary)s?\b"
    # "at the 4th CIIE?": an ordinal before an acronym that ends the phrase names an event's edition
    r"|\s+(?-i:[A-Z]{3,})(?=\s*(?:[?.,;:)]|$|\s+(?:in|on|at|of|and|held|was|were)\b)))",
    re.IGNORECASE,
)


def find_editions(text: str) -> list[int]:
    """Editions of recurring events a text names, in order: 第二届 / 首届 / "the third … Forum" / "3rd Expo"."""
    out: list[int] = []
    for m in ZH_EDITION.finditer(text):
        n = 1 if m.group(2) else (int(m.group(1)) if m.group(1).isdigit() else parse_cn_numeral(m.group(1)))
        out.append(int(n or 0))
    for m in _EN_EDITION.finditer(text):
        out.append(_EN_ORDINALS[m.group(1).lower()] if m.group(1) else int(m.group(2)))
    return [n for n in dict.fromkeys(out) if n]
