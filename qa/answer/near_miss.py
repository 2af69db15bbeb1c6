"""When the closest evidence answers a neighbouring question: say which slot it misses, and give it instead.

An abstention rule that objects names the slot: the asked year is not covered (time), the passage is about
another party (subject) or names the asked one only inside a group (aggregate), or it does not speak of what
is asked (measure). The near miss is the best candidate that still shares enough of the question; the answer
says what the reports do not give and quotes what they give, with `abstained` true. Weak matches and names
the reports never mention have no near miss: there is nothing neighbouring to offer.
"""

from __future__ import annotations

import re

from qa.answer.abstain import Abstention
from qa.answer.analyze import Query
from qa.answer.asked_en import invested
from qa.answer.edition_span import edition_span
from qa.answer.editions import chinese_numeral, edition_counter, edition_terms, editions_of, ordinals_of
from qa.answer.flow import asked_event, only_negotiated, only_studied
from qa.answer.generic_agents import say_generic_agent
from qa.answer.named import grouped_name, missing_name
from qa.answer.parts import PART_NAMES_EN, asked_qualifiers, services_for_goods
from qa.answer.phases import asked_phase
from qa.answer.subsets import say_subset
from qa.answer.transfers import asked_way
from qa.answer.types import Draft, Quote
from qa.core import weights as W
from qa.ingest.figure_labels import translate_label
from qa.text.glossary import load_glossary
from qa.text.numbers import ordinal_en

SLOTS = {
    "asked_time": "time",
    "not_about_named": "subject",
    "named_only_in_list": "aggregate",
    "asked_thing_missing": "measure",
    "asked_edition": "edition",
    "asked_part": "measure",  # one part of the measure (出口) where the reports give the whole (进出口)
    "asked_subset": "measure",  # how many of a group are of a kind, the group counted
    "no_date": "time",  # "when did …": the passage about it gives no date
    "asked_new": "time",  # new ones in a period asked, a total to date given
    "asked_total": "measure",  # the total asked, new ones given
    "count_only": "measure",  # which ones asked, how many given
    "other_event": "time",  # the completion asked, the start of the works dated (or the other way round)
    "generic_agent": "measure",  # who did it asked, the kind of body that did given (中国企业)
}


def near_miss(
    query: Query, rule: str, reason: str, cands: list[Quote], key_names: list[tuple[str, list[str]]]
) -> Draft | None:
    """An abstention that gives the neighbouring answer, or None when there is none to give."""
    slot = SLOTS.get(rule)
    # Another year answers an asked year; a passage without a date is itself the closest to "when".
    other_years = slot == "time" and rule not in (
        "no_date",
        "asked_new",
        "other_event",
    )  # the best dates another event
    quote = _closest(query, other_years, cands) if slot else None
    if slot is None or quote is None:
        return None
    if slot == "edition":  # the sentence naming another edition of the event, not the best one naming none
        # of another edition than the one asked: the best when it is (本届 under 第三届…)
        other = {query.edition}
        named = [cands[0]] if cands[0].features.get("other_edition") else []
        named = named or [c for c in cands[:5] if editions_of(c.text, query.entities) - other]
        named = named or [c for c in cands[:5] if editions_of(c.hit.chunk.text, query.entities) - other]
        if not named and edition_terms(query.question, query.entities):
            return None  # no edition of the event asked in the passages (第二届培训班): nothing close to give
        quote = named[0] if named else quote
    if slot == "edition" and (not query.edition or edition_span(query.question)):  # no total of the three
        text = _say_span(query, quote)
    elif rule == "asked_part":
        text = _say_part(query, quote)
    elif rule == "asked_subset":
        text = say_subset(query, quote)
    elif rule == "no_date":
        text = _say_no_date(query, quote)
    elif rule == "asked_new":
        text = _say_to_date(query, quote)
    elif rule == "count_only":
        text = _say_count_only(query, quote)
    elif rule == "other_event":
        text = _say_other_event(query, quote)
    elif rule == "generic_agent":
        text = say_generic_agent(query, quote)
    else:
        text = _say(query, slot, quote, key_names)
    return Draft(text, True, [quote], [quote.hit], reason, near_miss=slot)


