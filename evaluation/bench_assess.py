"""The main job's speed: `nianbao assess` on the shipped corpus and on generated corpora.

Each run is the command an auditor types, in a fresh process. Prints, for each corpus: the time
of a full run (reading, checks, scores and every output: site, report pages, sheet), reports per
second, peak memory (the largest process), and the time of an incremental run after adding one
report, as a share of the full run (target: under 5%; the median of ``--repeats`` runs).
Embeddings are off for the generated corpus unless ``--embed`` (on a 2-core CPU they dominate;
`bench_scale --embed` measures them).
With ``--baseline REV`` every corpus is also run by the code of commit REV (a git worktree,
in the same run, on the same machine) and both are printed with their ratio.
Run: ``python -m evaluation.bench_assess [--reports 1000] [--embed] [--repeats 3]
[--baseline REV]``.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from nianbao.embed.model import default_model_dir
from nianbao.io import report_files

ROOT = Path(__file__).resolve().parent.parent


def main_job(
    folder: Path, db: Path, out: Path, embed: bool, code: Path | None = None
) -> tuple[float, float, str]:
    """`nianbao assess` in a fresh process (by the code under ``code``, a checkout, if given):
    wall time, peak memory (MB) and its report."""
    command = [sys.executable, "-m", "nianbao.cli.main", "assess", str(folder), "--db", str(db),
               "--out", str(out), *([] if embed else ["--no-embeddings"])]  # fmt: skip
    timed = shutil.which("time") or "/usr/bin/time"
    if Path(timed).exists():
        command = [timed, "-f", "%M", *command]
    env = dict(os.environ)
    env.setdefault("NIANBAO_MODEL_DIR", str(default_model_dir()))  # one model for both codes
    if code is not None:
        env["PYTHONPATH"] = f"{code / 'src'}{os.pathsep}{code}"
    start = time.perf_counter()
    run = subprocess.run(command, capture_output=True, text=True, cwd=code or ROOT, env=env)
    elapsed = time.perf_counter() - start
    if run.returncode != 0:
        raise SystemExit(f"nianbao assess failed ({run.returncode}):\n{run.stderr[-2000:]}")
    last = run.stderr.strip().splitlines()[-1] if run.stderr.strip() else ""
    peak = int(last) / 1024 if last.isdigit() else float("nan")
    return elapsed, peak, run.stdout


def _said(stdout: str, pattern: str) -> str:
    m = re.search(pattern, stdout)
    return m.group(1) if m else "?"


def run(
    name: str,
    folder: Path,
    extra: Path,
    embed: bool,
    work: Path,
    repeats: int,
    code: Path | None = None,
) -> tuple[float, float, float]:
    """The full run's time and peak memory, and the median incremental run's time."""
    db, out = work / f"{name}.db", work / f"{name}-out"
    full, peak, _ = main_job(folder, db, out, embed, code)
    n = len(report_files([folder]))
    print(f"{name}: full run {full:.1f}s for {n} reports = {n / full:.1f} reports/s; "
          f"peak memory {peak:.0f} MB")  # fmt: skip
    target = folder / ("added-" + extra.name)
    times: list[float] = []
    for _ in range(repeats):  # add the report, run; take it away, run (not timed) to undo
        shutil.copy(extra, target)
        try:
            inc, _, said = main_job(folder, db, out, embed, code)
        finally:
            target.unlink()
        times.append(inc)
        main_job(folder, db, out, embed, code)
    inc = statistics.median(times)
    read, pages = _said(said, r"本次读取 (\d+) 份"), _said(said, r"更新报告页 (\d+) 份")
    print(f"{name}: incremental run after adding one report {inc:.2f}s = {100 * inc / full:.1f}% "
          f"of the full run (median of {repeats}: {', '.join(f'{t:.2f}' for t in times)} s; "
          f"read {read}, report pages rewritten {pages}); target < 5%")  # fmt: skip
    return full, peak, inc


def compare(name: str, now: tuple[float, float, float], before: tuple[float, float, float]) -> None:
    labels = ("full run s", "peak MB", "incremental s")
    for label, a, b in zip(labels, now, before, strict=True):
        print(f"{name}: {label}: this code {a:.2f}, baseline {b:.2f}, ratio {a / b:.2f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--embed", action="store_true")
    parser.add_argument("--repeats", type=int, default=3, help="incremental runs (median)")
    parser.add_argument("--baseline", help="a commit to compare with, in the same run")
    args = parser.parse_args(argv)
    from evaluation.synth import generate

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        baseline = None
        if args.baseline:
            baseline = work / "baseline-code"
            subprocess.run(["git", "worktree", "add", "--detach", str(baseline), args.baseline],
                           cwd=ROOT, check=True, capture_output=True)  # fmt: skip
        try:
            shipped = work / "shipped"
            shutil.copytree(ROOT / "corpora", shipped)
            generate(1, seed=99, out=work / "extra")
            extra = next(
                p for p in (work / "extra").rglob("*") if p.is_file() and p.name != "truth.json"
            )
            generated = work / "generated"
            generate(args.reports, seed=2026, out=generated)
            (generated / "truth.json").unlink()
            corpora = [
                ("shipped", shipped, True),
                (f"generated-{args.reports}", generated, args.embed),
            ]
            if baseline is not None:  # a first run is slower (cold files): neither code gets it
                main_job(shipped, work / "warm.db", work / "warm-out", True)
            for name, folder, embed in corpora:
                now = run(name, folder, extra, embed, work, args.repeats)
                if baseline is not None:
                    before = run(f"{name}-baseline", folder, extra, embed, work, args.repeats,
                                 baseline)  # fmt: skip
                    compare(name, now, before)
        finally:
            if baseline is not None:
                subprocess.run(["git", "worktree", "remove", "--force", str(baseline)], cwd=ROOT,
                               capture_output=True)  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
