"""Milvus collection layouts and row conversions for the index: chunks, blobs and the version record."""

from __future__ import annotations

import json
import secrets
import time
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from qa.ingest.chunking import Chunk
from qa.ingest.documents import Document, Section
from qa.store.faiss.index import _document_from_dict, _document_to_dict
from qa.store.plan import passage_text
from qa.text.lexicon import Lexicon

META = "meta"  # collection suffix of the key/value rows that name the current version
CURRENT_KEY = "current"
PIECE = 16_000  # characters per VARCHAR piece: at most 4 bytes each stays under Milvus's 65,535-byte limit
MAX_VARCHAR = 65_535
CHUNK_FIELDS = ["row", "chunk_id", "doc_id", "section", "kind", "page", "start", "end", "body_at", "text"]
# A chunk's figures as JSON, returned with its search hits: no figures query per request, whatever the corpus
# size. "" when they pass the VARCHAR limit (then fetched from the figures collection, as for versions written
# before the field existed).
FIGURES_FIELD = "figures"
# BM25 runs over the same jieba terms as the local index (domain dictionary included), written out by the writer:
# Milvus only splits them at spaces, so both stores rank the same way.
ANALYZER = {"tokenizer": "whitespace"}


def pymilvus() -> Any:
    """The pymilvus module, or an install hint."""
    try:
        import pymilvus as module
    except ImportError as exc:  # pragma: no cover - depends on the environment
        from qa.core.errors import ConfigError

        raise ConfigError(
            "the Milvus store needs pymilvus: pip install 'qa[milvus]' (pymilvus>=2.5,<2.6)"
        ) from exc
    return module


def new_version() -> str:
    """A sortable, collection-name-safe version id."""
    return f"v{time.strftime('%Y%m%d_%H%M%S')}_{secrets.token_hex(3)}"


def chunks_name(prefix: str, version: str) -> str:
    """Collection of one version's chunks."""
    return f"{prefix}_{version}_chunks"


def data_name(prefix: str, version: str) -> str:
    """Collection of one version's documents, figures, lexicon and manifest."""
    return f"{prefix}_{version}_data"


def figures_name(prefix: str, version: str) -> str:
    """Collection of one version's figures, filtered server-side."""
    return f"{prefix}_{version}_figures"


def figures_schema(client: Any) -> tuple[Any, Any]:
    """Schema of a figures collection: the fields a figure search filters on, and the whole figure as JSON."""
    dt = pymilvus().DataType
    schema = client.create_schema(auto_id=False, enable_dynamic_field=False)
    schema.add_field("seq", dt.INT64, is_primary=True)  # the figure's place in the version's list
    schema.add_field("doc_id", dt.VARCHAR, max_length=512)
    schema.add_field("chunk_id", dt.VARCHAR, max_length=512)
    schema.add_field("start", dt.INT64)
    schema.add_field("year", dt.INT64)  # -1 when the figure has none
    schema.add_field("unit", dt.VARCHAR, max_length=256)
    schema.add_field("hay", dt.VARCHAR, max_length=MAX_VARCHAR)  # label, English label and raw, lower-cased
    schema.add_field("data", dt.VARCHAR, max_length=MAX_VARCHAR)
    schema.add_field("vec", dt.FLOAT_VECTOR, dim=2)
    params = client.prepare_index_params()
    params.add_index("vec", index_type="FLAT", metric_type="L2")
    for name in ("doc_id", "chunk_id", "year", "unit"):
        params.add_index(name, index_type="INVERTED")
    return schema, params


def figure_row(seq: int, figure: dict) -> dict:
    """One figures-collection row."""
    hay = " ".join(str(figure.get(k) or "") for k in ("label", "label_en", "raw")).lower()
    return {
        "seq": seq,
        "doc_id": figure.get("doc_id", ""),
        "chunk_id": figure.get("chunk_id", ""),
        "start": int(figure.get("start", 0)),
        "year": int(figure.get("year") or -1),
        "unit": str(figure.get("unit") or "")[:256],
        "hay": hay[:16_000],
        "data": json.dumps(figure, ensure_ascii=False),
        "vec": [0.0, 0.0],
    }


def quoted(text: str) -> str:
    """A string literal for a Milvus filter expression."""
    return json.dumps(text, ensure_ascii=False)


