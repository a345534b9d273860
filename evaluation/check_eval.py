"""Mutation harness for the checks.

From every gold report it makes mutated copies — a table cell changed, a cell blanked or
given "/", a narrative number changed, a part deleted, the fee statement removed, the
reporting period's year changed, a carry-over broken consistently inside one table — runs
every check, and counts a mutation as caught when a finding of the rule that owns that kind
of error appears (one that the unmutated report did not have). It also compares the
unmutated reports' findings with the gold findings in ``evaluation/gold/``.

Prints ``mutation_recall``, ``false_alarms`` (error/warning findings on unmutated reports
that the gold does not list) and ``gold_findings_recall``; exits 1 below target
(recall ≥ 0.99 over ≥ 1,000 mutations, no false alarm, gold recall 1.0).
Run: ``python -m evaluation.check_eval [--per-kind N] [--seed S] [-v]``.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from nianbao.checks import run_checks
from nianbao.checks.pairs import previous_reports
from nianbao.records import Finding, RawDocument, RawTable, Report
from nianbao.report import build_report, read_report
from nianbao.segment.parts import PART_IDS

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "evaluation" / "gold"
CORPUS = ROOT / "corpora"


@dataclass(frozen=True)
class Mutation:
    kind: str
    description: str
    raw: RawDocument
    expected: frozenset[str]  # rules, any of which catches it


def edit(raw: RawDocument, start: int, end: int, new: str) -> RawDocument:
    """Replace source text [start, end) and move the readers' table spans with it."""
    delta = len(new) - (end - start)

    def move(span):
        if span is None:
            return None
        s, e = span
        if s >= end:
            return (s + delta, e + delta)
        if e <= start:
            return span
        return (s, max(s, e + delta))

    tables = tuple(
        RawTable(t.rows, tuple(tuple(move(sp) for sp in row) for row in t.spans), t.page, t.bbox)
        for t in raw.raw_tables
    )
    return replace(raw, text=raw.text[:start] + new + raw.text[end:], raw_tables=tables)


def _bumped(text: str, rng: random.Random) -> str:
    """Another number of the same length (so nothing else moves)."""
    digits = [i for i, ch in enumerate(text) if ch.isdigit()]
    i = digits[-1]
    new = str((int(text[i]) + rng.randint(1, 9)) % 10)
    return text[:i] + new + text[i + 1 :]


def _cell_source(report: Report, cell) -> tuple[int, int]:
    return report.document.to_source(cell.span)


