"""The limits nianbao sets on its input, in one place, and the checks that enforce them.

A real annual report is a few hundred kilobytes: 3,000–30,000 characters, three tables of at
most ~30 × 10 cells, a .docx of some 20 zip members. The limits sit orders of magnitude above
that, so they stop only damaged or hostile files (zip bombs, a million-row table, a 2 GB log
renamed .txt) before they exhaust memory, and each says which limit the file broke.
"""

from __future__ import annotations

import io
import lzma
import zipfile
import zlib
from pathlib import Path

from nianbao.errors import CorruptDocument, LimitExceeded

MAX_FILE_BYTES = 200 * 1024 * 1024  # any input file, before reading it
MAX_TEXT_FILE_BYTES = 20 * 1024 * 1024  # a plain-text / Markdown file
MAX_HTML_BYTES = 50 * 1024 * 1024  # a web page, site chrome included
MAX_PDF_PAGES = 500
MAX_TEXT_CHARS = 2_000_000  # the text a reader extracts (reports: 3k–30k characters)
MAX_TABLE_CELLS = 100_000  # rows × columns of one grid table, merged cells expanded
MAX_TABLE_SPAN = 1_000  # rowspan / colspan / gridSpan of one cell
MAX_TABLES = 2_000  # grid tables in one document

# zip containers (.docx, .xlsx): checked from the central directory before anything is inflated
MAX_ZIP_MEMBERS = 5_000
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024  # sum of the members' declared sizes
MAX_ZIP_XML_BYTES = 50 * 1024 * 1024  # one XML member (word/document.xml), parsed into a tree
MAX_COMPRESSION_RATIO = 100  # of a member that inflates to more than ZIP_RATIO_MIN_BYTES
ZIP_RATIO_MIN_BYTES = 10 * 1024 * 1024

_MB = 1024 * 1024


def _mb(n: int) -> str:
    return f"{n / _MB:.0f} MB" if n >= _MB else f"{n} 字节"


def check_file_size(path: str | Path, size: int, limit: int = MAX_FILE_BYTES) -> None:
    if size > limit:
        raise LimitExceeded(
            path, f"文件过大：{_mb(size)}，上限 {_mb(limit)} (file too large, limit {_mb(limit)})"
        )


def check_text_length(path: str | Path | None, text: str) -> None:
    if len(text) > MAX_TEXT_CHARS:
        raise LimitExceeded(
            path,
            f"文字过多：{len(text):,} 字，上限 {MAX_TEXT_CHARS:,} 字 "
            f"(extracted text too long, limit {MAX_TEXT_CHARS:,} characters)",
        )


def check_table_size(path: str | Path | None, rows: int, cols: int) -> None:
    if rows * cols > MAX_TABLE_CELLS:
        raise LimitExceeded(
            path,
            f"表格过大：{rows} 行 × {cols} 列，上限 {MAX_TABLE_CELLS:,} 个单元格 "
            f"(table too large, limit {MAX_TABLE_CELLS:,} cells)",
        )


def check_table_count(path: str | Path | None, n: int) -> None:
    if n > MAX_TABLES:
        raise LimitExceeded(
            path, f"表格过多：超过 {MAX_TABLES} 个 (too many tables, limit {MAX_TABLES})"
        )


def check_span(path: str | Path | None, span: int) -> None:
    if span > MAX_TABLE_SPAN:
        raise LimitExceeded(
            path,
            f"合并单元格跨度过大：{span}，上限 {MAX_TABLE_SPAN} "
            f"(merged cell spans too many rows/columns, limit {MAX_TABLE_SPAN})",
        )


def check_zip(
    path: str | Path, data: bytes, kind: str = "Word", max_unzipped: int = MAX_UNZIPPED_BYTES
) -> set[str]:
    """Check a zip container against the limits and inflate every member once (CRC checked),
    so that a truncated or damaged archive fails here, with a clear message, rather than deep
    inside the library that reads it. Returns the member names."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as exc:
        raise CorruptDocument(
            path, f"{kind} 文件已损坏或不完整 (damaged or truncated zip container): {exc}"
        ) from exc
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_ZIP_MEMBERS:
            raise LimitExceeded(
                path,
                f"压缩包成员过多：{len(infos)} 个，上限 {MAX_ZIP_MEMBERS} "
                f"(too many zip members, limit {MAX_ZIP_MEMBERS})",
            )
        total = sum(i.file_size for i in infos)
        if total > max_unzipped:
            raise LimitExceeded(
                path,
                f"解压后过大：{_mb(total)}，上限 {_mb(max_unzipped)}，可能是压缩炸弹 "
                f"(decompressed size too large: zip bomb?)",
            )
        for info in infos:
            if info.filename.endswith((".xml", ".rels")) and info.file_size > MAX_ZIP_XML_BYTES:
                raise LimitExceeded(
                    path,
                    f"{info.filename} 解压后 {_mb(info.file_size)}，上限 "
                    f"{_mb(MAX_ZIP_XML_BYTES)} (XML part too large)",
                )
            ratio = info.file_size / max(1, info.compress_size)
            if info.file_size > ZIP_RATIO_MIN_BYTES and ratio > MAX_COMPRESSION_RATIO:
                raise LimitExceeded(
                    path,
                    f"{info.filename} 压缩比 {ratio:.0f}:1，上限 {MAX_COMPRESSION_RATIO}:1，"
                    f"可能是压缩炸弹 (compression ratio too high: zip bomb?)",
                )
        if len({i.filename for i in infos}) != len(infos):
            raise CorruptDocument(
                path, f"{kind} 文件已损坏：压缩包内有重名成员 (duplicate zip members)"
            )
        for info in infos:
            try:
                # zipfile never inflates past the declared size, so the limits above bound this
                with zf.open(info) as member:
                    while member.read(1 << 20):
                        pass
            except (
                zipfile.BadZipFile,
                zlib.error,
                lzma.LZMAError,
                EOFError,
                OSError,
                ValueError,
                NotImplementedError,
            ) as exc:
                raise CorruptDocument(
                    path,
                    f"{kind} 文件已损坏或不完整：{info.filename} 无法解压 "
                    f"(damaged zip member): {exc}",
                ) from exc
            except RuntimeError as exc:  # zipfile: "File … is encrypted, password required"
                raise CorruptDocument(
                    path, f"{kind} 文件已加密，无法读取 (encrypted): {exc}"
                ) from exc
        return {i.filename for i in infos}
