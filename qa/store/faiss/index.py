"""Build, save and load the index directory: a self-describing folder of versions with a CURRENT pointer."""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import faiss
import numpy as np

from qa.core.errors import EmbedderMismatchError, IndexCorruptError, IndexMissingError
from qa.core.types import Embedder
from qa.ingest.chunking import Chunk, split_document
from qa.ingest.documents import Document, Section, file_sha256, metadata_sha256
from qa.ingest.figures import figures_build
from qa.store.faiss.bm25 import LexicalIndex
from qa.store.faiss.durable import fsync_tree
from qa.store.faiss.vectors import all_vectors, make_vector_index
from qa.store.faiss.versions import current_version, new_version_name, switch
from qa.store.manifest import check_embedder
from qa.store.plan import document_figures, embed_chunks, passage_text, unchanged
from qa.store.steps import Tracker, progress_bar
from qa.text.lexicon import LEXICON_BUILD, Lexicon, build_lexicon
from qa.text.tokenize import tokenizer_build

FORMAT = 4  # layout of the index files (4: the manifest's checksums cover every file, bm25/ included)
# Bump when chunk or passage text changes (cleaning included), so old vectors and cleaned texts are not reused.
# 3: a sidebar box known only by its title ends the box before it. 4: a footnote wrapped onto the next line is
# one passage. 5: a chronicle entry's heading wrapped onto a second line is one heading.
PASSAGE_FORMAT = 5
REPORT_SUFFIXES = (".txt", ".md", ".pdf", ".docx", ".html", ".htm")


@dataclass
class Index:
    """A loaded index version: chunks, vectors, BM25 terms, figures and documents."""

    path: Path
    manifest: dict
    chunks: list[Chunk]
    vectors: faiss.Index
    lexical: LexicalIndex
    figures: list[dict]
    documents: dict[str, Document]
    lexicon: Lexicon
    # The chunk row of each stored vector, when some chunks have none yet (None: vector i is chunk row i).
    vector_rows: list[int] | None = None

    @property
    def pending(self) -> list[str]:
        """Chunk ids switched in before their vectors were made (dense search cannot find them yet)."""
        return list(self.manifest.get("pending_vectors", ()))

    def row_vectors(self) -> np.ndarray:
        """One vector per chunk row, in row order; rows still without a vector are zeros."""
        stored = all_vectors(self.vectors)
        if self.vector_rows is None:
            return stored
        rows = np.zeros((len(self.chunks), self.vectors.d), np.float32)
        rows[self.vector_rows] = stored
        return rows

    @classmethod
    def load(cls, root: Path, embedder_name: str | None = None, version: str | None = None) -> Index:
        """Load the current version under `root` (or the one named); refuse a missing, corrupt or mismatched one."""
        path = root / version if version else current_version(root)
        manifest = _read_manifest(path)
        check_embedder(manifest, embedder_name, f"at {root}", "run `qa build --rebuild`")
        for name, digest in sorted(manifest.get("files", {}).items()):
            if not (path / name).is_file() or _sha256(path / name) != digest:
                raise IndexCorruptError(
                    f"index file {path / name} is damaged (checksum mismatch): run `qa build --rebuild`"
                )
        try:
            chunks = [Chunk(**json.loads(line)) for line in _lines(path / "chunks.jsonl")]
            figures = [json.loads(line) for line in _lines(path / "figures.jsonl")]
            docs = {d["doc_id"]: _document_from_dict(d) for d in json.loads(_text(path / "documents.json"))}
            vectors = faiss.read_index(str(path / "vectors.faiss"))
            lexical = LexicalIndex.load(path / "bm25", len(chunks))
            lexicon = Lexicon.load(path / "lexicon.json") if (path / "lexicon.json").exists() else Lexicon()
        except (OSError, ValueError, KeyError, TypeError, RuntimeError) as exc:
            raise IndexCorruptError(
                f"index at {path} cannot be read ({exc.__class__.__name__}: {exc}): run `qa build --rebuild`"
            ) from exc
        pending = set(manifest.get("pending_vectors", ()))
        rows = [i for i, c in enumerate(chunks) if c.chunk_id not in pending] if pending else None
        if vectors.ntotal != len(chunks) - len(pending) or vectors.d != manifest.get("dim"):
            raise IndexCorruptError(f"index at {path} is inconsistent: run `qa build --rebuild`")
        return cls(path, manifest, chunks, vectors, lexical, figures, docs, lexicon, rows)


