"""How a run uses more than one process, in this module alone.

Forking is a speed trick of the command line: ``nianbao assess`` allows it (``allow_forking``)
and then reads its first reports in a forked copy made ready in advance (``Reader``) and writes
the workbook on a second core (``beside``). ``nianbao.assess()`` called from Python never forks
its caller; neither does a run where fork is unsafe or missing (macOS, Windows, other threads)
or where ``NIANBAO_PORTABLE=1`` asks for the portable path: a pool of worker processes that a
fork server starts or that are spawned (``in_pool``), and everything else in the run itself.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from contextlib import suppress
from itertools import islice

from nianbao.errors import NianbaoError

IN_FLIGHT = 4  # tasks given ahead to each worker of a pool
_forking = [False]


def allow_forking(allowed: bool = True) -> None:
    """Let this process fork copies of itself (the command line does; a library caller's
    process is left alone)."""
    _forking[0] = allowed


def after_fork(callback: Callable[[], None]) -> None:
    """Run ``callback`` in every forked child of this process (what it must not share)."""
    if hasattr(os, "register_at_fork"):
        os.register_at_fork(after_in_child=callback)


def can_fork() -> bool:
    """Whether a forked copy of this process is allowed, safe and worth it: the command line
    allowed it, Linux (macOS frameworks break in a forked child), a second core, and no other
    thread that might hold a lock."""
    return (
        _forking[0]
        and not os.environ.get("NIANBAO_PORTABLE")
        and sys.platform == "linux"
        and (os.cpu_count() or 1) > 1
        and threading.active_count() == 1
    )


def die_with(parent: int) -> None:
    """In a forked copy of the run: be killed when the run dies, so that a killed run leaves
    nothing running (Linux's parent-death signal)."""
    _kill_me_with_my_parent()
    if os.getppid() != parent:  # the run died before the signal was asked for
        os._exit(0)


class Reader:
    """A forked copy of the run, started first thing: it gets ready to read (imports the
    parsers and the Chinese pipeline, loads the segmenter's dictionary: most of the cost of
    reading one report) while the run opens the store and finds what is new, then reads the
    few new reports it is given and hands each back through a pipe. Started before the store
    is opened, it holds none of the store's locks. What it did not hand back (it died) is read
    in the run itself."""

    def __init__(self, task: Callable[[str], tuple], ready: Callable[[], object]) -> None:
        self.task = task
        requests, ask = os.pipe()
        answers, results = os.pipe()
        run = os.getpid()
        self.pid = os.fork()
        if self.pid == 0:  # the copy
            die_with(run)
            os.close(ask)
            os.close(answers)
            try:
                ready()
                with os.fdopen(requests, "rb") as given, os.fdopen(results, "wb") as out:
                    for path in pickle.load(given):
                        pickle.dump(task(path), out, protocol=pickle.HIGHEST_PROTOCOL)
                        out.flush()
            finally:
                os._exit(0)
        os.close(requests)
        os.close(results)
        self._ask, self._answers = os.fdopen(ask, "wb"), os.fdopen(answers, "rb")
        self.running = True

    def read(self, paths: list[str]) -> Iterator[tuple]:
        """``task(path)`` of each path, in order: from the copy, and here what it did not do."""
        received = 0
        try:
            pickle.dump(paths, self._ask)
            self._ask.close()
            while received < len(paths):
                result = pickle.load(self._answers)
                received += 1
                yield result
        except (EOFError, pickle.UnpicklingError, BrokenPipeError):  # the copy is gone
            pass
        finally:
            self.close()
        for path in paths[received:]:
            yield self.task(path)

    def close(self) -> None:
        """Stop the copy (its work is done or not needed, or the run stops) and reap it."""
        if not self.running:
            return
        self.running = False
        with suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
        with suppress(ChildProcessError):
            os.waitpid(self.pid, 0)
        for pipe in (self._ask, self._answers):
            with suppress(OSError):
                pipe.close()


def in_pool(task: Callable[[str], tuple], paths: list[str], jobs: int) -> Iterator[tuple | None]:
    """``task(path)`` of each path by a pool of worker processes (``task`` must pickle: a
    module's function): first None, once the workers have started, then each result as it
    comes. Portable: the workers are started by a fork server (POSIX) or spawned."""
    # forkserver: workers must not inherit the store's lock (a killed run's orphaned workers
    # would keep the database locked)
    context = multiprocessing.get_context("forkserver" if os.name == "posix" else "spawn")
    todo = iter(paths)
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context,
                             initializer=_exit_with, initargs=(os.getpid(),)) as pool:  # fmt: skip
        # a window of reports in flight, not all: memory is bounded by the window, and a
        # result is dropped as soon as it is committed
        running = {pool.submit(task, p) for p in islice(todo, IN_FLIGHT * jobs)}
        try:
            yield None  # started: the caller goes on with other work while the workers read
            while running:
                done, running = wait(running, return_when=FIRST_COMPLETED)
                running |= {pool.submit(task, p) for p in islice(todo, len(done))}
                for fut in done:
                    yield fut.result()
        except (KeyboardInterrupt, GeneratorExit):
            pool.shutdown(cancel_futures=True)
            raise


def _exit_with(parent: int) -> None:
    """In a reading worker: exit when the run that started it is gone (a killed run's idle
    workers would otherwise wait for work forever, holding their memory). On Linux the
    kernel kills it as soon as the fork server that started it goes, which goes with the run;
    elsewhere, and should the run die first, a thread checks on the run every half second."""
    import time

    _kill_me_with_my_parent()

    def watch() -> None:
        while True:
            time.sleep(0.5)
            try:
                os.kill(parent, 0)
            except ProcessLookupError:
                os._exit(0)

    threading.Thread(target=watch, daemon=True).start()


def _kill_me_with_my_parent() -> None:
    """Linux's parent-death signal: SIGKILL this process when its parent dies."""
    import ctypes

    with suppress(OSError, AttributeError):
        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def beside(task: Callable[[], object]) -> Callable[[], None]:
    """Start ``task`` in a forked copy of this process, on a second core while this one goes
    on; the returned function waits for it and raises its error here. Where forking is not
    safe (not Linux, other threads running) or there is one core, ``task`` runs at once."""
    if not can_fork():
        task()
        return lambda: None
    receive, send = os.pipe()
    run = os.getpid()
    pid = os.fork()
    if pid == 0:  # the copy: run the task, hand back its error if any, leave at once
        die_with(run)
        os.close(receive)
        code = 0
        try:
            task()
        except BaseException as exc:  # every error goes back to the parent
            code = 1
            try:
                message = pickle.dumps(exc)
            except Exception:  # one that does not pickle goes as text
                message = pickle.dumps(NianbaoError(None, f"{type(exc).__name__}: {exc}"))
            with os.fdopen(send, "wb") as pipe:
                pipe.write(message)
        os._exit(code)
    os.close(send)

    def join() -> None:
        with os.fdopen(receive, "rb") as pipe:
            message = pipe.read()
        _, status = os.waitpid(pid, 0)
        if message:
            raise pickle.loads(message)
        if status != 0:
            raise NianbaoError(
                None, f"输出进程异常退出 (output process ended with status {status})"
            )

    return join
