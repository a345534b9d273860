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
from typing import TYPE_CHECKING, cast

from nianbao.errors import (
    CorruptDocument,
    EmptyDocument,
    LimitExceeded,
    MissingDependency,
    NianbaoError,
    NoTextLayer,
)
from nianbao.io.grid import TextBuilder
from nianbao.io.limits import MAX_PDF_PAGES, check_text_length
from nianbao.records import Format, RawDocument

if TYPE_CHECKING:
    from nianbao.io.ocr import OcrPage

MIN_PAGE_CHARS = 20  # a page with fewer characters but an image is OCR'd
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


Block = tuple[float, str, object]


def _table_blocks(
    blocks: list[Block], t_index: int, rows: list[tuple[float, list[str | None]]]
) -> None:
    """A table's rows as blocks; a page frame (no row of two cells) and lone cells are text."""
    grid = _is_grid([cells for _, cells in rows])
    for top, cells in rows:
        single = _single_cell(cells)
        if not grid or (single is not None and len(cells) > 1 and not _is_caption(single)):
            for k, piece in enumerate((single or "").split("\n")):
                blocks.append((top + k * 0.01, "line", piece))
        else:
            blocks.append((top, "row", (t_index, cells)))


def _page_blocks(page) -> list[Block]:
    """Blocks of one page in reading order: ("line", text) or ("row", (table_index, cells))."""
    blocks: list[Block] = []
    tables = page.find_tables()
    boxes = []
    for t_index, table in enumerate(tables):
        boxes.append(table.bbox)
        rows = [(r.bbox[1], cells) for r, cells in zip(table.rows, table.extract(), strict=False)]
        _table_blocks(blocks, t_index, rows)

    def outside(obj) -> bool:
        x = (obj["x0"] + obj["x1"]) / 2
        y = (obj["top"] + obj["bottom"]) / 2
        return not any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in boxes)

    rest = page.filter(outside) if boxes else page
    for line in rest.extract_text_lines(return_chars=False):
        blocks.append((line["top"], "line", line["text"]))
    blocks.sort(key=lambda b: b[0])
    return blocks


def ocr_blocks(page: OcrPage) -> list[Block]:
    """An OCR'd page as the same blocks a text-layer page gives."""
    blocks: list[Block] = [(top, "line", text) for top, text in page.lines]
    for t_index, table in enumerate(page.tables):
        _table_blocks(blocks, t_index, table.rows)
    blocks.sort(key=lambda b: b[0])
    return blocks


def _is_caption(text: str) -> bool:
    """Captions inside table 2 (第二十条第（一）项) stay with the grid."""
    return bool(re.match(r"^\s*第二十条", text)) or "信息内容" in text


def _needs_ocr(page) -> bool:
    """A page painted as an image: no text layer to speak of, but a picture."""
    return len(page.chars) < MIN_PAGE_CHARS and bool(page.images)


def _page_count(data: bytes) -> int | None:
    """The page count from the document's catalogue, before any page is parsed (pdfium,
    which pdfplumber depends on: milliseconds for 60,000 pages, where building pdfplumber's
    page list takes a minute); ``None`` when pdfium cannot open the file."""
    try:
        import pypdfium2
    except ImportError:  # pragma: no cover - a dependency of pdfplumber
        return None
    try:
        document = pypdfium2.PdfDocument(data)
    except Exception:  # damaged or encrypted: pdfplumber says which
        return None
    try:
        return len(document)
    finally:
        document.close()


def _check_pages(path: Path, n_pages: int) -> None:
    if n_pages > MAX_PDF_PAGES:
        raise LimitExceeded(
            path, f"PDF 页数过多：{n_pages} 页，上限 {MAX_PDF_PAGES} (too many pages)"
        )


