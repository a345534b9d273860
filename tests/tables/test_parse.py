from __future__ import annotations

import pytest

from nianbao.records import RawDocument
from nianbao.report import build_report
from nianbao.tables.parse import cell_kind

HEAD = "某某镇人民政府2024年政府信息公开工作年度报告\n一、总体情况\n全年工作有序开展。\n二、主动公开政府信息情况\n"


def report_of(text: str):
    return build_report(RawDocument(path="t.md", fmt="md", text=text))


@pytest.mark.parametrize(
    ("raw", "kind", "value"),
    [
        ("0", "number", 0.0),
        ("7730.28", "number", 7730.28),
        ("-18", "number", -18.0),
        ("1,136", "number", 1136.0),
        ("75394432.52元", "number", 75394432.52),
        ("", "blank", None),
        ("/", "slash", None),
        ("—", "dash", None),
        ("——", "dash", None),
        ("无", "text", None),
        ("见附件", "text", None),
    ],
)
def test_cell_kinds(raw, kind, value):
    assert cell_kind(raw) == (kind, value)


def test_blank_slash_dash_stay_different_in_a_pipe_table():
    text = HEAD + (
        "| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n|---|---|---|---|\n"
        "| 规章 | 0 | / | — |\n| 行政规范性文件 | 3 |  | 12 |\n"
    )
    t2 = report_of(text).table("table2")
    assert [t2.cell("rules", c).kind for c in ("issued", "repealed", "in_force")] == [
        "number",
        "slash",
        "dash",
    ]
    normative = [t2.cell("normative", c) for c in ("issued", "repealed", "in_force")]
    assert [c.raw for c in normative] == ["3", "", "12"]
    assert normative[1].kind == "blank"


def test_space_separated_rows_broken_across_lines():
    text = (
        HEAD
        + "三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量 3 1 0 0 0\n0 4\n二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0\n"
    )
    t3 = report_of(text).table("table3")
    assert [
        t3.cell("new", c).raw for c in ("natural_person", "business", "other_org", "total")
    ] == ["3", "1", "0", "4"]


def test_short_stream_row_is_missing_not_filled():
    text = (
        HEAD
        + "三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量 3 1 0\n二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0\n"
    )
    r = report_of(text)
    t3 = r.table("table3")
    assert [
        t3.cell("new", c).kind for c in ("natural_person", "business", "research", "nonprofit")
    ] == [
        "number",
        "number",
        "number",
        "missing",
    ]
    assert any("本年新收" in n for n in r.notes)


def test_no_tables_means_no_tables():
    r = report_of(HEAD + "规章制度健全。\n")
    assert r.tables == ()
