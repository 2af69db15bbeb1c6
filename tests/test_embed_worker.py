"""Embedding in a child process at lower priority: the same vectors as in-process, the nice value applied, a
child that cannot start reported clearly, and an index built through it equal to one built in-process."""

from __future__ import annotations

import os

import numpy as np
import pytest

from qa.core.errors import EmbedderUnavailableError
from qa.index.embed_worker import ProcessEmbedder, usable_cores
from qa.index.embedders import HashEmbedder
from qa.store.faiss.index import build_index
from qa.store.faiss.vectors import all_vectors
from tests.helpers import make_document


def test_the_child_embeds_like_the_parent_at_a_lower_priority() -> None:
    local = HashEmbedder(64)
    texts = ["2020年中欧班列开行1.24万列", "China-Europe Railway Express", "一带一路"]
    with ProcessEmbedder.like(local, "hash:64", nice=5) as remote:
        assert (remote.name, remote.dim, remote.threads) == ("hash:64", 64, usable_cores())
        assert remote.priority() == min(19, os.getpriority(os.PRIO_PROCESS, 0) + 5)
        assert np.array_equal(remote.embed_passages(texts), local.embed_passages(texts))
        assert np.array_equal(remote.embed_queries(texts[:1]), local.embed_queries(texts[:1]))


def test_an_index_built_through_the_child_equals_one_built_here(tmp_path) -> None:
    local = HashEmbedder(64)
    here = build_index([make_document()], local, tmp_path / "here", chunk_size=80, progress=False)
    with ProcessEmbedder.like(local, "hash:64") as remote:
        there = build_index([make_document()], remote, tmp_path / "there", chunk_size=80, progress=False)
    assert there.manifest["embedder"] == "hash:64" and len(there.chunks) == len(here.chunks) > 1
    assert np.array_equal(all_vectors(there.vectors), all_vectors(here.vectors))


def test_a_child_that_cannot_load_its_model_is_a_clear_error() -> None:
    remote = ProcessEmbedder("no-such-embedder", "x", 8)
    try:
        with pytest.raises(EmbedderUnavailableError, match="embedding process stopped"):
            remote.embed_passages(["text"])
    finally:
        remote.close()
