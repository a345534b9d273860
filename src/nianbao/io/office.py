"""Legacy .doc / .wps: converted to .docx by LibreOffice headless, then read as .docx."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from nianbao.errors import CorruptDocument, MissingDependency
from nianbao.records import RawDocument

INSTALL_HINT = (
    "请安装 LibreOffice：Debian/Ubuntu 执行 apt-get install libreoffice-writer，"
    "或另存为 .docx 后再读取 (install LibreOffice, or save the file as .docx)"
)


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def read_via_libreoffice(path: Path, data: bytes) -> RawDocument:
    from nianbao.io.docx import read_docx

    exe = soffice()
    if exe is None:
        raise MissingDependency(
            path,
            f"读取 {path.suffix} 文件需要 LibreOffice，但未安装 (LibreOffice not found)",
            INSTALL_HINT,
        )
    with tempfile.TemporaryDirectory(prefix="nianbao-") as tmp:
        src = Path(tmp) / ("input" + path.suffix.lower())
        src.write_bytes(data)
        try:
            subprocess.run(
                [exe, f"-env:UserInstallation=file://{tmp}/profile", "--headless",
                 "--convert-to", "docx", "--outdir", tmp, str(src)],
                check=True, capture_output=True, timeout=180,
            )  # fmt: skip
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
            raise CorruptDocument(
                path, f"LibreOffice 无法转换此文件 (conversion failed): {exc}"
            ) from exc
        out = Path(tmp) / "input.docx"
        if not out.exists():
            raise CorruptDocument(path, "LibreOffice 无法转换此文件 (conversion produced nothing)")
        raw = read_docx(path, out.read_bytes())
    return RawDocument(path=raw.path, fmt="wps" if path.suffix.lower() == ".wps" else "doc",
                       text=raw.text, raw_tables=raw.raw_tables, meta=raw.meta)  # fmt: skip
