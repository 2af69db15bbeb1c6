"""Elliptical follow-ups. One that swaps one thing of the last question for another ("What about settlement
agreements?" after "… signed local currency swap agreements with?"; "那结算协议呢？") or asks it of another time ("And
by January 2021?") is rewritten as that question with the swap made, so retrieval and the slots read what is now
asked, not what was asked before; one that leaves out its subject ("创造了多少就业岗位？") is told by its opening."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from qa.answer.asked_en import names_an_amount
from qa.answer.dimension import ASKS_DIMENSION, DIMENSION_WORDS, SHARE_WORDS, asks_change
from qa.answer.query import asking_word
from qa.core import weights as W
from qa.text.glossary import load_glossary
from qa.text.numbers import numbers_in
from qa.text.tokenize import pos_cut
from qa.text.word_forms import stem

if TYPE_CHECKING:
    from qa.answer.query import Query
    from qa.answer.types import Quote

_EN_LEAD = re.compile(r"^(?:and\s+)?(?:what|how)\s+about\s+|^(?:and|also)\s+", re.IGNORECASE)
_EN_DETERMINER = re.compile(r"^(?:the|its|their|his|her)\s+", re.IGNORECASE)
_EN_WORD = re.compile(r"[A-Za-z][\w'-]*")
_EN_ASKING = frozenset(
    "how many much what which who when where the a an of in for by to and did does do is are was".split()
)
# a lower-case word before a noun that is no verb form (crude, oil; not signed, running)
_MODIFIER = re.compile(r"[a-z]+(?<!ed)(?<!ing)")
_OPENS_NOUN = re.compile(
    r"[A-Za-z]+['’]s|the|its|their|his|her|of|for|in", re.I
)  # what a noun phrase follows
_ZH_LEAD = re.compile(r"^(?:那么|那|还有)")
_ZH_TAIL = re.compile(r"(?:的情况)?呢[？?。]?$")
_CJK = re.compile(r"[\u4e00-\u9fff]+")
# An adverb of manner (directly, regionally), not a word that only ends like one (only, early, July, supply)
_MANNER = re.compile(
    r"(?!(?:only|early|daily|likely|nearly|mainly|fully|really|family|supply|apply|reply)\b)[a-z]{3,}ly"
)
MAX_EN_WORDS = 4
MAX_ZH_CHARS = 10
ZH_HEAD = 2  # the characters that name the kind of thing: 协议 of 结算协议, 口额 of 出口额


# a word that makes an English question a sentence: a question word, an auxiliary or a request
_EN_CLAUSE = re.compile(
    r"\b(?:what|which|who|whom|whose|when|where|why|how|is|are|was|were|do|does|did|has|have|had|can|could|will"
    r"|would|should|tell|give|list|name|show|explain|describe)\b|\w{3,}ed\b",
    re.IGNORECASE,
)


def fragment(question: str) -> bool:
    """ "ports and power facilities?", "exports alone?": a few nouns, no question word and no verb; in a
    conversation, what was asked before asked again of them."""
    return len(_EN_WORD.findall(question)) <= MAX_EN_WORDS + 2 and not _EN_CLAUSE.search(question)


def names_amounts(question: str) -> bool:
    """ "annual output and CO2 savings?": a fragment naming amounts of its own asks their figures, whatever the
    question before asked (when the plant went on grid)."""
    pieces = re.split(r",|&|\band\b", question.strip(" ?？").lower())
    return fragment(question) and any(names_an_amount(p.strip()) for p in pieces if p.strip())


def asks_again_of(question: str) -> bool:
    """ "深圳呢？", "And in Guangzhou?", "What about X?": a follow-up that asks the last question of something else."""
    return bool(_ZH_TAIL.search(question.strip()) or _EN_LEAD.match(question.strip()))


def swapped(previous: str, question: str, lang: str) -> tuple[str, str]:
    """The last question with the follow-up's phrase put in place of the phrase of the same kind (the same
    head word), and that phrase; ('', '') when the follow-up is not such a swap."""
    found = (_swap_en if lang == "en" else _swap_zh)(previous, question) if previous else None
    return found or ("", "")


def _swap_en(previous: str, question: str) -> tuple[str, str] | None:
    lead = _EN_LEAD.match(question.strip())
    if not lead:
        return None
    phrase = _EN_DETERMINER.sub("", question.strip()[lead.end() :].rstrip("?.! ").strip())
    words = phrase.split()
    if not 1 <= len(words) <= MAX_EN_WORDS or not all(_EN_WORD.fullmatch(w) for w in words):
        return None
    head = stem(words[-1].lower())
    spans = list(_EN_WORD.finditer(previous))
    at = next((i for i in reversed(range(len(spans))) if stem(spans[i].group(0).lower()) == head), None)
    if at is None and len(words) == 1 and _MANNER.fullmatch(words[0]):
        # "And regionally?" after "… trade directly with the renminbi?": one way of doing it for another
        at = next((i for i in reversed(range(len(spans))) if _MANNER.fullmatch(spans[i].group(0))), None)
    if at is None:
        return None
    # the phrase of the same kind: up to as many words back, none of them asking ("How many European countries")
    first = at
    while first > max(0, at - len(words) + 1) and spans[first - 1].group(0).lower() not in _EN_ASKING:
        first -= 1
    # …or the whole noun phrase when a possessive or a determiner opens it ("China's crude oil imports": "food
    # imports" puts food in place of crude oil, not of oil)
    whole = at
    while (
        whole > 0
        and _MODIFIER.fullmatch(spans[whole - 1].group(0))
        and spans[whole - 1].group(0) not in _EN_ASKING
    ):
        whole -= 1
    if whole < first and whole > 0 and _OPENS_NOUN.fullmatch(spans[whole - 1].group(0)):
        first = whole
    first = spans[first]
    if previous[first.start() : spans[at].end()].lower() == phrase.lower():
        return None  # "And the exports?" after "… imports and exports": it narrows, it swaps nothing
    return previous[: first.start()] + phrase + previous[spans[at].end() :], phrase


def _swap_zh(previous: str, question: str) -> tuple[str, str] | None:
    tail = _ZH_TAIL.search(question.strip())  # "X呢？" asks what was asked, of X
    if not tail:
        return None
    phrase = _ZH_LEAD.sub("", question.strip()[: tail.start()])
    if not 2 <= len(phrase) <= MAX_ZH_CHARS or not _CJK.fullmatch(phrase):
        return None
    head = phrase[-ZH_HEAD:]
    at = previous.rfind(head)
    if at < 0:
        return None
    end = at + len(head)
    start = end - len(phrase)
    # Only Chinese characters are swapped out: not a year, a number or punctuation before the phrase.
    while start < at and not _CJK.fullmatch(previous[start:at]):
        start += 1
    if previous[start:end] == phrase:
        return None
    return previous[:start] + phrase + previous[end:], phrase


# A time an English question is asked of: "in 2019", "by the end of June 2020", "as of January 2021", "at the start"
_EN_TIME = re.compile(
    r"\b(?:back\s+)?(?:in|by|as of|since|during|until|at)\s+(?:the\s+(?:end|start|beginning|middle)\s+of\s+)?"
    r"(?:[A-Z][a-z]+\s+)?\d{4}\b|\bat the (?:start|outset|beginning)\b|\binitially\b|\bso far\b",
    re.IGNORECASE,
)


def retimed(previous: str, question: str) -> str:
    """ "And by January 2021?" after "How many members did it have at the start?": the last question asked of the
    new time ("How many members did it have by January 2021?"); '' when it cannot be put so."""
    phrase = _EN_LEAD.sub("", question.strip()).rstrip("?.! ").strip()
    if not phrase or not _EN_TIME.fullmatch(phrase) or not previous.rstrip().endswith("?"):
        return ""
    found = list(_EN_TIME.finditer(previous))
    if found:
        last = found[-1]
        return previous[: last.start()] + phrase + previous[last.end() :]
    return previous.rstrip()[:-1].rstrip() + f" {phrase}?"


_ZH_TIME = re.compile(r"\d{4}\s*年(?:\s*\d{1,2}\s*月)?(?:底|末|初)?")


def retimed_zh(previous: str, question: str) -> str:
    """ "2020年底的时候呢？" after "截至2021年6月，…有多少国家？": the earlier question asked of the new time
    ("截至2020年底，…"); the years changed only when the new time is a year alone or the earlier has none."""
    new, old = _ZH_TIME.search(question), list(_ZH_TIME.finditer(previous))
    if not new or not old or new.group(0).rstrip("年") == new.group(0)[:4]:
        return ""
    return previous[: old[-1].start()] + new.group(0) + previous[old[-1].end() :]


def asked_again_at(previous: str, question: str, year_swapped: str) -> str:
    """ "那2019年呢？": the earlier question asked of the new time (`retimed_zh`, else with the year swapped); a change
    the follow-up asks ("2020年跌了多少？" after "2019年吞吐量多少") is still asked."""
    again = retimed_zh(previous, question) or year_swapped
    return f"{again}，{question}" if asks_change(question, "zh") and not asks_change(again, "zh") else again


_SCOPE = frozenset("全国 国内 海外 境外 国外 全球 全世界 世界 全省 全市 一共 总共".split())
# how much of it, said before the verb as an adverb is (实际放出去多少？: jieba tags 实际 a noun)
_HOW_MUCH_OF = frozenset("实际 实际上 真正".split())


# 2019年…, 2020年底…, 一年… ("a year", as 每年 is): a time before the verb
_LEADING_DATE = re.compile(
    r"^(?:那么?|还|又)?\s*(?:\d{4}\s*年(?:\s*\d{1,2}\s*月)?(?:底|末|年底)?|一(?:年|天|个月))"
)


def subjectless(question: str) -> bool:
    """ "创造了多少就业岗位？", "由哪家公司投资建设？", "每年减少多少…": a Chinese question that opens with its verb (or a
    preposition, time or adverb before it) leaves out its subject, which the conversation named (not "有多少…")."""
    question = _LEADING_DATE.sub("", question)  # 2019年开了多少列？: a time, as 去年 is
    words = [w for w in pos_cut(question) if w[0] not in ("那", "那么", "还", "又")]
    # a time, an adverb (or one character saying how: 新设), 每…, or where it is counted (全国共有多少个？)
    while words and (
        words[0][1] in ("t", "d", "b")  # 主要投到了哪些国家: 主要 says how, as an adverb does
        or (words[0][1] == "a" and len(words[0][0]) == 1)
        or words[0][0].startswith("每")
        or words[0][0] in _SCOPE | _HOW_MUCH_OF
    ):
        words = words[1:]
    if words and words[0][0] == "谁":  # "谁负责运营维护？": who did it, to what the conversation named
        words = words[1:]
    if words and words[0][0] == "有":  # "有多少个国家和地区参加？": what is counted does what, with no object
        said = [w for w in words[1:] if w[1] != "x"]
        return len(said) > 2 and said[0][0] in ("多少", "几") and said[-1][1] == "v" and said[-2][1] != "v"
    return bool(words) and words[0][1] in ("v", "vn", "p")


_TO = "给向为对"  # 给柬埔寨, 向非洲: to whom, not who


def counted_only(question: str, named: list[str]) -> bool:
    """The names a Chinese question gives are all in what it counts (已经覆盖多少个非洲国家？) or after a preposition
    (一年能给柬埔寨供多少电？): none is its subject."""
    at = max(question.find("多少"), question.find("几"))
    return all(
        at >= 0 and (e in question[at:] or any(f"{p}{e}" in question[:at] for p in _TO)) for e in named
    )


_WHICH_KIND = re.compile(
    r"^(?:and\s+)?(?:(?:in|for|of|from|to|with|at|on)\s+)?(?:which|what)\s+([a-z]+)\s*[?？]?$", re.IGNORECASE
)


def names_only_its_kind(question: str, own: set[str]) -> bool:
    """ "In which fields?": an English follow-up whose only word of its own names the kind of thing it asks for; it
    asks of the conversation's topic."""
    m = _WHICH_KIND.match(question.strip())
    return m is not None and own == {stem(m.group(1).lower())}


