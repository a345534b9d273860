"""Page chrome and metadata blocks: what a saved government page carries around the report.

Navigation, breadcrumbs, 字号 大 中 小, 打印 关闭, share and QR lines, view counters, related links
and footers (``models/page_chrome.txt``) are not the report. A metadata block (标题 / 索引号 /
发布机构 / 来源 / 发布时间 …, one field a line or several on one line) is not the report either,
but it says who published it and when: its fields are kept as evidence for the report's
metadata. Both are recognised only above the report's first sentence and below its last one,
and never on a line holding 。 or ；, so a report's own sentences are never taken for chrome.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from nianbao.records import Span
from nianbao.resources import MODELS

FIELD_NAMES = (
    "标题", "文章标题", "信息名称", "名称", "索引号", "发布机构", "发文机关", "发文单位", "发布单位",
    "信息来源", "文章来源", "来源", "发布时间", "发布日期", "成文日期", "生成日期", "公开日期",
    "印发日期", "主题分类", "主题词", "体裁分类", "组配分类", "服务对象", "发文字号", "文号",
    "有效性", "效力状态", "时效", "公开方式", "公开范围", "公开形式", "公开时限", "所属栏目", "栏目",
    "原文链接", "本地目录", "浏览次数", "责任编辑", "编辑", "作者", "信息分类", "统一编号", "关键词",
    "分类", "发文机构", "发文日期", "公文生成日期", "更新时间", "归档时间", "日期", "时间", "录入", "发文时间",
)  # fmt: skip
UNLABELLED_DATE = "日期（无标签）"  # a date standing alone under the title, or before 来源
# fields that name the body that published the page
PUBLISHER_FIELDS = (
    "发布机构", "发文机关", "发文机构", "发文单位", "发布单位", "信息来源", "文章来源", "来源",
)  # fmt: skip
DATE_FIELDS = (
    "发布时间", "发布日期", "公开日期", "发文日期", "成文日期", "生成日期", "公文生成日期", "印发日期",
    "日期", "时间", "更新时间", "发文时间", UNLABELLED_DATE,
)  # fmt: skip
TITLE_FIELDS = ("标题", "文章标题", "信息名称", "名称")
_LONGEST_FIRST = sorted(FIELD_NAMES, key=len, reverse=True)  # so 发布日期 wins over 日期
_FIELD = re.compile(
    r"(?:^|(?<=[\s|｜【\]】]))("
    + "|".join(_LONGEST_FIRST)
    + r")\s*(?:[:：]|[|｜](?=\s*[^\s|｜])|\s(?=\s*(?:19|20)\d\d\s*[-年/.]))"
)
_GLUED_LABEL = re.compile(
    r"(?<=[^\s|｜])("
    + "|".join(sorted((n for n in FIELD_NAMES if len(n) >= 3), key=len, reverse=True))
    + r")(?=\s*[:：])"
)
# what a site prints after a value on the same line: a counter, a share or font widget
_AFTER_VALUE = re.compile(
    r"\s*\S*?(?:访问量|浏览量|浏览次数|点击数|点击率|点击|阅读|字号|字体|分享|打印).*$"
)
# a date as a page prints it, with the time if any: 2021-02-07 18:07, 2021年2月7日
_DATE_TIME = (
    r"(?:19|20)\d\d\s*[-年/.]\s*\d{1,2}\s*[-月/.]\s*\d{1,2}\s*日?(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?"
)
_LEADING_DATE = re.compile(rf"^({_DATE_TIME})(?=\s|$|[|｜（(])(?!.*星期)")
_BARE_LABEL = re.compile(r"^[|｜\-•·*\s]*(" + "|".join(_LONGEST_FIRST) + r")\s*[:：]?[|｜\s]*$")
# labels as sites space them out to align a block ("索  引  号", "名        称"), each ending
# where whitespace follows: a line of two or more of them is a metadata block's line
_SPACED_FIELD = re.compile(
    r"(?:^|(?<=\s))(" + "|".join(r"\s*".join(n) for n in _LONGEST_FIRST) + r")(?=\s|$)"
)
# what a page prints before its first label or after its title: the site's name or address
_SITE = re.compile(
    r"^\S{0,30}(?:网站|门户|网)\s*(?:[\w.-]+\.(?:cn|com|net|org)\S*)?$|^[\w.-]+\.(?:cn|com|net|org)$"
)
# "安徽省政务公开办  2018/3/26", "XX门户网站 www.x.gov.cn 2023-01-28": a source, then the date
_TRAILING_DATE = re.compile(rf"^(?P<source>[^。，,；;：:]{{2,40}}?)\s+(?P<date>{_DATE_TIME})\s*$")
_SOURCE_WORDS = re.compile(
    r"网站|门户|政府|办公室|公开办|办$|局$|委$|中心$|[\w-]+\.(?:cn|com|net|org)"
)
_SENTENCE = re.compile(r"[。；;]")
_BORDER_RUN = re.compile(r"(?:\s*[|｜]){3,}\s*$")  # a flattened table's border after the line


@dataclass(frozen=True)
class ChromeLine:
    """A line of page chrome or of a metadata block, removed from the report's text."""

    kind: str  # breadcrumb, font_size, share, …, or "metadata"
    text: str
    source_span: Span
    fields: tuple[tuple[str, str], ...] = ()  # a metadata block's (name, value) pairs


