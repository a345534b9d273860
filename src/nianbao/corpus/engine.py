"""The corpus-wide steps whose data grows with the corpus, on one machine or on a Dask cluster.

Two steps look at every report at once: counting how many reporting units write each n-gram
(the boilerplate vocabulary, the common wording of copy detection) and joining the pieces of
text on the rare n-grams they share (copy candidates). ``Local`` runs them with numpy;
``DaskShuffle`` runs them as hash-partitioned shuffles on a Dask cluster: each map task splits
its share of the rows into partitions by key, each reduce task gathers one partition from every
map task and groups it by key, so no machine ever holds more than its partitions. Both give
the same results (tested), so an engine changes where the work runs, never what is found.
"""

from __future__ import annotations

import operator
from itertools import pairwise

import numpy as np

PER_OWNER = 4  # holders of one key joined per owner (pieces of one report, see _pair_counts)
_MIX = np.uint64(0x9E3779B97F4A7C15)  # spreads keys over partitions (Fibonacci hashing)


def writer_counts(keys: np.ndarray, writers: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each distinct key (sorted) and how many distinct writers hold it."""
    k = _distinct_rows(keys, writers)[0]  # sorted by key: a key's count is the length of its run
    starts = np.flatnonzero(np.r_[True, k[1:] != k[:-1]]) if len(k) else np.zeros(0, np.int64)
    return k[starts], np.diff(np.r_[starts, len(k)])


def in_sorted(keys: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Which ``values`` are among the sorted ``keys``: a binary search (``np.isin`` would sort
    the keys again on every call)."""
    if len(keys) == 0:
        return np.zeros(len(values), dtype=bool)
    return keys[np.minimum(np.searchsorted(keys, values), len(keys) - 1)] == values


class Local:
    """numpy in this process."""

    name = "local"

    def writer_counts(self, keys: np.ndarray, writers: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return writer_counts(keys, writers)

    def sharing_pairs(
        self, keys: np.ndarray, owners: np.ndarray, holders: np.ndarray, least: int,
        most: int, only: np.ndarray | None = None,
    ) -> np.ndarray:  # fmt: skip
        """The pairs of holders (i < j, rows of an (m, 2) array) sharing at least ``least``
        keys: an exact join on the keys. ``owners[k]`` owns holder ``holders[k]`` (a report its
        pieces): a key of more than ``most`` owners is left out (see ``_pair_counts``). With
        ``only`` (a mask over the holders), just the pairs of a wanted holder."""
        n = int(holders.max()) + 1 if len(holders) else 0
        return _decode(*_pair_counts(n, most, only, (keys, owners, holders)), n, least)


LOCAL = Local()


def _partition(keys: np.ndarray, partitions: int) -> np.ndarray:
    with np.errstate(over="ignore"):
        return ((keys * _MIX) >> np.uint64(40)) % np.uint64(partitions)


def _split_by_key(keys: np.ndarray, writers: np.ndarray, partitions: int) -> list[tuple]:
    """Map side: the (key, writer) rows of one chunk, one distinct pair each, by partition."""
    keys, writers = _distinct_rows(keys, writers)
    part = _partition(keys, partitions)
    return [(keys[part == p], writers[part == p]) for p in range(partitions)]


def _split_rows(
    keys: np.ndarray, owners: np.ndarray, holders: np.ndarray, partitions: int
) -> list[tuple]:
    """Map side: the (key, owner, holder) rows of one chunk, by partition of their key."""
    part = _partition(keys, partitions)
    return [(keys[part == p], owners[part == p], holders[part == p]) for p in range(partitions)]


def _distinct_rows(keys: np.ndarray, writers: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The (key, writer) rows, each once, sorted by key."""
    order = np.lexsort((writers, keys))
    k, w = keys[order], writers[order]
    first = np.r_[True, (k[1:] != k[:-1]) | (w[1:] != w[:-1])][: len(k)]
    return k[first], w[first]


def _count_partition(*parts: tuple[np.ndarray, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Reduce side: one partition's keys with their count of distinct writers."""
    keys = np.concatenate([k for k, _ in parts])
    writers = np.concatenate([w for _, w in parts])
    return writer_counts(keys, writers)


def _pair_counts(
    n: int, most: int, only: np.ndarray | None, *parts: tuple[np.ndarray, ...]
) -> tuple[np.ndarray, np.ndarray]:
    """Reduce side (and all of it on one machine): the holder pairs (as codes i·n + j, i < j)
    of the keys of these rows, each with how many keys they share. A key of more than ``most``
    owners is left out, and an owner's holders beyond its first ``PER_OWNER`` of a key are not
    joined on it: the work stays linear in the rows, whatever one owner repeats."""
    keys = np.concatenate([k for k, _, _ in parts])
    owners = np.concatenate([o for _, o, _ in parts])
    holders = np.concatenate([h for _, _, h in parts])
    order = np.lexsort((holders, owners, keys))
    keys, owners, holders = keys[order], owners[order], holders[order]
    distinct = np.r_[True, (keys[1:] != keys[:-1]) | (holders[1:] != holders[:-1])][: len(keys)]
    keys, owners, holders = keys[distinct], owners[distinct], holders[distinct]
    new_key = np.r_[True, keys[1:] != keys[:-1]][: len(keys)]
    new_owner = new_key | np.r_[True, owners[1:] != owners[:-1]][: len(keys)]
    run = np.flatnonzero(new_owner)  # the rank of each row among its owner's holders of the key
    rank = np.arange(len(keys)) - np.repeat(run, np.diff(np.r_[run, len(keys)]))
    key_of = np.cumsum(new_key) - 1
    owners_of_key = np.bincount(key_of[new_owner], minlength=int(new_key.sum()))
    keep = (rank < PER_OWNER) & (owners_of_key[key_of] <= most)
    keys, holders = keys[keep], holders[keep]
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]][: len(keys)])
    sizes = np.diff(np.r_[starts, len(keys)])
    if only is not None and len(starts):  # only the keys one of the wanted holders holds
        wanted = np.add.reduceat(only[holders].astype(np.int64), starts) > 0
        starts, sizes = starts[wanted], sizes[wanted]
    codes: list[np.ndarray] = [np.zeros(0, dtype=np.int64)]
    for size in np.unique(sizes[sizes >= 2]).tolist():
        members = holders[starts[sizes == size][:, None] + np.arange(size)]  # (keys, size)
        x, y = np.triu_indices(size, 1)
        a, b = members[:, x].ravel(), members[:, y].ravel()
        if only is not None:
            wanted_pair = only[a] | only[b]
            a, b = a[wanted_pair], b[wanted_pair]
        codes.append(np.minimum(a, b) * n + np.maximum(a, b))
    return np.unique(np.concatenate(codes), return_counts=True)


