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

``python -m evaluation.synth --wild --reports N --seed S --out DIR`` writes a *wild* corpus instead:
reports as county sites publish them (``generate_wild``): HTML article pages with site chrome and
metadata blocks, pages saved as text, the sites' one-line text exports (table cells glued, some
rows ambiguous), Word-like and PDF-like text, mirrors in traditional characters, titles and file
names that do not always name the unit, each county's own templated opening, the genre's stock
phrases, planted copies of rare text within and across counties, a unit repeating last year's
part 五, and files that are not reports (minutes, a notice, a column's list page, a note, a
README, the blank format). Its ``truth.json`` (``"kind": "wild"``) records all of it; the shares
are the module-level constants of the wild section.
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
    # its own villages (wild corpora): no two units name the same village, as no two real
    # townships of a county list the same ones — a shared village is a carried-along fact
    villages: tuple[str, ...] = ()


def _village_of(unit: Unit, rng: random.Random) -> str:
    return rng.choice(unit.villages) if unit.villages else "".join(rng.sample(_SYLLABLES, 2))


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
    v1, v2 = (_village_of(spec.unit, rng) for _ in range(2))
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
_TABLE_OF = {"proactive": "table2", "requests": "table3", "appeals": "table4"}


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


def _tab_table(spec: Spec, part: str) -> list[str]:
    """A table as tab-separated rows (Markdown and plain-text reports)."""
    lines: list[str] = []
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
            "\t\t\t\t\t" + "\t".join(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2)
        )
        lines.append("\t".join(_t4_values(spec)))
    return lines


def render_tab(spec: Spec, markdown: bool) -> str:
    h = "## " if markdown else ""
    lines = [("# " if markdown else "") + _title(spec), "", _preamble(spec), ""]
    for part, title in _PART_TITLES:
        lines += [h + title, ""]
        if part in _TABLE_OF:
            lines += _tab_table(spec, part)
        else:
            lines += [p for para in _narrative(spec, part) for p in (para, "")]
        lines.append("")
    return "\n".join(lines)


def _space_table(spec: Spec, part: str) -> list[str]:
    """A table as text extracted from a PDF: space-separated rows, a dash for a blank cell."""
    if part == "proactive":
        return [" ".join([label, *vals]) for label, vals in _t2_rows(spec)]
    if part == "requests":
        lines = ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况", "自然人 法人或其他组织 总计",
                 "商业企业 科研机构 社会公益组织 法律服务机构 其他"]  # fmt: skip
        for row in (s.id for s in T3_ROWS_2021):
            label = "".join(t3_label(row))
            lines.append(" ".join([label, *(spec.t3[row][c] or "—" for c in T3_COLUMNS)]))
        return lines
    return [
        "行政复议 行政诉讼",
        "结果维持 结果纠正 其他结果 尚未审结 总计",
        " ".join(_t4_values(spec)),
    ]


def render_spaces(spec: Spec) -> str:
    """Text extracted from a PDF: space-separated rows, hard-wrapped prose."""
    lines = [_title(spec), "", *_wrap(_preamble(spec)), ""]
    for part, title in _PART_TITLES:
        lines += [title, ""]
        if part in _TABLE_OF:
            lines += _space_table(spec, part)
        else:
            for para in _narrative(spec, part):
                lines += [*_wrap(para), ""]
        lines.append("")
    return "\n".join(lines)


def _wrap(text: str, width: int = 30) -> list[str]:
    return [text[i : i + width] for i in range(0, len(text), width)] or [""]


def _word_table(spec: Spec, part: str) -> list[str]:
    """A table as a Word export writes it: every cell on its own tab-led line, rows apart."""
    lines: list[str] = []

    def row(cells: list[str]) -> None:
        lines.extend("\t" + c for c in cells)
        lines.append("")

    if part == "proactive":
        for label, vals in _t2_rows(spec):
            row([label, *vals])
    elif part == "requests":
        row(["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况"])
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
    return lines


def render_word(spec: Spec) -> str:
    """Word export: paragraphs as lines, every table cell on its own tab-led line."""
    lines = [_title(spec), _preamble(spec)]
    for part, title in _PART_TITLES:
        lines.append(title)
        if part in _TABLE_OF:
            lines += _word_table(spec, part)
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


def _html_table(spec: Spec, part: str) -> str:
    """A table as the HTML of a government page: rowspan/colspan cells."""
    e = html.escape
    out: list[str] = []
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
    return "".join(out)


def render_html(spec: Spec) -> str:
    e = html.escape
    out = ["<!DOCTYPE html><html><head><meta charset='utf-8'><title>", e(_title(spec)), "_政府信息公开年报</title></head><body>",
           "<div class='nav'>首页 | 政务公开 | 网站地图</div><div class='article'>", f"<h1>{e(_title(spec))}</h1>",
           f"<div class='info'>发布时间：{spec.year + 1}-02-{10 + spec.year % 10:02d}</div><div class='TRS_Editor'>",
           f"<p>{e(_preamble(spec))}</p>"]  # fmt: skip
    for part, title in _PART_TITLES:
        out.append(f"<p><strong>{e(title)}</strong></p>")
        if part in _TABLE_OF:
            out.append(_html_table(spec, part))
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


# --- wild corpora: reports as government sites publish them -----------------------------------
#
# ``generate_wild`` writes reports of fictitious townships as they are found on real county
# sites: HTML pages with site chrome and a metadata block, text saved from such a page, the
# site's one-line text export, Word-like and PDF-like text, mirrors in traditional characters;
# mixed with files that are not reports. What it plants is chosen by the module-level constants
# below (shares are of reports unless said otherwise); ``truth.json`` records all of it.

WILD_LAYOUTS = (  # layout, share
    ("html_page", 0.34),  # the article page: chrome, metadata block, rowspan/colspan tables
    ("saved_page", 0.18),  # the page saved as text: chrome lines above and below kept
    ("text_export", 0.16),  # the site's export: 标题/发布时间/发布机构/栏目 lines, body on one line
    ("word", 0.18),  # a Word file saved as text: paragraphs as lines, a cell per line
    ("pdf_text", 0.14),  # text extracted from a PDF: hard wraps, page numbers, spaced rows
)
TRADITIONAL_SHARE = 0.15  # of html_page, saved_page and text_export: a mirror site in 繁體
HTML_CHROME_SHARE = 0.9  # of html_page: menus, breadcrumb, 字号, 打印/关闭, QR, footer
HTML_META_SHARE = 0.85  # of html_page: a metadata block (索引号/发布机构/生成日期…)
SAVED_META_SHARE = 0.75  # of saved_page
# metadata blocks: two pairs a row; one pair a line; a 发布时间…来源 line; 索 引 号 spaced, pairs apart
META_STYLES = ("grid", "lines", "inline", "spaced")
GLUED_SHARE = 0.5  # of text_export: table cells glued with nothing between (else single spaces)
AMBIGUOUS_SHARE = 0.5  # of glued exports: multi-digit values so some rows split more than one way
IMAGE_TABLES_SHARE = 0.04  # tables published as images: headings 二、三、四 with nothing under them
OPAQUE_NAME_SHARE = 0.4  # file names that carry nothing (t20240118_5512345.html, 5512345.txt)
STREET_SHARE = 0.15  # units that are 街道 (办事处) rather than 乡/镇
TITLE_FORMS = (  # id, share: how the title names the unit and the year
    ("full", 0.28),  # 青石县柳河镇人民政府2023年政府信息公开工作年度报告
    ("county_short", 0.2),  # 青石县柳河镇2023年…
    ("short_gov", 0.12),  # 柳河镇人民政府2023年度…
    ("short", 0.13),  # 柳河镇2023年…
    ("year_first", 0.06),  # 2023年柳河镇…
    ("cn_year", 0.07),  # 柳河镇人民政府二〇二三年…
    ("guanyu", 0.05),  # 柳河镇人民政府关于2023年度政府信息公开工作情况的报告
    ("no_unit", 0.09),  # 2023年政府信息公开工作年度报告: the unit only in 发布机构 or the signature
)
SIGNATURE_SHARE = {
    "html_page": 0.25,
    "saved_page": 0.3,
    "text_export": 0.2,
    "word": 0.6,
    "pdf_text": 0.6,
}
TEMPLATE_SHARE = 0.85  # of a county's reports: the county's own opening, filled in by each unit
TEMPLATE_BEFORE_ONE = 0.6  # the template opens the report (else it opens 一、总体情况)
# of the optional stock families, in each report (the conditional ones follow the tables)
STOCK_SHARE = 0.6
# ≈ one copy per 15 same-year unit pairs of a county (a county of 6 has 15 pairs a year)
COPY_PER_COUNTY_YEAR = 0.8
CROSS_COUNTY_SHARE = 0.2  # of copies: between units of two counties (same year)
NEAR_SHARE = 0.5  # of copies: near (words and a number changed) rather than verbatim
COPY_GENERAL_SHARE = 0.25  # of copies: from 一、总体情况 (else 五、存在的主要问题及改进情况)
STICKY_SHARE = 0.12  # of units with two years: 五 repeats last year's with the years moved on
NON_REPORT_SHARE = 0.08  # of all files (at least one of each kind)
NON_REPORT_KINDS = ("minutes", "notice", "list_page", "note", "readme", "blank_template")
HEADING_VARIANT_SHARE = 0.12  # parts 四 and 五 headed as older reports head them
# reports whose unit received no request that year (most townships do), when none was carried
QUIET_SHARE = 0.5
# pool sentences a township of an invented county cannot write: real places, districts and
# departments, numbers (they would be shared facts), the pandemic (stale after 2022)
_WILD_POOL_OUT = re.compile(r"(?<!社)(?<!片)区(?!分|域|别)|实验|海原|福建|淮安|江苏|浙江|李村|平潭|洪泽|疫情|核酸|六稳|六保"
                            r"|总书记在|省委省|[市省](?:委|政府|人民政府)|%|局|处室|综合处|\d")  # fmt: skip

