"""How a candidate sentence is scored as an answer: the named features of `qa.answer.sentence_model`, each read
from the sentence.

The features say how much of the question the sentence holds, where its passage ranked, and whether it has what
the question asks for (a figure in the asked unit, a date, a list, the asked year); the model there combines them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from typing import NamedTuple

from qa.answer.analyze import EN_FILLER, QUESTION_WORDS, Query, find_years
from qa.answer.asks_for import makes_statement, ranked, statement_fit
from qa.answer.carried import about_last_answer, lists_last_count
from qa.answer.dimension import DURATION_UNITS, stated_against
from qa.answer.edition_span import edition_span, span_fit
from qa.answer.editions import edition_terms, editions_of, find_editions
from qa.answer.flow import counts_asked
from qa.answer.occurrences import occurrence_context
from qa.answer.spoken import abbreviates
from qa.answer.years import DATE_MARK
from qa.core import weights as W
from qa.ingest.chunking import Chunk
from qa.ingest.time_scope import over_years
from qa.text.glossary import load_glossary
from qa.text.numbers import EN_NUMBER_WORDS, parse_cn_numeral
from qa.text.tokenize import search_tokens


def is_heading(text: str) -> bool:
    """A line that does not end like a sentence: a heading, a caption or a chart label."""
    return bool(text) and text[-1] not in "。！？；.!?;”）"


# "其中，服务出口…": a clause giving the parts of the one before it (of which …).
_BREAKDOWN = re.compile(r"^(?:其中|其余)[，,：:]?")
# "2019年为137个国家。": a figure of another time with nothing of its own to say what it counts (that of the sentence before)
_ELLIPTICAL = re.compile(
    r"^(?:\d{4}年|上年|去年|同期)(?:[底末]|全年)?(?:为|是|达到?|仅为?)[约近超逾]?\d[\d.]*[^，,；;]{0,6}[。；;]?$"
)
ITEM_GAP = 2  # sentences at most between two numbered items ("一、…。" and what it says, then "二、…。")
TITLE_LINE = 30  # characters at most of a line naming what the line after it lists
_LIST_MARK = re.compile(r"[、]")  # an enumeration: 新加坡、印度尼西亚、越南
# An item of an enumeration by ordinals: 一是…，二是…; 第一，…第二，…; 其一…; 首先…其次…最后…; （一）…（二）…
_ORDINAL_ITEM = re.compile(
    r"(?:^|(?<=[，,；;。：:\s]))(?:([一二三四五六七八九十])是|第([一二三四五六七八九十])[，,、是]"
    r"|其([一二三四五六七八九十])[，,、是]|[（(]([一二三四五六七八九十])[）)]|(首先|其次|再次|最后)|^([一二三四五六七八九十])、)"
)
_LINE_ITEM = re.compile(r"^[一二三四五六七八九十]、")
_SEQUENCE_WORDS = {"首先": 1, "其次": 2, "再次": 3}
_NUMBER_RUN = re.compile(r"(?:\d[\d.,]*\s+){4,}\d")


def is_chart_residue(text: str) -> bool:
    """Axis labels and data runs from a chart ("126.3 136.6 189.3 153.4 …"), not prose."""
    return _NUMBER_RUN.search(text) is not None


SAME_TIME = re.compile(r"^(?:同月|当月|同日|当日|当天)")  # "同月，…": dated by the sentence before it
_NOT_COUNTS = ("percent", "growth", "share", "points")


def fit_features(
    query: Query,
    text: str,
    figures: list[dict],
    years: list[int],
    context_year: int | None,
    asked: set[str],
    heading: str = "",
    entry: str = "",
) -> dict[str, float]:
    """Whether the sentence has what is asked (a figure, a date, a list) and speaks of the asked year; a date in
    the heading line before it is its date ("34. 10月25日巴基斯坦首条地铁开通运营")."""
    kinds = set(query.kinds) or {query.kind}
    # A duration (历经8年) is no count of members or of anything else, unless a duration is asked.
    counts = [f for f in figures if query.asked_units & DURATION_UNITS or f["unit"] not in DURATION_UNITS]
    # "How many were added?": 新增46个, not 增至105个; "How many are there?" the other way
    if "quantity" in kinds:
        counts = counts_asked(query.asked, query.lang, text, counts)
    out: dict[str, float] = {
        "quantity_fit": float("quantity" in kinds and any(f.get("kind") not in _NOT_COUNTS for f in counts)),
        "percent_fit": float("percentage" in kinds and any(f["unit"] in ("%", "个百分点") for f in figures)),
        "date_fit": float("date" in kinds and _dated(text, heading)),
        "list_fit": float("list" in kinds and (len(_LIST_MARK.findall(text)) >= 2 or enumerated(text) >= 2)),
        "count_fit": float(
            bool(query.items_asked) and query.items_asked in (enumerated(text), listed(text), *counted(text))
        ),
        "heading": float(is_heading(text) and len(figures) < 2),  # not a row of figures (总条目：1235条)
        **_edition_fit(query, f"{heading} {text}", entry),
        # still the sentence the last answer stated, unless a date is asked that it does not give
        "answered_before": float(
            _stated_before(query, figures)
            and not ("date" in kinds and not _dated(text, heading))
            and not (query.asks_for and not makes_statement(query.asks_for, text))  # "由谁筹建？"
            and (
                about_last_answer(query) or len(_LIST_MARK.findall(text)) >= 2
            )  # "Which … took part?": it lists
        ),
        "names_new": float(query.lang == "en" and "list" in kinds and _names_new(query, text)),
        "statement_fit": statement_fit(query.asks_for, query.asked, text),
    }
    if figures and asked and kinds & {"quantity", "percentage"}:
        # The figure's own label names the thing asked about ("年均发电量" for "electricity … a year").
        best = max(
            sum(w in f"{f.get('label', '')} {f.get('label_en') or ''}".lower() for w in asked)
            for f in figures
        )
        out["label_words"] = float(min(best, W.LABEL_WORDS))
    if query.years:
        # The years of a sentence's dated figures are the years it speaks of (比2019年底增加37个 compares with 2019
        # in a sentence of 2020); without them, the years it names and its paragraph's. A total over 2013—2020 is not
        # 2020's value unless a total is asked. A fact asked of a year is of any year its sentence names (2020年，亚洲是…).
        spans = [f for f in figures if over_years(f)]
        dated = [f for f in figures if f.get("year") and (query.over_period or f not in spans)]
        seen = {f["year"] for f in dated} | (set() if kinds & {"quantity", "percentage"} else set(years))
        if not seen and not spans:
            seen = set(years) | ({context_year} if context_year else set())
        # "from 2013 to 2020": a period that ends in 2020, not the one of 2013—2019
        asked_years = {max(query.years)} if query.over_period and len(query.years) > 1 else set(query.years)
        since = query.over_period and len(query.years) == 1 and bool(spans)  # "since 2013": 七年间…累计
        # "2013到2019这七年里…一共": a total over as many years as the range asked (七年间, 7年间), undated
        if query.over_period and len(query.years) > 1 and any(not f.get("year") for f in spans):
            since |= max(query.years) - min(query.years) + 1 in _span_years(text)
        out["year_match"] = float(bool(seen & asked_years) or since)
        out["other_year"] = float(bool(seen) and not seen & asked_years and not query.years_inherited)
    elif (span := asked_span(query.question)) and span in _span_years(text):
        out["year_match"] = 1.0  # "这八年…加起来", "over the past eight years": 八年来…累计
    if query.against and stated_against(text) & set(query.against):  # "rise from 2019": 较2019年上升了1.7%
        out["year_match"] = 1.0
    return out


_SPAN = re.compile(r"(?<![\d年])([两二三四五六七八九十]{1,3}|\d{1,2})年(?:间|来)")
_ASKED_SPAN = re.compile(
    r"(?:这|过去|近|最近)\s*([两二三四五六七八九十]{1,3}|\d{1,2})\s*年|\b(?:past|last)\s+(\w+)\s+years\b",
    re.I,
)


def _span_years(text: str) -> set[int]:
    """How many years the sentence's totals span (七年间, 八年来: {7, 8})."""
    return {n for m in _SPAN.finditer(text) if (n := parse_cn_numeral(m.group(1)) or 0) > 1}


