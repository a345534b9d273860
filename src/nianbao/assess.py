"""The main job: a folder of reports → store → checks + narrative scores + rubric → outputs.

Reading is cached by file hash in the store and runs in parallel on all cores; each report is
committed as soon as it is read, so an interrupted run resumes where it stopped. Copy
detection compares only report pairs that involve a new or changed report; the rest comes
from the store.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass, field
from functools import partial
from itertools import islice
from pathlib import Path

from nianbao.corpus.store import Entry, Store, cached_entry, file_sha1
from nianbao.errors import LimitExceeded, MissingDependency, NianbaoError
from nianbao.io import SUPPORTED, UNREAD
from nianbao.io.folder import Skipped, scan
from nianbao.io.limits import check_file_size, time_budget
from nianbao.io.names import path_key, short_name, visible
from nianbao.records import CopyPair, Finding, Report
from nianbao.rubric import Criterion, Points, evaluate, load_rubric
from nianbao.segment.kind import NOT_REPORT
from nianbao.segment.meta import county_of, unit_key
from nianbao.stages import STAGES, version
from nianbao.workers import IN_FLIGHT, Reader, can_fork, in_pool

# stored results are keyed by the version of the stage that computes them (``stages``)
COPY_VERSION = f"copies:{version('copies')}"


# cache kinds of what depends on one report alone (``scores.own_features``), by content hash
def _own_kind(model: str) -> str:
    """The cache kind of a report's own scores, computed with ``model`` (or "none")."""
    return f"own:{version('features')}:{model}"


FEATURES = {k: f"{k}:{version('features')}" for k in ("grams", "pieces", "units")}
FEATURES["own"] = _own_kind("none")
FINDINGS = f"findings:{version('checks')}"
SCORES = f"scores:{version('scores')}"
COMMON = f"common-grams:{version('features')}"

# (stage, done, total, item: what is being worked on, for the display) → None
Progress = Callable[..., None]


@dataclass
class Assessed:
    report: Report
    findings: tuple[Finding, ...]
    analysis: object  # scores.TextAnalysis
    points: list[Points]
    previous: Report | None
    county: str = ""  # from the unit's name, else the sub-folder it is filed in
    rank_change: str = ""  # against the year before, same rubric: ↑3, ↓2, 持平, 新
    # the auditor's word on its copy pairs (``review``), by the pair's two passages
    pair_reviews: dict[tuple, str] = field(default_factory=dict)

    @property
    def total(self) -> float:
        return round(sum(p.points for p in self.points), 1)

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == "error")

    def score(self, name: str) -> float | None:
        return self.analysis.value(name)


@dataclass
class AssessResult:
    assessed: list[Assessed]  # the reports of the assessment year, ranked (best first)
    failed: list[Entry]
    duplicates: list[Entry]
    not_reports: list[Entry]  # read, but not reports (minutes, notes, the blank template …)
    pairs: list[CopyPair]
    rubric: tuple[Criterion, ...]
    parsed: int = 0  # reports read in this run (the rest came from the store)
    timings: dict[str, float] = field(default_factory=dict)
    slugs: dict[str, str] = field(default_factory=dict)  # report path → its pages' file name
    skipped: list[Skipped] = field(default_factory=list)  # files of the folder left unread
    notices: list[str] = field(default_factory=list)  # what the run did that the user must know
    year: int | None = None  # the assessment year (None: no report says its year)
    # reports of other years (or none said): references for the cross-year checks and
    # stickiness, with their pages, never ranked
    references: list[Assessed] = field(default_factory=list)

    @property
    def everything(self) -> list[Assessed]:
        """The ranked reports, then the references."""
        return [*self.assessed, *self.references]

    @property
    def year_pairs(self) -> list[CopyPair]:
        """The pairs of the assessment year: a ranked report with another report, or with its
        own report of the year before."""
        known = {a.report.path for a in self.everything}
        ranked = {a.report.path for a in self.assessed}
        return [p for p in self.pairs if p.a.report in known and p.b.report in known
                and (p.a.report in ranked or p.b.report in ranked)]  # fmt: skip


