"""`QAService`: the one facade that the CLI, the HTTP API, Slack and the tests call."""

from __future__ import annotations

import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from qa.answer import Answerer, Draft, compose_en, compose_zh
from qa.config import Settings
from qa.documents import Document, load_document
from qa.embedders import Embedder, create_embedder
from qa.errors import BadQuestionError, NotFoundError
from qa.index import Index, build_index, corpus_files, is_stale
from qa.question import Query, analyze
from qa.retrieve import MODES, Hit, Retriever


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
        self, index: Index, embedder: Embedder, limits: Limits | None = None, top_k: int = 5
    ) -> None:
        self.index = index
        self.embedder = embedder
        self.limits = limits or Limits()
        self.top_k = top_k
        self.retriever = Retriever(index, embedder)
        self.answerer = Answerer(index)
        self.llm: object | None = None  # an LLM answer writer, when one is configured

    @classmethod
    def open(cls, settings: Settings, build_if_needed: bool = False, progress: bool = False) -> QAService:
        """Load the configured index (building it first when asked and it is missing or stale)."""
        embedder = create_embedder(settings.embedder, settings.embed_threads)
        if build_if_needed and is_stale(settings.index_dir, settings.corpus_dir, embedder.name):
            index = build(settings, embedder, progress=progress)
        else:
            index = Index.load(settings.index_dir, embedder.name)
        return cls(index, embedder, Limits(settings.max_question_chars), settings.top_k)

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
            query.question, k, mode, extra_terms=query.extra_terms, dense_text=query.dense_text
        )

    def ask(self, question: str, history: Sequence[dict] = (), top_k: int | None = None) -> dict:
        """The ask contract: a cited answer in the question's language, or an honest abstention."""
        started = time.perf_counter()
        query = analyze(self.check_question(question), self._check_history(history))
        k = self.check_k(top_k)
        hits = self.retrieve(query, max(k, 8))
        retrieved = time.perf_counter()
        draft = self.answerer.draft(query, hits)
        if not draft.abstained:
            draft.answer = compose_zh(draft.quotes) if query.lang == "zh" else compose_en(draft.quotes)
        result = self._contract(query.lang, draft)
        done = time.perf_counter()
        result["timings_ms"] = {
            "retrieve": round((retrieved - started) * 1000, 2),
            "answer": round((done - retrieved) * 1000, 2),
            "total": round((done - started) * 1000, 2),
        }
        return result

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