_CN_DIGITS = "〇一二三四五六七八九"
_ITEMS2 = ["义务教育招生", "城乡低保", "耕地地力保护补贴", "特困人员供养", "村集体经济收益分配", "防汛物资储备",
           "人居环境整治", "退役军人优抚", "养老保险缴费", "集中供水改造"]  # fmt: skip
_MOTTOS = ["一栏一屏一群", "三公开一回应", "一周一更新、一月一研判", "晒清单、亮流程、接监督", "四有四公开",
           "事前公示、事中公开、事后公告", "一村一档、一事一公开", "线上全覆盖、线下零距离"]  # fmt: skip
_PROG_TAILS = [
    "阳光村务",
    "政务直通车",
    "e家通",
    "清风行动",
    "便民驿站",
    "三务公开",
    "同心服务",
    "明白卡",
]

# A county hands its townships one opening and each fills in its own name, year and number:
# a template (county-specific wording naming the county's programme), not a copy.
_TEMPLATES = [
    "{year}年，在{county}委、{county}政府的坚强领导下，{short}紧紧围绕“{prog}”工作主线，把政务公开作为推进“{prog2}”建设的重要抓手。"
    "{short}按照全县“{motto}”的统一部署，将政府信息公开与{item}工作同谋划、同部署、同考核，全年召开政务公开专题会议{n}次。",
    "按照{county}政务公开办“{prog}”三年行动的统一安排，{short}对照全县“{motto}”标准，逐项梳理本级法定主动公开事项。"
    "{year}年，{short}以“{prog2}”为载体推动政务公开向村（社区）延伸，全年在基层公开点更新信息{n}期。",
    "{year}年是{county}实施“{prog}”行动的关键一年。{short}坚持把“{motto}”要求贯穿政府信息公开全过程，"
    "结合“{prog2}”创建，建成村级政务公开示范点{n}个。",
    "{short}认真落实{county}“{prog}”部署，坚持“{motto}”，以“{prog2}”为牵引推进基层政务公开标准化规范化。"
    "{year}年共梳理公开事项清单{n}项，{item}等重点领域信息做到应公开尽公开。",
    "今年以来，{short}对标{county}“{prog}”考评细则，把“{motto}”写进班子年度任务清单。"
    "依托“{prog2}”平台，{short}{year}年新增政务公开事项{n}项，{item}信息实现按月公开。",
]  # fmt: skip

# The genre's stock phrases (our own wording): what reports of every county write in nearly the
# same words. Each family has variants, as sites vary them. {we} is 我镇/我乡/我街道.
STOCK = {
    "basis": ["根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《中华人民共和国政府信息公开工作年度报告格式》（国办公开办函〔2021〕30号）要求，编制本报告。",
              "本报告依据《中华人民共和国政府信息公开条例》和国务院办公厅政府信息与政务公开办公室关于年度报告格式的要求编制。",
              "依照《中华人民共和国政府信息公开条例》规定，现向社会公布{short}{year}年政府信息公开工作年度报告。"],
    "parts_list": ["全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项共六个部分。",
                   "本报告由总体情况，主动公开政府信息情况，收到和处理政府信息公开申请情况，政府信息公开行政复议、行政诉讼情况，存在的主要问题及改进情况，其他需要报告的事项六部分组成。"],
    "period": ["本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。",
               "报告所列数据统计时间为{year}年1月1日至12月31日。",
               "本年度报告中使用数据的统计期限为{year}年1月1日到{year}年12月31日。"],
    "online": ["本报告电子版可在{county}人民政府门户网站（{url}）“政府信息公开”专栏查阅或下载。",
               "报告全文通过{county}人民政府网站（{url}）向社会公开，欢迎查阅。"],
    "contact": ["如对本报告有疑问，请与{short}党政办公室联系（联系电话：{phone}）。",
                "如对本年度报告有任何疑问，请联系{unit}党政综合办公室（地址：{county}{short}{road}；邮编：{zip}；电话：{phone}）。"],
    "guidance": ["{year}年，{short}坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻落实党的二十大精神。",
                 "{year}年，{we}以习近平新时代中国特色社会主义思想为指导，深入贯彻党的二十大精神。"],
    "deployment": ["认真落实党中央、国务院和省委、省政府关于政务公开工作的决策部署，扎实推进政府信息公开工作。",
                   "全面落实上级关于政务公开工作的各项部署要求，持续推进政务公开标准化规范化建设。"],
    "openness": ["坚持以公开为常态、不公开为例外，推进决策、执行、管理、服务、结果公开。",
                 "始终坚持“以公开为常态、不公开为例外”原则，不断提升政府工作透明度。"],
    "rights": ["切实保障人民群众的知情权、参与权、表达权和监督权。", "有效保障了群众的知情权、参与权和监督权。",
               "充分保障公众知情权、参与权、表达权、监督权。"],
    "people": ["坚持以人民为中心的发展思想，聚焦群众关心关注的热点问题做好信息公开。"],
    "no_requests": ["{year}年，{short}未收到政府信息公开申请。", "本年度{we}未收到公民、法人或其他组织提出的政府信息公开申请。",
                    "全年共收到政府信息公开申请0件。"],
    "deadline": ["所有申请均在法定期限内予以答复。", "申请均按照法定程序和时限办结。"],
    "no_appeals": ["全年未发生因政府信息公开引起的行政复议、行政诉讼案件。", "本年度未发生政府信息公开行政复议和行政诉讼情况。"],
    "no_fees": ["本年度未收取政府信息公开信息处理费。", "{year}年度，{we}未产生信息处理费。", "本机关未向申请人收取任何信息处理费用。"],
    "fee_rule": ["按照《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）规定，申请人申请公开政府信息的数量、频次明显超过合理范围的，可依法收取信息处理费。"],
    "nothing_else": ["无其他需要报告的事项。", "本年度无其他需要报告的事项。"],
    "three_reviews": ["严格执行信息发布“三审三校”制度，坚持先审后发。", "落实“三审三校”要求，确保发布信息准确规范。"],
    "confidential": ["严格落实保密审查制度，做到“涉密不上网、上网不涉密”。", "坚持“先审查、后公开”和“一事一审”原则，防止发生泄密事件。"],
    "catalogue": ["及时更新政府信息公开指南和政府信息公开目录。", "对政府信息公开指南进行动态调整，方便群众查阅。"],
    "dynamic": ["建立健全政府信息动态调整机制，定期清理过期、失效信息。"],
    "training": ["组织干部职工参加政务公开业务培训，不断提升工作人员业务能力和水平。",
                 "通过以会代训、集中学习等方式开展政务公开培训，提高工作人员业务素质。"],
    "leading_group": ["成立由主要领导任组长、分管领导任副组长的政务公开工作领导小组，明确专人负责信息公开日常工作。"],
    "interpretation": ["坚持政策文件与解读材料同步起草、同步审签、同步发布。"],
    "assessment": ["将政务公开工作纳入年度目标考核，主动接受社会监督。"],
    "problem_generic": ["政务公开工作人员多为兼职，业务水平有待提高。", "信息公开的及时性、全面性还有待加强。",
                        "政策解读形式较为单一，图文、视频解读偏少。"],
    "measure_generic": ["下一步，我们将进一步加强业务培训，提升工作人员能力水平。", "持续规范政府信息公开工作流程，不断提高政务公开质量和实效。"],
}  # fmt: skip
_STOCK_CONDITIONAL = {"no_requests", "deadline", "no_appeals", "no_fees"}  # follow the tables
_STOCK_PLACES = {  # where each family sits: opening, intro (start of 一), an item of 一, 五, 六
    "basis": "opening", "parts_list": "opening", "period": "opening", "online": "opening",
    "contact": "opening", "guidance": "intro", "deployment": "intro", "openness": "intro",
    "rights": "intro", "people": "intro", "interpretation": 1, "deadline": 2, "no_requests": 2,
    "no_appeals": 2, "three_reviews": 3, "confidential": 3, "dynamic": 3, "catalogue": 4,
    "leading_group": 5, "training": 5, "assessment": 5, "problem_generic": "problems",
    "measure_generic": "problems", "no_fees": "other", "fee_rule": "other", "nothing_else": "other",
}  # fmt: skip

# What only one unit can write (its villages, numbers, dates, its own programme): the rare text
# a copy between units carries. Sentences are put together from short pieces, each with its
# own names and numbers, so that two units rarely share a long run of words by chance.
_CHECKS = ["开展政务公开专项检查时", "组织村级公开栏交叉检查时", "对照基层政务公开标准目录自查时", "迎接县政务公开办督查时",
           "开展“回头看”时", "走访{v4}村群众时", "梳理年度公开台账时"]  # fmt: skip
