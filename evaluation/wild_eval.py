"""Assess a generated *wild* corpus (``evaluation.synth.generate_wild``) and score the run against
its ``truth.json``: reading of pages, exports and mirrors, and copy detection with templates,
stock phrases and stickiness planted around the copies.

Run: ``python -m evaluation.wild_eval [--n 200] [--seed 11] [--keep DIR] [-v]``. Without
``--keep`` the corpus and the store live in a temporary folder; with it, DIR/corpus, DIR/truth.json
(moved out of the corpus folder), DIR/store.sqlite and the outputs (DIR/out: index.html, pairs.html, the workbook)
stay. ``-v`` lists every miss with its file, what truth expects and what the tool said.

Metrics (printed as ``name = value  (hit/total)``):

- ``unit_accuracy``: ``unit_key(meta.unit)`` equals the key of the most complete name of the
  unit that the file's text shows (traditional files are compared after t2s). The generator
  names a unit as 县+乡/镇/街道 (+人民政府/办事处) in a ``full``/``county_short`` title, in
  发布机构/来源 or the signature when ``org`` is the full name, and in the contact stock
  sentence; elsewhere only by its short name (柳河镇, 柳河镇人民政府). So: when 县+short appears
  anywhere in the text, the full name is expected (柳河镇 is then wrong); when only the short name
  appears, the short name is right (unit_key makes 柳河镇 == 柳河镇人民政府); when neither
  appears, None.
- ``year_accuracy``, ``published_accuracy`` (truth ``published`` is None when the page shows no
  date: the tool must then say None).
- ``part_recall`` (truth parts present that the tool finds present), ``part_false`` (parts the tool
  finds present that truth does not list).
- ``table_cell_accuracy``: every truth cell of tables 二/三/四 that the page prints, value equal.
  Cells of truth ``ambiguous_cells`` are left out and counted in ``ambiguous_cells_not_guessed``
  (share where the tool gives no number — kind missing/blank/text/unreadable or no cell — or the
  true number, settled from the rest of the table: the generator judges a row on its own). Reports
  whose tables are images (truth ``tables_as_images``; truth's ``tables_readable`` is also false
  for a glued export with ambiguous rows, whose other cells are readable) count in
  ``table_cell_accuracy`` with every cell expected to give no number.
- ``non_reports_ranked`` (must be 0): truth non-reports among the reports (ranked, or references of other years);
  ``reports_not_ranked``: truth reports missing from ``assessed`` (-v: not_reports with
  kind_reason, duplicates, failed).
- Copying is what the auditor is shown as copying: ``result.pairs`` with both reports assessed
  and ``relation == "copy"`` (pairs.html rows other than 沿用往年, the workbook's 不同单位 rows,
  index.html's top pairs); no threshold is applied beyond the tool's own. Each such pair record
  is one row. ``copy_precision``: rows whose two files are a planted copy (either direction)
  and whose passages overlap the planted passage (a common run of ≥ 12 characters with the
  copied text in b or its source in a) — a row of a planted pair on other shared text (a
  template, a stock phrase) is a false positive — except between two townships of one county
  that print the same words (a common run of ≥ 12 characters): that is county text really
  shared, which the auditor must see as copy or template (the maintainers measure "shared county
  text found"), so it counts right, listed apart. ``copy_recall``: planted copies with at
  least one such row (the part is checked through the planted text, since a pair record
  carries no part). -v names what explains each false row: same unit (stickiness), the
  county template, stock phrases, the real reports' pool sentences, another planted copy.
- ``cross_county_false_pairs`` (must be 0): false copy rows between files of two counties.
- ``stickiness_as_copy`` (must be 0): copy rows between two reports of one truth unit.
- ``template_recall``: template member files whose filled-in template is marked as template
  (every sentence of it within boilerplate evidence labelled 模板句, ``scores.boilerplate``) and
  is in no copy row with another member of the same template.
- ``first_planted_copy_rank``: 1-based rank of the first correct row among the copy rows in the
  tool's order (pairs.html's order); ``planted_copies_in_top_k``: share of planted copies with a
  correct row among the first len(copies) copy rows.

Targets (exit 1 when missed): unit, year, part_recall, table_cell_accuracy ≥ 0.98; copy
precision and recall ≥ 0.95; non_reports_ranked = 0; cross_county_false_pairs = 0.

The corpus size matters: the generator writes part 一 from a pool of about 300 sentences of the
shipped real reports. At the design size (200 reports) a pool sentence is either drawn by five
or more units (common wording) or varied; at 40–100 reports the same real sentence, 50–120
characters verbatim, lands in two units of different counties — text no reader can tell from a
copied passage, which the truth calls chance. Measure at 200 or more.
"""

