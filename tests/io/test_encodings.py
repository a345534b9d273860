"""Encodings: every encoding Chinese reports come in reads back the identical text; mojibake
is refused with a clear ``GarbledText``; an HTML page's wrong <meta> charset does not matter."""

from __future__ import annotations

import codecs

import pytest

from nianbao.errors import CorruptDocument, EncodingError, GarbledText, NianbaoError
from nianbao.io import read_raw
from nianbao.io.html import read_html
from nianbao.io.text import chinese_score, decode, read_text_file
from tests.conftest import CORPUS, SEEDS

TEXTS = {p.name[:3]: p.read_text(encoding="utf-8") for p in SEEDS}
# A report excerpt in traditional characters, as Big5 sources (Taiwan, Hong Kong, Macau) write
TRADITIONAL = """澳門特別行政區政府資訊公開工作年度報告
一、總體情況
本年度，本機關堅持以公開為常態、不公開為例外，依據《政府資訊公開條例》編製本報告。
全年主動公開政府資訊共計三百五十條，其中規章二件、行政規範性文件十二件。
二、收到和處理政府資訊公開申請情況
本年新收申請十二件，均已依法按時答覆，結轉下年度繼續辦理零件。
三、政府資訊公開行政復議、行政訴訟情況
行政復議一件，結果維持；行政訴訟一件，尚未審結。
四、存在的主要問題及改進情況
主要問題是公開內容不夠全面，解讀形式較為單一。下一步將加強培訓、完善制度、拓寬渠道。
五、其他需要報告的事項
本年度未收取信息處理費。
"""


def _big5_lines(text: str) -> str:
    """The corpus lines Big5 can encode (simplified-only characters are not in Big5)."""
    out = []
    for line in text.splitlines():
        try:
            line.encode("big5")
        except UnicodeEncodeError:
            continue
        out.append(line)
    return "\n".join(out) + "\n"


def _cp1252_as_windows_does(data: bytes) -> str:
    """Windows-1252 with its five undefined bytes passed through (as browsers decode it)."""
    return "".join(bytes((b,)).decode("cp1252", errors="ignore") or chr(b) for b in data)


