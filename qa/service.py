"""`QAService`: the one facade that the CLI, the HTTP API, Slack and the tests call."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qa.answer.analyze import Query, analyze
from qa.answer.compose import answer_parts
from qa.answer.edition_span import SPAN_DEPTH, edition_span, names_span, span_terms
from qa.answer.llm import LLMAnswerer
from qa.answer.pipeline import VerifiedLLMAnswerer, to_contract
from qa.answer.select import ExtractiveAnswerer
from qa.answer.types import Answerer
from qa.core.config import Settings
from qa.core.errors import BadQuestionError, NotFoundError, QAError
from qa.core.types import AskResponse, Timings
from qa.index.cache import with_cache
from qa.index.embedders import E5Embedder, Embedder, create_embedder
from qa.index.library import build
from qa.index.txn import try_recover
from qa.ingest.documents import Document
from qa.ingest.loaders.base import original_file
from qa.search.figures import FigureFinder
from qa.search.retrieve import MODES, Hit, Retriever
from qa.store.base import IndexStore
from qa.store.corpus import Corpus
from qa.store.factory import open_store
from qa.store.faiss.index import Index, is_stale
from qa.store.faiss.store import FaissStore
from qa.store.health import PING_SECONDS, StoreHealth
from qa.text.normalize import encodable
from qa.text.tokens import approx_tokens, cut_to_tokens

log = logging.getLogger("qa.service")

Event = tuple[str, Any]


@dataclass
class Limits:
    """Input limits the service enforces for every caller."""

    max_question_chars: int = 2000
    max_k: int = 50


@dataclass(frozen=True)
class Watch:
    """Where a running service looks for newer index versions, and how often."""

    store: IndexStore
    seconds: float = 2.0


@dataclass(frozen=True)
class Loaded:
    """One index version with everything built over it; swapped whole when a new version arrives."""

    index: Index
    retriever: Retriever
    answerer: Answerer
    finder: FigureFinder
    corpus: Corpus

    @classmethod
    def of(
        cls, index: Index, embedder: Embedder, store: IndexStore, llm: LLMAnswerer | None = None
    ) -> Loaded:
        """Build the retriever, answerer and figure lookup over an index its store loaded."""
        corpus = store.corpus(index)
        extractive = ExtractiveAnswerer(index, corpus=corpus)
        return cls(
            index,
            Retriever(index, embedder, store.rank_source(index)),
            extractive if llm is None else VerifiedLLMAnswerer(llm, extractive),
            FigureFinder(corpus, index.documents),
            corpus,
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
        watch: Watch | None = None,
        corpus_dir: Path | None = None,
    ) -> None:
        self.embedder = embedder
        self.corpus_dir = corpus_dir  # where the original reports are, when this machine has them
        self.limits = limits or Limits()
        self.top_k = top_k
        self.llm = llm
        # Without a watch, the index was built by the caller: a local one, never reloaded.
        self._store: IndexStore = watch.store if watch else FaissStore(index.path.parent)
        self._loaded = Loaded.of(index, embedder, self._store, llm)
        self._watch = watch
        self._reloading = threading.Lock()
        self._checked = time.monotonic()
        self._health = StoreHealth(self._store)

    @property
    def index(self) -> Index:
        """The index being served."""
        return self._loaded.index

    @property
    def store(self) -> IndexStore:
        """Where the index lives (local folders or Milvus)."""
        return self._store

    @property
    def answerer(self) -> Answerer:
        """The answerer of the index being served (extractive, or a verified LLM over it)."""
        return self._loaded.answerer

    def current(self) -> Loaded:
        """What to serve this request with; a newer index version, when there is one, loads in the background."""
        watch = self._watch
        if watch is not None and time.monotonic() - self._checked >= watch.seconds:
            self._checked = time.monotonic()
            try:
                newest = watch.store.current_version() or self._loaded.index.path.name
            except QAError:
                newest = self._loaded.index.path.name
            if newest != self._loaded.index.path.name and self._reloading.acquire(blocking=False):
                threading.Thread(target=self._reload, daemon=True).start()
        return self._loaded

    def check_store(self, max_age: float = PING_SECONDS) -> None:
        """Raise the store's error when it cannot be reached (Milvus down); see `StoreHealth`."""
        self._health.check(max_age)

    def reload(self) -> None:
        """Load the current index version now (after this process changed it)."""
        if self._watch is not None:
            with self._reloading:
                self._swap()

    def catch_up(self) -> Loaded:
        """The newest index version, loaded now when the store has a newer one than this worker serves: what a
        client changed through another worker is seen at once (a removal right after an add, say)."""
        if self._watch is None:
            return self._loaded
        try:
            newest = self._store.current_version()
        except QAError:
            return self._loaded
        if newest and newest != self._loaded.index.path.name:
            with self._reloading:  # waits for a background reload already under way, then looks again
                if newest != self._loaded.index.path.name:
                    self._swap()
        return self._loaded

    def _reload(self) -> None:
        try:
            self._swap()
        finally:
            self._reloading.release()

    def _swap(self) -> None:
        try:
            index = self._store.load(self.embedder.name)
        except QAError as exc:  # keep serving the version we have
            log.error("index reload failed, still serving %s: %s", self._loaded.index.path.name, exc.message)
            return
        self._loaded = Loaded.of(index, self.embedder, self._store, self.llm)
        log.info("now serving index %s", index.path.name)

    @classmethod
    def open(cls, settings: Settings, build_if_needed: bool = False, progress: bool = False) -> QAService:
        """Load the configured index (building it first when asked and it is missing or stale)."""
        embedder = create_embedder(
            settings.embedder, api_key=settings.embedder_api_key, timeout=settings.embedder_timeout
        )
        store = open_store(settings)
        if store.local_corpus:  # finish or discard what a crashed add or remove left behind
            try_recover(settings.corpus_dir, settings.index_dir)
        stale = build_if_needed and store.local_corpus
        if stale and is_stale(settings.index_dir, settings.corpus_dir, embedder.name):
            index = build(settings, embedder, progress=progress)
        else:
            index = store.load(embedder.name)
        if isinstance(embedder, E5Embedder):
            # One thread per question: OpenMP threads that wait on each other stall badly when the
            # cores are shared (other workers, other processes), and workers already use the cores.
            embedder.set_threads(settings.embed_threads or 1)
        embedder = with_cache(embedder, settings.embed_cache_size)
        llm = None
        if settings.llm_base_url and settings.llm_model:
            llm = LLMAnswerer(
                settings.llm_base_url, settings.llm_model, settings.llm_api_key, settings.llm_timeout
            )
        watch = Watch(store, settings.reload_seconds)
        corpus = settings.corpus_dir if store.local_corpus else None
        limits = Limits(settings.max_question_chars)
        return cls(index, embedder, limits, settings.top_k, llm, watch, corpus)

    def check_question(self, question: object) -> str:
        """The question stripped, or a BadQuestionError naming what is wrong with it."""
        if not isinstance(question, str):
            raise BadQuestionError("the question must be a string")
        text = encodable(question).strip()
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

    def retrieve(self, query: Query, k: int, mode: str = "hybrid", loaded: Loaded | None = None) -> list[Hit]:
        """Hits for an analysed query."""
        st = loaded or self.current()
        # a year the question asks without writing it ("a year earlier": 2019) is looked for as if written
        # "all three expos combined": the run as the reports write it (三届), and passages naming it first
        span = edition_span(query.question)
        unwritten = [
            str(y) for y in query.years if not query.years_inherited and str(y) not in query.question
        ] + span_terms(span)
        # a Chinese follow-up asking again of another time ("2020年底呢？": 截至2020年底，…有多少国家？) is looked for
        # as that question, not with the words of the last answer
        again = query.lang == "zh" and bool(query.named_before and query.standalone)
        question = query.standalone if again else query.question
        carried = [] if again else query.extra_terms
        hits = st.retriever.search(
            question,
            k * SPAN_DEPTH if span else k,
            mode,
            extra_terms=[*carried, *unwritten],
            dense_text=query.dense_text,
            doc_ids=st.retriever.names.mentioned(question),
        )
        return sorted(hits, key=lambda h: not names_span(h.chunk.text, span))[:k] if span else hits

    def ask(self, question: str, history: Sequence[dict] = (), top_k: int | None = None) -> AskResponse:
        """The ask contract: a cited answer in the question's language, or an honest abstention."""
        *_, (_, result) = self._answer(question, history, top_k, stream=False)
        return result  # type: ignore[no-any-return]

    def ask_events(
        self, question: str, history: Sequence[dict] = (), top_k: int | None = None
    ) -> Iterator[Event]:
        """The ask contract as it is made: ("sources", passages) once retrieval is done, ("delta", text) for each
        part of the answer as it is written, ("reset", None) when streamed text is withdrawn (a model's answer
        that did not check out), then ("final", AskResponse), the same object `ask` returns."""
        return self._answer(question, history, top_k, stream=True)

    def _answer(
        self, question: str, history: Sequence[dict], top_k: int | None, stream: bool
    ) -> Iterator[Event]:
        started = time.perf_counter()
        k = self.check_k(top_k)
        query = analyze(self.check_question(question), self._check_history(history), k)
        st = self.current()  # one index version for the whole answer, even if a newer one arrives meanwhile
        hits = self.retrieve(query, max(k, 8), loaded=st)
        retrieved = time.perf_counter()
        if stream:
            yield "sources", [self._source(h, st) for h in hits[:k]]
        streamed = ""
        draft_stream = getattr(st.answerer, "draft_stream", None)
        if stream and draft_stream is not None:
            pieces = draft_stream(query, hits)
            while True:
                try:
                    piece = next(pieces)
                except StopIteration as stop:
                    draft = stop.value
                    break
                streamed += piece
                yield "delta", piece
        else:
            draft = st.answerer.draft(query, hits)
        if stream and streamed.strip() != draft.answer:
            if streamed:
                yield "reset", None
            for part in answer_parts(draft.answer):
                yield "delta", part
        done = time.perf_counter()
        timings = Timings(
            retrieve=round((retrieved - started) * 1000, 2),
            answer=round((done - retrieved) * 1000, 2),
            total=round((done - started) * 1000, 2),
        )
        yield "final", to_contract(query.lang, draft, st.index.documents, timings)

    @staticmethod
    def _source(hit: Hit, st: Loaded) -> dict[str, object]:
        chunk = hit.chunk
        doc = st.index.documents[chunk.doc_id]
        return {
            "doc_id": chunk.doc_id,
            "title": doc.title,
            "title_en": doc.title_en or None,
            "section": chunk.section,
            "page": doc.page_at(chunk.start),
            "chunk_id": chunk.chunk_id,
        }

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
            content = encodable(turn["content"][: self.limits.max_question_chars])
            turns.append({"role": turn["role"], "content": content})
        return turns

    def figures(
        self, q: str | None = None, year: int | None = None, unit: str | None = None, limit: int = 50
    ) -> dict[str, object]:
        """Extracted figures whose label holds every word of `q`, filtered by year and unit, with citations."""
        return self.current().finder.find(q, year, unit, limit)

    def documents(self) -> list[dict[str, object]]:
        """Metadata of every indexed document."""
        return [d.metadata() for d in self.current().index.documents.values()]

    def document(self, doc_id: str) -> Document:
        """One document, or NotFoundError."""
        doc = self.current().index.documents.get(doc_id) or self.catch_up().index.documents.get(doc_id)
        if doc is None:
            raise NotFoundError(f"no document with id {doc_id!r}")
        return doc

    def document_text(self, doc_id: str, start: int = 0, end: int | None = None) -> dict[str, object]:
        """A slice of a document's cleaned text (for citation previews); an end past the text stops at it, so
        "the passage and 600 characters more" works near a document's end."""
        doc = self.document(doc_id)
        st = self.current()  # a report just added is served by the version that has it
        corpus = (st if doc_id in st.index.documents else self.catch_up()).corpus
        size = corpus.size(doc_id)
        end = size if end is None else min(end, size)
        if not 0 <= start <= end:
            raise BadQuestionError(f"start must be at most end and at most {size}, the text's length")
        section = doc.section_at(start)
        return {
            "doc_id": doc_id,
            "start": start,
            "end": end,
            "text": corpus.text(doc_id, start, end),
            "section": " > ".join(section.path) if section else "",
            "page": doc.page_at(start),
        }

    def count_tokens(self, text: str) -> int:
        """Tokens in a text by the embedder's own tokenizer, or an approximation when it has none."""
        counter = getattr(self.embedder, "count_tokens", None)
        return int(counter(text)) if counter is not None else approx_tokens(text)

    def cut_to_tokens(self, text: str, limit: int) -> str:
        """The longest prefix of a text within `limit` tokens (as `count_tokens` counts them)."""
        return cut_to_tokens(text, limit, self.count_tokens)

    def document_file(self, doc_id: str) -> tuple[Path, str, bool]:
        """A report's original file, its media type and whether a browser may show it inline; NotFoundError when
        this machine does not hold it (the index lives in Milvus, or the file went away)."""
        doc = self.document(doc_id)
        if self.corpus_dir is None:
            raise NotFoundError("the original reports are not on this server")
        return original_file(self.corpus_dir, doc_id, doc.source)
