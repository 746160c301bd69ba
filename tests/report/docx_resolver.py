"""Effective formatting of a paragraph/run: docDefaults → basedOn chain → direct pPr/rPr."""
from docx.oxml.ns import qn

_SLOTS = {"ascii": "asciiTheme", "hAnsi": "hAnsiTheme", "eastAsia": "eastAsiaTheme", "cs": "cstheme"}


def _rpr(rPr, out):
    if rPr is None:
        return
    f = rPr.find(qn("w:rFonts"))
    if f is not None:
        for slot, th in _SLOTS.items():
            if f.get(qn("w:" + th)) is not None:
                out[slot] = "theme:" + f.get(qn("w:" + th))
            elif f.get(qn("w:" + slot)) is not None:
                out[slot] = f.get(qn("w:" + slot))
    sz = rPr.find(qn("w:sz"))
    if sz is not None:
        out["size_pt"] = int(sz.get(qn("w:val"))) / 2
    for tag in ("b", "i"):
        e = rPr.find(qn("w:" + tag))
        if e is not None:
            out[tag] = e.get(qn("w:val"), "true") not in ("0", "false", "off")


def _ppr(pPr, out):
    if pPr is None:
        return
    ind = pPr.find(qn("w:ind"))
    if ind is not None:
        for a in ("firstLineChars", "firstLine", "leftChars", "left"):
            if ind.get(qn("w:" + a)) is not None:
                out["ind." + a] = int(ind.get(qn("w:" + a)))
    sp = pPr.find(qn("w:spacing"))
    if sp is not None:
        for a in ("line", "lineRule", "before", "after", "beforeLines", "afterLines"):
            if sp.get(qn("w:" + a)) is not None:
                out["spacing." + a] = sp.get(qn("w:" + a))
    jc = pPr.find(qn("w:jc"))
    if jc is not None:
        out["jc"] = jc.get(qn("w:val"))
    ol = pPr.find(qn("w:outlineLvl"))
    if ol is not None:
        out["outlineLvl"] = int(ol.get(qn("w:val")))
    if pPr.find(qn("w:shd")) is not None:
        out["shd"] = pPr.find(qn("w:shd")).get(qn("w:fill"))


def _chain(styles, sid):
    out, seen = [], set()
    while sid and sid not in seen:
        seen.add(sid)
        st = styles.find(f'{qn("w:style")}[@{qn("w:styleId")}="{sid}"]')
        if st is None:
            break
        out.append(st)
        b = st.find(qn("w:basedOn"))
        sid = b.get(qn("w:val")) if b is not None else None
    return out[::-1]


def pstyle(p_el) -> str:
    ps = p_el.find(f'{qn("w:pPr")}/{qn("w:pStyle")}')
    return ps.get(qn("w:val")) if ps is not None else "Normal"


def effective(styles, p_el, r_el=None) -> dict:
    """``styles``: the styles element; ``p_el``/``r_el``: lxml ``w:p``/``w:r``."""
    out: dict = {}
    dd = styles.find(qn("w:docDefaults"))
    _rpr(dd.find(f'{qn("w:rPrDefault")}/{qn("w:rPr")}'), out)
    _ppr(dd.find(f'{qn("w:pPrDefault")}/{qn("w:pPr")}'), out)
    sid = pstyle(p_el)
    out["pstyle"] = sid
    for st in _chain(styles, sid):
        _ppr(st.find(qn("w:pPr")), out)
        _rpr(st.find(qn("w:rPr")), out)
    _ppr(p_el.find(qn("w:pPr")), out)
    if r_el is not None:
        _rpr(r_el.find(qn("w:rPr")), out)
    return out