from __future__ import annotations

import argparse
import html
import re
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

from nianbao.segment.meta import unit_key

DEFAULT_N = 200
DEFAULT_SEED = 11
NO_NUMBER = frozenset({"missing", "text", "blank", "unreadable"})
OVERLAP = 12  # characters a pair's passage must share with a planted text to be that copy
FRAGMENT = 10  # shortest fixed fragment of a template / stock / pool sentence worth matching
TEMPLATE_MARK = "模板句"
TARGETS = {
    "unit_accuracy": 0.98,
    "year_accuracy": 0.98,
    "part_recall": 0.98,
    "table_cell_accuracy": 0.98,
    "copy_precision": 0.95,
    "copy_recall": 0.95,
}
MUST_BE_ZERO = ("non_reports_ranked", "cross_county_false_pairs")


@dataclass
class Score:
    hit: int = 0
    total: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, ok: bool, what: str = "") -> None:
        self.total += 1
        self.hit += bool(ok)
        if not ok and what:
            self.misses.append(what)

    @property
    def value(self) -> float:
        return self.hit / self.total if self.total else 1.0


def squash(text: str) -> str:
    return re.sub(r"\s+", "", html.unescape(text))


def common_run(a: str, b: str) -> int:
    """The longest run of characters a and b share."""
    if not a or not b:
        return 0
    m = SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    return m.size


def fragments(pattern: str, values: dict[str, str] | None = None) -> list[str]:
    """The fixed wording of a pattern: the text between placeholders not in ``values``."""
    values = values or {}
    filled = re.sub(r"\{(\w+)\}", lambda m: values.get(m.group(1), "\x00"), pattern)
    return [f for f in squash(filled).split("\x00") if len(f) >= FRAGMENT]


def template_values(pattern: str, text: str) -> dict[str, str]:
    """The placeholders' values in one filled-in text of ``pattern``."""
    seen: set[str] = set()

    def group(m: re.Match) -> str:
        name = m.group(1)
        if name in seen:
            return f"(?P={name})"
        seen.add(name)
        return f"(?P<{name}>.+?)"

    parts = re.split(r"(\{\w+\})", pattern)
    rx = "".join(
        group(re.match(r"\{(\w+)\}", p)) if p.startswith("{") else re.escape(p) for p in parts
    )
    m = re.fullmatch(rx, text)
    return m.groupdict() if m else {}


def longest_shared(a: str, b: str) -> str:
    m = SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    return a[m.a : m.a + m.size]


def _skeletons() -> list[list[str]]:
    """The fixed words of the generator's wordings of a unit's own facts (``_rare``, ``_LOCAL``)."""
    from evaluation import synth

    out = []
    for texts in (synth._GENERAL_FACTS, synth._CHECKS, synth._FINDINGS, synth._SECONDS, synth._FIXES,
                  synth._PLANS, list(synth._LOCAL.values())):  # fmt: skip
        for t in texts:
            out.append(sorted((x for x in re.split(r"\{\w+\}", t) if x), key=len, reverse=True))
    return out


def skeleton_only(shared: str) -> bool:
    """Whether a shared run is one skeleton's fixed words with short fillers (items, villages,
    numbers) between them: two units' own facts worded alike by the generator, not a copy."""
    shared = shared.strip("。，；")
    for frags in SKELETONS:
        rest = shared
        for fr in frags:
            rest = rest.replace(fr, "\x00")
        fixed = len(shared) - len(rest.replace("\x00", ""))
        if fixed >= 3 and all(len(x) <= 8 for x in rest.split("\x00")):
            return True
    return False


SKELETONS: list[list[str]] = []


def canonical(text: str) -> str:
    """Text with the generator's synonym swaps undone (both words of a pair read as the first)."""
    from evaluation import synth

    for a, b in synth._SYNONYMS + synth._NEAR_WORDS:
        text = text.replace(b, a)
    return text


def short_of(unit: str, county: str) -> str:
    return re.sub(r"(人民政府|办事处)$", "", unit).removeprefix(county)


