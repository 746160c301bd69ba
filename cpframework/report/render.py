"""Convert a .docx to PDF with LibreOffice headless (for checks and previews).

soffice returns 0 even when conversion fails, so success means "the PDF exists and is not empty".
Each call uses its own profile directory (concurrent conversions sharing one fail).  A plain
conversion does not refresh the TOC field; the PDF then shows the TOC placeholder text.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

FONTS_CONF = Path(__file__).parent / "fonts.conf"


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def render_pdf(docx: Path | str, outdir: Path | str, timeout: float = 180) -> Path | None:
    """Return the PDF path, or ``None`` when LibreOffice is missing or produced nothing."""
    exe = soffice()
    if exe is None:
        return None
    docx, outdir = Path(docx).resolve(), Path(outdir).resolve()
    outdir.mkdir(parents=True, exist_ok=True)
    pdf = outdir / (docx.stem + ".pdf")
    if pdf.exists():
        pdf.unlink()
    env = dict(os.environ)
    if FONTS_CONF.is_file() and "FONTCONFIG_FILE" not in env:
        env["FONTCONFIG_FILE"] = str(FONTS_CONF)      # 宋体/黑体/楷体 → free faces on Linux
    with tempfile.TemporaryDirectory(prefix="cp-lo-") as prof:
        cmd = [exe, "--headless", "--norestore", "--nolockcheck", f"-env:UserInstallation={Path(prof).as_uri()}",
               "--convert-to", "pdf", "--outdir", str(outdir), str(docx)]
        try:
            subprocess.run(cmd, env=env, timeout=timeout, capture_output=True, check=False)
        except (subprocess.TimeoutExpired, OSError):
            return None
    return pdf if pdf.is_file() and pdf.stat().st_size > 0 else None
