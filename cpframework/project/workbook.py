"""The data-entry workbook: generated from a standard's table schemas, read back with every problem
located by sheet, row and column.

Layout.  A ``records`` sheet has one header row (labels with units; ``*`` marks required fields;
per-year fields get one column per year, e.g. ``2024年产量（t）``).  An ``items`` sheet has the
columns 代码 | 数据项 | 单位 | value(s) | 说明, one row per item the standard declares; rows are found
by 代码, so the consultant may reorder them.  Formulas are never written: the tool is the calculator.
"""
from __future__ import annotations

import datetime as dt
import difflib
import math
import re
import unicodedata
from typing import Any

from cpframework.errors import Problem, ProjectError
from cpframework.model import Field, Item, TableSchema, flag_on
from cpframework.io.safe_read import MAX_SHEET_COLUMNS, MAX_SHEET_ROWS, check_zip_container
from cpframework.io.safe_write import unsafe_cell
from cpframework.project.outdated import (MOVED_SHEET, Gaps, other_year, renamed_from, selection_gaps, sheet_state,
                                         table_needed, unit_changed)

SELECTION_TABLE = "indicator_selection"
_TRUE = {"是", "有", "具备", "达标", "y", "yes", "true", "1", "√", "✓"}
_FALSE = {"否", "无", "不具备", "未达标", "n", "no", "false", "0", "×"}
ITEM_COLUMNS = ("代码", "数据项", "单位")
NOTE_COLUMN = "说明/数据来源"


def norm(text: Any) -> str:
    """Header normalisation: NFKC (full-width → half-width), no spaces, no leading '*'."""
    s = unicodedata.normalize("NFKC", str(text or "")).replace(" ", "").replace("\u3000", "")
    return s.lstrip("*")


def selection_schema(std: Any) -> TableSchema | None:
    """The synthesized 指标选择 sheet for standards with selection rules."""
    if not std.info.selection_rules:
        return None
    return TableSchema(
        standard=std.id, id=SELECTION_TABLE, title="评价指标选择", sheet="指标选择", kind="records",
        description="在“是否选用”列填写 是/否。必选指标须全部选用；可选指标按选择组规则选用。",
        key="code",
        fields=(
            Field(id="code", label="代码", required=True),
            Field(id="seq", label="序号", type="integer"),
            Field(id="category", label="分类"),
            Field(id="name", label="指标"),
            Field(id="mandatory", label="必选/可选"),
            Field(id="group", label="选择组"),
            Field(id="selected", label="是否选用", type="bool", required=True, help="填“是”或“否”"),
        ),
    )


def selection_rows(std: Any) -> list[dict[str, Any]]:
    return [{"code": i.id, "seq": i.seq, "category": i.category, "name": i.name,
             "mandatory": "必选" if i.mandatory else "可选", "group": i.group, "selected": bool(i.mandatory)}
            for i in std.indicators]


def all_tables(std: Any) -> list[TableSchema]:
    tables = list(std.tables.values())
    sel = selection_schema(std)
    return tables + ([sel] if sel else [])


def columns(table: TableSchema, years: list[int]) -> list[tuple[str, str, int | None, Any]]:
    """``(header, field id, year, field-or-item)`` for every column of the sheet."""
    if table.kind == "items":
        cols: list[tuple[str, str, int | None, Any]] = [(c, c, None, None) for c in ITEM_COLUMNS]
        if table.per_year:
            cols += [(f"{y}年", "value", y, None) for y in years]
        else:
            cols.append(("数值", "value", None, None))
        cols.append((NOTE_COLUMN, "note", None, None))
        return cols
    cols = []
    for f in table.fields:
        prefix = "*" if f.required else ""
        if f.per_year:
            cols += [(prefix + f.header(y), f.id, y, f) for y in years]
        else:
            cols.append((prefix + f.header(), f.id, None, f))
    return cols


# Units of amounts that cannot be negative (mass, volume, energy, counts of things).  A field with one of
# these units and no explicit ``min`` gets ``min = 0``; a field that may be negative declares its ``min``.
_AMOUNT_UNIT = re.compile(r"^(t|kg|g|万t|万吨|吨|千克|m3|m³|万m3|万m³|L|kWh|万kWh|MWh|GWh|kW·h|万kW·h|tce|kgce|万tce|"
                          r"吨标准煤|GJ|MJ|TJ|个|台|套|人|家|项|次|座|辆|台套|hm2|hm²|km2|km²|m2|m²|亩|公顷)"
                          r"(/(a|年|d|日|h|月))?$")


def is_amount_unit(unit: str) -> bool:
    return bool(_AMOUNT_UNIT.match(unicodedata.normalize("NFKC", unit or "").replace(" ", "")))


def col_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


# ---------------------------------------------------------------- cell parsing


