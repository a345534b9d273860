"""coverage per part: the required topics of ``models/taxonomy.yaml``, each found or missing
with the sentence that covers it (a keyword, or closeness in meaning to the topic)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from nianbao.records import Evidence, Report, Score
from nianbao.resources import MODELS

SIMILARITY = 0.90  # query→passage cosine for a topic without a keyword; see text_eval


@dataclass(frozen=True)
class Topic:
    part: str
    id: str
    title: str
    description: str
    keywords: tuple[str, ...]


@lru_cache(maxsize=1)
def taxonomy() -> tuple[Topic, ...]:
    import yaml

    data = yaml.safe_load((MODELS / "taxonomy.yaml").read_text(encoding="utf-8"))
    return tuple(
        Topic(part, tid, t["title"], t["description"], tuple(t.get("keywords", ())))
        for part, topics in data.items()
        for tid, t in topics.items()
    )


def coverage_scores(report: Report, embedder=None) -> list[Score]:
    doc = report.document
    out: list[Score] = []
    by_part: dict[str, list] = {}
    for s in report.sentences:
        by_part.setdefault(s.part, []).append(s)
    topics = [t for t in taxonomy() if report.part(t.part) is not None]
    vectors = None
    if embedder is not None and topics:
        sentences = [s for t in topics for s in by_part.get(t.part, [])]
        texts = list(dict.fromkeys(s.text for s in sentences))
        if texts:
            sv = dict(zip(texts, embedder.encode(texts, "passage"), strict=True))
            tv = embedder.encode([t.description for t in topics], "query")
            vectors = (sv, dict(zip([(t.part, t.id) for t in topics], tv, strict=True)))
    for part in dict.fromkeys(t.part for t in topics):
        found: list[tuple[str, bool]] = []
        evidence: list[Evidence] = []
        for topic in (t for t in topics if t.part == part):
            hit = None
            for s in by_part.get(part, []):
                kw = next((k for k in topic.keywords if k in s.text), None)
                if kw:
                    hit = (s, f"keyword:{kw}")
                    break
            if hit is None and vectors is not None and by_part.get(part):
                sv, tv = vectors
                sims = [(float(np.dot(sv[s.text], tv[(part, topic.id)])), s) for s in by_part[part]]
                best, s = max(sims, key=lambda x: x[0])
                if best >= SIMILARITY:
                    hit = (s, f"similarity:{best:.3f}")
            found.append((topic.id, hit is not None))
            if hit:
                s, how = hit
                evidence.append(Evidence("text", s.text, s.span, doc.to_source(s.span),
                                         label="topic", detail=topic.id, ref=how))  # fmt: skip
        share = sum(ok for _, ok in found) / len(found)
        out.append(Score("coverage", round(share, 4), part=part, evidence=tuple(evidence),
                         detail=(("topics", dict(found)),)))  # fmt: skip
    return out
