"""Government web pages: find the article among the site chrome, keep tables as grids."""

from __future__ import annotations

import re
from pathlib import Path

from nianbao.chrome import PUBLISHER_FIELDS, metadata_fields
from nianbao.errors import EmptyDocument
from nianbao.io.grid import TextBuilder
from nianbao.io.limits import MAX_HTML_BYTES, check_file_size, check_table_size, check_text_length
from nianbao.io.text import decode
from nianbao.records import RawDocument

_PART_MARKERS = (
    "总体情况",
    "主动公开政府信息",
    "收到和处理政府信息公开申请",
    "行政复议",
    "存在的主要问题",
    "存在主要问题",
    "其他需要报告",
)
_BLOCK = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "section", "article",
    "blockquote", "pre", "ul", "ol", "dl", "dt", "dd", "center", "header", "footer", "form",
}  # fmt: skip
_SKIP = {"script", "style", "noscript", "iframe", "select", "button", "svg", "head", "template"}
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)""", re.I)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_DATE = re.compile(r"(20\d\d)[-年/.](\d{1,2})[-月/.](\d{1,2})")


def _decode_html(path: Path, data: bytes) -> str:
    """The page's text. A <meta> charset only breaks ties: pages labelled gb2312 are often
    UTF-8 and vice versa, so the bytes decide (``nianbao.io.text.decode``)."""
    m = _CHARSET.search(data[:4096])
    declared = m.group(1).decode("ascii", "replace") if m else None
    return decode(path, data, declared)[0]


def _text(el) -> str:
    return "".join(el.itertext())


def _find_article(root):
    """The deepest element holding most part headings; else the densest text block."""
    best, best_score = None, 0
    for el in root.iter("div", "td", "article", "section", "main", "body"):
        text = _text(el)
        score = sum(1 for m in _PART_MARKERS if m in text)
        if score >= 3 and score >= best_score:
            # iter() is document order, so a later element with an equal score is deeper
            best, best_score = el, score
    if best is not None:
        return best
    candidates = list(root.iter("div", "td", "article", "section", "main"))
    if not candidates:
        return root

    def direct_text(el) -> int:
        return sum(len(_text(c)) for c in el if c.tag in {"p", "br", "span", "font"}) + len(
            (el.text or "").strip()
        )

    return max(candidates, key=direct_text)


def _grid(table, path: str | Path | None = None) -> list[list[str | None]]:
    """Expand rowspan/colspan into a rectangular grid; covered positions are None."""
    grid: dict[tuple[int, int], str | None] = {}
    rows = [tr for tr in table.iter("tr") if _owner_table(tr) is table]
    width = 0
    for r, tr in enumerate(rows):
        c = 0
        for td in tr:
            if td.tag not in {"td", "th"}:
                continue
            while (r, c) in grid:
                c += 1
            rs = _int_attr(td, "rowspan")
            cs = _int_attr(td, "colspan")
            check_table_size(path, max(len(rows), r + rs), max(width, c + cs))
            text = " ".join(_cell_text(td).split())
            for dr in range(rs):
                for dc in range(cs):
                    grid[(r + dr, c + dc)] = text if (dr, dc) == (0, 0) else None
            c += cs
            width = max(width, c)
    height = len(rows)
    return [[grid.get((r, c), "") for c in range(width)] for r in range(height)]


def _owner_table(tr):
    p = tr.getparent()
    while p is not None and p.tag != "table":
        p = p.getparent()
    return p


def _cell_text(td) -> str:
    return " ".join(t for t in td.itertext() if t.strip())


def _int_attr(el, name: str) -> int:
    try:
        return max(1, min(100, int(str(el.get(name, "1")).strip() or 1)))
    except ValueError:
        return 1


def _render(el, out: TextBuilder, buf: list[str]) -> None:
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag in _SKIP:
        return
    if tag == "table":
        _flush(out, buf)
        out.table(_grid(el, out.path))
        return
    if tag == "br" or tag in _BLOCK:
        _flush(out, buf)
    if el.text and tag not in _SKIP:
        buf.append(el.text)
    for child in el:
        _render(child, out, buf)
        if child.tail:
            buf.append(child.tail)
    if tag in _BLOCK:
        _flush(out, buf)


def _flush(out: TextBuilder, buf: list[str]) -> None:
    if buf:
        line = "".join(buf).replace("\xa0", " ")
        for piece in line.split("\n"):
            out.line(piece.strip())
        buf.clear()


def _published(root) -> str | None:
    for name in ("PubDate", "pubdate", "publishdate", "firstpublishedtime", "ArticlePubDate"):
        for meta in root.iter("meta"):
            if (meta.get("name") or "").lower() == name.lower():
                m = _DATE.search(meta.get("content") or "")
                if m:
                    return f"{m[1]}-{int(m[2]):02d}-{int(m[3]):02d}"
    text = _simple(_text(root))
    m = re.search(
        r"(?:发布(?:时间|日期)|时间|日期)[:：]\s*(20\d\d)[-年/.](\d{1,2})[-月/.](\d{1,2})", text
    )
    if m:
        return f"{m[1]}-{int(m[2]):02d}-{int(m[3]):02d}"
    return None


# a publisher's label in simplified or traditional characters: only such elements are read
_PUBLISHER_WORD = re.compile(r"机构|機構|来源|來源|单位|單位|机关|機關")
_LABEL = re.compile(
    r"^\s*(" + "|".join(sorted(PUBLISHER_FIELDS, key=len, reverse=True)) + r")\s*[:：]?\s*(.*)$"
)


def _simple(text: str) -> str:
    """Labels of a traditional-character page (發佈時間, 來源) read as simplified ones."""
    from nianbao.normalize import simplified

    return simplified(text) if text else text


def _publisher(root) -> str | None:
    """Who published the page, from its metadata block wherever it sits: a table of label and
    value cells (索引号 | … | 发布机构 | XX镇), or a line "来源：XX镇 发布时间：…"."""
    for el in root.iter(
        "td", "th", "span", "li", "p", "div", "dt", "dd", "label", "b", "strong", "em"
    ):
        whole = " ".join(_text(el).split()) if len(el) < 12 else ""
        if len(whole) <= 200 and _PUBLISHER_WORD.search(whole):  # "成文日期：…　发布机构：XX镇"
            fields = dict(metadata_fields(_simple(whole)))
            found = next((fields[n] for n in PUBLISHER_FIELDS if fields.get(n)), None)
            if found:
                return found
        own = " ".join((el.text or "").split())
        m = _LABEL.match(_simple(own)) if _PUBLISHER_WORD.search(own) else None
        if not m:
            continue
        value = m.group(2)
        if not value:
            nxt = el.getnext()
            value = " ".join(_text(nxt).split()) if nxt is not None else (el.tail or "").strip()
            value = _simple(value)
        fields = dict(metadata_fields(f"{m.group(1)}：{value}")) if value else {}
        if fields.get(m.group(1)):
            return fields[m.group(1)]
    return None


def _title(root) -> str | None:
    for meta in root.iter("meta"):
        if (meta.get("name") or "").lower() == "articletitle" and meta.get("content"):
            return meta.get("content").strip()
    for tag in ("h1", "h2"):
        for h in root.iter(tag):
            t = " ".join(_text(h).split())
            if "报告" in t:
                return t
    t = root.find(".//title")
    if t is not None and t.text:
        return re.split(r"[_|｜-]", t.text.strip())[0].strip()
    return None


def read_html(path: Path, data: bytes) -> RawDocument:
    import lxml.etree
    import lxml.html

    check_file_size(path, len(data), MAX_HTML_BYTES)
    text = _decode_html(path, data)
    if not text.strip():
        raise EmptyDocument(path, "网页没有内容 (empty page)")
    # lxml refuses str input with an encoding declaration, and NUL/control characters
    text = _XML_DECL.sub("", text)
    text = _CONTROL.sub("", text)
    try:
        root = lxml.html.document_fromstring(text)
    except lxml.etree.ParserError as exc:  # "Document is empty": nothing but comments etc.
        raise EmptyDocument(path, f"网页没有内容 (empty page): {exc}") from exc
    article = _find_article(root)
    out = TextBuilder(path)
    title = _title(root)
    article_text = _text(article)
    if title and title not in article_text:
        out.line(title)  # the title sits above the article body on most sites
    buf: list[str] = []
    _render(article, out, buf)
    _flush(out, buf)
    body = out.text()
    check_text_length(path, body)
    if not body.strip():
        raise EmptyDocument(path, "网页中没有找到正文 (no article text found in the page)")
    meta: list[tuple[str, str]] = []
    if title:
        meta.append(("title", title))
    published = _published(root)
    if published:
        meta.append(("published", published))
    publisher = _publisher(root)
    if publisher:
        meta.append(("publisher", publisher))
    return RawDocument(
        path=str(path), fmt="html", text=body, raw_tables=tuple(out.tables), meta=tuple(meta)
    )
