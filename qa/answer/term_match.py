"""How a sentence's index terms meet the question's weighted terms: the share of the question's weight it holds, and
asked compounds a sentence holds written apart."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from qa.text.tokenize import pos_cut, search_tokens


def asked_compounds(
    weights: dict[str, float],
    groups: Iterable[tuple[str, ...]] = (),
    alternates: Iterable[str] = (),
    spoken: str = "",
) -> list[tuple[str, frozenset[str]]]:
    """Asked compounds whose pieces are asked too (拉合尔橙线: 拉合尔, 橙线; and another form of an asked term,
    直接投资 of 直接投资总额), the one-character verbs a Chinese question (`spoken`) asks with, with no pieces; and, from `groups` of forms of one English phrase,
    the first form's terms held by a sentence with another form (总统 for 国家主席: "president")."""
    out = []
    for term, w in weights.items():
        pieces = _pieces(term) if w > 0 or term in alternates else frozenset()
        if len(pieces) >= 2 and pieces <= weights.keys():
            out.append((term, pieces))
    # a one-character Chinese verb (签, 建): a spoken short form of the longer words it opens (签署, 建设)
    out += [
        (t, frozenset()) for t, w in weights.items() if w > 0 and len(t) == 1 and t in spoken and _verb(t)
    ]
    for first, *others in groups:
        held = [t for t in search_tokens(first, parts=False) if weights.get(t, 0.0) > 0]
        out += [(t, frozenset({o})) for o in {z.lower() for z in others} for t in held if o in weights]
    return out


@lru_cache(maxsize=1024)
def _verb(word: str) -> bool:
    """A Chinese word jieba tags a verb on its own (签, 签署, 建设; not 办公室)."""
    return "\u4e00" <= word[0] <= "\u9fff" and next(iter(pos_cut(word)))[1].startswith("v")


@lru_cache(maxsize=4096)
def _pieces(term: str) -> frozenset[str]:
    return frozenset(t for t in search_tokens(term, parts=False) if t != term)


def with_compounds(tokens: frozenset[str], compounds: list[tuple[str, frozenset[str]]]) -> frozenset[str]:
    """A sentence holding every piece of an asked compound holds the compound, written apart (拉合尔市的…橙线); one
    holding a verb that an asked one-character verb (no pieces) opens holds that verb (签署 for 签; not 办公室 for 办)."""
    found = [
        term
        for term, pieces in compounds
        if term not in tokens
        and (pieces <= tokens if pieces else any(len(t) > 1 and t[0] == term and _verb(t) for t in tokens))
    ]
    return tokens | frozenset(found) if found else tokens


def whole_words(tokens: list[str]) -> list[str]:
    """The tokens that are not pieces of a longer one in the list."""
    return [t for t in tokens if not any(t != o and t in o for o in tokens)]


def weight_share(weights: dict[str, float], tokens: set[str], total: float) -> float:
    """Share of the question's weight a sentence holds; negative weights mark optional terms (bonus only)."""
    return min(1.0, sum(abs(w) for t, w in weights.items() if t in tokens) / total)