# --- truth: what the page shows -------------------------------------------------------------


def expected_unit(truth_report: dict, text: str) -> tuple[str | None, str]:
    """unit_key of the most complete name of the unit the text shows (see the docstring), and
    where the text shows it first."""
    county = truth_report["county"]
    short = short_of(truth_report["unit"], county)
    body = squash(re.sub(r"<[^>]*>", " ", text))
    for name in (county + short, short):
        k = body.find(name)
        if k >= 0:
            return unit_key(name), body[max(0, k - 8) : k + len(name) + 8]
    return None, ""


def simplified(text: str) -> str:
    import opencc

    return opencc.OpenCC("t2s").convert(text)


# --- running the tool -----------------------------------------------------------------------


def run(corpus: Path, db: Path, out: Path | None, jobs: int | None):
    from nianbao.assess import assess

    result = assess(corpus, db=db, embeddings=False, jobs=jobs)
    if out is not None:
        from nianbao.render.outputs import write_outputs

        write_outputs(result, out, str(corpus), "models/rubric.yaml")
    return result


# --- the metrics ------------------------------------------------------------------------------


@dataclass
class Context:
    truth: dict
    corpus: Path
    result: object
    rel: dict[str, str]  # tool path → file relative to the corpus
    by_file: dict[str, object]  # truth file → Assessed
    truth_of: dict[str, dict]  # truth file → truth report


def rel_path(path: str, corpus: Path) -> str:
    p = Path(path)
    try:
        return p.resolve().relative_to(corpus.resolve()).as_posix()
    except ValueError:
        return p.as_posix()


def reading(ctx: Context, verbose: bool) -> dict[str, Score]:
    unit, year, published = Score(), Score(), Score()
    parts, parts_false = Score(), Score()
    cells, ambiguous = Score(), Score()
    for t in ctx.truth["reports"]:
        a = ctx.by_file.get(t["file"])
        if a is None:
            continue
        r = a.report
        f = t["file"]
        text = (ctx.corpus / f).read_text(encoding="utf-8")
        if t["traditional"]:
            text = simplified(text)
        want, shown = expected_unit(t, text)
        got = unit_key(r.meta.unit)
        ev = "; ".join(f"{w}:{v}" for k, w, v in r.meta.evidence if k == "unit")
        unit.add(
            got == want,
            f"{f} [{t['layout']}, title {t['title_form']}, org {t['org']}]: want {want!r} "
            f"(shown first in …{shown}…) got {got!r} (evidence {ev or 'none'})",
        )
        year.add(
            r.meta.year == t["year"], f"{f} [{t['layout']}]: want {t['year']} got {r.meta.year}"
        )
        if "published" in t:
            published.add(
                str(r.meta.published) == str(t["published"])
                if t["published"]
                else r.meta.published is None,
                f"{f} [{t['layout']}, meta {t.get('metadata_style')}, signature {t.get('signature')}]: "
                f"want {t['published']} got {r.meta.published}",
            )
        found = {p.id for p in r.parts if p.present}
        for pid in t["parts"]:
            parts.add(pid in found, f"{f} [{t['layout']}]: part {pid} not found")
        for pid in sorted(found):
            parts_false.add(pid in t["parts"], f"{f}: part {pid} found, truth has none")
        skip = set(t["ambiguous_cells"])
        images = t.get("tables_as_images", False)
        for tid, rows in t["tables"].items():
            table = r.table(tid)
            for row, cols in rows.items():
                for col, value in cols.items():
                    cell = table.cell(row, col) if table else None
                    no_number = cell is None or cell.kind in NO_NUMBER or cell.value is None
                    got = None if cell is None else f"{cell.raw!r}/{cell.kind}"
                    where = f"{f} [{t['layout']}] {tid}:{row}.{col}"
                    if f"{tid}:{row}.{col}" in skip:
                        # the generator calls a cell ambiguous when its row alone allows several
                        # cuts; the tool may still settle it from the rest of the table (表三's
                        # column sums) — the true number is then right, a wrong one never is
                        settled = (
                            cell is not None and not no_number and squash(cell.raw) == squash(value)
                        )
                        ambiguous.add(
                            no_number or settled,
                            f"{where}: ambiguous, want no number or {value!r}, got {got}",
                        )
                    elif images:
                        cells.add(
                            no_number, f"{where}: table is an image, want no number got {got}"
                        )
                    else:
                        ok = (
                            cell is not None
                            and cell.value is not None
                            and abs(cell.value - float(value)) < 1e-6
                        )
                        cells.add(ok, f"{where}: want {value} got {got}")
    return {
        "unit_accuracy": unit, "year_accuracy": year, "published_accuracy": published,
        "part_recall": parts, "part_false": parts_false, "table_cell_accuracy": cells,
        "ambiguous_cells_not_guessed": ambiguous,
    }  # fmt: skip