def table_mutations(report: Report, rng: random.Random, per_kind: int) -> Iterator[Mutation]:
    raw = report.document.raw
    # a blanked value in a space-separated layout leaves the row without values: the row is
    # then missing, which the rows rule reports
    owners = {
        "table2": frozenset({"t2.numeric", "t2.rows"}),
        "table3": frozenset({"t3.cells", "t3.rows"}),
        "table4": frozenset({"t4.cells"}),
    }
    arithmetic = {
        "table3": frozenset({"t3.identity", "t3.result_total", "t3.row_total", "text.vs_t3"}),
        "table4": frozenset({"t4.total", "text.vs_t4"}),
    }
    for table in report.tables:
        numbers = [
            c for c in table.cells if c.kind == "number" and c.span and c.span[1] > c.span[0]
        ]
        if table.id in arithmetic:
            for cell in rng.sample(numbers, min(per_kind, len(numbers))):
                s, e = _cell_source(report, cell)
                new = _bumped(raw.text[s:e], rng)
                yield Mutation(
                    f"{table.id}_cell_changed",
                    f"{table.id}.{cell.row}.{cell.col}: {raw.text[s:e]} → {new}",
                    edit(raw, s, e, new),
                    arithmetic[table.id],
                )
        for cell in rng.sample(numbers, min(per_kind // 2 or 1, len(numbers))):
            s, e = _cell_source(report, cell)
            yield Mutation(
                "cell_blanked",
                f"{table.id}.{cell.row}.{cell.col}: {raw.text[s:e]} → blank",
                edit(raw, s, e, " " * (e - s)),
                owners[table.id],
            )
        for cell in rng.sample(numbers, min(max(1, per_kind // 5), len(numbers))):
            s, e = _cell_source(report, cell)
            yield Mutation(
                "cell_slash",
                f"{table.id}.{cell.row}.{cell.col}: {raw.text[s:e]} → /",
                edit(raw, s, e, "/" + " " * (e - s - 1)),
                owners[table.id],
            )


_NARRATIVE = (
    (
        re.compile(r"(?:收到|受理|新收)[^。；，,\n]{0,16}?申请\s*(\d+)\s*件"),
        frozenset({"text.vs_t3"}),
    ),
    (re.compile(r"行政复议\s*(\d+)\s*件"), frozenset({"text.vs_t4"})),
    (re.compile(r"现行有效(?:的)?(?:行政)?规范性文件\s*(\d+)\s*件"), frozenset({"text.vs_t2"})),
)
_SUM = re.compile(r"共[^。；\n]{0,40}?(\d+)\s*(条|件)[^。\n]{0,6}其中([^。；\n]+)")


def narrative_mutations(report: Report, rng: random.Random) -> Iterator[Mutation]:
    raw = report.document.raw
    for pattern, rules in _NARRATIVE:
        for m in pattern.finditer(raw.text):
            s, e = m.span(1)
            new = _bumped(raw.text[s:e], rng)
            yield Mutation(
                "narrative_number", f"“{m.group()}” → {new}", edit(raw, s, e, new), rules
            )
    for m in _SUM.finditer(raw.text):
        unit = m.group(2)
        parts = list(re.finditer(rf"(\d+)\s*{unit}", m.group(3)))
        if len(parts) < 2:
            continue
        # raise one listed part: the parts then exceed, or no longer make up, the whole
        p = rng.choice(parts)
        s = m.start(3) + p.start(1)
        e = m.start(3) + p.end(1)
        new = str(int(raw.text[s:e]) + 10 ** (e - s))
        yield Mutation(
            "narrative_sum",
            f"“…{raw.text[s:e]}{unit}” → {new}{unit} in “{m.group()[:30]}…”",
            edit(raw, s, e, new),
            frozenset({"text.sum_of_parts"}),
        )


def form_mutations(report: Report, rng: random.Random) -> Iterator[Mutation]:
    raw = report.document.raw
    doc = report.document
    for part in report.parts:
        if not part.present or part.id not in PART_IDS:
            continue
        s, e = doc.to_source(part.span)
        yield Mutation(
            "part_deleted",
            f"part {part.id} deleted",
            edit(raw, s, e, ""),
            frozenset({"format.sections"}),
        )
    year = report.meta.year
    fee = re.compile(r"[^。\n]*(?:信息处理费|处理费)[^。\n]*。?")
    if (year is None or year >= 2021) and report.part("other") and fee.search(raw.text):
        text = raw.text
        mutated = raw
        for m in reversed(list(fee.finditer(text))):
            mutated = edit(mutated, m.start(), m.end(), "")
        yield Mutation(
            "fee_removed", "fee statement removed", mutated, frozenset({"sec6.fee_statement"})
        )
    period = re.search(r"((?:19|20)\d\d)(\s*年\s*1\s*月\s*1\s*日)", raw.text)
    if period and year is not None and int(period.group(1)) == year:
        s, e = period.span(1)
        yield Mutation(
            "period_year",
            f"period {year} → {year - 1}",
            edit(raw, s, e, str(year - 1)),
            frozenset({"format.period"}),
        )


def carryover_mutations(report: Report, rng: random.Random) -> Iterator[Mutation]:
    """Break the carry-over while keeping table 3 balanced: carried and carry_forward of one
    column (and of 总计) rise together, so only the cross-year rule can see it."""
    t3 = report.table("table3")
    if t3 is None:
        return
    raw = report.document.raw
    for col in ("natural_person", "business", "other_org"):
        cells = [t3.cell("carried", col), t3.cell("carry_forward", col)]
        if t3.has_total_column:
            cells += [t3.cell("carried", "total"), t3.cell("carry_forward", "total")]
        if any(c is None or c.kind != "number" or not c.span for c in cells):
            continue
        mutated = raw
        edits = sorted((_cell_source(report, c) for c in cells), reverse=True)
        for s, e in edits:
            old = raw.text[s:e]
            if not old.isdigit():
                break
            new = str(int(old) + 1)
            if len(new) != len(old):
                break
            mutated = edit(mutated, s, e, new)
        else:
            yield Mutation(
                "carryover_broken",
                f"carried and carry_forward of {col} +1",
                mutated,
                frozenset({"xyear.carryover"}),
            )


_STATES_REQUESTS = re.compile(
    r"(?:收到|受理|新收)[^。；\n]{0,20}?申请|未(?:收到|受理)[^。；\n]{0,20}?申请"
)
_STATES_REVIEWS = re.compile(r"行政复议\s*\d+\s*件|未[^。；\n]{0,20}?行政复议")


def _raise_together(report: Report, cells, raw: RawDocument) -> RawDocument | None:
    mutated = raw
    for s, e in sorted((_cell_source(report, c) for c in cells), reverse=True):
        old = raw.text[s:e]
        new = str(int(old) + 2) if old.isdigit() else ""  # +2: "收到N件" may count new + carried
        if len(new) != len(old):
            return None
        mutated = edit(mutated, s, e, new)
    return mutated


def conflict_mutations(report: Report, rng: random.Random) -> Iterator[Mutation]:
    """Change a table consistently (its own sums still hold) where the narrative states the
    count: only the text-against-table rule can see it."""
    raw = report.document.raw
    narrative = "\n".join(p.body for p in report.parts if p.present)
    t3, t4 = report.table("table3"), report.table("table4")
    if t3 is not None and t3.has_total_column and _STATES_REQUESTS.search(narrative):
        cells = [
            t3.cell(r, c) for r in ("new", "carry_forward") for c in ("natural_person", "total")
        ]
        if all(c is not None and c.kind == "number" and c.span for c in cells):
            mutated = _raise_together(report, cells, raw)
            if mutated is not None:
                yield Mutation(
                    "text_table_conflict",
                    "table 3: new and carry_forward +2",
                    mutated,
                    frozenset({"text.vs_t3"}),
                )
    if t4 is not None and _STATES_REVIEWS.search(narrative):
        cells = [t4.cell("review", "upheld"), t4.cell("review", "total")]
        if all(c is not None and c.kind == "number" and c.span for c in cells):
            mutated = _raise_together(report, cells, raw)
            if mutated is not None:
                yield Mutation(
                    "text_table_conflict",
                    "table 4: review upheld and total +2",
                    mutated,
                    frozenset({"text.vs_t4"}),
                )


def significant(findings: tuple[Finding, ...]) -> dict[tuple[str, str], tuple]:
    """(rule, key) → what the finding compared, for error and warning findings."""
    return {
        (f.rule_id, f.key): (f.severity, f.left, f.right)
        for f in findings
        if f.severity in {"error", "warning"}
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-kind", type=int, default=40, help="cells mutated per table and kind")
    parser.add_argument("--seed", type=int, default=20261130)
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    golds = {}
    for path in sorted(GOLD.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        golds[gold["file"]] = gold
    reports = {f: read_report(CORPUS / f) for f in golds}
    previous = previous_reports(reports.values())
    # baseline: the unmutated reports against the gold findings
    false_alarms: list[str] = []
    gold_hit = gold_total = 0
    baseline: dict[str, dict[tuple[str, str], tuple]] = {}
    for f, report in reports.items():
        found = significant(run_checks(report, previous.get(id(report))))
        baseline[f] = found
        want = {(g["rule"], g["key"]) for g in golds[f].get("findings", [])}
        gold_total += len(want)
        gold_hit += len(want & set(found))
        false_alarms += [f"{f}: {rule} {key}" for rule, key in sorted(set(found) - want)]
        for rule, key in sorted(want - set(found)):
            print(f"  gold finding missed: {f}: {rule} {key}")
    caught: Counter[str] = Counter()
    total: Counter[str] = Counter()
    misses: dict[str, list[str]] = defaultdict(list)
    for f, report in reports.items():
        prev = previous.get(id(report))
        generators = [
            table_mutations(report, rng, args.per_kind),
            narrative_mutations(report, rng),
            form_mutations(report, rng),
            conflict_mutations(report, rng),
        ]
        if prev is not None:
            generators.append(carryover_mutations(report, rng))
        for gen in generators:
            for m in gen:
                mutated = build_report(m.raw)
                found = significant(run_checks(mutated, prev))
                # caught: a finding of an owning rule that is new, or that now compares
                # other values than the unmutated report's finding with the same key
                new = {
                    (r, k)
                    for (r, k), values in found.items()
                    if r in m.expected and baseline[f].get((r, k)) != values
                }
                total[m.kind] += 1
                if new:
                    caught[m.kind] += 1
                else:
                    misses[m.kind].append(f"{f}: {m.description}")
    n = sum(total.values())
    recall = sum(caught.values()) / n if n else 0.0
    print(f"{'mutation kind':24} {'caught':>7} {'total':>6} {'recall':>7}")
    for kind in sorted(total):
        print(f"{kind:24} {caught[kind]:>7} {total[kind]:>6} {caught[kind] / total[kind]:>7.3f}")
        if args.verbose:
            for miss in misses[kind][:20]:
                print(f"    missed {miss}")
    if args.verbose:
        for alarm in false_alarms:
            print(f"    false alarm {alarm}")
    gold_recall = gold_hit / gold_total if gold_total else 1.0
    print()
    print(f"mutations = {n}")
    print(f"mutation_recall = {recall:.4f}")
    print(f"false_alarms = {len(false_alarms)}")
    print(f"gold_findings_recall = {gold_recall:.4f}  ({gold_hit}/{gold_total})")
    ok = n >= 1000 and recall >= 0.99 and not false_alarms and gold_recall >= 1.0
    print("targets met" if ok else "below target")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
