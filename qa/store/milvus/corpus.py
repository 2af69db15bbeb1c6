"""A replica's view of a version in Milvus: chunks, text spans, figures and term statistics fetched per request.

Nothing here grows with the corpus: each cache holds at most a fixed number of entries, so a replica's memory is
the same at a thousand chunks and at millions.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import ItemsView, Iterable, Iterator, Mapping, Sequence, ValuesView
from typing import TYPE_CHECKING, Any

from qa.ingest.chunking import Chunk
from qa.ingest.documents import Document
from qa.store.milvus.schema import (
    CHUNK_FIELDS,
    FIGURES_FIELD,
    PIECE,
    figures_name,
    layout_name,
    quoted,
    row_chunk,
    text_key,
    with_layout,
)
from qa.store.milvus.stats import GRAM, bucket_name, bucket_of, decode, windows

if TYPE_CHECKING:
    from qa.store.milvus.store import MilvusStore

CHUNK_CACHE = 4096  # chunks a replica keeps (the hits of recent questions)
FIGURE_CACHE = 4096  # chunks whose figures it keeps
BUCKET_CACHE = 1024  # statistics buckets (about 4 KB each)
LAYOUT_CACHE = 256  # documents whose sections and pages it keeps


class Bounded(OrderedDict):
    """A least-recently-used dictionary of at most `limit` entries, safe across request threads."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit
        self.lock = threading.Lock()

    def get_many(self, keys: Iterable[Any]) -> dict[Any, Any]:
        with self.lock:
            found = {}
            for key in keys:
                if key in self:
                    self.move_to_end(key)
                    found[key] = OrderedDict.__getitem__(self, key)
            return found

    def put_many(self, items: dict[Any, Any]) -> None:
        with self.lock:
            for key, value in items.items():
                OrderedDict.__setitem__(self, key, value)
                self.move_to_end(key)
            while len(self) > self.limit:
                self.popitem(last=False)


class RemoteChunks(Sequence[Chunk]):
    """A version's chunks by row, fetched from Milvus on demand; search results seed it with their rows."""

    def __init__(
        self, store: MilvusStore, collection: str, count: int, fields: Sequence[str] = CHUNK_FIELDS
    ) -> None:
        self.store = store
        self.collection = collection
        self.total = count
        self.fields = list(fields)  # with `figures` when the version's rows hold them
        self.cache = Bounded(CHUNK_CACHE)
        self.figures = Bounded(FIGURE_CACHE)  # the rows' figures as JSON, decoded when asked for

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, row: int) -> Chunk:  # type: ignore[override]
        if not isinstance(row, int):
            raise TypeError("remote chunks are read one row at a time")
        return self.rows([row])[row]

    def __iter__(self) -> Iterator[Chunk]:
        """Every chunk, page by page (a writer's or a tool's scan, never a request's)."""
        rows = self.store.scan(self.collection, CHUNK_FIELDS, "row >= 0")
        for r in sorted(rows, key=lambda r: r["row"]):
            yield row_chunk(r)

    def keep(self, rows: Iterable[dict]) -> None:
        """Chunks that a search returned as output fields."""
        rows = list(rows)
        self.cache.put_many({int(r["row"]): row_chunk(r) for r in rows})
        self.figures.put_many({r["chunk_id"]: r[FIGURES_FIELD] for r in rows if r.get(FIGURES_FIELD)})

    def rows(self, rows: Iterable[int]) -> dict[int, Chunk]:
        """Chunks by row, fetching the ones not cached in one query."""
        wanted = list(dict.fromkeys(rows))
        found = self.cache.get_many(wanted)
        missing = [r for r in wanted if r not in found]
        if missing:
            fetched = self.store.call(
                "query", self.collection, filter=f"row in {missing}", output_fields=self.fields
            )
            self.keep(fetched)
            found.update({int(r["row"]): row_chunk(r) for r in fetched})
        for r in wanted:
            if r not in found:
                raise IndexError(f"no chunk at row {r}")
        return found