def ranking(ctx: Context) -> dict[str, Score]:
    res = ctx.result
    ranked = {ctx.rel[a.report.path] for a in res.everything}
    non = Score()
    for n in ctx.truth["non_reports"]:
        non.add(n["file"] not in ranked, f"{n['file']} ({n['what']}) is ranked")
    where: dict[str, str] = {}
    for e in res.not_reports:
        where[rel_path(e.path, ctx.corpus)] = f"not a report: {e.report.meta.kind_reason}"
    for e in res.duplicates:
        where[rel_path(e.path, ctx.corpus)] = (
            f"duplicate of {rel_path(e.duplicate_of or '', ctx.corpus)}"
        )
    for e in res.failed:
        where[rel_path(e.path, ctx.corpus)] = f"failed: {e.error}"
    missing = Score()
    for t in ctx.truth["reports"]:
        missing.add(
            t["file"] in ranked, f"{t['file']} [{t['layout']}]: {where.get(t['file'], 'not seen')}"
        )
    return {"non_reports_ranked": non, "reports_not_ranked": missing}


@dataclass
class Row:
    rank: int
    a: str
    b: str
    text_a: str
    text_b: str
    kind: str
    strength: int
    similarity: float
    copy: int | None = None  # index of the planted copy it is
    why: str = ""


def explain(
    ctx: Context, row: Row, stock_frags: list[str], pool_frags: list[str], copy_texts
) -> str:
    ta, tb = ctx.truth_of.get(row.a), ctx.truth_of.get(row.b)
    if ta and tb and ta["unit"] == tb["unit"]:
        return "same unit (stickiness)"
    text = row.text_a + row.text_b
    for tpl in ctx.truth["templates"]:
        if (
            row.a in tpl["files"]
            and row.b in tpl["files"]
            and any(fr in text for fr in tpl["_frags"])
        ):
            return f"county template {tpl['id']}"
    if any(fr in row.text_a and fr in row.text_b for fr in stock_frags):
        return "stock phrases"
    shared = longest_shared(row.text_a, row.text_b)
    if "政府信息公开工作" in shared and ("报告" in shared or "年度" in shared):
        return "the reports' titles"
    if len(shared) >= FRAGMENT and skeleton_only(shared):
        return "unit-fact skeleton shared by chance (generator's _rare/_LOCAL wording)"
    for k, (src, dst) in enumerate(copy_texts):
        both = src + "\x00" + dst
        if common_run(row.text_a, both) >= OVERLAP and common_run(row.text_b, both) >= OVERLAP:
            c = ctx.truth["copies"][k]
            return f"planted copy {c['a']} → {c['b']} (other pair)"
    ca, cb = canonical(row.text_a), canonical(row.text_b)
    if any(common_run(ca, p) >= OVERLAP and common_run(cb, p) >= OVERLAP for p in pool_frags):
        return "pool sentence (real reports' wording, shared by chance)"
    return "unexplained"


