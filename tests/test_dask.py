"""The Dask engine: a local cluster of two workers gives what the local engine gives."""

from __future__ import annotations

import shutil

import pytest

from nianbao.assess import assess
from tests.conftest import CORPUS

pytest.importorskip("distributed")


def test_dask_local_cluster_gives_the_same_results_as_the_local_engine(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for p in sorted((CORPUS / "seeds").glob("*.txt")) + sorted((CORPUS / "html").glob("*"))[:3]:
        shutil.copy(p, folder / p.name)
    local = assess(folder, db=tmp_path / "local.db", embeddings=False, jobs=2)
    dask = assess(folder, db=tmp_path / "dask.db", embeddings=False, jobs=2, engine="dask")
    assert dask.parsed == local.parsed == len(list(folder.iterdir()))

    def summary(result):
        return (
            {a.report.path: (a.total, [s.value for s in a.analysis.scores], a.findings)
             for a in result.assessed},
            [(p.relation, p.kind, p.a.report, p.a.span, p.b.report, p.b.span) for p in result.pairs],
        )  # fmt: skip

    assert summary(dask) == summary(local)
