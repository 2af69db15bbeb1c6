"""The sentence a later part of a question in parts is answered by ("…多少？…多少？", "when …, and how long …")."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from qa.answer.analyze import Query, analyze, find_entities, part_query
from qa.answer.asked_en import names_an_amount
from qa.answer.boxes import box_title
from qa.answer.carried import pointed_back
from qa.answer.dimension import in_units
from qa.answer.editions import find_editions, names_edition
from qa.answer.figure_pairs import PERCENT_UNITS
from qa.answer.flow import asked_event, dates_event
from qa.answer.named import names_any
from qa.answer.query import QUESTION_WORDS
from qa.answer.term_match import weight_share
from qa.answer.types import Draft, Quote
from qa.answer.years import DATE_MARK
from qa.core import weights as W
from qa.search.hits import Hit
from qa.text.glossary import load_glossary
from qa.text.lexicon import GENERIC, STOPWORDS
from qa.text.tokenize import search_tokens

if TYPE_CHECKING:
    from qa.answer.select import ExtractiveAnswerer


def best_for_part(
    selector: ExtractiveAnswerer,
    query: Query,
    part: str,
    cands: list[Quote],
    chosen: list[Quote],
    key_names: list[tuple[str, list[str]]],
    carried: bool = False,
) -> Quote | None:
    """For "…多少？…多少？" the best sentence for a later part, when the chosen ones do not cover it. `carried`: the
    key names are the conversation's, not the question's (the candidates were not scored against them)."""
    terms = selector.query_terms(part)
    weights = {t: w for t, w in terms.items() if w > 0}

    total = sum(weights.values()) or 1.0
    # "when …, and how long …": a part asking when is answered by a sentence that gives a date, the others
    # by one that gives a figure.
    asked = analyze(part)
    dated = "date" in asked.kinds
    # "how many countries …, and how many days …": a part asking a unit is answered by a figure in it
    units = asked.asked_units if asked.kind in ("quantity", "percentage") and not dated else frozenset()
    units = units or (PERCENT_UNITS if asked.kinds == ["percentage"] else units)  # "how fast did it grow": %
    needs = dated or bool(units) or asked.kind in ("quantity", "percentage")  # a figure asked: one giving it
    amount = query.lang == "en" and asked.kind == "quantity" and names_an_amount(asked.asked_noun)
    # "what did it adopt": a part asking no figure whose words are only a verb's senses (采用, 通过) is covered by a
    # sentence holding any of them
    counted = needs or asked.kind in ("quantity", "percentage")
    # "when did it start commercial operation": a part asking when in words that are only senses (商业, 运营) is
    # covered by a dated sentence holding any of them
    senses = frozenset() if weights else frozenset(terms)
    glossary = load_glossary()
    # "…, and how many chapters does it have": a count naming nothing but what it counts, and pointing back, is of
    # the things the question names, each present by any of its forms (RCEP for 区域全面经济伙伴关系协定); not "how long did it
    # take to rebuild the website", which names a thing of its own
    words_of_its_own = (
        set(re.findall(r"[a-z]+", part.lower())) - STOPWORDS - GENERIC - set(asked.asked_noun.lower().split())
    )
    named = [e for e in find_entities(query.parts[0]) if glossary.proper(e) and e not in QUESTION_WORDS]
    things: list[set[str]] = []
    pointing = re.search(r"\b(?:it|its|they|them|their|this|that|these|those)\b", part, re.I)
    for name in named if units and pointing and not (weights or words_of_its_own) else []:
        forms = {name.lower(), *(z.lower() for z in glossary.synonyms(name))}
        same = [t for t in things if t & forms]
        things = [t for t in things if not t & forms] + [forms.union(*same)]

    # "…什么时候动工、预计哪年完工": the event a part asks when of (完工) is said by any verb of it (预计…完成, 竣工)
    event = asked_event(part, query.lang) if dated else ""

    def fits(q: Quote) -> bool:
        if units:
            return any(in_units(f, units, q.text, q.start) for f in q.figures)
        if dated:  # a date, of the event asked if one is (a start is said in too many ways: 投入运营, 开通)
            return bool(DATE_MARK.search(q.text)) and (event in ("", "start") or dates_event(q.text, event))
        # "what was the total trade": an amount (1.69万亿元), not a count of batches (前四批) beside the words
        return any(f.get("kind") != "count" for f in q.figures) if amount else bool(q.figures)

    acronyms = {
        t: forms for t in weights if (forms := [z.lower() for z in glossary.synonyms(t) if z.isascii()])
    }
    event_terms = {t for t in weights if event and dates_event(t, event)}

    # "…, and when did the first edition take place?": a sentence of another edition answers no such part
    edition = next(iter(find_editions(part)), None) if len(query.parts) > 1 else None
    edition = None if edition == query.edition else edition  # the question's own edition, not another

    def of_edition(q: Quote) -> bool:
        return edition is None or names_edition(q.text, edition)

    def covers(q: Quote) -> float:
        # The words of what is quoted: a sentence before it that is not quoted answers no part.
        quoted = [
            t for start, end, _, t, _ in selector.sentences(q.hit.chunk) if q.start <= start and end <= q.end
        ]
        own = set().union(*quoted) if quoted else set(q.tokens)
        # a term written as its acronym (二十国集团 as G20), with the words inside it
        text = q.text.lower()
        other = {t for t, forms in acronyms.items() if t not in own and any(z in text for z in forms)}
        own |= other | {t for t in weights if any(t in o for o in other)}
        own |= event_terms if event_terms and dates_event(q.text, event) else set()
        share = sum(any(f in text for f in t) for t in things) / len(things) if things else 0.0
        # ... in the passage of a sentence chosen (of the thing "it" is), not 特别峰会 for "what's special"
        beside = any(c.hit.chunk.chunk_id == q.hit.chunk.chunk_id for c in chosen)
        share = share or (
            float(bool(senses & _outside_names(own, q.text)) and beside)
            if senses
            else weight_share(weights, own, total)
        )
        # "…, and when was it handed over?", "when's the expansion due": a sentence beside dating that event (交付)
        share = max(share, float(bool(event) and beside and dates_event(q.text, event)))
        # the edition a part names itself, in a sentence on the question's topic ("the first edition": 首届…论坛)
        share = share or float(edition is not None and of_edition(q) and q.coverage >= W.MIN_COVERAGE)
        return share + (W.PART_FIGURE_BONUS if fits(q) and not senses else 0.0)

    if any(covers(c) >= W.PART_COVERED and (fits(c) or not needs) and of_edition(c) for c in chosen):
        return None
    # "…, and how fast did it grow?" names nothing: a chosen sentence with the figure answers it
    if counted and not terms and any(map(fits, chosen)):
        return None
    ranked = sorted(
        (
            c
            for c in cands[:40]
            if not any(off_topic(c, q, selector, query, key_names, carried) for q in chosen)
        ),
        key=lambda c: (
            not of_edition(c),
            needs and not fits(c),  # a date asked: dated ones
            -covers(c),
            -c.score,
        ),
    )
    for cand in ranked:
        if not any(
            (c.start < cand.end and cand.start < c.end and c.hit.chunk.doc_id == cand.hit.chunk.doc_id)
            or c.text.strip() == cand.text.strip()  # the same sentence in the other report
            for c in chosen
        ):
            # a part naming nothing of its own ("at what event") is of what the whole question asks about, and a
            # later one of the place or thing the first part names (not another country's yearly output)
            first = find_entities(query.parts[0]) if part != query.parts[0] else []
            names = [e for e in first if glossary.proper(e)]
            shares = any(map(glossary.proper, asked.entities)) or (
                cand.coverage >= W.MIN_COVERAGE and (not names or any(n in cand.context for n in names))
            )
            answers = covers(cand) >= W.PART_ANSWER and (fits(cand) or not needs) and of_edition(cand)
            return cand if answers and shares else None
    return None


_MONTH = re.compile(r"(?:1[0-2]|[1-9]|[一二三四五六七八九十]{1,2})月")


def _outside_names(own: set[str], text: str) -> set[str]:
    """A sentence's words but those inside a name (伙伴 of 区域全面经济伙伴关系协定 is no "partners" said)."""
    glossary = load_glossary()
    names = (term for term in glossary.chinese_terms(text) if glossary.proper(term))
    return own - {t for term in names for t in search_tokens(term) if t != term}


