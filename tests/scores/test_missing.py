"""Missing is never perfect: taking a part or a table out of a report never raises its total or
its substance score, and a file that is not a report is never ranked."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from nianbao.assess import assess
from nianbao.report import read_report
from tests.conftest import CORPUS

TARGET = "000_638e3046a6f0f8e0.txt"
REFERENCE = ("001_05a85413c91bc29c.txt", "002_1fc2bd555d7c5ccd.txt", "004_197fbe14a0704b15.txt")


def _cuts() -> dict[str, list[tuple[int, int]]]:
    """Source spans to delete for each part and each table of the target report."""
    report = read_report(CORPUS / "seeds" / TARGET)
    doc = report.document
    out: dict[str, list[tuple[int, int]]] = {}
    for part in report.parts:
        if part.present and part.heading_span:
            end = max((e for _, e in part.body_spans), default=part.heading_span[1])
            end = max([end, *(e for t in report.tables for s, e in t.regions if s < end)])
            out[f"part:{part.id}"] = [doc.to_source((part.heading_span[0], end))]
    for table in report.tables:
        out[f"table:{table.id}"] = [doc.to_source(r) for r in table.regions]
    return out


def _scores(tmp: Path, name: str, text: str) -> tuple[float, float | None]:
    folder = tmp / name / "in"
    folder.mkdir(parents=True)
    for ref in REFERENCE:
        shutil.copy(CORPUS / "seeds" / ref, folder / ref)
    (folder / TARGET).write_text(text, encoding="utf-8")
    result = assess(folder, db=tmp / name / "store.sqlite", embeddings=False, jobs=1)
    mine = [a for a in result.assessed if a.report.path.endswith(TARGET)]
    if not mine:  # no longer a report at all: listed, not ranked
        assert any(e.path.endswith(TARGET) for e in result.not_reports)
        return 0.0, None
    return mine[0].total, mine[0].score("substance")


@pytest.mark.slow
def test_taking_out_a_part_or_a_table_never_raises_the_scores(tmp_path):
    original = (CORPUS / "seeds" / TARGET).read_text(encoding="utf-8")
    total, substance = _scores(tmp_path, "original", original)
    cuts = _cuts()
    assert len(cuts) >= 8  # six parts and tables 二–四
    for what, spans in cuts.items():
        text = original
        for start, end in sorted(spans, reverse=True):
            text = text[:start] + text[end:]
        t, s = _scores(tmp_path, what.replace(":", "_"), text)
        assert t <= total + 1e-9, (what, t, total)
        assert s is None or substance is None or s <= substance + 1e-9, (what, s, substance)
