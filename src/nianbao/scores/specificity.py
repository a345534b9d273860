"""Specificity (after Hope, Hu & Lu 2016) and vague_density.

specificity: share of the narrative's characters inside concrete items (numbers with units,
dates, document numbers, 《titles》, quoted mechanism names, named platforms and bodies);
vague_density: empty formulas per 100 characters (``models/lexicons/vague.txt``).
"""

from __future__ import annotations

from nianbao.records import Evidence, Report, Score
from nianbao.text.nlp import concrete_items, coverage_mask, vague_phrases


def sentence_specificity(text: str) -> float:
    if not text:
        return 0.0
    mask = coverage_mask(len(text), concrete_items(text))
    return sum(mask) / len(text)


def specificity_scores(report: Report) -> tuple[Score, Score]:
    doc = report.document
    total = covered = vague = 0
    specific: list[Evidence] = []
    vague_ev: list[Evidence] = []
    per_part: dict[str, list[int]] = {}  # part → [characters, in concrete items, 套话]
    for s in report.sentences:
        if s.heading or s.part == "preamble":
            continue
        items = concrete_items(s.text)
        mask = coverage_mask(len(s.text), items)
        total += len(s.text)
        covered += sum(mask)
        counts = per_part.setdefault(s.part, [0, 0, 0])
        counts[0] += len(s.text)
        counts[1] += sum(mask)
        counts[2] += len(vague_phrases(s.text))
        for it in items:
            span = (s.span[0] + it.start, s.span[0] + it.end)
            specific.append(
                Evidence(
                    "text", it.text, span, doc.to_source(span), label="specific", detail=it.label
                )
            )
        for it in vague_phrases(s.text):
            vague += 1
            span = (s.span[0] + it.start, s.span[0] + it.end)
            vague_ev.append(Evidence("text", it.text, span, doc.to_source(span), label="vague"))
    spec = covered / total if total else None
    density = 100 * vague / total if total else None
    # per part, for what ranks the report (see ``scores.missing``)
    spec_parts = {p: round(c[1] / c[0], 4) for p, c in per_part.items() if c[0]}
    vague_parts = {p: round(100 * c[2] / c[0], 4) for p, c in per_part.items() if c[0]}
    return (
        Score(
            "specificity",
            _round(spec),
            evidence=tuple(_dedupe(specific)),
            detail=(("chars", total), ("parts", spec_parts)),
        ),
        Score(
            "vague_density",
            _round(density),
            evidence=tuple(vague_ev),
            detail=(("count", vague), ("parts", vague_parts)),
        ),
    )


def _dedupe(items: list[Evidence]) -> list[Evidence]:
    seen: set = set()
    out = []
    for e in sorted(items, key=lambda e: (e.span, -(e.span[1] - e.span[0]))):
        if e.span in seen:
            continue
        seen.add(e.span)
        out.append(e)
    return out


def _round(v: float | None) -> float | None:
    return None if v is None else round(v, 4)
