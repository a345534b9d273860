"""read → normalise → segment → tables: one file in, one ``Report`` out."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from nianbao.io import read_raw
from nianbao.io.limits import check_text_length, time_budget
from nianbao.normalize import normalize
from nianbao.records import Document, Part, RawDocument, Report
from nianbao.segment.kind import classify
from nianbao.segment.lines import Line, split_lines
from nianbao.segment.meta import extract_meta, find_signature
from nianbao.segment.parts import PART_IDS, Heading, find_headings
from nianbao.tables import parse_tables
from nianbao.text.segment import narrative_sentences


def read_report(path: str | Path) -> Report:
    """Read one report file into a ``Report``, within the time budget of one file
    (``limits.time_budget``). Raises ``NianbaoError`` on bad input."""
    with time_budget(path):
        return build_report(read_raw(path))


def build_report(raw: RawDocument) -> Report:
    check_text_length(raw.path, raw.text)  # whichever reader made it
    doc = normalize(raw)
    lines = split_lines(doc.text)
    headings = find_headings(lines)
    heading_lines = {h.line.index for h in headings}
    tables, table_lines = parse_tables(doc, lines, heading_lines)
    sig_lines, sig_unit, sig_date = find_signature(lines)
    excluded = set(table_lines) | set(sig_lines)
    parts = _parts(doc, lines, headings, excluded)
    meta = extract_meta(
        doc.text, lines, tables, _hint(doc, "title"), raw.hint("published"),
        (sig_unit, sig_date), doc.chrome, raw.path, _hint(doc, "publisher"),
    )  # fmt: skip
    kind, reason = classify(meta, parts, tables)
    meta = replace(meta, kind=kind, kind_reason=reason)
    notes = [f"{t.id}: {n}" for t in tables for n in t.notes]
    report = Report(document=doc, meta=meta, parts=parts, tables=tables, notes=tuple(notes))
    return replace(report, sentences=narrative_sentences(report))


def _hint(doc: Document, key: str) -> str | None:
    """A reader's hint, in simplified characters where the text was converted."""
    value = doc.raw.hint(key)
    if value and any(s.name == "traditional_converted" for s in doc.steps):
        from nianbao.normalize import simplified

        value = simplified(value)
    return value


def _parts(
    doc: Document, lines: tuple[Line, ...], headings: tuple[Heading, ...], excluded: set[int]
) -> tuple[Part, ...]:
    ordered = sorted(headings, key=lambda h: h.line.index)
    parts: list[Part] = []
    for k, h in enumerate(ordered):
        end_line = ordered[k + 1].line.index if k + 1 < len(ordered) else len(lines)
        end = lines[end_line].start if end_line < len(lines) else len(doc.text)
        body_lines = [
            ln for ln in lines[h.line.index + 1 : end_line]
            if ln.index not in excluded and ln.text.strip()
        ]  # fmt: skip
        spans = _merge([ln.span for ln in body_lines])
        body = "\n".join(doc.text[s:e] for s, e in spans)
        parts.append(
            Part(
                id=h.part_id,
                present=True,
                number=h.number,
                title=h.title,
                heading_span=h.line.span,
                span=(h.line.start, end),
                body_spans=tuple(spans),
                body=body,
            )
        )
    found = {p.id for p in parts}
    parts += [Part(id=pid, present=False) for pid in PART_IDS if pid not in found]
    return tuple(parts)


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in spans:
        if out and s <= out[-1][1] + 1:
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out
