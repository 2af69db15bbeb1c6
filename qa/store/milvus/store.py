"""The index in Milvus: one collection pair per version, and a shared record that names the current one."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from qa.core.errors import IndexMissingError
from qa.ingest.chunking import Chunk
from qa.store.faiss.index import Index
from qa.store.faiss.vectors import all_vectors
from qa.store.manifest import check_embedder
from qa.store.milvus.client import Connection, StoreUnavailableError
from qa.store.milvus.corpus import MilvusCorpus, RemoteChunks, RemoteDocuments
from qa.store.milvus.edit import Snapshot, add_to_snapshot, remove_from_snapshot
from qa.store.milvus.rank import MilvusRankSource
from qa.store.milvus.schema import (
    CHUNK_FIELDS,
    CURRENT_KEY,
    FIGURES_FIELD,
    META,
    FigureSpans,
    blob_rows,
    blob_schema,
    bm25_text,
    chunk_figures,
    chunk_row,
    chunks_name,
    chunks_schema,
    data_name,
    dump_catalog,
    dump_layout,
    dump_lexicon,
    figure_row,
    figures_name,
    figures_schema,
    join_blobs,
    layout_name,
    load_catalog,
    load_lexicon,
    new_version,
    row_chunk,
    text_name,
    with_layout,
)
from qa.store.milvus.stats import bucket_count, corpus_tables, encode, read_table
from qa.store.plan import passage_text
from qa.store.steps import Tracker
from qa.text.tokenize import search_tokens

BATCH = 1000  # rows per insert, well under gRPC's message limit at 1024 dimensions


class MilvusStore(Connection):
    """Versions of the index in one Milvus database; every replica reads the same current version."""

    kind = "milvus"
    local_corpus = False  # the store is the source of truth: replicas share it, not a folder

    def __init__(
        self,
        uri: str,
        token: str | None = None,
        db_name: str | None = None,
        prefix: str = "qa",
        timeout: int = 10,
        keep_versions: int = 2,
    ) -> None:
        super().__init__(uri, token, db_name, timeout)
        self.prefix = prefix
        self.keep_versions = max(2, keep_versions)

    def rank_source(self, index: Index) -> MilvusRankSource:
        """Dense and BM25 searches in the version's chunk collection."""
        return MilvusRankSource(index, self)

    @property
    def meta_name(self) -> str:
        return f"{self.prefix}_{META}"

    def current_version(self) -> str | None:
        """The version every replica should serve (None before the first publish); one small query."""
        if not self.call("has_collection", self.meta_name):
            return None
        rows = self.call(
            "query",
            self.meta_name,
            filter=f'key == "{CURRENT_KEY}"',
            output_fields=["data"],
            consistency_level="Strong",
        )
        return rows[0]["data"] if rows else None

    def versions(self) -> list[str]:
        """Every version with collections in the database, oldest first."""
        start = len(self.prefix) + 1
        names = self.call("list_collections")
        return sorted(
            {
                n[start : -len("_chunks")]
                for n in names
                if n.startswith(f"{self.prefix}_v") and n.endswith("_chunks")
            }
        )

    def load(self, embedder_name: str | None = None) -> Index:
        """The current version as a replica serves it: manifest, document catalogue and lexicon in memory;
        chunks, texts, figures and term statistics stay in Milvus and are fetched per request."""
        version = self._current_or_missing()
        data = data_name(self.prefix, version)
        blobs = join_blobs(
            self.scan(data, ["name", "seq", "data"], 'name in ["manifest", "catalog", "lexicon"]')
        )
        manifest = json.loads(blobs.get("manifest", "{}"))
        check_embedder(manifest, embedder_name, f"in Milvus at {self.uri}", "migrate an index built with it")
        if "catalog" not in blobs or "stats" not in manifest:
            raise IndexMissingError(
                f"the index in Milvus at {self.uri} was written by an older version: "
                f"run `qa migrate --to {self.uri}` again"
            )
        catalog, sizes = load_catalog(blobs["catalog"])
        cname = chunks_name(self.prefix, version)
        fields = {f["name"] for f in self.call("describe_collection", cname)["fields"]}
        chunks = RemoteChunks(
            self,
            cname,
            int(manifest["counts"]["chunks"]),
            [*CHUNK_FIELDS, *([FIGURES_FIELD] if FIGURES_FIELD in fields else [])],
        )
        index = Index(
            path=Path(f"milvus/{version}"),
            manifest=manifest,
            chunks=chunks,  # type: ignore[arg-type]  # fetched by row
            vectors=None,  # type: ignore[arg-type]  # searched in Milvus
            lexical=None,  # type: ignore[arg-type]
            figures=[],  # in the version's figures collection
            documents=RemoteDocuments(self, data, catalog, sizes),  # type: ignore[arg-type]  # layouts by id
            lexicon=load_lexicon(blobs.get("lexicon", "")),
        )
        return index

    def corpus(self, index: Index) -> MilvusCorpus:
        """Statistics, spans and figures of a version this store loaded, fetched per request."""
        version = str(index.manifest["version"])
        return MilvusCorpus(
            self,
            index.chunks,  # type: ignore[arg-type]  # a RemoteChunks
            index.manifest,
            data_name(self.prefix, version),
            index.documents.sizes,  # type: ignore[attr-defined]  # a RemoteDocuments
        )

    def _current_or_missing(self) -> str:
        version = self.current_version()
        if version is None:
            raise IndexMissingError(
                f"no index in Milvus at {self.uri} (collections {self.prefix}_*, QA_MILVUS_PREFIX): "
                f"run `qa migrate --to {self.uri}` to copy the local index"
            )
        return version

    def snapshot(self) -> Snapshot:
        """The whole current version, vectors and texts included, for a writer to copy."""
        index = self.load()
        version = index.manifest["version"]
        data = data_name(self.prefix, version)
        rows = sorted(
            self.scan(chunks_name(self.prefix, version), [*CHUNK_FIELDS, "dense"], "row >= 0"),
            key=lambda r: r["row"],
        )
        dim = int(index.manifest["dim"])
        vectors = np.zeros((len(rows), dim), np.float32)
        for i, r in enumerate(rows):
            vectors[i] = np.asarray(r["dense"], np.float32)
        texts = join_blobs(self.scan(data, ["name", "seq", "data"], 'name like "text:%"'))
        layouts = join_blobs(self.scan(data, ["name", "seq", "data"], 'name like "layout:%"'))
        documents = {
            d: replace(with_layout(doc, layouts.get(layout_name(d), "{}")), text=texts.get(text_name(d), ""))
            for d, doc in index.documents.items()
        }
        figures = self.scan(figures_name(self.prefix, version), ["seq", "data"], "seq >= 0")
        full = replace(
            index,
            chunks=[row_chunk(r) for r in rows],
            documents=documents,
            figures=[json.loads(r["data"]) for r in sorted(figures, key=lambda r: r["seq"])],
        )
        snap = Snapshot(full, vectors)
        snap.df = read_table(join_blobs(self.scan(data, ["name", "seq", "data"], 'name like "df:%"')))
        return snap

    # -- writing ----------------------------------------------------------------------------------

    def publish(self, index: Index) -> str:
        """Write a loaded FAISS index as a new version (its vectors, not re-embedded) and switch to it."""
        return self.write(Snapshot(index, all_vectors(index.vectors)))

    def write(
        self, snap: Snapshot, base: str | None = None, progress: Callable[[int], None] | None = None
    ) -> str:
        """Write a snapshot as a new version, then switch to it unless another writer switched since `base`."""
        version = new_version()
        dim = int(snap.vectors.shape[1]) if snap.vectors.ndim == 2 else int(snap.manifest["dim"])
        client = self.client()
        cname, dname = chunks_name(self.prefix, version), data_name(self.prefix, version)
        schema, params = chunks_schema(client, dim)
        self.call("create_collection", cname, schema=schema, index_params=params)
        schema, params = blob_schema(client)
        self.call("create_collection", dname, schema=schema, index_params=params)
        fname = figures_name(self.prefix, version)
        schema, params = figures_schema(client)
        self.call("create_collection", fname, schema=schema, index_params=params)
        titles = {d.doc_id: d.title for d in snap.documents.values()}
        terms: dict[str, str] = {}  # identical passages (copies of a report) are cut once

        def terms_of(c: Chunk) -> str:
            text = passage_text(c, titles.get(c.doc_id, ""))
            if text not in terms:
                terms[text] = bm25_text(search_tokens(text))
            return terms[text]

        figures = FigureSpans(snap.figures)
        rows = (
            chunk_row(
                i,
                c,
                titles.get(c.doc_id, ""),
                snap.vectors[i].tolist(),
                terms_of(c),
                chunk_figures(figures.of(c)),
            )
            for i, c in enumerate(snap.chunks)
        )
        for batch in _batches(rows, BATCH):
            self.call("insert", cname, batch)
            if progress:
                progress(len(batch))
        for batch in _batches((figure_row(i, f) for i, f in enumerate(snap.figures)), BATCH):
            self.call("insert", fname, batch)
        tables = snap.tables or corpus_tables(snap.chunks, snap.documents, snap.lexicon, snap.df)
        manifest = {
            **snap.manifest,
            "store": "milvus",
            "version": version,
            "dim": dim,
            "counts": {
                "documents": len(snap.documents),
                "chunks": len(snap.chunks),
                "figures": len(snap.figures),
            },
            "stats": {kind: bucket_count(table) for kind, table in tables.items()},
            "published_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        }
        manifest.pop("files", None)
        blobs = {
            "manifest": json.dumps(manifest, ensure_ascii=False),
            "catalog": dump_catalog(snap.documents),
            "lexicon": dump_lexicon(snap.lexicon),
            **{text_name(d): doc.text for d, doc in snap.documents.items()},
            **{layout_name(d): dump_layout(doc) for d, doc in snap.documents.items()},
        }
        for kind, table in tables.items():
            blobs.update(encode(kind, table, manifest["stats"][kind]))
        rows = (row for name, text in blobs.items() for row in blob_rows(name, text))
        for batch in _batches(rows, 50):
            self.call("insert", dname, batch)
        for name in (cname, fname, dname):
            self.call("flush", name)
        self._wait_count(cname, len(snap.chunks))
        self.switch(version, base)
        return version

    def switch(self, version: str, base: str | None = None) -> None:
        """Make `version` current for every replica, then drop versions older than the previous one."""
        if not self.call("has_collection", self.meta_name):
            schema, params = blob_schema(self.client())
            self.call("create_collection", self.meta_name, schema=schema, index_params=params)
        current = self.current_version()
        if base is not None and current != base:
            self.drop(version)
            raise StoreUnavailableError(
                f"another writer changed the index in Milvus at {self.uri} meanwhile: try again"
            )
        row = blob_rows(CURRENT_KEY, version)[0] | {"key": CURRENT_KEY}
        self.call("upsert", self.meta_name, [row])
        self._prune(version, current)

    def drop(self, version: str) -> None:
        """Drop one version's collections."""
        for name in (
            chunks_name(self.prefix, version),
            figures_name(self.prefix, version),
            data_name(self.prefix, version),
        ):
            if self.call("has_collection", name):
                self.call("drop_collection", name)

    def _prune(self, current: str, previous: str | None) -> None:
        # Replicas may still search the previous version for a few seconds; versions newer than the
        # current one may be another writer's work in progress.
        older = [v for v in self.versions() if v < current and v != previous]
        for version in older[: max(0, len(older) - (self.keep_versions - 2))]:
            self.drop(version)

    def _wait_count(self, collection: str, expected: int, limit_s: float = 60.0) -> None:
        deadline = time.monotonic() + limit_s
        while True:
            rows = self.call(
                "query", collection, filter="", output_fields=["count(*)"], consistency_level="Strong"
            )
            if rows and int(rows[0]["count(*)"]) >= expected:
                return
            if time.monotonic() > deadline:
                raise StoreUnavailableError(f"Milvus at {self.uri} did not make {collection} visible in time")
            time.sleep(0.2)

    # -- reports ----------------------------------------------------------------------------------

    def add(
        self,
        docs: Iterable[Any],
        embedder: Any,
        progress: bool | Tracker = False,
        chunk_size: int | None = None,
        overlap: int | None = None,
    ) -> str:
        """Add or replace reports: a new version with the unchanged rows copied and only these embedded.

        One step: the new reports become searchable when their vectors are written (unlike the local store,
        which switches them in for BM25 before embedding; Milvus builds its BM25 from the same rows).
        """

        snap = self.snapshot()
        base = snap.manifest["version"]
        tracker = progress if isinstance(progress, Tracker) else None
        add_to_snapshot(snap, list(docs), embedder, chunk_size, overlap, tracker)
        return self.write(snap, base)

    def remove(self, doc_id: str, embedder: Any = None) -> str:
        """Remove one report: a new version without its chunks and figures."""
        from qa.core.errors import NotFoundError

        snap = self.snapshot()
        if doc_id not in snap.documents:
            raise NotFoundError(f"no document with id {doc_id!r}")
        remove_from_snapshot(snap, doc_id)
        return self.write(snap, snap.manifest["version"])


def _batches(rows: Iterable[dict], size: int) -> Iterator[list[dict]]:
    batch: list[dict] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
