"""English answer text from Chinese quotes: the asked figure of each part of the question first, labelled in
English with its time scope, and other quotes glossed inline (中欧班列 [China-Europe Railway Express])."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from qa.answer.asked_place import asked_place
from qa.answer.asks_for import agent_of
from qa.answer.dates import MONTHS, asked_date
from qa.answer.figure_choice import label_en
from qa.answer.figure_pairs import CHANGE_KINDS, Stated
from qa.answer.query import QUESTION_WORDS
from qa.ingest.figures import Figure, format_value_en
from qa.text.glossary import load_glossary
from qa.text.numbers import ordinal_en, parse_cn_numeral
from qa.text.tokenize import tokenizer

if TYPE_CHECKING:
    from qa.answer.analyze import Query
    from qa.answer.types import Quote

_YEAR_ON_YEAR = re.compile("同比|比上年|较上年")
_HAN = re.compile(r"[\u3400-\u9fff]")


def time_phrase(fig: dict) -> str:
    """The figure's time scope in English: "in 2020", "by October 2020", "by the end of 2020", "since 2013"."""
    time = fig.get("time") or {}
    kind, year, end, month = time.get("kind"), time.get("year"), time.get("end_year"), time.get("month")
    if kind == "as_of":
        if year and month == 12:
            return f"by the end of {year}"
        if year and month:
            return f"by {MONTHS[int(month) - 1]} {year}"
        return f"by {year}" if year else "so far"
    if kind == "cumulative":
        if year and end and end != year:
            return f"from {year} to {end}"
        return f"since {year}" if year else ""
    if kind in ("point", "start", "end") and year:
        return f"in {MONTHS[int(month) - 1]} {year}" if month else f"in {year}"
    return f"in {fig['year']}" if fig.get("year") else ""


def value_en(fig: dict) -> str:
    """The value in English with its unit and qualifier ("more than 12,400 trains")."""
    return format_value_en(Figure(**{k: v for k, v in fig.items() if k in Figure.__dataclass_fields__}))


def _change_en(fig: dict, quote: Quote) -> str:
    value = value_en(fig)
    if not value.startswith("down "):
        value = f"up {value}"
    return f"{value} year on year" if _YEAR_ON_YEAR.search(quote.text) else value


def _counted_change_en(fig: dict, quote: Quote) -> str:
    """A change counted in the figure's own unit (总条目增加127条): "up 127", "down 8" (减少了8项)."""
    at = fig["start"] - quote.start if "start" in fig else -1
    down, value = at > 0 and re.search("[减降少]", quote.text[max(0, at - 4) : at]), value_en(fig)
    return value if value.startswith(("down ", "up ")) else f"{'down' if down else 'up'} {value}"


def _value_of(fig: dict, quote: Quote) -> str:
    """The value, said as a change when the figure is the change of a count (增加127条), not its level."""
    counted = (
        fig.get("measure_kind") == "change" and fig.get("kind") not in CHANGE_KINDS and fig["unit"] != "%"
    )
    return _counted_change_en(fig, quote) if counted else value_en(fig)


def also_phrase(fig: dict) -> str:
    """A further figure of a cited sentence: "annual CO2 emission reduction 64,190 tonnes (6.419万吨)"."""
    head = " ".join(p for p in (label_en(fig), time_phrase(fig)) if p)
    return f"{head} {value_en(fig)} ({fig['raw']})" if head else f"{value_en(fig)} ({fig['raw']})"


def figure_sentence(stated: list[Stated]) -> str:
    """ "In 2020, China-Europe Railway Express: 12,400 trains (1.24万列), up 50% year on year [1]." """
    lead = stated[0]
    when, label = time_phrase(lead.fig), lead.label or label_en(lead.fig)
    head = ", ".join(p for p in (when, label) if p)
    text = (
        f"{head}: {_value_of(lead.fig, lead.quote)} ({lead.fig['raw']})"
        if head
        else f"{_value_of(lead.fig, lead.quote)} ({lead.fig['raw']})"
    )
    if any(other.n != lead.n for other in stated[1:]):
        text += f" [{lead.n}]"
    for other in stated[1:]:
        change = other.fig.get("kind") in CHANGE_KINDS
        words = _change_en(other.fig, other.quote) if change else _value_of(other.fig, other.quote)
        other_label = "" if change else label_en(other.fig)
        other_when = time_phrase(other.fig)
        extra = " ".join(p for p in (other_label, other_when if other_when != when else "") if p)
        mark = f" [{other.n}]" if other.n != lead.n else ""
        text += f", {extra + ' ' if extra else ''}{words} ({other.fig['raw']}){mark}"
    end = "" if any(other.n != lead.n for other in stated[1:]) else f" [{lead.n}]"
    return f"{text[:1].upper()}{text[1:]}{end}."


