"""Self-contained HTML pages for people: the corpus overview, one page per report, the copy
pairs, and a side-by-side comparison of two reports. Every string from a report is escaped
(Jinja2 autoescape, or ``html.escape`` where HTML is built here); no page loads anything."""

from __future__ import annotations

import datetime as dt
import html
from collections import Counter
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

from markupsafe import Markup

from nianbao.assess import Assessed, AssessResult
from nianbao.records import SEVERITY_CN, SEVERITY_ORDER, CopyPair, Passage, Report
from nianbao.review import pair_key
from nianbao.scores import SCORES, score_label
from nianbao.segment.parts import PART_TITLES

KIND_CN = {
    "verbatim": "原文照搬",
    "near": "稍作改动",
    "suspected": "疑似改写",
    "stickiness": "沿用往年",
}
SUSPECTED_HELP = (
    "疑似改写：两句只有句向量相似（余弦 {similarity}），没有共同的罕见措辞，不计入抄袭占比；"
    "请对照原文判断是否改写抄袭。"
)
STRENGTH_HELP = (
    "证据强度：两段共有、又只有不到五个单位写过的 8 字片段有多少个（年报的常用套话、法规名称、"
    "联系方式不算）。强度越大，越不可能是巧合或共同的上级模板；共有段落按它从大到小排列。"
    "改写的段落措辞不同，没有强度，记为“—”。"
)
_PRIORITY = {"cited": 6, "copied": 5, "stale": 4, "boilerplate": 3, "vague": 2, "specific": 1}