def last_answer(turns: list[dict]) -> str:
    """The last answer given, without the English glosses it put in its quotes (中国 [China] -> 中国)."""
    last = next((t["content"] for t in reversed(turns) if t.get("role") == "assistant"), "")
    return re.sub(r" \[[^\]]*\]", "", last)


def quoted_or_stated(quote: Quote, last: str) -> bool:
    """Whether the last answer quoted a sentence or stated a figure of it."""
    return quote.text[:12] in last or any(f.get("raw", "") in last for f in quote.figures)


def quotes_last_answer(question: str, turns: list[dict]) -> bool:
    """ "How much of the US$60 billion had been used?": a figure the last answer stated (not a year) points back."""
    last = next((t["content"] for t in reversed(turns) if t.get("role") != "user"), "")

    def figures(text: str) -> set[float]:  # not a year, nor a small number any question may give
        return {v for v in numbers_in(text) if v >= 10 and not 1900 <= v <= 2100}

    return bool(figures(question) & figures(last))


_ASKS_WHEN = re.compile("什么时候|何时|哪一?天|哪一?年|哪个月")


def no_noun_left(question: str) -> bool:
    """ "现在要多长时间？": once the asking (多长时间) is taken out, no noun is left (现在, 要): the conversation named
    what it asks about."""
    words = pos_cut(_ASKS_WHEN.sub(" ", ASKS_DIMENSION.sub(" ", question)))  # "什么时候发布的？" too
    return not any(p.startswith(("n", "vn", "eng")) for w, p in words if w.strip() and asking_word(w) is None)


