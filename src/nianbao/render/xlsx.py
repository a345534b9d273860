"""The evaluation sheet an auditor hands in: a title block (year, who assesses, when, the
rubric), one row per report of the assessment year, one column per rubric criterion (kept
within 0..max), totals and ranks as formulas (change a point, the total and rank follow), each
row linked to its report page; A4 landscape, one page wide, the header on every page. Then the
criteria explained, every finding, the copy pairs, the per-county summary and the files not
assessed. Opens in Excel, WPS and LibreOffice."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nianbao.assess import AssessResult
from nianbao.errors import MissingDependency
from nianbao.records import Report
from nianbao.review import COMPUTED_SHEET, VERDICTS, Decisions, finding_id, pair_id, report_id

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _text(value: object) -> object:
    """Report text never becomes a formula in the sheet."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _name(report: Report) -> str:
    return report.meta.unit or Path(report.path).name


@dataclass(frozen=True)
class Signature:
    """Who hands the sheet in (the title block): from ``nianbao assess --org --assessor``."""

    org: str = ""  # 评估单位
    assessor: str = ""  # 评估人


TITLE_ROWS = 3  # the title block above each sheet's header: title, signature, a blank line


@dataclass(frozen=True)
class Formula:
    """A cell computed in the sheet, written with the value it computes to."""

    text: str
    value: float


@dataclass(frozen=True)
class Link:
    """A cell linking to a report's page (relative to the workbook, in the output folder)."""

    text: str
    target: str


@dataclass(frozen=True)
class Column:
    """One column of a sheet, declared once: its header, width, style and what each row's
    cell holds (text, a number, a ``Formula``, or None for an empty cell)."""

    header: str
    width: float
    value: Callable[[Any], object]
    style: str | None = None  # "wrap" | "points"


FIRST_CRITERION = 6  # the column of the first criterion on 评估表 (see ``_main_columns``)


def _main_columns(
    result: AssessResult, slugs: dict[str, str], notes: dict[str, str]
) -> list[Column]:
    """评估表, one row per report (``(row number, Assessed)``) and a column per criterion: the
    total and the rank are formulas, so a corrected point moves them."""
    from xlsxwriter.utility import xl_col_to_name

    criteria = result.rubric
    first = xl_col_to_name(FIRST_CRITERION)
    last = xl_col_to_name(FIRST_CRITERION + len(criteria) - 1)
    total = xl_col_to_name(FIRST_CRITERION + len(criteria))
    top, n = TITLE_ROWS + 2, len(result.assessed)  # the first data row (Excel's numbering)
    totals = sorted(-a.total for a in result.assessed)  # RANK: 1 + how many score higher

    def rank(row) -> Formula:
        number, a = row
        return Formula(f"=RANK({total}{number},${total}${top}:${total}${top + n - 1},0)",
                       1 + bisect_left(totals, -a.total))  # fmt: skip

    def criterion(k: int) -> Callable[[Any], object]:
        return lambda row: row[1].points[k].points

    return [
        Column("名次", 6, rank),
        Column("名次变化", 8, lambda row: row[1].rank_change or None),
        Column("县（区）", 12, lambda row: row[1].county or None),
        Column(
            "单位",
            22,
            lambda row: Link(_name(row[1].report), f"reports/{slugs[row[1].report.path]}.html"),
        ),
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
            40,
            lambda row: "；".join(
                f"{p.criterion.name}：{'，'.join(p.reasons)}" for p in row[1].points if p.reasons
            ),
            "wrap",
        ),
        Column(
            "人工调整",
            16,
            lambda row: (
                "；".join(
                    f"{p.criterion.name} {p.computed:g}→{p.points:g}"
                    for p in row[1].points
                    if p.computed is not None
                )
                or None
            ),
            "wrap",
        ),
        Column("复核意见", 20, lambda row: notes.get(report_id(row[1].report)), "wrap"),
        Column("文件", 20, lambda row: row[1].report.path, "wrap"),
        Column(
            "报告是否完整",
            12,
            lambda row: (
                f"不完整：{row[1].report.meta.kind_reason}"
                if row[1].report.meta.kind == "partial"
                else None
            ),
            "wrap",
        ),
        Column("编号", 16, lambda row: report_id(row[1].report)),
    ]


