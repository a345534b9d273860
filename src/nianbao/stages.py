"""The results a run keeps, and what each is computed from.

Every stored result belongs to a stage: reading a report, its own features, the copy pairs,
the checks, the scores, the pages. A stage's version is the digest of the code and the model
files it is computed from, and of the versions of the stages it takes its input from. Stored
results are keyed by their stage's version, so a change to a rule, a score, a reader or a
pattern file recomputes exactly the stages it touches on the next run, and no version is ever
bumped by hand.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from nianbao.resources import MODELS

PACKAGE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Stage:
    name: str
    code: tuple[str, ...]  # globs under the package
    models: tuple[str, ...] = ()  # globs under models/
    inputs: tuple[str, ...] = ()  # the stages whose results it is computed from


# the reading pipeline also segments the narrative into sentences (text/), with its lexicons
_READING = ("records.py", "report.py", "normalize.py", "chrome.py", "errors.py", "io/*.py",
            "segment/*.py", "tables/*.py", "text/*.py")  # fmt: skip
_TEXT_MODELS = ("lexicons/*.txt", "formulas.txt", "stock_wording.txt")

STAGES: dict[str, Stage] = {
    s.name: s
    for s in (
        Stage("read", _READING, ("page_chrome.txt", *_TEXT_MODELS)),
        Stage(
            "features",
            ("scores/*.py", "corpus/copies.py", "corpus/engine.py", "text/*.py"),
            ("taxonomy.yaml", "substance.yaml", *_TEXT_MODELS),
            ("read",),
        ),
        Stage("copies", ("corpus/*.py",), (), ("features",)),
        Stage("checks", ("checks/*.py",), (), ("read",)),
        Stage(
            "scores",
            ("scores/*.py", "embed/*.py"),
            ("taxonomy.yaml", "substance.yaml"),
            ("features", "copies"),
        ),
        Stage("pages", ("render/*.py", "render/templates/*.j2"), (), ("checks", "scores")),
    )
}


def _files(root: Path, globs: tuple[str, ...]) -> list[Path]:
    return sorted({p for g in globs for p in root.glob(g) if p.is_file()})


@cache
def version(name: str) -> str:
    """The stage's version: a digest of its code, its model files and its inputs' versions."""
    stage = STAGES[name]
    h = hashlib.sha1(name.encode())
    for root, globs in ((PACKAGE, stage.code), (MODELS, stage.models)):
        for path in _files(root, globs):
            h.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    for upstream in stage.inputs:
        h.update(version(upstream).encode())
    return h.hexdigest()[:16]
