"""A generator of realistic corpora with planted truth, at any size.

``python -m evaluation.synth --reports N --seed S --out DIR`` writes N reports for fictitious
townships grouped into counties over several years, in the real layouts of the shipped corpus:
text extracted from PDF (space-separated rows), Markdown with tab rows, Word export with one
cell per line, HTML with rowspan/colspan tables, and PDF with ruled tables. Narrative text is
recombined from the real reports' sentences (unit names and years generalised); tables are
consistent — across years too — unless an error is planted. ``truth.json`` records every
table cell, every planted error (with the rule that must catch it), every copied passage
between units of one county (verbatim, near, reordered, paraphrased), every report that
repeats last year's text, and which narrative sentences came from one origin. Each unit also
writes sentences about its own villages and cases (``_LOCAL``): a planted copy carries one of
them along with a stock sentence, as a township copying its neighbour's paragraph does. The same seed
gives the same corpus.
"""

from __future__ import annotations

import argparse
import html
import json
import random
import re
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from nianbao.tables.schema import T3_COLUMNS, T4_COLUMNS, T4_ROWS, TABLE3

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpora"
LAYOUTS = ("text", "markdown", "word", "html", "pdf")
T3_ROWS_2021 = [s for s in TABLE3 if s.id != "other"]
RESULT_ROWS = [
    s.id for s in T3_ROWS_2021 if s.id not in {"new", "carried", "total", "carry_forward"}
]
APPLICANTS = list(T3_COLUMNS)[:6]

_SYLLABLES = "青石柳河云溪白沙红岩清水东坪西岭南山北川龙泉凤凰桃园梨花金鸡玉泉马莲杨庄李堡高台下寨新城古渡黄土双井"
_COUNTY_SUFFIX = "县"
_TOWN_SUFFIX = ("乡", "镇")
_SYNONYMS = [
    ("进一步", "持续"), ("加强", "强化"), ("提升", "提高"), ("工作人员", "干部职工"), ("信息公开", "政务公开"),
    ("及时", "第一时间"), ("完善", "健全"), ("存在", "还有"), ("不够", "尚不"), ("确保", "保证"),
    ("群众", "老百姓"), ("认真", "切实"), ("有待", "仍需"), ("开展", "组织"), ("规范", "标准"),
]  # fmt: skip


@dataclass
class Unit:
    name: str  # 青石县柳河乡人民政府
    short: str  # 柳河乡
    county: str


@dataclass
class Sentence:
    text: str
    origin: str  # pool id, or "gen:…" for generated, "copy:…" for planted


@dataclass
class Spec:
    unit: Unit
    year: int
    layout: str
    parts: dict[str, list[list[Sentence]]] = field(default_factory=dict)  # part → paragraphs
    t2: dict[str, dict[str, str]] = field(default_factory=dict)
    t3: dict[str, dict[str, str]] = field(default_factory=dict)
    t4: dict[str, dict[str, str]] = field(default_factory=dict)
    planted: list[dict] = field(default_factory=list)
    fee: bool = True
    file: str = ""


# --- sentence pools from the real corpus ---------------------------------------------------


def _generalise(text: str, report) -> str | None:
    unit = report.meta.unit or ""
    names = {unit, re.sub(r"人民政府$", "", unit)}
    short = re.sub(r"^.*?[县区市]", "", re.sub(r"人民政府$", "", unit))
    if short:
        names.add(short)
    for name in sorted((n for n in names if len(n) >= 2), key=len, reverse=True):
        text = text.replace(name, "{unit}")
    year = report.meta.year
    if year:
        text = (
            text.replace(f"{year}年", "{year}年")
            .replace(f"{year - 1}年", "{prev}年")
            .replace(f"{year + 1}年", "{next}年")
        )
    if re.search(r"(?:19|20)\d\d", text):
        return None
    if re.search(r"\d|[一二三四五六七八九十两]+[件条个]", text) and re.search(
        r"申请|复议|诉讼|其中|共|规范性文件|处理费", text
    ):
        return None  # numbers that a check would compare with the tables
    if re.search(r"复议|诉讼|申请\S{0,6}件|未收到|处理费|收费", text) or len(text) < 12:
        return None  # statements the generator writes itself, consistent with the tables
    return re.sub(
        r"^(?:[一二三四五六七八九十]+是|[（(][一二三四五六七八九十]+[）)]|\d[、.])", "", text
    ).strip()