def chunks_schema(client: Any, dim: int) -> tuple[Any, Any]:
    """Schema and index parameters of a chunks collection: dense vector plus BM25 over the Chinese analyzer."""
    pm = pymilvus()
    dt = pm.DataType
    schema = client.create_schema(auto_id=False, enable_dynamic_field=False)
    schema.add_field("row", dt.INT64, is_primary=True)
    schema.add_field("chunk_id", dt.VARCHAR, max_length=512)
    schema.add_field("doc_id", dt.VARCHAR, max_length=512)
    schema.add_field("section", dt.VARCHAR, max_length=MAX_VARCHAR)
    schema.add_field("kind", dt.VARCHAR, max_length=64)
    schema.add_field("page", dt.INT64)  # -1 when the document has no pages
    schema.add_field("start", dt.INT64)
    schema.add_field("end", dt.INT64)
    schema.add_field("body_at", dt.INT64)  # where the chunk's own text starts inside `text`
    schema.add_field("text", dt.VARCHAR, max_length=MAX_VARCHAR)
    schema.add_field(
        "terms", dt.VARCHAR, max_length=MAX_VARCHAR, enable_analyzer=True, analyzer_params=ANALYZER
    )
    schema.add_field(FIGURES_FIELD, dt.VARCHAR, max_length=MAX_VARCHAR)
    schema.add_field("dense", dt.FLOAT_VECTOR, dim=dim)
    schema.add_field("sparse", dt.SPARSE_FLOAT_VECTOR)
    schema.add_function(
        pm.Function(
            name="bm25",
            function_type=pm.FunctionType.BM25,
            input_field_names=["terms"],
            output_field_names=["sparse"],
        )
    )
    params = client.prepare_index_params()
    params.add_index("dense", index_type="AUTOINDEX", metric_type="IP")
    params.add_index("sparse", index_type="SPARSE_INVERTED_INDEX", metric_type="BM25")
    params.add_index("doc_id", index_type="INVERTED")
    params.add_index("chunk_id", index_type="INVERTED")
    return schema, params


def blob_schema(client: Any) -> tuple[Any, Any]:
    """Schema of a key/value collection (Milvus needs a vector field in every collection: a 2-d dummy)."""
    dt = pymilvus().DataType
    schema = client.create_schema(auto_id=False, enable_dynamic_field=False)
    schema.add_field("key", dt.VARCHAR, max_length=256, is_primary=True)
    schema.add_field("name", dt.VARCHAR, max_length=128)
    schema.add_field("seq", dt.INT64)
    schema.add_field("data", dt.VARCHAR, max_length=MAX_VARCHAR)
    schema.add_field("vec", dt.FLOAT_VECTOR, dim=2)
    params = client.prepare_index_params()
    params.add_index("vec", index_type="FLAT", metric_type="L2")
    params.add_index("name", index_type="INVERTED")
    return schema, params


def bm25_text(tokens: list[str]) -> str:
    """Search terms as the BM25 field holds them (and a query sends them): separated by single spaces."""
    return " ".join("".join(t.split()) for t in tokens)


class FigureSpans:
    """A version's figures by document and offset: a chunk's figures are those that start inside its span, in
    the version's order, as a replica asking the figures collection gets them."""

    def __init__(self, figures: Sequence[dict]) -> None:
        self.by_doc: dict[str, tuple[list[int], list[tuple[int, dict]]]] = {}
        placed = sorted(enumerate(figures), key=lambda sf: (sf[1]["doc_id"], int(sf[1]["start"]), sf[0]))
        for seq, figure in placed:
            starts, found = self.by_doc.setdefault(figure["doc_id"], ([], []))
            starts.append(int(figure["start"]))
            found.append((seq, figure))

    def of(self, chunk: Chunk) -> list[dict]:
        """The figures that start inside the chunk."""
        starts, found = self.by_doc.get(chunk.doc_id, ([], []))
        inside = found[bisect_left(starts, chunk.start) : bisect_left(starts, chunk.end)]
        return [figure for _, figure in sorted(inside, key=lambda sf: sf[0])]


def chunk_figures(figures: list[dict]) -> str:
    """The `figures` field of a chunk's row: its figures as JSON, or "" past the VARCHAR limit."""
    text = json.dumps(figures, ensure_ascii=False)
    return text if len(text.encode("utf-8")) <= MAX_VARCHAR else ""


