"""Parse every shipped report and compare with the hand-made gold in ``evaluation/gold/``.

Prints, per file and overall: section_recall, section_boundary_accuracy,
table_cell_accuracy, metadata_accuracy. A gold cell "unreadable" (see gold/SCHEMA.md) passes
only when the tool gives no number for it. Exits 1 when any overall metric is below 1.0
(``--min`` to set another bar). Run: ``python -m evaluation.parse_eval``.
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from nianbao import NianbaoError, read_report
from nianbao.records import Report

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "evaluation" / "gold"
CORPUS = ROOT / "corpora"
META_FIELDS = ("unit", "level", "year", "format_version", "published")
UNREADABLE = "unreadable"  # gold value of a cell a careful reader cannot tell apart
NO_NUMBER = frozenset({"missing", "text", "blank", "unreadable"})  # cell kinds giving no number


def squash(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in text if not ch.isspace() and ch not in "#*")


@dataclass
class Score:
    hit: int = 0
    total: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, ok: bool, what: str) -> None:
        self.total += 1
        self.hit += ok
        if not ok:
            self.misses.append(what)

    @property
    def value(self) -> float:
        return self.hit / self.total if self.total else 1.0


def evaluate(report: Report, gold: dict) -> dict[str, Score]:
    sections, bounds, cells, meta = Score(), Score(), Score(), Score()
    for key in META_FIELDS:
        want = gold["meta"].get(key)
        got = getattr(report.meta, key)
        meta.add(str(want) == str(got), f"meta.{key}: want {want!r} got {got!r}")
    predicted = {p.id: p for p in report.parts if p.present}
    for gp in gold["parts"]:
        part = predicted.get(gp["id"])
        if not gp.get("present", True):
            sections.add(part is None, f"part {gp['id']}: should be missing")
            continue
        sections.add(part is not None, f"part {gp['id']}: not found")
        body = squash(part.body) if part else None
        for end in ("first10", "last10"):
            want = squash(gp[end])
            if body is None:
                bounds.add(False, f"part {gp['id']}.{end}: part not found")
                continue
            got = body[: len(want)] if end == "first10" else body[len(body) - len(want) :]
            ok = got == want and (want != "" or body == "")
            bounds.add(ok, f"part {gp['id']}.{end}: want {want!r} got {got!r}")
    for table_id, rows in gold.get("tables", {}).items():
        table = report.table(table_id)
        for row_id, cols in rows.items():
            for col_id, want in cols.items():
                cell = table.cell(row_id, col_id) if table else None
                if want is None:
                    ok = cell is None or cell.kind == "missing"
                    got = None if ok else cell.raw
                elif want == UNREADABLE:  # the source cannot tell: no number may be given
                    ok = cell is None or (cell.kind in NO_NUMBER and cell.value is None)
                    got = None if cell is None or cell.kind == "missing" else cell.raw
                else:
                    ok = (
                        cell is not None
                        and cell.kind not in {"missing", UNREADABLE}
                        and squash(cell.raw) == squash(want)
                    )
                    got = None if cell is None or cell.kind == "missing" else cell.raw
                if cell is not None and cell.kind == UNREADABLE:
                    got = f"{got} (unreadable)"
                cells.add(ok, f"{table_id}.{row_id}.{col_id}: want {want!r} got {got!r}")
    return {
        "section_recall": sections,
        "section_boundary_accuracy": bounds,
        "table_cell_accuracy": cells,
        "metadata_accuracy": meta,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--min", type=float, default=1.0, help="bar for each overall metric")
    parser.add_argument("--verbose", "-v", action="store_true", help="list every miss")
    args = parser.parse_args(argv)
    totals: dict[str, Score] = {}
    files = sorted(GOLD.glob("*.json"))
    print(f"{'file':44} {'sections':>9} {'bounds':>8} {'cells':>8} {'meta':>6}")
    for path in files:
        gold = json.loads(path.read_text(encoding="utf-8"))
        source = CORPUS / gold["file"]
        try:
            report = read_report(source)
        except NianbaoError as exc:
            print(f"{gold['file']:44} ERROR {exc}")
            for name in ("section_recall", "section_boundary_accuracy", "table_cell_accuracy",
                         "metadata_accuracy"):  # fmt: skip
                totals.setdefault(name, Score()).add(False, f"{gold['file']}: unreadable")
            continue
        scores = evaluate(report, gold)
        values = [scores[k].value for k in scores]
        print(f"{gold['file']:44} " + " ".join(f"{v:>8.3f}" for v in values))
        for name, s in scores.items():
            t = totals.setdefault(name, Score())
            t.hit += s.hit
            t.total += s.total
            t.misses += [f"{gold['file']}: {m}" for m in s.misses]
            if args.verbose:
                for m in s.misses:
                    print(f"    miss {m}")
    print()
    failed = False
    for name, s in totals.items():
        print(f"{name} = {s.value:.4f}  ({s.hit}/{s.total})")
        failed |= s.value < args.min
    print(f"files = {len(files)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
