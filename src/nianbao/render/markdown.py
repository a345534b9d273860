"""One report's assessment as Markdown and as JSON (the same content as its HTML page)."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from nianbao.assess import Assessed
from nianbao.render.json import finding_to_dict, pair_to_dict, report_to_dict, score_to_dict
from nianbao.scores import SCORES, score_label
from nianbao.segment.parts import PART_TITLES

# what makes Markdown of text inside a line: emphasis, code, links and images, tables, strikes
_MARKDOWN = re.compile(r"([\\`*_\[\]|~])")


def md(text: object) -> str:
    """Text from a report, inert in Markdown: no HTML a viewer would run (escaped as entities),
    no Markdown syntax (backslash-escaped), no line break that would end a table row."""
    escaped = html.escape(" ".join(str(text).split()), quote=False)
    return _MARKDOWN.sub(r"\\\1", escaped)


def report_markdown(a: Assessed) -> str:
    r = a.report
    lines = [
        f"# {md(r.meta.unit or Path(r.path).name)} {r.meta.year or ''}年度政府信息公开工作年度报告评估",
        "",
        f"- 总分 {a.total}；实质性 {a.score('substance')}（名次见 index.html 与评估表）",
        f"- 层级 {md(r.meta.level or '—')}；格式 {r.meta.format_version or '—'}；"
        f"发布日期 {md(r.meta.published or '—')}",
        f"- 文件 {md(r.path)}",
        "",
        "## 评分",
        "",
        "| 评分项 | 得分 | 满分 | 依据 |",
        "| --- | ---: | ---: | --- |",
    ]
    lines += [
        f"| {md(p.criterion.name)} | {p.points} | {p.criterion.max:g} | {md('；'.join(p.reasons) or '—')} |"
        for p in a.points
    ]
    lines += ["", "## 数字与格式核对", ""]
    shown = [f for f in a.findings if f.severity != "info"]
    if not shown:
        lines.append("没有发现问题。")
    for f in shown:
        quotes = "；".join(f"“{md(e.quote[:40])}”" for e in f.evidence[:4])
        lines.append(
            f"- **{'错误' if f.severity == 'error' else '警告'}** {md(f.rule_id)} {md(f.message)}"
            + (f"（{quotes}）" if quotes else "")
        )
    lines += ["", "## 叙述评分", "", "| 指标 | 部分 | 得分 |", "| --- | --- | ---: |"]
    lines += [
        f"| {md(score_label(s.name))} | {md(PART_TITLES.get(s.part, s.part or ''))} | "
        f"{SCORES[s.name].show(s.value) if s.name in SCORES else s.value} |"
        for s in a.analysis.scores
    ]
    pairs = a.analysis.pairs
    lines += ["", "## 与其他报告共有的段落", ""]
    if not pairs:
        lines.append("没有发现。")
    for p in pairs:
        mine, other = (p.a, p.b) if p.a.report == r.path else (p.b, p.a)
        lines.append(f"- {p.kind}（{p.similarity:.3f}，{'沿用往年' if p.relation == 'stickiness' else '不同单位'}）："
                     f"本报告“{md(mine.text)}” ↔ {md(other.report)}“{md(other.text)}”")  # fmt: skip
    return "\n".join(lines) + "\n"


def report_json(a: Assessed) -> str:
    data = {
        "total": a.total,
        "points": [
            {
                "criterion": p.criterion.name,
                "points": p.points,
                "max": p.criterion.max,
                "reasons": list(p.reasons),
            }
            for p in a.points
        ],
        "report": report_to_dict(a.report),
        "previous": a.previous.path if a.previous else None,
        "findings": [finding_to_dict(a.report, f) for f in a.findings],
        "scores": [score_to_dict(s) for s in a.analysis.scores],
        "pairs": [pair_to_dict(p) for p in a.analysis.pairs],
    }
    return json.dumps(data, ensure_ascii=False)
