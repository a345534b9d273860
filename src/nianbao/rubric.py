"""The evaluation rubric (``models/rubric.yaml`` or an auditor's own): points per criterion,
derived from findings and scores, with the reasons that cost points."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from nianbao.errors import NianbaoError
from nianbao.records import Finding, Score
from nianbao.resources import MODELS
from nianbao.scores import score_label
from nianbao.scores.missing import WORST, counted

DEFAULT = MODELS / "rubric.yaml"


UNMEASURABLE = ("zero", "review")


@dataclass(frozen=True)
class Criterion:
    id: str
    name: str
    max: float
    explain: str
    score: dict | None
    deduct: tuple[dict, ...]
    # what a criterion that cannot be measured earns: never full marks. "zero": 0 points;
    # "review": 0 points until the auditor scores it (shown as 需人工评分)
    unmeasurable: str = "zero"


@dataclass(frozen=True)
class Points:
    criterion: Criterion
    points: float
    reasons: tuple[str, ...]
    review: bool = False  # could not be measured: left for the auditor


def load_rubric(path: str | Path | None = None) -> tuple[Criterion, ...]:
    import yaml

    path = Path(path) if path else DEFAULT
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        criteria = tuple(
            Criterion(
                c["id"],
                c["name"],
                float(c["max"]),
                c.get("explain", ""),
                c.get("score"),
                tuple(c.get("deduct", ())),
                str(c.get("unmeasurable", "zero")),
            )
            for c in data["criteria"]
        )
        for c in criteria:
            if c.unmeasurable not in UNMEASURABLE:
                raise ValueError(
                    f"{c.id}: unmeasurable 只能是 zero 或 review，而不是“{c.unmeasurable}”"
                )
    except (OSError, KeyError, TypeError, ValueError, yaml.YAMLError) as exc:
        raise NianbaoError(
            path, f"评分细则文件无法读取或格式不对 (bad rubric file): {exc}"
        ) from exc
    if not criteria:
        raise NianbaoError(path, "评分细则中没有任何评分项 (rubric has no criteria)")
    return criteria


def _value(scores: list[Score], name: str) -> float | None:
    """The score as ranking counts it: over the sections every report has, a missing one at the
    worst value (``scores.missing``); a score of the report as a whole as it is."""
    if name in WORST:
        return counted(scores, name)
    values = [s.value for s in scores if s.name == name and s.value is not None]
    return sum(values) / len(values) if values else None


def evaluate(
    criteria: tuple[Criterion, ...], findings: list[Finding], scores: list[Score]
) -> list[Points]:
    out: list[Points] = []
    for c in criteria:
        reasons: list[str] = []
        points = c.max
        review = False
        if c.score:
            value = _value(scores, c.score["name"])
            lo, hi = float(c.score.get("from", 0.0)), float(c.score.get("to", 1.0))
            if value is None:
                points = 0.0
                review = c.unmeasurable == "review"
                reasons.append(
                    f"{score_label(c.score['name'])}无法计算，"
                    + ("需人工评分" if review else "按 0 分计")
                )
            else:
                share = max(0.0, min(1.0, (value - lo) / (hi - lo))) if hi != lo else 1.0
                points = c.max * share
                if share < 1:
                    reasons.append(f"{score_label(c.score['name'])} {value:.3f}")
        for rule in c.deduct:
            cap = float(rule.get("cap", c.max))
            if "score" in rule:
                value = _value(scores, rule["score"]) or 0.0
                lost = min(cap, float(rule["points"]) * value)
                if lost:
                    reasons.append(f"{score_label(rule['score'])} {value:.2f}，扣 {lost:.1f}")
            else:
                # a rule that could not run for want of its table cannot be passed: the line
                # costs all it can (a report never gains by leaving a table out)
                unchecked = sorted({f.rule_id for f in findings
                                    if f.rule_id in rule["rules"] and _table_missing(f)})  # fmt: skip
                hits = [
                    f for f in findings
                    if f.rule_id in rule["rules"] and f.severity in rule.get("severity", ["error"]) and f.evaluated
                ]  # fmt: skip
                lost = cap if unchecked else min(cap, float(rule["points"]) * len(hits))
                if unchecked:
                    reasons.append("、".join(unchecked) + f" 缺少表格无法核对，扣 {lost:g}")
                elif lost:
                    reasons.append(
                        "、".join(sorted({f.rule_id for f in hits}))
                        + f" 共 {len(hits)} 处，扣 {lost:g}"
                    )
            points -= lost
        out.append(Points(c, round(max(0.0, points), 1), tuple(reasons), review))
    return out


def _table_missing(f: Finding) -> bool:
    return not f.evaluated and f.key == f.rule_id and f.message.startswith("无法检查：没有找到表")
