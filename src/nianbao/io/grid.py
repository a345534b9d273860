"""Render grid tables into source text as tab-separated lines, recording each cell's span."""

from __future__ import annotations

from pathlib import Path

from nianbao.io import limits
from nianbao.records import RawTable, Span


class TextBuilder:
    """Accumulates the source text of a document line by line, within ``nianbao.io.limits``
    (``path`` names the file in the error a broken limit raises)."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = path
        self.parts: list[str] = []
        self.length = 0
        self.tables: list[RawTable] = []

    def line(self, text: str) -> None:
        text = text.replace("\n", " ").rstrip()
        if text.strip():
            self._write(text + "\n")

    def _write(self, s: str) -> None:
        self.parts.append(s)
        self.length += len(s)
        if self.length > limits.MAX_TEXT_CHARS:
            limits.check_text_length(self.path, self.text())

    def blank(self) -> None:
        if self.parts and not self.parts[-1].endswith("\n\n"):
            self._write("\n")

    def table(
        self,
        grid: list[list[str | None]],
        page: int | None = None,
        bbox: tuple[float, float, float, float] | None = None,
    ) -> None:
        """``grid[r][c]`` is a cell's text, or ``None`` where a merged cell covers it."""
        limits.check_table_count(self.path, len(self.tables) + 1)
        limits.check_table_size(self.path, len(grid), max((len(r) for r in grid), default=0))
        rows: list[tuple[str, ...]] = []
        spans: list[tuple[Span | None, ...]] = []
        for grid_row in grid:
            cells = [" ".join((c or "").split()) if c is not None else None for c in grid_row]
            row_spans: list[Span | None] = []
            pos = self.length
            out: list[str] = []
            for i, cell in enumerate(cells):
                if i:
                    out.append("\t")
                    pos += 1
                if cell is None:
                    row_spans.append(None)
                    continue
                row_spans.append((pos, pos + len(cell)))
                out.append(cell)
                pos += len(cell)
            self._write("".join(out) + "\n")
            rows.append(tuple(c or "" for c in cells))
            spans.append(tuple(row_spans))
        self.tables.append(RawTable(rows=tuple(rows), spans=tuple(spans), page=page, bbox=bbox))

    def text(self) -> str:
        return "".join(self.parts)
