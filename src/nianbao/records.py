"""The records that flow through the pipeline. All frozen; sequences are tuples.

Offsets: ``RawDocument.text`` is the *source text* (the file's text, or what a reader extracted
from HTML/PDF/Word, tables rendered as tab-separated lines). ``Document.text`` is the
normalised text; ``Document.offsets[i]`` is the index in the source text of normalised
character ``i``. Every span in a ``Report`` is a (start, end) pair in the normalised text, and
``Document.to_source`` turns it into a span of the source text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

Span = tuple[int, int]
Format = Literal["txt", "md", "html", "pdf", "docx", "doc", "wps", "image"]
CellKind = Literal["number", "blank", "slash", "dash", "text", "missing", "unreadable"]
Severity = Literal["error", "warning", "info"]
# the severities, gravest first, and their names in the pages, the sheet and the terminal
SEVERITY_CN: dict[str, str] = {"error": "错误", "warning": "警告", "info": "提示"}
SEVERITY_ORDER: dict[str, int] = {s: k for k, s in enumerate(SEVERITY_CN)}


@dataclass(frozen=True)
class RawTable:
    """A grid table found by a reader, before it is given a meaning.

    ``rows`` are the cells' texts after rowspan/colspan expansion; ``spans[r][c]`` is the
    cell's span in ``RawDocument.text`` or ``None`` for a position covered by a merged cell.
    """

    rows: tuple[tuple[str, ...], ...]
    spans: tuple[tuple[Span | None, ...], ...]
    page: int | None = None
    bbox: tuple[float, float, float, float] | None = None


@dataclass(frozen=True)
class RawDocument:
    path: str
    fmt: Format
    text: str
    raw_tables: tuple[RawTable, ...] = ()
    meta: tuple[
        tuple[str, str], ...
    ] = ()  # reader hints: ("title", …), ("published", …), ("encoding", …)

    def hint(self, key: str) -> str | None:
        return next((v for k, v in self.meta if k == key), None)


@dataclass(frozen=True)
class Step:
    """One thing the normaliser did, and how many times."""

    name: str
    count: int


@dataclass(frozen=True, eq=False)
class Document:
    raw: RawDocument
    text: str
    offsets: Sequence[int]  # an array of len(text) + 1 entries; the last is the source end
    steps: tuple[Step, ...]
    chrome: tuple = ()  # nianbao.chrome.ChromeLine: page chrome and metadata lines removed

    def to_source(self, span: Span) -> Span:
        start, end = span
        if start >= end:
            s = self.offsets[start]
            return (s, s)
        return (self.offsets[start], self.offsets[end - 1] + 1)

    def source_text(self, span: Span) -> str:
        s, e = self.to_source(span)
        return self.raw.text[s:e]


@dataclass(frozen=True)
class Meta:
    unit: str | None
    level: str | None
    year: int | None
    format_version: Literal["2021", "2019"] | None
    published: str | None  # ISO date
    title: str | None = None
    # where each was found: (what, where, the words): ("unit", "发布机构", "XX镇人民政府")
    evidence: tuple[tuple[str, str, str], ...] = ()
    kind: str = "report"  # report | partial | not_report (see segment.kind)
    kind_reason: str = ""  # what is missing, or why it is not a report


@dataclass(frozen=True)
class Part:
    """One of the report's parts (一、总体情况 …). ``present=False`` records a missing part."""

    id: str
    present: bool
    number: str | None = None  # the numeral as written, e.g. "七"
    title: str | None = None  # as written, without numeral and marks
    heading_span: Span | None = None
    span: Span | None = None  # heading start .. next part's heading
    body_spans: tuple[Span, ...] = ()  # the body without table content
    body: str = ""


@dataclass(frozen=True)
class Cell:
    row: str
    col: str
    raw: str  # as written ("" when blank)
    kind: CellKind
    value: float | None
    span: Span | None  # None for a missing cell

    @property
    def key(self) -> str:
        return f"{self.row}.{self.col}"


