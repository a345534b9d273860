"""Plain text and Markdown: the encoding detected, mojibake refused.

Chinese government text comes as UTF-8 (with or without BOM), UTF-16, GB18030/GBK/GB2312 or,
from Taiwan and Hong Kong sources, Big5. GB18030 decodes almost any byte string and Big5 text
decodes as GB18030 without an error, so a decoding is judged by what it produces: the share
of its non-ASCII characters that are common Chinese characters (GB2312 level 1 ∪ Big5 level 1)
or CJK punctuation. Real text scores about 1.0, a wrong decoding about 0.3.

Mojibake — text already decoded with the wrong encoding and saved again (“鏀垮簻淇℃伅”: UTF-8
read as GBK; “æ”¿åºœ”: UTF-8 read as Latin-1; “锟斤拷”: lost characters read as GBK twice) —
is refused with ``GarbledText`` rather than assessed as text.
"""

from __future__ import annotations

import codecs
import contextlib
from functools import cache
from pathlib import Path

from nianbao.errors import CorruptDocument, EmptyDocument, EncodingError, GarbledText
from nianbao.io.limits import MAX_TEXT_FILE_BYTES, check_file_size, check_text_length
from nianbao.records import RawDocument

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_MAGIC = (
    (b"\x7fELF", "ELF 可执行文件 (ELF executable)"),
    (b"\x89PNG", "PNG 图片 (PNG image)"),
    (b"\xff\xd8\xff", "JPEG 图片 (JPEG image)"),
    (b"GIF8", "GIF 图片 (GIF image)"),
    (b"BM", None),  # checked below: BMP only with NUL bytes in the header
    (b"%PDF", "PDF 文件 (PDF)"),
    (b"PK\x03\x04", "ZIP 压缩包或 Office 文档 (zip / Office file)"),
    (b"\xd0\xcf\x11\xe0", "旧版 Office 文档 (OLE2: .doc/.xls/.wps)"),
    (b"\x1f\x8b", "gzip 压缩包 (gzip)"),
    (b"BZh", None),
    (b"\xfd7zXZ\x00", "xz 压缩包 (xz)"),
    (b"7z\xbc\xaf\x27\x1c", "7z 压缩包 (7z)"),
    (b"Rar!\x1a\x07", "RAR 压缩包 (rar)"),
    (b"MZ", None),
    (b"\xcf\xfa\xed\xfe", "Mach-O 可执行文件 (Mach-O executable)"),
    (b"\x00asm", "WebAssembly"),
    (b"SQLite format 3\x00", "SQLite 数据库 (SQLite database)"),
    (b"RIFF", None),
    (b"{\\rtf", "RTF 文档 (RTF: 请另存为 .docx 或 .txt)"),
)
# Characters that only mojibake produces in a report: lost characters (U+FFFD) saved as UTF-8
# and read as GBK, and the fill bytes of uninitialised memory read as GBK.
_GARBAGE_MARKERS = ("锟斤拷", "烫烫烫", "屯屯屯")
_PUNCT = set("“”‘’…—–·、〈〉《》「」『』【】〔〕（）：；，。！？%‰℃×÷±≤≥①②③④⑤⑥⑦⑧⑨⑩")
# Scripts of bilingual pages in autonomous regions (Uyghur, Kazakh, Tibetan, Mongolian, Yi,
# Korean): never produced by a wrong decoding, so never taken for mojibake
_MINORITY_SCRIPTS = (
    (0x0600, 0x06FF),
    (0xFB50, 0xFEFC),
    (0x0F00, 0x0FFF),
    (0x1800, 0x18AF),
    (0xA000, 0xA4CF),
    (0xAC00, 0xD7A3),
    (0x1100, 0x11FF),
)
GOOD_SCORE = 0.8  # a plausible Chinese decoding scores above this
_SAMPLE = 200_000  # characters scored


@cache
def _common_chars() -> frozenset[str]:
    """GB2312 level 1 (3,755 common simplified characters) ∪ Big5 level 1 (5,401 common
    traditional characters), from the codecs themselves."""
    out: set[str] = set()
    for lead in range(0xB0, 0xD8):
        for trail in range(0xA1, 0xFF):
            with contextlib.suppress(UnicodeDecodeError):
                out.add(bytes((lead, trail)).decode("gb2312"))
    for lead in range(0xA4, 0xC7):
        for trail in (*range(0x40, 0x7F), *range(0xA1, 0xFF)):
            if lead == 0xC6 and trail > 0x7E:
                break
            with contextlib.suppress(UnicodeDecodeError):
                out.add(bytes((lead, trail)).decode("big5"))
    return frozenset(out)


