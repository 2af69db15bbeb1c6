"""What a follow-up's terms weigh against each other: the words it asks with, the topic carried from the earlier
questions, and the names only the last answer gave (the old answer, not what the new question is about)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from qa.answer.analyze import analyze, find_entities
from qa.answer.asked_noun import own_senses
from qa.answer.asked_place import is_place
from qa.answer.dimension import MONEY_UNITS
from qa.answer.flow import NEW_ONES, asks_total
from qa.answer.query import QUESTION_WORDS, Query
from qa.core import weights as W
from qa.text.glossary import load_glossary
from qa.text.lexicon import Lexicon
from qa.text.tokenize import pos_cut, search_tokens


def followup_weights(query: Query, weights: dict[str, float], lexicon: Lexicon) -> dict[str, float]:
    """ "What was its theme?" after "Where was the forum held?": 主题 is asked (its first dictionary sense is
    required, not only added to a match), and 首尔 or 大连, which only the last answer named, count less than
    the forum the questions named: half, and nothing when the follow-up asks in a word of its own."""
    if not query.followup or query.standalone:
        return weights
    # a fact asked in words of its own; a figure or a date asked is found by the figure or date it holds
    fact = query.lang == "en" and query.kind == "fact"
    own, others = own_senses(query.asked, lexicon) if fact else (frozenset(), frozenset())
    asks_own = bool(own & weights.keys())
    # the word's first sense is asked; its other senses (主线 beside 主题) no longer add to a match
    out = {t: abs(w) if t in own else w for t, w in weights.items() if not (asks_own and t in others)}
    if asks_total(query.question, query.lang):  # "现在一共多少个？" after new ones: 新增 is not asked again
        new = {t for e in query.extra_terms if NEW_ONES.fullmatch(e) for t in search_tokens(e, parts=False)}
        out = {t: w for t, w in out.items() if not NEW_ONES.fullmatch(t) and t not in new}  # 新设: 新, 设
    # "And at end-2020?": a time asked of the topic carried is the slot the sentence's dates fill, not a word
    carried = {t for e in query.extra_terms for t in search_tokens(e)}
    asked = {t for t, w in out.items() if w > 0 and t not in carried}
    if query.topic_inherited and carried and asked and asked <= {str(y) for y in query.years}:
        out = {t: w for t, w in out.items() if t not in asked}
    if not query.topic_inherited:
        # "How much electricity is it expected to generate?": the thing "it" is counts as if asked
        pointed = {t for e in pointed_back(query) for t in search_tokens(e, parts=False)}
        out = {t: w / W.HISTORY_WEIGHT if t in pointed and w > 0 else w for t, w in out.items()}
        said = _answer_only(query)
        factor = 0.0 if asks_own else W.ANSWER_TERM_WEIGHT  # what was answered, not what is asked
        out = {t: w * factor if t in said and w > 0 else w for t, w in out.items()}
    return out


def asked_again(query: Query, weights: dict[str, float], own: Iterable[str]) -> dict[str, float]:
    """Asked again of another time ("And the year before?"): the last answer's words (not the names the questions
    gave, nor the question's `own` terms) count half as much."""
    if not query.named_before:
        return weights
    said = {t for e in query.extra_terms if e not in query.named_before for t in search_tokens(e)}
    return {t: w * W.ANSWER_TERM_WEIGHT if t in said and t not in own else w for t, w in weights.items()}


def _answer_only(query: Query) -> set[str]:
    """Index terms of the names the last answer gave that no question of the conversation named."""
    turns = [t for t in query.history if isinstance(t, dict) and isinstance(t.get("content"), str)][-4:]
    asked = " ".join([t["content"] for t in turns if t.get("role") == "user"] + [query.question])
    answer = next((t["content"] for t in reversed(turns) if t.get("role") != "user"), "")
    named = set(find_entities(asked))
    # 国际合作高峰论坛 in the answer is the 高峰论坛 a question named ("the Belt and Road Forum")
    said = [e for e in find_entities(answer) if not any(n in e or e in n for n in named)]
    return {tok for e in said for tok in search_tokens(e, parts=False)}


