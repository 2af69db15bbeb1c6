"""`qa migrate --to MILVUS_URI`: copy the local FAISS index into Milvus (vectors included, nothing re-embedded)."""

from __future__ import annotations

from pathlib import Path

from qa.core.config import Settings
from qa.core.errors import IndexMissingError
from qa.store.faiss.index import Index


def migrate(source: Settings | Path, uri: str, token: str | None = None, db_name: str | None = None) -> str:
    """Publish the current local index version to Milvus as its current version; returns the version id."""
    from qa.store.milvus.store import MilvusStore

    if isinstance(source, Settings):
        index_dir = source.index_dir
        token = token or getattr(source, "milvus_token", None)
        db_name = db_name or getattr(source, "milvus_db", None)
    else:
        index_dir = Path(source)
    index = Index.load(index_dir)  # checks the files' checksums; the manifest names the embedder
    if index.pending:  # an add stopped after its report became searchable: Milvus needs every vector
        raise IndexMissingError(
            f"the index at {index_dir} has {len(index.pending)} chunks without vectors yet: "
            "run `qa build` to embed them, then migrate"
        )
    store = MilvusStore(uri, token, db_name)
    try:
        return store.publish(index)
    finally:
        store.close()
