"""One data sheet brought up to its table's definition (used by :mod:`cpframework.project.upgrade`).

:func:`analyse` compares a sheet with the definition: missing columns, and for sheets whose rows are
keyed by 代码 (items sheets and 指标选择) missing rows, rows whose code is unknown, duplicates, and items
whose unit changed.  :func:`rebuild` lays the sheet out anew with the template and copies every value
to the same field (records: same row; keyed sheets: the row of its code), with its format, comment and
hyperlink; what has no place becomes a :class:`Moved` value for the “升级移出的数据” sheet.
"""
from __future__ import annotations

from copy import copy
from typing import Any

import attrs

from cpframework.model import TableSchema
from cpframework.project.outdated import other_year, without_unit
from cpframework.project.workbook import ITEM_COLUMNS, SELECTION_TABLE, columns, norm

KEY = "代码"


@attrs.define
class Moved:
    """A value with no place in the current definitions, and where it was."""

    sheet: str
    cell: str
    row: str
    column: str
    value: Any
    reason: str
    comment: Any = None
    number_format: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"sheet": self.sheet, "cell": self.cell, "row": self.row, "column": self.column,
                "value": self.value if isinstance(self.value, (int, float, str, bool)) else str(self.value),
                "reason": self.reason}


@attrs.define
class SheetChange:
    sheet: str
    title: str
    added: bool = False
    added_columns: list[str] = attrs.field(factory=list)
    added_rows: list[str] = attrs.field(factory=list)
    dropped_columns: list[str] = attrs.field(factory=list)
    moved: int = 0
    formulas: int = 0

    def structural(self) -> bool:
        return bool(self.added or self.added_columns or self.added_rows or self.dropped_columns or self.moved)

    def describe(self) -> str:
        if self.added:
            return f"新增工作表（{self.title}{'，' + '、'.join(self.added_rows) if self.added_rows else ''}）"
        parts = []
        if self.added_columns:
            parts.append("新增列 " + "、".join(f"“{c}”" for c in self.added_columns))
        if self.added_rows:
            parts.append("新增行 " + "、".join(self.added_rows))
        if self.dropped_columns:
            parts.append("删除了当前定义中没有的空列 " + "、".join(f"“{c}”" for c in self.dropped_columns))
        if self.moved:
            parts.append(f"{self.moved} 个值移到工作表“升级移出的数据”")
        if self.formulas:
            parts.append(f"{self.formulas} 个公式单元格改为其计算结果（cpaudit 只读数值；原公式在备份中）")
        return "；".join(parts)

    def as_dict(self) -> dict[str, Any]:
        return attrs.asdict(self)


@attrs.define
class SheetPlan:
    ws: Any
    table: TableSchema
    years: list[int]
    std: Any
    cached: Any
    cols: list[tuple[str, str, int | None, Any]]
    position: dict[str, int]
    keys: list[str] = attrs.field(factory=list)  # keyed sheets: codes in definition order
    key_rows: dict[str, int] = attrs.field(factory=dict)  # code → its (first) old row
    extra_rows: list[int] = attrs.field(factory=list)  # duplicates, switched-off indicators: kept after the others
    missing_rows: list[str] = attrs.field(factory=list)
    bad_rows: dict[int, str] = attrs.field(factory=dict)  # old row → why its values cannot be placed
    unit_rows: dict[int, str] = attrs.field(factory=dict)  # old row → unit change (values moved, note kept)
    unknown_cols: dict[int, str] = attrs.field(factory=dict)  # old column → header, for columns with values
    empty_cols: list[str] = attrs.field(factory=list)
    moved: list[Moved] = attrs.field(factory=list)

    @property
    def keyed(self) -> bool:
        return self.table.kind == "items" or self.table.id == SELECTION_TABLE

    def missing_cols(self) -> list[str]:
        return [h.lstrip("*") for h, *_ in self.cols if norm(h) not in self.position]

    def needed(self) -> bool:
        return bool(self.missing_cols() or self.missing_rows or self.bad_rows or self.unit_rows)


def _blank(v: Any) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


