"""Report metadata: reporting unit, its level, report year, format version, publication date."""

from __future__ import annotations

import re
from pathlib import Path

from nianbao.chrome import DATE_FIELDS, PUBLISHER_FIELDS, TITLE_FIELDS, field
from nianbao.records import Meta, Table
from nianbao.segment.lines import Line

# the words that end a report's title, in the orders real titles use them: 政府信息公开工作年度
# 报告, 政务信息公开工作开展年度报告, 政府信息公开年度工作报告, 政务公开工作情况报告, …年报
REPORT_WORDS = (
    r"(?:政府信息公开|政务信息公开|政务公开|信息公开)(?:工作)?(?:开展)?(?:情况)?(?:年度)?"
    r"(?:工作)?(?:的)?(?:报告|年报)"
)
# a metadata label left at the head of a title line ("标    题 XX镇…报告")
_TITLE_LABEL = re.compile(r"^(?:标\s*题|题\s*名|名\s*称|文章标题|信息名称)\s*[:：]?\s*")
_TITLE = re.compile(r"^(?P<unit>.*?)\s*(?P<year>(?:19|20)\d\d)\s*年度?\s*(?:的)?\s*" + REPORT_WORDS)
_DATE = re.compile(r"((?:19|20)\d\d)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_PERIOD = re.compile(r"(?:统计|数据).{0,20}?((?:19|20)\d\d)\s*年\s*1\s*月\s*1\s*日")
_UNIT_END = re.compile(
    r"(人民政府|办事处|管委会|管理委员会|委员会|办公室|办公厅|局|厅|委|署|院|中心|综合实验区|开发区)$"
)
_SIGNER_END = re.compile(rf"(?:{_UNIT_END.pattern[:-1]}|乡|镇|街道|苏木)$")  # a township signs too
_PLACE_PREFIX = re.compile(
    r"(?:[\u4e00-\u9fff]{1,10}?(?:省|自治区|市|自治州|州|盟|地区|县|自治县|区|旗|新区|开发区))*"
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
        text = _TITLE_LABEL.sub("", line.text.strip())
        if (
            line.kind == "prose"
            and len(text) <= 80
            and (_TITLE.match(text) or _YEAR_FIRST_TITLE.match(text))
        ):
            if _title_parts(text)[0] is None and hint and _title_parts(hint)[0]:
                return hint, None  # the line's unit is chrome; the page's title says it
            return text, line
    if hint and _TITLE.match(hint):
        return hint, None
    for line in lines[:6]:
        text = _TITLE_LABEL.sub("", line.text.strip())
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
                and prefix[-1] in "市州盟县区旗"
                and re.fullmatch(r"[\u4e00-\u9fff]+", prefix) is not None
                and not re.search(r"联系|[请与向由在对和及为]", prefix)  # "请联系X县Y乡"
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


_UNIT_SHAPE = re.compile(
    r"^[\u4e00-\u9fff（）()·]{2,40}?(?:人民政府|政府|办事处|街道|乡|镇|苏木|县|区|市|旗|州|盟|省|自治区|局|"
    r"委员会|委|办公室|办公厅|办|厅|署|院|中心|管委会|管理委员会|综合实验区|开发区|高新区|新区|"
    r"公司|站|所|队|馆|会|社|处|分局|支队|大队|园|园区)(?:[（(][\u4e00-\u9fff]{1,12}[)）])?$"
)
# words of page chrome that a naive reading glues before a unit's name (a QR line, a breadcrumb,
# a menu, a metadata label): the unit starts after the last of them
_CHROME_WORDS = re.compile(
    r".*(?:首页|当前位置|所在位置|您的位置|扫描二维码|二维码|扫一扫|朋友圈|分享至好友|分享到|分享|字号|"
    r"打印|关闭|浏览次数|新闻中心|政务公开|信息公开|政府信息公开年报|公开年报|年度报告|年报|专栏|栏目|"
    r"互动交流|办事服务|走进[\u4e00-\u9fff]{1,4}?(?=[\u4e00-\u9fff]{2,}(?:镇|乡|街道|县|区|市|局))|"
    r"标题|正文|发布机构|来源|政务网|门户网站|政府网|网站|[>＞»›|｜/:：])"
)
_CN_DIGITS = {"〇": "0", "○": "0", "零": "0", "一": "1", "二": "2", "三": "3", "四": "4",
              "五": "5", "六": "6", "七": "7", "八": "8", "九": "9"}  # fmt: skip
_CN_YEAR = re.compile(r"([二][〇○零][一二三四五六七八九〇○零]{2})\s*年")
# "2023年金厂镇政府信息公开工作年度报告": the year before the unit
_YEAR_FIRST_TITLE = re.compile(
    r"^(?P<year>(?:19|20)\d\d)\s*年度?\s*(?P<unit>[^\d。；，,：:]{2,40}?)\s*" + REPORT_WORDS
)
_YEAR_OF_REPORT = re.compile(r"((?:19|20)\d\d)\s*年度?\s*(?:的)?\s*" + REPORT_WORDS)
_ANY_DATE = re.compile(r"((?:19|20)\d\d)\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})")


# a name in running text: no function word, no 年, no 我 (so not "报告由X", "年度我局…"); words
# that start place names or units stay (住房和城乡建设局, 将乐县, 向阳区, 于都县, 本溪市)
_NAME = r"(?:(?![由的及在是了把被请并或等其该年我各])[\u4e00-\u9fff·（）()]){2,40}?"
_JUNK = r"[^\u4e00-\u9fff\d]{0,3}"  # "??" or a bullet before a sentence
# sentences of an opening that name the unit writing the report, strongest first
_BODY_UNIT = tuple(
    re.compile(p)
    for p in (
        rf"由(?P<u>{_NAME})(?=根据|按照|依据|结合|负责|综合各|综合编制|组织编制|汇总|牵头|共同|编制)[^。]{{0,240}}?编制",
        rf"(?:^|[。，,\n]){_JUNK}(?P<u>{_NAME})(?:编制了|编制本|编制此|负责编制)",
        rf"(?:现|特)(?:特|向社会|予以)*(?:公布|发布|公开|将)\s*[《“]?\s*(?:(?:19|20)\d\d\s*年度?)?"
        rf"(?P<u>{_NAME})\s*(?:(?:19|20)\d\d\s*年|政府信息公开|政务信息公开|信息公开|政务公开)",
        rf"(?:编制了?|结合|涵盖了?|形成)\s*[《“]?\s*(?:(?:19|20)\d\d\s*年度?)?(?P<u>{_NAME})\s*"
        r"(?:(?:19|20)\d\d\s*年度?)?(?:政府信息公开|政务公开|信息公开)",
        rf"(?:^|[。\n]){_JUNK}(?:(?:19|20)\d\d\s*年度?(?:以来)?\s*[，,]\s*)?(?P<u>{_NAME})"
        r"(?:坚持|认真|严格|深入|全面|始终|紧紧|积极|扎实|不断|进一步|持续|高度重视|围绕|按照|根据|依据|"
        r"在[\u4e00-\u9fff]{0,12}(?:领导|指导|部署)下)",
        # "2021年，深井子街道…", "2016年青龙乡党委政府…": a township named after the year
        rf"(?:^|[。\n]){_JUNK}(?:19|20)\d\d\s*年度?(?:以来)?\s*[，,]?\s*"
        rf"(?P<u>{_NAME}(?:乡|镇|街道|苏木))(?=[\u4e00-\u9fff])",
    )
)
# sentences of an opening that state the year reported on
_OPENING_YEAR = tuple(
    re.compile(p)
    for p in (
        rf"(?:^|[。\n]){_JUNK}(?:[（(][一二三四五六七八九十][)）][^。\n]{{0,12}}?[。.])?"
        r"(?P<year>(?:19|20)\d\d)\s*年度?(?:以来)?\s*[，,]",
        r"现将(?:我|本)\S{0,3}?(?P<year>(?:19|20)\d\d)\s*年度?",
        r"截[止至](?P<year>(?:19|20)\d\d)\s*年\s*12\s*月\s*31\s*日",
        r"结合\S{2,30}?(?P<year>(?:19|20)\d\d)\s*年度?(?:政府信息公开|政务公开)",
        r"(?:公布|发布|公开)\s*[《“]?\s*(?P<year>(?:19|20)\d\d)\s*年度?[^\d。，；]{2,30}?"
        + REPORT_WORDS,
    )
)
_CONTACT_UNIT = re.compile(rf"(?:请|可)(?:与|联系)\s*[:：]?\s*(?P<u>{_NAME})(?:联系|[，,（(]|$)")
# the office inside a unit that answers for it: the unit is the name before it
_DESK = re.compile(
    r"(?:党政[\u4e00-\u9fff]{0,4}办公室|综合办公室|政务公开办公室|信息中心|党政办|综合科|综合处|秘书科"
    r"|(?:(?<=乡人民政府)|(?<=镇人民政府)|(?<=[乡镇道木处局]))办公室)$"
)


def body_units(text: str) -> tuple[list[str], list[str]]:
    """Units the opening names as the writer of the report ("由X编制", "现公布X2023年…",
    "2023年，X坚持…"), and those it names as the contact ("请与X联系")."""
    head = text[:3000]
    strong = [u for p in _BODY_UNIT for m in p.finditer(head) if (u := _named(m.group("u")))]
    contact = [u for m in _CONTACT_UNIT.finditer(text) if (u := _named(m.group("u")))]
    return strong, contact


def _named(name: str) -> str | None:
    """A unit's own name from running text, without the office that answers for it
    ("…苏木党政综合办公室" → "…苏木"); None for a relative one ("区政府办", "县财政局")."""
    name = re.sub(r"\s+", "", name)
    name = re.sub(r"[（(]以下简称[^)）]*[)）]?$", "", name)
    name = re.sub(r"党委(?:政府)?$|党委和政府$", "", name)  # "滇滩镇党委政府": the township
    if name.endswith("人民"):  # "…镇人民政府信息公开" read lazily up to 政府信息公开
        name += "政府"
    name = re.sub(r"^(?:本|我)(?=[局乡镇委办院中心])", "", name)
    trimmed = _DESK.sub("", name)
    if trimmed != name and clean_unit(trimmed, chrome=False):
        name = trimmed
    if not name or name[0] in "县区市镇乡省州旗盟局":
        return None
    return clean_unit(name, chrome=False)


def clean_unit(text: str | None, chrome: bool = True) -> str | None:
    """A unit's name as a title, field or breadcrumb gives it, without the page chrome (not
    looked for with ``chrome=False``: a name read from a sentence), labels, quotes and "关于"
    before it; None when what is left is not a unit's name."""
    if not text:
        return None
    unit = re.sub(r"\s+", "", text).strip('《》"“”【】[]<>')
    m = _CHROME_WORDS.match(unit) if chrome else None
    if m and m.end() < len(unit):
        unit = unit[m.end() :]
    if "关于" in unit:
        unit = unit.rsplit("关于", 1)[1] or unit.split("关于", 1)[0]
    unit = re.sub(r"^.*(?:19|20)\d\d\s*年度?", "", unit)  # "结合2025年XX街道办事处"
    unit = re.sub(r"^(?:本|我)(?=[\u4e00-\u9fff])", "", unit).strip('《》"“”')
    unit = _balanced(unit)
    if "我" in unit or unit.startswith(("现将", "特将", "兹将")):  # a sentence: "现将我局…"
        return None
    return unit if _UNIT_SHAPE.match(unit) else None


def _balanced(unit: str) -> str:
    """Brackets stripped from the ends unless they belong to the name ("冶金工业园(锦丰镇)")."""
    while unit and unit[0] in "（(" and not re.search(r"[)）]", unit):
        unit = unit[1:]
    while unit and unit[-1] in ")）" and not re.search(r"[（(]", unit):
        unit = unit[:-1]
    while unit and unit[-1] in "（(":
        unit = unit[:-1]
    if unit.count("(") + unit.count("（") > unit.count(")") + unit.count("）"):
        unit += "）" if "（" in unit else ")"
    return unit


def _cn_year(text: str) -> int | None:
    m = _CN_YEAR.search(text)
    return int("".join(_CN_DIGITS[c] for c in m.group(1))) if m else None


def _title_parts(title: str | None) -> tuple[str | None, int | None]:
    """(unit, year) a report title states: "XX镇2023年度政府信息公开工作年度报告"."""
    if not title:
        return None, None
    text = re.sub(r"\s+", "", title)
    for c, d in _CN_DIGITS.items():
        if _CN_YEAR.search(text):
            text = text.replace(c, d) if c in "〇○零" else text
    if _CN_YEAR.search(title):
        year = _cn_year(title)
        text = _CN_YEAR.sub(f"{year}年", re.sub(r"\s+", "", title))
    m = _TITLE.match(text)
    if m and m.group("unit"):
        return clean_unit(m.group("unit")), int(m.group("year"))
    m = _YEAR_FIRST_TITLE.match(text)
    if m:
        unit = m.group("unit") + ("政府" if m.group("unit").endswith("人民") else "")
        return clean_unit(unit), int(m.group("year"))
    m = _TITLE.match(text)
    if m:
        return None, int(m.group("year"))
    m = _YEAR_OF_REPORT.search(text)
    return (clean_unit(text[: m.start()]) if m else None), (int(m.group(1)) if m else None)


def _iso_date(text: str | None) -> str | None:
    m = _ANY_DATE.search(text or "")
    if not m or not 1 <= int(m[2]) <= 12 or not 1 <= int(m[3]) <= 31:
        return None
    return f"{m[1]}-{int(m[2]):02d}-{int(m[3]):02d}"


def extract_meta(
    text: str,
    lines: tuple[Line, ...],
    tables: tuple[Table, ...],
    title_hint: str | None,
    published_hint: str | None,
    signature: tuple[str | None, str | None],
    chrome: tuple = (),
    path: str = "",
    publisher_hint: str | None = None,
) -> Meta:
    """Unit, year and publication date, reconciled from every place a real page states them:
    the title line, the metadata block (标题 / 发布机构 / 发布时间 …), the breadcrumb, the
    statistics-period sentence, the closing signature and the file name. ``evidence`` says
    where each came from."""
    evidence: list[tuple[str, str, str]] = []
    title_field = field(chrome, TITLE_FIELDS)
    title, _ = find_title(lines, title_hint or (title_field[0] if title_field else None))
    unit, year = _title_parts(title)
    if unit or year:
        evidence.append(("title", "标题", title or ""))
    if (unit is None or year is None) and title_field:
        f_unit, f_year = _title_parts(title_field[0])
        unit, year = unit or f_unit, year or f_year
        title = title or title_field[0]
    publisher = field(chrome, PUBLISHER_FIELDS)
    candidates: list[tuple[str, str]] = []  # (where, unit)
    if publisher and (u := clean_unit(publisher[0])):
        candidates.append(("发布机构", u))
    if publisher_hint and (u := clean_unit(publisher_hint)):
        candidates.append(("发布机构", u))
    strong, contact = body_units(text)
    candidates[:0] = [("正文", u) for u in strong]  # the report naming itself beats the site
    sig_unit, sig_date = signature
    if sig_unit and (u := clean_unit(sig_unit)):
        candidates.append(("落款", u))
    for line in chrome:
        if line.kind == "breadcrumb":
            for piece in reversed(re.split(r"[>＞»›/|｜]|&gt;", line.text)):
                if u := clean_unit(piece):
                    candidates.append(("面包屑", u))
                    break
    stem = Path(path).stem if path else ""
    f_unit, f_year = _title_parts(stem)
    if f_unit is None and (u := clean_unit(stem)):
        f_unit = u
    if f_unit:
        candidates.append(("文件名", f_unit))
    candidates += [("联系方式", u) for u in contact]
    if unit is None and candidates:
        where, unit = candidates[0]
        evidence.append(("unit", where, unit))
    if unit:
        key = unit_key(unit) or unit
        fuller = [
            (w, c)
            for w, c in candidates
            if (ck := unit_key(c) or c).endswith(key)
            and (len(ck) > len(key) or len(c) > len(unit))
            and _PLACE_PREFIX.fullmatch(
                ck[: len(ck) - len(key)]
            )  # 甲市乙区, not "报告现向社会公开"
        ]
        if fuller:  # the page prints the full name elsewhere (发布机构：庄井县河柳乡)
            where, name = max(fuller, key=lambda wc: (len(unit_key(wc[1]) or wc[1]), len(wc[1])))
            prefix = (unit_key(name) or name)[: -len(key)]
            unit = name if len(name) >= len(prefix + unit) else prefix + unit
            evidence.append(("unit", where, name))
        unit = _full_unit(unit, text)
    if year is None:
        p = _PERIOD.search(text)
        if p:
            year = int(p.group(1))
            evidence.append(("year", "统计期限", p.group(0)))
    if year is None:
        m = _YEAR_OF_REPORT.search(text[:2000]) or _YEAR_OF_REPORT.search(stem)
        if m:
            year = int(m.group(1))
            evidence.append(("year", "正文", m.group(0)))
    if year is None and f_year:
        year = f_year
        evidence.append(("year", "文件名", stem))
    if year is None and (
        m := next((m for p in _OPENING_YEAR if (m := p.search(text[:3000]))), None)
    ):
        year = int(m.group("year"))
        evidence.append(("year", "正文", m.group(0)))
    date_field = field(chrome, DATE_FIELDS)
    page_date = (_iso_date(date_field[0]) if date_field else None) or published_hint
    if page_date is None:  # "来源：XX 2020-03-31 17:13": a date in the metadata without a label
        page_date = next(
            (d for ln in chrome if ln.kind == "metadata" if (d := _iso_date(ln.text))), None
        )
    published = sig_date or page_date  # the report's own date first, else the page's
    if published:
        evidence.append(("published", "落款日期" if sig_date else "发布时间", published))
    if year is None and published and int(published[5:7]) <= 4:
        year = int(published[:4]) - 1  # reports come out in the first months of the next year
        evidence.append(("year", "发布时间", published))
    version = _format_version(text, tables, year)
    return Meta(
        unit=unit,
        level=level_of(unit),
        year=year,
        format_version=version,
        published=published,
        title=title,
        evidence=tuple(evidence),
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
        u = _SIGNER_END.search(text) and len(text) <= 30 and not re.search(r"[，。；：,]", text)
        both = re.fullmatch(r"([^，。；：,]{2,30}?)\s*" + _DATE.pattern, text)
        if d and date is None and unit is None:
            date = _iso(d)
        elif both and date is None and _SIGNER_END.search(both.group(1)):
            unit, date = both.group(1), _iso(_DATE.search(text))
        elif u and unit is None:
            unit = text
        else:
            break
        idx.append(line.index)
    return tuple(idx), unit, date


# a county, or a county-level zone (平潭综合实验区, 浦东新区) whose departments and townships
# are neighbours as a county's are
COUNTY = re.compile(
    r"^[\u4e00-\u9fff]{1,12}?[县旗]|^[\u4e00-\u9fff]{1,12}?市[\u4e00-\u9fff]{1,6}?区"
    r"|^[\u4e00-\u9fff]{2,8}?(?:综合实验区|新区|开发区|高新区|管理区|林区)"
)


def county_of(unit: str | None) -> str:
    """The county a unit's full name starts with (海原县 of 海原县李俊乡), or ""."""
    m = COUNTY.match(re.sub(r"\s+", "", unit or ""))
    return m.group(0) if m else ""


def unit_key(unit: str | None) -> str | None:
    """A unit's name for grouping across years: 古城回族乡 and 古城回族乡人民政府 are one unit."""
    if not unit:
        return None
    key = re.sub(r"\s+", "", unit)
    return re.sub(r"(人民政府|政府|办事处)$", "", key) or key
