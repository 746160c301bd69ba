"""Document sections and their page-number footers (cover and inner covers, TOC, body)."""
from __future__ import annotations

from docx.document import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.oxml.ns import qn
from docx.section import Section

from cpframework.report import ooxml
from cpframework.report.docstyles import setup_page
from cpframework.report.profile import Profile


def end_section(doc: Document) -> Section:
    """Close the current section at the last paragraph; the next content starts a new page."""
    body = doc.element.body
    sentinel = body.find(qn("w:sectPr"))
    # The break goes into a paragraph of its own: a content paragraph carrying it could later be replaced
    # (a placeholder by its draft) and take the section break, its footer and numbering with it.
    last = ooxml.el("w:p")
    sentinel.addprevious(last)
    pPr = last.find(qn("w:pPr"))
    if pPr is None:
        pPr = ooxml.el("w:pPr")
        last.insert(0, pPr)
    pPr.append(sentinel.clone())
    for ref in sentinel.xpath("w:headerReference|w:footerReference"):
        sentinel.remove(ref)
    section = doc.sections[-1]
    section.start_type = WD_SECTION.NEW_PAGE
    return section


def page_footer(section: Section, profile: Profile, footer_sid: str, template: str | None, fmt: str | None) -> None:
    """The section's footer: ``template`` with ``{PAGE}`` as the page field in format ``fmt``, from 1."""
    section.footer.is_linked_to_previous = False
    p = section.footer.paragraphs[0]._p
    for child in list(p):
        p.remove(child)
    pPr = ooxml.el("w:pPr")
    pPr.append(ooxml.el("w:pStyle", val=footer_sid))
    p.append(pPr)
    if template:
        before, _, after = template.partition("{PAGE}")
        if before:
            p.append(ooxml.run(before))
        switch = {"upperRoman": " \\* ROMAN", "lowerRoman": " \\* roman"}.get(fmt or "", "")
        for r in ooxml.field_runs("PAGE" + switch, "1"):
            p.append(r)
        if after:
            p.append(ooxml.run(after))
    sectPr = section._sectPr
    pg = sectPr.find(qn("w:pgNumType"))
    if pg is None:
        pg = ooxml.el("w:pgNumType")
        sectPr.insert_element_before(pg, "w:cols", "w:formProt", "w:vAlign", "w:noEndnote",
                                     "w:titlePg", "w:textDirection", "w:bidi", "w:rtlGutter",
                                     "w:docGrid", "w:printerSettings", "w:sectPrChange")
    if fmt:
        pg.set(qn("w:fmt"), fmt)
    pg.set(qn("w:start"), "1")
    setup_page(section, profile)


def turn_page(doc: Document, profile: Profile, *, landscape: bool) -> Section:
    """Close the current section and continue on a new page turned to landscape (or back to portrait).

    The new section keeps the footer and the page numbering of the one before (no restart), and its
    margins: the binding side stays the left one."""
    if not landscape and doc.sections[-1].orientation != WD_ORIENT.LANDSCAPE:
        return doc.sections[-1]
    if landscape and _reopen_landscape(doc):  # wide tables in a row share their landscape pages
        section = doc.sections[-1]
        setup_page(section, profile)
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
        return section
    section = end_section(doc)
    pg = section._sectPr.find(qn("w:pgNumType"))
    if pg is not None:
        pg.attrib.pop(qn("w:start"), None)
    setup_page(section, profile)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    else:
        section.orientation = WD_ORIENT.PORTRAIT
    return section


def _reopen_landscape(doc: Document) -> bool:
    """When the portrait section opened after the last wide table is still empty, drop its break so the
    next wide table continues on the landscape pages (no blank portrait page between two wide tables)."""
    sentinel = doc.element.body.find(qn("w:sectPr"))
    prev = sentinel.getprevious()
    if prev is None or prev.tag != qn("w:p") or "".join(t.text or "" for t in prev.iter(qn("w:t"))).strip():
        return False
    brk = prev.find(f'{qn("w:pPr")}/{qn("w:sectPr")}')
    size = brk.find(qn("w:pgSz")) if brk is not None else None
    if size is None or size.get(qn("w:orient")) != "landscape":
        return False
    prev.getparent().remove(prev)
    return True

