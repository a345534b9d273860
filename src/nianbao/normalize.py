"""Normalise a report's text, recording each step and an exact offset map to the source.

Line by line: full-width letters and digits to half-width, conversion artefacts removed
(``[bookmark: _GoBack]``, ``**``, Markdown heading marks), page numbers and page breaks
dropped, spaces between CJK characters and inside numbers removed, and hard-wrapped prose
lines joined back into sentences. Table lines (tab-separated cells, or a label followed by
space-separated values) keep their structure so the table parser can read them.
"""

from __future__ import annotations

import re
from array import array
from collections import Counter
from dataclasses import dataclass

from nianbao.records import Document, RawDocument, Step

_HALF = {0x3000: " ", 0xA0: " ", 0x2002: " ", 0x2003: " ", 0x2009: " ", 0x200B: "", 0xFEFF: ""}
_HALF |= {c: chr(c - 0xFEE0) for c in range(0xFF10, 0xFF1A)}  # ０-９
_HALF |= {c: chr(c - 0xFEE0) for c in range(0xFF21, 0xFF3B)}  # Ａ-Ｚ
_HALF |= {c: chr(c - 0xFEE0) for c in range(0xFF41, 0xFF5B)}  # ａ-ｚ
_HALF |= {0xFF0E: ".", 0xFF05: "%", 0xFF0B: "+", 0xFF0F: "/", 0xFE5D: "〔", 0xFE5E: "〕"}

_ARTEFACTS = re.compile(r"\[bookmark:[^\]]*\]|\*\*|__(?=\S)|(?<=\S)__")
_MD_HEADING = re.compile(r"^\s*#{1,6}\s*")
# possessive quantifiers: on a line of 200,000 tabs the backtracking version took minutes
_MD_TABLE_RULE = re.compile(r"^\s*+\|?\s*+:?-{3,}:?\s*+(?:\|\s*+:?-{3,}:?\s*+)*+\|?\s*+$")
_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-—－–]+\s*\d{1,4}\s*[-—－–]+|第\s*\d{1,4}\s*页(?:\s*[，,/]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4})\s*$"
)
VALUE_TOKEN = re.compile(
    r"^(?:[-+]?\d[\d,，]*(?:\.\d+)?%?(?:万元|元|件|条|个|次|项)?|/|／|—+|－+|-|―+|无)$"
)
_CJK = r"\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef\u2018-\u201f\u2026\u00b7"
_SPACE_CJK = re.compile(rf"(?<=[{_CJK}])[ \t]+|[ \t]+(?=[{_CJK}])")
_SPACE_DIGITS = re.compile(r"(?<=\d)[ ]+(?=\d)")
_TERMINAL = tuple("。！？；：!?;:…")
_ENUM_START = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．，]|[（(][一二三四五六七八九十\d]+[）)]|\d{1,2}[、.．](?!\d)|第[一二三四五六七八九十]+[部章节])"
)
_UNIT_LINE = re.compile(r"(人民政府|办事处|管委会|管理委员会|委员会|办公室|局)$")
_DATE_LINE = re.compile(r"^\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*$")


@dataclass
class _Line:
    chars: list[str]
    src: list[int]  # source offset of each char
    end: int  # source offset of the line's end (its newline)
    kind: str = "prose"  # prose | tab | spacerow | values

    @property
    def text(self) -> str:
        return "".join(self.chars)

    def keep(self, keep: list[bool]) -> int:
        removed = keep.count(False)
        if removed:
            self.chars = [c for c, k in zip(self.chars, keep, strict=True) if k]
            self.src = [s for s, k in zip(self.src, keep, strict=True) if k]
        return removed

    def remove_matches(self, pattern: re.Pattern[str]) -> int:
        keep = [True] * len(self.chars)
        n = 0
        for m in pattern.finditer(self.text):
            n += 1
            for i in range(m.start(), m.end()):
                keep[i] = False
        self.keep(keep)
        return n

    def strip(self) -> None:
        text = self.text
        left = len(text) - len(text.lstrip(" "))
        right = len(text.rstrip(" "))
        self.chars, self.src = self.chars[left:right], self.src[left:right]


def _split_lines(text: str) -> list[_Line]:
    lines: list[_Line] = []
    start = 0
    for m in re.finditer(r"\n", text + "\n"):
        end = m.start()
        seg = text[start:end]
        lines.append(_Line(list(seg), list(range(start, end)), end))
        start = end + 1
    return lines


def _classify(line: _Line) -> str:
    return classify_line(line.text)


def classify_line(text: str) -> str:
    """prose | tab (grid row) | spacerow (label then values) | values (values only)."""
    if "\t" in text or ("|" in text and text.strip().startswith("|")):
        return "tab"
    tokens = text.split()
    if not tokens:
        return "prose"
    k = 0
    for tok in reversed(tokens):
        if VALUE_TOKEN.match(tok):
            k += 1
        else:
            break
    if k == len(tokens):
        return "values"
    if k >= 1:
        label = "".join(tokens[: len(tokens) - k])
        short_label = len(label) <= 40 and not re.search(r"[。，；：,;]", label)
        if (k >= 2 or short_label) and not re.search(r"[年月日]$", label):
            return "spacerow"
    return "prose"