def history_weight(query: Query) -> float:
    """How much the conversation's terms count: fully for a follow-up that names no topic of its own."""
    return W.INHERITED_TOPIC_WEIGHT if query.topic_inherited else W.HISTORY_WEIGHT


def pointed_back(query: Query) -> list[str]:
    """The names the earlier questions gave that a follow-up points back at with a pronoun, when it names none of
    its own: 考波什堡光伏电站 for "How much electricity is it expected to generate?" after "When did the Kaposvár
    solar power plant go into operation?"."""
    pronoun = bool(_POINTS_BACK.search(query.question))
    heads = {m.lower() for m in _THE_HEAD.findall(query.question)} if query.lang == "en" else set()
    if not query.followup or not (pronoun or heads):
        return []
    glossary = load_glossary()
    counted = (
        query.asked_noun.lower()
    )  # "How many African countries does it cover?": what it counts is no name of it
    own = [e for e in query.entities if e not in query.extra_terms]
    if any(glossary.proper(e) and (glossary.to_english(e) or "").lower() not in counted for e in own):
        return []
    # the names the questions gave (考波什堡; not 医院, of 西苑医院 that only the answer named), the last question's that
    # names such a thing first ("What's its floor area?" after "And the hospital in Islamabad?")
    users = [t.get("content", "") for t in query.history if t.get("role") == "user"]
    for user in reversed(users):
        asked = {e for e in find_entities(user) if glossary.proper(e)}
        # … in the forms carried (考波什堡光伏电站); not 一带一路 or 中国, which every question shares
        named = [e for e in query.extra_terms if glossary.proper(e) and any(a in e for a in asked)]
        named = [e for e in named if e not in QUESTION_WORDS]
        if not pronoun:  # "the bridge" after the Padma Bridge: the thing named, by the last word of its name
            named = [
                e for e in named if heads & {r.split()[-1].lower() for r in glossary.renderings.get(e, ())}
            ]
        if pronoun and _IT.search(query.question):  # "it" is no person: the thing Xi and Biden held, not Xi
            named = [e for e in named if not _person(e)]
            if not named and any(_person(e) for e in asked):
                return []
        if named:
            # a thing before a place (马达加斯加鲁班工坊: 鲁班工坊); of names as long, the first named ("the Lower
            # Russei Chrum hydropower plant in Cambodia": not 柬埔寨)
            return [max(named, key=lambda e: (not is_place(e), len(e), -named.index(e)))]
    return []


# a pronoun for the thing named before: "it", "its", "those", 它, 该, 这些 (not "this year", 这一年)
# not 其中, "among them"; 这个项目, 那家公司: the one named before
_POINTS_BACK = re.compile(
    r"\b(?:it|its|itself|those|these)\b|它|^(?:该|其(?![中余他]))|[这那](?:个|项|家|座|条|些)(?![月年])",
    re.IGNORECASE,
)


_IT = re.compile(r"\b(?:it|its|itself)\b|它", re.IGNORECASE)


def _person(zh: str) -> bool:
    """Whether a name is a person's: jieba tags it whole as one (习近平, 拜登), and it is no place."""
    tagged = pos_cut(zh)
    return len(tagged) == 1 and tagged[0][1] in ("nr", "nrfg", "nrt") and not is_place(zh)


_THE_HEAD = re.compile(r"\bthe ([a-z]+)\b(?! of\b)", re.IGNORECASE)


def about_last_answer(query: Query) -> bool:
    """A question about what the last answer quoted: a follow-up naming no topic of its own ("From how many
    countries?"), or a question whose terms the last answer holds ("东亚及太平洋地区的平均水平是多少？" after the
    sentence on starting a business in Beijing that gives it)."""
    if query.topic_inherited:
        return True
    own = [e for e in query.entities if e not in query.extra_terms]
    last = next((t.get("content") for t in reversed(query.history) if t.get("role") == "assistant"), "")
    if isinstance(last, str) and _SHARE_SAID.search(last):  # 比重 asked of "占中国货物贸易总额的40.9%"
        own = [e for e in own if e not in _SHARE_WORDS]
    return bool(own and isinstance(last, str) and all(e in last for e in own))


