"""Whether a list question's best sentence names the items asked for, or only says how many there are; which list
a follow-up asks for."""

from __future__ import annotations

import itertools
import re
from typing import TYPE_CHECKING

from qa.answer.followup import last_answer, quoted_or_stated
from qa.answer.query import COUNTERS
from qa.answer.scoring import enumerated
from qa.answer.stand_in import close_first
from qa.text.glossary import load_glossary
from qa.text.tokenize import cut, pos_cut

if TYPE_CHECKING:
    from qa.answer.query import Query
    from qa.answer.types import Quote
    from qa.text.lexicon import Lexicon

# what a list question asks for: 哪些国家, 哪几个城市, "which countries" ("which ones" names nothing)
_ASKED_ZH = re.compile(
    rf"(?:哪些|哪几|有哪|哪[两三四五六七八九十\d]+)([{COUNTERS}]?)([\u4e00-\u9fff]{{2,6}})?"
)
# "which 8 countries", "what were the five sections"
_ASKED_EN = re.compile(
    r"\b(?:which|what)\s+(?:(?:are|were) the (?:two|three|four|five|six|seven|eight|nine|ten|\d+) (?:[\w-]+ ){0,2}?"
    r"(?=[a-z]+s\b)|\d+\s+)?([a-z]+)\b",
    re.IGNORECASE,
)
# 哪三条, "what were the three bottom lines": the items of a count the question names
_ASKS_ITEMS = re.compile(
    r"哪[两三四五六七八九十\d]+[个家项条种类国座所批位名]"
    r"|\bwhat (?:are|were) the (?:two|three|four|five|six|seven|eight|nine|ten|\d+) (?:[\w-]+ ){0,2}[\w-]+s\b",
    re.IGNORECASE,
)
# where the noun phrase a "which" question asks for ends: a verb of the question, or a preposition
_PHRASE_END = frozenset(
    "are is was were be been did do does have has had will would can could should may might in of for on at to by"
    " with that which who from as and or than".split()
)
_PHRASE_WORDS = 5
_NOT_NOUNS = frozenset("ones are is was were did does do have has of the".split())
# a count: 16个国家, 60余个, 三家 (not the ordinal 第10个), in one of the classifiers a count is written with
_COUNTER = f"[{COUNTERS}]"
_COUNT = rf"(?<![第\d.])(?:\d+(?:\.\d+)?\s*[多余]?\s*|[一二两三四五六七八九十百千]+[多余]?(?={_COUNTER}))"
_SENTENCE_END = re.compile(r"[。！？!?；;]")
_CLAUSE_END = re.compile(r"[。！？!?；;，,：:\n]")


_PLACE_KINDS = frozenset("国家 城市 地区 省份 省 国 地方".split())


def asked_things(query: Query, lexicon: Lexicon) -> list[str] | None:
    """The Chinese words for what a list question asks for; [] when it names nothing ("which ones?"), None
    when it names something the lexicon cannot put in Chinese. "哪几条" asks for what is counted in 条."""
    if query.lang == "zh":
        m = _ASKED_ZH.search(query.asked)
        if not m:
            return []
        return [cut(m.group(2))[0]] if m.group(2) else [m.group(1)] if m.group(1) else []
    nouns = [n.lower() for n in _ASKED_EN.findall(query.asked) if n.lower() not in _NOT_NOUNS]
    if not nouns:
        return []
    # "which pilot free trade zones": the glossary's term for the words from the first noun on (自贸试验区), not 试点
    words = (
        query.asked.lower().split(nouns[0], 1)[1].split()[:_PHRASE_WORDS]
        if nouns[0] in query.asked.lower()
        else []
    )
    words = [nouns[0], *itertools.takewhile(lambda w: w.isalpha() and w not in _PHRASE_END, words)]
    for n in range(len(words), 1, -1):
        if found := load_glossary().expand_english(" ".join(words[:n])):
            return found
    return lexicon.expand(nouns[0]) or None


def _names_items(text: str, places: bool = False) -> bool:
    """The text enumerates: 新加坡、印度尼西亚、越南; 一是…二是…; 《…》《…》. With `places`, it lists places (not
    科技人文交流、共建联合实验室 for "which 8 countries")."""
    if places:  # places beside a 、 (not 天津 and 亚非欧 of 天津在亚非欧三大洲16个国家…)
        words = list(pos_cut(text))
        beside = {i + d for i, (w, _) in enumerate(words) if w == "、" for d in (-1, 1)}
        return sum(0 <= i < len(words) and words[i][1] == "ns" for i in beside) >= 2
    return "、" in text or enumerated(text) >= 2 or text.count("《") >= 2


def _next_sentence(quote: Quote) -> str:
    """The sentence after the quote in its passage (where 分别是：… may follow a count)."""
    chunk = quote.hit.chunk.text
    at = chunk.find(quote.text.strip())
    if at < 0:
        return ""
    rest = chunk[at + len(quote.text.strip()) :]
    return _SENTENCE_END.split(rest.lstrip("。！？!?；; \n"), maxsplit=1)[0]


def count_only_reason(query: Query, best: Quote, lexicon: Lexicon) -> str:
    """ "Which countries?": a best sentence that counts them (16个国家) and names none, nor does the one after it,
    says how many, not which."""
    things = asked_things(query, lexicon)
    places = bool(things) and things[0] in _PLACE_KINDS  # "which countries": places named
    if (
        not (query.kind == "list" or _ASKS_ITEMS.search(query.asked))
        or len(query.parts) > 1
        or things is None
    ):
        return ""
    # 16个国家, 11家中资银行: a count of what is asked, a few words before it; for "which ones?" any count
    asked = "(?:" + "|".join(map(re.escape, things)) + ")" if things else ""
    counts = list(
        re.finditer(_COUNT + _COUNTER + (f"?[\u4e00-\u9fff]{{0,3}}?{asked}" if things else ""), best.text)
    )
    if not counts or _lists_counted(best.text, counts[-1].start(), places):
        return ""
    return "" if _names_items(_next_sentence(best), places) else "the best passage gives how many, not which"


def _lists_counted(text: str, at: int, places: bool) -> bool:
    """Whether the items counted at `at` are named: after the count (12家…：A、B、C), or before it in its clause
    (设立A、B…和E5大板块, 缅甸、墨西哥…等6国); not a list of who did it (商务部、中央网信办、工信部联合发布公告，认定12家…)."""
    return _names_items(text[at:], places) or _names_items(_CLAUSE_END.split(text[:at])[-1])


def listed_first(query: Query, cands: list[Quote]) -> list[Quote]:
    """ "What are they?" after "5 areas": of the close seconds, the list the last answer stated the count of (从…、…
    等5方面) comes first; for a list asked in English after it (an English answer states the count, not the list),
    whose own words that list holds ("Which countries were named?" after 70多次), that list wherever it stands."""
    if query.kinds != ["list"] or not query.followup:
        return cands
    last = last_answer(query.history)

    def stated(alt: Quote) -> bool:
        return bool(alt.features.get("list_fit")) and quoted_or_stated(alt, last)

    if query.topic_inherited or stated(cands[0]) or query.lang != "en":  # a Chinese answer quoted its list
        return close_first(cands, stated) if query.topic_inherited else cands
    own = query.entities[: len(query.entities) - len(query.extra_terms)]
    holds = (
        c
        for c in cands
        if stated(c) and c.features.get("answered_before") and all(e in c.context for e in own)
    )
    found = next(holds, None)
    return [found, *(c for c in cands if c is not found)] if found else cands
