"""The sentences of the chunks answered from lately, tokenized once per process."""

from __future__ import annotations

from collections import OrderedDict
from contextlib import suppress

from qa.answer.scoring import Row, sentence_rows
from qa.ingest.chunking import Chunk, split_sentences

SENTENCE_CACHE = 1024  # chunks whose sentences stay tokenized: bounded, so a replica's memory is too


class SentenceCache:
    """Each chunk's sentences with offsets, index terms and years; requests share it."""

    def __init__(self) -> None:
        self._rows: OrderedDict[str, list[Row]] = OrderedDict()

    def rows(self, chunk: Chunk) -> list[Row]:
        cached = self._rows.get(chunk.chunk_id)
        if cached is None:
            cached = _rows_of(chunk.text, chunk.start)
            self._rows[chunk.chunk_id] = cached
        # Requests share the cache: another thread may have just evicted or moved the same entry.
        with suppress(KeyError):
            self._rows.move_to_end(chunk.chunk_id)
            while len(self._rows) > SENTENCE_CACHE:
                self._rows.popitem(last=False)
        return cached


def _rows_of(text: str, start: int) -> list[Row]:
    return sentence_rows((a, b, text[a - start : b - start]) for a, b in split_sentences(text, start))
