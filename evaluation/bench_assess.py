"""The main job's speed: `nianbao assess` on the shipped corpus and on generated corpora.

Prints, for each corpus: total time of a full run (reading, checks, scores and every output:
site, report pages, sheet), reports per second, peak memory (this process and its workers), and
the time of an incremental run after adding one report, as a share of the full run (target:
under 5%). Embeddings are off for the generated corpus unless
``--embed`` (on a 2-core CPU they dominate; `bench_text` measures them).
Run: ``python -m evaluation.bench_assess [--reports 1000] [--embed]``.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

from nianbao.assess import assess
from nianbao.render.outputs import write_outputs

ROOT = Path(__file__).resolve().parent.parent


def peak_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def main_job(folder: Path, db: Path, out: Path, embed: bool):
    """What `nianbao assess` does, without the console table."""
    result = assess(folder, db=db, embeddings=embed)
    written = write_outputs(result, out, str(folder), "models/rubric.yaml")
    return result, written


def run(name: str, folder: Path, extra: Path, embed: bool, work: Path) -> None:
    db, out = work / f"{name}.db", work / f"{name}-out"
    start = time.perf_counter()
    result, _ = main_job(folder, db, out, embed)
    full = time.perf_counter() - start
    n = len(result.assessed) + len(result.failed) + len(result.duplicates)
    print(
        f"{name}: full run {full:.1f}s for {n} reports = {n / full:.1f} reports/s; peak memory {peak_mb():.0f} MB"
    )
    target = folder / ("added-" + extra.name)
    shutil.copy(extra, target)
    try:
        start = time.perf_counter()
        again, written = main_job(folder, db, out, embed)
        inc = time.perf_counter() - start
    finally:
        target.unlink()
    print(f"{name}: incremental run after adding one report {inc:.2f}s = {100 * inc / full:.1f}% of the full run "
          f"(read {again.parsed}, report pages rewritten {written.pages}); target < 5%")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--embed", action="store_true")
    args = parser.parse_args(argv)
    from evaluation.synth import generate

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        shipped = work / "shipped"
        shutil.copytree(ROOT / "corpora", shipped)
        generate(1, seed=99, out=work / "extra")
        extra = next(
            p for p in (work / "extra").rglob("*") if p.is_file() and p.name != "truth.json"
        )
        run("shipped", shipped, extra, True, work)
        generated = work / "generated"
        generate(args.reports, seed=2026, out=generated)
        (generated / "truth.json").unlink()
        run(f"generated-{args.reports}", generated, extra, args.embed, work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
