"""OCR of scanned PDFs and images, on pages of a real report rasterised at test time."""

from __future__ import annotations

import io

import pytest
from evaluation.ocr_eval import image_file, image_only_pdf

from nianbao.errors import MissingDependency, NianbaoError, NoTextLayer
from nianbao.io import read_raw, report_files
from tests.conftest import CORPUS

pytest.importorskip("rapidocr_onnxruntime")
pypdfium2 = pytest.importorskip("pypdfium2")

PDF_2024 = CORPUS / "pdf" / "huaian-hongzequ-2024.pdf"


def _mixed_pdf() -> bytes:
    """Page 1 of the report with its text layer, then page 4 (tables 3 and 4) as a scan."""
    scan = pypdfium2.PdfDocument(image_only_pdf(PDF_2024, dpi=200, pages=[3]))
    out = pypdfium2.PdfDocument.new()
    out.import_pages(pypdfium2.PdfDocument(PDF_2024), [0])
    out.import_pages(scan, [0])
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    path = tmp_path_factory.mktemp("ocr") / "mixed.pdf"
    path.write_bytes(_mixed_pdf())
    return read_raw(path)


def test_scanned_page_is_read_and_recorded(mixed):
    raw = mixed
    assert raw.fmt == "pdf"
    assert "1/2" in (raw.hint("ocr") or "")
    assert "一、总体情况" in raw.text  # from the text layer
    assert "四、政府信息公开行政复议、行政诉讼情况" in raw.text  # from the image
    rows = [line.split("\t") for line in raw.text.splitlines() if "\t" in line]
    total = next(r for r in rows if any("（七）总计" in c for c in r))
    assert [c for c in total if c][-7:] == ["95", "0", "0", "0", "0", "0", "95"]
    t4 = next(r for r in rows if r[:5] == ["1", "1", "0", "0", "2"])
    assert t4 == ["1", "1", "0", "0", "2", "1", "0", "0", "0", "1", "2", "0", "1", "0", "3"]


def test_scanned_page_gives_parts_and_table4(mixed):
    from nianbao.report import build_report

    report = build_report(mixed)
    present = {p.id for p in report.parts if p.present}
    assert {"general", "appeals", "problems"} <= present
    table4 = report.table("table4")
    assert table4 is not None
    values = {c.key: c.raw for c in table4.cells}
    assert values["review.total"] == "2"
    assert values["suit_after_review.total"] == "3"


def test_png_image(tmp_path):
    path = tmp_path / "last-page.png"
    path.write_bytes(image_file(PDF_2024, page=4, dpi=150, suffix=".png"))
    raw = read_raw(path)
    assert raw.fmt == "image" and raw.hint("ocr")
    assert "六、其他需要报告的事项" in raw.text
    assert "信息处理费0元" in raw.text.replace(" ", "")
    assert path in report_files([tmp_path])


def test_missing_engine_names_the_extra(tmp_path, monkeypatch):
    from nianbao.io import ocr

    def missing(path):
        raise MissingDependency(path, "OCR 组件未安装", ocr.INSTALL_HINT)

    monkeypatch.setattr(ocr, "_modules", missing)
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(image_only_pdf(PDF_2024, dpi=72, pages=[4]))
    with pytest.raises(NoTextLayer, match=r"scan\.pdf.*nianbao\[ocr\]"):
        read_raw(scan)
    picture = tmp_path / "page.jpg"
    picture.write_bytes(image_file(PDF_2024, page=4, dpi=72, suffix=".jpg"))
    with pytest.raises(MissingDependency, match=r"page\.jpg.*nianbao\[ocr\]"):
        read_raw(picture)


def test_page_limit(tmp_path, monkeypatch):
    from nianbao.io import ocr

    monkeypatch.setattr(ocr, "MAX_OCR_PAGES", 1)
    scan = tmp_path / "long.pdf"
    scan.write_bytes(image_only_pdf(PDF_2024, dpi=72, pages=[3, 4]))
    with pytest.raises(NianbaoError, match=r"long\.pdf.*页数过多"):
        read_raw(scan)


def test_truncated_scan_and_broken_image(tmp_path):
    scan = tmp_path / "half.pdf"
    scan.write_bytes(image_only_pdf(PDF_2024, dpi=72, pages=[3, 4])[:5_000])
    with pytest.raises(NianbaoError, match=r"half\.pdf"):
        read_raw(scan)
    picture = tmp_path / "cut.png"
    picture.write_bytes(image_file(PDF_2024, page=4, dpi=72)[:300])
    with pytest.raises(NianbaoError, match=r"cut\.png"):
        read_raw(picture)


@pytest.mark.slow
def test_ocr_eval_meets_targets(request):
    if "slow" not in (request.config.getoption("-m") or ""):
        pytest.skip("minutes of OCR: run with -m slow")
    from evaluation.ocr_eval import main

    assert main([]) == 0