_FINDINGS = ["{v1}村{item}{doc}已{n1}个月没有更新", "{v1}村、{v2}村张贴的{item}{doc}内容不全", "{v1}村公开栏漏登{n1}期{item}{doc}",
             "{v1}村的{item}{doc}仍是{prev}年的旧版本", "{v1}村{item}{doc}张贴{n1}天后即被广告覆盖",
             "{v1}村{item}{doc}中有{n1}处数据与台账对不上"]  # fmt: skip
_DOCS = ["公示", "名单", "结果", "资金明细", "审批表", "评议情况", "清单", "通知"]
_FIND_TAILS = [
    "",
    "，{v2}村也有类似情况",
    "，群众意见较大",
    "，涉及农户{k}户",
    "，{v2}村群众多次来电询问",
]
_SECONDS = ["{short}网站“{col}”栏目全年更新{n2}条，{short}自己撰写的只有{n3}条", "{v3}村“{v5}乡音”微信群{m1}月以后基本停更",
            "{m1}月的满意度测评中，{v2}村群众对{item2}{doc2}公开的满意率只有{pct}%",
            "{item2}{doc2}公示期间，{v3}村群众打热线反映问题{n3}件，平均{d1}天才答复",
            "辖区{n2}个村中，{v3}村等{n3}个村还没有电子公开屏", "{v3}村便民服务站的查阅终端{m1}月坏了一直未修"]  # fmt: skip
_FIXES = ["{short}已于{m2}月{d2}日督促{v1}村补齐{item}{doc}{n4}份", "{m2}月{d2}日，{short}约谈{v1}村负责人，限{n4}日内改完",
          "{short}已把{v1}村、{v2}村列入{next}年重点回访名单", "{short}印发整改通知{n4}份并逐村建账，{v1}村{m2}月底已销号",
          "对{v1}村，{short}党政办安排专人每月{d2}日前上门更新"]  # fmt: skip
_PLANS = ["{next}年{m3}月底前，{short}将在{v2}村、{v3}村推开“{prog}”做法", "{next}年起，{short}把{item}{doc}公开情况纳入村干部季度考评",
          "下一步，{short}准备为{v3}村等{n5}个村配备兼职公开员", "{next}年{m3}月起，{v4}村试行每周{wd}集中公开"]  # fmt: skip
_GENERAL_FACTS = ["{year}年，{short}依托“{prog}”平台发布{item}信息{n1}条", "{v1}村、{v2}村等{n2}个村新设电子公开屏{n3}块",
                  "{m1}月{d1}日，{short}在{v1}村{place}办了一场“政务公开日”活动，答复群众咨询{k}人次",
                  "{short}把{item}、{item2}等{n1}类事项列入村级公开清单，{v2}村从{m1}月起“一月一公开”",
                  "{v3}村{item2}{doc2}公示后群众提出异议{n3}条，{short}{d1}日内逐条回复",
                  "{m2}月，{v4}村便民服务站开设政务公开查阅点，一年来接待群众{k}人次",
                  "结合“{prog}”，{short}为{v5}村{n2}户群众送去{item}政策明白卡"]  # fmt: skip
_PLACES = ["文化广场", "村委会", "便民服务站", "集市", "党群服务中心"]
_WEEKDAYS = "一二三四五"


@dataclass(eq=False)
class County:
    name: str  # 青石县
    domain: str  # www.qsx.gov.cn (also the folder its files lie in)
    area: str  # 0571
    code: str  # 网站标识码
    icp: str  # a province's abbreviation, invented
    prog: str  # the county's programme
    prog2: str
    motto: str
    template: str  # one of _TEMPLATES
    units: list[Unit] = field(default_factory=list)


@dataclass(eq=False)
class Wild:
    """One report of a wild corpus: a Spec and how its page shows it."""

    spec: Spec
    county: County
    layout: str
    phone: str = ""
    traditional: bool = False
    chrome: bool = False
    meta: str | None = None  # metadata block style, or None
    glued: bool = False
    one_line: bool = False
    images: bool = False
    title_form: str = "full"
    title: str = ""
    short: str = ""  # the unit as the title (or, without one there, the page) names it
    org: str = ""  # the unit as 发布机构 and the signature name it
    published: str | None = None
    date: tuple[int, int, int] = (0, 0, 0)
    signature: bool = False
    opaque: bool = False
    table_style: str = ""
    template_text: str | None = None
    template_before_one: bool = True
    stock: dict[str, str] = field(default_factory=dict)  # family → text as written
    ambiguous: list[str] = field(default_factory=list)
    heading_variant: bool = False


def _iso(date: tuple[int, int, int]) -> str:
    return f"{date[0]}-{date[1]:02d}-{date[2]:02d}"


def _cn_year(year: int) -> str:
    return "".join(_CN_DIGITS[int(d)] for d in str(year))


def _we(unit: Unit) -> str:
    return "我街道" if unit.short.endswith("街道") else f"我{unit.short[-1]}"


def _pick(rng: random.Random, table: tuple[tuple[str, float], ...]) -> str:
    return rng.choices([k for k, _ in table], weights=[w for _, w in table])[0]


def _village(rng: random.Random) -> str:
    return "".join(rng.sample(_SYLLABLES, 2))


def _wild_counties(n_units: int, rng: random.Random, per_county: tuple[int, int]) -> list[County]:
    used: set[str] = set()
    counties: list[County] = []
    left = n_units
    while left > 0:
        size = min(left, rng.randint(*per_county))
        if counties and size < per_county[0] and left == size:
            target = counties[-1]  # too few left for a county of their own: the last one grows
        else:
            name = _name(rng, used, "县")
            domain = (
                "www."
                + "".join(rng.choice("abcdefghjklmnpqrstwxyz") for _ in range(rng.randint(3, 5)))
                + ".gov.cn"
            )
            target = County(name, domain, f"0{rng.randint(310, 999)}", str(rng.randint(10**9, 10**10 - 1)),
                            rng.choice(_SYLLABLES), "".join(rng.sample(_SYLLABLES, 2)) + rng.choice(_PROG_TAILS),
                            rng.choice(_PROG_TAILS[:4]) + "示范村", rng.choice(_MOTTOS), rng.choice(_TEMPLATES))  # fmt: skip
            counties.append(target)
        for _ in range(size):
            if rng.random() < STREET_SHARE:
                short = _name(rng, used, "街道")
                target.units.append(Unit(f"{target.name}{short}办事处", short, target.name))
            else:
                short = _name(rng, used, rng.choice(_TOWN_SUFFIX))
                target.units.append(Unit(f"{target.name}{short}人民政府", short, target.name))
        left -= size
    return counties


def _gov(unit: Unit) -> str:
    return unit.short + ("办事处" if unit.short.endswith("街道") else "人民政府")


def _title_of(w: Wild, rng: random.Random) -> None:
    u, y = w.spec.unit, w.spec.year
    org = rng.choice([u.name, u.name, _gov(u), u.county + u.short])
    w.org = org
    form = w.title_form
    if form == "full":
        w.short, w.title = u.name, f"{u.name}{y}年政府信息公开工作年度报告"
    elif form == "county_short":
        w.short = u.county + u.short
        w.title = f"{w.short}{y}年政府信息公开工作年度报告"
    elif form == "short_gov":
        w.short = _gov(u)
        w.title = f"{w.short}{y}年度政府信息公开工作年度报告"
    elif form == "short":
        w.short, w.title = u.short, f"{u.short}{y}年政府信息公开工作年度报告"
    elif form == "year_first":
        w.short, w.title = u.short, f"{y}年{u.short}政府信息公开工作年度报告"
    elif form == "cn_year":
        w.short = rng.choice([_gov(u), u.short, u.name])
        w.title = f"{w.short}{_cn_year(y)}年政府信息公开工作年度报告"
    elif form == "guanyu":
        w.short = rng.choice([_gov(u), u.name])
        w.title = f"{w.short}关于{y}年度政府信息公开工作情况的报告"
    else:
        w.short, w.title = org, f"{y}年政府信息公开工作年度报告"


def _stock_text(family: str, w: Wild, rng: random.Random) -> str:
    u, c = w.spec.unit, w.county
    road = rng.choice(["振兴路", "人民路", "新街", "府前路", "文化路"]) + f"{rng.randint(1, 199)}号"
    return rng.choice(STOCK[family]).format(
        short=u.short, unit=u.name, year=w.spec.year, county=c.name, we=_we(u),
        url=f"http://{c.domain}", phone=w.phone, road=road, zip=f"{rng.randint(100, 899)}{rng.randint(100, 999)}",
    )  # fmt: skip


