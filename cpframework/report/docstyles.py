"""Turn python-docx's default template into a Chinese report template driven by a :class:`Profile`.

The bundled template uses theme fonts (which override explicit ones), ja-JP East Asian fallback,
US Letter and blue Calibri headings; all of that is replaced here, in code, so every rule is testable.
"""
from __future__ import annotations

import attrs
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Cm

from cpframework.report.ooxml import el, sort_children, strip_theme_fonts, style_ppr, style_rpr
from cpframework.report.profile import Profile

#: profile key → (Word style name, style id) for styles Word knows by name.
BUILTIN = {"heading1": ("heading 1", "Heading1"), "heading2": ("heading 2", "Heading2"),
           "heading3": ("heading 3", "Heading3"), "heading4": ("heading 4", "Heading4"),
           "caption": ("caption", "Caption"), "toc1": ("toc 1", "TOC1"), "toc2": ("toc 2", "TOC2"),
           "toc3": ("toc 3", "TOC3"), "toc4": ("toc 4", "TOC4")}
_SETTINGS_ORDER_AFTER = ("w:compat", "w:docVars", "w:rsids", "m:mathPr", "w:attachedSchema",
                         "w:themeFontLang", "w:clrSchemeMapping")


def style_id(key: str) -> str:
    if key in BUILTIN:
        return BUILTIN[key][1]
    return "cp" + "".join(part.capitalize() for part in key.split("_"))


def _find_style(styles_el, sid: str):
    return styles_el.find(f'{qn("w:style")}[@{qn("w:styleId")}="{sid}"]')


def _write_style(styles_el, sid: str, name: str, ppr, rpr):
    st = _find_style(styles_el, sid)
    if st is None:
        st = el("w:style", type="paragraph", styleId=sid)
        st.append(el("w:name", val=name))
        st.append(el("w:basedOn", val="Normal"))
        st.append(el("w:qFormat"))
        styles_el.append(st)
    for tag in ("w:pPr", "w:rPr"):
        old = st.find(qn(tag))
        if old is not None:
            st.remove(old)
    for tag in ("w:hidden", "w:semiHidden", "w:unhideWhenUsed"):  # make TOC/caption styles visible
        for old in st.findall(qn(tag)):
            st.remove(old)
    st.append(ppr)
    st.append(rpr)
    return st


def _fix_defaults(doc, profile: Profile) -> None:
    styles_el = doc.styles.element
    body = profile.style("body")
    dd = styles_el.find(qn("w:docDefaults"))
    rpr = dd.find(f'{qn("w:rPrDefault")}/{qn("w:rPr")}')
    rf = rpr.find(qn("w:rFonts"))
    if rf is not None:
        rpr.remove(rf)
    rpr.insert(0, el("w:rFonts", ascii=body.latin, hAnsi=body.latin, cs=body.latin, eastAsia=body.font))
    half = str(int(round(body.size_pt * 2)))
    for tag in ("w:sz", "w:szCs"):
        e = rpr.find(qn(tag))
        if e is None:
            e = el(tag)
            rpr.append(e)
        e.set(qn("w:val"), half)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = el("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    sort_children(rpr, ["rFonts", "b", "bCs", "i", "iCs", "color", "sz", "szCs", "lang"])
    ppr = dd.find(f'{qn("w:pPrDefault")}/{qn("w:pPr")}')
    for child in list(ppr):
        ppr.remove(child)
    ppr.append(el("w:spacing", after="0", line="240", lineRule="auto"))
    # Normal: body fonts, no indent, single spacing (table cells, cover and captions inherit it)
    normal = attrs.evolve(body, first_line_chars=0, left_chars=0, line_spacing=1.0, line_rule="auto",
                          before_lines=0, after_lines=0, outline_level=None, keep_next=False)
    _write_style(styles_el, "Normal", "Normal", style_ppr(normal), style_rpr(normal))


def _fix_settings(doc) -> None:
    settings = doc.settings.element
    tfl = settings.find(qn("w:themeFontLang"))
    if tfl is not None:
        tfl.set(qn("w:eastAsia"), "zh-CN")
    uf = settings.find(qn("w:updateFields"))
    if uf is None:
        uf = el("w:updateFields", val="true")
        compat = settings.find(qn("w:compat"))
        if compat is not None:
            compat.addprevious(uf)       # schema position: right before w:compat
        else:
            settings.append(uf)
    for cs in settings.iter(qn("w:compatSetting")):
        if cs.get(qn("w:name")) == "compatibilityMode":
            cs.set(qn("w:val"), "15")    # no "兼容模式" banner in Word 2013+


def setup_page(section, profile: Profile) -> None:
    pg = profile.page
    section.page_width, section.page_height = Cm(pg.width_cm), Cm(pg.height_cm)
    section.top_margin, section.bottom_margin = Cm(pg.margin_top_cm), Cm(pg.margin_bottom_cm)
    section.left_margin, section.right_margin = Cm(pg.margin_left_cm), Cm(pg.margin_right_cm)
    section.header_distance = section.footer_distance = Cm(1.5)


def new_document(profile: Profile):
    """A python-docx ``Document`` with the profile's styles, A4 page, zh-CN and no theme fonts.

    Returns ``(document, ids)`` where ``ids`` maps profile style keys to style ids.
    """
    doc = Document()
    _fix_defaults(doc, profile)
    styles_el = doc.styles.element
    ids: dict[str, str] = {}
    for key, s in profile.styles.items():
        sid = style_id(key)
        if key.startswith("heading") and key[-1].isdigit():
            s = attrs.evolve(s, outline_level=int(key[-1]) - 1)   # the TOC needs outline levels
        name = BUILTIN[key][0] if key in BUILTIN else s.label
        _write_style(styles_el, sid, name, style_ppr(s), style_rpr(s))
        ids[key] = sid
    # the linked character styles of headings etc. still carry theme fonts and blue colours
    strip_theme_fonts(styles_el)
    for color in styles_el.iter(qn("w:color")):
        if color.get(qn("w:themeColor")) is not None:
            color.attrib.pop(qn("w:themeColor"), None)
            color.attrib.pop(qn("w:themeShade"), None)
            color.set(qn("w:val"), "000000")
    for part in (doc.part.numbering_part if _has_numbering(doc) else None,):
        if part is not None:
            strip_theme_fonts(part.element)
    _drop_styles_with_effects(doc)
    _fix_settings(doc)
    setup_page(doc.sections[0], profile)
    ids["normal"] = "Normal"
    return doc, ids


def _has_numbering(doc) -> bool:
    try:
        _ = doc.part.numbering_part
        return True
    except Exception:  # noqa: BLE001 - python-docx raises NotImplementedError when absent
        return False


def _drop_styles_with_effects(doc) -> None:
    """Word 2010's stylesWithEffects.xml duplicates styles.xml with theme fonts; Word rebuilds it."""
    rels = doc.part.rels
    for rid in [rid for rid, rel in rels.items() if rel.reltype.endswith("/stylesWithEffects")]:
        del rels[rid]
