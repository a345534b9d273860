from __future__ import annotations

import json
import shutil

from typer.testing import CliRunner

from nianbao.cli.main import app
from tests.conftest import CORPUS, seed

runner = CliRunner()


def test_parse_one_report_shows_parts_and_tables():
    result = runner.invoke(app, ["parse", str(seed("004"))])
    assert result.exit_code == 0, result.output
    assert "海东市平安区古城回族乡人民政府" in result.output
    assert "收到和处理政府信息公开申请情况" in result.output
    assert "空" in result.output  # the blank cell of table 2


def test_parse_folder_summary():
    result = runner.invoke(app, ["parse", str(CORPUS / "seeds")])
    assert result.exit_code == 0, result.output
    assert "5 份报告" in result.output


def test_parse_json_is_the_full_record():
    result = runner.invoke(app, ["parse", str(seed("001")), "--json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["meta"]["unit"] == "海原县郑旗乡人民政府"
    t3 = next(t for t in data["tables"] if t["id"] == "table3")
    assert t3["has_total_column"] is False
    cell = t3["cells"][0]
    assert set(cell) >= {"row", "col", "raw", "kind", "value", "span", "source_span"}


def test_unreadable_file_is_one_clear_line_and_exit_3(tmp_path):
    bad = tmp_path / "empty.pdf"
    bad.write_bytes(b"")
    result = runner.invoke(app, ["parse", str(bad), str(seed("000"))])
    assert result.exit_code == 3  # done, with a file that could not be read
    assert "empty.pdf" in result.output
    assert "Traceback" not in result.output


def test_check_exit_codes_and_evidence():
    clean = runner.invoke(app, ["check", str(seed("002"))])
    assert clean.exit_code == 0, clean.output
    bad = runner.invoke(app, ["check", str(CORPUS / "pdf" / "huaian-hongzequ-2023.pdf")])
    assert bad.exit_code == 1
    assert "t4.total" in bad.output and "行政复议·结果维持=“10”" in bad.output


def test_check_pairs_years_and_json():
    result = runner.invoke(app, ["check", str(CORPUS / "html"), "--json", "--severity", "warning"])
    data = json.loads(result.stdout)
    by_year = {d["year"]: d for d in data}
    assert by_year[2024]["previous"].endswith("pingtan-2023.html")
    keys = {f["key"] for f in by_year[2024]["findings"]}
    assert "xyear.in_force.normative" in keys
    f = next(f for f in by_year[2020]["findings"] if f["rule"] == "t3.result_total")
    assert f["left"] == 26 and f["right"] == 20 and f["evidence"][0]["source_span"]


def test_unreadable_files_end_every_command_with_exit_3(tmp_path):
    bad = tmp_path / "in" / "x.pdf"
    bad.parent.mkdir()
    bad.write_bytes(b"%PDF-1.4 broken")
    assert runner.invoke(app, ["check", str(bad)]).exit_code == 3
    shutil.copy(seed("000"), tmp_path / "in")
    result = runner.invoke(app, ["assess", str(tmp_path / "in"), "--out", str(tmp_path / "out"),
                                 "--no-embeddings"])  # fmt: skip
    assert result.exit_code == 3 and (tmp_path / "out" / "index.html").exists()


def test_rules_list_and_explain():
    listing = runner.invoke(app, ["rules"])
    assert (
        listing.exit_code == 0
        and "t3.identity" in listing.output
        and "sec6.fee_statement" in listing.output
    )
    explain = runner.invoke(app, ["rules", "explain", "xyear.carryover"])
    assert explain.exit_code == 0 and "结转" in explain.output
    assert runner.invoke(app, ["rules", "explain", "nope"]).exit_code == 2
    explain = runner.invoke(app, ["rules", "explain", "t3.identity"])
    assert "{" not in explain.output and "需要：表三" in explain.output  # no template fields
    assert "实例（corpora/" in explain.output  # a worked example from a shipped report


def test_text_without_embeddings_json():
    result = runner.invoke(
        app,
        ["text", str(seed("000")), "--corpus", str(CORPUS / "seeds"), "--json", "--no-embeddings"],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert len(data) == 1 and data[0]["file"].endswith("000_638e3046a6f0f8e0.txt")
    scores = data[0]["scores"]
    assert {
        "specificity",
        "vague_density",
        "copied_share",
        "substance",
        "boilerplate_share.problems",
    } <= set(scores)
    # two townships of 海原县 share their county's own sentence on accountability
    assert any(
        p["relation"] == "copy" and p["b"]["report"].endswith("001_05a85413c91bc29c.txt")
        for p in data[0]["pairs"]
    )
    assert all(p["strength"] >= 8 for p in data[0]["pairs"])


def test_help_and_usage_errors_speak_chinese_where_typer_allows():
    shown = runner.invoke(app, ["assess", "--help"], env={"COLUMNS": "120"})
    assert shown.exit_code == 0 and "选项" in shown.output and "[默认：out]" in shown.output
    assert "--year" in shown.output and "评估年度" in shown.output
    wrong = runner.invoke(app, ["assess"], env={"COLUMNS": "120"})
    assert wrong.exit_code == 2 and "用法错误" in wrong.output and "查看说明" in wrong.output
