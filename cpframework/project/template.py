"""Generating the data-entry workbook for a new project (``cpaudit init``)."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from cpframework.io.safe_write import atomic_output, safe_cell
from cpframework.model import Field, Item, TableSchema, flag_on
from cpframework.project import subject_items
from cpframework.project.cells import is_amount_unit
from cpframework.project.guide import (
    arrange,
    fit_widths,
    indicator_uses,
    print_setup,
    rules_text,
    uses_text,
    write_start_sheet,
)
from cpframework.project.workbook import ITEM_COLUMNS, NOTE_COLUMN, SELECTION_TABLE, all_tables, columns, selection_rows

MAX_ROWS = 300  # rows that get data validation in a records sheet


def numeric_bounds(spec: Field | Item) -> tuple[float | None, float | None]:
    """The bounds ``check`` enforces (``cells.parse_cell``): a field's own min/max, else 0–100 for
    percentages, ≥ 0 for amounts (t, kWh, m³, 人 …), 1900–2100 for years."""
    lo = spec.min if spec.min is not None else (0 if spec.type == "percent" or is_amount_unit(spec.unit) else None)
    hi = spec.max if spec.max is not None else (100 if spec.type == "percent" else None)
    if spec.type == "year":
        lo, hi = (lo if lo is not None else 1900), (hi if hi is not None else 2100)
    return lo, hi


def _prompt(dv: Any, spec: Field | Item) -> Any:
    """The input message Excel shows when the cell is selected."""
    text = spec.help or ""
    if getattr(spec, "unit", ""):
        text = f"单位：{spec.unit}" + (f"。{text}" if text else "")
    if text:
        dv.showInputMessage = True
        dv.promptTitle = (spec.label or "")[:32]
        dv.prompt = text[:250]
    return dv


def _validation(spec: Field | Item, lists: Any, wb: Any) -> Any:
    dv = _rule(spec, lists, wb)
    return _prompt(dv, spec) if dv is not None else None


def _rule(spec: Field | Item, lists: Any, wb: Any) -> Any:
    from openpyxl.worksheet.datavalidation import DataValidation

    if spec.type == "bool":
        return DataValidation(type="list", formula1='"是,否"', allow_blank=True, showErrorMessage=True,
                              errorTitle="取值错误", error="请选择“是”或“否”")
    if spec.type == "choice" and spec.choices:
        inline = ",".join(spec.choices)
        if len(inline) <= 250 and "," not in "".join(spec.choices):
            formula = f'"{inline}"'
        else:  # long lists live in the hidden _lists sheet
            col = lists.max_column + 1 if lists.max_row > 1 or lists["A1"].value else 1
            for i, choice in enumerate(spec.choices, 1):
                lists.cell(i, col, choice)
            from openpyxl.utils import get_column_letter

            letter = get_column_letter(col)
            formula = f"=_lists!${letter}$1:${letter}${len(spec.choices)}"
        return DataValidation(type="list", formula1=formula, allow_blank=True, showErrorMessage=True,
                              errorTitle="取值错误", error="请从下拉列表中选择")
    if spec.type in ("number", "percent", "integer", "year"):
        lo, hi = numeric_bounds(spec)
        kind = "whole" if spec.type in ("integer", "year") else "decimal"
        if lo is not None and hi is not None:
            dv = DataValidation(type=kind, operator="between", formula1=f"{lo:g}", formula2=f"{hi:g}")
        elif lo is not None:
            dv = DataValidation(type=kind, operator="greaterThanOrEqual", formula1=f"{lo:g}")
        elif hi is not None:
            dv = DataValidation(type=kind, operator="lessThanOrEqual", formula1=f"{hi:g}")
        else:  # any finite number, as check accepts
            dv = DataValidation(type=kind, operator="between", formula1="-1E+307", formula2="1E+307")
        dv.showErrorMessage = True
        dv.errorTitle = "取值错误"
        dv.error = f"请输入数字{f'（≥{lo:g}）' if lo is not None else ''}{f'（≤{hi:g}）' if hi is not None else ''}"
        return dv
    if spec.type == "date":
        return DataValidation(type="date", operator="greaterThan", formula1="1", showErrorMessage=True,
                              error="请输入日期，如 2024-03-15")
    return None


def start_flags(std: Any, manifest: Any) -> dict[str, bool]:
    """The flags a new project starts with: each flag's default, overridden by the manifest."""
    return {f.id: f.default for f in std.info.flags} | dict(manifest.flags)


