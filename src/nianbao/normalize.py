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
from functools import lru_cache
from itertools import pairwise

from nianbao.chrome import UNLABELLED_DATE, ChromeLine, bare_label, chrome_kind, metadata_fields
from nianbao.records import Document, RawDocument, Step

_HALF = {0x3000: " ", 0xA0: " ", 0x2002: " ", 0x2003: " ", 0x2009: " ", 0x200B: "", 0xFEFF: ""}
_HALF |= {c: chr(c - 0xFEE0) for c in range(0xFF10, 0xFF1A)}  # ０-９
_HALF |= {c: chr(c - 0xFEE0) for c in range(0xFF21, 0xFF3B)}  # Ａ-Ｚ
_HALF |= {c: chr(c - 0xFEE0) for c in range(0xFF41, 0xFF5B)}  # ａ-ｚ
_HALF |= {0xFF0E: ".", 0xFF05: "%", 0xFF0B: "+", 0xFF0F: "/", 0xFE5D: "〔", 0xFE5E: "〕"}

_ARTEFACTS = re.compile(r"\[bookmark:[^\]]*\]|\*\*|__(?=\S)|(?<=\S)__")
_MD_HEADING = re.compile(r"^\s*#{1,6}\s*")
# a flipbook's page label before the title ("Page 4 - XX局2023年…报告")
_PAGE_PREFIX = re.compile(r"^\s*(?:Page|P\.)\s*\d{1,4}\s*[-—–]\s*")
# pinyin a mirror site prints after characters it glosses ("報(bào)告"); only with a tone mark
_PINYIN_GLOSS = re.compile(
    r"(?<=[\u4e00-\u9fff])[(（](?=[a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ])[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,7}[)）]"
)
# possessive quantifiers: on a line of 200,000 tabs the backtracking version took minutes
_MD_TABLE_RULE = re.compile(r"^\s*+\|?\s*+:?-{3,}:?\s*+(?:\|\s*+:?-{3,}:?\s*+)*+\|?\s*+$")
_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-—－–]+\s*\d{1,4}\s*[-—－–]+|第\s*\d{1,4}\s*页(?:\s*[，,/]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4})\s*$"
)
VALUE_TOKEN = re.compile(
    r"^(?:[-+增减]?\d[\d,，]*(?:\.\d+)?%?(?:万元|元|件|条|个|次|项)?|/|／|—+|－+|-|―+|无)$"
)
_CJK = r"\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef\u2018-\u201f\u2026\u00b7"
_SPACE_CJK = re.compile(rf"(?<=[{_CJK}])[ \t]+|[ \t]+(?=[{_CJK}])")
_SPACE_DIGITS = re.compile(r"(?<=\d)[ ]+(?=\d)")
TABLE_VOCAB = re.compile(
    r"复议|诉讼|申请人情况|勾稽关系|第二十条|信息内容|结果维持|自然人|法人或其他组织"
)
_TERMINAL = tuple("。！？；：!?;:…")
_ENUM_START = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．，]|[（(][一二三四五六七八九十\d]+[）)]|\d{1,2}[、.．](?!\d)|第[一二三四五六七八九十]+[部章节])"
)
# A part heading wherever a flattened page puts it: mid-line, after a breadcrumb, glued to the
# sentence before or to its own body ("一、总体情况2024年，我镇…"). Its title ends in one of the
# genre's heading words and names a part; a title followed by 、，； is an item of the list of
# parts in the opening, not a heading.
_MIDLINE_HEADING = re.compile(
    r"(?<![（(第、])(?P<num>十?[一二三四五六七八九十])、\s*"
    r"(?P<title>[^。；;，,：:\s\d（）()、]{0,22}?(?:(?:行政复议|复议)、?[^。；;，,：:\s\d（）()]{0,12}?)?"
    r"(?:情况|事项|措施|概述))(?P<colon>\s*[：:])?(?![、，,；;])"
)
# a table glued to the sentence before it ("…处置率达100%。第二十条第（一）项信息内容…")
_TABLE_AFTER_SENTENCE = re.compile(
    r"(?<=[。；！])\s*(?=第二十条第\s*[（(]\s*一\s*[)）]\s*项|申请人情况|信息内容\s*本年新制作)"
)
# the closing signature glued to the last sentence ("…说明的事项。XX局2020年1月2日附件下载"):
# an optional unit, the date, and at most a little page chrome after it
_GLUED_SIGNATURE = re.compile(
    r"(?<=[。！；])\s*(?P<sig>(?:[^。！；，,：:\d]{2,40}?(?:人民政府|办事处|委员会|管委会|办公室|局|委|中心|乡|镇|街道|苏木|县|区|市))?"
    r"\s*(?:19|20)\d\d\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)(?P<after>[^。！；\d]{0,12})$"
)
_SENTENCE_MARK = re.compile(r"[。；;，,]")
_CONTENT = re.compile(r"[\u4e00-\u9fff0-9A-Za-z]")  # not only markup or spaces
_PART_WORDS = re.compile(r"总体|概述|基本情况|主动公开|申请|复议|诉讼|问题|改进|其他|需要报告")
# a report title glued to the opening that follows it
_GLUED_TITLE = re.compile(
    r"^[^。；，,：:]{2,40}?(?:19|20)\d\d\s*年度?\s*(?:的)?\s*(?:政府信息公开|政务公开|信息公开)"
    r"(?:工作)?(?:年度)?(?:报告|年报)(?=[^\s。，,；：:）)”])"
)
_TITLE_LINE = re.compile(
    r"^[^。；，,：:]{0,40}?(?:19|20)\d\d\s*年度?[^。；，,：:]{0,40}?(?:政府信息公开|政务公开|信息公开)"
    r"[^。；，,：:]{0,12}?(?:报告|年报)"
)
_UNIT_LINE = re.compile(r"(人民政府|办事处|管委会|管理委员会|委员会|办公室|局)$")
_DATE_LINE = re.compile(r"^\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*$")


