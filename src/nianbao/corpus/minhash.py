"""Vectorised MinHash signatures and LSH banding (numpy), seeded and reproducible.

Shingles are mapped to 32-bit ids (crc32), signatures are ``min((a·x + b) mod p)`` over each
set's shingles for ``num_perm`` universal hash functions, computed for all sets at once with
``np.minimum.reduceat``. Bands and rows come from the target threshold as in datasketch
(the false positive / false negative integral), so results match ``datasketch.MinHashLSH``'s
choice of parameters.
"""

from __future__ import annotations

import zlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
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
) -> set[tuple[int, int]]:
    """Pairs of rows sharing at least one band bucket (i < j); with ``only``, just the pairs
    that involve one of those rows (an incremental run: the others are known)."""
    pairs: set[tuple[int, int]] = set()
    for band in range(bands):
        chunk = np.ascontiguousarray(sigs[:, band * rows : (band + 1) * rows])
        keys = chunk.view(np.dtype((np.void, chunk.dtype.itemsize * rows))).ravel()
        buckets: dict[bytes, list[int]] = defaultdict(list)
        for i, key in enumerate(keys):
            buckets[key.tobytes()].append(i)
        for members in buckets.values():
            if len(members) < 2:
                continue
            if only is None:
                _add_pairs(pairs, members)
                continue
            new = [m for m in members if m in only]
            for x in new:
                for y in members:
                    if x != y:
                        pairs.add((min(x, y), max(x, y)))
    return pairs


def _add_pairs(pairs: set[tuple[int, int]], members: Iterable[int]) -> None:
    m = sorted(members)
    for x in range(len(m)):
        for y in range(x + 1, len(m)):
            pairs.add((m[x], m[y]))


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    if len(a) == 0 and len(b) == 0:
        return 1.0
    inter = len(np.intersect1d(a, b, assume_unique=True))
    return inter / (len(a) + len(b) - inter)
