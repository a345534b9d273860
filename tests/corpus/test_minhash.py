from __future__ import annotations

import numpy as np

from nianbao.corpus import minhash


def test_bands_match_datasketch():
    from datasketch.lsh import _optimal_param

    for threshold in (0.3, 0.5, 0.8):
        assert minhash.optimal_bands(threshold, 64) == _optimal_param(threshold, 64, 0.5, 0.5)


def test_signature_agreement_estimates_jaccard():
    rng = np.random.RandomState(0)
    base = rng.randint(0, 2**32, size=400).astype(np.uint64)
    other = np.concatenate([base[:300], rng.randint(0, 2**32, size=100).astype(np.uint64)])
    sigs = minhash.signatures([base, other], num_perm=256)
    estimate = float((sigs[0] == sigs[1]).mean())
    assert abs(estimate - minhash.jaccard(np.unique(base), np.unique(other))) < 0.08


def test_reproducible_and_candidates():
    sets = [
        minhash.shingle_ids(t)
        for t in (
            "政务公开信息审核能力需进一步加强",
            "政务公开信息审核能力需要进一步加强",
            "全年未收取信息处理费",
        )
    ]
    a = minhash.signatures(sets, seed=3)
    assert (a == minhash.signatures(sets, seed=3)).all()
    pairs = set(map(tuple, minhash.candidate_pairs(a, *minhash.optimal_bands(0.5, 64)).tolist()))
    assert (0, 1) in pairs and (0, 2) not in pairs and (1, 2) not in pairs