def gloss(text: str) -> str:
    """The Chinese sentence with each glossary term glossed once, inline: 中欧班列 [China-Europe Railway Express];
    inner double quotes become single ones so the whole sentence stays one quotation."""
    text = text.strip().replace("“", "‘").replace("”", "’").replace('"', "'")
    glossary = load_glossary()
    seen: set[str] = set()
    out, last = [], 0
    for _, end, term in _terms_at(text):
        if term not in seen:
            seen.add(term)
            out += [text[last:end], f" [{glossary.zh_to_en[term]}]"]
            last = end
    return "".join(out) + text[last:]


def _terms_at(text: str) -> Iterator[tuple[int, int, str]]:
    """Where the glossary terms of a text are, not those inside a word, a quantity's unit or rendered with a
    number."""
    glossary = load_glossary()
    bounds = _word_bounds(text)
    for start, term in glossary.spans(text):
        end = start + len(term)
        if not (
            _after_number(text, start)
            or _inside_word(start, end, bounds)
            or re.search(r"\d", glossary.zh_to_en[term])
        ):
            yield start, end, term


def _word_bounds(text: str) -> set[int]:
    """Where jieba's words of a text begin and end."""
    return {i for _, start, end in tokenizer().tokenize(text) for i in (start, end)}


def _inside_word(start: int, end: int, bounds: set[int]) -> bool:
    """国企 in 跨国企业 (multinational enterprises): a term that neither begins nor ends a word is not that term."""
    return start not in bounds and end not in bounds


def _after_number(text: str, start: int) -> bool:
    """亿美元 in 1359.2亿美元, 百分点 in 2.7个百分点: part of a quantity, not a term."""
    return bool(re.search(r"[\d.万亿多余]个?$", text[max(0, start - 2) : start]))


def terms_en(text: str, limit: int = 6) -> list[tuple[str, str]]:
    """(English, Chinese) of the glossary terms in a text, in order, each once."""
    glossary = load_glossary()
    out: list[tuple[str, str]] = []
    for _, _, term in _terms_at(text):
        if glossary.zh_to_en[term] not in (p[0] for p in out):
            out.append((glossary.zh_to_en[term], term))
    return out[:limit]


