"""`qa migrate --to MILVUS_URI`: copy the local FAISS index into Milvus (vectors included, nothing re-embedded)."""

from __future__ import annotations

from pathlib import Path

from qa.core.config import Settings
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
    store = MilvusStore(uri, token, db_name)
    try:
        return store.publish(index)
    finally:
        store.close()
