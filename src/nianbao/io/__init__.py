"""Readers: a file in any real format → ``RawDocument``.

Each reader owns one format. ``read_raw`` picks the reader by the file's content first (magic
bytes) and its suffix second, so a PDF saved as ``.txt`` is still read as a PDF.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from nianbao.errors import (
    CorruptDocument,
    EmptyDocument,
    NianbaoError,
    UnsupportedFormat,
    library_words,
)
from nianbao.io.limits import MAX_FILE_BYTES, check_file_size
from nianbao.io.names import path_key
from nianbao.records import RawDocument

Reader = Callable[[Path, bytes], RawDocument]


@dataclass(frozen=True)
class FileFormat:
    """One format nianbao reads: the kind, the suffixes a folder scan takes for it, the bytes
    its files start with, and its reader (``module:function``, imported when first needed)."""

    kind: str
    suffixes: tuple[str, ...]
    reader: str
    magic: tuple[bytes, ...] = ()


# the one table of formats: reading a file and scanning a folder both take it from here
FORMATS: tuple[FileFormat, ...] = (
    FileFormat("pdf", ("pdf",), "nianbao.io.pdf:read_pdf", (b"%PDF",)),
    FileFormat(
        "image",
        ("png", "jpg", "jpeg", "tif", "tiff"),
        "nianbao.io.ocr:read_image",
        (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*"),
    ),
    FileFormat("docx", ("docx",), "nianbao.io.docx:read_docx", (b"PK\x03\x04",)),
    # OLE2, legacy Word and WPS: through LibreOffice
    FileFormat("doc", ("doc",), "nianbao.io.office:read_via_libreoffice", (b"\xd0\xcf\x11\xe0",)),
    FileFormat("wps", ("wps",), "nianbao.io.office:read_via_libreoffice", (b"\xd0\xcf\x11\xe0",)),
    # pages as saved from county sites: static (.shtml, .jhtml) and generated (.jsp, .aspx, .php)
    FileFormat(
        "html",
        ("html", "htm", "shtml", "xhtml", "jhtml", "jsp", "asp", "aspx", "php"),
        "nianbao.io.html:read_html",
    ),
    FileFormat("md", ("md", "markdown"), "nianbao.io.text:read_text_file"),
    FileFormat("txt", ("txt", "text", ""), "nianbao.io.text:read_text_file"),
)
# formats a folder of reports holds that nianbao does not read: listed with why and what to do
_ARCHIVE = "压缩包：请解压后再评估（解压出的年报会被读取）"
_SHEET = "电子表格不是年报正文：年报的附表请连同正文（PDF、Word 或网页）一起放进文件夹"
UNREAD: dict[str, str] = {
    "ofd": "OFD 版式文件暂不能读取：请用数科阅读器或 WPS 另存为 PDF 后放回文件夹",
    "zip": _ARCHIVE, "rar": _ARCHIVE, "7z": _ARCHIVE, "gz": _ARCHIVE,
    "xlsx": _SHEET, "xls": _SHEET, "et": _SHEET, "csv": _SHEET,
    "ppt": "演示文稿不是年报", "pptx": "演示文稿不是年报", "dps": "演示文稿不是年报",
}  # fmt: skip
_BY_KIND = {f.kind: f for f in FORMATS}
_BY_SUFFIX = {s: f for f in FORMATS for s in f.suffixes}
SUPPORTED = tuple(s for f in FORMATS for s in f.suffixes if s)  # what a folder scan reads
IMAGE_SUFFIXES = _BY_KIND["image"].suffixes


def _sniff(path: Path, data: bytes) -> str:
    """The kind of a file: by its first bytes, then by its suffix, then by its content."""
    suffix = path.suffix.lower().lstrip(".")
    named = _BY_SUFFIX.get(suffix)
    by_magic = [f for f in FORMATS if f.magic and data.startswith(f.magic)]
    if by_magic:
        kind = by_magic[0].kind
        if kind == "docx" and b"word/" not in data[:65536] and suffix != "docx":
            return "zip"  # another zip: a workbook, an archive
        if kind == "doc" and named is not None and named.kind == "wps":
            return "wps"
        return kind
    if named is not None and named.kind in ("html", "md", "txt"):
        return named.kind
    lower = data[:2048].lower()
    if b"<html" in lower or b"<!doctype html" in lower:
        return "html"
    if named is not None and named.kind == "image":
        return "image"  # named as an image but not one: the image reader says it is damaged
    return suffix


def _reader(kind: str) -> Reader | None:
    fmt = _BY_KIND.get(kind)
    if fmt is None:
        return None
    module, func = fmt.reader.split(":")
    return getattr(importlib.import_module(module), func)


def report_files(paths: list[Path], skipped: list | None = None) -> list[Path]:
    """Files as given; folders searched recursively for files of a supported format. What a
    folder scan leaves out (``folder.Skipped``, with the reason) is added to ``skipped``."""
    from nianbao.io.folder import scan

    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            files, left_out = scan(p, SUPPORTED, unread=UNREAD)
            out += files
            if skipped is not None:
                skipped += left_out
        else:
            out.append(p)
    return out


def read_raw(path: str | Path) -> RawDocument:
    """Read one report file. Raises ``NianbaoError`` naming the file and the reason."""
    path = Path(path)
    if not path.exists():
        raise NianbaoError(path, "文件不存在 (file not found)")
    if path.is_dir():
        raise NianbaoError(path, "这是一个文件夹，不是报告文件 (is a directory)")
    from nianbao.io.folder import regular_file

    refused = regular_file(path)
    if refused:
        raise UnsupportedFormat(path, refused)
    size = path.stat().st_size
    if size == 0:
        raise EmptyDocument(path, "文件为空 (empty file)")
    check_file_size(path, size, MAX_FILE_BYTES)
    data = path.read_bytes()
    kind = _sniff(path, data)
    reader = _reader(kind)
    if reader is None:
        raise UnsupportedFormat(
            path,
            f"不支持的文件类型“{path.suffix or kind}” (unsupported format)",
            "支持 " + ", ".join(SUPPORTED),
        )
    try:
        raw = reader(path, data)
        key = path_key(path)
        return raw if raw.path == key else replace(raw, path=key)
    except NianbaoError:
        raise
    except Exception as exc:  # a library choked on a damaged file: say so, with the file
        raise CorruptDocument(
            path,
            f"无法读取，文件可能已损坏 (cannot read, damaged file): {library_words(exc)}",
            "用原软件打开确认后另存一份，或换用其他格式（PDF、Word、网页）后重新运行",
        ) from exc
