"""The narrative against the tables, and sums stated in the narrative."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from nianbao.checks.base import Context, Rule
from nianbao.checks.tables import APPLICANTS, _num
from nianbao.records import Finding, Span
from nianbao.text.numbers import NUM, Sentence, quantities, sentences, to_number

_UNIT = r"\s*(?:件|个|份|宗|起|条)"


@dataclass(frozen=True)
class Statement:
    what: str
    value: float
    span: Span  # the statement's words and number
    sentence: Sentence


def narrative_sentences(ctx: Context) -> list[Sentence]:
    doc = ctx.report.document
    out: list[Sentence] = []
    for part in ctx.report.parts:
        if not part.present:
            continue
        for s, e in part.body_spans:
            out += sentences(doc.text[s:e], offset=s)
    return out


def _about_other_year(sentence: str, year: int | None) -> bool:
    if year is None:
        return False
    years = {int(y) for y in re.findall(r"((?:19|20)\d\d)\s*年", sentence)}
    return bool(years - {year, year + 1}) and year not in years


# (what, pattern) — the number is the group "n"; a pattern without "n" states zero.
_T3_STATEMENTS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (what, re.compile(p))
    for what, p in (
        (
            "new",
            rf"(?:收到|受理|新收|接收|登记)(?:了)?[^。；，,]{{0,16}}?申请(?:共|总计|合计|数量为|数为)?\s*(?P<n>{NUM}){_UNIT}",
        ),
        (
            "new",
            rf"(?:收到|受理|新收|接收)(?:各类)?(?:政府信息公开)?申请(?:共|总计|合计)?\s*(?P<n>{NUM}){_UNIT}",
        ),
        ("new", rf"(?:收件|申请)(?:数量|总数|件数)(?:为|共|是)?\s*(?P<n>{NUM}){_UNIT}"),
        (
            "new",
            rf"(?:收到|受理|新收|接收)(?:了|各类)?\s*(?P<n>{NUM})\s*(?:件|个|份)[^。；，,]{{0,10}}?申请",
        ),
        ("new", r"(?:未|没有|无)(?:收到|受理|接到)[^。；，,]{0,20}?申请(?!人)"),
        ("carried", rf"上年(?:度)?结转[^。；，,\d]{{0,10}}?(?P<n>{NUM}){_UNIT}"),
        (
            "carry_forward",
            rf"(?:结转(?:至)?下(?:一)?年度?|顺延至下(?:一)?年度?)[^。；，,\d]{{0,8}}?(?P<n>{NUM}){_UNIT}",
        ),
        ("carry_forward", rf"(?P<n>{NUM})\s*件(?:申请)?(?:结转|顺延)(?:至)?下(?:一)?年度?"),
        (
            "done",
            rf"(?:办结|(?<!同意公开)(?<!予以公开)答复|处理完毕)[^。；，,\d]{{0,8}}?(?P<n>{NUM}){_UNIT}",
        ),
    )
)
_T3_NAMES = {
    "new": "本年新收申请",
    "carried": "上年结转申请",
    "carry_forward": "结转下年度申请",
    "done": "办理结果总计",
}
_T3_ROWS = {"new": "new", "carried": "carried", "carry_forward": "carry_forward", "done": "total"}


def _t3_statements(ctx: Context) -> Iterator[Statement]:
    year = ctx.report.meta.year
    for sentence in narrative_sentences(ctx):
        text = sentence.text
        if "申请" not in text and "结转" not in text:
            continue
        if _about_other_year(text, year):
            continue
        seen: set[str] = set()
        for what, pattern in _T3_STATEMENTS:
            if what in seen:
                continue
            for m in pattern.finditer(text):
                before = text[max(0, m.start() - 4) : m.start()]
                if "其中" in before or "复议" in m.group() or "诉讼" in m.group():
                    continue
                value = to_number(m.group("n")) if "n" in pattern.groupindex else 0.0
                if value is None:
                    continue
                s0 = sentence.span[0]
                yield Statement(what, value, (s0 + m.start(), s0 + m.end()), sentence)
                seen.add(what)
                break


def _t3_value(ctx: Context, row: str) -> tuple[float | None, list]:
    t3 = ctx.report.table("table3")
    if t3.has_total_column:
        return _num(t3.cell(row, "total")), [ctx.cell("table3", row, "total")]
    values = [_num(t3.cell(row, c)) for c in APPLICANTS]
    if any(v is None for v in values):
        return None, []
    return sum(values), [ctx.cell("table3", row, c) for c in APPLICANTS]


def text_vs_t3(ctx: Context, rule: Rule) -> Iterator[Finding]:
    for st in _t3_statements(ctx):
        row = _T3_ROWS[st.what]
        table_value, cells = _t3_value(ctx, row)
        key = f"text.vs_t3.{st.what}"
        if table_value is None:
            yield rule.not_evaluable(key, f"表三“{ctx.label('table3', row)}”不是数字")
            continue
        accepted = {table_value}
        if st.what == "new":  # "受理…申请N件" sometimes counts last year's carried ones too
            carried, _ = _t3_value(ctx, "carried")
            if carried is not None:
                accepted.add(table_value + carried)
        if all(abs(st.value - a) > 1e-6 for a in accepted):
            sentence = st.sentence.text
            scope = re.search(r"代表|政府办|办公室|本级|本部门|机关本级", sentence)
            yield rule.finding(
                key,
                severity="warning" if scope else None,
                message=(rule.message + "（正文说的可能是“{scope}”的口径，请核实）")
                if scope
                else None,
                scope=scope.group() if scope else "",
                left=st.value,
                right=table_value,
                what=_T3_NAMES[st.what],
                quote=ctx.report.document.text[st.span[0] : st.span[1]],
                evidence=[ctx.text(st.span), *cells],
            )


_T4_TOTALS = (
    ("review", re.compile(rf"行政复议(?:案件)?(?:共|总计|合计)?\s*(?P<n>{NUM}){_UNIT}")),
    (
        "review",
        re.compile(
            rf"(?:申请|提起|发生|被申请)(?:了)?行政复议(?:案件)?(?:共)?\s*(?P<n>{NUM}){_UNIT}"
        ),
    ),
    ("suit", re.compile(rf"行政诉讼(?:案件)?(?:共|总计|合计)?\s*(?P<n>{NUM}){_UNIT}")),
    (
        "suit",
        re.compile(rf"(?:提起|发生|被提起)(?:了)?行政诉讼(?:案件)?(?:共)?\s*(?P<n>{NUM}){_UNIT}"),
    ),
)
_NEGATION = re.compile(r"(?:未(?!经)|没有|无(?!论))")


def _t4_zero_mentions(text: str) -> Iterator[tuple[str, tuple[int, int]]]:
    """ "未因政府信息公开申请提起行政复议和行政诉讼": each one named after a negation is zero."""
    pos = 0
    for clause in re.split(r"([，,；;])", text):
        neg = _NEGATION.search(clause)
        if neg and not re.search(rf"{NUM}\s*(?:件|起)", clause[neg.end() :]):
            for m in re.finditer(r"行政复议|行政诉讼", clause[neg.end() :]):
                what = "review" if m.group() == "行政复议" else "suit"
                yield what, (pos + neg.start(), pos + neg.end() + m.end())
        pos += len(clause)


_T4_PARTS = {
    "upheld": r"(?:结果)?维持",
    "corrected": r"(?:结果)?纠正",
    "other": r"其他结果",
    "pending": r"尚未审结",
}


def _t4_table_value(ctx: Context, what: str) -> tuple[float | None, list]:
    t4 = ctx.report.table("table4")
    rows = ("review",) if what == "review" else ("suit_direct", "suit_after_review")
    values = [_num(t4.cell(r, "total")) for r in rows]
    if any(v is None for v in values):
        return None, []
    return sum(values), [ctx.cell("table4", r, "total") for r in rows]


def text_vs_t4(ctx: Context, rule: Rule) -> Iterator[Finding]:
    names = {"review": "行政复议", "suit": "行政诉讼"}
    year = ctx.report.meta.year
    seen: set[str] = set()
    for sentence in narrative_sentences(ctx):
        text = sentence.text
        if ("复议" not in text and "诉讼" not in text) or _about_other_year(text, year):
            continue
        found: list[tuple[str, float, Span]] = []
        for what, pattern in _T4_TOTALS:
            m = pattern.search(text)
            if m and what not in {f[0] for f in found}:
                value = to_number(m.group("n"))
                if value is not None:
                    found.append((what, value, (m.start(), m.end())))
        for what, span in _t4_zero_mentions(text):
            if what not in {f[0] for f in found}:
                found.append((what, 0.0, span))
        for what, value, (a, b) in found:
            if what in seen:
                continue
            seen.add(what)
            span = (sentence.span[0] + a, sentence.span[0] + b)
            table_value, cells = _t4_table_value(ctx, what)
            key = f"text.vs_t4.{what}"
            if table_value is None:
                yield rule.not_evaluable(key, f"表四{names[what]}总计不是数字")
                continue
            if abs(value - table_value) > 1e-6:
                yield rule.finding(
                    key,
                    left=value,
                    right=table_value,
                    what=names[what],
                    quote=ctx.report.document.text[span[0] : span[1]],
                    evidence=[ctx.text(span), *cells],
                )
            if what == "review" and value > 0:
                yield from _t4_breakdown(ctx, rule, sentence)


def _t4_breakdown(ctx: Context, rule: Rule, sentence: Sentence) -> Iterator[Finding]:
    """ "行政复议N件，其中结果维持a件…" — each stated result against table 4's review row."""
    text = sentence.text
    if "诉讼" in text:
        return  # the results could belong to either: no guess
    t4 = ctx.report.table("table4")
    for col, word in _T4_PARTS.items():
        m = re.search(rf"{word}\s*(?P<n>{NUM}){_UNIT}", text)
        if not m:
            continue
        value = to_number(m.group("n"))
        cell = _num(t4.cell("review", col))
        if value is None or cell is None or abs(value - cell) <= 1e-6:
            continue
        span = (sentence.span[0] + m.start(), sentence.span[0] + m.end())
        yield rule.finding(
            f"text.vs_t4.review.{col}",
            left=value,
            right=cell,
            what=f"行政复议{ctx.label('table4', 'review', col).split('·')[-1]}",
            quote=m.group(),
            evidence=[ctx.text(span), ctx.cell("table4", "review", col)],
        )


