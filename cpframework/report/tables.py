"""Tables as raw ``w:tbl`` XML: header rows repeat on every page, rows never split, merged headers.

Built row by row with lxml (never ``Table.cell(i, j)``, which rebuilds the grid on every call), and
with style ids resolved once: 40 tables × 50 rows × 8 columns take well under a second.

Header forms accepted by :func:`build_table`:

* one row: ``["序号", "名称", "用量"]``;
* several rows with merges: a cell is a text, ``(text, colspan)``, or ``None`` for "the cell above
  continues here" (vertical merge; ``(None, colspan)`` when the cell above spans several columns)::

      [["序号", "产品名称", ("产量", 4)],
       [None,   None,      "单位", "2021年", "2022年", "2023年"]]

An empty header (``[]``) makes a form without a header row (e.g. 企业基本信息表: label, value, label, value):
its first row is data, styled and treated as data.

Body rows use the same cell forms (``(text, colspan)`` gives a full-width sub-heading row such as
"一、主要生产设备").  Empty cells (``None``, ``""``, NaN) are written as the profile's ``empty_cell``.
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from docx.oxml.ns import qn
from docx.oxml.parser import parse_xml

from cpframework.calc.trace import fmt
from cpframework.report.numbers import NumberSpec, format_column, header_unit
from cpframework.report.ooxml import clean, el
from cpframework.report.table_layout import (
    CELL_PADDING_TWIPS,
    NARROW_MARGIN_TWIPS,
    fit_widths,
    legible_minimum,
    needed_widths,
)

Cell = Any  # str | number | None | tuple[text, colspan]


def cell_text(value: Any, empty: str, numbers: NumberSpec | None = None) -> str:
    if value is None:
        return empty
    if isinstance(value, bool):
        spec = numbers or NumberSpec()
        return spec.true_text if value else spec.false_text
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return empty
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return fmt(value)
    text = str(value)
    return text if text.strip() else empty


def _normalise_header(header: Sequence) -> list[list]:
    if header and all(not isinstance(h, (list, tuple)) or (isinstance(h, tuple) and len(h) == 2
                                                           and isinstance(h[1], int)) for h in header):
        return [list(header)]
    return [list(r) for r in header]


def _expand(row: Sequence, vmerge: bool = True) -> list[tuple[Any, int, bool]]:
    """Row cells → [(text, colspan, is_vertical_continuation)]; ``None`` merges only in headers."""
    out = []
    for c in row:
        if c is None and vmerge:
            out.append((None, 1, True))
        elif isinstance(c, tuple) and len(c) == 2 and isinstance(c[1], int):
            # (None, span) in a header: a merged cell of ``span`` columns continues from above
            out.append((c[0], max(1, c[1]), c[0] is None and vmerge))
        else:
            out.append((c, 1, False))
    return out


def grid_width(row: Sequence) -> int:
    return sum(span for _, span, _ in _expand(row))


def _cells_for_layout(hrows, body, empty: str, font_pt: float, header_pt: float) -> list[tuple[int, str, float]]:
    """``(column, text, size)`` of every cell that covers one column (spanning cells adapt to the grid)."""
    cells = []
    for rows, size, is_header in ((hrows, header_pt, True), (body, font_pt, False)):
        for r in rows:
            col = 0
            for value, span, cont in r:
                if span == 1 and not cont and value is not None:
                    cells.append((col, str(value) if is_header else cell_text(value, empty), size))
                col += span
    return cells


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_ESCAPE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\r": "&#13;", "\t": "&#9;",
                         "\n": "&#10;"})


def _x(text: str) -> str:
    """``text`` (cleaned as :func:`ooxml.el` cleans it) as XML character data or an attribute value."""
    return clean(text).translate(_ESCAPE)


def _tc(text: str, width: int, sid: str, span: int = 1, vmerge: str | None = None) -> str:
    """A ``w:tc`` as XML text: the same element :func:`ooxml.el` would build, parsed once per table
    (creating the 40 000 elements of a large report one by one through python-docx is a tenth of its time)."""
    out = [f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>']
    if span > 1:
        out.append(f'<w:gridSpan w:val="{span}"/>')
    if vmerge:
        out.append('<w:vMerge w:val="restart"/>' if vmerge == "restart" else "<w:vMerge/>")
    out.append(f'<w:vAlign w:val="center"/></w:tcPr><w:p><w:pPr><w:pStyle w:val="{_x(sid)}"/></w:pPr>')
    if text:  # ooxml.run: a line break between the lines of the text
        lines = clean(str(text)).split("\n")
        out.append("<w:r>" + "<w:br/>".join(f'<w:t xml:space="preserve">{_x(line)}</w:t>'
                                            for line in lines) + "</w:r>")
    out.append("</w:p></w:tc>")
    return "".join(out)


def _row(cells, widths, sid, empty, header, below_continues, numbers=None) -> str:
    out = ["<w:tr><w:trPr><w:cantSplit/>" + ("<w:tblHeader/>" if header else "") + "</w:trPr>"]
    col = 0
    for _i, (value, span, cont) in enumerate(cells):
        w = sum(widths[col:col + span])
        if cont:
            out.append(_tc("", w, sid, span, vmerge="continue"))
        else:
            text = value if isinstance(value, _Formatted) else cell_text(value, "" if header else empty, numbers)
            vm = "restart" if below_continues.get(col) else None
            out.append(_tc(text, w, sid, span, vm))
        col += span
    out.append("</w:tr>")
    return "".join(out)


def _rows(tbl, rows: list[str]) -> None:
    """Parse the rows' XML once and append them to ``tbl``."""
    xml = "".join(rows)
    holder = parse_xml(f'<w:tbl xmlns:w="{_W}">{xml}</w:tbl>')
    if '"preserve"></w:t>' in xml:  # an empty line: "" as ooxml.el writes it (<w:t></w:t>), not None (<w:t/>)
        for t in holder.iter(qn("w:t")):
            if t.text is None:
                t.text = ""
    for tr in list(holder):
        tbl.append(tr)


