"""boilerplate_share per part (after Lang & Stice-Lawrence 2015), fitted on a reference group.

Word 4-grams (jieba words, mandated formulas removed) that occur in 30%–75% of the reference
group's units are boilerplate; a sentence holding one is a boilerplate sentence, and so is a
sentence holding a template piece (nothing but wording many units write, see
``corpus.copies.CommonText``). A part's boilerplate_share is the share of its characters
in such sentences. Document frequency is
counted per reporting unit, so one unit's several years do not make its own phrases common.
Follows scikit-learn's fit/transform: learned state ends in ``_``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence

import numpy as np

from nianbao.corpus.engine import in_sorted, writer_counts
from nianbao.records import Evidence, Report, Score
from nianbao.segment.meta import unit_key
from nianbao.text.nlp import formula_mask, tokens

N = 4


Grams = tuple[np.ndarray, np.ndarray]  # 64-bit ids of word 4-grams, and the sentence of each


def sentence_grams(report: Report) -> Grams:
    """The word 4-grams of every narrative sentence (not headings, not the preamble: neither
    is scored), as 64-bit ids with the index of their sentence: what fit and transform need,
    compact enough to hold for 10,000 reports (cacheable)."""
    ids: list[int] = []
    where: list[int] = []
    for k, s in enumerate(report.sentences):
        if not _scored(s):
            continue
        for g in _grams(s.text):
            digest = hashlib.blake2b("\x1f".join(g).encode("utf-8"), digest_size=8).digest()
            ids.append(int.from_bytes(digest, "little"))
            where.append(k)
    return np.array(ids, dtype=np.uint64), np.array(where, dtype=np.int32)


def _grams(text: str) -> set[tuple[str, ...]]:
    mask = formula_mask(text)
    kept = "".join(" " if m else ch for ch, m in zip(text, mask, strict=True))
    words = [w for w in tokens(kept) if w.strip() and not _punct(w)]
    return {tuple(words[i : i + N]) for i in range(len(words) - N + 1)}


def _scored(sentence) -> bool:
    return not sentence.heading and sentence.part != "preamble"


def _punct(w: str) -> bool:
    return all(not ch.isalnum() for ch in w)


class BoilerplateModel:
    def __init__(self, low: float = 0.30, high: float = 0.75, min_units: int = 3) -> None:
        self.low = low
        self.high = high
        self.min_units = min_units

    def fit(
        self,
        reports: Iterable[Report],
        grams: dict[str, Grams] | None = None,
        counts: Callable[[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]] = writer_counts,
    ) -> BoilerplateModel:
        """``counts``: how many units write each 4-gram (``corpus.engine``)."""
        units: dict[str, int] = {}
        ids: list[np.ndarray] = [np.zeros(0, dtype=np.uint64)]
        writers: list[np.ndarray] = [np.zeros(0, dtype=np.int64)]
        for i, r in enumerate(reports):
            unit = units.setdefault(unit_key(r.meta.unit) or f"#{i}", len(units))
            mine = (grams or {}).get(r.path) or sentence_grams(r)
            ids.append(mine[0])
            writers.append(np.full(len(mine[0]), unit, dtype=np.int64))
        # document frequency per reporting unit: each (gram, unit) counted once
        distinct, df = counts(np.concatenate(ids), np.concatenate(writers))
        self.n_units_ = len(units)
        lo, hi = self.low * self.n_units_, self.high * self.n_units_
        keep = (df >= lo) & (df <= hi) & (df >= 2)
        self.vocabulary_ = distinct[keep].astype(np.uint64)  # sorted ids
        return self

    @property
    def reliable(self) -> bool:
        """Enough units to tell what most of them write."""
        return self.n_units_ >= self.min_units

    def hits(self, grams: Grams) -> list[int]:
        """The sentences (indices) holding a boilerplate 4-gram."""
        ids, where = grams
        return np.unique(where[in_sorted(self.vocabulary_, ids)]).tolist()

    def transform(
        self,
        report: Report,
        grams: Grams | None = None,
        templates: Sequence[tuple[int, int]] = (),
    ) -> list[Score]:
        """Scores per part; ``templates`` are the spans of the report's template pieces."""
        doc = report.document
        parts: dict[str, list[int]] = {}
        evidence: dict[str, list[Evidence]] = {}
        common = set(self.hits(grams if grams is not None else sentence_grams(report)))
        for k, s in enumerate(report.sentences):
            # the opening before 一 has no 4-gram vocabulary, but a county's template is
            # marked wherever it sits (it counts in no section's share: see scores.missing)
            if not _scored(s) and (s.heading or s.part != "preamble"):
                continue
            hits = k in common
            template = any(a < s.span[1] and b > s.span[0] for a, b in templates)
            counts = parts.setdefault(s.part, [0, 0])
            counts[1] += len(s.text)
            if hits or template:
                counts[0] += len(s.text)
                why = "模板句：多个单位写有同样的话" if template else "含多数单位共用的措辞"
                evidence.setdefault(s.part, []).append(
                    Evidence("text", s.text, s.span, doc.to_source(s.span), label="boilerplate",
                             ref=why)
                )  # fmt: skip
        reliable = self.reliable
        out = []
        for part, (bp, total) in parts.items():
            out.append(
                Score(
                    "boilerplate_share",
                    round(bp / total, 4) if total and reliable else None,
                    part=part,
                    evidence=tuple(evidence.get(part, ())),
                )
            )
        return out


def fit_boilerplate(reports: Sequence[Report]) -> BoilerplateModel:
    return BoilerplateModel().fit(reports)
