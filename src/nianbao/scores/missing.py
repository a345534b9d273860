"""Missing is never perfect: scores as the ranking uses them, counting what a report lacks.

A share computed over the text a report has rises when a weak part is left out (drop part 五
and the copied or vague share may fall). So every narrative score also keeps its value per
narrative section (``detail["parts"]``), and what ranks a report — substance and the rubric's
points — reads the mean over the sections every report must have, a missing section counting
as the worst value and a present one never worse than that. Leaving out a part or a table then
never raises a report's standing. The values shown as measured stay the measured ones.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from nianbao.records import Score

# the narrative sections every report has, and the parts that belong to each
SECTIONS: dict[str, tuple[str, ...]] = {
    "general": ("general", "measures", "extra"),  # 一、总体情况 (and a 2019-style 主要措施)
    "problems": ("problems",),  # 五、存在的主要问题及改进情况
    "other": ("other", "fees"),  # 六、其他需要报告的事项 (and a separate 信息处理费 part)
}
SECTION_OF = {part: section for section, parts in SECTIONS.items() for part in parts}

# the worst value of each score, given to a missing section; a present section is clamped to it
VAGUE_WORST = 2.5  # 套话 per 100 characters: where the rubric's deduction reaches its cap
STALE_WORST = 2.0  # stale sentences in one section
WORST: dict[str, float] = {
    "specificity": 0.0,
    "coverage": 0.0,
    "copied_share": 1.0,
    "stickiness": 1.0,
    "boilerplate_share": 1.0,
    "vague_density": VAGUE_WORST,
    "staleness": STALE_WORST,
}
LOWER_IS_BETTER = {"copied_share", "stickiness", "boilerplate_share", "vague_density", "staleness"}


def section_of(part: str | None) -> str | None:
    return SECTION_OF.get(part or "")


def per_section(values: Mapping[str, float | None]) -> dict[str, float]:
    """Values per part → per section (the mean of the section's parts that have one)."""
    out: dict[str, list[float]] = {}
    for part, value in values.items():
        section = section_of(part)
        if section is not None and value is not None:
            out.setdefault(section, []).append(value)
    return {s: sum(v) / len(v) for s, v in out.items()}


def _clamp(name: str, value: float) -> float:
    worst = WORST[name]
    return min(value, worst) if name in LOWER_IS_BETTER else max(value, worst)


def sections_of(scores: Iterable[Score], name: str) -> dict[str, float] | None:
    """A score's value per section: from its ``parts`` detail, or from its per-part scores;
    None when the score was not measured at all."""
    mine = [s for s in scores if s.name == name]
    if not mine:
        return None
    detail = next((dict(s.detail).get("parts") for s in mine if dict(s.detail).get("parts")), None)
    if detail is not None:
        return per_section(detail)
    if all(s.part is None for s in mine):
        return None
    if all(s.value is None for s in mine):
        return None
    return per_section({s.part: s.value for s in mine if s.part})


def counted(scores: Iterable[Score], name: str) -> float | None:
    """The score over the sections every report must have, a missing one counting as the
    worst value: what substance and the rubric use. None when the score was not measured."""
    values = sections_of(scores, name)
    if values is None:
        return None
    return sum(_clamp(name, values.get(s, WORST[name])) for s in SECTIONS) / len(SECTIONS)


def missing_sections(scores: Iterable[Score], name: str) -> list[str]:
    values = sections_of(scores, name) or {}
    return [s for s in SECTIONS if s not in values]
