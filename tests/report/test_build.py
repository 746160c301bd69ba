"""Build a small report from the test outline + 表C.1 profile and read the .docx back."""
from __future__ import annotations

import re
import zipfile

import docx
import pytest
from docx.oxml.ns import qn

from report_helpers import RENDERERS, make_ctx, snapshot
from docx_resolver import effective, pstyle

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _text(p) -> str:
    return "".join(t.text or "" for t in p.iter(qn("w:t")))


@pytest.fixture()
def doc(built):
    return docx.Document(str(built.info.path))


def _paras(doc, sid):
    return [p for p in doc.element.body.iter(qn("w:p")) if pstyle(p) == sid]


def test_headings_follow_outline_and_flags(doc, built):
    assert [_text(p) for p in _paras(doc, "Heading1")] == ["前言", "第一章  项目概况", "第二章  筹划和组织"]
    assert [_text(p) for p in _paras(doc, "Heading2")] == ["1.1 项目背景"]
    assert [_text(p) for p in _paras(doc, "Heading3")] == ["1.1.1 历史沿革"]
    assert [_text(p) for p in _paras(doc, "cpAppendixLabel")] == ["附件一"]
    assert built.info.chapters == 3


def test_fonts_and_sizes_per_table_c1(doc):
    styles = doc.styles.element
    expect = {"Heading1": ("黑体", 22, True, "center"), "Heading2": ("黑体", 16, False, "left"),
              "Heading3": ("宋体", 14, False, "left"), "cpBody": ("宋体", 14, False, "both"),
              "cpCoverTitle": ("方正小标宋简体", 36, True, "center"),
              "cpCoverSubtitle": ("方正小标宋简体", 24, True, "center"),
              "cpCoverOrg": ("方正小标宋简体", 20, True, "center")}
    for sid, (ea, size, bold, jc) in expect.items():
        paras = _paras(doc, sid)
        assert paras, sid
        for p in paras:
            for r in p.iter(qn("w:r")):
                if r.find(f"{qn('w:rPr')}/{qn('w:b')}") is not None:
                    continue                                  # **bold** from Markdown
                e = effective(styles, p, r)
                assert (e["eastAsia"], e["ascii"], e["hAnsi"], e["size_pt"], e.get("b", False), e["jc"]) == \
                       (ea, "Times New Roman", "Times New Roman", size, bold, jc), (sid, e)
    body = effective(styles, _paras(doc, "cpBody")[0])
    assert (body["ind.firstLineChars"], body["ind.firstLine"]) == (200, 560)        # 2 × 14 pt
    assert (body["spacing.line"], body["spacing.lineRule"]) == ("360", "auto")
    h1 = effective(styles, _paras(doc, "Heading1")[0])
    assert (h1["outlineLvl"], h1["spacing.beforeLines"], h1["spacing.afterLines"]) == (0, "100", "100")


def test_no_theme_fonts_anywhere_and_zh_cn(built):
    with zipfile.ZipFile(built.info.path) as z:
        for name in z.namelist():
            if name.endswith(".xml"):
                xml = z.read(name).decode("utf-8")
                assert not re.search(r"w:(ascii|hAnsi|eastAsia|cs)Theme=", xml, re.I), name
        settings = z.read("word/settings.xml").decode()
    assert 'w:themeFontLang' in settings and 'w:eastAsia="zh-CN"' in settings


def test_a4_and_page_numbers(doc):
    secs = doc.sections
    assert len(secs) == 3
    for s in secs:
        assert (round(s.page_width.cm, 1), round(s.page_height.cm, 1)) == (21.0, 29.7)
    assert secs[0]._sectPr.find(qn("w:footerReference")) is None           # cover: no number
    body = secs[2]._sectPr.find(qn("w:pgNumType"))
    assert (body.get(qn("w:fmt")), body.get(qn("w:start"))) == ("decimal", "1")
    instr = "".join(t.text for t in secs[2].footer._element.iter(qn("w:instrText")))
    assert "PAGE" in instr


def test_toc_field_and_update_fields(doc):
    instr = [t.text for t in doc.element.body.iter(qn("w:instrText"))]
    assert any('TOC \\o "1-3" \\h \\z \\u' in i for i in instr)
    settings = doc.settings.element
    uf = settings.find(qn("w:updateFields"))
    assert uf is not None and uf.get(qn("w:val")) == "true"
    assert uf.getnext().tag == qn("w:compat")


