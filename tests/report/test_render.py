"""LibreOffice round trip (marked ``render``; skipped when soffice is absent)."""
import shutil
import subprocess

import pytest

from cpframework.report.render import render_pdf, soffice


@pytest.mark.render
def test_pdf_contains_chapter_titles(built, tmp_path):
    if soffice() is None:
        pytest.skip("未安装 LibreOffice（soffice），无法转换 PDF：apt-get install libreoffice-writer-nogui")
    if shutil.which("pdftotext") is None:
        pytest.skip("未安装 pdftotext：apt-get install poppler-utils")
    pdf = render_pdf(built.info.path, tmp_path / "pdf")
    assert pdf is not None and pdf.is_file()
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
    for title in ("前言", "项目概况", "筹划和组织", "表 1-1"):
        assert title in text.replace("  ", " ") or title in text


def test_render_pdf_missing_soffice(monkeypatch, tmp_path):
    monkeypatch.setattr("cpframework.report.render.soffice", lambda: None)
    assert render_pdf(tmp_path / "x.docx", tmp_path) is None