def workbook_tables(std: Any, flags: dict[str, bool]) -> list[TableSchema]:
    """The sheets a new workbook gets: every table, except opt-in ones (gated by an add-on's flag) whose
    flag is off — a project takes an add-on's tables in by switching its flag on and running upgrade."""
    opt_in = getattr(std, "opt_in_flag", lambda _t: "")
    return [t for t in all_tables(std) if not opt_in(t) or flag_on(flags, t.when)]


def guide_row(table: TableSchema) -> list[str]:
    note = table.description + (f"（仅当项目标志 {table.when} 为 true 时需要填写）" if table.when else "")
    return [table.sheet, table.title, table.clause, note]


def write_workbook(path: Path, std: Any, manifest: Any, rows: dict[str, list[dict[str, Any]]] | None = None) -> None:
    """Write the workbook for ``std``; ``rows`` pre-fills records tables (table id → rows)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    flags = start_flags(std, manifest)
    std = std.for_project(flags) if hasattr(std, "for_project") else std
    rows = dict(rows or {})
    rows.setdefault(SELECTION_TABLE, selection_rows(std))
    wb = Workbook()
    guide = wb.active
    guide.title = "说明"
    lists = wb.create_sheet("_lists")
    lists.sheet_state = "hidden"
    guide.append([safe_cell(f"{manifest.name} — {std.info.code}《{std.info.title}》数据填报工作簿")])
    guide["A1"].font = Font(bold=True, size=14)
    guide.append([f"审核年份 {manifest.audit_year}；审核基准期 {manifest.baseline} 年；审核考察期 "
                  f"{'、'.join(str(y) for y in manifest.years)} 年。"])
    guide.append(["表头带 * 且为橙色的列为必填（数据项表中名称前带 * 的行必填）。数值只填数字，单位见表头；是/否列用下拉选择。"])
    guide.append(["请勿在单元格中写公式：合计与指标由 cpaudit 计算。填好后在项目文件夹中运行 cpaudit check 检查。"
                  "填写顺序见“从这里开始”工作表。"])
    guide.append([])
    guide.append(["工作表", "内容", "标准条款", "说明"])
    for c in guide[6]:
        c.font = Font(bold=True)
        c.fill = PatternFill("solid", fgColor="DDEBF7")
    tables = workbook_tables(std, flags)
    for table in tables:
        guide.append(guide_row(table))
    for col, width in zip("ABCD", (22, 36, 14, 80)):
        guide.column_dimensions[col].width = width
    uses = indicator_uses(std)
    selection = None
    for table in tables:
        ws = wb.create_sheet(table.sheet)
        prefill = rows.get(table.id, [])
        if table.kind == "items":  # items repeating project.toml's [subject]: written as it stands there
            prefill = [{"id": k, "value": v} for k, v in subject_items.prefill(table, manifest, std.info).items()]
        fill_sheet(ws, table, manifest.years_for(table), prefill, lists, wb, uses, std.info)
        if table.id == SELECTION_TABLE:
            selection = (columns(table, []), len(rows[SELECTION_TABLE]), table.sheet)
            _comment_selection(ws, std, selection[0])
    print_setup(guide, title_rows=None)
    arrange(wb, write_start_sheet(wb, std, manifest, tables, flags, selection), tables, flags)
    with atomic_output(Path(path)) as tmp:
        wb.save(tmp)


def _comment_selection(ws: Any, std: Any, cols: list) -> None:
    from openpyxl.comments import Comment

    j = next(j for j, c in enumerate(cols, 1) if c[1] == "selected")
    ws.cell(1, j).comment = Comment(rules_text(std), "cpaudit", width=360, height=200)


def fill_sheet(ws: Any, table: TableSchema, years: list[int], prefill: list[dict[str, Any]], lists: Any, wb: Any,
               uses: dict[tuple[str, str], list[str]] | None = None, std_info: Any = None) -> None:
    """Header row (styles, help comments, widths), item rows and data validation of one table's sheet.
    ``prefill``: rows of a records table, or ``{"id", "value"}`` of an items table's single-value items."""
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill

    head_font = Font(bold=True)
    head_fill = PatternFill("solid", fgColor="DDEBF7")
    req_fill = PatternFill("solid", fgColor="FCE4D6")
    cols = columns(table, years)
    for j, (head, _fid, _year, spec) in enumerate(cols, 1):
        cell = ws.cell(1, j, head)
        cell.font = head_font
        cell.fill = req_fill if head.startswith("*") else head_fill
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        used = uses_text((uses or {}).get((table.id, spec.id), [])) if spec is not None else ""
        if spec is not None and (spec.help or spec.choices or used):
            text = spec.help or ("可选值：" + "、".join(spec.choices) if spec.choices else "")
            cell.comment = Comment("\n".join(x for x in (text, used) if x), "cpaudit")
        width = (spec.width if spec is not None and spec.width else None) or max(10, min(40, len(head) * 2 + 2))
        ws.column_dimensions[cell.column_letter].width = width
    ws.freeze_panes = "A2" if table.kind == "records" else "D2"
    if table.description:
        ws["A1"].comment = Comment(f"{table.title}：{table.description}（{table.clause}）", "cpaudit")
    if table.kind == "items":
        _write_items(ws, table, cols, lists, wb, uses or {})
        _prefill_items(ws, table, cols, prefill, std_info)
    else:
        _write_records(ws, table, cols, prefill, lists, wb)
        if table.id == SELECTION_TABLE:
            fit_widths(ws, cols, len(prefill))
    print_setup(ws)