def build_pools() -> dict[str, list[str]]:
    from nianbao import read_report

    pools: dict[str, list[str]] = defaultdict(list)
    for path in sorted(CORPUS.rglob("*")):
        if path.suffix not in {".txt", ".html", ".pdf"}:
            continue
        report = read_report(path)
        for s in report.sentences:
            if s.heading:
                continue
            text = _generalise(s.text, report)
            if not text:
                continue
            key = s.part if s.part != "problems" else f"problems.{s.role}"
            if key in {"general", "problems.problem", "problems.measure", "other"}:
                pools[key].append(text)
    return {k: sorted(set(v)) for k, v in pools.items()}


# --- paraphrase and edits -----------------------------------------------------------------


def paraphrase(text: str, rng: random.Random) -> str:
    """Reword by rule: synonyms, clauses reordered, a different opening."""
    out = text.rstrip("。；")
    for a, b in rng.sample(_SYNONYMS, len(_SYNONYMS)):
        if a in out:
            out = out.replace(a, b, 1)
    clauses = re.split(r"[，,]", out)
    if len(clauses) > 2:
        head, rest = clauses[0], clauses[1:]
        rng.shuffle(rest)
        out = "，".join([head, *rest])
    return rng.choice(["在这方面，", "具体来看，", "从实际情况看，", ""]) + out + "。"


def near_edit(text: str, rng: random.Random, unit: Unit) -> str:
    out = text
    for a, b in rng.sample(_SYNONYMS, 2):
        out = out.replace(a, b, 1)
    return out.replace("我乡", f"我{unit.short[-1]}") if "我乡" in out else out


# --- tables ----------------------------------------------------------------------------------


def make_tables(spec: Spec, previous: Spec | None, rng: random.Random) -> None:
    prev_in_force = int(previous.t2["normative"]["in_force"]) if previous else rng.randint(0, 6)
    issued, repealed = rng.randint(0, 3), rng.randint(0, 1)
    repealed = min(repealed, prev_in_force + issued)
    spec.t2 = {
        "rules": {"issued": "0", "repealed": "0", "in_force": "0"},
        "normative": {"issued": str(issued), "repealed": str(repealed), "in_force": str(prev_in_force + issued - repealed)},
        "license": {"decisions": str(rng.choice([0, 0, rng.randint(1, 40)]))},
        "penalty": {"decisions": str(rng.choice([0, rng.randint(1, 30)]))},
        "enforcement": {"decisions": "0"},
        "admin_fees": {"amount": "0"},
    }  # fmt: skip
    t3: dict[str, dict[str, int]] = {s.id: dict.fromkeys(T3_COLUMNS, 0) for s in T3_ROWS_2021}
    for col in APPLICANTS:
        new = (
            rng.choice([0, 0, 0, 1, 2, 3, 5])
            if col in ("natural_person", "business")
            else rng.choice([0, 0, 0, 0, 1])
        )
        carried = int(previous.t3["carry_forward"][col]) if previous else 0
        t3["new"][col], t3["carried"][col] = new, carried
        handled = new + carried
        forward = rng.choice([0, 0, 0, 1]) if handled else 0
        forward = min(forward, handled)
        t3["carry_forward"][col] = forward
        left = handled - forward
        t3["total"][col] = left
        for _ in range(left):
            t3[
                rng.choice(
                    [
                        "granted",
                        "granted",
                        "partial",
                        "unable_1",
                        "denied_6",
                        "not_processed_2",
                        "other_3",
                    ]
                )
            ][col] += 1
    for row in t3:
        t3[row]["total"] = sum(t3[row][c] for c in APPLICANTS)
    spec.t3 = {r: {c: str(v) for c, v in cols.items()} for r, cols in t3.items()}
    t4: dict[str, dict[str, int]] = {}
    for row in T4_ROWS:
        vals = {
            c: (rng.choice([0, 0, 0, 0, 1]) if spec.unit.short.endswith("镇") else 0)
            for c in list(T4_COLUMNS)[:4]
        }
        vals["total"] = sum(vals.values())
        t4[row] = vals
    spec.t4 = {r: {c: str(v) for c, v in cols.items()} for r, cols in t4.items()}


# --- narrative ----------------------------------------------------------------------------

