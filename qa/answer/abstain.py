"""When to abstain: the best sentence must be about what the question names and asks for, in the asked year."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from qa.answer.analyze import Query, analyze, find_entities, find_years
from qa.answer.asked_edition import edition_reason
from qa.answer.asked_noun import asked_noun_reason
from qa.answer.asked_parts import person_units
from qa.answer.asked_place import is_place
from qa.answer.asks_for import makes_statement
from qa.answer.carried import asks_part_of, part_of_carried_reason, pointed_back
from qa.answer.dates import entry_dates_another, since_years, years_stated_elsewhere
from qa.answer.dimension import DURATION_UNITS, dimension_reason, gives_rate, said_by_unit
from qa.answer.edition_span import edition_span
from qa.answer.flow import event_reason, stock_reason, total_reason
from qa.answer.focus import month_forms, part_of_a_name, short_forms, zh_names
from qa.answer.followup import subjectless
from qa.answer.generic_agents import generic_agent_reason
from qa.answer.items import count_only_reason
from qa.answer.named import (
    cited,
    inside_names_only,
    listed_reason,
    missing_name,
    name_forms,
    names_any,
    only_listed,
    pairs_of,
    without_qualifiers,
    written_otherwise,
)
from qa.answer.parts import part_reason
from qa.answer.promote import Promotions
from qa.answer.query import ABSTAINED
from qa.answer.scoring import item_numbers
from qa.answer.spoken import focus_reason, in_reports
from qa.answer.subsets import subset_reason
from qa.answer.term_match import counted_in_words
from qa.core import weights as W
from qa.ingest.time_scope import over_years
from qa.store.corpus import Corpus
from qa.store.faiss.index import Index
from qa.text.glossary import load_glossary
from qa.text.numbers import MONEY_UNITS
from qa.text.tokenize import cut, search_tokens
from qa.text.word_forms import demonym_bases

if TYPE_CHECKING:
    from qa.answer.types import Quote

AbstentionRule = Callable[[Query, "list[Quote]", "list[tuple[str, list[str]]]"], str]
"""A named check: why the best candidates do not answer the question, or "" when it finds nothing wrong."""

# three capitals or more: CPTPP; G20 is not one
_EN_ACRONYM = re.compile(r"\b[A-Z][A-Z\d]*[A-Z][A-Z\d]*[A-Z]\b")
_LATIN_NAME = re.compile(r"\b[A-Z][a-z]{3,}\b")
# A sentence that points back to what the sentence before named: 该桥, 此项目, 上述企业, 其中, 同月 (its month).
_REFERS_BACK = re.compile("该|此|上述|这|其|它|同[年月日]|当[年月日]")
# The ordinal of a thing set up one after another: 第10个鲁班工坊 says ten so far.
_FITS = ("unit_fit", "list_fit")
ORDINAL_COUNT = re.compile(r"第\s*\d+\s*[个家座所条批项]")


def _later_parts_only(query: Query) -> bool:
    """ "How many doses …, and by May 2021 how many countries …": the year is of the second part, not the first."""
    first, *later = [set(find_years(p)) & set(query.years) for p in query.parts] or [set()]
    return bool(later) and not first and any(later)


class Abstention(Promotions):
    """Decides whether the reports answer a question, from the best candidate sentences."""

    def __init__(self, index: Index, corpus: Corpus) -> None:
        self.index = index
        self.corpus = corpus
        self._n = corpus.passages
        names = [n for d in index.documents.values() for n in (d.title, d.title_en, d.publisher, *d.aliases)]
        self._report_names = tuple({n.lower() for n in names if n})  # and what people call the reports
        self.mentions = corpus.mentions
        names = index.lexicon.names.items()  # the parties a passage may name; not two (China-USA: 中美)
        self._parties = frozenset(f for en, forms in names if "-" not in en for f in forms if len(f) >= 2)

    def _has_bare(self, term: str) -> bool:
        return self.corpus.contains(term, bare=True)

    def report_years(self, quote: Quote) -> set[int]:
        """The years a sentence with no year of its own speaks of: its report's year and the one before."""
        year = find_years(self.index.documents[quote.hit.chunk.doc_id].date)
        return {year[0] - 1, year[0]} if year else set()

    def reason(self, query: Query, cands: list[Quote], key_names: list[tuple[str, list[str]]]) -> str:
        """Why the best sentence does not answer the question, or "" (`key_names` from `self.key_names`, once)."""
        return self.judge(query, cands, key_names)[1]

    def judge(
        self, query: Query, cands: list[Quote], key_names: list[tuple[str, list[str]]]
    ) -> tuple[str, str]:
        """The name of the first rule that objects and why, or ("", "") when none does."""
        for name, rule in self.rules():
            why = rule(query, cands, key_names)
            if why:
                return name, why
        return "", ""

    def rules(self) -> list[tuple[str, AbstentionRule]]:
        """The named rules, in the order they are asked."""
        return [
            ("no_passages", lambda query, cands, _: "" if cands else "no passages"),
            ("weak_match", self._weak_match),
            ("asked_time", self._asked_time),
            ("asked_edition", lambda query, cands, _: edition_reason(query, cands, self.corpus.contains)),
            ("name_not_in_reports", self._name_not_in_reports),
            ("not_about_named", self._not_about_named),
            ("drifted", self._drifted),
            ("not_of_carried", lambda q, c, _: part_of_carried_reason(q, c[0].context, c[0].text)),
            ("named_only_in_list", lambda query, cands, key_names: listed_reason(query, cands[0], key_names)),
            ("asked_part", lambda query, cands, _: part_reason(query, cands[0])),
            ("asked_subset", lambda query, cands, _: subset_reason(query, cands[0])),
            ("count_only", lambda query, cands, _: count_only_reason(query, cands[0], self.index.lexicon)),
            ("no_figure", self._no_figure),
            ("asked_dimension", self._asked_dimension),
            ("asked_rate", self._asked_rate),
            ("asked_new", lambda query, cands, _: stock_reason(query, cands[0])),
            ("asked_total", lambda query, cands, _: total_reason(query, cands[0])),
            ("no_date", self._no_date),
            ("generic_agent", lambda query, cands, _: generic_agent_reason(query, cands[0])),
            ("other_event", lambda query, cands, _: event_reason(query, cands[0])),
            ("asked_thing_missing", self._asked_thing_missing),
        ]

    @staticmethod
    def _weak_match(query: Query, cands: list[Quote], key_names: list[tuple[str, list[str]]]) -> str:
        # not a follow-up still about the sentence the last answer stated a figure of, in the unit asked or listing
        on = cands[0].features.get("answered_before", 0) * max(cands[0].features.get(f, 0) for f in _FITS)
        on = (
            on or edition_span(query.question) and cands[0].features.get("edition_fit")
        )  # 三届…累计 for 三届呢
        if cands[0].coverage < W.MIN_COVERAGE and not on:
            return f"weak match (coverage {cands[0].coverage:.2f} < {W.MIN_COVERAGE})"
        return ""

    def _asked_time(self, query: Query, cands: list[Quote], key_names: list[tuple[str, list[str]]]) -> str:
        """A quantity in an asked year needs a candidate that speaks of it; any answer must be about that year."""
        best = cands[0]
        # the year came with the conversation, or scopes a later part only (each part is checked)
        if query.years_inherited or _later_parts_only(query):
            return ""
        if query.years and query.kind in ("quantity", "percentage"):
            # The chosen sentence must speak of the asked year (a close second that does may answer: `choose`).
            asked = set(query.years)
            # The years its figures hold for, when they are dated: "比2019年底增加37个" in a sentence of 2020 figures
            # compares with 2019 and gives nothing of it.
            measured = [f for f in best.figures if f.get("unit") not in DURATION_UNITS]
            if (
                not query.over_period
                and measured
                and all(over_years(f) for f in measured)
                and _YEARS.search(best.text)
            ):
                return f"asked year {sorted(asked)} not covered (the best gives totals over years)"
            dated = {f["year"] for f in best.figures if f.get("year")}
            stated = (set(find_years(best.text)) | best.years) - since_years(best.text)  # not 自2004年…以来
            seen = dated or stated or years_stated_elsewhere(best, cands)
            # A sentence with no year of its own in a report of 2021 speaks of 2020 or 2021, not of 2015.
            if seen & asked or not seen and self.report_years(best) & asked:
                return ""
            if query.over_period and any(over_years(f) for f in best.figures):
                return ""  # "since 2013": a total over the years (七年间…累计) whatever year it starts from
            return f"asked year {sorted(asked)} not covered"
        if query.years and not (best.years or self.report_years(best)) & set(query.years):
            spoken = sorted(best.years or self.report_years(best))
            return f"the best passage is about {spoken}, not {sorted(query.years)}"
        return ""

    def _name_not_in_reports(
        self, query: Query, cands: list[Quote], key_names: list[tuple[str, list[str]]]
    ) -> str:
        named = self.names(query.question, query.lang, terms=True)
        absent = [
            name
            for name, forms in named
            if not any(in_reports(f, self._has_bare) for f in forms)
            and not written_otherwise(query.question, name, self.corpus.contains, cands[0].hit.chunk.text)
        ]
        return f"not mentioned in the reports: {', '.join(absent)}" if absent else ""

    def _not_about_named(
        self, query: Query, cands: list[Quote], key_names: list[tuple[str, list[str]]]
    ) -> str:
        """A name the question gives (巴西, Kenya) must be what the chosen passage is about: the sentence, the one
        before it or its heading names it; not the one before it when the sentence names another party of its own
        (马达加斯加, after 塞内加尔) and does not point back (该桥), nor when a part of an amount is asked."""
        best = cands[0]
        # "According to the World Bank, …": who says it is named in the passage, not in each sentence of it
        passage = best.hit.chunk.text.lower()
        key_names = [k for k in key_names if not (cited(query.question, k[0]) and names_any(passage, [k]))]
        # "该桥…": the bridge named before; "第二，…": an item of what the sentence before introduced
        refers_back = _REFERS_BACK.search(best.text[: W.REFERENCE_SPAN]) or item_numbers(best.text[:4])
        before = self.corpus.text(best.hit.chunk.doc_id, max(0, best.start - W.PARAGRAPH_REACH), best.start)
        # a party named with the asked name just before is of that topic (加里萨…由肯尼亚能源部筹建。肯尼亚电力部门…)
        with_asked = any(f in before for _, forms in key_names for f in forms)
        near = self._parties.intersection(search_tokens(before)) if with_asked else set()
        topic = key_names + [(p, [p]) for p in near]
        another = bool(key_names) and not refers_back and self.names_another(best.text, topic, query)
        own = another or asks_part_of(query)  # "How much of that went to China?": a sentence giving its part
        went_on = (query.history, self.corpus.figures_of(best.hit.chunk)) if pointed_back(query) else None
        name = missing_name(best, key_names, own, self._parties, before, went_on)
        return f"the best passage is not about {name}" if name else ""

    def _drifted(self, query: Query, cands: list[Quote], key_names: list[tuple[str, list[str]]]) -> str:
        """A follow-up naming nothing nor pointing at a thing: not a sentence of another rare party (本届东博会…)."""
        if key_names or not query.followup or query.standalone or _POINTED.search(query.asked):
            return ""
        subject = self.conversation_subject(query)
        # the paragraph or box the best is in may have named the subject (加里萨…。该电站…。由肯尼亚能源部筹建…)
        best = cands[0]
        before = self.corpus.text(best.hit.chunk.doc_id, max(0, best.start - W.PARAGRAPH_REACH), best.start)
        where = f"{before[before.rfind(chr(10)) + 1 :]} {best.context} {best.hit.chunk.section}{best.box}"
        if not subject or names_any(where.lower(), subject):
            return ""
        unnamed = not names_any(best.hit.chunk.text.lower(), subject)  # nor a passage that never names it
        drifted = unnamed or self.names_another(best.text, subject, query)
        return f"the best passage is about another party than {subject[0][0]}" if drifted else ""

    def conversation_subject(self, query: Query) -> list[tuple[str, list[str]]]:
        """The key names of the last question that gave any: what a follow-up naming none is about."""
        users = (t.get("content", "") for t in reversed(query.history) if t.get("role") == "user")
        return next((named for u in users if (named := self.key_names(analyze(u)))), [])

    def names_another(self, text: str, key_names: list[tuple[str, list[str]]], query: Query) -> bool:
        """The text names a party the question does not: a name few passages mention, not a bare list item
        (产品获得英国、韩国、日本等10多个国家的认证) nor part of a term asked (通道, a county, of 陆海新通道)."""
        asked = {f for _, forms in key_names for f in forms} | set(query.entities)
        # "What about Beijing?" after a question of Shanghai: the place carried is not asked, the one named is
        if any(is_place(forms[0]) for _, forms in key_names if forms):
            asked -= {e for e in query.extra_terms if is_place(e)}
        named = self._parties.intersection(search_tokens(text))  # the sentence's words, not every name's
        # not inside an everyday word (中西 of 中西部, "central and western"), nor a piece of a name (比亚 of 埃塞俄比亚)
        everyday = [w for w in cut(text) if w in self.index.lexicon.common_only] + list(named)
        named = {f for f in named if text.count(f) > sum(w.count(f) for w in everyday if w != f)}
        others = [f for f in named if not any(f in a or a in f for a in asked) and not only_listed(text, f)]
        return any(0 < self.mentions(f) <= W.SPECIFIC_SHARE * self._n for f in others)

    @staticmethod
    def _no_figure(query: Query, cands: list[Quote], key_names: list[tuple[str, list[str]]]) -> str:
        best = cands[0]
        counted = query.kind in ("quantity", "percentage")
        # 第三次 counts times, not an amount of money asked ("how much did China contribute")
        money = bool(query.asked_units & MONEY_UNITS)
        if counted and not best.figures and (money or not counted_in_words(query.question, best.text)):
            return "the best passage gives no figure"
        return ""

    @staticmethod
    def _asked_dimension(query: Query, cands: list[Quote], key_names: list[tuple[str, list[str]]]) -> str:
        """ "How much land": figures all in other units (50兆瓦) give no area; "how many panels": no measure counts;
        "how many passengers": people, and no figure counts any (63.94万吨, 第6位)."""
        if query.asks_for == "ordinal" and makes_statement("ordinal", cands[0].text):
            return ""  # "第几次会晤？": 第十二次会晤 answers, a figure of the sentence (5年) is not what is asked
        people = person_units(query.asked_noun) if query.lang == "en" and query.kind == "quantity" else set()
        units = query.asked_units or frozenset(people)
        best = cands[0]
        return dimension_reason(query.asked, query.lang, units, best.figures, best.text, best.start)

    @staticmethod
    def _asked_rate(query: Query, cands: list[Quote], key_names: list[tuple[str, list[str]]]) -> str:
        """ "What share … is that?": a passage whose figures are all amounts (186.9亿美元) gives no share or rate."""
        rate = query.kind != "percentage" or gives_rate(cands[0].figures, query.asked, query.lang)
        return "" if rate else "the best passage gives no share or rate"

    @staticmethod
    def _no_date(query: Query, cands: list[Quote], key_names: list[tuple[str, list[str]]]) -> str:
        """ "When did … open?": the best passage must give a date (in the sentence or its dated heading), of the
        event asked (协定生效之日起 under "9月14日…签署…协定" gives none for "When did it come into force?")."""
        dated = cands[0].features.get("date_fit") and not entry_dates_another(cands[0], query)
        return "the best passage gives no date" if query.kind == "date" and not dated else ""

    def _asked_thing_missing(
        self, query: Query, cands: list[Quote], key_names: list[tuple[str, list[str]]]
    ) -> str:
        if query.asks_for == "target" and makes_statement("target", cands[0].text):
            return ""  # "the target year": 到2035年 is the year a goal is set for
        if query.lang == "zh":
            if said_by_unit(query.focus, cands[0].figures, query.asked_units):
                return ""  # "投入多少资金": an amount in a currency speaks of the funds without the word
            return focus_reason(query.focus, cands[0].text, self.corpus.contains)
        if query.focus:  # "What did Kagame say about vaccines?"
            return focus_reason(query.focus, cands[0].text, self.corpus.contains)
        return asked_noun_reason(query, cands[0] if cands else None, self.index.lexicon, self.corpus)

    def names(self, question: str, lang: str, terms: bool = False) -> list[tuple[str, list[str]]]:
        """Names a question gives (with `terms`, domain terms too), each with the forms the reports use."""
        glossary = load_glossary()
        if lang == "zh":  # 外国 is tagged a place, but is no name (its dictionary senses are everyday words)
            common = self.index.lexicon.common_only
            everyday = {n for n in zh_names(question) if n in common and not glossary.proper(n)}
            names = [n for n in zh_names(question, terms=terms) if n not in everyday]
            names = [n for n in names if not inside_names_only(n, self.corpus)]  # 新加 of 新加坡
            latin = {n: glossary.expand_english(n) for n in names if n.isascii()}  # ISO: 国际标准化组织 too
            return [(n, [n, *glossary.other_names(n), *latin.get(n, [])]) for n in names]
        lexicon = self.index.lexicon
        out = []
        for name, forms in lexicon.names_in(question, glossary.unmatched_english(question)):
            if name in lexicon.common or part_of_a_name(name, question, lexicon.names):
                continue  # "Chinese", "North": everyday words as much as names; "America" of "China-Latin America"
            forms = short_forms(forms + glossary.expand_english(name) + month_forms(name) + pairs_of(name))
            for base in demonym_bases(name):  # "Japanese" is present when Japan is
                forms = forms + lexicon.names.get(base, []) + glossary.expand_english(base)
            out.append((name, forms))
        # "the Sweihan solar project": a capitalised word no dictionary knows that the reports write as it is
        latin = _LATIN_NAME.findall(glossary.unmatched_english(question))
        latin = [w for w in latin if not lexicon.expand(w.lower()) and self.mentions(w.lower())]
        out += [(w, [w.lower()]) for w in latin if not question.startswith(w) and all(w != n for n, _ in out)]
        if terms:  # an acronym is a name, whether or not the dictionary knows it (CPTPP, FTZ)
            unmatched = glossary.unmatched_english(question).split()  # not the "CDC" of "Africa CDC"
            for acronym in dict.fromkeys(_EN_ACRONYM.findall(question)):
                if acronym in unmatched and all(acronym.lower() != n.lower() for n, _ in out):
                    low, en = acronym.lower(), glossary.expand_english(acronym)
                    forms = [low, *en, *glossary.spelled_by(acronym), *glossary.written_with(acronym)]
                    out.append((acronym, forms + lexicon.expand(low)))
        return out

    def key_names(self, query: Query) -> list[tuple[str, list[str]]]:
        """Names the question gives that few passages mention (巴西, Kenya; not 中国), with lower-cased forms."""
        out = []
        named = self.names(query.question, query.lang) + self._rare_terms(query)
        self.corpus.warm([f.lower() for _, forms in named for f in forms if len(f) >= 2], "m")
        # "How many of those are in Africa?": a part asked is named by itself, not by 中非科技创新合作中心
        part = asks_part_of(query)
        for name, forms in named:
            paired = pairs_of(name) if part else []
            forms = [f.lower() for f in forms if len(f) >= 2 and f not in paired]
            # 鼓励目录, as the reports call it after naming it
            forms += self.index.lexicon.also_written(forms)
            if any(f in alias for f in forms for alias in self._report_names):
                continue  # 兰瑞智库 names the report, not what it is about
            mentions = max((self.mentions(f) for f in forms), default=0)
            new = all(forms != seen and name != n for n, seen in out)
            if 0 < mentions <= W.SPECIFIC_SHARE * self._n and new:
                out.append((name, forms))
        glossary = load_glossary()
        if part:  # "How many of those went to the US?": the part asked, however often named
            own = query.entities[: len(query.entities) - len(query.extra_terms)]
            parts = [(glossary.to_english(e) or e if query.lang == "en" else e, [e.lower()]) for e in own]
            parts = [p for p in parts if not _OUTSIDE.search(query.question.split(p[0])[0][-_OUTSIDE_REACH:])]
            out += [p for p in parts if glossary.proper(p[1][0]) and all(p[1][0] not in f for _, f in out)]
        for e in pointed_back(query):  # "What's its capacity?": of the thing "it" is, however often named
            if all(e.lower() not in f for _, f in out):  # by any of its forms (欧洲联盟 for 欧盟)
                forms = dict.fromkeys(f.lower() for f in [e, *glossary.synonyms(e)] if not f.isascii())
                out.append((glossary.to_english(e) or e if query.lang == "en" else e, list(forms)))
        return without_qualifiers(query.question, query.lang, out)

    def _rare_terms(self, query: Query) -> list[tuple[str, list[str]]]:
        """Proper glossary terms the question gives that the reports seldom mention (中老铁路), with their forms. A
        follow-up asking again of another time only ("And by the end of 2021?") asks of what the earlier questions
        named."""

        def rare(z: str) -> bool:
            return self.mentions(z) <= W.RARE_SHARE * n

        n = self._n
        glossary = load_glossary()
        own = query.entities[: len(query.entities) - len(query.extra_terms)] or query.named_before
        own = own + [e for e in pointed_back(query) if e not in own]  # "… is it expected to generate?"
        # "2019年开了多少列？", "What was the number for 2019?": another year asked of the subject the conversation named
        anew = bool(query.years) and not query.years_inherited
        if not own and query.followup and anew and (query.lang == "en" or subjectless(query.question)):
            users = " ".join(t.get("content", "") for t in query.history if t.get("role") == "user")
            own = [e for e in query.extra_terms if e in find_entities(users)]
        out = []
        for term in own:
            # a place a stand-alone English question names (Cambodia), as a Chinese one's is: in few enough passages
            place = is_place(term) and not query.followup and self.mentions(term) <= W.SPECIFIC_SHARE * n
            place = place and query.lang == "en"
            if not glossary.proper(term) or not (rare(term) or place):
                continue
            # not a name inside it too common to tell what a passage is about (中国 of 中国进出口商品交易会)
            forms = {f for f in name_forms(term, rare) if self.mentions(f) <= W.SPECIFIC_SHARE * self._n}
            out.append((term, sorted(forms | {term}, key=len, reverse=True)))
        return out

    @staticmethod
    def text(query: Query) -> str:
        """A plain statement that the reports do not answer the question."""
        return ABSTAINED["zh" if query.lang == "zh" else "en"]


_POINTED = re.compile("[那这该此][个些项家次](?![月年])")  # 那个认证联盟: a thing named before, pointed at
# "readers outside China": the part is what the name is not
_OUTSIDE = re.compile(r"\b(?:outside|except|excluding|other than|beyond|apart from)\s+(?:the\s+)?$|除$", re.I)
_OUTSIDE_REACH = 20

# how a sentence says its totals are of several years: 七年间, 8年来, 2013年以来 (not 一年来)
_YEARS = re.compile(r"(?:[两二三四五六七八九十]|\d{1,2})年(?:间|来)|\d{4}年(?:以来|至今)")