def _rare(part: str, spec: Spec, county: County, rng: random.Random) -> list[Sentence]:
    """Two to four sentences of this unit's own facts, for 五 (problems) or 一 (general)."""
    item, item2 = rng.sample(_ITEMS + _ITEMS2, 2)
    vals = dict(year=spec.year, next=spec.year + 1, prev=spec.year - 1, short=spec.unit.short,
                item=item, item2=item2, doc=rng.choice(_DOCS), doc2=rng.choice(_DOCS),
                prog=county.prog if rng.random() < 0.5 else _village_of(spec.unit, rng) + rng.choice(_PROG_TAILS),
                col=rng.choice(["政务公开", "通知公告", "财政信息", "政策解读", "乡村振兴"]), place=rng.choice(_PLACES),
                m1=rng.randint(2, 11), m2=rng.randint(2, 11), m3=rng.randint(3, 6), d1=rng.randint(3, 15), d2=rng.randint(5, 28),
                wd=rng.choice(_WEEKDAYS), n1=rng.randint(2, 9), n2=rng.randint(8, 60), n3=rng.randint(2, 7),
                n4=rng.randint(3, 27), n5=rng.randint(2, 9), k=rng.randint(60, 1900), pct=rng.randint(55, 88),
                **{f"v{i}": _village_of(spec.unit, rng) for i in range(1, 6)})  # fmt: skip
    if part == "general":
        texts = rng.sample(_GENERAL_FACTS, rng.choice([2, 2, 3]))
    else:
        time = rng.choice(
            [
                f"{spec.year}年{vals['m1']}月",
                f"{vals['m1']}月份",
                f"{spec.year}年第{rng.randint(1, 4)}季度",
            ]
        )
        first = (
            time
            + rng.choice(_CHECKS)
            + rng.choice(["，发现", "，查出", "，我们发现"])
            + rng.choice(_FINDINGS)
        )
        texts = [first + rng.choice(_FIND_TAILS)]
        if rng.random() < 0.6:
            texts.append(rng.choice(_SECONDS))
        texts.append(rng.choice(_FIXES))
        if rng.random() < 0.4:
            texts.append(rng.choice(_PLANS))
    return [Sentence(t.format(**vals) + "。", f"rare:{part}") for t in texts]


def _wild_narrative(w: Wild, pools: dict[str, list[str]], rng: random.Random) -> None:
    """make_narrative's parts, with the county template, stock phrases and rare passages."""
    spec = w.spec
    make_narrative(spec, pools, rng)
    new = int(spec.t3["new"]["total"])
    t4_zero = all(v == "0" for cols in spec.t4.values() for v in cols.values())
    families = [f for f in STOCK if f not in _STOCK_CONDITIONAL and rng.random() < STOCK_SHARE]
    if new == 0 and rng.random() < 0.85:
        families.append("no_requests")
    if new > 0 and rng.random() < 0.6:
        families.append("deadline")
    if t4_zero and rng.random() < 0.8:
        families.append("no_appeals")
    if rng.random() < 0.7:
        families.append("no_fees")
    general, problems, other = spec.parts["general"], spec.parts["problems"], spec.parts["other"]
    opening: list[Sentence] = []
    intro: list[Sentence] = []
    for family in families:
        text = _stock_text(family, w, rng)
        w.stock[family] = text
        s = Sentence(text, f"stock:{family}")
        place = _STOCK_PLACES[family]
        if place == "opening":
            opening.append(s)
        elif place == "intro":
            intro.append(s)
        elif family == "no_requests":
            para = general[2]
            k = next(i for i, x in enumerate(para) if x.origin == "gen:requests")
            para[k] = s
        elif family == "no_appeals":
            para = general[2]
            k = next(i for i, x in enumerate(para) if x.origin == "gen:appeals")
            para[k] = s
        elif family == "deadline":
            para = general[2]
            k = next(i for i, x in enumerate(para) if x.origin == "gen:requests")
            para.insert(k + 1, s)
        elif isinstance(place, int):
            general[place].insert(1, s)
        elif place == "problems":
            k = 1 if family == "problem_generic" else len(problems) - 1
            problems[k].append(s)
        elif family == "no_fees":
            if other and other[0] and other[0][0].origin == "gen:fee":
                other[0][0] = s
            else:
                other.insert(0, [s])
        elif family == "fee_rule":
            other.insert(1 if other else 0, [s])
        else:
            other.append([s])
    if intro:
        general[0] = intro + general[0]
    if w.template_text is not None:
        t = Sentence(w.template_text, "template")
        if w.template_before_one:
            opening.insert(0, t)
        else:
            general.insert(0, [t])
    spec.parts["opening"] = [opening] if opening else []
    for para in general:  # the earlier generator's own facts, with numbers a township can have
        for s in para:
            if s.origin == "local:依申请公开":
                s.text = re.sub(r"于\d+个工作日内", f"于{rng.randint(3, 15)}个工作日内", s.text)
            elif s.origin == "local:政府信息管理":
                s.text = re.sub(r"规范了\d+件", f"规范了{rng.randint(1, 5)}件", s.text)
    # this unit's own facts: a passage after (一)主动公开 and after the first problem
    k = next(i for i, p in enumerate(general) if p and p[0].text.startswith("（一）"))
    general.insert(k + 1, _rare("general", spec, w.county, rng))
    problems.insert(2, _rare("problems", spec, w.county, rng))


def _rare_index(spec: Spec, part: str) -> int:
    return next(i for i, p in enumerate(spec.parts[part]) if p and p[0].origin == f"rare:{part}")


_NEAR_WORDS = [("督促", "要求"), ("群众", "村民"), ("全年", "一年来"), ("发现", "查出"), ("计划", "力争"),
               ("现场", "当场"), ("新设", "新增"), ("试点", "先行"), ("逐条", "逐一"), ("主要集中在", "集中在")]  # fmt: skip


def _near(texts: list[str], rng: random.Random) -> list[str]:
    """Edit a copied passage a little: a few words, one number (not a year)."""
    out = list(texts)
    pairs = [p for p in _NEAR_WORDS + _SYNONYMS if any(p[0] in t for t in out)]
    for a, b in rng.sample(pairs, min(2, len(pairs))):
        k = next((i for i, t in enumerate(out) if a in t), None)
        if k is not None:
            out[k] = out[k].replace(a, b, 1)
    nums = [(i, m) for i, t in enumerate(out) for m in re.finditer(r"(?<!\d)\d{1,3}(?![\d年])", t)]
    if nums:
        i, m = rng.choice(nums)
        value = str(int(m.group()) + rng.randint(1, 3))
        out[i] = out[i][: m.start()] + value + out[i][m.end() :]
    return out


def _plant_wild_copy(a: Wild, b: Wild, part: str, kind: str, rng: random.Random) -> dict:
    src = a.spec.parts[part][_rare_index(a.spec, part)]
    texts = [
        s.text.replace(a.spec.unit.short, b.spec.unit.short).replace(
            _we(a.spec.unit), _we(b.spec.unit)
        )
        for s in src
    ]
    if kind == "near":
        texts = _near(texts, rng)
    b.spec.parts[part][_rare_index(b.spec, part)] = [Sentence(t, f"copy:{part}") for t in texts]
    return {"a": a.spec.file, "b": b.spec.file, "part": part, "kind": kind, "text": "".join(texts),
            "text_simplified": "".join(texts), "source_text": "".join(s.text for s in src),
            "cross_county": a.county is not b.county, "year": b.spec.year}  # fmt: skip


def _stick(earlier: Wild, later: Wild) -> None:
    """The later report's 五 is last year's with the years moved on."""

    def shift(text: str) -> str:
        return re.sub(r"(20\d\d)(?=年)", lambda m: str(int(m.group(1)) + 1), text)

    later.spec.parts["problems"] = [
        [
            Sentence(
                shift(s.text), s.origin if s.origin.startswith("rare") else "sticky:" + s.origin
            )
            for s in p
        ]
        for p in earlier.spec.parts["problems"]
    ]


# --- glued digits -----------------------------------------------------------------------------


def _origin(origin: str, pool_ids: dict[str, str]) -> str:
    """A sentence's origin for the truth: pool sentences by a short id (their text in pool_sentences)."""
    if origin.startswith("sticky:"):
        return "sticky:" + _origin(origin[len("sticky:") :], pool_ids)
    if not origin.startswith("pool:"):
        return origin
    _, kind, text = origin.split(":", 2)
    return f"pool:{kind}:{pool_ids.setdefault(text, f'P{len(pool_ids) + 1}')}"


def _splits(digits: str, k: int, ok) -> list[tuple[int, ...]]:
    """The ways to read a run of digits as k numbers (no leading zeros) that satisfy ok."""
    found: list[tuple[int, ...]] = []

    def walk(i: int, acc: list[int]) -> None:
        if len(found) > 4:
            return
        if len(acc) == k:
            if i == len(digits) and ok(acc):
                found.append(tuple(acc))
            return
        if len(digits) - i < k - len(acc):
            return
        for j in range(i + 1, min(len(digits), i + 4) + 1):
            if j - i > 1 and digits[i] == "0":
                break
            walk(j, [*acc, int(digits[i:j])])

    walk(0, [])
    return found


def _t3_ok(v) -> bool:
    return v[6] == sum(v[:6])


def _t4_ok(v) -> bool:
    return all(v[g + 4] == sum(v[g : g + 4]) for g in range(0, 15, 5))


