"""Recognise the report's parts (一、总体情况 … 六、其他需要报告的事项) by their headings."""

from __future__ import annotations

import re
from dataclasses import dataclass

from nianbao.segment.lines import Line

PART_IDS = ("general", "proactive", "requests", "appeals", "problems", "other")
EXTRA_PART_IDS = ("measures", "fees", "extra")
PART_TITLES = {
    "general": "总体情况",
    "proactive": "主动公开政府信息情况",
    "requests": "收到和处理政府信息公开申请情况",
    "appeals": "政府信息公开行政复议、行政诉讼情况",
    "problems": "存在的主要问题及改进情况",
    "other": "其他需要报告的事项",
    "measures": "主要采取的措施",
    "fees": "信息处理费",
    "extra": "其他部分",
    "preamble": "开头（一之前）",
}

# Matched against a heading's title; the first id whose pattern matches wins.
_TITLE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (pid, re.compile(p))
    for pid, p in (
        ("appeals", r"行政复议|行政诉讼|复议.{0,6}诉讼"),
        ("requests", r"收到(?:和|及|与)?处理|依申请公开(?:政府信息)?(?:的)?(?:情况|工作)$"),
        ("proactive", r"主动(?:信息)?公开"),
        ("problems", r"存在的?(?:主要)?问题|问题(?:及|和|与)改进|改进情况"),
        ("other", r"其他需要报告|其他事项|需要报告的"),
        ("fees", r"信息处理费|收费情况"),
        ("general", r"总体情况|基本情况|概述|总体工作"),
        ("measures", r"措施|做法|主要工作"),
    )
)
NUMERALS = "一二三四五六七八九十"
_HEADING = re.compile(
    r"^(?:第(?P<num2>[一二三四五六七八九十]{1,2})部分[、.．:：\s]*"
    r"|(?P<num>[一二三四五六七八九十]{1,2})\s*[、.．，,]\s*)(?P<title>.+)$"
)
_PUNCT = re.compile(r"[。；;！？]")


@dataclass(frozen=True)
class Heading:
    part_id: str
    number: str | None
    title: str
    line: Line


def numeral_value(num: str | None) -> int | None:
    if not num:
        return None
    if num == "十":
        return 10
    if len(num) == 2 and num[0] == "十":
        return 10 + NUMERALS.index(num[1]) + 1
    return NUMERALS.index(num[0]) + 1 if num[0] in NUMERALS else None


def _clean_title(title: str) -> str:
    return title.strip().strip("*#").strip()


def classify_title(title: str) -> str | None:
    for pid, pattern in _TITLE_PATTERNS:
        if pattern.search(title):
            return pid
    return None


def find_headings(lines: tuple[Line, ...]) -> tuple[Heading, ...]:
    """Part headings in document order; each canonical part is taken once (its first heading)."""
    headings: list[Heading] = []
    seen: set[str] = set()
    last_number = 0
    for line in lines:
        if line.kind != "prose":
            continue
        text = line.text.strip()
        m = _HEADING.match(text)
        if not m:
            continue
        number = m.group("num") or m.group("num2")
        title = _clean_title(m.group("title"))
        if len(title) > 30 or _PUNCT.search(title):
            continue
        pid = classify_title(title)
        value = numeral_value(number) or 0
        if pid is None:
            # an unrecognised part counts only where the numbering expects the next part
            if not headings or value != last_number + 1 or len(title) > 20 or "，" in title:
                continue
            pid = "extra"
        if pid in seen and pid != "extra":
            continue
        seen.add(pid)
        last_number = max(last_number, value)
        headings.append(Heading(pid, number, title, line))
    return tuple(headings)