class RemoteDocuments(Mapping[str, Document]):
    """A version's documents: the catalogue (metadata) in memory; a document looked up by id comes with its
    sections and page starts, fetched from Milvus and kept for the most recent `LAYOUT_CACHE` documents.

    Iterating (`values`, `items`) gives the catalogue entries, which have no text, sections or pages.
    """

    def __init__(
        self, store: MilvusStore, data: str, catalog: dict[str, Document], sizes: dict[str, int]
    ) -> None:
        self.store = store
        self.data = data
        self.catalog = catalog
        self.sizes = sizes  # each document's text length, for spans that reach its end
        self.cache = Bounded(LAYOUT_CACHE)

    def __len__(self) -> int:
        return len(self.catalog)

    def __iter__(self) -> Iterator[str]:
        return iter(self.catalog)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self.catalog

    def values(self) -> ValuesView[Document]:  # type: ignore[override]
        return self.catalog.values()

    def items(self) -> ItemsView[str, Document]:  # type: ignore[override]
        return self.catalog.items()

    def __getitem__(self, doc_id: str) -> Document:
        doc = self.catalog[doc_id]
        found = self.cache.get_many([doc_id])
        if found:
            return found[doc_id]
        rows = self.store.call(
            "query", self.data, filter=f"name == {quoted(layout_name(doc_id))}", output_fields=["seq", "data"]
        )
        full = with_layout(doc, "".join(r["data"] for r in sorted(rows, key=lambda r: r["seq"])) or "{}")
        self.cache.put_many({doc_id: full})
        return full


