"""Raw WordprocessingML helpers (lxml elements through python-docx's ``OxmlElement``).

Formatting lives in styles; paragraphs and table cells only carry a ``w:pStyle`` id, which is fast
(see the performance notes in the module docs of :mod:`cpframework.report.tables`).
"""
from __future__ import annotations

import functools
import re
from collections import Counter
from typing import Any

from docx.oxml.ns import NamespacePrefixedTag, qn
from docx.oxml.parser import oxml_parser
from docx.oxml.xmlchemy import BaseOxmlElement

from cpframework.report.profile import TextStyle
from cpframework.report.units import twips

THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")
_RPR_ORDER = ["rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike",
              "outline", "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden",
              "color", "spacing", "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect",
              "bdr", "shd", "fitText", "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout"]
_PPR_ORDER = ["pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
              "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
              "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
              "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap",
              "jc", "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId",
              "cnfStyle", "rPr", "sectPr", "pPrChange"]


# Characters XML 1.0 (and so Word) cannot hold.  A vertical tab or form feed is a line/page break in the
# source (Word itself exports Shift+Enter as U+000B): it becomes a line break; the rest are dropped.
_UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_AS_BREAK = {"\x0b": "\n", "\x0c": "\n"}
REMOVED: Counter[str] = Counter()
"""Characters :func:`clean` changed since the last :func:`take_removed` (``"U+000B"`` → count)."""


def clean(text: str) -> str:
    """``text`` as Word can hold it (see ``_UNWRITABLE``); what was changed is counted in :data:`REMOVED`."""
    text = str(text)
    if not _UNWRITABLE.search(text):
        return text

    def fix(m: re.Match) -> str:
        REMOVED[f"U+{ord(m.group()):04X}"] += 1
        return _AS_BREAK.get(m.group(), "")

    return _UNWRITABLE.sub(fix, text)


def take_removed() -> dict[str, int]:
    """What :func:`clean` changed since the last call (and forget it)."""
    out = dict(REMOVED)
    REMOVED.clear()
    return out


@functools.cache
def _tag(tag: str) -> tuple[str, dict[str, str]]:
    """``"w:jc"`` → its Clark name and namespace map, as python-docx's ``OxmlElement`` computes them each time
    (about a third of building a report's 40 000 elements)."""
    nsptag = NamespacePrefixedTag(tag)
    return nsptag.clark_name, nsptag.nsmap


def el(tag: str, text: str | None = None, **attrs: object) -> BaseOxmlElement:
    """``el("w:jc", val="center")`` → ``<w:jc w:val="center"/>``.  Text and attribute values pass through
    :func:`clean`: a control character pasted into a narrative or the project name cannot break the report."""
    clark, nsmap = _tag(tag)
    e: BaseOxmlElement = oxml_parser.makeelement(clark, nsmap=nsmap)  # OxmlElement without re-parsing the tag
    for k, v in attrs.items():
        e.set(qn(k if ":" in k else "w:" + k), clean(str(v)))
    if text is not None:
        e.text = clean(text)
    return e


def sort_children(parent: BaseOxmlElement, order: list[str]) -> None:
    rank = {qn("w:" + n): i for i, n in enumerate(order)}
    for child in sorted(parent, key=lambda c: rank.get(c.tag, 999)):
        parent.append(child)


def set_rfonts(rPr: BaseOxmlElement, latin: str | None, east_asia: str | None) -> None:
    """Write w:eastAsia and w:ascii/hAnsi/cs explicitly and drop theme attributes (they win otherwise)."""
    rf = rPr.find(qn("w:rFonts"))
    if rf is None:
        rf = el("w:rFonts")
        rPr.insert(0, rf)
    for a in THEME_ATTRS:
        rf.attrib.pop(qn(a), None)
    if latin:
        for a in ("w:ascii", "w:hAnsi", "w:cs"):
            rf.set(qn(a), latin)
    if east_asia:
        rf.set(qn("w:eastAsia"), east_asia)
    sort_children(rPr, _RPR_ORDER)


def strip_theme_fonts(root: BaseOxmlElement) -> int:
    """Remove theme font attributes from every ``w:rFonts`` below ``root``; returns how many."""
    n = 0
    for rf in root.iter(qn("w:rFonts")):
        for a in THEME_ATTRS:
            if rf.attrib.pop(qn(a), None) is not None:
                n += 1
    return n


def style_rpr(s: TextStyle) -> BaseOxmlElement:
    rPr = el("w:rPr")
    rPr.append(el("w:rFonts", ascii=s.latin, hAnsi=s.latin, cs=s.latin, eastAsia=s.font))
    for tag, on in (("b", s.bold), ("bCs", s.bold), ("i", s.italic), ("iCs", s.italic)):
        rPr.append(el("w:" + tag, val="1" if on else "0"))
    rPr.append(el("w:color", val="000000"))
    half = str(int(round(s.size_pt * 2)))
    rPr.append(el("w:sz", val=half))
    rPr.append(el("w:szCs", val=half))
    return rPr


