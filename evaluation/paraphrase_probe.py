"""Can sentence embeddings tell the planted paraphrases from look-alike sentences?

On the planted corpus of ``text_eval`` (units not already matched lexically), every pair of
reports of different units gives its mutual-best sentence pairs as candidates. For each
scoring, prints where the best pair inside each planted paraphrase passage ranks among the
candidates outside them (0 = above every look-alike), then, for the best scoring, how many
planted passages and how many other places hold a monotone run of two aligned pairs.
Scorings: plain cosine ("passage:" prompt, as copies.py); the margin of Artetxe & Schwenk
(2019): cosine over the mean of both sentences' k nearest other-unit neighbours; the same
after removing the corpus mean and its top principal components ("all-but-the-top", Mu &
Viswanath 2018), with e5's "query:" prompt for symmetric tasks. Runs keep pairs of 10+
characters each, the same numbers and negation, and little shared wording (difflib ratio
< 0.5: more is the lexical stage's business).
Run: ``python -m evaluation.paraphrase_probe``.
"""

from __future__ import annotations

import json
import sys
from difflib import SequenceMatcher

import numpy as np

from evaluation.text_eval import CACHE, CORPUS, GOLD, locate, overlap, planted_corpus
from nianbao.corpus.copies import Unit, _facts, find_copies, units_of
from nianbao.embed import Embedder
from nianbao.segment.meta import unit_key

Block = tuple[set[int], set[int]]


def _transform(vectors: list[np.ndarray], top: int) -> list[np.ndarray]:
    if top < 0:
        return vectors
    flat = np.vstack(vectors)
    mean = flat.mean(axis=0)
    pcs = np.linalg.svd(flat - mean, full_matrices=False)[2][:top]
    out = []
    for v in vectors:
        c = v - mean
        c = c - (c @ pcs.T) @ pcs
        out.append(c / np.linalg.norm(c, axis=1, keepdims=True))
    return out


def _knn(vectors: list[np.ndarray], keys: list[str], k: int) -> list[np.ndarray]:
    flat = np.vstack(vectors)
    owner = np.array([keys[r] for r, v in enumerate(vectors) for _ in range(len(v))])
    sims = flat @ flat.T
    sims[owner[:, None] == owner[None, :]] = -9.0
    knn = -np.sort(-sims, axis=1)[:, :k].mean(axis=1)
    bounds = np.cumsum([0] + [len(v) for v in vectors])
    return [knn[bounds[r] : bounds[r + 1]] for r in range(len(vectors))]


def _scores(vs, knn, i: int, j: int) -> np.ndarray:
    sims = vs[i] @ vs[j].T
    if knn is None:
        return sims
    return sims / ((knn[i][:, None] + knn[j][None, :]) / 2)


def _plausible(a: Unit, b: Unit) -> bool:
    if min(len(a.clean), len(b.clean)) < 10 or _facts(a.text) != _facts(b.text):
        return False
    return SequenceMatcher(None, a.clean, b.clean, autojunk=False).ratio() < 0.5


def main() -> int:
    copies = json.loads((GOLD / "copies.json").read_text(encoding="utf-8"))
    reports = planted_corpus(copies)
    order = list(reports)
    rs = [reports[k] for k in order]
    keys = [unit_key(r.meta.unit) or f"#{i}" for i, r in enumerate(rs)]
    units = [units_of(r, i) for i, r in enumerate(rs)]
    embedder = Embedder(None, cache=CACHE)
    passage = [embedder.encode([u.text for u in us]) for us in units]
    query = [embedder.encode([u.text for u in us], prompt_name="query") for us in units]
    gold: dict[tuple[int, int], Block] = {}
    for t in copies["planted"]:
        if t["kind"] != "paraphrase":
            continue
        i, j = order.index(t["source"]), order.index(t["target"])
        si, sj = locate(rs[i], t["source_text"]), locate(rs[j], t["text"])
        assert si is not None and sj is not None
        ua = {u.sentence for u in units[i] if overlap(u.span, si) > 0}
        ub = {u.sentence for u in units[j] if overlap(u.span, sj) > 0}
        gold[(min(i, j), max(i, j))] = (ua, ub) if i < j else (ub, ua)
    index = {str(CORPUS / rel): k for k, rel in enumerate(order)}
    # units the lexical stage already matched: not paraphrase candidates
    taken: dict[tuple[int, int], Block] = {}
    for p in find_copies(rs):
        i, j = index[p.a.report], index[p.b.report]
        ta, tb = taken.setdefault((i, j), (set(), set()))
        ta.update(u.sentence for u in units[i] if overlap(u.span, p.a.span) > 0)
        tb.update(u.sentence for u in units[j] if overlap(u.span, p.b.span) > 0)
    pairs = [(i, j) for i in range(len(rs)) for j in range(i + 1, len(rs)) if keys[i] != keys[j]]

    def masked(vs, knn, i: int, j: int) -> np.ndarray:
        m = _scores(vs, knn, i, j)
        ta, tb = taken.get((i, j), (set(), set()))
        m[sorted(ta), :] = -9.0
        m[:, sorted(tb)] = -9.0
        return m

    scorings = {
        "cosine": (passage, None),
        "margin k=4": (passage, _knn(passage, keys, 4)),
    }
    centred = _transform(query, 3)
    scorings["query, centred -3 PCs, margin k=4"] = (centred, _knn(centred, keys, 4))
    for name, (vs, knn) in scorings.items():
        best, others = [], []
        for i, j in pairs:
            m = masked(vs, knn, i, j)
            if (i, j) in gold:
                ga, gb = gold[(i, j)]
                best.append(float(m[np.ix_(sorted(ga), sorted(gb))].max()))
                m[sorted(ga), :] = -9.0
                m[:, sorted(gb)] = -9.0
            ba, bb = m.argmax(axis=1), m.argmax(axis=0)
            others += [float(m[x, y]) for x, y in enumerate(ba) if bb[y] == x and m[x, y] > -9]
        ranks = sorted(int(sum(o > b for o in others)) for b in best)
        print(f"{name}: ranks of the planted paraphrases among {len(others)} look-alikes {ranks}")
    vs, knn = scorings["query, centred -3 PCs, margin k=4"]
    for floor in (0.9, 0.95, 1.0):
        found: set[tuple[int, int]] = set()
        false = 0
        for i, j in pairs:
            m = masked(vs, knn, i, j)
            ok = {
                (x, y)
                for x, y in zip(*np.nonzero(m >= floor), strict=True)
                if _plausible(units[i][x], units[j][y])
            }
            ga, gb = gold.get((i, j), (set(), set()))
            for x, y in ok:
                for dx, dy in ((1, 1), (1, 2), (2, 1)):
                    if (x + dx, y + dy) not in ok:
                        continue
                    if {x, x + dx} <= ga and {y, y + dy} <= gb:
                        found.add((i, j))
                    else:
                        false += 1
        print(f"runs of 2 at margin >= {floor}: planted {len(found)}/{len(gold)}, others {false}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
