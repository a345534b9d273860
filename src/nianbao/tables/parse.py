"""Recover tables 2, 3 and 4 from the normalised lines.

Every layout is first turned into *logical rows* — label parts followed by value cells:
a grid row (tab-separated, from a text file or rendered by the HTML/PDF/Word readers) is one
logical row; in the other layouts (space-separated values with rows broken across lines, one
cell per line) labels and values stream across lines and a row ends where the next label
begins. Each logical row is then recognised by its label (the last label part first) against
the canonical rows of ``schema``; its values are assigned to columns by count, and by
position only where the layout keeps positions (a grid), so a blank, "0", "/" and "—" stay
what they were and nothing is filled in by guesswork.

A page flattened to one line writes a table as labels and numbers run together
("…申请数量4000004二、上年结转…"): the line is cut into labels and number runs, and a run
whose digits were glued together is cut into the row's cells every way the layout allows (no
number with a leading zero, none across a space), kept to the ways the row's own arithmetic
allows (表三 总计 = the six applicant columns; 表四 each 总计 = the four results before it), a
number the narrative states (作出行政处罚决定305起) or 表三's column sums (总计 = the result rows)
allow. A cell every remaining way agrees on is read; the others are "unreadable", never guessed.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import pairwise

from nianbao.normalize import TABLE_VOCAB as _VOCAB
from nianbao.normalize import VALUE_TOKEN
from nianbao.records import Cell, CellKind, Document, Span, Table
from nianbao.segment.lines import Line
from nianbao.tables.schema import T4_COLUMNS, T4_ROWS, TABLE2_2019, TABLE2_2021, TABLE3, RowSpec

_HEADER = re.compile(r"申请人情况|勾稽关系|信息内容|自然人|法人或其他组织|结果维持|审结|维持|纠正")
_T2_2019 = re.compile(r"新制作数量|上一年项目数量|采购项目数量|第二十条第[（(]九[）)]项")
_NUMBER = re.compile(r"^([-+增减]?)(\d[\d,，]*(?:\.\d+)?)(%|万元|元|件|条|个|次|项)?$")
MAX_LABEL_PARTS = 6


@dataclass
class _Cell:
    text: str
    span: Span
    glued: bool = False  # digits of several cells run together (a flattened page)
    unreadable: bool = False  # a glued cell whose digits cannot be told apart


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
        return "number", -number if m.group(1) in {"-", "减"} else number
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
        elif _flattened(line.text):
            flush()
            for cell in _split_flat(line):
                add(cell, line.index)
            flush()
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


_FLAT_NUMBER = r"[增减]?\d+(?:\.\d+)?(?:万元|元|个|件|条|项|次|%)?"
_FLAT_RUN = re.compile(rf"{_FLAT_NUMBER}(?:[ \u3000]+{_FLAT_NUMBER})*")
_ITEM_START = re.compile(r"\d{1,2}[.．、]\D")
_ITEM_AFTER = re.compile(r"[.．、]\D")


def _flattened(text: str) -> bool:
    """A table written on one line: table words of two kinds, numbers, and no sentence."""
    return (
        "。" not in text
        and len(text) > 60
        and len(set(_VOCAB.findall(text))) >= 2
        and bool(re.search(r"\d", text))
    )


def _split_flat(line: Line) -> list[_Cell]:
    """Labels and values of a one-line table. A run's last digit followed by "." or "、" is the
    next item's number ("…00000002.没有现成信息…"), not a value."""
    cells: list[_Cell] = []
    text = line.text
    label_start = 0
    for m in _FLAT_RUN.finditer(text):
        start, end = m.start(), m.end()
        if _ITEM_AFTER.match(text, end) and text[end - 1] in "123456789":
            end -= 1
        if end <= start or text[end - 1] == ".":
            continue
        cells += _flat_labels(text, label_start, start, line.start)
        for tok in re.finditer(r"\S+", text[start:end]):
            a, b = start + tok.start(), start + tok.end()
            glued = len(re.findall(r"\d", tok.group())) > 1
            cells.append(_Cell(tok.group(), (line.start + a, line.start + b), glued=glued))
        label_start = end
    return cells + _flat_labels(text, label_start, len(text), line.start)


