"""The sheet is written beside the pages, in a forked copy of the run; its errors come back."""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path

import pytest

from nianbao.errors import MissingDependency, NianbaoError
from nianbao.render.outputs import _beside

forks = pytest.mark.skipif(
    sys.platform != "linux" or (os.cpu_count() or 1) < 2, reason="writes beside only on Linux"
)


def _write_pid(path: Path) -> None:
    path.write_text(str(os.getpid()))


@forks
def test_a_task_runs_in_another_process_and_is_waited_for(tmp_path):
    if threading.active_count() > 1:
        pytest.skip("threads left by another test: the task runs in this process")
    done = _beside(lambda: _write_pid(tmp_path / "pid"))
    done()
    assert int((tmp_path / "pid").read_text()) != os.getpid()


def test_an_error_of_the_task_is_raised_by_the_caller_whole(tmp_path):
    def fail() -> None:
        raise MissingDependency(
            tmp_path / "x.xlsx", "评估表需要 XlsxWriter", "pip install xlsxwriter"
        )

    with pytest.raises(MissingDependency) as caught:
        _beside(fail)()
    assert caught.value.hint == "pip install xlsxwriter" and "x.xlsx" in str(caught.value)


@forks
def test_a_copy_that_dies_is_an_error_not_silence():
    if threading.active_count() > 1:
        pytest.skip("threads left by another test: the task runs in this process")
    with pytest.raises(NianbaoError, match="status"):
        _beside(lambda: os._exit(3))()


def test_with_other_threads_running_the_task_runs_here(tmp_path):
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        _beside(lambda: _write_pid(tmp_path / "pid"))()
    finally:
        stop.set()
        other.join()
    assert int((tmp_path / "pid").read_text()) == os.getpid()
