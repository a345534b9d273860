"""Word .docx: paragraphs and real Word tables in document order."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from nianbao.errors import CorruptDocument, EmptyDocument, MissingDependency
from nianbao.io.grid import TextBuilder
from nianbao.records import RawDocument

MAX_UNZIPPED_BYTES = 200 * 1024 * 1024


def _check_zip(path: Path, data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            total = sum(i.file_size for i in zf.infolist())
            names = set(zf.namelist())
    except zipfile.BadZipFile as exc:
        raise CorruptDocument(path, f"Word 文件已损坏或不完整 (damaged .docx): {exc}") from exc
    if "word/document.xml" not in names:
        raise CorruptDocument(path, "不是 Word 文档：缺少 word/document.xml (not a .docx)")
    if total > MAX_UNZIPPED_BYTES:
        raise CorruptDocument(
            path,
            f"解压后过大（{total / 1e6:.0f} MB），可能是压缩炸弹 (decompressed size too large)",
        )


def read_docx(path: Path, data: bytes) -> RawDocument:
    _check_zip(path, data)
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise MissingDependency(path, "需要 python-docx", "pip install python-docx") from exc
    document = docx.Document(io.BytesIO(data))
    out = TextBuilder()
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            out.line(Paragraph(child, document).text)
        elif tag == "tbl":
            out.table(_grid(Table(child, document)))
    text = out.text()
    if not text.strip():
        raise EmptyDocument(path, "Word 文档没有文字内容 (no text in document)")
    props = document.core_properties
    meta = (("title", props.title),) if props.title else ()
    return RawDocument(
        path=str(path), fmt="docx", text=text, raw_tables=tuple(out.tables), meta=meta
    )


def _grid(table) -> list[list[str | None]]:
    """python-docx repeats a merged cell's object; repeats become None (covered)."""
    grid: list[list[str | None]] = []
    above: list = []
    for row in table.rows:
        cells = list(row.cells)
        out_row: list[str | None] = []
        for c, cell in enumerate(cells):
            left = cells[c - 1]._tc if c else None
            up = above[c]._tc if c < len(above) else None
            if cell._tc is left or cell._tc is up:
                out_row.append(None)
            else:
                out_row.append(cell.text.replace("\u3000", " ").strip())
        grid.append(out_row)
        above = cells
    return grid