def _ambiguous_cells(spec: Spec) -> list[str]:
    """Cells that a reader of glued digits cannot pin down, given the rows' arithmetic."""
    cells: list[str] = []

    def check(table: str, rows: list[str], cols: list[list[str]], values: list[str], ok) -> None:
        found = _splits("".join(values), len(values), ok)
        if len(found) > 1:
            for i, (row, col) in enumerate(
                (r, c) for r, cs in zip(rows, cols, strict=True) for c in cs
            ):
                if len({f[i] for f in found}) > 1:
                    cells.append(f"{table}:{row}.{col}")

    for row in ("rules", "normative"):
        cols = ["issued", "repealed", "in_force"]
        check("table2", [row], [cols], [spec.t2[row][c] for c in cols], lambda v: True)
    for s in T3_ROWS_2021:
        check("table3", [s.id], [list(T3_COLUMNS)], [spec.t3[s.id][c] for c in T3_COLUMNS], _t3_ok)
    rows = list(T4_ROWS)
    check("table4", rows, [list(T4_COLUMNS)] * 3, _t4_values(spec), _t4_ok)
    return cells


def _quiet(spec: Spec) -> None:
    """No request this year (none was carried either): table 3 all zeros."""
    spec.t3 = {r: dict.fromkeys(T3_COLUMNS, "0") for r in spec.t3}


def _plant_ambiguity(spec: Spec, rng: random.Random) -> None:
    """Raise this year's requests (natural persons and businesses, all granted) to values whose
    glued digits split two ways, e.g. 11 and 1 → "111…12" reads as 11,1 or 1,11."""
    t3 = {r: {c: int(v) for c, v in cols.items()} for r, cols in spec.t3.items()}
    np0, b0 = t3["new"]["natural_person"], t3["new"]["business"]
    options = [(x, y) for x, y in ((1, 11), (11, 1), (2, 22), (22, 2), (11, 11), (12, 12), (3, 33), (13, 13))
               if x >= np0 and y >= b0]  # fmt: skip
    rng.shuffle(options)
    for x, y in options:
        trial = {r: dict(cols) for r, cols in t3.items()}
        for col, delta in (("natural_person", x - np0), ("business", y - b0)):
            for row in ("new", "granted", "total"):
                trial[row][col] += delta
        for row in ("new", "granted", "total"):
            trial[row]["total"] = sum(trial[row][c] for c in APPLICANTS)
        values = [str(trial["new"][c]) for c in T3_COLUMNS]
        if len(_splits("".join(values), 7, _t3_ok)) > 1:
            spec.t3 = {r: {c: str(v) for c, v in cols.items()} for r, cols in trial.items()}
            return


# --- rendering a wild report --------------------------------------------------------------------


def _part_title(w: Wild, part: str, title: str) -> str:
    if w.heading_variant and part == "appeals":
        return "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况"
    if w.heading_variant and part == "problems":
        return "五、政府信息公开工作存在的主要问题及改进情况"
    return title


def _blocks(w: Wild) -> list[tuple[str, str]]:
    """The report as a page shows it: title, opening, parts (headings, paragraphs, tables), signature."""
    spec = w.spec
    out: list[tuple[str, str]] = [("title", w.title)]
    out += [("p", p) for p in _narrative(spec, "opening")]
    for part, title in _PART_TITLES:
        out.append(("h", _part_title(w, part, title)))
        if part in _TABLE_OF:
            if not w.images:
                out.append(("table", part))
        else:
            out += [("p", p) for p in _narrative(spec, part)]
    if w.signature:
        y, m, d = w.date
        out += [("sign", w.org), ("sign", f"{y}年{m}月{d}日")]
    return out


def _pipe_table(spec: Spec, part: str) -> list[str]:
    """A table as a page's text shows it: cells of a row between bars."""
    rows: list[list[str]] = [[]]
    for line in _word_table(spec, part):
        if line == "":
            rows.append([])
        else:
            rows[-1].append(line[1:])
    return [" | ".join(r) + " |" for r in rows if any(r)]


def _glued_table(spec: Spec, part: str, sep: str) -> str:
    """A table flattened by a site's text export: every cell in order, joined by sep."""
    return sep.join(c for line in _tab_table(spec, part) for c in line.split("\t") if c)


def _meta_rows(w: Wild, rng: random.Random) -> list[list[tuple[str, str]]]:
    y, m, d = w.date
    date = f"{y}-{m:02d}-{d:02d}"
    idx = f"{w.county.code[:2]}{abs(hash_str(w.spec.unit.name)) % 10**7:07d}MB{w.county.code[2:8]}/{y}-{rng.randint(10000, 99999)}"
    if w.meta == "grid":
        rows = [[("索引号", idx), ("发布机构", w.org)], [("主题分类", rng.choice(["政府信息公开年报", "综合政务\\政务公开"])), ("文号", "")],
                [("生成日期", date), ("公开方式", "主动公开")]]  # fmt: skip
        if rng.random() < 0.5:
            rows.append([("名称", w.title)])
        return rows
    if w.meta == "lines":
        rows = [
            [("索引号", idx)],
            [("发布机构", w.org)],
            [("发布日期", date)],
            [("主题分类", "政务公开")],
        ]
        if rng.random() < 0.3:
            rows.insert(0, [("标题", w.title)])
        return rows
    if w.meta == "inline":
        return [
            [
                ("发布时间", f"{date} {rng.randint(8, 17):02d}:{rng.randint(0, 59):02d}"),
                ("来源", w.org),
                ("浏览次数", ""),
            ]
        ]
    return [[("索 引 号", idx), ("公开方式", "主动公开")], [("成文日期", date), ("发布机构", w.org)],
            [("组配分类", "政府信息公开年报")]]  # fmt: skip


def hash_str(text: str) -> int:
    """A hash that does not change between runs (str hashes do)."""
    h = 0
    for ch in text:
        h = (h * 131 + ord(ch)) % (1 << 61)
    return h


def _chrome_top(w: Wild, rng: random.Random) -> list[str]:
    c, u = w.county, w.spec.unit
    cs = c.name[:-1]
    lines = [
        rng.choice(["无障碍 | 长者模式 | 繁体", "登录 | 注册 | 无障碍浏览 | 关怀版", "简体 | 繁體 | 无障碍 | 移动版",
                    f"欢迎访问{c.name}人民政府网站！"]),
        rng.choice([f"{c.name}人民政府", f"{c.name}人民政府门户网站", f"中国·{cs}"]),
        rng.choice([f"首页 | 政务公开 | 政务服务 | 互动交流 | 走进{cs} | 专题专栏",
                    "网站首页  信息公开  政民互动  办事服务  数据开放", f"首页 走进{cs} 政务公开 政务服务 政民互动"]),
        rng.choice([f"当前位置：首页 > 政务公开 > 乡镇街道 > {u.short} > 政府信息公开年报",
                    f"您现在的位置：网站首页 >> 政府信息公开 >> {_gov(u)} >> 年度报告",
                    "首页 > 信息公开 > 法定主动公开内容 > 政府信息公开年报",
                    f"当前位置：首页 > {u.short} > 政府信息公开工作年度报告"]),
    ]  # fmt: skip
    if rng.random() < 0.3:
        lines.insert(2, "请输入关键词 搜索")
    return lines


def _chrome_bottom(w: Wild, rng: random.Random) -> list[str]:
    c = w.county
    y = w.spec.year
    lines = [
        rng.choice(
            [
                "【打印本页】 【关闭窗口】",
                "【字体：大 中 小】【打印】【关闭】",
                "打印 | 关闭 | 收藏",
                "【打印】【纠错】【关闭】",
            ]
        )
    ]
    if rng.random() < 0.6:
        lines.append(rng.choice(["扫一扫在手机打开当前页", "手机扫码阅读", "扫一扫 分享到手机"]))
    if rng.random() < 0.5:
        lines.append("分享到：微信 微博 QQ空间")
    if rng.random() < 0.5:
        other = rng.choice([u for u in c.units if u is not w.spec.unit] or [w.spec.unit])
        lines += [
            f"上一篇：{other.short}{y}年政府信息公开工作年度报告",
            f"下一篇：{c.name}{y}年度政务公开工作要点",
        ]
    if rng.random() < 0.5:
        lines.append(
            f"相关链接：中国政府网 | {c.icp}省人民政府 | {c.icp}{_village(rng)[0]}市人民政府"
        )
    lines += [
        rng.choice([f"主办单位：{c.name}人民政府办公室  承办单位：{c.name}融媒体中心", f"主办：{c.name}人民政府  版权所有"]),
        f"网站标识码：{c.code}  {c.icp}ICP备{hash_str(c.name) % 10**8:08d}号  {c.icp}公网安备 {hash_str(c.domain) % 10**14:014d}号",
    ]  # fmt: skip
    if rng.random() < 0.4:
        lines.append("联系我们 | 网站地图 | 网站声明 | 建议使用1920×1080分辨率浏览")
    return lines


def _info(w, rng: random.Random, sep: str) -> str:
    """The line under the title: an inline metadata block and the page's own info line."""
    info = []
    if w.meta == "inline":
        info.append(sep.join(f"{k}：{v}" for k, v in _meta_rows(w, rng)[0]))
    if w.chrome:
        info.append(_info_line(w, rng))
    return sep.join(info)