@dataclass
class _Line:
    chars: list[str]
    src: list[int]  # source offset of each char
    end: int  # source offset of the line's end (its newline)
    kind: str = "prose"  # prose | tab | spacerow | values
    after_chrome: bool = False  # page chrome stood between it and the line kept before it

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
    stripped = text.strip()
    if "\t" in text or stripped.startswith("|"):
        return "tab"
    if stripped.endswith("|") and stripped.count("|") >= 2:  # "规章 | 0 | 0 | 0 |" (a text dump)
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
    n = line.remove_matches(_SPACE_CJK)
    if len(set(TABLE_VOCAB.findall(line.text))) < 2:  # in a flattened table they part cells
        n += line.remove_matches(_SPACE_DIGITS)
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
    if a.kind != "prose" or b.kind != "prose" or b.after_chrome:
        return False
    ta, tb = a.text, b.text
    if not ta or not tb:
        return False
    if ta.endswith(_TERMINAL) or ta.endswith("报告") or _is_heading_like(ta):
        return False
    if _ENUM_START.match(tb) or _DATE_LINE.match(tb) or tb.startswith(("#", "附件")):
        return False
    # a title that starts with its year continues the unit's name above it ("XX镇" / "2024年…报告")
    if re.match(r"(?:19|20)\d\d\s*年", tb) and _TITLE_LINE.match(tb):
        return _is_unit_line(ta)
    if _TITLE_LINE.match(tb):  # a title that names its unit never continues the line above it
        return False
    # a unit's name stands on its own line: the signature's, or a site's masthead
    return not (_is_unit_line(ta) or _is_unit_line(tb))


def _is_unit_line(text: str) -> bool:
    return len(text) <= 30 and bool(_UNIT_LINE.search(text)) and not re.search(r"[，。；：,]", text)


def _cut(line: _Line, at: list[int]) -> list[_Line]:
    """The line cut before each index of ``at``; a piece ends where the next one starts."""
    out: list[_Line] = []
    bounds = [0, *sorted(set(at)), len(line.chars)]
    for a, b in pairwise(bounds):
        if a >= b:
            continue
        end = line.src[b] if b < len(line.src) else line.end
        out.append(_Line(line.chars[a:b], line.src[a:b], end))
    return out or [line]


def _heading_cuts(text: str) -> list[int]:
    """Where a flattened line must break so that each part heading stands on its own line."""
    cuts: list[int] = []
    m = _GLUED_TITLE.match(text)
    if m and _CONTENT.search(text[m.end() :]):
        cuts.append(m.end())
    for m in _MIDLINE_HEADING.finditer(text):
        if not _PART_WORDS.search(m.group("title")):
            continue
        if _CONTENT.search(text[: m.start()]):
            cuts.append(m.start())
        end = m.end()
        if _CONTENT.search(text[end:]):
            cuts.append(end)
    cuts += [m.end() for m in _TABLE_AFTER_SENTENCE.finditer(text)]
    m = _GLUED_SIGNATURE.search(text)
    if m and _CONTENT.search(text[: m.start()]):
        cuts.append(m.start("sig"))
        if m.group("after").strip():
            cuts.append(m.end("sig"))
    return cuts