Read = tuple[str, Report | None, str | None, dict[str, object]]


def _read(path: str, own: bool = False) -> Read:
    """A report and what depends on it alone (see ``scores.own_features``; ``own``: its own
    scores too, when no sentence model is used), or the error that stopped it. The file is
    named as nianbao shows it (``names.path_key``)."""
    from nianbao.report import read_report

    key = path_key(path)
    try:
        with time_budget(key):  # reading and the report's own scores
            report = read_report(path)
            try:
                from nianbao.scores import own_features

                features = own_features(report, own)
            except MissingDependency:  # not the file's fault: the run names what to install
                features = {}
        return key, report, None, features
    except NianbaoError as exc:
        return key, None, str(exc), {}
    except Exception as exc:  # a bug must not stop the run: the file is listed with its error
        return key, None, f"{key}: 内部错误 (internal error): {type(exc).__name__}: {exc}", {}


def read_all(
    folder: Path,
    paths: list[Path],
    store: Store,
    jobs: int,
    tick: Progress,
    client=None,
    own: bool = False,
    meanwhile: Callable[[dict[str, str]], object] = lambda known: None,
    reader: Reader | None = None,
) -> int:
    """Read what is new or changed of ``paths`` (the files of ``folder``) into the store, on
    the Dask cluster of ``client`` if given; ``own``: with the reports' own scores (only when
    no sentence model is used: workers do not load one). ``meanwhile(known)``, if there is anything to read,
    runs once the reading has started elsewhere (or before it starts here), with what the
    store held (path → sha1): work that needs none of the new reports. ``reader``: the run's
    ``Reader``, used for a few new reports."""
    known = store.known()
    todo: list[tuple[str, str, int]] = []
    real: dict[str, str] = {}  # the name shown and stored → the file's own name
    listed = 0  # files listed with their error without being read
    for p in paths:
        key = path_key(p)
        try:
            info = p.stat()
        except OSError:  # gone since the folder was scanned
            continue
        real[key], size = str(p), info.st_size
        try:
            check_file_size(key, size)  # before hashing: it may be a 60 GB sparse file
            sha = file_sha1(p)
        except LimitExceeded as exc:
            sha = f"size:{size}:{info.st_mtime_ns}"
            if known.get(key) != sha:
                store.put_error(key, sha, size, str(exc))
                listed += 1
            continue
        except OSError as exc:  # no permission to read it, say: listed, the rest goes on
            error = NianbaoError(
                key, f"无法读取这个文件（{exc.strerror}）", "检查文件权限后重新运行"
            )
            store.put_error(key, f"unreadable:{size}", size, str(error))
            listed += 1
            continue
        if known.get(key) != sha:
            todo.append((key, sha, size))
    root = path_key(folder)
    gone = [
        p for p in known if (p == root or p.startswith(root.rstrip("/") + "/")) and p not in real
    ]  # fmt: skip
    store.forget(gone)
    if reader is not None and (client is not None or not 0 < len(todo) <= jobs):
        reader.close()  # not needed
    if not todo:
        return listed
    meta = {p: (sha, size) for p, sha, size in todo}
    names = [real[p] for p, _, _ in todo]
    if client is not None:
        results = _read_with_dask(names, client, own)
    elif reader is not None and reader.running:
        results = reader.read(names)
    elif jobs <= 1 or len(todo) == 1:  # no worker to start for one report
        results = (_read(p, own) for p in names)
    else:
        results = in_pool(partial(_read, own=own), names, jobs)
        next(results)  # the workers start now
    meanwhile(known)
    done = 0
    for result in results:  # each report is committed as soon as it is read
        _commit(store, *result, meta)
        done += 1
        tick("read", done, len(todo), Path(result[0]).name)
    return done + listed


