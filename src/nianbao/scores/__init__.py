"""Narrative scores, registered in one place (``SCORES``), each explained by its evidence.

``analyse(reports, embedder)`` runs the corpus-wide steps once — the boilerplate model is fitted
on the reports given, copies are looked for between every pair of different units, stickiness
against each unit's report of the year before — and returns each report's scores and pairs.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import astuple, dataclass, field
from functools import cached_property, partial
from pathlib import Path
from typing import Literal

import numpy as np

from nianbao.corpus.copies import Piece, Unit, common_text, covered_share, find_copies, units_of
from nianbao.corpus.engine import LOCAL, Local
from nianbao.records import CopyPair, Evidence, Report, Score
from nianbao.scores.alignment import alignment_score
from nianbao.scores.boilerplate import BoilerplateModel, sentence_grams
from nianbao.scores.coverage import coverage_scores
from nianbao.scores.specificity import specificity_scores
from nianbao.scores.staleness import staleness_score
from nianbao.scores.substance import substance_score
from nianbao.segment.meta import unit_key


@dataclass(frozen=True)
class TextAnalysis:
    """A report's scores and pairs. ``summary`` holds every score; for one taken from the
    store, without its evidence, which is loaded (``load``) only when ``scores`` is read: a
    run that renders no page of the report never unpickles it."""

    report: Report
    summary: tuple[Score, ...]
    pairs: tuple[CopyPair, ...]  # this report's copy and stickiness pairs
    key: str = ""  # digest of everything the scores were computed from
    digest: str = ""  # digest of the scores with their evidence (see ``scores_digest``)
    load: Callable[[], tuple[Score, ...]] | None = field(default=None, repr=False, compare=False)

    @cached_property
    def scores(self) -> tuple[Score, ...]:
        """Every score with its evidence."""
        return self.load() if self.load is not None else self.summary

    def score(self, name: str, part: str | None = None) -> Score | None:
        """One score with its evidence."""
        return next(
            (s for s in self.scores if s.name == name and (part is None or s.part == part)), None
        )

    def value(self, name: str) -> float | None:
        """One score's value (the first part's, for a score per part)."""
        s = next((s for s in self.summary if s.name == name), None)
        return s.value if s else None


def share_score(name: str, report: Report, pairs: list[CopyPair]) -> Score:
    spans, evidence, sources = [], [], {}
    doc = report.document
    for p in pairs:
        mine, other = (p.a, p.b) if p.a.report == report.path else (p.b, p.a)
        spans.append(mine.span)
        evidence.append(Evidence("text", mine.text, mine.span, doc.to_source(mine.span),
                                 label="copied", detail=p.kind, ref=other.report))  # fmt: skip
        sources[other.report] = sources.get(other.report, 0) + (mine.span[1] - mine.span[0])
    value = covered_share(report, spans)
    parts = {
        part: round(covered_share(report, spans, part), 4)
        for part in dict.fromkeys(s.part for s in report.sentences if not s.heading)
    }
    return Score(name, round(value, 4), evidence=tuple(evidence),
                 detail=(("sources", dict(sorted(sources.items(), key=lambda kv: -kv[1]))),
                         ("parts", parts)))  # fmt: skip


@dataclass
class Incremental:
    """What an incremental run knows: copy pairs of report pairs (by indices) found before,
    the reports not yet compared with the others, and the common n-grams of that time (see
    ``corpus.copies.common_text``). ``computed`` and ``common`` are updated to this run's."""

    fresh: set[int]
    known: dict[tuple[int, int], list[CopyPair]]
    common: np.ndarray | None = None
    computed: dict[tuple[int, int], list[CopyPair]] = field(default_factory=dict)


@dataclass
class ScoreCache:
    """Scores stored by the digest of what they were computed from (``TextAnalysis.key``):
    ``summaries`` fetches those of the given keys without evidence (``summary``), ``full``
    one key's with it; ``new`` collects the scores computed in this run. A report whose
    inputs did not change is neither loaded nor scored again."""

    summaries: Callable[[list[str]], dict[str, tuple]]
    full: Callable[[str], tuple[Score, ...]]
    new: dict[str, tuple[Score, ...]] = field(default_factory=dict)


def scores_digest(scores: Sequence[Score]) -> str:
    """What a report's page shows of its scores, in one digest: scores computed again from
    changed inputs (say, a boilerplate n-gram now over the threshold) may come out the same,
    and then the page is not written again."""
    return hashlib.sha1(repr(tuple(scores)).encode("utf-8")).hexdigest()


