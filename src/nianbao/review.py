"""The auditor's review decisions, kept from one run to the next.

An auditor reviews in the workbook, as they work today: a finding (检查结果) or a copy pair
(共有段落) is 确认 or 驳回 in its 复核 column, with a note in 复核说明; a criterion's points on
评估表 are corrected by typing the new points over the computed ones, with a note in 复核意见.
The next run reads these back from the previous workbook before writing the new one
(``read_workbook``), keeps them beside it (``review.json`` in the output folder: the workbook
may be deleted or replaced), applies them (``apply``: a dismissed finding costs no points, a
dismissed pair no originality, a corrected point replaces the computed one and is marked 人工),
and writes them into the new workbook. A decision whose finding, pair or report no longer
exists is kept, and listed as unmatched, never dropped.

Decisions are keyed by ids that do not depend on the run, the rubric or the order of rows:
a report by its unit and year, a finding by its report, rule and what it checked, a pair by
its two reports and the wording of its two passages.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from nianbao.records import CopyPair, Finding, Report, Score
from nianbao.segment.meta import unit_key

if TYPE_CHECKING:
    from nianbao.assess import Assessed, AssessResult

CONFIRM, DISMISS = "确认", "驳回"
VERDICTS = (CONFIRM, DISMISS)
FILE = "review.json"  # beside the workbook, in the output folder
STAMP = ".review-sheet"  # the workbook as nianbao last wrote it: unchanged, it holds nothing new
COMPUTED_SHEET = "计算值"  # a hidden sheet: the points as computed, to tell an auditor's edit
MANUAL = "人工"


def report_id(report: Report) -> str:
    """海原县李俊乡|2024: the unit and the year (the file's name where the unit is unknown)."""
    return f"{unit_key(report.meta.unit) or Path(report.path).stem}|{report.meta.year or ''}"


def _digest(*parts: object) -> str:
    return hashlib.sha1(repr(parts).encode("utf-8")).hexdigest()[:10]


def finding_id(report: Report, f: Finding) -> str:
    message = re.sub(r"〔复核：[^〕]*〕$", "", f.message)  # as the rules wrote it (see ``apply``)
    return "F" + _digest(report_id(report), f.rule_id, f.key or message)


def _wording(text: str) -> str:
    return re.sub(r"[\W\d_]+", "", text)[:80]


def pair_id(p: CopyPair, by_path: dict[str, Report]) -> str:
    sides = sorted(
        (report_id(by_path[x.report]) if x.report in by_path else x.report, _wording(x.text))
        for x in (p.a, p.b)
    )
    return "P" + _digest(p.relation, sides)


def pair_key(p: CopyPair) -> tuple:
    """A pair within one run: its two passages."""
    return (p.a.report, p.a.span, p.b.report, p.b.span)


@dataclass
class Decisions:
    """verdict and note by finding or pair id; points and note by (report id, criterion name)."""

    findings: dict[str, dict] = field(default_factory=dict)
    pairs: dict[str, dict] = field(default_factory=dict)
    points: dict[str, dict] = field(default_factory=dict)  # "report id||criterion name"
    unmatched: list[str] = field(default_factory=list)  # filled by ``apply``
    withdrawn: set[str] = field(default_factory=set)  # points put back to the computed value

    def __bool__(self) -> bool:
        return bool(self.findings or self.pairs or self.points)

    def merged(self, newer: Decisions) -> Decisions:
        """These decisions, overridden by ``newer`` (the workbook read last). A points
        decision the newer workbook shows as computed again is withdrawn."""
        points = {**self.points, **newer.points}
        for key in newer.withdrawn:
            points.pop(key, None)
        return Decisions({**self.findings, **newer.findings}, {**self.pairs, **newer.pairs}, points)


def load(folder: Path) -> Decisions:
    """The decisions kept in ``folder`` (none if the file is missing or unreadable: the
    workbook, read next, still holds the latest)."""
    try:
        data = json.loads((folder / FILE).read_text(encoding="utf-8"))
        return Decisions(
            *(
                {str(k): _entry(v) for k, v in dict(data.get(kind, {})).items()}
                for kind in ("findings", "pairs", "points")
            )
        )
    except (OSError, ValueError, TypeError, AttributeError):
        return Decisions()


def _entry(value: object) -> dict:
    """A stored decision as plain strings and one number: nothing else is taken from the file."""
    v = dict(value)  # type: ignore[call-overload]
    out = {k: str(v[k])[:2000] for k in ("verdict", "note", "what") if k in v}
    if "points" in v:
        out["points"] = float(v["points"])
        if not math.isfinite(out["points"]):
            raise ValueError("points")
    return out


def save(folder: Path, decisions: Decisions) -> None:
    data = {"说明": "nianbao 保存的人工复核意见（评估表中的复核、驳回和人工调整）；请勿手工修改",
            "findings": decisions.findings, "pairs": decisions.pairs, "points": decisions.points}  # fmt: skip
    tmp = folder / (FILE + ".part")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    tmp.replace(folder / FILE)


def read_workbook(path: Path) -> Decisions:
    """The decisions an auditor made in a workbook nianbao wrote (by the columns' headers: the
    auditor may sort, filter or move rows). An unreadable workbook gives none."""
    if not path.exists() or _stamp(path) == _stamped(path):
        return Decisions()  # as nianbao wrote it: its decisions are those kept already
    try:
        from openpyxl import load_workbook
    except ImportError:
        return Decisions()
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception:  # a damaged or foreign file: nothing to read back
        return Decisions()
    out = Decisions()
    try:
        for sheet, into, what in (("检查结果", out.findings, ("单位", "年度", "检查项", "问题")),
                                  ("共有段落", out.pairs, ("报告甲", "报告乙", "甲的段落"))):  # fmt: skip
            for row in _rows(wb, sheet):
                verdict = str(row.get("复核") or "").strip()
                note = str(row.get("复核说明") or "").strip()
                if row.get("编号") and (verdict in VERDICTS or note):
                    shown = " ".join(str(row.get(k) or "") for k in what)[:120]
                    into[str(row["编号"])] = {"verdict": verdict if verdict in VERDICTS else "",
                                              "note": note, "what": shown}  # fmt: skip
        computed = {
            (str(r.get("报告")), str(r.get("评分项"))): r.get("计算得分")
            for r in _rows(wb, COMPUTED_SHEET)
        }
        for row in _rows(wb, "评估表", header_row=None):
            rid = row.get("编号")
            if not rid:
                continue
            note = str(row.get("复核意见") or "").strip()
            for header, value in row.items():
                name = str(header).split("（")[0]
                if (str(rid), name) not in computed or not isinstance(value, int | float):
                    continue
                key = f"{rid}||{name}"
                was = computed[(str(rid), name)]
                if isinstance(was, int | float) and abs(float(value) - float(was)) < 0.05:
                    out.withdrawn.add(key)
                else:
                    out.points[key] = {"points": float(value), "note": note,
                                       "what": f"{rid} {name}"}  # fmt: skip
    finally:
        wb.close()
    return out


def _stamp(path: Path) -> str:
    info = path.stat()
    return f"{info.st_size}:{info.st_mtime_ns}"


def _stamped(path: Path) -> str:
    try:
        return (path.parent / STAMP).read_text(encoding="utf-8").strip()
    except OSError:
        return ""


def remember(path: Path) -> None:
    """The workbook just written: the next run reads it back only if someone changed it."""
    (path.parent / STAMP).write_text(_stamp(path), encoding="utf-8")


def _rows(wb, sheet: str, header_row: int | None = 1):
    """The rows of a sheet as dicts by header; ``header_row`` None: the first row that has a
    编号 header (评估表 has a title block above it)."""
    if sheet not in wb.sheetnames:
        return
    rows = wb[sheet].iter_rows(values_only=True)
    header: list | None = None
    for k, values in enumerate(rows, start=1):
        if header is None:
            if (header_row is None and "编号" in values) or k == header_row:
                header = [str(v) if v is not None else "" for v in values]
            continue
        yield dict(zip(header, values, strict=False))


def apply(result: AssessResult, decisions: Decisions) -> None:
    """Every decision that still matches, applied to ``result`` (its points, totals and ranks);
    the others listed in ``decisions.unmatched``."""
    from nianbao.assess import rank
    from nianbao.rubric import Points, evaluate

    by_path = {a.report.path: a.report for a in result.everything}
    found_findings: set[str] = set()
    found_pairs: set[str] = set()
    dismissed_pairs: dict[str, list[CopyPair]] = {}
    of = {a.report.path: a for a in result.everything}
    for p in result.pairs:
        pid = pair_id(p, by_path)
        found_pairs.add(pid)
        d = decisions.pairs.get(pid)
        if not d or not d.get("verdict"):
            continue
        note = f"：{d['note']}" if d.get("note") else ""
        shown = ("已驳回，不算抄袭" if d["verdict"] == DISMISS else "已确认") + note
        for side in (p.a, p.b):
            if side.report in of:
                of[side.report].pair_reviews[pair_key(p)] = f"复核：{shown}"
            if d["verdict"] == DISMISS:
                dismissed_pairs.setdefault(side.report, []).append(p)
    found_points: set[str] = set()
    for a in result.everything:
        rid = report_id(a.report)
        marked, kept = [], []
        for f in a.findings:
            fid = finding_id(a.report, f)
            found_findings.add(fid)
            d = decisions.findings.get(fid)
            if d and d.get("verdict") == DISMISS:
                note = f"：{d['note']}" if d.get("note") else ""
                marked.append(replace(f, message=f"{f.message}〔复核：已驳回，不扣分{note}〕"))
                continue
            if d and d.get("verdict") == CONFIRM:
                f = replace(f, message=f"{f.message}〔复核：已确认〕")
            marked.append(f)
            kept.append(f)
        adjusted = {
            name: decisions.points[f"{rid}||{name}"]
            for name in (c.name for c in result.rubric)
            if f"{rid}||{name}" in decisions.points
        }
        found_points.update(f"{rid}||{name}" for name in adjusted)
        dismissed = dismissed_pairs.get(a.report.path, [])
        if len(kept) == len(a.findings) and not adjusted and not dismissed:
            continue
        summary = _without(a, dismissed, by_path) if dismissed else list(a.analysis.summary)
        points = evaluate(result.rubric, kept, summary)
        for k, p in enumerate(points):
            d = adjusted.get(p.criterion.name)
            if d is not None:
                value = max(0.0, min(p.criterion.max, float(d["points"])))
                note = f"：{d['note']}" if d.get("note") else ""
                reason = f"{MANUAL}调整为 {value:g} 分（计算得 {p.points:g} 分）{note}"
                points[k] = Points(p.criterion, value, (reason,), computed=p.points)
        a.findings = tuple(marked)
        a.points = points
    decisions.unmatched = [
        *(v.get("what") or k for k, v in decisions.findings.items() if k not in found_findings),
        *(v.get("what") or k for k, v in decisions.pairs.items() if k not in found_pairs),
        *(v.get("what") or k for k, v in decisions.points.items() if k not in found_points),
    ]
    rank(result)


def _without(a: Assessed, dismissed: list[CopyPair], by_path: dict[str, Report]) -> list[Score]:
    """The report's scores with the dismissed pairs' passages no longer copied."""
    from nianbao.scores import counted_pairs, share_score

    gone = {pair_key(p) for p in dismissed}
    mine = [p for p in a.analysis.pairs if pair_key(p) not in gone]
    copies, sticky = counted_pairs(a.report, mine, by_path)
    shares = {"copied_share": copies, "stickiness": sticky}
    return [
        share_score(s.name, a.report, shares[s.name])
        if s.name in shares and s.value is not None and s.part is None
        else s
        for s in a.analysis.summary
    ]