def lead_sentence(query: Query | None, quotes: list[Quote], terms: dict[str, float] | None = None) -> str:
    """An English sentence saying what was found, in the question's own terms: the items of a list, else what the
    passage is about. `terms` (the question's weighted Chinese terms) tell which of a passage's lists answers."""
    glossary = load_glossary()
    asked = [glossary.to_english(e) or "" for e in (query.entities if query else [])]
    asked = [a for a in dict.fromkeys(asked) if a and not _HAN.search(a)]
    # the names the question gives are no answer to it; those the conversation carried may be
    given = query.entities[: len(query.entities) - len(query.extra_terms)] if query else []
    own = {glossary.to_english(e) for e in given}
    asks = _ASKS_ORDINAL.search(query.asked) if quotes and query else None
    # an edition, session or round is counted in 届, 次 or 轮; a number, place or rank in 位, 名, 个 or 批 too
    ordinal = None
    if asks:
        ranked = (
            asks.group(1) or asks.group(2) or asks.group(3)
        )  # "which number", "what place", not "which edition"
        pattern = _ZH_ORDINAL if ranked else _ZH_EDITION_ORDINAL
        # 从2018年第78位升至2020年第31位: the one of the year asked
        dated = (re.search(rf"{y}\s*年\D{{0,6}}?({pattern.pattern})", quotes[0].text) for y in query.years)
        ordinal = next((m for m in dated if m), None)
        ordinal = (
            pattern.search(quotes[0].text, ordinal.start(1)) if ordinal else pattern.search(quotes[0].text)
        )
    if ordinal:  # "Which edition …": 第三届
        digits = ordinal.group(1) or ""
        n = 1 if ordinal.group(3) else int(digits) if digits.isdigit() else parse_cn_numeral(digits)
        if n:
            return f"The reports give it as the {ordinal_en(n)} ({ordinal.group(0)}):"
    if query is not None and query.asks_for == "titles" and (named := titles(quotes[:1])):
        items = [en if en.startswith("《") else f"{en} ({zh})" for en, zh in named]
        return f"The reports name {_join(items)}."  # "What documents did … adopt?"
    if query is not None and "list" in query.kinds:
        listed, where = enumeration(quotes, terms or {})
        if _ASKS_TITLES.search(query.question) and len(named := titles(quotes[:1])) >= 2:
            listed, where = named, None  # "which documents": 《…》《…》 runs with no 、 between them
        # nor what a name asked holds ("Which African countries": 非洲 of 非洲国家)
        found = [p for p in listed if p[0] not in own and not any(p[1] in e for e in given)]
        if not found:
            # No enumeration answers: only the names in the passage (the common nouns around them are no answer),
            # in the quote of a run that names none (its own, not another quote's)
            named_in = [where[0]] if where else quotes
            found = [(en, zh) for q in named_in for en, zh in terms_en(q.text, 12) if en not in own]
            found = [(en, zh) for en, zh in found if not any(zh in e for e in given)]
            found = [(en, zh) for en, zh in found if en[:1].isupper()]
        names = [(en, zh) for en, zh in found if en[:1].isupper() or en.startswith("《")]
        found = names or found  # "which countries": the names, not the common nouns around them
        items = list(dict.fromkeys(en if en.startswith("《") else f"{en} ({zh})" for en, zh in found))[:8]
        total = _group_count(quotes, where)
        if items and total:  # "法国、日本等14个国家": the whole group's size first, then the ones it names
            count = value_en(total)
            asked_kind = _WHICH.search(query.question)
            if total["unit"] == "个" and asked_kind:  # "等24个‘一带一路’沿线国家": the noun is the asked kind
                count = f"{count} {asked_kind.group(1)}"
            return f"The reports count {count} ({total['raw']}), among them {_join(items)}."
        if items:
            return f"The reports name {_join(items)}."
    if (
        query is not None and query.kind == "date"
    ):  # the first quote's date, or a later one's when it gives none
        dated = ((n, d) for n, q in enumerate(quotes, 1) if (d := asked_date(q, query, terms or {})))
        if (first := next(dated, None)) is not None:
            n, date = first
            return f"The reports give the date as {date[0]} ({date[1]}){f' [{n}]' if n > 1 else ''}:"
    if query is not None and query.asks_for == "agent" and quotes and (by := _agents(quotes[0].text)):
        return f"The reports name {_join(by)}:"  # "Who organised it?": who the sentence says did it
    # "Which country is it planning … with next?": the place amid the question's words
    place = (
        asked_place(quotes[0].text, own, terms or {}) if query and "place" in query.kinds and quotes else None
    )
    if place:
        return f"The reports name {place[0]} ({place[1]}):"
    if asked:
        return f"On {_join(asked[:4])}, the reports say:"
    topics = [en for en, _ in terms_en(" ".join(q.text for q in quotes), 4)]
    return f"The reports say this about {_join(topics)}:" if topics else "The reports say:"


def _agents(text: str) -> list[str]:
    """The names of who did what the sentence tells (由中国国际贸易促进委员会举办), in English with their Chinese."""
    names = [(en, zh) for en, zh in terms_en(agent_of(text)) if en[:1].isupper()]
    names = [n for n in names if n[1] not in QUESTION_WORDS] or names  # 中国商务部: the ministry, not China
    return [f"{en} ({zh})" for en, zh in names]