def summary(scores: Sequence[Score]) -> tuple[str, tuple]:
    """The scores' digest, and the scores without evidence as plain tuples (unpickled many
    times faster than records)."""
    return scores_digest(scores), tuple((s.name, s.value, s.part, s.detail) for s in scores)


def _from_summary(rows: tuple) -> tuple[Score, ...]:
    return tuple(Score(name, value, part, (), detail) for name, value, part, detail in rows)


@dataclass
class ScoreContext:
    """What a score is computed from beyond its report: the sentence model; for the corpus
    scores, the boilerplate model and the report's n-grams and templated pieces, its copy and
    stickiness pairs, and the scores computed before it."""

    embedder: object | None = None
    boilerplate: BoilerplateModel | None = None
    grams: object = None
    templates: list = field(default_factory=list)
    copies: list[CopyPair] = field(default_factory=list)
    sticky: list[CopyPair] = field(default_factory=list)
    has_previous: bool = False
    scores: list[Score] = field(default_factory=list)


@dataclass(frozen=True)
class ScoreInfo:
    """A narrative score, registered once: how it is computed (from the report alone or from
    the corpus), and how people see it — its Chinese name, what it measures in plain words,
    whether it is given per part, how its value reads (``unit``), and which of its evidence the
    report page marks in the full text (by the evidence label's kind). ``analyse`` computes
    the registered scores in this order; the pages, the terminal and the rubric show them."""

    name: str
    label: str
    explanation: str
    per_part: bool = False
    # how an auditor reads a value: a share (67%), a rate per 100 characters, sentences, points
    unit: Literal["share", "per100", "sentences", "points"] = "share"
    marks: tuple[str, ...] = ()
    # from the report alone (computed where it is read, and cached with it) or from the corpus
    needs: Literal["report", "corpus"] = "report"
    # the score's Score records (one, or one per part); None: given by another's compute
    compute: Callable[[Report, ScoreContext], Iterable[Score]] | None = None

    def show(self, value: float | None) -> str:
        """The value as an auditor reads it: 67%, 每百字 0.55 处, 3 句, 62 分."""
        if value is None:
            return "—"
        if self.unit == "share":
            return f"{value:.0%}"
        if self.unit == "per100":
            return f"每百字 {value:.2f} 处"
        return f"{value:g} 句" if self.unit == "sentences" else f"{value:g} 分"


SCORES: dict[str, ScoreInfo] = {
    s.name: s
    for s in (
        ScoreInfo("specificity", "具体性",
                  "叙述中落在具体事项（数字、日期、文号、《文件》、平台、机构）里的文字占比",
                  marks=("specific",), compute=lambda r, c: specificity_scores(r)),
        # one pass over the sentences gives both: specificity's compute gives this one too
        ScoreInfo("vague_density", "空泛套话密度", "每百字出现的“进一步加强”“有待提升”等套话次数",
                  marks=("vague",), unit="per100"),
        ScoreInfo("boilerplate_share", "模板化程度", "各部分中含有多数单位共用的词组的句子所占比例",
                  per_part=True, marks=("boilerplate",), needs="corpus",
                  compute=lambda r, c: c.boilerplate.transform(r, c.grams, c.templates)),
        ScoreInfo("copied_share", "抄袭占比", "叙述中与其他单位报告相同、相近或意思相同的文字占比",
                  marks=("copied",), needs="corpus",
                  compute=lambda r, c: [share_score("copied_share", r, c.copies)]),
        ScoreInfo("stickiness", "沿用往年", "叙述中与本单位上一年度报告重复的文字占比",
                  marks=("copied",), needs="corpus",
                  compute=lambda r, c: [share_score("stickiness", r, c.sticky) if c.has_previous
                                        else Score("stickiness", None)]),
        ScoreInfo("coverage", "要点覆盖", "各部分应写的要点写到了多少", per_part=True,
                  compute=lambda r, c: coverage_scores(r, c.embedder)),
        ScoreInfo("alignment", "问题与措施对应", "第五部分每个问题是否有对应的改进措施",
                  compute=lambda r, c: [a for a in [alignment_score(r, c.embedder)] if a]),
        ScoreInfo("staleness", "过时内容", "属于其他年份的句子数（如2024年仍写疫情防控）",
                  marks=("stale",), unit="sentences",
                  compute=lambda r, c: [staleness_score(r)]),
        ScoreInfo("substance", "实质性总分", "0–100，按 models/substance.yaml 的权重合成",
                  needs="corpus", unit="points",
                  compute=lambda r, c: [substance_score(c.scores)]),
    )
}  # fmt: skip


