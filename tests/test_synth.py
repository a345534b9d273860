"""The synthetic corpus generator: every layout parses back to its truth."""

from __future__ import annotations

import json

import pytest
from evaluation import synth

from nianbao import read_report
from nianbao.checks import run_checks
from nianbao.checks.pairs import previous_reports


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    out = tmp_path_factory.mktemp("synth")
    truth = synth.generate(30, seed=11, out=out)
    return out, truth


def test_same_seed_same_corpus(tmp_path, corpus):
    out, truth = corpus
    again = synth.generate(30, seed=11, out=tmp_path)
    assert json.dumps(again, sort_keys=True) == json.dumps(truth, sort_keys=True)
    first = sorted(p for p in out.rglob("*") if p.suffix != ".pdf" and p.is_file())[0]
    assert (tmp_path / first.relative_to(out)).read_text(encoding="utf-8") == first.read_text(
        encoding="utf-8"
    )


def test_every_layout_parses_to_the_truth(corpus):
    out, truth = corpus
    assert {r["layout"] for r in truth["reports"]} == set(synth.LAYOUTS)
    for entry in truth["reports"]:
        report = read_report(out / entry["file"])
        for table_id, rows in entry["tables"].items():
            table = report.table(table_id)
            for row, cols in rows.items():
                for col, want in cols.items():
                    assert table.cell(row, col).raw == want, (entry["file"], table_id, row, col)


def test_planted_errors_are_caught_and_clean_reports_pass(corpus):
    out, truth = corpus
    reports = {e["file"]: read_report(out / e["file"]) for e in truth["reports"]}
    previous = previous_reports(reports.values())
    for entry in truth["reports"]:
        report = reports[entry["file"]]
        rules = {
            f.rule_id for f in run_checks(report, previous.get(id(report))) if f.severity != "info"
        }
        for planted in entry["planted"]:
            assert rules & set(planted["rules"]), (entry["file"], planted)
        if not entry["planted"]:
            assert not rules, (entry["file"], rules)
