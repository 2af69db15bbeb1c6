"""Extractive answers: pick the supporting sentences from the hits and write them in the question's language."""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter
from dataclasses import dataclass, field

from qa.chunking import Chunk, split_sentences
from qa.figures import Figure, format_value_en
from qa.focus import abbreviates, asked_units, in_reports, month_forms, only_listed, zh_focus, zh_names
from qa.glossary import load_glossary
from qa.index import Index
from qa.lexicon import GENERIC, STOPWORDS, stem
from qa.question import Query, asked_noun, find_years, names_what_it_counts
from qa.retrieve import Hit, detect_language, english_terms
from qa.tokenize import search_tokens

# Calibrated on the dev set (qa eval): below MIN_COVERAGE the best sentence shares too little of the
# question's weighted terms to be an answer; RELATED keeps extra sentences close to the best one.
MIN_COVERAGE = 0.35
RELATED = 0.7
LEXICON_WEIGHT = 0.3
MAX_QUOTES = 3
MAX_FIGURES_EN = 6
# A count in Chinese numerals ("两次举行领导人峰会") is a figure too, though the extractor keeps Arabic ones.
_CN_COUNT = re.compile(r"[一二两三四五六七八九十百千]+[次个项家座条名位列批届轮份]")
# A name mentioned more often than this share of the passages is too common to decide aboutness.
SPECIFIC_SHARE = 0.2
RARE_SHARE = 0.02  # a glossary term mentioned no more often than this is a name the answer must be about
ALTERNATIVES = 5  # how many of the best sentences may stand in for the first when it misses the question
UNIT_BONUS = 0.2  # a figure in the unit the question counts in ("多少列", "how many households")
QUESTION_WORDS = frozenset(
    "多少 哪些 哪个 什么 如何 怎么 为什么 是否 几 哪 情况 分别 主要 目前 中国 一带 一路 一带一路".split()
)
_LIST_MARK = re.compile(r"[、，]")
_NUMBER_RUN = re.compile(r"(?:\d[\d.,]*\s+){4,}\d")


_PARTS = re.compile(
    r"[？?；;]|，?(?:并且|以及|另外)|,? and (?=how|what|which|when|where|who|why)", re.IGNORECASE
)


def question_parts(question: str) -> list[str]:
    """The separate things a question asks: "年产能多少？创造了多少就业岗位？" -> two parts."""
    return [p.strip() for p in _PARTS.split(question) if p and len(p.strip()) >= 4]


def is_chart_residue(text: str) -> bool:
    """Axis labels and data runs from a chart ("126.3 136.6 189.3 153.4 …"), not prose."""
    return _NUMBER_RUN.search(text) is not None


_DATE_MARK = re.compile(r"\d{1,2}月(?:\d{1,2}日)?|\d{4}年")
_EN_FILLER = frozenset(
    "what which when where how many much does did have has that this with from were was their there they about "
    "year years according report reports brief piece think tank china chinese countries country".split()
)


@dataclass
class Quote:
    """A sentence that supports the answer, with where it came from."""

    hit: Hit
    start: int  # offsets in the document's cleaned text
    end: int
    text: str
    score: float
    coverage: float
    figures: list[dict] = field(default_factory=list)
    context: str = ""  # the sentence with the one before it
    years: set[int] = field(default_factory=set)  # years it speaks of, stated or from its paragraph
    tokens: frozenset[str] = frozenset()  # index terms of the sentence and the one before it
    context_start: int = -1  # where the sentence before it starts (in the same chunk), if there is one


@dataclass
class Draft:
    """An answer before it is formatted for the caller."""

    answer: str
    abstained: bool
    quotes: list[Quote]
    related: list[Hit]
    reason: str = ""