def chunk_row(
    row: int, chunk: Chunk, title: str, vector: list[float], terms: str, figures: str = "[]"
) -> dict:
    """One chunks-collection row: the passage text, its BM25 terms (`bm25_text`), figures and vector."""
    text = passage_text(chunk, title)
    if max(len(text.encode("utf-8")), len(terms.encode("utf-8"))) > MAX_VARCHAR:
        raise ValueError(f"chunk {chunk.chunk_id} is longer than Milvus's 65,535-byte VARCHAR limit")
    return {
        "row": row,
        "chunk_id": chunk.chunk_id,
        "doc_id": chunk.doc_id,
        "section": chunk.section,
        "kind": chunk.kind,
        "page": -1 if chunk.page is None else chunk.page,
        "start": chunk.start,
        "end": chunk.end,
        "body_at": len(text) - len(chunk.text),
        "text": text,
        "terms": terms,
        FIGURES_FIELD: figures,
        "dense": vector,
    }


def row_chunk(row: dict) -> Chunk:
    """The `Chunk` a chunks-collection row holds."""
    return Chunk(
        chunk_id=row["chunk_id"],
        doc_id=row["doc_id"],
        section=row["section"],
        kind=row["kind"],
        page=None if row["page"] < 0 else int(row["page"]),
        text=row["text"][row["body_at"] :],
        start=int(row["start"]),
        end=int(row["end"]),
    )


def blob_rows(name: str, text: str) -> list[dict]:
    """A long string cut into VARCHAR-sized rows."""
    pieces = [text[i : i + PIECE] for i in range(0, len(text), PIECE)] or [""]
    return [
        {"key": f"{name}:{n:07d}", "name": name, "seq": n, "data": p, "vec": [0.0, 0.0]}
        for n, p in enumerate(pieces)
    ]


def join_blobs(rows: list[dict]) -> dict[str, str]:
    """The strings that `blob_rows` cut up, by name."""
    parts: dict[str, list[tuple[int, str]]] = {}
    for r in rows:
        parts.setdefault(r["name"], []).append((int(r["seq"]), r["data"]))
    return {name: "".join(p for _, p in sorted(items)) for name, items in parts.items()}


def dump_catalog(documents: dict[str, Document]) -> str:
    """What a replica keeps of every document: its metadata, without the text, sections and pages (the text's
    length as `size`), as one JSON string."""
    rows = []
    for doc in documents.values():
        row = _document_to_dict(doc)
        row["size"] = len(row.pop("text"))
        row["sections"], row["pages"] = [], []
        rows.append(row)
    return json.dumps(rows, ensure_ascii=False)


def load_catalog(text: str) -> tuple[dict[str, Document], dict[str, int]]:
    """Documents from `dump_catalog` (no text, sections or pages) and their texts' lengths."""
    docs, sizes = {}, {}
    for row in json.loads(text):
        sizes[row["doc_id"]] = int(row.pop("size"))
        docs[row["doc_id"]] = _document_from_dict({**row, "text": ""})
    return docs, sizes


def layout_name(doc_id: str) -> str:
    """Blob name of a document's sections and page starts."""
    return f"layout:{doc_id}"


def dump_layout(doc: Document) -> str:
    """A document's sections and page starts as one JSON string."""
    return json.dumps(
        {"sections": _document_to_dict(doc)["sections"], "pages": doc.pages}, ensure_ascii=False
    )


def with_layout(doc: Document, text: str) -> Document:
    """A catalogue document with the sections and pages of `dump_layout`."""
    data = json.loads(text)
    sections = [Section(**{**s, "path": tuple(s["path"])}) for s in data.get("sections", [])]
    return replace(doc, sections=sections, pages=list(data.get("pages", [])))


def text_name(doc_id: str) -> str:
    """Blob name of a document's cleaned text, cut into `PIECE`-character rows."""
    return f"text:{doc_id}"


def text_key(doc_id: str, piece: int) -> str:
    """Primary key of one piece of a document's text."""
    return f"{text_name(doc_id)}:{piece:07d}"


def dump_lexicon(lexicon: Lexicon) -> str:
    """A lexicon as the JSON that `Lexicon.save` writes."""
    return json.dumps(lexicon.as_doc(), ensure_ascii=False, separators=(",", ":"))


def load_lexicon(text: str) -> Lexicon:
    """A lexicon from `dump_lexicon` (empty when there is none)."""
    if not text:
        return Lexicon()
    return Lexicon.from_doc(json.loads(text))
