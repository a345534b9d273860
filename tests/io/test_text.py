from __future__ import annotations

import codecs

import pytest

from nianbao.errors import CorruptDocument, EmptyDocument, NianbaoError
from nianbao.io import read_raw
from tests.conftest import seed

SAMPLE = seed("001").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [
        ("utf-8", b""),
        ("utf-8", codecs.BOM_UTF8),
        ("gb18030", b""),
        ("gbk", b""),
        ("utf-16-le", codecs.BOM_UTF16_LE),
        ("utf-16-be", codecs.BOM_UTF16_BE),
    ],
)
def test_encodings_are_detected(tmp_path, encoding, prefix):
    text = SAMPLE.replace("\u201c", "“")
    data = prefix + text.encode(encoding, errors="replace" if encoding == "gbk" else "strict")
    path = tmp_path / "report.txt"
    path.write_bytes(data)
    raw = read_raw(path)
    assert "海原县郑旗乡人民政府" in raw.text
    assert "存在主要问题及改进情况" in raw.text
    assert not raw.text.startswith("\ufeff")


def test_gbk_report_reads_like_utf8(tmp_path):
    from nianbao import read_report

    path = tmp_path / "gbk.txt"
    path.write_bytes(seed("000").read_text(encoding="utf-8").encode("gb18030"))
    a = read_report(path)
    b = read_report(seed("000"))
    assert a.meta == b.meta
    assert [c.raw for t in a.tables for c in t.cells] == [c.raw for t in b.tables for c in t.cells]


def test_empty_file(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    with pytest.raises(EmptyDocument, match="empty.txt"):
        read_raw(path)


def test_whitespace_only(tmp_path):
    path = tmp_path / "blank.txt"
    path.write_text("  \n\t\n", encoding="utf-8")
    with pytest.raises(EmptyDocument, match="blank.txt"):
        read_raw(path)


def test_binary_junk(tmp_path):
    import random

    rng = random.Random(7)
    path = tmp_path / "junk.txt"
    path.write_bytes(bytes(rng.randrange(256) for _ in range(5000)))
    with pytest.raises(NianbaoError, match="junk.txt") as info:
        read_raw(path)
    assert info.value.reason


def test_binary_with_nul_bytes(tmp_path):
    path = tmp_path / "nul.txt"
    path.write_bytes(b"\x00\x01\x02\x03" * 400)
    with pytest.raises(CorruptDocument, match="nul.txt"):
        read_raw(path)


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(NianbaoError, match="nope.txt"):
        read_raw(tmp_path / "nope.txt")
    with pytest.raises(NianbaoError, match="文件夹"):
        read_raw(tmp_path)


def test_unsupported_suffix(tmp_path):
    path = tmp_path / "table.xyz"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    with pytest.raises(NianbaoError, match="table.xyz"):
        read_raw(path)


def test_huge_file_is_refused(tmp_path, monkeypatch):
    import nianbao.io as io

    monkeypatch.setattr(io, "MAX_FILE_BYTES", 1000)
    path = tmp_path / "big.txt"
    path.write_text("年报" * 1000, encoding="utf-8")
    with pytest.raises(NianbaoError, match="过大"):
        read_raw(path)