def _closest(query: Query, other_years: bool, cands: list[Quote]) -> Quote | None:
    """The candidate that answers the neighbouring question: with `other_years`, one that speaks of years other
    than the asked ones; else the best, when it shares enough of the question."""
    shared = [c for c in cands[:5] if c.coverage >= W.MIN_COVERAGE]
    if not other_years:
        return shared[0] if shared and shared[0] is cands[0] else None
    asked = set(query.years)
    counted = query.kind in ("quantity", "percentage")
    other = [
        c for c in shared if (years := c.all_years()) and not years & asked and (c.figures or not counted)
    ]
    # The one that holds the rest of the question, all but the year: what is asked about ("成员") in its own
    # words first, then most of the question with the sentence before it.
    return max(
        other,
        key=lambda c: (bool(query.focus) and query.focus in c.text, c.features.get("context_coverage", 0.0)),
        default=None,
    )


def _missing(quote: Quote, key_names: list[tuple[str, list[str]]]) -> str:
    """The name the passage is not about: one that it, the sentence before or its heading lacks, else one that
    only the sentence before names (the passage names another party of its own)."""
    return (
        missing_name(quote, key_names)
        or missing_name(quote, key_names, own=True)
        # the box's first sentence names it, not this one
        or next((name for name, forms in key_names if not any(f in quote.text.lower() for f in forms)), "")
    )


_HAN = re.compile(r"[\u4e00-\u9fff]")


def _in_english(name: str) -> str:
    """A name for an English sentence: 标箱 is written TEU (a Chinese name without an English form stays)."""
    return (load_glossary().to_english(name) or translate_label(name) or name) if _HAN.search(name) else name


def _years(quote: Quote) -> str:
    years = sorted(quote.all_years())
    return "、".join(str(y) for y in years)


def _editions(query: Query, quote: Quote, lang: str) -> str:
    """The end of the lead: the editions the closest passage is of (是第128届的, "they give is about the 128th
    edition"), or the passage alone when it names none."""
    found = sorted(
        (
            editions_of(quote.text, query.entities)
            or editions_of(quote.hit.chunk.text, query.entities) - {query.edition}
            or ordinals_of(quote.text)  # 第10个鲁班工坊
        )
        - {query.edition}
    )
    if not found:  # the closest passage names none
        return "段落" if lang == "zh" else "passage says"
    if lang == "zh":
        return "是" + "、".join(f"第{n}{edition_counter(query.question)}" for n in found) + "的"
    return (
        "they give is about the "
        + ", ".join(map(ordinal_en, found))
        + (" edition" if len(found) == 1 else " editions")
    )


_PAID = {"pay": "amount paid", "spend": "amount spent"}  # "what did it pay": the amount, not "the pay"


def _say(query: Query, slot: str, quote: Quote, key_names: list[tuple[str, list[str]]]) -> str:
    """What the reports do not give, then what they give, citing it as [1]."""
    sentence = quote.text.strip()
    asked = "、".join(str(y) for y in query.years)
    if query.lang == "zh":
        lead = {
            "time": f"报告中没有{asked}年的相关数据；最接近的是{_years(quote)}年的",
            "subject": f"报告中没有关于{_missing(quote, key_names)}的这项内容；最接近的段落说的是其他对象",
            "aggregate": f"报告只把{grouped_name(query, quote, key_names)}列为一组中的一项，给出的是整组的数据",
            "edition": f"报告中没有第{query.edition}{edition_counter(query.question)}的相关内容；"
            f"最接近的{_editions(query, quote, 'zh')}",
            "measure": f"报告中没有“{query.focus}”的内容；最接近的是"
            if query.focus
            else Abstention.text(query),
        }[slot]
        return f"{lead}[1]：{sentence}"
    asked_en = ", ".join(str(y) for y in query.years)
    lead = {
        "time": f"The reports do not give this for {asked_en}; the closest they give is for {_years(quote).replace('、', ', ')}",
        "subject": f"The reports do not give this for {_in_english(_missing(quote, key_names))}; the closest passage is about others",
        "aggregate": f"The reports name {_in_english(grouped_name(query, quote, key_names))} only as one of a group; the figure is the group's",
        "edition": f"The reports do not cover the {ordinal_en(query.edition or 0)} edition; the closest {_editions(query, quote, 'en')}",
        "measure": f"The reports do not speak of {load_glossary().to_english(query.focus)} here; the closest passage says"
        if query.focus
        else f"The reports do not give the {_PAID.get(query.asked_noun, query.asked_noun) or invested(query.question) or 'figure asked for'}; the closest passage says",
    }[slot]
    return f"{lead} [1]: “{sentence}”"


