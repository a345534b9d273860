from __future__ import annotations

import re

import pytest

from nianbao.errors import CorruptDocument, NianbaoError, NoTextLayer
from nianbao.io import read_raw
from tests.conftest import CORPUS
from tests.io.pdfs import encrypted_pdf, scanned_pdf

PDF_2023 = CORPUS / "pdf" / "huaian-hongzequ-2023.pdf"
PDF_2024 = CORPUS / "pdf" / "huaian-hongzequ-2024.pdf"


@pytest.fixture(scope="module")
def raw2023():
    return read_raw(PDF_2023)


def test_tables_come_from_geometry_not_flattened_text(raw2023):
    # plain extraction reads table 3 column by column; the grid keeps each row together
    rows = [line.split("\t") for line in raw2023.text.splitlines() if "\t" in line]
    new = next(r for r in rows if r[0].startswith("一、本年新收"))
    assert [c for c in new if c] == [
        "一、本年新收政府信息公开申请数量",
        "21",
        "0",
        "0",
        "0",
        "0",
        "0",
        "21",
    ]
    t4 = next(r for r in rows if r[:5] == ["10", "1", "0", "0", "0"])
    assert len(t4) == 15


def test_reading_order_and_page_frame(raw2023):
    text = raw2023.text
    order = [
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理",
        "四、政府信息公开行政复议",
        "五、存在的主要问题",
        "六、其他需要报告的事项",
    ]
    positions = [text.index(h) for h in order]
    assert positions == sorted(positions)
    # the page frame is read as text lines, not as a one-column table
    assert "\t" not in next(line for line in text.splitlines() if line.startswith("一、总体情况"))


def test_page_numbers_removed_after_normalising(raw2023):
    from nianbao.normalize import normalize

    doc = normalize(raw2023)
    assert not re.search(r"^- \d+ -$", doc.text, re.M)
    assert any(s.name == "page_numbers_removed" and s.count == 5 for s in doc.steps)


def test_second_year_reads_too():
    raw = read_raw(PDF_2024)
    assert "2024" in raw.text and len(raw.raw_tables) >= 3


def test_truncated_pdf(tmp_path):
    path = tmp_path / "half.pdf"
    path.write_bytes(PDF_2023.read_bytes()[:40_000])
    with pytest.raises(NianbaoError, match="half.pdf"):
        read_raw(path)


def test_encrypted_pdf(tmp_path):
    path = tmp_path / "locked.pdf"
    path.write_bytes(encrypted_pdf())
    with pytest.raises(CorruptDocument, match="加密") as info:
        read_raw(path)
    assert "locked.pdf" in str(info.value)


def test_scanned_pdf_needs_ocr(tmp_path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(scanned_pdf())
    with pytest.raises(NoTextLayer, match="scan.pdf"):
        read_raw(path)


def test_pdf_named_txt_is_still_a_pdf(tmp_path):
    path = tmp_path / "report.txt"
    path.write_bytes(PDF_2024.read_bytes())
    assert read_raw(path).fmt == "pdf"