def _info_line(w: Wild, rng: random.Random) -> str:
    return rng.choice(
        ["【字号：大 中 小】【打印】【关闭】", "字号：T | T | T   打印本页", "【字体：大 中 小】"]
    )


def _render_html_page(w: Wild, rng: random.Random) -> str:
    e = html.escape
    c = w.county
    out = ["<!DOCTYPE html><html lang='zh-CN'><head><meta charset='utf-8'>",
           f"<title>{e(w.title)}_{e(c.name)}人民政府</title>",
           "<script>var _trs_uv = 1; function doZoom(s){document.getElementById('zoom').style.fontSize=s+'px';}</script>",
           "</head><body>"]  # fmt: skip
    top = _chrome_top(w, rng) if w.chrome else []
    if top:
        out.append(
            f"<div class='topbar'>{e(top[0])}</div><div class='logo'><h2>{e(top[1])}</h2></div>"
        )
        for line in top[2:-1]:
            items = "".join(
                f"<li><a href='#'>{e(x)}</a></li>" for x in re.split(r"\s*\|\s*|\s{2,}", line) if x
            )
            out.append(f"<ul class='nav'>{items}</ul>")
        crumbs = re.split(r"\s*(?:>>|>)\s*", top[-1])
        out.append(
            "<div class='position'>"
            + " &gt; ".join(f"<a href='#'>{e(x)}</a>" for x in crumbs)
            + "</div>"
        )
    if w.meta:
        rows = _meta_rows(w, rng)
        if w.meta == "grid":
            out.append("<table class='xxgk_table'>")
            for row in rows:
                span = " colspan='3'" if len(row) == 1 else ""
                tds = "".join(f"<td class='t'>{e(k)}：</td><td{span}>{e(v)}</td>" for k, v in row)
                out.append(f"<tr>{tds}</tr>")
            out.append("</table>")
        elif w.meta == "lines":
            out.append(
                "<ul class='meta'>"
                + "".join(f"<li>{e(k)}：{e(v)}</li>" for ((k, v),) in rows)
                + "</ul>"
            )
        elif w.meta == "spaced":
            out += [
                f"<div class='xxgk_row'>{'　　'.join(f'{e(k)}：{e(v)}' for k, v in row)}</div>"
                for row in rows
            ]
    out.append(f"<div class='article'><h1 class='title'>{e(w.title)}</h1>")
    info = _info(w, rng, "　")
    if info:
        out.append(f"<div class='info'>{e(info)}</div>")
    out.append("<div id='zoom' class='TRS_Editor'>")
    for kind, text in _blocks(w)[1:]:
        if kind == "p":
            out.append(f"<p style='text-indent:2em'>{e(text)}</p>")
        elif kind == "h":
            out.append(f"<p><strong>{e(text)}</strong></p>")
        elif kind == "table":
            out.append(_html_table(w.spec, text))
        elif kind == "sign":
            out.append(f"<p style='text-align:right'>{e(text)}</p>")
    if w.images:
        out.append(
            f"<p><img src='/uploadfiles/{w.spec.year + 1}/W0{rng.randint(10**6, 10**7)}.png'/></p>"
        )
    out.append("</div></div>")
    if w.chrome:
        out += [f"<div class='foot'>{e(line)}</div>" for line in _chrome_bottom(w, rng)]
    out.append("</body></html>")
    return "\n".join(out)


def _text_table(w: Wild, part: str) -> list[str]:
    if w.table_style == "pipe":
        return _pipe_table(w.spec, part)
    if w.table_style == "word":
        return _word_table(w.spec, part)
    if w.table_style == "spaces":
        return _space_table(w.spec, part)
    return _tab_table(w.spec, part)


def _body_lines(w: Wild, indent: str, wrap: int = 0) -> list[str]:
    lines: list[str] = []
    for kind, text in _blocks(w):
        if kind == "table":
            lines += _text_table(w, text)
        elif kind == "p" and wrap:
            lines += [*_wrap_cjk(indent + text, wrap), ""]
        elif kind == "p":
            lines.append(indent + text)
        elif kind == "title" and w.layout in ("word", "pdf_text") and rng_split(w):
            cut = w.title.index("政府信息公开") if "政府信息公开" in w.title else len(w.title)
            lines += [w.title[:cut], w.title[cut:], ""]
        else:
            lines.append(text)
    return lines


def _wrap_cjk(text: str, width: int) -> list[str]:
    """Hard wraps as a PDF sets them: no line starts with a closing mark (。，、；：）” stay behind)."""
    lines: list[str] = []
    i = 0
    while i < len(text):
        j = min(len(text), i + width)
        while j < len(text) and text[j] in "。，、；：？！）》”":
            j += 1
        lines.append(text[i:j])
        i = j
    return lines or [""]


def rng_split(w: Wild) -> bool:
    """A title split over two lines, as Word and PDF files often set it (decided by the unit)."""
    return hash_str(w.spec.unit.name) % 3 == 0


def _render_saved_page(w: Wild, rng: random.Random) -> str:
    lines = _chrome_top(w, rng) if w.chrome else []
    if w.meta and w.meta != "inline":
        sep = rng.choice(["　", "  ", "\t"])
        lines += [sep.join(f"{k}：{v}" for k, v in row) for row in _meta_rows(w, rng)]
    body = _body_lines(w, rng.choice(["", "　　"]))
    lines.append(body[0])
    info = _info(w, rng, "  ")
    if info:
        lines.append(info)
    lines += body[1:]
    if w.chrome:
        lines += _chrome_bottom(w, rng)
    return "\n".join(lines) + "\n"


def _render_export(w: Wild, rng: random.Random) -> str:
    y, m, d = w.date
    colon = rng.choice(["：", ":"])
    head = [f"标题{colon}{w.title}", f"发布时间{colon}{y}-{m:02d}-{d:02d} {rng.randint(8, 17):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}",
            f"{rng.choice(['发布机构', '来源'])}{colon}{w.org}", f"栏目{colon}{rng.choice(['政府信息公开年报', '年度报告', '法定主动公开内容'])}"]  # fmt: skip
    if rng.random() < 0.5:
        head.append(
            f"链接{colon}http://{w.county.domain}/art/{y}/{m}/{d}/art_{rng.randint(1229000000, 1229999999)}_{rng.randint(10**5, 10**6)}.html"
        )
    joiner = rng.choice(["", " "])
    pieces = []
    for kind, text in _blocks(w):
        if kind == "title" and rng.random() < 0.5:
            continue
        if kind == "table":
            pieces.append(_glued_table(w.spec, text, "" if w.glued else " "))
        else:
            pieces.append(text)
    sep = rng.choice(["", "=" * 20, "-" * 30])
    return "\n".join([*head, *([sep] if sep else []), "", joiner.join(pieces)]) + "\n"


def _render_word_wild(w: Wild, rng: random.Random) -> str:
    return "\n".join(_body_lines(w, "")) + "\n"


def _render_pdf_text(w: Wild, rng: random.Random) -> str:
    lines = _body_lines(w, "　　", wrap=rng.choice([28, 32, 36]))
    out: list[str] = []
    page = 1
    for i, line in enumerate(lines, 1):
        out.append(line)
        if i % 42 == 0:
            out += ["", f"- {page} -", ""]
            page += 1
    out += ["", f"- {page} -"]
    return "\n".join(out) + "\n"


_WILD_RENDER = {"html_page": _render_html_page, "saved_page": _render_saved_page, "text_export": _render_export,
                "word": _render_word_wild, "pdf_text": _render_pdf_text}  # fmt: skip


# --- files that are not reports -------------------------------------------------------------------


def _nr_minutes(c: County, u: Unit, year: int, rng: random.Random) -> str:
    d, d2 = rng.randint(3, 12), rng.randint(15, 28)
    return "\n".join([
        f"{u.short}政务公开工作专题会议纪要", f"（{year + 1}年第{rng.randint(1, 4)}期）", "",
        f"时间：{year + 1}年1月{d}日上午9:00", f"地点：{u.short}机关三楼会议室",
        f"主持：{u.short}党委副书记", "参加：党政办、经济发展办、社会事务办负责同志，各村（社区）政务公开专干", "记录：党政办", "",
        f"会议听取了党政办关于{year}年政务公开工作开展情况和{year}年度政府信息公开工作年度报告起草情况的汇报，研究部署了下一阶段工作。会议议定如下：",
        f"一、关于年度报告编制。年度报告按照总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、"
        f"存在的主要问题及改进情况、其他需要报告的事项六个部分撰写，数据统计至{year}年12月31日。党政办于1月{d2}日前完成初稿，经主要负责同志审定后报{c.name}政务公开办审核。",
        f"二、关于依申请公开台账。党政办要对照{year}年收到的申请逐件核对登记、答复和归档情况，确保年度报告表格数据与台账一致。",
        f"三、关于村级公开栏。各村要在2月底前完成公开栏内容更新，{_village(rng)}村、{_village(rng)}村要补齐{rng.choice(_ITEMS)}公示材料。",
        "", f"{u.short}党政办公室", f"{year + 1}年1月{d}日",
    ]) + "\n"  # fmt: skip


