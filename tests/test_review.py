"""The auditor's decisions made in the workbook last from one run to the next."""

from __future__ import annotations

import json
import shutil
from types import SimpleNamespace

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from nianbao.cli.main import app
from nianbao.render.xlsx import TITLE_ROWS
from nianbao.review import FILE
from tests.conftest import CORPUS

runner = CliRunner()
HEAD = TITLE_ROWS + 1  # the header row of 评估表


def _run(folder, out, *extra):
    result = runner.invoke(app, ["assess", str(folder), "--out", str(out), "--no-embeddings",
                                 "--jobs", "1", "--year", "2024", *extra])  # fmt: skip
    assert result.exit_code == 0, result.output
    return result.output


def _sheet(out):
    return load_workbook(out / "evaluation-sheet.xlsx")


def _table(ws, head: int = 1) -> tuple[list, list[tuple]]:
    header = [c.value for c in ws[head]]
    return header, list(ws.iter_rows(min_row=head + 1, values_only=True))


def _points(out) -> dict[str, dict[str, float]]:
    header, rows = _table(_sheet(out)["评估表"], HEAD)
    return {r[header.index("编号")]: {h.split("（")[0]: r[k] for k, h in enumerate(header)
                                     if h and "（" in h} for r in rows}  # fmt: skip


@pytest.fixture
def reviewed(tmp_path):
    """Seeds assessed, then reviewed in the workbook as an auditor does: a finding and a pair
    dismissed, a criterion's points corrected with a note."""
    folder, out = tmp_path / "in", tmp_path / "out"
    shutil.copytree(CORPUS / "seeds", folder)
    _run(folder, out)
    wb = _sheet(out)
    fs = wb["检查结果"]
    fh, frows = _table(fs)
    k = next(i for i, r in enumerate(frows) if r[fh.index("规则编号")] == "t3.cells")
    fs.cell(k + 2, fh.index("复核") + 1, "驳回")
    fs.cell(k + 2, fh.index("复核说明") + 1, "原表在附件中，填写完整")
    finding = frows[k][fh.index("编号")]
    ps = wb["共有段落"]
    ph, prows = _table(ps)
    ps.cell(2, ph.index("复核") + 1, "驳回")
    ps.cell(2, ph.index("复核说明") + 1, "县里统一下发的文字")
    pair = prows[0][ph.index("编号")]
    ws = wb["评估表"]
    header, rows = _table(ws, HEAD)
    column = next(k for k, h in enumerate(header) if h and h.startswith("规范性"))
    ws.cell(HEAD + 1, column + 1, 9)
    ws.cell(HEAD + 1, header.index("复核意见") + 1, "发布时间核实晚于规定")
    unit = rows[0][header.index("编号")]
    wb.save(out / "evaluation-sheet.xlsx")
    return SimpleNamespace(folder=folder, out=out, finding=finding, pair=pair, unit=unit,
                           before=_points(out))  # fmt: skip


def _decided(out, sheet: str, ident: str) -> tuple:
    header, rows = _table(_sheet(out)[sheet])
    row = next(r for r in rows if r[header.index("编号")] == ident)
    return row[header.index("复核")], row[header.index("复核说明")]


def test_decisions_are_applied_kept_and_written_again_when_a_report_is_added(reviewed):
    r = reviewed
    shutil.copy(CORPUS / "html" / "pingtan-2024.html", r.folder)  # one more report
    _run(r.folder, r.out)
    after = _points(r.out)
    assert after[r.unit]["规范性"] == 9  # the correction replaces the computed points
    header, rows = _table(_sheet(r.out)["评估表"], HEAD)
    row = next(x for x in rows if x[header.index("编号")] == r.unit)
    assert (
        row[header.index("人工调整")].startswith("规范性 ")
        and "→9" in row[header.index("人工调整")]
    )
    assert row[header.index("复核意见")] == "发布时间核实晚于规定"
    assert _decided(r.out, "检查结果", r.finding) == ("驳回", "原表在附件中，填写完整")
    assert _decided(r.out, "共有段落", r.pair) == ("驳回", "县里统一下发的文字")
    pages = " ".join(p.read_text(encoding="utf-8") for p in (r.out / "reports").glob("*.html"))
    assert "复核：已驳回，不算抄袭：县里统一下发的文字" in pages  # the pair, on its reports' pages
    assert "复核：已驳回，不扣分：原表在附件中，填写完整" in pages  # the finding, on its page
    # a dismissed finding costs nothing: 数据准确性 of its report gains the point it cost
    assert any(after[k]["数据准确性"] > r.before[k]["数据准确性"] for k in r.before)
    kept = json.loads((r.out / FILE).read_text(encoding="utf-8"))
    assert r.finding in kept["findings"] and r.pair in kept["pairs"] and kept["points"]
    # and a rerun with nothing new keeps all of it
    _run(r.folder, r.out)
    assert _points(r.out)[r.unit]["规范性"] == 9
    assert _decided(r.out, "检查结果", r.finding) == ("驳回", "原表在附件中，填写完整")


def test_a_dismissed_pair_costs_no_originality(reviewed):
    r = reviewed
    _run(r.folder, r.out)
    after = _points(r.out)
    assert any(after[k]["原创性"] > r.before[k]["原创性"] for k in after)


def test_decisions_outlive_a_rubric_change_and_the_workbook(reviewed, tmp_path):
    r = reviewed
    rubric = tmp_path / "rubric.yaml"
    text = (CORPUS.parent / "models" / "rubric.yaml").read_text(encoding="utf-8")
    rubric.write_text(text.replace("max: 15\n    explain: 叙述中具体事项", "max: 12\n    explain: 叙述中具体事项"),
                      encoding="utf-8")  # fmt: skip
    _run(r.folder, r.out, "--rubric", str(rubric))
    assert _points(r.out)[r.unit]["规范性"] == 9
    (r.out / "evaluation-sheet.xlsx").unlink()  # the stored decisions still hold
    _run(r.folder, r.out)
    assert _points(r.out)[r.unit]["规范性"] == 9
    assert _decided(r.out, "检查结果", r.finding)[0] == "驳回"


def test_a_decision_whose_report_is_gone_is_kept_and_listed(reviewed):
    r = reviewed
    _run(r.folder, r.out)  # the decisions are read and kept
    (r.folder / "002_1fc2bd555d7c5ccd.txt").unlink()  # the report of the corrected unit
    assert r.unit.startswith("三门峡市陕州区西李村乡")
    output = _run(r.folder, r.out)
    assert "复核意见找不到对应" in output
    assert "未匹配的复核" in _sheet(r.out).sheetnames
    assert json.loads((r.out / FILE).read_text(encoding="utf-8"))["points"]


def test_a_damaged_or_tampered_decision_file_is_ignored(tmp_path):
    folder, out = tmp_path / "in", tmp_path / "out"
    shutil.copytree(CORPUS / "seeds", folder)
    out.mkdir()
    (out / FILE).write_text(
        '{"findings": [1, 2], "points": {"x": {"points": "nan"}}}', encoding="utf-8"
    )
    _run(folder, out)
    (out / FILE).write_bytes(b"\x80\x81 not json")
    _run(folder, out)
