"""Nothing breaks, leaks or gets lost: damaged inputs, killed runs, scanned pages.

Prints:
- ``files_tried``: damaged variants of every shipped report (truncated, bytes flipped, junk
  spliced in, emptied, re-encoded, renamed to another format), each read with ``read_report``;
- ``crashes``: reads that raised anything but ``NianbaoError`` (must be 0);
- ``unclear_errors``: ``NianbaoError`` messages that do not name the file or give no reason
  (must be 0);
- ``kill_resume_runs``: `nianbao assess` runs killed with SIGKILL at a random moment of their
  course (each on a new store), each followed by the next run on the same store;
- ``lost_or_duplicated``: after the last run completes, reports, scores and copy pairs that
  differ from a clean run, plus stored rows duplicated or a failed integrity check, plus
  processes of a killed run still alive three seconds after it died (must be 0);
- ``ocr_part_recall``, ``ocr_cell_accuracy``: from ``python -m evaluation.ocr_eval``;
- the hostile-folder suite (``evaluation/hostile.py``): per class of attack, ``crashes``,
  ``hangs``, ``peak_rss_mb_per_mb``, ``leaks``, ``executed_payloads`` (all must be 0, memory at
  most 300 MB per MB of input).

Run: ``python -m evaluation.robustness [--variants 12] [--kills 50] [--seed 1] [--no-ocr]
[--quick-hostile]``. Exits 1 when a must-be-0 figure is not 0.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from nianbao.errors import NianbaoError

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpora"


def damaged(data: bytes, rng: random.Random) -> list[tuple[str, bytes]]:
    """Damaged variants of one file's bytes."""
    n = len(data)
    cut = rng.randrange(1, max(2, n))
    flipped = bytearray(data)
    for _ in range(max(1, n // 200)):
        k = rng.randrange(n)
        flipped[k] ^= 1 << rng.randrange(8)
    junk = bytes(rng.randrange(256) for _ in range(512))
    at = rng.randrange(n)
    out = [
        ("truncated", data[:cut]),
        ("flipped", bytes(flipped)),
        ("spliced", data[:at] + junk + data[at:]),
        ("empty", b""),
        ("junk", junk * 8),
        ("head-only", data[:64]),
    ]
    with contextlib.suppress(UnicodeError):  # only text files have a GBK twin
        out.append(("gbk", data.decode("utf-8").encode("gb18030")))
    return out


def try_files(variants: int, seed: int, work: Path) -> tuple[int, int, int, list[str]]:
    from nianbao.report import read_report

    rng = random.Random(seed)
    tried = crashes = unclear = 0
    notes: list[str] = []
    sources = sorted(p for p in CORPUS.rglob("*") if p.is_file() and p.suffix != ".tsv")
    for source in sources:
        data = source.read_bytes()
        made = 0
        while made < variants:
            for kind, payload in damaged(data, rng):
                for suffix in (source.suffix, rng.choice([".txt", ".html", ".pdf", ".docx"])):
                    path = work / f"{source.stem}-{kind}-{made}{suffix}"
                    path.write_bytes(payload)
                    tried += 1
                    made += 1
                    try:
                        read_report(path)
                    except NianbaoError as exc:
                        message = str(exc)
                        if str(path) not in message or len(exc.reason.strip()) < 4:
                            unclear += 1
                            notes.append(f"unclear: {message[:160]}")
                    except Exception as exc:  # what this script counts
                        crashes += 1
                        notes.append(f"crash: {path.name}: {type(exc).__name__}: {exc}"[:200])
                    finally:
                        path.unlink(missing_ok=True)
                    if made >= variants:
                        break
                if made >= variants:
                    break
    return tried, crashes, unclear, notes


def _fingerprint(db: Path, folder: Path) -> tuple[dict, set, int]:
    """Per report: its scores and findings; the copy pairs; stored rows duplicated."""
    from nianbao.assess import assess

    result = assess(folder, db=db, embeddings=False, wait=60)
    reports = {
        Path(a.report.path).name: (
            tuple((s.name, s.part, s.value) for s in a.analysis.scores),
            tuple(sorted(f.rule_id for f in a.findings)),
        )
        for a in result.everything
    }
    pairs = {
        (p.relation, p.kind, Path(p.a.report).name, p.a.span, Path(p.b.report).name, p.b.span)
        for p in result.pairs
    }
    con = sqlite3.connect(db)
    try:
        ok = con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        dup = (
            con.execute("SELECT COUNT(*) - COUNT(DISTINCT path) FROM files").fetchone()[0]
            + con.execute("SELECT COUNT(*) - COUNT(DISTINCT sha_a || sha_b) FROM pairs").fetchone()[
                0
            ]
        )
    finally:
        con.close()
    return reports, pairs, dup + (0 if ok else 1)


def _descendants(pid: int) -> list[int]:
    """The processes started by ``pid``, their children, and so on (Linux /proc)."""
    parent: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parent[int(stat.parent.name)] = int(fields[1])
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        kids = [c for c, pp in parent.items() if pp == p]
        out += kids
        todo += kids
    return out


def kill_and_resume(kills: int, seed: int, work: Path) -> tuple[int, int, list[str]]:
    """Each trial starts a run on a new store, kills it at a random moment of its course, lets
    the next run finish on the same store, and compares the result with a clean run."""
    rng = random.Random(seed)
    folder = work / "in"
    for p in sorted(CORPUS.rglob("*")):
        if p.is_file() and p.suffix in {".txt", ".html", ".pdf", ".docx"}:
            target = folder / p.relative_to(CORPUS)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(p, target)

    def command(trial: int) -> list[str]:
        return [sys.executable, "-m", "nianbao.cli.main", "assess", str(folder),
                "--out", str(work / f"out{trial}"), "--db", str(work / f"run{trial}.db"),
                "--no-embeddings", "--jobs", "2"]  # fmt: skip

    start = time.perf_counter()
    subprocess.run(command(0), capture_output=True, check=True)
    course = time.perf_counter() - start  # how long a whole run takes here
    reference = _fingerprint(work / "run0.db", folder)
    runs = lost = 0
    notes: list[str] = []
    for trial in range(1, kills + 1):
        proc = subprocess.Popen(
            command(trial), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        time.sleep(rng.uniform(0.05, 0.95) * course)
        children = _descendants(proc.pid)
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            runs += 1
        proc.wait()
        time.sleep(3.0)  # the killed run's workers notice within a second or two
        if left := [pid for pid in children if Path(f"/proc/{pid}").exists()]:
            lost += len(left)
            notes.append(f"trial {trial}: {len(left)} processes of the killed run still alive")
            for pid in left:
                os.kill(pid, signal.SIGKILL)
        final = subprocess.run(command(trial), capture_output=True, text=True)
        if final.returncode != 0:
            lost += 1
            notes.append(f"trial {trial}: the run after the kill failed: {final.stderr[-300:]}")
            continue
        again = _fingerprint(work / f"run{trial}.db", folder)
        wrong = len(set(reference[0].items()) ^ set(again[0].items()))
        wrong += len(reference[1] ^ again[1]) + again[2]
        pages = len(list((work / f"out{trial}" / "reports").glob("*.html")))
        wrong += abs(len(reference[0]) - pages)
        if wrong:
            notes.append(f"trial {trial}: {wrong} reports, pairs or rows differ from a clean run")
        lost += wrong
    return runs, lost, notes


def ocr_figures() -> dict[str, str]:
    run = subprocess.run([sys.executable, "-m", "evaluation.ocr_eval"], capture_output=True,
                         text=True, cwd=ROOT)  # fmt: skip
    found = dict(
        re.findall(r"^(ocr_part_recall|ocr_cell_accuracy)\s*[=:]\s*([\d.]+)", run.stdout, re.M)
    )
    return found or {"ocr_part_recall": "n/a", "ocr_cell_accuracy": "n/a"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variants", type=int, default=12, help="damaged variants per file")
    parser.add_argument("--kills", type=int, default=50, help="runs killed with SIGKILL")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-ocr", action="store_true")
    parser.add_argument("--quick-hostile", action="store_true", help="smaller size attacks")
    parser.add_argument("--only-kills", action="store_true", help="the killed runs alone")
    args = parser.parse_args(argv)
    from evaluation import hostile

    only = args.only_kills
    hostile_failed = 0 if only else hostile.report(hostile.run_all(args.quick_hostile))
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        tried, crashes, unclear, notes = (
            (0, 0, 0, []) if only else try_files(args.variants, args.seed, work)
        )
        runs, lost, kill_notes = kill_and_resume(args.kills, args.seed, work)
    figures = {"files_tried": tried, "crashes": crashes, "unclear_errors": unclear,
               "kill_resume_runs": runs, "lost_or_duplicated": lost}  # fmt: skip
    if not args.no_ocr and not only:
        figures.update(ocr_figures())
    for note in [*notes, *kill_notes][:20]:
        print("  " + note)
    for name, value in figures.items():
        print(f"{name} = {value}")
    return 1 if crashes or unclear or lost or hostile_failed else 0


if __name__ == "__main__":
    sys.exit(main())
