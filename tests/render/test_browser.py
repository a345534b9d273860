"""Headless Chromium renders the overview and a report page without console errors."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nianbao.cli.main import app
from tests.conftest import CORPUS

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium not installed (apt-get install chromium fonts-noto-cjk)"
)
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--enable-logging=stderr", "--v=0"]  # fmt: skip


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    folder = out / "in"
    folder.mkdir()
    for p in sorted((CORPUS / "seeds").glob("*.txt")) + [
        CORPUS / "pdf" / "huaian-hongzequ-2023.pdf"
    ]:
        shutil.copy(p, folder / p.name)
    result = CliRunner().invoke(
        app, ["assess", str(folder), "--out", str(out / "out"), "--no-embeddings"]
    )
    assert result.exit_code == 0, result.output
    return out / "out"


# what Chromium itself asks for, whatever the page (clock, account and search prefetches, and
# its updater, which some builds run despite --disable-component-update)
BROWSER_OWN = re.compile(
    r"https?://(clients2\.google\.com/time/|accounts\.google\.com/ListAccounts|www\.google\.com/async/"
    r"|update\.googleapis\.com/service/update2/)"
)


def page_requests(netlog: Path) -> set[str]:
    """The http(s) URLs the page made Chromium request, from its NetLog."""
    urls = set(re.findall(r'"url":"(https?://[^"]+)"', netlog.read_text(errors="replace")))
    return {u for u in urls if not BROWSER_OWN.match(u)}


def render(page, tmp_path, name):
    png = tmp_path / f"{name}.png"
    proc = subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1280,1600",
         f"--log-net-log={tmp_path / 'net.json'}", f"--screenshot={png}", page.as_uri()],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    dom = subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile2'}", "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    return png, proc.stderr + dom.stderr, dom.stdout


@pytest.mark.parametrize("which", ["index", "report"])
def test_page_renders_without_console_errors(site, tmp_path, which):
    page = site / "index.html" if which == "index" else sorted((site / "reports").glob("*.html"))[0]
    png, log, dom = render(page, tmp_path, which)
    assert png.exists() and png.stat().st_size > 20_000  # a rendered page, not a blank one
    console_errors = [ln for ln in log.splitlines() if "CONSOLE" in ln or "Uncaught" in ln]
    assert not console_errors, console_errors
    if which == "index":
        assert 'id="ranking"' in dom and dom.count("<tr>") >= 6
    assert page_requests(tmp_path / "net.json") == set()  # the page fetched nothing


def test_a_page_that_fetches_something_is_caught(tmp_path):
    page = tmp_path / "fetches.html"
    page.write_text('<html><body><img src="https://example.com/a.png"></body></html>')
    render(page, tmp_path, "fetches")
    assert any("example.com" in u for u in page_requests(tmp_path / "net.json"))
