from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from nianbao.normalize import _HALF, normalize, simplified
from nianbao.records import RawDocument


def raw(text: str, fmt: str = "txt") -> RawDocument:
    return RawDocument(path="t.txt", fmt=fmt, text=text)


def fold(ch: str) -> str:
    return _HALF.get(ord(ch), ch)


def same(source_ch: str, ch: str, traditional: bool = False) -> bool:
    """``ch`` is what the normaliser may make of ``source_ch`` (a Markdown pipe → a cell tab,
    a traditional character → its simplified one)."""
    if traditional and simplified(source_ch) == ch:
        return True
    return fold(source_ch) == ch or (source_ch == "|" and ch == "\t")


def assert_offsets_exact(doc) -> None:
    src = doc.raw.text
    traditional = any(s.name == "traditional_converted" for s in doc.steps)
    assert len(doc.offsets) == len(doc.text) + 1
    previous = -1
    for i, ch in enumerate(doc.text):
        o = doc.offsets[i]
        if ch == "\n" and o < len(src) and src[o] != "\n":
            # a line break the normaliser inserted (a heading of a flattened page): it stands
            # where the next line starts in the source
            assert not src[o : doc.offsets[i + 1]].strip(), (i, o)
            assert o > previous
            previous = o - 1
            continue
        assert o > previous, "offsets must increase"
        previous = o
        if ch == "\n":
            assert src[o] == "\n" or o == len(src)
        else:
            assert same(src[o], ch, traditional), (i, ch, src[o])


ALPHABET = st.sampled_from(
    list("政府信息公开年度报告一二三四五六、（）()。，：；0123456789 \t\n#*-|/—")
    + ["０", "１", "\u3000", "\xa0", "\u200b", "[bookmark: _GoBack]", "- 3 -", "**", "\f", "﹝"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(ALPHABET, max_size=200).map("".join))
def test_offset_map_is_exact_for_random_text(text):
    assert_offsets_exact(normalize(raw(text)))


@settings(max_examples=100, deadline=None)
@given(st.lists(ALPHABET, max_size=200).map("".join))
def test_to_source_span_covers_the_same_text(text):
    doc = normalize(raw(text))
    for start in range(0, len(doc.text), 7):
        end = min(len(doc.text), start + 5)
        s, e = doc.to_source((start, end))
        assert 0 <= s <= e <= len(text)
        segment = doc.text[start:end]
        if "\n" not in segment and segment:
            assert same(text[s], segment[0])
            assert same(text[e - 1], segment[-1])


def test_real_reports_keep_exact_offsets():
    from nianbao.io import read_raw
    from tests.conftest import CORPUS

    for path in sorted(CORPUS.rglob("*")):
        if path.suffix in {".txt", ".html", ".pdf", ".docx"}:
            assert_offsets_exact(normalize(read_raw(path)))


def test_full_width_digits_and_spaces():
    doc = normalize(raw("２０２４ 年共收到申请　２１ 件。"))
    assert doc.text == "2024年共收到申请21件。"


def test_artefacts_and_markdown_marks_removed():
    doc = normalize(raw("## **六、其他需要报告的事项**\n\t[bookmark: _GoBack]处理决定数量\n"))
    assert doc.text.splitlines()[0] == "六、其他需要报告的事项"
    assert "bookmark" not in doc.text
    names = {s.name for s in doc.steps}
    assert {"artefacts_removed", "markdown_headings_removed"} <= names


def test_page_numbers_removed_but_table_values_kept():
    doc = normalize(raw("第一段文字\n- 2 -\n规章 0 0 0\n0\n第 3 页\n"))
    assert doc.text == "第一段文字\n规章 0 0 0\n0"


def test_hard_wrapped_lines_joined_not_headings_or_tables():
    text = (
        "2024 年李俊乡坚持以习近平新时代中国特色社会主义思想\n\n为指导，认真贯彻落实。\n"
        "（一）主动公开\n根据规定\n行政许可 0\n"
    )
    lines = normalize(raw(text)).text.splitlines()
    assert lines[0] == "2024年李俊乡坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实。"
    assert lines[1] == "（一）主动公开"
    assert lines[2] == "根据规定"
    assert lines[3] == "行政许可 0"


def test_cjk_spaces_removed_inside_grid_cells():
    doc = normalize(raw("结果 维持\t商业 企业\tWord 2003\t0\n"))
    assert doc.text == "结果维持\t商业企业\tWord 2003\t0"


def test_markdown_pipe_table_becomes_grid():
    doc = normalize(raw("| 信息内容 | 本年制发件数 |\n|---|---|\n| 规章 | 0 |\n"))
    assert doc.text.splitlines() == ["信息内容\t本年制发件数", "规章\t0"]
    assert_offsets_exact(doc)


def test_a_flattened_page_breaks_before_a_glued_table_and_signature():
    text = (
        "二、主动公开政府信息情况全年处置投诉12件，处置率达100%。第二十条第（一）项信息内容"
        "本年新制作数量本年新公开数量对外公开总数量规章 13 0 0 六、其他需要报告的事项"
        "没有其他需要说明的事项。 某某县应急管理局 2020年1月2日 附件下载"
    )
    doc = normalize(raw(text))
    lines = doc.text.splitlines()
    assert lines[1] == "处置率达100%。" or lines[1].endswith("处置率达100%。")
    assert lines[2].startswith("第二十条第（一）项")
    assert "13 0 0" in lines[2]  # the spaces part the cells of a flattened table
    assert lines[-1] == "某某县应急管理局2020年1月2日"  # 附件下载 is page chrome
    assert lines[-2] == "没有其他需要说明的事项。"
    assert_offsets_exact(doc)


def test_spaces_inside_a_number_in_prose_still_go():
    assert normalize(raw("共发布信息 1 2 条。")).text == "共发布信息12条。"


def test_a_text_dump_of_a_table_with_closing_pipes_is_a_grid():
    doc = normalize(
        raw("信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n规章 | 0 | 0 | 0 |\n")
    )
    assert doc.text.splitlines() == [
        "信息内容\t本年制发件数\t本年废止件数\t现行有效件数",
        "规章\t0\t0\t0",
    ]
