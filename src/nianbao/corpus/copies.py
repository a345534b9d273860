"""Passages shared between reports: verbatim, near and paraphrased copies.

Each narrative sentence is cleaned (mandated formulas, punctuation and spaces removed) and
shingled into character 3-grams; MinHash LSH proposes candidate sentence pairs across reports,
which are verified exactly by alignment (difflib) and classed as verbatim or near. Sentences
with no such match are compared by sentence embeddings: a pair that is each other's best match
and above the calibrated cosine threshold is a paraphrase. Matched sentences that follow each
other on one side are merged into passages. Pairs of reports of different units are copies;
a unit's report and its own report of the year before give its stickiness.

A piece written word for word by many units (``TEMPLATE_UNITS``) is a template handed down to
all of them, not a copy between two: it is left out of the pairwise comparison and counted as
boilerplate instead. This also keeps the pair count linear in a templated county, where every
township's report shares the same stock sentences with every other.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

import numpy as np

from nianbao.corpus import minhash
from nianbao.records import CopyPair, Passage, Report, Span
from nianbao.segment.meta import unit_key
from nianbao.text.nlp import formula_mask

MIN_CHARS = 10  # a cleaned sentence shorter than this is not compared
MIN_AGREEMENT = 0.2  # signature agreement (≈ Jaccard of 3-grams) worth an exact alignment
# LSH bands weigh a missed pair above a needless candidate: candidates are verified exactly.
# With these weights, 98% of the piece pairs at Jaccard ≥ 0.3 become candidates (bench_scale).
FP_WEIGHT, FN_WEIGHT = 0.3, 0.7
NEAR = 0.75  # aligned-region similarity for a near copy
VERBATIM = 0.97
# Cosine for a paraphrase. multilingual-e5-small crowds unrelated report sentences into
# 0.90–0.96 (see evaluation/text_eval.py), so only close rewordings are reported: above this,
# between sentences of some length, each the other's best match, not already a near copy.
PARAPHRASE = 0.985
PARAPHRASE_MIN_CHARS = 20
MIN_MATCHED = 16  # shorter shared runs are set phrases, not copied passages
TEMPLATE_UNITS = 5  # a piece written word for word by this many units is a template
_KEEP = re.compile(r"[\u4e00-\u9fff0-9A-Za-z]")


@dataclass(frozen=True)
class Unit:
    report: int  # index into the reports
    sentence: int  # index of the sentence among the report's units
    text: str
    span: Span
    clean: str
    offsets: tuple[int, ...]  # clean char → index in text
    template: str  # clean with numbers and the unit's own names blanked: the wording alone


LONG = 60  # a sentence longer than this (cleaned) is compared clause group by clause group


def _pieces(text: str) -> list[tuple[int, int]]:
    """The sentence, or for a long one, runs of clauses of at least 15 characters."""
    if len(text) <= LONG:
        return [(0, len(text))]
    out: list[tuple[int, int]] = []
    start = 0
    for m in re.finditer(r"[，,；;：:]", text):
        if m.end() - start >= 15:
            out.append((start, m.end()))
            start = m.end()
    if start < len(text):
        if out and len(text) - start < 15:
            out[-1] = (out[-1][0], len(text))
        else:
            out.append((start, len(text)))
    return out


def own_names(unit: str | None) -> list[str]:
    """The names a unit calls itself by, longest first: 淮安市洪泽区, 洪泽区."""
    key = unit_key(unit)
    if not key:
        return []
    names = {key}
    for m in re.finditer(r"[省市县区州盟旗]", key[:-1]):
        if len(key) - m.end() >= 2:
            names.add(key[m.end() :])
    return sorted(names, key=len, reverse=True)


def _wording(clean: str, names: Sequence[str]) -> str:
    for name in names:
        clean = clean.replace(name, "@")
    return re.sub(r"\d+", "#", clean)


def units_of(report: Report, index: int) -> list[Unit]:
    out: list[Unit] = []
    names = own_names(report.meta.unit)
    for s in report.sentences:
        if s.heading:
            continue
        for a, b in _pieces(s.text):
            text = s.text[a:b]
            masked = formula_mask(text)
            keep = [i for i, ch in enumerate(text) if not masked[i] and _KEEP.match(ch)]
            clean = "".join(text[i] for i in keep)
            if len(clean) < MIN_CHARS:
                continue
            span = (s.span[0] + a, s.span[0] + b)
            out.append(
                Unit(index, len(out), text, span, clean, tuple(keep), _wording(clean, names))
            )
    return out


@dataclass
class _Match:
    a: Unit
    b: Unit
    a_region: Span
    b_region: Span
    similarity: float
    kind: str
    a_shared: tuple[Span, ...] = ()  # aligned characters (all of a region for a paraphrase)
    b_shared: tuple[Span, ...] = ()


def _align(a: Unit, b: Unit) -> _Match | None:
    sm = SequenceMatcher(None, a.clean, b.clean, autojunk=False)
    blocks = [blk for blk in sm.get_matching_blocks() if blk.size >= 3]
    matched = sum(blk.size for blk in blocks)
    if matched < MIN_MATCHED:
        return None
    a0, a1 = blocks[0].a, blocks[-1].a + blocks[-1].size
    b0, b1 = blocks[0].b, blocks[-1].b + blocks[-1].size
    similarity = 2 * matched / ((a1 - a0) + (b1 - b0))
    if similarity < NEAR:
        return None
    kind = "verbatim" if similarity >= VERBATIM and a.clean[a0:a1] == b.clean[b0:b1] else "near"
    return _Match(
        a, b, _region(a, a0, a1), _region(b, b0, b1), similarity, kind,
        tuple(_region(a, blk.a, blk.a + blk.size) for blk in blocks),
        tuple(_region(b, blk.b, blk.b + blk.size) for blk in blocks),
    )  # fmt: skip


def _region(u: Unit, c0: int, c1: int) -> Span:
    start = u.span[0] + u.offsets[c0]
    end = u.span[0] + u.offsets[c1 - 1] + 1
    if c0 == 0:
        start = u.span[0]
    if c1 == len(u.clean):
        end = u.span[1]
    return (start, end)


def _unit_keys(reports: Sequence[Report]) -> list[str]:
    return [unit_key(r.meta.unit) or f"#{i}" for i, r in enumerate(reports)]


def template_pieces(reports: Sequence[Report], units: Sequence[list[Unit]]) -> set[str]:
    """Wordings (``Unit.template``) that the reports of at least ``TEMPLATE_UNITS`` units
    contain word for word, but for numbers and their own names."""
    keys = _unit_keys(reports)
    writers: dict[str, set[str]] = defaultdict(set)
    for us in units:
        for u in us:
            writers[u.template].add(keys[u.report])
    return {c for c, k in writers.items() if len(k) >= TEMPLATE_UNITS}


def _related(reports: Sequence[Report]) -> tuple[set[tuple[int, int]], set[tuple[int, int]]]:
    """Report pairs (i < j) to compare for copies, and (this, last year) pairs for stickiness."""
    keys = _unit_keys(reports)
    copy_pairs: set[tuple[int, int]] = set()
    sticky: set[tuple[int, int]] = set()
    for i in range(len(reports)):
        for j in range(i + 1, len(reports)):
            if keys[i] != keys[j]:
                copy_pairs.add((i, j))
            else:
                yi, yj = reports[i].meta.year, reports[j].meta.year
                if yi and yj and abs(yi - yj) == 1:
                    sticky.add((i, j))
    return copy_pairs, sticky


def find_copies(
    reports: Sequence[Report],
    embeddings: Sequence[np.ndarray] | None = None,
    *,
    threshold: float = 0.3,
    num_perm: int = 64,
    paraphrase: float = PARAPHRASE,
    fresh: set[int] | None = None,
    known: dict[tuple[int, int], list[CopyPair]] | None = None,
    computed: dict[tuple[int, int], list[CopyPair]] | None = None,
    units: Sequence[list[Unit]] | None = None,
    templates: set[str] | None = None,
    retemplated: set[str] | None = None,
) -> list[CopyPair]:
    """Shared passages between every related pair of reports.

    ``embeddings[i]`` are the vectors of report i's units (``units_of``), or None to skip
    paraphrases. ``templates`` (see ``template_pieces``) are left out; they are computed when
    not given. Incremental use: only report pairs involving a ``fresh`` report, or a report
    holding a piece of ``retemplated`` (pieces that became or ceased to be templates since the
    pairs in ``known`` were found), are compared; the others are taken from ``known`` (by
    report indices); what was compared is written into ``computed``.
    """
    if units is None:
        units = [units_of(r, i) for i, r in enumerate(reports)]
    if templates is None:
        templates = template_pieces(reports, units)
    flat = [u for us in units for u in us if u.template not in templates]
    copy_pairs, sticky = _related(reports)
    wanted = copy_pairs | sticky
    redo: set[int] = set()
    if fresh is not None:
        # a report holding a piece that became (or ceased to be) a template is compared again
        redo = set(fresh) | _holders(units, retemplated or set())
        wanted = {(i, j) for i, j in wanted if i in redo or j in redo}
    matches: dict[tuple[int, int], list[_Match]] = defaultdict(list)
    if flat:
        sigs = minhash.signatures([minhash.shingle_ids(u.clean) for u in flat], num_perm=num_perm)
        bands, rows = minhash.optimal_bands(threshold, num_perm, FP_WEIGHT, FN_WEIGHT)
        only = {k for k, u in enumerate(flat) if u.report in redo} if fresh is not None else None
        candidates = minhash.candidate_pairs(sigs, bands, rows, only)
        # an estimated Jaccard too low for a shared passage: no alignment
        candidates = candidates[minhash.agreement(sigs, candidates) >= MIN_AGREEMENT]
        for x, y in candidates.tolist():
            a, b = flat[x], flat[y]
            if a.report == b.report:
                continue
            if a.report > b.report:
                a, b = b, a
            if (a.report, b.report) not in wanted:
                continue
            m = _align(a, b)
            if m is not None:
                matches[(a.report, b.report)].append(m)
    if embeddings is not None:
        for i, j in sorted(wanted):
            _paraphrases(
                units[i],
                units[j],
                embeddings[i],
                embeddings[j],
                matches[(i, j)],
                paraphrase,
                templates,
            )
    out: list[CopyPair] = []
    for i, j in sorted(wanted) if fresh is not None else sorted(matches):
        relation = "copy" if (i, j) in copy_pairs else "stickiness"
        found = _passages(reports, i, j, matches.get((i, j), []), relation)
        out += found
        if computed is not None:
            computed[(i, j)] = found
    if fresh is not None and known:
        out += [p for key, ps in known.items() if key not in wanted for p in ps]
    return out


def _holders(units: Sequence[list[Unit]], pieces: set[str]) -> set[int]:
    """The reports holding any of ``pieces`` (by wording)."""
    if not pieces:
        return set()
    return {i for i, us in enumerate(units) if any(u.template in pieces for u in us)}


def _paraphrases(
    ua, ub, ea, eb, found: list[_Match], threshold: float, templates: set[str]
) -> None:
    if len(ua) == 0 or len(ub) == 0:
        return
    taken_a = {m.a.sentence for m in found} | {u.sentence for u in ua if u.template in templates}
    taken_b = {m.b.sentence for m in found} | {u.sentence for u in ub if u.template in templates}
    sims = ea @ eb.T
    best_b = sims.argmax(axis=1)
    best_a = sims.argmax(axis=0)
    for x, y in enumerate(best_b):
        if best_a[y] != x or x in taken_a or y in taken_b:
            continue
        cos = float(sims[x, y])
        if cos < threshold or min(len(ua[x].clean), len(ub[y].clean)) < PARAPHRASE_MIN_CHARS:
            continue
        if _facts(ua[x].text) != _facts(ub[y].text):
            continue  # look-alikes that state other numbers or the opposite are not the same text
        found.append(_Match(ua[x], ub[y], ua[x].span, ub[y].span, cos, "paraphrase",
                            (ua[x].span,), (ub[y].span,)))  # fmt: skip


def _facts(text: str) -> tuple[frozenset[str], bool]:
    """The numbers a sentence states and whether it negates: embeddings barely see either."""
    numbers = frozenset(re.findall(r"\d+(?:\.\d+)?", text))
    return numbers, bool(re.search(r"未|没有|无(?!论)|不(?:予|再)", text))


_RANK = {"verbatim": 0, "near": 1, "paraphrase": 2}


def _passages(reports, i: int, j: int, ms: list[_Match], relation: str) -> list[CopyPair]:
    ms = sorted(ms, key=lambda m: (m.a.sentence, m.b.sentence))
    groups: list[list[_Match]] = []
    for m in ms:
        g = groups[-1] if groups else None
        if (
            g
            and m.a.sentence - g[-1].a.sentence <= 1
            and any(abs(m.b.sentence - o.b.sentence) <= 3 for o in g)
        ):
            g.append(m)
        else:
            groups.append([m])
    out: list[CopyPair] = []
    for g in groups:
        a_span = (min(m.a_region[0] for m in g), max(m.a_region[1] for m in g))
        b_span = (min(m.b_region[0] for m in g), max(m.b_region[1] for m in g))
        kinds = {m.kind for m in g}
        kind = max(kinds, key=_RANK.__getitem__)
        if kind == "paraphrase" and kinds != {"paraphrase"}:
            kind = "near"
        weight = sum(m.a_region[1] - m.a_region[0] for m in g)
        similarity = sum(m.similarity * (m.a_region[1] - m.a_region[0]) for m in g) / max(1, weight)
        out.append(
            CopyPair(
                a=_passage(reports[i], a_span, [s for m in g for s in m.a_shared]),
                b=_passage(reports[j], b_span, [s for m in g for s in m.b_shared]),
                similarity=round(similarity, 4),
                kind=kind,  # type: ignore[arg-type]
                relation=relation,  # type: ignore[arg-type]
            )
        )
    return out


def _passage(report: Report, span: Span, shared: list[Span]) -> Passage:
    doc = report.document
    return Passage(report.path, span, doc.text[span[0] : span[1]], doc.to_source(span),
                   tuple(_union(shared)))  # fmt: skip


def _union(spans: Sequence[Span]) -> list[Span]:
    """The spans merged where they overlap or touch, in order (empty ones dropped)."""
    out: list[Span] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        elif a < b:
            out.append((a, b))
    return out


def covered_share(report: Report, spans: Sequence[Span]) -> float:
    """Share of the report's narrative sentences' characters inside ``spans``."""
    union = _union(spans)
    starts = [a for a, _ in union]
    total = covered = 0
    for s in report.sentences:
        if s.heading:
            continue
        lo, hi = s.span
        total += hi - lo
        k = max(0, bisect_right(starts, lo) - 1)
        while k < len(union) and union[k][0] < hi:
            covered += max(0, min(hi, union[k][1]) - max(lo, union[k][0]))
            k += 1
    return covered / total if total else 0.0
