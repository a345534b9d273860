"""The sheet is written beside the pages, in a forked copy of the run; its errors come back."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from nianbao.errors import MissingDependency
from nianbao.workers import beside

forks = pytest.mark.skipif(
    sys.platform != "linux" or (os.cpu_count() or 1) < 2, reason="writes beside only on Linux"
)


def _write_pid(path: Path) -> None:
    path.write_text(str(os.getpid()))


def _in_a_fresh_process(code: str) -> str:
    """``code`` run by a new interpreter: this one may hold threads of other tests, and then
    ``beside`` does not fork."""
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    return run.stdout


@forks
def test_a_task_runs_in_another_process_and_is_waited_for(tmp_path):
    out = _in_a_fresh_process(
        "import os, pathlib\n"
        "from nianbao.workers import allow_forking, beside\n"
        "allow_forking()\n"
        f"path = pathlib.Path({str(tmp_path / 'pid')!r})\n"
        "beside(lambda: path.write_text(str(os.getpid())))()\n"
        "print(os.getpid(), path.read_text())\n"
    )
    run, task = out.split()
    assert run != task


def test_an_error_of_the_task_is_raised_by_the_caller_whole(tmp_path):
    def fail() -> None:
        raise MissingDependency(
            tmp_path / "x.xlsx", "评估表需要 XlsxWriter", "pip install xlsxwriter"
        )

    with pytest.raises(MissingDependency) as caught:
        beside(fail)()
    assert caught.value.hint == "pip install xlsxwriter" and "x.xlsx" in str(caught.value)


@forks
def test_a_copy_that_dies_is_an_error_not_silence():
    out = _in_a_fresh_process(
        "import os\n"
        "from nianbao.errors import NianbaoError\n"
        "from nianbao.workers import allow_forking, beside\n"
        "allow_forking()\n"
        "try:\n"
        "    beside(lambda: os._exit(3))()\n"
        "except NianbaoError as exc:\n"
        "    print(exc)\n"
    )
    assert "status" in out


def test_with_other_threads_running_the_task_runs_here(tmp_path):
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        beside(lambda: _write_pid(tmp_path / "pid"))()
    finally:
        stop.set()
        other.join()
    assert int((tmp_path / "pid").read_text()) == os.getpid()