def copying(ctx: Context) -> tuple[dict[str, Score | float | int], list[str]]:
    res = ctx.result
    truth = ctx.truth
    ranked = {a.report.path for a in res.everything}
    SKELETONS[:] = _skeletons()
    for tpl in truth["templates"]:
        values = template_values(tpl["pattern"], tpl["text"])
        fixed = {k: v for k, v in values.items() if k not in ("short", "year", "n")}
        tpl["_frags"] = fragments(tpl["pattern"], fixed)
    stock_frags = [fr for s in truth["stock"] for v in s["variants"] for fr in fragments(v)]
    pool_frags = [
        canonical(squash(re.sub(r"\{\w+\}", "\x00", v))) for v in truth["pool_sentences"].values()
    ]
    copy_texts = [(squash(c["source_text"]), squash(c["text_simplified"])) for c in truth["copies"]]
    planted: dict[frozenset, list[int]] = defaultdict(list)
    for k, c in enumerate(truth["copies"]):
        planted[frozenset((c["a"], c["b"]))].append(k)
    rows: list[Row] = []
    for p in res.pairs:
        if p.a.report not in ranked or p.b.report not in ranked or p.relation != "copy":
            continue
        rows.append(Row(len(rows) + 1, ctx.rel[p.a.report], ctx.rel[p.b.report], squash(p.a.text),
                        squash(p.b.text), p.kind, p.strength, p.similarity))  # fmt: skip
    precision, recall = Score(), Score()
    cross, sticky = Score(), Score()
    found: dict[int, int] = {}  # planted copy → first rank
    county_rows: list[Row] = []
    lines: list[str] = []
    for row in rows:
        for k in planted.get(frozenset((row.a, row.b)), []):
            src, dst = copy_texts[k]
            both = src + "\x00" + dst
            if common_run(row.text_a, both) >= OVERLAP or common_run(row.text_b, both) >= OVERLAP:
                row.copy = k
                found.setdefault(k, row.rank)
                break
        ok = row.copy is not None
        ta, tb = ctx.truth_of.get(row.a), ctx.truth_of.get(row.b)
        same_county = bool(ta and tb and ta["county"] == tb["county"] and ta["unit"] != tb["unit"])
        if not ok:
            row.why = explain(ctx, row, stock_frags, pool_frags, copy_texts)
            # two townships of one county printing the same words share county text (the
            # generator drew it for both): to be found as copy or template, as the maintainers
            # measure "shared county text found" — never a false row
            if same_county and common_run(row.text_a, row.text_b) >= OVERLAP:
                ok = True
                county_rows.append(row)
        desc = (f"#{row.rank} {row.a} ~ {row.b} [{row.kind}, strength {row.strength}, "
                f"sim {row.similarity:.3f}]: {row.why}"
                f"\n      a: {row.text_a[:90]}\n      b: {row.text_b[:90]}")  # fmt: skip
        precision.add(ok, desc)
        if ta and tb and ta["county"] != tb["county"]:
            cross.add(ok, desc)
        if ta and tb:
            sticky.add(ta["unit"] != tb["unit"], desc)
    for k, c in enumerate(truth["copies"]):
        near = [r for r in rows if frozenset((r.a, r.b)) == frozenset((c["a"], c["b"]))]
        got = (
            f"{len(near)} rows of this file pair on other text"
            if near
            else "no row for this file pair"
        )
        recall.add(k in found, f"{c['a']} → {c['b']} [{c['kind']}, {c['part']}, "
                                f"{'cross-county' if c['cross_county'] else 'same county'}]: {got}\n"
                                f"      {c['text_simplified'][:90]}")  # fmt: skip
    # templates: each member's filled-in template marked as template, in no copy row of members
    template = Score()
    by_file_rows: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        by_file_rows[row.a].append(row)
        by_file_rows[row.b].append(row)
    for tpl in truth["templates"]:
        members = set(tpl["files"])
        for f in tpl["files"]:
            a = ctx.by_file.get(f)
            if a is None:
                template.add(False, f"{f} ({tpl['id']}): not ranked")
                continue
            marked = [squash(e.quote) for s in a.analysis.scores if s.name == "boilerplate_share"
                      for e in s.evidence
                      if e.label == "boilerplate" and (e.ref or "").startswith(TEMPLATE_MARK)]  # fmt: skip
            # a fragment may run over two marked sentences (the template's first and second)
            joined = "".join(marked)
            unmarked = [fr for fr in tpl["_frags"] if fr not in joined]
            copied = [r for r in by_file_rows[f] if {r.a, r.b} <= members
                      and any(fr in r.text_a + r.text_b for fr in tpl["_frags"])]  # fmt: skip
            what = []
            if unmarked:
                what.append("not marked as template: " + " | ".join(x[:24] for x in unmarked))
            if copied:
                what.append(f"in {len(copied)} copy rows with other members (#{copied[0].rank})")
            before = tpl["before_one"][tpl["files"].index(f)]
            template.add(
                not what,
                f"{f} ({tpl['id']}, {'before 一' if before else 'in 一'}): {'; '.join(what)}",
            )
    k = len(truth["copies"])
    first = min(found.values()) if found else 0
    in_top = sum(1 for r in found.values() if r <= k)
    metrics: dict[str, Score | float | int] = {
        "copy_precision": precision, "copy_recall": recall, "cross_county_false_pairs": cross,
        "stickiness_as_copy": sticky, "template_recall": template,
        "first_planted_copy_rank": first, "planted_copies_in_top_k": Score(in_top, k),
    }  # fmt: skip
    county = {id(r) for r in county_rows}
    why = Counter(r.why for r in rows if r.copy is None and id(r) not in county)
    lines.append(f"copy rows = {len(rows)}, planted = {sum(r.copy is not None for r in rows)}, "
                 f"county text shared by townships of one county = {len(county_rows)} "
                 f"({dict(Counter(r.why for r in county_rows).most_common())}), "
                 f"false by reason: {dict(why.most_common())}")  # fmt: skip
    return metrics, lines


