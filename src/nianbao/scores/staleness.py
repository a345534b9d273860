"""staleness: sentences that belong to another year — 疫情防控 after the pandemic years, last
year's 工作要点 cited as this year's guide, targets set for a year already past."""

from __future__ import annotations

import re

from nianbao.records import Evidence, Report, Score

_PANDEMIC = re.compile(r"疫情防控|新冠|疫苗接种|核酸检测|涉疫|抗疫|防疫")


def staleness_score(report: Report) -> Score:
    year = report.meta.year
    doc = report.document
    evidence: list[Evidence] = []
    if year is None:
        return Score("staleness", None)
    parts = {s.part: 0.0 for s in report.sentences if not s.heading and s.part != "preamble"}
    for s in report.sentences:
        reasons = []
        if year >= 2023 and (m := _PANDEMIC.search(s.text)):
            reasons.append(f"{year}年度报告仍写“{m.group()}”")
        for m in re.finditer(r"((?:19|20)\d\d)\s*年(?:度)?[^。；]{0,12}?(?:工作)?要点", s.text):
            cited = int(m.group(1))
            if cited < year and re.search(r"按照|根据|依据|对照|落实", s.text[: m.start()][-12:]):
                reasons.append(f"引用{cited}年的工作要点指导{year}年工作")
        for m in re.finditer(r"(?:力争|争取|计划|预计|到)\s*((?:19|20)\d\d)\s*年", s.text):
            if int(m.group(1)) <= year and not re.search(r"已|完成", s.text):
                reasons.append(f"把{m.group(1)}年当作未来目标")
        if reasons:
            parts[s.part] = parts.get(s.part, 0.0) + 1
            evidence.append(Evidence("text", s.text, s.span, doc.to_source(s.span), label="stale",
                                     ref="；".join(reasons)))  # fmt: skip
    return Score("staleness", float(len(evidence)), evidence=tuple(evidence),
                 detail=(("parts", parts),))  # fmt: skip
