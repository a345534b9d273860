"""The canonical tables of both formats, declared as data.

Each row has an id, the label patterns that recognise it (matched on the label with all
whitespace removed), and the ids of its value columns in order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class RowSpec:
    table: str
    id: str
    label: str  # canonical label (Chinese), for people
    pattern: re.Pattern[str]
    columns: tuple[str, ...]


def _row(table: str, id_: str, label: str, pattern: str, columns: tuple[str, ...]) -> RowSpec:
    return RowSpec(table, id_, label, re.compile(pattern), columns)


T2_2021_COLUMNS = {
    "issued": "本年制发件数",
    "repealed": "本年废止件数",
    "in_force": "现行有效件数",
    "decisions": "本年处理决定数量",
    "amount": "本年收费金额（万元）",
}
T2_2019_COLUMNS = {
    "made": "本年新制作数量",
    "published": "本年新公开数量",
    "total_published": "对外公开总数量",
    "previous": "上一年项目数量",
    "change": "本年增/减",
    "decisions": "处理决定数量",
    "count": "采购项目数量",
    "amount": "采购总金额",
}
_DOCS_2021 = ("issued", "repealed", "in_force")
_DOCS_2019 = ("made", "published", "total_published")
_ITEMS_2019 = ("previous", "change", "decisions")

TABLE2_2021 = (
    _row("table2", "rules", "规章", r"规章$", _DOCS_2021),
    _row("table2", "normative", "行政规范性文件", r"规范性文件$", _DOCS_2021),
    _row("table2", "license", "行政许可", r"行政许可$", ("decisions",)),
    _row("table2", "penalty", "行政处罚", r"行政处罚$", ("decisions",)),
    _row("table2", "enforcement", "行政强制", r"行政强制$", ("decisions",)),
    _row("table2", "admin_fees", "行政事业性收费", r"行政事业性收费$", ("amount",)),
)
TABLE2_2019 = (
    _row("table2", "rules", "规章", r"规章$", _DOCS_2019),
    _row("table2", "normative", "规范性文件", r"规范性文件$", _DOCS_2019),
    _row("table2", "license", "行政许可", r"行政许可$", _ITEMS_2019),
    _row("table2", "other_services", "其他对外管理服务事项", r"其他对外管理服务事项$", _ITEMS_2019),
    _row("table2", "penalty", "行政处罚", r"行政处罚$", _ITEMS_2019),
    _row("table2", "enforcement", "行政强制", r"行政强制$", _ITEMS_2019),
    _row("table2", "admin_fees", "行政事业性收费", r"行政事业性收费$", ("previous", "change")),
    _row("table2", "procurement", "政府集中采购", r"政府集中采购$", ("count", "amount")),
)

T3_COLUMNS = {
    "natural_person": "自然人",
    "business": "商业企业",
    "research": "科研机构",
    "nonprofit": "社会公益组织",
    "legal_services": "法律服务机构",
    "other_org": "其他",
    "total": "总计",
}
_T3 = tuple(T3_COLUMNS)
TABLE3 = tuple(
    _row("table3", id_, label, pattern, _T3)
    for id_, label, pattern in (
        ("new", "一、本年新收政府信息公开申请数量", r"本年新收"),
        ("carried", "二、上年结转政府信息公开申请数量", r"上年结转"),
        ("granted", "（一）予以公开", r"予以公开"),
        ("partial", "（二）部分公开", r"部分公开"),
        ("denied_1", "（三）不予公开 1.属于国家秘密", r"国家秘密"),
        ("denied_2", "2.其他法律行政法规禁止公开", r"其他法律|行政法规禁止"),
        ("denied_3", "3.危及“三安全一稳定”", r"三安全一稳定|危及"),
        ("denied_4", "4.保护第三方合法权益", r"第三方合法权益"),
        ("denied_5", "5.属于三类内部事务信息", r"内部事务"),
        ("denied_6", "6.属于四类过程性信息", r"过程性信息"),
        ("denied_7", "7.属于行政执法案卷", r"行政执法案卷"),
        ("denied_8", "8.属于行政查询事项", r"行政查询事项"),
        ("unable_1", "（四）无法提供 1.本机关不掌握相关政府信息", r"不掌握"),
        ("unable_2", "2.没有现成信息需要另行制作", r"没有现成信息|另行制作"),
        ("unable_3", "3.补正后申请内容仍不明确", r"补正后"),
        ("not_processed_1", "（五）不予处理 1.信访举报投诉类申请", r"信访举报"),
        ("not_processed_2", "2.重复申请", r"重复申请"),
        ("not_processed_3", "3.要求提供公开出版物", r"公开出版物"),
        ("not_processed_4", "4.无正当理由大量反复申请", r"大量反复"),
        ("not_processed_5", "5.要求行政机关确认或重新出具已获取信息", r"确认或重新出具|重新出具"),
        ("other_1", "（六）其他处理 1.申请人无正当理由逾期不补正…", r"逾期不补正"),
        ("other_2", "2.申请人逾期未按收费通知要求缴纳费用…", r"收费通知|缴纳费用"),
        ("other_3", "3.其他", r"(?:^|[^\d])3[.、．]?其他$"),
        ("other", "（六）其他处理", r"其他处理$"),
        ("total", "（七）总计", r"总计$"),
        ("carry_forward", "四、结转下年度继续办理", r"结转下年"),
    )
)

T4_COLUMNS = {
    "upheld": "结果维持",
    "corrected": "结果纠正",
    "other": "其他结果",
    "pending": "尚未审结",
    "total": "总计",
}
T4_ROWS = {
    "review": "行政复议",
    "suit_direct": "行政诉讼·未经复议直接起诉",
    "suit_after_review": "行政诉讼·复议后起诉",
}

TABLE_TITLES = {
    "table2": "主动公开政府信息情况",
    "table3": "收到和处理政府信息公开申请情况",
    "table4": "政府信息公开行政复议、行政诉讼情况",
}
TABLE_NUMBERS = {"table2": "二", "table3": "三", "table4": "四"}


def table_name(table: str) -> str:
    """表二, 表三, 表四."""
    return "表" + TABLE_NUMBERS[table]


def row_label(table: str, row: str, version: str = "2021") -> str:
    if table == "table4":
        return T4_ROWS.get(row, row)
    specs = TABLE3 if table == "table3" else TABLE2_2019 if version == "2019" else TABLE2_2021
    return next((s.label for s in specs if s.id == row), row)


def column_label(table: str, col: str, version: str = "2021") -> str:
    if table == "table3":
        return T3_COLUMNS.get(col, col)
    if table == "table4":
        return T4_COLUMNS.get(col, col)
    return (T2_2019_COLUMNS if version == "2019" else T2_2021_COLUMNS).get(col, col)
