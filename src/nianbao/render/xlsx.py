"""The evaluation sheet an auditor hands in: one row per report, one column per rubric
criterion, totals and ranks as formulas (change a point, the total and rank follow); every
finding on a second sheet, the copy pairs on a third. Opens in Excel, WPS and LibreOffice."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nianbao.assess import AssessResult
from nianbao.errors import MissingDependency
from nianbao.records import Report

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _text(value: object) -> object:
    """Report text never becomes a formula in the sheet."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _name(report: Report) -> str:
    return report.meta.unit or Path(report.path).name


@dataclass(frozen=True)
class Formula:
    """A cell computed in the sheet, written with the value it computes to."""

    text: str
    value: float


@dataclass(frozen=True)
class Column:
    """One column of a sheet, declared once: its header, width, style and what each row's
    cell holds (text, a number, a ``Formula``, or None for an empty cell)."""

    header: str
    width: float
    value: Callable[[Any], object]
    style: str | None = None  # "wrap" | "points"


def _main_columns(result: AssessResult) -> list[Column]:
    """评估表, one row per report (``(row number, Assessed)``) and a column per criterion: the
    total and the rank are formulas, so a corrected point moves them."""
    from xlsxwriter.utility import xl_col_to_name

    criteria = result.rubric
    first, last = xl_col_to_name(4), xl_col_to_name(3 + len(criteria))
    total = xl_col_to_name(4 + len(criteria))
    n = len(result.assessed)
    totals = sorted(-a.total for a in result.assessed)  # RANK: 1 + how many score higher

    def rank(row) -> Formula:
        number, a = row
        return Formula(f"=RANK({total}{number},${total}$2:${total}${n + 1},0)",
                       1 + bisect_left(totals, -a.total))  # fmt: skip

    def criterion(k: int) -> Callable[[Any], object]:
        return lambda row: row[1].points[k].points

    return [
        Column("名次", 6, rank),
        Column("单位", 30, lambda row: _name(row[1].report)),
        Column("年度", 7, lambda row: row[1].report.meta.year),
        Column("层级", 12, lambda row: row[1].report.meta.level or ""),
        *(
            Column(f"{c.name}（{c.max:g}）", 11, criterion(k), "points")
            for k, c in enumerate(criteria)
        ),
        Column(
            "总分",
            9,
            lambda row: Formula(f"=SUM({first}{row[0]}:{last}{row[0]})", row[1].total),
            "points",
        ),
        Column("实质性", 8, lambda row: row[1].score("substance")),
        Column("错误数", 8, lambda row: row[1].errors),
        Column("警告数", 8, lambda row: sum(1 for f in row[1].findings if f.severity == "warning")),
        Column(
            "扣分说明",
            60,
            lambda row: "；".join(
                f"{p.criterion.name}：{'，'.join(p.reasons)}" for p in row[1].points if p.reasons
            ),
        ),
        Column("文件", 40, lambda row: row[1].report.path),
        Column(
            "完整性",
            30,
            lambda row: (
                f"不完整：{row[1].report.meta.kind_reason}"
                if row[1].report.meta.kind == "partial"
                else None
            ),
        ),
    ]


def _finding_columns() -> list[Column]:
    """检查结果, one row per finding (``(Assessed, Finding)``), hints left out."""
    from nianbao.records import SEVERITY_CN

    return [
        Column("单位", 28, lambda row: _name(row[0].report)),
        Column("年度", 7, lambda row: row[0].report.meta.year),
        Column("级别", 7, lambda row: SEVERITY_CN[row[1].severity]),
        Column("规则", 20, lambda row: row[1].rule_id),
        Column("问题", 70, lambda row: row[1].message, "wrap"),
        Column(
            "证据",
            40,
            lambda row: "；".join(e.quote[:60] or "（空）" for e in row[1].evidence[:5]),
            "wrap",
        ),
        Column("左值", 8, lambda row: row[1].left),
        Column("右值", 8, lambda row: row[1].right),
        Column("文件", 40, lambda row: row[0].report.path),
    ]


