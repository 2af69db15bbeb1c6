"""Turn a draft answer into the ask contract, and draft one with a verified LLM."""

from __future__ import annotations

import uuid
from collections.abc import Generator

from qa.answer.abstain import Abstention
from qa.answer.analyze import Query
from qa.answer.llm import NOT_FOUND, LLMAnswerer, LLMResult, verify
from qa.answer.select import ExtractiveAnswerer
from qa.answer.types import Draft, Quote
from qa.core.types import AskResponse, Citation, FigureUsed, NearMiss, Timings
from qa.ingest.documents import Document
from qa.search.retrieve import Hit
from qa.text.numbers import numbers_in


def to_contract(
    lang: str,
    draft: Draft,
    documents: dict[str, Document],
    timings: Timings,
) -> AskResponse:
    """A draft with its citations and figures as the ask contract."""
    sources = [(q.hit, q.text, q.start, q.end) for q in draft.quotes] or [
        (h, h.chunk.text, h.chunk.start, h.chunk.end) for h in draft.related
    ]
    citations = []
    for n, (hit, quote, start, end) in enumerate(sources, 1):
        chunk = hit.chunk
        doc = documents[chunk.doc_id]
        citations.append(
            Citation(
                id=n,
                doc_id=chunk.doc_id,
                title=doc.title,
                section=chunk.section,
                page=doc.page_at(start),
                chunk_id=chunk.chunk_id,
                text=chunk.text,
                quote=quote,
                start=start,
                end=end,
                score=round(hit.score, 6),
            )
        )
    figures = [
        FigureUsed(
            value=f["value"],
            unit=f["unit"],
            raw=f["raw"],
            label=f["label"],
            label_en=f.get("label_en"),
            year=f.get("year"),
            citation=n,
        )
        for n, q in enumerate(draft.quotes, 1)
        for f in q.figures
    ]
    return AskResponse(
        id=uuid.uuid4().hex,
        answer=draft.answer,
        lang=lang,  # type: ignore[arg-type]
        abstained=draft.abstained,
        citations=citations,
        figures=figures,
        reason=draft.reason or None,
        source=draft.source,  # type: ignore[arg-type]
        llm_error=draft.llm_error,
        near_miss=NearMiss(missing=draft.near_miss, text=draft.answer) if draft.near_miss else None,  # type: ignore[arg-type]
        timings_ms=timings,
    )


class VerifiedLLMAnswerer:
    """An OpenAI-compatible model writes the answer over the cited passages; it is used only when it checks out
    (each [n] exists, each number appears in the passages), else the extractive answer is given with why."""

    def __init__(self, llm: LLMAnswerer, extractive: ExtractiveAnswerer) -> None:
        self.llm = llm
        self.extractive = extractive

    def draft(self, query: Query, hits: list[Hit]) -> Draft:
        """The LLM's verified answer over the top passages, or the extractive one with `llm_error`."""
        fallback = self.extractive.draft(query, hits)
        if fallback.abstained:
            return fallback  # the reports do not answer: no model is asked to try
        top = hits[: query.top_k]
        result = self.llm.write(query.question, query.lang, [h.chunk.text for h in top], query.history)
        return self._checked(fallback, query, top, result)

    def draft_stream(self, query: Query, hits: list[Hit]) -> Generator[str, None, Draft]:
        """As `draft`, yielding the model's text as it arrives; the returned draft is what holds (the
        extractive one, if the model's answer did not check out)."""
        fallback = self.extractive.draft(query, hits)
        if fallback.abstained:
            return fallback
        top = hits[: query.top_k]
        result = yield from self.llm.write_stream(
            query.question, query.lang, [h.chunk.text for h in top], query.history
        )
        return self._checked(fallback, query, top, result)

    def _checked(self, fallback: Draft, query: Query, hits: list[Hit], result: LLMResult) -> Draft:
        written, error = llm_draft(result, self.extractive, query, hits)
        if written is None:
            fallback.llm_error = error
            return fallback
        written.source = "llm"
        return written


def llm_draft(
    result: LLMResult, answerer: ExtractiveAnswerer, query: Query, hits: list[Hit]
) -> tuple[Draft | None, str | None]:
    """A verified LLM answer over the hits, or None and the reason to fall back to the extractive one."""
    passages = [h.chunk.text for h in hits]
    if result.text is None:
        return None, result.error
    if NOT_FOUND in result.text:
        return Draft(Abstention.text(query), True, [], hits[:3], "llm: not in the passages"), None
    problem = verify(result.text, passages)
    if problem:
        return None, f"llm answer rejected: {problem}"
    # Each passage's citation quotes its best sentence; figures are those the answer states.
    best: dict[str, Quote] = {}
    for cand in answerer.candidates(query, hits):
        best.setdefault(cand.hit.chunk.chunk_id, cand)
    stated = numbers_in(result.text)
    quotes = []
    for hit in hits:
        c = hit.chunk
        quote = best.get(c.chunk_id) or Quote(hit, c.start, c.end, c.text, 0, 0)
        quote.figures = [
            f for f in quote.figures if any(abs(f["value"] - v) <= 0.005 * abs(v) for v in stated)
        ]
        quotes.append(quote)
    return Draft(result.text, False, quotes, []), None
