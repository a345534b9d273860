"""The main job on the shipped corpus: outputs exist and hold the expected content."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from nianbao.assess import assess as assess_run
from nianbao.cli.main import app
from tests.conftest import CORPUS, SEEDS

runner = CliRunner()


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    out = tmp_path_factory.mktemp("assess")
    result = runner.invoke(
        app,
        [
            "assess",
            str(CORPUS),
            "--out",
            str(out),
            "--no-embeddings",
            "--jobs",
            "2",
            "--year",
            "2024",
        ],
    )
    assert result.exit_code == 0, result.output
    return out


def test_outputs_exist(out):
    assert (out / "index.html").exists() and (out / "pairs.html").exists()
    assert (out / "evaluation-sheet.xlsx").exists() and (out / "nianbao.db").exists()
    # every shipped file but the blank format template is a report, and has its pages
    reports = sum(1 for p in CORPUS.rglob("*") if p.is_file() and p.name != "MANIFEST.tsv") - 1
    pages = sorted((out / "reports").glob("*.html"))
    assert len(pages) == reports
    assert (
        len(list((out / "reports").glob("*.md"))) == reports
        and len(list((out / "reports").glob("*.json"))) == reports
    )
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "不是年报的文件" in index and "format-2021-blank-template.docx" in index


def test_index_ranks_every_unit(out):
    index = (out / "index.html").read_text(encoding="utf-8")
    for unit in (
        "海原县李俊乡人民政府",
        "海原县郑旗乡人民政府",
        "三门峡市陕州区西李村乡人民政府",
        "淮安市洪泽区人民政府",
        "平潭综合实验区",
    ):
        assert unit in index
    assert 'id="ranking"' in index and "<svg" in index


def test_report_page_cites_findings_and_shared_passages(out):
    page = (out / "reports" / "淮安市洪泽区人民政府-2023.html").read_text(encoding="utf-8")
    assert "t4.total" in page and "行政复议·结果维持=“10”" in page
    seed000 = (out / "reports" / "海原县李俊乡人民政府-2024.html").read_text(encoding="utf-8")
    assert "海原县郑旗乡人民政府 2024" in seed000  # a sentence shared with 001
    assert '<mark class="copied"' in seed000
    pairs = (out / "pairs.html").read_text(encoding="utf-8")
    assert "海原县郑旗乡人民政府" in pairs and 'data-kind="near"' in pairs


def test_pages_are_self_contained_and_valid(out):
    import lxml.html

    for page in [out / "index.html", out / "pairs.html", *sorted((out / "reports").glob("*.html"))]:
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", text), page
        assert "<script src" not in text and "<link" not in text
        doc = lxml.html.document_fromstring(text)
        assert doc.find(".//main") is not None


def test_sheet_has_formulas_and_every_finding(out):
    from openpyxl import load_workbook

    from nianbao.render.xlsx import TITLE_ROWS

    wb = load_workbook(out / "evaluation-sheet.xlsx")
    assert wb.sheetnames == ["评估表", "细则说明", "分县汇总", "检查结果", "共有段落", "未评估文件",
                             "计算值"]  # fmt: skip
    assert wb["计算值"].sheet_state == "hidden"  # what the next run compares the points with
    skipped = {row[0].value: row[1].value for row in wb["未评估文件"].iter_rows(min_row=2)}
    assert any(f.endswith("format-2021-blank-template.docx") and k == "不是年报"
               for f, k in skipped.items())  # fmt: skip
    assert any(f.endswith("pingtan-2019.html") and k == "参照年报" for f, k in skipped.items())
    ws = wb["评估表"]
    assert ws["A1"].value == "2024 年度政府信息公开工作年度报告评估表"
    assert "评估单位" in ws["A2"].value and "评估时间" in ws["A2"].value
    head = TITLE_ROWS + 1  # the header row (openpyxl counts from 1)
    header = [c.value for c in ws[head]]
    assert header[:4] == ["名次", "名次变化", "县（区）", "单位"]
    assert any(h and h.startswith("数据准确性") for h in header)
    total_col = header.index("总分") + 1
    assert str(ws.cell(head + 1, total_col).value).startswith("=SUM(")
    assert str(ws.cell(head + 1, 1).value).startswith("=RANK(")
    assert ws.freeze_panes == f"E{head + 1}"
    years = {ws.cell(r, header.index("年度") + 1).value for r in range(head + 1, ws.max_row + 1)}
    assert years == {2024}  # one assessment year
    findings = wb["检查结果"]
    names = [c.value for c in findings[1]]
    rules = {row[names.index("规则编号")].value for row in findings.iter_rows(min_row=2)}
    assert {"t3.cells", "sec6.fee_statement"} <= rules
    titles = {row[names.index("检查项")].value for row in findings.iter_rows(min_row=2)}
    assert "表三单元格填写" in titles and not titles & rules  # the rules' titles, in Chinese


def test_sheet_prints_on_a4_landscape_and_keeps_scores_within_their_maximum(out):
    from openpyxl import load_workbook

    from nianbao.render.xlsx import TITLE_ROWS

    wb = load_workbook(out / "evaluation-sheet.xlsx")
    ws = wb["评估表"]
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth in (None, 1)
    assert (
        ws.page_setup.fitToHeight == 0
        and ws.print_title_rows == f"${TITLE_ROWS + 1}:${TITLE_ROWS + 1}"
    )
    assert ws.auto_filter.ref.startswith(f"A{TITLE_ROWS + 1}:")
    header = [c.value for c in ws[TITLE_ROWS + 1]]
    rules = {}
    for dv in ws.data_validations.dataValidation:
        for cells in dv.sqref.ranges:
            rules[cells.coord.split(":")[0].rstrip("0123456789")] = (dv.formula1, dv.formula2)
    accuracy = next(k for k, h in enumerate(header) if h and h.startswith("数据准确性"))
    column = ws.cell(1, accuracy + 1).column_letter
    assert tuple(map(float, rules[column])) == (0, 25)  # the rubric's 数据准确性 is worth 25
    link = ws.cell(TITLE_ROWS + 2, header.index("单位") + 1).hyperlink
    assert link is not None and link.target.replace("\\", "/").startswith("reports/")
    assert link.target.endswith(".html")  # relative to the workbook (written the Windows way)
    criteria = [row[0].value for row in wb["细则说明"].iter_rows(min_row=2)]
    assert "数据准确性" in criteria
    how = " ".join(str(row[3].value) for row in wb["细则说明"].iter_rows(min_row=2))
    assert "表三勾稽关系" in how and "t3.identity" not in how  # plain words, not rule ids


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_sheet_opens_in_libreoffice_and_totals_compute(out, tmp_path):
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/p", "--headless", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76",
         "--outdir", str(tmp_path), str(out / "evaluation-sheet.xlsx")],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    from nianbao.render.xlsx import TITLE_ROWS

    rows = (tmp_path / "evaluation-sheet.csv").read_text(encoding="utf-8").splitlines()
    header, first = rows[TITLE_ROWS].split(","), rows[TITLE_ROWS + 1].split(",")
    assert first[0] == "1"  # the RANK formula was computed
    assert float(first[header.index("总分")]) > 0  # and the SUM


def test_second_run_reads_nothing_again(out):
    stamps = {f: f.stat().st_mtime_ns for f in (out / "index.html", out / "evaluation-sheet.xlsx")}
    result = runner.invoke(
        app, ["assess", str(CORPUS), "--out", str(out), "--no-embeddings", "--year", "2024"]
    )
    assert result.exit_code == 0 and "本次读取 0 份" in result.output
    assert "更新报告页 0 份" in result.output  # nothing changed, no page is written again
    assert {f: f.stat().st_mtime_ns for f in stamps} == stamps  # nor the overview and sheet


def test_unreadable_file_is_listed_and_the_run_goes_on(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(CORPUS / "seeds" / "000_638e3046a6f0f8e0.txt", folder / "a.txt")
    shutil.copy(CORPUS / "seeds" / "000_638e3046a6f0f8e0.txt", folder / "a-copy.txt")
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    result = runner.invoke(
        app, ["assess", str(folder), "--out", str(tmp_path / "out"), "--no-embeddings"]
    )
    assert result.exit_code == 3, result.output  # done, with a file it could not read
    assert "broken.pdf" in result.output and "重复" in result.output
    index = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert "无法读取的文件" in index and "broken.pdf" in index


def test_adding_a_report_reads_only_it(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("000_638e3046a6f0f8e0.txt", "001_05a85413c91bc29c.txt"):
        shutil.copy(CORPUS / "seeds" / name, folder / name)
    args = ["assess", str(folder), "--out", str(tmp_path / "out"), "--no-embeddings"]
    assert "本次读取 2 份" in runner.invoke(app, args).output
    shutil.copy(CORPUS / "seeds" / "002_1fc2bd555d7c5ccd.txt", folder / "002.txt")
    again = runner.invoke(app, args)
    assert "本次读取 1 份" in again.output
    assert len(list((tmp_path / "out" / "reports").glob("*.html"))) == 3
    (folder / "002.txt").unlink()  # a removed report loses its pages
    assert runner.invoke(app, args).exit_code == 0
    assert len(list((tmp_path / "out" / "reports").glob("*.html"))) == 2


def test_compare_two_reports(tmp_path):
    out = tmp_path / "c.html"
    result = runner.invoke(app, ["compare", str(CORPUS / "seeds" / "000_638e3046a6f0f8e0.txt"),
                                 str(CORPUS / "seeds" / "001_05a85413c91bc29c.txt"), "--out", str(out), "--no-embeddings"])  # fmt: skip
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert text.count('<mark class="copied"') >= 2


def test_report_text_cannot_inject_html_or_formulas(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    text = (CORPUS / "seeds" / "002_1fc2bd555d7c5ccd.txt").read_text(encoding="utf-8")
    text = text.replace(
        "三门峡市陕州区西李村乡人民政府", "<script>alert(1)</script>=1+1乡人民政府", 1
    ).replace("一、总体情况", '一、总体情况<a href="javascript:alert(2)">点此</a>', 1)
    (folder / "evil.txt").write_text(text, encoding="utf-8")
    result = runner.invoke(
        app, ["assess", str(folder), "--out", str(tmp_path / "out"), "--no-embeddings"]
    )
    assert result.exit_code == 0, result.output
    for page in (tmp_path / "out").rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "<script>alert(1)</script>" not in html and 'href="javascript:' not in html
    from openpyxl import load_workbook

    ws = load_workbook(tmp_path / "out" / "evaluation-sheet.xlsx")["评估表"]
    assert not str(ws.cell(2, 2).value).startswith("=")
    names = [p.name for p in (tmp_path / "out" / "reports").iterdir()]
    assert all("/" not in n and "<" not in n for n in names)


def test_incremental_run_finds_the_same_pairs_as_a_full_one(tmp_path):
    from nianbao.assess import assess

    folder = tmp_path / "in"
    folder.mkdir()
    names = ("000_638e3046a6f0f8e0.txt", "001_05a85413c91bc29c.txt", "003_d070556dd3547502.txt")
    for name in names[:2]:
        shutil.copy(CORPUS / "seeds" / name, folder / name)
    assess(folder, db=tmp_path / "inc.db", embeddings=False)
    shutil.copy(CORPUS / "seeds" / names[2], folder / names[2])
    incremental = assess(folder, db=tmp_path / "inc.db", embeddings=False)
    full = assess(folder, db=tmp_path / "full.db", embeddings=False)

    def key(p):
        return (p.relation, p.kind, p.a.report, p.a.span, p.b.report, p.b.span)

    assert incremental.parsed == 1 and full.parsed == 3
    assert sorted(map(key, incremental.pairs)) == sorted(map(key, full.pairs))
    assert any(p.relation == "copy" for p in full.pairs)


def test_a_second_run_on_a_busy_store_waits_then_fails_cleanly(tmp_path):
    from nianbao.corpus.store import Store, StoreBusy

    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(CORPUS / "seeds" / "000_638e3046a6f0f8e0.txt", folder / "a.txt")
    db = tmp_path / "out" / "nianbao.db"
    holder = Store(db)
    try:
        with pytest.raises(StoreBusy, match="另一个评估任务"):
            assess_run(folder, db=db, embeddings=False, wait=0.5)
    finally:
        holder.close()
    assert assess_run(folder, db=db, embeddings=False, wait=0.5).parsed == 1


def test_reports_of_one_unit_and_year_get_their_own_pages(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    text = (CORPUS / "seeds" / "000_638e3046a6f0f8e0.txt").read_text(encoding="utf-8")
    (folder / "a.txt").write_text(text, encoding="utf-8")
    (folder / "b.txt").write_text(text + "\n（修订版）", encoding="utf-8")  # not a duplicate
    out = tmp_path / "out"
    result = runner.invoke(app, ["assess", str(folder), "--out", str(out), "--no-embeddings"])
    assert result.exit_code == 0, result.output
    assert len(list((out / "reports").glob("*.html"))) == 2


def test_incremental_runs_agree_with_a_full_run_on_a_templated_corpus(tmp_path):
    """Adding reports turns pieces into templates (and so ends their pairs): the incremental
    store must end where a full run starts."""
    from evaluation.synth import generate

    generate(24, seed=5, out=tmp_path / "all")
    files = sorted(p for p in (tmp_path / "all").rglob("*.*") if p.name != "truth.json")
    folder = tmp_path / "in"
    for k, f in enumerate(files):
        if k % 3:
            (folder / f.parent.name).mkdir(parents=True, exist_ok=True)
            shutil.copy(f, folder / f.parent.name / f.name)
    assess_run(folder, db=tmp_path / "inc.db", embeddings=False)
    for f in files[::3]:
        (folder / f.parent.name).mkdir(parents=True, exist_ok=True)
        shutil.copy(f, folder / f.parent.name / f.name)
    incremental = assess_run(folder, db=tmp_path / "inc.db", embeddings=False)
    full = assess_run(folder, db=tmp_path / "full.db", embeddings=False)

    def key(p):
        return (p.relation, p.kind, p.a.report, p.a.span, p.b.report, p.b.span)

    assert sorted(map(key, incremental.pairs)) == sorted(map(key, full.pairs))
    scores = {a.report.path: [s.value for s in a.analysis.scores] for a in full.assessed}
    assert {
        a.report.path: [s.value for s in a.analysis.scores] for a in incremental.assessed
    } == scores


def test_a_run_with_nothing_new_loads_no_report(tmp_path):
    """Unchanged reports keep their scores by the digest of their inputs: a second run neither
    unpickles nor rescores any of them; adding one loads only what its pairs touch."""
    from nianbao.corpus import store

    folder = tmp_path / "in"
    folder.mkdir()
    names = ("000_638e3046a6f0f8e0.txt", "001_05a85413c91bc29c.txt", "003_d070556dd3547502.txt")
    for name in names[:2]:
        shutil.copy(CORPUS / "seeds" / name, folder / name)
    first = assess_run(folder, db=tmp_path / "s.db", embeddings=False)
    store._load.cache_clear()
    again = assess_run(folder, db=tmp_path / "s.db", embeddings=False)
    assert store._load.cache_info().misses == 0
    assert [a.analysis.scores for a in again.assessed] == [
        a.analysis.scores for a in first.assessed
    ]
    shutil.copy(CORPUS / "seeds" / names[2], folder / names[2])
    store._load.cache_clear()
    assess_run(folder, db=tmp_path / "s.db", embeddings=False)
    assert 1 <= store._load.cache_info().misses <= 3


forks = pytest.mark.skipif(
    sys.platform != "linux" or (os.cpu_count() or 1) < 2,
    reason="the reader is a forked copy of the run: Linux, two cores",
)


@forks
def test_the_reader_reads_as_the_run_would(tmp_path):
    from functools import partial

    from nianbao.assess import _get_ready, _read
    from nianbao.workers import Reader

    paths = [str(p) for p in SEEDS[:2]] + [str(tmp_path / "missing.txt")]
    reader = Reader(partial(_read, own=True), _get_ready)
    got = list(reader.read(paths))
    assert not reader.running
    with pytest.raises(ChildProcessError):  # reaped
        os.waitpid(reader.pid, os.WNOHANG)
    want = [_read(p, own=True) for p in paths]
    assert [r[0] for r in got] == paths and [r[2] for r in got] == [r[2] for r in want]
    assert got[2][2] and "missing.txt" in got[2][2]  # an error names its file
    for (_, a, _, fa), (_, b, _, fb) in zip(got[:2], want[:2], strict=True):
        assert a.document.text == b.document.text and a.meta == b.meta
        assert fa.keys() == fb.keys() == {"grams", "pieces", "units", "own"}
        with np.printoptions(threshold=sys.maxsize):  # features hold arrays
            assert repr(fa) == repr(fb)


@forks
def test_what_a_dead_reader_did_not_read_the_run_reads_itself():
    import signal
    from functools import partial

    from nianbao.assess import _get_ready, _read
    from nianbao.workers import Reader

    reader = Reader(partial(_read, own=False), _get_ready)
    os.kill(reader.pid, signal.SIGKILL)
    paths = [str(p) for p in SEEDS[:2]]
    got = list(reader.read(paths))
    assert [r[0] for r in got] == paths and all(r[1] is not None for r in got)


@forks
def test_a_run_with_nothing_new_stops_its_reader(tmp_path, monkeypatch):
    from nianbao import assess as module

    started: list[module.Reader] = []

    class Watched(module.Reader):
        def __init__(self, *args) -> None:
            super().__init__(*args)
            started.append(self)

    monkeypatch.setattr(module, "Reader", Watched)
    monkeypatch.setattr(module, "can_fork", lambda: True)
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEEDS[0], folder / "a.txt")
    first = assess_run(folder, db=tmp_path / "s.db", embeddings=False)
    assert first.parsed == 1 and len(started) == 1  # read by the reader
    assess_run(folder, db=tmp_path / "s.db", embeddings=False)
    assert len(started) == 2 and not any(r.running for r in started)
    for r in started:
        with pytest.raises(ChildProcessError):
            os.waitpid(r.pid, os.WNOHANG)


@forks
def test_a_forked_copy_dies_with_its_run():
    """The reader and the sheet's copy call ``die_with``: even busy, they go with a killed run."""
    import signal
    import time

    from nianbao.workers import die_with

    pids, report = os.pipe()
    run = os.fork()
    if run == 0:  # a run whose copy is busy when the run is killed
        try:
            me = os.getpid()
            copy = os.fork()
            if copy == 0:
                die_with(me)
                time.sleep(60)
                os._exit(0)
            os.write(report, str(copy).encode())
            time.sleep(60)
        finally:
            os._exit(0)
    os.close(report)
    copy = int(os.read(pids, 32) or 0)
    assert copy, "the run could not start its copy"
    time.sleep(0.2)
    os.kill(run, signal.SIGKILL)
    os.waitpid(run, 0)
    for _ in range(50):
        try:  # gone, or a zombie that no one has reaped yet (its parent was killed)
            stat = Path(f"/proc/{copy}/stat").read_text()
        except FileNotFoundError:
            break
        if stat.rsplit(")", 1)[1].split()[0] in ("Z", "X"):
            break
        time.sleep(0.1)
    else:
        os.kill(copy, signal.SIGKILL)
        raise AssertionError("the copy outlived its run")


