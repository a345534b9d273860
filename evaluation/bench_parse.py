"""Reading speed: reports per second for each format on this machine.

For each format in the shipped corpus it times the whole reading pipeline (read → normalise →
parts → tables → metadata) and, in the same run, the bare extraction baseline (the format's
library alone: decoding for text, lxml parse for HTML, pdfplumber text for PDF, python-docx for
Word), and prints both rates, their ratio, and the ratio to the issue's target.
Run: ``python -m evaluation.bench_parse [--repeat N]``.
"""

from __future__ import annotations

import argparse
import io
import sys
import time
from collections.abc import Callable
from pathlib import Path

from nianbao.report import read_report

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpora"
TARGETS = {"text": 20.0, "html": 20.0, "pdf": 2.0, "docx": 20.0}
GROUPS = {
    "text": ("*.txt", "*.md"),
    "html": ("*.html", "*.htm"),
    "pdf": ("*.pdf",),
    "docx": ("*.docx",),
}


def _baseline(kind: str) -> Callable[[Path], object]:
    if kind == "text":
        return lambda p: p.read_bytes().decode("utf-8")
    if kind == "html":
        import lxml.html

        return lambda p: lxml.html.document_fromstring(p.read_bytes()).text_content()
    if kind == "pdf":
        import pdfplumber

        def pdf_text(p: Path) -> str:
            with pdfplumber.open(p) as pdf:
                return "\n".join(page.extract_text() or "" for page in pdf.pages)

        return pdf_text
    import docx

    return lambda p: docx.Document(io.BytesIO(p.read_bytes()))


def _rate(func: Callable[[Path], object], files: list[Path], repeat: int) -> float:
    func(files[0])  # warm up imports and caches
    start = time.perf_counter()
    for _ in range(repeat):
        for f in files:
            func(f)
    return repeat * len(files) / (time.perf_counter() - start)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    header = ("format", "files", "reports/s", "baseline/s", "vs baseline", "target", "vs target")
    print("{:6} {:>5} {:>10} {:>11} {:>12} {:>7} {:>10}".format(*header))
    ok = True
    for kind, patterns in GROUPS.items():
        files = sorted(f for pat in patterns for f in CORPUS.rglob(pat))
        if not files:
            continue
        rate = _rate(read_report, files, args.repeat)
        base = _rate(_baseline(kind), files, args.repeat)
        target = TARGETS[kind]
        ok &= rate >= target
        print(
            f"{kind:6} {len(files):>5} {rate:>10.1f} {base:>11.1f} {rate / base:>11.2f}x "
            f"{target:>7.1f} {rate / target:>9.2f}x"
        )
    print("all formats meet their targets" if ok else "some formats are below target")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