def lists_last_count(query: Query) -> bool:
    """ "Which regional organisations took part?" after "How many organisations took part?": a follow-up asking
    which ones of a count asked last (not "Which heads of state spoke?" after the value of an expo's deals)."""
    last = next((t.get("content") for t in reversed(query.history) if t.get("role") == "user"), "")
    return query.followup and "list" in query.kinds and isinstance(last, str) and _asks_count(last)


@lru_cache(maxsize=64)
def _asks_count(question: str) -> bool:
    asked = analyze(question)
    return asked.kind == "quantity" and not asked.asked_units & MONEY_UNITS


_SHARE_WORDS = frozenset("比重 占比 比例 份额".split())
_SHARE_SAID = re.compile(r"占[^，。；]{1,30}?\d+(?:\.\d+)?%")


# "How much of that went to Pakistan?", "How many of those are in Africa?", 其中…: a part of what was asked before
_PART_OF_THAT = re.compile(
    r"(?<!\btop )(?<!\bbecause )(?<!\binstead )(?<!\bspite )\bof (?:that|those|them|these|it)\b"  # "on top of that"
    r"(?!\s+(?:year|period|time|month|day)s?\b)|^(?:那|那么)?其中"
    # "How much of the 2020 figure was exports?": of the figure the conversation gave
    r"|\bof the (?:\w+ ){0,2}(?:figure|total|amount|sum|value)\b",
    re.I,
)


def part_of_carried_reason(query: Query, best_context: str, best_text: str = "") -> str:
    """A follow-up asking a part of what the conversation asked ("How much of that went to Pakistan?") is answered
    only by a passage about that (one naming a term the conversation carried), not by one about the part alone
    (a Pakistani power line)."""
    if not asks_part_of(query):
        return ""
    text = best_context.lower()
    # "其中出口有多少？" after 货物贸易总额: a part of the measure asked before (货物贸易), not 服务出口 of another one; read in
    # the sentence itself, or with the one before when it breaks that one down (其中，出口总额…)
    where = text if best_text.lstrip().startswith("其中") or not best_text else best_text.lower()
    carried, given = _measures(query.extra_terms), _measures(load_glossary().chinese_terms(where))
    if carried and given and not _gives_carried(carried, given, query.extra_terms, where):
        return "the best passage gives another measure than the one the conversation asked of"
    # not by 一带一路 or 中国, which every question shares
    if any(t.lower() in text for t in query.extra_terms if t not in QUESTION_WORDS):
        return ""
    return "the best passage is not about what the conversation asked of"


# 货物贸易总额 is written 货物贸易额, 货物贸易进出口总额
_MEASURE_TOTAL = re.compile("(?:总额|总量|总值|额)$")


def _measures(terms: Iterable[str]) -> list[str]:
    glossary = load_glossary()
    return [t for t in terms if glossary.is_measure(t) and t not in _SHARE_WORDS]


def _gives_carried(carried: list[str], given: list[str], terms: list[str], where: str) -> bool:
    """A sentence's measures are the carried one: written as it (货物贸易额), as its synonym (播放量 for 浏览量), or a
    measure of a carried term (缓债金额 of 缓债)."""
    glossary = load_glossary()
    if any(
        _MEASURE_TOTAL.sub("", m) in where or any(g in glossary.synonyms(m) for g in given) for m in carried
    ):
        return True
    return any(t in g for t in terms for g in given if len(t) >= 2)


def asks_part_of(query: Query) -> bool:
    """A follow-up asking a part of what the conversation asked ("How many of those went to the US?", 其中…)."""
    return bool(query.followup and query.extra_terms and _PART_OF_THAT.search(query.question))
