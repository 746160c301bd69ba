"""Editing one worksheet of an .xlsx package at the XML level, leaving every other part of the package as
it was: the other sheets keep their formulas *and the values Excel cached for them* (a workbook
re-saved by openpyxl loses every cached formula result, and a tool that reads cached values then
sees different data).

Only plain cells are written (numbers, inline text); a cell holding a formula is never changed (the
caller is told which).  Row and cell order, the ``<dimension>`` and each cell's style are kept.
"""
from __future__ import annotations

import posixpath
import re
import zipfile
from pathlib import Path
from typing import Any

from cpframework.errors import ProjectError

_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_REF = re.compile(r"^([A-Z]{1,3})(\d+)$")


def _q(tag: str) -> str:
    return f"{{{_NS}}}{tag}"


def _parse(data: bytes, where: str) -> Any:
    from lxml import etree

    if b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data[:4096]:
        raise ProjectError(f"{where} 含有不安全的 XML（实体声明），已拒绝修改")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_blank_text=False)
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        raise ProjectError(f"{where} 的内部结构已损坏，无法修改；请用 Excel 打开后重新保存") from None


def col_index(letters: str) -> int:
    """``"A"`` → 1, ``"AB"`` → 28."""
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def col_letters(index: int) -> str:
    out = ""
    while index:
        index, rem = divmod(index - 1, 26)
        out = chr(65 + rem) + out
    return out


def sheet_parts(zf: zipfile.ZipFile, book: Path) -> dict[str, str]:
    """Sheet name → the zip member holding its XML."""
    try:
        wb = _parse(zf.read("xl/workbook.xml"), f"工作簿 {book}")
        rels = _parse(zf.read("xl/_rels/workbook.xml.rels"), f"工作簿 {book}")
    except KeyError:
        raise ProjectError(f"工作簿 {book} 的结构不完整；请用 Excel 打开后重新保存") from None
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels.iter(f"{{{_PKG}}}Relationship")}
    out = {}
    for s in wb.iter(_q("sheet")):
        target = targets.get(s.get(f"{{{_R}}}id"))
        if target:
            out[s.get("name")] = (target.lstrip("/") if target.startswith("/")
                                  else posixpath.normpath(posixpath.join("xl", target)))
    return out