@lru_cache(maxsize=1)
def _env():
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    return Environment(
        loader=FileSystemLoader(str(Path(__file__).parent / "templates")),
        autoescape=select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def name_of(report: Report) -> str:
    return f"{report.meta.unit or Path(report.path).name} {report.meta.year or ''}".strip()


def highlight(text: str, spans: list[tuple[int, int, str, str]]) -> str:
    """``text`` as HTML with ``<mark class=label>`` runs; where spans overlap the most telling
    label wins (copied over boilerplate over vague over specific). Anchors ``#c<offset>``
    mark where each span starts."""
    labels: list[str | None] = [None] * len(text)
    titles: list[str] = [""] * len(text)
    anchors = set()
    for start, end, label, title in spans:
        anchors.add(start)
        for i in range(max(0, start), min(len(text), end)):
            if labels[i] is None or _PRIORITY[label] > _PRIORITY[labels[i]]:
                labels[i] = label
                titles[i] = title
    out: list[str] = []
    i = 0
    while i < len(text):
        j = i
        while (
            j < len(text)
            and labels[j] == labels[i]
            and titles[j] == titles[i]
            and (j == i or j not in anchors)
        ):
            j += 1
        chunk = html.escape(text[i:j])
        anchor = f'<a id="c{i}"></a>' if i in anchors else ""
        if labels[i]:
            out.append(
                f'{anchor}<mark class="{labels[i]}" title="{html.escape(titles[i])}">{chunk}</mark>'
            )
        else:
            out.append(anchor + chunk)
        i = j
    return "".join(out)


def passage_html(mine: Passage, theirs: Passage) -> str:
    """One side of a pair with the characters copy detection aligned marked."""
    if not mine.shared:
        return shared_html(mine.text, theirs.text)
    out: list[str] = []
    at = 0
    for a, b in mine.shared:  # sorted and disjoint
        a, b = max(a - mine.span[0], at), min(b - mine.span[0], len(mine.text))
        if a >= b:
            continue
        out.append(html.escape(mine.text[at:a]))
        out.append(f'<mark class="copied">{html.escape(mine.text[a:b])}</mark>')
        at = b
    out.append(html.escape(mine.text[at:]))
    return "".join(out)


def shared_html(mine: str, theirs: str) -> str:
    """``mine`` with the characters it shares with ``theirs`` marked."""
    sm = SequenceMatcher(None, mine, theirs, autojunk=False)
    spans = [(b.a, b.a + b.size, "copied", "") for b in sm.get_matching_blocks() if b.size >= 4]
    return highlight(mine, spans)


def histogram(values: list[float], lo: float, hi: float, bins: int = 10, label: str = "") -> str:
    counts = [0] * bins
    for v in values:
        k = min(bins - 1, max(0, int((v - lo) / (hi - lo) * bins))) if hi > lo else 0
        counts[k] += 1
    top = max(counts) or 1
    w, h, pad = 360, 150, 24
    bw = (w - 2 * pad) / bins
    parts = [
        f'<svg viewBox="0 0 {w} {h + 30}" width="100%" role="img" aria-label="{html.escape(label)}">'
    ]
    for k, c in enumerate(counts):
        bh = (h - pad) * c / top
        x = pad + k * bw
        box = f'x="{x + 1:.1f}" y="{h - bh:.1f}" width="{bw - 2:.1f}" height="{bh:.1f}"'
        parts.append(f'<rect class="bar" {box}><title>{c}</title></rect>')
        if c:
            parts.append(
                f'<text x="{x + bw / 2:.1f}" y="{h - bh - 3:.1f}" font-size="10" text-anchor="middle">{c}</text>'
            )
    for k in range(0, bins + 1, 2):
        x = pad + k * bw
        parts.append(
            f'<text x="{x:.1f}" y="{h + 14}" font-size="10" text-anchor="middle">{lo + (hi - lo) * k / bins:g}</text>'
        )
    parts.append(f'<line x1="{pad}" y1="{h}" x2="{w - pad}" y2="{h}" stroke="#98a2b3"/></svg>')
    return "".join(parts)


HEATMAP_UNITS = 40  # a map a person can read: the units that share the most with others


def heatmap(assessed: list[Assessed], pairs: list[CopyPair]) -> str:
    """Characters shared between units, for the ``HEATMAP_UNITS`` units that share most (the
    whole matrix would grow with the square of the corpus)."""
    unit_of: dict[str, str] = {}
    for a in assessed:
        unit_of[a.report.path] = a.report.meta.unit or Path(a.report.path).stem
    shared: Counter[tuple[str, str]] = Counter()
    involved: Counter[str] = Counter()
    for p in pairs:
        if p.relation != "copy":
            continue
        ua, ub = unit_of.get(p.a.report), unit_of.get(p.b.report)
        if ua and ub and ua != ub:
            chars = p.a.span[1] - p.a.span[0]
            shared[(ua, ub)] += chars
            shared[(ub, ua)] += chars
            involved[ua] += chars
            involved[ub] += chars
    if not involved:
        return "<p>单位之间没有发现相同或相近的段落。</p>"
    units = sorted(u for u, _ in involved.most_common(HEATMAP_UNITS))
    n = len(units)
    cell, left, topm = 28, 170, 170
    top = max(shared.values(), default=1)
    size_w, size_h = left + n * cell + 10, topm + n * cell + 10
    out = []
    if len(involved) > n:
        out.append(
            f"<p>共 {len(involved)} 个单位与其他单位有相同段落；下图为相同字数最多的 {n} 个。</p>"
        )
    out.append(
        f'<svg viewBox="0 0 {size_w} {size_h}" width="{min(size_w, 1100)}" role="img" aria-label="单位相似度热图">'
    )
    for k, u in enumerate(units):
        y = topm + k * cell + cell / 2 + 4
        out.append(
            f'<text x="{left - 6}" y="{y:.0f}" font-size="11" text-anchor="end">{html.escape(u[:14])}</text>'
        )
        x = left + k * cell + cell / 2
        rotate = f'transform="rotate(-60 {x:.0f} {topm - 6})"'
        out.append(
            f'<text x="{x:.0f}" y="{topm - 6}" font-size="11" {rotate}>{html.escape(u[:14])}</text>'
        )
    for i, ua in enumerate(units):
        for j, ub in enumerate(units):
            v = shared.get((ua, ub), 0)
            alpha = 0.08 if i == j else (0.15 + 0.85 * v / top if v else 0.0)
            color = "#98a2b3" if i == j else "#b42318"
            title = f"{html.escape(ua)} ↔ {html.escape(ub)}：{v} 字"
            box = f'x="{left + j * cell}" y="{topm + i * cell}" width="{cell - 2}" height="{cell - 2}"'
            out.append(
                f'<rect {box} fill="{color}" fill-opacity="{alpha:.2f}" stroke="#eaecf0"><title>{title}</title></rect>'
            )
            if v and i != j:
                x, y = left + j * cell + cell / 2 - 1, topm + i * cell + cell / 2 + 3
                out.append(f'<text x="{x}" y="{y}" font-size="9" text-anchor="middle">{v}</text>')
    out.append("</svg>")
    return "".join(out)


def _pair_row(p: CopyPair, by_path: dict[str, Report], slugs: dict[str, str]) -> str:
    """One row of the pairs pages (built directly: templates are slow at 100,000 rows)."""
    v = _pair_view(p, by_path, slugs)
    e = html.escape
    return (
        f'<tr data-kind="{v["tag"]}"><td><span class="tag {v["tag"]}">{e(v["kind_cn"])}</span></td>'
        f'<td class="num" title="{STRENGTH_HELP}">{v["strength"]}</td><td class="num">{v["similarity"]}</td>'
        f'<td><a href="reports/{quote(v["a_slug"])}.html">{e(v["a_name"])}</a></td><td>{v["a_html"]}</td>'
        f'<td><a href="reports/{quote(v["b_slug"])}.html">{e(v["b_name"])}</a></td><td>{v["b_html"]}</td></tr>'
    )


def _pair_view(p: CopyPair, by_path: dict[str, Report], slugs: dict[str, str]) -> dict:
    tag = "stickiness" if p.relation == "stickiness" else p.kind
    kind_cn = (
        KIND_CN["stickiness"] + "（" + KIND_CN[p.kind] + "）"
        if p.relation == "stickiness"
        else KIND_CN[p.kind]
    )
    a, b = by_path[p.a.report], by_path[p.b.report]
    return {
        "tag": tag, "kind": tag, "kind_cn": kind_cn, "similarity": f"{p.similarity:.3f}",
        "strength": p.strength or "—",
        "a_slug": slugs[a.path], "b_slug": slugs[b.path], "a_name": name_of(a), "b_name": name_of(b),
        "a_text": p.a.text[:80], "a_html": passage_html(p.a, p.b), "b_html": passage_html(p.b, p.a),
    }  # fmt: skip


def _rows(result: AssessResult, assessed: list[Assessed]) -> list[dict]:
    rows = []
    for rank, a in enumerate(assessed, start=1):
        r = a.report
        rows.append({
            "rank": rank, "change": a.rank_change, "county": a.county or "—",
            "slug": result.slugs[r.path], "unit": r.meta.unit or Path(r.path).name,
            "year": r.meta.year or "—",
            "level": r.meta.level or "—", "points": a.points, "total": a.total,
            "substance": a.score("substance") if a.score("substance") is not None else "—",
            "errors": a.errors, "warnings": sum(1 for f in a.findings if f.severity == "warning"),
            "partial": r.meta.kind_reason if r.meta.kind == "partial" else "",
        })  # fmt: skip
    return rows


PAIRS_PER_PAGE = 1000  # a page a browser opens quickly; the pairs are spread over pages


def pairs_page(page: int) -> str:
    return "pairs.html" if page == 1 else f"pairs-{page}.html"


def write_site(result: AssessResult, out: Path, folder: str, rubric_name: str) -> list[Path]:
    env = _env()
    out.mkdir(parents=True, exist_ok=True)
    (out / "reports").mkdir(exist_ok=True)
    from nianbao.assess import county_summary

    by_path = {a.report.path: a.report for a in result.everything}
    pairs = result.year_pairs
    copies = [p for p in pairs if p.relation == "copy" and p.kind != "suspected"]
    rows = _rows(result, result.assessed)
    counties = county_summary(result)
    max_total = sum(c.max for c in result.rubric)
    written: list[Path] = []
    index = env.get_template("index.html.j2").render(
        folder=folder, generated=dt.datetime.now().strftime("%Y-%m-%d %H:%M"), rubric_name=rubric_name,
        rows=rows, year=result.year, references=_rows(result, result.references),
        counties=counties,
        levels=sorted({r["level"] for r in rows}), failed=result.failed, duplicates=result.duplicates,
        not_reports=[(e.path, e.report.meta.kind_reason) for e in result.not_reports],
        skipped=result.skipped,
        total_errors=sum(a.errors for a in result.assessed), copy_pairs=len(copies),
        criteria=result.rubric, max_total=int(sum(c.max for c in result.rubric)),
        hist_total=histogram([a.total for a in result.assessed], 0, max_total, label="总分分布"),
        hist_substance=histogram([a.score("substance") or 0 for a in result.assessed], 0, 100, label="实质性分布"),
        heatmap=heatmap(result.assessed, copies),
        top_pairs=[_pair_view(p, by_path, result.slugs) for p in copies[:30]], all_pairs=len(pairs),
        strength_help=STRENGTH_HELP,
    )  # fmt: skip
    written.append(_write(out / "index.html", index))
    kinds = Counter("stickiness" if p.relation == "stickiness" else p.kind for p in pairs)
    pages = max(1, -(-len(pairs) // PAIRS_PER_PAGE))
    for page in range(1, pages + 1):
        chunk = pairs[(page - 1) * PAIRS_PER_PAGE : page * PAIRS_PER_PAGE]
        html_page = env.get_template("pairs.html.j2").render(
            rows=Markup("".join(_pair_row(p, by_path, result.slugs) for p in chunk)), count=len(chunk),
            kinds=sorted(kinds.items()),
            names=KIND_CN, total=len(pairs), page=page, pages=pages, first=(page - 1) * PAIRS_PER_PAGE,
            strength_help=STRENGTH_HELP,
            page_name=pairs_page,
        )  # fmt: skip
        written.append(_write(out / pairs_page(page), html_page))
    for stale in out.glob("pairs-*.html"):
        number = stale.stem.removeprefix("pairs-")
        if number.isdigit() and int(number) > pages:
            stale.unlink()
    return written


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def report_page(a: Assessed, by_path: dict[str, Report], slugs: dict[str, str]) -> str:
    return _env().get_template("report.html.j2").render(**report_context(a, by_path, slugs))


def report_context(a: Assessed, by_path: dict[str, Report], slugs: dict[str, str]) -> dict:
    from nianbao.scores.coverage import taxonomy
    from nianbao.tables.schema import column_label, row_label

    r = a.report
    doc = r.document
    spans: list[tuple[int, int, str, str]] = []
    findings = []
    for f in sorted(a.findings, key=lambda f: SEVERITY_ORDER[f.severity]):
        if f.severity == "info":
            continue
        ev = []
        for e in f.evidence:
            if e.kind == "cell" and e.row:
                label = f"{row_label(e.table, e.row).split(' ')[-1]}·{column_label(e.table, e.col)}=“{e.quote or '空'}”"
            else:
                label = f"“{e.quote[:40]}”"
            if e.span and e.span[1] > e.span[0]:
                spans.append((e.span[0], e.span[1], "cited", f"{f.rule_id}: {f.message}"))
                ev.append({"text": label, "anchor": e.span[0]})
            else:
                ev.append({"text": label, "anchor": None})
        findings.append({"severity": f.severity, "severity_cn": SEVERITY_CN[f.severity], "rule": f.rule_id,
                         "message": f.message, "evidence": ev})  # fmt: skip
    scores = []
    for s in a.analysis.scores:
        info = SCORES.get(s.name)
        scores.append({"name": score_label(s.name), "part": PART_TITLES.get(s.part, s.part or ""),
                       "value": info.show(s.value) if info else ("—" if s.value is None else f"{s.value:g}"),
                       "explain": info.explanation if info else ""})  # fmt: skip
        marks = info.marks if info else ()
        for e in s.evidence:
            kind = e.label or ""
            if e.span and kind in marks:
                spans.append((e.span[0], e.span[1], kind, e.ref or e.detail or kind))
    titles = {(t.part, t.id): t.title for t in taxonomy()}
    coverage = []
    for s in a.analysis.scores:
        if s.name != "coverage":
            continue
        sentences = {e.detail: e.quote for e in s.evidence if e.label == "topic" and e.detail}
        topics = [{"title": titles.get((s.part, t), t), "found": ok, "sentence": sentences.get(t, "")[:40]}
                  for t, ok in dict(s.detail)["topics"].items()]  # fmt: skip
        coverage.append({"part": PART_TITLES.get(s.part, s.part), "topics": topics})
    alignment, unmatched = [], []
    al = a.analysis.score("alignment")
    if al is not None and al.evidence:
        alignment = [
            {"text": e.quote[:90], "answered": e.detail != "unanswered"} for e in al.evidence
        ]
        unmatched = [t[:80] for t in dict(al.detail).get("measures_without_problem", [])]
    stale = []
    st = a.analysis.score("staleness")
    if st is not None:
        stale = [{"text": e.quote[:80], "why": e.ref, "anchor": e.span[0]} for e in st.evidence]
    pairs, suspected = [], []
    for p in a.analysis.pairs:
        mine, other = (p.a, p.b) if p.a.report == r.path else (p.b, p.a)
        if other.report not in by_path:
            continue
        if p.kind == "suspected":
            suspected.append({"similarity": f"{p.similarity:.3f}", "anchor": mine.span[0],
                              "mine": mine.text, "theirs": other.text,
                              "other_slug": slugs[other.report], "other_name": name_of(by_path[other.report]),
                              "why": SUSPECTED_HELP.format(similarity=f"{p.similarity:.3f}")})  # fmt: skip
            continue
        tag = "stickiness" if p.relation == "stickiness" else p.kind
        kind_cn = KIND_CN["stickiness"] if p.relation == "stickiness" else KIND_CN[p.kind]
        if p.relation == "stickiness" and (by_path[other.report].meta.year or 0) > (
            r.meta.year or 0
        ):
            kind_cn = "被下一年度沿用"
        pairs.append({"tag": tag, "kind_cn": kind_cn, "similarity": f"{p.similarity:.3f}", "anchor": mine.span[0],
                      "strength": p.strength or "—", "review": a.pair_reviews.get(pair_key(p), ""),
                      "mine": mine.text, "theirs": other.text, "other_slug": slugs[other.report],
                      "other_name": name_of(by_path[other.report])})  # fmt: skip
    prev = a.previous
    return {
        "unit": r.meta.unit or Path(r.path).name, "year": r.meta.year or "", "level": r.meta.level or "—",
        "format_version": r.meta.format_version or "—", "published": r.meta.published or "—", "path": r.path,
        "previous": name_of(prev) if prev else None, "previous_slug": slugs.get(prev.path) if prev else None,
        "total": a.total,
        "substance": a.score("substance") if a.score("substance") is not None else "—",
        "errors": a.errors, "warnings": sum(1 for f in a.findings if f.severity == "warning"),
        "points": a.points, "findings": findings, "scores": scores, "coverage": coverage,
        "alignment": alignment, "unmatched_measures": unmatched, "stale": stale, "pairs": pairs,
        "suspected": sorted(suspected, key=lambda s: s["similarity"], reverse=True),
        "fulltext": highlight(doc.text, spans),
    }  # fmt: skip


def compare_page(a: Report, b: Report, pairs: list[CopyPair]) -> str:
    """One page: the two reports side by side, the passages they share marked on both."""
    env = _env()
    spans_a = [
        (p.a.span[0], p.a.span[1], "copied", KIND_CN[p.kind]) for p in pairs if p.a.report == a.path
    ] + [
        (p.b.span[0], p.b.span[1], "copied", KIND_CN[p.kind]) for p in pairs if p.b.report == a.path
    ]
    spans_b = [
        (p.b.span[0], p.b.span[1], "copied", KIND_CN[p.kind]) for p in pairs if p.b.report == b.path
    ] + [
        (p.a.span[0], p.a.span[1], "copied", KIND_CN[p.kind]) for p in pairs if p.a.report == b.path
    ]
    template = env.from_string(
        '{% extends "base.html.j2" %}{% block title %}对照{% endblock %}{% block main %}'
        "<h1>两份报告对照</h1><p class=meta>共有段落 {{ n }} 处，已在两侧标出。</p>"
        '<div class="side"><div><h2>{{ a }}</h2><div class="fulltext">{{ ta|safe }}</div></div>'
        '<div><h2>{{ b }}</h2><div class="fulltext">{{ tb|safe }}</div></div></div>{% endblock %}'
    )
    return template.render(a=name_of(a), b=name_of(b), n=len(pairs), ta=highlight(a.document.text, spans_a),
                           tb=highlight(b.document.text, spans_b))  # fmt: skip
