"""The limits nianbao sets on its input, in one place, and the checks that enforce them.

A real annual report is a few hundred kilobytes: 3,000–30,000 characters, three tables of at
most ~30 × 10 cells, a .docx of some 20 zip members. The limits sit orders of magnitude above
that, so they stop only damaged or hostile files (zip bombs, a million-row table, a 2 GB log
renamed .txt) before they exhaust memory, and each says which limit the file broke.
"""

from __future__ import annotations

import io
import lzma
import signal
import threading
import time
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
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
MAX_PARAGRAPHS = 20_000  # paragraphs of one Word document (a report: a few hundred)
# the time one file may take to read and score (a real report: under two seconds), plus what
# each page that needs OCR may add; past it the file is listed as too complex
MAX_SECONDS_PER_FILE = 20.0
OCR_SECONDS_PER_PAGE = 15.0

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


def check_text_length(path: str | Path | None, text: str | int) -> None:
    """The text a reader extracted (or its length so far) within ``MAX_TEXT_CHARS``."""
    n = text if isinstance(text, int) else len(text)
    if n > MAX_TEXT_CHARS:
        raise LimitExceeded(
            path,
            f"文字过多：{n:,} 字，上限 {MAX_TEXT_CHARS:,} 字 "
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


def check_paragraphs(path: str | Path | None, n: int) -> None:
    if n > MAX_PARAGRAPHS:
        raise LimitExceeded(
            path,
            f"段落过多：{n:,} 段，上限 {MAX_PARAGRAPHS:,} 段 (too many paragraphs, limit {MAX_PARAGRAPHS:,})",
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


class TooComplex(LimitExceeded):
    """The file took longer than its time budget."""


@dataclass
class _Budget:
    path: str | Path
    allowed: float  # seconds
    deadline: float  # time.monotonic()

    def expired(self, signum: int, frame: object) -> None:
        raise TooComplex(
            self.path,
            f"处理时间超过 {self.allowed:.0f} 秒，文件过于复杂，未评估 (too complex to read)",
            "其余文件照常评估；如确为年报，可另存为文本或拆分后重新运行",
        )


_current: list[_Budget] = []  # the budget of the file being read, while one is


@contextmanager
def time_budget(path: str | Path, seconds: float = MAX_SECONDS_PER_FILE) -> Iterator[None]:
    """Read one file within ``seconds``: past them ``TooComplex`` is raised in the code that
    is running (and again each second, should a library swallow it). Only where a timer
    signal can be delivered (the main thread, POSIX); a nested budget is its outer one's."""
    if (
        _current
        or not hasattr(signal, "setitimer")
        or threading.current_thread() is not threading.main_thread()
    ):
        yield
        return
    budget = _Budget(path, seconds, time.monotonic() + seconds)
    previous = signal.signal(signal.SIGALRM, budget.expired)
    _current.append(budget)
    signal.setitimer(signal.ITIMER_REAL, seconds, 1.0)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        _current.clear()


def extend_budget(seconds: float) -> None:
    """More time for the file being read (pages that need OCR)."""
    if _current:
        budget = _current[0]
        budget.allowed += seconds
        budget.deadline += seconds
        signal.setitimer(signal.ITIMER_REAL, max(0.01, budget.deadline - time.monotonic()), 1.0)
