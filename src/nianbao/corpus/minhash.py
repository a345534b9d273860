"""Vectorised MinHash signatures and LSH banding (numpy), seeded and reproducible.

Shingles are mapped to 32-bit ids (crc32), signatures are ``min((a·x + b) mod p)`` over each
set's shingles for ``num_perm`` universal hash functions, computed for all sets at once with
``np.minimum.reduceat``. Bands and rows come from the target threshold as in datasketch
(the false positive / false negative integral), so results match ``datasketch.MinHashLSH``'s
choice of parameters.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

_PRIME = np.uint64((1 << 61) - 1)
_MAX = np.uint64((1 << 32) - 1)


def shingle_ids(text: str, k: int = 3) -> np.ndarray:
    grams = {text[i : i + k] for i in range(max(0, len(text) - k + 1))} or (
        {text} if text else set()
    )
    return np.fromiter(
        (zlib.crc32(g.encode("utf-8")) for g in grams), dtype=np.uint64, count=len(grams)
    )


def permutations(num_perm: int, seed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.RandomState(seed)
    a = (
        rng.randint(1, np.iinfo(np.int64).max, size=num_perm, dtype=np.int64).astype(np.uint64)
        % _PRIME
    )
    b = (
        rng.randint(0, np.iinfo(np.int64).max, size=num_perm, dtype=np.int64).astype(np.uint64)
        % _PRIME
    )
    return a, b


def signatures(sets: Sequence[np.ndarray], num_perm: int = 64, seed: int = 1) -> np.ndarray:
    """MinHash signatures, one row per set (empty sets get the maximum value)."""
    a, b = permutations(num_perm, seed)
    sizes = np.array([len(s) for s in sets], dtype=np.int64)
    out = np.full((len(sets), num_perm), _MAX, dtype=np.uint64)
    nonempty = np.flatnonzero(sizes)
    if len(nonempty) == 0:
        return out
    flat = np.concatenate([sets[i] for i in nonempty])
    starts = np.concatenate([[0], np.cumsum(sizes[nonempty])[:-1]])
    for lo in range(0, num_perm, 16):  # bounded memory: 16 permutations at a time
        hi = min(num_perm, lo + 16)
        with np.errstate(over="ignore"):
            h = ((np.outer(flat, a[lo:hi]) + b[lo:hi]) % _PRIME) & _MAX
        out[nonempty, lo:hi] = np.minimum.reduceat(h, starts, axis=0)
    return out


@lru_cache(maxsize=64)
def optimal_bands(
    threshold: float, num_perm: int, fp_weight: float = 0.5, fn_weight: float = 0.5
) -> tuple[int, int]:
    """(bands, rows) minimising the weighted false positive/negative probability mass (the
    integrals datasketch takes with scipy's quad, here on a fine grid: no scipy import)."""
    below = np.linspace(0.0, threshold, 4001)
    above = np.linspace(threshold, 1.0, 4001)
    best, best_err = (1, num_perm), float("inf")
    for bands in range(1, num_perm + 1):
        for rows in range(1, num_perm // bands + 1):
            fp = np.trapezoid(1 - (1 - below**rows) ** bands, below)
            fn = np.trapezoid((1 - above**rows) ** bands, above)
            err = fp_weight * fp + fn_weight * fn
            if err < best_err:
                best, best_err = (bands, rows), err
    return best


def candidate_pairs(
    sigs: np.ndarray, bands: int, rows: int, only: set[int] | None = None
) -> np.ndarray:
    """Pairs of rows sharing at least one band bucket, as a sorted ``(k, 2)`` array of
    ``(i, j)`` with i < j; with ``only``, just the pairs that involve one of those rows (an
    incremental run: the others are known).

    Rows with equal signatures (the same text, written by several reports) are banded once:
    each is a candidate of the others, and their pairs with other rows come from the pairs of
    the distinct signatures, expanded."""
    n = len(sigs)
    if n < 2:
        return np.zeros((0, 2), dtype=np.int64)
    distinct, inverse = np.unique(sigs, axis=0, return_inverse=True)
    inverse = inverse.ravel()
    counts = np.bincount(inverse, minlength=len(distinct))
    order = np.argsort(inverse, kind="stable")
    starts = np.r_[0, np.cumsum(counts)[:-1]]
    left: list[np.ndarray] = []
    right: list[np.ndarray] = []
    for g in np.flatnonzero(counts >= 2).tolist():  # equal signatures
        members = order[starts[g] : starts[g] + counts[g]]
        x, y = np.triu_indices(len(members), 1)
        left.append(members[x])
        right.append(members[y])
    p, q = _banded(distinct, bands, rows).T
    sizes = counts[p] * counts[q]
    k = np.repeat(np.arange(len(p)), sizes)
    offset = np.arange(int(sizes.sum())) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    left.append(order[starts[p[k]] + offset // counts[q[k]]])
    right.append(order[starts[q[k]] + offset % counts[q[k]]])
    a, b = np.concatenate(left), np.concatenate(right)
    lo, hi = np.minimum(a, b).astype(np.int64), np.maximum(a, b).astype(np.int64)
    if only is not None:
        wanted = np.zeros(n, dtype=bool)
        wanted[list(only)] = True
        keep = wanted[lo] | wanted[hi]
        lo, hi = lo[keep], hi[keep]
    codes = np.sort(lo * n + hi)
    return np.stack([codes // n, codes % n], axis=1)


def band_keys(sigs: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """Each signature's bucket in each band, ``(n, bands)``: the band's rows hashed to one
    64-bit key (a rare false bucket only adds a candidate that verification drops)."""
    mult = np.random.RandomState(7).randint(1, 2**62, size=rows, dtype=np.int64).astype(np.uint64)
    mult |= np.uint64(1)
    out = np.empty((len(sigs), bands), dtype=np.uint64)
    for band in range(bands):
        with np.errstate(over="ignore"):
            out[:, band] = (sigs[:, band * rows : (band + 1) * rows] * mult).sum(
                axis=1, dtype=np.uint64
            )
    return out


def _banded(sigs: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """Unique pairs (i < j) of distinct signatures sharing a band bucket."""
    n = len(sigs)
    buckets = band_keys(sigs, bands, rows)
    codes: list[np.ndarray] = [np.zeros(0, dtype=np.int64)]
    for band in range(bands):
        keys = buckets[:, band]
        order = np.argsort(keys, kind="stable")
        ordered = keys[order]
        starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
        sizes = np.diff(np.r_[starts, n])
        two = starts[sizes == 2]
        left, right = [order[two]], [order[two + 1]]
        for start, size in zip(starts[sizes > 2].tolist(), sizes[sizes > 2].tolist(), strict=True):
            members = order[start : start + size]
            x, y = np.triu_indices(size, 1)
            left.append(members[x])
            right.append(members[y])
        lo, hi = np.concatenate(left), np.concatenate(right)
        codes.append(np.minimum(lo, hi).astype(np.int64) * n + np.maximum(lo, hi))
    unique = np.unique(np.concatenate(codes))
    return np.stack([unique // n, unique % n], axis=1)


def agreement(sigs: np.ndarray, pairs: np.ndarray, chunk: int = 200_000) -> np.ndarray:
    """Share of equal signature positions of each pair (≈ the Jaccard of their shingles)."""
    out = np.empty(len(pairs), dtype=np.float32)
    for lo in range(0, len(pairs), chunk):
        x, y = pairs[lo : lo + chunk, 0], pairs[lo : lo + chunk, 1]
        out[lo : lo + chunk] = (sigs[x] == sigs[y]).mean(axis=1)
    return out


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    if len(a) == 0 and len(b) == 0:
        return 1.0
    inter = len(np.intersect1d(a, b, assume_unique=True))
    return inter / (len(a) + len(b) - inter)
