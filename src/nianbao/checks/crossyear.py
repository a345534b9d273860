"""Rules between two reports of the same unit for consecutive years."""

from __future__ import annotations

from collections.abc import Iterator

from nianbao.checks.base import Context, Rule
from nianbao.checks.tables import _num
from nianbao.records import Evidence, Finding
from nianbao.tables.schema import T3_COLUMNS


def _prev_cell(ctx: Context, table: str, row: str, col: str) -> Evidence | None:
    prev = Context(ctx.previous) if ctx.previous else None
    e = prev.cell(table, row, col) if prev else None
    if e is None:
        return None
    return Evidence(
        kind="cell",
        quote=f"{ctx.previous.meta.year}年：{e.quote}",
        span=None,  # the span belongs to the other report's text
        source_span=None,
        table=table,
        row=row,
        col=col,
        value=e.value,
    )


def carryover(ctx: Context, rule: Rule) -> Iterator[Finding]:
    this, last = ctx.report.table("table3"), ctx.previous.table("table3")
    if last is None:
        yield rule.not_evaluable("xyear.carryover", f"{ctx.previous.meta.year}年报告没有表三")
        return
    cols = [c for c in T3_COLUMNS if this.has_total_column or c != "total"]
    cols = [c for c in cols if last.has_total_column or c != "total"]
    for col in cols:
        now = _num(this.cell("carried", col))
        before = _num(last.cell("carry_forward", col))
        if now is None or before is None:
            continue
        if abs(now - before) > 1e-6:
            yield rule.finding(
                f"xyear.carryover.{col}",
                left=now,
                right=before,
                col=T3_COLUMNS[col],
                year=ctx.report.meta.year,
                last=ctx.previous.meta.year,
                evidence=[
                    ctx.cell("table3", "carried", col),
                    _prev_cell(ctx, "table3", "carry_forward", col),
                ],
            )


def in_force(ctx: Context, rule: Rule) -> Iterator[Finding]:
    this, last = ctx.report.table("table2"), ctx.previous.table("table2")
    if last is None or this.format_version != "2021" or last.format_version != "2021":
        yield rule.not_evaluable("xyear.in_force", "两年的表二不都是2021年格式")
        return
    for row in ("rules", "normative"):
        now, issued, repealed = (
            _num(this.cell(row, c)) for c in ("in_force", "issued", "repealed")
        )
        before = _num(last.cell(row, "in_force"))
        if None in (now, issued, repealed, before):
            continue
        expected = before + issued - repealed
        if abs(now - expected) > 1e-6:
            yield rule.finding(
                f"xyear.in_force.{row}",
                left=now,
                right=expected,
                row=ctx.label("table2", row),
                before=before,
                issued=issued,
                repealed=repealed,
                last=ctx.previous.meta.year,
                evidence=[
                    ctx.cell("table2", row, "in_force"),
                    ctx.cell("table2", row, "issued"),
                    ctx.cell("table2", row, "repealed"),
                    _prev_cell(ctx, "table2", row, "in_force"),
                ],
            )