def in_words(name: str, value: float) -> str:
    """A score as an auditor reads it: 要点覆盖 67%, 空泛套话 每百字 0.55 处, 过时内容 3 句."""
    info = SCORES.get(name)
    if info is None:
        return f"{name} {value:g}"
    return f"{info.label.removesuffix('密度')} {info.show(value)}"


def score_label(name: str) -> str:
    """A score's Chinese name (its own name if it is not registered)."""
    info = SCORES.get(name)
    return info.label if info else name


def analyse(
    reports: Sequence[Report],
    embedder=None,
    *,
    progress: Callable[..., None] | None = None,  # (stage, done, total, item)
    incremental: Incremental | None = None,
    cache: dict[str, dict] | None = None,
    fetch: Callable[[str, list[str]], dict[str, object]] | None = None,
    scored: ScoreCache | None = None,
    engine: Local = LOCAL,
) -> list[TextAnalysis]:
    """Score every report; ``incremental`` makes copy detection compare only what is new (see
    ``find_copies``). ``cache`` (report path → {"grams", "pieces", "units", "own"}) holds what
    depends on one report alone (see ``own_features``, ``own_scores``); what it lacks is
    asked of ``fetch(kind, paths)`` (a store) when needed — a report's units only if it has
    a copy candidate, its own scores only if it is scored again — or else computed, and
    left in ``cache``. ``scored`` keeps whole score sets (see ``ScoreCache``). ``engine``
    runs the corpus-wide counting and joining (``corpus.engine``: here or on a cluster)."""
    tick = progress or (lambda stage, done, total, item="": None)
    cache = cache if cache is not None else {}
    for r in reports:
        cache.setdefault(r.path, {})

    def need(kind: str, which: Sequence[int]) -> None:
        missing = [reports[i].path for i in which if kind not in cache[reports[i].path]]
        if missing and fetch is not None:
            for path, value in fetch(kind, missing).items():
                cache[path][kind] = value
        for done, i in enumerate(which, start=1):
            entry = cache[reports[i].path]
            if kind in entry:
                continue
            if kind == "own":  # with a sentence model, the longest step of a first run
                entry["own"] = own_scores(reports[i], embedder)
                tick("own", done, len(which), Path(reports[i].path).name)
            else:
                for key, value in own_features(reports[i], own=False).items():
                    entry.setdefault(key, value)

    everyone = range(len(reports))
    need("grams", everyone)
    need("pieces", everyone)
    pieces = [
        [Piece(i, k, span, template) for k, (template, span) in enumerate(cache[r.path]["pieces"])]
        for i, r in enumerate(reports)
    ]
    units: dict[int, list[Unit]] = {}

    def full(i: int) -> list[Unit]:
        """Report i's units, text and all."""
        if i not in units:
            need("units", [i])
            units[i] = [Unit(i, *fields) for fields in cache[reports[i].path]["units"]]
        return units[i]

    grams = {p: e["grams"] for p, e in cache.items()}
    boilerplate = BoilerplateModel().fit(reports, grams, engine.writer_counts)
    common = common_text(reports, pieces, engine.writer_counts)
    embeddings = None
    if embedder is not None:
        need("units", everyone)
        embeddings = []
        for i in everyone:
            us = full(i)
            embeddings.append(embedder.encode([u.text for u in us]) if us else None)
            tick("embed", i + 1, len(reports), Path(reports[i].path).name)
        embeddings = [
            e if e is not None else np.zeros((0, 384), dtype=np.float32) for e in embeddings
        ]
    if incremental is None:
        pairs = find_copies(reports, embeddings, units=pieces, common=common, full=full,
                            engine=engine)  # fmt: skip
    else:
        before = incremental.common if incremental.common is not None else common.grams
        pairs = find_copies(
            reports, embeddings, units=pieces, common=common, full=full, engine=engine,
            fresh=incremental.fresh, known=incremental.known, computed=incremental.computed,
            changed=np.setxor1d(before, common.grams),
        )  # fmt: skip
        incremental.common = common.grams
    tick("copies", 1, 1)
    by_report: dict[str, list[CopyPair]] = {}
    for p in pairs:
        by_report.setdefault(p.a.report, []).append(p)
        if p.b.report != p.a.report:
            by_report.setdefault(p.b.report, []).append(p)
    by_path = {r.path: r for r in reports}
    unit_years = {(unit_key(r.meta.unit), r.meta.year) for r in reports if unit_key(r.meta.unit)}
    model = embedder.name if embedder is not None else "none"
    template, first = common.templates(), common.first
    inputs = []
    for i, r in enumerate(reports):
        # one order whether a pair was found now or taken from the store
        mine = sorted(by_report.get(r.path, []), key=_pair_order)
        copies, sticky = counted_pairs(r, mine, by_path)
        has_previous = (unit_key(r.meta.unit), (r.meta.year or 0) - 1) in unit_years
        templates = [u.span for u, t in zip(pieces[i], template[first[i] : first[i + 1]],
                                            strict=True) if t]  # fmt: skip
        hits = boilerplate.hits(cache[r.path]["grams"])
        content = getattr(r, "sha1", None)  # a stored report: its content hash
        key = hashlib.sha1(repr((
            model, r.path, content, boilerplate.reliable, hits, templates, mine,
            [p in sticky for p in mine], has_previous,
        )).encode("utf-8")).hexdigest() if content else ""  # fmt: skip
        inputs.append((mine, copies, sticky, has_previous, templates, key))
    stored = scored.summaries([k for *_, k in inputs if k]) if scored is not None else {}
    need("own", [i for i in everyone if inputs[i][-1] not in stored])
    out: list[TextAnalysis] = []
    for i, r in enumerate(reports):
        mine, copies, sticky, has_previous, templates, key = inputs[i]
        if key in stored:
            digest, rows = stored[key]
            load = partial(scored.full, key)
            out.append(TextAnalysis(r, _from_summary(rows), tuple(mine), key, digest, load))
            tick("score", i + 1, len(reports))
            continue
        entry = cache[r.path]
        own = entry["own"]
        scores: list[Score] = []
        context = ScoreContext(embedder, boilerplate, entry["grams"], templates, copies, sticky,
                               has_previous, scores)  # fmt: skip
        for info in SCORES.values():  # in the registry's order
            if info.needs == "report":
                scores += [s for s in own if s.name == info.name]
            elif info.compute is not None:
                scores += info.compute(r, context)
        if scored is not None and key:
            scored.new[key] = tuple(scores)
        out.append(TextAnalysis(r, tuple(scores), tuple(mine), key, scores_digest(scores)))
        tick("score", i + 1, len(reports))
    return out


