"""The main job speaks while it runs: recorded under a pseudo-terminal, as an auditor sees it."""

from __future__ import annotations

import os
import re
import select
import subprocess
import sys
import time
from itertools import pairwise
from pathlib import Path

import pytest

pty = pytest.importorskip("pty")


def record(command: list[str], cwd: Path) -> tuple[int, list[tuple[float, str]], float]:
    """The exit code, every piece of output with when it came, and the run's length."""
    master, slave = pty.openpty()
    env = dict(os.environ, COLUMNS="160", LINES="40", TERM="xterm")
    start = time.monotonic()
    run = subprocess.Popen(command, cwd=cwd, stdin=slave, stdout=slave, stderr=slave, env=env,
                           close_fds=True)  # fmt: skip
    os.close(slave)
    pieces: list[tuple[float, str]] = []
    while True:
        ready, _, _ = select.select([master], [], [], 0.2)
        if ready:
            try:
                data = os.read(master, 65536)
            except OSError:  # the terminal closed with the run
                break
            if not data:
                break
            pieces.append((time.monotonic() - start, data.decode("utf-8", "replace")))
        elif run.poll() is not None:
            break
    run.wait()
    os.close(master)
    return run.returncode, pieces, time.monotonic() - start


@pytest.mark.slow
def test_a_200_report_run_never_goes_silent_for_5_seconds(tmp_path):
    from evaluation import synth

    synth.generate(200, seed=9, out=tmp_path / "in")
    (tmp_path / "in" / "truth.json").unlink()
    nianbao = [sys.executable, "-m", "nianbao.cli.main"]
    code, pieces, length = record(
        [*nianbao, "assess", "in", "--out", "out", "--no-embeddings", "--year", "2024"], tmp_path
    )
    assert code == 0
    times = [0.0, *(t for t, _ in pieces), length]
    gaps = [b - a for a, b in pairwise(times)]
    assert max(gaps) < 5.0, f"silent for {max(gaps):.1f} s"
    screen = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", "".join(p for _, p in pieces))
    for stage in ("读取报告", "查找共有段落", "数字核对", "写报告页", "写评估表"):
        assert stage in screen, stage
    assert "200/200" in screen  # counts, not only a bar
    assert re.search(r"读取报告.*\d+/200.*\.(txt|md|html|pdf|docx)", screen)  # the current file
