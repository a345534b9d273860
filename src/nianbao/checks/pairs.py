"""Pair each report with the same unit's report for the year before, when one is given."""

from __future__ import annotations

from collections.abc import Iterable

from nianbao.records import Report
from nianbao.segment.meta import unit_key


def previous_reports(reports: Iterable[Report]) -> dict[int, Report]:
    """``id(report)`` → the same unit's report of ``year - 1``."""
    by_unit_year: dict[tuple[str, int], Report] = {}
    reports = list(reports)
    for r in reports:
        key = unit_key(r.meta.unit)
        if key and r.meta.year:
            by_unit_year.setdefault((key, r.meta.year), r)
    out: dict[int, Report] = {}
    for r in reports:
        key = unit_key(r.meta.unit)
        if key and r.meta.year and (key, r.meta.year - 1) in by_unit_year:
            out[id(r)] = by_unit_year[(key, r.meta.year - 1)]
    return out
