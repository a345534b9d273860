"""The evaluation sheet an auditor hands in: one row per report, one column per rubric
criterion, totals and ranks as formulas (change a point, the total and rank follow); every
finding on a second sheet, the copy pairs on a third. Opens in Excel, WPS and LibreOffice."""

from __future__ import annotations

from bisect import bisect_left
from pathlib import Path

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


def write_sheet(result: AssessResult, path: Path) -> Path:
    """Written with XlsxWriter, row by row (constant memory): a corpus of 1,000 reports has some
    100,000 copy pairs. Formulas carry their computed values, so every reader shows them even
    without recalculating."""
    try:
        import xlsxwriter
    except ImportError as exc:
        raise MissingDependency(None, "评估表需要 XlsxWriter", "pip install xlsxwriter") from exc
    from xlsxwriter.utility import xl_col_to_name

    from nianbao.render.html import KIND_CN, SEVERITY_CN, STRENGTH_HELP

    tmp = path.with_name(path.name + ".part")
    wb = xlsxwriter.Workbook(str(tmp), {"constant_memory": True, "strings_to_formulas": False,
                                        "strings_to_urls": False})  # fmt: skip
    header = wb.add_format({"bold": True, "font_color": "#FFFFFF", "bg_color": "#1D4E89",
                            "align": "center", "valign": "vcenter", "text_wrap": True})  # fmt: skip
    points = wb.add_format({"num_format": "0.0"})
    wrap = wb.add_format({"text_wrap": True, "valign": "top"})

    ws = wb.add_worksheet("评估表")
    criteria = result.rubric
    head = ["名次", "单位", "年度", "层级", *[f"{c.name}（{c.max:g}）" for c in criteria], "总分",
            "实质性", "错误数", "警告数", "扣分说明", "文件", "完整性"]  # fmt: skip
    first_c, last_c = 4, 4 + len(criteria) - 1  # zero-based columns of the criteria
    total_c = last_c + 1
    total_col = xl_col_to_name(total_c)
    n = len(result.assessed)
    widths = [6, 30, 7, 12, *[11] * len(criteria), 9, 8, 8, 8, 60, 40, 30]
    for k, w in enumerate(widths):
        ws.set_column(k, k, w, points if first_c <= k <= total_c else None)
    ws.set_row(0, 32)
    ws.write_row(0, 0, head, header)
    ws.freeze_panes(1, 2)
    totals = sorted(-a.total for a in result.assessed)  # RANK: 1 + how many score higher
    for i, a in enumerate(result.assessed, start=1):
        r = a.report
        row = i + 1  # the row number the formulas name
        reasons = "；".join(
            f"{p.criterion.name}：{'，'.join(p.reasons)}" for p in a.points if p.reasons
        )
        rank = 1 + bisect_left(totals, -a.total)
        ws.write_formula(i, 0, f"=RANK({total_col}{row},${total_col}$2:${total_col}${n + 1},0)",
                         None, rank)  # fmt: skip
        ws.write_string(i, 1, _text(_name(r)))
        ws.write(i, 2, r.meta.year)
        ws.write_string(i, 3, _text(r.meta.level or ""))
        for k, p in enumerate(a.points):
            ws.write_number(i, first_c + k, p.points, points)
        first, last = xl_col_to_name(first_c), xl_col_to_name(last_c)
        ws.write_formula(i, total_c, f"=SUM({first}{row}:{last}{row})", points, a.total)
        ws.write(i, total_c + 1, a.score("substance"))
        ws.write_number(i, total_c + 2, a.errors)
        ws.write_number(i, total_c + 3, sum(1 for f in a.findings if f.severity == "warning"))
        ws.write_string(i, total_c + 4, _text(reasons))
        ws.write_string(i, total_c + 5, _text(r.path))
        if r.meta.kind == "partial":
            ws.write_string(i, total_c + 6, _text(f"不完整：{r.meta.kind_reason}"))

    fs = wb.add_worksheet("检查结果")
    for k, w in enumerate((28, 7, 7, 20, 70, 40, 8, 8, 40)):
        fs.set_column(k, k, w, wrap if k in (4, 5) else None)
    fs.write_row(
        0, 0, ["单位", "年度", "级别", "规则", "问题", "证据", "左值", "右值", "文件"], header
    )
    fs.freeze_panes(1, 0)
    i = 0
    for a in result.assessed:
        for f in a.findings:
            if f.severity == "info":
                continue
            i += 1
            evidence = "；".join(e.quote[:60] or "（空）" for e in f.evidence[:5])
            fs.write_string(i, 0, _text(_name(a.report)))
            fs.write(i, 1, a.report.meta.year)
            fs.write_string(i, 2, SEVERITY_CN[f.severity])
            fs.write_string(i, 3, f.rule_id)
            fs.write_string(i, 4, _text(f.message), wrap)
            fs.write_string(i, 5, _text(evidence), wrap)
            fs.write(i, 6, f.left)
            fs.write(i, 7, f.right)
            fs.write_string(i, 8, _text(a.report.path))

    ps = wb.add_worksheet("共有段落")
    for k, w in enumerate((10, 10, 8, 8, 28, 60, 28, 60)):
        ps.set_column(k, k, w, wrap if k in (5, 7) else None)
    ps.write_row(
        0,
        0,
        ["类型", "关系", "证据强度", "相似度", "报告甲", "甲的段落", "报告乙", "乙的段落"],
        header,
    )
    ps.write_comment(0, 2, STRENGTH_HELP, {"x_scale": 3, "y_scale": 2})
    ps.freeze_panes(1, 0)
    names = {
        a.report.path: f"{_name(a.report)} {a.report.meta.year or ''}" for a in result.assessed
    }
    i = 0
    for p in result.pairs:
        if p.a.report not in names or p.b.report not in names:
            continue
        i += 1
        ps.write_string(i, 0, KIND_CN[p.kind])
        ps.write_string(i, 1, "沿用往年" if p.relation == "stickiness" else "不同单位")
        if p.strength:
            ps.write_number(i, 2, p.strength)
        else:
            ps.write_string(i, 2, "—")
        ps.write_number(i, 3, p.similarity)
        ps.write_string(i, 4, _text(names[p.a.report]))
        ps.write_string(i, 5, _text(p.a.text), wrap)
        ps.write_string(i, 6, _text(names[p.b.report]))
        ps.write_string(i, 7, _text(p.b.text), wrap)
    us = wb.add_worksheet("未评估文件")
    for k, w in enumerate((50, 14, 80)):
        us.set_column(k, k, w, wrap if k == 2 else None)
    us.write_row(0, 0, ["文件", "类别", "原因"], header)
    us.freeze_panes(1, 0)
    skipped = [
        *((e.path, "不是年报", e.report.meta.kind_reason) for e in result.not_reports),
        *((e.path, "无法读取", e.error or "") for e in result.failed),
        *((e.path, "未读取", e.reason) for e in result.skipped),
        *(
            (e.path, "重复文件", f"与 {e.duplicate_of} 内容相同，只评估一次")
            for e in result.duplicates
        ),
    ]
    for i, (file, kind, reason) in enumerate(skipped, start=1):
        us.write_string(i, 0, _text(file))
        us.write_string(i, 1, kind)
        us.write_string(i, 2, _text(reason), wrap)
    wb.close()
    tmp.replace(path)  # a killed run never leaves half a sheet
    return path
