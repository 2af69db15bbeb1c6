"""New ones in a period (a flow: 新设, "new") against what there is to date (a stock: 截至…累计, "by the end of"),
and the start of a works against its completion (开工 against 竣工): a question asking for the one is not answered by
the other."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from qa.answer.analyze import find_years
from qa.answer.asks_for import ACTIVITY_BEGUN
from qa.answer.query import QUESTION_WORDS, Query
from qa.text.glossary import load_glossary
from qa.text.tokenize import search_tokens

if TYPE_CHECKING:
    from qa.answer.types import Quote

# 新设, 新增, 新建, 新开, 新签, 新批, 新加 (not 新加坡), 扩增, 增设: new ones
NEW_ONES = re.compile("新[设增建开签批]|新加(?!坡)|扩增|增设")
_ADDED = re.compile(f"{NEW_ONES.pattern}|增加了?(?![至到值])")  # and 增加了46个 (not 增加至, nor 增加值)
CLAUSE_END = re.compile("[，,；;。：:！？]")


def own_clause(before: str) -> str:
    """The clause a figure ends `before` in; a part's (其中，影院展映影片102部) with the whole's clause before it,
    which names what the part is of (第七届…电影节…精选500余部优秀影片)."""
    clauses = CLAUSE_END.split(before)
    last, rest = clauses[-1], clauses[:-1]
    if rest and rest[-1].strip() == "其中":
        rest = rest[:-1]
    elif not last.startswith("其中"):
        return last
    return f"{rest[-1]}，{last}" if rest else last


# "new", "newly", "added", "in 2020 alone"; "how many … did China set up in 2020" (those set up that year)
_NEW_EN = re.compile(
    r"\bnew(?:ly)?\b|\badded\b|\bin (?:\w+ )?\d{4} alone\b"
    r"|\bdid\b.{0,60}\b(?:set up|establish|build|open|launch|create|add)\b.{0,40}\bin (?:\w+ )?\d{4}\b",
    re.IGNORECASE,
)
# A question that itself asks for what there is: "by the end of 2020", "so far", "in total", 累计, 截至
_STOCK_EN = re.compile(
    r"\bby (?:the end of )?(?:\w+ )?\d{4}\b|\bso far\b|\bin total\b|\bcumulative", re.IGNORECASE
)
# and a level reached: 扩到多少个, 增加到多少 (not what was added)
_STOCK_ZH = re.compile("累计|截至|总共|共有|一共|总数|(?:扩|扩大|扩容|增|增加|增长|上升|提高)[到至]")
_STOCK_EN_TOTAL = re.compile(
    r"\bin total\b|\baltogether\b|\bso far\b|\bhow many\b(?:[\w\s-]{0,80}\s)?(?:are|were) there\b"
    # "How many … does China have after the 2020 expansion?": what there is after things were added
    r"|\bafter the (?:[\w-]+ ){0,3}(?:expansion|enlargement|extension|addition)s?\b",
    re.I,
)
# Additions asked as such ("How many were added?", 新增了多少个), not things that are new (新产品, "new products")
_ADDITIONS = re.compile(rf"{NEW_ONES.pattern}|\badd(?:ed|s)?\b|\bnewly\b", re.IGNORECASE)
_TO_DATE = ("as_of", "cumulative")  # the time scopes of a total to date
_RATES = ("%", "个百分点")


def stated_new(fig: dict, quote: Quote) -> bool:
    """Whether the clause a figure ends is of new ones (新设北京、湖南、安徽3个自贸试验区), not what there is."""
    before = quote.text[: fig["start"] - quote.start]
    return bool(_ADDED.search(CLAUSE_END.split(before)[-1]))


def counts_asked(question: str, lang: str, text: str, figures: list[dict]) -> list[dict]:
    """The figures of a sentence that count what a question asks: new ones (新增46个) for "How many were added?", the
    others (增至105个) for "How many are there?", any for other questions."""
    new, total = _added_or_total(question, lang)
    if new == total:
        return figures
    return [f for f in figures if _new_in(text, f) == new]


@lru_cache(maxsize=256)
def _added_or_total(question: str, lang: str) -> tuple[bool, bool]:
    """Whether a question asks for additions, and whether for the total: read once, not for every candidate."""
    return bool(_ADDITIONS.search(question)) and asks_new(question, lang), asks_total(question, lang)


def _new_in(text: str, fig: dict) -> bool:
    """Whether the clause a figure ends, in a sentence, opens with 新增, 新设… (新增46个)."""
    at = text.find(fig.get("raw") or "\0")
    return at >= 0 and bool(_ADDED.search(CLAUSE_END.split(text[:at])[-1]))


def asks_total(question: str, lang: str) -> bool:
    """ "现在一共多少个？", "How many are there in total?": what there is, not the new ones."""
    return bool((_STOCK_ZH if lang == "zh" else _STOCK_EN_TOTAL).search(question))


def asks_new(question: str, lang: str) -> bool:
    """ "How much new investment …", "新增投资多少": new ones asked, not what there is to date."""
    if lang == "zh":
        return bool(NEW_ONES.search(question)) and not _STOCK_ZH.search(question)
    return bool(_NEW_EN.search(question)) and not _STOCK_EN.search(question)


def stock_reason(query: Query, quote: Quote | None) -> str:
    """Why the best passage cannot answer: new ones asked, and each of its figures a total to date (截至2020年底，
    境外经贸合作区累计投资448.5亿美元), none of new ones."""
    if quote is None or not asks_new(query.asked, query.lang):
        return ""
    figures = [f for f in quote.figures if f["unit"] not in _RATES]
    if not figures or any(stated_new(f, quote) for f in figures):
        return ""
    if all((f.get("time") or {}).get("kind") in _TO_DATE for f in figures):
        return "the best passage gives a total to date, not the new ones asked"
    return ""


def total_reason(query: Query, quote: Quote | None) -> str:
    """Why the best passage cannot answer: the total asked ("现在一共多少个？"), and each of its figures of new ones
    (国务院新增46个跨境电商综试区)."""
    if quote is None or not asks_total(query.question, query.lang):
        return ""
    figures = [f for f in quote.figures if f["unit"] not in _RATES and "start" in f]
    if figures and all(stated_new(f, quote) for f in figures):
        return "the best passage gives new ones, not the total asked"
    return ""


_AS_OF = re.compile(r"截[至止][^，。；,]{2,12}")  # a clause that is only a date things stand at
_TOTAL_BEFORE = re.compile("[增扩][容加]?至|达到?|总[数计共]|合计|累计|截至|共有|现有|已有|^共|[，、]共")


def gives_total(quote: Quote) -> bool:
    """A figure of the quote is a total, said so in its clause: 至此…增至105个, 截至…累计…, 共有…"""
    return bool(totals(quote))


def totals(quote: Quote) -> list[dict]:
    """The figures of the quote that are totals, said so in their clause."""
    out = []
    for f in quote.figures:
        if f["unit"] not in _RATES and "start" in f:
            *before, clause = CLAUSE_END.split(quote.text[: f["start"] - quote.start])
            if before and _AS_OF.fullmatch(before[-1].strip()):  # "截至2021年6月，中国已同140个国家…"
                clause = f"{before[-1]} {clause}"
            if _TOTAL_BEFORE.search(clause) and not stated_new(f, quote):
                out.append(f)
    return out


# The start of a works and its completion: a date of the one does not answer "when" of the other.
_STARTED = re.compile("开工|动工|开建|奠基|开始建设|启动建设")
# 建成后 ("once built") says what follows the completion, not when it is
_FINISHED = re.compile(
    "(?:竣工|完工|建成|投产|投运|通车|交付|完成建设|(?:预计|计划|将)[^，。；]{0,12}完成)(?![以之]?后)"
)
_STARTED_EN = re.compile(
    rf"\b(?:start|started|begin|began|begun)\b(?!{ACTIVITY_BEGUN})"
    r"|\bbr(?:oke|eak) ground\b|\bgroundbreaking\b",
    re.IGNORECASE,
)
# "when's that due?", "when is it due to open": when it is to be finished (not "due to the pandemic")
_FINISHED_EN = re.compile(
    r"\b(?:complete|completed|completion|finish|finished|handed over|ready)\b"
    r"|\b(?:be|been|get|got|gets) done\b"  # "when is it supposed to be done?" (not "what was done")
    r"|\bdue\b(?=\s*[?,.]|\s*$|\s+(?:and|for completion|to (?:be )?(?:complet|finish|open)\w*))",
    re.IGNORECASE,
)


# An agreement's entry into force and its signing: the date of the one does not answer "when" of the other.
_IN_FORCE = re.compile("生效|施行|起实施|正式实施")
_IN_FORCE_EN = re.compile(
    r"\b(?:enters?|entered|entering|came|comes?|coming) into (?:force|effect)\b|\btakes? effect\b|\btook effect\b",
    re.IGNORECASE,
)
_SIGNED = re.compile("签署|签订|签约")
_SIGNED_ASKED = re.compile(r"签署|签订|签的|签了|\bsign(?:ed|ing)?\b", re.IGNORECASE)
# the negotiations concluded (完成中欧投资协定谈判): no signing, no entry into force
_NEGOTIATED = re.compile("完成[^，。；]{0,12}谈判|谈判[^，。；]{0,4}(?:完成|结束)|结束[^，。；]{0,12}谈判")


def asked_event(question: str, lang: str) -> str:
    """ "什么时候竣工", "when will it be completed": "finish"; "什么时候开工", "when did construction start": "start";
    "什么时候生效", "when does it enter into force": "in force"; "什么时候签的", "when was it signed": "signed"."""
    if (_IN_FORCE if lang == "zh" else _IN_FORCE_EN).search(question):
        return "in force"
    started, finished = (_STARTED, _FINISHED) if lang == "zh" else (_STARTED_EN, _FINISHED_EN)
    start, finish = bool(started.search(question)), bool(finished.search(question))
    signed = "signed" if _SIGNED_ASKED.search(question) else ""
    return "start" if start and not finish else "finish" if finish and not start else signed


def only_negotiated(text: str) -> bool:
    """A sentence dating the conclusion of negotiations, not a signing or an entry into force."""
    return bool(_NEGOTIATED.search(text)) and not _SIGNED.search(text) and not _IN_FORCE.search(text)


# what was signed is a study of the agreement (签署…关于<…协定>联合可行性研究的谅解备忘录), not the agreement
_STUDIED = re.compile("可行性研究")
_STUDY_ASKED = re.compile(r"可行性|研究|\bfeasibility\b|\bstud(?:y|ies)\b", re.IGNORECASE)


def only_studied(text: str, question: str) -> bool:
    """A sentence dating a feasibility study of an agreement, for a question asking the agreement itself."""
    return bool(_STUDIED.search(text)) and not _STUDY_ASKED.search(question)


def event_reason(query: Query, quote: Quote | None) -> str:
    """Why the best passage cannot answer "when": it dates the start of the works and the completion is asked
    (已于2020年底正式开工 for "什么时候竣工"), or the other way round."""
    if quote is None or not (asked := asked_event(query.asked, query.lang)):
        return ""
    agreement = asked in ("in force", "signed")  # read in the clause of the party asked
    if query.kind != "date" and not (agreement and "yesno" in query.kinds):
        return ""
    text = _of_named(quote.text, query) if agreement else quote.text
    # "Has it been signed yet?", "签了…吗？" as much as "when": only talks concluded, or a study of it signed
    if agreement and only_negotiated(text):
        return f"the best passage dates the conclusion of negotiations, not the {asked} asked"
    if agreement and only_studied(text, query.question):
        return f"the best passage dates a feasibility study of it, not the {asked} asked"
    if query.kind != "date":
        return ""
    if asked == "in force":
        signed = _SIGNED.search(text) and not _IN_FORCE.search(text)
        return "the best passage dates the signing, not the entry into force asked" if signed else ""
    if asked == "signed":
        return ""
    start, finish = bool(_STARTED.search(text)), bool(_FINISHED.search(text))
    if asked == "finish" and start and not finish:
        return "the best passage dates the start of the works, not the completion asked"
    if asked == "start" and finish and not start:
        return "the best passage dates the completion, not the start asked"
    return ""


def _of_named(text: str, query: Query) -> str:
    """The clauses of a sentence that name a party the question names, when only some do (中国—毛里求斯自贸协定生效，
    …，与新西兰签署自贸协定升级议定书: of 新西兰, the signing); the sentence otherwise."""
    glossary = load_glossary()
    names = [e for e in query.entities if glossary.proper(e) and e not in QUESTION_WORDS]
    clauses = re.split("[，,；;]", text)
    named = [c for c in clauses if any(n in c for n in names)]
    return "，".join(named) if named and len(named) < len(clauses) else text


def dates_event(text: str, asked: str) -> bool:
    """Whether a sentence speaks of the asked event of a works: its start ("start") or its completion ("finish")."""
    return bool(
        {"start": _STARTED, "in force": _IN_FORCE, "signed": _SIGNED}.get(asked, _FINISHED).search(text)
    )


def years_before(fig: dict, quote: Quote) -> set[int]:
    """The years of the sentence before, for a figure whose own sentence states none."""
    before = quote.text[: max(0, fig["start"] - quote.start)]
    own = before.rsplit("。", 1)[-1]
    if find_years(own):
        return set()
    prior = before[: len(before) - len(own)]
    if not prior and quote.context.endswith(quote.text):
        prior = quote.context[: len(quote.context) - len(quote.text)]
    return set(find_years(prior))


# "在全国版和自贸试验区版的基础上进一步缩减至27条": what the figure is measured from, not what it is of
_BASE = re.compile(r"在([^，。；：、]{2,30}?)的?基础上")


def base_only(text: str) -> frozenset[str]:
    """The words a sentence names only as the base it goes on from (在…的基础上): the sentence is not about them."""
    if "基础上" not in text:
        return frozenset()
    bases = [m.group(1) for m in _BASE.finditer(text)]
    rest = _BASE.sub(" ", text)
    return frozenset(t for b in bases for t in search_tokens(b) if t not in rest)
