from __future__ import annotations

import pytest

from nianbao.chrome import UNLABELLED_DATE, bare_label, chrome_kind, metadata_fields


@pytest.mark.parametrize(
    ("line", "fields"),
    [
        (
            "标题：某某镇2023年政府信息公开工作年度报告  发布时间：2024-01-20",
            (("标题", "某某镇2023年政府信息公开工作年度报告"), ("发布时间", "2024-01-20")),
        ),
        (
            "| 发布机构 | 某某街道 | 发文日期 | 2026-01-16 |",
            (("发布机构", "某某街道"), ("发文日期", "2026-01-16")),
        ),
        ("- 发布机构:某某县某某镇人民政府", (("发布机构", "某某县某某镇人民政府"),)),
        (
            "日期:2023-01-11 来源:某某市人民政府 访问量:",
            (("日期", "2023-01-11"), ("来源", "某某市人民政府")),
        ),
        (
            "成文日期 2023-01-18 发布日期 2023-01-19",
            (("成文日期", "2023-01-18"), ("发布日期", "2023-01-19")),
        ),
        (
            "2021-02-07 18:07   来源:某某自治区人民政府办公厅",
            ((UNLABELLED_DATE, "2021-02-07 18:07"), ("来源", "某某自治区人民政府办公厅")),
        ),
        (
            "作者:本站 | 来源:本站 | 时间:2019-01-18 点击数:- 分享到:",
            (("作者", "本站"), ("来源", "本站"), ("时间", "2019-01-18")),
        ),
    ],
)
def test_metadata_lines_as_sites_print_them(line, fields):
    assert chrome_kind(line) == "metadata"
    assert metadata_fields(" ".join(line.split())) == fields


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("2019年12月3日星期二", "today"),  # a 'today' widget is not the publication date
        ("关怀版 无障碍 无障碍", "toggles"),
        ("字体:【 默认 超大", "font_size"),
        ("打印页面    关闭页面", "print_close"),
        ("来源:某某乡人民政府 时间:2024-01-16 点击率:【 打印 】" + " |" * 200, "metadata"),
    ],
)
def test_page_chrome_lines(line, kind):
    assert chrome_kind(line) == kind


def test_a_label_alone_waits_for_its_value_on_the_next_line():
    assert bare_label("  • 发布日期") == "发布日期"
    assert bare_label("发布时间:") == "发布时间"
    assert bare_label("发布时间：2024-01-02") is None


@pytest.mark.parametrize(
    "sentence",
    [
        "2023年，某某镇认真贯彻落实《条例》，全年主动公开信息120条。",
        "本年度报告由某某镇人民政府编制，全文包括总体情况等六部分。",
        "如对本报告有疑问，请与某某县财政局联系（电话：0000-1234567）。",
    ],
)
def test_a_report_sentence_is_never_chrome(sentence):
    assert chrome_kind(sentence) is None


def test_a_label_glued_to_the_value_before_it_but_not_a_longer_label_cut():
    assert metadata_fields("来源:某某街发布日期:2021-01-22") == (
        ("来源", "某某街"),
        ("发布日期", "2021-01-22"),
    )
    assert metadata_fields("公文生成日期:2026-01-19") == (("公文生成日期", "2026-01-19"),)
