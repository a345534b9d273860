"""Form rules: parts, titles, format version, part 五's content, the fee statement,
the reporting period, and the publication deadline (条例 第四十九条)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from nianbao.checks.base import Context, Rule
from nianbao.records import Finding
from nianbao.segment.kind import NOT_REPORT
from nianbao.segment.parts import PART_IDS, PART_TITLES
from nianbao.tables.schema import TABLE_NUMBERS, TABLE_TITLES

_CANONICAL_TITLES = {
    "general": ("总体情况",),
    "proactive": ("主动公开政府信息情况",),
    "requests": ("收到和处理政府信息公开申请情况",),
    "appeals": ("政府信息公开行政复议、行政诉讼情况",),
    "problems": ("存在的主要问题及改进情况",),
    "other": ("其他需要报告的事项",),
}
_PROBLEM_WORDS = re.compile(r"问题|不足|差距|短板|薄弱|有待|不够|欠缺|滞后|不强|不高|不到位|不充分")
_MEASURE_WORDS = re.compile(
    r"措施|改进|整改|下一步|将(?:进一步|继续|持续)?|加强|提升|完善|推进|强化|优化"
)
# the fee charged to applicants, however it is named ("无向申请人收取政府信息公开费用的情况")
_FEE = re.compile(r"信息处理费|处理费|收取[^。；]{0,8}?信息公开[^。；]{0,4}?费用|信息公开费")
_PERIOD = re.compile(
    r"((?:19|20)\d\d)\s*年\s*1\s*月\s*1\s*日\s*(?:起)?\s*(?:至|到|—|-|－|~)\s*((?:19|20)\d\d\s*年\s*)?12\s*月\s*31\s*日"
)


def format_tables(ctx: Context, rule: Rule) -> Iterator[Finding]:
    for table_id, title in TABLE_TITLES.items():
        name = f"{TABLE_NUMBERS[table_id]}（{title}）"
        if ctx.report.table(table_id) is None:
            yield rule.finding(f"format.tables.{table_id}", table=name)


def format_sections(ctx: Context, rule: Rule) -> Iterator[Finding]:
    present = [p for p in ctx.report.parts if p.present]
    for part in ctx.report.parts:
        if not part.present:
            yield rule.finding(f"format.sections.{part.id}", part=PART_TITLES[part.id])
    standard = [p.id for p in present if p.id in PART_IDS]
    expected = [pid for pid in PART_IDS if pid in standard]
    if standard != expected:
        yield rule.finding(
            "format.sections.order",
            severity="warning",
            message="各部分顺序与格式不一致：{order}",
            order=" → ".join(PART_TITLES[p] for p in standard),
            evidence=[ctx.text(p.heading_span) for p in present if p.id in PART_IDS],
        )
    for p in present:
        if p.id not in PART_IDS:
            yield rule.finding(
                f"format.sections.extra.{p.id}",
                severity="info",
                message="格式之外的部分：“{number}、{title}”",
                number=p.number or "",
                title=p.title or "",
                evidence=[ctx.text(p.heading_span)],
            )


def format_titles(ctx: Context, rule: Rule) -> Iterator[Finding]:
    for p in ctx.report.parts:
        if not p.present or p.id not in _CANONICAL_TITLES:
            continue
        if p.title not in _CANONICAL_TITLES[p.id]:
            yield rule.finding(
                f"format.titles.{p.id}",
                written=p.title,
                expected=_CANONICAL_TITLES[p.id][0],
                evidence=[ctx.text(p.heading_span)],
            )


def expected_version(year: int | None) -> str | None:
    if year is None:
        return None
    return "2019" if year in (2019, 2020) else "2021" if year >= 2021 else None


def format_version(ctx: Context, rule: Rule) -> Iterator[Finding]:
    meta = ctx.report.meta
    want = expected_version(meta.year)
    if want is None or meta.format_version is None:
        yield rule.not_evaluable("format.version", "报告年度或表格格式不明")
        return
    if meta.format_version != want:
        yield rule.finding("format.version", year=meta.year, got=meta.format_version, want=want)


def problems_measures(ctx: Context, rule: Rule) -> Iterator[Finding]:
    part = ctx.report.part("problems")
    if part is None:
        yield rule.not_evaluable("format.problems_measures", "没有“存在的主要问题及改进情况”部分")
        return
    body = part.body
    evidence = [ctx.text(part.heading_span)]
    if not _PROBLEM_WORDS.search(body):
        yield rule.finding(
            "format.problems_measures.problems", what="存在的问题", evidence=evidence
        )
    if not _MEASURE_WORDS.search(body):
        yield rule.finding("format.problems_measures.measures", what="改进措施", evidence=evidence)


def fee_statement(ctx: Context, rule: Rule) -> Iterator[Finding]:
    report = ctx.report
    year = report.meta.year
    required = year is None or year >= 2021
    doc = report.document
    for pid in ("other", "fees"):
        part = report.part(pid)
        if part and _FEE.search(part.body):
            return
    elsewhere = [
        (s + m.start(), s + m.end())
        for p in report.parts
        if p.present
        for s, e in p.body_spans
        for m in _FEE.finditer(doc.text[s:e])
    ]
    if elsewhere:
        yield rule.finding(
            "sec6.fee_statement",
            severity="warning",
            message="信息处理费的收取情况没有在“六、其他需要报告的事项”中报告，而写在别处",
            evidence=[ctx.text(elsewhere[0])],
        )
    elif required:
        other = report.part("other")
        yield rule.finding(
            "sec6.fee_statement", evidence=[ctx.text(other.heading_span)] if other else []
        )
    else:
        yield rule.finding(
            "sec6.fee_statement",
            severity="info",
            message="未说明信息处理费收取情况（{year}年度报告，信息处理费办法自2021年起施行）",
            year=year,
        )


def period(ctx: Context, rule: Rule) -> Iterator[Finding]:
    doc = ctx.report.document
    year = ctx.report.meta.year
    m = _PERIOD.search(doc.text)
    if m is None:
        yield rule.finding("format.period")
        return
    stated = int(m.group(1))
    if year is not None and stated != year:
        yield rule.finding(
            "format.period.year",
            severity="error",
            message="统计期限写的是 {stated} 年，但这是 {year} 年度报告（可能沿用了往年文本）",
            stated=stated,
            year=year,
            evidence=[ctx.text((m.start(), m.end()))],
        )


def deadline(ctx: Context, rule: Rule) -> Iterator[Finding]:
    meta = ctx.report.meta
    if meta.published is None or meta.year is None:
        yield rule.not_evaluable("date.deadline", "报告未注明发布日期或年度")
        return
    published = date.fromisoformat(meta.published)
    period_end = date(meta.year, 12, 31)
    department = meta.level == "部门"
    due = date(meta.year + 1, 1, 31) if department else date(meta.year + 1, 3, 31)
    if published <= period_end:
        yield rule.finding(
            "date.deadline",
            severity="error",
            message="发布日期 {published} 早于统计期结束（{year}年12月31日）",
            published=meta.published,
            year=meta.year,
        )
    elif published > due:
        yield rule.finding(
            "date.deadline",
            published=meta.published,
            due=due.isoformat(),
            who="政府部门" if department else "人民政府",
        )


def file_kind(ctx: Context, rule: Rule) -> Iterator[Finding]:
    meta = ctx.report.meta
    if meta.kind == NOT_REPORT:
        yield rule.finding("file.kind", reason=meta.kind_reason or "不是年报")