def _depth(text: str, pos: int) -> int:
    """Bracket depth at ``pos``: items inside a nested （…） break down an item, not the whole."""
    depth = 0
    for ch in text[:pos]:
        if ch in "（(":
            depth += 1
        elif ch in "）)" and depth:
            depth -= 1
    return depth


# a whole that a "其中" list breaks down: 共/合计… N, or a count of applications, reviews, suits
_TOTAL_WORD = re.compile(r"(?:共|合计|总计|累计|全年|总共|一共|申请|复议|诉讼)")


_BARE_ITEM = re.compile(r"(?<![\d.年月日第])\d+(?:\.\d+)?\s*(?=[，,、；;。]|$)")


def text_sum_of_parts(ctx: Context, rule: Rule) -> Iterator[Finding]:
    """ "共…N条，其中A条，B条…": the parts cannot exceed, and should make up, the whole."""
    for sentence in narrative_sentences(ctx):
        text = sentence.text
        idx = text.find("其中")
        if idx < 0:
            continue
        head = text[:idx]
        totals = [q for q in quantities(head) if _TOTAL_WORD.search(head[: q.span[0]][-14:])]
        if not totals:
            continue
        total = totals[-1]
        tail = text[idx:]
        stop = re.search(r"[；;]", tail)
        tail = tail[: stop.start()] if stop else tail
        parts = [
            q for q in quantities(tail) if q.unit == total.unit and _depth(tail, q.span[0]) == 0
        ]
        if not parts:
            continue
        s0 = sentence.span[0]
        parts_sum = sum(q.value for q in parts)
        key = f"text.sum_of_parts.{total.text}"
        evidence = [ctx.text((s0 + total.span[0], s0 + total.span[1]))] + [
            ctx.text((s0 + idx + q.span[0], s0 + idx + q.span[1])) for q in parts
        ]
        if parts_sum > total.value + 1e-6:
            yield rule.finding(
                key,
                left=parts_sum,
                right=total.value,
                total=total.text,
                n=len(parts),
                evidence=evidence,
            )
        elif (
            len(parts) >= 2
            and parts_sum < total.value - 1e-6
            and not _BARE_ITEM.search(tail)  # an item written without its unit is uncounted
        ):
            yield rule.finding(
                key,
                severity="warning",
                message="“{total}”其中列出的 {n} 项之和为 {left}，少于总数 {right}（相差 {diff}）",
                left=parts_sum,
                right=total.value,
                total=total.text,
                n=len(parts),
                evidence=evidence,
            )


