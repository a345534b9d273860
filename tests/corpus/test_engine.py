"""The corpus-wide steps give the same results here and as shuffles on a Dask cluster."""

from __future__ import annotations

import numpy as np
import pytest

from nianbao.corpus import minhash
from nianbao.corpus.engine import LOCAL, DaskShuffle, writer_counts


def test_writer_counts_count_each_writer_once():
    keys = np.array([5, 3, 5, 5, 9, 3], dtype=np.uint64)
    writers = np.array([1, 1, 1, 2, 4, 1], dtype=np.int64)
    distinct, counts = writer_counts(keys, writers)
    assert distinct.tolist() == [3, 5, 9] and counts.tolist() == [1, 2, 1]
    none = writer_counts(np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.int64))
    assert none[0].dtype == np.uint64 and len(none[0]) == len(none[1]) == 0


@pytest.fixture(scope="module")
def client():
    distributed = pytest.importorskip("distributed")
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address=None)  # fmt: skip
    with distributed.Client(cluster) as c:
        yield c
    cluster.close()


def test_dask_shuffle_counts_writers_as_numpy_does(client):
    rng = np.random.default_rng(1)
    keys = rng.integers(0, 2**63, size=5_000, dtype=np.uint64)[rng.integers(0, 5_000, 60_000)]
    writers = rng.integers(0, 40, size=len(keys)).astype(np.int64)
    want = LOCAL.writer_counts(keys, writers)
    got = DaskShuffle(client, partitions=3).writer_counts(keys, writers)
    assert got[0].dtype == np.uint64 and (got[1] > 1).any()
    assert np.array_equal(got[0], want[0]) and np.array_equal(got[1], want[1])


def test_dask_shuffle_bands_signatures_as_numpy_does(client):
    rng = np.random.default_rng(2)
    sets = [rng.integers(0, 2**32, size=40, dtype=np.uint64) for _ in range(400)]
    for k in range(0, 100, 2):  # near twins, and some identical texts
        sets[k + 1] = np.concatenate([sets[k][:34], sets[k + 1][:6]]) if k % 4 else sets[k]
    sets[201] = sets[202] = sets[200]  # one text in three reports: a bucket of three
    sigs = minhash.signatures(sets, num_perm=64)
    bands, rows = minhash.optimal_bands(0.3, 64, 0.3, 0.7)
    shuffle = DaskShuffle(client, partitions=4)
    for only in (None, {1, 7, 250}):
        want = minhash.candidate_pairs(sigs, bands, rows, only)
        got = shuffle.candidate_pairs(sigs, bands, rows, only)
        assert len(want) >= (1 if only else 53) and np.array_equal(got, want)