def without_span(question: str) -> str:
    """The question without the span of years it asks in words (这二十年): a time the scoring matches (20年来),
    not words a sentence must have."""
    return _ASKED_SPAN.sub(" ", question)


def asked_span(question: str) -> int:
    """How many years a question asks a total over in words (这八年, "the past eight years"), or 0."""
    m = _ASKED_SPAN.search(question)
    if not m:
        return 0
    word = m.group(1) or m.group(2).lower()
    return int(parse_cn_numeral(word) or EN_NUMBER_WORDS.get(word) or (int(word) if word.isdigit() else 0))


@lru_cache(maxsize=1)
def _names() -> re.Pattern[str]:
    """The glossary's names (terms whose English is capitalised: 加里萨 Garissa), longest first."""
    glossary = load_glossary()
    names = [z for z, ens in glossary.renderings.items() if len(z) >= 2 and any(_proper(e) for e in ens)]
    return re.compile("|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)))


def _proper(english: str) -> bool:
    """A proper name (Garissa, Kenya), not an acronym (COVID-19, AIIB) or a common noun."""
    return english[:1].isupper() and english[1:2].islower()


def _names_new(query: Query, text: str) -> bool:
    """ "Which Kenyan power plant …": the sentence that names one (加里萨) besides what the question names."""
    found = {m.group() for m in _names().finditer(text)} - QUESTION_WORDS  # 中国, 一带一路 name no answer
    return any(n not in query.entities and n not in query.question for n in found)


def _edition_fit(query: Query, text: str, entry: str) -> dict[str, float]:
    """Whether a sentence (with the heading line before it) names the asked edition, or names others only; a
    sentence that names none ("这届广交会…") has those of the sentence before it, else of the entry it is under
    ("22. 6月15日第127届…开幕")."""
    if not query.edition or edition_span(
        query.question
    ):  # "the first three expos": 三届…累计, not one of them
        return span_fit(query.question, text, entry)
    terms = edition_terms(query.question, query.entities) if query.lang == "zh" else []
    named = (
        editions_of(text, terms) or editions_of(entry, terms)
        if terms
        else find_editions(text) or find_editions(entry)
    )
    return {
        "edition_fit": float(query.edition in named),
        "other_edition": float(bool(named) and query.edition not in named),
    }


def _dated(text: str, heading: str) -> bool:
    """It gives a date, not one inside a title (《2063年议程》)."""
    return bool(DATE_MARK.search(_TITLE.sub("", text)) or DATE_MARK.search(_TITLE.sub("", heading)))


def _stated_before(query: Query, figures: list[dict]) -> bool:
    """A follow-up that names no topic or year of its own ("From how many countries?"), or asks which ones ("Which
    regional organisations took part?"), and a sentence holding a figure the last answer stated (406名, 70多次): the
    conversation is still about that sentence."""
    if not (figures and (about_last_answer(query) or lists_last_count(query))):
        return False
    # "And in 2019?": a sentence stating the last answer's figure and one of the asked year ("…共140个。2019年为137个")
    other_time = bool(query.years) and any(f.get("year") in query.years for f in figures)
    if (find_years(query.question) or query.standalone) and not other_time:
        return False
    last = next((t.get("content") for t in reversed(query.history) if t.get("role") == "assistant"), None)
    # 406名 as stated, not the 5个 inside 15个
    return isinstance(last, str) and any(
        re.search(rf"(?<![\d.]){re.escape(f['raw'])}", last) for f in figures
    )


def item_numbers(text: str) -> list[int]:
    """The ordinal items a text enumerates, in order: [1, 2, 3] for "一是…；二是…；三是…" (0 for 最后, the last)."""
    out = []
    for m in _ORDINAL_ITEM.finditer(text):
        numeral = next((g for g in (*m.groups()[:4], m.group(6)) if g), None)
        out.append(int(parse_cn_numeral(numeral) or 0) if numeral else _SEQUENCE_WORDS.get(m.group(5), 0))
    return out


def enumerated(text: str) -> int:
    """How many items the text enumerates by ordinals counted from the first (0 when it does not)."""
    n = 0
    for number in item_numbers(text):
        if number == n + 1 or (number == 0 and n >= 2):
            n += 1
        elif number != 0:
            break
    return n if n >= 2 else 0


# A run of short items joined by 、 (and a last one by 和/及/与): 美债、通胀、供应链危机
_LISTED = re.compile(
    r"[^，。；：、,;:\s和及与]{1,10}(?:、[^，。；：、,;:\s和及与]{1,10})+(?:[和及与][^，。；：、,;:\s和及与]{1,10})?"
)


_COUNTED = re.compile(
    r"(?<![\d.一二两三四五六七八九十第])([一二两三四五六七八九十\d])\s*(?:点|个|项|大|条|方面)"
    r"(?!半|小时|月|多|百分点|工作日|[：:])"  # not 3个半小时; nor 有两个： whose items follow
)


def counted(text: str) -> set[int]:
    """The small counts a sentence states of what it is about: 4 of 4点倡议, 3 of 这三个问题 (not of 3个半小时)."""
    return {
        int(n) if (n := m.group(1)).isdigit() else int(parse_cn_numeral(n) or 0)
        for m in _COUNTED.finditer(text)
    }


def listed(text: str) -> int:
    """How many items the longest run of items joined by 、 names (0 when there is none, or when it goes on with
    等: 法国、日本、意大利、英国等14个国家 names four of more)."""
    runs = (re.split("[、和及与]", m.group()) for m in _LISTED.finditer(text))
    return max((len(items) for items in runs if "等" not in items[-1]), default=0)


def enumeration_runs(texts: Sequence[str]) -> list[tuple[int, int]]:
    """Sentences that together enumerate (一是…； / 二是…； / 三是…。), as (first, last) indices, the sentence
    that introduces them included: an item alone is a third of the answer, and the introduction says what the
    items are."""
    runs = []
    i = 0
    while i < len(texts):
        if item_numbers(texts[i])[:1] == [1]:
            # items that head lines ("一、…。") may each be followed by sentences saying more of them
            gap = ITEM_GAP if _LINE_ITEM.match(texts[i]) else 0
            j, expected = i, 2
            while j + 1 < len(texts):
                ahead = range(j + 1, min(j + 2 + gap, len(texts)))
                k = next((k for k in ahead if item_numbers(texts[k])), j + 1)
                following = item_numbers(texts[k])[:1]
                if following == [expected] or (following == [0] and expected > 2):
                    j, expected = k, expected + 1
                else:
                    break
            # the introduction ("各方承诺："), not a heading before the first item ("四、双方政治表态")
            intro = i > 0 and (not is_heading(texts[i - 1]) or texts[i - 1].rstrip().endswith(("：", ":")))
            if (
                j > i or intro and texts[i - 1].rstrip().endswith(("：", ":"))
            ):  # a colon's first item, where a passage ends
                runs.append((i - 1 if intro else i, j))
                i = j + 1
                continue
        i += 1
    return runs


Row = tuple[int, int, str, frozenset[str], list[int]]  # a sentence: offsets, text, index terms, years
_TITLE_MARKS = re.compile("《([^《》]{2,60})》")


def sentence_rows(spans: Iterable[tuple[int, int, str]]) -> list[Row]:
    """A passage's sentences with their index terms and years. A short title abbreviating one named before it
    (《安审办法》 after 《外商投资安全审查办法》) has the full title's terms; a sentence stating a rank, the word for one."""
    rows: list[Row] = []
    titles: list[str] = []
    for a, b, text in spans:
        found = _TITLE_MARKS.findall(text)
        full = [t for short in found for t in titles if len(short) < len(t) and abbreviates(short, t)]
        tokens = frozenset(search_tokens(text)).union(ranked(text), *(search_tokens(t) for t in full))
        rows.append((a, b, text, tokens, find_years(text)))
        titles += [t for t in found if t not in titles]
    return rows


class Span(NamedTuple):
    """A sentence, or a run of them, that may answer; with the sentence before it and its paragraph's year."""

    start: int
    end: int
    text: str
    tokens: frozenset[str]
    years: list[int]
    before: str  # the sentence before it, "" at the chunk's start
    before_start: int  # where that sentence starts, -1 when there is none
    previous: frozenset[str]  # that sentence's index terms
    context_year: int | None  # the last year named up to its end


_TITLE = re.compile("《[^》]*》")


def sentence_spans(chunk: Chunk, rows: list[Row], enumerations: bool) -> Iterator[Span]:
    """What may answer in a chunk, from its sentences (`rows`): each sentence, a breakdown with the clause it breaks
    down and, with `enumerations` (the question asks for several things), each run of sentences that enumerates
    (一是…； / 二是…； / 三是…。) as one."""
    # Before a year is named, the one year a heading above gives ("2020年…大事记" for each entry under it).
    named = find_years(chunk.section)
    context_years: list[int | None] = []
    for row in rows:
        last = context_years[-1] if context_years else (named[0] if len(named) == 1 else None)
        # not a year inside a title (《2021—2025年…纲要》): it dates the document, not what follows
        dated = find_years(_TITLE.sub("", row[2])) if row[4] else []
        context_years.append(dated[-1] if dated else last)
    spans = [(i, i) for i in range(len(rows))]
    # A breakdown ("其中，服务出口…") says what it breaks down only with the clause before it: the two together
    # may answer too.
    # So does a figure of another time alone ("2019年为137个国家。") with the sentence it goes on from.
    spans += [
        (i - 1, i)
        for i in range(1, len(rows))
        if _BREAKDOWN.match(rows[i][2]) or _ELLIPTICAL.match(rows[i][2])
    ]
    if enumerations:
        spans += enumeration_runs([row[2] for row in rows])
        # a short line naming a kind ("黄灯项目（一般影响类）") goes with the line listing its items after it
        titles = {
            i
            for i in range(len(rows) - 1)
            if len(rows[i][2]) <= TITLE_LINE
            and rows[i][2][-1:] not in "。！？；.!?;，,、"
            and not is_heading(rows[i + 1][2])  # a line of items ends as a sentence: not "四、…着力点"
            and _LIST_MARK.search(rows[i + 1][2][3:])
        }
        spans = [s for s in spans if s[0] != s[1] or s[0] not in titles] + [
            (i, i + 1) for i in sorted(titles)
        ]
    for first, last in spans:
        start, end = rows[first][0], rows[last][1]
        if first == last:
            text, tokens, years = rows[first][2], rows[first][3], rows[first][4]
        else:
            text = chunk.text[start - chunk.start : end - chunk.start]
            tokens = frozenset().union(*(row[3] for row in rows[first : last + 1]))
            years = [y for row in rows[first : last + 1] for y in row[4]]
        before = rows[first - 1] if first else (-1, -1, "", frozenset(), [])
        previous = before[3] | (occurrence_context(rows, first) if first == last else frozenset())
        yield Span(start, end, text, tokens, years, before[2], before[0], previous, context_years[last])


def asked_words(query: Query) -> set[str]:
    """Words naming the measured thing, to compare with figure labels."""
    if query.lang == "zh":
        return {t for t in search_tokens(query.question) if t not in QUESTION_WORDS and not t.isdigit()}
    return {w for w in re.findall(r"[a-z]{4,}", query.question.lower())} - EN_FILLER
