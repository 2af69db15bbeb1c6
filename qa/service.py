"""`QAService`: the one facade that the CLI, the HTTP API, Slack and the tests call."""

from __future__ import annotations

import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from qa.answer import Answerer, Draft, Quote, compose_en, compose_zh
from qa.config import Settings
from qa.documents import Document, load_document
from qa.embedders import E5Embedder, Embedder, create_embedder
from qa.errors import BadQuestionError, NotFoundError
from qa.figure_search import FigureFinder
from qa.index import Index, build_index, corpus_files, is_stale
from qa.llm import NOT_FOUND, LLMAnswerer, verify
from qa.numbers import numbers_in
from qa.question import Query, analyze
from qa.retrieve import MODES, Hit, Retriever, mentioned_documents


@dataclass
class Limits:
    """Input limits the service enforces for every caller."""

    max_question_chars: int = 2000
    max_k: int = 50


def build(
    settings: Settings, embedder: Embedder | None = None, rebuild: bool = False, progress: bool = True
) -> Index:
    """Clean, chunk and embed the corpus folder into the index folder (unchanged documents are reused)."""
    embedder = embedder or create_embedder(settings.embedder, settings.embed_threads)
    docs = [load_document(p) for p in corpus_files(settings.corpus_dir)]
    return build_index(
        docs,
        embedder,
        settings.index_dir,
        chunk_size=settings.chunk_size,
        overlap=settings.chunk_overlap,
        rebuild=rebuild,
        progress=progress,
    )