def style_ppr(s: TextStyle) -> BaseOxmlElement:
    """Paragraph properties; every character/line unit is written in both forms (Word + LibreOffice)."""
    pPr = el("w:pPr")
    if s.keep_next:
        pPr.append(el("w:keepNext"))
    line_pt = s.size_pt * 1.3  # approximate height of one line, for the twips fallback of "行"
    if s.line_rule == "auto":
        line = int(round(240 * s.line_spacing))
    else:
        line = twips(s.line_spacing)
    pPr.append(el("w:spacing", before=twips(s.before_lines * line_pt), beforeLines=int(s.before_lines * 100),
                  after=twips(s.after_lines * line_pt), afterLines=int(s.after_lines * 100),
                  line=line, lineRule=s.line_rule))
    ind: dict[str, Any] = {"firstLine": twips(s.first_line_chars * s.size_pt),
                           "firstLineChars": int(s.first_line_chars * 100),
           "left": twips(s.left_chars * s.size_pt), "leftChars": int(s.left_chars * 100)}
    pPr.append(el("w:ind", **ind))
    pPr.append(el("w:jc", val=s.align))
    if s.outline_level is not None:
        pPr.append(el("w:outlineLvl", val=s.outline_level))
    return pPr


def paragraph(style_id: str, text: str = "", bold: bool | None = None, shade: str | None = None) -> BaseOxmlElement:
    """A new ``w:p`` with one run (not yet attached)."""
    p = el("w:p")
    pPr = el("w:pPr")
    pPr.append(el("w:pStyle", val=style_id))
    p.append(pPr)
    if text:
        p.append(run(text, bold=bold, shade=shade))
    return p


def run(text: str, bold: bool | None = None, italic: bool | None = None, shade: str | None = None,
        font: tuple[str, str] | None = None) -> BaseOxmlElement:
    r = el("w:r")
    if bold is not None or italic is not None or shade or font:
        rPr = el("w:rPr")
        if font:
            rPr.append(el("w:rFonts", ascii=font[0], hAnsi=font[0], cs=font[0], eastAsia=font[1]))
        if bold is not None:
            rPr.append(el("w:b", val="1" if bold else "0"))
        if italic is not None:
            rPr.append(el("w:i", val="1" if italic else "0"))
        if shade:
            rPr.append(el("w:highlight", val="yellow"))
            rPr.append(el("w:shd", val="clear", color="auto", fill=shade))
        r.append(rPr)
    lines = clean(str(text)).split("\n")
    for i, line in enumerate(lines):
        if i:
            r.append(el("w:br"))
        t = el("w:t", line)
        t.set(qn("xml:space"), "preserve")
        r.append(t)
    return r


def shade_paragraph(p: BaseOxmlElement, fill: str = "FFFF00") -> None:
    pPr = p.find(qn("w:pPr"))
    pPr.append(el("w:shd", val="clear", color="auto", fill=fill))
    sort_children(pPr, _PPR_ORDER)


def field_runs(instr: str, cached: str = "") -> list[BaseOxmlElement]:
    """The runs of a complex field: begin, instruction, separate, cached result, end."""
    r1 = el("w:r")
    r1.append(el("w:fldChar", fldCharType="begin"))
    r2 = el("w:r")
    it = el("w:instrText", f" {instr} ")
    it.set(qn("xml:space"), "preserve")
    r2.append(it)
    r3 = el("w:r")
    r3.append(el("w:fldChar", fldCharType="separate"))
    r4 = run(cached) if cached else el("w:r")
    r5 = el("w:r")
    r5.append(el("w:fldChar", fldCharType="end"))
    return [r1, r2, r3, r4, r5]


def page_break_before(p: BaseOxmlElement) -> None:
    """The paragraph starts a new page (unlike a break in a paragraph of its own, it never leaves an empty page
    when the text before it ends exactly at a page's foot)."""
    pPr = p.find(qn("w:pPr"))
    if pPr is None:
        pPr = el("w:pPr")
        p.insert(0, pPr)
    pPr.append(el("w:pageBreakBefore"))
    sort_children(pPr, _PPR_ORDER)


def ends_section(p: BaseOxmlElement | None) -> bool:
    """Whether ``p`` is a paragraph carrying a section break (what follows it starts a new page)."""
    return p is not None and p.tag == qn("w:p") and p.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None


def page_break() -> BaseOxmlElement:
    p = el("w:p")
    r = el("w:r")
    r.append(el("w:br", type="page"))
    p.append(r)
    return p