class Answerer:
    """Chooses supporting sentences and writes Chinese or English extractive answers."""

    def __init__(self, index: Index) -> None:
        self.index = index
        df: Counter[str] = Counter()
        for chunk in index.chunks:
            df.update(set(search_tokens(chunk.text)))
        self._df = df
        self._n = max(1, len(index.chunks))
        self._sentences: dict[str, list[tuple[int, int, str, frozenset[str], list[int]]]] = {}
        self._figures: dict[str, list[dict]] = {}
        for fig in sorted(index.figures, key=lambda f: f["start"]):
            self._figures.setdefault(fig["doc_id"], []).append(fig)
        self._starts = {d: [f["start"] for f in figs] for d, figs in self._figures.items()}
        # What "in the reports" means for a name: the texts and what people call the reports.
        self._name_forms = frozenset(f for forms in index.lexicon.names.values() for f in forms)
        self._report_names = [
            n.lower()
            for d in index.documents.values()
            for n in (d.title, d.title_en, d.publisher, *d.aliases)
            if n
        ]
        self._texts = [
            " ".join([d.text, d.title, d.title_en, *d.aliases]).lower() for d in index.documents.values()
        ]

    def idf(self, term: str) -> float:
        """Inverse document frequency over chunks; a term the reports never use weighs most."""
        return math.log((self._n + 1) / (self._df.get(term, 0) + 0.5))

    def query_terms(self, query: Query) -> dict[str, float]:
        """Weighted terms the supporting sentence should contain."""
        general: list[str] = []
        question = query.standalone or query.question
        if detect_language(question) == "zh":
            # The question's own words, not the parts of its compounds: the sentence must have them whole.
            terms = [t for t in search_tokens(question, parts=False) if t not in QUESTION_WORDS]
        else:
            curated, broad = english_terms(question, self.index.lexicon)
            terms = [t for zh in curated for t in search_tokens(zh, parts=False)]
            terms += [t for t in search_tokens(question) if t in self._df]  # RCEP, years, numbers
            general = [t for zh in broad for t in search_tokens(zh, parts=False)]
        weights = {t: self.idf(t) for t in terms}
        for t in general:  # dictionary senses are less certain: they add to a match but are not required
            weights.setdefault(t, -LEXICON_WEIGHT * self.idf(t))
        for term in query.extra_terms:  # context from the history counts, but much less
            for t in search_tokens(term):
                weights.setdefault(t, 0.25 * self.idf(t))
        return weights

    def figures_in(self, doc_id: str, start: int, end: int) -> list[dict]:
        """Figures extracted from a span of a document."""
        figs = self._figures.get(doc_id, [])
        lo = bisect.bisect_left(self._starts.get(doc_id, []), start)
        hi = bisect.bisect_left(self._starts.get(doc_id, []), end)
        return [f for f in figs[lo:hi] if f["end"] <= end]

    def sentences(self, chunk: Chunk) -> list[tuple[int, int, str, frozenset[str], list[int]]]:
        """A chunk's sentences with offsets, index terms and years; tokenized once per process."""
        cached = self._sentences.get(chunk.chunk_id)
        if cached is None:
            text = self.index.documents[chunk.doc_id].text
            cached = [
                (
                    start,
                    end,
                    text[start:end],
                    frozenset(search_tokens(text[start:end])),
                    find_years(text[start:end]),
                )
                for start, end in split_sentences(chunk.text, chunk.start)
            ]
            self._sentences[chunk.chunk_id] = cached
        return cached

    def candidates(self, query: Query, hits: list[Hit]) -> list[Quote]:
        """Every sentence of the hits, scored against the question."""
        weights = self.query_terms(query)
        total = sum(w for w in weights.values() if w > 0) or 1.0
        asked = self.asked_words(query)
        units = self.asked_units(query)
        place = "place" in query.kinds
        keys = [[k.lower()] for k in self.key_entities(query)] + [forms for _, forms in self.key_names(query)]
        out = []
        for rank, hit in enumerate(hits):
            chunk = hit.chunk
            context_year: int | None = None
            previous: set[str] = set()
            before, before_start = "", -1
            for start, end, text, tokens, years in self.sentences(chunk):
                context_year = years[-1] if years else context_year
                coverage = _coverage(weights, tokens, total)
                # The sentence before often names what "该电站" or "其中" refers to.
                in_tokens = tokens | previous
                in_context = _coverage(weights, in_tokens, total)
                previous = tokens
                figures = self.figures_in(chunk.doc_id, start, end)
                score = 0.6 * coverage + 0.4 * in_context + 0.1 / (rank + 1)
                score += self._fit(query, text, figures, years, context_year, asked)
                if place and tokens & self._name_forms:
                    score += 0.08  # "在哪个城市": a sentence that names a place
                if units and any(f["unit"] in units for f in figures):
                    score += UNIT_BONUS  # "开行多少列": a figure in 列 is the count asked for
                if keys and not any(f in f"{before}{text}".lower() for forms in keys for f in forms):
                    score -= 0.3  # the question names something specific this sentence is not about
                if chunk.kind in ("caption", "note") or is_chart_residue(text):
                    score -= 0.3  # chart residue and captions are not answers
                seen = set(years) | {f["year"] for f in figures if f.get("year")}
                if not seen and context_year:
                    seen.add(context_year)
                quote = Quote(
                    hit,
                    start,
                    end,
                    text,
                    score,
                    max(coverage, in_context),
                    figures,
                    before + text,
                    seen,
                    in_tokens,
                    before_start,
                )
                out.append(quote)
                before, before_start = text, start
        return sorted(out, key=lambda q: -q.score)

    @staticmethod
    def asked_units(query: Query) -> set[str]:
        """Units of the figure the question counts in: 列 for "开行多少列", 户 for "how many households"."""
        return asked_units(query.standalone or query.question, query.lang, asked_noun(query.question))

    def key_entities(self, query: Query) -> list[str]:
        """Rare glossary terms the question names (中老铁路, 加里萨): an answer should be about them."""
        limit = max(3, 0.01 * self._n)
        own = query.entities[: len(query.entities) - len(query.extra_terms)]
        glossary = load_glossary()
        return [e for e in own if self._rare(e, limit) and (glossary.to_english(e) or "a")[:1].isupper()]

    def _rare(self, term: str, limit: float) -> bool:
        tokens = search_tokens(term)
        return bool(tokens) and min(self._df.get(t, 0) for t in tokens) <= limit and len(term) >= 3

    @staticmethod
    def asked_words(query: Query) -> set[str]:
        """Words naming the measured thing, to compare with figure labels."""
        if query.lang == "zh":
            return {t for t in search_tokens(query.question) if t not in QUESTION_WORDS and not t.isdigit()}
        return {w for w in re.findall(r"[a-z]{4,}", query.question.lower())} - _EN_FILLER

    @staticmethod
    def _fit(
        query: Query,
        text: str,
        figures: list[dict],
        years: list[int],
        context_year: int | None,
        asked: set[str],
    ) -> float:
        """Bonus for a sentence that has what is asked (a figure, a date, a list) and the asked year."""
        bonus = 0.0
        kinds = set(query.kinds) or {query.kind}
        if "quantity" in kinds and any(
            f.get("kind") not in ("percent", "growth", "share", "points") for f in figures
        ):
            bonus += 0.1
        if "percentage" in kinds and any(f["unit"] in ("%", "个百分点") for f in figures):
            bonus += 0.1
        if "date" in kinds and _DATE_MARK.search(text):
            bonus += 0.08
        if "list" in kinds and len(_LIST_MARK.findall(text)) >= 2:
            bonus += 0.08
        if figures and asked and kinds & {"quantity", "percentage"}:
            # The figure's own label names the thing asked about ("年均发电量" for "electricity … a year").
            best = max(
                sum(w in f"{f.get('label', '')} {f.get('label_en') or ''}".lower() for w in asked)
                for f in figures
            )
            bonus += 0.05 * min(best, 3)
        if text and text[-1] not in "。！？；.!?;”）":
            bonus -= 0.2  # a heading or caption names a topic; it does not answer
        if query.years:
            seen = set(years) | {f["year"] for f in figures if f.get("year")}
            if context_year:
                seen.add(context_year)
            if seen & set(query.years):
                bonus += 0.12
            elif seen:
                bonus -= 0.25
        return bonus

    def draft(self, query: Query, hits: list[Hit]) -> Draft:
        """Supporting quotes and the answer text, or an abstention with related passages."""
        cands = self.candidates(query, hits)
        reason = self._abstain_reason(query, cands)
        units = self.asked_units(query) if reason else set()
        for alt in cands[1:ALTERNATIVES] if units else []:
            # A close second with a figure in the unit counted ("7万户" for "how many households") answers instead.
            if alt.score < RELATED * cands[0].score:
                break
            if not any(f["unit"] in units for f in alt.figures):
                continue
            rest = [alt] + [c for c in cands if c is not alt]
            if not self._abstain_reason(query, rest):
                cands, reason = rest, ""
                break
        if reason:
            return Draft(self.abstain_text(query), True, [], hits[:3], reason)
        best = cands[0]
        chosen = [best]
        covered = set(best.tokens)
        wanted = {t for t, w in self.query_terms(query).items() if w > 0}
        for cand in cands[1:]:
            if len(chosen) >= MAX_QUOTES or cand.score < RELATED * best.score:
                break
            if any(c.start < cand.end and cand.start < c.end for c in chosen):
                continue  # the same sentence through an overlapping chunk
            if query.years and cand.years and not cand.years & set(query.years):
                continue  # "那2018年呢": a sentence about 2019 adds nothing
            new = set(cand.tokens) - covered
            if new & wanted:
                chosen.append(cand)
                covered |= new
        for part in question_parts(query.standalone or query.question)[1:]:
            extra = self._best_for_part(query, part, cands, chosen)
            if extra is not None and len(chosen) < MAX_QUOTES + 1:
                chosen.append(extra)
        for quote in chosen:
            self._state_the_year(query, quote)
        chosen = [
            q for q in chosen if not any(c is not q and c.start <= q.start and q.end <= c.end for c in chosen)
        ]
        chosen.sort(key=lambda q: (q.hit.chunk.doc_id, q.start))
        if query.lang == "en" and query.kinds == ["quantity"] and len(question_parts(query.question)) == 1:
            for quote in chosen:
                quote.figures = asked_figures(asked_noun(query.question), quote.figures, query.years)
        return Draft("", False, chosen, [])

    def _report_years(self, quote: Quote) -> set[int]:
        """The years a sentence with no year of its own speaks of: its report's year and the one before."""
        year = find_years(self.index.documents[quote.hit.chunk.doc_id].date)
        return {year[0] - 1, year[0]} if year else set()

    def _state_the_year(self, query: Query, quote: Quote) -> None:
        """ "全年中欧班列累计开行1.24万列" answers "2020年呢" only with the sentence before, which says 2020: quote
        both."""
        asked = set(query.years)
        if not asked or set(find_years(quote.text)) & asked or quote.context_start < 0:
            return
        text = self.index.documents[quote.hit.chunk.doc_id].text
        if set(find_years(text[quote.context_start : quote.start])) & asked:
            quote.start, quote.text = quote.context_start, text[quote.context_start : quote.end]

    def _best_for_part(
        self, query: Query, part: str, cands: list[Quote], chosen: list[Quote]
    ) -> Quote | None:
        """For "…多少？…多少？" the best sentence for a later part, when the chosen ones do not cover it."""
        sub = Query(part, query.lang, query.kind, query.kinds, query.years)
        weights = {t: w for t, w in self.query_terms(sub).items() if w > 0}
        total = sum(weights.values()) or 1.0

        def covers(q: Quote) -> float:
            return _coverage(weights, set(q.tokens), total) + (0.1 if q.figures else 0.0)

        if any(covers(c) >= 0.8 for c in chosen):
            return None
        ranked = sorted(cands[:40], key=lambda c: (-covers(c), -c.score))
        for cand in ranked:
            if not any(
                c.start < cand.end and cand.start < c.end and c.hit.chunk.doc_id == cand.hit.chunk.doc_id
                for c in chosen
            ):
                return cand if covers(cand) >= 0.6 else None
        return None

    def _abstain_reason(self, query: Query, cands: list[Quote]) -> str:
        if not cands:
            return "no passages"
        best = cands[0]
        if best.coverage < MIN_COVERAGE:
            return f"weak match (coverage {best.coverage:.2f} < {MIN_COVERAGE})"
        if query.years and query.kind in ("quantity", "percentage"):
            asked = set(query.years)
            for cand in cands[:5]:
                seen = set(find_years(cand.text)) | {f["year"] for f in cand.figures if f.get("year")}
                # "截至目前" in a report of 2021 speaks of 2020 or 2021, not of 2015.
                if seen & asked or not (seen or self._report_years(cand) - asked):
                    break
            else:
                return f"asked year {sorted(asked)} not covered"
        elif query.years and not (best.years or self._report_years(best)) & set(query.years):
            spoken = sorted(best.years or self._report_years(best))
            return f"the best passage is about {spoken}, not {sorted(query.years)}"
        question = query.question
        named = self.names(question, query.lang, terms=True)
        absent = [name for name, forms in named if not any(in_reports(f, self._texts) for f in forms)]
        if absent:
            return f"not mentioned in the reports: {', '.join(absent)}"
        # A name the question gives (巴西, Kenya) must be what the chosen passage is about: the sentence, the one
        # before it or its heading names it.
        where = f"{best.context} {best.hit.chunk.section}".lower()
        counted = query.kind in ("quantity", "percentage")
        text = best.text.lower()
        for name, forms in self.key_names(query):
            if not any(f in where for f in forms):
                return f"the best passage is not about {name}"
            if (
                counted
                and all(only_listed(text, f) for f in forms if f in text)
                and any(f in text for f in forms)
            ):
                return f"the best passage gives {name} only as one of a list"
        if counted and not best.figures and not _CN_COUNT.search(best.text):
            return "the best passage gives no figure"
        if query.lang == "zh":
            return self._focus_reason(question, best)
        return self._asked_noun_reason(query, cands)

    def names(self, question: str, lang: str, terms: bool = False) -> list[tuple[str, list[str]]]:
        """Names a question gives (with `terms`, Chinese domain terms too), each with the forms the reports
        would use."""
        if lang == "zh":
            return [(n, [n]) for n in zh_names(question, terms=terms)]
        glossary = load_glossary()
        lexicon = self.index.lexicon
        out = []
        for name, forms in lexicon.names_in(question):
            if name in lexicon.common:
                continue  # "Chinese", "North": everyday words as much as names
            forms = forms + glossary.expand_english(name) + month_forms(name)
            for base in _demonym_bases(name):  # "Japanese" is present when Japan is
                forms = forms + lexicon.names.get(base, []) + glossary.expand_english(base)
            out.append((name, forms))
        return out

    def key_names(self, query: Query) -> list[tuple[str, list[str]]]:
        """Names the question gives that few passages mention (巴西, Kenya; not 中国), with lower-cased forms."""
        out = []
        for name, forms in self.names(query.question, query.lang) + self._rare_terms(query):
            forms = [f.lower() for f in forms if len(f) >= 2]
            if any(f in alias for f in forms for alias in self._report_names):
                continue  # 兰瑞智库 names the report, not what it is about
            mentions = max((sum(t.count(f) for t in self._texts) for f in forms), default=0)
            if 0 < mentions <= SPECIFIC_SHARE * self._n and all(forms != seen for _, seen in out):
                out.append((name, forms))
        return out

    def _rare_terms(self, query: Query) -> list[tuple[str, list[str]]]:
        """Proper glossary terms the question gives that the reports seldom mention (中老铁路), with their
        synonyms (广交会 for 中国进出口商品交易会) and the names inside them (中欧班列 in 中欧班列开行)."""
        glossary = load_glossary()
        own = query.entities[: len(query.entities) - len(query.extra_terms)]
        out = []
        for term in own:
            renderings = glossary.renderings.get(term, [])
            if not renderings or not renderings[0][:1].isupper():
                continue
            if sum(t.count(term) for t in self._texts) > RARE_SHARE * self._n:
                continue
            forms = {term} | {z for en in renderings for z in glossary.en_to_zh.get(en.lower(), [])}
            forms |= {z for z in glossary.renderings if len(z) >= 2 and z != term and z in term}
            out.append((term, sorted(forms, key=len, reverse=True)))
        return out

    def _focus_reason(self, question: str, best: Quote) -> str:
        """ "蒙内铁路的票价是多少": the chosen passage must speak of 票价."""
        focus = zh_focus(question)
        if not focus or in_reports(focus, [best.text.lower()]) or abbreviates(focus, best.text):
            return ""
        if not in_reports(focus, self._texts):
            return f"not mentioned in the reports: {focus}"
        return f"the best passage does not speak of {focus}"

    def _asked_noun_reason(self, query: Query, cands: list[Quote]) -> str:
        """For "how many X" or "what is the X of": the reports must know X, and for "what is the X of" or a
        count in a given year, the chosen sentence must speak of it."""
        first = question_parts(query.question)[0] if question_parts(query.question) else query.question
        noun = asked_noun(first)
        # Names are checked as names; "people" or "number" is too vague to hold a passage to.
        words = [w for w in noun.split() if w.islower() and w not in GENERIC | STOPWORDS]
        if not words:
            return ""
        glossary, lexicon = load_glossary(), self.index.lexicon
        terms = [t for w in words for t in glossary.expand_english(w) + lexicon.expand(w)]
        terms = [t for t in terms if self._df.get(t) or any(t in x for x in self._texts)]
        terms += [w for w in words if self._df.get(w)]  # the reports use some words as they are
        if not terms:
            return f"nothing in the reports is about {noun}"
        if not (query.years or names_what_it_counts(first)):
            return (
                ""  # "how much power": measured in units (千瓦时) rather than named in the dictionary's words
            )
        best = cands[0]
        labels = " ".join(f.get("label_en") or "" for f in best.figures).lower()
        if not any(t in best.text.lower() for t in terms) and not any(stem(w) in labels for w in words):
            return f"the best passage gives nothing about {noun}"
        if query.years and best.years and not set(query.years) & best.years:
            return f"{noun} not given for {sorted(query.years)}"
        return ""

    @staticmethod
    def abstain_text(query: Query) -> str:
        """A plain statement that the reports do not answer the question."""
        if query.lang == "zh":
            return "现有报告中没有找到能回答这个问题的内容。以下是最接近的段落，供参考。"
        return "The reports do not answer this question. The closest passages are listed below as related reading."


