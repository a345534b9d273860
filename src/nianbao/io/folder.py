"""What a folder holds for nianbao: its report files, and what was left out and why.

The folder is the boundary. A link that leads out of it, a device, a pipe or a socket is never
opened (a pipe would block the run, a link to /etc/passwd would put that file into the pages);
a folder nianbao wrote (it holds ``OUTPUT_MARK``, or ``nianbao.db`` beside ``index.html``) and
the run's own output folder are never read back as reports."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from nianbao.io.names import path_key

OUTPUT_MARK = ".nianbao-output"  # written into every output folder


@dataclass(frozen=True)
class Skipped:
    path: str  # as nianbao shows it (``names.path_key``)
    reason: str


def is_output_folder(folder: Path) -> bool:
    return (folder / OUTPUT_MARK).exists() or (
        (folder / "nianbao.db").is_file() and (folder / "index.html").is_file()
    )


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def scan(
    folder: Path,
    suffixes: Iterable[str],
    exclude: Iterable[Path] = (),
    unread: Mapping[str, str] | None = None,
) -> tuple[list[Path], list[Skipped]]:
    """The files of ``folder`` (recursively) with one of ``suffixes``, sorted, and what was
    skipped with the reason: among them the files of a suffix in ``unread`` (the formats not
    read, each with why). ``exclude``: folders never to read (the run's output)."""
    wanted = {s.lower() for s in suffixes}
    unread = unread or {}
    root = folder.resolve()
    excluded = [p.resolve() for p in exclude]
    files: list[Path] = []
    skipped: list[Skipped] = []

    def skip(path: Path, reason: str) -> None:
        skipped.append(Skipped(path_key(path), reason))

    for here, dirs, names in os.walk(folder, followlinks=False, onerror=None):
        base = Path(here)
        if any(_inside(base.resolve(), e) for e in excluded):  # this run's own output
            dirs[:] = []
            continue
        if base != folder and is_output_folder(base):
            skip(base, "nianbao 写出的输出文件夹，不作为报告读取")
            dirs[:] = []
            continue
        for d in sorted(dirs):
            if (base / d).is_symlink():
                skip(base / d, "指向文件夹的链接，未跟随（只读取这个文件夹本身的文件）")
        dirs[:] = sorted(d for d in dirs if not (base / d).is_symlink())
        for name in sorted(names):
            path = base / name
            suffix = path.suffix.lower().lstrip(".")
            if suffix in unread and suffix not in wanted:
                skip(path, unread[suffix])
                continue
            if suffix not in wanted:
                continue
            reason = _refuse(path, root)
            if reason:
                skip(path, reason)
            else:
                files.append(path)
    return sorted(files), skipped


def _refuse(path: Path, root: Path) -> str:
    """Why ``path`` is not read, or ``""``."""
    try:
        info = path.lstat()
        if stat.S_ISLNK(info.st_mode):
            target = path.resolve()
            if not _inside(target, root):
                return "链接指向这个文件夹以外的文件，未读取"
            info = path.stat()
    except (OSError, RuntimeError):  # a broken link, a loop
        return "链接无效或无法访问，未读取"
    if not stat.S_ISREG(info.st_mode):
        return "不是普通文件（设备、管道或套接字），未读取"
    return ""


def regular_file(path: Path) -> str:
    """Why a file named on the command line cannot be read as one, or ``""``."""
    try:
        info = path.stat()
    except OSError:
        return ""  # the reader says it is missing
    if not stat.S_ISREG(info.st_mode) and not stat.S_ISDIR(info.st_mode):
        return "不是普通文件（设备、管道或套接字），未读取"
    return ""