class SheetEdit:
    """The XML of one worksheet, to change cell by cell and write back into a copy of the package."""

    def __init__(self, book: Path, sheet: str):
        self.book = Path(book)
        self.sheet = sheet
        with zipfile.ZipFile(self.book) as zf:
            self.parts = sheet_parts(zf, self.book)
            if sheet not in self.parts:
                raise ProjectError(f"工作簿 {book} 中没有工作表“{sheet}”")
            self.part = self.parts[sheet]
            self.root = _parse(zf.read(self.part), f"工作簿 {book} 的工作表“{sheet}”")
        self.data = self.root.find(_q("sheetData"))
        if self.data is None:
            raise ProjectError(f"工作簿 {book} 的工作表“{sheet}”缺少数据部分，无法修改；请用 Excel 打开后重新保存")
        self.rows: dict[int, Any] = {}
        last = 0
        for row in self.data.findall(_q("row")):
            r = int(row.get("r") or last + 1)
            row.set("r", str(r))
            last = r
            self.rows[r] = row
        self.formula_cells: list[str] = []

    # ---------------------------------------------------------------- reading the package

    # ---------------------------------------------------------------- changing cells

    def _cell(self, r: int, c: int, create: bool) -> Any:
        from lxml import etree

        row = self.rows.get(r)
        if row is None:
            if not create:
                return None
            row = etree.Element(_q("row"), r=str(r))
            after = [k for k in self.rows if k < r]
            if after:
                self.rows[max(after)].addnext(row)
            else:
                self.data.insert(0, row)
            self.rows[r] = row
        ref = f"{col_letters(c)}{r}"
        before = None
        for cell in row.findall(_q("c")):
            m = _REF.match(cell.get("r", ""))
            if m and m.group(1) == col_letters(c):
                return cell
            if m and col_index(m.group(1)) > c and before is None:
                before = cell
        if not create:
            return None
        cell = etree.Element(_q("c"), r=ref)
        if before is not None:
            before.addprevious(cell)
        else:
            row.append(cell)
        return cell

    def writable(self, r: int, c: int) -> bool:
        """False (and remembered in :attr:`formula_cells`) when the cell holds a formula."""
        cell = self._cell(r, c, create=False)
        if cell is not None and cell.find(_q("f")) is not None:
            self.formula_cells.append(f"{col_letters(c)}{r}")
            return False
        return True

    def set(self, r: int, c: int, value: Any) -> None:
        """A number or text (``None`` clears the value, keeping the cell's style)."""
        from lxml import etree

        cell = self._cell(r, c, create=value is not None)
        if cell is None:
            return
        for child in list(cell):
            cell.remove(child)
        cell.attrib.pop("t", None)
        if value is None:
            return
        if isinstance(value, bool):
            value = "是" if value else "否"
        if isinstance(value, (int, float)):
            etree.SubElement(cell, _q("v")).text = repr(float(value)) if isinstance(value, float) else str(value)
            return
        cell.set("t", "inlineStr")
        t = etree.SubElement(etree.SubElement(cell, _q("is")), _q("t"))
        t.text = str(value)
        if t.text != t.text.strip():
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")

    # ---------------------------------------------------------------- writing the package

    def _fix_dimension(self) -> None:
        dim = self.root.find(_q("dimension"))
        if dim is None or not self.rows:
            return
        max_r = max((r for r, row in self.rows.items() if row.find(_q("c")) is not None), default=1)
        max_c = 1
        for row in self.rows.values():
            for cell in row.findall(_q("c")):
                m = _REF.match(cell.get("r", ""))
                if m:
                    max_c = max(max_c, col_index(m.group(1)))
        dim.set("ref", f"A1:{col_letters(max_c)}{max_r}")

    def save(self, out: Path) -> None:
        """Write the package to ``out``: the edited sheet part replaced, every other part copied as is."""
        from lxml import etree

        self._fix_dimension()
        data = etree.tostring(self.root, xml_declaration=True, encoding="UTF-8", standalone=True)
        with zipfile.ZipFile(self.book) as zin, zipfile.ZipFile(out, "w") as zout:
            for info in zin.infolist():
                zout.writestr(info, data if info.filename == self.part else zin.read(info.filename))

    def referring_formulas(self) -> dict[str, int]:
        """Other sheets' formulas that mention this sheet (their cached values go stale until Excel
        recalculates): ``sheet name → count``."""
        import html

        out: dict[str, int] = {}
        marks = (f"'{self.sheet}'!", f"{self.sheet}!")
        with zipfile.ZipFile(self.book) as zf:
            for name, part in self.parts.items():
                if part == self.part or part not in zf.namelist():
                    continue
                text = zf.read(part).decode("utf-8", errors="replace")
                n = sum(1 for f in re.findall(r"<f[^>]*>([^<]*)</f>", text) if any(m in html.unescape(f) for m in marks))
                if n:
                    out[name] = n
        return out


def uncached_formulas(book: Path, sheet: str) -> dict[tuple[int, int], str]:
    """Cells of ``sheet`` holding a formula without a stored result (a workbook written by a program that
    does not calculate): ``(row, column) → formula``.  A tool reading cached values sees them as empty."""
    import io

    from lxml import etree

    try:
        with zipfile.ZipFile(book) as zf:
            part = sheet_parts(zf, Path(book)).get(sheet)
            data = zf.read(part) if part else b""
    except (OSError, KeyError, zipfile.BadZipFile, ProjectError):
        return {}
    if b"<f" not in data and b":f>" not in data:  # the common case: no formula at all
        return {}
    out: dict[tuple[int, int], str] = {}
    try:
        for _ev, cell in etree.iterparse(io.BytesIO(data), tag=_q("c"), resolve_entities=False, no_network=True):
            f, v = cell.find(_q("f")), cell.find(_q("v"))
            if f is not None and (v is None or not (v.text or "").strip()) and cell.find(_q("is")) is None:
                m = _REF.match(cell.get("r", ""))
                if m:
                    out[(int(m.group(2)), col_index(m.group(1)))] = "=" + (f.text or "")
            cell.clear()
    except etree.XMLSyntaxError:
        return {}
    return out