def measure_only(own: set[str]) -> bool:
    """A question's own words name nothing but a measure or dimension ("时长多久？", "占地面积有多大？"): of what the
    conversation was about."""
    words = DIMENSION_WORDS | SHARE_WORDS | load_glossary().measures

    def measure(w: str) -> bool:  # 占地面积: 占地 and 面积
        return w in words or any(w.startswith(a) and w[len(a) :] in words for a in words)

    whole = [w for w in own if not any(w != o and w in o for o in own)]  # 占地面积, not its 地面
    return bool(whole) and all(measure(w) for w in whole)


def named_by_common_word(own: set[str], said: set[str]) -> bool:
    """ "项目总投资多少钱": a measure of a thing the conversation named by that common word (…太阳能独立发电项目): the
    question's two words (not 投资 of 总投资) are a measure and one said before; not a thing named by several
    words (食品及农产品展区), which names its own topic."""
    whole = {w for w in own if not any(w != o and w in o for o in own)}
    rest = {w for w in whole if not measure_only({w})}
    return len(whole) == 2 and len(rest) == 1 and rest <= said


def carried_year_first(query: Query, cands: list[Quote]) -> list[Quote]:
    """A year the conversation carried ("新设了多少家企业？" after a question on 2020) is a preference: when the best
    speaks of another year, a close second of that year (within `W.RELATED`, among the first `W.ALTERNATIVES`)
    comes first; so does one of the year a follow-up asks anew ("光2020年一年呢？" after a total over 2013—2020)."""
    anew = query.followup and bool(query.years) and not query.years_inherited and not query.over_period
    if not ((query.years_inherited or anew) and cands) or cands[0].features.get("year_match"):
        return cands
    last = last_answer(query.history)
    for alt in cands[1 : W.ALTERNATIVES]:
        if alt.score < W.RELATED * cands[0].score:
            break
        # not the sentence the last answer gave: "那本币互换协议呢？" asks of another one than 结算协议's
        # a year asked anew: a figure of that year (not a sentence only dated by its paragraph: 八年间…稳中有增)
        # and as much about the question as the best
        dated = not anew or (
            any(f.get("year") in query.years for f in alt.figures) and alt.coverage >= cands[0].coverage
        )
        if (
            alt.features.get("year_match")
            and not alt.features.get("other_year")
            and dated
            and not quoted_or_stated(alt, last)
        ):
            return [alt, *(c for c in cands if c is not alt)]
    return cands
