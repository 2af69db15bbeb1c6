"""The one place that chooses where the index lives: `QA_STORE=faiss` (local folders) or a Milvus URI."""

from __future__ import annotations

from qa.core.config import Settings
from qa.store.base import IndexStore
from qa.store.faiss.store import FaissStore


def open_store(settings: Settings) -> IndexStore:
    """The configured store; Milvus is imported only when it is used."""
    if settings.store == "faiss":
        return FaissStore(settings.index_dir, settings.chunk_size, settings.chunk_overlap)
    from qa.store.milvus.store import MilvusStore

    return MilvusStore(
        settings.store,
        settings.milvus_token,
        settings.milvus_db,
        prefix=settings.milvus_prefix,
        timeout=settings.milvus_timeout,
    )
