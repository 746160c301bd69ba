"""Typesetting read back from each demo's generated report, against its standard (the seed's own words).

* park (T/CPPC 园区指南 附件2 表C.1): 表中文字小四宋体，图题、表题四号宋体，正文四号宋体；
* Yunnan (编制说明 has no typesetting; the plugin follows 表C.1): the same;
* enterprise (DB4101/T 61 附录C C.2.3): 表题宋体四号或小四、加粗；表格内文字宋体小四或五号；正文宋体四号或小四；
* industry (附录C sets no fonts; the plugin keeps the built-in default): 表格五号宋体，表题小四宋体加粗。

Page: A4, the profile's margins, on every portrait section (a landscape section is the same sheet turned).
"""
from __future__ import annotations

import docx
import pytest
from conftest import DEMO_REPORTS
from docx.oxml.ns import qn
from docx_resolver import effective

SPEC = {
    "park_demo": {"table": {12.0}, "caption": {14.0}, "body": {14.0}, "caption_bold": None},
    "yunnan_demo": {"table": {12.0}, "caption": {14.0}, "body": {14.0}, "caption_bold": None},
    "enterprise_demo": {"table": {12.0, 10.5}, "caption": {14.0, 12.0}, "body": {14.0, 12.0}, "caption_bold": True},
    "industry_demo": {"table": {10.5}, "caption": {12.0}, "body": {12.0}, "caption_bold": True},
}
MARGINS_CM = {"park_demo": 3.17, "yunnan_demo": 3.17, "enterprise_demo": None, "industry_demo": 3.17}


from cpframework.report.docstyles import style_id  # noqa: E402


@pytest.mark.parametrize("demo, kind", DEMO_REPORTS, ids=[f"{d}-{k}" for d, k in DEMO_REPORTS])
def test_table_text_captions_and_body_as_the_standard_says(demo_report, demo, kind):
    document = docx.Document(str(demo_report(demo, kind)))
    styles = document.styles.element
    spec = SPEC[demo]
    body = document.element.body
    caption_id, table_id = style_id("caption"), style_id("table")
    captions = [p for p in body.iter(qn("w:p")) if effective(styles, p)["pstyle"] == caption_id
                and "".join(t.text or "" for t in p.iter(qn("w:t"))).startswith(("表", "图"))]
    cells = [p for tbl in body.iter(qn("w:tbl")) for p in tbl.iter(qn("w:p"))
             if effective(styles, p)["pstyle"] == table_id]
    assert captions and cells
    for p in captions:
        e = effective(styles, p)
        assert e["eastAsia"] == "宋体" and e["size_pt"] in spec["caption"], e
        if spec["caption_bold"] is not None:
            assert bool(e.get("b")) is spec["caption_bold"], e
    for p in cells:
        for r in p.iter(qn("w:r")):
            e = effective(styles, p, r)
            assert e["eastAsia"] == "宋体" and e["ascii"] == "Times New Roman" and e["size_pt"] in spec["table"], e
    body_p = [p for p in body.iter(qn("w:p")) if effective(styles, p)["pstyle"] == style_id("body")]
    assert body_p and all(effective(styles, p)["size_pt"] in spec["body"] for p in body_p)


@pytest.mark.parametrize("demo, kind", DEMO_REPORTS, ids=[f"{d}-{k}" for d, k in DEMO_REPORTS])
def test_page_is_a4_with_the_profile_margins(demo_report, demo, kind):
    document = docx.Document(str(demo_report(demo, kind)))
    for section in document.sections:
        short, long_ = sorted((section.page_width.cm, section.page_height.cm))
        assert (round(short, 1), round(long_, 1)) == (21.0, 29.7)
        if MARGINS_CM[demo] is not None and section.page_width < section.page_height:
            assert round(section.left_margin.cm, 2) == round(section.right_margin.cm, 2) == MARGINS_CM[demo]
