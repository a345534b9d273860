"""The evaluation rubric (``models/rubric.yaml`` or an auditor's own): points per criterion,
derived from findings and scores, with the reasons that cost points."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from nianbao.errors import NianbaoError
from nianbao.records import Finding, Score
from nianbao.resources import MODELS
from nianbao.scores import SCORES, in_words, score_label
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
    computed: float | None = None  # set by the auditor (人工): the points computed


def load_rubric(path: str | Path | None = None) -> tuple[Criterion, ...]:
    import yaml

    path = Path(path) if path else DEFAULT
    hint = "对照 models/rubric.yaml 改正后重新运行"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, yaml.YAMLError) as exc:
        raise NianbaoError(path, f"评分细则文件无法读取或不是 YAML：{exc}", hint) from exc
    try:
        criteria = tuple(_criterion(k, c) for k, c in enumerate(data["criteria"], start=1))
    except KeyError as exc:
        raise NianbaoError(path, f"评分细则缺少 {exc.args[0]}", hint) from exc
    except (TypeError, ValueError) as exc:
        raise NianbaoError(path, f"评分细则格式不对：{exc}", hint) from exc
    if not criteria:
        raise NianbaoError(path, "评分细则中没有任何评分项 (rubric has no criteria)")
    return criteria


def _criterion(k: int, c: dict) -> Criterion:
    """One criterion of a rubric file, every name in it checked: a score or rule that does not
    exist would otherwise cost nothing and give full marks."""
    from nianbao.checks.rules import BY_ID

    where = f"第 {k} 个评分项"
    for key in ("id", "name", "max"):
        if key not in c:
            raise KeyError(
                f"{where}的 {key}（{ {'id': '编号', 'name': '名称', 'max': '满分'}[key] }）"
            )
    where = f"评分项“{c['name']}”"
    names = [c["score"]["name"]] if c.get("score") else []
    names += [d["score"] for d in c.get("deduct", ()) if "score" in d]
    for name in names:
        if name not in SCORES:
            raise ValueError(f"{where}用到的评分“{name}”不存在；可用：{'、'.join(SCORES)}")
    for d in c.get("deduct", ()):
        if "score" not in d and "rules" not in d:
            raise ValueError(f"{where}的扣分项既没有 rules 也没有 score")
        if "points" not in d:
            raise ValueError(f"{where}的扣分项缺少 points（每处扣几分）")
        unknown = [r for r in d.get("rules", ()) if r not in BY_ID]
        if unknown:
            raise ValueError(
                f"{where}用到的规则 {'、'.join(unknown)} 不存在（nianbao rules 列出全部规则）"
            )
    unmeasurable = str(c.get("unmeasurable", "zero"))
    if unmeasurable not in UNMEASURABLE:
        raise ValueError(f"{where}的 unmeasurable 只能是 zero 或 review，而不是“{unmeasurable}”")
    return Criterion(c["id"], c["name"], float(c["max"]), c.get("explain", ""), c.get("score"),
                     tuple(c.get("deduct", ())), unmeasurable)  # fmt: skip


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
                    reasons.append(in_words(c.score["name"], value))
        for rule in c.deduct:
            cap = float(rule.get("cap", c.max))
            if "score" in rule:
                value = _value(scores, rule["score"]) or 0.0
                lost = min(cap, float(rule["points"]) * value)
                if lost:
                    reasons.append(f"{in_words(rule['score'], value)}，扣 {lost:.1f} 分")
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
                    reasons.append(f"{_titles(unchecked)} 缺少表格无法核对，扣 {lost:g} 分")
                elif lost:
                    reasons.append(
                        f"{_titles({f.rule_id for f in hits})} 共 {len(hits)} 处，扣 {lost:g} 分"
                    )
            points -= lost
        out.append(Points(c, round(max(0.0, points), 1), tuple(reasons), review))
    return out


def _titles(rule_ids) -> str:
    """The rules' Chinese titles: 表三勾稽关系, not t3.identity."""
    from nianbao.checks.rules import BY_ID

    return "、".join(BY_ID[r].title if r in BY_ID else r for r in sorted(rule_ids))


def _table_missing(f: Finding) -> bool:
    return not f.evaluated and f.key == f.rule_id and f.message.startswith("无法检查：没有找到表")
