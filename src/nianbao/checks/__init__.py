"""Checks: every rule runs on every report; none stops the others.

``run_checks(report, previous)`` returns all findings. A rule whose table is missing, or that
needs last year's report when none is given, says so in its own (info) finding; a rule that
fails internally is reported as such, never as a pass.
"""

from __future__ import annotations

from nianbao.checks.base import Context, Rule
from nianbao.checks.rules import BY_ID, RULES
from nianbao.records import Finding, Report
from nianbao.segment.kind import NOT_REPORT
from nianbao.tables.schema import table_name

__all__ = ["BY_ID", "RULES", "Rule", "run_checks"]


# a page of 40,000 sums that do not add up is one problem said 40,000 times: past this many
# findings of one rule in one report, the rest are counted in one finding
MAX_FINDINGS_PER_RULE = 50


def run_checks(report: Report, previous: Report | None = None) -> tuple[Finding, ...]:
    ctx = Context(report, previous)
    findings: list[Finding] = []
    # a file that is not a report gets one finding, its reason, and nothing else
    rules = RULES[:1] if report.meta.kind == NOT_REPORT else RULES
    for rule in rules:
        missing = [t for t in rule.needs if report.table(t) is None]
        if rule.needs_previous and previous is None:
            continue  # a single report: cross-year rules are not applicable, not failed
        if missing:
            findings.append(rule.not_evaluable(rule.id, f"没有找到{table_name(missing[0])}"))
            continue
        if rule.needs_previous and any(previous.table(t) is None for t in rule.needs):
            findings.append(rule.not_evaluable(rule.id, "上一年度报告缺少所需表格"))
            continue
        try:
            found = list(rule.check(ctx, rule))
            if len(found) > MAX_FINDINGS_PER_RULE:
                more = len(found) - MAX_FINDINGS_PER_RULE
                summary = rule.finding(
                    f"{rule.id}.more",
                    severity=found[-1].severity,
                    message=f"同类问题另有 {more} 处，未逐一列出"
                    f"（每份报告每条规则最多列出 {MAX_FINDINGS_PER_RULE} 处）",
                )
                found = [*found[:MAX_FINDINGS_PER_RULE], summary]
            findings.extend(found)
        except Exception as exc:  # a bug in one rule must not hide the others' findings
            findings.append(
                rule.finding(
                    rule.id,
                    severity="warning",
                    message=f"规则执行出错，未能检查：{type(exc).__name__}: {exc}",
                    evaluated=False,
                )
            )
    return tuple(findings)
