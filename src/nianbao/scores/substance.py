"""substance (0–100): the narrative scores combined with the weights of models/substance.yaml."""

from __future__ import annotations

from functools import lru_cache

from nianbao.records import Score
from nianbao.resources import MODELS
from nianbao.scores.missing import SECTIONS, counted, missing_sections


@lru_cache(maxsize=1)
def weights() -> dict:
    import yaml

    return yaml.safe_load((MODELS / "substance.yaml").read_text(encoding="utf-8"))


def substance_score(scores: list[Score]) -> Score:
    """Each component over the narrative sections every report has, a missing section counting
    as the worst (``scores.missing``): a component that cannot be measured counts 0, never
    full marks, except freshness, which needs last year's report of the unit to exist."""
    cfg = weights()
    spec = counted(scores, "specificity")
    alignment = next((s.value for s in scores if s.name == "alignment"), None)
    parts = {
        # a fifth of the narrative in concrete items is already very concrete for this genre
        "specificity": None if spec is None else min(1.0, spec / 0.2),
        "originality": None if (v := counted(scores, "copied_share")) is None else 1 - v,
        "freshness": None if (v := counted(scores, "stickiness")) is None else 1 - v,
        "non_boilerplate": None if (v := counted(scores, "boilerplate_share")) is None else 1 - v,
        "coverage": counted(scores, "coverage"),
        "alignment": alignment,
    }
    # boilerplate needs a reference group, freshness a previous report: without them they are
    # unknown for every report alike and left out; anything else unmeasured counts 0
    optional = {"freshness", "non_boilerplate"}
    used = {
        k: (0.0 if v is None else v) for k, v in parts.items() if v is not None or k not in optional
    }
    total_w = sum(cfg["weights"][k] for k in used)
    value = sum(cfg["weights"][k] * v for k, v in used.items()) / total_w * 100 if total_w else 0.0
    vague = counted(scores, "vague_density") or 0.0
    stale = counted(scores, "staleness") or 0.0
    penalty_vague = min(10.0, cfg["penalties"]["vague_density"] * vague)
    penalty_stale = min(10.0, cfg["penalties"]["staleness"] * stale * len(SECTIONS))
    value = max(0.0, value - penalty_vague - penalty_stale)
    detail = (
        *tuple((k, None if v is None else round(v, 4)) for k, v in parts.items()),
        ("penalty_vague", round(penalty_vague, 2)),
        ("penalty_stale", round(penalty_stale, 2)),
        ("missing_sections", missing_sections(scores, "specificity")),
    )
    return Score("substance", round(value, 1), detail=detail)
