"""The park audit report (附件2) generated from examples/park_demo, read back."""
import hashlib
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from cpframework.cli.commands import main

from .conftest import EXAMPLES
from .report.docx_resolver import effective, pstyle

DEMO = EXAMPLES / "park_demo"
CHAPTERS = ["前言", "项目概况", "筹划和组织", "初步审核", "重点审核", "方案产生和筛选", "结论和建议"]


def _digest(root: Path) -> dict:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    out = tmp_path_factory.mktemp("park") / "park.docx"
    before = _digest(DEMO)
    assert main(["report", str(DEMO), "-o", str(out)]) == 0
    assert _digest(DEMO) == before, "generating a report must not touch the project folder"
    return out


@pytest.fixture(scope="module")
def doc(report):
    return docx.Document(str(report))


def _text(p):
    return " ".join("".join(t.text or "" for t in p.iter(qn("w:t"))).split())


def test_outline_chapters_in_order(doc):
    body = doc.element.body
    h1 = [_text(p) for p in body.iter(qn("w:p")) if pstyle(p) == "Heading1"]
    assert [t.split(maxsplit=1)[-1] for t in h1] == CHAPTERS
    h2 = [_text(p) for p in body.iter(qn("w:p")) if pstyle(p) == "Heading2"]
    assert "4.2 清洁生产评价" in h2 and "3.2 组建审核小组" in h2 and "6.2 筛选方案" in h2


def test_fonts_follow_table_c1(doc):
    styles = doc.styles.element
    h1 = next(p for p in doc.element.body.iter(qn("w:p")) if pstyle(p) == "Heading1")
    e = effective(styles, h1, h1.find(qn("w:r")))
    assert (e["eastAsia"], e["ascii"], e["size_pt"], e.get("b"), e.get("jc")) == ("黑体", "Times New Roman", 22, True, "center")
    body = next(p for p in doc.element.body.iter(qn("w:p")) if pstyle(p) == "cpBody" and _text(p))
    e = effective(styles, body, body.find(qn("w:r")))
    assert (e["eastAsia"], e["ascii"], e["size_pt"]) == ("宋体", "Times New Roman", 14)
    assert e["ind.firstLineChars"] == 200 and e["ind.firstLine"] == 560
    assert "eastAsiaTheme" not in doc.styles.element.xml


def test_b_tables_and_evaluation_present_with_per_chapter_numbers(doc):
    captions = [_text(p) for p in doc.element.body.iter(qn("w:p")) if _text(p).startswith("表 ")]
    joined = "\n".join(captions)
    for title in ("清洁生产审核领导小组组成及职责分配表", "清洁生产审核工作计划表", "清洁生产方案汇总表（园区层面）",
                  "清洁生产方案汇总表（行业层面）", "清洁生产方案汇总表（企业层面）", "持续清洁生产计划表",
                  "工业园区清洁生产评价指标评价结果", "清洁生产目标"):
        assert title in joined, title
    assert "表 3-1 清洁生产审核领导小组组成及职责分配表" in captions
    assert any(c.startswith("表 4-") and "评价结果" in c for c in captions)
    assert any(c.startswith("表 7-") and "持续清洁生产计划表" in c for c in captions)


def test_tables_repeat_header_and_have_no_blank_cells(doc):
    for table in doc.tables:
        first = table.rows[0]._tr
        assert first.trPr is not None and first.trPr.find(qn("w:tblHeader")) is not None
        for tc in table._tbl.iter(qn("w:tc")):
            assert _text(tc).strip() != "", "empty cells are marked, never blank"


def test_evaluation_table_values(doc):
    eval_table = next(t for t in doc.tables if t.rows[0].cells[2].text == "指标" and len(t.rows) > 20)
    rows = {r.cells[0].text: [c.text for c in r.cells] for r in eval_table.rows[1:]}
    assert rows["7"][4] == "0.3969" and rows["7"][7] == "一般水平"
    assert rows["25"][4] == "75" and rows["25"][7] == "未达一般水平"


def test_toc_field_and_update_flag(doc, report):
    xml = doc.element.xml
    assert 'TOC \\o "1-3"' in xml
    assert doc.settings.element.find(qn("w:updateFields")) is not None


def test_missing_narrative_becomes_highlighted_placeholder(tmp_path):
    proj = tmp_path / "p"
    shutil.copytree(DEMO, proj)
    (proj / "narrative" / "problems.md").unlink()
    out = tmp_path / "r.docx"
    assert main(["report", str(proj), "-o", str(out)]) == 0
    d = docx.Document(str(out))
    paras = [p for p in d.element.body.iter(qn("w:p")) if "主要问题的产生原因" in _text(p) or "产生原因和主要结论" in _text(p)]
    assert paras and any(p.find(f".//{qn('w:shd')}") is not None or p.find(f".//{qn('w:highlight')}") is not None for p in paras)


def test_existing_output_needs_force(tmp_path, capsys):
    out = tmp_path / "r.docx"
    out.write_text("mine")
    assert main(["report", str(DEMO), "-o", str(out)]) == 2
    assert out.read_text() == "mine"
    assert main(["report", str(DEMO), "-o", str(out), "--force"]) == 0
    assert out.stat().st_size > 10000


def test_output_inside_project_is_refused(tmp_path):
    proj = tmp_path / "p"
    shutil.copytree(DEMO, proj)
    assert main(["report", str(proj), "-o", str(proj / "r.docx")]) == 2
    assert not (proj / "r.docx").exists()


@pytest.mark.render
def test_libreoffice_pdf_has_chapters(report, tmp_path):
    if not shutil.which("soffice") or not shutil.which("pdftotext"):
        pytest.skip("未安装 LibreOffice（soffice）或 pdftotext，跳过渲染检查")
    from cpframework.report.render import render_pdf

    pdf = render_pdf(report, tmp_path)
    assert pdf is not None and pdf.is_file()
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    for title in CHAPTERS:
        assert title in text
    assert "表 4-3" in text or "表 4-" in text
