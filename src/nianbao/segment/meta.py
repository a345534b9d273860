"""Report metadata: reporting unit, its level, report year, format version, publication date."""

from __future__ import annotations

import re

from nianbao.records import Meta, Table
from nianbao.segment.lines import Line

_TITLE = re.compile(
    r"^(?P<unit>.*?)\s*(?P<year>(?:19|20)\d\d)\s*年度?\s*(?:的)?\s*"
    r"(?:政府信息公开|政务公开|信息公开)(?:工作)?(?:年度)?(?:报告|年报)"
)
_DATE = re.compile(r"((?:19|20)\d\d)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_PERIOD = re.compile(r"(?:统计|数据).{0,20}?((?:19|20)\d\d)\s*年\s*1\s*月\s*1\s*日")
_UNIT_END = re.compile(
    r"(人民政府|办事处|管委会|管理委员会|委员会|办公室|办公厅|局|厅|委|署|院|中心|综合实验区|开发区)$"
)
_PLACE = r"[\u4e00-\u9fff]{2,7}?(?:省|自治区|市|州|盟|地区)"
_FUNCTION = set("由在对经向于为和与及本从据将把被按请")
_LEVELS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (level, re.compile(p))
    for level, p in (
        ("管委会（综合实验区）", r"(综合实验区|开发区|高新区|管委会|管理委员会)$"),
        ("部门", r"(局|厅|委员会|委|办公室|办公厅|署|院|中心|所|站|部|公司|银行)$"),
        ("乡镇", r"(乡|镇|街道|街道办事处|苏木|民族乡)(人民政府|办事处)?$"),
        (
            "省级",
            r"^(北京市|上海市|天津市|重庆市|[\u4e00-\u9fff]{2,3}省|[\u4e00-\u9fff]{2,8}自治区)(人民政府)?$",
        ),
        ("县区", r"(县|区|旗|县级市)(人民政府)?$"),
        ("地市", r"(市|州|盟|地区)(人民政府)?$"),
    )
)


def _iso(m: re.Match[str]) -> str:
    return f"{m[1]}-{int(m[2]):02d}-{int(m[3]):02d}"


def find_title(lines: tuple[Line, ...], hint: str | None) -> tuple[str | None, Line | None]:
    for line in lines[:12]:
        text = line.text.strip()
        if line.kind == "prose" and len(text) <= 80 and _TITLE.match(text):
            return text, line
    if hint and _TITLE.match(hint):
        return hint, None
    for line in lines[:6]:
        text = line.text.strip()
        if line.kind == "prose" and ("报告" in text or "年报" in text) and len(text) <= 60:
            return text, line
    return hint, None


def _full_unit(unit: str, text: str) -> str:
    """Complete a short unit name from the text: 洪泽区人民政府 → 淮安市洪泽区人民政府."""
    if not _UNIT_END.search(unit):
        m = re.search(re.escape(unit) + r"(人民政府|办事处)", text)
        if m:
            unit = m.group(0)
    if re.match(_PLACE, unit):
        return unit
    for m in re.finditer(re.escape(unit), text):
        i = m.start()
        for k in (2, 3, 4):
            prefix = text[max(0, i - k - 1) : i]
            before = text[i - k - 2] if i - k - 2 >= 0 else ""
            is_place = (
                len(prefix) == k + 1
                and prefix[-1] in "市州盟"
                and re.fullmatch(r"[\u4e00-\u9fff]+", prefix) is not None
            )
            starts_word = (
                not before or not re.match(r"[\u4e00-\u9fff]", before) or before in _FUNCTION
            )
            if is_place and starts_word:
                return prefix + unit
    return unit


def level_of(unit: str | None) -> str | None:
    if not unit:
        return None
    for level, pattern in _LEVELS:
        if pattern.search(unit):
            return level
    return None


def extract_meta(
    text: str,
    lines: tuple[Line, ...],
    tables: tuple[Table, ...],
    title_hint: str | None,
    published_hint: str | None,
    signature: tuple[str | None, str | None],
) -> Meta:
    title, _ = find_title(lines, title_hint)
    unit: str | None = None
    year: int | None = None
    m = _TITLE.match(title or "")
    if m:
        unit = m.group("unit").strip(' 《》"“”') or None
        year = int(m.group("year"))
    if year is None:
        p = _PERIOD.search(text)
        year = int(p.group(1)) if p else None
    sig_unit, sig_date = signature
    if unit:
        unit = _full_unit(unit, text)
        if sig_unit and sig_unit.startswith(unit) and len(sig_unit) > len(unit):
            unit = sig_unit
    elif sig_unit:
        unit = sig_unit
    version = _format_version(text, tables, year)
    published = published_hint or sig_date
    return Meta(
        unit=unit,
        level=level_of(unit),
        year=year,
        format_version=version,
        published=published,
        title=title,
    )


def _format_version(text: str, tables: tuple[Table, ...], year: int | None):
    t2 = next((t for t in tables if t.id == "table2"), None)
    if t2 is not None:
        return t2.format_version
    if re.search(r"〔2021〕\s*30\s*号|本年制发件数", text):
        return "2021"
    if re.search(r"〔2019〕\s*60\s*号|本年新制作数量", text):
        return "2019"
    if year is not None:
        return "2019" if year in (2019, 2020) else "2021"
    return None


def find_signature(lines: tuple[Line, ...]) -> tuple[tuple[int, ...], str | None, str | None]:
    """The closing block (落款): a unit name and/or a date on the last lines.

    Returns the indices of its lines, the unit and the ISO date.
    """
    idx: list[int] = []
    unit = date = None
    tail = [ln for ln in lines if ln.text.strip()][-3:]
    for line in reversed(tail):
        text = line.text.strip()
        if line.kind != "prose":
            break
        d = _DATE.fullmatch(text)
        u = _UNIT_END.search(text) and len(text) <= 30 and not re.search(r"[，。；：,]", text)
        both = re.fullmatch(r"(.{2,30}?)\s*" + _DATE.pattern, text)
        if d and date is None and unit is None:
            date = _iso(d)
        elif both and date is None and _UNIT_END.search(both.group(1)):
            unit, date = both.group(1), _iso(_DATE.search(text))
        elif u and unit is None:
            unit = text
        else:
            break
        idx.append(line.index)
    return tuple(idx), unit, date


def unit_key(unit: str | None) -> str | None:
    """A unit's name for grouping across years: 古城回族乡 and 古城回族乡人民政府 are one unit."""
    if not unit:
        return None
    key = re.sub(r"\s+", "", unit)
    return re.sub(r"(人民政府|政府|办事处)$", "", key) or key
