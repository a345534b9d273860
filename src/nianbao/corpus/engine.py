"""The corpus-wide steps whose data grows with the corpus, on one machine or on a Dask cluster.

Two steps look at every report at once: counting how many reporting units write each n-gram
(the boilerplate vocabulary, the common wording of copy detection) and finding the MinHash
signatures that share an LSH band bucket (copy candidates). ``Local`` runs them with numpy;
``DaskShuffle`` runs them as hash-partitioned shuffles on a Dask cluster: each map task splits
its share of the rows into partitions by key, each reduce task gathers one partition from every
map task and groups it by key, so no machine ever holds more than its partitions. Both give
the same results (tested), so an engine changes where the work runs, never what is found.
"""

from __future__ import annotations

import operator
from itertools import pairwise

import numpy as np

from nianbao.corpus import minhash

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

    def candidate_pairs(
        self, sigs: np.ndarray, bands: int, rows: int, only: set[int] | None = None
    ) -> np.ndarray:
        return minhash.candidate_pairs(sigs, bands, rows, only)


LOCAL = Local()


def _partition(keys: np.ndarray, partitions: int) -> np.ndarray:
    with np.errstate(over="ignore"):
        return ((keys * _MIX) >> np.uint64(40)) % np.uint64(partitions)


def _split_by_key(keys: np.ndarray, writers: np.ndarray, partitions: int) -> list[tuple]:
    """Map side: the (key, writer) rows of one chunk, one distinct pair each, by partition."""
    keys, writers = _distinct_rows(keys, writers)
    part = _partition(keys, partitions)
    return [(keys[part == p], writers[part == p]) for p in range(partitions)]


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


def _split_buckets(
    sigs: np.ndarray, offset: int, bands: int, rows: int, partitions: int
) -> list[tuple]:
    """Map side: every (band, bucket, row) of one chunk of signatures, by partition."""
    keys = minhash.band_keys(sigs, bands, rows)  # (n, bands)
    band = np.repeat(np.arange(bands, dtype=np.int64)[None], len(sigs), axis=0).ravel()
    row = np.repeat(np.arange(offset, offset + len(sigs), dtype=np.int64), bands)
    keys = keys.ravel()
    with np.errstate(over="ignore"):
        part = _partition(keys ^ (band.astype(np.uint64) * _MIX), partitions)
    return [(band[part == p], keys[part == p], row[part == p]) for p in range(partitions)]


def _bucket_pairs(n: int, *parts: tuple[np.ndarray, np.ndarray, np.ndarray]) -> np.ndarray:
    """Reduce side: the pairs (as codes i·n + j, i < j) of rows sharing a bucket of a band."""
    band = np.concatenate([b for b, _, _ in parts])
    keys = np.concatenate([k for _, k, _ in parts])
    row = np.concatenate([r for _, _, r in parts])
    order = np.lexsort((row, keys, band))
    band, keys, row = band[order], keys[order], row[order]
    starts = np.flatnonzero(np.r_[True, (band[1:] != band[:-1]) | (keys[1:] != keys[:-1])])
    sizes = np.diff(np.r_[starts, len(row)])
    codes: list[np.ndarray] = [np.zeros(0, dtype=np.int64)]
    for start, size in zip(starts[sizes >= 2].tolist(), sizes[sizes >= 2].tolist(), strict=True):
        members = row[start : start + size]  # sorted: members[x] < members[y] for x < y
        x, y = np.triu_indices(size, 1)
        codes.append(members[x] * n + members[y])
    return np.unique(np.concatenate(codes))


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

    def candidate_pairs(
        self, sigs: np.ndarray, bands: int, rows: int, only: set[int] | None = None
    ) -> np.ndarray:
        n = len(sigs)
        if n < 2:
            return np.zeros((0, 2), dtype=np.int64)
        bounds = np.linspace(0, n, self.partitions + 1).astype(np.int64)
        chunks = [(sigs[a:b], a) for a, b in pairwise(bounds.tolist())]
        futures = [
            self.client.submit(_bucket_pairs, n, *parts, pure=False)
            for parts in self._shuffle(chunks, _split_buckets, bands, rows)
        ]
        codes = np.unique(np.concatenate([np.zeros(0, np.int64), *self.client.gather(futures)]))
        lo, hi = codes // n, codes % n
        if only is not None:
            wanted = np.zeros(n, dtype=bool)
            wanted[list(only)] = True
            keep = wanted[lo] | wanted[hi]
            lo, hi = lo[keep], hi[keep]
        return np.stack([lo, hi], axis=1)
