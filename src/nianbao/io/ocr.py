"""OCR for scanned PDFs (图片版) and images: page images → text lines and grid tables.

Text outside tables is read by RapidOCR (PP-OCR detection + recognition, models shipped in the
``rapidocr_onnxruntime`` wheel, so nothing is downloaded). Tables are rebuilt from their ruling
lines, found in the image with OpenCV and turned into cells by pdfplumber's own cell finder, so
an OCR'd table has the same grid as the text-layer reader would give. Each cell is read on its
own: its ink is cut into text lines by a horizontal projection and every line is recognised
without the detector, which misses lone digits ("0") in wide cells. Tables without ruling lines
fall back to the alignment of the detected text boxes into columns.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from statistics import median
from typing import Any

from nianbao.errors import MissingDependency, NianbaoError, NoTextLayer
from nianbao.io.limits import OCR_SECONDS_PER_PAGE, extend_budget
from nianbao.records import RawDocument

OCR_DPI = 200
MAX_OCR_PAGES = 200
MAX_PAGE_PIXELS = 40_000_000  # a page rendered larger is scaled down to this
MAX_IMAGE_PIXELS = 150_000_000  # larger images are refused (decompression bombs)
MAX_OCR_SECONDS = 1800.0  # the whole document; checked between pages
INSTALL_HINT = "pip install 'nianbao[ocr]'"
ENGINE_NAME = "rapidocr_onnxruntime"

Grid = list[list[str | None]]


@dataclass
class Box:
    x0: float
    top: float
    x1: float
    bottom: float
    text: str

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass
class OcrTable:
    """A grid rebuilt from a page image: each row's top and its cells (``None`` = merged)."""

    bbox: tuple[float, float, float, float]
    rows: list[tuple[float, list[str | None]]] = field(default_factory=list)


@dataclass
class OcrPage:
    lines: list[tuple[float, str]]
    tables: list[OcrTable]


_ENGINE: Any = None


def _modules(path: Path) -> tuple[Any, Any, Any]:
    try:
        import cv2
        import numpy as np
        from rapidocr_onnxruntime import RapidOCR
    except ImportError as exc:
        raise MissingDependency(
            path, "读取扫描件或图片需要 OCR 组件 (OCR support is not installed)", INSTALL_HINT
        ) from exc
    return cv2, np, RapidOCR


def ensure_installed(path: Path) -> None:
    """Raise MissingDependency (with the install hint) unless OCR can run."""
    _modules(path)
    try:
        import pypdfium2  # noqa: F401  (pdfplumber's own dependency)
    except ImportError as exc:  # pragma: no cover
        raise MissingDependency(path, "OCR 需要 pypdfium2", INSTALL_HINT) from exc


def engine_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"{ENGINE_NAME} {version(ENGINE_NAME)}"
    except PackageNotFoundError:  # pragma: no cover - checked by _modules first
        return ENGINE_NAME


def _engine(path: Path) -> Any:
    global _ENGINE
    _, _, rapid_ocr = _modules(path)
    if _ENGINE is None:
        # Reports are upright: the angle classifier only risks flipping lone digits.
        _ENGINE = rapid_ocr(use_cls=False, print_verbose=False)
    return _ENGINE


class OcrBudget:
    """Guards one document's OCR: page count and total time, with errors naming the file."""

    def __init__(self, path: Path, n_pages: int) -> None:
        if n_pages > MAX_OCR_PAGES:
            raise NianbaoError(
                path,
                f"需要 OCR 的页数过多：{n_pages} 页，上限 {MAX_OCR_PAGES} (too many pages to OCR)",
            )
        self.path = path
        self.start = time.monotonic()
        extend_budget(min(MAX_OCR_SECONDS, OCR_SECONDS_PER_PAGE * n_pages))

    def check(self, page_no: int) -> None:
        spent = time.monotonic() - self.start
        if spent > MAX_OCR_SECONDS:
            raise NianbaoError(
                self.path,
                f"OCR 超时：第 {page_no} 页前已用 {spent:.0f} 秒，上限 {MAX_OCR_SECONDS:.0f} 秒 "
                "(OCR took too long)",
            )


def progress(items: list[Any], what: str) -> Iterator[Any]:
    """Iterate with a progress bar on stderr when there is more than one page."""
    if len(items) < 2:
        yield from items
        return
    from rich.console import Console
    from rich.progress import Progress

    console = Console(stderr=True)
    with Progress(console=console, transient=True, disable=not console.is_terminal) as bar:
        task = bar.add_task(what, total=len(items))
        for item in items:
            yield item
            bar.advance(task)


