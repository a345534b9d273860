"""Fuzzing: nothing breaks.

Random bytes and mutated real reports go through each reader (text, HTML, Word), the
normaliser, the table parser and the checks. The property: the only exception is a
``NianbaoError`` whose message names the file and gives a reason; a report that reads is
normalised, segmented and checked without a rule failing internally, and its spans stay
inside its text.

The readers are called directly, not through ``read_raw`` (which turns any exception into
``CorruptDocument``), so a crash inside a reader is seen as the crash it is.

The default run is bounded (well under a minute); ``NIANBAO_FUZZ_EXAMPLES=5000`` runs each
test that many times, with fresh random seeds. For long runs see evaluation/fuzz_atheris.py.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nianbao.checks import run_checks
from nianbao.errors import NianbaoError
from nianbao.io.docx import read_docx
from nianbao.io.grid import TextBuilder
from nianbao.io.html import read_html
from nianbao.io.text import read_text_file
from nianbao.records import RawDocument, Report
from nianbao.report import build_report, read_report
from tests.conftest import CORPUS, SEEDS

_LONG = int(os.environ.get("NIANBAO_FUZZ_EXAMPLES", "0"))


def fuzz(default: int) -> Callable:
    return settings(
        max_examples=_LONG or default,
        deadline=None,
        derandomize=not _LONG,  # the default run is the same every time
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


TEXTS = [p.read_bytes() for p in SEEDS]
HTMLS = [p.read_bytes() for p in sorted((CORPUS / "html").glob("*.html"))]
DOCX = (CORPUS / "docx" / "format-2021-blank-template.docx").read_bytes()
READERS = {"txt": read_text_file, "html": read_html, "docx": read_docx}

# what a mutation inserts: the reports' own vocabulary, digits and cell markers, rare CJK,
# control characters, invisible characters and the odd half of a surrogate-free pair
_VOCAB = "政府信息公开申请行政复议诉讼总计本年新收上年结转自然人法人一二三四五六七八九十（）、：。"
_ALPHABET = st.one_of(
    st.sampled_from(list(_VOCAB + "0123456789/—-.,%\t\n |#*")),
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
    st.characters(min_codepoint=0x3400, max_codepoint=0x4DBF),
    st.characters(max_codepoint=0x1F),
    st.sampled_from(list("\u3000\u00a0\u200b\ufeff\ufffd\u2028\u0085\x7f\uff10\uff11锟斤拷")),
    st.characters(codec="utf-8"),
)
_PAYLOADS = st.text(_ALPHABET, min_size=1, max_size=30)


# -- the property ----------------------------------------------------------------------------


def assert_names_file(err: NianbaoError, path: Path) -> None:
    assert path.name in str(err), f"error does not name the file: {err}"
    assert err.reason.strip(), "error gives no reason"


def check_report(report: Report) -> None:
    doc = report.document
    n = len(doc.text)
    assert len(doc.offsets) == n + 1
    assert all(
        0 <= a <= b <= len(doc.raw.text) for a, b in zip(doc.offsets, doc.offsets[1:], strict=False)
    )
    for part in report.parts:
        for s, e in (*part.body_spans, *([part.span] if part.span else ())):
            assert 0 <= s <= e <= n
    for table in report.tables:
        for cell in table.cells:
            if cell.span is not None:
                assert 0 <= cell.span[0] <= cell.span[1] <= n
                assert doc.text[cell.span[0] : cell.span[1]] == cell.raw


def check_findings(report: Report, previous: Report | None = None) -> None:
    findings = run_checks(report, previous)
    broken = [f.message for f in findings if "规则执行出错" in f.message]
    assert not broken, broken


def read_and_check(reader: Callable, path: Path, data: bytes) -> Report | None:
    """The property for one input: a NianbaoError naming the file, or a report that checks."""
    try:
        raw = reader(path, data)
    except NianbaoError as err:
        assert_names_file(err, path)
        return None
    return analyse(raw)


def analyse(raw: RawDocument) -> Report:
    report = build_report(raw)
    check_report(report)
    check_findings(report)
    return report


# -- mutations -------------------------------------------------------------------------------


@st.composite
def byte_mutations(draw: st.DrawFn, data: bytes) -> bytes:
    """Byte flips, truncation, deletion, duplication, insertion of random or CJK bytes."""
    buf = bytearray(data)
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(["flip", "truncate", "delete", "insert", "cjk", "dup"]))
        i = draw(st.integers(0, max(0, len(buf) - 1)))
        if op == "flip" and buf:
            buf[i] ^= 1 << draw(st.integers(0, 7))
        elif op == "truncate":
            del buf[i:]
        elif op == "delete":
            del buf[i : i + draw(st.integers(1, 64))]
        elif op == "insert":
            buf[i:i] = draw(st.binary(min_size=1, max_size=16))
        elif op == "cjk":
            buf[i:i] = draw(_PAYLOADS).encode("utf-8", "surrogatepass")
        elif op == "dup":
            j = draw(st.integers(0, max(0, len(buf) - 1)))
            buf[i:i] = buf[j : j + draw(st.integers(1, 200))]
    return bytes(buf)


@st.composite
def text_mutations(draw: st.DrawFn, text: str) -> str:
    """Line- and cell-level edits: delete a table cell or line, duplicate a line, change a
    number, insert CJK/control characters."""
    lines = text.split("\n")
    for _ in range(draw(st.integers(1, 6))):
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        op = draw(st.sampled_from(["cell", "line", "dup", "number", "insert", "tabs"]))
        line = lines[i]
        if op == "cell" and "\t" in line:
            cells = line.split("\t")
            del cells[draw(st.integers(0, len(cells) - 1))]
            lines[i] = "\t".join(cells)
        elif op == "line":
            del lines[i]
        elif op == "dup":
            lines.insert(i, lines[draw(st.integers(0, len(lines) - 1))])
        elif op == "number":
            new = draw(st.sampled_from(["", "/", "—", "-3", "1.5", "一", "9" * 30, "1e9", "０"]))
            lines[i] = re.sub(r"\d+", new, line, count=1)
        elif op == "insert":
            k = draw(st.integers(0, len(line)))
            lines[i] = line[:k] + draw(_PAYLOADS) + line[k:]
        elif op == "tabs":
            lines[i] = re.sub(r" +", "\t", line)
    return "\n".join(lines)


def corpus_text(index: int) -> str:
    return TEXTS[index % len(TEXTS)].decode("utf-8")


# -- readers: random bytes -------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["txt", "html", "docx"])
@fuzz(60)
@given(data=st.binary(max_size=2000))
def test_random_bytes(kind, data):
    read_and_check(READERS[kind], Path(f"random.{kind}"), data)


@fuzz(40)
@given(
    head=st.sampled_from(
        [
            b"\xef\xbb\xbf",
            b"\xff\xfe",
            b"\xfe\xff",
            b"<html><meta charset=gbk>",
            b"PK\x03\x04",
            b"\x7fELF",
            b"\x89PNG\r\n\x1a\n",
            b"",
        ]
    ),
    data=st.binary(max_size=500),
)
def test_random_bytes_behind_a_signature(head, data):
    for kind in ("txt", "html"):
        read_and_check(READERS[kind], Path(f"signed.{kind}"), head + data)


# -- readers: mutated corpus files -----------------------------------------------------------


@fuzz(80)
@given(st.data())
def test_mutated_text_files(data):
    original = TEXTS[data.draw(st.integers(0, len(TEXTS) - 1))]
    mutated = data.draw(byte_mutations(original))
    read_and_check(read_text_file, Path("mutated.txt"), mutated)


@fuzz(60)
@given(st.data())
def test_text_edits_in_every_encoding(data):
    text = data.draw(text_mutations(corpus_text(data.draw(st.integers(0, 9)))))
    encoding = data.draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "gb18030", "gbk"]))
    raw = text.encode(encoding, errors="replace")
    read_and_check(read_text_file, Path(f"edited-{encoding}.txt"), raw)


@fuzz(60)
@given(st.data())
def test_mutated_html_pages(data):
    original = HTMLS[data.draw(st.integers(0, len(HTMLS) - 1))]
    if data.draw(st.booleans()):
        mutated = data.draw(byte_mutations(original))
    else:
        mutated = data.draw(html_mutations(original.decode("utf-8"))).encode("utf-8")
    read_and_check(read_html, Path("mutated.html"), mutated)


@st.composite
def html_mutations(draw: st.DrawFn, page: str) -> str:
    """Table damage: cells deleted, spans set to odd values, tags left open, charset lies."""
    for _ in range(draw(st.integers(1, 5))):
        op = draw(st.sampled_from(["td", "span", "open", "charset", "nest", "tr"]))
        if op == "td":
            cells = [m.start() for m in re.finditer(r"<td", page)]
            if cells:
                s = draw(st.sampled_from(cells))
                e = page.find("</td>", s)
                page = page[:s] + page[e + 5 :] if e > 0 else page[:s]
        elif op == "span":
            value = draw(st.sampled_from(["0", "-1", "x", "", "99999", "3.5", "１２", "1000000"]))
            attr = draw(st.sampled_from(["rowspan", "colspan"]))
            page = re.sub(r"<td", f'<td {attr}="{value}"', page, count=draw(st.integers(1, 50)))
        elif op == "open":
            tag = draw(st.sampled_from(["</table>", "</tr>", "</td>", "</div>", "<table>"]))
            k = page.find(tag)
            if k >= 0:
                page = page[:k] + page[k + len(tag) :]
        elif op == "charset":
            enc = draw(st.sampled_from(["gb2312", "big5", "utf-16", "latin-1", "x-junk", ""]))
            page = re.sub(r"charset=[\"']?[\w-]+", f"charset={enc}", page, count=1)
        elif op == "nest":
            page = page.replace("<body", "<body>" + "<div>" * 3000 + "<table><tr><td>x", 1)
        elif op == "tr":
            page = re.sub(r"</tr>", "</tr>" + draw(_PAYLOADS), page, count=3)
    return page


# -- Word: the zip members of the real .docx mutated ----------------------------------------


@st.composite
def docx_mutations(draw: st.DrawFn) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(DOCX))
    out = io.BytesIO()
    names = src.namelist()
    victims = set(draw(st.lists(st.sampled_from(names), max_size=3)))
    table_damage = draw(st.integers(0, 2)) > 0  # mostly XML edits that keep document.xml valid
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in names:
            blob = src.read(name)
            if name == "word/document.xml" and table_damage:
                blob = draw(xml_mutations(blob.decode("utf-8"))).encode("utf-8")
            elif name in victims:
                op = draw(st.sampled_from(["drop", "bytes", "xml", "xml", "empty"]))
                if op == "drop":
                    continue
                if op == "bytes":
                    blob = draw(byte_mutations(blob))
                elif op == "xml":
                    blob = draw(xml_mutations(blob.decode("utf-8"))).encode("utf-8")
                else:
                    blob = b""
            zf.writestr(name, blob)
    data = out.getvalue()
    if draw(st.integers(0, 9)) == 0:  # the container itself damaged
        data = draw(byte_mutations(data))
    return data


@st.composite
def xml_mutations(draw: st.DrawFn, xml: str) -> str:
    """Word table and text damage: cells deleted, spans and merges made up, text inserted."""
    for _ in range(draw(st.integers(1, 5))):
        op = draw(
            st.sampled_from(["tc", "tc", "tr", "gridspan", "vmerge", "vmerge", "text", "tag"])
        )
        if op in {"tc", "tr"}:
            starts = [m.start() for m in re.finditer(rf"<w:{op}[ >]", xml)]
            if starts:
                s = draw(st.sampled_from(starts))
                e = xml.find(f"</w:{op}>", s)
                xml = xml[:s] + xml[e + len(op) + 5 :] if e > 0 else xml
        elif op == "gridspan":
            value = draw(st.sampled_from(["0", "-1", "x", "", "2", "999999", "1000000000"]))
            xml = re.sub(r"<w:tcPr>", f'<w:tcPr><w:gridSpan w:val="{value}"/>', xml, count=3)
        elif op == "vmerge":
            value = draw(st.sampled_from(["continue", "restart", "junk"]))
            xml = re.sub(r"<w:tcPr>", f'<w:tcPr><w:vMerge w:val="{value}"/>', xml, count=5)
        elif op == "text":
            k = xml.find("<w:t>")
            if k >= 0:
                payload = draw(_PAYLOADS).replace("&", "&amp;").replace("<", "&lt;")
                xml = xml[: k + 5] + payload + xml[k + 5 :]
        elif op == "tag":
            k = draw(st.integers(0, len(xml)))
            xml = xml[:k] + draw(st.sampled_from(["<", ">", "</w:p>", "&", "<w:tbl>"])) + xml[k:]
    return xml


@fuzz(60)
@given(docx_mutations())
def test_mutated_docx(data):
    read_and_check(read_docx, Path("mutated.docx"), data)


@fuzz(30)
@given(st.data())
def test_truncated_docx(data):
    cut = data.draw(st.integers(0, len(DOCX) - 1))
    read_and_check(read_docx, Path("cut.docx"), DOCX[:cut])


# -- normaliser, table parser and checks on text and grids ----------------------------------


@fuzz(80)
@given(st.data())
def test_normaliser_tables_and_checks_on_edited_reports(data):
    text = data.draw(text_mutations(corpus_text(data.draw(st.integers(0, 9)))))
    analyse(RawDocument(path="edited.txt", fmt="txt", text=text))


@fuzz(60)
@given(st.text(_ALPHABET, max_size=400))
def test_normaliser_tables_and_checks_on_random_text(text):
    analyse(RawDocument(path="random.txt", fmt="txt", text=text))


_CELL = st.one_of(
    st.none(),
    st.sampled_from(["", "0", "/", "—", "12", "总计", "自然人", "行政复议", "一、本年新收"]),
    _PAYLOADS,
)


@fuzz(60)
@given(
    grids=st.lists(st.lists(st.lists(_CELL, max_size=9), max_size=30), max_size=3),
    prose=st.lists(st.sampled_from(corpus_text(0).split("\n")), max_size=10),
)
def test_grids_through_the_pipeline(grids, prose):
    """Grid tables as the HTML/Word readers render them, covered cells included."""
    out = TextBuilder("grids.html")
    for line in prose:
        out.line(line)
    for grid in grids:
        out.table(grid)
        out.line(prose[0] if prose else "说明")
    analyse(RawDocument("grids.html", "html", out.text(), tuple(out.tables)))


@fuzz(30)
@given(st.data())
def test_checks_across_years(data):
    reports = [
        analyse(RawDocument(f"y{k}.txt", "txt", data.draw(text_mutations(corpus_text(k)))))
        for k in (data.draw(st.integers(0, 9)), data.draw(st.integers(0, 9)))
    ]
    check_findings(reports[0], reports[1])


# -- end to end through files ----------------------------------------------------------------


@fuzz(40)
@given(st.data())
def test_read_report_end_to_end(tmp_path_factory, data):
    kind = data.draw(st.sampled_from(["txt", "html", "docx", "md", "htm"]))
    original = {"txt": TEXTS[0], "md": TEXTS[1], "docx": DOCX}.get(kind, HTMLS[0])
    mutated = data.draw(byte_mutations(original))
    path = tmp_path_factory.mktemp("e2e") / f"report.{kind}"
    path.write_bytes(mutated)
    try:
        report = read_report(path)
    except NianbaoError as err:
        assert_names_file(err, path)
        return
    check_report(report)
    check_findings(report)


# -- pathological inputs stay linear ---------------------------------------------------------

_PATHOLOGICAL = {
    "a line of tabs": "\t" * 50_000,  # backtracking in the Markdown table-rule pattern
    "a value per line": "1\n" * 50_000,  # a row's line list searched once per value
    "one long label row": "总计" + " 1" * 50_000,
    "a heading per line": "一、总体情况\n二、主动公开政府信息情况\n" * 5_000,
    "table rows": "一、本年新收\t1\t2\t3\t4\t5\t6\t7\n" * 5_000,
    "spaces": " " * 50_000 + "政府",
    "pipes": "|" * 50_000,
    "dashes": "-" * 50_000 + "\n" + "—" * 50_000,
}


@pytest.mark.parametrize("name", list(_PATHOLOGICAL))
def test_pathological_inputs_are_fast(name):
    import time

    start = time.perf_counter()
    analyse(RawDocument("big.txt", "txt", _PATHOLOGICAL[name]))
    assert time.perf_counter() - start < 15  # linear: well under a second


# -- file names and store bytes ----------------------------------------------------------------

_NAME_BYTES = st.binary(min_size=1, max_size=240).map(
    lambda b: b.replace(b"/", b"_").replace(b"\0", b"_")
)


@fuzz(60)
@given(name=_NAME_BYTES)
def test_any_file_name_is_read_stored_and_shown_safely(tmp_path_factory, name):
    from nianbao.assess import slug
    from nianbao.corpus.store import Store
    from nianbao.io import SUPPORTED
    from nianbao.io.folder import scan

    if name in (b".", b".."):
        return
    folder = tmp_path_factory.mktemp("names")
    path = os.path.join(os.fsencode(folder), name + b".txt")
    try:
        with open(path, "wb") as f:
            f.write(SEEDS[0].read_bytes())
    except OSError:  # the file system refuses the name itself
        return
    files, _ = scan(folder, SUPPORTED)
    assert len(files) == 1
    report = read_report(files[0])
    report.path.encode("utf-8")  # stored and written as UTF-8
    page = slug(report)
    assert "/" not in page and len(page.encode("utf-8")) <= 120 and page.isprintable()
    store = Store(folder / "n.db")
    try:
        store.put_report(report.path, "0" * 40, 1, report)
        assert store.entries()[0].report.path == report.path
    finally:
        store.close()


@pytest.fixture(scope="module")
def stored_blob():
    from nianbao.corpus import codec

    return codec.dumps(read_report(SEEDS[0]))


@fuzz(80)
@given(data=st.data())
def test_flipped_store_bytes_are_damage_never_a_crash(stored_blob, data):
    from nianbao.corpus import codec

    blob = bytearray(stored_blob)
    for _ in range(data.draw(st.integers(1, 8))):
        k = data.draw(st.integers(0, len(blob) - 1))
        blob[k] = data.draw(st.integers(0, 255))
    cut = data.draw(st.integers(1, len(blob)))
    with contextlib.suppress(codec.Damaged):  # damage, or a value of nianbao's own records
        codec.loads(bytes(blob[:cut]))
