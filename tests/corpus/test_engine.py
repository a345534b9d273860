"""The corpus-wide steps give the same results here and as shuffles on a Dask cluster."""

from __future__ import annotations

import numpy as np
import pytest

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


def _brute_force(keys, owners, holders, least):
    """Holder pairs sharing ``least`` keys, counting a key once per pair."""
    held: dict[int, set] = {}
    for k, h in zip(keys.tolist(), holders.tolist(), strict=True):
        held.setdefault(h, set()).add(k)
    return {(a, b) for a in held for b in held if a < b and len(held[a] & held[b]) >= least}


def test_sharing_pairs_are_the_pairs_sharing_enough_keys():
    rng = np.random.default_rng(3)
    holders = np.repeat(np.arange(300), 12)
    keys = rng.integers(0, 900, size=len(holders)).astype(np.uint64)  # many keys held twice
    owners = holders // 3  # three pieces per report
    got = LOCAL.sharing_pairs(keys, owners, holders, 2, most=1000)
    want = _brute_force(keys, owners, holders, 2)
    assert len(want) > 50 and set(map(tuple, got.tolist())) == want
    wanted = np.zeros(300, dtype=bool)
    wanted[[5, 77]] = True
    only = LOCAL.sharing_pairs(keys, owners, holders, 2, most=1000, only=wanted)
    assert set(map(tuple, only.tolist())) == {p for p in want if 5 in p or 77 in p}


def test_sharing_pairs_leave_out_keys_of_too_many_owners_and_repeats_of_one_owner():
    keys = np.array([1, 1, 1, 2, 2, 9, 9, 9, 9, 9, 9], dtype=np.uint64)
    owners = np.array([0, 1, 2, 0, 1, 0, 0, 0, 0, 0, 1])
    holders = np.array([0, 1, 2, 0, 1, 3, 4, 5, 6, 7, 8])
    # key 1 has three owners: left out at most=2; key 9 is held by owner 0 in five pieces, of
    # which the first PER_OWNER (4) are joined with owner 1's piece
    got = set(map(tuple, LOCAL.sharing_pairs(keys, owners, holders, 1, most=2).tolist()))
    assert (0, 1) in got and (0, 2) not in got and (1, 2) not in got
    assert {(3, 8), (4, 8), (5, 8), (6, 8)} <= got and (7, 8) not in got


def test_dask_shuffle_joins_as_numpy_does(client):
    rng = np.random.default_rng(2)
    holders = np.repeat(np.arange(400), 20)
    keys = rng.integers(0, 3000, size=len(holders)).astype(np.uint64)
    owners = holders // 4
    shuffle = DaskShuffle(client, partitions=4)
    for only in (None, np.isin(np.arange(400), [1, 7, 250])):
        want = LOCAL.sharing_pairs(keys, owners, holders, 2, 64, only)
        got = shuffle.sharing_pairs(keys, owners, holders, 2, 64, only)
        assert len(want) >= (1 if only is not None else 50) and np.array_equal(got, want)