# where one item's label ends and the next begins in a flattened table whose cells for the
# first item were lost ("…缴纳费用…申请3.其他（七）总计4000004")
_ITEM_MARK = re.compile(
    r"(?<=[\u4e00-\u9fff）)”])(?<!第)(?=\d{1,2}[.．、]\D|[（(][一二三四五六七八九十]{1,2}[）)])"
)


def _flat_labels(text: str, start: int, end: int, offset: int) -> list[_Cell]:
    cuts = [start, *(m.start() for m in _ITEM_MARK.finditer(text, start, end)), end]
    out: list[_Cell] = []
    for a, b in pairwise(cuts):
        piece = text[a:b]
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            out.append(_Cell(piece.strip(), (offset + a + lead, offset + a + len(piece.rstrip()))))
    return out


def _groups(n: int, table: str, has_total: bool) -> tuple[int, ...]:
    """How a row's n cells fall into groups whose last cell is the sum of the others."""
    if table == "table4" and n == 15:
        return (5, 5, 5)
    if table == "table3" and has_total:
        return (n,)
    return ()  # no arithmetic ties the cells together


MAX_SPLITS = 50_000  # ways tried before a glued run is called unreadable
MAX_WAYS = 256  # cuts kept; more and no cell can be told apart anyway


def glued_splits(tokens: list[str], n: int, groups: tuple[int, ...]) -> list[list[str]] | None:
    """Every way to cut the digit ``tokens`` into ``n`` numbers — never across a space, never
    with a leading zero. Where the layout alone leaves several, only the ways in which each
    group (see ``_groups``) ends with the sum of its other numbers, if any do. None when there
    are too many ways to try."""
    digits = "".join(tokens)
    bounds: list[int] = []
    for t in tokens:
        bounds.append((bounds[-1] if bounds else 0) + len(t))
    if len(digits) < n:
        return []
    if len(tokens) == n:
        return [list(tokens)]
    tried = 0

    def widths(pos: int) -> range:
        limit = next(b for b in bounds if b > pos) - pos
        return range(1, 2 if digits[pos] == "0" else min(9, limit) + 1)

    def pieces(pos: int, k: int, end: int | None = None) -> Iterator[list[str]]:
        """Cuts of digits[pos:] into k numbers (all of it when ``end`` is len(digits))."""
        nonlocal tried
        if k == 0:
            if end is None or pos == end:
                yield []
            return
        if pos >= len(digits):
            return
        for width in widths(pos):
            tried += 1
            if tried > MAX_SPLITS:
                raise OverflowError
            for rest in pieces(pos + width, k - 1, end):
                yield [digits[pos : pos + width], *rest]

    def summed(pos: int, g: int) -> Iterator[list[str]]:
        if g == len(groups):
            if pos == len(digits):
                yield []
            return
        for head in pieces(pos, groups[g] - 1):
            at = pos + sum(map(len, head))
            total = str(sum(int(x) for x in head))
            end = at + len(total)
            if digits.startswith(total, at) and not any(at < b < end for b in bounds):
                for rest in summed(end, g + 1):
                    yield [*head, total, *rest]

    def first(ways: Iterator[list[str]]) -> list[list[str]] | None:
        out: list[list[str]] = []
        try:
            for way in ways:
                out.append(way)
                if len(out) > MAX_WAYS:
                    return None
        except OverflowError:
            return None
        return out

    plain = first(pieces(0, n, len(digits)))
    if plain is not None and (len(plain) <= 1 or not groups):
        return plain
    tried = 0
    balanced = first(summed(0, 0)) if groups else None
    return balanced if balanced else plain


def _agreed(ways: list[list[str]] | None, n: int) -> list[str | None]:
    """Each cell's number where every way gives the same one, else None."""
    if not ways:
        return [None] * n
    return [cut[0] if len(set(cut)) == 1 else None for cut in zip(*ways, strict=True)]


