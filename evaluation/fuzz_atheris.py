"""Coverage-guided fuzzing with atheris (libFuzzer) for long runs on demand.

    pip install atheris
    .venv/bin/python -m evaluation.fuzz_atheris -atheris_runs=200000 -max_len=65536
    .venv/bin/python -m evaluation.fuzz_atheris -max_total_time=3600 out/fuzz-corpus

The first input byte picks the reader (text, HTML, Word); the rest is the file. Inputs go
through the reader, the normaliser, the table parser and every check. A ``NianbaoError``
that names the file is the expected outcome for bad input; anything else — another
exception, an error without the file's name, a rule failing internally — is a crash, and
libFuzzer saves the input as ``crash-…``. The real corpus files seed the run (give a folder
as the last argument to keep the corpus it grows).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports():
    from nianbao.checks import run_checks
    from nianbao.errors import NianbaoError
    from nianbao.io.docx import read_docx
    from nianbao.io.html import read_html
    from nianbao.io.text import read_text_file
    from nianbao.report import build_report

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpora"
READERS = ((".txt", read_text_file), (".html", read_html), (".docx", read_docx))


def one_input(data: bytes) -> None:
    if not data:
        return
    suffix, reader = READERS[data[0] % len(READERS)]
    path = Path("fuzz" + suffix)
    try:
        raw = reader(path, data[1:])
    except NianbaoError as err:
        if path.name not in str(err) or not err.reason:
            raise AssertionError(f"error without the file or a reason: {err!r}") from err
        return
    report = build_report(raw)
    broken = [f.message for f in run_checks(report) if "规则执行出错" in f.message]
    if broken:
        raise AssertionError(f"a rule failed internally: {broken}")


def seed_corpus(folder: Path) -> None:
    """The real reports, each prefixed with the byte that picks its reader."""
    for k, (suffix, _) in enumerate(READERS):
        for file in sorted(CORPUS.rglob(f"*{suffix}")):
            (folder / f"{suffix[1:]}-{file.name}").write_bytes(bytes([k]) + file.read_bytes())


def main() -> None:
    args = sys.argv[:]
    folders = [a for a in args[1:] if not a.startswith("-")]
    if not folders:
        seeds = Path(tempfile.mkdtemp(prefix="nianbao-fuzz-"))
        args.append(str(seeds))
    else:
        seeds = Path(folders[-1])
        seeds.mkdir(parents=True, exist_ok=True)
    if not any(seeds.iterdir()):
        seed_corpus(seeds)
    atheris.Setup(args, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