def _decode(codes: np.ndarray, counts: np.ndarray, n: int, least: int) -> np.ndarray:
    codes = codes[counts >= least]
    return np.stack([codes // n, codes % n], axis=1) if len(codes) else np.zeros((0, 2), np.int64)


class DaskShuffle(Local):
    """The same steps as shuffles on the Dask cluster of ``client``."""

    name = "dask"

    def __init__(self, client, partitions: int | None = None) -> None:
        self.client = client
        workers = len(client.scheduler_info().get("workers", {})) or 1
        self.partitions = partitions or max(2, 2 * workers)

    def _shuffle(self, chunks: list[tuple], split, *extra) -> list[list]:
        """Map ``split`` over the chunks (their arrays scattered to the workers); for each
        partition, its share of every map output (futures: the data stays on the workers)."""
        client, p = self.client, self.partitions
        mapped = []
        for chunk in chunks:
            args = [client.scatter(a) if isinstance(a, np.ndarray) else a for a in chunk]
            mapped.append(client.submit(split, *args, *extra, p, pure=False))
        return [
            [client.submit(operator.getitem, m, k, pure=False) for m in mapped] for k in range(p)
        ]

    def writer_counts(self, keys: np.ndarray, writers: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        if len(keys) == 0:
            return writer_counts(keys, writers)
        bounds = np.linspace(0, len(keys), self.partitions + 1).astype(np.int64)
        chunks = [(keys[a:b], writers[a:b]) for a, b in pairwise(bounds.tolist())]
        futures = [
            self.client.submit(_count_partition, *parts, pure=False)
            for parts in self._shuffle(chunks, _split_by_key)
        ]
        results = self.client.gather(futures)
        distinct = np.concatenate([d for d, _ in results])
        counts = np.concatenate([c for _, c in results])
        order = np.argsort(distinct, kind="stable")  # partitions hold disjoint keys
        return distinct[order].astype(keys.dtype, copy=False), counts[order]

    def sharing_pairs(
        self, keys: np.ndarray, owners: np.ndarray, holders: np.ndarray, least: int,
        most: int, only: np.ndarray | None = None,
    ) -> np.ndarray:  # fmt: skip
        n = int(holders.max()) + 1 if len(holders) else 0
        if n < 2:
            return np.zeros((0, 2), dtype=np.int64)
        bounds = np.linspace(0, len(keys), self.partitions + 1).astype(np.int64)
        chunks = [(keys[a:b], owners[a:b], holders[a:b]) for a, b in pairwise(bounds.tolist())]
        futures = [
            self.client.submit(_pair_counts, n, most, only, *parts, pure=False)
            for parts in self._shuffle(chunks, _split_rows)
        ]
        results = self.client.gather(futures)
        # a pair may share keys of several partitions: its counts add up
        codes, where = np.unique(np.concatenate([c for c, _ in results]), return_inverse=True)
        counts = np.bincount(where.ravel(), weights=np.concatenate([k for _, k in results]))
        return _decode(codes, counts.astype(np.int64), n, least)
