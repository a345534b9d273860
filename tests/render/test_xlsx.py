"""The evaluation sheet as it is handed in: printed through LibreOffice."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from nianbao.assess import assess
from nianbao.render.xlsx import Signature, write_sheet


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_thirty_reports_print_on_two_a4_landscape_pages(tmp_path):
    pdfium = pytest.importorskip("pypdfium2")
    from evaluation import synth

    synth.generate(90, seed=7, out=tmp_path / "in")  # 30 units over 2022–2024
    (tmp_path / "in" / "truth.json").unlink()
    result = assess(tmp_path / "in", db=tmp_path / "store.db", embeddings=False, jobs=1, year=2024)
    assert len(result.assessed) == 30
    sheet = write_sheet(result, tmp_path / "sheet.xlsx", Signature("某市政务公开办", "张三"))
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(sheet)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    pdf = pdfium.PdfDocument(tmp_path / "sheet.pdf")
    ranking = []
    for k in range(len(pdf)):
        page = pdf[k]
        text = page.get_textpage().get_text_range()
        if "扣分说明" in text:  # a page of 评估表 (its header is on every page)
            width, height = page.get_size()
            assert width > height and round(width) == 842  # A4 landscape, in points
            ranking.append(text)
    assert 1 <= len(ranking) <= 2
    assert "评估单位：某市政务公开办" in ranking[0] and "名次" in ranking[-1]
    assert "第 1 页" in ranking[0]


def test_a_rubric_without_a_score_range_explains_its_criteria(tmp_path):
    import re

    from openpyxl import load_workbook

    from tests.conftest import CORPUS

    rubric = tmp_path / "rubric.yaml"
    text = (CORPUS.parent / "models" / "rubric.yaml").read_text(encoding="utf-8")
    rubric.write_text(re.sub(r", from: [\d.]+, to: [\d.]+", "", text), encoding="utf-8")
    result = assess(CORPUS / "seeds", db=tmp_path / "store.db", embeddings=False, jobs=1,
                    rubric=rubric, year=2024)  # fmt: skip
    sheet = write_sheet(result, tmp_path / "sheet.xlsx")
    rows = load_workbook(sheet)["细则说明"].iter_rows(min_row=2, values_only=True)
    assert any("越高越好" in str(row[3]) for row in rows)  # the range defaults to 0..1
