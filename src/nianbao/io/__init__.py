"""Readers: a file in any real format → ``RawDocument``.

Each reader owns one format. ``read_raw`` picks the reader by the file's content first (magic
bytes) and its suffix second, so a PDF saved as ``.txt`` is still read as a PDF.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import replace
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


IMAGE_SUFFIXES = ("png", "jpg", "jpeg", "tif", "tiff")
# pages as saved from county sites: static (.shtml, .jhtml) and generated (.jsp, .aspx, .php)
_HTML_SUFFIXES = ("html", "htm", "shtml", "xhtml", "jhtml", "jsp", "asp", "aspx", "php")
_IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")


def _sniff(path: Path, data: bytes) -> str:
    head = data[:8]
    suffix = path.suffix.lower().lstrip(".")
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(_IMAGE_MAGIC):
        return "image"
    if head.startswith(b"PK\x03\x04"):
        return "docx" if b"word/" in data[:65536] or suffix == "docx" else "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0"):  # OLE2: legacy .doc / .wps
        return "wps" if suffix == "wps" else "doc"
    if suffix in _HTML_SUFFIXES:
        return "html"
    if suffix in {"txt", "md", "markdown", "text", ""}:
        return "md" if suffix in {"md", "markdown"} else "txt"
    lower = data[:2048].lower()
    if b"<html" in lower or b"<!doctype html" in lower:
        return "html"
    if suffix in IMAGE_SUFFIXES:
        return "image"  # named as an image but not one: the image reader says it is damaged
    return suffix


_READERS = {
    "txt": "nianbao.io.text:read_text_file",
    "md": "nianbao.io.text:read_text_file",
    "html": "nianbao.io.html:read_html",
    "pdf": "nianbao.io.pdf:read_pdf",
    "docx": "nianbao.io.docx:read_docx",
    "doc": "nianbao.io.office:read_via_libreoffice",
    "wps": "nianbao.io.office:read_via_libreoffice",
    "image": "nianbao.io.ocr:read_image",
}


def _reader(kind: str) -> Reader | None:
    target = _READERS.get(kind)
    if target is None:
        return None
    module, func = target.split(":")
    return getattr(importlib.import_module(module), func)


SUPPORTED = (
    "txt",
    "md",
    "markdown",
    "text",
    *_HTML_SUFFIXES,
    "pdf",
    "docx",
    "doc",
    "wps",
    *IMAGE_SUFFIXES,
)


def report_files(paths: list[Path]) -> list[Path]:
    """Files as given; folders searched recursively for files of a supported format (see
    ``folder.scan`` for what is left out)."""
    from nianbao.io.folder import scan

    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out += scan(p, SUPPORTED)[0]
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
