"""The package installs: a wheel built from the checkout, installed into a fresh virtual
environment, runs the main job outside the checkout (its models, templates and lexicons come
with it; nothing is read from or built into the source tree)."""

from __future__ import annotations

import email
import os
import site
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
         "-w", str(out), str(ROOT)],
        check=True, capture_output=True, timeout=600,
    )  # fmt: skip
    return next(out.glob("nianbao-*.whl"))


def test_the_wheel_holds_the_data_and_declares_what_it_imports(wheel):
    with zipfile.ZipFile(wheel) as z:
        names = set(z.namelist())
        meta = email.message_from_bytes(
            z.read(next(n for n in names if n.endswith(".dist-info/METADATA")))
        )
    for data in ("nianbao/models/rubric.yaml", "nianbao/models/page_chrome.txt",
                 "nianbao/models/stock_wording.txt", "nianbao/models/lexicons/vague.txt",
                 "nianbao/render/templates/report.html.j2"):  # fmt: skip
        assert data in names
    assert not any("e5-small" in n for n in names)
    required = {r.split(";")[0].split(">")[0].split("=")[0].strip().lower()
                for r in meta.get_all("Requires-Dist")}  # fmt: skip
    for imported in ("numpy", "msgpack", "pypdfium2", "pdfminer.six", "markupsafe", "platformdirs",
                     "transformers"):  # fmt: skip
        assert imported in required, imported
    assert "beautifulsoup4" not in required and "charset-normalizer" not in required


def test_the_installed_wheel_assesses_the_corpus_outside_the_checkout(wheel, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    python = venv / "bin" / "python"
    # the dependencies come from this environment's site-packages (no network in a test); its
    # editable nianbao does not: a path in a .pth file is not scanned for .pth files itself
    target = Path(subprocess.check_output(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], text=True
    ).strip())  # fmt: skip
    here = [
        p for p in {sysconfig.get_paths()["purelib"], *site.getsitepackages()} if Path(p).is_dir()
    ]
    (target / "deps.pth").write_text("\n".join(here) + "\n")
    subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)],
                   check=True, capture_output=True, timeout=600)  # fmt: skip
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    where = subprocess.check_output([str(python), "-c", "import nianbao; print(nianbao.__file__)"],
                                    text=True, cwd=tmp_path, env=env)  # fmt: skip
    assert str(target) in where and str(ROOT) not in where
    out = tmp_path / "out"
    run = subprocess.run(
        [str(venv / "bin" / "nianbao"), "assess", str(ROOT / "corpora"), "--out", str(out),
         "--no-embeddings"],
        capture_output=True, text=True, cwd=tmp_path, env=env, timeout=900,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr[-2000:]
    assert (out / "index.html").exists() and (out / "evaluation-sheet.xlsx").exists()
    assert len(list((out / "reports").glob("*.html"))) >= 19  # every report of corpora/
    text = subprocess.run(
        [str(venv / "bin" / "nianbao"), "text", str(ROOT / "corpora" / "seeds"), "--no-embeddings",
         "--json"],
        capture_output=True, text=True, cwd=tmp_path, env=env, timeout=900,
    )  # fmt: skip
    assert text.returncode == 0, text.stderr[-2000:]
    assert not (ROOT / "src" / "nianbao" / "models").exists()