def _nr_notice(c: County, year: int, rng: random.Random) -> str:
    title = f"{c.name}人民政府办公室关于做好{year}年度政府信息公开工作年度报告编制发布工作的通知"
    body = [
        title, "各乡镇人民政府、街道办事处，县政府各部门：",
        f"为做好{year}年度政府信息公开工作年度报告（以下简称年度报告）编制发布工作，根据《中华人民共和国政府信息公开条例》有关规定，现将有关事项通知如下：",
        "一、编制内容",
        "年度报告严格按照《中华人民共和国政府信息公开工作年度报告格式》（国办公开办函〔2021〕30号）编制，包括总体情况、主动公开政府信息情况、"
        "收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项六部分。",
        "（一）总体情况部分要围绕主动公开、依申请公开、政府信息管理、政府信息公开平台建设、监督保障五个方面，用数据和事例反映工作成效。",
        "（二）存在的主要问题及改进情况部分要结合本单位实际查找问题，逐条提出改进措施，并说明上一年度问题的整改情况，不得照搬照抄往年内容。",
        "（三）表格数据要与政府信息公开申请办理台账一致，收到和处理政府信息公开申请情况表要符合勾稽关系。",
        "二、时间安排",
        f"各乡镇（街道）年度报告于{year + 1}年1月31日前报县政务公开办审核后在政府门户网站发布；县政府各部门于{year + 1}年1月31日前发布。",
        "三、工作要求",
        "各单位要高度重视，明确专人负责，按时保质完成年度报告编制发布工作。县政务公开办将对年度报告质量进行抽查，结果纳入年度政务公开考核。",
        f"联系电话：{c.area}-{rng.randint(2000000, 8999999)}", "",
        f"{c.name}人民政府办公室", f"{year + 1}年1月{rng.randint(3, 9)}日",
    ]  # fmt: skip
    if rng.random() < 0.5:
        return "\n".join(body) + "\n"
    e = html.escape
    return ("<!DOCTYPE html><html><head><meta charset='utf-8'><title>" + e(title) + "</title></head><body>"
            f"<div class='position'>当前位置：首页 &gt; 政务公开 &gt; 通知公告</div><h1>{e(title)}</h1>"
            f"<div class='info'>发布时间：{year + 1}-01-0{rng.randint(3, 9)}　来源：{e(c.name)}人民政府办公室　【打印】【关闭】</div>"
            + "".join(f"<p>{e(x)}</p>" for x in body[1:])
            + f"<div class='foot'>主办单位：{e(c.name)}人民政府办公室　网站标识码：{c.code}</div></body></html>\n")  # fmt: skip


def _nr_list_page(c: County, titles: list[tuple[str, str]], rng: random.Random) -> str:
    e = html.escape
    items = "".join(f"<li><a href='./t{d.replace('-', '')}_{rng.randint(10**6, 10**7)}.html' title='{e(t)}'>{e(t)}</a><span>{d}</span></li>"
                    for t, d in titles)  # fmt: skip
    pages = rng.randint(2, 6)
    return ("<!DOCTYPE html><html><head><meta charset='utf-8'><title>政府信息公开年报_" + e(c.name) + "人民政府</title></head><body>"
            f"<div class='logo'>{e(c.name)}人民政府</div><ul class='nav'><li>首页</li><li>政务公开</li><li>政务服务</li><li>互动交流</li></ul>"
            "<div class='position'>当前位置：首页 &gt; 政务公开 &gt; 政府信息公开年报</div>"
            f"<div class='column'><h3>政府信息公开年报</h3><ul class='list'>{items}</ul>"
            f"<div class='page'>共{pages}页 首页 上一页 1 2 下一页 尾页 跳转到第 页</div></div>"
            f"<div class='foot'>主办单位：{e(c.name)}人民政府办公室　网站标识码：{c.code}</div></body></html>\n")  # fmt: skip


def _nr_note(u: Unit, year: int, rng: random.Random) -> str:
    return (f"{u.short}{year}年度政府信息公开工作年度报告已报县政务公开办审核，待审定后发布。\n"
            f"附件：{u.short}{year}年年报（送审稿）.docx\n")  # fmt: skip


def _nr_readme(n_counties: int) -> str:
    return (f"本目录为从{n_counties}个县政府网站下载的政府信息公开工作年度报告，按网站分目录存放。\n"
            "部分文件名为网站的原始编号；网页保存为html，文本导出保存为txt。\n下载时间：次年三月。\n")  # fmt: skip


def _nr_blank_template() -> str:
    blank = Spec(Unit("", "", ""), 0, "word")
    blank.t2 = {"rules": dict.fromkeys(("issued", "repealed", "in_force"), ""),
                "normative": dict.fromkeys(("issued", "repealed", "in_force"), ""),
                **{r: {"decisions": ""} for r in ("license", "penalty", "enforcement")}, "admin_fees": {"amount": ""}}  # fmt: skip
    blank.t3 = {s.id: dict.fromkeys(T3_COLUMNS, "") for s in T3_ROWS_2021}
    blank.t4 = {r: dict.fromkeys(T4_COLUMNS, "") for r in T4_ROWS}
    lines = ["政府信息公开工作年度报告（格式）", ""]
    for part, title in _PART_TITLES:
        lines.append(title)
        if part in _TABLE_OF:
            lines += _word_table(blank, part)
        lines.append("")
    return "\n".join(lines) + "\n"


# --- the wild corpus ------------------------------------------------------------------------------


def _file_name(w: Wild, rng: random.Random, used: set[str]) -> str:
    y, m, d = w.date
    ext = {"html_page": rng.choice(["html", "html", "shtml", "htm"])}.get(w.layout, "txt")
    u = w.spec.unit
    while True:
        if w.opaque and ext != "txt":
            name = rng.choice([f"t{y}{m:02d}{d:02d}_{rng.randint(5 * 10**6, 10**7 - 1)}.{ext}",
                               f"art_{rng.randint(1229000000, 1229999999)}_{rng.randint(10**4, 10**5 - 1)}.{ext}",
                               f"content_{rng.randint(10**5, 10**6 - 1)}.{ext}", f"post_{rng.randint(10**6, 10**7 - 1)}.{ext}"])  # fmt: skip
        elif w.opaque:
            name = rng.choice([f"{rng.randint(10**6, 10**7 - 1)}.txt", f"t{y}{m:02d}{d:02d}_{rng.randint(10**6, 10**7 - 1)}.txt",
                               f"doc_{hash_str(u.name + str(w.spec.year)) % 16**12:012x}.txt"])  # fmt: skip
        else:
            name = rng.choice(
                [
                    f"{w.title}.{ext}",
                    f"{u.short}-{w.spec.year}.{ext}",
                    f"{w.spec.year}年{u.short}年报.{ext}",
                ]
            )
        path = f"{w.county.domain}/{name}"
        if path not in used:
            used.add(path)
            return path