def render_pdf_page(
    path: Path, pdf: Any, index: int, width_pt: float, height_pt: float
) -> tuple[Any, float]:
    """One page of a ``pypdfium2.PdfDocument`` as a BGR array at OCR_DPI or less, px per pt."""
    scale = OCR_DPI / 72
    pixels = width_pt * height_pt * scale * scale
    if pixels > MAX_PAGE_PIXELS:
        scale *= (MAX_PAGE_PIXELS / pixels) ** 0.5
    bitmap = pdf[index].render(scale=scale)
    array = bitmap.to_numpy()  # BGR(A) byte order, as OpenCV expects
    return (array[:, :, :3] if array.ndim == 3 else array), scale


def ocr_page(path: Path, image: Any, px_per_pt: float) -> OcrPage:
    """Read one page image (BGR or gray array). ``px_per_pt`` scales the tolerances."""
    cv2, np, _ = _modules(path)
    engine = _engine(path)
    if image.ndim == 2:
        image = cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
    gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    _, ink = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    cells_by_table = _ruled_tables(cv2, ink, px_per_pt)

    # text outside the ruled tables: detector + recogniser on the page with the tables blanked
    outside = image.copy()
    for cells in cells_by_table:
        x0, top, x1, bottom = _bbox(cells)
        outside[int(top) : int(bottom) + 1, int(x0) : int(x1) + 1] = 255
    boxes = _detect(engine, outside)

    tables: list[OcrTable] = []
    crops: list[Any] = []
    slots: list[tuple[int, int, int, int]] = []  # (table, row, column, line) per crop
    for t_index, cells in enumerate(cells_by_table):
        table, table_crops = _read_cells(np, image, ink, cells, px_per_pt)
        for (r, c, k), crop in table_crops:
            slots.append((t_index, r, c, k))
            crops.append(crop)
        tables.append(table)
    texts = _recognise(engine, crops)
    pieces: dict[tuple[int, int, int], dict[int, str]] = {}
    for (t_index, r, c, k), text in zip(slots, texts, strict=True):
        pieces.setdefault((t_index, r, c), {})[k] = text
    for (t_index, r, c), parts in pieces.items():
        _top, cells_row = tables[t_index].rows[r]
        cells_row[c] = "\n".join(parts[k] for k in sorted(parts) if parts[k])

    lines = group_lines(boxes)
    aligned, lines = _aligned_tables(lines, px_per_pt)
    return OcrPage(lines=[(top, _join(line)) for top, line in lines], tables=tables + aligned)


def _bbox(cells: list[tuple[float, float, float, float]]) -> tuple[float, float, float, float]:
    return (
        min(c[0] for c in cells),
        min(c[1] for c in cells),
        max(c[2] for c in cells),
        max(c[3] for c in cells),
    )


def _detect(engine: Any, image: Any) -> list[Box]:
    result, _ = engine(image, use_cls=False)
    boxes: list[Box] = []
    for points, text, _score in result or []:
        xs = [p[0] for p in points]
        ys = [p[1] for p in points]
        if text.strip():
            boxes.append(Box(min(xs), min(ys), max(xs), max(ys), text.strip()))
    return boxes


def _recognise(engine: Any, crops: list[Any]) -> list[str]:
    if not crops:
        return []
    results, _ = engine.text_rec(crops)
    return [text.strip() for text, _score in results]


# --- ruled tables -----------------------------------------------------------------------------


def _ruled_tables(
    cv2: Any, ink: Any, px_per_pt: float
) -> list[list[tuple[float, float, float, float]]]:
    """The cells of each table enclosed by the ruling lines of the page image."""
    from pdfplumber.table import (
        cells_to_tables,
        edges_to_intersections,
        intersections_to_cells,
        merge_edges,
    )

    h_len = max(10, round(20 * px_per_pt))
    v_len = max(8, round(10 * px_per_pt))
    horizontal = cv2.morphologyEx(
        ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (h_len, 1))
    )
    vertical = cv2.morphologyEx(
        ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, v_len))
    )
    edges: list[dict[str, Any]] = []
    for mask, orientation in ((horizontal, "h"), (vertical, "v")):
        n, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
        for i in range(1, n):
            x, y, w, h, _area = (int(v) for v in stats[i])
            if orientation == "h":
                if h > 4 * px_per_pt:  # a filled block (a bar, a photo), not a line
                    continue
                mid = y + h / 2
                edges.append(_edge("h", x, mid, x + w, mid))
            else:
                if w > 4 * px_per_pt:
                    continue
                mid = x + w / 2
                edges.append(_edge("v", mid, y, mid, y + h))
    if not edges:
        return []
    # Snap only what is one rule: tables drawn as boxed cells have double rules a few points
    # apart, and each side of a cell must be its own rule for the crop inside it to be clean.
    snap, tol = 1.2 * px_per_pt, 3 * px_per_pt
    edges = merge_edges(edges, snap, snap, tol, tol)
    edges += _closing_rules(edges, tol)
    intersections = edges_to_intersections(edges, tol, tol)
    sliver = 4 * px_per_pt  # the gap between double rules: no text fits in it
    cells = [
        c
        for c in intersections_to_cells(intersections)
        if c[2] - c[0] >= sliver and c[3] - c[1] >= sliver
    ]
    return [t for t in cells_to_tables(cells) if t]


