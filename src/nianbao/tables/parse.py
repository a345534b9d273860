"""Recover tables 2, 3 and 4 from the normalised lines.

Every layout is first turned into *logical rows* — label parts followed by value cells:
a grid row (tab-separated, from a text file or rendered by the HTML/PDF/Word readers) is one
logical row; in the other layouts (space-separated values with rows broken across lines, one
cell per line) labels and values stream across lines and a row ends where the next label
begins. Each logical row is then recognised by its label (the last label part first) against
the canonical rows of ``schema``; its values are assigned to columns by count, and by
position only where the layout keeps positions (a grid), so a blank, "0", "/" and "—" stay
what they were and nothing is filled in by guesswork.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from nianbao.normalize import VALUE_TOKEN
from nianbao.records import Cell, CellKind, Document, Span, Table
from nianbao.segment.lines import Line
from nianbao.tables.schema import T4_COLUMNS, T4_ROWS, TABLE2_2019, TABLE2_2021, TABLE3, RowSpec

_VOCAB = re.compile(
    r"复议|诉讼|申请人情况|勾稽关系|第二十条|信息内容|结果维持|自然人|法人或其他组织"
)
_HEADER = re.compile(r"申请人情况|勾稽关系|信息内容|自然人|法人或其他组织|结果维持|审结|维持|纠正")
_T2_2019 = re.compile(r"新制作数量|上一年项目数量|采购项目数量|第二十条第[（(]九[）)]项")
_NUMBER = re.compile(r"^([-+]?)(\d[\d,，]*(?:\.\d+)?)(%|万元|元|件|条|个|次|项)?$")
MAX_LABEL_PARTS = 6


@dataclass
class _Cell:
    text: str
    span: Span


@dataclass
class _Row:
    label_parts: list[_Cell] = field(default_factory=list)
    values: list[_Cell] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    grid: bool = False  # from a grid row: positions are meaningful

    @property
    def label(self) -> str:
        return "".join(p.text for p in self.label_parts)


def is_value(text: str) -> bool:
    return text == "" or bool(VALUE_TOKEN.match(text))


def cell_kind(raw: str) -> tuple[CellKind, float | None]:
    text = raw.strip()
    if not text:
        return "blank", None
    if text in {"/", "／", "\\"}:
        return "slash", None
    if re.fullmatch(r"[—－\-―–]+", text):
        return "dash", None
    m = _NUMBER.match(text)
    if m:
        number = float(m.group(2).replace(",", "").replace("，", ""))
        return "number", -number if m.group(1) == "-" else number
    return "text", None


class _CoveredIndex:
    """Which grid positions are covered by merged cells, from the readers' raw tables."""

    def __init__(self, doc: Document) -> None:
        rows: list[tuple[int, int, tuple[bool, ...]]] = []
        for table in doc.raw.raw_tables:
            for spans in table.spans:
                first = next((i for i, s in enumerate(spans) if s is not None), None)
                if first is None:
                    continue
                start = spans[first][0] - first  # each covered cell before it wrote one tab
                last = max(s[1] for s in spans if s is not None)
                rows.append((start, last, tuple(s is None for s in spans)))
        rows.sort()
        self.rows = rows
        self.starts = [r[0] for r in rows]
        self.doc = doc

    def covered(self, line: Line) -> tuple[bool, ...] | None:
        if not self.rows or not line.text:
            return None
        src = self.doc.offsets[line.start]
        i = bisect.bisect_right(self.starts, src) - 1
        if i >= 0 and self.rows[i][0] <= src <= self.rows[i][1] + 1:
            return self.rows[i][2]
        return None


def logical_rows(doc: Document, lines: tuple[Line, ...], barriers: set[int]) -> list[_Row]:
    covered_index = _CoveredIndex(doc)
    rows: list[_Row] = []
    pending = _Row()

    def flush() -> None:
        nonlocal pending
        if pending.label_parts or pending.values:
            rows.append(pending)
        pending = _Row()

    def add(cell: _Cell, line_no: int) -> None:
        nonlocal pending
        if is_value(cell.text):
            pending.values.append(cell)
        else:
            if pending.values:
                flush()
            pending.label_parts.append(cell)
            del pending.label_parts[:-MAX_LABEL_PARTS]
        if not pending.lines or pending.lines[-1] != line_no:  # lines come in order
            pending.lines.append(line_no)

    for line in lines:
        if line.index in barriers:
            flush()
            continue
        if line.kind == "tab":
            cells = _split_tab(line)
            covered = covered_index.covered(line)
            if len(cells) == 2 and cells[0].text == "" and covered is None:
                add(cells[1], line.index)  # one cell per line (a Word export)
                continue
            flush()
            if covered and len(covered) == len(cells):
                cells = [c for c, cov in zip(cells, covered, strict=True) if not cov]
            labels = [i for i, c in enumerate(cells) if not is_value(c.text)]
            row = _Row(grid=True, lines=[line.index])
            if labels:
                row.label_parts = [cells[i] for i in labels]
                row.values = cells[labels[-1] + 1 :]
            else:
                row.values = cells
            rows.append(row)
        elif line.kind in {"spacerow", "values"}:
            for cell in _split_space(line):
                add(cell, line.index)
        else:
            if not line.text.strip():
                continue
            if "。" in line.text or len(line.text) > 120:
                flush()  # narrative: never a label
                continue
            add(_Cell(line.text.strip(), line.span), line.index)
    flush()
    return rows


