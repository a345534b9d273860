"""Narrative parts → sentences and clauses, with the role of each sentence in part 五.

Rules for this genre: sentences end at 。！？； and before an enumeration (一是, （一）, 1、);
a lead-in ending in “：” stands alone; short lines inside a part are headings
(“存在的问题：”, “（二）改进措施”). In part 五 a heading or lead-in about problems or about
measures switches the role of the sentences that follow; before any, cue words decide.
"""

from __future__ import annotations

import itertools
import re

from nianbao.records import NarrativeSentence, Report, Span

NARRATIVE_PARTS = ("general", "measures", "problems", "other", "fees", "extra")

_END = re.compile(r"[。！？!?；;]")
_ENUM = re.compile(
    r"(?:(?<=[。；;：:！？\s])|^)(?=(?:[一二三四五六七八九十]+是|[（(][一二三四五六七八九十\d]+[）)]|\d{1,2}[、.．](?!\d)))"
)
_LEADIN_END = re.compile(r"[：:]")
_CLAUSE = re.compile(r"[，,、]")

_PROBLEM_HEAD = re.compile(
    r"^(?:[（(]?[一二三四五六七八九十\d]+[）)、.．]?\s*)?(?:存在的?(?:主要)?问题|问题(?:和|及|与)不足|主要问题|存在的不足|不足之处)"
)
_MEASURE_HEAD = re.compile(
    r"^(?:[（(]?[一二三四五六七八九十\d]+[）)、.．]?\s*)?(?:改进(?:措施|情况|举措|方向|计划)|整改(?:措施|情况)|下一步(?:工作)?(?:打算|计划|措施)?|工作(?:计划|打算|措施)|针对(?:上述|以上|存在的?|这些)?(?:问题|不足))"
)
_PROBLEM_LEADIN = re.compile(r"(?:存在|还有|仍有)(?:以下|一些|一定|如下)?(?:问题|不足|差距|短板)")
_MEASURE_LEADIN = re.compile(r"(?:措施|改进|整改|下一步|以下工作|如下工作|做好以下|抓好以下|计划)")
_PROBLEM_CUE = re.compile(
    r"不足|有待|不够|欠缺|滞后|差距|薄弱|短板|不强|不高|不及时|不全面|不规范|不到位|不充分|不统一|不严格|"
    r"单一|较少|偏少|不畅|不明显|不深|不细|不精准|存在.{0,12}(?:问题|现象|情况)|需(?:要)?进一步|仍需|亟待|尚未|缺乏"
)
_MEASURE_CUE = re.compile(
    r"^(?:[一二三四五六七八九十]+是)?(?:要|将|拟|继续|持续|坚持|进一步|切实|严格|加强|强化|完善|健全|推进|推动|"
    r"制定|建立|做好|落实|优化|提高|提升|深化|规范|创新|拓宽|丰富|加大|抓好|组织|开展|明确|畅通|及时)"
    r"|将(?:进一步|继续|持续|加强|强化|完善|着力|切实|全面|结合)|下一步"
)


def _pieces(text: str) -> list[tuple[int, int]]:
    """Sentence boundaries inside one paragraph (offsets relative to the paragraph)."""
    cuts = {0, len(text)}
    for m in _END.finditer(text):
        cuts.add(m.end())
    for m in _ENUM.finditer(text):
        cuts.add(m.start())
    for m in _LEADIN_END.finditer(text):
        # “…措施：一是…” — the lead-in before a colon that opens a list stands alone
        rest = text[m.end() :]
        if _ENUM.match(rest) or m.start() < 16:
            cuts.add(m.end())
    ordered = sorted(cuts)
    out = []
    for a, b in itertools.pairwise(ordered):
        seg = text[a:b]
        lead = len(seg) - len(seg.lstrip())
        trail = len(seg.rstrip())
        if seg.strip():
            out.append((a + lead, a + trail))
    return out


def _is_heading(text: str) -> bool:
    stripped = text.rstrip("：:。")
    return (
        len(stripped) <= 24
        and not re.search(r"[，,；;]", stripped)
        and (
            bool(_PROBLEM_HEAD.match(stripped))
            or bool(_MEASURE_HEAD.match(stripped))
            or text.endswith(("：", ":"))
        )
    )


def _role(text: str, state: str) -> tuple[str, str]:
    """(role of this sentence, state for the next ones)."""
    head = text.strip()
    if _PROBLEM_HEAD.match(head) and (len(head) <= 30 or head.endswith(("：", ":"))):
        return "other", "problem"
    if _MEASURE_HEAD.match(head) and (len(head) <= 40 or head.endswith(("：", ":"))):
        return "other", "measure"
    if head.endswith(("：", ":")):
        if _MEASURE_LEADIN.search(head):
            return "other", "measure"
        if _PROBLEM_LEADIN.search(head):
            return "other", "problem"
        return "other", state
    if state in {"problem", "measure"}:
        if state == "problem" and _MEASURE_CUE.search(head) and not _PROBLEM_CUE.search(head):
            return "measure", "measure"
        return state, state
    if _PROBLEM_LEADIN.search(head) and not re.search(r"[一二三四五六七八九十]是", head):
        return "other", "problem"  # “…但仍存在一些不足。” announces the problems
    problem = bool(_PROBLEM_CUE.search(head))
    measure = bool(_MEASURE_CUE.search(head))
    if measure and not problem:
        return "measure", state
    if problem:
        return "problem", state
    return "other", state


def _preamble_spans(report: Report) -> list[Span]:
    """The text between the title and the first part (the opening paragraph)."""
    doc = report.document.text
    starts = [p.heading_span[0] for p in report.parts if p.present and p.heading_span]
    if not starts:
        return []
    end = min(starts)
    spans: list[Span] = []
    pos = 0
    for line in doc[:end].split("\n"):
        a, b = pos, pos + len(line)
        pos = b + 1
        text = line.strip()
        if not text or "\t" in line:
            continue
        if re.search(r"(?:年度?报告|年报)$", text) or (
            report.meta.title and text in report.meta.title
        ):
            continue  # the title
        spans.append((a, b))
    return spans


def narrative_sentences(report: Report) -> tuple[NarrativeSentence, ...]:
    doc = report.document.text
    out: list[NarrativeSentence] = []
    regions = [("preamble", _preamble_spans(report))] + [
        (part.id, list(part.body_spans))
        for part in report.parts
        if part.present and part.id in NARRATIVE_PARTS
    ]
    for part_id, spans in regions:
        state = "other"
        for s, e in spans:
            pos = s
            for paragraph in doc[s:e].split("\n"):
                for a, b in _pieces(paragraph):
                    text = paragraph[a:b]
                    span = (pos + a, pos + b)
                    role = "other"
                    if part_id == "problems":
                        role, state = _role(text, state)
                    clauses = tuple((span[0] + x, span[0] + y) for x, y in _clauses(text))
                    out.append(
                        NarrativeSentence(
                            part=part_id,
                            index=len(out),
                            text=text,
                            span=span,
                            role=role,  # type: ignore[arg-type]
                            heading=_is_heading(text),
                            clauses=clauses,
                        )
                    )
                pos += len(paragraph) + 1
    return tuple(out)


def _clauses(text: str) -> list[tuple[int, int]]:
    out, start = [], 0
    for m in _CLAUSE.finditer(text):
        if m.start() > start:
            out.append((start, m.start()))
        start = m.end()
    if start < len(text):
        out.append((start, len(text)))
    return out


def sentence_span_text(report: Report, span: Span) -> str:
    return report.document.text[span[0] : span[1]]
