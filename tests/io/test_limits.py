"""Limits: each refused with a clear ``NianbaoError`` that names the file and the limit; empty
files, binary junk and truncated Word files give clear errors too."""

from __future__ import annotations

import io
import time
import zipfile

import pytest
from evaluation.hostile import many_pages

import nianbao.io.limits as limits
from nianbao.errors import (
    CorruptDocument,
    EmptyDocument,
    EncodingError,
    LimitExceeded,
    NianbaoError,
    UnsupportedFormat,
)
from nianbao.io import read_raw
from nianbao.io.docx import read_docx
from nianbao.io.grid import TextBuilder
from nianbao.io.html import read_html
from nianbao.io.limits import TooComplex, extend_budget, time_budget
from nianbao.io.pdf import read_pdf
from nianbao.io.text import read_text_file
from nianbao.records import RawDocument
from nianbao.report import build_report
from tests.conftest import CORPUS, seed

TEMPLATE = (CORPUS / "docx" / "format-2021-blank-template.docx").read_bytes()


def _write(tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _rezip(members: dict[str, bytes], extra: dict[str, bytes] | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, blob in {**members, **(extra or {})}.items():
            zf.writestr(name, blob)
    return out.getvalue()


def _template_members() -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(TEMPLATE)) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def test_limits_live_in_one_place():
    assert limits.MAX_FILE_BYTES == 200 * 1024 * 1024
    assert limits.MAX_PDF_PAGES == 500
    assert limits.MAX_TEXT_CHARS >= 1_000_000
    assert limits.MAX_TABLE_CELLS >= 10_000


# -- file size -------------------------------------------------------------------------------


def test_file_too_large(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as f:  # sparse: no disk used, the size is what is checked
        f.truncate(limits.MAX_FILE_BYTES + 1)
    with pytest.raises(NianbaoError, match="huge.txt") as info:
        read_raw(path)
    assert "MB" in str(info.value) and "上限" in str(info.value)


def test_text_file_too_large(tmp_path, monkeypatch):
    import nianbao.io.text as text_reader

    monkeypatch.setattr(text_reader, "MAX_TEXT_FILE_BYTES", 1000)
    with pytest.raises(LimitExceeded, match="big.txt") as info:
        read_text_file(tmp_path / "big.txt", seed("000").read_bytes())
    assert "上限" in str(info.value) and "limit" in str(info.value)


def test_html_too_large(tmp_path, monkeypatch):
    import nianbao.io.html as html_reader

    monkeypatch.setattr(html_reader, "MAX_HTML_BYTES", 1000)
    data = (CORPUS / "html" / "pingtan-2021.html").read_bytes()
    with pytest.raises(LimitExceeded, match="big.html"):
        read_html(tmp_path / "big.html", data)


# -- text length after extraction ------------------------------------------------------------


def test_text_too_long(tmp_path):
    line = "本机关全年主动公开政府信息共计三百五十条。\n"
    data = (line * (limits.MAX_TEXT_CHARS // len(line) + 10)).encode("utf-8")
    with pytest.raises(LimitExceeded, match="long.txt") as info:
        read_text_file(tmp_path / "long.txt", data)
    assert f"{limits.MAX_TEXT_CHARS:,}" in str(info.value)


def test_extracted_text_too_long(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_TEXT_CHARS", 500)
    with pytest.raises(LimitExceeded, match="long.html"):
        read_html(tmp_path / "long.html", (CORPUS / "html" / "pingtan-2021.html").read_bytes())
    with pytest.raises(LimitExceeded, match="long.docx"):
        read_docx(tmp_path / "long.docx", TEMPLATE)


def test_build_report_checks_the_text_length(monkeypatch):
    """Whatever reader made the RawDocument (the PDF reader, OCR)."""
    monkeypatch.setattr(limits, "MAX_TEXT_CHARS", 100)
    with pytest.raises(LimitExceeded, match="scan.pdf"):
        build_report(RawDocument("scan.pdf", "pdf", "政府信息公开" * 100))


# -- table size ------------------------------------------------------------------------------


def test_grid_too_large():
    out = TextBuilder("grid.html")
    with pytest.raises(LimitExceeded, match="grid.html") as info:
        out.table([["1"] * 1000] * (limits.MAX_TABLE_CELLS // 1000 + 1))
    assert f"{limits.MAX_TABLE_CELLS:,}" in str(info.value)


_ARTICLE = "".join(
    f"<p>{h}</p>"
    for h in ("一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况")
)


def test_html_table_too_large_by_spans(tmp_path):
    rows = '<tr><td colspan="100" rowspan="100">1</td></tr>' * 1001
    page = f"<html><body><div>{_ARTICLE}<table>{rows}</table></div></body></html>".encode()
    with pytest.raises(LimitExceeded, match="span.html") as info:
        read_html(tmp_path / "span.html", page)
    assert "表格过大" in str(info.value)


def test_html_too_many_tables(tmp_path):
    tables = "<table><tr><td>一、本年新收</td><td>1</td></tr></table>" * (limits.MAX_TABLES + 1)
    page = f"<html><body><div>{_ARTICLE}{tables}</div></body></html>".encode()
    with pytest.raises(LimitExceeded, match="tables.html"):
        read_html(tmp_path / "tables.html", page)


def test_html_odd_spans_read(tmp_path):
    page = (
        f"<html><body><div>{_ARTICLE}<table><tr><td rowspan='-3' colspan='x'>行政复议</td>"
        "<td colspan='0'>1</td><td rowspan='1.5'>2</td></tr></table></div></body></html>"
    )
    raw = read_html(tmp_path / "odd.html", page.encode())
    assert raw.raw_tables[0].rows == (("行政复议", "1", "2"),)


def test_deeply_nested_html(tmp_path):
    page = "<html><body>" + "<div>" * 100_000 + "政府信息公开" + "</div>" * 100_000
    try:
        read_html(tmp_path / "deep.html", page.encode())
    except NianbaoError as err:
        assert "deep.html" in str(err)


def _docx_with_cell_props(props: str) -> bytes:
    members = _template_members()
    xml = members["word/document.xml"].decode("utf-8")
    members["word/document.xml"] = xml.replace("<w:tcPr>", f"<w:tcPr>{props}", 1).encode()
    return _rezip(members)


def test_docx_span_too_large(tmp_path):
    data = _docx_with_cell_props('<w:gridSpan w:val="1000000000"/>')
    with pytest.raises(LimitExceeded, match="span.docx") as info:
        read_docx(tmp_path / "span.docx", data)
    assert str(limits.MAX_TABLE_SPAN) in str(info.value)


def test_docx_table_too_large(tmp_path):
    members = _template_members()
    xml = members["word/document.xml"].decode("utf-8")
    row = '<w:tr><w:tc><w:tcPr><w:gridSpan w:val="1000"/></w:tcPr><w:p/></w:tc></w:tr>'
    table = "<w:tbl>" + row * (limits.MAX_TABLE_CELLS // 1000 + 1) + "</w:tbl>"
    members["word/document.xml"] = xml.replace("<w:body>", "<w:body>" + table, 1).encode()
    with pytest.raises(LimitExceeded, match="rows.docx"):
        read_docx(tmp_path / "rows.docx", _rezip(members))


def test_docx_bad_span_value_is_a_clear_error(tmp_path):
    data = _docx_with_cell_props('<w:gridSpan w:val="many"/>')
    with pytest.raises(CorruptDocument, match="bad.docx"):
        read_docx(tmp_path / "bad.docx", data)


def test_docx_vertical_merge_in_the_first_row_reads(tmp_path):
    data = _docx_with_cell_props('<w:vMerge w:val="continue"/>')
    raw = read_docx(tmp_path / "merge.docx", data)
    assert len(raw.raw_tables) == 3


# -- zip containers: bombs and member counts, before python-docx opens them -----------------


@pytest.fixture
def python_docx_must_not_open(monkeypatch):
    import docx

    def refuse(*args, **kwargs):
        raise AssertionError("python-docx opened a file the limits should have refused")

    monkeypatch.setattr(docx, "Document", refuse)


def test_zip_bomb_by_compression_ratio(tmp_path, python_docx_must_not_open):
    bomb = b"\x00" * (limits.ZIP_RATIO_MIN_BYTES + 1024 * 1024)  # inflates ~1000:1
    data = _rezip(_template_members(), {"word/media/bomb.bin": bomb})
    assert len(data) < 200_000
    with pytest.raises(LimitExceeded, match="bomb.docx") as info:
        read_docx(tmp_path / "bomb.docx", data)
    assert "压缩炸弹" in str(info.value)
    assert f"{limits.MAX_COMPRESSION_RATIO}:1" in str(info.value)


def test_zip_bomb_by_total_size(tmp_path, monkeypatch, python_docx_must_not_open):
    import nianbao.io.docx as docx_reader

    monkeypatch.setattr(docx_reader, "MAX_UNZIPPED_BYTES", 10_000)
    with pytest.raises(LimitExceeded, match="big.docx") as info:
        read_docx(tmp_path / "big.docx", TEMPLATE)
    assert "解压后过大" in str(info.value)


def test_xml_member_too_large(tmp_path, monkeypatch, python_docx_must_not_open):
    monkeypatch.setattr(limits, "MAX_ZIP_XML_BYTES", 1000)
    with pytest.raises(LimitExceeded, match="xml.docx") as info:
        read_docx(tmp_path / "xml.docx", TEMPLATE)
    assert "word/document.xml" in str(info.value) or ".xml" in str(info.value)


def test_too_many_zip_members(tmp_path, python_docx_must_not_open):
    extra = {f"customXml/item{i}.xml": b"" for i in range(limits.MAX_ZIP_MEMBERS)}
    data = _rezip(_template_members(), extra)
    with pytest.raises(LimitExceeded, match="members.docx") as info:
        read_docx(tmp_path / "members.docx", data)
    assert str(limits.MAX_ZIP_MEMBERS) in str(info.value)


def test_damaged_zip_member(tmp_path, python_docx_must_not_open):
    data = bytearray(TEMPLATE)
    k = data.index(b"word/document.xml") + 40  # inside the first member's compressed data
    data[k : k + 8] = b"\xff" * 8
    with pytest.raises(CorruptDocument, match="crc.docx"):
        read_docx(tmp_path / "crc.docx", bytes(data))


@pytest.mark.parametrize("cut", [10, 100, 1000, 5000, len(TEMPLATE) // 2, len(TEMPLATE) - 10])
def test_truncated_docx(tmp_path, cut):
    with pytest.raises(CorruptDocument, match="cut.docx") as info:
        read_docx(tmp_path / "cut.docx", TEMPLATE[:cut])
    assert "损坏" in str(info.value)
    with pytest.raises(CorruptDocument, match="cut.docx"):
        read_raw(_write(tmp_path, "cut.docx", TEMPLATE[:cut]))


@pytest.mark.parametrize("missing", ["word/document.xml", "[Content_Types].xml", "_rels/.rels"])
def test_docx_missing_a_part(tmp_path, missing):
    members = _template_members()
    del members[missing]
    with pytest.raises(CorruptDocument, match="part.docx"):
        read_docx(tmp_path / "part.docx", _rezip(members))


# -- empty files and binary junk -------------------------------------------------------------


@pytest.mark.parametrize("name", ["empty.txt", "empty.md", "empty.html", "empty.docx"])
def test_empty_file(tmp_path, name):
    with pytest.raises(EmptyDocument, match=name):
        read_raw(_write(tmp_path, name, b""))


@pytest.mark.parametrize(
    ("reader", "name", "data"),
    [
        (read_text_file, "blank.txt", b" \n\t\r\n"),
        (read_text_file, "bom.txt", b"\xef\xbb\xbf"),
        (read_text_file, "bom16.txt", b"\xff\xfe \x00\n\x00"),
        (read_html, "blank.html", b"   "),
        (read_html, "comment.html", b"<!-- nothing -->"),
        (read_html, "chrome.html", b"<html><head><title>x</title></head><body></body></html>"),
    ],
)
def test_no_text(tmp_path, reader, name, data):
    with pytest.raises(EmptyDocument, match=name):
        reader(tmp_path / name, data)


def test_docx_without_text(tmp_path):
    members = _template_members()
    xml = members["word/document.xml"].decode("utf-8")
    start, end = xml.index("<w:body>") + len("<w:body>"), xml.index("<w:sectPr")
    members["word/document.xml"] = (xml[:start] + xml[end:]).encode()
    with pytest.raises(EmptyDocument, match="blank.docx"):
        read_docx(tmp_path / "blank.docx", _rezip(members))


ELF = b"\x7fELF\x02\x01\x01\x00" + bytes(8) + b"\x02\x00\x3e\x00" + bytes(300)
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200)


@pytest.mark.parametrize("suffix", ["txt", "md", "html", "docx", ""])
@pytest.mark.parametrize(("kind", "data"), [("ELF", ELF), ("PNG", PNG)])
def test_binary_junk_renamed(tmp_path, suffix, kind, data):
    name = f"junk.{suffix}" if suffix else "junk"
    with pytest.raises(NianbaoError, match="junk") as info:
        read_raw(_write(tmp_path, name, data))
    assert isinstance(info.value, CorruptDocument | EncodingError | UnsupportedFormat)


def test_random_binary_as_text(tmp_path):
    import random

    rng = random.Random(7)
    data = bytes(rng.randrange(256) for _ in range(5000))
    with pytest.raises(NianbaoError, match="noise.txt"):
        read_text_file(tmp_path / "noise.txt", data)


@pytest.mark.parametrize(
    "missing", ["word/styles.xml", "word/fontTable.xml", "docProps/core.xml", "docProps/app.xml"]
)
def test_docx_missing_an_optional_part_still_reads(tmp_path, missing):
    """Word repairs such a file; so do we (the relationship to the missing part is dropped)."""
    members = _template_members()
    del members[missing]
    raw = read_docx(tmp_path / "part.docx", _rezip(members))
    assert raw.text == read_docx(tmp_path / "whole.docx", TEMPLATE).text


# -- bounded work: a time budget per file; a PDF's pages counted before any is parsed ------------


def test_past_its_budget_a_file_is_too_complex():
    start = time.monotonic()
    with pytest.raises(TooComplex, match="过于复杂"), time_budget("slow.txt", 0.2):
        while True:
            pass
    assert time.monotonic() - start < 5


def test_extending_the_budget_gives_more_time_and_budgets_do_not_nest():
    with time_budget("ocr.pdf", 0.2):
        extend_budget(0.5)
        with time_budget("inner.pdf", 0.01):  # the outer budget holds
            time.sleep(0.3)


def test_too_many_pages_is_said_before_any_page_is_parsed(tmp_path):
    start = time.monotonic()
    with pytest.raises(LimitExceeded, match="20000 页"):
        read_pdf(tmp_path / "many.pdf", many_pages(20_000))
    assert time.monotonic() - start < 5  # pdfplumber's page list alone takes seconds
