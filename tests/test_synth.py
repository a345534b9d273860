"""The synthetic corpus generator: every layout parses back to its truth."""

from __future__ import annotations

import html
import json
import random
import re

import opencc
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


# --- the wild corpus ------------------------------------------------------------------------

_T2S = opencc.OpenCC("t2s")


@pytest.fixture(scope="module")
def wild(tmp_path_factory):
    out = tmp_path_factory.mktemp("wild")
    truth = synth.generate_wild(30, seed=5, out=out, per_county=(5, 5))
    return out, truth


def test_wild_same_seed_same_corpus(tmp_path, wild):
    out, truth = wild
    again = synth.generate_wild(30, seed=5, out=tmp_path, per_county=(5, 5))
    assert json.dumps(again, sort_keys=True) == json.dumps(truth, sort_keys=True)
    for entry in truth["reports"][:10] + truth["non_reports"]:
        assert (tmp_path / entry["file"]).read_bytes() == (out / entry["file"]).read_bytes()


def test_wild_truth_shape_and_files(wild):
    out, truth = wild
    assert truth["kind"] == "wild" and truth["seed"] == 5
    assert len(truth["reports"]) == 30
    for entry in truth["reports"]:
        assert (out / entry["file"]).is_file(), entry["file"]
        assert set(entry["tables"]) == {"table2", "table3", "table4"}
        assert entry["tables_readable"] == (
            not entry["ambiguous_cells"] and not entry["tables_as_images"]
        )
    assert {e["what"] for e in truth["non_reports"]} == set(synth.NON_REPORT_KINDS)
    for entry in truth["non_reports"]:
        assert (out / entry["file"]).is_file(), entry["file"]
    reports = {e["file"] for e in truth["reports"]}
    assert not reports & {e["file"] for e in truth["non_reports"]}


def test_wild_templates_are_county_wide(wild):
    _, truth = wild
    county = {e["file"]: e["county"] for e in truth["reports"]}
    assert truth["templates"]
    for t in truth["templates"]:
        assert len(t["files"]) >= 5
        assert {county[f] for f in t["files"]} == {t["county"]}


def test_wild_copies_between_units_and_sticky_within_one(wild):
    out, truth = wild
    by_file = {e["file"]: e for e in truth["reports"]}
    assert truth["copies"]
    for c in truth["copies"]:
        a, b = by_file[c["a"]], by_file[c["b"]]
        assert a["unit"] != b["unit"] and a["year"] == b["year"]
        assert c["cross_county"] == (a["county"] != b["county"])
        if b["layout"] != "pdf_text":  # (hard wraps and page numbers cut it)
            assert c["text"] in (out / c["b"]).read_text(encoding="utf-8"), c
    for s in truth["stickiness"]:
        assert by_file[s["report"]]["unit"] == by_file[s["previous"]]["unit"]


def test_wild_stock_spans_counties(wild):
    _, truth = wild
    county = {e["file"]: e["county"] for e in truth["reports"]}
    assert len(truth["stock"]) >= 15
    assert any(len({county[f] for f in s["files"]}) > 1 for s in truth["stock"])


def test_wild_traditional_files_have_no_simplified_markers(wild):
    out, truth = wild
    mirrors = [e for e in truth["reports"] if e["traditional"]]
    assert mirrors
    for entry in mirrors:
        text = (out / entry["file"]).read_text(encoding="utf-8")
        assert "報告" in text
        for simplified in ("报告", "开", "发布", "总体"):
            assert simplified not in text, (entry["file"], simplified)


def test_wild_one_line_bodies(wild):
    out, truth = wild
    exports = [e for e in truth["reports"] if e["one_line"]]
    assert exports
    for entry in exports:
        lines = (out / entry["file"]).read_text(encoding="utf-8").splitlines()
        body = [x for x in lines if x.strip() and not re.match(r"^\S{2,4}[:：]|^[=\-]{6,}$", x)]
        assert len(body) == 1, entry["file"]
        assert all(h in _T2S.convert(body[0]) for h in ("二、主动公开政府信息情况", "五、"))


def test_wild_plants_chrome_metadata_and_glued_digits(wild):
    out, truth = wild
    reports = truth["reports"]
    assert any(e["chrome"] for e in reports) and any(e["metadata_block"] for e in reports)
    assert any(e["glued_digits"] for e in reports) and any(e["traditional"] for e in reports)
    assert len({e["layout"] for e in reports}) == 5
    chrome = [e for e in reports if e["chrome"] and not e["traditional"]]
    for entry in chrome:
        text = html.unescape(
            re.sub(r"<[^>]+>", "", (out / entry["file"]).read_text(encoding="utf-8"))
        )
        assert re.search(r"当前位置|您现在的位置|首页 >", text) and "网站标识码" in text, entry[
            "file"
        ]
    for entry in reports:
        if entry["metadata_block"] and not entry["traditional"]:
            text = (out / entry["file"]).read_text(encoding="utf-8")
            assert re.search(r"索\s*引\s*号|发布时间|发布机构|来源", text), entry["file"]
    glued = [e for e in reports if e["glued_digits"]]
    for entry in glued:
        t3 = entry["tables"]["table3"]
        row = "".join(t3["new"][c] for c in ("natural_person", "business", "research", "nonprofit",
                                             "legal_services", "other_org", "total"))  # fmt: skip
        assert "申请数量" + row in _T2S.convert((out / entry["file"]).read_text(encoding="utf-8"))


def test_glued_digits_ambiguity_is_real():
    assert len(synth._splits("111000012", 7, synth._t3_ok)) > 1  # 11,1 or 1,11 or 1,1,10
    assert len(synth._splits("4000004", 7, synth._t3_ok)) == 1
    spec = synth.Spec(synth.Unit("甲县乙镇人民政府", "乙镇", "甲县"), 2023, "wild")
    synth.make_tables(spec, None, random.Random(3))
    synth._quiet(spec)
    synth._plant_ambiguity(spec, random.Random(4))
    assert any(c.startswith("table3:new.") for c in synth._ambiguous_cells(spec))