def _unglue(
    row: _Row,
    n: int,
    table: str,
    has_total: bool,
    notes: list[str],
    name: str,
    expected: list[str | None] | None = None,
) -> list[_Cell | None] | None:
    """A row whose digits were glued together (fewer values than cells, some of them glued):
    its n cells, those that cannot be told apart marked unreadable. ``expected`` is what the
    rest of the report says the cells are (表三 总计 = the sums of the result rows; a number
    the narrative states), None where it says nothing: the digits settle on it when they
    spell it exactly, and ways that contradict it are dropped while any remain."""
    values = [c for c in row.values if c.text]
    if n == 1 or len(values) >= n or not any(c.glued or _leading_zero(c.text) for c in values):
        return None
    tokens = [c.text for c in values]
    if not all(t.isdigit() for t in tokens):
        ways = None
    elif expected is not None and _spells(tokens, expected):
        ways = [[x for x in expected if x is not None]]
    else:
        ways = glued_splits(tokens, n, _groups(n, table, has_total))
        if ways and expected is not None:
            fitting = [
                w for w in ways if all(x in (None, y) for x, y in zip(expected, w, strict=True))
            ]
            ways = fitting or ways
    agreed = _agreed(ways, n)
    run = " ".join(tokens)
    if None in agreed:
        unknown = sum(a is None for a in agreed)
        notes.append(f"{name}：数字连在一起（“{run}”），有 {unknown} 列无法唯一分开，记为无法识别")
    out: list[_Cell | None] = []
    starts = [c.span[0] for c in values]
    ends = [0]
    for t in tokens:
        ends.append(ends[-1] + len(t))
    whole = (values[0].span[0], values[-1].span[1])
    widths = [len(w) for w in ways[0]] if ways and len(ways) == 1 else None
    for k, part in enumerate(agreed):
        if part is None:
            out.append(_Cell(run, whole, glued=True, unreadable=True))
            continue
        if widths is None:  # the cell is certain but its place in the run is not
            out.append(_Cell(part, whole))
            continue
        at = sum(widths[:k])
        token = bisect.bisect_right(ends, at) - 1
        start = starts[token] + at - ends[token]
        out.append(_Cell(part, (start, start + len(part))))
    return out


def _spells(tokens: list[str], numbers: list[str | None]) -> bool:
    """Whether every number is known and, written one after another, they are exactly the
    digits of the tokens, no number with a leading zero or running across a space."""
    if any(not x or (len(x) > 1 and x[0] == "0") for x in numbers):
        return False
    if "".join(tokens) != "".join(x for x in numbers if x):
        return False
    cuts, at = set(), 0
    for x in numbers:
        at += len(x or "")
        cuts.add(at)
    at = 0
    for t in tokens:
        at += len(t)
        if at not in cuts:
            return False
    return True


def _match(row: _Row, specs: tuple[RowSpec, ...], taken: set[str]) -> tuple[RowSpec, int] | None:
    """The row's spec, and how many of its last label parts name it."""
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
            return best[2], k
    return None