def _split_tab(line: Line) -> list[_Cell]:
    cells: list[_Cell] = []
    pos = line.start
    for piece in line.text.split("\t"):
        stripped = piece.strip()
        lead = len(piece) - len(piece.lstrip())
        cells.append(_Cell(stripped, (pos + lead, pos + lead + len(stripped))))
        pos += len(piece) + 1
    return cells


def _split_space(line: Line) -> list[_Cell]:
    tokens = [(m.group(), m.start()) for m in re.finditer(r"\S+", line.text)]
    k = 0
    for tok, _ in reversed(tokens):
        if not VALUE_TOKEN.match(tok):
            break
        k += 1
    cells: list[_Cell] = []
    if len(tokens) > k:
        label_end = tokens[len(tokens) - k - 1]
        end = label_end[1] + len(label_end[0])
        cells.append(_Cell(line.text[:end].strip(), (line.start, line.start + end)))
    for tok, off in tokens[len(tokens) - k :]:
        cells.append(_Cell(tok, (line.start + off, line.start + off + len(tok))))
    return cells


def _match(row: _Row, specs: tuple[RowSpec, ...], taken: set[str]) -> RowSpec | None:
    parts = [p.text for p in row.label_parts]
    for k in range(1, len(parts) + 1):
        candidate = re.sub(r"\s+", "", "".join(parts[-k:]))
        best: tuple[int, int, RowSpec] | None = None
        for spec in specs:
            if spec.id in taken:
                continue
            for m in spec.pattern.finditer(candidate):
                key = (m.end(), m.end() - m.start())
                if best is None or key > best[:2]:
                    best = (*key, spec)
        if best:
            return best[2]
    return None


def _pick_values(row: _Row, n: int, notes: list[str], name: str) -> list[_Cell | None]:
    """Assign a row's value cells to its n columns; None marks a cell the source lacks."""
    cells = list(row.values)
    nonempty = [c for c in cells if c.text]
    if len(nonempty) == n:
        return list(nonempty)
    if len(nonempty) > n:
        notes.append(f"{name}：有 {len(nonempty)} 个数值，多于 {n} 列，取前 {n} 个")
        return list(nonempty[:n])
    if not row.grid:
        # a stream keeps no positions: blanks cannot be placed, the rest is missing
        if len(cells) == n:
            return list(cells)
        out: list[_Cell | None] = list(nonempty)
        notes.append(f"{name}：只有 {len(nonempty)} 个数值，应有 {n} 个")
        return out + [None] * (n - len(out))
    while len(cells) > n and cells and not cells[0].text:
        cells.pop(0)
    while len(cells) > n and cells and not cells[-1].text:
        cells.pop()
    if len(cells) >= n:
        return list(cells[:n])
    notes.append(f"{name}：只有 {len(cells)} 个单元格，应有 {n} 个，缺少的记为缺失")
    return list(cells) + [None] * (n - len(cells))


def _cells(
    table: str, row_id: str, cols: tuple[str, ...], picked: list[_Cell | None]
) -> list[Cell]:
    out: list[Cell] = []
    for col, c in zip(cols, picked, strict=True):
        if c is None:
            out.append(Cell(row_id, col, "", "missing", None, None))
        else:
            kind, value = cell_kind(c.text)
            out.append(Cell(row_id, col, c.text, kind, value, c.span))
    return out


_ANCHORS = {
    "table2": re.compile(r"第二十条|信息内容"),
    "table3": re.compile(r"勾稽关系|申请人情况"),
    "table4": re.compile(r"行政复议"),
}


def _tableish(line: Line) -> bool:
    text = line.text.strip()
    if line.kind != "prose":
        return True
    return (
        "。" not in text
        and not text.endswith("：")
        and (len(text) <= 60 or bool(_VOCAB.search(text)))
    )


