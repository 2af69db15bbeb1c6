"""Who did it, when the reports say only what kind of body did: "Who built it?" after 中国企业建设的额勒赛下游水电站
(a Chinese company, none named). The sentence tells of the doing without naming the doer the question asks for: a
near miss, not an answer."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from qa.answer.asks_for import agent_of

if TYPE_CHECKING:
    from qa.answer.query import Query
    from qa.answer.types import Quote

# a kind of body, no name: 中国企业, 中资公司, 当地企业, 一家中国公司
_WHOSE = "中国|中资|中方|当地|国内|外国|外资|国有"
_BODY = "企业|公司|团队|机构"
_GENERIC = re.compile(f"^(?:一家|多家|一批)?(?:{_WHOSE})?(?:{_BODY})$")
# 中国企业建设的…, 由中国企业承建: the doing, by a kind of body
# (the kind said with whose it is: 中国企业, not the 公司 ending a name such as 中国路桥公司)
_DONE_BY_KIND = re.compile(
    f"((?:一家|多家)?(?:{_WHOSE})(?:{_BODY}))(?:投资)?(?:承建|建设|援建|修建|建造|投资建设|建设运营|运营)(?:的|了)"
)


def generic_agent(text: str) -> str:
    """The kind of body a sentence says did it (中国企业) when it names none, or ''."""
    named = agent_of(text)
    if named and not _GENERIC.match(named):
        return ""
    m = _DONE_BY_KIND.search(text)
    return named or (m.group(1) if m else "")


def generic_agent_reason(query: Query, best: Quote) -> str:
    """Why the best sentence does not answer "who did it": it names only the kind of body that did."""
    if query.asks_for != "agent":
        return ""
    kind = generic_agent(best.text)
    return (
        f"the best passage names no {'doer' if query.lang == 'en' else '单位'}, only {kind}" if kind else ""
    )


def say_generic_agent(query: Query, quote: Quote) -> str:
    """The answer for it: the doer is not named, the kind of body is, and the sentence that says so."""
    sentence, kind = quote.text.strip(), generic_agent(quote.text)
    if query.lang == "zh":
        return f"报告没有写明具体是哪一家，只说是{kind}[1]：{sentence}"
    return f"The reports do not name who did it; they say only that it was {_KIND_EN.get(kind, kind)} [1]: “{sentence}”"


_KIND_EN = {
    "中国企业": "a Chinese company (中国企业)",
    "中国公司": "a Chinese company (中国公司)",
    "中资企业": "a Chinese-funded company (中资企业)",
    "中资公司": "a Chinese-funded company (中资公司)",
    "当地企业": "a local company (当地企业)",
}