def _pick_values(
    row: _Row,
    n: int,
    notes: list[str],
    name: str,
    table: str = "",
    has_total: bool = True,
    expected: list[str | None] | None = None,
) -> list[_Cell | None]:
    """Assign a row's value cells to its n columns; None marks a cell the source lacks."""
    unglued = _unglue(row, n, table, has_total, notes, name, expected)
    if unglued is not None:
        return unglued
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
    table: str, row_id: str, cols: tuple[str, ...], picked: list[_Cell | None], text: str
) -> list[Cell]:
    out: list[Cell] = []
    for col, c in zip(cols, picked, strict=True):
        if c is None:
            out.append(Cell(row_id, col, "", "missing", None, None))
        elif c.unreadable:  # as written: the glued run, spaces and tabs as they are
            out.append(Cell(row_id, col, text[c.span[0] : c.span[1]], "unreadable", None, c.span))
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
            and max(len(row.values), _glued_digits(row)) >= 10
            and re.search(r"复议|诉讼|审结", context + label)
        ):
            t4_row = row
            context = ""
            continue
        found = _match(row, specs, taken)
        if found is not None:
            spec, used = found
            taken.add(spec.id)
            if not row.grid:  # numbered items before it whose numbers the page lost
                for part in row.label_parts[:-used]:
                    lost = (
                        _match(_Row([part]), specs, taken) if _ITEM_START.match(part.text) else None
                    )
                    if lost is not None and lost[0].table == spec.table:
                        taken.add(lost[0].id)
                        assigned[spec.table].append((lost[0], _Row([part], lines=row.lines)))
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
            expected = _stated_decisions(doc.text, spec)
            picked = _pick_values(
                row, len(spec.columns), notes, spec.label, "table2", True, expected
            )
            cells += _cells("table2", spec.id, spec.columns, picked, doc.text)
        regions = region_of("table2")
        tables.append(Table("table2", t2_version, tuple(cells), regions, tuple(notes)))
    if assigned["table3"]:
        notes = []
        counts = [sum(1 for v in r.values if v.text) for _, r in assigned["table3"]]
        header = "".join(p.text for _, r in assigned["table3"][:1] for p in r.label_parts)
        glued = any(_glued_digits(r) for _, r in assigned["table3"])
        has_total = max(counts) >= 7 or (
            (max(counts) == 0 or glued)
            and "总计" in context_before(rows, assigned["table3"][0][1]) + header
        )
        n = 7 if has_total else 6
        if not has_total:
            notes.append("表三没有“总计”列")
        cells = []
        # the 总计 row last: the result rows' sums may settle how its glued digits split
        for spec, row in sorted(assigned["table3"], key=lambda a: a[0].id == "total"):
            cols = spec.columns if has_total else spec.columns[:6]
            expected = _result_sums(cells, n) if spec.id == "total" else None
            picked = _pick_values(row, n, notes, spec.label, "table3", has_total, expected)
            cells += _cells("table3", spec.id, cols, picked, doc.text)
            if not has_total:
                cells.append(Cell(spec.id, "total", "", "missing", None, None))
        order = {spec.id: k for k, spec in enumerate(TABLE3)}
        cells.sort(key=lambda c: order[c.row])
        regions = region_of("table3")
        tables.append(Table("table3", t2_version, tuple(cells), regions, tuple(notes), has_total))
    if t4_row is not None:
        notes = []
        picked = _pick_values(t4_row, 15, notes, "表四", "table4")
        cells = []
        for k, row_id in enumerate(T4_ROWS):
            cells += _cells(
                "table4", row_id, tuple(T4_COLUMNS), picked[k * 5 : k * 5 + 5], doc.text
            )
        regions = region_of("table4")
        tables.append(Table("table4", t2_version, tuple(cells), regions, tuple(notes)))
    table_lines.update(line.index for line in lines if line.kind == "tab")
    return tuple(tables), frozenset(table_lines - barriers)


def _stated_decisions(text: str, spec: RowSpec) -> list[str | None] | None:
    """The number of decisions the narrative states for a table-2 item ("作出行政处罚决定305起"),
    where it states one number only."""
    if "decisions" not in spec.columns or len(spec.columns) == 1:
        return None
    found = set(
        re.findall(
            rf"{re.escape(spec.label)}决定(?:数量?)?(?:为|共)?(\d+)\s*(?:件|起|个|项|宗)", text
        )
    )
    if len(found) != 1:
        return None
    return [found.pop() if col == "decisions" else None for col in spec.columns]


def _result_sums(cells: list[Cell], n: int) -> list[str | None] | None:
    """Table 3's 总计 row as the sums of the result rows above it, when all are numbers."""
    results = [c for c in cells if c.row not in {"new", "carried", "total", "carry_forward"}]
    if not results or any(c.kind != "number" or c.value is None for c in results):
        return None
    sums = [0.0] * n
    for k, c in enumerate(results):
        sums[k % n] += c.value or 0.0
    if any(x != int(x) for x in sums):
        return None
    return [str(int(x)) for x in sums]


def _leading_zero(text: str) -> bool:
    """ "00", "01": never one number, so cells run together even where spaces were kept."""
    return len(text) > 1 and text[0] == "0" and text.isdigit()


def _glued_digits(row: _Row) -> int:
    return sum(len(v.text) for v in row.values if v.glued or _leading_zero(v.text))


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