def corpus_files(corpus_dir: Path) -> list[Path]:
    """The report files of a corpus folder, sorted by name."""
    return sorted(p for p in corpus_dir.iterdir() if p.suffix in REPORT_SUFFIXES and p.is_file())


def is_stale(root: Path, corpus_dir: Path, embedder_name: str) -> bool:
    """True when there is no usable index, the corpus or embedder changed since it was built, or some of its
    chunks still wait for their vectors (an add stopped after it made the report searchable)."""
    try:
        manifest = _read_manifest(current_version(root))
    except (IndexMissingError, IndexCorruptError):
        return True
    if (
        manifest.get("embedder") != embedder_name
        or not _same_build(manifest)
        or manifest.get("pending_vectors")
    ):
        return True
    built = {d: (v["sha256"], v.get("meta_sha256", "")) for d, v in manifest.get("documents", {}).items()}
    now = {p.stem: (file_sha256(p), metadata_sha256(p)) for p in corpus_files(corpus_dir)}
    return built != now


def _same_build(manifest: dict) -> bool:
    """Whether an index was written in this layout, with the lexicon and index terms this code makes."""
    return (
        manifest.get("format") == FORMAT
        and manifest.get("passage_format", manifest.get("format")) == PASSAGE_FORMAT
        and manifest.get("lexicon_build", 1) == LEXICON_BUILD
        and manifest.get("tokenizer_build", 1) == tokenizer_build()
        and manifest.get("figures_build", 1) == figures_build()
    )


@dataclass
class Plan:
    """A new version before anything is embedded: kept chunks with their vectors, new chunks still to embed."""

    docs: list[Document]
    chunks: list[Chunk] = field(default_factory=list)
    figures: list[dict] = field(default_factory=list)
    parts: list[np.ndarray | None] = field(default_factory=list)  # vectors per document, None until embedded
    todo: list[tuple[int, list[Chunk]]] = field(default_factory=list)  # (slot in parts, chunks to embed)
    unchanged: bool = False  # the previous version holds exactly this already
    fresh: int = 0  # chunks of new or changed documents (not in the previous version at all)
    # BM25 and the lexicon, made once: the searchable version and the complete one hold the same text
    derived: tuple[LexicalIndex, Lexicon] | None = None

    @property
    def titles(self) -> dict[str, str]:
        """Each document's title, which goes into its passages."""
        return {d.doc_id: d.title for d in self.docs}

    @property
    def total(self) -> int:
        """Chunks to embed."""
        return sum(len(c) for _, c in self.todo)


def plan_version(docs: list[Document], previous: Index | None, chunk_size: int, overlap: int) -> Plan:
    """Chunk the new and changed documents; unchanged ones keep their chunks, vectors and figures."""
    plan = Plan(docs)
    old_docs = previous.manifest["documents"] if previous else {}
    old_vecs = previous.row_vectors() if previous else None
    waiting = set(previous.pending) if previous else set()
    for doc in docs:
        if previous and old_vecs is not None and unchanged(old_docs, doc):
            rows = [i for i, c in enumerate(previous.chunks) if c.doc_id == doc.doc_id]
            plan.chunks.extend(previous.chunks[i] for i in rows)
            if any(previous.chunks[i].chunk_id in waiting for i in rows):  # switched in, never embedded
                plan.todo.append((len(plan.parts), [previous.chunks[i] for i in rows]))
                plan.parts.append(None)
            else:
                plan.parts.append(old_vecs[rows])
            if previous.manifest.get("figures_build", 1) == figures_build():
                plan.figures.extend(f for f in previous.figures if f.get("doc_id") == doc.doc_id)
            else:  # figures are read anew (cheap); the vectors stay
                plan.figures.extend(document_figures(doc, [previous.chunks[i] for i in rows]))
            continue
        doc_chunks = split_document(doc, chunk_size, overlap)
        plan.chunks.extend(doc_chunks)
        plan.fresh += len(doc_chunks)
        plan.figures.extend(document_figures(doc, doc_chunks))
        plan.todo.append((len(plan.parts), doc_chunks))
        plan.parts.append(None)
    same_meta = all(old_docs.get(d.doc_id, {}).get("meta_sha256") == d.meta_sha256 for d in docs)
    same_docs = set(old_docs) == {d.doc_id for d in docs}
    plan.unchanged = (
        previous is not None and not plan.todo and same_meta and same_docs and _same_build(previous.manifest)
    )
    return plan


