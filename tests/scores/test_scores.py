from __future__ import annotations

import pytest

from nianbao import read_report
from nianbao.scores import SCORES, analyse
from nianbao.scores.boilerplate import BoilerplateModel
from nianbao.segment.meta import unit_key
from tests.conftest import CORPUS, SEEDS


@pytest.fixture(scope="module")
def seeds():
    return analyse([read_report(p) for p in SEEDS], embedder=None)


def score(analysis, name, part=None):
    return analysis.score(name, part)


def test_every_score_is_reported_with_evidence(seeds):
    a000 = seeds[0]
    names = {s.name for s in a000.scores}
    assert names >= set(SCORES) - {"alignment"} | {"substance"}
    spec = score(a000, "specificity")
    assert 0 < spec.value < 1 and any(
        e.label == "specific" and e.detail == "QUANTITY" for e in spec.evidence
    )
    assert score(a000, "vague_density").evidence


def test_two_haiyuan_townships_share_a_sentence_but_not_the_stock_opening(seeds):
    a000 = seeds[0]
    assert score(a000, "copied_share").value > 0
    sources = dict(score(a000, "copied_share").detail)["sources"]
    assert any(path.endswith("001_05a85413c91bc29c.txt") for path in sources)
    copies = [p for p in a000.pairs if p.relation == "copy"]
    # their county's own sentence on accountability is shared text …
    assert any("责任追究" in p.a.text and "责任追究" in p.b.text for p in copies)
    assert all(p.strength >= 8 for p in copies)
    # … their opening (legal basis, format notice, statistics period) is the genre's wording
    assert not any("国办公开办函" in p.a.text or "统计数据" in p.a.text for p in copies)


def test_staleness(seeds):
    stale000 = score(seeds[0], "staleness")
    assert stale000.value >= 1 and "2023" in stale000.evidence[0].ref
    assert any("疫情防控" in e.ref for e in score(seeds[2], "staleness").evidence)


def test_coverage_names_missing_topics(seeds):
    cov = score(seeds[4], "coverage", "other")
    assert dict(cov.detail)["topics"]["fees"] is False  # seed 004 states no fee


def test_boilerplate_needs_a_reference_group():
    one = read_report(SEEDS[0])
    model = BoilerplateModel().fit([one])
    assert all(s.value is None for s in model.transform(one))
    many = [
        read_report(p) for p in sorted(CORPUS.rglob("*")) if p.suffix in {".txt", ".html", ".pdf"}
    ]
    model = BoilerplateModel().fit(many)
    units = {unit_key(r.meta.unit) for r in many}
    assert model.n_units_ == len(units) >= 6 and len(model.vocabulary_)
    values = [s.value for r in many for s in model.transform(r)]
    assert all(v is not None and 0 <= v <= 1 for v in values) and max(values) > 0


def test_substance_ranks_between_0_and_100(seeds):
    values = [score(a, "substance").value for a in seeds]
    assert all(0 <= v <= 100 for v in values) and len(set(values)) > 1
