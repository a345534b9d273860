from __future__ import annotations

from nianbao import read_report
from nianbao.records import RawDocument
from nianbao.report import build_report
from tests.conftest import seed


def five(report):
    return [(s.role, s.heading, s.text) for s in report.sentences if s.part == "problems"]


def test_roles_follow_lead_ins_in_seed000():
    roles = [r for r, _, _ in five(read_report(seed("000")))]
    assert roles == [
        "other",
        "problem",
        "problem",
        "problem",
        "other",
        "measure",
        "measure",
        "measure",
    ]


def test_sub_part_headings_switch_roles_in_seed001():
    sentences = five(read_report(seed("001")))
    assert sentences[0][:2] == ("other", True) and sentences[0][2] == "存在的问题："
    heading = next(i for i, s in enumerate(sentences) if s[2] == "改进措施：")
    assert all(r == "problem" for r, _, _ in sentences[1:heading])
    assert all(r == "measure" for r, _, _ in sentences[heading + 1 :])


def test_enumerations_and_clauses():
    text = "某某乡人民政府2024年政府信息公开工作年度报告\n一、总体情况\n本年度工作有序。一是加强领导，明确分工；二是完善制度。\n"
    r = build_report(RawDocument(path="x.md", fmt="md", text=text))
    general = [s for s in r.sentences if s.part == "general"]
    assert [s.text for s in general] == [
        "本年度工作有序。",
        "一是加强领导，明确分工；",
        "二是完善制度。",
    ]
    first = general[1]
    assert [r.document.text[a:b] for a, b in first.clauses] == ["一是加强领导", "明确分工；"]


def test_preamble_is_kept_for_copy_detection():
    r = read_report(seed("001"))
    preamble = [s for s in r.sentences if s.part == "preamble"]
    assert preamble and preamble[0].text.startswith("根据《中华人民共和国政府信息公开条例》")
    assert not any(s.text.endswith("年度报告") for s in preamble)  # the title is not a sentence
