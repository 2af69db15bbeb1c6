"""Whether the passages answer the edition a question asks ("第三届…", "the 11th one", "What about the second
CIIE?"): one naming it, not only others, nor a sentence of another edition (本届 under 第三届…)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from qa.answer.edition_span import edition_span, span_reason
from qa.answer.editions import (
    chinese_numeral,
    edition_terms,
    edition_unwritten,
    editions_named,
    find_editions,
    named_in,
)
from qa.answer.query import QUESTION_WORDS
from qa.core import weights as W
from qa.text.glossary import load_glossary

if TYPE_CHECKING:
    from qa.answer.query import Query
    from qa.answer.types import Quote


def edition_reason(query: Query, cands: list[Quote], contains: Callable[[str], bool]) -> str:
    """Why the passages do not answer the edition asked, or ''. `contains`: whether the reports hold a text."""
    if not query.edition or edition_span(query.question):  # "the first three expos", 三届加起来呢
        return span_reason(query.question, cands[0].text)
    if name := session_unwritten(query.question, query.edition, contains):
        return f"edition {query.edition} of {name} not covered"
    # one carried: of any event named; the event's own name (培训班), not 一带一路 that other events' names hold
    editioned, glossary = bool(find_editions(query.question)), load_glossary()
    named = editions_named(query, cands[:5])
    # "第二届培训班…": no passage names that edition of a 培训班 (第四届的意向成交额呢: of the event carried)
    bound = edition_terms(query.question, query.entities)
    if carried := query.followup and editioned and not any(map(glossary.proper, bound)):
        bound = [e for e in query.extra_terms if glossary.proper(e) and e not in QUESTION_WORDS] or bound
    here = carried and named_in(cands[0], bound, query.edition) or any(query.edition in n for n in named)
    found = here or cands[0].tokens & set(bound)  # no 第四届进博会 besides the third
    if bound and (not found or edition_unwritten(query.edition, bound, contains)):
        return f"edition {query.edition} of {bound[0]} not covered"
    if of_another_edition(query, cands):
        return f"the best passage is of another edition than {query.edition}"
    if not any(named) or here:
        return ""
    return f"edition {query.edition} not covered (the passages speak of {sorted(set().union(*named))})"


# the name of the event a 第N次 names, as the question writes it: 第二次“一带一路”建设座谈会 (up to 是哪天开的)
_SESSION = re.compile(
    r"第\s*[一二三四五六七八九十\d]+\s*次((?:[“”\"]?[\u4e00-\u9fff\w]){3,24}?)(?=有|是|在|于|哪|何|什么|几|多少|召开|举[办行]|开[的了幕]|[？?，,的]|$)"
)


def session_unwritten(question: str, edition: int, contains: Callable[..., bool]) -> str:
    """The event a Chinese question asks a session of by its whole name (第二次“一带一路”建设座谈会), when the reports
    name other sessions of it and never that one, by 次 or 届 (第三次“一带一路”建设座谈会 only): the name, or ''."""
    m = _SESSION.search(question)
    name = re.sub(r"[“”\"]", "", m.group(1)) if m else ""
    if not name:
        return ""

    def named(n: int, counters: str = "次届") -> bool:
        return any(
            contains(f"第{k}{c}{name}", bare=True) for k in (str(n), chinese_numeral(n)) for c in counters
        )

    others = (n for n in range(max(1, edition - 10), edition + 11) if n != edition)
    return name if not named(edition) and any(named(n, "次") for n in others) else ""


def of_another_edition(query: Query, cands: Sequence[Quote]) -> bool:
    """The best sentence is of another edition than the one asked (本届 under 第三届…), and none close to it names
    the one asked (giving a figure, when one is asked)."""
    if len(find_editions(query.question)) > 1:  # 第一次和第二次…分别: each part of its own
        return False
    best = cands[0].features
    counted = bool({"quantity", "percentage"} & set(query.kinds))
    fits = (c.features.get("edition_fit") and (c.figures or not counted) for c in cands[: W.ALTERNATIVES])
    return bool(best.get("other_edition") and not best.get("edition_fit") and not any(fits))