def embed_plan(plan: Plan, embedder: Embedder, tracker: Tracker) -> np.ndarray:
    """Embed the plan's new chunks (the slow step, kept apart from writing) and return every vector in order."""
    tracker.begin(plan.total)
    titles = plan.titles
    for slot, doc_chunks in plan.todo:
        plan.parts[slot] = embed_chunks(doc_chunks, titles, embedder, tracker.advance)
    arrays = [p for p in plan.parts if p is not None and len(p)]
    return np.concatenate(arrays) if arrays else np.zeros((0, embedder.dim), np.float32)


def build_index(
    documents: Iterable[Document],
    embedder: Embedder,
    root: Path,
    chunk_size: int = 300,
    overlap: int = 1,
    vector_kind: str = "flat",
    rebuild: bool = False,
    progress: bool = True,
    previous: Index | None = None,
    tracker: Tracker | None = None,
    version: str | None = None,
    searchable: Callable[[], object] | None = None,
) -> Index:
    """Chunk, embed and index the documents into a new version under `root`, reusing unchanged ones.

    `previous` is the current version when the caller has loaded it already (it is loaded here otherwise);
    `version` names the new folder (a caller that journals its update chooses it beforehand); `tracker`
    receives the steps and the embedding progress (a progress bar on the terminal when none is given).
    With `searchable`, new chunks are served before they are embedded: a version holding them without their
    vectors (BM25 and figures find them, dense search does not yet) is switched in under `version` first and
    `searchable()` is called; the complete version follows under a new name once they are embedded.
    """
    docs = list(documents)
    if rebuild:
        previous = None
    elif previous is None:
        previous = load_current(root, embedder.name)
    if previous is not None and not _reusable(previous, chunk_size, overlap):
        previous = None
    with progress_bar(enabled=progress and tracker is None) as bar:
        tracker = tracker or Tracker(bar)
        plan = plan_version(docs, previous, chunk_size, overlap)
        tracker.step("chunked")
        if plan.unchanged and previous is not None:
            return previous  # nothing changed: keep the current version
        meta: dict = {"vector_index": vector_kind, "chunk_size": chunk_size, "chunk_overlap": overlap}
        if searchable is not None and plan.fresh:
            publish_searchable(root, version or new_version_name(), plan, embedder, meta, tracker)
            searchable()
            tracker.step("searchable")
            version = None  # the first switch used the name the caller journalled
        started = time.perf_counter()
        matrix = embed_plan(plan, embedder, tracker)
        tracker.step("embedded")
    version = version or new_version_name()
    meta["embed_seconds"] = round(time.perf_counter() - started, 2)
    path = write_version(root / version, plan, matrix, embedder, meta, tracker)
    tracker.step("written")
    fsync_tree(path)
    tracker.step("fsynced")
    switch(root, version)
    tracker.step("switched")
    return Index.load(root, embedder.name)


def publish_searchable(
    root: Path, version: str, plan: Plan, embedder: Embedder, settings: dict, tracker: Tracker
) -> None:
    """Switch in the plan's version before its new chunks are embedded: they are listed as pending vectors."""
    kept = [p for p in plan.parts if p is not None and len(p)]
    matrix = np.concatenate(kept) if kept else np.zeros((0, embedder.dim), np.float32)
    pending = [c.chunk_id for _, chunks in plan.todo for c in chunks]
    path = write_version(
        root / version, plan, matrix, embedder, {**settings, "embed_seconds": 0}, tracker, pending
    )
    fsync_tree(path)
    tracker.step("bm25_fsynced")
    switch(root, version)
    tracker.step("bm25_switched")


