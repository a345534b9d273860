"""Each rule with a passing and a failing case, on small reports built from real layouts.

Includes every item of the peer tool's check list (identity, result totals, column sums,
table 4 sums, text against table, blank cells, missing tables, part five gap, fee conflict)."""

from __future__ import annotations

import pytest

from nianbao.checks import BY_ID, RULES, run_checks
from nianbao.records import RawDocument
from nianbao.report import build_report, read_report
from tests.conftest import CORPUS, seed

BASE = seed("002").read_text(encoding="utf-8")  # 2024, tab layout with 总计, all zeros


def report(text: str, path: str = "t.md"):
    return build_report(RawDocument(path=path, fmt="md", text=text))


def keys(text: str, rule: str | None = None, previous=None, severities=("error", "warning")):
    found = run_checks(report(text), previous)
    return {
        f.key for f in found if f.severity in severities and (rule is None or f.rule_id == rule)
    }


def set_row(text: str, label: str, values: list[str]) -> str:
    """Replace the values of the tab row whose first non-empty cell starts with ``label``."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        cells = line.split("\t")
        first = next((k for k, c in enumerate(cells) if c.strip()), None)
        if (
            first is not None
            and "\t" in line
            and label in cells[first] + (cells[first + 1] if first + 1 < len(cells) else "")
        ):
            j = max(k for k, c in enumerate(cells) if c.strip() and not c.strip().isdigit()) + 1
            new = cells[:j] + values
            lines[i] = "\t".join(new)
            return "\n".join(lines)
    raise AssertionError(f"row {label} not found")


def test_baseline_seed_has_no_table_findings():
    assert keys(BASE, "t3.identity") == set()
    assert keys(BASE, "t4.total") == set()
    assert keys(BASE, "text.vs_t3") == set()


def test_every_rule_is_declared_with_text():
    ids = [r.id for r in RULES]
    assert len(ids) == len(set(ids)) >= 20
    for r in RULES:
        assert r.title and r.message and r.explanation and r.basis and r.example
        assert r.severity in {"error", "warning", "info"}


# --- table 3 ---------------------------------------------------------------------------


def test_t3_identity_fails_when_new_plus_carried_differs():
    text = set_row(BASE, "一、本年新收", ["3", "0", "0", "0", "0", "0", "3"])
    found = keys(text, "t3.identity")
    assert {"table3.identity.natural_person", "table3.identity.total"} <= found


def test_t3_identity_passes_when_balanced():
    text = set_row(BASE, "一、本年新收", ["3", "0", "0", "0", "0", "0", "3"])
    text = set_row(text, "(一) 予以公开", ["2", "0", "0", "0", "0", "0", "2"])
    text = set_row(text, "(七) 总计", ["2", "0", "0", "0", "0", "0", "2"])
    text = set_row(text, "四、结转下年度", ["1", "0", "0", "0", "0", "0", "1"])
    assert keys(text, "t3.identity") == set()
    assert keys(text, "t3.result_total") == set()
    assert keys(text, "t3.row_total") == set()


def test_t3_result_total():
    text = set_row(BASE, "(一) 予以公开", ["2", "0", "0", "0", "0", "0", "2"])
    found = run_checks(report(text))
    f = next(f for f in found if f.key == "table3.result_total.natural_person")
    assert (f.left, f.right, f.difference) == (2, 0, 2)
    assert any(e.kind == "cell" and e.row == "total" for e in f.evidence)


def test_t3_row_total_and_its_skip_without_total_column():
    text = set_row(BASE, "(一) 予以公开", ["2", "1", "0", "0", "0", "0", "2"])
    assert "table3.row_total.granted" in keys(text, "t3.row_total")
    no_total = run_checks(report(seed("001").read_text(encoding="utf-8")))
    skip = [f for f in no_total if f.rule_id == "t3.row_total"]
    assert len(skip) == 1 and skip[0].severity == "info" and not skip[0].evaluated


def test_t3_cells_blank_slash_text():
    text = set_row(BASE, "二、上年结转", ["0", "", "/", "—", "无", "0", "0"])
    found = {f.key: f.severity for f in run_checks(report(text)) if f.rule_id == "t3.cells"}
    assert found == {
        "table3.carried.business": "warning",
        "table3.carried.research": "warning",
        "table3.carried.nonprofit": "warning",
        "table3.carried.legal_services": "error",
    }
    # a blank cell makes its column's sums unknowable: said, not passed silently
    infos = [f for f in run_checks(report(text)) if f.rule_id == "t3.identity" and not f.evaluated]
    assert infos


def test_t3_missing_cells_of_a_truncated_export_are_one_finding():
    # the export dropped the 其他 column of 19 rows: one cause, one finding listing the cells
    found = [
        f
        for f in run_checks(report(seed("001").read_text(encoding="utf-8")))
        if f.rule_id == "t3.cells"
    ]
    assert [f.key for f in found] == ["table3.col.other_org"]
    assert len(found[0].evidence) == 19


def test_a_row_empty_alike_is_one_finding_and_a_lone_cell_its_own():
    text = set_row(BASE, "二、上年结转", ["", "", "", "", "", "", ""])
    text = set_row(text, "一、本年新收", ["0", "/", "0", "0", "0", "0", "0"])
    found = {f.key: len(f.evidence) for f in run_checks(report(text)) if f.rule_id == "t3.cells"}
    assert found == {"table3.carried": 7, "table3.new.business": 1}


def test_a_file_that_is_not_a_report_gets_one_finding():
    template = CORPUS / "docx" / "format-2021-blank-template.docx"
    found = run_checks(read_report(template))
    assert [(f.rule_id, f.severity) for f in found] == [("file.kind", "error")]
    assert "模板" in found[0].message


# --- table 4 ---------------------------------------------------------------------------


def test_t4_total():
    lines = BASE.split("\n")
    i = next(
        k for k, line in enumerate(lines) if line.startswith("0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0")
    )
    lines[i] = "\t".join(
        ["2", "1", "0", "0", "3", "1", "0", "0", "0", "2", "0", "0", "0", "0", "0"]
    )
    text = "\n".join(lines)
    assert keys(text, "t4.total") == {"table4.total.suit_direct"}


# --- table 2 ---------------------------------------------------------------------------


def test_t2_blank_and_negative():
    assert "table2.normative.in_force" in keys(
        seed("004").read_text(encoding="utf-8"), "t2.numeric"
    )
    text = set_row(BASE, "行政规范性文件", ["-1", "0", "0"])
    found = [f for f in run_checks(report(text)) if f.rule_id == "t2.numeric"]
    assert [(f.key, f.severity) for f in found] == [("table2.normative.issued", "error")]


# --- text against tables -------------------------------------------------------------------


def test_text_vs_t3_zero_statement_against_table():
    # seed 002 says 未收到申请; the table now says 3 new applications
    text = set_row(BASE, "一、本年新收", ["3", "0", "0", "0", "0", "0", "3"])
    text = set_row(text, "四、结转下年度", ["3", "0", "0", "0", "0", "0", "3"])
    found = [f for f in run_checks(report(text)) if f.rule_id == "text.vs_t3"]
    assert [(f.key, f.left, f.right) for f in found] == [("text.vs_t3.new", 0, 3)]
    assert found[0].evidence[0].kind == "text" and "未收到" in found[0].evidence[0].quote


@pytest.mark.parametrize(
    ("sentence", "ok"),
    [
        ("全年共收到政府信息公开申请3件。", True),
        ("全年共收到政府信息公开申请三件。", True),
        ("本年度共收到3件申请，办结3件。", True),
        ("全年共收到政府信息公开申请5件。", False),
        ("全年共收到政府信息公开申请五件。", False),
        ("共收到申请3件，同意公开答复数1件。", True),  # the 予以公开 count, not all answers
    ],
)
def test_text_vs_t3_numbers_in_arabic_and_chinese(sentence, ok):
    text = set_row(BASE, "一、本年新收", ["3", "0", "0", "0", "0", "0", "3"])
    text = set_row(text, "(一) 予以公开", ["3", "0", "0", "0", "0", "0", "3"])
    text = set_row(text, "(七) 总计", ["3", "0", "0", "0", "0", "0", "3"])
    text = text.replace("2024 年我乡未收到申请公开。", sentence)
    assert (keys(text, "text.vs_t3") == set()) is ok


def test_text_vs_t4_review_count_and_results():
    lines = BASE.split("\n")
    i = next(
        k for k, line in enumerate(lines) if line.startswith("0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0")
    )
    lines[i] = "\t".join(["1", "1", "0", "0", "2"] + ["0"] * 10)
    text = "\n".join(lines).replace(
        "2024 年我乡未收到申请公开。", "全年发生行政复议3件，其中结果维持2件。"
    )
    found = keys(text, "text.vs_t4")
    assert found == {"text.vs_t4.review", "text.vs_t4.review.upheld"}


def test_fee_conflict_is_not_administrative_charges():
    # 行政事业性收费 is in table 2; the 信息处理费 statement is what 六 must hold
    text = BASE.replace(
        "按照《国务院办公厅关于印发〈政府信息公开信息处理费管理办法〉的通知》（国办函〔2020〕109号）规定的按件、按量收费标准。2024年度未产生信息公开处理费。",
        "本年度行政事业性收费0万元。",
    )
    assert keys(text, "sec6.fee_statement") == {"sec6.fee_statement"}
    assert keys(BASE, "sec6.fee_statement") == set()
    # the applicants' fee named in other words still reports it
    other_words = BASE.replace(
        "按照《国务院办公厅关于印发〈政府信息公开信息处理费管理办法〉的通知》（国办函〔2020〕109号）规定的按件、按量收费标准。2024年度未产生信息公开处理费。",
        "本年度无向申请人收取政府信息公开费用的情况。",
    )
    assert keys(other_words, "sec6.fee_statement") == set()


def test_sum_of_parts():
    ok = "全年共发布政务信息51条，其中工作动态20条，各类政策信息31条。"
    too_many = "全年共发布政务信息51条，其中工作动态30条，各类政策信息31条。"
    short = "全年共发布政务信息51条，其中工作动态10条，各类政策信息31条。"
    nested = "共发布380条，其中专项资金152条，预决算197条（政府32条、部门165条）、三公经费27条、债券4条。"
    bare = "全年共发布政务信息51条，其中工作动态10条，各类政策信息 37，其他4条。"  # 37 lacks 条
    cases = ((ok, None), (too_many, "error"), (short, "warning"), (nested, None), (bare, None))
    for sentence, expected in cases:
        text = BASE.replace("2024 年我乡未收到申请公开。", sentence)
        found = [f for f in run_checks(report(text)) if f.rule_id == "text.sum_of_parts"]
        assert [f.severity for f in found] == ([] if expected is None else [expected]), sentence


def test_text_vs_t2_in_force():
    text = BASE.replace("2024 年我乡未收到申请公开。", "现行有效行政规范性文件5件。")
    assert keys(text, "text.vs_t2") == {"text.vs_t2.normative.in_force"}


# --- format ---------------------------------------------------------------------------


def test_missing_table_is_reported_and_rules_say_why():
    start = BASE.index("#### 四、政府信息公开行政复议")
    end = BASE.index("#### 五、存在的主要问题")
    text = BASE[:start] + BASE[end:]
    found = run_checks(report(text))
    assert {"format.tables.table4", "format.sections.appeals"} <= {f.key for f in found}
    t4 = [f for f in found if f.rule_id == "t4.total"]
    assert len(t4) == 1 and not t4[0].evaluated and "表四" in t4[0].message


def test_part_five_gap():
    start = BASE.index("#### 五、存在的主要问题")
    end = BASE.index("#### 六、其他需要报告的事项")
    text = (
        BASE[:start]
        + "#### 五、存在的主要问题及改进情况\n\n下一步我乡将加强培训，完善制度。\n\n"
        + BASE[end:]
    )
    assert keys(text, "format.problems_measures") == {"format.problems_measures.problems"}
    assert keys(BASE, "format.problems_measures") == set()


def test_sections_order_and_missing():
    found = keys(seed("004").read_text(encoding="utf-8"), "format.sections")
    assert found == {"format.sections.order"}


def test_format_version_against_year():
    text = seed("003").read_text(encoding="utf-8").replace("2020", "2022")
    assert keys(text, "format.version") == {"format.version"}
    assert keys(seed("003").read_text(encoding="utf-8"), "format.version") == set()


def test_period_statement_and_its_year():
    assert keys(seed("004").read_text(encoding="utf-8"), "format.period") == {"format.period"}
    text = BASE.replace("统计时限为 2024 年 1 月 1 日", "统计时限为 2023 年 1 月 1 日")
    found = [f for f in run_checks(report(text)) if f.rule_id == "format.period"]
    assert [(f.key, f.severity) for f in found] == [("format.period.year", "error")]


@pytest.mark.parametrize(
    ("level", "published", "expected"),
    [
        ("乡镇", "2025-01-03", set()),
        ("乡镇", "2025-03-31", set()),
        ("乡镇", "2025-04-08", {"date.deadline"}),
        ("部门", "2025-02-08", {"date.deadline"}),
        ("乡镇", "2024-12-20", {"date.deadline"}),
    ],
)
def test_deadline(level, published, expected):
    from dataclasses import replace

    r = report(seed("004").read_text(encoding="utf-8"))
    r = replace(r, meta=replace(r.meta, level=level, published=published))
    assert {
        f.key for f in run_checks(r) if f.rule_id == "date.deadline" and f.severity != "info"
    } == expected


# --- cross-year --------------------------------------------------------------------------


def test_carryover_and_in_force_across_years():
    last = set_row(BASE, "四、结转下年度", ["2", "0", "0", "0", "0", "0", "2"])
    last = set_row(last, "一、本年新收", ["2", "0", "0", "0", "0", "0", "2"])
    last = set_row(last, "行政规范性文件", ["0", "0", "4"]).replace("2024", "2023")
    this = set_row(BASE, "行政规范性文件", ["1", "0", "6"])
    found = keys(this, previous=report(last))
    assert {
        "xyear.carryover.natural_person",
        "xyear.carryover.total",
        "xyear.in_force.normative",
    } <= found
    assert not any(
        k.startswith("xyear") for k in keys(BASE, previous=report(BASE.replace("2024", "2023")))
    )


def test_a_failing_rule_does_not_stop_the_others(monkeypatch):
    from dataclasses import replace

    import nianbao.checks as checks

    def boom(ctx, rule):
        raise RuntimeError("bug")

    broken = tuple(replace(r, check=boom) if r.id == "t3.identity" else r for r in RULES)
    monkeypatch.setattr(checks, "RULES", broken)
    found = checks.run_checks(report(seed("004").read_text(encoding="utf-8")))
    assert any(f.rule_id == "t3.identity" and "出错" in f.message for f in found)
    assert any(f.rule_id == "sec6.fee_statement" for f in found)


def test_rule_lookup():
    assert BY_ID["t3.identity"].category == "table"


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("行政复议5件，其中结果维持3件，结果纠正1件，尚未审结1件。", []),
        ("行政复议5件，其中结果维持3件，结果纠正3件。", ["error"]),
        ("收到申请21件，其中自然人20件，法人1件。", []),
        ("收到申请21件，其中自然人22件。", ["error"]),
    ],
)
def test_sum_of_parts_for_reviews_and_applications(sentence, expected):
    text = BASE.replace("2024 年我乡未收到申请公开。", sentence)
    found = [f for f in run_checks(report(text)) if f.rule_id == "text.sum_of_parts"]
    assert [f.severity for f in found] == expected


def test_a_problem_said_thousands_of_times_is_fifty_findings_and_a_count(tmp_path):
    from nianbao.checks import MAX_FINDINGS_PER_RULE, run_checks
    from nianbao.report import read_report

    lines = ["某镇人民政府2023年政府信息公开工作年度报告", "一、总体情况"]
    lines += [f"共{k + 20}条，其中政策文件{k}条，工作动态5条，通知公告5条。" for k in range(400)]
    lines += ["二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
              "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况",
              "六、其他需要报告的事项"]  # fmt: skip
    path = tmp_path / "sums.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    findings = [f for f in run_checks(read_report(path)) if f.rule_id == "text.sum_of_parts"]
    assert len(findings) == MAX_FINDINGS_PER_RULE + 1
    assert "另有 350 处" in findings[-1].message


def test_every_rule_message_is_formatted_with_fields_its_check_supplies():
    """Each ``rule.finding(...)`` call in a rule's check (or the helpers of its module it calls)
    gives every placeholder of the rule's message, unless it gives its own message."""
    import ast
    import inspect
    import string

    from nianbao.checks.rules import RULES

    computed = {"left", "right", "diff"}  # from left= and right=
    checked = 0
    for rule in RULES:
        fields = {f for _, f, _, _ in string.Formatter().parse(rule.message) if f}
        module = inspect.getmodule(rule.check)
        tree = ast.parse(inspect.getsource(module))
        functions = {n.name: n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)}
        # the check and the module's functions it calls, transitively
        todo, seen = [rule.check.__name__], set()
        while todo:
            name = todo.pop()
            if name in seen or name not in functions:
                continue
            seen.add(name)
            for node in ast.walk(functions[name]):
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                    todo.append(node.func.id)
        calls = [
            node for name in seen for node in ast.walk(functions[name])
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr == "finding"
        ]  # fmt: skip
        for call in calls:
            keywords = {k.arg for k in call.keywords}
            if None in keywords or "message" in keywords:
                continue  # **fields, or a message of its own
            given = keywords | (computed if {"left", "right"} & keywords else set())
            assert fields <= given, (rule.id, fields - given)
            checked += 1
    assert checked >= len(RULES), checked  # every rule has at least one call on average
