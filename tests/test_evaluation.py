"""The gold evaluation is part of the test suite: every metric must stay at 1.0."""

from __future__ import annotations

from evaluation import parse_eval


def test_parse_eval_reaches_target(capsys):
    code = parse_eval.main([])
    out = capsys.readouterr().out
    for name in (
        "section_recall",
        "section_boundary_accuracy",
        "table_cell_accuracy",
        "metadata_accuracy",
    ):
        assert f"{name} = 1.0000" in out, out
    assert code == 0


def test_gold_covers_every_shipped_report():
    files = {p.name for p in parse_eval.GOLD.glob("*.json")}
    shipped = [
        p.relative_to(parse_eval.CORPUS).as_posix()
        for p in parse_eval.CORPUS.rglob("*")
        if p.is_file() and p.name != "MANIFEST.tsv"
    ]
    assert shipped
    for rel in shipped:
        assert rel.replace("/", "__") + ".json" in files


def test_check_eval_reaches_target(capsys):
    from evaluation import check_eval

    code = check_eval.main([])
    out = capsys.readouterr().out
    assert "false_alarms = 0" in out, out
    assert "gold_findings_recall = 1.0000" in out, out
    assert code == 0, out
