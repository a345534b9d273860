"""OCR accuracy: the shipped text-layer PDFs, rasterised into image-only PDFs, read back.

Each page of ``corpora/pdf/*.pdf`` is rendered with pypdfium2 at ``--dpi`` (200, a common scanner
setting) and saved as an image-only PDF (JPEG pages, no text layer), which nianbao must OCR.
The report read from it is compared with the original's gold in ``evaluation/gold/``:
``ocr_part_recall`` (gold parts found) and ``ocr_cell_accuracy`` (cells of tables 2–4 equal to
gold). Exits 1 below ``--min-parts`` (1.0) or ``--min-cells`` (0.98).
Run: ``python -m evaluation.ocr_eval``.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import tempfile
import time
from pathlib import Path

from evaluation.parse_eval import CORPUS, GOLD, Score, evaluate

TABLES = ("table2", "table3", "table4")


def image_only_pdf(source: Path, dpi: int = 200, pages: list[int] | None = None) -> bytes:
    """The pages of ``source`` as scanned images: grayscale JPEG, no text layer."""
    import pypdfium2
    from PIL import Image

    document = pypdfium2.PdfDocument(source)
    try:
        indices = pages if pages is not None else list(range(len(document)))
        images: list[Image.Image] = [
            document[i].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
            for i in indices
        ]
    finally:
        document.close()
    out = io.BytesIO()
    images[0].save(out, "PDF", resolution=dpi, save_all=True, append_images=images[1:])
    return out.getvalue()


def image_file(source: Path, page: int, dpi: int = 200, suffix: str = ".png") -> bytes:
    """One page of ``source`` as an image file (PNG, JPEG, TIFF by ``suffix``)."""
    import pypdfium2

    document = pypdfium2.PdfDocument(source)
    try:
        picture = document[page].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
    finally:
        document.close()
    out = io.BytesIO()
    kind = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".tif": "TIFF", ".tiff": "TIFF"}
    picture.save(out, kind[suffix.lower()], dpi=(dpi, dpi))
    return out.getvalue()


def _page_count(path: Path) -> int:
    import pypdfium2

    document = pypdfium2.PdfDocument(path)
    try:
        return len(document)
    finally:
        document.close()


def main(argv: list[str] | None = None) -> int:
    from nianbao import NianbaoError
    from nianbao.io import read_raw
    from nianbao.report import build_report

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dpi", type=int, default=200, help="scan resolution")
    parser.add_argument("--min-parts", type=float, default=1.0)
    parser.add_argument("--min-cells", type=float, default=0.98)
    parser.add_argument("--verbose", "-v", action="store_true", help="list every miss")
    args = parser.parse_args(argv)
    parts_total, cells_total = Score(), Score()
    golds = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(GOLD.glob("pdf__*.json"))]
    print(f"{'file':40} {'pages':>5} {'seconds':>8} {'parts':>7} {'cells':>7}")
    with tempfile.TemporaryDirectory() as tmp:
        for gold in golds:
            source = CORPUS / gold["file"]
            scan = Path(tmp) / source.name
            scan.write_bytes(image_only_pdf(source, args.dpi))
            start = time.monotonic()
            try:
                raw = read_raw(scan)
                report = build_report(raw)
            except NianbaoError as exc:
                print(f"{gold['file']:40} ERROR {exc}")
                parts_total.add(False, f"{gold['file']}: unreadable")
                cells_total.add(False, f"{gold['file']}: unreadable")
                continue
            seconds = time.monotonic() - start
            scores = evaluate(report, {**gold, "tables": {
                k: v for k, v in gold.get("tables", {}).items() if k in TABLES
            }})  # fmt: skip
            parts, cells = scores["section_recall"], scores["table_cell_accuracy"]
            pages = _page_count(scan)
            print(
                f"{gold['file']:40} {pages:>5} {seconds:>8.1f} {parts.value:>7.3f} "
                f"{cells.value:>7.3f}  ({raw.hint('ocr')})"
            )
            for total, s in ((parts_total, parts), (cells_total, cells)):
                total.hit += s.hit
                total.total += s.total
                total.misses += [f"{gold['file']}: {m}" for m in s.misses]
    if args.verbose:
        for m in parts_total.misses + cells_total.misses:
            print(f"    miss {m}")
    print()
    print(f"ocr_part_recall = {parts_total.value:.4f}  ({parts_total.hit}/{parts_total.total})")
    print(f"ocr_cell_accuracy = {cells_total.value:.4f}  ({cells_total.hit}/{cells_total.total})")
    print(f"files = {len(golds)}, dpi = {args.dpi}")
    ok = parts_total.value >= args.min_parts and cells_total.value >= args.min_cells
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
