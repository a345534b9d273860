"""The sentence-vector cache: a damaged or foreign file gives misses, never a crash."""

from __future__ import annotations

import sqlite3

import numpy as np

from nianbao.embed.model import EmbeddingCache, _consistent


def test_damaged_vectors_are_misses(tmp_path):
    cache = EmbeddingCache(tmp_path / "e.db")
    cache.put("m", {"a": np.ones(4, dtype=np.float32), "b": np.ones(4, dtype=np.float32)})
    db = sqlite3.connect(tmp_path / "e.db")
    db.execute("UPDATE embeddings SET vector=? WHERE hash='b'", (b"\x00\x01\x02",))
    db.commit()
    db.close()
    assert set(cache.get("m", ["a", "b"])) == {"a"}
    assert _consistent({"a": np.ones(4), "b": np.ones(3)}) == {}
    assert _consistent({"a": np.array([np.nan, 1.0])}) == {}
    assert set(_consistent({"a": np.ones(4), "b": np.zeros(4)})) == {"a", "b"}