def _closing_rules(edges: list[dict[str, Any]], tol: float) -> list[dict[str, Any]]:
    """Rules that close a table cut by a page break: the page shows its columns' rules
    ending together with no rule across them, so one is added where 3+ of them end."""
    horizontals = [e for e in edges if e["orientation"] == "h"]

    def closed(x: float, y: float) -> bool:
        return any(
            abs(h["top"] - y) <= tol and h["x0"] - tol <= x <= h["x1"] + tol for h in horizontals
        )

    def crossings(v: dict[str, Any]) -> int:
        return sum(
            1
            for h in horizontals
            if h["x0"] - tol <= v["x0"] <= h["x1"] + tol
            and v["top"] - tol <= h["top"] <= v["bottom"] + tol
        )

    # a column rule crosses row rules; a character's stroke does not
    columns = [e for e in edges if e["orientation"] == "v" and crossings(e) >= 2]
    added: list[dict[str, Any]] = []
    for end in ("top", "bottom"):
        open_ends = sorted((e[end], e["x0"]) for e in columns if not closed(e["x0"], e[end]))
        group: list[tuple[float, float]] = []
        for y, x in [*open_ends, (float("inf"), 0.0)]:
            if group and y - group[0][0] > tol:
                if len(group) >= 3:
                    at = median(g[0] for g in group)
                    added.append(
                        _edge("h", min(g[1] for g in group), at, max(g[1] for g in group), at)
                    )
                group = []
            group.append((y, x))
    return added


def _edge(orientation: str, x0: float, top: float, x1: float, bottom: float) -> dict[str, Any]:
    return {
        "orientation": orientation,
        "object_type": "line",
        "x0": x0,
        "x1": x1,
        "top": top,
        "bottom": bottom,
        "width": x1 - x0,
        "height": bottom - top,
    }


def _read_cells(
    np: Any,
    image: Any,
    ink: Any,
    cells: list[tuple[float, float, float, float]],
    px_per_pt: float,
) -> tuple[OcrTable, list[tuple[tuple[int, int, int], Any]]]:
    """The table's grid (texts to be filled in) and one crop per text line of each cell."""
    import cv2
    from pdfplumber.table import Table

    table = OcrTable(bbox=_bbox(cells))
    margin = max(2, round(0.8 * px_per_pt))
    inside: dict[tuple[int, int], tuple[Any, list[tuple[int, int, int, int]]]] = {}
    for r, row in enumerate(Table(None, cells).rows):
        grid_row: list[str | None] = []
        for c, cell in enumerate(row.cells):
            if cell is None:
                grid_row.append(None)
                continue
            grid_row.append("")
            x0, top, x1, bottom = (round(v) for v in cell)
            x0, top, x1, bottom = x0 + margin, top + margin, x1 - margin, bottom - margin
            if x1 - x0 < 3 or bottom - top < 3:
                continue
            cell_ink = ink[top:bottom, x0:x1].copy()
            cell_image = image[top:bottom, x0:x1].copy()
            _clear_rules(cv2, np, cell_ink, cell_image, round(5 * px_per_pt))
            bands = _ink_bands(np, cell_ink, px_per_pt)
            if bands:
                inside[(r, c)] = (cell_image, bands)
        table.rows.append((row.bbox[1], grid_row))

    heights = [b[3] - b[1] for _, bands in inside.values() for b in bands]
    if not heights:
        return table, []
    # a text line's height: wide bands are whole lines of characters, not strokes of one
    wide = [b[3] - b[1] for _, bands in inside.values() for b in bands if _is_wide(b)]
    line_h = median(wide) if wide else max(heights)
    crops: list[tuple[tuple[int, int, int], Any]] = []
    for (r, c), (cell_image, bands) in inside.items():
        for k, (bx0, btop, bx1, bbottom) in enumerate(_merge_bands(bands, line_h)):
            pad = max(4, round(0.3 * (bbottom - btop)))
            crop = cv2.copyMakeBorder(
                cell_image[btop:bbottom, bx0:bx1],
                pad,
                pad,
                pad,
                pad,
                cv2.BORDER_CONSTANT,
                value=(255, 255, 255),
            )
            crops.append(((r, c, k), crop))
    return table, crops


