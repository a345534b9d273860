from __future__ import annotations

import pytest

from nianbao.io import read_raw, report_files
from tests.conftest import CORPUS

PAGES = sorted((CORPUS / "html").glob("*.html"))


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_article_found_without_site_chrome(page):
    raw = read_raw(page)
    assert raw.fmt == "html"
    assert "一、总体情况" in raw.text
    assert "其他需要报告的事项" in raw.text
    # navigation, footer and scripts of the site are not part of the article
    for chrome in ("网站地图", "版权所有", "function(", "var "):
        assert chrome not in raw.text
    assert raw.hint("published") and raw.hint("published").startswith(
        ("2020", "2021", "2022", "2023", "2024", "2025", "2026")
    )
    assert len(raw.raw_tables) == 3


def test_rowspan_colspan_expanded_into_a_grid():
    raw = read_raw(CORPUS / "html" / "pingtan-2019.html")
    t3 = raw.raw_tables[1]
    width = {len(r) for r in t3.rows}
    assert len(width) == 1  # rectangular
    first = next(r for r in t3.rows if r[0].startswith("一、本年新收"))
    # the label spans several columns: covered positions have no span of their own
    spans = t3.spans[t3.rows.index(first)]
    assert sum(1 for s in spans if s is None) >= 1
    for row, row_spans in zip(t3.rows, t3.spans, strict=True):
        for text, span in zip(row, row_spans, strict=True):
            if span is not None:
                assert raw.text[span[0] : span[1]] == text


def test_gbk_page(tmp_path):
    html = (CORPUS / "html" / "pingtan-2024.html").read_text(encoding="utf-8")
    html = html.replace('charset="utf-8"', 'charset="gbk"').replace("charset=utf-8", "charset=gbk")
    path = tmp_path / "gbk.html"
    path.write_bytes(html.encode("gb18030", errors="replace"))
    raw = read_raw(path)
    assert "平潭综合实验区" in raw.text


def test_page_without_report_still_reads_main_text(tmp_path):
    path = tmp_path / "plain.html"
    path.write_text(
        "<html><body><div id=nav>首页 | 网站地图</div><div class=main>"
        + "<p>某某乡人民政府2024年政府信息公开工作年度报告</p>" * 3
        + "</div></body></html>",
        encoding="utf-8",
    )
    raw = read_raw(path)
    assert "年度报告" in raw.text
    assert "网站地图" not in raw.text


def test_pages_saved_under_site_suffixes_are_found_and_read_as_html(tmp_path):
    page = (
        "<html><body><h1>某某镇2023年政府信息公开工作年度报告</h1><p>一、总体情况</p></body></html>"
    )
    for name in ("a.shtml", "b.jhtml", "c.jsp", "d.htm"):
        (tmp_path / name).write_text(page, encoding="utf-8")
    (tmp_path / "notes.xyz").write_text("x", encoding="utf-8")
    found = report_files([tmp_path])
    assert [p.name for p in found] == ["a.shtml", "b.jhtml", "c.jsp", "d.htm"]
    assert {read_raw(p).fmt for p in found} == {"html"}


@pytest.mark.parametrize(
    "block",
    [
        "<table><tr><td class='t'>索引号：</td><td>001/2024-1</td><td class='t'>发布机构：</td><td>甲县柳河乡</td></tr></table>",
        "<div class='xxgk_row'>成文日期：2024-01-08　　發佈機構：甲縣柳河鄉</div>",
    ],
)
def test_the_publisher_is_read_from_the_metadata_block_outside_the_article(tmp_path, block):
    page = (
        f"<html><body>{block}<div class='article'><h1>柳河乡2023年政府信息公开工作年度报告</h1>"
        "<p>一、总体情况</p><p>全年工作有序开展。</p></div></body></html>"
    )
    path = tmp_path / "p.html"
    path.write_text(page, encoding="utf-8")
    assert read_raw(path).hint("publisher") == "甲县柳河乡"
