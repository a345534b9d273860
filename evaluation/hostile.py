"""Hostile folders: every attack of the hostile-folder issue, built in a temporary folder and
run through ``nianbao assess`` as a user would run it.

Per class of attack it prints:
- ``crashes``: runs that ended other than with exit 0, or exit 2 and one clear line naming a
  path (a traceback, another exit code, a message of several lines);
- ``hangs``: runs that took more than 30 s beyond a plain run of one report;
- ``peak_rss_mb_per_mb``: the run's peak memory beyond a plain run's (the interpreter and
  libraries), over its input's size in MB (at least 1);
- ``leaks``: outputs holding text from outside the folder, or reports read from nianbao's
  own output;
- ``executed_payloads``: a tampered store's code run, or a report's script live in the
  Markdown page as a CommonMark renderer (markdown-it-py) makes HTML of it, or in the HTML.

Run: ``python -m evaluation.hostile [--quick]``; ``evaluation.robustness`` runs it too.
Exits 1 when a must-be-0 figure is not 0 or memory passes 300 MB per MB of input.
"""

from __future__ import annotations

import argparse
import errno
import json
import os
import pickle
import random
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "corpora" / "seeds").glob("*.txt"))
MARKER = "hostile-secret-marker-7f3a"  # text that must never reach an output
HANG_SECONDS = 30.0
MAX_MB_PER_MB = 300.0


@dataclass
class Figures:
    crashes: int = 0
    hangs: int = 0
    leaks: int = 0
    executed_payloads: int = 0
    peak_rss_mb_per_mb: float = 0.0
    runs: int = 0
    notes: list[str] = field(default_factory=list)


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str
    seconds: float
    peak_mb: float


def assess(folder: Path, out: Path, *extra: str, user: str | None = None) -> Run:
    """``nianbao assess`` in a process of its own: exit code, output, time, peak memory."""
    command = [sys.executable, "-m", "nianbao.cli.main", "assess", str(folder), "--out", str(out),
               "--no-embeddings", "--jobs", "2", *extra]  # fmt: skip
    if user is not None:
        command = ["setpriv", f"--reuid={user}", f"--regid={user}", "--clear-groups", *command]
    start = time.perf_counter()
    with tempfile.TemporaryFile() as so, tempfile.TemporaryFile() as se:
        proc = subprocess.Popen(command, stdout=so, stderr=se, cwd=ROOT)
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        except ChildProcessError:  # pragma: no cover
            status, usage = 0, None
        proc.returncode = os.waitstatus_to_exitcode(status)
        so.seek(0)
        se.seek(0)
        out_text = so.read().decode("utf-8", "replace")
        err_text = se.read().decode("utf-8", "replace")
    peak = (usage.ru_maxrss / 1024) if usage else 0.0  # Linux: kilobytes
    return Run(proc.returncode, out_text, err_text, time.perf_counter() - start, peak)


def clear_failure(run: Run) -> bool:
    """Exit 2 with one line that says 错误, names a path and gives no traceback."""
    lines = [line for line in run.stderr.splitlines() if line.strip()]
    errors = [line for line in lines if "错误" in line]
    return run.code == 2 and len(errors) == 1 and "/" in errors[0] and "Traceback" not in run.stderr


def judge(figures: Figures, run: Run, baseline: Run, input_mb: float, *, fail_ok: bool = False,
          what: str = "") -> None:  # fmt: skip
    figures.runs += 1
    # done (0), done with unreadable files listed (3), or nothing to assess said so (1)
    ok = "Traceback" not in run.stderr and (
        run.code in (0, 3) or (run.code == 1 and "没有可评估的年报" in run.stderr)
    )
    if not ok and not (fail_ok and clear_failure(run)):
        figures.crashes += 1
        figures.notes.append(f"{what}: exit {run.code}: {(run.stderr or run.stdout)[-300:]!r}")
    if run.seconds > baseline.seconds + HANG_SECONDS:
        figures.hangs += 1
        figures.notes.append(f"{what}: {run.seconds:.0f} s")
    if input_mb > 0:  # per MB of input, counting at least 1 MB (a 20 KB file is no measure)
        ratio = max(0.0, run.peak_mb - baseline.peak_mb) / max(1.0, input_mb)
        figures.peak_rss_mb_per_mb = max(figures.peak_rss_mb_per_mb, round(ratio, 1))
        figures.notes.append(
            f"{what}: {input_mb:.2f} MB in, {run.peak_mb:.0f} MB peak, {run.seconds:.1f} s, "
            f"exit {run.code}"
        )


