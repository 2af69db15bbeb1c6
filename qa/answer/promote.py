"""Putting a close second first: when the best sentence lacks what is asked (the month, the edition, the kind of
thing, who did it) and a close second has it, and the abstention rules accept the second."""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from qa.answer.asked_noun import counted_forms, counts_a_part, noun_terms
from qa.answer.asks_for import says_asked
from qa.answer.editions import names_edition
from qa.answer.focus import asked_months
from qa.answer.followup import last_answer, quoted_or_stated
from qa.answer.read_on import beside
from qa.core import weights as W
from qa.text.glossary import load_glossary
from qa.text.lexicon import GENERIC, STOPWORDS

if TYPE_CHECKING:
    from qa.answer.analyze import Query
    from qa.answer.stand_in import Wanted
    from qa.answer.types import Quote
    from qa.store.corpus import Corpus
    from qa.store.faiss.index import Index

_THIS_ONE = re.compile("[本这该此][届批期]")  # 本届进博会: the edition the passage speaks of
# a day asked: 哪天, 几号, 几月几日, "what date", "which day" (not "what day of the week")
_DAY_ASKED = re.compile(r"哪一?天|几号|几月几[日号]|\b(?:what|which|exact) (?:date|day)\b", re.IGNORECASE)
_DAY = re.compile(r"\d{1,2}\s*月\s*\d{1,2}\s*[日号]")


def dated_to_the_day(quote: Quote) -> bool:
    """The sentence, or the chronicle entry it is under (36. 11月4日…开幕), gives a date to the day."""
    return bool(_DAY.search(quote.text) or _DAY.search(quote.hit.chunk.section.rsplit(">", 1)[-1]))


_MONTH_END = re.compile(r"\bend of [A-Z][a-z]+\b|\d\s*月\s*[底末]")  # "by the end of January", "1月底"