def _docx(path: Path, paragraphs: list[str]) -> None:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    document.save(str(path))


def test_a_mixed_folder_ranks_only_the_reports_and_lists_the_rest_with_reasons(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in (
        "000_638e3046a6f0f8e0.txt",
        "001_05a85413c91bc29c.txt",
        "002_1fc2bd555d7c5ccd.txt",
    ):
        shutil.copy(CORPUS / "seeds" / name, folder / name)
    shutil.copy(CORPUS / "docx" / "format-2021-blank-template.docx", folder / "格式模板.docx")
    _docx(
        folder / "会议纪要.docx",
        [
            "政务公开工作推进会会议纪要",
            "时间：2024年3月5日。地点：镇政府三楼会议室。",
            "会议听取了2023年政府信息公开工作年度报告起草情况的汇报，要求各办按时报送材料，"
            "认真核对主动公开政府信息情况和收到和处理政府信息公开申请情况的数据。",
            "会议指出存在的主要问题及改进情况要写实写细。",
        ],
    )
    (folder / "说明.txt").write_text("年报已于1月20日上网，请查收。\n", encoding="utf-8")
    (folder / "README.md").write_text(
        "# 年报材料\n\n本文件夹收存各镇报送的年度报告。\n", encoding="utf-8"
    )
    page = "<html><head><title>政府信息公开年报</title></head><body><ul>{}</ul></body></html>"
    for county in ("甲县", "乙县"):  # two list pages, empty once their chrome is gone
        items = "".join(
            f"<li><a href='#'>{county}某镇2023年政府信息公开工作年度报告</a></li>" for _ in range(3)
        )
        (folder / f"list-{county}.shtml").write_text(page.format(items), encoding="utf-8")
    result = assess_run(folder, db=tmp_path / "store.sqlite", embeddings=False, jobs=1)
    ranked = sorted(Path(a.report.path).name for a in result.assessed)
    assert ranked == [
        "000_638e3046a6f0f8e0.txt",
        "001_05a85413c91bc29c.txt",
        "002_1fc2bd555d7c5ccd.txt",
    ]
    listed = {Path(e.path).name: e for e in result.not_reports}
    assert set(listed) == {
        "格式模板.docx",
        "会议纪要.docx",
        "说明.txt",
        "README.md",
        "list-甲县.shtml",
        "list-乙县.shtml",
    }
    assert not result.duplicates
    for entry in listed.values():
        assert entry.report is not None and entry.report.meta.kind_reason
    assert "模板" in listed["格式模板.docx"].report.meta.kind_reason
    cli = runner.invoke(
        app, ["assess", str(folder), "--out", str(tmp_path / "out"), "--no-embeddings"]
    )
    assert cli.exit_code == 0, cli.output
    index = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    for name in listed:
        assert name in index and name in cli.output


@pytest.fixture(scope="module")
def three_years(tmp_path_factory):
    """Generated reports of several counties over 2022–2024, each county in its own folder."""
    from evaluation import synth

    folder = tmp_path_factory.mktemp("years") / "in"
    synth.generate(36, seed=3, out=folder)
    (folder / "truth.json").unlink()
    db = folder.parent / "store.db"
    return folder, {year: assess_run(folder, db=db, embeddings=False, jobs=1, year=year)
                    for year in (2023, 2024)}  # fmt: skip


def test_one_year_is_ranked_and_the_others_are_references(three_years):
    folder, runs = three_years
    for year, result in runs.items():
        assert result.year == year and result.assessed
        assert {a.report.meta.year for a in result.assessed} == {year}
        assert {a.report.meta.year for a in result.references} == {2022, 2023, 2024} - {year}
        totals = [a.total for a in result.assessed]
        assert totals == sorted(totals, reverse=True)
    latest = assess_run(folder, db=folder.parent / "store.db", embeddings=False, jobs=1)
    assert latest.year == 2024 and any("未指定 --year" in n for n in latest.notices)
    # one stray report of a later year does not take the ranking
    stray = next(folder.rglob("*2024*"))
    later = folder / stray.name.replace("2024", "2025")
    later.write_text(stray.read_text(encoding="utf-8").replace("2024", "2025"), encoding="utf-8")
    try:
        mixed = assess_run(folder, db=folder.parent / "store.db", embeddings=False, jobs=1)
        assert 2025 in {a.report.meta.year for a in mixed.references} and mixed.year == 2024
    finally:
        later.unlink()
    with pytest.raises(Exception, match="没有 2019 年度的年报"):
        assess_run(folder, db=folder.parent / "store.db", embeddings=False, jobs=1, year=2019)


def test_rank_changes_match_the_run_of_the_year_before(three_years):
    from nianbao.segment.meta import unit_key

    _, runs = three_years
    before = {unit_key(a.report.meta.unit): k for k, a in enumerate(runs[2023].assessed, start=1)}
    for k, a in enumerate(runs[2024].assessed, start=1):
        then = before.get(unit_key(a.report.meta.unit))
        want = ("新" if then is None else "持平" if then == k
                else f"↑{then - k}" if then > k else f"↓{k - then}")  # fmt: skip
        assert a.rank_change == want


def test_county_summaries_add_up(three_years):
    from nianbao.assess import county_summary

    _, runs = three_years
    result = runs[2024]
    counties = county_summary(result)
    assert len(counties) > 1 and all(c.county.endswith("县") for c in counties)
    assert sum(c.reports for c in counties) == len(result.assessed)
    assert sum(c.errors for c in counties) == sum(a.errors for a in result.assessed)
    for c in counties:
        mine = [a.total for a in result.assessed if a.county == c.county]
        assert c.mean_total == round(sum(mine) / len(mine), 1)
    ranked = {a.report.path: a.county for a in result.assessed}
    copies = [p for p in result.pairs if p.relation == "copy" and p.kind != "suspected"
              and p.a.report in ranked and p.b.report in ranked]  # fmt: skip
    assert copies
    within = sum(c.pairs_within for c in counties)
    across = sum(c.pairs_across for c in counties)
    assert within + across // 2 == len(copies) and across % 2 == 0


def test_an_empty_folder_or_one_without_reports_ends_with_exit_1(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    result = runner.invoke(
        app, ["assess", str(empty), "--out", str(tmp_path / "o1"), "--no-embeddings"]
    )
    assert result.exit_code == 1 and "没有可评估的年报" in result.output
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "会议纪要.txt").write_text(
        "关于召开政务公开工作会议的纪要\n会议要求各单位按时报送材料。\n", encoding="utf-8"
    )
    result = runner.invoke(
        app, ["assess", str(notes), "--out", str(tmp_path / "o2"), "--no-embeddings"]
    )
    assert result.exit_code == 1 and "不是年报" in result.output
    assert not (tmp_path / "o2" / "index.html").exists()  # no empty site


def test_the_county_folder_is_found_under_or_over_year_folders():
    from nianbao.assess import _folder_county

    assert _folder_county("/r/2024/海原县/a.pdf", "/r") == "海原县"
    assert _folder_county("/r/海原县/2024年度/a.pdf", "/r") == "海原县"
    assert _folder_county("/r/某市/某县/a.pdf", "/r") == "某县"  # the nearest county
    assert _folder_county("/r/第一批/a.pdf", "/r") == "第一批"  # a batch stands for its county
    assert _folder_county("/r/2024/a.pdf", "/r") == _folder_county("/r/a.pdf", "/r") == ""