def _review_columns(ident: Callable[[Any], str], decisions) -> list[Column]:
    """编号, 复核 (确认 / 驳回) and 复核说明: what the auditor fills in, read back next run."""

    def decided(key: str) -> Callable[[Any], object]:
        return lambda row: (decisions.get(ident(row)) or {}).get(key) or None

    return [Column("复核", 8, decided("verdict")), Column("复核说明", 24, decided("note"), "wrap"),
            Column("编号", 13, ident)]  # fmt: skip


def _finding_columns(decisions) -> list[Column]:
    """检查结果, one row per finding (``(Assessed, Finding)``), hints left out."""
    from nianbao.checks.rules import BY_ID
    from nianbao.records import SEVERITY_CN

    def title(row) -> str:
        rule = BY_ID.get(row[1].rule_id)
        return rule.title if rule else row[1].rule_id

    return [
        Column("县（区）", 12, lambda row: row[0].county or None),
        Column("单位", 28, lambda row: _name(row[0].report)),
        Column("年度", 7, lambda row: row[0].report.meta.year),
        Column("级别", 7, lambda row: SEVERITY_CN[row[1].severity]),
        Column("检查项", 20, title),
        Column("问题", 70, lambda row: row[1].message, "wrap"),
        Column(
            "证据",
            40,
            lambda row: "；".join(e.quote[:60] or "（空）" for e in row[1].evidence[:5]),
            "wrap",
        ),
        Column("核对数（一）", 10, lambda row: row[1].left),
        Column("核对数（二）", 10, lambda row: row[1].right),
        Column("规则编号", 16, lambda row: row[1].rule_id),
        Column("文件", 30, lambda row: row[0].report.path, "wrap"),
        *_review_columns(lambda row: finding_id(row[0].report, row[1]), decisions),
    ]


def _pair_columns(names: dict[str, str], by_path: dict, decisions) -> list[Column]:
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
        *_review_columns(lambda p: pair_id(p, by_path), decisions),
    ]


_UNMATCHED = [
    Column(
        "复核意见（找不到对应的检查结果、共有段落或报告，仍然保留）", 80, lambda what: what, "wrap"
    )
]
_COMPUTED = [
    Column("报告", 24, lambda row: row[0]),
    Column("评分项", 14, lambda row: row[1]),
    Column("计算得分", 10, lambda row: row[2], "points"),
]

_UNASSESSED = [
    Column("文件", 50, lambda row: row[0]),
    Column("类别", 14, lambda row: row[1]),
    Column("原因", 80, lambda row: row[2], "wrap"),
]


def _criteria_rows(result: AssessResult) -> list[tuple]:
    """细则说明: each criterion, its points and how they are derived, in plain words."""
    from nianbao.checks.rules import BY_ID
    from nianbao.scores import score_label

    rows = []
    for c in result.rubric:
        how = []
        if c.score:
            lo, hi = float(c.score.get("from", 0.0)), float(c.score.get("to", 1.0))
            better = "越高越好" if lo < hi else "越低越好"
            how.append(f"按“{score_label(c.score['name'])}”折算（{better}）")
        for d in c.deduct:
            if "score" in d:
                what = f"“{score_label(d['score'])}”"
            else:
                titles = [BY_ID[r].title if r in BY_ID else r for r in d.get("rules", ())]
                severity = "、".join({"error": "错误", "warning": "警告"}.get(s, s)
                                    for s in d.get("severity", ()))  # fmt: skip
                what = f"{'、'.join(titles)}（{severity}）"
            cap = f"，最多扣 {d['cap']:g} 分" if "cap" in d else ""
            how.append(f"{what}每处扣 {d['points']:g} 分{cap}")
        missing = "无法衡量时记 0 分" if c.unmeasurable == "zero" else "无法衡量时需人工评分"
        rows.append((c.name, c.max, c.explain, "；".join(how) or "满分起评", missing))
    return rows


_CRITERIA = [
    Column("评分项", 14, lambda row: row[0]),
    Column("满分", 7, lambda row: row[1], "points"),
    Column("考察内容", 40, lambda row: row[2], "wrap"),
    Column("如何得分", 70, lambda row: row[3], "wrap"),
    Column("无法衡量时", 18, lambda row: row[4], "wrap"),
]

