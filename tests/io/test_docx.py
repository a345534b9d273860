from __future__ import annotations

import io
import zipfile

import pytest

from nianbao.errors import CorruptDocument, MissingDependency
from nianbao.io import read_raw
from tests.conftest import CORPUS

TEMPLATE = CORPUS / "docx" / "format-2021-blank-template.docx"


def test_paragraphs_and_tables_in_document_order():
    raw = read_raw(TEMPLATE)
    assert raw.fmt == "docx"
    assert len(raw.raw_tables) == 3
    text = raw.text
    assert text.index("二、主动公开政府信息情况") < text.index("第二十条第（一）项")
    assert text.index("第二十条第（一）项") < text.index("三、收到和处理政府信息公开申请情况")
    assert (
        text.index("三、收到和处理")
        < text.index("一、本年新收")
        < text.index("四、政府信息公开行政复议")
    )


def test_merged_cells_are_marked_covered():
    raw = read_raw(TEMPLATE)
    t3 = raw.raw_tables[1]
    header = t3.rows[0]
    assert header[0].startswith("（本列数据的勾稽关系为")
    assert t3.spans[0][1] is None  # covered by the merged first cell


def test_not_a_docx(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("hello.txt", "hi")
    path = tmp_path / "fake.docx"
    path.write_bytes(buf.getvalue())
    with pytest.raises(CorruptDocument, match="fake.docx"):
        read_raw(path)


def test_truncated_docx(tmp_path):
    path = tmp_path / "cut.docx"
    path.write_bytes(TEMPLATE.read_bytes()[:5000])
    with pytest.raises(CorruptDocument, match="cut.docx"):
        read_raw(path)


def test_zip_bomb_is_refused(tmp_path, monkeypatch):
    import nianbao.io.docx as docx_reader

    monkeypatch.setattr(docx_reader, "MAX_UNZIPPED_BYTES", 10_000)
    with pytest.raises(CorruptDocument, match="压缩炸弹"):
        read_raw(TEMPLATE)


def test_doc_without_libreoffice_says_how_to_install(tmp_path, monkeypatch):
    import nianbao.io.office as office

    monkeypatch.setattr(office, "soffice", lambda: None)
    path = tmp_path / "old.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    with pytest.raises(MissingDependency, match="LibreOffice") as info:
        read_raw(path)
    assert "old.doc" in str(info.value)
    assert "apt-get install libreoffice" in str(info.value)


def test_doc_through_libreoffice(tmp_path):
    import subprocess

    import nianbao.io.office as office
    from nianbao import read_report

    exe = office.soffice()
    if exe is None:
        pytest.skip("LibreOffice not installed")
    subprocess.run(
        [exe, f"-env:UserInstallation=file://{tmp_path}/p", "--headless", "--convert-to", "doc",
         "--outdir", str(tmp_path), str(TEMPLATE)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    doc = tmp_path / (TEMPLATE.stem + ".doc")
    report = read_report(doc)
    assert report.document.raw.fmt == "doc"
    assert {t.id for t in report.tables} == {"table2", "table3", "table4"}
    assert len([c for c in report.table("table3").cells if c.kind == "blank"]) == 175
