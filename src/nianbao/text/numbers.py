"""Quantities stated in the narrative: "21件", "二十一件", "7730.28万元", "未收到…申请" (zero)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from nianbao.records import Span

CN_DIGITS = "零〇一二两三四五六七八九十百千万"
NUM = rf"(?:\d[\d,，]*(?:\.\d+)?|[{CN_DIGITS}]+)"
UNITS = "件|条|个|次|项|份|宗|起|万元|元"
QUANTITY = re.compile(rf"(?P<num>{NUM})\s*(?P<unit>{UNITS})")
_SENTENCE_END = re.compile(r"[。；;！？!?\n]")


@dataclass(frozen=True)
class Quantity:
    value: float
    unit: str
    span: Span  # the number and its unit
    text: str


def to_number(text: str) -> float | None:
    text = text.replace(",", "").replace("，", "")
    if not text:
        return None
    if text[0].isdigit():
        try:
            return float(text)
        except ValueError:
            return None
    try:
        import cn2an

        return float(cn2an.cn2an(text, "smart"))
    except Exception:  # cn2an raises ValueError and others on non-numerals
        return None


def quantities(text: str, offset: int = 0) -> list[Quantity]:
    out: list[Quantity] = []
    for m in QUANTITY.finditer(text):
        raw = m.group("num")
        if not raw[0].isdigit() and m.start() > 0 and text[m.start() - 1] in "第每逐统单唯":
            continue  # an ordinal or part of a word (第一条, 每一件, 逐一), not a quantity
        value = to_number(raw)
        if value is None:
            continue
        out.append(
            Quantity(value, m.group("unit"), (offset + m.start(), offset + m.end()), m.group())
        )
    return out


@dataclass(frozen=True)
class Sentence:
    text: str
    span: Span


def sentences(text: str, offset: int = 0) -> list[Sentence]:
    out: list[Sentence] = []
    start = 0
    for m in _SENTENCE_END.finditer(text + "\n"):
        end = m.end() if m.start() < len(text) else len(text)
        piece = text[start:end]
        stripped = piece.strip()
        if stripped:
            lead = len(piece) - len(piece.lstrip())
            out.append(
                Sentence(stripped, (offset + start + lead, offset + start + lead + len(stripped)))
            )
        start = m.end()
    return out
