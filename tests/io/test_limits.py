"""Bounded work: a file gets a time budget; a PDF's pages are counted before any is parsed."""

from __future__ import annotations

import time

import pytest

from nianbao.errors import LimitExceeded
from nianbao.io.limits import TooComplex, extend_budget, time_budget
from nianbao.io.pdf import read_pdf


def test_past_its_budget_a_file_is_too_complex():
    start = time.monotonic()
    with pytest.raises(TooComplex, match="过于复杂"), time_budget("slow.txt", 0.2):
        while True:
            pass
    assert time.monotonic() - start < 5


def test_extending_the_budget_gives_more_time_and_budgets_do_not_nest():
    with time_budget("ocr.pdf", 0.2):
        extend_budget(0.5)
        with time_budget("inner.pdf", 0.01):  # the outer budget holds
            time.sleep(0.3)


def many_pages(n: int) -> bytes:
    """A valid PDF of ``n`` empty pages."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b""]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"] * n
    kids = b" ".join(f"{k + 3} 0 R".encode() for k in range(n))
    objects[1] = b"<< /Type /Pages /Kids [" + kids + b"] /Count " + str(n).encode() + b" >>"
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for k, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{k} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)


def test_too_many_pages_is_said_before_any_page_is_parsed(tmp_path):
    start = time.monotonic()
    with pytest.raises(LimitExceeded, match="20000 页"):
        read_pdf(tmp_path / "many.pdf", many_pages(20_000))
    assert time.monotonic() - start < 5  # pdfplumber's page list alone takes seconds