class MilvusCorpus:
    """`Corpus` over one version in Milvus: statistics from the writer's buckets, spans and figures by query."""

    def __init__(
        self, store: MilvusStore, chunks: RemoteChunks, manifest: dict, data: str, sizes: dict[str, int]
    ) -> None:
        self.store = store
        self.chunks = chunks
        self.passages = max(1, len(chunks))
        self.buckets = {k: int(v) for k, v in manifest.get("stats", {}).items()}
        self.sizes = sizes
        self.data = data
        self.figures_collection = figures_name(store.prefix, str(manifest["version"]))
        self._buckets = Bounded(BUCKET_CACHE)
        self._figures = Bounded(FIGURE_CACHE)

    # -- statistics -------------------------------------------------------------------------------

    def _tables(self, needs: Iterable[tuple[str, str]]) -> dict[str, dict[str, int]]:
        """The buckets holding these (kind, term) pairs, fetched at once when not cached."""
        names = {bucket_name(kind, bucket_of(term, self.buckets.get(kind, 1))) for kind, term in needs}
        found = self._buckets.get_many(names)
        missing = sorted(names - found.keys())
        if missing:
            rows = self.store.call(
                "query",
                self.data,
                filter=f"name in {json.dumps(missing)}",
                output_fields=["name", "seq", "data"],
            )
            parts: dict[str, list[tuple[int, str]]] = {n: [] for n in missing}
            for r in rows:
                parts[r["name"]].append((int(r["seq"]), r["data"]))
            fetched = {n: decode("".join(d for _, d in sorted(p))) for n, p in parts.items()}
            self._buckets.put_many(fetched)
            found.update(fetched)
        return found

    def _needs(self, kind: str, term: str) -> list[tuple[str, str]]:
        if kind == "df" or len(term) <= GRAM:
            return [(kind, term)]
        return [(kind, term), *((kind, w) for w in windows(term))]

    def _count(self, kind: str, term: str) -> int:
        needs = self._needs(kind, term)
        tables = self._tables(needs)

        def get(t: str) -> int:
            return tables[bucket_name(kind, bucket_of(t, self.buckets.get(kind, 1)))].get(t, 0)

        exact = get(term)
        if exact or kind == "df" or len(term) <= GRAM:
            return exact
        # A longer string the writer did not count whole: as often as its rarest window, at most.
        return min((get(w) for w in windows(term)), default=0)

    def warm(self, terms: Iterable[str], kind: str = "df") -> None:
        self._tables([n for t in terms for n in self._needs(kind, t)])

    def df(self, term: str) -> int:
        return self._count("df", term)

    def mentions(self, term: str) -> int:
        return self._count("m", term)

    def contains(self, term: str, bare: bool = False) -> bool:
        return bool(term) and self._count("b" if bare else "m", term) > 0

    # -- text and figures -------------------------------------------------------------------------

    def size(self, doc_id: str) -> int:
        return self.sizes[doc_id]

    def text(self, doc_id: str, start: int, end: int) -> str:
        end = min(end, self.sizes.get(doc_id, end))
        if end <= start:
            return ""
        first, last = start // PIECE, (end - 1) // PIECE
        keys = [text_key(doc_id, n) for n in range(first, last + 1)]
        rows = self.store.call(
            "query", self.data, filter=f"key in {json.dumps(keys)}", output_fields=["seq", "data"]
        )
        text = "".join(r["data"] for r in sorted(rows, key=lambda r: r["seq"]))
        return text[start - first * PIECE : end - first * PIECE]

    def prefetch(self, chunks: Sequence[Chunk]) -> None:
        self._figures_of(chunks)

    def figures_of(self, chunk: Chunk) -> list[dict]:
        return self._figures_of([chunk])[chunk.chunk_id]

    def _figures_of(self, chunks: Sequence[Chunk]) -> dict[str, list[dict]]:
        """Figures by chunk id: decoded before, or from the rows a search returned, or else from the figures
        collection in one query."""
        ids = [c.chunk_id for c in chunks]
        found = self._figures.get_many(ids)
        rows = self.chunks.figures.get_many([i for i in ids if i not in found])
        decoded = {i: json.loads(text) for i, text in rows.items()}
        self._figures.put_many(decoded)
        found.update(decoded)
        todo = [c for c in chunks if c.chunk_id not in found]
        if todo:
            found.update(self._fetch_figures(todo))
        return found

    def _fetch_figures(self, chunks: Sequence[Chunk]) -> dict[str, list[dict]]:
        by_doc: dict[str, list[Chunk]] = {}
        for c in chunks:
            by_doc.setdefault(c.doc_id, []).append(c)
        where = " or ".join(
            f"(doc_id == {quoted(d)} and ("
            + " or ".join(f"(start >= {c.start} and start < {c.end})" for c in cs)
            + "))"
            for d, cs in by_doc.items()
        )
        figures = self._query_figures(where)
        out = {
            c.chunk_id: [f for f in figures if f["doc_id"] == c.doc_id and c.start <= f["start"] < c.end]
            for c in chunks
        }
        self._figures.put_many(out)
        return out

    def _query_figures(self, where: str, limit: int | None = None) -> list[dict]:
        extra = {"limit": limit} if limit is not None else {}
        rows = self.store.call(
            "query", self.figures_collection, filter=where, output_fields=["seq", "data"], **extra
        )
        return [json.loads(r["data"]) for r in sorted(rows, key=lambda r: r["seq"])]

    def chunk(self, chunk_id: str) -> Chunk | None:
        rows = self.store.call(
            "query",
            self.chunks.collection,
            filter=f"chunk_id == {quoted(chunk_id)}",
            output_fields=self.chunks.fields,
        )
        self.chunks.keep(rows)
        return row_chunk(rows[0]) if rows else None

    def find_figures(
        self, words: Sequence[str], year: int | None, unit: str | None, limit: int
    ) -> tuple[int, list[dict]]:
        terms = [f"hay like {quoted('%' + _like(w) + '%')}" for w in words]
        if year is not None:
            terms.append(f"year == {int(year)}")
        if unit is not None:
            terms.append(f"unit == {quoted(unit)}")
        where = " and ".join(terms) or "seq >= 0"
        total = self.store.call("query", self.figures_collection, filter=where, output_fields=["count(*)"])
        count = int(total[0]["count(*)"]) if total else 0
        if not count or limit <= 0:
            return count, []
        # An iterator pages by primary key, so its first rows are the first matches in index order.
        rows = self.store.head(self.figures_collection, ["seq", "data"], where, limit)
        return count, [json.loads(r["data"]) for r in sorted(rows, key=lambda r: r["seq"])]


def _like(word: str) -> str:
    """A word as a LIKE pattern's literal part (its own % and _ escaped)."""
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