def own_features(report: Report, own: bool = True) -> dict[str, object]:
    """What depends on the report alone, as ``analyse`` caches it: word 4-grams, the pieces
    and units for copy detection and (``own``) the scores that need no sentence model.
    Computed where the report is read, in the worker processes."""
    units = units_of(report, 0)
    out: dict[str, object] = {
        "grams": sentence_grams(report),
        "pieces": [(u.template, u.span) for u in units],
        "units": [astuple(u)[1:] for u in units],
    }
    if own:
        out["own"] = own_scores(report)
    return out


def own_scores(report: Report, embedder=None) -> list[Score]:
    """The scores that depend on the report alone (and the sentence model), in the order of
    ``SCORES``."""
    context = ScoreContext(embedder=embedder)
    return [s for info in SCORES.values() if info.needs == "report" and info.compute
            for s in info.compute(report, context)]  # fmt: skip


def _pair_order(p: CopyPair) -> tuple:
    return (p.a.report, p.a.span, p.b.report, p.b.span, p.relation)


def counted_pairs(
    report: Report, pairs: Sequence[CopyPair], by_path: dict[str, Report]
) -> tuple[list[CopyPair], list[CopyPair]]:
    """Of a report's pairs, those its copied share and its stickiness count: suspected
    rewordings never, stickiness against the later report only."""
    copies = [p for p in pairs if p.relation == "copy" and p.kind != "suspected"]
    sticky = [p for p in pairs if p.relation == "stickiness" and p.kind != "suspected"
              and _is_earlier(by_path, p, report)]  # fmt: skip
    return copies, sticky


def _is_earlier(by_path: dict[str, Report], pair: CopyPair, report: Report) -> bool:
    """Stickiness counts against the later report only (it repeats the earlier one)."""
    other = by_path[pair.b.report if pair.a.report == report.path else pair.a.report]
    return (other.meta.year or 0) < (report.meta.year or 0)
