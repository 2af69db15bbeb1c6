"""The parts a measure splits into (进口 and 出口, 去程 and 回程, paid and committed): which part a question asks
for, which a Chinese text or figure label names on its own, and what the whole (进出口) is."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from qa.answer.dimension import asks_measure
from qa.answer.phases import phase_reason
from qa.answer.transfers import transfer_reason
from qa.text.glossary import SMALL_WORDS, load_glossary

if TYPE_CHECKING:
    from qa.answer.query import Query
    from qa.answer.types import Quote

# The qualifiers of a measure that split it into parts: the reports' whole (进出口, imports and exports together)
# does not answer a question about one part, nor does the other part (an amount committed is not one paid out).
# Each part: its key, the Chinese that names it, the English that asks for it, the English an answer names it by.
_OF_TRIPS = r"(?=\s+(?:trips?|trains?|journeys?|services?|runs?|legs?|ones?)\b|\s*[?？.,]|\s*$)"
_PARTS = (
    ("进口", "进口", r"\bimport(?:s|ed)?\b", "imports"),
    ("出口", "出口", r"\bexport(?:s|ed)?\b", "exports"),
    # services, not the goods the reports' trade figures mostly are (货物贸易进出口总额); 服务额 is 服务进出口额 once
    # the whole (进出口) is taken out
    (
        "服务",
        r"服务(?:贸易|出口|进口|额)",
        r"\bservices?\s+(?:trade|exports?|imports?)\b|\btrade in services\b",
        "services",
    ),
    # a direction of trips ("outbound trains", "and the return ones?"), not "outbound investment or contracting"
    ("去程", "去程", rf"\boutbound\b{_OF_TRIPS}", "outbound trips"),
    ("回程", "回程", rf"\b(?:return|inbound|homebound)\b{_OF_TRIPS}", "return trips"),
    (
        "实际",
        "实际(?!行动)|发放|到位|实缴|落实",  # not 以实际行动 ("by concrete action")
        # "actually" asks it of an amount ("how much … actually suspended", "actually paid in"), not of who people
        # are ("how many of the staff are actually Chinese")
        r"\bactual\b|\bhow much\b.*\bactually\b"
        r"|\bactually(?=(?:\s+\w+){0,2}\s+(?:paid|spent|invested|used|utili[sz]ed|disbursed|delivered"
        r"|contributed|put|received|approved|lent|provided|injected)\b)|\bdisburs\w*|\bpaid[- ]in\b",
        "actual (paid-out) amounts",
    ),
    # what one will provide is what one pledged (中国将在未来3年内再提供30亿美元)
    (
        "承诺",
        "承诺|认缴|(?:将|宣布)[^，。；]{0,24}(?:提供|投入|出资|捐赠|捐助)",
        r"\bcommit(?:ted|ments?)\b|\bpledg\w*",
        "committed amounts",
    ),
)
QUALIFIERS = {key: re.compile(asks, re.IGNORECASE) for key, _, asks, _ in _PARTS}
_NAMED_BY = {key: re.compile(zh) for key, zh, _, _ in _PARTS}
PART_NAMES_EN = {key: name for key, _, _, name in _PARTS}
_WHOLES = re.compile("进出口|往返|去回程")
_YEARS = re.compile(r"((?:19|20)\d{2})年")  # both parts at once: 出口 inside 进出口 is not the part


_NAME_WORD = re.compile(r"(?<=\w )[A-Z][a-z]+")  # "Import" in "China International Import Expo" names


def bare_qualifiers(text: str) -> set[str]:
    """The part qualifiers a Chinese text names on their own (出口 yes, the 出口 of 进出口 or of a name such as
    中国出口信用保险公司 no)."""
    text = _WHOLES.sub("", _names_with_parts().sub("", text))
    return {key for key, named in _NAMED_BY.items() if named.search(text)}


def own_qualifiers(text: str) -> set[str]:
    """The parts a sentence names on its own, and the actual amount when it gives one beside the intended one
    (802万美元贸易成交额，4824万美元意向成交额)."""
    named = bare_qualifiers(text)
    intended = {m.group(1) for m in _INTENDED.finditer(text)}
    if any(re.search(f"(?<!意向){re.escape(w)}", text) for w in intended):
        named.add("实际")
    return named


_INTENDED = re.compile(r"意向([\u4e00-\u9fff]{1,2}额)")


@lru_cache(maxsize=1)
def _names_with_parts() -> re.Pattern[str]:
    glossary = load_glossary()
    names = [
        z for z in glossary.renderings if glossary.proper(z) and any(p.search(z) for p in _NAMED_BY.values())
    ]
    return re.compile("|".join(map(re.escape, sorted(names, key=len, reverse=True))) or "(?!)")


def bare_whole(label: str) -> bool:
    """The label names a measure's parts together (进出口), not one part on its own."""
    return bool(_WHOLES.search(label)) and not bare_qualifiers(label)


