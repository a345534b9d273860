"""boilerplate_share per part (after Lang & Stice-Lawrence 2015), fitted on a reference group.

Word 4-grams (jieba words, mandated formulas removed) that occur in 30%–75% of the reference
group's units are boilerplate; a sentence holding one is a boilerplate sentence, and so is a
sentence holding a template piece (written word for word by many units, see
``corpus.copies.template_pieces``). A part's boilerplate_share is the share of its characters
in such sentences. Document frequency is
counted per reporting unit, so one unit's several years do not make its own phrases common.
Follows scikit-learn's fit/transform: learned state ends in ``_``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from nianbao.records import Evidence, Report, Score
from nianbao.segment.meta import unit_key
from nianbao.text.nlp import formula_mask, tokens

N = 4


def sentence_grams(report: Report) -> list[set[tuple[str, ...]]]:
    """Word 4-grams of each sentence, in order (what fit and transform need; cacheable)."""
    return [_grams(s.text) for s in report.sentences]


def _grams(text: str) -> set[tuple[str, ...]]:
    mask = formula_mask(text)
    kept = "".join(" " if m else ch for ch, m in zip(text, mask, strict=True))
    words = [w for w in tokens(kept) if w.strip() and not _punct(w)]
    return {tuple(words[i : i + N]) for i in range(len(words) - N + 1)}


def _punct(w: str) -> bool:
    return all(not ch.isalnum() for ch in w)


class BoilerplateModel:
    def __init__(self, low: float = 0.30, high: float = 0.75, min_units: int = 3) -> None:
        self.low = low
        self.high = high
        self.min_units = min_units

    def fit(
        self, reports: Iterable[Report], grams: dict[str, list] | None = None
    ) -> BoilerplateModel:
        by_unit: dict[str, set[tuple[str, ...]]] = {}
        for i, r in enumerate(reports):
            key = unit_key(r.meta.unit) or f"#{i}"
            unit_grams = by_unit.setdefault(key, set())
            for g in (grams or {}).get(r.path) or sentence_grams(r):
                unit_grams |= g
        df: Counter[tuple[str, ...]] = Counter()
        for grams in by_unit.values():
            df.update(grams)
        self.n_units_ = len(by_unit)
        lo, hi = self.low * self.n_units_, self.high * self.n_units_
        self.vocabulary_ = frozenset(g for g, n in df.items() if lo <= n <= hi and n >= 2)
        return self

    def transform(
        self,
        report: Report,
        grams: list | None = None,
        templates: Sequence[tuple[int, int]] = (),
    ) -> list[Score]:
        """Scores per part; ``templates`` are the spans of the report's template pieces."""
        doc = report.document
        parts: dict[str, list[int]] = {}
        evidence: dict[str, list[Evidence]] = {}
        grams = grams or sentence_grams(report)
        for s, g in zip(report.sentences, grams, strict=True):
            if s.heading or s.part == "preamble":
                continue
            hits = g & self.vocabulary_
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
        reliable = self.n_units_ >= self.min_units
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