@dataclass(frozen=True)
class Table:
    id: Literal["table2", "table3", "table4"]
    format_version: Literal["2021", "2019"]
    cells: tuple[Cell, ...]
    regions: tuple[Span, ...]  # where the table sits in the normalised text (may be split)
    notes: tuple[str, ...] = ()  # what the parser had to decide (e.g. "no 总计 column")
    has_total_column: bool = True

    @cached_property
    def _by_position(self) -> dict[tuple[str, str], Cell]:
        out: dict[tuple[str, str], Cell] = {}
        for c in self.cells:
            out.setdefault((c.row, c.col), c)
        return out

    def cell(self, row: str, col: str) -> Cell | None:
        return self._by_position.get((row, col))

    def value(self, row: str, col: str) -> float | None:
        c = self.cell(row, col)
        return c.value if c else None


@dataclass(frozen=True)
class NarrativeSentence:
    """A sentence of a narrative part, with its role in part 五 and its clauses."""

    part: str
    index: int  # order within the report
    text: str
    span: Span
    role: Literal["problem", "measure", "other"] = "other"
    heading: bool = False  # a heading inside the part ("存在的问题：")
    clauses: tuple[Span, ...] = ()


@dataclass(frozen=True)
class Passage:
    """One side of a shared passage: a report and a span of its normalised text."""

    report: str  # the report's path
    span: Span
    text: str
    source_span: Span | None = None
    shared: tuple[Span, ...] = ()  # the characters found in the other side (normalised text)


@dataclass(frozen=True)
class CopyPair:
    """A passage shared by two reports — pairwise, never a transitive cluster."""

    a: Passage
    b: Passage
    similarity: float
    # suspected: only the sentence model links them (疑似改写): listed for review, not counted
    kind: Literal["verbatim", "near", "suspected"]
    relation: Literal["copy", "stickiness"]  # another unit's report, or the unit's last year
    # how much rare wording the passages share: n-grams of 8 characters that fewer than five
    # units write, outside the genre's common wording (0 for a suspected rewording)
    strength: int = 0


@dataclass(frozen=True)
class Score:
    """A narrative score, explained by the evidence behind it."""

    name: str
    value: float | None
    part: str | None = None
    evidence: tuple[Evidence, ...] = ()
    detail: tuple[tuple[str, object], ...] = ()  # JSON-ready extras (topics, sources, …)


@dataclass(frozen=True)
class Report:
    document: Document
    meta: Meta
    parts: tuple[Part, ...]
    tables: tuple[Table, ...]
    notes: tuple[str, ...] = field(default=())
    sentences: tuple[NarrativeSentence, ...] = ()

    @property
    def path(self) -> str:
        return self.document.raw.path

    def part(self, part_id: str) -> Part | None:
        return next((p for p in self.parts if p.id == part_id and p.present), None)

    def table(self, table_id: str) -> Table | None:
        return next((t for t in self.tables if t.id == table_id), None)


@dataclass(frozen=True)
class Evidence:
    """What a finding points at: a table cell or a passage of the text."""

    kind: Literal["cell", "text"]
    quote: str  # the cell as written, or the passage
    span: Span | None  # in the normalised text
    source_span: Span | None  # in the source text
    table: str | None = None
    row: str | None = None
    col: str | None = None
    value: float | None = None
    label: str | None = None  # for text evidence: specific, vague, copied, boilerplate, topic…
    ref: str | None = None  # another report this evidence points to
    detail: str | None = None  # which one of its kind: copied → verbatim; topic → its id …


@dataclass(frozen=True)
class Finding:
    rule_id: str
    severity: Severity
    message: str
    key: str = ""  # what was checked, stable across runs: "table3.identity.natural_person"
    left: float | None = None
    right: float | None = None
    difference: float | None = None
    evidence: tuple[Evidence, ...] = ()
    evaluated: bool = True  # False: the rule could not be evaluated (the finding says why)
