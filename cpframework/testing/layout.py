"""Are a report's tables legible?  No number, code or word may be broken inside a cell.

:func:`table_token_problems` reads each table of a ``.docx`` back: the width of every cell (its grid
columns), the font size of its paragraphs (paragraph style, then direct run size), and the widest piece of
its text that may not be broken — a run of characters that are neither spaces nor Chinese (“0.25”, “E01”,
“2025”, “F03” of “F03、F06”).  Widths are estimated independently of the layout code: Chinese 1 em, every
other character ½ em, the table's cell margins (Word's default 0.19 cm a side).
"""
from __future__ import annotations

import re
from pathlib import Path

CELL_MARGINS_TWIPS = 2 * 108
_UNBREAKABLE = re.compile(r"[^\s\u2e80-\u9fff\u3000-\u303f\uff00-\uffef]+")


def token_em(token: str) -> float:
    return len(token) * 0.5


def _style_sizes(document) -> dict[str, float]:
    from docx.oxml.ns import qn

    sizes: dict[str, float] = {}
    styles = {s.get(qn("w:styleId")): s for s in document.styles.element.findall(qn("w:style"))}
    for sid in styles:
        cur, seen = styles[sid], set()
        while cur is not None and cur.get(qn("w:styleId")) not in seen:
            seen.add(cur.get(qn("w:styleId")))
            sz = cur.find(f"{qn('w:rPr')}/{qn('w:sz')}")
            if sz is not None:
                sizes[sid] = int(sz.get(qn("w:val"))) / 2
                break
            based = cur.find(qn("w:basedOn"))
            cur = styles.get(based.get(qn("w:val"))) if based is not None else None
    return sizes


def table_token_problems(path: str | Path) -> list[str]:
    """``"表 3 第 2 行第 4 列：“202/5”…"`` for every cell whose longest unbreakable token is wider than the cell."""
    import docx
    from docx.oxml.ns import qn

    document = docx.Document(str(path))
    sizes = _style_sizes(document)
    default = sizes.get("Normal", 10.5)
    out: list[str] = []
    for t_no, tbl in enumerate(document.element.body.iter(qn("w:tbl")), 1):
        grid = [int(g.get(qn("w:w"))) for g in tbl.findall(f"{qn('w:tblGrid')}/{qn('w:gridCol')}")]
        margins = CELL_MARGINS_TWIPS
        cell_mar = tbl.find(f"{qn('w:tblPr')}/{qn('w:tblCellMar')}")
        if cell_mar is not None:
            sides = [cell_mar.find(qn(f"w:{side}")) for side in ("left", "right")]
            margins = sum(int(x.get(qn("w:w"))) if x is not None else 108 for x in sides)
        for r_no, tr in enumerate(tbl.findall(qn("w:tr")), 1):
            col = 0
            for c_no, tc in enumerate(tr.findall(qn("w:tc")), 1):
                span_el = tc.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}")
                span = int(span_el.get(qn("w:val"))) if span_el is not None else 1
                width = sum(grid[col:col + span])
                col += span
                for p in tc.findall(qn("w:p")):
                    text = "".join(x.text or "" for x in p.iter(qn("w:t")))
                    tokens = _UNBREAKABLE.findall(text)
                    if not tokens:
                        continue
                    ps = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
                    size = sizes.get(ps.get(qn("w:val")), default) if ps is not None else default
                    run_sz = p.find(f".//{qn('w:rPr')}/{qn('w:sz')}")
                    if run_sz is not None:
                        size = int(run_sz.get(qn("w:val"))) / 2
                    token = max(tokens, key=token_em)
                    need = token_em(token) * size * 20 + margins
                    if need > width:
                        out.append(f"表 {t_no} 第 {r_no} 行第 {c_no} 列：“{token}”需 {need / 567:.2f} cm，"
                                   f"列宽 {width / 567:.2f} cm")
    return out