def asked_figures(noun: str, figures: list[dict], years: list[int]) -> list[dict]:
    """For "How many African countries …", the figures labelled with what is counted (46 African countries),
    of the asked year first, then the rest of the sentence's figures as context."""
    words = {stem(w.lower()) for w in re.findall(r"[A-Za-z]+", noun)} - STOPWORDS

    def rank(fig: dict) -> tuple[int, bool]:
        label = {stem(w) for w in re.findall(r"[a-z]+", (fig.get("label_en") or "").lower())}
        return -len(words & label), fig.get("year") not in years

    return sorted(figures, key=rank)


def _demonym_bases(name: str) -> list[str]:
    """Place names an adjective of nationality may come from: Japanese -> Japan, African -> Africa."""
    bases = []
    for suffix, repl in (
        ("ese", ""),
        ("ese", "a"),
        ("ian", ""),
        ("ian", "ia"),
        ("an", "a"),
        ("n", ""),
        ("i", ""),
    ):
        if name.endswith(suffix) and len(name) > len(suffix) + 2:
            bases.append(name[: -len(suffix)] + repl)
    return bases


def _coverage(weights: dict[str, float], tokens: set[str], total: float) -> float:
    """Share of the question's weight a sentence holds; negative weights mark optional terms (bonus only)."""
    return min(1.0, sum(abs(w) for t, w in weights.items() if t in tokens) / total)