# What only this unit can write: its villages, its columns, its own cases. Stock wording is
# shared by every unit (the pools); a copy worth finding carries some of this along.
_LOCAL = {
    "主动公开": "{unit}在{v1}村、{v2}村便民服务点设置政务公开栏，{m}月起每周及时更新{n}类事项。",
    "依申请公开": "{v1}村村民申请公开{item}材料，{unit}于{k}个工作日内答复并提供{n}页复印件。",
    "政府信息管理": "{unit}对{v1}村、{v2}村报送的{n}件{item}文件逐件清理，进一步规范了{k}件。",
    "政府信息公开平台建设": "“{v1}{unit}”微信公众号开设“{v2}之声”栏目，全年推送{n}期，群众关注{k}人。",
    "监督保障": "{unit}把政务公开列入{v1}村、{v2}村等{n}个村（社区）年度考核，{m}月组织交叉检查。",
    "problem": "{v1}村公开栏的{item}信息{n}个月未更新，{v2}村群众反映查询不够方便。",
    "measure": "由党政办牵头，{m}月底前完成{v1}村、{v2}村公开栏{item}信息的更新，确保群众看得到。",
}  # fmt: skip
_ITEMS = ["宅基地审批", "低保评定", "征地补偿", "农村危房改造", "高标准农田建设", "惠农补贴",
          "村级财务", "医疗救助", "河道整治", "乡村道路养护"]  # fmt: skip


def local(kind: str, spec: Spec, rng: random.Random) -> Sentence:
    v1, v2 = ("".join(rng.sample(_SYLLABLES, 2)) for _ in range(2))
    text = _LOCAL[kind].format(unit=spec.unit.short, v1=v1, v2=v2, item=rng.choice(_ITEMS),
                               m=rng.randint(1, 12), n=rng.randint(2, 60), k=rng.randint(2, 900))  # fmt: skip
    return Sentence(text, f"local:{kind}")


def vary(text: str, pool: list[str], rng: random.Random) -> str:
    """Recombine: swap one clause for a clause of another pool sentence, reword a little, so
    units that draw the same pool sentence rarely end up with the same text by chance."""
    clauses = [c for c in re.split(r"[，,]", text.rstrip("。；")) if c]
    donor = [c for c in re.split(r"[，,]", rng.choice(pool).rstrip("。；")) if c]
    if len(clauses) > 1 and donor:
        clauses[rng.randrange(1, len(clauses))] = rng.choice(donor)
    out = "，".join(clauses) + "。"
    for a, b in rng.sample(_SYNONYMS, 3):
        if rng.random() < 0.5:
            out = out.replace(a, b, 1)
    return out


def fill(text: str, spec: Spec) -> str:
    return text.format(unit=spec.unit.short, year=spec.year, prev=spec.year - 1, next=spec.year + 1)


def make_narrative(spec: Spec, pools: dict[str, list[str]], rng: random.Random) -> None:
    new = int(spec.t3["new"]["total"])
    done = int(spec.t3["total"]["total"])
    forward = int(spec.t3["carry_forward"]["total"])
    review = int(spec.t4["review"]["total"])
    suits = int(spec.t4["suit_direct"]["total"]) + int(spec.t4["suit_after_review"]["total"])
    general: list[list[Sentence]] = [
        [Sentence(fill(vary(rng.choice(pools["general"]), pools["general"], rng), spec), "pool")]
    ]
    for k, title in enumerate(
        ["主动公开", "依申请公开", "政府信息管理", "政府信息公开平台建设", "监督保障"]
    ):
        paragraph = [Sentence(f"（{'一二三四五'[k]}）{title}。", "gen:heading")]
        if title == "依申请公开":
            if new:
                text = f"{spec.year}年，{spec.unit.short}共收到政府信息公开申请{new}件，办结{done}件，结转下年度继续办理{forward}件。"
            else:
                text = f"{spec.year}年，{spec.unit.short}未收到政府信息公开申请。"
            paragraph.append(Sentence(text, "gen:requests"))
            if review or suits:
                paragraph.append(
                    Sentence(
                        f"因政府信息公开申请引起行政复议{review}件、行政诉讼{suits}件。",
                        "gen:appeals",
                    )
                )
            else:
                paragraph.append(
                    Sentence(
                        "全年未发生因政府信息公开申请引起的行政复议和行政诉讼。", "gen:appeals"
                    )
                )
        for text in rng.sample(pools["general"], 2):
            paragraph.append(
                Sentence(fill(vary(text, pools["general"], rng), spec), f"pool:general:{text}")
            )
        paragraph.append(local(title, spec, rng))
        general.append(paragraph)
    problems = [[Sentence("存在的问题：", "gen:heading")]]
    for k, text in enumerate(rng.sample(pools["problems.problem"], 3)):
        varied = vary(text, pools["problems.problem"], rng)
        problems.append([Sentence(f"{'一二三'[k]}是" + fill(varied, spec), f"pool:problem:{text}")])
        if k == 0:
            problems[-1].append(local("problem", spec, rng))
    problems.append([Sentence("改进措施：", "gen:heading")])
    for k, text in enumerate(rng.sample(pools["problems.measure"], 3)):
        varied = vary(text, pools["problems.measure"], rng)
        problems.append([Sentence(f"{'一二三'[k]}是" + fill(varied, spec), f"pool:measure:{text}")])
        if k == 0:
            problems[-1].append(local("measure", spec, rng))
    other = [
        [
            Sentence(
                rng.choice(
                    [
                        f"{spec.year}年度，{spec.unit.short}未收取政府信息公开信息处理费。",
                        f"{spec.unit.short}{spec.year}年没有收取信息处理费。",
                        f"本年度{spec.unit.short}未产生政府信息公开信息处理费。",
                    ]
                ),
                "gen:fee",
            )
        ]
    ]
    other.append(
        [Sentence(fill(t, spec), f"pool:other:{t}") for t in rng.sample(pools["other"], 1)]
    )
    spec.parts = {"general": general, "problems": problems, "other": other}