def part_fit(label: str, asked: set[str] | frozenset[str]) -> int:
    """1 when a figure's Chinese label names the asked part on its own (出口), -1 when it names the whole (进出口)
    or another part, 0 when it names none or none is asked."""
    if not asked:
        return 0
    named = bare_qualifiers(label)
    if named:
        return 1 if asked <= named else -1
    return -1 if bare_whole(label) else 0


_WHEN = re.compile(r"\bwhen\b|\bwhat (?:date|day|month|year)\b", re.I)


def asked_qualifiers(question: str, lang: str) -> set[str]:
    """The one part of a measure a question asks for (出口, exports); none when it names several or none."""
    asked = (
        bare_qualifiers(question)
        if lang == "zh"
        else {
            q
            for q, p in QUALIFIERS.items()
            if p.search(_pairs_in_names().sub(" ", _NAME_WORD.sub(" ", question)))
        }
    )
    # "How much of the railway is actually open?", "When did it actually come into force?": a length open, a date,
    # no amount paid out
    if lang == "en" and (asks_measure(question) or _WHEN.search(question)):
        asked.discard("实际")
    return asked if len(asked) == 1 else set()


@lru_cache(maxsize=1)
def _pairs_in_names() -> re.Pattern[str]:
    """A part's word with the word it qualifies inside a known English name ("import expos" of "China
    International Import Expo", "export credit"): written in lower case it still names a thing, not the part."""
    glossary = load_glossary()
    pairs = set()
    for zh, ens in glossary.renderings.items():
        if not glossary.proper(zh):
            continue
        for en in ens:
            words = [w for w in re.split(r"[\s&-]+", en.lower()) if w]
            for first, second in zip(words, words[1:]):
                if second not in SMALL_WORDS and any(p.fullmatch(first) for p in QUALIFIERS.values()):
                    pairs.add(rf"\b{re.escape(first)}[\s-]+{re.escape(second)}s?\b")
    return re.compile("|".join(sorted(pairs)) or "(?!)", re.IGNORECASE)


def part_reason(query: Query, best: Quote) -> str:
    """A figure of one part of a measure (出口, exports) needs a passage that names that part: the whole (进出口) or
    the other part does not answer it (a close second that names it may, see `choose`); nor does an amount that
    changed hands another way than the one asked (see `transfer_reason`)."""
    if transferred := transfer_reason(query, best):  # donated, not committed to invest
        return transferred
    if query.kind in ("quantity", "percentage") and (phased := phase_reason(query.asked, best.text)):
        return phased  # 二期 asked, 分两期建设，…总投资 given
    if query.kind in ("quantity", "percentage") and services_for_goods(query, best.text):
        return "the best passage gives services, not goods"
    asked = asked_qualifiers(query.asked, query.lang)  # the turn, stand-alone: "那出口呢？"
    if not asked or query.kind not in ("quantity", "percentage"):
        return ""
    # The sentence's own part decides; one that names none may be a breakdown of the clause before it.
    # (not by a clause of another year: 2018年去程班列为3610次 beside 2019年中欧班列开行8225列)
    clauses = [
        c for c in re.split("[。；;！？]", best.context) if not set(map(int, _YEARS.findall(c))) - best.years
    ]
    named = own_qualifiers(best.text) or bare_qualifiers("。".join(clauses))
    # an amount given as neither paid nor pledged (向…提供1000万剂) is what was pledged, unless it was intended
    if asked <= named or not named and asked == {"承诺"} and "意向" not in best.text:
        return ""
    return f"the best passage does not give {'/'.join(sorted(asked))} on its own"


# goods asked ("goods exports", 货物出口): a sentence of services only (服务出口377.3亿美元) gives the other kind of trade
_GOODS = {"en": re.compile(r"\bgoods\b|\bmerchandise\b", re.IGNORECASE), "zh": re.compile("货物|商品贸易")}


def services_for_goods(query: Query, text: str) -> bool:
    """The question asks goods and the sentence gives services, naming no goods."""
    return (
        bool(_GOODS[query.lang].search(query.asked)) and "服务" in own_qualifiers(text) and "货物" not in text
    )
