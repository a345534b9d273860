"""substance (0–100): the narrative scores combined with the weights of models/substance.yaml."""

from __future__ import annotations

from functools import lru_cache

from nianbao.records import Score
from nianbao.text.nlp import MODELS


@lru_cache(maxsize=1)
def weights() -> dict:
    import yaml

    return yaml.safe_load((MODELS / "substance.yaml").read_text(encoding="utf-8"))


def _mean(scores: list[Score], name: str) -> float | None:
    values = [s.value for s in scores if s.name == name and s.value is not None]
    return sum(values) / len(values) if values else None


def substance_score(scores: list[Score]) -> Score:
    cfg = weights()
    spec = _mean(scores, "specificity")
    parts = {
        # a fifth of the narrative in concrete items is already very concrete for this genre
        "specificity": None if spec is None else min(1.0, spec / 0.2),
        "originality": None if (v := _mean(scores, "copied_share")) is None else 1 - v,
        "freshness": 1.0 if (v := _mean(scores, "stickiness")) is None else 1 - v,
        "non_boilerplate": None if (v := _mean(scores, "boilerplate_share")) is None else 1 - v,
        "coverage": _mean(scores, "coverage"),
        "alignment": _mean(scores, "alignment"),
    }
    total_w = sum(cfg["weights"][k] for k, v in parts.items() if v is not None)
    value = (
        sum(cfg["weights"][k] * v for k, v in parts.items() if v is not None) / total_w * 100
        if total_w
        else 0.0
    )
    vague = _mean(scores, "vague_density") or 0.0
    stale = _mean(scores, "staleness") or 0.0
    penalty_vague = min(10.0, cfg["penalties"]["vague_density"] * vague)
    penalty_stale = min(10.0, cfg["penalties"]["staleness"] * stale)
    value = max(0.0, value - penalty_vague - penalty_stale)
    detail = (
        *tuple((k, None if v is None else round(v, 4)) for k, v in parts.items()),
        ("penalty_vague", round(penalty_vague, 2)),
        ("penalty_stale", round(penalty_stale, 2)),
    )
    return Score("substance", round(value, 1), detail=detail)
