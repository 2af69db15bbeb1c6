"""How a sentence's index terms meet the question's weighted terms: the share of the question's weight it holds, and
asked compounds a sentence holds written apart."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache

from qa.text.tokenize import pos_cut, search_tokens

_HAN_WORD = re.compile(r"[\u4e00-\u9fff]+")


def asked_compounds(
    weights: dict[str, float],
    groups: Iterable[tuple[str, ...]] = (),
    alternates: Iterable[str] = (),
    spoken: str = "",
    df: Callable[[str], int] | None = None,
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
    out += [(t, frozenset()) for t in (unwritten(weights, df) if df else ())]  # 电价 of 购电价格
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


def with_compounds(
    tokens: frozenset[str], compounds: list[tuple[str, frozenset[str]]], text: str = ""
) -> frozenset[str]:
    """A sentence holding every piece of an asked compound holds the compound, written apart (拉合尔市的…橙线); one
    holding a verb that an asked one-character verb (no pieces) opens holds that verb (签署 for 签; not 办公室 for 办);
    one whose `text` writes a longer word with no pieces holds it (`written_in`: 电价 in 购电价格)."""
    found = [
        term
        for term, pieces in compounds
        if term not in tokens
        and (
            pieces <= tokens
            if pieces
            else written_in(term, text)
            if len(term) > 1
            else any(len(t) > 1 and t[0] == term and _verb(t) for t in tokens)
        )
    ]
    return tokens | frozenset(found) if found else tokens


def whole_words(tokens: list[str]) -> list[str]:
    """The tokens that are not pieces of a longer one in the list."""
    return [t for t in tokens if not any(t != o and t in o for o in tokens)]


def weight_share(weights: dict[str, float], tokens: set[str], total: float) -> float:
    """Share of the question's weight a sentence holds; negative weights mark optional terms (bonus only)."""
    return min(1.0, sum(abs(w) for t, w in weights.items() if t in tokens) / total)


def outermost(terms: set[str]) -> set[str]:
    """The terms not inside another of them: 国内外 holds 国内 and 内外, one word of the sentence matched once."""
    return {t for t in terms if not any(t != u and t in u for u in terms)}


def unwritten(weights: dict[str, float], df: Callable[[str], int]) -> frozenset[str]:
    """Asked Chinese words the reports (almost) never write as a word of their own, though they may write them
    across two (电价 of 购电价格: 购电, 价格) or in a longer form (自贸区 of 自贸试验区)."""
    return frozenset(
        t for t, w in weights.items() if w > 0 and len(t) >= 2 and _HAN_WORD.fullmatch(t) and df(t) <= 1
    )


ELIDED_GAP = 4  # characters a short form (卫健委) leaves out between two of its own (卫生健康委员会)
ELIDED_MIN = 3


@lru_cache(maxsize=1024)
def elided(short: str) -> re.Pattern[str]:
    """A longer form of a Chinese word: its characters in order, from its first, a few left out between each."""
    return re.compile(f"[\u4e00-\u9fff]{{0,{ELIDED_GAP}}}?".join(re.escape(c) for c in short))


def written_in(term: str, text: str) -> bool:
    """Whether `text` writes a word: in a row (电价 in 购电价格), a word of three characters or more in a longer
    form (自贸区 in 自贸试验区), or one of two with a character left out after each (技改 of 技术改造, 中企 of 中国企业)."""
    if term in text:
        return True
    if len(term) == 2:
        return bool(
            re.search(f"{re.escape(term[0])}[\u4e00-\u9fff]{re.escape(term[1])}[\u4e00-\u9fff]", text)
        )
    return len(term) >= ELIDED_MIN and bool(elided(term).search(text))


_RATE_HEAD = re.compile("(?:比例|比重|占比|比率)$")


def rate_written(term: str, text: str) -> bool:
    """Whether `text` gives the rate a term names with another rate word: 员工比例 in 员工本地化率, 企业占比 in 企业比重."""
    head = _RATE_HEAD.search(term)
    kind = term[: head.start()] if head else ""
    return len(kind) >= 2 and bool(
        re.search(f"{re.escape(kind)}[\u4e00-\u9fff]{{0,6}}?(?:率|比例|比重|占比)", text)
    )


_CN_COUNT = re.compile(r"(?<!第)[一二两三四五六七八九十百千]+[次个项家座条名位列批届轮份]")
_ASKED_COUNTER = re.compile(r"(?:多少|几)([\u4e00-\u9fff]{1,2})")  # 多少周年: what the answer counts in


def counted_in_words(question: str, text: str) -> bool:
    """Whether a sentence gives a count that is no figure: in Chinese numerals (三次, 两家), or in the counter the
    question asks ("入世多少周年": 20周年)."""
    if _CN_COUNT.search(text):
        return True
    m = _ASKED_COUNTER.search(question)
    return bool(m) and bool(
        re.search(rf"(?<![第\d])[\d一二两三四五六七八九十百千]+\s*{re.escape(m.group(1))}", text)
    )