def outputs_text(out: Path) -> str:
    parts = []
    for p in out.rglob("*"):
        if p.is_file() and p.suffix in (".html", ".md", ".json", ".xlsx"):
            if p.suffix == ".xlsx":
                with zipfile.ZipFile(p) as z:
                    parts += [z.read(n).decode("utf-8", "replace") for n in z.namelist()]
            else:
                parts.append(p.read_text(encoding="utf-8", errors="replace"))
    return "\n".join(parts)


def live_payloads(out: Path) -> int:
    """Scripts, event handlers and javascript: links from a report, live in a page: in the
    HTML pages as they are, in the Markdown pages as CommonMark makes HTML of them."""
    from lxml import html as lxml_html
    from markdown_it import MarkdownIt

    count = 0
    renderer = MarkdownIt("commonmark", {"html": True})
    pages = [(p, p.read_text(encoding="utf-8")) for p in out.rglob("*.html")]
    pages += [(p, renderer.render(p.read_text(encoding="utf-8"))) for p in out.rglob("*.md")]
    for _path, text in pages:
        if not text.strip():
            continue
        tree = lxml_html.fromstring(text)
        for element in tree.iter():
            if not isinstance(element.tag, str):
                continue
            if element.tag == "script" and "hostile" in (element.text or ""):
                count += 1
            for name, value in element.attrib.items():
                if name.startswith("on") and "hostile" in value:
                    count += 1
                if name in ("href", "src") and value.strip().lower().startswith("javascript:"):
                    count += 1
    return count


# -- the attacks -----------------------------------------------------------------------------


def _reports(folder: Path, n: int = 2) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for seed in SEEDS[:n]:
        shutil.copy(seed, folder / seed.name)