def analyse(ws: Any, table: TableSchema, years: list[int], std: Any, cached: Any) -> SheetPlan:
    cols = columns(table, years)
    header = [c.value for c in next(ws.iter_rows(min_row=1, max_row=1), ())]
    position: dict[str, int] = {}
    for j, h in enumerate(header, 1):
        if not _blank(h) and norm(h) not in position:
            position[norm(h)] = j
    plan = SheetPlan(ws=ws, table=table, years=years, std=std, cached=cached, cols=cols, position=position)
    expected = {norm(h) for h, *_ in cols}
    for j in range(1, max(ws.max_column, len(header)) + 1):
        h = header[j - 1] if j <= len(header) else None
        if not _blank(h) and norm(h) in expected and position[norm(h)] == j:
            continue
        has_values = any(not _blank(ws.cell(r, j).value) for r in range(2, ws.max_row + 1))
        if has_values:
            plan.unknown_cols[j] = "" if _blank(h) else str(h).strip()
        elif not _blank(h):
            plan.empty_cols.append(str(h).strip())
    if plan.keyed:
        _analyse_keys(plan)
    if plan.needed():
        plan.moved = _moved(plan)
    return plan


def _analyse_keys(plan: SheetPlan) -> None:
    ws, table, std = plan.ws, plan.table, plan.std
    selection = table.id == SELECTION_TABLE
    plan.keys = [i.id for i in std.indicators] if selection else [it.id for it in table.items]
    labels = {i.id: f"{i.id} {i.name}" for i in std.indicators} if selection else \
        {it.id: f"{it.id} {it.label}" for it in table.items}
    kept = {i.id for i in getattr(std, "switched_off", ())} if selection else set()
    key_col = plan.position.get(KEY)
    unit_col = plan.position.get(norm(ITEM_COLUMNS[2])) if not selection else None
    units = {it.id: it.unit for it in table.items}
    value_cols = [plan.position[norm(h)] for h, fid, *_ in plan.cols if fid == "value" and norm(h) in plan.position]
    for r in range(2, ws.max_row + 1):
        cells = [ws.cell(r, j).value for j in range(1, ws.max_column + 1)]
        if all(_blank(v) for v in cells):
            continue
        code = "" if key_col is None or _blank(ws.cell(r, key_col).value) else str(ws.cell(r, key_col).value).strip()
        if code in plan.key_rows or code in kept:
            plan.extra_rows.append(r)
        elif code in labels:
            plan.key_rows[code] = r
            old_unit = ws.cell(r, unit_col).value if unit_col else None
            if (not _blank(old_unit) and norm(old_unit) != norm(units[code])
                    and any(not _blank(ws.cell(r, j).value) for j in value_cols)):
                plan.unit_rows[r] = f"单位已由“{str(old_unit).strip()}”改为“{units[code]}”，请换算后填入"
        elif code:
            what = "指标" if selection else "数据项代码"
            plan.bad_rows[r] = f"{what}“{code}”在当前定义中不存在（可能已删除）"
        else:
            plan.bad_rows[r] = "这一行没有代码，无法对应到数据项"
    plan.missing_rows = [labels[k] for k in plan.keys if k not in plan.key_rows]


def _row_label(plan: SheetPlan, r: int) -> str:
    if not plan.keyed:
        return f"第 {r} 行"
    ws = plan.ws
    names = (KEY, norm(ITEM_COLUMNS[1]), "指标", norm(ITEM_COLUMNS[2]))
    parts = [ws.cell(r, plan.position[n]).value for n in names if n in plan.position]
    text = " ".join(str(p).strip().lstrip("*") for p in parts if not _blank(p))
    return text or f"第 {r} 行"


