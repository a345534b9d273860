from __future__ import annotations

from nianbao.corpus.copies import covered_share, find_copies
from nianbao.records import RawDocument
from nianbao.report import build_report

PROBLEMS = "一是各办沟通协调水平有待进一步提升，主动配合重大事项公开的意识还不够强。二是工作人员更换频繁，接手政务公开工作时间较短，信息内容把关不够。"


def report(unit: str, year: int, five: str, path: str):
    text = (
        f"{unit}{year}年政府信息公开工作年度报告\n一、总体情况\n{year}年，{unit[:3]}依照职责开展{path}相关工作。\n"
        f"五、存在的主要问题及改进情况\n{five}\n六、其他需要报告的事项\n{year}年度未收取信息处理费。\n"
    )
    return build_report(RawDocument(path=path, fmt="txt", text=text))


def test_verbatim_near_and_reordered_copies_between_units():
    a = report("甲县甲乡人民政府", 2024, PROBLEMS + "三是按时开展培训。", "a.txt")
    near = PROBLEMS.replace("各办", "各站所").replace("时间较短", "时间不长")
    b = report("乙县乙乡人民政府", 2024, "本乡另有情况说明，与他处不同。" + near, "b.txt")
    sentences = PROBLEMS.split("。")
    c = report("丙县丙镇人民政府", 2024, sentences[1] + "。" + sentences[0] + "。", "c.txt")
    pairs = find_copies([a, b, c])
    kinds = {(p.a.report, p.b.report): p.kind for p in pairs if p.relation == "copy"}
    assert kinds[("a.txt", "b.txt")] == "near"
    assert kinds[("a.txt", "c.txt")] == "verbatim"  # reordered sentences, each copied verbatim
    ab = next(p for p in pairs if (p.a.report, p.b.report) == ("a.txt", "b.txt"))
    assert "各站所" in ab.b.text and "各办" in ab.a.text  # both sides' spans
    assert covered_share(b, [ab.b.span]) > 0.5


def test_same_unit_last_year_is_stickiness_not_copy():
    a = report("甲县甲乡人民政府", 2023, PROBLEMS, "a.txt")
    b = report("甲县甲乡人民政府", 2024, PROBLEMS, "b.txt")
    pairs = find_copies([a, b])
    assert pairs and {p.relation for p in pairs} == {"stickiness"}


def test_mandated_formulas_and_unrelated_text_are_not_copies():
    a = report(
        "甲县甲乡人民政府",
        2024,
        "根据《中华人民共和国政府信息公开条例》规定，认真开展工作。",
        "a.txt",
    )
    b = report(
        "乙县乙乡人民政府",
        2024,
        "根据《中华人民共和国政府信息公开条例》规定，主动接受监督。",
        "b.txt",
    )
    assert find_copies([a, b]) == []