# --- planting ---------------------------------------------------------------------------------


def plant_error(spec: Spec, kind: str, rng: random.Random) -> None:
    if kind == "t3_cell":
        row = rng.choice(["new", "granted", "total"])  # carry_forward would break next year too
        col = rng.choice(APPLICANTS)
        spec.t3[row][col] = str(int(spec.t3[row][col]) + rng.randint(1, 3))
        spec.planted.append(
            {
                "kind": kind,
                "rules": ["t3.identity", "t3.result_total", "t3.row_total"],
                "where": f"table3.{row}.{col}",
            }
        )
    elif kind == "t4_total":
        row = rng.choice(list(T4_ROWS))
        spec.t4[row]["total"] = str(int(spec.t4[row]["total"]) + rng.randint(1, 4))
        spec.planted.append({"kind": kind, "rules": ["t4.total"], "where": f"table4.total.{row}"})
    elif kind == "blank_cell":
        row, col = rng.choice(["carried", "partial", "denied_2"]), rng.choice(APPLICANTS)
        # a space-separated layout cannot show an empty cell: its writers put a dash there
        spec.t3[row][col] = "—" if spec.layout == "text" else ""
        spec.planted.append({"kind": kind, "rules": ["t3.cells"], "where": f"table3.{row}.{col}"})
    elif kind == "text_vs_t3":
        para = spec.parts["general"][2]
        s = next(x for x in para if x.origin == "gen:requests")
        real = int(spec.t3["new"]["total"])
        claimed = real + rng.randint(2, 9)
        s.text = (
            f"{spec.year}年，{spec.unit.short}共收到政府信息公开申请{claimed}件，均已按时答复。"
        )
        spec.planted.append({"kind": kind, "rules": ["text.vs_t3"], "where": "text.vs_t3.new"})
    elif kind == "fee_missing":
        spec.fee = False
        spec.parts["other"] = spec.parts["other"][1:]
        spec.planted.append(
            {"kind": kind, "rules": ["sec6.fee_statement"], "where": "sec6.fee_statement"}
        )


def plant_copy(src: Spec, dst: Spec, kind: str, rng: random.Random) -> dict:
    part = rng.choice(["problems", "general"])
    # a township copying its neighbour's paragraph takes the neighbour's own facts along (its
    # name replaced by the copier's own): stock sentences alone are everybody's, not a copy
    paragraphs = [p for p in src.parts[part] if any(s.origin.startswith("local") for s in p)]
    para = rng.choice(paragraphs)
    chosen = [s for s in para if s.origin.startswith(("pool", "local"))][-2:]
    source_text = "".join(s.text for s in chosen)
    chosen = [Sentence(s.text.replace(src.unit.short, dst.unit.short), s.origin) for s in chosen]
    if kind == "verbatim":
        texts = [s.text for s in chosen]
    elif kind == "near":
        texts = [near_edit(s.text, rng, dst.unit) for s in chosen]
    elif kind == "reordered":
        texts = (
            [s.text for s in reversed(chosen)]
            if len(chosen) > 1
            else [_reorder_clauses(chosen[0].text)]
        )
    else:
        texts = [paraphrase(s.text, rng) for s in chosen]
    cid = f"copy:{src.file}:{len(dst.planted)}"
    dst.parts[part].append([Sentence(t, cid) for t in texts])
    return {"source": src.file, "source_text": source_text, "target": dst.file, "text": "".join(texts),
            "kind": kind, "part": part}  # fmt: skip


def _reorder_clauses(text: str) -> str:
    clauses = re.split(r"[，,]", text.rstrip("。"))
    return "，".join(clauses[1:] + clauses[:1]) + "。"


# --- rendering ----------------------------------------------------------------------------

