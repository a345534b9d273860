"""Outputs for people and programs; ``write_outputs`` writes all of them for the main job.

A report's own pages (HTML, Markdown, JSON) depend on its assessment alone — the rank lives in
index.html and the sheet — so a page whose assessment has not changed since the last run is
not written again (its digest is kept in ``reports/.digests``).
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from nianbao.assess import Assessed, AssessResult, can_fork, die_with
from nianbao.errors import NianbaoError
from nianbao.io.folder import OUTPUT_MARK
from nianbao.stages import version

# what the pages are made with (``stages``): renderers, templates and what they show
RENDER_VERSION = version("pages")


@dataclass(frozen=True)
class Written:
    pages: int  # report pages written in this run
    kept: int  # report pages unchanged since the last run


def _content_hash(report) -> str:
    sha = getattr(report, "sha1", None)  # a stored report: no need to load it
    return sha or hashlib.sha1(report.document.text.encode("utf-8")).hexdigest()


def _digest(a: Assessed, slugs: dict[str, str], rubric: str, hashes: dict[str, str]) -> str:
    partners = sorted(
        {slugs.get(p.a.report, "") + slugs.get(p.b.report, "") for p in a.analysis.pairs}
    )
    # the scores by their digest (they need not be loaded); a passage by its report's content
    # hash and its span; a criterion by the rubric's digest
    pairs = [(p.a.report, hashes.get(p.a.report), p.a.span, p.a.shared,
              p.b.report, hashes.get(p.b.report), p.b.span, p.b.shared,
              p.similarity, p.kind, p.relation) for p in a.analysis.pairs]  # fmt: skip
    points = [(p.criterion.id, p.points, p.reasons, p.review) for p in a.points]
    content = (
        RENDER_VERSION, rubric, a.report.path, hashes[a.report.path], a.report.meta, a.findings,
        a.analysis.digest, pairs, points, a.previous.path if a.previous else None, partners,
    )  # fmt: skip
    # repr, not pickle: equal records from the store and from a fresh computation pickle
    # differently (shared references), but print the same
    return hashlib.sha1(repr(content).encode("utf-8")).hexdigest()


def write_outputs(result: AssessResult, out: Path, folder: str, rubric_name: str) -> Written:
    from nianbao.render.html import report_page, write_site
    from nianbao.render.markdown import report_json, report_markdown
    from nianbao.render.xlsx import write_sheet

    out.mkdir(parents=True, exist_ok=True)
    mark = out / OUTPUT_MARK  # so that no later run reads this folder as reports
    if not mark.exists():
        mark.write_text("nianbao 的输出文件夹：这里的文件不会被当作报告读取。\n", encoding="utf-8")
    reports = out / "reports"
    reports.mkdir(exist_ok=True)
    index = reports / ".digests"
    try:
        before: dict[str, str] = json.loads(index.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        before = {}
    by_path = {a.report.path: a.report for a in result.assessed}
    slugs = result.slugs
    rubric = hashlib.sha1(repr(result.rubric).encode("utf-8")).hexdigest()
    hashes = {a.report.path: _content_hash(a.report) for a in result.assessed}
    digests = {slugs[a.report.path]: _digest(a, slugs, rubric, hashes) for a in result.assessed}
    # the corpus-wide outputs: rewritten only when something in them changed; the sheet is
    # written on a second core while the pages are
    site = _site_digest(result, digests, folder, rubric_name)
    sheet = out / "evaluation-sheet.xlsx"
    corpus_wide = before.get("") != site or not (out / "index.html").exists() or not sheet.exists()
    sheet_written = _beside(partial(write_sheet, result, sheet)) if corpus_wide else None
    written = 0
    try:
        for a in result.assessed:
            name = slugs[a.report.path]
            files = [reports / f"{name}.{ext}" for ext in ("html", "md", "json")]
            if before.get(name) == digests[name] and all(f.exists() for f in files):
                continue
            files[0].write_text(report_page(a, by_path, slugs), encoding="utf-8")
            files[1].write_text(report_markdown(a), encoding="utf-8")
            files[2].write_text(report_json(a), encoding="utf-8")
            written += 1
        for name in before.keys() - digests.keys() - {""}:  # reports no longer in the folder
            for ext in ("html", "md", "json"):
                (reports / f"{name}.{ext}").unlink(missing_ok=True)
        if corpus_wide:
            write_site(result, out, folder, rubric_name)
    finally:
        if sheet_written is not None:
            sheet_written()
    index.write_text(json.dumps({**digests, "": site}, ensure_ascii=False), encoding="utf-8")
    return Written(pages=written, kept=len(result.assessed) - written)


def _beside(task: Callable[[], object]) -> Callable[[], None]:
    """Start ``task`` in a forked copy of this process, on a second core while this one goes
    on; the returned function waits for it and raises its error here. Where forking is not
    safe (not Linux, other threads running) or there is one core, ``task`` runs at once."""
    if not can_fork():
        task()
        return lambda: None
    receive, send = os.pipe()
    run = os.getpid()
    pid = os.fork()
    if pid == 0:  # the copy: run the task, hand back its error if any, leave at once
        die_with(run)
        os.close(receive)
        code = 0
        try:
            task()
        except BaseException as exc:  # every error goes back to the parent
            code = 1
            try:
                message = pickle.dumps(exc)
            except Exception:  # one that does not pickle goes as text
                message = pickle.dumps(NianbaoError(None, f"{type(exc).__name__}: {exc}"))
            with os.fdopen(send, "wb") as pipe:
                pipe.write(message)
        os._exit(code)
    os.close(send)

    def join() -> None:
        with os.fdopen(receive, "rb") as pipe:
            message = pipe.read()
        _, status = os.waitpid(pid, 0)
        if message:
            raise pickle.loads(message)
        if status != 0:
            raise NianbaoError(
                None, f"输出进程异常退出 (output process ended with status {status})"
            )

    return join


def _site_digest(result: AssessResult, pages: dict[str, str], folder: str, rubric: str) -> str:
    content = (
        RENDER_VERSION, folder, rubric, [pages[result.slugs[a.report.path]] for a in result.assessed],
        [(p.a.report, p.a.span, p.b.report, p.b.span, p.similarity, p.kind, p.relation)
         for p in result.pairs],
        [(e.path, e.error, e.duplicate_of) for e in (*result.failed, *result.duplicates)],
        [(e.path, e.report.meta.kind_reason) for e in result.not_reports],
        result.skipped,
        result.rubric,
    )  # fmt: skip
    return hashlib.sha1(repr(content).encode("utf-8")).hexdigest()