def chinese_score(text: str) -> tuple[float, int]:
    """(share of the non-ASCII characters that are common Chinese characters or punctuation,
    how many non-ASCII characters were scored). ASCII-only text scores 1.0."""
    common = _common_chars()
    n = good = 0
    for ch in text[:_SAMPLE]:
        o = ord(ch)
        if o < 128 or ch.isspace() or ch == "\ufffd":
            continue
        n += 1
        if (
            ch in common
            or ch in _PUNCT
            or 0x3000 <= o <= 0x303F  # CJK punctuation
            or 0xFF01 <= o <= 0xFF5E  # full-width forms
            or 0x2010 <= o <= 0x27BF  # general punctuation, numerals, arrows, shapes, symbols
            or any(a <= o <= b for a, b in _MINORITY_SCRIPTS)
        ):
            good += 1
    return (good / n if n else 1.0), n


def _cjk_count(text: str) -> int:
    return sum(1 for ch in text[:_SAMPLE] if "\u4e00" <= ch <= "\u9fff")


def _binary_kind(data: bytes) -> str | None:
    head = data[:16]
    for magic, name in _MAGIC:
        if not head.startswith(magic):
            continue
        if name is not None:
            return name
        if b"\x00" in data[:64]:  # BM / MZ / BZh / RIFF: short, so only with binary bytes
            return f"二进制文件（以 {magic.decode('latin-1')} 开头）(binary file)"
    return None


def _decode_with(data: bytes, encoding: str) -> tuple[str, int]:
    """(text, number of undecodable byte sequences)."""
    try:
        return data.decode(encoding), 0
    except UnicodeDecodeError:
        text = data.decode(encoding, errors="replace")
        return text, max(1, text.count("\ufffd"))


def _error_rate(text: str, errors: int) -> float:
    return errors / max(1, sum(1 for ch in text[:_SAMPLE] if ord(ch) >= 128) or len(text))


def _pick(data: bytes, encodings: list[str], declared: str | None) -> tuple[str, str, float]:
    """The decoding that reads best: (text, encoding, error rate)."""
    best: tuple[float, str, str, float] | None = None
    for enc in encodings:
        text, errors = _decode_with(data, enc)
        rate = _error_rate(text, errors)
        score, _ = chinese_score(text)
        key = score - 10 * rate + (0.05 if enc == declared else 0.0)
        if best is None or key > best[0]:
            best = (key, text, enc, rate)
    assert best is not None
    return best[1], best[2], best[3]


def normalise_encoding_name(name: str | None) -> str | None:
    """A declared charset as a Python codec name, or None when Python does not know it."""
    if not name:
        return None
    name = name.strip().lower()
    if name in {"gb2312", "gbk", "gb_2312-80", "x-gbk", "cp936", "euc-cn"}:
        name = "gb18030"  # a superset: pages labelled GB2312 use GBK characters
    if name in {"big5", "big5-hkscs", "x-x-big5"}:
        name = "cp950"  # Big5 as Windows writes it (a superset)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


_MAX_ERROR_RATE = 0.01  # undecodable sequences per non-ASCII character


