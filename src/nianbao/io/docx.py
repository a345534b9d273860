"""Word .docx: paragraphs and real Word tables in document order.

The zip container is checked against ``nianbao.io.limits`` (size, members, compression
ratio: zip bombs) and inflated once before python-docx opens it, so a truncated or damaged
file fails with a clear ``CorruptDocument``. Tables are walked here rather than through
python-docx's ``row.cells``, which expands a ``gridSpan`` of any size and follows vertical
merges recursively.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from pathlib import Path

from nianbao.errors import CorruptDocument, EmptyDocument, MissingDependency, library_words
from nianbao.io.grid import TextBuilder
from nianbao.io.limits import (
    MAX_UNZIPPED_BYTES,
    check_file_size,
    check_paragraphs,
    check_span,
    check_table_size,
    check_zip,
)
from nianbao.records import RawDocument


def _check_zip(path: Path, data: bytes) -> None:
    names = check_zip(path, data, "Word", max_unzipped=MAX_UNZIPPED_BYTES)
    if "word/document.xml" not in names:
        raise CorruptDocument(path, "不是 Word 文档：缺少 word/document.xml (not a .docx)")
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        body = zf.read("word/document.xml")
    # counted in the XML before python-docx builds an object per paragraph
    check_paragraphs(path, len(_PARAGRAPH.findall(body)))


_PARAGRAPH = re.compile(rb"<(?:[\w.-]+:)?p[\s>/]")


def read_docx(path: Path, data: bytes) -> RawDocument:
    check_file_size(path, len(data))
    _check_zip(path, data)
    try:
        import docx
        import lxml.etree
        from docx.opc.exceptions import OpcError
        from docx.oxml.exceptions import InvalidXmlError
        from docx.text.paragraph import Paragraph
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise MissingDependency(path, "需要 python-docx", "pip install python-docx") from exc
    # what python-docx and lxml raise on a package or XML they cannot make sense of
    damaged = (
        KeyError,  # a missing part or relationship
        ValueError,  # not a Word content type; an attribute value out of its type
        InvalidXmlError,
        OpcError,
        lxml.etree.LxmlError,
        zipfile.BadZipFile,
    )
    try:
        try:
            document = docx.Document(io.BytesIO(data))
        except KeyError:
            # a relationship to a part the zip lacks (styles.xml, fontTable.xml…): Word opens
            # such a file after "repair", and so do we, without that relationship
            repaired = _drop_dangling_relationships(data)
            if repaired is None:
                raise
            document = docx.Document(io.BytesIO(repaired))
    except (*damaged, AttributeError, TypeError) as exc:
        # python-docx assumes well-formed package parts: a [Content_Types].xml or .rels part
        # with the wrong root element or a missing attribute surfaces as AttributeError

        raise CorruptDocument(
            path, f"Word 文件已损坏，无法打开 (damaged .docx): {library_words(exc)}"
        ) from exc
    out = TextBuilder(path)
    try:
        for child in document.element.body.iterchildren():
            tag = child.tag.rsplit("}", 1)[-1] if isinstance(child.tag, str) else ""
            if tag == "p":
                out.line(Paragraph(child, document).text)
            elif tag == "tbl":
                out.table(_grid(path, child, document))
        meta = _meta(document)
    except damaged as exc:
        raise CorruptDocument(
            path, f"Word 文档内容已损坏 (damaged document.xml): {library_words(exc)}"
        ) from exc
    text = out.text()
    if not text.strip():
        raise EmptyDocument(path, "Word 文档没有文字内容 (no text in document)")
    return RawDocument(
        path=str(path), fmt="docx", text=text, raw_tables=tuple(out.tables), meta=meta
    )


def _drop_dangling_relationships(data: bytes) -> bytes | None:
    """The package without relationships whose target part is missing; None if none is."""
    import lxml.etree

    parser = lxml.etree.XMLParser(resolve_entities=False, no_network=True)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        members = {info.filename: zf.read(info) for info in zf.infolist()}
    changed = False
    for name, blob in list(members.items()):
        if not name.endswith(".rels"):
            continue
        try:
            root = lxml.etree.fromstring(blob, parser)
        except lxml.etree.LxmlError:
            return None
        # "word/_rels/document.xml.rels" holds targets relative to "word/"
        base = posixpath.dirname(posixpath.dirname(name))
        for rel in list(root):
            target = rel.get("Target") or ""
            if rel.get("TargetMode") == "External":
                continue
            part = target.lstrip("/") if target.startswith("/") else posixpath.join(base, target)
            if posixpath.normpath(part) not in members:
                root.remove(rel)
                changed = True
        members[name] = lxml.etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    if not changed:
        return None
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, blob in members.items():
            zf.writestr(name, blob)
    return out.getvalue()


def _meta(document) -> tuple[tuple[str, str], ...]:
    title = document.core_properties.title
    return (("title", title),) if title else ()


def _grid(path: Path, tbl, parent) -> list[list[str | None]]:
    """The table as a grid: a cell spanning columns (``gridSpan``) or continuing a vertical
    merge (``vMerge``) fills the positions it covers with None."""
    from docx.table import _Cell

    grid: list[list[str | None]] = []
    above: list[object] = []  # the <w:tc> owning each position of the previous row
    for tr in tbl.tr_lst:
        owners: list[object] = []
        row: list[str | None] = []
        for tc in tr.tc_lst:
            span = tc.grid_span
            check_span(path, span)
            c = len(owners)
            continuing = tc.vMerge == "continue" and c < len(above)
            owner = above[c] if continuing else tc
            owners += [owner] * span
            row.append(
                None if continuing else _Cell(tc, parent).text.replace("\u3000", " ").strip()
            )
            row += [None] * (span - 1)
            check_table_size(path, len(grid) + 1, len(row))
        grid.append(row)
        above = owners
    return grid