def _write(tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


# -- every encoding reads back identical text ------------------------------------------------


@pytest.mark.parametrize("seed", sorted(TEXTS))
@pytest.mark.parametrize(
    ("encoding", "bom"),
    [
        ("utf-8", b""),
        ("utf-8", codecs.BOM_UTF8),
        ("utf-16-le", codecs.BOM_UTF16_LE),
        ("utf-16-be", codecs.BOM_UTF16_BE),
        ("utf-16-le", b""),  # no BOM: recognised from the NUL bytes
        ("utf-16-be", b""),
        ("gb18030", b""),
    ],
)
def test_corpus_text_reads_back_identical(tmp_path, seed, encoding, bom):
    text = TEXTS[seed]
    path = _write(tmp_path, f"{seed}.txt", bom + text.encode(encoding))
    raw = read_raw(path)
    assert raw.text == text.replace("\r\n", "\n")


@pytest.mark.parametrize("encoding", ["gbk", "gb2312"])
@pytest.mark.parametrize("seed", sorted(TEXTS))
def test_gbk_and_gb2312(tmp_path, seed, encoding):
    """GBK/GB2312 lack a few characters (“•”, rare names); the rest must read back exactly."""
    text = TEXTS[seed].encode(encoding, errors="ignore").decode(encoding)
    raw = read_raw(_write(tmp_path, f"{seed}.txt", text.encode(encoding)))
    assert raw.text == text
    assert raw.hint("encoding") == "gb18030"


@pytest.mark.parametrize("encoding", ["big5", "cp950"])
def test_big5_traditional_text(tmp_path, encoding):
    raw = read_raw(_write(tmp_path, "big5.txt", TRADITIONAL.encode(encoding)))
    assert raw.text == TRADITIONAL
    # GB18030 decodes these bytes without an error; the character score tells them apart
    assert raw.hint("encoding") == "cp950"


@pytest.mark.parametrize("seed", sorted(TEXTS))
def test_big5_corpus_lines(tmp_path, seed):
    text = _big5_lines(TEXTS[seed]) + TRADITIONAL
    raw = read_raw(_write(tmp_path, f"{seed}.txt", text.encode("big5")))
    assert raw.text == text


def test_utf8_with_a_damaged_byte_still_reads(tmp_path):
    data = bytearray(TEXTS["000"].encode("utf-8"))
    data[500] ^= 0x40  # one byte flipped in transit
    raw = read_raw(_write(tmp_path, "flipped.txt", bytes(data)))
    assert raw.text.count("\ufffd") <= 3
    assert "海原县李俊乡人民政府" in raw.text


def test_truncated_gbk_file_still_reads(tmp_path):
    data = TEXTS["001"].encode("gb18030")
    raw = read_raw(_write(tmp_path, "cut.txt", data[: len(data) // 2 * 2 - 1]))
    assert raw.text.startswith(TEXTS["001"][:50])


def test_scores():
    assert chinese_score(TEXTS["000"])[0] > 0.99
    assert chinese_score(TRADITIONAL)[0] > 0.99
    wrong = TRADITIONAL.encode("big5").decode("gb18030")
    assert chinese_score(wrong)[0] < 0.6


# -- mojibake is refused ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "garble", "says"),
    [
        ("utf8-as-gbk", lambda t: t.encode("utf-8").decode("gb18030", "replace"), "GBK"),
        ("utf8-as-latin1", lambda t: t.encode("utf-8").decode("latin-1"), "Latin-1"),
        ("utf8-as-cp1252", lambda t: _cp1252_as_windows_does(t.encode("utf-8")), "Latin-1"),
        ("utf8-as-cp1252-lossy", lambda t: t.encode("utf-8").decode("cp1252", "replace"), "乱码"),
        ("gbk-as-latin1", lambda t: t.encode("gb18030").decode("latin-1"), "Latin-1"),
        ("big5-as-gbk", lambda t: TRADITIONAL.encode("big5").decode("gb18030"), "Big5"),
        ("lost-chars", lambda t: t.replace("政府", "锟斤拷"), "锟斤拷"),
        ("replacement", lambda t: t.replace("信息", "\ufffd\ufffd"), "\ufffd"),
    ],
)
@pytest.mark.parametrize("saved_as", ["utf-8", "gb18030"])
def test_mojibake_is_refused(tmp_path, name, garble, says, saved_as):
    garbled = garble(TEXTS["002"])
    if name == "big5-as-gbk" and saved_as == "gb18030":
        pytest.skip("saved back as GBK, the bytes are the original Big5 file: not mojibake")
    try:
        data = garbled.encode(saved_as)
    except UnicodeEncodeError:
        pytest.skip(f"{name} cannot be saved as {saved_as}")
    path = _write(tmp_path, f"{name}.txt", data)
    with pytest.raises(GarbledText, match=f"{name}.txt") as info:
        read_raw(path)
    assert "乱码" in str(info.value)
    assert says in str(info.value)


def test_mojibake_in_html_is_refused(tmp_path):
    page = (CORPUS / "html" / "pingtan-2021.html").read_text(encoding="utf-8")
    garbled = page.encode("utf-8").decode("gb18030", "replace")
    path = _write(tmp_path, "garbled.html", garbled.encode("utf-8"))
    with pytest.raises(GarbledText, match="garbled.html"):
        read_raw(path)


def test_text_that_is_not_chinese_is_refused(tmp_path):
    data = "".join(chr(0x0400 + i % 200) for i in range(400)).encode("utf-8")  # Cyrillic etc.
    with pytest.raises(EncodingError, match="junk.txt"):
        read_raw(_write(tmp_path, "junk.txt", data))


@pytest.mark.parametrize(
    "other", ["ئاپتونوم رايونلۇق خەلق ھۆكۈمىتى", "བོད་རང་སྐྱོང་ལྗོངས", "ᠥᠪᠥᠷ ᠮᠣᠩᠭᠣᠯ", "연변조선족자치주"]
)
def test_bilingual_text_of_autonomous_regions_reads(tmp_path, other):
    text = "\n".join(f"{other}\n{line}" for line in TEXTS["001"].splitlines()[:40])
    raw = read_raw(_write(tmp_path, "bilingual.txt", text.encode("utf-8")))
    assert raw.text == text


def test_unknown_encoding(tmp_path):
    data = bytes(range(0x80, 0x100)) * 20  # no encoding reads this as text
    with pytest.raises(NianbaoError, match="junk.txt"):
        read_raw(_write(tmp_path, "junk.txt", data))


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("elf.txt", b"\x7fELF\x02\x01\x01\x00" + bytes(200), "ELF"),
        ("png.txt", b"\x89PNG\r\n\x1a\n" + bytes(100) + b"IHDR", "PNG"),
        ("jpeg.md", b"\xff\xd8\xff\xe0\x00\x10JFIF" + bytes(50), "JPEG"),
        ("gzip.txt", b"\x1f\x8b\x08\x00" + bytes(50), "gzip"),
    ],
)
def test_binary_renamed_to_text(tmp_path, name, data, kind):
    with pytest.raises(CorruptDocument, match=name) as info:
        read_text_file(tmp_path / name, data)
    assert kind in str(info.value)
    with pytest.raises(NianbaoError, match=name):
        read_raw(_write(tmp_path, name, data))


def test_declared_encoding_only_breaks_ties():
    data = TRADITIONAL.encode("big5")
    assert decode(None, data, declared="gb2312")[0] == TRADITIONAL  # the bytes decide
    assert decode(None, data, declared="no-such-charset")[0] == TRADITIONAL


# -- HTML: the <meta> charset may lie --------------------------------------------------------

PAGE = (CORPUS / "html" / "pingtan-2022.html").read_text(encoding="utf-8")


def _with_charset(page: str, charset: str) -> str:
    import re

    page = re.sub(r"""<meta[^>]+charset[^>]*>""", "", page, flags=re.I)
    return page.replace(
        "<head>",
        f'<head><meta http-equiv="Content-Type" content="text/html; charset={charset}">',
        1,
    )


@pytest.mark.parametrize(
    ("actual", "declared"),
    [
        ("utf-8", "gb2312"),
        ("utf-8", "gbk"),
        ("utf-8", "big5"),
        ("utf-8", "iso-8859-1"),
        ("gb18030", "utf-8"),
        ("gb18030", "gb2312"),
        ("gb18030", "no-such-charset"),
        ("utf-8", "utf-8"),
    ],
)
def test_html_with_a_wrong_meta_charset_reads_right(tmp_path, actual, declared):
    expected = read_html(tmp_path / "a.html", _with_charset(PAGE, "utf-8").encode("utf-8"))
    page = _with_charset(PAGE, declared)
    data = page.encode(actual, errors="ignore" if actual != "utf-8" else "strict")
    raw = read_html(tmp_path / "b.html", data)
    if actual == "utf-8":
        assert raw.text == expected.text
    else:
        assert "平潭综合实验区" in raw.text and "行政复议" in raw.text
    assert raw.raw_tables == expected.raw_tables or actual != "utf-8"


def test_html_in_big5_declared_gb2312(tmp_path):
    body = "".join(f"<p>{line}</p>" for line in TRADITIONAL.splitlines())
    page = f'<html><head><meta charset="gb2312"><title>報告</title></head><body><div>{body}</div></body></html>'
    raw = read_html(tmp_path / "big5.html", page.encode("big5"))
    assert "政府資訊公開工作年度報告" in raw.text
    assert "行政復議一件" in raw.text
