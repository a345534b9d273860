"""Arithmetic and cell rules for tables 2, 3 and 4. Arithmetic is always code."""

from __future__ import annotations

from collections.abc import Iterator

from nianbao.checks.base import Context, Rule
from nianbao.records import Cell, Finding, Table
from nianbao.tables.schema import T3_COLUMNS, T4_COLUMNS, T4_ROWS, TABLE2_2019, TABLE2_2021, TABLE3

APPLICANTS = tuple(T3_COLUMNS)[:6]
RESULT_ROWS = tuple(
    s.id for s in TABLE3 if s.id not in {"new", "carried", "total", "carry_forward"}
)
EPS = 1e-6
_WHAT = {
    "blank": "空白",
    "slash": "填写“/”",
    "dash": "填写“—”",
    "missing": "缺失（原文没有这个单元格）",
    "unreadable": "无法识别（原文数字连在一起，分不清各列）",
}


def _num(cell: Cell | None) -> float | None:
    return cell.value if cell is not None and cell.kind == "number" else None


def _columns(t3: Table) -> tuple[str, ...]:
    return tuple(T3_COLUMNS) if t3.has_total_column else APPLICANTS


def t3_identity(ctx: Context, rule: Rule) -> Iterator[Finding]:
    t3 = ctx.report.table("table3")
    for col in _columns(t3):
        parts = {r: t3.cell(r, col) for r in ("new", "carried", "total", "carry_forward")}
        missing = [r for r, c in parts.items() if _num(c) is None]
        key = f"table3.identity.{col}"
        if missing:
            yield rule.not_evaluable(
                key, f"“{T3_COLUMNS[col]}”列的{ctx.label('table3', missing[0])}不是数字"
            )
            continue
        new, carried, total, forward = (
            _num(parts[r]) for r in ("new", "carried", "total", "carry_forward")
        )
        left, right = new + carried, total + forward
        if abs(left - right) > EPS:
            yield rule.finding(
                key,
                left=left,
                right=right,
                col=T3_COLUMNS[col],
                new=new,
                carried=carried,
                total=total,
                forward=forward,
                evidence=[ctx.cell("table3", r, col) for r in parts],
            )


def t3_result_total(ctx: Context, rule: Rule) -> Iterator[Finding]:
    t3 = ctx.report.table("table3")
    rows = [r for r in RESULT_ROWS if t3.cell(r, APPLICANTS[0]) is not None]
    for col in _columns(t3):
        key = f"table3.result_total.{col}"
        total = _num(t3.cell("total", col))
        values = [_num(t3.cell(r, col)) for r in rows]
        if total is None or any(v is None for v in values):
            yield rule.not_evaluable(key, f"“{T3_COLUMNS[col]}”列有非数字单元格")
            continue
        parts = sum(values)
        if abs(parts - total) > EPS:
            yield rule.finding(
                key,
                left=parts,
                right=total,
                col=T3_COLUMNS[col],
                evidence=[ctx.cell("table3", "total", col)]
                + [ctx.cell("table3", r, col) for r, v in zip(rows, values, strict=True) if v],
            )


def t3_row_total(ctx: Context, rule: Rule) -> Iterator[Finding]:
    t3 = ctx.report.table("table3")
    if not t3.has_total_column:
        yield rule.not_evaluable("table3.row_total", "表三没有“总计”列，无法核对各行合计")
        return
    for row in dict.fromkeys(c.row for c in t3.cells):
        values = [_num(t3.cell(row, col)) for col in APPLICANTS]
        total = _num(t3.cell(row, "total"))
        key = f"table3.row_total.{row}"
        if total is None or any(v is None for v in values):
            yield rule.not_evaluable(key, f"{ctx.label('table3', row)}一行有非数字单元格")
            continue
        parts = sum(values)
        if abs(parts - total) > EPS:
            yield rule.finding(
                key,
                left=parts,
                right=total,
                row=ctx.label("table3", row),
                evidence=[ctx.cell("table3", row, "total")]
                + [
                    ctx.cell("table3", row, c) for c, v in zip(APPLICANTS, values, strict=True) if v
                ],
            )


