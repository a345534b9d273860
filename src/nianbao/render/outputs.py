"""Outputs for people and programs; ``write_outputs`` writes all of them for the main job.

A report's own pages (HTML, Markdown, JSON) depend on its assessment alone — the rank lives in
index.html and the sheet — so a page whose assessment has not changed since the last run is
not written again (its digest is kept in ``reports/.digests``).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from nianbao.assess import Assessed, AssessResult
from nianbao.io.folder import OUTPUT_MARK
from nianbao.stages import version
from nianbao.workers import beside

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
        sorted(a.pair_reviews.items()),
    )  # fmt: skip
    # repr, not pickle: equal records from the store and from a fresh computation pickle
    # differently (shared references), but print the same
    return hashlib.sha1(repr(content).encode("utf-8")).hexdigest()


def write_outputs(
    result: AssessResult, out: Path, folder: str, rubric_name: str, signature=None, progress=None
) -> Written:
    """``signature`` (``render.xlsx.Signature``): who assesses, for the sheet's title block;
    ``progress(stage, done, total, item)``: each page as it is written."""
    from nianbao import review
    from nianbao.render.html import report_page, write_site
    from nianbao.render.markdown import report_json, report_markdown
    from nianbao.render.xlsx import Signature, write_sheet

    tick = progress or (lambda stage, done, total, item="": None)
    signature = signature or Signature()

    out.mkdir(parents=True, exist_ok=True)
    mark = out / OUTPUT_MARK  # so that no later run reads this folder as reports
    if not mark.exists():
        mark.write_text("nianbao 的输出文件夹：这里的文件不会被当作报告读取。\n", encoding="utf-8")
    # the auditor's decisions: those kept, then those of the workbook about to be replaced
    decisions = review.load(out).merged(review.read_workbook(out / "evaluation-sheet.xlsx"))
    review.apply(result, decisions)
    if decisions or (out / review.FILE).exists():
        review.save(out, decisions)
    if decisions.unmatched:
        result.notices.append(
            f"{len(decisions.unmatched)} 条复核意见找不到对应的检查结果、共有段落或报告（文件已删除或"
            f"内容已改），仍然保留，列在评估表“未匹配的复核”中"
        )
    reports = out / "reports"
    reports.mkdir(exist_ok=True)
    index = reports / ".digests"
    try:
        before: dict[str, str] = json.loads(index.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        before = {}
    everything = result.everything  # the references have their pages too
    by_path = {a.report.path: a.report for a in everything}
    slugs = result.slugs
    rubric = hashlib.sha1(repr(result.rubric).encode("utf-8")).hexdigest()
    hashes = {a.report.path: _content_hash(a.report) for a in everything}
    digests = {slugs[a.report.path]: _digest(a, slugs, rubric, hashes) for a in everything}
    # the corpus-wide outputs: rewritten only when something in them changed; the sheet is
    # written on a second core while the pages are
    site = _site_digest(result, digests, folder, rubric_name, (signature, decisions))
    sheet = out / "evaluation-sheet.xlsx"
    corpus_wide = before.get("") != site or not (out / "index.html").exists() or not sheet.exists()
    sheet_written = (
        beside(partial(write_sheet, result, sheet, signature, decisions)) if corpus_wide else None
    )
    written = 0
    try:
        for k, a in enumerate(everything, start=1):
            name = slugs[a.report.path]
            tick("pages", k, len(everything), name)
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
            tick("site", 0, 1, "index.html")
            write_site(result, out, folder, rubric_name)
            tick("site", 1, 1, "index.html")
    finally:
        if sheet_written is not None:
            tick("sheet", 0, 1, sheet.name)
            sheet_written()
            review.remember(sheet)
            tick("sheet", 1, 1, sheet.name)
    index.write_text(json.dumps({**digests, "": site}, ensure_ascii=False), encoding="utf-8")
    return Written(pages=written, kept=len(everything) - written)


def _site_digest(
    result: AssessResult, pages: dict[str, str], folder: str, rubric: str, signature
) -> str:
    content = (
        RENDER_VERSION, folder, rubric, signature, result.year,
        [(pages[result.slugs[a.report.path]], a.county, a.rank_change) for a in result.everything],
        [a.report.path for a in result.assessed],
        [(p.a.report, p.a.span, p.b.report, p.b.span, p.similarity, p.kind, p.relation)
         for p in result.pairs],
        [(e.path, e.error, e.duplicate_of) for e in (*result.failed, *result.duplicates)],
        [(e.path, e.report.meta.kind_reason) for e in result.not_reports],
        result.skipped,
        result.rubric,
    )  # fmt: skip
    return hashlib.sha1(repr(content).encode("utf-8")).hexdigest()
