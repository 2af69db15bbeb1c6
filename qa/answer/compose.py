"""Answer text from chosen quotes: Chinese quotes with their markers, English figures or glossed sentences."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from qa.answer.asked_parts import Forms
from qa.answer.dates import asked_date
from qa.answer.english import also_phrase, figure_sentence, lead_sentence, quoted_sentences
from qa.answer.figure_choice import choose_figures
from qa.answer.flow import asked_event, dates_event
from qa.answer.kinds import question_kinds
from qa.text.lexicon import STOPWORDS, stem

if TYPE_CHECKING:
    from qa.answer.analyze import Query
    from qa.answer.types import Quote

MAX_FIGURES_EN = 6


def asked_figures(noun: str, figures: list[dict], years: list[int]) -> list[dict]:
    """For "How many African countries …", the figures labelled with what is counted (46 African countries),
    of the asked year first, then the rest of the sentence's figures as context."""
    words = {stem(w.lower()) for w in re.findall(r"[A-Za-z]+", noun)} - STOPWORDS

    def rank(fig: dict) -> tuple[int, bool]:
        label = {stem(w) for w in re.findall(r"[a-z]+", (fig.get("label_en") or "").lower())}
        return -len(words & label), fig.get("year") not in years

    return sorted(figures, key=rank)


def asks_a_date(query: Query) -> bool:
    """A date is asked, by the question or by a part of its own ("…是哪天开幕的？开了几天？"; not "持续了多长时间")."""
    return query.kind == "date" or any(question_kinds(p, query.lang)[:1] == ["date"] for p in query.parts)


def compose_zh(quotes: list[Quote], query: Query | None = None) -> str:
    """The supporting sentences, trimmed, each followed by its citation marker; for "什么时候" the date of a dated
    entry's heading first, when the sentences under it give none ("7月6日…部长级会议召开": 通过视频连线方式召开)."""
    text = "".join(f"{q.text.strip()}[{n}]" for n, q in enumerate(quotes, 1))
    if query is not None and asks_a_date(query):
        # the first quote's date, when it is not in its sentence, else the first dated quote's when none states one
        dated = [(n, d) for n, q in enumerate(quotes, 1) if (d := asked_date(q, query))]
        first = dated[:1] if dated and dated[0][0] == 1 else dated
        # the date as its heading or the sentence before gives it, or with the year its passage is of when the
        # sentence gives none ("10月，中国与柬埔寨签订自贸协定": 2020年10月)
        given = first and not any(d[1] in quotes[n - 1].text for n, d in first)
        n, (english, raw) = first[0] if given else dated[0] if dated else (0, ("", ""))
        year = re.search(r"(?:19|20)\d{2}$", english)
        if year and not re.search(r"(?:19|20)\d{2}\s*年", raw):
            raw, given = f"{year.group()}年{raw}", True
        if given:
            return f"报告所记日期为{raw}[{n}]。{text}"
    return text


def compose_en(
    quotes: list[Quote],
    numeric: bool = True,
    *,
    query: Query | None = None,
    terms: dict[str, float] | None = None,
    forms: Forms | None = None,
) -> str:
    """English answer text. For a quantity (`numeric`): one sentence per part of the question, the asked figure
    first, labelled in English with its time scope, the Chinese as written in parentheses; each quote keeps the
    figures stated first. Otherwise an English lead sentence, then each quote with its terms glossed inline."""
    stated = choose_figures(quotes, query, forms) if numeric else []
    if any(stated):
        used = {id(s.fig) for part in stated for s in part}
        sentences = [figure_sentence(part) for part in stated if part]
        if query is not None and asks_a_date(query):  # "when …, and how long …": the date is an answer too
            # of the event asked (预计在2023年完成 for "when's it due"), else the first date
            event = asked_event(query.asked, query.lang)
            ordered = sorted(
                enumerate(quotes, 1), key=lambda nq: bool(event) and not dates_event(nq[1].text, event)
            )
            dated = next(((n, d) for n, q in ordered if (d := asked_date(q, query, terms or {}))), None)
            if dated is not None:
                date = f"The reports give the date as {dated[1][0]} ({dated[1][1]}) [{dated[0]}]."
                sentences.insert(
                    0 if query.kinds[0] == "date" or _asks_when_first(query) else len(sentences), date
                )
        if query is not None and _asks_besides_figures(query):  # "…, and which fairs …?": its quote says
            n = min(s.n for part in stated for s in part)
            sentences.append(quoted_sentences([quotes[n - 1]], n))
            # "…, and what did it adopt?": a sentence chosen for that part, which states no figure asked
            cited = {s.n for part in stated for s in part}
            if any(_WHAT.match(p) for p in query.parts):
                sentences += [quoted_sentences([q], k) for k, q in enumerate(quotes, 1) if k not in cited][:1]
        # The cited sentences' other figures follow, after the asked ones: a reader checking the answer sees
        # every number the quote holds, and a question's second measure is often among them.
        cited = sorted({s.n for part in stated for s in part})
        room = MAX_FIGURES_EN
        said = {also_phrase(f) for q in quotes for f in q.figures if id(f) in used}
        for n in cited:
            others = []  # not a figure read the same as one said already (一周 twice in one sentence)
            for f in quotes[n - 1].figures:
                if id(f) not in used and also_phrase(f) not in said and len(others) < room:
                    others.append(f)
                    said.add(also_phrase(f))
            room -= len(others)
            used |= {id(f) for f in others}
            if others:
                sentences.append(f"The passage also gives {'; '.join(also_phrase(f) for f in others)} [{n}].")
        for q in quotes:
            q.figures = [
                f for f in q.figures if id(f) in used
            ]  # the contract lists the figures the answer states
        return " ".join(sentences)
    for q in quotes:
        q.figures = q.figures[:MAX_FIGURES_EN]
    return f"{lead_sentence(query, quotes, terms or {})} {quoted_sentences(quotes)}"


# "…, and who …?", "…, and which road did they fund?": one thing named
_NAMED = re.compile(r"\s*(?:and\s+)?(?:who|which)\b", re.I)
# "…, and what did it adopt?": a thing done or named, when the part asks no figure, share or date
_WHAT = re.compile(r"\s*(?:and\s+)?what\s+(?:did|does|do|was|were|is|are|has|have)\b", re.I)


def _asks_besides_figures(query: Query) -> bool:
    """Whether a part of a question in parts asks neither a figure nor a date ("…, and which fairs …?", "…, and
    where …?", "…, and who …?", "…, and which road did they fund?", "which apps made the list, and how many …")."""
    parts = query.parts if len(query.parts) > 1 else []
    return any(
        (kinds := question_kinds(p, query.lang))[:1] in (["list"], ["place"])
        or _NAMED.match(p)
        or (_WHAT.match(p) and not kinds)
        for p in parts
    )


def _asks_when_first(query: Query) -> bool:
    """Whether the question's first part is the one asking when."""
    text = query.question.lower()
    at = re.search(r"\bwhen\b", text)
    figure = re.search(r"\bhow (?:many|much|long|large|big|far|high|widely)\b|\bwhat (?:was|is) the\b", text)
    return at is not None and (figure is None or at.start() < figure.start())


_PART = re.compile(r".*?(?:[。！？；]|[.!?;](?=\s|\[|$))(?:\[\d+\])*\s*|.+", re.S)


def answer_parts(text: str) -> list[str]:
    """The answer in the parts it was composed of (its sentences, each with its [n] markers), for streaming."""
    return _PART.findall(text)
