from __future__ import annotations

import json

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


def test_unreadable_file_is_one_clear_line_and_exit_2(tmp_path):
    bad = tmp_path / "empty.pdf"
    bad.write_bytes(b"")
    result = runner.invoke(app, ["parse", str(bad), str(seed("000"))])
    assert result.exit_code == 2
    assert "empty.pdf" in result.output
    assert "Traceback" not in result.output