def evaluate(truth: dict, corpus: Path, result, verbose: bool) -> tuple[dict, list[str]]:
    rel = {}
    for a in result.everything:  # every year's reports: reading and copies of all of them
        rel[a.report.path] = rel_path(a.report.path, corpus)
    by_file = {rel[a.report.path]: a for a in result.everything}
    ctx = Context(truth, corpus, result, rel, by_file, {t["file"]: t for t in truth["reports"]})
    metrics: dict = {}
    metrics.update(reading(ctx, verbose))
    metrics.update(ranking(ctx))
    more, lines = copying(ctx)
    metrics.update(more)
    return metrics, lines


COUNTS = {  # metrics printed as a count of misses, of what
    "part_false": "parts found",
    "non_reports_ranked": "non-reports",
    "reports_not_ranked": "reports",
    "cross_county_false_pairs": "cross-county copy rows",
    "stickiness_as_copy": "copy rows",
}


def show(name: str, value) -> str:
    if isinstance(value, Score):
        if name in COUNTS:  # counts of misses
            return f"{name} = {value.total - value.hit}  (of {value.total} {COUNTS[name]})"
        return f"{name} = {value.value:.4f}  ({value.hit}/{value.total})"
    return f"{name} = {value}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=DEFAULT_N, help="reports in the corpus")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument(
        "--keep", type=Path, default=None, help="keep corpus, store and outputs here"
    )
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)
    from evaluation.synth import generate_wild

    with tempfile.TemporaryDirectory(prefix="wild_eval_") as tmp:
        base = args.keep or Path(tmp)
        base.mkdir(parents=True, exist_ok=True)
        corpus, db = base / "corpus", base / "store.sqlite"
        t0 = time.perf_counter()
        truth = generate_wild(args.n, args.seed, corpus)
        # a fresh store each run: a kept store of another corpus must not answer for this one
        for stale in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
            stale.unlink(missing_ok=True)
        truth_file = corpus / "truth.json"
        hidden = base / "truth.json"  # not a report: out of the folder the tool reads
        hidden.write_text(truth_file.read_text(encoding="utf-8"), encoding="utf-8")
        truth_file.unlink()
        t1 = time.perf_counter()
        result = run(corpus, db, base / "out" if args.keep else None, args.jobs)
        t2 = time.perf_counter()
        metrics, lines = evaluate(truth, corpus, result, args.verbose)
    print(f"corpus: {len(truth['reports'])} reports, {len(truth['non_reports'])} not reports, "
          f"{len(truth['copies'])} copies, {len(truth['templates'])} templates, "
          f"{len(truth['stickiness'])} stickiness (seed {args.seed}); "
          f"generated in {t1 - t0:.1f}s, assessed in {t2 - t1:.1f}s")  # fmt: skip
    for line in lines:
        print(line)
    if args.verbose:
        for name, value in metrics.items():
            if isinstance(value, Score) and value.misses:
                print(f"--- {name}: {len(value.misses)} misses")
                for m in value.misses:
                    print("  " + m)
    for name, value in metrics.items():
        print(show(name, value))
    failed = [k for k, v in TARGETS.items() if metrics[k].value < v]
    failed += [k for k in MUST_BE_ZERO if metrics[k].hit != metrics[k].total]  # counts of misses
    print("targets met" if not failed else "below target: " + ", ".join(failed))
    return 0 if not failed else 1


if __name__ == "__main__":
    sys.exit(main())