def _moved(plan: SheetPlan) -> list[Moved]:
    ws, out = plan.ws, []
    expected = [norm(h) for h, *_ in plan.cols]
    units = {_without_unit(h): h.lstrip("*") for h, *_ in plan.cols if norm(h) not in plan.position}
    descriptive = {plan.position[norm(h)] for h, fid, *_ in plan.cols
                   if norm(h) in plan.position and plan.keyed and not _copied(plan, fid)}
    value_cols = {plan.position[norm(h)] for h, fid, *_ in plan.cols if fid == "value" and norm(h) in plan.position}

    def add(r: int, j: int, reason: str) -> None:
        cell = ws.cell(r, j)
        if _blank(cell.value):
            return
        head = ws.cell(1, j).value
        value = plan.cached.get(ws.title, r, j) if _is_formula(cell) else cell.value
        out.append(Moved(sheet=ws.title, cell=cell.coordinate, row=_row_label(plan, r),
                         column="" if _blank(head) else str(head).strip().lstrip("*"), value=value, reason=reason,
                         comment=cell.comment, number_format=cell.number_format if cell.has_style else ""))

    for r in range(2, ws.max_row + 1):
        if r in plan.bad_rows:
            for j in range(1, ws.max_column + 1):
                if j not in descriptive:
                    add(r, j, plan.bad_rows[r])
            continue
        if r in plan.unit_rows:
            for j in sorted(value_cols):
                add(r, j, plan.unit_rows[r])
        for j, head in plan.unknown_cols.items():
            if not head:
                why = "这一列没有表头"
            elif other_year(norm(head), expected):
                why = f"年份不在当前的审核考察期（{plan.years[0]}–{plan.years[-1]} 年）内"
            elif _without_unit(head) in units:
                why = f"单位已改变（现为列“{units[_without_unit(head)]}”），请换算后填入"
            else:
                why = "当前定义中没有这一列（字段可能已删除或改名）"
            add(r, j, why)
    return out


def _without_unit(header: str) -> str:
    return without_unit(norm(header))


def _copied(plan: SheetPlan, fid: str) -> bool:
    """Columns whose content is the consultant's (copied); the others the template fills from the definition."""
    if plan.table.id == SELECTION_TABLE:
        return fid == "selected"
    if plan.table.kind == "items":
        return fid in ("value", "note")
    return True


def rebuild(wb: Any, plan: SheetPlan, lists: Any) -> SheetChange:
    """Replace the sheet by a fresh one from the template holding every placeable value."""
    from cpframework.project.template import fill_sheet
    from cpframework.project.workbook import selection_rows

    old, table = plan.ws, plan.table
    index = wb.sheetnames.index(old.title)
    new = wb.create_sheet(f"{old.title[:25]}~upg", index)
    prefill = selection_rows(plan.std) if table.id == SELECTION_TABLE else []
    fill_sheet(new, table, plan.years, prefill, lists, wb)
    change = SheetChange(sheet=table.sheet, title=table.title, added_columns=plan.missing_cols(),
                         added_rows=plan.missing_rows, dropped_columns=plan.empty_cols, moved=len(plan.moved))
    targets = [(j, plan.position.get(norm(h)), fid) for j, (h, fid, *_) in enumerate(plan.cols, 1)]
    if plan.keyed:
        rows = {plan.key_rows[k]: 2 + i for i, k in enumerate(plan.keys) if k in plan.key_rows}
        rows |= {r: 2 + len(plan.keys) + n for n, r in enumerate(plan.extra_rows)}
    else:
        rows = {r: r for r in range(2, old.max_row + 1)}
    for r_old, r_new in rows.items():
        extra = r_old in plan.extra_rows
        for j_new, j_old, fid in targets:
            if j_old is None or (not extra and not _copied(plan, fid)):
                continue
            if r_old in plan.unit_rows and fid == "value":
                continue
            change.formulas += _copy(old.cell(r_old, j_old), new.cell(r_new, j_new), plan.cached)
        height = old.row_dimensions[r_old].height
        if height:
            new.row_dimensions[r_new].height = height
    new._images, new._charts = old._images, old._charts
    new.sheet_properties.tabColor = old.sheet_properties.tabColor
    new.sheet_state = old.sheet_state
    was_active = wb.active is old
    wb.remove(old)
    new.title = table.sheet
    if was_active:
        wb.active = new
    return change


def _is_formula(cell: Any) -> bool:
    return cell.data_type == "f"


def _copy(src: Any, dst: Any, cached: Any) -> int:
    """Copy value, format, comment and hyperlink; a formula becomes its last computed value (returns 1)."""
    formula = _is_formula(src)
    dst.value = cached.get(src.parent.title, src.row, src.column) if formula else src.value
    if src.has_style:
        dst._style = copy(src._style)
    if src.comment is not None:
        dst.comment = copy(src.comment)
    if src.hyperlink is not None:
        dst.hyperlink = copy(src.hyperlink)
    return int(formula)


def replace_formulas(ws: Any, cached: Any) -> int:
    count = 0
    for row in ws.iter_rows():
        for cell in row:
            if _is_formula(cell):
                cell.value = cached.get(ws.title, cell.row, cell.column)
                count += 1
    return count