# "Which edition …", "which number prime minister …", "what place …": an ordinal is the answer
_ASKS_ORDINAL = re.compile(
    r"\b(?:which|what) (?:edition|session|round|(place|rank))\b|\b(?:which|what) (number)\b(?! of)"
    r"|\b(?:which|what) (?:was|is|were|are) (?:the )?(?:[\w'’-]+ ){0,4}?(rank(?:ing)?|place)\b",  # China's ranking
    re.IGNORECASE,
)
_ZH_EDITION_ORDINAL = re.compile(r"第\s*([一二三四五六七八九十\d]+)\s*(届|次|轮)|(首)\s*届")
_ZH_ORDINAL = re.compile(r"第\s*([一二三四五六七八九十\d]+)\s*(届|次|轮|位|名|个|批)|(首)\s*届")
_CLAUSE = re.compile(r"[^，。；;,：:]+")


def enumeration(
    quotes: list[Quote], terms: dict[str, float]
) -> tuple[list[tuple[str, str]], tuple[Quote, int, int] | None]:
    """(English, Chinese) of the members of the list that answers: of the quotes' "A、B、C等" runs, the one whose
    clause holds most of the question's terms (for "which cities … offices", the run in the clause that sets up
    the offices, not another list earlier in the sentence); only the members that are names, not the words
    around them ("C等24个…国家": C, not what follows 等). The first quote holding such a run gives it: the best
    sentence's list, not a later one's; a best sentence whose run names none (加强…、加强…等5方面) lists nothing from
    the others. Also where that clause is in its quote."""
    best: list[tuple[str, str]] = []
    where: tuple[Quote, int, int] | None = None
    best_score = 0.0
    for q in quotes:
        if best:
            break
        if q is not quotes[0] and where is not None:
            return [], where
        for m in _CLAUSE.finditer(q.text):
            clause = m.group()
            parts = clause.split("、")
            if len(parts) < 3:
                continue  # "A、B" alone is often a pair of words, not a list
            members = terms_en(parts[0], 50)[-1:]
            members += [p for part in parts[1:-1] for p in terms_en(part, 50)]
            members += terms_en(parts[-1], 50)[:1]
            members = [p for p in members if p[0][:1].isupper()]  # names: "合作、地区" is no list of answers
            score = sum(abs(w) for t, w in terms.items() if t in clause)
            if len(members) >= 2 and score > best_score:
                best, best_score, where = list(dict.fromkeys(members)), score, (q, m.start(), m.end())
            elif where is None and len(members) < 2:
                where = (q, m.start(), m.end())  # a run of items that are no names
    return best, where


# "Which documents …", "what statements …": the items asked are titles (《…》)
_ASKS_TITLES = re.compile(
    r"\b(?:documents?|agreements?|statements?|declarations?|plans?|papers?|communiqu[eé]s?|memorand\w+|treat(?:y|ies)|visions?"
    r"|titles?|publications?|books?|notices?|regulations?|measures|(?<!the )reports?|studies|guidelines|guid(?:e|ance))\b",
    re.IGNORECASE,
)
_TITLE = re.compile(r"《([^《》]{2,60})》")


def titles(quotes: list[Quote]) -> list[tuple[str, str]]:
    """(English, Chinese) of the titles the quotes name, in order: the glossary's English, else the title itself."""
    glossary = load_glossary()
    found = [m.group(1) for q in quotes for m in _TITLE.finditer(q.text)]
    return [(glossary.to_english(t) or f"《{t}》", t) for t in dict.fromkeys(found)]


# "Which countries …": the kind of thing listed (a plural noun, not "was" or "has").
_WHICH = re.compile(r"\b(?:which|what) (?!(?:was|is|has|does)\b)([a-z]+s)\b", re.IGNORECASE)


def _group_count(quotes: list[Quote], where: tuple[Quote, int, int] | None = None) -> dict | None:
    """The count that closes a list in a quote ("法国、日本、意大利、英国等14个国家"), when there is one; with
    `where`, only the one closing the list in that clause."""
    for q in quotes if where is None else [where[0]]:
        for fig in q.figures:
            at = fig["start"] - q.start
            if where is not None and not where[1] < at <= where[2]:
                continue
            if fig.get("kind") == "count" and 0 < at <= len(q.text) and q.text[:at].rstrip().endswith("等"):
                return fig
    return None


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def quoted_sentences(quotes: list[Quote], first: int = 1) -> str:
    """Each quote glossed, with its citation marker."""
    return " ".join(f"“{gloss(q.text)}” [{n}]" for n, q in enumerate(quotes, first))
