from __future__ import annotations

import pytest

from nianbao.records import RawDocument
from nianbao.report import build_report

BODY = (
    "一、总体情况\n全年工作有序开展。\n二、主动公开政府信息情况\n略。\n三、收到和处理政府信息公开申请情况\n略。\n"
    "四、政府信息公开行政复议、行政诉讼情况\n略。\n五、存在的主要问题及改进情况\n问题不少。\n"
    "六、其他需要报告的事项\n本年度无收取信息处理费情况。\n"
)


def meta_of(text: str):
    return build_report(RawDocument(path="t.txt", fmt="txt", text=text)).meta


def test_the_signature_date_is_the_report_date_and_the_page_date_only_a_fallback():
    head = "某某县林业局2019年政府信息公开工作年度报告\n发布时间：2020-01-16 09:30\n"
    signed = meta_of(head + BODY + "某某县林业局\n2020年1月2日\n")
    assert signed.published == "2020-01-02"
    assert ("published", "落款日期", "2020-01-02") in signed.evidence
    unsigned = meta_of(head + BODY)
    assert unsigned.published == "2020-01-16"


def test_a_signature_glued_to_the_last_sentence_is_cut_off_part_six():
    text = "某某县林业局2019年政府信息公开工作年度报告\n" + BODY.replace(
        "本年度无收取信息处理费情况。\n", "本年度无收取信息处理费情况。某某县林业局2020年1月2日\n"
    )
    report = build_report(RawDocument(path="t.txt", fmt="txt", text=text))
    assert report.part("other").body.strip() == "本年度无收取信息处理费情况。"
    assert report.meta.published == "2020-01-02"


def test_a_metadata_label_and_its_value_on_two_lines():
    meta = meta_of("发布时间:\n2022-01-15\n某某镇2021年政府信息公开工作年度报告\n" + BODY)
    assert meta.published == "2022-01-15"


@pytest.mark.parametrize(
    ("opening", "unit", "year"),
    [
        ("本年度报告由甲县乙乡人民政府编制。", "甲县乙乡人民政府", None),
        ("根据《条例》规定，现公布甲县乙镇2022年政府信息公开工作年度报告。", "甲县乙镇", 2022),
        ("2023年，乙乡人民政府坚持以人民为中心，推进政务公开。", "乙乡人民政府", 2023),
        (
            "现将我局2022年政府信息公开工作情况报告如下。如有疑问，请与甲县财政局联系。",
            "甲县财政局",
            2022,
        ),
        ("本报告由甲县乙苏木党政综合办公室编制。", "甲县乙苏木", None),
        (
            "根据《条例》要求，编制《甲市乙区丙丁镇人民政府2025年政府信息公开工作年度报告》。",
            "甲市乙区丙丁镇人民政府",
            2025,
        ),
        ("2023年，丙丁镇党委政府高度重视政务公开工作。", "丙丁镇", 2023),
    ],
)
def test_the_opening_names_the_unit_and_year_when_no_title_does(opening, unit, year):
    meta = meta_of(opening + "\n" + BODY)
    assert meta.unit == unit
    if year:
        assert meta.year == year
    assert any(where in {"正文", "联系方式"} for kind, where, _ in meta.evidence if kind == "unit")


@pytest.mark.parametrize(
    ("title", "unit", "year"),
    [
        ("2025年乙丙镇政府信息公开工作年度报告", "乙丙镇", 2025),
        ("2022年乙丙镇人民政府信息公开工作年度报告", "乙丙镇人民政府", 2022),
        ("甲丁省2022年政府信息公开工作年度报告", "甲丁省", 2022),
        ("乙丙镇2017年度政务信息公开工作年报", "乙丙镇", 2017),
    ],
)
def test_title_forms(title, unit, year):
    meta = meta_of(title + "\n" + BODY)
    assert (meta.unit, meta.year) == (unit, year)


def test_a_masthead_above_the_title_is_not_glued_to_it():
    meta = meta_of("甲县乙镇人民政府\n甲县乙镇人民政府2025年政府信息公开工作年度报告\n" + BODY)
    assert meta.unit == "甲县乙镇人民政府"


def test_a_relative_name_is_not_a_unit():
    meta = meta_of("本报告由区政府办编制。\n" + BODY)
    assert meta.unit != "区政府办"
