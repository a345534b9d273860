"""alignment in part 五: each stated problem matched to the measure that answers it.

Problems and measures are grouped into items (an enumerated sentence — 一是, （一）, 1、 —
starts an item; the sentences after it elaborate). Each problem item is matched to the measure
item closest in meaning (sentence embeddings); below the threshold it stands unanswered.
"""

from __future__ import annotations

import re

import numpy as np

from nianbao.records import Evidence, NarrativeSentence, Report, Score

# Items of one report sit at 0.89–0.96 cosine to each other; a problem and the measure written
# for it stand at about 0.93 and above (the enumerated pairs of seeds 000 and 004, pingtan 2022).
SIMILARITY = 0.92
_ENUM = re.compile(
    r"^(?:[一二三四五六七八九十]+是|[（(][一二三四五六七八九十\d]+[）)]|\d{1,2}[、.．])"
)


def items(sentences: list[NarrativeSentence]) -> list[list[NarrativeSentence]]:
    out: list[list[NarrativeSentence]] = []
    for s in sentences:
        if out and not _ENUM.match(s.text) and s.index == out[-1][-1].index + 1:
            out[-1].append(s)
        else:
            out.append([s])
    return out


def alignment_score(report: Report, embedder=None) -> Score | None:
    if report.part("problems") is None:
        return None
    five = [s for s in report.sentences if s.part == "problems" and not s.heading]
    problems = items([s for s in five if s.role == "problem"])
    measures = items([s for s in five if s.role == "measure"])
    doc = report.document
    if not problems:
        return Score(
            "alignment",
            None,
            part="problems",
            detail=(("problems", 0), ("measures", len(measures))),
        )
    if not measures or embedder is None:
        value = 0.0 if not measures else None
        return Score("alignment", value, part="problems",
                     detail=(("problems", len(problems)), ("measures", len(measures))))  # fmt: skip
    pv = embedder.encode(["".join(s.text for s in it) for it in problems], "passage")
    mv = embedder.encode(["".join(s.text for s in it) for it in measures], "passage")
    from scipy.optimize import linear_sum_assignment

    sims = pv @ mv.T
    # one measure answers one problem: the assignment that maximises total similarity
    rows, cols = linear_sum_assignment(-sims)
    assigned = dict(zip(rows.tolist(), cols.tolist(), strict=True))
    evidence: list[Evidence] = []
    answered: set[int] = set()
    unanswered: list[str] = []
    matched = 0
    for i, it in enumerate(problems):
        j = assigned.get(i, int(np.argmax(sims[i])))
        span = (it[0].span[0], it[-1].span[1])
        if i in assigned and sims[i, j] >= SIMILARITY:
            matched += 1
            answered.add(j)
            m = measures[j]
            evidence.append(Evidence("text", doc.text[span[0]:span[1]], span, doc.to_source(span),
                                     label="problem", ref=f"measure:{m[0].span[0]}-{m[-1].span[1]}"))  # fmt: skip
        else:
            unanswered.append(it[0].text)
            evidence.append(Evidence("text", doc.text[span[0]:span[1]], span, doc.to_source(span),
                                     label="problem", detail="unanswered"))  # fmt: skip
    unmatched_measures = [m[0].text for j, m in enumerate(measures) if j not in answered]
    return Score(
        "alignment",
        round(matched / len(problems), 4),
        part="problems",
        evidence=tuple(evidence),
        detail=(("problems", len(problems)), ("measures", len(measures)),
                ("unanswered_problems", unanswered), ("measures_without_problem", unmatched_measures)),
    )  # fmt: skip
