"""A ``Report`` as plain JSON-ready data, with spans in both normalised and source text."""

from __future__ import annotations

from typing import Any

from nianbao.records import CopyPair, Document, Evidence, Finding, Report, Score, Span


def _spans(doc: Document, span: Span | None) -> dict[str, Any] | None:
    if span is None:
        return None
    return {"span": list(span), "source_span": list(doc.to_source(span))}


def report_to_dict(report: Report, *, include_text: bool = False) -> dict[str, Any]:
    doc = report.document
    meta = report.meta
    out: dict[str, Any] = {
        "file": report.path,
        "format": doc.raw.fmt,
        "meta": {
            "unit": meta.unit,
            "level": meta.level,
            "year": meta.year,
            "format_version": meta.format_version,
            "published": meta.published,
            "title": meta.title,
        },
        "normalisation": {s.name: s.count for s in doc.steps},
        "parts": [
            {
                "id": p.id,
                "present": p.present,
                "number": p.number,
                "title": p.title,
                "heading": _spans(doc, p.heading_span),
                "extent": _spans(doc, p.span),
                "body_spans": [_spans(doc, s) for s in p.body_spans],
                "chars": len("".join(p.body.split())),
                "body": p.body,
            }
            for p in report.parts
        ],
        "tables": [
            {
                "id": t.id,
                "format_version": t.format_version,
                "has_total_column": t.has_total_column,
                "regions": [_spans(doc, r) for r in t.regions],
                "notes": list(t.notes),
                "cells": [
                    {
                        "row": c.row,
                        "col": c.col,
                        "raw": c.raw,
                        "kind": c.kind,
                        "value": c.value,
                        **(_spans(doc, c.span) or {"span": None, "source_span": None}),
                    }
                    for c in t.cells
                ],
            }
            for t in report.tables
        ],
        "notes": list(report.notes),
    }
    if include_text:
        out["text"] = doc.text
        out["source_text"] = doc.raw.text
    return out


def finding_to_dict(report: Report, finding: Finding) -> dict[str, Any]:
    return {
        "rule": finding.rule_id,
        "severity": finding.severity,
        "key": finding.key,
        "message": finding.message,
        "left": finding.left,
        "right": finding.right,
        "difference": finding.difference,
        "evaluated": finding.evaluated,
        "evidence": [
            {**evidence_to_dict(e), "table": e.table, "row": e.row, "col": e.col, "value": e.value}
            for e in finding.evidence
        ],
    }


def evidence_to_dict(e: Evidence) -> dict[str, Any]:
    return {
        "kind": e.kind,
        "quote": e.quote,
        "span": list(e.span) if e.span else None,
        "source_span": list(e.source_span) if e.source_span else None,
        "label": e.label,
        "detail": e.detail,
        "ref": e.ref,
    }


def score_to_dict(score: Score) -> dict[str, Any]:
    return {
        "name": score.name,
        "part": score.part,
        "value": score.value,
        "detail": dict(score.detail),
        "evidence": [evidence_to_dict(e) for e in score.evidence],
    }


def pair_to_dict(pair: CopyPair) -> dict[str, Any]:
    return {
        "kind": pair.kind,
        "relation": pair.relation,
        "similarity": pair.similarity,
        "strength": pair.strength,
        "a": {"report": pair.a.report, "span": list(pair.a.span), "source_span": list(pair.a.source_span or ()),
              "text": pair.a.text},
        "b": {"report": pair.b.report, "span": list(pair.b.span), "source_span": list(pair.b.source_span or ()),
              "text": pair.b.text},
    }  # fmt: skip
