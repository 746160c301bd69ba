"""Table rows are written as XML text and parsed once per table (performance, issue #22).  The oracle is
the element-by-element construction with ``ooxml.el``/``ooxml.run`` the rows were built with before: the
same XML, the same characters removed and counted, for any cell text."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from cpframework.report import ooxml
from cpframework.report.ooxml import el, run
from cpframework.report.tables import build_table_fitted


def _tc_by_elements(text: str, width: int, sid: str, span: int = 1, vmerge: str | None = None):
    tc = el("w:tc")
    tcPr = el("w:tcPr")
    tcPr.append(el("w:tcW", w=width, type="dxa"))
    if span > 1:
        tcPr.append(el("w:gridSpan", val=span))
    if vmerge:
        tcPr.append(el("w:vMerge", val=vmerge) if vmerge == "restart" else el("w:vMerge"))
    tcPr.append(el("w:vAlign", val="center"))
    tc.append(tcPr)
    p = el("w:p")
    pPr = el("w:pPr")
    pPr.append(el("w:pStyle", val=sid))
    p.append(pPr)
    if text:
        p.append(run(text))
    tc.append(p)
    return tc


def _rows_by_elements(header: list[str], rows: list[list[str]], widths: list[int]) -> list[bytes]:
    out = []
    for cells, sid, is_header in [(header, "TH", True)] + [(r, "TB", False) for r in rows]:
        tr = el("w:tr")
        trPr = el("w:trPr")
        trPr.append(el("w:cantSplit"))
        if is_header:
            trPr.append(el("w:tblHeader"))
        tr.append(trPr)
        for text, w in zip(cells, widths):
            tr.append(_tc_by_elements(text, w, sid))
        out.append(etree.tostring(tr))
    return out


text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=12).filter(str.strip)


@settings(max_examples=80, deadline=None)
@given(header=st.lists(text, min_size=1, max_size=4).map(lambda h: [f"列{i}{t}" for i, t in enumerate(h)]),
       data=st.data())
def test_rows_as_text_equal_rows_built_element_by_element(header, data):
    rows = data.draw(st.lists(st.lists(text, min_size=len(header), max_size=len(header)), min_size=1, max_size=4))
    ooxml.take_removed()
    tbl, _wide, _fits = build_table_fitted(header, rows, text_width_twips=9000, body_sid="TB", header_sid="TH")
    removed = ooxml.take_removed()
    widths = [int(g.get(ooxml.qn("w:w"))) for g in tbl.find(ooxml.qn("w:tblGrid"))]
    expected = _rows_by_elements(header, rows, widths)
    counted = ooxml.take_removed()
    assert [etree.tostring(tr) for tr in tbl.findall(ooxml.qn("w:tr"))] == expected
    assert removed == counted