def read_pdf(path: Path, data: bytes) -> RawDocument:
    counted = _page_count(data)
    if counted is not None:
        _check_pages(path, counted)
    pdf = _open(path, data)
    with pdf:
        n_pages = len(pdf.pages)
        if n_pages == 0:
            raise EmptyDocument(path, "PDF 没有页面 (no pages)")
        _check_pages(path, n_pages)
        pages: list[list[Block]] = []
        scanned: list[tuple[int, float, float]] = []  # (index, width, height) of image pages
        chars = 0
        try:
            for index, page in enumerate(pdf.pages):
                if _needs_ocr(page):
                    scanned.append((index, float(page.width), float(page.height)))
                    pages.append([])
                else:
                    pages.append(_page_blocks(page))
                    # the text so far too long already: stop before reading more pages
                    chars += len(page.chars)
                    check_text_length(path, chars)
                page.close()  # a page's characters and objects are held until it is closed
        except NianbaoError:
            raise
        except Exception as exc:
            raise CorruptDocument(
                path, f"PDF 页面无法解析，文件可能不完整 (damaged page): {exc}"
            ) from exc
        meta_title = (pdf.metadata or {}).get("Title")
    meta: list[tuple[str, str]] = []
    if isinstance(meta_title, str) and meta_title.isprintable():
        meta.append(("title", meta_title))
    if scanned:
        from nianbao.io import ocr

        try:
            for index, blocks in _ocr_pages(path, data, scanned):
                pages[index] = blocks
            meta.append(("ocr", f"{ocr.engine_version()}; {len(scanned)}/{n_pages} 页"))
        except MissingDependency as exc:
            if _text_chars(pages) < _min_chars(n_pages):
                raise NoTextLayer(
                    path,
                    "PDF 没有文字层（扫描件或图片版），需要 OCR (scanned PDF, no text layer)",
                    exc.hint,
                ) from exc
            meta.append(("ocr", f"未安装 OCR，{len(scanned)} 页图片未识别 ({exc.hint})"))
    return assemble(
        path, pages, fmt="pdf", meta=tuple(meta), empty_error=NoTextLayer if scanned else None
    )


def _ocr_pages(
    path: Path, data: bytes, scanned: list[tuple[int, float, float]]
) -> list[tuple[int, list[Block]]]:
    from nianbao.io import ocr

    ocr.ensure_installed(path)
    import pypdfium2

    budget = ocr.OcrBudget(path, len(scanned))
    out: list[tuple[int, list[Block]]] = []
    try:
        document = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as exc:
        raise CorruptDocument(
            path, f"PDF 文件已损坏或不完整 (damaged or truncated PDF): {exc}"
        ) from exc
    try:
        for number, (index, width, height) in enumerate(
            ocr.progress(scanned, f"OCR {path.name}"), start=1
        ):
            budget.check(number)
            image, px_per_pt = ocr.render_pdf_page(path, document, index, width, height)
            out.append((index, ocr_blocks(ocr.ocr_page(path, image, px_per_pt))))
    finally:
        document.close()
    return out


def _text_chars(pages: list[list[Block]]) -> int:
    """Characters in lines and table cells."""
    total = 0
    for blocks in pages:
        for _, kind, content in blocks:
            if kind == "line":
                total += len(str(content))
            else:
                total += sum(len(c or "") for c in content[1])  # type: ignore[index]
    return total


def _min_chars(n_pages: int) -> int:
    return min(20 * n_pages, 200)


def assemble(
    path: Path,
    pages: list[list[Block]],
    *,
    fmt: str,
    meta: tuple[tuple[str, str], ...] = (),
    empty_error: type[NianbaoError] | None = None,
) -> RawDocument:
    """Pages of blocks → the document's source text with its grid tables."""
    if _text_chars(pages) < _min_chars(len(pages)):
        if empty_error is not None:
            raise empty_error(path, "扫描件或图片中未识别出文字 (scanned pages, OCR found no text)")
        raise EmptyDocument(path, "PDF 中没有文字 (no text in PDF)")
    running = _running_lines(pages)
    out = TextBuilder(path)
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
    return RawDocument(
        path=str(path),
        fmt=cast(Format, fmt),
        text=out.text(),
        raw_tables=tuple(out.tables),
        meta=meta,
    )


def _running_lines(pages: list[list[Block]]) -> set[str]:
    """First/last lines repeated on most pages (running headers/footers), not page numbers."""
    if len(pages) < 3:
        return set()
    counts: Counter[str] = Counter()
    for blocks in pages:
        lines = [str(b[2]).strip() for b in blocks if b[1] == "line" and str(b[2]).strip()]
        edge = set(lines[:2] + lines[-2:])
        counts.update(s for s in edge if not _PAGE_NUMBER.match(s))
    return {s for s, n in counts.items() if n >= max(3, len(pages) * 0.6)}