_T2_STATEMENTS = (
    (
        "normative",
        "in_force",
        re.compile(
            rf"现行有效(?:的)?(?:行政)?规范性文件(?:共|总计)?\s*(?P<n>{NUM})\s*(?:件|个|份)"
        ),
    ),
    (
        "normative",
        "issued",
        re.compile(
            rf"(?:制发|印发|出台|制定)(?:了)?(?:行政)?规范性文件(?:共)?\s*(?P<n>{NUM})\s*(?:件|个|份)"
        ),
    ),
    (
        "normative",
        "repealed",
        re.compile(rf"废止(?:了)?(?:行政)?规范性文件(?:共)?\s*(?P<n>{NUM})\s*(?:件|个|份)"),
    ),
)


def text_vs_t2(ctx: Context, rule: Rule) -> Iterator[Finding]:
    t2 = ctx.report.table("table2")
    if t2.format_version != "2021":
        return
    year = ctx.report.meta.year
    seen: set[str] = set()
    for sentence in narrative_sentences(ctx):
        if _about_other_year(sentence.text, year):
            continue
        for row, col, pattern in _T2_STATEMENTS:
            m = pattern.search(sentence.text)
            if not m or f"{row}.{col}" in seen:
                continue
            seen.add(f"{row}.{col}")
            value = to_number(m.group("n"))
            cell = _num(t2.cell(row, col))
            if value is None or cell is None or abs(value - cell) <= 1e-6:
                continue
            span = (sentence.span[0] + m.start(), sentence.span[0] + m.end())
            yield rule.finding(
                f"text.vs_t2.{row}.{col}",
                left=value,
                right=cell,
                what=ctx.label("table2", row, col),
                quote=m.group(),
                evidence=[ctx.text(span), ctx.cell("table2", row, col)],
            )
