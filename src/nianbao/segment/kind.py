"""What a file is: a report (complete or partial), or not a report, with the reason.

Only reports are scored and ranked. A folder an auditor hands over holds more than reports:
meeting minutes, notes, READMEs, listing pages, screenshots, the blank format template. A file
is a report when it says it is one (a report title) and has some of the report's body (parts
or a filled table), or when it has most of the body without a title. A report missing parts or
tables is partial, with what it lacks.
"""

from __future__ import annotations

import re

from nianbao.records import Meta, Part, Table
from nianbao.segment.meta import REPORT_WORDS
from nianbao.segment.parts import PART_IDS, PART_TITLES

REPORT = "report"
PARTIAL = "partial"
NOT_REPORT = "not_report"
KIND_NAMES = {REPORT: "年报", PARTIAL: "年报（不完整）", NOT_REPORT: "不是年报"}

_REPORT_TITLE = re.compile(REPORT_WORDS)
_TEMPLATE_TITLE = re.compile(r"模板|模版|样本|样式|格式(?:文本)?[）)]?$")
_OTHER_KINDS = (
    (re.compile(r"会议纪要|纪要|会议记录|会议"), "会议纪要或记录"),
    (re.compile(r"通知|函$|意见$|方案$"), "通知或文件"),
    (re.compile(r"(?i)readme|说明$|备注"), "说明文件"),
    (re.compile(r"目录|列表|栏目"), "列表页"),
)
# a sample or model text: the unit's name left as a placeholder ("xx市环保局", "××镇")
_PLACEHOLDER = re.compile(r"(?i)(?<![a-z])xx\s*[省市县区镇乡局委办]|××|ＸＸ")
# an article of a rule or a system that speaks of the report, not a report's title
_NOT_A_TITLE = re.compile(r"^第[一二三四五六七八九十百\d]+条|负责编制|制度$|办法$|规定$")
TABLE_NAMES = {"table2": "表二", "table3": "表三", "table4": "表四"}


def classify(meta: Meta, parts: tuple[Part, ...], tables: tuple[Table, ...]) -> tuple[str, str]:
    """(kind, reason): what the file is, and what is missing or why it is not a report."""
    found = [p for p in parts if p.present and p.id in PART_IDS]
    narrative = sum(len(p.body) for p in parts if p.present)
    filled = [t for t in tables if any(c.kind == "number" for c in t.cells)]
    title = meta.title or ""
    titled = (
        bool(_REPORT_TITLE.search(title))
        and not _TEMPLATE_TITLE.search(title)
        and not _NOT_A_TITLE.search(title)
    )
    if tables and not filled and narrative < 400:
        return NOT_REPORT, "空白格式模板：表格中没有填写任何数字，各部分没有实际内容"
    if _TEMPLATE_TITLE.search(title) and not meta.unit and narrative < 400:
        return NOT_REPORT, f"空白格式模板：标题为“{title[:30]}”，没有填报单位"
    if found and not filled and narrative < 100:
        return NOT_REPORT, "空白格式模板：只有各部分的标题，没有内容，表格中没有数字"
    placeholder = next((m for p in found if (m := _PLACEHOLDER.search(p.body))), None)
    if placeholder and not filled:
        return NOT_REPORT, f"范文或样本：单位名称写作占位符“{placeholder.group(0)}”"
    if not ((titled and (len(found) >= 2 or filled)) or len(found) >= 4):
        return NOT_REPORT, _why_not(title, titled, found, filled)
    missing = [f"{_numeral(pid)}、{PART_TITLES[pid]}" for pid in PART_IDS
               if pid not in {p.id for p in found}]  # fmt: skip
    present_tables = {t.id for t in filled}
    missing += [name for tid, name in TABLE_NAMES.items() if tid not in present_tables]
    if missing:
        return PARTIAL, "缺少：" + "；".join(missing)
    return REPORT, ""


def _numeral(part_id: str) -> str:
    return "一二三四五六"[PART_IDS.index(part_id)]


def _why_not(title: str, titled: bool, found: list[Part], filled: list[Table]) -> str:
    reasons: list[str] = []
    for pattern, name in _OTHER_KINDS:
        if title and pattern.search(title) and not titled:
            reasons.append(f"看起来是{name}（标题“{title[:30]}”）")
            break
    if not titled:
        reasons.append("没有年报标题")
    reasons.append(f"只找到 {len(found)} 个部分" if found else "没有找到年报的六个部分")
    if not filled:
        reasons.append("没有填写数字的统计表格")
    return "不是年报：" + "，".join(reasons)
