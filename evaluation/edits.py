"""Edited copies as townships make them, for the gold of ``evaluation/gold/text/edited.json``.

A township that copies a neighbour's passage rarely leaves it as it is. It swaps its own name in
(我乡 ↔ 本镇 ↔ 本单位 ↔ the unit's name), changes the numbers and the year, swaps a few words
(加强 ↔ 强化, 进一步 dropped, 工作 added), reorders a list, drops or adds a clause, merges two
sentences or splits one, restyles the enumeration (一是 ↔ （一） ↔ 1、) — one edit, or several.
Each edit here is a function ``(text, rng, unit) -> text | None`` (None: nothing in the text to
edit this way), written from how the shipped reports word these things, not from any text.

``build(seed)`` takes passages of two or three sentences from parts 一 and 五 of the real
reports of ``corpora/``, edits them at three strengths, and inserts each into the same part of a
report of another unit, right after one of its sentences, so each copy sits in a real report's
context. Run ``python -m evaluation.edits`` to write the gold again (it is deterministic).
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpora"
GOLD = ROOT / "evaluation" / "gold" / "text" / "edited.json"

Edit = Callable[[str, random.Random, str], str | None]

_SELF = re.compile(r"(?:我|本)(?:乡|镇|街道|局|委|办|区|县|中心|单位)")
_SYNONYMS = (
    ("加强", "强化"), ("完善", "健全"), ("推进", "推动"), ("落实", "贯彻落实"), ("及时", "第一时间"),
    ("提高", "提升"), ("确保", "保证"), ("认真", "切实"), ("不断", "持续"), ("主动", "积极"),
    ("规范", "规范化"), ("工作人员", "干部职工"), ("群众", "人民群众"), ("渠道", "途径"),
)  # fmt: skip
_ADDED_CLAUSES = ("切实提高工作质效", "确保各项工作落到实处", "形成工作合力", "不断提升群众满意度")
_ENUMS = (
    ("一是", "二是", "三是", "四是"),
    ("（一）", "（二）", "（三）", "（四）"),
    ("1.", "2.", "3.", "4."),
    ("1、", "2、", "3、", "4、"),
)


def _self_forms(unit: str) -> list[str]:
    """How a unit names itself: 我乡, 本乡, 本单位, its short name."""
    short = re.sub(r"^.*?[县区市]", "", unit).removesuffix("人民政府").removesuffix("办事处")
    for end, kind in (("乡", "乡"), ("镇", "镇"), ("街道", "街道"), ("局", "局"), ("委", "委"),
                      ("办", "办"), ("中心", "中心"), ("区", "区"), ("县", "县")):  # fmt: skip
        if short.endswith(end) or unit.removesuffix("人民政府").endswith(end):
            return [f"我{kind}", f"本{kind}", "本单位", short or unit]
    return ["本单位", short or unit]


def own_name(text: str, rng: random.Random, unit: str) -> str | None:
    """The copier's own name where the source named itself."""
    if not _SELF.search(text):
        return None
    forms = _self_forms(unit)
    return _SELF.sub(lambda m: rng.choice([f for f in forms if f != m.group(0)] or forms), text)


def numbers(text: str, rng: random.Random, unit: str) -> str | None:
    """Other counts, another year."""
    if not re.search(r"\d", text):
        return None

    def other(m: re.Match[str]) -> str:
        n = int(m.group(0))
        if 1990 <= n <= 2035:  # a year
            return str(n + rng.choice((-1, 1)))
        return (
            str(max(0, n + rng.randint(1, 9) * rng.choice((-1, 1))))
            if n
            else str(rng.randint(1, 9))
        )

    return re.sub(r"\d+", other, text)


def synonyms(text: str, rng: random.Random, unit: str) -> str | None:
    """A few words swapped; 进一步 dropped; 工作 added."""
    choices = [(a, b) for a, b in _SYNONYMS if a in text] + [
        (b, a) for a, b in _SYNONYMS if b in text
    ]
    out = text
    for a, b in rng.sample(choices, min(len(choices), rng.randint(1, 3))):
        out = out.replace(a, b, 1)
    out = out.replace("进一步", "", 1)
    if "公开" in out and rng.random() < 0.5:
        out = re.sub(r"公开(?=[，。；])", "公开工作", out, count=1)
    return out if out != text else None


def reorder(text: str, rng: random.Random, unit: str) -> str | None:
    """A list's items in another order (、 or ， in one sentence), or two sentences swapped."""
    sentences = [s for s in re.split(r"(?<=[。；])", text) if s]
    lists = [k for k, s in enumerate(sentences) if s.count("、") >= 2]
    if lists:
        k = rng.choice(lists)
        body, end = sentences[k][:-1], sentences[k][-1]
        items = body.split("、")
        head, tail = items[0], items[1:]
        rng.shuffle(tail)
        if tail != body.split("、")[1:]:
            sentences[k] = "、".join([head, *tail]) + end
            return "".join(sentences)
    if len(sentences) >= 2:
        a, b = rng.sample(range(len(sentences)), 2)
        sentences[a], sentences[b] = sentences[b], sentences[a]
        return "".join(sentences)
    return None