def generate_wild(n_reports: int, seed: int, out: Path, *, per_county: tuple[int, int] = (5, 8),
                  years: tuple[int, ...] = (2022, 2023, 2024)) -> dict:  # fmt: skip
    """Write a wild corpus of about n_reports reports (plus files that are not reports) under out,
    and out/truth.json; the same seed gives the same corpus."""
    import opencc

    rng = random.Random(seed)
    pools = {k: [t for t in v if len(t) >= 18 and t[-1] in "。；" and not _WILD_POOL_OUT.search(t)]
             for k, v in build_pools().items()}  # fmt: skip
    out.mkdir(parents=True, exist_ok=True)
    n_units = max(1, -(-n_reports // len(years)))
    counties = _wild_counties(n_units, rng, per_county)
    names = [a + b for a in _SYLLABLES for b in _SYLLABLES if a != b]
    rng.shuffle(names)
    for k, unit in enumerate(u for county in counties for u in county.units):
        unit.villages = tuple(names[k * 8 : k * 8 + 8]) or tuple(rng.sample(names, 8))
    ws: list[Wild] = []
    by_unit: dict[str, list[Wild]] = defaultdict(list)
    for county in counties:
        for unit in county.units:
            phone = f"{county.area}-{rng.randint(2000000, 8999999)}"
            for year in years:
                if len(ws) >= n_reports:
                    break
                w = Wild(Spec(unit, year, "wild"), county, _pick(rng, WILD_LAYOUTS), phone=phone)
                previous = by_unit[unit.name][-1].spec if by_unit[unit.name] else None
                make_tables(w.spec, previous, rng)
                if w.spec.t3["carried"]["total"] == "0" and rng.random() < QUIET_SHARE:
                    _quiet(w.spec)
                w.date = (year + 1, rng.choice([1, 1, 1, 2, 3]), rng.randint(5, 28))
                w.traditional = (
                    w.layout in ("html_page", "saved_page", "text_export")
                    and rng.random() < TRADITIONAL_SHARE
                )
                w.chrome = w.layout == "saved_page" or (
                    w.layout == "html_page" and rng.random() < HTML_CHROME_SHARE
                )
                share = {"html_page": HTML_META_SHARE, "saved_page": SAVED_META_SHARE}.get(
                    w.layout, 0.0
                )
                w.meta = rng.choice(META_STYLES) if rng.random() < share else None
                w.one_line = w.layout == "text_export"
                w.glued = w.one_line and rng.random() < GLUED_SHARE
                w.images = rng.random() < IMAGE_TABLES_SHARE
                w.title_form = _pick(rng, TITLE_FORMS)
                _title_of(w, rng)
                has_meta = w.meta is not None or w.one_line
                w.signature = rng.random() < SIGNATURE_SHARE[w.layout] or (
                    w.title_form == "no_unit" and not has_meta
                )
                w.published = _iso(w.date) if has_meta or w.signature else None
                w.opaque = rng.random() < OPAQUE_NAME_SHARE
                w.table_style = {"saved_page": rng.choice(["tab", "word", "pipe"]), "word": "word",
                                 "pdf_text": "spaces"}.get(w.layout, "")  # fmt: skip
                w.heading_variant = rng.random() < HEADING_VARIANT_SHARE
                w.template_before_one = rng.random() < TEMPLATE_BEFORE_ONE
                if w.glued and rng.random() < AMBIGUOUS_SHARE:
                    _plant_ambiguity(w.spec, rng)
                ws.append(w)
                by_unit[unit.name].append(w)
    # the county template: most of a county's reports, at least five where the county has them
    templates = []
    for k, county in enumerate(counties):
        mine = [w for w in ws if w.county is county]
        if len(mine) < 5:
            continue
        chosen = [w for w in mine if rng.random() < TEMPLATE_SHARE]
        for w in mine:
            if len(chosen) >= 5:
                break
            if all(x is not w for x in chosen):
                chosen.append(w)
        for w in chosen:
            u = w.spec.unit
            w.template_text = county.template.format(
                year=w.spec.year, county=county.name, short=u.short, prog=county.prog, prog2=county.prog2,
                motto=county.motto, item=_ITEMS[hash_str(county.name) % len(_ITEMS)], n=rng.randint(3, 24))  # fmt: skip
        templates.append(
            {
                "id": f"T{k + 1:02d}",
                "county": county.name,
                "members": chosen,
                "pattern": county.template,
            }
        )
    for w in ws:
        _wild_narrative(w, pools, rng)
    used: set[str] = set()
    for w in ws:
        w.spec.file = _file_name(w, rng, used)
    truth: dict = {"seed": seed, "kind": "wild", "reports": [], "non_reports": [], "copies": [],
                   "templates": [], "stock": [], "stickiness": []}  # fmt: skip
    # stickiness: one unit of its two years, never two units
    sticky: set[str] = set()
    for name, series in by_unit.items():
        if len(series) > 1 and rng.random() < STICKY_SHARE:
            _stick(series[-2], series[-1])
            sticky.add(name)
            truth["stickiness"].append(
                {
                    "report": series[-1].spec.file,
                    "previous": series[-2].spec.file,
                    "part": "problems",
                }
            )
    # copies of rare text between units of one year
    eligible = [w for w in ws if w.spec.unit.name not in sticky]
    groups: dict[tuple[str, int], list[Wild]] = defaultdict(list)
    for w in eligible:
        groups[(w.county.name, w.spec.year)].append(w)
    touched: set[int] = set()
    for (county_name, year), group in groups.items():
        if len(group) < 2 or rng.random() >= COPY_PER_COUNTY_YEAR:
            continue
        free = [w for w in group if id(w) not in touched]
        if not free:
            continue
        b = rng.choice(free)
        others = [
            w
            for w in eligible
            if w.spec.year == year and w.county.name != county_name and id(w) not in touched
        ]
        if others and rng.random() < CROSS_COUNTY_SHARE:
            sources = others
        else:
            sources = [w for w in group if w is not b and id(w) not in touched]
        if not sources:
            continue
        a = rng.choice(sources)
        part = "general" if rng.random() < COPY_GENERAL_SHARE else "problems"
        kind = "near" if rng.random() < NEAR_SHARE else "verbatim"
        truth["copies"].append(_plant_wild_copy(a, b, part, kind, rng))
        touched |= {id(a), id(b)}
    # render and write
    s2t = opencc.OpenCC("s2t")
    pool_ids: dict[str, str] = {}
    written: dict[str, str] = {}
    for w in ws:
        text = _WILD_RENDER[w.layout](w, rng)
        if w.traditional:
            text = s2t.convert(text)
        path = out / w.spec.file
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written[w.spec.file] = text
        w.ambiguous = _ambiguous_cells(w.spec) if w.glued else []
        parts = ["general", "proactive", "requests", "appeals", "problems", "other"]
        truth["reports"].append({
            "file": w.spec.file, "unit": w.spec.unit.name, "short": w.short, "county": w.county.name,
            "year": w.spec.year, "published": w.published, "layout": w.layout, "chrome": w.chrome,
            "metadata_block": w.meta is not None or w.one_line, "one_line": w.one_line,
            "traditional": w.traditional, "glued_digits": w.glued and not w.images,
            "tables_readable": not w.images and not w.ambiguous, "ambiguous_cells": w.ambiguous, "parts": parts,
            "tables": {"table2": w.spec.t2, "table3": w.spec.t3, "table4": w.spec.t4},
            "template": next((t["id"] for t in templates if w in t["members"]), None),
            "stock": list(w.stock), "title": w.title, "title_form": w.title_form, "org": w.org,
            "metadata_style": "export" if w.one_line else w.meta, "signature": w.signature,
            "tables_as_images": w.images, "table_style": w.table_style or ("glued" if w.glued else "spaced" if w.one_line else "html"),
            "file_names_unit": w.spec.unit.short in w.spec.file, "heading_variant": w.heading_variant,
            "origins": [_origin(s.origin, pool_ids) for part in w.spec.parts.values() for p in part for s in p],
        })  # fmt: skip
    # the real reports' sentences that units drew (varied) from the pools: common wording of
    # the genre that several units share by chance, never a planted copy
    truth["pool_sentences"] = {pid: text for text, pid in pool_ids.items()}
    for c in truth["copies"]:
        if next(w for w in ws if w.spec.file == c["b"]).traditional:
            c["text"] = s2t.convert(c["text"])
    for t in templates:
        members = t.pop("members")
        first = next((w for w in members if not w.traditional), members[0])
        truth["templates"].append({**t, "files": [w.spec.file for w in members], "text": first.template_text,
                                   "before_one": [w.template_before_one for w in members]})  # fmt: skip
    for family, variants in STOCK.items():
        files = [w.spec.file for w in ws if family in w.stock]
        if files:
            truth["stock"].append(
                {"id": family, "text": variants[0], "variants": variants, "files": files}
            )
    # files that are not reports
    n_non = max(len(NON_REPORT_KINDS), round(n_reports * NON_REPORT_SHARE / (1 - NON_REPORT_SHARE)))
    for k in range(n_non):
        what = NON_REPORT_KINDS[k % len(NON_REPORT_KINDS)]
        county = rng.choice(counties)
        unit = rng.choice(county.units)
        year = rng.choice(years)
        if what == "minutes":
            name, text = (
                rng.choice(["会议纪要.txt", f"{rng.randint(10**6, 10**7 - 1)}.txt"]),
                _nr_minutes(county, unit, year, rng),
            )
        elif what == "notice":
            text = _nr_notice(county, year, rng)
            name = f"t{year + 1}0105_{rng.randint(10**6, 10**7 - 1)}." + (
                "html" if text.startswith("<!") else "txt"
            )
        elif what == "list_page":
            mine = [w for w in ws if w.county is county]
            titles = [(w.title, w.published or _iso(w.date)) for w in mine[:15]]
            name, text = (
                rng.choice(["index.html", f"index_{rng.randint(1, 5)}.html", "list.shtml"]),
                _nr_list_page(county, titles, rng),
            )
        elif what == "note":
            name, text = (
                rng.choice(["说明.txt", f"{unit.short}年报说明.txt"]),
                _nr_note(unit, year, rng),
            )
        elif what == "readme":
            name, text = "README.txt", _nr_readme(len(counties))
        else:
            name, text = (
                rng.choice(["年报模板.txt", "政府信息公开工作年度报告格式.txt"]),
                _nr_blank_template(),
            )
        rel = name if what == "readme" and k < len(NON_REPORT_KINDS) else f"{county.domain}/{name}"
        while rel in used:
            stem, _, ext = rel.rpartition(".")
            rel = f"{stem}_1.{ext}"
        used.add(rel)
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_text(text, encoding="utf-8")
        truth["non_reports"].append({"file": rel, "what": what})
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
    parser.add_argument(
        "--wild", action="store_true", help="a wild corpus: pages, exports, mirrors, non-reports"
    )
    args = parser.parse_args(argv)
    if args.wild:
        truth = generate_wild(args.reports, args.seed, args.out)
        print(f"reports = {len(truth['reports'])}, not reports = {len(truth['non_reports'])}, "
              f"copies = {len(truth['copies'])}, templates = {len(truth['templates'])}, "
              f"stickiness = {len(truth['stickiness'])}, "
              f"unreadable tables = {sum(not r['tables_readable'] for r in truth['reports'])}")  # fmt: skip
        return 0
    truth = generate(args.reports, args.seed, args.out, layouts=tuple(args.layouts.split(",")))
    print(f"reports = {len(truth['reports'])}, copies = {len(truth['copies'])}, "
          f"stickiness = {len(truth['stickiness'])}, planted errors = {sum(len(r['planted']) for r in truth['reports'])}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
