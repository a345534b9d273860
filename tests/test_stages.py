"""Stored results follow the code: a changed rule recomputes the findings, a changed template
the pages only — in a copy of the package, run as a user runs nianbao."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from nianbao.resources import MODELS
from nianbao.stages import STAGES, version
from tests.conftest import SEEDS

SRC = Path(__file__).resolve().parents[1] / "src" / "nianbao"


def test_every_stage_has_a_version_and_its_inputs_exist():
    for name, stage in STAGES.items():
        assert re.fullmatch(r"[0-9a-f]{16}", version(name))
        assert all(upstream in STAGES for upstream in stage.inputs)
        for glob in stage.code:
            assert list(SRC.glob(glob)), (name, glob)
        for glob in stage.models:
            assert list(MODELS.glob(glob)), (name, glob)


@pytest.fixture
def package_copy(tmp_path):
    """src/nianbao and models/ copied where a run imports them from."""
    root = tmp_path / "pkg"
    shutil.copytree(SRC, root / "nianbao", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(MODELS, root / "nianbao" / "models",
                    ignore=shutil.ignore_patterns("e5-small", "README.md"))  # fmt: skip
    return root


def _assess(root: Path, folder: Path, out: Path) -> str:
    env = {**os.environ, "PYTHONPATH": str(root)}
    run = subprocess.run(
        [sys.executable, "-m", "nianbao.cli.main", "assess", str(folder), "--out", str(out),
         "--no-embeddings", "--jobs", "1"],
        capture_output=True, text=True, env=env, cwd=root, timeout=600,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr[-2000:]
    return run.stdout


def _findings(out: Path) -> set[tuple[str, str]]:
    """(rule, message) of the findings of rules that could be evaluated."""
    found = set()
    for page in (out / "reports").glob("*.json"):
        findings = json.loads(page.read_text(encoding="utf-8"))["findings"]
        found |= {(f["rule"], f["message"]) for f in findings if f["evaluated"]}
    return found


def test_a_changed_rule_recomputes_its_findings_and_a_template_only_the_pages(
    package_copy, tmp_path
):
    folder = tmp_path / "in"
    folder.mkdir()
    for seed in SEEDS[:2]:
        shutil.copy(seed, folder / seed.name)
    out = tmp_path / "out"
    first = _assess(package_copy, folder, out)
    assert "本次读取 2 份" in first
    before = _findings(out)
    rule_id = sorted(r for r, _ in before if r != "file.kind")[0]

    rules = package_copy / "nianbao" / "checks" / "rules.py"
    text = rules.read_text(encoding="utf-8")
    at = text.index(f'"{rule_id}", ')
    at = text.index('\n        "', at) + len('\n        "')  # the rule's message, the next line
    rules.write_text(text[:at] + "（改）" + text[at:], encoding="utf-8")
    second = _assess(package_copy, folder, out)
    assert "本次读取 0 份" in second  # reading did not change: nothing read again
    changed = _findings(out)
    assert {m for r, m in changed if r == rule_id} == {
        "（改）" + m for r, m in before if r == rule_id
    }
    assert "更新报告页 0 份" not in second

    template = package_copy / "nianbao" / "render" / "templates" / "report.html.j2"
    template.write_text(
        template.read_text(encoding="utf-8").replace("总览", "总览页", 1), encoding="utf-8"
    )
    third = _assess(package_copy, folder, out)
    assert "本次读取 0 份" in third and "更新报告页 2 份" in third
    assert _findings(out) == changed  # the findings as the store keeps them
