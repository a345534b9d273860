"""The folder is the boundary: nothing outside it, nothing that is not a file, nothing nianbao
wrote is read."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from nianbao.io import SUPPORTED
from nianbao.io.folder import OUTPUT_MARK, scan
from tests.conftest import SEEDS


@pytest.fixture
def folder(tmp_path):
    root = tmp_path / "in"
    (root / "sub").mkdir(parents=True)
    shutil.copy(SEEDS[0], root / "a.txt")
    shutil.copy(SEEDS[1], root / "sub" / "b.txt")
    outside = tmp_path / "secret.txt"
    outside.write_text("root:x:0:0:root:/root:/bin/bash\n")
    (root / "secret.txt").symlink_to(outside)
    (root / "inside.txt").symlink_to(root / "a.txt")
    (root / "broken.txt").symlink_to(root / "gone.txt")
    (root / "linked").symlink_to(tmp_path)
    if hasattr(os, "mkfifo"):
        os.mkfifo(root / "pipe.txt")
    old = root / "old-output"
    (old / "reports").mkdir(parents=True)
    (old / OUTPUT_MARK).write_text("")
    (old / "reports" / "x.html").write_text("<html></html>")
    return root


def test_only_the_folders_own_regular_files_are_read(folder):
    files, skipped = scan(folder, SUPPORTED)
    names = sorted(str(f.relative_to(folder)) for f in files)
    assert names == ["a.txt", "inside.txt", "sub/b.txt"]
    reasons = {s.path.rsplit("/", 1)[-1]: s.reason for s in skipped}
    assert "以外" in reasons["secret.txt"]
    assert "无效" in reasons["broken.txt"]
    assert "链接" in reasons["linked"]
    assert "输出文件夹" in reasons["old-output"]
    if hasattr(os, "mkfifo"):
        assert "管道" in reasons["pipe.txt"]


def test_the_runs_own_output_folder_is_left_out_silently(folder):
    out = folder / "out"
    (out / "reports").mkdir(parents=True)
    (out / "reports" / "a.html").write_text("<html></html>")
    files, skipped = scan(folder, SUPPORTED, exclude=[out])
    assert not any("out" in f.parts for f in files)
    assert not any(s.path.endswith("/out") for s in skipped)


def test_formats_not_read_are_listed_with_what_to_do(tmp_path):
    from nianbao.io import SUPPORTED, UNREAD

    for name in ("年报.ofd", "附件.zip", "附表.xlsx", "附表.et", "说明.pptx", "年报.txt", "x.bin"):
        (tmp_path / name).write_bytes(b"x")
    files, skipped = scan(tmp_path, SUPPORTED, unread=UNREAD)
    assert [f.name for f in files] == ["年报.txt"]
    reasons = {Path(s.path).name: s.reason for s in skipped}
    assert set(reasons) == {"年报.ofd", "附件.zip", "附表.xlsx", "附表.et", "说明.pptx"}
    assert "另存为 PDF" in reasons["年报.ofd"] and "解压" in reasons["附件.zip"]
