"""PDF with a text layer: text in reading order, tables from the page geometry.

Plain text extraction reads ruled tables column by column, so tables come from ruling lines
and cell boxes (pdfplumber), and the text outside them is read line by line. A page frame
drawn around the body text is detected as a one-column "table": its rows are text.
Running headers/footers that repeat on most pages are dropped; page numbers are left to the
normaliser, which removes them from every format.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from pathlib import Path

from nianbao.errors import CorruptDocument, EmptyDocument, MissingDependency, NoTextLayer
from nianbao.io.grid import TextBuilder
from nianbao.records import RawDocument

MAX_PAGES = 500
_PAGE_NUMBER = re.compile(r"^[\s\-—－–_]*(第\s*)?\d{1,4}(\s*页)?(\s*/\s*\d+)?[\s\-—－–_]*$")


def _open(path: Path, data: bytes):
    try:
        import pdfplumber
        from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
        from pdfminer.pdfparser import PDFSyntaxError
        from pdfminer.psexceptions import PSException
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise MissingDependency(path, "读取 PDF 需要 pdfplumber", "pip install pdfplumber") from exc
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        _ = pdf.pages  # forces the page tree: truncated files fail here
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        raise CorruptDocument(path, "PDF 已加密，无法读取 (encrypted PDF)") from exc
    except (PDFSyntaxError, PSException) as exc:
        raise CorruptDocument(
            path, f"PDF 文件已损坏或不完整 (damaged or truncated PDF): {exc}"
        ) from exc
    except Exception as exc:
        # pdfplumber wraps pdfminer's errors: look at the wrapped one too
        inner = " ".join(f"{type(a).__name__} {a}" for a in (exc, *getattr(exc, "args", ())))
        if "password" in inner.lower() or "encrypt" in inner.lower():
            raise CorruptDocument(path, "PDF 已加密，无法读取 (encrypted PDF)") from exc
        raise CorruptDocument(
            path, f"PDF 文件已损坏或不完整 (damaged or truncated PDF): {exc}"
        ) from exc
    return pdf


def _is_grid(rows: list[list[str | None]]) -> bool:
    """A real table has at least one row with two or more cells of its own."""
    return any(sum(1 for c in row if c is not None) >= 2 for row in rows)


def _single_cell(row: list[str | None]) -> str | None:
    present = [c for c in row if c is not None]
    return present[0] if len(present) == 1 else None


def _page_blocks(page) -> list[tuple[float, str, object]]:
    """Blocks of one page in reading order: ("line", text) or ("row", (table_index, cells))."""
    blocks: list[tuple[float, str, object]] = []
    tables = page.find_tables()
    boxes = []
    for t_index, table in enumerate(tables):
        rows = table.extract()
        boxes.append(table.bbox)
        grid = _is_grid(rows)
        for row_obj, cells in zip(table.rows, rows, strict=False):
            top = row_obj.bbox[1]
            single = _single_cell(cells)
            if not grid or (single is not None and len(cells) > 1 and not _is_caption(single)):
                for k, piece in enumerate((single or "").split("\n")):
                    blocks.append((top + k * 0.01, "line", piece))
            else:
                blocks.append((top, "row", (t_index, cells)))

    def outside(obj) -> bool:
        x = (obj["x0"] + obj["x1"]) / 2
        y = (obj["top"] + obj["bottom"]) / 2
        return not any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in boxes)

    rest = page.filter(outside) if boxes else page
    for line in rest.extract_text_lines(return_chars=False):
        blocks.append((line["top"], "line", line["text"]))
    blocks.sort(key=lambda b: b[0])
    return blocks


def _is_caption(text: str) -> bool:
    """Captions inside table 2 (第二十条第（一）项) stay with the grid."""
    return bool(re.match(r"^\s*第二十条", text)) or "信息内容" in text


def read_pdf(path: Path, data: bytes) -> RawDocument:
    pdf = _open(path, data)
    with pdf:
        n_pages = len(pdf.pages)
        if n_pages == 0:
            raise EmptyDocument(path, "PDF 没有页面 (no pages)")
        if n_pages > MAX_PAGES:
            raise CorruptDocument(
                path, f"PDF 页数过多：{n_pages} 页，上限 {MAX_PAGES} (too many pages)"
            )
        pages: list[list[tuple[float, str, object]]] = []
        images = 0
        try:
            for page in pdf.pages:
                pages.append(_page_blocks(page))
                images += len(page.images)
        except Exception as exc:
            raise CorruptDocument(
                path, f"PDF 页面无法解析，文件可能不完整 (damaged page): {exc}"
            ) from exc
        meta_title = (pdf.metadata or {}).get("Title")
    text_chars = sum(len(str(b[2])) for blocks in pages for b in blocks if b[1] == "line")
    if text_chars < 20 * n_pages and text_chars < 200:
        if images:
            raise NoTextLayer(
                path, "PDF 没有文字层（扫描件或图片版），需要 OCR (scanned PDF, no text layer)"
            )
        raise EmptyDocument(path, "PDF 中没有文字 (no text in PDF)")
    running = _running_lines(pages)
    out = TextBuilder()
    for p_index, blocks in enumerate(pages):
        grid: list[list[str | None]] = []
        current = None
        for _, kind, content in blocks:
            if kind == "row":
                t_index, cells = content
                if current is not None and t_index != current:
                    out.table(grid, page=p_index + 1)
                    grid = []
                current = t_index
                grid.append(cells)
                continue
            if grid:
                out.table(grid, page=p_index + 1)
                grid, current = [], None
            if str(content).strip() in running:
                continue
            out.line(str(content))
        if grid:
            out.table(grid, page=p_index + 1)
        out.line("\f")
    meta = (
        (("title", meta_title),) if isinstance(meta_title, str) and meta_title.isprintable() else ()
    )
    return RawDocument(
        path=str(path), fmt="pdf", text=out.text(), raw_tables=tuple(out.tables), meta=meta
    )


def _running_lines(pages: list[list[tuple[float, str, object]]]) -> set[str]:
    """First/last lines repeated on most pages (running headers/footers), not page numbers."""
    if len(pages) < 3:
        return set()
    counts: Counter[str] = Counter()
    for blocks in pages:
        lines = [str(b[2]).strip() for b in blocks if b[1] == "line" and str(b[2]).strip()]
        edge = set(lines[:2] + lines[-2:])
        counts.update(s for s in edge if not _PAGE_NUMBER.match(s))
    return {s for s, n in counts.items() if n >= max(3, len(pages) * 0.6)}