def _write_items(ws: Any, table: TableSchema, cols: list, lists: Any, wb: Any,
                 uses: dict[tuple[str, str], list[str]]) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import Font

    value_cols = [j for j, c in enumerate(cols, 1) if c[1] == "value"]
    for r, item in enumerate(table.items, 2):
        ws.cell(r, 1, item.id)
        ws.cell(r, 2, ("*" if item.required else "") + item.label)
        ws.cell(r, 3, item.unit)
        ws.cell(r, len(cols), item.help)
        ws.cell(r, 1).font = Font(color="808080")
        used = uses_text(uses.get((table.id, item.id), []), limit=8)
        if used:  # a comment, not the 说明 column: that column is the user's evidence and reaches the report
            ws.cell(r, 2).comment = Comment(used, "cpaudit", width=320, height=90)
        dv = _validation(item, lists, wb)
        if dv is not None:
            ws.add_data_validation(dv)
            for j in value_cols:
                dv.add(ws.cell(r, j).coordinate)
    ws.column_dimensions["B"].width = 44
    ws.column_dimensions["C"].width = 14
    ws.column_dimensions[ws.cell(1, len(cols)).column_letter].width = 60
    ws.column_dimensions["A"].hidden = True  # the codes: read by cpaudit, not needed to fill the sheet
    ws.freeze_panes = "D2"
    assert [c[0] for c in cols[:3]] == list(ITEM_COLUMNS) and cols[-1][0] == NOTE_COLUMN


def _prefill_items(ws: Any, table: TableSchema, cols: list, prefill: list[dict[str, Any]], std_info: Any) -> None:
    from openpyxl.comments import Comment

    values = {row["id"]: row.get("value") for row in prefill}
    value_j = next((j for j, c in enumerate(cols, 1) if c[1] == "value"), None)
    for r, item in enumerate(table.items, 2):
        if value_j is None or table.per_year:
            return
        if values.get(item.id) is not None:
            ws.cell(r, value_j, safe_cell(values[item.id]))
        if item.from_subject and std_info is not None:
            ws.cell(r, value_j).comment = Comment(subject_items.comment_text(item.from_subject, std_info), "cpaudit",
                                                  width=320, height=110)


def _write_records(ws: Any, table: TableSchema, cols: list, prefill: list[dict[str, Any]], lists: Any, wb: Any) -> None:
    from openpyxl.utils import get_column_letter

    for r, row in enumerate(prefill, 2):
        for j, (_, fid, year, _spec) in enumerate(cols, 1):
            value = row.get(fid)
            if isinstance(value, dict):
                value = value.get(year)
            if isinstance(value, bool):
                value = "是" if value else "否"
            if value is not None:
                ws.cell(r, j, safe_cell(value))  # pre-filled text never becomes a formula
    last = max(MAX_ROWS, len(prefill) + 50)
    for j, (_, _fid, _year, spec) in enumerate(cols, 1):
        if spec is None:
            continue
        dv = _validation(spec, lists, wb)
        if dv is not None:
            ws.add_data_validation(dv)
            letter = get_column_letter(j)
            dv.add(f"{letter}2:{letter}{last}")