def _clear_rules(cv2: Any, np: Any, cell_ink: Any, cell_image: Any, edge: int) -> None:
    """Blank what is left of the ruling lines along the cell's sides (mostly-ink rows/cols).

    A rule drawn between pixel columns is split over two faint ones, so the test runs on the
    ink widened by a pixel each way, and a hit clears its neighbours too.
    """
    h, w = cell_ink.shape
    wide_cols = cv2.dilate(cell_ink, np.ones((1, 3), np.uint8)) > 0
    wide_rows = cv2.dilate(cell_ink, np.ones((3, 1), np.uint8)) > 0
    for index in np.flatnonzero(wide_cols.sum(axis=0) >= 0.6 * h):
        if index < edge or index >= w - edge:
            lo, hi = max(0, index - 1), index + 2
            cell_ink[:, lo:hi] = 0
            cell_image[:, lo:hi] = 255
    for index in np.flatnonzero(wide_rows.sum(axis=1) >= 0.6 * w):
        if index < edge or index >= h - edge:
            lo, hi = max(0, index - 1), index + 2
            cell_ink[lo:hi, :] = 0
            cell_image[lo:hi, :] = 255


def _is_wide(band: tuple[int, int, int, int]) -> bool:
    return (band[2] - band[0]) >= 3.5 * max(1, band[3] - band[1])


def _ink_bands(np: Any, cell_ink: Any, px_per_pt: float) -> list[tuple[int, int, int, int]]:
    """Horizontal bands of ink in a cell, as (x0, top, x1, bottom) in the cell's coordinates."""
    region = cell_ink > 0
    rows = region.sum(axis=1)
    min_ink = max(1, round(0.3 * px_per_pt))
    bands: list[tuple[int, int, int, int]] = []
    start = None
    for y, count in enumerate([*rows.tolist(), 0]):
        if count >= min_ink and start is None:
            start = y
        elif count < min_ink and start is not None:
            cols = np.flatnonzero(region[start:y].any(axis=0))
            if len(cols) and region[start:y].sum() >= max(3, px_per_pt * px_per_pt):
                bands.append((int(cols[0]), start, int(cols[-1]) + 1, y))
            start = None
    return bands


def _merge_bands(
    bands: list[tuple[int, int, int, int]], line_h: float
) -> list[tuple[int, int, int, int]]:
    """Join the strokes of one line (三, 二、 are several bands); split lines that touch."""
    merged: list[tuple[int, int, int, int]] = []
    for band in bands:
        if merged and band[3] - merged[-1][1] <= 1.3 * line_h:
            last = merged[-1]
            merged[-1] = (min(last[0], band[0]), last[1], max(last[2], band[2]), band[3])
        else:
            merged.append(band)
    out: list[tuple[int, int, int, int]] = []
    for x0, top, x1, bottom in merged:
        n = round((bottom - top) / (1.15 * line_h))
        if n <= 1:
            out.append((x0, top, x1, bottom))
            continue
        step = (bottom - top) / n
        out += [(x0, round(top + i * step), x1, round(top + (i + 1) * step)) for i in range(n)]
    return out


# --- text lines and unruled tables --------------------------------------------------------------


def group_lines(boxes: list[Box]) -> list[tuple[float, list[Box]]]:
    """Boxes into lines by vertical overlap, each line ordered left to right."""
    lines: list[list[Box]] = []
    for box in sorted(boxes, key=lambda b: b.cy):
        for line in reversed(lines[-3:]):
            top = min(b.top for b in line)
            bottom = max(b.bottom for b in line)
            overlap = min(bottom, box.bottom) - max(top, box.top)
            if overlap >= 0.5 * min(box.height, bottom - top):
                line.append(box)
                break
        else:
            lines.append([box])
    out = [(min(b.top for b in line), sorted(line, key=lambda b: b.x0)) for line in lines]
    return sorted(out, key=lambda item: item[0])


def _join(line: list[Box]) -> str:
    out = ""
    for i, box in enumerate(line):
        if i and box.x0 - line[i - 1].x1 > 0.8 * box.height:
            out += " "
        out += box.text
    return out