_PART_TITLES = [
    ("general", "一、总体情况"), ("proactive", "二、主动公开政府信息情况"),
    ("requests", "三、收到和处理政府信息公开申请情况"), ("appeals", "四、政府信息公开行政复议、行政诉讼情况"),
    ("problems", "五、存在的主要问题及改进情况"), ("other", "六、其他需要报告的事项"),
]  # fmt: skip
_T3_LABELS = {
    "new": ["一、本年新收政府信息公开申请数量", "", ""], "carried": ["二、上年结转政府信息公开申请数量", "", ""],
    "granted": ["三、本年度办理结果", "（一）予以公开", ""], "partial": ["", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", ""],
    "total": ["", "（七）总计", ""], "carry_forward": ["四、结转下年度继续办理", "", ""],
}  # fmt: skip
_GROUPS = {
    "denied_1": "（三）不予公开",
    "unable_1": "（四）无法提供",
    "not_processed_1": "（五）不予处理",
    "other_1": "（六）其他处理",
}


def t3_label(row: str) -> list[str]:
    if row in _T3_LABELS:
        return _T3_LABELS[row]
    spec = next(s for s in T3_ROWS_2021 if s.id == row)
    sub = spec.label.split(" ")[-1]
    return ["", _GROUPS.get(row, ""), sub]


def _t2_rows(spec: Spec) -> list[tuple[str, list[str]]]:
    out = [
        ("第二十条第（一）项", []),
        ("信息内容", ["本年制发件数", "本年废止件数", "现行有效件数"]),
    ]
    t2 = spec.t2
    out += [("规章", [t2["rules"][c] for c in ("issued", "repealed", "in_force")]),
            ("行政规范性文件", [t2["normative"][c] for c in ("issued", "repealed", "in_force")]),
            ("第二十条第（五）项", []), ("信息内容", ["本年处理决定数量"]), ("行政许可", [t2["license"]["decisions"]]),
            ("第二十条第（六）项", []), ("信息内容", ["本年处理决定数量"]), ("行政处罚", [t2["penalty"]["decisions"]]),
            ("行政强制", [t2["enforcement"]["decisions"]]), ("第二十条第（八）项", []),
            ("信息内容", ["本年收费金额（单位：万元）"]), ("行政事业性收费", [t2["admin_fees"]["amount"]])]  # fmt: skip
    return out


def _t4_values(spec: Spec) -> list[str]:
    return [spec.t4[r][c] for r in T4_ROWS for c in T4_COLUMNS]


def _narrative(spec: Spec, part: str) -> list[str]:
    return ["".join(fill(s.text, spec) for s in para) for para in spec.parts.get(part, [])]


def _title(spec: Spec) -> str:
    return f"{spec.unit.name}{spec.year}年政府信息公开工作年度报告"


def _preamble(spec: Spec) -> str:
    return (f"根据《中华人民共和国政府信息公开条例》规定，现发布{spec.unit.short}{spec.year}年政府信息公开工作年度报告。"
            f"本报告统计数据从{spec.year}年1月1日至12月31日。")  # fmt: skip


def render_tab(spec: Spec, markdown: bool) -> str:
    h = "## " if markdown else ""
    lines = [("# " if markdown else "") + _title(spec), "", _preamble(spec), ""]
    for part, title in _PART_TITLES:
        lines += [h + title, ""]
        if part == "proactive":
            for label, vals in _t2_rows(spec):
                lines.append("\t".join([label, *vals, *[""] * (3 - len(vals))]))
        elif part == "requests":
            lines.append(
                "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\t\t\t申请人情况\t\t\t\t\t\t"
            )
            lines.append("\t\t\t自然人\t法人或其他组织\t\t\t\t\t总计")
            lines.append("\t\t\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t")
            for row in (s.id for s in T3_ROWS_2021):
                lines.append("\t".join([*t3_label(row), *(spec.t3[row][c] for c in T3_COLUMNS)]))
        elif part == "appeals":
            lines.append("行政复议\t\t\t\t\t行政诉讼" + "\t" * 9)
            lines.append(
                "结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t未经复议直接起诉\t\t\t\t\t复议后起诉\t\t\t\t"
            )
            lines.append(
                "\t\t\t\t\t"
                + "\t".join(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2)
            )
            lines.append("\t".join(_t4_values(spec)))
        else:
            lines += [p for para in _narrative(spec, part) for p in (para, "")]
        lines.append("")
    return "\n".join(lines)


def render_spaces(spec: Spec) -> str:
    """Text extracted from a PDF: space-separated rows, hard-wrapped prose."""
    lines = [_title(spec), "", *_wrap(_preamble(spec)), ""]
    for part, title in _PART_TITLES:
        lines += [title, ""]
        if part == "proactive":
            lines += [" ".join([label, *vals]) for label, vals in _t2_rows(spec)]
        elif part == "requests":
            lines += ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况", "自然人 法人或其他组织 总计",
                      "商业企业 科研机构 社会公益组织 法律服务机构 其他"]  # fmt: skip
            for row in (s.id for s in T3_ROWS_2021):
                label = "".join(t3_label(row))
                lines.append(" ".join([label, *(spec.t3[row][c] or "—" for c in T3_COLUMNS)]))
        elif part == "appeals":
            lines += [
                "行政复议 行政诉讼",
                "结果维持 结果纠正 其他结果 尚未审结 总计",
                " ".join(_t4_values(spec)),
            ]
        else:
            for para in _narrative(spec, part):
                lines += [*_wrap(para), ""]
        lines.append("")
    return "\n".join(lines)