_COUNTIES = [
    Column("县（区）", 16, lambda c: c.county or "（不明）"),
    Column("报告数", 8, lambda c: c.reports),
    Column("平均总分", 10, lambda c: c.mean_total, "points"),
    Column("数字错误", 10, lambda c: c.errors),
    Column("县内共有段落", 12, lambda c: c.pairs_within),
    Column("与外县共有段落", 14, lambda c: c.pairs_across),
]


MAX_LINES = 8  # a wrapped cell shows at most this many lines (the rest on the report page)


def _lines(value: object, width: float) -> int:
    """Lines a wrapped cell needs in a column ``width`` characters wide (a CJK character is
    two)."""
    if not isinstance(value, str) or not value:
        return 1
    wide = sum(2 if ord(ch) > 0x2E80 else 1 for ch in value)
    return max(1, -(-wide // max(1, int(width) - 1)))


def _write(
    ws, columns: list[Column], rows: Iterable[Any], styles: dict, first: int = 1, top: int = 0
) -> int:
    """The header (on row ``top``), widths and every row of one sheet, an autofilter on the
    header, and the print setup: A4 landscape, one page wide, the header on every page.
    Returns the number of rows written."""
    for k, c in enumerate(columns):
        ws.set_column(k, k, c.width, styles.get(c.style))
    ws.write_row(top, 0, [c.header for c in columns], styles["header"])
    ws.freeze_panes(top + 1, first)
    count = 0
    wrapped = [k for k, c in enumerate(columns) if c.style == "wrap"]
    for i, row in enumerate(rows, start=top + 1):
        count += 1
        values = [c.value(row) for c in columns]
        lines = max((_lines(values[k], columns[k].width) for k in wrapped), default=1)
        if lines > 1:  # readers do not grow a row for its wrapped text: the row says how tall
            ws.set_row(i, 15 * min(lines, MAX_LINES))
        for k, c in enumerate(columns):
            value, style = values[k], styles.get(c.style)
            if isinstance(value, Formula):
                ws.write_formula(i, k, value.text, style, value.value)
            elif isinstance(value, Link):
                ws.write_url(i, k, "external:" + value.target, styles["link"], _text(value.text))
            elif isinstance(value, bool) or value is None:
                continue
            elif isinstance(value, int | float):
                ws.write_number(i, k, value, style)
            else:
                ws.write_string(i, k, _text(str(value)), style)
    ws.autofilter(top, 0, top + count, len(columns) - 1)
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)  # one page wide, as many long as the rows need
    ws.repeat_rows(top)
    ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)
    ws.set_footer("&C第 &P 页，共 &N 页")
    return count


def _verdicts(ws, columns: list[Column], rows: int) -> None:
    """The 复核 column takes 确认 or 驳回 only."""
    k = next(k for k, c in enumerate(columns) if c.header == "复核")
    ws.data_validation(1, k, max(1, rows), k, {"validate": "list", "source": list(VERDICTS),
                                                "input_title": "复核", "input_message": "确认 或 驳回"})  # fmt: skip