class Promotions(ABC):
    """The promotions of `Abstention`, whose `reason` decides whether a promoted candidate answers."""

    index: Index
    corpus: Corpus

    @abstractmethod
    def reason(self, query: Query, cands: list[Quote], key_names: list[tuple[str, list[str]]]) -> str:
        """Why the best sentence does not answer the question; empty when it does."""

    def promote(
        self,
        query: Query,
        cands: list[Quote],
        key_names: list[tuple[str, list[str]]],
        holds: Callable[[Quote], bool],
        reach: tuple[int, float] = (W.ALTERNATIVES, W.RELATED),
    ) -> list[Quote] | None:
        """The candidates with a close second first: the first that holds what the best lacks and that the
        rules accept. `reach`: how many candidates, down to what share of the best's score."""
        for alt in cands[1 : reach[0]]:
            if alt.score < reach[1] * cands[0].score:
                break
            if holds(alt):
                rest = [alt] + [c for c in cands if c is not alt]
                if not self.reason(query, rest, key_names):
                    return rest
        return None

    def month_first(
        self, query: Query, cands: list[Quote], key_names: list[tuple[str, list[str]]]
    ) -> list[Quote]:
        """ "… by January 2021": of close candidates for the same year, one dated that month comes first (the
        January count, not the same count as of June); "by the end of January", one as of its end (截至…1月底); for
        "the 27th meeting", one naming that edition before one naming others, or (in its own words) one naming
        none (本届 names one)."""
        best = cands[0].features
        if query.edition and best.get("other_edition"):
            cands = (
                self.promote(query, cands, key_names, lambda a: bool(a.features.get("edition_fit"))) or cands
            )
        elif names_edition(query.question, query.edition) and not (
            best.get("edition_fit") or _THIS_ONE.search(cands[0].text)
        ):  # an edition the question names itself (not one the conversation carried)
            cands = (
                self.promote(query, cands, key_names, lambda a: names_edition(a.text, query.edition)) or cands
            )
        if _DAY_ASKED.search(query.question) and not dated_to_the_day(cands[0]):
            # "哪天签的", "on what date": one dated to the day (its entry's title: 9月14日…签署) before one dated
            # to the month (9月，…签署…)
            far = (W.FAR_ALTERNATIVES, W.FAR_RELATED)
            cands = self.promote(query, cands, key_names, dated_to_the_day, far) or cands
        months = asked_months(query.question)  # its own words: a month carried over is only a preference
        if not months or any(m in cands[0].text for m in months):
            return cands
        ends = [f"{m}{end}" for m in months for end in "底末"] if _MONTH_END.search(query.question) else []
        far = (W.FAR_ALTERNATIVES, W.FAR_RELATED)  # a month asked is a time, looked for as far as a date is
        # of those dated that month, one counting the whole asked before one counting a part (非洲国家 for 国家)
        counted = counted_forms(query, self.index.lexicon, self.corpus)

        def whole(alt: Quote) -> bool:
            return any(m in alt.text for m in months) and not counts_a_part(alt, counted, query)

        return (
            (
                ends
                and self.promote(query, cands, key_names, lambda alt: any(m in alt.text for m in ends), far)
            )
            or (counted and self.promote(query, cands, key_names, whole, far))
            or self.promote(query, cands, key_names, lambda alt: any(m in alt.text for m in months), far)
            or cands
        )

    def answer_type_first(
        self, query: Query, cands: list[Quote], key_names: list[tuple[str, list[str]]]
    ) -> list[Quote]:
        """ "What award did … win?": when the best sentence names no award (it is about the plant) and a close
        second does (it says what the plant won), the second comes first; "Who organised it?", one saying by whom."""
        forms = self.type_forms(query)

        def names_it(quote: Quote) -> bool:
            return says_asked(query.asks_for, query.asked, forms, outside_names(quote.text, forms))

        if not (forms or query.asks_for) or names_it(cands[0]):
            return cands
        # a follow-up asking a new thing of the sentence the last answer quoted (or stated a figure of): one beside
        # it is of the same thing
        best = cands[0]
        last = last_answer(query.history)
        again = query.followup and quoted_or_stated(cands[0], last)
        # the sentence the last answer gave does not say it: one saying it is looked for as far as a date is
        promoted = self.promote(
            query,
            cands,
            key_names,
            names_it,
            (W.FAR_ALTERNATIVES, W.FAR_RELATED) if again else (W.ALTERNATIVES, W.RELATED),
        )
        if promoted or not again and (query.asks_for or not forms or "list" in query.kinds):
            return promoted or cands  # a statement (why, when) or a list is not read on from a passage's best
        # else one beside it in its passage ("2019年，该项目…被…授予…奖" after the project's sentence); after a
        # follow-up, read with the sentence the last answer quoted, as its coverage (论坛…以“…”为主题 after 80余位政府官员)
        near = [cands[0]] + [
            replace(c, coverage=max(c.coverage, cands[0].coverage)) if again and beside(c, best) else c
            for c in cands[1:]
        ]
        return (
            self.promote(
                query,
                near,
                key_names,
                lambda alt: beside(alt, best) and names_it(alt),
                (W.ALTERNATIVES, W.SAME_PASSAGE_RELATED),
            )
            or cands
        )

    def type_forms(self, query: Query) -> list[str]:
        """How a sentence would name what the answer is one of (the question's `answer_type`)."""
        noun = query.answer_type
        if query.lang == "zh":
            return [noun] if noun else []
        words = [w for w in noun.lower().split() if w not in GENERIC | STOPWORDS]
        # the head names the kind ("zone" of "existing zone"): a sentence seldom repeats a modifier (现有)
        forms = noun_terms(noun, words[-1:], self.index.lexicon, self.corpus) if words else []
        # a list closed by 等 and the one character of the kind: 厄立特里亚、肯尼亚…等国, 内蒙古、广西…等省
        return forms + [f"等{_ONE_CHARACTER[f]}" for f in forms if f in _ONE_CHARACTER]


_ONE_CHARACTER = {"国家": "国", "省份": "省", "城市": "市"}


def outside_names(text: str, forms: list[str]) -> str:
    """The text without the names that open with a form, as a word qualifying what they name (国家中医药管理局, an
    administration, names no country; 日本旅游博览会 is still a tourism fair)."""
    glossary = load_glossary()
    for start, term in reversed(glossary.spans(text)):
        if glossary.proper(term) and any(term.startswith(f) and term != f for f in forms):
            text = text[:start] + "。" * len(term) + text[start + len(term) :]
    return text


def promoted_order(found: list[Quote] | None, cands: list[Quote], lacking: Wanted) -> list[Quote] | None:
    """The candidates once a stand-in is found: the rest in the order of their scores again when a year was looked
    for (the sentences saying it first); without the best when it was about another party (7万户家庭 of Garissa is
    no extra quote on Cambodia's power prices)."""
    if not found:
        return found
    if lacking.subject:
        found = [c for c in found if c is not cands[0]]
    if lacking.drifted:  # after a drift, only sentences naming the conversation's subject
        names = [n for n in lacking.names if load_glossary().proper(n)]
        found = [found[0], *(c for c in found[1:] if any(n in c.context for n in names))]
    return [found[0], *(c for c in cands if c is not found[0])] if lacking.year else found