def decode(path: Path, data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Return (text, encoding). ``declared``: a charset the file states (an HTML <meta>); it
    breaks ties but never overrides what the bytes say."""
    kind = _binary_kind(data)
    if kind is not None:
        raise CorruptDocument(path, f"不是文本文件：实为 {kind} (not a text file)")
    declared = normalise_encoding_name(declared)
    for bom, enc in _BOMS:
        if data.startswith(bom):
            text, errors = _decode_with(data, enc)
            if _error_rate(text, errors) > _MAX_ERROR_RATE:
                raise EncodingError(
                    path, f"文件以 {enc} 标记开头，但内容无法按 {enc} 解码 (invalid {enc} text)"
                )
            text = text.removeprefix("\ufeff")
            _check_garbled(path, text)
            return text, enc
    if b"\x00" in data[:4096]:
        # NUL bytes: UTF-16/32 without BOM, or binary junk
        text, enc, rate = _pick(data, ["utf-16-le", "utf-16-be"], declared)
        score, n = chinese_score(text)
        if rate > _MAX_ERROR_RATE or score < GOOD_SCORE or _cjk_count(text) < 0.3 * max(1, n):
            raise CorruptDocument(path, "不是文本文件：含有二进制数据 (binary data, not text)")
        _check_garbled(path, text)
        return text, enc
    text, errors = _decode_with(data, "utf-8")
    enc = "utf-8"  # valid UTF-8 is UTF-8 (GBK text never is)
    if errors:
        candidates = ["utf-8", "gb18030", "cp950"]
        if declared and declared not in candidates:
            candidates.insert(0, declared)
        text, enc, rate = _pick(data, candidates, declared)
        if rate > _MAX_ERROR_RATE:
            raise EncodingError(
                path,
                "无法识别文本编码：按 UTF-8、GB18030、Big5 解码都有大量错误 "
                "(unknown encoding: not UTF-8, GB18030 or Big5)",
                "请另存为 UTF-8 编码的文本文件",
            )
    _check_garbled(path, text)
    return text, enc


_REVERSALS = (
    # (how the text was wrongly decoded, how it really was encoded, message)
    ("gb18030", "utf-8", "UTF-8 文本被当作 GBK 解码后另存 (UTF-8 read as GBK)"),
    ("cp1252", "utf-8", "UTF-8 文本被当作 Latin-1/Windows-1252 解码后另存 (UTF-8 read as Latin-1)"),
    ("latin-1", "utf-8", "UTF-8 文本被当作 Latin-1 解码后另存 (UTF-8 read as Latin-1)"),
    ("cp1252", "gb18030", "GBK 文本被当作 Latin-1/Windows-1252 解码后另存 (GBK read as Latin-1)"),
    ("latin-1", "gb18030", "GBK 文本被当作 Latin-1 解码后另存 (GBK read as Latin-1)"),
    ("cp950", "utf-8", "UTF-8 文本被当作 Big5 解码后另存 (UTF-8 read as Big5)"),
    ("gb18030", "cp950", "Big5 文本被当作 GBK 解码后另存 (Big5 read as GBK)"),
)


def _encode_lenient(text: str, encoding: str) -> bytes:
    """Undo a wrong decoding. Windows-1252 as browsers and editors apply it passes its five
    undefined bytes through as U+0081…; a character the encoding lacks becomes '?'."""
    if encoding != "cp1252":
        return text.encode(encoding, errors="replace")
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1252")
        except UnicodeEncodeError:
            out += bytes((ord(ch),)) if ord(ch) < 256 else b"?"
    return bytes(out)


def garbled_reason(text: str) -> str | None:
    """Why ``text`` looks like mojibake, or None."""
    sample = text[:_SAMPLE]
    for marker in _GARBAGE_MARKERS:
        if sample.count(marker) >= 2:
            return f"含有“{marker}”，原文字已丢失 (mojibake: “{marker}”)"
    score, n = chinese_score(sample)
    suspicious = n >= 20 and score < GOOD_SCORE
    for wrong, right, message in _REVERSALS if suspicious else ():
        raw = _encode_lenient(sample, wrong)
        repaired, errors = _decode_with(raw, right)
        fixed, m = chinese_score(repaired)
        if (
            fixed >= GOOD_SCORE
            and fixed - score >= 0.2
            and _cjk_count(repaired) >= 10
            and errors <= 0.3 * max(1, m)  # bytes the wrong decoding dropped stay lost
        ):
            return message
    lost = sample.count("\ufffd")
    if lost >= 3 and lost > 0.005 * max(1, sum(1 for ch in sample if ord(ch) >= 128)):
        return f"含有 {lost} 个无法识别的字符“\ufffd” (characters lost to a wrong encoding)"
    if suspicious:
        return (
            f"文字不像中文：只有 {score:.0%} 的非 ASCII 字符是常用汉字，可能是乱码或编码无法识别 "
            "(text does not look like Chinese: mojibake or an unknown encoding)"
        )
    return None


def _check_garbled(path: Path, text: str) -> None:
    reason = garbled_reason(text)
    if reason is not None:
        raise GarbledText(path, f"文本乱码：{reason}", "请找到原始文件，或用正确的编码重新保存")


def read_text_file(path: Path, data: bytes) -> RawDocument:
    check_file_size(path, len(data), MAX_TEXT_FILE_BYTES)
    if not data.strip():
        raise EmptyDocument(path, "文件没有文字内容 (no text)")
    text, encoding = decode(path, data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise EmptyDocument(path, "文件没有文字内容 (no text)")
    control = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\t\f")
    if control > max(10, len(text) // 100):
        raise CorruptDocument(path, "不是文本文件：含有大量控制字符 (binary data, not text)")
    check_text_length(path, text)
    fmt = "md" if path.suffix.lower() in {".md", ".markdown"} else "txt"
    return RawDocument(path=str(path), fmt=fmt, text=text, meta=(("encoding", encoding),))