def _get_ready() -> None:
    """What reading a report in the default pipeline imports and loads, done in advance."""
    import nianbao.report  # noqa: F401

    try:
        from nianbao.text.nlp import pipeline

        pipeline()
    except Exception:  # reading reports the error, with its file, when it matters
        pass


@contextmanager
def dask_client(jobs: int, scheduler: str | None) -> Iterator:
    """A client of the Dask cluster at ``scheduler`` (its workers must see the files at the
    same paths), or of a local one of ``jobs`` worker processes started for the run."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise MissingDependency(
            None, "--engine dask 需要 dask.distributed", "pip install 'nianbao[dask]'"
        ) from exc
    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True,
                               dashboard_address=None)  # fmt: skip
        client = Client(cluster)
    try:
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _read_with_dask(paths: list[str], client, own: bool) -> Iterator[Read]:
    """Reading mapped over the cluster's workers, a window of reports in flight."""
    from distributed import as_completed as completed

    todo = iter(paths)
    window = IN_FLIGHT * max(1, len(client.scheduler_info()["workers"]))
    running = completed(client.map(_read, list(islice(todo, window)), own=own, pure=False))
    for future in running:
        result = future.result()
        future.release()  # the result leaves the cluster once committed
        running.update(client.map(_read, list(islice(todo, 1)), own=own, pure=False))
        yield result


def _commit(
    store: Store, path: str, report: Report | None, error: str | None, features, meta
) -> None:
    sha, size = meta[path]
    if report is not None:
        store.put_report(path, sha, size, report)
        store.put_cached_many({FEATURES[k]: {sha: v} for k, v in features.items()})
    else:
        store.put_error(path, sha, size, error or "未知错误")