def _aligned_tables(
    lines: list[tuple[float, list[Box]]], px_per_pt: float
) -> tuple[list[OcrTable], list[tuple[float, list[Box]]]]:
    """Tables without ruling lines: runs of 3+ lines whose boxes share column positions."""
    gap = 2 * 10 * px_per_pt  # two characters of a small font: a column gap, not a word space
    split: list[list[list[Box]]] = []
    for _top, line in lines:
        columns: list[list[Box]] = [[line[0]]]
        for box in line[1:]:
            if box.x0 - columns[-1][-1].x1 > gap:
                columns.append([box])
            else:
                columns[-1].append(box)
        split.append(columns)
    tables: list[OcrTable] = []
    rest: list[tuple[float, list[Box]]] = []
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and len(split[j]) >= 3:
            j += 1
        run = list(range(i, j))
        table = _column_grid([split[k] for k in run], [lines[k][0] for k in run], px_per_pt)
        if len(run) >= 3 and table is not None:
            tables.append(table)
            i = j
            continue
        rest.append(lines[i])
        i += 1
    return tables, rest


def _column_grid(
    rows: list[list[list[Box]]], tops: list[float], px_per_pt: float
) -> OcrTable | None:
    """Cluster the row pieces' left/right edges into columns; None when they do not align."""
    if len(rows) < 3:
        return None
    pieces = [(min(b.x0 for b in p), max(b.x1 for b in p)) for row in rows for p in row]
    tol = 6 * px_per_pt
    starts: list[list[float]] = []
    for x0, _x1 in sorted(pieces):
        if starts and x0 - starts[-1][-1] <= tol:
            starts[-1].append(x0)
        else:
            starts.append([x0])
    anchors = [median(s) for s in starts if len(s) >= 2]
    if len(anchors) < 3:
        return None
    table = OcrTable(bbox=(0.0, tops[0], 0.0, tops[-1]))
    for top, row in zip(tops, rows, strict=True):
        cells: list[str | None] = [""] * len(anchors)
        for piece in row:
            x0 = min(b.x0 for b in piece)
            col = min(range(len(anchors)), key=lambda a: abs(anchors[a] - x0))
            text = _join(piece)
            cells[col] = f"{cells[col]} {text}".strip() if cells[col] else text
        table.rows.append((top, cells))
    return table


# --- images -------------------------------------------------------------------------------------


def read_image(path: Path, data: bytes) -> RawDocument:
    """A photographed or scanned page (.png, .jpg, .tif …): every frame is OCR'd."""
    from nianbao.io.pdf import assemble, ocr_blocks

    frames = image_pages(path, data)
    budget = OcrBudget(path, len(frames))
    pages = []
    for number, frame in enumerate(progress(frames, f"OCR {path.name}"), start=1):
        budget.check(number)
        image, px_per_pt = fit_image(path, frame)
        pages.append(ocr_blocks(ocr_page(path, image, px_per_pt)))
    meta = (("ocr", f"{engine_version()}; {len(pages)}/{len(pages)} 页"),)
    return assemble(path, pages, fmt="image", meta=meta, empty_error=NoTextLayer)


def image_pages(path: Path, data: bytes) -> list[Any]:
    """The frames of an image file (a multi-page TIFF has several) as BGR arrays."""
    import io

    cv2, np, _ = _modules(path)
    from PIL import Image, ImageOps, ImageSequence

    try:
        picture = Image.open(io.BytesIO(data))
        OcrBudget(path, getattr(picture, "n_frames", 1))
        frames = []
        for frame in ImageSequence.Iterator(picture):
            width, height = frame.size
            if width * height > MAX_IMAGE_PIXELS:
                raise Image.DecompressionBombError(f"{width}×{height}")
            frame = ImageOps.exif_transpose(frame.convert("RGB"))
            frames.append(cv2.cvtColor(np.asarray(frame), cv2.COLOR_RGB2BGR))
    except Image.DecompressionBombError as exc:
        raise NianbaoError(
            path,
            f"图片过大（{exc}），上限 {MAX_IMAGE_PIXELS // 1_000_000} 百万像素 (image too large)",
        ) from exc
    return frames


def fit_image(path: Path, image: Any) -> tuple[Any, float]:
    """Scale a page image to about OCR_DPI for an A4 page; returns it and its px per pt."""
    cv2, _, _ = _modules(path)
    h, w = image.shape[:2]
    width_pt = 595 if h >= w else 842  # A4, portrait or landscape
    px_per_pt = w / width_pt
    target = OCR_DPI / 72
    if px_per_pt > 1.5 * target or px_per_pt < 0.6 * target:
        factor = target / px_per_pt
        interpolation = cv2.INTER_AREA if factor < 1 else cv2.INTER_CUBIC
        image = cv2.resize(image, None, fx=factor, fy=factor, interpolation=interpolation)
        px_per_pt = target
    return image, px_per_pt