def store_attacks(work: Path, baseline: Run) -> Figures:
    """A tampered store: pickles that run code, flipped bytes, another version's store."""
    f = Figures()
    folder = work / "in"
    _reports(folder)
    clean = work / "clean"
    judge(f, assess(folder, clean), baseline, 0, what="first run")
    flag = work / "PWNED"

    class Payload:
        def __reduce__(self):
            return (os.system, (f"touch {flag}",))

    rng = random.Random(3)
    variants: dict[str, Callable[[Path], None]] = {}

    def pickles(db: Path) -> None:
        con = sqlite3.connect(db)
        con.execute("UPDATE files SET report=?", (pickle.dumps(Payload()),))
        con.execute("UPDATE cache SET data=?", (pickle.dumps(Payload()),))
        con.execute("UPDATE pairs SET data=?", (pickle.dumps(Payload()),))
        con.commit()
        con.close()

    def other_version(db: Path) -> None:
        con = sqlite3.connect(db)
        con.execute("UPDATE meta SET value='2020' WHERE key='format'")
        con.execute("UPDATE files SET report=?", (pickle.dumps(Payload()),))
        con.commit()
        con.close()

    def flipped(db: Path) -> None:
        data = bytearray(db.read_bytes())
        for _ in range(max(1, len(data) // 500)):
            k = rng.randrange(len(data))
            data[k] ^= 1 << rng.randrange(8)
        db.write_bytes(bytes(data))

    def truncated(db: Path) -> None:
        db.write_bytes(db.read_bytes()[: rng.randrange(100, max(101, db.stat().st_size))])

    def not_sqlite(db: Path) -> None:
        db.write_bytes(pickle.dumps(Payload()))

    variants.update(pickles=pickles, other_version=other_version, flipped=flipped,
                    truncated=truncated, not_sqlite=not_sqlite)  # fmt: skip
    for k in range(3):
        variants[f"flipped-{k}"] = flipped
    for name, tamper in variants.items():
        out = work / f"out-{name}"
        shutil.copytree(clean, out)
        for extra in ("nianbao.db-wal", "nianbao.db-shm"):
            (out / extra).unlink(missing_ok=True)
        tamper(out / "nianbao.db")
        for attempt in range(2):  # and the run after
            judge(f, assess(folder, out), baseline, 0, fail_ok=True, what=f"{name} #{attempt}")
    if flag.exists():
        f.executed_payloads += 1
        f.notes.append("a tampered store ran code")
    return f


def link_attacks(work: Path, baseline: Run) -> Figures:
    """Links out of the folder, devices, pipes, sockets, a huge sparse file."""
    f = Figures()
    folder = work / "in"
    _reports(folder)
    outside = work / "outside"
    outside.mkdir()
    (outside / "passwd").write_text(f"root:x:0:0:{MARKER}:/root:/bin/bash\n")
    (outside / "report.txt").write_text(SEEDS[2].read_text(encoding="utf-8") + MARKER)
    (folder / "passwd.txt").symlink_to(outside / "passwd")
    (folder / "report.txt").symlink_to(outside / "report.txt")
    (folder / "up").symlink_to(outside)
    (folder / "loop").symlink_to(folder)
    (folder / "zero.txt").symlink_to("/dev/zero")
    (folder / "random.html").symlink_to("/dev/urandom")
    (folder / "broken.txt").symlink_to(folder / "gone")
    os.mkfifo(folder / "pipe.txt")
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(folder / "socket.txt"))
    sparse = outside / "huge.txt"
    with sparse.open("wb") as fh:
        fh.truncate(60 * 1024**3)
    (folder / "huge-link.txt").symlink_to(sparse)
    with (folder / "huge.txt").open("wb") as fh:
        fh.truncate(60 * 1024**3)
    try:
        out = work / "out"
        for attempt in range(2):
            judge(f, assess(folder, out), baseline, 0, what=f"links #{attempt}")
        if MARKER in outputs_text(out):
            f.leaks += 1
            f.notes.append("text from outside the folder reached an output")
    finally:
        server.close()
    return f


def output_inside(work: Path, baseline: Run) -> Figures:
    """The output folder inside the input folder, and an older output copied in."""
    f = Figures()
    folder = work / "in"
    _reports(folder, 3)
    counts = []
    for attempt in range(3):
        run = assess(folder, folder / "out")
        judge(f, run, baseline, 0, what=f"inside #{attempt}")
        counts.append(len(list((folder / "out" / "reports").glob("*.html"))))
    shutil.copytree(folder / "out", folder / "copy-of-last-year")
    run = assess(folder, folder / "out")
    judge(f, run, baseline, 0, what="copied output")
    counts.append(len(list((folder / "out" / "reports").glob("*.html"))))
    if len(set(counts)) != 1:
        f.leaks += 1
        f.notes.append(f"reports per run: {counts} (the output read back as reports)")
    return f


def _sums(lines: int) -> str:
    rng = random.Random(lines)
    body = [f"共{rng.randrange(100, 999)}条，其中政策文件{rng.randrange(10)}条，工作动态"
            f"{rng.randrange(10)}条，通知公告{rng.randrange(10)}条。" for _ in range(lines)]  # fmt: skip
    return (
        "某镇人民政府2023年政府信息公开工作年度报告\n一、总体情况\n"
        + "\n".join(body)
        + (
            "\n二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况\n"
            "四、政府信息公开行政复议、行政诉讼情况\n五、存在的主要问题及改进情况\n六、其他需要报告的事项\n"
        )
    )


def many_pages(n: int) -> bytes:
    """A valid PDF of ``n`` empty pages."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b""]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"] * n
    kids = b" ".join(f"{k + 3} 0 R".encode() for k in range(n))
    objects[1] = b"<< /Type /Pages /Kids [" + kids + b"] /Count " + str(n).encode() + b" >>"
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for k, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{k} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)


def _text_pdf(pages: int) -> bytes:
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    for k in range(pages):
        for row in range(60):
            c.drawString(40, 800 - row * 13, f"page {k} line {row} " + "0123456789 " * 8)
        c.showPage()
    c.save()
    return buf.getvalue()


def _many_paragraphs_docx(n: int) -> bytes:
    import io

    body = "<w:p><w:r><w:t>x</w:t></w:r></w:p>" * n
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{body}</w:body></w:document>"
    )
    types = (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
        'package/2006/content-types"><Default Extension="rels" ContentType="application/'
        'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
        'ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType='
        '"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats'
        '.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
        'openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        'Target="word/document.xml"/></Relationships>'
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", types)
        z.writestr("_rels/.rels", rels)
        z.writestr("word/document.xml", document)
    return buf.getvalue()


def size_attacks(work: Path, baseline: Run, quick: bool) -> Figures:
    """Big and slow inside every limit: sums that do not add up, many pages, many paragraphs."""
    f = Figures()
    cases: dict[str, tuple[str, bytes]] = {
        "sums": ("sums.txt", _sums(8_000 if quick else 40_000).encode("utf-8")),
        "pages-60000": ("pages.pdf", many_pages(60_000)),
        "pages-10000": ("pages10k.pdf", many_pages(10_000)),
        "paragraphs": ("paragraphs.docx", _many_paragraphs_docx(50_000 if quick else 250_000)),
    }
    if not quick:
        cases["text-pdf-499"] = ("long.pdf", _text_pdf(499))
    for name, (file_name, data) in cases.items():
        folder = work / name
        _reports(folder, 1)
        (folder / file_name).write_bytes(data)
        judge(f, assess(folder, work / f"out-{name}"), baseline, len(data) / 1024**2, what=name)
    return f


def name_attacks(work: Path, baseline: Run) -> Figures:
    """Names that are not UTF-8, too long, with right-to-left and zero-width characters."""
    f = Figures()
    folder = work / "in"
    folder.mkdir()
    names = [
        "公开年报2023".encode("gbk") + b".txt",
        b"\xff\xfe\xfd.txt",
        ("😀" * 62).encode() + b".txt",
        ("镇" * 80).encode() + b".txt",
        "a\u202etxt.exe\u200b\u200d.txt".encode(),
        b"b<script>#%&[x](y).txt",
    ]
    for seed, name in zip(SEEDS * 2, names, strict=False):
        try:
            with open(os.path.join(os.fsencode(folder), name), "wb") as fh:
                fh.write(seed.read_bytes())
        except OSError as exc:  # the file system refuses it: nothing to test
            if exc.errno != errno.ENAMETOOLONG:
                raise
    out = work / "out"
    for attempt in range(2):
        judge(f, assess(folder, out), baseline, 0, what=f"names #{attempt}")
    for page in (out / "reports").glob("*"):
        if len(page.name.encode()) > 200 or any(c in page.name for c in "\u202e\u200b\u200d"):
            f.leaks += 1
            f.notes.append(f"page named {page.name!r}")
    return f


def fault_attacks(work: Path, baseline: Run) -> Figures:
    """A read-only store or output, a full disk, an output path that is a file, a folder that
    does not exist: each one clear line and exit 2, nothing committed lost."""
    f = Figures()
    folder = work / "in"
    _reports(folder)
    (work / "a-file").write_text("x")
    run = assess(folder, work / "a-file")
    judge(f, run, baseline, 0, fail_ok=True, what="out is a file")
    run = assess(work / "missing", work / "out-missing")
    judge(f, run, baseline, 0, fail_ok=True, what="no such folder")
    if os.geteuid() == 0 and shutil.which("setpriv"):
        ro = work / "ro"
        judge(f, assess(folder, ro), baseline, 0, what="before read-only")
        for p in [work, *work.rglob("*")]:
            if not p.is_symlink():
                os.chmod(p, 0o755 if p.is_dir() else 0o644)
        run = assess(folder, ro, user="65534")
        judge(f, run, baseline, 0, fail_ok=True, what="read-only store")
        if run.code != 2:
            f.crashes += 1
            f.notes.append("a read-only store was not refused")
    if os.geteuid() == 0 and shutil.which("unshare") and shutil.which("mount"):
        full = work / "full"
        full.mkdir()
        script = (f"mount -t tmpfs -o size=256k tmpfs {full} && exec {sys.executable} -m "
                  f"nianbao.cli.main assess {folder} --out {full}/out --no-embeddings --jobs 2")  # fmt: skip
        start = time.perf_counter()
        proc = subprocess.run(["unshare", "-m", "sh", "-c", script], capture_output=True,
                              text=True, cwd=ROOT)  # fmt: skip
        run = Run(proc.returncode, proc.stdout, proc.stderr, time.perf_counter() - start, 0)
        if "mount:" not in proc.stderr:
            judge(f, run, baseline, 0, fail_ok=True, what="full disk")
    return f


def inert_outputs(work: Path, baseline: Run) -> Figures:
    """Reports that carry scripts, event handlers and javascript: links in their text and
    unit names; the pages must show them as text."""
    f = Figures()
    folder = work / "in"
    folder.mkdir()
    text = SEEDS[0].read_text(encoding="utf-8")
    payloads = [
        '<script>alert("hostile")</script>',
        '<img src=x onerror=alert("hostile")>',
        "[点此查看](javascript:alert('hostile'))",
        "<a href=\"javascript:alert('hostile')\">链接</a>",
    ]
    first, rest = text.split("\n", 1)
    (folder / "a.txt").write_text(first + payloads[0] + "\n" + "\n".join(payloads) + "\n" + rest)
    (folder / "b.html").write_text(
        "<html><body><h1>" + first.replace("人民政府", "人民政府&lt;script&gt;alert('hostile')&lt;/script&gt;")
        + "</h1><pre>" + rest.replace("\n", "<br>") + "</pre></body></html>"
    )  # fmt: skip
    out = work / "out"
    judge(f, assess(folder, out), baseline, 0, what="inert")
    f.executed_payloads += live_payloads(out)
    for path in out.rglob("*.json"):
        try:
            json.loads(path.read_text(encoding="utf-8"))
        except ValueError:
            f.crashes += 1
            f.notes.append(f"{path.name} is not valid JSON")
    return f


def run_all(quick: bool = False) -> dict[str, Figures]:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        one = work / "baseline"
        _reports(one, 1)
        baseline = assess(one, work / "baseline-out")
        classes: dict[str, Callable[[Path], Figures]] = {
            "store": lambda w: store_attacks(w, baseline),
            "links": lambda w: link_attacks(w, baseline),
            "output_inside": lambda w: output_inside(w, baseline),
            "size": lambda w: size_attacks(w, baseline, quick),
            "names": lambda w: name_attacks(w, baseline),
            "faults": lambda w: fault_attacks(w, baseline),
            "inert": lambda w: inert_outputs(w, baseline),
        }
        out: dict[str, Figures] = {}
        for name, attack in classes.items():
            place = work / name
            place.mkdir()
            out[name] = attack(place)
        return out


def report(figures: dict[str, Figures]) -> int:
    names = ("crashes", "hangs", "peak_rss_mb_per_mb", "leaks", "executed_payloads", "runs")
    print("class           " + "  ".join(f"{n:>18}" for n in names))
    for cls, f in figures.items():
        print(f"{cls:<16}" + "  ".join(f"{getattr(f, n):>18}" for n in names))
        for note in f.notes[:8]:
            print(f"    {note[:220]}")
    total = {
        n: sum(getattr(f, n) for f in figures.values()) for n in names if n != "peak_rss_mb_per_mb"
    }
    peak = max(f.peak_rss_mb_per_mb for f in figures.values())
    for n, v in total.items():
        print(f"hostile_{n} = {v}")
    print(f"hostile_peak_rss_mb_per_mb = {peak}")
    bad = total["crashes"] or total["hangs"] or total["leaks"] or total["executed_payloads"]
    return 1 if bad or peak > MAX_MB_PER_MB else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller size attacks")
    args = parser.parse_args(argv)
    return report(run_all(args.quick))


if __name__ == "__main__":
    sys.exit(main())
