"""Every report kind of every demo is a deliverable: fit text, legible tables, traces a reviewer can redo.

The reports are generated once per session (``demo_report`` in conftest).
"""
from __future__ import annotations

import pytest
from conftest import DEMO_REPORTS

from cpframework.testing import deliverable_problems, docx_trace_problems
from cpframework.testing.layout import table_token_problems


def _ids(cases):
    return [f"{d}-{k}" for d, k in cases]


def _cases(marks):
    return [pytest.param(d, k, marks=marks.get((d, k), ()), id=f"{d}-{k}") for d, k in DEMO_REPORTS]


@pytest.mark.parametrize("demo, kind", _cases({}))
def test_report_is_a_deliverable(demo_report, demo, kind):
    assert deliverable_problems(demo_report(demo, kind)) == []


@pytest.mark.parametrize("demo, kind", _cases({}))
def test_no_number_or_code_breaks_inside_a_cell(demo_report, demo, kind):
    assert table_token_problems(demo_report(demo, kind)) == []


@pytest.mark.parametrize("demo, kind", _cases({}))
def test_every_trace_redoes(demo_report, demo, kind):
    assert docx_trace_problems(demo_report(demo, kind)) == []


@pytest.mark.parametrize("demo, kind", _cases({}))
def test_table_headers_repeat_and_data_rows_are_not_headers(demo_report, demo, kind):
    import docx
    from docx.oxml.ns import qn

    document = docx.Document(str(demo_report(demo, kind)))
    from cpframework.report.docstyles import style_id

    header_sid = {style_id("table_header")}
    for n, tbl in enumerate(document.element.body.iter(qn("w:tbl")), 1):
        rows = tbl.findall(qn("w:tr"))
        flags = [tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None for tr in rows]
        assert flags[0] or not any(flags), f"表 {n} 的标题行不重复"   # a form without a header has none
        assert flags == sorted(flags, reverse=True), f"表 {n}：标题行须连续位于表首"
        for r, tr in enumerate(rows):
            styles = {p.get(qn("w:val")) for p in tr.iter(qn("w:pStyle"))}
            if not flags[r]:
                assert not styles & header_sid, f"表 {n} 第 {r + 1} 行是数据行，却用了表头样式"


@pytest.mark.parametrize("demo, kind", _cases({}))
def test_body_pages_are_numbered_from_1_in_arabic_across_landscape_pages(demo_report, demo, kind):
    """A landscape table's section break must never take the body's numbering with it (a draft replacing
    the paragraph that carried the break once left the whole body numbered in Roman, on a landscape page)."""
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.oxml.ns import qn

    sections = docx.Document(str(demo_report(demo, kind))).sections
    fmts = [(s._sectPr.find(qn("w:pgNumType")), s) for s in sections]
    body = next(i for i, (pg, _s) in enumerate(fmts) if pg is not None and pg.get(qn("w:fmt")) == "decimal")
    first_pg, first = fmts[body]
    assert first_pg.get(qn("w:start")) == "1" and first.orientation == WD_ORIENT.PORTRAIT
    assert first._sectPr.findall(qn("w:footerReference")), "the body's first section has its own footer"
    for pg, _s in fmts[body + 1:]:
        assert pg is None or (pg.get(qn("w:fmt")) == "decimal" and pg.get(qn("w:start")) is None)


@pytest.mark.parametrize("demo, kind", _cases({}))
def test_no_empty_portrait_page_between_wide_tables(demo_report, demo, kind):
    """Consecutive wide tables share their landscape pages (a blank portrait page once sat between each)."""
    import docx
    from docx.oxml.ns import qn

    body = docx.Document(str(demo_report(demo, kind))).element.body
    sections, text = [], 0
    for el in body.iterchildren():
        text += sum(len((t.text or "").strip()) for t in el.iter(qn("w:t")))
        brk = el.find(f'{qn("w:pPr")}/{qn("w:sectPr")}') if el.tag == qn("w:p") else (el if el.tag == qn("w:sectPr") else None)
        if brk is not None:
            size = brk.find(qn("w:pgSz"))
            sections.append((size is not None and size.get(qn("w:orient")) == "landscape", text))
            text = 0
    for before, middle, after in zip(sections, sections[1:], sections[2:]):
        assert not (before[0] and after[0] and not middle[0] and middle[1] == 0), sections