def _say_span(query: Query, quote: Quote) -> str:
    """The reports give no total of the editions asked together, then the closest passage."""
    n, sentence = edition_span(query.question), quote.text.strip()
    if query.lang == "zh":
        return f"报告中没有这{chinese_numeral(n)}届合计的数据；最接近的段落[1]：{sentence}"
    return f"The reports give no total for the first {n} editions together; the closest passage says [1]: “{sentence}”"


def _say_no_date(query: Query, quote: Quote) -> str:
    """A date asked, a passage about it that gives none."""
    sentence = quote.text.strip()
    if query.lang == "zh":
        return f"报告中没有给出具体时间；最接近的是[1]：{sentence}"
    return f"The reports do not give the date; the closest passage says [1]: “{sentence}”"


def _say_to_date(query: Query, quote: Quote) -> str:
    """New ones asked, a total to date given."""
    sentence = quote.text.strip()
    if query.lang == "zh":
        return f"报告中没有新增的数据，只有截至某一时间的累计数[1]：{sentence}"
    return f"The reports do not give the new ones alone; they give the total to date [1]: “{sentence}”"


def _say_other_event(query: Query, quote: Quote) -> str:
    """The completion asked, the start dated, or the other way round; the entry into force asked, the signing
    dated."""
    sentence = quote.text.strip()
    event = asked_event(query.asked, query.lang)
    given = "negotiated" if only_negotiated(sentence) else _GIVEN_INSTEAD.get(event, "finish")
    given = "studied" if event in ("signed", "in force") and only_studied(sentence, query.question) else given
    when = query.kind == "date"  # "Has it been signed?" asks whether, not when
    if query.lang == "zh":
        return f"报告中没有{_ZH_EVENTS[event]}的{'时间' if when else '记载'}，只有{_ZH_EVENTS[given]}的记载[1]：{sentence}"
    asked, given_en = _EN_ASKED[event], _EN_GIVEN[given]
    if not when:
        return f"The reports do not say {asked}; they say {given_en} [1]: “{sentence}”"
    return f"The reports do not give when {asked}; they give when {given_en} [1]: “{sentence}”"


_GIVEN_INSTEAD = {
    "in force": "signed",
    "finish": "start",
    "start": "finish",
}  # what the passage dated instead
_ZH_EVENTS = {
    "in force": "生效",
    "signed": "签署",
    "negotiated": "完成谈判",
    "studied": "商定开展可行性研究",
    "start": "开工",
    "finish": "竣工",
}
_EN_ASKED = {
    "in force": "it enters into force",
    "signed": "it was signed",
    "finish": "it is to be completed",
    "start": "the works started",
}
_EN_GIVEN = {
    "signed": "it was signed",
    "negotiated": "its negotiations were concluded",
    "studied": "a joint feasibility study of it was agreed",
    "start": "the works started",
    "finish": "it was completed",
}


def _say_part(query: Query, quote: Quote) -> str:
    """One part of a measure asked, the whole or another part given."""
    part = "/".join(sorted(asked_qualifiers(query.asked, query.lang)))
    sentence = quote.text.strip()
    if phase := asked_phase(query.asked):  # 二期 asked, the whole works given
        if query.lang == "zh":
            return f"报告中没有{chinese_numeral(phase)}期单独的数据；最接近的是[1]：{sentence}"
        return f"The reports do not give phase {phase} on its own; the closest passage says [1]: “{sentence}”"
    if not part and (way := asked_way(query)):  # donated, not committed to invest
        if query.lang == "zh":
            return f"报告中没有{way[1]}的金额；最接近的是[1]：{sentence}"
        return f"The reports do not give an amount {way[0]}; the closest passage says [1]: “{sentence}”"
    if services_for_goods(query, sentence):
        if query.lang == "zh":
            return f"报告中没有货物{part}的数据；最接近的是服务的[1]：{sentence}"
        return f"The reports do not give goods {PART_NAMES_EN.get(part, 'trade')}; the closest passage gives services [1]: “{sentence}”"
    if query.lang == "zh":
        return f"报告中没有单独的{part}数据；最接近的是[1]：{sentence}"
    english = PART_NAMES_EN.get(part, part)
    return f"The reports do not give {english} on their own; the closest passage says [1]: “{sentence}”"


def _say_count_only(query: Query, quote: Quote) -> str:
    """Which ones asked, only how many given."""
    sentence = quote.text.strip()
    if query.lang == "zh":
        return f"报告只给出了数量，没有列出具体是哪些[1]：{sentence}"
    return f"The reports give only how many, not which ones [1]: “{sentence}”"