def drop_clause(text: str, rng: random.Random, unit: str) -> str | None:
    """A clause left out of a sentence of three or more."""
    sentences = [s for s in re.split(r"(?<=[。；])", text) if s]
    long = [k for k, s in enumerate(sentences) if s.count("，") >= 2]
    if not long:
        return None
    k = rng.choice(long)
    clauses = sentences[k].split("，")
    del clauses[rng.randrange(1, len(clauses) - 1)]
    sentences[k] = "，".join(clauses)
    return "".join(sentences)


def add_clause(text: str, rng: random.Random, unit: str) -> str | None:
    """A clause of the copier's own added before a sentence's end."""
    sentences = [s for s in re.split(r"(?<=[。；])", text) if s]
    k = rng.randrange(len(sentences))
    if len(sentences[k]) < 8:
        return None
    sentences[k] = sentences[k][:-1] + "，" + rng.choice(_ADDED_CLAUSES) + sentences[k][-1]
    return "".join(sentences)


def merge_split(text: str, rng: random.Random, unit: str) -> str | None:
    """Two sentences merged into one, or one split in two."""
    if text.count("。") >= 2 and rng.random() < 0.5:
        at = text.index("。")
        return text[:at] + "，" + text[at + 1 :]
    commas = [m.start() for m in re.finditer("，", text)]
    if len(commas) >= 2:
        at = commas[len(commas) // 2]
        return text[:at] + "。" + text[at + 1 :]
    return None


def enumeration(text: str, rng: random.Random, unit: str) -> str | None:
    """一是/二是 ↔ （一）（二） ↔ 1、2、."""
    for style in _ENUMS:
        if style[0] in text and style[1] in text:
            other = rng.choice([s for s in _ENUMS if s is not style])
            out = text
            for a, b in zip(style, other, strict=True):
                out = out.replace(a, b)
            return out
    return None


EDITS: dict[str, Edit] = {
    "own_name": own_name, "numbers": numbers, "synonyms": synonyms, "reorder": reorder,
    "drop_clause": drop_clause, "add_clause": add_clause, "merge_split": merge_split,
    "enumeration": enumeration,
}  # fmt: skip
# how many edits at each strength, and which kinds each draws from
STRENGTHS: dict[str, tuple[int, tuple[str, ...]]] = {
    "light": (1, ("own_name", "numbers", "synonyms", "enumeration")),
    "medium": (3, tuple(EDITS)),
    "heavy": (5, tuple(EDITS)),
}


def edit(text: str, strength: str, rng: random.Random, unit: str) -> tuple[str, list[str]]:
    """``text`` edited at ``strength``: the new text and the edits made, in order."""
    count, kinds = STRENGTHS[strength]
    done: list[str] = []
    out = text
    for kind in rng.sample(kinds, len(kinds)):
        if len(done) == count:
            break
        edited = EDITS[kind](out, rng, unit)
        if edited and edited != out:
            out, done = edited, [*done, kind]
    return out, done


def _passages(report, rng: random.Random) -> list[tuple[str, str]]:
    """(part, text) of runs of two or three narrative sentences of parts 一 and 五, 60–300
    characters."""
    sentences = [s for s in report.sentences if s.part in ("general", "problems") and not s.heading]
    out = []
    for k in range(len(sentences) - 1):
        size = rng.choice((2, 3))
        run = sentences[k : k + size]
        if len(run) < 2 or run[-1].part != run[0].part:
            continue
        text = "".join(s.text for s in run)
        if 60 <= len(text) <= 300 and text.endswith(("。", "；")):
            out.append((run[0].part, text))
    return out


def build(seed: int = 17, per_report: int = 9) -> dict:
    """The gold: each real report gives ``per_report`` passages, edited at the three strengths
    in turn, each inserted into a report of another unit; the passages stay as they are in
    their sources."""
    from nianbao import read_report
    from nianbao.corpus.copies import _same_county
    from nianbao.segment.meta import unit_key

    rng = random.Random(seed)
    reports = {}
    for path in sorted(CORPUS.rglob("*")):
        if path.suffix in {".txt", ".html", ".pdf"}:
            r = read_report(path)
            if r.meta.kind != "not_report" and r.meta.unit:
                reports[path.relative_to(CORPUS).as_posix()] = r
    planted = []
    for source, r in reports.items():
        passages = _passages(r, rng)
        others = [k for k, o in reports.items() if unit_key(o.meta.unit) != unit_key(r.meta.unit)]
        # a township copies its neighbours first: units of its own county, where it has any
        neighbours = [k for k in others if _same_county(r, reports[k])]
        # one copy of each passage: a passage that five units write is a template, not a copy
        for k, (part, text) in enumerate(rng.sample(passages, min(per_report, len(passages)))):
            strength = tuple(STRENGTHS)[k % len(STRENGTHS)]
            target = rng.choice(neighbours if neighbours and rng.random() < 0.7 else others)
            t = reports[target]
            anchors = [s.text for s in t.sentences if s.part == part and not s.heading
                       and s.text.endswith("。") and t.document.raw.text.count(s.text) == 1]  # fmt: skip
            if not anchors:
                continue
            edited, done = edit(text, strength, rng, t.meta.unit or "")
            planted.append({"source": source, "source_text": text, "target": target,
                            "insert_after": rng.choice(anchors), "text": edited,
                            "edits": done, "strength": strength})  # fmt: skip
    return {"seed": seed, "planted": planted}


if __name__ == "__main__":
    GOLD.write_text(json.dumps(build(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {GOLD}")
