"""Extractive answers: pick the supporting sentences from the hits and write them in the question's language."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import replace

from qa.answer.abstain import ORDINAL_COUNT, Abstention
from qa.answer.analyze import QUESTION_WORDS, Query
from qa.answer.articles import ArticleTitles
from qa.answer.asked_noun import asked_noun_forms, chinese_forms, count_asked_first
from qa.answer.boxes import BoxTitles
from qa.answer.carried import asked_again, followup_weights, history_weight
from qa.answer.changes import change_of_asked_first
from qa.answer.compose import asked_figures, compose_en, compose_zh
from qa.answer.dates import DATED_ENTRY, state_the_year
from qa.answer.dimension import ASKS_DIMENSION, in_units
from qa.answer.direction import direction_first
from qa.answer.earlier import earlier_first
from qa.answer.edition_span import span_first
from qa.answer.flow import asks_total, base_only
from qa.answer.followup import carried_year_first, last_answer
from qa.answer.items import listed_first
from qa.answer.named import as_the_reports_write, key_entities, named_not_only_listed_first
from qa.answer.near_miss import near_miss
from qa.answer.part_quotes import adds_nothing, answered_parts, best_for_part, part_without_figure
from qa.answer.promote import promoted_order
from qa.answer.query import ASKED_KIND_WORDS, TOTAL_WORDS, asking_word, rejoined, unclassified, unframed
from qa.answer.read_on import next_giving
from qa.answer.scoring import (
    SAME_TIME,
    Row,
    asked_words,
    fit_features,
    is_chart_residue,
    is_heading,
    sentence_spans,
    without_span,
)
from qa.answer.sentence_cache import SentenceCache
from qa.answer.sentence_model import SentenceModel, load_model
from qa.answer.stand_in import (
    LATEST,
    Wanted,
    counting_first,
    item_first,
    latest_first,
    stands_in,
    total_first,
)
from qa.answer.term_match import asked_compounds, outermost, weight_share, whole_words, with_compounds
from qa.answer.time_shape import all_years_first, each_year, per_year_first, start_first
from qa.answer.types import Draft, Quote
from qa.core import weights as W
from qa.ingest.chunking import Chunk
from qa.search.chapters import CHAPTER_WORDS_ZH
from qa.search.retrieve import Hit
from qa.store.corpus import Corpus, MemoryCorpus
from qa.store.faiss.index import Index
from qa.text.glossary import load_glossary
from qa.text.language import detect_language
from qa.text.lexicon import STOPWORDS, composed_titles, english_terms
from qa.text.numbers import SCALED_NUMBER
from qa.text.tokenize import search_tokens, unglued

_PER_TIME = re.compile("每(?:年|月|天|日|周|季度?|小时)|一(?:年|天|个月)$")  # 一年能发多少电: a year, as 每年
# one character of a verb (签了几个, 什么时候签的), a classifier or "a" (一家公司): no word a sentence must have
_BARE = re.compile(r"[\u4e00-\u9fff]了|[一那这该此]?[个项家条次名位批届座所套本册部场件种份只]")
_LONE_VERB = re.compile(r"\0(?:的[？?]?$|了?(?:第几|多少|什么|哪)|了几)")

_WHICH_KIND = re.compile(r"\s*(?:and\s+)?which\s+([a-z]+)\b(?!\s+of\b)", re.I)  # not "which of …"


class ExtractiveAnswerer:
    """Chooses supporting sentences and writes Chinese or English extractive answers."""

    def __init__(
        self, index: Index, model: SentenceModel | None = None, corpus: Corpus | None = None
    ) -> None:
        self.index = index
        self.corpus = MemoryCorpus(index.chunks, index.documents, index.figures) if corpus is None else corpus
        self._n = self.corpus.passages
        # Sentences of the chunks answered from lately: tokenizing them is the costly part of a candidate.
        self._sentences = SentenceCache()
        self._name_forms = frozenset(f for forms in index.lexicon.names.values() for f in forms)
        self._forms = chinese_forms(index.lexicon)
        self.abstention = Abstention(index, self.corpus)
        self.box_title = BoxTitles(self.corpus)
        # "兰瑞智库文章认为…", "前言里说…": words naming a report or its chapter say where to look, not what is asked
        aliases = sorted(
            {a for d in index.documents.values() for a in (*d.aliases, d.publisher) if a}, key=len
        )
        pattern = "|".join([*(re.escape(a) for a in reversed(aliases)), CHAPTER_WORDS_ZH])
        self._naming = re.compile(f"(?:{pattern})(?:的)?(?:文章|报告|简报|一文)?", re.I)
        self.model = load_model() if model is None else model
        self._titles = ArticleTitles(index.documents.values(), index.lexicon)

    def idf(self, term: str) -> float:
        """Inverse document frequency over chunks; a term the reports never use weighs most."""
        return math.log((self._n + 1) / (self.corpus.df(term) + 0.5))

    def asked_terms(self, query: Query) -> dict[str, float]:
        """Weighted terms of what is asked; after a swap the rest of the last question counts as history does."""
        weights = self.query_terms(query.asked, query.extra_terms, history_weight(query))
        weights = asked_again(query, weights, self.query_terms(query.asked) if query.named_before else {})
        weights = followup_weights(query, weights, self.index.lexicon)
        if not query.swapped_in:
            return weights
        own = self.query_terms(query.swapped_in)
        return {t: w if t in own else w * W.HISTORY_WEIGHT for t, w in weights.items()} | own

    def query_terms(
        self, question: str, extra_terms: Sequence[str] = (), history_weight: float = W.HISTORY_WEIGHT
    ) -> dict[str, float]:
        """Weighted terms a supporting sentence should contain; the conversation's count `history_weight` as much."""
        named = self._titles.naming(question)  # 那篇讲…的文章里: where to look, not what is asked
        if detect_language(question) == "zh":
            question = self._naming.sub(" ", question)
            # its own words whole, not the parts of its compounds; "多长时间" asks (a sentence answers it in 小时)
            question = as_the_reports_write(without_span(question), self.corpus)
            question = unframed(rejoined(ASKS_DIMENSION.sub(" ", question), self.corpus.df))
            terms = [
                w
                for t0 in search_tokens(question, parts=False)
                for t in (unglued(t0) if not self.corpus.df(t0) else unclassified(t0, question))  # 贷款方有
                if t not in QUESTION_WORDS | TOTAL_WORDS
                and not _PER_TIME.match(t)  # 每年 ("a year") is no word a sentence must have; 每家企业 is
                and not _BARE.fullmatch(w := asking_word(t) or t)  # 哪几个 asks, 那次 points; 几届 keeps 届
                and not (len(t) == 1 and _LONE_VERB.search(question.replace(t, "\0")))  # 什么时候签的, 排第几
            ]
            # the other forms of the names it gives count as they do (中国国际进口博览会 for 进博会)
            alternates = [z for z in load_glossary().other_names(question) if z in search_tokens(z)]
            # words of the same dictionary senses add to a match (企业 for 公司)
            general = [z for t in terms for z in self.index.lexicon.same_senses(t) if z not in terms]
        else:
            curated, broad = english_terms(question, self.index.lexicon)
            # "which province is …": what the answer names, which it need not call a province
            if listed := _WHICH_KIND.match(question):
                kinds = {
                    t
                    for zh in english_terms(listed.group(1), self.index.lexicon)[0]
                    for t in search_tokens(zh)
                }
                curated = [zh for zh in curated if not set(search_tokens(zh)) <= kinds]
            other_forms = load_glossary().alternates_english(question)
            terms = [t for zh in curated if zh not in other_forms for t in search_tokens(zh, parts=False)]
            # Another form counts as a whole, not piece by piece (中国进出口商品交易会 for 广交会).
            alternates = [t for zh in curated if zh in other_forms for t in whole_words(search_tokens(zh))]
            alternates += [t for a in other_forms if a.isascii() for t in search_tokens(a)]  # RCEP规定了…
            # Words the reports use as they are (RCEP, years, numbers); not one the glossary translated ("China")
            rest = load_glossary().unmatched_english(question)
            rest_tokens = search_tokens(rest)
            self.corpus.warm(rest_tokens)
            # Not an everyday word the dictionary translates ("next", though the reports quote "Next time, …"); one
            # it does not, or a number before "billion" (600亿 for "60 billion"), only adds to a match ("used")
            skip = STOPWORDS | {w for w in rest.split() if w.islower() and self.index.lexicon.expand(w)}
            loose = {w for w in rest.split() if w.islower()} | {n for n, _ in SCALED_NUMBER.findall(question)}
            terms += [t for t in rest_tokens if t not in skip | loose and self.corpus.df(t)]
            alternates += [t for t in rest_tokens if t in loose - skip and self.corpus.df(t)]
            terms += composed_titles(rest, self.index.lexicon, self.corpus.contains)
            general = [t for zh in broad for t in search_tokens(zh, parts=False)]
        # A name carried over counts once, as a whole: not once per piece of it (哈萨克斯坦: 哈萨, 萨克, …).
        history = [t for term in extra_terms for t in whole_words(search_tokens(term, parts=False))]
        self.corpus.warm([*terms, *alternates, *general, *history])
        weights = {t: -self.idf(t) if t in ASKED_KIND_WORDS else self.idf(t) for t in terms if t not in named}
        # Another form of a term asked for: as good as it in a sentence, but not required as well.
        for t in alternates:
            weights.setdefault(t, -self.idf(t))
        for t in general:  # dictionary senses are less certain: they add to a match but are not required
            weights.setdefault(t, -W.LEXICON_WEIGHT * self.idf(t))
        for t in history:  # context from the history counts, but much less
            weights.setdefault(t, history_weight * self.idf(t))
        return weights

    def sentences(self, chunk: Chunk) -> list[Row]:
        """A chunk's sentences with offsets, index terms and years; tokenized once per process."""
        return self._sentences.rows(chunk)

    def candidates(
        self,
        query: Query,
        hits: list[Hit],
        weights: dict[str, float] | None = None,
        key_names: list[tuple[str, list[str]]] | None = None,
    ) -> list[Quote]:
        """Every sentence of the hits, scored against the question's weighted terms and key names (or computed)."""
        if weights is None:
            weights = self.asked_terms(query)
        if key_names is None:
            key_names = self.abstention.key_names(query)
        total = sum(w for w in weights.values() if w > 0) or 1.0
        self.corpus.prefetch([h.chunk for h in hits])
        asked = asked_words(query)
        units, count, place = query.asked_units, query.counted, "place" in query.kinds
        keys = [[f.lower() for f in load_glossary().synonyms(k)] for k in key_entities(query, self.corpus)]
        keys += [forms for _, forms in key_names]
        named = frozenset(t for forms in keys for f in forms for t in search_tokens(f))
        # another form of a word (总统 for "president") holds the first; a name's forms are the key names' to check
        groups = load_glossary().form_groups(query.asked) if query.lang == "en" else []
        groups = [g for g in groups if not all(map(load_glossary().proper, g)) or any(z.isascii() for z in g)]
        # Dictionary senses add to a match; another form of an asked term only stands in for it.
        forms = load_glossary().other_forms(query.asked, query.lang)
        compounds = asked_compounds(
            weights, groups, forms, query.question if query.lang == "zh" else "", self.corpus.df
        )
        optional = {t: -w for t, w in weights.items() if w < 0 and t not in forms}
        enumerations = bool(query.items_asked) or "list" in query.kinds
        counted = query.kind in ("quantity", "percentage")
        # A figure, or the statement asked (who organised it), is of what its chronicle entry's title names (13. 4月14日…开幕).
        entry_titled = counted or bool(query.asks_for)
        out = []
        for rank, hit in enumerate(hits):
            chunk = hit.chunk
            in_chunk = self.corpus.figures_of(chunk)
            # What a sentence is about: a dated entry's heading, its box's title, for a follow-up any heading
            title, box = chunk.section.rsplit(">", 1)[-1], self.box_title(chunk)
            heading = title.lower() + box
            dated_title = heading if DATED_ENTRY.match(heading) else ""
            titled = (
                frozenset(search_tokens(heading)) if entry_titled and dated_title or query.followup else set()
            )
            # a box's items are about the name its title gives (专栏 4-1 中国积极维护世贸组织体系)
            boxed = frozenset(search_tokens(title)) & named if title.startswith("专栏") else frozenset()
            for span in sentence_spans(chunk, self.sentences(chunk), enumerations):
                start, end, text, tokens, years, before, before_start, previous, context_year = span
                previous = with_compounds(previous, compounds, before)
                tokens = with_compounds((tokens - base_only(text)) | boxed, compounds, text)
                coverage = weight_share(weights, tokens, total)
                # naming no other party, it keeps to what its paragraph named (from the chunk's line before it)
                line = chunk.text.rfind("\n", 0, max(0, start - chunk.start)) + 1
                paragraph = (
                    "" if (tokens & self._name_forms) - named else chunk.text[line : start - chunk.start]
                )
                # The sentence before often names what "该电站" or "其中" refers to.
                in_tokens = tokens | previous | titled
                in_context = weight_share(weights, in_tokens, total)
                figures = [f for f in in_chunk if start <= f["start"] < end and f["end"] <= end]
                # a heading line just before it, else the dated title of the chronicle entry it is under
                line = before if is_heading(before) or SAME_TIME.match(text) else dated_title
                about = f"{heading}{before}{paragraph}{text}".lower() if keys else ""
                features = {
                    "coverage": coverage,
                    "context_coverage": in_context,
                    "senses": min(
                        1.0, sum(optional[t] for t in outermost(in_tokens & optional.keys())) / total
                    ),
                    "hit_rank": 1.0 / (rank + 1),
                    **fit_features(
                        query, text, figures, years, context_year, asked, line, f"{before} {heading}"
                    ),
                    "place": float(place and bool(tokens & self._name_forms)),
                    # "开行多少列" and 1.24万列, "多少个成员国" and 15个成员国
                    "unit_fit": float(
                        bool(units and any(in_units(f, units) for f in figures))
                        or bool(count and count.search(text))
                    ),
                    "not_about_key": float(
                        bool(keys) and not any(f in about for forms in keys for f in forms)
                    ),
                    "caption": float(chunk.kind in ("caption", "note") or is_chart_residue(text)),
                }
                score = self.model.score(features)
                seen = set(years) | {f["year"] for f in figures if f.get("year")}
                if not seen and context_year:
                    seen.add(context_year)
                context = (before + text, seen, in_tokens, before_start, features, box)
                out.append(Quote(hit, start, end, text, score, max(coverage, in_context), figures, *context))
        return sorted(out, key=lambda q: -q.score)

    def draft(self, query: Query, hits: list[Hit]) -> Draft:
        """Supporting quotes and the answer text built from them, or an abstention with related passages."""
        draft = self.choose(query, hits)
        if not draft.abstained:
            numeric = bool({"quantity", "percentage"} & set(query.kinds))
            draft.answer = (
                compose_zh(draft.quotes, query)
                if query.lang == "zh"
                else compose_en(draft.quotes, numeric, query=query, terms=draft.terms, forms=self._forms)
            )
        return draft

    def choose(self, query: Query, hits: list[Hit]) -> Draft:
        """Supporting quotes (no text yet), or an abstention with related passages."""
        weights = self.asked_terms(query)
        key_names = self.abstention.key_names(query)
        cands = self.candidates(query, hits, weights, key_names)
        cands = latest_first(cands) if LATEST.search(query.asked) and not query.years else cands
        if asks_total(query.question, query.lang):
            cands = total_first(cands)
        cands = span_first(query.question, query.kind in ("quantity", "percentage"), cands)  # 三届…累计
        # 每年…约10亿千瓦时, not 累计发电超67亿千瓦时; 对华 for "invest in China", not 中国企业对…投资
        cands = direction_first(query, start_first(query, per_year_first(query, cands)))
        cands = change_of_asked_first(query, carried_year_first(query, cands))  # 同比增长4%, not …达94%
        cands = all_years_first(query, count_asked_first(query, cands, self.index.lexicon, self.corpus))
        cands = earlier_first(query, listed_first(query, cands))  # 之前那几批: not the ones last given
        if query.asks_for == "item":
            cands = item_first(cands, last_answer(query.history))
        cands = named_not_only_listed_first(query, cands, key_names, self.abstention.promote)
        rule, reason = self.abstention.judge(query, cands, key_names)
        event = self.abstention.type_forms(query) if rule == "no_date" else None  # "什么时候通车": 通车
        lacking = Wanted.after(rule, query, event)
        # "what did they add, and how many are there now": the parts asked alone, before a stand-in for the whole
        alone = lacking is not None and lacking.figure and part_without_figure(query)
        if lacking is not None and not alone:
            promoted = self._stand_in(query, cands, key_names, lacking)
            if promoted:
                cands, rule, reason = promoted, "", ""
            elif lacking.figure and ORDINAL_COUNT.search(cands[0].text):
                rule, reason = "", ""  # no count, but "the 10th": 10 so far
        if reason and len(query.parts) > 1:
            # "…多少？…多少？": a part the reports answer is answered, though another part is not.
            answered = answered_parts(self, query, hits, weights)
            if answered:
                return answered
        if reason:
            near = near_miss(query, rule, reason, cands, key_names)
            if near is not None:
                return near
            return Draft(Abstention.text(query), True, [], hits[:3], reason)
        cands = self.abstention.answer_type_first(
            query, self.abstention.month_first(query, cands, key_names), key_names
        )
        best = cands[0]
        chosen = [best]
        covered = set(best.tokens)
        # a follow-up naming nothing is of what the conversation named: a sentence of another party adds nothing
        carried = not key_names and query.followup and not query.standalone and len(query.parts) > 1
        key_names = self.abstention.conversation_subject(query) if carried else key_names
        wanted = {t for t, w in weights.items() if w > 0}
        for cand in cands[1:]:
            if len(chosen) >= W.MAX_QUOTES or cand.score < W.RELATED * best.score:
                break
            if any(c.start < cand.end and cand.start < c.end for c in chosen):
                continue  # the same sentence through an overlapping chunk
            # the years its dated figures hold for come first, then the years it names
            spoken = {f["year"] for f in cand.figures if f.get("year")} or cand.years
            if query.years and spoken and not spoken & set(query.years):
                continue  # "那2018年呢": a sentence about 2019 adds nothing
            if adds_nothing(cand, best, self, query, key_names, carried):
                continue  # of the thing "it" is or the question names: a sentence about another plant adds nothing
            new = set(cand.tokens) - covered
            if new & wanted:
                chosen.append(cand)
                covered |= new
        more = next_giving(query.asks_for, best, cands, query.kind) + each_year(
            query, chosen, cands
        )  # 这两年…各是多少
        chosen += [c for c in more if all(c is not q for q in chosen)]
        for quote in chosen:
            state_the_year(query, quote, chosen, self.corpus)
        # Every part, the first too: the best sentence may answer a later part ("…, and how many …").
        for part in query.parts if len(query.parts) > 1 else ():
            extra = best_for_part(self, query, part, cands, chosen, key_names, carried)
            if extra is not None and len(chosen) < W.MAX_QUOTES + 1:
                state_the_year(query, extra, chosen, self.corpus)
                chosen.append(extra)
        chosen = [
            q for q in chosen if not any(c is not q and c.start <= q.start and q.end <= c.end for c in chosen)
        ]
        # The best first, then in reading order; a question in parts reads in the reports' order.
        chosen.sort(key=lambda q: (len(query.parts) < 2 and q is not best, q.hit.chunk.doc_id, q.start))
        if query.lang == "en" and query.kinds == ["quantity"] and len(query.parts) == 1:
            for quote in chosen:
                quote.figures = asked_figures(query.asked_noun, quote.figures, query.years)
        return Draft("", False, chosen, [], terms=weights)

    def _stand_in(
        self, query: Query, cands: list[Quote], key_names: list[tuple[str, list[str]]], lacking: Wanted
    ) -> list[Quote] | None:
        """The candidates with a close second that holds what the best lacks first, or None."""
        best = cands[0]
        ordered, reach = lacking.arranged(cands, query), lacking.reach(best, key_names, query)
        names = tuple(dict.fromkeys([f[0] for _, f in key_names if f] + query.entities))
        lacking = replace(lacking, named=bool(key_names), names=names)
        if lacking.measure or lacking.figure:  # "how many exchanges", 多少个国家: counting ones first
            en = query.lang == "en"
            forms = asked_noun_forms(query, self.index.lexicon, self.corpus) if en else [query.focus]
            ordered, lacking = counting_first(ordered, forms, reach[1]), lacking.counting(forms)
        found = self.abstention.promote(
            query, ordered, key_names, lambda alt: stands_in(query, best, alt, lacking), reach
        )
        return promoted_order(found, cands, lacking)