def t3_rows(ctx: Context, rule: Rule) -> Iterator[Finding]:
    t3 = ctx.report.table("table3")
    present = {c.row for c in t3.cells}
    version = ctx.report.meta.format_version or t3.format_version
    for spec in TABLE3:
        if spec.id in present:
            continue
        if spec.id == "other" and present & {"other_1", "other_2", "other_3"}:
            continue
        if spec.id.startswith("other_") and "other" in present:
            if version == "2021" and spec.id == "other_1":
                yield rule.finding(
                    "table3.rows.other",
                    severity="warning",
                    message="表三“（六）其他处理”只有一行，未按2021年格式分为3项",
                    evidence=[ctx.cell("table3", "other", APPLICANTS[0])],
                )
            continue
        if spec.id.startswith("other_") and version == "2019":
            continue
        yield rule.finding(f"table3.rows.{spec.id}", row=spec.label)


def _cell_findings(ctx: Context, rule: Rule, table: Table) -> Iterator[Finding]:
    for c in table.cells:
        if c.kind == "number" and c.value is not None and c.value < 0:
            yield rule.finding(
                f"{table.id}.{c.row}.{c.col}",
                severity="error",
                message="{cell}为负数“{raw}”",
                cell=ctx.label(table.id, c.row, c.col),
                raw=c.raw,
                evidence=[ctx.cell(table.id, c.row, c.col)],
            )
    skip = None
    if table.id == "table3" and not table.has_total_column:
        skip = "total"  # the whole column is absent: reported once by t3.row_total
    yield from _empty_cells(ctx, rule, table, skip)


def _empty_cells(
    ctx: Context, rule: Rule, table: Table, skip_col: str | None = None
) -> Iterator[Finding]:
    """One finding per cause: a column or a row whose cells are all missing, unreadable,
    blank, "/" or "—" alike is one finding listing them; the other cells one each."""
    cells = [c for c in table.cells if c.col != skip_col]
    bad = [c for c in cells if c.kind != "number"]
    if not bad:
        return
    rows = list(dict.fromkeys(c.row for c in cells))
    cols = list(dict.fromkeys(c.col for c in cells))
    done: set[tuple[str, str]] = set()
    groups: list[tuple[str, str, list[Cell]]] = []
    for col in cols:
        column = [c for c in cells if c.col == col]
        runs = [r for r in _runs(column) if len(r) >= 3 or len(r) == len(column) > 1]
        for k, run in enumerate(runs):
            name = ctx.label(table.id, run[0].row, col).split("·")[-1]
            if len(run) == len(column):
                label = f"{name}列全部{len(run)}格"
            else:
                label = f"{name}列{len(run)}格（{ctx.label(table.id, run[0].row)}至{ctx.label(table.id, run[-1].row)}）"
            key = f"{table.id}.col.{col}" + (f".{run[0].row}" if k else "")
            groups.append((key, label, run))
    covered = _covered(groups)
    for row in rows:
        line = [c for c in cells if c.row == row]
        if len(line) > 1 and _alike(line) and not any((c.row, c.col) in covered for c in line):
            label = f"{ctx.label(table.id, row)}一行全部{len(line)}格"
            groups.append((f"{table.id}.{row}", label, line))
    for key, label, group in groups:
        done.update((c.row, c.col) for c in group)
        yield rule.finding(
            key,
            severity="error" if group[0].kind == "text" else "warning",
            cell=label,
            what=_what(group[0]),
            evidence=[ctx.cell(table.id, c.row, c.col) for c in group],
        )
    for c in bad:
        if (c.row, c.col) in done:
            continue
        yield rule.finding(
            f"{table.id}.{c.row}.{c.col}",
            severity="error" if c.kind == "text" else "warning",
            cell=ctx.label(table.id, c.row, c.col),
            what=_what(c),
            evidence=[ctx.cell(table.id, c.row, c.col)],
        )