def write_sheet(
    result: AssessResult,
    path: Path,
    signature: Signature | None = None,
    decisions: Decisions | None = None,
) -> Path:
    """Written with XlsxWriter, row by row (constant memory): a corpus of 1,000 reports has some
    100,000 copy pairs. Formulas carry their computed values, so every reader shows them even
    without recalculating."""
    import datetime as dt

    try:
        import xlsxwriter
    except ImportError as exc:
        raise MissingDependency(None, "评估表需要 XlsxWriter", "pip install xlsxwriter") from exc
    from nianbao.assess import county_summary
    from nianbao.render.html import STRENGTH_HELP

    signature = signature or Signature()
    decisions = decisions or Decisions()
    tmp = path.with_name(path.name + ".part")
    wb = xlsxwriter.Workbook(str(tmp), {"constant_memory": True, "strings_to_formulas": False,
                                        "strings_to_urls": False})  # fmt: skip
    styles = {
        "header": wb.add_format({"bold": True, "font_color": "#FFFFFF", "bg_color": "#1D4E89",
                                 "align": "center", "valign": "vcenter", "text_wrap": True,
                                 "border": 1}),
        None: wb.add_format({"valign": "top"}),  # a column with no style of its own
        "points": wb.add_format({"num_format": "0.0", "valign": "top"}),
        "wrap": wb.add_format({"text_wrap": True, "valign": "top"}),
        "link": wb.add_format({"font_color": "#1D4E89", "underline": 1, "valign": "top"}),
        "title": wb.add_format({"bold": True, "font_size": 15}),
        "signature": wb.add_format({"font_size": 11}),
    }  # fmt: skip
    ws = wb.add_worksheet("评估表")
    year = f"{result.year} 年度" if result.year else ""
    ws.write_string(0, 0, f"{year}政府信息公开工作年度报告评估表", styles["title"])
    ws.write_string(1, 0, "    ".join((
        f"评估单位：{signature.org or '＿＿＿＿＿＿'}",
        f"评估人：{signature.assessor or '＿＿＿＿'}",
        f"评估时间：{dt.date.today():%Y年%m月%d日}",
        f"评估年报：{len(result.assessed)} 份",
        f"细则满分：{sum(c.max for c in result.rubric):g} 分（见“细则说明”）",
    )), styles["signature"])  # fmt: skip
    ws.set_row(TITLE_ROWS, 32)
    first_row = TITLE_ROWS + 2  # the first data row, as formulas name it
    rows = [(first_row + i, a) for i, a in enumerate(result.assessed)]
    notes: dict[str, str] = {}
    for key, d in decisions.points.items():
        if d.get("note"):
            notes.setdefault(key.split("||")[0], d["note"])
    columns = _main_columns(result, result.slugs, notes)
    _write(ws, columns, rows, styles, first=4, top=TITLE_ROWS)
    for k, c in enumerate(result.rubric):  # a typed score stays within 0..max
        col = FIRST_CRITERION + k
        ws.data_validation(TITLE_ROWS + 1, col, TITLE_ROWS + max(1, len(rows)), col, {
            "validate": "decimal", "criteria": "between", "minimum": 0, "maximum": c.max,
            "error_title": "分数超出范围", "error_message": f"{c.name}的得分应在 0 到 {c.max:g} 之间",
        })  # fmt: skip
    _write(wb.add_worksheet("细则说明"), _CRITERIA, _criteria_rows(result), styles, first=0)
    counties = county_summary(result)
    if counties:
        _write(wb.add_worksheet("分县汇总"), _COUNTIES, counties, styles, first=1)
    findings = ((a, f) for a in result.assessed for f in a.findings if f.severity != "info")
    fs = wb.add_worksheet("检查结果")
    columns = _finding_columns(decisions.findings)
    _verdicts(fs, columns, _write(fs, columns, findings, styles, first=0))
    names = {
        a.report.path: f"{_name(a.report)} {a.report.meta.year or ''}" for a in result.everything
    }
    ps = wb.add_worksheet("共有段落")
    pairs = result.year_pairs
    by_path = {a.report.path: a.report for a in result.everything}
    columns = _pair_columns(names, by_path, decisions.pairs)
    _verdicts(ps, columns, _write(ps, columns, pairs, styles, first=0))
    ps.write_comment(0, 2, STRENGTH_HELP, {"x_scale": 3, "y_scale": 2})
    unassessed = [
        *((a.report.path, "参照年报", f"{a.report.meta.year or '年度不明'}，不是评估年度，只作参照")
          for a in result.references),
        *((e.path, "不是年报", e.report.meta.kind_reason) for e in result.not_reports),
        *((e.path, "无法读取", e.error or "") for e in result.failed),
        *((e.path, "未读取", e.reason) for e in result.skipped),
        *(
            (e.path, "重复文件", f"与 {e.duplicate_of} 内容相同，只评估一次")
            for e in result.duplicates
        ),
    ]  # fmt: skip
    _write(wb.add_worksheet("未评估文件"), _UNASSESSED, unassessed, styles, first=0)
    if decisions.unmatched:
        _write(wb.add_worksheet("未匹配的复核"), _UNMATCHED, decisions.unmatched, styles, first=0)
    # the points as computed, so that the next run tells the auditor's corrections
    computed = wb.add_worksheet(COMPUTED_SHEET)
    rows_computed = (
        (report_id(a.report), p.criterion.name, p.points if p.computed is None else p.computed)
        for a in result.assessed for p in a.points
    )  # fmt: skip
    _write(computed, _COMPUTED, rows_computed, styles, first=0)
    computed.hide()
    wb.close()
    tmp.replace(path)  # a killed run never leaves half a sheet
    return path
