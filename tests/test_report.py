"""The whole reading pipeline on every real layout of the shipped corpus."""

from __future__ import annotations

import pytest

from nianbao import read_report
from tests.conftest import CORPUS, seed


@pytest.fixture(scope="module")
def reports():
    paths = {
        "000": seed("000"), "001": seed("001"), "002": seed("002"), "003": seed("003"),
        "004": seed("004"), "pdf23": CORPUS / "pdf" / "huaian-hongzequ-2023.pdf",
        "html19": CORPUS / "html" / "pingtan-2019.html",
        "docx": CORPUS / "docx" / "format-2021-blank-template.docx",
    }  # fmt: skip
    return {k: read_report(p) for k, p in paths.items()}


def ids(report):
    return [p.id for p in report.parts if p.present]


def test_seed000_table4_printed_after_part_five(reports):
    r = reports["000"]
    assert ids(r) == ["general", "proactive", "requests", "appeals", "problems", "other"]
    assert r.part("appeals").body == ""
    problems = r.part("problems")
    assert problems.body.endswith("避免出现因签字不全而无法及时公示的现象。")
    t4 = r.table("table4")
    assert t4 is not None and len(t4.cells) == 15
    # table 4 sits inside part 五's extent but is not part of its body
    s, e = problems.span
    assert s <= t4.regions[0][0] < e
    assert "行政复议" not in problems.body


def test_seed001_no_total_column_and_truncated_rows(reports):
    t3 = reports["001"].table("table3")
    assert not t3.has_total_column
    assert t3.cell("new", "total").kind == "missing"
    assert t3.cell("new", "other_org").raw == "0"
    assert t3.cell("denied_1", "legal_services").raw == "0"
    assert t3.cell("denied_1", "other_org").kind == "missing"  # lost by the export
    assert reports["001"].part("problems").title == "存在主要问题及改进情况"


def test_seed003_seven_parts_and_2019_format(reports):
    r = reports["003"]
    assert ids(r) == [
        "general",
        "measures",
        "proactive",
        "requests",
        "appeals",
        "problems",
        "other",
    ]
    assert [p.number for p in r.parts if p.present][-1] == "七"
    assert r.meta.format_version == "2019" and r.meta.year == 2020
    t2 = r.table("table2")
    assert t2.format_version == "2019"
    assert {c.row for c in t2.cells} >= {"other_services", "procurement"}
    assert r.table("table3").cell("other", "total").raw == "0"
    assert r.table("table3").cell("other_1", "total") is None


def test_seed004_parts_out_of_order_and_blank_cell(reports):
    r = reports["004"]
    assert ids(r) == ["general", "requests", "proactive", "appeals", "problems", "other"]
    blank = r.table("table2").cell("normative", "in_force")
    assert blank.kind == "blank" and blank.raw == ""
    assert r.table("table2").cell("normative", "repealed").kind == "number"
    assert r.meta.published == "2025-01-03"
    assert r.meta.unit == "海东市平安区古城回族乡人民政府"
    assert r.part("other").body == "没有其他需要报告的事项"
    assert r.table("table3").cell("total", "total").raw == "0"


def test_pdf_cells_point_back_to_the_source(reports):
    r = reports["pdf23"]
    t3 = r.table("table3")
    assert t3.value("new", "natural_person") == 21
    assert t3.value("unable_1", "total") == 10
    cell = r.table("table2").cell("admin_fees", "amount")
    assert cell.value == pytest.approx(7730.28)
    assert r.document.source_text(cell.span) == "7730.28"
    t4 = r.table("table4")
    assert (t4.value("review", "upheld"), t4.value("review", "total")) == (10, 0)


def test_html_2019_format(reports):
    r = reports["html19"]
    assert r.meta.format_version == "2019" and r.meta.published == "2020-01-20"
    amount = r.table("table2").cell("procurement", "amount")
    assert amount.raw == "75394432.52元" and amount.value == pytest.approx(75394432.52)


def test_blank_template(reports):
    r = reports["docx"]
    assert r.meta.unit is None and r.meta.year is None
    assert all(c.kind == "blank" for t in r.tables for c in t.cells if c.kind != "missing")
    assert len(r.table("table3").cells) == 25 * 7


def test_every_cell_span_maps_to_its_text(reports):
    for r in reports.values():
        for t in r.tables:
            for c in t.cells:
                if c.span is None:
                    continue
                assert r.document.text[c.span[0] : c.span[1]] == c.raw
                if c.raw:
                    src = r.document.source_text(c.span)
                    assert "".join(src.split()) == c.raw.replace(" ", "")


def test_missing_part_is_recorded_not_invented(tmp_path):
    text = seed("002").read_text(encoding="utf-8")
    start = text.index("#### 五、存在的主要问题及改进情况")
    end = text.index("#### 六、其他需要报告的事项")
    path = tmp_path / "no5.txt"
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    r = read_report(path)
    missing = [p for p in r.parts if not p.present]
    assert [p.id for p in missing] == ["problems"]
    assert r.part("problems") is None


@pytest.mark.parametrize(
    ("unit", "level"),
    [
        ("海原县李俊乡人民政府", "乡镇"),
        ("淮安市洪泽区人民政府", "县区"),
        ("平潭综合实验区", "管委会（综合实验区）"),
        ("三门峡市人民政府", "地市"),
        ("河南省人民政府", "省级"),
        ("淮安市洪泽区教育局", "部门"),
        ("某某街道办事处", "乡镇"),
    ],
)
def test_levels(unit, level):
    from nianbao.segment.meta import level_of

    assert level_of(unit) == level


def test_random_text_never_crashes_the_pipeline():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from nianbao.records import RawDocument
    from nianbao.report import build_report

    pieces = st.sampled_from(
        [
            "一、总体情况\n", "五、存在的主要问题及改进情况\n", "\t", "0 ", "/", "—", "\n",
            "一、本年新收政府信息公开申请数量", "（七）总计", "行政复议", "规章", "2024年",
            "海原县李俊乡人民政府", "｜", "|", "#", "**", "。", "12", " ",
        ]
    )  # fmt: skip

    @settings(max_examples=300, deadline=None)
    @given(st.lists(pieces, max_size=80).map("".join))
    def run(text):
        report = build_report(RawDocument(path="x.txt", fmt="txt", text=text))
        for t in report.tables:
            for c in t.cells:
                if c.span:
                    assert report.document.text[c.span[0] : c.span[1]] == c.raw

    run()


def test_seed004_table3_split_around_table2(reports):
    r = reports["004"]
    t3 = r.table("table3")
    assert len(t3.regions) == 2
    head, rows = t3.regions
    heading = r.part("proactive").heading_span
    t2 = r.table("table2").regions[0]
    assert head[1] <= heading[0] and t2[1] <= rows[0]
    assert "勾稽关系" in r.document.text[head[0] : head[1]]