class QAService:
    """Search, answers, figures and documents over one loaded index."""

    def __init__(
        self,
        index: Index,
        embedder: Embedder,
        limits: Limits | None = None,
        top_k: int = 5,
        llm: LLMAnswerer | None = None,
    ) -> None:
        self.index = index
        self.embedder = embedder
        self.limits = limits or Limits()
        self.top_k = top_k
        self.retriever = Retriever(index, embedder)
        self.answerer = Answerer(index)
        self.finder = FigureFinder(index.figures, index.chunks, index.documents)
        self.llm = llm

    @classmethod
    def open(cls, settings: Settings, build_if_needed: bool = False, progress: bool = False) -> QAService:
        """Load the configured index (building it first when asked and it is missing or stale)."""
        embedder = create_embedder(settings.embedder)
        if build_if_needed and is_stale(settings.index_dir, settings.corpus_dir, embedder.name):
            index = build(settings, embedder, progress=progress)
        else:
            index = Index.load(settings.index_dir, embedder.name)
        if isinstance(embedder, E5Embedder):
            # One thread per question: OpenMP threads that wait on each other stall badly when the
            # cores are shared (other workers, other processes), and workers already use the cores.
            embedder.set_threads(settings.embed_threads or 1)
        llm = None
        if settings.llm_base_url and settings.llm_model:
            llm = LLMAnswerer(
                settings.llm_base_url, settings.llm_model, settings.llm_api_key, settings.llm_timeout
            )
        return cls(index, embedder, Limits(settings.max_question_chars), settings.top_k, llm)

    def check_question(self, question: object) -> str:
        """The question stripped, or a BadQuestionError naming what is wrong with it."""
        if not isinstance(question, str):
            raise BadQuestionError("the question must be a string")
        text = question.strip()
        if not text:
            raise BadQuestionError("the question is empty")
        if len(text) > self.limits.max_question_chars:
            raise BadQuestionError(
                f"the question is {len(text)} characters long; the limit is {self.limits.max_question_chars}"
            )
        return text

    def check_k(self, k: int | None) -> int:
        """A valid number of results."""
        k = self.top_k if k is None else k
        if not isinstance(k, int) or not 1 <= k <= self.limits.max_k:
            raise BadQuestionError(f"k must be a whole number from 1 to {self.limits.max_k}")
        return k

    def search(
        self, question: str, k: int | None = None, mode: str = "hybrid", history: Sequence[dict] = ()
    ) -> list[Hit]:
        """The best passages for a question (history makes a follow-up stand-alone)."""
        if mode not in MODES:
            raise BadQuestionError(f"unknown mode {mode!r}: use one of {', '.join(MODES)}")
        query = analyze(self.check_question(question), history)
        return self.retrieve(query, self.check_k(k), mode)

    def retrieve(self, query: Query, k: int, mode: str = "hybrid") -> list[Hit]:
        """Hits for an analysed query."""
        return self.retriever.search(
            query.question,
            k,
            mode,
            extra_terms=query.extra_terms,
            dense_text=query.dense_text,
            doc_ids=mentioned_documents(query.question, self.index.documents),
        )

    def ask(self, question: str, history: Sequence[dict] = (), top_k: int | None = None) -> dict:
        """The ask contract: a cited answer in the question's language, or an honest abstention."""
        started = time.perf_counter()
        query = analyze(self.check_question(question), self._check_history(history))
        k = self.check_k(top_k)
        hits = self.retrieve(query, max(k, 8))
        retrieved = time.perf_counter()
        draft = self.answerer.draft(query, hits)
        source, llm_error = "extractive", None
        if not draft.abstained and self.llm is not None:
            llm_draft, llm_error = self._llm_draft(query, hits[:k], history)
            if llm_draft is not None:
                draft, source = llm_draft, "llm"
        if source == "extractive" and not draft.abstained:
            draft.answer = compose_zh(draft.quotes) if query.lang == "zh" else compose_en(draft.quotes)
        result = self._contract(query.lang, draft)
        result["source"], result["llm_error"] = source, llm_error
        done = time.perf_counter()
        result["timings_ms"] = {
            "retrieve": round((retrieved - started) * 1000, 2),
            "answer": round((done - retrieved) * 1000, 2),
            "total": round((done - started) * 1000, 2),
        }
        return result

    def _llm_draft(
        self, query: Query, hits: list[Hit], history: Sequence[dict]
    ) -> tuple[Draft | None, str | None]:
        """A verified LLM answer over the top hits, or None and the reason to fall back."""
        assert self.llm is not None
        passages = [h.chunk.text for h in hits]
        result = self.llm.write(query.question, query.lang, passages, list(history))
        if result.text is None:
            return None, result.error
        if NOT_FOUND in result.text:
            return Draft(
                self.answerer.abstain_text(query), True, [], hits[:3], "llm: not in the passages"
            ), None
        problem = verify(result.text, passages)
        if problem:
            return None, f"llm answer rejected: {problem}"
        # Each passage's citation quotes its best sentence; figures are those the answer states.
        best: dict[str, Quote] = {}
        for cand in self.answerer.candidates(query, hits):
            best.setdefault(cand.hit.chunk.chunk_id, cand)
        stated = numbers_in(result.text)
        quotes = []
        for hit in hits:
            quote = best.get(hit.chunk.chunk_id) or Quote(
                hit, hit.chunk.start, hit.chunk.end, hit.chunk.text, 0, 0
            )
            quote.figures = [
                f for f in quote.figures if any(abs(f["value"] - v) <= 0.005 * abs(v) for v in stated)
            ]
            quotes.append(quote)
        return Draft(result.text, False, quotes, []), None

    def _check_history(self, history: object) -> list[dict]:
        if history is None:
            return []
        if not isinstance(history, (list, tuple)):
            raise BadQuestionError("history must be a list of {role, content} turns")
        turns = []
        for turn in history:
            if not isinstance(turn, dict) or turn.get("role") not in ("user", "assistant"):
                raise BadQuestionError(
                    "each history turn needs a role of 'user' or 'assistant' and a content"
                )
            if not isinstance(turn.get("content"), str):
                raise BadQuestionError("each history turn needs a string content")
            turns.append({"role": turn["role"], "content": turn["content"][: self.limits.max_question_chars]})
        return turns

    def _contract(self, lang: str, draft: Draft) -> dict:
        """Citations and figures of a draft in the ask contract's shape."""
        citations = []
        figures = []
        sources = [(q.hit, q.text, q.start, q.end) for q in draft.quotes] or [
            (h, h.chunk.text, h.chunk.start, h.chunk.end) for h in draft.related
        ]
        for n, (hit, quote, start, end) in enumerate(sources, 1):
            chunk = hit.chunk
            doc = self.index.documents[chunk.doc_id]
            citations.append(
                {
                    "id": n,
                    "doc_id": chunk.doc_id,
                    "title": doc.title,
                    "section": chunk.section,
                    "page": doc.page_at(start),
                    "chunk_id": chunk.chunk_id,
                    "text": chunk.text,
                    "quote": quote,
                    "start": start,
                    "end": end,
                    "score": round(hit.score, 6),
                }
            )
        for n, q in enumerate(draft.quotes, 1):
            for f in q.figures:
                figures.append(
                    {
                        "value": f["value"],
                        "unit": f["unit"],
                        "raw": f["raw"],
                        "label": f["label"],
                        "label_en": f.get("label_en"),
                        "year": f.get("year"),
                        "citation": n,
                    }
                )
        return {
            "id": uuid.uuid4().hex,
            "answer": draft.answer,
            "lang": lang,
            "abstained": draft.abstained,
            "citations": citations,
            "figures": figures,
            "reason": draft.reason or None,
        }

    def figures(
        self, q: str | None = None, year: int | None = None, unit: str | None = None, limit: int = 50
    ) -> dict[str, object]:
        """Extracted figures whose label holds every word of `q`, filtered by year and unit, with citations."""
        return self.finder.find(q, year, unit, limit)

    def documents(self) -> list[dict[str, object]]:
        """Metadata of every indexed document."""
        return [d.metadata() for d in self.index.documents.values()]

    def document(self, doc_id: str) -> Document:
        """One document, or NotFoundError."""
        doc = self.index.documents.get(doc_id)
        if doc is None:
            raise NotFoundError(f"no document with id {doc_id!r}")
        return doc

    def document_text(self, doc_id: str, start: int = 0, end: int | None = None) -> dict[str, object]:
        """A slice of a document's cleaned text (for citation previews)."""
        doc = self.document(doc_id)
        end = len(doc.text) if end is None else end
        if not 0 <= start <= end <= len(doc.text):
            raise BadQuestionError(f"start and end must satisfy 0 <= start <= end <= {len(doc.text)}")
        section = doc.section_at(start)
        return {
            "doc_id": doc_id,
            "start": start,
            "end": end,
            "text": doc.text[start:end],
            "section": " > ".join(section.path) if section else "",
            "page": doc.page_at(start),
        }