def _squeeze_spaces(line: _Line, counts: Counter[str]) -> None:
    """Remove spaces next to CJK characters and between digits (not between values)."""
    if line.kind == "tab":
        text = line.text
        sep = "\t" if "\t" in text else "|"
        keep = [True] * len(text)
        # inside a cell, whitespace goes unless it separates two ASCII words
        for m in re.finditer(r"[ \u3000]+", text):
            before = text[m.start() - 1] if m.start() else sep
            after = text[m.end()] if m.end() < len(text) else sep
            if (
                before == sep
                or after == sep
                or not (before.isascii() and after.isascii())
                or (before.isdigit() and after.isdigit())
            ):
                for i in range(m.start(), m.end()):
                    keep[i] = False
        counts["spaces_removed"] += line.keep(keep)
        if sep == "|":
            _pipe_to_tabs(line)
        return
    if line.kind in {"spacerow", "values"}:
        text = line.text
        tokens = text.split()
        k = 0
        for tok in reversed(tokens):
            if not VALUE_TOKEN.match(tok):
                break
            k += 1
        value_start = _nth_token_start(text, len(tokens) - k)
        keep = [True] * len(text)
        for m in re.finditer(r"\s+", text):
            # inside the label every space goes; between label and values, or between two
            # values, exactly one stays (it separates the cells)
            first = m.start() + 1 if m.end() >= value_start else m.start()
            for i in range(first, m.end()):
                keep[i] = False
            if m.end() >= value_start:
                line.chars[m.start()] = " "
        counts["spaces_removed"] += line.keep(keep)
        return
    n = 0
    for pattern in (_SPACE_CJK, _SPACE_DIGITS):
        n += line.remove_matches(pattern)
    counts["spaces_removed"] += n


def _nth_token_start(text: str, n: int) -> int:
    for i, m in enumerate(re.finditer(r"\S+", text)):
        if i == n:
            return m.start()
    return len(text)


def _pipe_to_tabs(line: _Line) -> None:
    """Markdown pipe rows become tab rows (the outer pipes go)."""
    text = line.text
    keep = [True] * len(text)
    s, e = 0, len(text)
    if text.startswith("|"):
        keep[0] = False
        s = 1
    if text.endswith("|") and e - 1 > s:
        keep[e - 1] = False
    for i in range(s, e):
        if text[i] == "|" and keep[i]:
            line.chars[i] = "\t"
    line.keep(keep)


def _is_heading_like(text: str) -> bool:
    return (
        bool(_ENUM_START.match(text))
        and len(text) <= 40
        and not text.endswith(_TERMINAL)
        and "。" not in text
    )


def _joinable(a: _Line, b: _Line) -> bool:
    if a.kind != "prose" or b.kind != "prose":
        return False
    ta, tb = a.text, b.text
    if not ta or not tb:
        return False
    if ta.endswith(_TERMINAL) or ta.endswith("报告") or _is_heading_like(ta):
        return False
    if _ENUM_START.match(tb) or _DATE_LINE.match(tb) or tb.startswith(("#", "附件")):
        return False
    # the signature's unit name stands on its own line
    return not (len(tb) <= 30 and _UNIT_LINE.search(tb) and not re.search(r"[，。；：,]", tb))


def normalize(raw: RawDocument) -> Document:
    counts: Counter[str] = Counter()
    lines = _split_lines(raw.text)
    kept: list[_Line] = []
    for line in lines:
        keep = [True] * len(line.chars)
        for i, ch in enumerate(line.chars):
            mapped = _HALF.get(ord(ch))
            if mapped is None:
                continue
            if mapped == "":
                keep[i] = False
            else:
                line.chars[i] = mapped
                counts["width_normalised"] += 1
        counts["invisible_removed"] += line.keep(keep)
        if "\f" in line.text:
            counts["page_breaks_removed"] += line.remove_matches(re.compile("\f"))
        counts["artefacts_removed"] += line.remove_matches(_ARTEFACTS)
        counts["markdown_headings_removed"] += line.remove_matches(_MD_HEADING)
        if _MD_TABLE_RULE.match(line.text) and "-" in line.text:
            counts["markdown_rules_removed"] += 1
            continue
        if _PAGE_NUMBER.match(line.text):
            counts["page_numbers_removed"] += 1
            continue
        line.kind = _classify(line)
        if line.kind != "tab":
            line.strip()
            if not line.chars:
                continue
        elif not line.text.replace("\t", "").strip() and line.text.count("\t") > 1:
            # an empty grid row (all cells blank) keeps its tabs; the table parser decides
            pass
        _squeeze_spaces(line, counts)
        if line.kind != "tab" and not line.chars:
            continue
        kept.append(line)
    out_chars: list[str] = []
    out_src: list[int] = []
    for i, line in enumerate(kept):
        out_chars.extend(line.chars)
        out_src.extend(line.src)
        if i + 1 < len(kept):
            if _joinable(line, kept[i + 1]):
                counts["wrapped_lines_joined"] += 1
                continue
            out_chars.append("\n")
            out_src.append(line.end)
    text = "".join(out_chars)
    offsets = array("q", out_src)  # 8 bytes a character, not a Python int each
    offsets.append(len(raw.text))
    steps = tuple(Step(name, n) for name, n in counts.items() if n)
    return Document(raw=raw, text=text, offsets=offsets, steps=steps)