def compose_zh(quotes: list[Quote]) -> str:
    """The supporting sentences, trimmed, each followed by its citation marker."""
    return "".join(f"{q.text.strip()}[{n}]" for n, q in enumerate(quotes, 1))


def figure_phrase_en(fig: dict) -> str:
    """One figure in English: label, year, value, with the Chinese as written."""
    value = format_value_en(Figure(**{k: v for k, v in fig.items() if k in Figure.__dataclass_fields__}))
    label = fig.get("label_en") or ""
    when = f"in {fig['year']}" if fig.get("year") else ""
    head = " ".join(p for p in (label[:1].upper() + label[1:] if label else "", when) if p)
    return f"{head}: {value} ({fig['raw']})" if head else f"{value} ({fig['raw']})"


def compose_en(quotes: list[Quote], numeric: bool = True) -> str:
    """English sentences built from the figures and glossary terms of the quotes (which keep the figures used);
    for a question that asks no quantity (`numeric` false), the sentence itself with its key terms."""
    parts = []
    glossary = load_glossary()
    for n, q in enumerate(quotes, 1):
        q.figures = q.figures[:MAX_FIGURES_EN]
        if q.figures and numeric:
            parts.append("; ".join(figure_phrase_en(f) for f in q.figures) + f" [{n}].")
        else:
            terms = glossary.expand_chinese(q.text)[:8]
            gloss = f" (key terms: {', '.join(terms)})" if terms else ""
            parts.append(f"The report states{gloss} [{n}]: “{q.text.strip()}”")
    return " ".join(parts)