def build_table(header: Sequence, rows: Sequence[Sequence], *, text_width_twips: int, body_sid: str,
                header_sid: str, empty: str = "—", units: Sequence[str | None] | None = None,
                col_widths: Sequence[float] | None = None, numbers: NumberSpec | None = None,
                font_pt: float = 10.5, header_font_pt: float | None = None):
    """Return a ``w:tbl`` element (not yet inserted); numbers print by the ``numbers`` policy, column by column."""
    return build_table_fitted(header, rows, text_width_twips=text_width_twips, body_sid=body_sid, header_sid=header_sid,
                              empty=empty, units=units, col_widths=col_widths, numbers=numbers, font_pt=font_pt,
                              header_font_pt=header_font_pt)[0]


def build_table_fitted(header: Sequence, rows: Sequence[Sequence], *, text_width_twips: int, body_sid: str,
                       header_sid: str, empty: str = "—", units: Sequence[str | None] | None = None,
                       col_widths: Sequence[float] | None = None, numbers: NumberSpec | None = None,
                       font_pt: float = 10.5, header_font_pt: float | None = None,
                       wide_width_twips: int | None = None) -> tuple[Any, bool, bool]:
    """A ``w:tbl`` whose columns fit their content at ``font_pt``; whether it needs the wide (landscape)
    text width ``wide_width_twips`` for no number or code to break inside a cell; whether it fits at all."""
    hrows = [_expand(r) for r in _normalise_header(header)] if header else []
    if not hrows and not rows:
        raise ValueError("表格既没有表头也没有数据行")
    # a table without a header (a form such as “企业基本信息表”): no row repeats as a header
    ncols = sum(s for _, s, _ in hrows[0]) if hrows else grid_width(rows[0])
    for i, r in enumerate(hrows):
        if sum(s for _, s, _ in r) != ncols:
            raise ValueError(f"表头第 {i + 1} 行共 {sum(s for _, s, _ in r)} 列，与第 1 行的 {ncols} 列不一致")
    if units and hrows:
        _apply_units(hrows, units, ncols)
    body = [_expand(r, vmerge=False) for r in rows]
    for i, r in enumerate(body):
        if sum(s for _, s, _ in r) != ncols:
            raise ValueError(f"表格第 {i + 1} 行共 {sum(s for _, s, _ in r)} 列，与表头的 {ncols} 列不一致")
    body = _format_numbers(body, _column_units(hrows, ncols, units), numbers or NumberSpec())
    if col_widths is not None and len(col_widths) != ncols:
        raise ValueError(f"列宽个数（{len(col_widths)}）与列数（{ncols}）不一致")
    cells = _cells_for_layout(hrows, body, empty, font_pt, header_font_pt or font_pt)
    narrow, wide, fits = False, False, False
    turned_width = wide_width_twips or 0
    pages = [(text_width_twips, False)] + ([(turned_width, True)] if turned_width > text_width_twips else [])
    attempts = []   # legible on a portrait page, legible turned, then only unbroken tokens (turned when allowed)
    for narrow in (False, True):   # Word's cell margins first; narrow margins only if nothing else fits
        padding = 2 * NARROW_MARGIN_TWIPS + 30 if narrow else CELL_PADDING_TWIPS
        least, wish = needed_widths(cells, ncols, padding)
        legible = legible_minimum(least, wish, font_pt, padding)
        attempts += [(legible, wish, total, turned, narrow) for total, turned in pages]
        attempts.append((least, wish, *pages[-1], narrow))
    for floors, wish, total, wide, narrow in attempts:  # noqa: B007 - the chosen attempt is used below
        widths, fits = fit_widths(floors, wish, total, col_widths)
        if fits:
            break
    tbl = el("w:tbl")
    tblPr = el("w:tblPr")
    tblPr.append(el("w:tblStyle", val="TableGrid"))
    tblPr.append(el("w:tblW", w=sum(widths), type="dxa"))
    tblPr.append(el("w:jc", val="center"))
    borders = el("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(el("w:" + side, val="single", sz=4, space=0, color="000000"))
    tblPr.append(borders)
    tblPr.append(el("w:tblLayout", type="fixed"))
    if narrow:
        margins = el("w:tblCellMar")
        for side in ("left", "right"):
            margins.append(el("w:" + side, w=NARROW_MARGIN_TWIPS, type="dxa"))
        tblPr.append(margins)
    tblPr.append(el("w:tblLook", val="04A0", firstRow=1, lastRow=0, firstColumn=0, lastColumn=0,
                    noHBand=0, noVBand=1))
    tbl.append(tblPr)
    grid = el("w:tblGrid")
    for w in widths:
        grid.append(el("w:gridCol", w=w))
    tbl.append(grid)
    xml = [_row(r, widths, header_sid, empty, True, _continued_cols(hrows[i + 1]) if i + 1 < len(hrows) else {})
           for i, r in enumerate(hrows)]
    xml += [_row(r, widths, body_sid, empty, False, {}, numbers) for r in body]
    _rows(tbl, xml)
    return tbl, wide, fits


class _Formatted(str):
    """A number already printed by the column's policy."""


def _column_units(hrows, ncols: int, units) -> list[str | None]:
    """Each column's unit: the table's ``units``, else “（单位）” at the end of its lowest own header cell."""
    if units:
        return [u or None for u in units]
    out: list[str | None] = [None] * ncols
    for r in hrows:
        col = 0
        for text, span, cont in r:
            if span == 1 and not cont and text is not None and header_unit(text):
                out[col] = header_unit(text)
            col += span
    return out


def _format_numbers(body, col_units, numbers: NumberSpec):
    """Body rows with every number replaced by its text, the same decimals down each column."""
    positions: dict[int, list[tuple[int, int]]] = {}
    for i, r in enumerate(body):
        col = 0
        for j, (_value, span, _cont) in enumerate(r):
            if span == 1:
                positions.setdefault(col, []).append((i, j))
            col += span
    out = [list(r) for r in body]
    for col, cells in positions.items():
        texts = format_column([body[i][j][0] for i, j in cells], col_units[col], numbers)
        for (i, j), text in zip(cells, texts):
            if text is not None:
                out[i][j] = (_Formatted(text), 1, False)
    return out


def _continued_cols(row) -> dict[int, bool]:
    out, col = {}, 0
    for _, span, cont in row:
        if cont:
            out[col] = True
        col += span
    return out


def _apply_units(hrows, units, ncols) -> None:
    """Append "（单位）" to the lowest header cell that covers exactly that column."""
    if len(units) != ncols:
        raise ValueError(f"单位个数（{len(units)}）与列数（{ncols}）不一致")
    for col, unit in enumerate(units):
        if not unit:
            continue
        for r in reversed(hrows):
            c = 0
            for j, (text, span, cont) in enumerate(r):
                if c == col and span == 1 and not cont:
                    r[j] = (f"{text}（{unit}）", span, cont)
                    break
                c += span
            else:
                continue
            break


def tbl_has_header(tbl) -> bool:
    tr = tbl.find(qn("w:tr"))
    return tr is not None and tr.find(f'{qn("w:trPr")}/{qn("w:tblHeader")}') is not None
