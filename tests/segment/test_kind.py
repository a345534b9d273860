from __future__ import annotations

from nianbao.records import RawDocument
from nianbao.report import build_report

HEADINGS = "一、总体情况\n二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况\n" + (
    "四、政府信息公开行政复议、行政诉讼情况\n五、存在的主要问题及改进情况\n六、其他需要报告的事项\n"
)


def kind_of(text: str) -> tuple[str, str]:
    meta = build_report(RawDocument(path="t.txt", fmt="txt", text=text)).meta
    return meta.kind, meta.kind_reason


def test_a_format_with_its_headings_only_is_a_blank_template():
    kind, reason = kind_of("政府信息公开工作年度报告（格式）\n" + HEADINGS)
    assert kind == "not_report" and "模板" in reason
    kind, reason = kind_of("某某镇2023年政府信息公开工作年度报告\n" + HEADINGS)
    assert kind == "not_report" and "模板" in reason


def test_a_sample_text_with_placeholders_is_not_a_report():
    body = "".join(
        f"{h}\nxx市环境保护局认真贯彻执行条例，切实加强领导，健全机制，完善制度，狠抓落实。\n"
        for h in HEADINGS.splitlines()
    )
    kind, reason = kind_of("环保局年度信息公开工作报告\n" + body)
    assert kind == "not_report" and "占位符" in reason


def test_an_article_of_a_rule_is_not_a_report_title():
    body = "".join(f"{h}\n按要求如实填写。\n" for h in HEADINGS.splitlines()[:3])
    kind, _ = kind_of("第三条 各部门负责编制本单位的政府信息公开年度报告\n" + body)
    assert kind == "not_report"