def parse_cell(raw: Any, spec: Field | Item, label: str) -> tuple[Any, str | None]:
    """Coerce a cell to the field's type: ``(value, None)`` or ``(None, Chinese problem text)``."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None, None
    raw = unsafe_cell(raw)
    kind = spec.type
    if kind in ("number", "integer", "percent", "year"):
        value: Any = raw
        if isinstance(raw, bool):
            return None, f"应为数字，实际为“{'是' if raw else '否'}”"
        if isinstance(raw, str):
            text = unicodedata.normalize("NFKC", raw).strip().replace(",", "")
            if kind == "percent":
                text = text.rstrip("%")
            try:
                value = float(text)
            except ValueError:
                return None, f"应为数字，实际为“{raw}”"
        if not isinstance(value, (int, float)):
            return None, f"应为数字，实际为“{raw}”"
        value = float(value)
        if not math.isfinite(value):
            return None, f"应为有限的数字，实际为“{raw}”"
        if kind in ("integer", "year"):
            if not value.is_integer():
                return None, f"应为整数，实际为 {raw}"
            value = int(value)
        lo = spec.min if spec.min is not None else (0 if kind == "percent" or is_amount_unit(spec.unit) else None)
        hi = spec.max if spec.max is not None else (100 if kind == "percent" else None)
        if kind == "year":
            lo, hi = (lo if lo is not None else 1900), (hi if hi is not None else 2100)
        if lo is not None and value < lo:
            if lo == 0 and spec.min is None and kind != "percent":
                return None, f"取值 {raw} 为负数；单位为“{spec.unit}”的数量不能为负"
            return None, f"取值 {raw} 小于允许的最小值 {lo:g}"
        if hi is not None and value > hi:
            return None, f"取值 {raw} 大于允许的最大值 {hi:g}"
        return value, None
    if kind == "bool":
        text = unicodedata.normalize("NFKC", str(raw)).strip().lower()
        if raw is True or text in _TRUE:
            return True, None
        if raw is False or text in _FALSE:
            return False, None
        return None, f"应填“是”或“否”，实际为“{raw}”"
    if kind == "date":
        if isinstance(raw, dt.datetime):
            return raw.date(), None
        if isinstance(raw, dt.date):
            return raw, None
        m = re.match(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*(?:[-/.月]\s*(\d{1,2})\s*日?)?\s*$", str(raw))
        if m:
            try:
                return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3) or 1)), None
            except ValueError:
                pass
        return None, f"应为日期（如 2024-03-15），实际为“{raw}”"
    text = unicodedata.normalize("NFKC", str(raw)).strip() if not isinstance(raw, str) else raw.strip()
    if kind == "choice" and spec.choices:
        if text not in spec.choices:
            close = difflib.get_close_matches(text, list(spec.choices), n=1)
            hint = f"，是否想填“{close[0]}”？" if close else ""
            return None, f"“{raw}”不是可选值（{'、'.join(spec.choices)}）{hint}"
    return text, None


# ---------------------------------------------------------------- reading


def read_workbook(project: Any, std: Any) -> None:
    """Fill ``project.tables`` from the workbook and append every problem to ``project.problems``."""
    import openpyxl

    from cpframework.project.folder import TableData

    path = project.workbook_path
    fname = project.manifest.workbook
    if not path.exists():
        raise ProjectError(f"找不到数据工作簿 {path}（项目清单中 workbook = \"{fname}\"）")
    check_zip_container(path, "数据工作簿")  # old .xls, empty, not a zip, zip bomb: refused before parsing
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # a corrupt or non-xlsx file, or XML that defusedxml refuses
        raise ProjectError(_open_error(path, exc)) from None
    gaps = Gaps()
    try:
        tables = all_tables(std)
        known = {t.sheet for t in tables} | {"说明", "_lists", MOVED_SHEET}
        for name in wb.sheetnames:
            if name not in known:
                close = difflib.get_close_matches(name, sorted(known), n=1)
                project.problems.append(Problem(
                    file=fname, sheet=name, level="warning",
                    message="不是本标准的数据表，已忽略" + (f"；是否想命名为“{close[0]}”？" if close else "")))
        if MOVED_SHEET in wb.sheetnames:
            project.problems.append(Problem(file=fname, sheet=MOVED_SHEET, level="warning", code="moved_values", message=(
                "这里是 cpaudit upgrade 移出的数据（当前定义中已没有它们的位置），不参与计算；核对或转填后可删除这张工作表")))
        unknown = [name for name in wb.sheetnames if name not in known]
        for table in tables:
            data = TableData(schema=table)
            project.tables[table.id] = data
            state = sheet_state(std, table, project.manifest.flags, table.sheet in wb.sheetnames)
            renamed = renamed_from(table.sheet, unknown, known) if state == "missing" else None
            if renamed:
                project.problems.append(Problem(
                    file=fname, sheet=table.sheet, level="error" if table_needed(table) else "warning",
                    message=f"缺少工作表（{table.title}）；工作表“{renamed}”是否就是它？如是，请改回原名"))
            elif state == "missing":
                gaps.sheet(table)
            if state != "read":
                continue
            data.present = True
            _read_sheet(wb[table.sheet], table, data, project, fname, gaps)
            if table.id == SELECTION_TABLE:
                selection_gaps(std, data, gaps)
    finally:
        wb.close()
    outdated = gaps.problem(fname, project.root)
    if outdated is not None:  # first, so that evaluate/report, which show the first errors, show it
        project.problems.insert(0, outdated)


def _open_error(path: Any, exc: Exception) -> str:
    name = type(exc).__name__
    chain, cur = set(), exc
    while cur is not None and len(chain) < 10:  # openpyxl wraps the parser's error in a ValueError
        chain.add(type(cur).__name__)
        cur = cur.__cause__ or cur.__context__
    if chain & {"EntitiesForbidden", "ExternalReferenceForbidden", "DTDForbidden", "NotSupportedError"}:
        return (f"数据工作簿 {path} 含有不安全的 XML（实体声明或外部引用，可能是恶意构造的文件），已拒绝读取。"
                f"请用 Excel 打开后另存为新的 .xlsx 文件")
    return f"无法读取数据工作簿 {path}：{name}: {exc}。请确认它是 Excel .xlsx 文件（可用 Excel 打开后重新保存）"


def _read_sheet(ws: Any, table: TableSchema, data: Any, project: Any, fname: str, gaps: Gaps) -> None:
    years = project.manifest.years_for(table)
    expected = columns(table, years)
    header = next(ws.iter_rows(min_row=1, max_row=1, values_only=True), None) or ()
    if len(header) > MAX_SHEET_COLUMNS:
        used = max((j for j, h in enumerate(header) if h is not None and str(h).strip()), default=-1) + 1
        if used > MAX_SHEET_COLUMNS:
            project.problems.append(Problem(file=fname, sheet=table.sheet, row=1, value=used, message=(
                f"表头有 {used} 列，超过上限 {MAX_SHEET_COLUMNS} 列；只读取前 {MAX_SHEET_COLUMNS} 列")))
        header = header[:min(max(used, 1), MAX_SHEET_COLUMNS)]
    width = max(len(header), 1)
    rows = ws.iter_rows(min_row=2, max_col=width, values_only=True)
    position: dict[str, int] = {}
    for j, h in enumerate(header):
        if h is not None and norm(h):
            if norm(h) in position:
                project.problems.append(Problem(
                    file=fname, sheet=table.sheet, row=1, column=col_letter(j), value=str(h), level="warning",
                    message=f"列“{norm(h)}”重复出现（第一次在 {col_letter(position[norm(h)])} 列），只读取第一次出现的列"))
            position.setdefault(norm(h), j)
    index: list[tuple[int, str, int | None, Any]] = []
    known = {norm(head) for head, *_ in expected}
    for head, fid, year, spec in expected:
        j = position.get(norm(head))
        if j is None:  # a new field or year: reported once for the workbook (see outdated.py)
            needed = fid != "note" and not (spec is not None and not spec.required and table.kind == "records")
            renamed = renamed_from(norm(head), [h for h in position if h not in known], known)
            if renamed:
                project.problems.append(Problem(file=fname, sheet=table.sheet, row=1, field=head.lstrip("*"),
                                                level="error" if needed else "warning",
                                                message=f"缺少这一列；表头“{renamed}”是否就是它？如是，请改回原表头"))
            else:
                gaps.column(table.sheet, head)
            continue
        index.append((j, fid, year, spec))
    for name, j in position.items():
        if name not in known and other_year(name, known):
            project.problems.append(Problem(
                file=fname, sheet=table.sheet, row=1, column=col_letter(j), value=name, level="warning",
                message=f"“{name}”不在当前的审核考察期（{years[0]}–{years[-1]} 年）内，这一列已忽略"))
        elif name not in known:
            close = difflib.get_close_matches(name, sorted(known), n=1)
            project.problems.append(Problem(
                file=fname, sheet=table.sheet, row=1, column=col_letter(j), value=name, level="warning",
                message=f"不认识的列“{name}”，已忽略" + (f"；是否想写“{close[0]}”？" if close else "")))
    items = {it.id: it for it in table.items}
    seen_items: set[str] = set()
    unknown_codes: list[str] = []
    for r, raw in enumerate(rows, start=2):
        if r > MAX_SHEET_ROWS + 1:
            project.problems.append(Problem(file=fname, sheet=table.sheet, row=r, message=(
                f"工作表超过 {MAX_SHEET_ROWS} 行数据的上限，其后的行未读取；请删除多余的行（含格式化的空行）")))
            break
        if raw is None or all(v is None or (isinstance(v, str) and not v.strip()) for v in raw):
            continue
        record: dict[str, Any] = {}
        spec_of_item = None
        if table.kind == "items":
            code_j = position.get("代码")
            code = str(raw[code_j]).strip() if code_j is not None and code_j < len(raw) and raw[code_j] is not None else ""
            if code not in items:
                unknown_codes.append(code)
                close = difflib.get_close_matches(code, list(items), n=1)
                hint = (f"，是否想写“{close[0]}”？" if close else "；如是标准已删除的数据项，运行 cpaudit upgrade "
                        f"会把这一行的数据移到“{MOVED_SHEET}”工作表")
                project.problems.append(Problem(
                    file=fname, sheet=table.sheet, row=r, column=col_letter(code_j or 0), field="代码", value=code,
                    message=f"未知的数据项代码“{code}”{hint}"))
                continue
            if code in seen_items:
                project.problems.append(Problem(file=fname, sheet=table.sheet, row=r, field="代码", value=code,
                                                message=f"数据项“{code}”重复出现"))
                continue
            seen_items.add(code)
            spec_of_item = items[code]
            record["id"] = code
            unit_changed(raw, position, spec_of_item, [x[0] for x in index if x[1] == "value"], table.sheet, gaps)
        for j, fid, year, spec in index:
            if fid == "note":  # 说明/数据来源 of an items row: kept as evidence (e.g. a checklist's 佐证材料)
                cell = raw[j] if j < len(raw) else None
                if cell is not None and str(cell).strip():
                    record["note"] = str(cell).strip()
                continue
            if fid in ITEM_COLUMNS:
                continue
            cell = raw[j] if j < len(raw) else None
            spec = spec_of_item if table.kind == "items" else spec
            value, err = parse_cell(cell, spec, fid)
            label = (f"{year}年" if year else "") + (spec.label if table.kind == "items" else "")
            if err:
                project.problems.append(Problem(file=fname, sheet=table.sheet, row=r, column=col_letter(j),
                                                field=label or spec.label, value=cell, message=err))
            if year is None:
                record[fid] = value
            else:
                record.setdefault(fid, {})[year] = value
        if table.kind == "records":
            for f in table.fields:
                if f.required and not f.per_year and record.get(f.id) is None and f.id in {x[1] for x in index}:
                    j = next(x[0] for x in index if x[1] == f.id)
                    if not any(p.row == r and p.column == col_letter(j) for p in project.problems):
                        project.problems.append(Problem(file=fname, sheet=table.sheet, row=r, column=col_letter(j),
                                                        field=f.label, message="必填项为空"))
        data.rows.append(record)
        data.sheet_rows.append(r)
    if table.kind == "records" and table.key:
        _check_key(table, data, index, project, fname)
    if table.kind == "items" and "代码" in position:  # without the 代码 column, the column is what is missing
        for it in table.items:
            renamed = renamed_from(it.id, unknown_codes, items) if it.id not in seen_items else None
            if renamed:
                project.problems.append(Problem(
                    file=fname, sheet=table.sheet, field=it.label, value=it.id, level="error" if it.required else "warning",
                    message=f"缺少数据项“{it.id}”这一行；代码“{renamed}”是否就是它？如是，请改回原代码"))
            elif it.id not in seen_items:
                gaps.item(table.sheet, f"{it.id} {it.label}")
    elif table.min_rows and len(data.rows) < table.min_rows and flag_on(project.manifest.flags, table.when):
        project.problems.append(Problem(file=fname, sheet=table.sheet, level="warning",
                                        message=f"至少应填写 {table.min_rows} 行，现有 {len(data.rows)} 行"))


def _check_key(table: TableSchema, data: Any, index: list, project: Any, fname: str) -> None:
    """``TableSchema.key`` names the field whose value must be unique (an enterprise id, an indicator code)."""
    spec = next((f for f in table.fields if f.id == table.key), None)
    col = next((col_letter(j) for j, fid, _y, _s in index if fid == table.key), "")
    label = spec.label if spec is not None else table.key
    first: dict[str, int] = {}
    for row, number in zip(data.rows, data.sheet_rows):
        value = row.get(table.key)
        if value is None or isinstance(value, dict):
            continue
        key = norm(value)
        if key in first:
            project.problems.append(Problem(
                file=fname, sheet=table.sheet, row=number, column=col, field=label, value=value, code="duplicate_key",
                message=f"“{label}”应唯一，但“{value}”与第 {first[key]} 行重复"))
        else:
            first[key] = number