def off_topic(
    cand: Quote,
    best: Quote,
    selector: ExtractiveAnswerer,
    query: Query,
    key_names: list[tuple[str, list[str]]],
    carried: bool = False,
) -> bool:
    """A sentence of another passage than the best one's, not about what the question names and naming another
    party (南欧江… when 额勒赛… is asked): it adds nothing, though it shares the question's other words. With
    `carried`, the names are the conversation's: whether it is about them is read from its passage here."""
    if cand.hit.chunk.chunk_id == best.hit.chunk.chunk_id:
        return False
    # the things the question names (额勒赛, 柬埔寨), not a month ("June": 6月)
    names = [(n, f) for n, f in key_names if not all(map(_MONTH.fullmatch, f))]
    where = f"{cand.hit.chunk.section}{cand.box}{cand.context}".lower()
    about = names_any(where, names) if carried else not cand.features.get("not_about_key")
    if not names or about:
        return False
    # its passage names none of them (when no later part names a thing of its own: "…, and how short was Hainan's
    # list?"), or it names another party of its own
    glossary = load_glossary()
    own = any(glossary.proper(e) for part in query.parts[1:] for e in find_entities(part))
    unnamed = not own and not names_any(cand.hit.chunk.text.lower(), names)
    return unnamed or selector.abstention.names_another(
        cand.text + (cand.box or box_title(cand.hit.chunk)), names, query
    )


def adds_nothing(
    cand: Quote,
    best: Quote,
    selector: ExtractiveAnswerer,
    query: Query,
    key_names: list[tuple[str, list[str]]],
    carried: bool = False,
) -> bool:
    """A sentence related to the best one that adds nothing: not of the thing "it" is (a sentence about another
    plant), or about another thing than the question names in another passage."""
    pointed = pointed_back(query)
    return (
        bool(pointed)
        and not any(p in cand.context for p in pointed)
        or off_topic(cand, best, selector, query, key_names, carried)
    )


def part_without_figure(query: Query) -> bool:
    """Whether a part of a question in parts asks no figure, share or date ("what did they add, and how many …")."""
    parts = query.parts if len(query.parts) > 1 else []
    return any(not {"quantity", "percentage", "date"} & set(analyze(p).kinds) for p in parts)


def answered_parts(
    selector: ExtractiveAnswerer, query: Query, hits: list[Hit], terms: dict[str, float]
) -> Draft | None:
    """ "…多少？…多少？": the parts the reports answer, each asked alone, as one answer (None when none is)."""
    drafts = (selector.choose(part_query(query, part), hits) for part in query.parts)
    answered = [d for d in drafts if not d.abstained]
    quotes = list({(q.hit.chunk.doc_id, q.start): q for d in answered for q in d.quotes}.values())
    quotes.sort(key=lambda q: (q.hit.chunk.doc_id, q.start))
    return Draft("", False, quotes, [], terms=terms) if answered else None
