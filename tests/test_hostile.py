"""A hostile or unlucky folder: the run finishes, reads only the folder's own reports, names
every file safely, and says every fault in one line."""

from __future__ import annotations

import errno
import json
import os
import shutil

import pytest
from typer.testing import CliRunner

from nianbao.cli.main import app
from tests.conftest import SEEDS

runner = CliRunner()
SECRET = "root:x:0:0:secret-marker:/root:/bin/bash"


@pytest.fixture
def hostile(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEEDS[0], folder / "a.txt")
    (tmp_path / "passwd").write_text(SECRET + "\n")
    (folder / "passwd.txt").symlink_to(tmp_path / "passwd")
    names = [
        os.fsdecode("公开年报".encode("gbk") + b".txt"),  # a GBK name from a Windows zip
        "😀" * 62 + ".txt",  # 248 bytes: a page named after it would be too long
        "b\u202etxt.exe\u200b.txt",  # right-to-left override, zero-width space
        "c#%&<x>.txt",
    ]
    for seed, name in zip(SEEDS[1:], names, strict=False):
        shutil.copy(seed, os.path.join(os.fsencode(folder), os.fsencode(name)))
    return folder


def test_a_hostile_folder_is_assessed_and_reassessed_safely(hostile, tmp_path):
    out = hostile / "out"  # the output inside the input
    for run in range(2):
        result = runner.invoke(app, ["assess", str(hostile), "--out", str(out), "--no-embeddings"])
        assert result.exit_code == 0, result.output
        pages = sorted((out / "reports").glob("*.html"))
        assert len(pages) == 5, (run, [p.name for p in pages])  # never its own pages
    assert "passwd.txt" in result.output and "以外" in result.output
    for page in (out / "reports").iterdir():
        assert len(page.name.encode("utf-8")) <= 120
        assert not any(c in page.name for c in "\u202e\u200b#%&<>")
    written = [p for p in out.rglob("*") if p.is_file() and p.suffix in (".html", ".md", ".json")]
    for path in written:
        text = path.read_text(encoding="utf-8")
        assert "secret-marker" not in text
    html = "".join(p.read_text(encoding="utf-8") for p in written if p.suffix == ".html")
    assert "公开年报.txt" in html  # the GBK name, read as Chinese
    assert "<x>" not in html and "c#%&amp;&lt;x&gt;.txt" in html
    markdown = "".join(p.read_text(encoding="utf-8") for p in written if p.suffix == ".md")
    assert "<x>" not in markdown and "&lt;x&gt;" in markdown
    for name in json.loads((out / "reports" / ".digests").read_text(encoding="utf-8")):
        if name:
            assert (out / "reports" / f"{name}.html").exists()


def test_an_output_path_that_is_a_file_is_one_line_and_exit_2(hostile, tmp_path):
    (tmp_path / "taken").write_text("x")
    result = runner.invoke(
        app, ["assess", str(hostile), "--out", str(tmp_path / "taken"), "--no-embeddings"]
    )
    assert result.exit_code == 2
    assert "删除或改名" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize(
    ("code", "words"),
    [(errno.ENOSPC, "磁盘空间已满"), (errno.EROFS, "只读"), (errno.EACCES, "只读")],
)
def test_a_full_or_read_only_disk_is_one_line_and_exit_2(
    hostile, tmp_path, monkeypatch, code, words
):
    import nianbao.render.outputs as outputs

    def fail(*args, **kwargs):
        raise OSError(code, os.strerror(code), str(tmp_path / "out" / "index.html"))

    monkeypatch.setattr(outputs, "write_outputs", fail)
    result = runner.invoke(
        app, ["assess", str(hostile), "--out", str(tmp_path / "out"), "--no-embeddings"]
    )
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if "错误" in line]
    assert len(lines) == 1 and words in lines[0] and "index.html" in lines[0], result.output


@pytest.mark.skipif(
    os.geteuid() != 0 or shutil.which("setpriv") is None, reason="needs root and setpriv"
)
def test_a_store_the_user_cannot_write_is_one_line(hostile, tmp_path):
    import subprocess
    import sys

    nobody = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", sys.executable]
    if subprocess.run([*nobody, "-c", "import nianbao.cli.main"], capture_output=True).returncode:
        pytest.skip("the user nobody cannot read this checkout or its environment")
    out = tmp_path / "out"
    assert (
        runner.invoke(app, ["assess", str(hostile), "--out", str(out), "--no-embeddings"]).exit_code
        == 0
    )
    os.chmod(tmp_path, 0o755)
    for p in [tmp_path, *tmp_path.rglob("*")]:
        os.chmod(p, 0o755 if p.is_dir() else 0o644)
    run = subprocess.run(
        [*nobody, "-m", "nianbao.cli.main", "assess", str(hostile), "--out", str(out), "--no-embeddings"],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert run.returncode == 2, run.stderr
    assert "只读" in run.stderr and "Traceback" not in run.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_a_file_without_read_permission_is_listed_and_the_rest_assessed(hostile, tmp_path):
    locked = hostile / "locked.txt"
    shutil.copy(SEEDS[0], locked)
    os.chmod(locked, 0)
    result = runner.invoke(
        app, ["assess", str(hostile), "--out", str(tmp_path / "out"), "--no-embeddings"]
    )
    assert result.exit_code == 3, result.output  # done, with a file it could not read
    assert "locked.txt" in result.output and "检查文件权限" in result.output