@lru_cache(maxsize=1)
def _t2s():
    import opencc  # a declared dependency: OpenCC's own tables, not a hand-made list

    return opencc.OpenCC("t2s")


_TRADITIONAL_SAMPLE = 20_000


def is_traditional(text: str) -> bool:
    """Whether the text is written in traditional characters (a mirror site, a Hong Kong or
    Taiwan-facing page): OpenCC changes a good share of its Chinese characters."""
    sample = "".join(ch for ch in text[:_TRADITIONAL_SAMPLE] if "\u4e00" <= ch <= "\u9fff")
    if len(sample) < 20:
        return False
    converted = _t2s().convert(sample)
    changed = sum(1 for a, b in zip(sample, converted, strict=False) if a != b)
    return changed >= max(5, 0.04 * len(sample))


def simplified(text: str) -> str:
    """``text`` in simplified characters."""
    return _t2s().convert(text)


def _simplify(line: _Line) -> int:
    """Traditional characters → simplified, one for one (offsets stay exact); a line whose
    phrase conversion would change its length is converted character by character."""
    text = line.text
    converted = _t2s().convert(text)
    if len(converted) != len(text):
        converted = "".join(c if len(c := _t2s().convert(ch)) == 1 else ch for ch in text)
    n = 0
    for i, (a, b) in enumerate(zip(text, converted, strict=True)):
        if a != b:
            line.chars[i] = b
            n += 1
    return n


def _is_body(line: _Line) -> bool:
    """A line of the report itself: a sentence of some length, or a part heading."""
    text = line.text
    if ("。" in text or "；" in text) and len(text) >= 20:
        return True
    m = _MIDLINE_HEADING.match(text.strip())
    return bool(m and _PART_WORDS.search(m.group("title")))


def normalize(raw: RawDocument) -> Document:
    counts: Counter[str] = Counter()
    lines = _split_lines(raw.text)
    if is_traditional(raw.text):
        for line in lines:
            counts["traditional_converted"] += _simplify(line)
    for line in lines:
        counts["pinyin_glosses_removed"] += line.remove_matches(_PINYIN_GLOSS)
        counts["page_labels_removed"] += line.remove_matches(_PAGE_PREFIX)
    split: list[_Line] = []
    for line in lines:
        cuts = _heading_cuts(line.text)
        if cuts:
            pieces = _cut(line, cuts)
            counts["flattened_lines_split"] += len(pieces) - 1
            split.extend(pieces)
        else:
            split.append(line)
    lines = split
    chrome: list[ChromeLine] = []
    first_body = next((i for i, ln in enumerate(lines) if _is_body(ln)), len(lines))
    last_body = max((i for i, ln in enumerate(lines) if _is_body(ln)), default=-1)
    kept: list[_Line] = []
    label: str | None = None  # a metadata label whose value is on the next line
    removed = False  # chrome removed since the last line kept
    for index, line in enumerate(lines):
        if (index < first_body or index > last_body) and line.chars:
            text = " ".join(line.text.split())
            if label and text and len(text) <= 60 and not _SENTENCE_MARK.search(text):
                span = (line.src[0], line.src[-1] + 1)
                chrome.append(ChromeLine("metadata", text, span, ((label, text),)))
                counts["chrome_removed:metadata"] += 1
                label, removed = None, True
                continue
            kind = chrome_kind(line.text)
            fields = metadata_fields(text) if kind == "metadata" else ()
            if index > last_body and fields and {n for n, _ in fields} == {UNLABELLED_DATE}:
                kind = None  # a date alone below the report is its signature
            if kind is not None:
                span = (line.src[0], line.src[-1] + 1)
                chrome.append(ChromeLine(kind, text, span, fields))
                counts[f"chrome_removed:{kind}"] += 1
                label = (
                    bare_label(text)
                    if kind == "metadata" and not any(v for _, v in fields)
                    else None
                )
                removed = True
                continue
            if text:
                label = None
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
        line.after_chrome, removed = removed, False
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
    return Document(raw=raw, text=text, offsets=offsets, steps=steps, chrome=tuple(chrome))