def assess(
    folder: str | Path,
    *,
    db: str | Path,
    jobs: int | None = None,
    rubric: str | Path | None = None,
    model: str | None = None,
    embeddings: bool = True,
    progress: Progress | None = None,
    wait: float = 600.0,
    engine: str = "local",
    scheduler: str | None = None,
    exclude: Sequence[Path] = (),
    year: int | None = None,
) -> AssessResult:
    import time

    folder = Path(folder)
    if not folder.exists():
        raise NianbaoError(folder, "文件夹不存在 (folder not found)")
    jobs = jobs or os.cpu_count() or 1
    # first thing, so that it is ready when the run knows what is new
    reader = (Reader(partial(_read, own=not embeddings), _get_ready)
              if engine == "local" and jobs > 1 and can_fork() else None)  # fmt: skip
    with ExitStack() as starting:  # closes the reader if the run cannot start
        if reader is not None:
            starting.callback(reader.close)
        criteria = load_rubric(rubric)
        store = Store(db, wait=wait)
        store.drop_stale({version(name) for name in STAGES}, COPY_VERSION)
        running = starting.pop_all()  # the reader, the Dask client (reading, corpus-wide steps)
    try:
        from nianbao.checks import run_checks
        from nianbao.checks.pairs import previous_reports
        from nianbao.corpus.engine import LOCAL, DaskShuffle
        from nianbao.scores import Incremental, ScoreCache, analyse, summary

        tick = progress or (lambda stage, done, total, item="": None)
        timings: dict[str, float] = {}
        client = running.enter_context(dask_client(jobs, scheduler)) if engine == "dask" else None
        embedder = None
        if embeddings:
            from nianbao.embed import Embedder

            embedder = Embedder(model, cache=store.path)
        prefetched: dict[str, dict[str, object]] = {}  # kind → sha → feature, of stored reports

        def meanwhile(known: dict[str, str]) -> None:  # while new reports are read
            for kind in ("grams", "pieces"):
                prefetched[kind] = store.cached(FEATURES[kind], list(known.values()))
            if embedder is not None:  # new reports' sentences need the model: it loads now
                with suppress(NianbaoError):  # or says what is missing when they need it
                    embedder.model  # noqa: B018

        t0 = time.perf_counter()
        paths, skipped = scan(folder, SUPPORTED, exclude, UNREAD)
        parsed = read_all(folder, paths, store, jobs, tick, client, own=not embeddings,
                          meanwhile=meanwhile, reader=reader)  # fmt: skip
        timings["read"] = time.perf_counter() - t0
        root = path_key(folder)
        entries = [
            e for e in store.entries(lazy=True)
            if e.path == root or e.path.startswith(root.rstrip("/") + "/")
        ]  # fmt: skip
        # only reports are scored and ranked (nor do other files count among the writers of
        # the common wording); the rest are listed with their reason
        not_reports = [e for e in entries
                       if e.status == "ok" and e.report.meta.kind == NOT_REPORT]  # fmt: skip
        ok = [e for e in entries if e.status == "ok" and e.report.meta.kind != NOT_REPORT]
        reports = [e.report for e in ok]
        sha_of = {e.path: e.sha1 for e in ok}
        index_of = {e.sha1: i for i, e in enumerate(ok)}
        # copy pairs of unchanged report pairs come from the store
        path_of = {e.sha1: e.path for e in ok}
        known: dict[tuple[int, int], list[CopyPair]] = {}
        for (a, b), pairs in store.pairs(COPY_VERSION, path_of).items():
            i, j = sorted((index_of[a], index_of[b]))
            known[(i, j)] = pairs
        compared = store.compared(COPY_VERSION)
        incremental = Incremental(
            fresh={i for i, e in enumerate(ok) if e.sha1 not in compared},
            known=known,
            common=store.cached(COMMON).get(root),
        )
        t0 = time.perf_counter()
        # what depends on one report alone, by content hash (see ``analyse``): what every
        # report needs now, the rest when a report needs it
        kinds = {**FEATURES, "own": _own_kind(embedder.name if embedder else "none")}
        loaded: set[tuple[str, str]] = set()

        def fetch(kind: str, paths: list[str]) -> dict[str, object]:
            got = store.cached(kinds[kind], [sha_of[p] for p in paths])
            loaded.update((kind, path_of[s]) for s in got)
            return {path_of[s]: v for s, v in got.items()}

        cache: dict[str, dict] = {e.path: {} for e in ok}
        for kind in ("grams", "pieces"):
            have = prefetched.get(kind, {})
            for e in ok:
                if e.sha1 in have:
                    cache[e.path][kind] = have[e.sha1]
                    loaded.add((kind, e.path))
            missing = [e.path for e in ok if e.sha1 not in have]
            for path, value in fetch(kind, missing).items():
                cache[path][kind] = value
        prefetched.clear()
        scores_kind = f"{SCORES}:{kinds['own']}"
        scored = ScoreCache(
            summaries=lambda keys: store.cached(f"summary:{scores_kind}", keys),
            full=partial(cached_entry, str(store.path.resolve()), scores_kind),
        )
        analyses = analyse(reports, embedder, progress=tick, incremental=incremental, cache=cache,
                           fetch=fetch, scored=scored,
                           engine=DaskShuffle(client) if client is not None else LOCAL)  # fmt: skip
        computed = {  # the features this run computed rather than loaded
            kinds[k]: {sha_of[p]: c[k] for p, c in cache.items() if k in c and (k, p) not in loaded}
            for k in kinds
        }
        computed[scores_kind] = scored.new
        computed[f"summary:{scores_kind}"] = {k: summary(v) for k, v in scored.new.items()}
        store.put_cached_many(computed)
        store.put_pairs(
            COPY_VERSION,
            {(sha_of[reports[i].path], sha_of[reports[j].path]): v
             for (i, j), v in incremental.computed.items()},
            [e.sha1 for e in ok],
            sha_of,
        )  # fmt: skip
        store.put_cached(COMMON, {root: incremental.common})
        timings["text"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        previous = previous_reports(reports)

        def findings_key(r: Report) -> str:  # the report's and its previous year's hash
            prev = previous.get(id(r))
            return f"{sha_of[r.path]}:{sha_of[prev.path] if prev else ''}"

        findings_of = store.cached(FINDINGS, [findings_key(r) for r in reports])
        new: dict[str, tuple[Finding, ...]] = {}
        assessed: list[Assessed] = []
        for k, (r, a) in enumerate(zip(reports, analyses, strict=True), start=1):
            prev = previous.get(id(r))
            key = findings_key(r)
            if key not in findings_of:
                findings_of[key] = new[key] = run_checks(r, prev)
            points = evaluate(criteria, list(findings_of[key]), list(a.summary))
            assessed.append(Assessed(r, findings_of[key], a, points, prev))
            tick("checks", k, len(reports), r.meta.unit or Path(r.path).name)
        store.put_cached(FINDINGS, new)
        timings["checks"] = time.perf_counter() - t0
        pairs = _unique_pairs(analyses)
    finally:
        running.close()
        store.close()
    notices = [store.notice] if store.notice else []
    for a in assessed:
        a.county = county_of(a.report.meta.unit) or _folder_county(a.report.path, root)
    assessed, references, chosen = _by_year(assessed, year, notices)
    result = AssessResult(
        assessed=assessed,
        references=references,
        year=chosen,
        failed=[e for e in entries if e.status == "error"],
        duplicates=[e for e in entries if e.status == "duplicate"],
        not_reports=not_reports,
        pairs=pairs,
        rubric=criteria,
        parsed=parsed,
        timings=timings,
        slugs=unique_slugs([a.report for a in (*assessed, *references)]),
        skipped=skipped,
        notices=notices,
    )
    rank(result)
    return result


@dataclass(frozen=True)
class CountySummary:
    county: str  # "" where neither the names nor the folders say it
    reports: int
    mean_total: float
    errors: int
    pairs_within: int  # copy pairs between two of its units
    pairs_across: int  # copy pairs between one of its units and a unit of another county


def county_summary(result: AssessResult) -> list[CountySummary]:
    """Per county, the assessment year's reports: how many, their mean total, their errors,
    and the copy pairs within the county and across its border. None where no report says
    its county."""
    county = {a.report.path: a.county for a in result.assessed}
    within: Counter[str] = Counter()
    across: Counter[str] = Counter()
    for p in result.pairs:
        if p.relation != "copy" or p.kind == "suspected":
            continue
        ca, cb = county.get(p.a.report), county.get(p.b.report)
        if ca is None or cb is None:
            continue
        if ca == cb:
            within[ca] += 1
        else:
            across[ca] += 1
            across[cb] += 1
    groups: dict[str, list[Assessed]] = {}
    for a in result.assessed:
        groups.setdefault(a.county, []).append(a)
    if set(groups) <= {""}:
        return []
    return [
        CountySummary(
            c,
            len(g),
            round(sum(a.total for a in g) / len(g), 1),
            sum(a.errors for a in g),
            within[c],
            across[c],
        )
        for c, g in sorted(groups.items(), key=lambda kv: (kv[0] == "", kv[0]))
    ]


_YEAR_FOLDER = re.compile(r"^(?:19|20)\d\d\s*(?:年度?)?$")
_COUNTY_FOLDER = re.compile(r"[县区旗]$|市$")


def _folder_county(path: str, root: str) -> str:
    """The sub-folder of the assessed folder a report is filed in, counties as folders: a
    folder named like a county (…县, …区, …旗, …市) where there is one, else the first that
    is not a year (2024/海原县/… and 海原县/2024/… alike)."""
    inside = Path(path).relative_to(root).parts[:-1] if path.startswith(root) else ()
    folders = [f for f in inside if not _YEAR_FOLDER.match(f)]
    named = [f for f in folders if _COUNTY_FOLDER.search(f)]
    return (named or folders or [""])[-1 if named else 0]


def _by_year(
    assessed: list[Assessed], year: int | None, notices: list[str]
) -> tuple[list[Assessed], list[Assessed], int | None]:
    """The assessment year's reports, the others as references, and the year: the one asked
    for, else the latest year with at least half as many reports as the commonest (a stray
    file of a later year, or a year misread, does not take the ranking)."""
    counts = Counter(a.report.meta.year for a in assessed if a.report.meta.year)
    years = sorted(counts)
    if year is not None and year not in years:
        found = "、".join(map(str, years)) or "没有"
        raise NianbaoError(None, f"没有 {year} 年度的年报（找到的年度：{found}）",
                           "用 --year 指定其中一个年度")  # fmt: skip
    if year is None and years:
        year = max(y for y in years if 2 * counts[y] >= max(counts.values()))
        if len(years) > 1:
            notices.append(
                f"未指定 --year：评估 {year} 年（报告较多的最近年度，{counts[year]} 份）；"
                "其他年度的年报只作参照，不排名；用 --year 指定其他年度"
            )
    if year is None:  # no report says its year: all of them are one assessment
        ranked, references = assessed, []
    else:
        ranked = [a for a in assessed if a.report.meta.year == year]
        references = [a for a in assessed if a.report.meta.year != year]
    return ranked, references, year


def rank(result: AssessResult) -> None:
    """The year's reports in rank order, the references by year, and each ranked report's
    change of rank against the year before (its reports ranked by the same rubric here)."""

    def order(a: Assessed) -> tuple:
        return (-a.total, a.report.path)

    result.assessed.sort(key=order)
    result.references.sort(key=lambda a: (-(a.report.meta.year or 0), *order(a)))
    year = result.year
    before = sorted((a for a in result.references if year and a.report.meta.year == year - 1),
                    key=order)  # fmt: skip
    if not before:
        return
    rank_before: dict[str, int] = {}
    for k, a in enumerate(before, start=1):
        rank_before.setdefault(unit_key(a.report.meta.unit) or a.report.path, k)
    for k, a in enumerate(result.assessed, start=1):
        then = rank_before.get(unit_key(a.report.meta.unit) or "")
        a.rank_change = ("新" if then is None else "持平" if then == k
                         else f"↑{then - k}" if then > k else f"↓{k - then}")  # fmt: skip


def _unique_pairs(analyses) -> list[CopyPair]:
    seen: set = set()
    out: list[CopyPair] = []
    for a in analyses:
        for p in a.pairs:
            key = (p.a.report, p.a.span, p.b.report, p.b.span)
            if key not in seen:
                seen.add(key)
                out.append(p)
    # the strongest evidence first: most rare wording shared, then the closest
    return sorted(out, key=lambda p: (-p.strength, -p.similarity, p.a.report, p.a.span,
                                      p.b.report, p.b.span))  # fmt: skip


_RESERVED = re.compile(r"(?i)^(con|prn|aux|nul|com\d|lpt\d)(\.|$)")  # Windows device names


def slug(report: Report) -> str:
    """A safe file name for a report's page: unit-year, no path characters, no device name,
    nothing invisible or reordering, short enough for any file system."""
    unit = report.meta.unit or Path(report.path).stem
    name = visible(f"{unit}-{report.meta.year or '未知年度'}")
    name = re.sub(r"[\\/:*?\"<>|#%&\s]+", "_", name).strip("._ ") or "report"
    if _RESERVED.match(name):
        name = "_" + name
    return short_name(name, 100).strip("._ ") or "report"


def unique_slugs(reports: list[Report]) -> dict[str, str]:
    """path → slug, with -2, -3 … where reports of one unit and year share a name."""
    out: dict[str, str] = {}
    taken: set[str] = set()
    for r in sorted(reports, key=lambda r: r.path):
        base = name = slug(r)
        k = 1
        while name.lower() in taken:
            k += 1
            name = f"{base}-{k}"
        taken.add(name.lower())
        out[r.path] = name
    return out
