from __future__ import annotations

import pytest

from nianbao.segment.lines import split_lines
from nianbao.segment.parts import find_headings, numeral_value


def headings(text: str) -> list[tuple[str, str | None, str]]:
    return [(h.part_id, h.number, h.title) for h in find_headings(split_lines(text))]


@pytest.mark.parametrize(
    ("line", "part"),
    [
        ("一、总体情况", "general"),
        ("二、主动公开政府信息情况", "proactive"),
        ("三、主动信息公开政府信息情况", "proactive"),
        ("三、收到和处理政府信息公开申请情况", "requests"),
        ("四、政府信息公开行政复议、行政诉讼情况", "appeals"),
        ("四、政府信息公开行政法复议、行政诉讼情况", "appeals"),
        ("五、存在的主要问题及改进情况", "problems"),
        ("五、存在主要问题及改进情况", "problems"),
        ("五、存在的主要问题和改进情况", "problems"),
        ("六、其他需要报告的事项", "other"),
        ("二、主要采取的措施", "measures"),
        ("七、信息处理费收取情况", "fees"),
        ("第一部分 总体情况", "general"),
    ],
)
def test_title_variants(line, part):
    assert headings(line)[0][0] == part


def test_subitems_and_table_rows_are_not_parts():
    text = "一、总体情况\n（二）依申请公开\n四、结转下年度继续办理 0 0 0 0 0 0 0\n三、本\n一是主动公开情况。"
    assert [h[0] for h in headings(text)] == ["general"]


def test_extra_part_only_where_numbering_expects_it():
    text = "一、总体情况\n二、工作亮点\n三、收到和处理政府信息公开申请情况\n一、强化组织领导"
    assert headings(text) == [
        ("general", "一", "总体情况"),
        ("extra", "二", "工作亮点"),
        ("requests", "三", "收到和处理政府信息公开申请情况"),
    ]


def test_numerals():
    assert [numeral_value(n) for n in ("一", "七", "十", "十二")] == [1, 7, 10, 12]