def _runs(column: list[Cell]) -> list[list[Cell]]:
    """Maximal runs of consecutive cells of one column that are empty alike."""
    runs: list[list[Cell]] = []
    for c in column:
        if c.kind in {"number", "text"}:
            runs.append([])
        elif runs and runs[-1] and runs[-1][-1].kind == c.kind:
            runs[-1].append(c)
        else:
            runs.append([c])
    return [r for r in runs if r]


def _alike(cells: list[Cell]) -> bool:
    return (
        bool(cells)
        and cells[0].kind not in {"number", "text"}
        and len({c.kind for c in cells}) == 1
    )


def _covered(groups: list[tuple[str, str, list[Cell]]]) -> set[tuple[str, str]]:
    return {(c.row, c.col) for _, _, group in groups for c in group}


def _what(c: Cell) -> str:
    return _WHAT[c.kind] if c.kind != "text" else f"填写文字“{c.raw}”"


def t3_cells(ctx: Context, rule: Rule) -> Iterator[Finding]:
    yield from _cell_findings(ctx, rule, ctx.report.table("table3"))


def t4_cells(ctx: Context, rule: Rule) -> Iterator[Finding]:
    yield from _cell_findings(ctx, rule, ctx.report.table("table4"))


def t4_total(ctx: Context, rule: Rule) -> Iterator[Finding]:
    t4 = ctx.report.table("table4")
    parts_cols = tuple(T4_COLUMNS)[:4]
    for row, name in T4_ROWS.items():
        key = f"table4.total.{row}"
        values = [_num(t4.cell(row, c)) for c in parts_cols]
        total = _num(t4.cell(row, "total"))
        if total is None or any(v is None for v in values):
            yield rule.not_evaluable(key, f"{name}有非数字单元格")
            continue
        parts = sum(values)
        if abs(parts - total) > EPS:
            yield rule.finding(
                key,
                left=parts,
                right=total,
                group=name,
                evidence=[ctx.cell("table4", row, c) for c in (*parts_cols, "total")],
            )


def t2_numeric(ctx: Context, rule: Rule) -> Iterator[Finding]:
    t2 = ctx.report.table("table2")
    for c in t2.cells:
        if c.kind == "number" and c.value is not None and c.value < 0 and c.col != "change":
            yield rule.finding(
                f"table2.{c.row}.{c.col}",
                severity="error",
                message="{cell}为负数“{raw}”，应为非负数",
                cell=ctx.label("table2", c.row, c.col),
                raw=c.raw,
                evidence=[ctx.cell("table2", c.row, c.col)],
            )
    yield from _empty_cells(ctx, rule, t2)


def t2_rows(ctx: Context, rule: Rule) -> Iterator[Finding]:
    t2 = ctx.report.table("table2")
    specs = TABLE2_2019 if t2.format_version == "2019" else TABLE2_2021
    present = {c.row for c in t2.cells}
    for spec in specs:
        if spec.id not in present:
            yield rule.finding(f"table2.rows.{spec.id}", row=spec.label)


def t2_cumulative(ctx: Context, rule: Rule) -> Iterator[Finding]:
    """2019 format: 对外公开总数量 (cumulative) cannot be below 本年新公开数量."""
    t2 = ctx.report.table("table2")
    if t2.format_version != "2019":
        return
    for row in ("rules", "normative"):
        published = _num(t2.cell(row, "published"))
        total = _num(t2.cell(row, "total_published"))
        if published is None or total is None:
            continue
        if total + EPS < published:
            yield rule.finding(
                f"table2.cumulative.{row}",
                left=total,
                right=published,
                row=ctx.label("table2", row),
                evidence=[
                    ctx.cell("table2", row, "total_published"),
                    ctx.cell("table2", row, "published"),
                ],
            )
