"""Plain text and Markdown: UTF-8 (with or without BOM), UTF-16, GB18030/GBK detected."""

from __future__ import annotations

import codecs
from pathlib import Path

from nianbao.errors import CorruptDocument, EmptyDocument, EncodingError
from nianbao.records import RawDocument

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _cjk_share(text: str) -> float:
    if not text:
        return 0.0
    cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    return cjk / max(1, sum(1 for ch in text if not ch.isspace()))


def decode(path: Path, data: bytes) -> tuple[str, str]:
    """Return (text, encoding). Chinese government text is UTF-8 or GB18030 in practice."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return data.decode(enc), enc
    if b"\x00" in data[:4096]:
        # NUL bytes: UTF-16 without BOM, or binary junk
        for enc in ("utf-16-le", "utf-16-be"):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                continue
            if _cjk_share(text) > 0.3:
                return text, enc
        raise CorruptDocument(path, "不是文本文件：含有二进制数据 (binary data, not text)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
        if _cjk_share(text) > 0.2:
            return text, "gb18030"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or _cjk_share(str(best)) < 0.05:
        raise EncodingError(
            path, "无法识别文本编码，或不是中文文本 (unknown encoding / not Chinese text)"
        )
    return str(best), best.encoding


def read_text_file(path: Path, data: bytes) -> RawDocument:
    text, encoding = decode(path, data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise EmptyDocument(path, "文件没有文字内容 (no text)")
    control = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\t\f")
    if control > max(10, len(text) // 100):
        raise CorruptDocument(path, "不是文本文件：含有大量控制字符 (binary data, not text)")
    fmt = "md" if path.suffix.lower() in {".md", ".markdown"} else "txt"
    return RawDocument(path=str(path), fmt=fmt, text=text, meta=(("encoding", encoding),))
