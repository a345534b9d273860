"""What every rule gets (``Context``) and what it declares (``Rule``)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal

from nianbao.records import Evidence, Finding, Report, Severity, Span
from nianbao.tables.schema import column_label, row_label

Category = Literal["table", "text-vs-table", "format", "cross-year", "narrative"]


@dataclass(frozen=True)
class Context:
    report: Report
    previous: Report | None = None  # the same unit's report for the year before

    def cell(self, table: str, row: str, col: str) -> Evidence | None:
        t = self.report.table(table)
        c = t.cell(row, col) if t else None
        if c is None:
            return None
        doc = self.report.document
        return Evidence(
            kind="cell",
            quote=c.raw,
            span=c.span,
            source_span=doc.to_source(c.span) if c.span else None,
            table=table,
            row=row,
            col=col,
            value=c.value,
        )

    def text(self, span: Span) -> Evidence:
        doc = self.report.document
        return Evidence("text", doc.text[span[0] : span[1]], span, doc.to_source(span))

    def label(self, table: str, row: str, col: str | None = None) -> str:
        t = self.report.table(table)
        version = t.format_version if t else "2021"
        name = row_label(table, row, version).split(" ")[-1]
        return f"{name}·{column_label(table, col, version)}" if col else name


Check = Callable[[Context, "Rule"], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    category: Category
    severity: Severity
    message: str  # a Chinese template filled by the check's fields
    explanation: str  # one line for `nianbao rules`
    basis: str  # legal basis or format reference
    example: str
    check: Check
    needs: tuple[str, ...] = ()  # tables the rule cannot do without
    needs_previous: bool = False

    def finding(
        self,
        key: str,
        *,
        severity: Severity | None = None,
        left: float | None = None,
        right: float | None = None,
        evidence: Iterable[Evidence | None] = (),
        message: str | None = None,
        evaluated: bool = True,
        **fields: object,
    ) -> Finding:
        difference = None if left is None or right is None else round(left - right, 6)
        values = {"left": _fmt(left), "right": _fmt(right), "diff": _fmt(difference), **fields}
        text = (message or self.message).format(**{k: _fmt(v) for k, v in values.items()})
        return Finding(
            rule_id=self.id,
            severity=severity or self.severity,
            message=text,
            key=key,
            left=left,
            right=right,
            difference=difference,
            evidence=tuple(e for e in evidence if e is not None),
            evaluated=evaluated,
        )

    def not_evaluable(self, key: str, reason: str) -> Finding:
        return self.finding(key, severity="info", message=f"无法检查：{reason}", evaluated=False)


def _fmt(value: object) -> object:
    if isinstance(value, float):
        return int(value) if value.is_integer() else round(value, 4)
    return "—" if value is None else value