def test_tables_captions_headers_and_empty_cells(doc, built):
    body = doc.element.body
    tbls = list(body.iter(qn("w:tbl")))
    numbered = []
    for t in tbls:
        prev = t.getprevious()
        if pstyle(prev) == "Caption":
            numbered.append(_text(prev))
            rows = t.findall(qn("w:tr"))
            assert rows[0].find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
            assert all(r.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None for r in rows)
            for tc in rows[-1].findall(qn("w:tc")):
                assert _text(tc).strip() != "", "empty body cell left blank"
    assert numbered == ["表 1-1 园区基本情况", "表 1-2 背景数据", "表 2-1 审核小组构成"]
    assert built.info.tables == 3
    overview = tbls[1]
    hdr = [_text(tc) for tc in overview.find(qn("w:tr")).findall(qn("w:tc"))]
    assert hdr == ["指标", "2022年（亿元）", "2023年（亿元）"]
    cells = [_text(tc) for tc in overview.findall(qn("w:tr"))[1].findall(qn("w:tc"))]
    assert cells == ["工业产值", "120.50", "—"]  # 亿元: money, two decimals by the profile's number policy
    # inner-cover signature table: unnumbered, blank cells stay blank for signing
    sig = tbls[0]
    assert pstyle(sig.getprevious()) != "Caption"
    assert [_text(tc) for tc in sig.findall(qn("w:tr"))[1].findall(qn("w:tc"))][1:] == ["", "", "", ""]


def test_two_level_header_merges(doc):
    team = list(doc.element.body.iter(qn("w:tbl")))[-1]
    r1, r2 = team.findall(qn("w:tr"))[:2]
    assert r1.find(f".//{qn('w:gridSpan')}").get(qn("w:val")) == "2"
    assert [tc.find(f"{qn('w:tcPr')}/{qn('w:vMerge')}") is not None for tc in r1.findall(qn("w:tc"))] == [True, True, False]
    assert all(r.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None for r in (r1, r2))


def test_placeholders_highlighted_and_narrative_rendered(doc, built):
    ph = _paras(doc, "cpPlaceholder")
    texts = [_text(p) for p in ph]
    assert any("必要性和重要性" in t and "附件2 2.1" in t for t in texts)       # preface: no file
    # organise: empty file, but its renderer shows a table: a marked draft from that table instead
    assert any(t.startswith("【草稿，请审阅】") and "领导小组" in t for t in texts)
    assert any("项目文件夹之外" in t for t in texts)                            # ../../etc/passwd refused
    for p in ph:
        assert effective(doc.styles.element, p)["shd"] == ("E2EFDA" if _text(p).startswith("【草稿") else "FFFF00")
    assert built.info.placeholders == 1
    assert any("依据" in _text(p) for p in _paras(doc, "cpBody"))
    bold = [r for p in _paras(doc, "cpBody") for r in p.iter(qn("w:r"))
            if r.find(f"{qn('w:rPr')}/{qn('w:b')}") is not None]
    assert [_text(r) for r in bold] == ["依据"]
    assert built.info.figures == 1 and doc.inline_shapes


def test_project_folder_untouched(built):
    assert snapshot(built.project) == built.before
    assert sorted(p.name for p in built.out_dir.iterdir()) == ["report.docx"]


def test_refuses_overwrite_without_force(built, profile, kind):
    from cpframework.report.build import build_report
    from cpframework.errors import OutputError
    out = built.info.path
    with pytest.raises(OutputError, match="已存在"):
        build_report(kind, profile, make_ctx(built.project), RENDERERS, out, force=False)
    info = build_report(kind, profile, make_ctx(built.project), RENDERERS, out, force=True)
    assert info.path == out and out.stat().st_size > 0


def test_renderer_error_named_and_no_temp_left(tmp_path, project, profile, kind):
    from cpframework.report.build import build_report
    from cpframework.errors import ReportError

    def boom(ctx, w):
        raise ZeroDivisionError("division by zero")
    out = tmp_path / "o"
    out.mkdir()
    with pytest.raises(ReportError) as ei:
        build_report(kind, profile, make_ctx(project), {**RENDERERS, "team_table": boom}, out / "r.docx")
    assert "organise" in str(ei.value) and "team_table" in str(ei.value)
    assert list(out.iterdir()) == []


def test_save_failure_leaves_no_temp(tmp_path, profile):
    from cpframework.report.writer import DocxReportWriter
    with DocxReportWriter(profile) as w:
        w.paragraph("x")

        def broken(path):
            open(path, "wb").write(b"partial")
            raise OSError("磁盘已满")
        from cpframework.report.outputs import atomic_save
        with pytest.raises(OSError):
            atomic_save(broken, tmp_path / "r.docx", False)
    assert list(tmp_path.iterdir()) == []


def test_when_flag_includes_node(tmp_path, project, profile, kind):
    from cpframework.report.build import build_report
    info = build_report(kind, profile, make_ctx(project, {"has_previous_round": True}), RENDERERS,
                        tmp_path / "r.docx")
    d = docx.Document(str(info.path))
    assert "第二章  审核回顾" in [_text(p) for p in _paras(d, "Heading1")]