@lru_cache(maxsize=1)
def _patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    out: list[tuple[str, re.Pattern[str]]] = []
    for line in (MODELS / "page_chrome.txt").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        kind, pattern = line.split("\t", 1)
        out.append((kind, re.compile(pattern.strip())))
    return tuple(out)


def metadata_fields(text: str) -> tuple[tuple[str, str], ...]:
    """The (name, value) pairs of a metadata line (``标题：… 发布机构：…``), or () when the line
    is not one: it must start with a field name."""
    cells = _pipe_fields(text)
    if cells:
        return cells
    stripped = text.strip().lstrip("【[|｜-•·* \t")
    stripped = _GLUED_LABEL.sub(_spaced, stripped)  # "来源:XX街发布日期:2021-01-22"
    out: list[tuple[str, str]] = []
    lead = _LEADING_DATE.match(stripped)
    if lead:  # "2021-02-07 18:07 来源：…", or the date alone
        out.append((UNLABELLED_DATE, lead.group(1)))
        stripped = stripped[lead.end() :].strip(" \t　|｜")
        if not stripped:
            return tuple(out)
    matches = list(_FIELD.finditer(stripped))
    if matches and matches[0].start() and _SITE.match(stripped[: matches[0].start()].strip()):
        # "XX县人民政府门户网站 x.cn 发布时间:…": the site's name before the first label
        stripped = stripped[matches[0].start() :]
        matches = list(_FIELD.finditer(stripped))
    if not matches or matches[0].start() != 0:
        return tuple(out) + _spaced_fields(stripped) + _trailing_date(stripped)
    for k, m in enumerate(matches):
        end = matches[k + 1].start() if k + 1 < len(matches) else len(stripped)
        value = _AFTER_VALUE.sub("", stripped[m.end() : end]).strip(" \t　|｜【】[]")
        out.append((m.group(1), value))
    return tuple(out)


def _spaced_fields(text: str) -> tuple[tuple[str, str], ...]:
    """ "发布机构 乌恰县审计局 发布日期 2026-01-19", "索 引 号 X 发布机构 Y": labels set apart by
    spaces alone — two or more of them, the first at the start, or one written spaced out."""
    matches = list(_SPACED_FIELD.finditer(text))
    if not matches or matches[0].start() != 0:
        return ()
    spaced_out = bool(re.search(r"\s", matches[0].group(1)))
    if len(matches) < 2 and not spaced_out:
        return ()
    out: list[tuple[str, str]] = []
    for k, m in enumerate(matches):
        end = matches[k + 1].start() if k + 1 < len(matches) else len(text)
        value = _AFTER_VALUE.sub("", text[m.end() : end]).strip(" \t　|｜【】[]")
        if len(value) > 60:
            return ()  # a sentence, not a field's value
        out.append((re.sub(r"\s+", "", m.group(1)), value))
    return tuple(out)


def _trailing_date(text: str) -> tuple[tuple[str, str], ...]:
    """A source line ending in a date, with no label: the date (the source may be the site)."""
    m = _TRAILING_DATE.match(text)
    if m and _SOURCE_WORDS.search(m.group("source")):
        return ((UNLABELLED_DATE, m.group("date")),)
    return ()


def _spaced(m: re.Match[str]) -> str:
    """A label glued to the value before it, set apart — unless it ends a longer label
    (生成日期 in 公文生成日期)."""
    head = m.string[: m.end()]
    longer = any(head.endswith(n) for n in FIELD_NAMES if len(n) > len(m.group(1)))
    return m.group(1) if longer else " " + m.group(1)


def _pipe_fields(text: str) -> tuple[tuple[str, str], ...]:
    """A metadata table saved as text: "| 公开目录 | 年报 | 发布日期 | 2026-01-30 |" or
    "索 引 号 | 001/2020 | 发文时间 | 2020-01-23 |" — the known labels and the cell after each."""
    if text.count("|") + text.count("｜") < 2:
        return ()
    cells = [c.strip() for c in re.split(r"[|｜]", text)]
    out: list[tuple[str, str]] = []
    for k, cell in enumerate(cells[:-1]):
        name = re.sub(r"\s+|[:：]$", "", cell)
        if (
            name in FIELD_NAMES
            and cells[k + 1]
            and re.sub(r"\s+", "", cells[k + 1]) not in FIELD_NAMES
        ):
            out.append((name, _AFTER_VALUE.sub("", cells[k + 1]).strip()))
    return tuple(out)


def bare_label(text: str) -> str | None:
    """The field name of a line that is only a label ("发布时间：", "• 发布日期"): its value is on
    the next line."""
    m = _BARE_LABEL.match(text)
    return m.group(1) if m else None


def chrome_kind(text: str) -> str | None:
    """The kind of chrome a whole line is, or None for a line of the report."""
    line = _BORDER_RUN.sub("", " ".join(text.split()))
    if not line or _SENTENCE.search(line) or len(line) > 240:
        return None
    if metadata_fields(line) or bare_label(line):
        return "metadata"
    for kind, pattern in _patterns():
        if pattern.fullmatch(line):
            return kind
    return None


def field(chrome: tuple[ChromeLine, ...], names: tuple[str, ...]) -> tuple[str, ChromeLine] | None:
    """The first non-empty value of one of ``names`` in the metadata lines, with its line."""
    for name in names:
        for line in chrome:
            for key, value in line.fields:
                if key == name and value:
                    return value, line
    return None