def write_version(
    path: Path,
    plan: Plan,
    matrix: np.ndarray,
    embedder: Embedder,
    settings: dict,
    tracker: Tracker,
    pending: list[str] | None = None,
) -> Path:
    """Write a version folder: the data files first, the manifest (with every file's checksum) last.

    `pending` lists the chunks written without a vector (the matrix holds the others' vectors, in row order).
    """
    docs, chunks, titles = plan.docs, plan.chunks, plan.titles
    path.mkdir(parents=True)
    faiss.write_index(make_vector_index(matrix, settings["vector_index"]), str(path / "vectors.faiss"))
    if plan.derived is None:
        lexical = LexicalIndex.build([passage_text(c, titles[c.doc_id]) for c in chunks])
        plan.derived = lexical, build_lexicon([d.text for d in docs])
    plan.derived[0].save(path / "bm25")
    plan.derived[1].save(path / "lexicon.json")
    half = None if pending else lambda: tracker.step("chunks_half")
    _write_lines(path / "chunks.jsonl", (c.to_dict() for c in chunks), half)
    _write_lines(path / "figures.jsonl", plan.figures)
    (path / "documents.json").write_text(
        json.dumps([_document_to_dict(d) for d in docs], ensure_ascii=False), encoding="utf-8"
    )
    files = sorted(p for p in path.rglob("*") if p.is_file())
    manifest = {
        "format": FORMAT,
        "lexicon_build": LEXICON_BUILD,
        "tokenizer_build": tokenizer_build(),
        "figures_build": figures_build(),
        "passage_format": PASSAGE_FORMAT,
        "embedder": embedder.name,
        "dim": embedder.dim,
        "vector_index": settings["vector_index"],
        "chunk_size": settings["chunk_size"],
        "chunk_overlap": settings["chunk_overlap"],
        "documents": {
            d.doc_id: {
                "sha256": d.sha256,
                "meta_sha256": d.meta_sha256,
                "source": d.source,
                "chunks": sum(c.doc_id == d.doc_id for c in chunks),
            }
            for d in docs
        },
        "counts": {"documents": len(docs), "chunks": len(chunks), "figures": len(plan.figures)},
        "embedded_chunks": 0 if pending else plan.total,
        **({"pending_vectors": pending} if pending else {}),
        "embed_seconds": settings["embed_seconds"],
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        # every file, bm25/ included: a flipped byte anywhere is refused at load, never served
        "files": {p.relative_to(path).as_posix(): _sha256(p) for p in files},
    }
    (path / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def load_current(root: Path, embedder_name: str) -> Index | None:
    """The current version, or None when there is none usable with this embedder."""
    try:
        return Index.load(root, embedder_name)
    except (IndexMissingError, IndexCorruptError, EmbedderMismatchError):
        return None


def _reusable(index: Index, size: int, overlap: int) -> bool:
    """Whether a version's chunks and vectors can be kept for documents that did not change."""
    m = index.manifest
    settings = (m.get("passage_format", m.get("format")), m.get("chunk_size"), m.get("chunk_overlap"))
    return settings == (PASSAGE_FORMAT, size, overlap)


def _read_manifest(path: Path) -> dict:
    try:
        return json.loads((path / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise IndexCorruptError(
            f"{path}/manifest.json is unreadable ({exc}): run `qa build --rebuild`"
        ) from exc


def _document_to_dict(doc: Document) -> dict:
    return asdict(doc)


def _document_from_dict(data: dict) -> Document:
    sections = [Section(**{**s, "path": tuple(s["path"])}) for s in data.pop("sections")]
    return Document(**data, sections=sections)


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _lines(path: Path) -> list[str]:
    return [line for line in _text(path).splitlines() if line.strip()]


def _write_lines(path: Path, rows: Iterable[dict], halfway: Callable[[], None] | None = None) -> None:
    """One JSON object a line; `halfway` runs once half the rows are on disk (a crash point for the tests)."""
    lines = [json.dumps(row, ensure_ascii=False) + "\n" for row in rows]
    with open(path, "w", encoding="utf-8") as fh:
        for i, line in enumerate(lines):
            if halfway is not None and i == len(lines) // 2:
                fh.flush()
                halfway()
            fh.write(line)
