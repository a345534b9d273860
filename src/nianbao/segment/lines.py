"""The normalised text as classified lines, shared by part and table recognition."""

from __future__ import annotations

from dataclasses import dataclass

from nianbao.normalize import classify_line
from nianbao.records import Span


@dataclass(frozen=True)
class Line:
    index: int
    start: int
    text: str
    kind: str  # prose | tab | spacerow | values

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    @property
    def span(self) -> Span:
        return (self.start, self.end)


def split_lines(text: str) -> tuple[Line, ...]:
    lines: list[Line] = []
    pos = 0
    for i, piece in enumerate(text.split("\n")):
        lines.append(Line(i, pos, piece, classify_line(piece)))
        pos += len(piece) + 1
    return tuple(lines)
