"""Table layout: widths from content at the table font, landscape for wide tables, no break inside a token."""
from __future__ import annotations

import docx
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from hypothesis import given, settings
from hypothesis import strategies as st

from cpframework.report.profile import load_profile
from cpframework.report.table_layout import fit_widths, longest_token_em, needed_widths
from cpframework.report.writer import DocxReportWriter
from cpframework.testing.layout import table_token_problems


def _write(tmp_path, *tables):
    with DocxReportWriter(load_profile(None)) as w:
        w.begin_body()
        w.chapter("测试")
        for header, rows in tables:
            w.table(header, rows, caption="测试表")
            w.paragraph("表后正文。")
        return w.save(tmp_path / "t.docx")


def test_the_issue_tokens_are_unbreakable():
    assert longest_token_em("F03、F06") == longest_token_em("F03") >= 1.5   # breaks only at “、”
    assert longest_token_em("2025年") == 2.0 and longest_token_em("0.25") == 2.0


def test_a_narrow_table_stays_portrait_and_a_wide_one_gets_a_landscape_page(tmp_path):
    narrow = (["代码", "权重", "年份"], [["E01", 0.25, 2025], ["F03、F06", 0.5, 2024]])
    wide = ([f"{y}年用量（t）" for y in range(2014, 2026)], [[1234.56 + k for k in range(12)]] * 3)
    path = _write(tmp_path, narrow, wide, narrow)
    assert table_token_problems(path) == []
    document = docx.Document(str(path))
    orient = [s.orientation for s in document.sections]
    assert WD_ORIENT.LANDSCAPE in orient and orient[-1] == WD_ORIENT.PORTRAIT
    body = document.element.body
    tables = list(body.iter(qn("w:tbl")))
    assert len(tables) == 3
    numbers = [s.footer.paragraphs[0].text for s in document.sections]
    starts = [s._sectPr.find(qn("w:pgNumType")) for s in document.sections[1:]]
    assert all(p is None or p.get(qn("w:start")) is None for p in starts), numbers   # page numbers continue


@settings(max_examples=100, deadline=None)
@given(texts=st.lists(st.lists(st.text(alphabet="0123456789.,E年份用量、中文AB", min_size=1, max_size=14), min_size=1,
                               max_size=8), min_size=1, max_size=6).filter(lambda r: len({len(x) for x in r}) == 1),
       total=st.integers(min_value=4000, max_value=14000))
def test_widths_fill_the_page_and_respect_minimums_when_possible(texts, total):
    ncols = len(texts[0])
    cells = [(c, t, 10.5) for row in texts for c, t in enumerate(row)]
    least, wish = needed_widths(cells, ncols)
    widths, fits = fit_widths(least, wish, total)
    assert sum(widths) == total
    assert fits == (sum(least) <= total)
    if fits:
        assert all(w >= m - 1 for w, m in zip(widths, least))


def test_a_table_too_wide_even_for_landscape_is_reported(tmp_path):
    with DocxReportWriter(load_profile(None)) as w:
        w.begin_body()
        w.table([f"{y}年" for y in range(2000, 2026)], [[123456.78] * 26], caption="过宽的表")
        assert any("横向页面也排不下" in m for m in w.warnings)


def test_a_form_without_header_has_no_header_row(tmp_path):
    path = _write(tmp_path, ([], [["企业名称", "示例公司", "所属行业及代码", "C3360"], ["企业性质", "民营", "法人代表", "张三"]]))
    tbl = next(docx.Document(str(path)).element.body.iter(qn("w:tbl")))
    rows = tbl.findall(qn("w:tr"))
    assert len(rows) == 2 and all(tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is None for tr in rows)
    assert "企业名称" in "".join(t.text for t in rows[0].iter(qn("w:t")))


def test_short_columns_get_their_whole_text_before_long_texts_widen():
    cells = [(0, "可行", 12.0), (1, "已实施", 12.0), (2, "督促两家重点企业完成清洁生产审核评估并开展整改" * 2, 12.0)]
    least, wish = needed_widths(cells, 3)
    widths, fits = fit_widths(least, wish, sum(least) + (wish[0] - least[0]) + (wish[1] - least[1]) + 500)
    assert fits and widths[0] >= wish[0] and widths[1] >= wish[1] and widths[2] < wish[2]



def test_a_table_whose_columns_would_be_illegible_in_portrait_is_turned(tmp_path):
    header = ["序号", "方案名称", "实施主体", "方案简介", "投资预算（万元）", "环境效益", "经济效益（万元/年）", "实施时间",
              "筛选结论", "实施情况", "备注"]
    row = [9, "重点企业清洁生产审核补审", "2家重点企业", "督促两家重点企业完成审核评估", 60, "审核实施率100%", 0, 2025, "可行",
           "实施中", "无"]
    path = _write(tmp_path, (header, [row] * 3))
    document = docx.Document(str(path))
    assert WD_ORIENT.LANDSCAPE in [s.orientation for s in document.sections]
    assert table_token_problems(path) == []
