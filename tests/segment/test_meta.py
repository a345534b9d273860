from __future__ import annotations

from nianbao.records import RawDocument
from nianbao.report import build_report

BODY = (
    "一、总体情况\n全年工作有序开展。\n二、主动公开政府信息情况\n略。\n三、收到和处理政府信息公开申请情况\n略。\n"
    "四、政府信息公开行政复议、行政诉讼情况\n略。\n五、存在的主要问题及改进情况\n问题不少。\n"
    "六、其他需要报告的事项\n本年度无收取信息处理费情况。\n"
)


def meta_of(text: str):
    return build_report(RawDocument(path="t.txt", fmt="txt", text=text)).meta


def test_the_signature_date_is_the_report_date_and_the_page_date_only_a_fallback():
    head = "某某县林业局2019年政府信息公开工作年度报告\n发布时间：2020-01-16 09:30\n"
    signed = meta_of(head + BODY + "某某县林业局\n2020年1月2日\n")
    assert signed.published == "2020-01-02"
    assert ("published", "落款日期", "2020-01-02") in signed.evidence
    unsigned = meta_of(head + BODY)
    assert unsigned.published == "2020-01-16"


def test_a_signature_glued_to_the_last_sentence_is_cut_off_part_six():
    text = "某某县林业局2019年政府信息公开工作年度报告\n" + BODY.replace(
        "本年度无收取信息处理费情况。\n", "本年度无收取信息处理费情况。某某县林业局2020年1月2日\n"
    )
    report = build_report(RawDocument(path="t.txt", fmt="txt", text=text))
    assert report.part("other").body.strip() == "本年度无收取信息处理费情况。"
    assert report.meta.published == "2020-01-02"