def _regions(
    table_id: str,
    own: set[int],
    others: set[int],
    lines: tuple[Line, ...],
    barriers: set[int],
) -> tuple[set[int], tuple[Span, ...]]:
    """The table's lines — its rows, the header above them, and a header printed apart from
    them (seed 004 prints table 3's head before table 2) — and the spans they make."""
    members = set(own)
    stop = barriers | others

    def grow_back(i: int) -> int:
        start = i
        for k in range(i - 1, max(-1, i - 40), -1):
            if k in stop or (lines[k].text.strip() and not _tableish(lines[k])):
                break
            start = k
        return start

    first, last = min(own), max(own)
    start = grow_back(first)
    members.update(k for k in range(start, last + 1) if k not in stop)
    anchor = _ANCHORS[table_id]
    if not any(anchor.search(lines[k].text) for k in range(start, first + 1)):
        for k in range(start - 1, max(-1, start - 80), -1):
            if k in stop or not anchor.search(lines[k].text) or not _tableish(lines[k]):
                continue
            end = k
            while end + 1 < len(lines) and end + 1 not in stop and _tableish(lines[end + 1]):
                end += 1
            members.update(range(k, end + 1))
            break
    spans: list[Span] = []
    run: list[int] = []
    for k in sorted(members):
        if run and any(lines[m].text.strip() for m in range(run[-1] + 1, k)):
            spans.append((lines[run[0]].start, lines[run[-1]].end))
            run = []
        run.append(k)
    if run:
        spans.append((lines[run[0]].start, lines[run[-1]].end))
    return members, tuple(spans)


def parse_tables(
    doc: Document, lines: tuple[Line, ...], barriers: set[int]
) -> tuple[tuple[Table, ...], frozenset[int]]:
    """Tables found, and the indices of the lines that are table content."""
    rows = logical_rows(doc, lines, barriers)
    t2_specs = TABLE2_2019 if _T2_2019.search(doc.text) else TABLE2_2021
    t2_version = "2019" if t2_specs is TABLE2_2019 else "2021"
    specs = t2_specs + TABLE3
    taken: set[str] = set()
    assigned: dict[str, list[tuple[RowSpec, _Row]]] = {"table2": [], "table3": []}
    t4_row: _Row | None = None
    context = ""
    for row in rows:
        if not any(v.text for v in row.values):
            context = (context + row.label)[-200:]
            if not row.grid or _HEADER.search(row.label) or not row.values:
                continue
        label = row.label
        if (
            t4_row is None
            and len(row.values) >= 10
            and re.search(r"复议|诉讼|审结", context + label)
        ):
            t4_row = row
            context = ""
            continue
        spec = _match(row, specs, taken)
        if spec is not None:
            taken.add(spec.id)
            assigned[spec.table].append((spec, row))
        context = ""
    row_lines = {
        "table2": {k for _, r in assigned["table2"] for k in r.lines},
        "table3": {k for _, r in assigned["table3"] for k in r.lines},
        "table4": set(t4_row.lines) if t4_row else set(),
    }
    tables: list[Table] = []
    table_lines: set[int] = set()

    def region_of(table_id: str) -> tuple[Span, ...]:
        others = set().union(*(v for k, v in row_lines.items() if k != table_id))
        members, spans = _regions(table_id, row_lines[table_id], others, lines, barriers)
        table_lines.update(members)
        return spans

    if assigned["table2"]:
        notes: list[str] = []
        cells: list[Cell] = []
        for spec, row in assigned["table2"]:
            picked = _pick_values(row, len(spec.columns), notes, spec.label)
            cells += _cells("table2", spec.id, spec.columns, picked)
        regions = region_of("table2")
        tables.append(Table("table2", t2_version, tuple(cells), regions, tuple(notes)))
    if assigned["table3"]:
        notes = []
        counts = [sum(1 for v in r.values if v.text) for _, r in assigned["table3"]]
        header = "".join(p.text for _, r in assigned["table3"][:1] for p in r.label_parts)
        has_total = max(counts) >= 7 or (
            max(counts) == 0 and "总计" in context_before(rows, assigned["table3"][0][1]) + header
        )
        n = 7 if has_total else 6
        if not has_total:
            notes.append("表三没有“总计”列")
        cells = []
        for spec, row in assigned["table3"]:
            cols = spec.columns if has_total else spec.columns[:6]
            picked = _pick_values(row, n, notes, spec.label)
            cells += _cells("table3", spec.id, cols, picked)
            if not has_total:
                cells.append(Cell(spec.id, "total", "", "missing", None, None))
        regions = region_of("table3")
        tables.append(Table("table3", t2_version, tuple(cells), regions, tuple(notes), has_total))
    if t4_row is not None:
        notes = []
        picked = _pick_values(t4_row, 15, notes, "表四")
        cells = []
        for k, row_id in enumerate(T4_ROWS):
            cells += _cells("table4", row_id, tuple(T4_COLUMNS), picked[k * 5 : k * 5 + 5])
        regions = region_of("table4")
        tables.append(Table("table4", t2_version, tuple(cells), regions, tuple(notes)))
    table_lines.update(line.index for line in lines if line.kind == "tab")
    return tuple(tables), frozenset(table_lines - barriers)


def context_before(rows: list[_Row], first: _Row) -> str:
    """Header text of the grid rows without values just before ``first``."""
    out: list[str] = []
    for row in rows:
        if row is first:
            break
        if not row.values:
            out.append(row.label)
        else:
            out.clear()
    return "".join(out)
