"""The evaluation sheet an auditor hands in: one row per report, one column per rubric
criterion, totals and ranks as formulas (change a point, the total and rank follow); every
finding on a second sheet, the copy pairs on a third. Opens in Excel, WPS and LibreOffice."""

from __future__ import annotations

from pathlib import Path

from nianbao.assess import AssessResult
from nianbao.records import Report

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _text(value: object) -> object:
    """Report text never becomes a formula in the sheet."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _name(report: Report) -> str:
    return report.meta.unit or Path(report.path).name


def write_sheet(result: AssessResult, path: Path) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    from nianbao.render.html import KIND_CN, SEVERITY_CN

    wb = Workbook()
    ws = wb.active
    ws.title = "评估表"
    criteria = result.rubric
    head = [
        "名次",
        "单位",
        "年度",
        "层级",
        *[f"{c.name}（{c.max:g}）" for c in criteria],
        "总分",
        "实质性",
        "错误数",
        "警告数",
        "扣分说明",
        "文件",
    ]
    ws.append(head)
    first_c = 5
    last_c = first_c + len(criteria) - 1
    total_col = get_column_letter(last_c + 1)
    n = len(result.assessed)
    for i, a in enumerate(result.assessed, start=2):
        r = a.report
        reasons = "；".join(
            f"{p.criterion.name}：{'，'.join(p.reasons)}" for p in a.points if p.reasons
        )
        row = [
            f"=RANK({total_col}{i},${total_col}$2:${total_col}${n + 1},0)",
            _text(_name(r)), r.meta.year, _text(r.meta.level or ""),
            *[p.points for p in a.points],
            f"=SUM({get_column_letter(first_c)}{i}:{get_column_letter(last_c)}{i})",
            a.score("substance"), a.errors, sum(1 for f in a.findings if f.severity == "warning"),
            _text(reasons), _text(r.path),
        ]  # fmt: skip
        ws.append(row)
    header_fill = PatternFill("solid", fgColor="1D4E89")
    for cell in ws[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = header_fill
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    widths = {"A": 6, "B": 30, "C": 7, "D": 12}
    for k in range(first_c, last_c + 2):
        widths[get_column_letter(k)] = 11
    widths[get_column_letter(last_c + 2)] = 9
    widths[get_column_letter(last_c + 3)] = 8
    widths[get_column_letter(last_c + 4)] = 8
    widths[get_column_letter(last_c + 5)] = 60
    widths[get_column_letter(last_c + 6)] = 40
    for col, w in widths.items():
        ws.column_dimensions[col].width = w
    for row in ws.iter_rows(min_row=2, min_col=first_c, max_col=last_c + 2):
        for cell in row:
            cell.number_format = "0.0"
    ws.freeze_panes = "C2"
    ws.row_dimensions[1].height = 32

    fs = wb.create_sheet("检查结果")
    fs.append(["单位", "年度", "级别", "规则", "问题", "证据", "左值", "右值", "文件"])
    for a in result.assessed:
        for f in a.findings:
            if f.severity == "info":
                continue
            evidence = "；".join(e.quote[:60] or "（空）" for e in f.evidence[:5])
            fs.append([_text(_name(a.report)), a.report.meta.year, SEVERITY_CN[f.severity], f.rule_id, _text(f.message),
                       _text(evidence), f.left, f.right, _text(a.report.path)])  # fmt: skip
    for col, w in zip("ABCDEFGHI", (28, 7, 7, 20, 70, 40, 8, 8, 40), strict=True):
        fs.column_dimensions[col].width = w
    ps = wb.create_sheet("共有段落")
    ps.append(["类型", "关系", "相似度", "报告甲", "甲的段落", "报告乙", "乙的段落"])
    names = {
        a.report.path: f"{_name(a.report)} {a.report.meta.year or ''}" for a in result.assessed
    }
    for p in result.pairs:
        if p.a.report not in names or p.b.report not in names:
            continue
        ps.append([KIND_CN[p.kind], "沿用往年" if p.relation == "stickiness" else "不同单位", p.similarity,
                   _text(names[p.a.report]), _text(p.a.text), _text(names[p.b.report]), _text(p.b.text)])  # fmt: skip
    for col, w in zip("ABCDEFG", (10, 10, 8, 28, 60, 28, 60), strict=True):
        ps.column_dimensions[col].width = w
    # One style object, on the long-text columns only: per-cell styles are what makes large
    # sheets slow to write (openpyxl looks each one up in its style table).
    wrap = Alignment(wrap_text=True, vertical="top")
    for sheet, long_columns in ((fs, (4, 5)), (ps, (4, 6))):
        for cell in sheet[1]:
            cell.font = Font(bold=True, color="FFFFFF")
            cell.fill = header_fill
        sheet.freeze_panes = "A2"
        for row in sheet.iter_rows(min_row=2):
            for k in long_columns:
                row[k].alignment = wrap
    wb.save(path)
    return path
