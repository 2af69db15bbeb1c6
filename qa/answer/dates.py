"""The date a sentence gives for the event a question asks about: of several, the one nearest a word of the question;
a date without its year, with the year the sentence speaks of; else its dated heading or chronicle entry, when that
dates the same event."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from qa.answer.analyze import find_years
from qa.answer.scoring import SAME_TIME, is_heading
from qa.core import weights as W
from qa.text.glossary import load_glossary
from qa.text.tokenize import pos_cut

if TYPE_CHECKING:
    from qa.answer.analyze import Query
    from qa.answer.types import Quote
    from qa.store.corpus import Corpus

MONTHS = "January February March April May June July August September October November December".split()

# a month or day, not one a change is measured against (日均值比3月增长20.9%: March is the base, not the date)
_ZH_DATE = re.compile(r"(?<![比较])(?:(\d{4})年)?(\d{1,2})月(?:(\d{1,2})[日号])?")


# 于2017年首次举办, 预计2021年年底竣工, and a year a sentence of an event opens with (2020年，…联合印发《…》; not
# 2020年，中欧班列安全、顺畅、稳定运行: a year it speaks of)
_EVENT_YEAR = re.compile(
    r"(?:[于自从]|预计在?|将在|计划在?|预计于)(\d{4})年(?!\d{1,2}月)(年?[底末])?"
    r"|^(\d{4})年[，,](?=[^。；]*?(?:发布|印发|出台|颁布|签署|签订|举办|召开|举行|成立|启动|开通|设立))"
)
DATED_ENTRY = re.compile(r"\s*\d{1,3}\s*[.、．]\s*\d{1,2}月")  # "13. 4月14日…": an entry of a chronicle


_MOVED_TO = re.compile(r"(?:延|延长|延期|推迟|推后|顺延)(?:至|到)\s*$")
_UNTIL_ASKED = re.compile(r"\b(?:until|till|by) when\b|\bextended (?:to|until)\b|\bdeadline\b", re.I)


def asked_date(quote: Quote, query: Query, terms: Iterable[str] = ()) -> tuple[str, str] | None:
    """The month or day a sentence gives for what is asked, in English and as written: of several ("11月13日…
    宣布…将于11月16日…举行视频会晤"), the one nearest a term of the question, the most precise on a tie. A date
    without its year takes the year the sentence speaks of, when it speaks of one. A bare year is no date, unless the
    sentence dates its event by it (于2017年首次举办): then the year, not the month of the entry it is under."""
    text = quote.text
    found = _dates(text)
    # "于2017年首次举办", "自2017年启动以来", "预计在2023年完成": the year its own event is dated, when it gives no month
    own_year = None if found else _EVENT_YEAR.search(text)
    if own_year:  # 预计2021年年底竣工: the end of 2021
        at = 1 if own_year.group(1) else 3
        year = f"the end of {own_year.group(1)}" if own_year.group(2) else own_year.group(at)
        return year, text[own_year.start(at) : own_year.end(at) + 1 + len(own_year.group(2) or "")]
    lead = quote.context[: len(quote.context) - len(text)]
    if not found and (is_heading(lead) or SAME_TIME.match(text)):  # "34. 10月25日…" heading it; "同月，…"
        text = lead
        found = _dates(text)
    entry = quote.hit.chunk.section.rsplit(">", 1)[-1] if quote.hit is not None else ""
    if not found and DATED_ENTRY.match(entry) and not entry_dates_another(quote, query):
        text = entry
        found = _dates(text)
    if not found:
        return None
    # every place a term of the question stands: "于2020年8月修订出台…，自2020年10月1日起实施" for "revised"; the
    # event a "When did … take effect?" ends with, when the sentence names it (实施), before its other terms
    event = _event_terms(query.question, text) if query.lang == "en" else []
    asked = event or {*query.entities, *terms}
    at = [m.start() for t in asked if t for m in re.finditer(re.escape(t), text)]

    def distance(m: re.Match[str]) -> tuple[int, int]:
        # a date dates its own clause: "2020年1月，…分享…，并于3月开始…人体试验" gives March for the trial
        near = min(
            (_apart(text[m.end() : i] if i >= m.end() else text[i : m.start()]) for i in at), default=0
        )
        return near, -sum(g is not None for g in m.groups())

    # 将缓债期限延至2021年6月30日: a deadline moved, not the date it was moved on, unless "until when" is asked
    if not _UNTIL_ASKED.search(query.question):
        found = [m for m in found if not _MOVED_TO.search(text[: m.start()])] or found
    m = min(found, key=distance)
    year, month, day = m.groups()
    if year is None and len(quote.years) == 1:
        year = str(next(iter(quote.years)))
    words = [str(int(day)) if day else "", MONTHS[int(month) - 1], year or ""]
    return " ".join(w for w in words if w), m.group()


_CLAUSE_END = re.compile("[，,；;。：:]")


def _apart(between: str) -> int:
    return len(between) + W.CLAUSE_APART * len(_CLAUSE_END.findall(between))


def _dates(text: str) -> list[re.Match[str]]:
    return [m for m in _ZH_DATE.finditer(text) if 1 <= int(m.group(2)) <= 12]


def entry_dates_another(quote: Quote, query: Query) -> bool:
    """Whether the chronicle entry a sentence is under dates another event than the one asked, which the sentence
    names (协定生效 under "9月14日…签署…协定" for "When did it come into force?")."""
    if _dates(quote.text) or _EVENT_YEAR.search(quote.text):
        return False  # the sentence dates itself (自2021年1月18日起施行)
    entry = quote.hit.chunk.section.rsplit(">", 1)[-1] if quote.hit is not None else ""
    event = _event_terms(query.question, quote.text) if query.lang == "en" else []
    return bool(DATED_ENTRY.match(entry)) and any(e not in entry for e in event)


def _event_terms(question: str, text: str) -> list[str]:
    """The Chinese of the shortest end of an English question (up to three words) that the sentence names and that
    is one word, no name: 实施 for "When did the rules take effect?", not 最贫困国家 for "… the poorest countries"."""
    words = re.findall(r"[\w'-]+", question)
    glossary = load_glossary()
    for n in range(1, min(3, len(words) - 1) + 1):
        forms = [z for z in glossary.expand_english(" ".join(words[-n:])) if z in text and _one_plain_word(z)]
        if forms:
            return forms
    return []


def _one_plain_word(zh: str) -> bool:
    tagged = list(pos_cut(zh))
    return len(tagged) == 1 and not tagged[0][1].startswith(("nr", "ns", "nt", "nz"))


def years_stated_elsewhere(best: Quote, cands: list[Quote]) -> set[int]:
    """The years another candidate dates the best sentence's own figures by, when it gives none: 建成3条国际通信海缆
    in a sidebar is the 3条国际通信海缆 that 截至2020年底已建成… dates elsewhere."""
    own = {
        (f.get("value"), f.get("unit"), f.get("label")) for f in best.figures if f.get("value") is not None
    }
    return {
        f["year"]
        for c in cands[1:5]
        for f in c.figures
        if f.get("year") and (f.get("value"), f.get("unit"), f.get("label")) in own
    }


def state_the_year(query: Query, quote: Quote, chosen: list[Quote], corpus: Corpus) -> None:
    """ "全年中欧班列累计开行1.24万列" answers "2020年呢" only with the sentence before (saying 2020): quote both."""
    asked = set(query.years)
    if (
        not asked
        or query.years_inherited
        or set(find_years(quote.text)) & asked
        or quote.context_start < 0
        or any(c.start <= quote.context_start < c.end for c in chosen if c is not quote)
    ):
        return
    text = corpus.text(quote.hit.chunk.doc_id, quote.context_start, quote.end)
    if set(find_years(text[: quote.start - quote.context_start])) & asked:
        quote.start, quote.text = quote.context_start, text


# 创东博会自2004年举办以来签约额之最: the year a "since" span starts from dates no figure of the sentence
_SINCE_YEAR = re.compile(r"[自从]\s*((?:19|20)\d{2})\s*年[^，,。；;]{0,12}?以来")


def since_years(text: str) -> set[int]:
    """The years a text names only as where a span "since" starts (自2004年举办以来)."""
    starts = {int(m.group(1)) for m in _SINCE_YEAR.finditer(text)}
    others = {int(y) for y in re.findall(r"(?:19|20)\d{2}", _SINCE_YEAR.sub("", text))}
    return starts - others