def _pair_columns(names: dict[str, str]) -> list[Column]:
    """共有段落, one row per pair, strongest evidence first."""
    from nianbao.render.html import KIND_CN, SUSPECTED_HELP

    def why(p) -> str:
        if p.kind == "suspected":
            return SUSPECTED_HELP.format(similarity=f"{p.similarity:.3f}")
        return f"共有 {p.strength} 个罕见片段" if p.strength else ""

    return [
        Column("类型", 10, lambda p: KIND_CN[p.kind]),
        Column("关系", 10, lambda p: "沿用往年" if p.relation == "stickiness" else "不同单位"),
        Column("证据强度", 8, lambda p: p.strength or "—"),
        Column("相似度", 8, lambda p: p.similarity),
        Column("报告甲", 28, lambda p: names[p.a.report]),
        Column("甲的段落", 60, lambda p: p.a.text, "wrap"),
        Column("报告乙", 28, lambda p: names[p.b.report]),
        Column("乙的段落", 60, lambda p: p.b.text, "wrap"),
        Column("说明", 40, why, "wrap"),
    ]


_UNASSESSED = [
    Column("文件", 50, lambda row: row[0]),
    Column("类别", 14, lambda row: row[1]),
    Column("原因", 80, lambda row: row[2], "wrap"),
]


def _write(ws, columns: list[Column], rows: Iterable[Any], styles: dict, first: int = 1) -> None:
    """The header, widths and every row of one sheet."""
    for k, c in enumerate(columns):
        ws.set_column(k, k, c.width, styles.get(c.style))
    ws.write_row(0, 0, [c.header for c in columns], styles["header"])
    ws.freeze_panes(1, first)
    for i, row in enumerate(rows, start=1):
        for k, c in enumerate(columns):
            value, style = c.value(row), styles.get(c.style)
            if isinstance(value, Formula):
                ws.write_formula(i, k, value.text, style, value.value)
            elif isinstance(value, bool) or value is None:
                continue
            elif isinstance(value, int | float):
                ws.write_number(i, k, value, style)
            else:
                ws.write_string(i, k, _text(str(value)), style)


def write_sheet(result: AssessResult, path: Path) -> Path:
    """Written with XlsxWriter, row by row (constant memory): a corpus of 1,000 reports has some
    100,000 copy pairs. Formulas carry their computed values, so every reader shows them even
    without recalculating."""
    try:
        import xlsxwriter
    except ImportError as exc:
        raise MissingDependency(None, "评估表需要 XlsxWriter", "pip install xlsxwriter") from exc
    from nianbao.render.html import STRENGTH_HELP

    tmp = path.with_name(path.name + ".part")
    wb = xlsxwriter.Workbook(str(tmp), {"constant_memory": True, "strings_to_formulas": False,
                                        "strings_to_urls": False})  # fmt: skip
    styles = {
        "header": wb.add_format({"bold": True, "font_color": "#FFFFFF", "bg_color": "#1D4E89",
                                 "align": "center", "valign": "vcenter", "text_wrap": True}),
        "points": wb.add_format({"num_format": "0.0"}),
        "wrap": wb.add_format({"text_wrap": True, "valign": "top"}),
    }  # fmt: skip
    ws = wb.add_worksheet("评估表")
    ws.set_row(0, 32)
    rows = [
        (i + 1, a) for i, a in enumerate(result.assessed, start=1)
    ]  # the row numbers formulas name
    _write(ws, _main_columns(result), rows, styles, first=2)
    findings = ((a, f) for a in result.assessed for f in a.findings if f.severity != "info")
    _write(wb.add_worksheet("检查结果"), _finding_columns(), findings, styles, first=0)
    names = {
        a.report.path: f"{_name(a.report)} {a.report.meta.year or ''}" for a in result.assessed
    }
    ps = wb.add_worksheet("共有段落")
    pairs = (p for p in result.pairs if p.a.report in names and p.b.report in names)
    _write(ps, _pair_columns(names), pairs, styles, first=0)
    ps.write_comment(0, 2, STRENGTH_HELP, {"x_scale": 3, "y_scale": 2})
    unassessed = [
        *((e.path, "不是年报", e.report.meta.kind_reason) for e in result.not_reports),
        *((e.path, "无法读取", e.error or "") for e in result.failed),
        *((e.path, "未读取", e.reason) for e in result.skipped),
        *(
            (e.path, "重复文件", f"与 {e.duplicate_of} 内容相同，只评估一次")
            for e in result.duplicates
        ),
    ]
    _write(wb.add_worksheet("未评估文件"), _UNASSESSED, unassessed, styles, first=0)
    wb.close()
    tmp.replace(path)  # a killed run never leaves half a sheet
    return path
