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


# A page flattened to one line, as a site's text export writes it (invented numbers).
FLAT_T2 = (
    "第二十条第（一）项信息内容本年新制作数量本年新公开数量对外公开总数量规章000"
    "规范性文件002第二十条第（五）项信息内容上一年项目数量本年增/减处理决定数量"
    "行政许可7700其他对外管理服务事项000第二十条第（六）项信息内容上一年项目数量本年增/减"
    "处理决定数量行政处罚11910305行政强制000第二十条第（八）项信息内容上一年项目数量本年增/减"
    "行政事业性收费16减12第二十条第（九）项信息内容采购项目数量采购总金额政府集中采购1个246900元"
)
FLAT_T3_HEAD = (
    "三、收到和处理政府信息公开申请情况（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加"
    "第四项之和）申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他"
)


def flat_report(body: str, narrative: str = "全年工作有序开展。"):
    return report_of(
        "某某局2019年政府信息公开工作年度报告\n一、总体情况" + narrative + "二、主动公开政府信息情况"
        + body + "五、存在的主要问题及改进情况问题不少。六、其他需要报告的事项无。"
    )  # fmt: skip


def _raw(table, row, cols):
    return [(table.cell(row, c).raw, table.cell(row, c).kind) for c in cols]


def test_flattened_table2_keeps_only_the_cells_every_reading_agrees_on():
    t2 = flat_report(FLAT_T2).table("table2")
    cols = ("previous", "change", "decisions")
    assert _raw(t2, "normative", ("made", "published", "total_published")) == [
        ("0", "number"),
        ("0", "number"),
        ("2", "number"),
    ]
    # 7700 reads 77|0|0 or 7|70|0: only the decisions are certain
    assert [k for _, k in _raw(t2, "license", cols)] == ["unreadable", "unreadable", "number"]
    assert t2.cell("license", "decisions").raw == "0"
    assert [k for _, k in _raw(t2, "penalty", cols)] == ["unreadable"] * 3
    assert _raw(t2, "admin_fees", ("previous", "change")) == [("16", "number"), ("减12", "number")]
    assert t2.cell("admin_fees", "change").value == -12
    assert _raw(t2, "procurement", ("count", "amount")) == [
        ("1个", "number"),
        ("246900元", "number"),
    ]


def test_a_number_the_narrative_states_settles_a_glued_row():
    r = flat_report(FLAT_T2, "全年作出行政处罚决定305起。")
    t2 = r.table("table2")
    assert t2.cell("penalty", "decisions").raw == "305"
    assert t2.cell("penalty", "previous").kind == "unreadable"


def test_table3_row_arithmetic_and_column_sums_split_glued_rows():
    body = (
        FLAT_T2
        + FLAT_T3_HEAD
        + (
            "一、本年新收政府信息公开申请数量 190000019二、上年结转政府信息公开申请数量 0000000"
            "三、本年度办理结果（一）予以公开 6000006（二）部分公开（区分处理的，只计这一情形，不计其他情形） 8100008"
            "（四）无法提供1.本机关不掌握相关政府信息 40000042.没有现成信息需要另行制作 0000000"
            "（六）其他处理1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请 0000000"
            "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请 0000000"
            "3.其他 1000001（七）总计 191000019"
            "四、结转下年度继续办理 0000000"
        )
    )
    t3 = flat_report(body).table("table3")
    cols = (
        "natural_person",
        "business",
        "research",
        "nonprofit",
        "legal_services",
        "other_org",
        "total",
    )
    # 9 digits for 7 cells: only 19|0|0|0|0|0|19 adds up along the row
    assert [t3.cell("new", c).raw for c in cols] == ["19", "0", "0", "0", "0", "0", "19"]
    # 7 digits for 7 cells: the layout alone decides, even where the report's sum is wrong
    assert [t3.cell("partial", c).raw for c in cols] == ["8", "1", "0", "0", "0", "0", "8"]
    # no way along the row adds up; the result rows' column sums settle it
    assert [t3.cell("total", c).raw for c in cols] == ["19", "1", "0", "0", "0", "0", "19"]
    assert t3.cell("unable_1", "total").raw == "4"


def test_items_whose_numbers_the_page_lost_are_rows_of_missing_cells():
    body = (
        FLAT_T2
        + FLAT_T3_HEAD
        + (
            "一、本年新收政府信息公开申请数量 4000004二、上年结转政府信息公开申请数量 0000000"
            "（六）其他处理1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请 0000000"
            "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请3.其他（七）总计 4000004"
        )
    )
    r = flat_report(body)
    t3 = r.table("table3")
    assert {t3.cell(row, "total").kind for row in ("other_2", "other_3")} == {"missing"}
    assert t3.cell("total", "total").raw == "4"
    assert t3.cell("other_1", "total").raw == "0"


def test_glued_digits_that_admit_many_readings_are_unreadable_not_guessed():
    body = (
        FLAT_T2
        + FLAT_T3_HEAD
        + "一、本年新收政府信息公开申请数量 123456789二、上年结转政府信息公开申请数量 0000000"
    )
    t3 = flat_report(body).table("table3")
    kinds = {t3.cell("new", c).kind for c in ("natural_person", "business", "total")}
    assert kinds == {"unreadable"}
    assert t3.cell("new", "total").value is None


def test_spaces_between_cells_of_a_flattened_table_are_kept():
    body = FLAT_T2.replace("行政许可7700", "行政许可\u300013\u30000\u30000")
    t2 = flat_report(body).table("table2")
    assert _raw(t2, "license", ("previous", "change", "decisions")) == [
        ("13", "number"),
        ("0", "number"),
        ("0", "number"),
    ]