def _wrap(text: str, width: int = 30) -> list[str]:
    return [text[i : i + width] for i in range(0, len(text), width)] or [""]


def render_word(spec: Spec) -> str:
    """Word export: paragraphs as lines, every table cell on its own tab-led line."""
    lines = [_title(spec), _preamble(spec)]

    def row(cells: list[str]) -> None:
        lines.extend("\t" + c for c in cells)
        lines.append("")

    for part, title in _PART_TITLES:
        lines.append(title)
        if part == "proactive":
            for label, vals in _t2_rows(spec):
                row([label, *vals])
        elif part == "requests":
            row(
                [
                    "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
                    "申请人情况",
                ]
            )
            row(["", "自然人", "法人或其他组织", "总计"])
            row(["", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", ""])
            for r in (s.id for s in T3_ROWS_2021):
                row([x for x in t3_label(r) if x] + [spec.t3[r][c] for c in T3_COLUMNS])
        elif part == "appeals":
            row(["行政复议", "行政诉讼"])
            row(
                [
                    "结果维持",
                    "结果纠正",
                    "其他结果",
                    "尚未审结",
                    "总计",
                    "未经复议直接起诉",
                    "复议后起诉",
                ]
            )
            row(_t4_values(spec))
        else:
            lines += _narrative(spec, part)
    return "\n".join(lines)


def _t3_grid(spec: Spec) -> list[list[dict]]:
    """Table 3 as an HTML-like grid: cells with colspan/rowspan."""
    rows = [
        [{"t": "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "cs": 3, "rs": 3}, {"t": "申请人情况", "cs": 7}],
        [{"t": "自然人", "rs": 2}, {"t": "法人或其他组织", "cs": 5}, {"t": "总计", "rs": 2}],
        [{"t": x} for x in ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")],
    ]  # fmt: skip
    group_rows = {"denied_1": 8, "unable_1": 3, "not_processed_1": 5, "other_1": 3}
    for s in T3_ROWS_2021:
        vals = [{"t": spec.t3[s.id][c]} for c in T3_COLUMNS]
        label = t3_label(s.id)
        if s.id in ("new", "carried", "carry_forward"):
            cells = [{"t": label[0], "cs": 3}]
        elif s.id == "granted":
            cells = [{"t": "三、本年度办理结果", "rs": 22}, {"t": label[1], "cs": 2}]
        elif s.id in ("partial", "total"):
            cells = [{"t": label[1], "cs": 2}]
        elif s.id in group_rows:
            cells = [{"t": label[1], "rs": group_rows[s.id]}, {"t": label[2]}]
        else:
            cells = [{"t": label[2]}]
        rows.append(cells + vals)
    return rows


def render_html(spec: Spec) -> str:
    e = html.escape
    out = ["<!DOCTYPE html><html><head><meta charset='utf-8'><title>", e(_title(spec)), "_政府信息公开年报</title></head><body>",
           "<div class='nav'>首页 | 政务公开 | 网站地图</div><div class='article'>", f"<h1>{e(_title(spec))}</h1>",
           f"<div class='info'>发布时间：{spec.year + 1}-02-{10 + spec.year % 10:02d}</div><div class='TRS_Editor'>",
           f"<p>{e(_preamble(spec))}</p>"]  # fmt: skip
    for part, title in _PART_TITLES:
        out.append(f"<p><strong>{e(title)}</strong></p>")
        if part == "proactive":
            out.append("<table border='1'>")
            for label, vals in _t2_rows(spec):
                if not vals:
                    out.append(f"<tr><td colspan='4'>{e(label)}</td></tr>")
                else:
                    span = 4 - len(vals)
                    tds = (
                        "".join(f"<td>{e(v)}</td>" for v in vals[:-1])
                        + f"<td colspan='{span}'>{e(vals[-1])}</td>"
                    )
                    out.append(f"<tr><td>{e(label)}</td>{tds}</tr>")
            out.append("</table>")
        elif part == "requests":
            out.append("<table border='1'>")
            for row in _t3_grid(spec):
                tds = "".join(
                    f"<td colspan='{c.get('cs', 1)}' rowspan='{c.get('rs', 1)}'>{e(c['t'])}</td>"
                    for c in row
                )
                out.append(f"<tr>{tds}</tr>")
            out.append("</table>")
        elif part == "appeals":
            heads = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
            out.append("<table border='1'><tr><td colspan='5'>行政复议</td><td colspan='10'>行政诉讼</td></tr><tr>"
                       + "".join(f"<td rowspan='2'>{h}</td>" for h in heads)
                       + "<td colspan='5'>未经复议直接起诉</td><td colspan='5'>复议后起诉</td></tr><tr>"
                       + "".join(f"<td>{h}</td>" for h in heads * 2) + "</tr><tr>"
                       + "".join(f"<td>{e(v)}</td>" for v in _t4_values(spec)) + "</tr></table>")  # fmt: skip
        else:
            out += [f"<p>{e(p)}</p>" for p in _narrative(spec, part)]
    out.append("</div></div><div class='footer'>版权所有 网站标识码</div></body></html>")
    return "".join(out)


def render_pdf(spec: Spec, path: Path) -> None:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    body = ParagraphStyle("b", fontName="STSong-Light", fontSize=11, leading=17, wordWrap="CJK")
    small = ParagraphStyle("s", fontName="STSong-Light", fontSize=7, leading=9, wordWrap="CJK")
    story = [
        Paragraph(html.escape(_title(spec)), body),
        Paragraph(html.escape(_preamble(spec)), body),
    ]
    style = TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("FONTNAME", (0, 0), (-1, -1), "STSong-Light"),
                        ("FONTSIZE", (0, 0), (-1, -1), 7)])  # fmt: skip

    def grid(rows: list[list[dict]], width: int) -> Table:
        cells: dict[tuple[int, int], str] = {}
        spans = []
        for r, row in enumerate(rows):
            c = 0
            for cell in row:
                while (r, c) in cells:
                    c += 1
                cs, rs = cell.get("cs", 1), cell.get("rs", 1)
                for dr in range(rs):
                    for dc in range(cs):
                        cells[(r + dr, c + dc)] = cell["t"] if (dr, dc) == (0, 0) else ""
                if cs > 1 or rs > 1:
                    spans.append(("SPAN", (c, r), (c + cs - 1, r + rs - 1)))
                c += cs
        data = [
            [Paragraph(html.escape(cells.get((r, c), "")), small) for c in range(width)]
            for r in range(len(rows))
        ]
        t = Table(data, colWidths=[460 / width] * width)
        t.setStyle(TableStyle([*style.getCommands(), *spans]))
        return t

    for part, title in _PART_TITLES:
        story.append(Paragraph(title, body))
        if part == "proactive":
            rows = [[{"t": label, "cs": 4}] if not vals else [{"t": label}] + [{"t": v} for v in vals[:-1]]
                    + [{"t": vals[-1], "cs": 4 - len(vals)}] for label, vals in _t2_rows(spec)]  # fmt: skip
            story.append(grid(rows, 4))
        elif part == "requests":
            story.append(grid(_t3_grid(spec), 10))
        elif part == "appeals":
            heads = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
            rows = [[{"t": "行政复议", "cs": 5}, {"t": "行政诉讼", "cs": 10}],
                    [{"t": h, "rs": 2} for h in heads] + [{"t": "未经复议直接起诉", "cs": 5}, {"t": "复议后起诉", "cs": 5}],
                    [{"t": h} for h in heads * 2], [{"t": v} for v in _t4_values(spec)]]  # fmt: skip
            story.append(grid(rows, 15))
        else:
            story += [Paragraph(html.escape(p), body) for p in _narrative(spec, part)]
        story.append(Spacer(1, 6))
    SimpleDocTemplate(str(path), pagesize=A4, leftMargin=60, rightMargin=60).build(story)


# --- the corpus -------------------------------------------------------------------------------


def _name(rng: random.Random, used: set[str], suffix: str) -> str:
    while True:
        name = "".join(rng.sample(_SYLLABLES, 2)) + suffix
        if name not in used:
            used.add(name)
            return name


def generate(n_reports: int, seed: int, out: Path, *, layouts: tuple[str, ...] = LAYOUTS,
             years: tuple[int, ...] = (2022, 2023, 2024), per_county: int = 6) -> dict:  # fmt: skip
    rng = random.Random(seed)
    pools = build_pools()
    out.mkdir(parents=True, exist_ok=True)
    n_units = max(1, -(-n_reports // len(years)))
    used: set[str] = set()
    units: list[Unit] = []
    county = ""
    for i in range(n_units):
        if i % per_county == 0:
            county = _name(rng, used, "县")
        short = _name(rng, used, rng.choice(_TOWN_SUFFIX))
        units.append(Unit(f"{county}{short}人民政府", short, county))
    # each county writes from its own share of the sentence pools (townships of one county
    # copy from each other; counties rarely share), so sharing grows with N, not N²
    county_pools: dict[str, dict[str, list[str]]] = {}
    for unit in units:
        if unit.county not in county_pools:
            county_pools[unit.county] = {
                k: rng.sample(v, max(8, len(v) // 6)) if len(v) > 8 else list(v)
                for k, v in pools.items()
            }
    specs: list[Spec] = []
    by_unit: dict[str, list[Spec]] = defaultdict(list)
    for k, unit in enumerate(units):
        layout = layouts[k % len(layouts)]
        for year in years:
            if len(specs) >= n_reports:
                break
            spec = Spec(unit, year, layout)
            previous = by_unit[unit.name][-1] if by_unit[unit.name] else None
            make_tables(spec, previous, rng)
            make_narrative(spec, county_pools[unit.county], rng)
            ext = {"text": "txt", "markdown": "md", "word": "txt", "html": "html", "pdf": "pdf"}[
                layout
            ]
            spec.file = f"{unit.county}/{unit.short}-{year}-{layout}.{ext}"
            specs.append(spec)
            by_unit[unit.name].append(spec)
    truth: dict = {"seed": seed, "reports": [], "copies": [], "stickiness": []}
    # stickiness: one unit in five repeats last year's narrative with the year changed
    for unit in units:
        series = by_unit[unit.name]
        if len(series) > 1 and rng.random() < 0.2:
            later = series[-1]
            earlier = series[-2]
            later.parts["problems"] = [
                [Sentence(s.text, s.origin) for s in p] for p in earlier.parts["problems"]
            ]
            truth["stickiness"].append(
                {"report": later.file, "previous": earlier.file, "part": "problems"}
            )
    # copies between units of one county, same year
    kinds = ["verbatim", "near", "reordered", "paraphrase"]
    by_county_year: dict[tuple[str, int], list[Spec]] = defaultdict(list)
    for spec in specs:
        by_county_year[(spec.unit.county, spec.year)].append(spec)
    k = 0
    for group in by_county_year.values():
        if len(group) < 2 or rng.random() < 0.5:
            continue
        src, dst = rng.sample(group, 2)
        truth["copies"].append(plant_copy(src, dst, kinds[k % 4], rng))
        k += 1
    errors = ["t3_cell", "t4_total", "blank_cell", "text_vs_t3", "fee_missing"]
    for i, spec in enumerate(specs):
        if rng.random() < 0.3:
            plant_error(spec, errors[i % len(errors)], rng)
        path = out / spec.file
        path.parent.mkdir(parents=True, exist_ok=True)
        if spec.layout == "pdf":
            render_pdf(spec, path)
        else:
            text = {"text": render_spaces, "word": render_word, "html": render_html}.get(
                spec.layout
            )
            content = text(spec) if text else render_tab(spec, markdown=True)
            path.write_text(content, encoding="utf-8")
        truth["reports"].append({
            "file": spec.file, "unit": spec.unit.name, "county": spec.unit.county, "year": spec.year,
            "layout": spec.layout, "planted": spec.planted,
            "tables": {"table2": spec.t2, "table3": spec.t3, "table4": spec.t4},
            "origins": [s.origin for part in spec.parts.values() for p in part for s in p],
        })  # fmt: skip
    (out / "truth.json").write_text(
        json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    return truth


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=60)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument(
        "--layouts", default=",".join(LAYOUTS), help="comma-separated: " + ",".join(LAYOUTS)
    )
    args = parser.parse_args(argv)
    truth = generate(args.reports, args.seed, args.out, layouts=tuple(args.layouts.split(",")))
    print(f"reports = {len(truth['reports'])}, copies = {len(truth['copies'])}, "
          f"stickiness = {len(truth['stickiness'])}, planted errors = {sum(len(r['planted']) for r in truth['reports'])}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
