"""The data-entry workbook: generated from a standard's table schemas, read back with every problem
located by sheet, row and column.

Layout.  A ``records`` sheet has one header row (labels with units; ``*`` marks required fields;
per-year fields get one column per year, e.g. ``2024年产量（t）``).  An ``items`` sheet has the
columns 代码 | 数据项 | 单位 | value(s) | 说明, one row per item the standard declares; rows are found
by 代码, so the consultant may reorder them.  Formulas are never written: the tool is the calculator.
"""
from __future__ import annotations

import difflib
import unicodedata
from typing import Any, cast

from cpframework.errors import Problem, ProjectError
from cpframework.io.safe_read import MAX_SHEET_COLUMNS, MAX_SHEET_ROWS, check_zip_container
from cpframework.io.safe_write import unsafe_cell
from cpframework.io.values import clean_text, strip_invisible
from cpframework.model import Field, TableSchema, flag_on
from cpframework.project.cells import (  # noqa: F401
    NUMERIC,
    control_characters,
    is_amount_unit,
    is_missing_marker,
    parse_cell,
    split_unit,
    unit_factor,
)
from cpframework.project.outdated import (
    MOVED_SHEET,
    Gaps,
    other_year,
    renamed_from,
    selection_gaps,
    sheet_state,
    table_needed,
)
from cpframework.project.subject_items import apply_subject

SELECTION_TABLE = "indicator_selection"
ITEM_COLUMNS = ("代码", "数据项", "单位")
NOTE_COLUMN = "说明/数据来源"


def norm(text: Any) -> str:
    """Header and key normalisation: NFKC (full-width → half-width), no spaces or invisible characters,
    no leading '*'."""
    s = strip_invisible(unicodedata.normalize("NFKC", str(text or ""))).replace(" ", "").replace("\u3000", "")
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


def col_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


# ---------------------------------------------------------------- reading


def read_workbook(project: Any, std: Any) -> None:
    """Fill ``project.tables`` from the workbook and append every problem to ``project.problems`` (a workbook
    read before with the same content, project and standard is not parsed again: see ``workbook_cache``)."""
    from cpframework.project.workbook_cache import read_cached

    read_cached(project, std, _read_workbook)


def _read_workbook(project: Any, std: Any) -> None:
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
        known = {t.sheet for t in tables} | {"说明", "从这里开始", "_lists", MOVED_SHEET}
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
            apply_subject(wb[table.sheet], table, data, project, std.info, fname)
            if table.id == SELECTION_TABLE:
                selection_gaps(std, data, gaps)
    finally:
        wb.close()
    outdated = gaps.problem(fname, project.root)
    if outdated is not None:  # first, so that evaluate/report, which show the first errors, show it
        project.problems.insert(0, outdated)


def _open_error(path: Any, exc: Exception) -> str:
    from cpframework.io.spreadsheet import open_error

    return open_error(path, exc, "数据工作簿")


def _read_sheet(ws: Any, table: TableSchema, data: Any, project: Any, fname: str, gaps: Gaps) -> None:
    if not hasattr(ws, "iter_rows"):  # a chart sheet carrying the table's name
        project.problems.append(Problem(file=fname, sheet=table.sheet, message=(
            "是图表工作表，不是数据表；请把图表移到其他工作表，并用 `cpaudit init` 生成的模板恢复这张表")))
        return
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
    rows = ws.iter_rows(min_row=2, max_col=width)  # cells, not values: the number format tells 4% from 0.04

    def problem(**kw: Any) -> None:
        project.problems.append(Problem(file=fname, sheet=table.sheet, **kw))

    position: dict[str, int] = {}
    for j, h in enumerate(header):
        if h is not None and norm(h):
            if norm(h) in position:
                problem(row=1, column=col_letter(j), value=str(h), level="warning",
                        message=f"列“{norm(h)}”重复出现（第一次在 {col_letter(position[norm(h)])} 列），只读取第一次出现的列")
            position.setdefault(norm(h), j)
    factors, consumed, handled = _unit_headers(expected, position, header, problem)
    index: list[tuple[int, str, int | None, Any]] = []
    known = {norm(head) for head, *_ in expected}
    for head, fid, year, spec in expected:
        found = position.get(norm(head))
        if found is None:
            if norm(head) in handled:  # its column states another unit that could not be converted (reported)
                continue
            needed = fid != "note" and not (spec is not None and not spec.required and table.kind == "records")
            renamed = renamed_from(norm(head), [h for h in position if h not in known and h not in consumed], known)
            if renamed:
                problem(row=1, field=head.lstrip("*"), level="error" if needed else "warning",
                        message=f"缺少这一列；表头“{renamed}”是否就是它？如是，请改回原表头")
            else:  # a new field or year: reported once for the workbook (see outdated.py)
                gaps.column(table.sheet, head)
            continue
        index.append((found, fid, year, spec))
    for name, j in position.items():
        if name not in known and name not in consumed and other_year(name, known):
            problem(row=1, column=col_letter(j), value=name, level="warning",
                    message=f"“{name}”不在当前的审核考察期（{years[0]}–{years[-1]} 年）内，这一列已忽略")
        elif name not in known and name not in consumed:
            close = difflib.get_close_matches(name, sorted(known), n=1)
            problem(row=1, column=col_letter(j), value=name, level="warning",
                    message=f"不认识的列“{name}”，已忽略" + (f"；是否想写“{close[0]}”？" if close else ""))
    items = {it.id: it for it in table.items}
    seen_items: dict[str, int] = {}
    unknown_codes: list[str] = []
    from cpframework.io.xlsx_edit import uncached_formulas

    uncached = uncached_formulas(project.workbook_path, table.sheet)  # formulas read as "empty" otherwise
    unit_j = position.get("单位") if table.kind == "items" else None
    for r, cells in enumerate(rows, start=2):
        if r > MAX_SHEET_ROWS + 1:
            problem(row=r, message=(f"工作表超过 {MAX_SHEET_ROWS} 行数据的上限，其后的行未读取；"
                                    f"请删除多余的行（含格式化的空行）"))
            break
        raw = tuple(c.value for c in cells)
        if not raw or all(v is None or (isinstance(v, str) and not v.strip()) for v in raw):
            continue
        record: dict[str, Any] = {}
        spec_of_item = None
        row_factor = 1.0
        if table.kind == "items":
            code_j = position.get("代码")
            cell = raw[code_j] if code_j is not None and code_j < len(raw) else None
            code = norm(cell) if cell is not None else ""
            if code not in items:
                unknown_codes.append(code)
                close = difflib.get_close_matches(code, list(items), n=1)
                hint = (f"，是否想写“{close[0]}”？" if close else "；如是标准已删除的数据项，运行 cpaudit upgrade "
                        f"会把这一行的数据移到“{MOVED_SHEET}”工作表")
                problem(row=r, column=col_letter(code_j or 0), field="代码", value=code,
                        message=f"未知的数据项代码“{code}”{hint}")
                continue
            if code in seen_items:
                problem(row=r, column=col_letter(code_j or 0), field="代码", value=code, code="duplicate_key",
                        message=f"数据项“{code}”重复出现（第一次在第 {seen_items[code]} 行），此行未读取")
                continue
            seen_items[code] = r
            spec_of_item = items[code]
            record["id"] = code
            if unit_j is not None and unit_j < len(raw):
                f, note = unit_factor(raw[unit_j], spec_of_item)
                if f is None:
                    problem(row=r, column=col_letter(unit_j), field=f"{spec_of_item.label}的单位", value=raw[unit_j],
                            code="unit", message=note)
                    data.rows.append(record)  # the row exists (no "missing item"), its values are not used
                    data.sheet_rows.append(r)
                    continue
                if note:
                    problem(row=r, column=col_letter(unit_j), field=f"{spec_of_item.label}的单位", value=raw[unit_j],
                            level="warning", code="unit_converted", message=note)
                row_factor = f
        for j, fid, year, spec in index:
            cell = raw[j] if j < len(raw) else None
            if fid == "note":  # 说明/数据来源 of an items row: kept as evidence (e.g. a checklist's 佐证材料)
                if cell is not None and str(cell).strip():
                    record["note"] = clean_text(str(cell))
                continue
            if fid in ITEM_COLUMNS:
                continue
            spec = cast(Any, spec_of_item if table.kind == "items" else spec)  # an items table's one value spec
            if cell is None and (r, j + 1) in uncached:
                problem(row=r, column=col_letter(j), field=spec.label, value=uncached[(r, j + 1)], code="formula", message=(
                    f"单元格是公式“{uncached[(r, j + 1)]}”，但文件中没有它的计算结果（由不计算公式的程序保存）；"
                    f"请在 Excel/WPS 中打开并保存一次，或直接填写数值"))
                continue
            fmt = getattr(cells[j], "number_format", None) if j < len(cells) else None
            value, err = parse_cell(cell, spec, fid, number_format=fmt,
                                    factor=row_factor if table.kind == "items" else factors.get(j, 1.0))
            label = (f"{year}年" if year else "") + (spec.label if table.kind == "items" else "")
            where = dict(row=r, column=col_letter(j), field=label or spec.label, value=cell)
            if err:
                problem(**where, message=err)
            elif value is None and cell is not None and is_missing_marker(unsafe_cell(cell), spec):
                needed = table.kind == "records" and spec.required and year is None
                problem(**where, level="error" if needed else "warning", code="na_marker",
                        message=f"“{str(cell).strip()}”表示无数据，" + ("必填项为空；请填写数值或内容" if needed else
                                                                "按未填写（缺值）处理；有数据请填写，确实不适用的请按表中说明注明"))
            elif chars := control_characters(cell):
                problem(**where, level="warning", code="control_char",
                        message=f"含有 Word 无法显示的控制字符（{'、'.join(chars)}），报告中将删除或换行；请在 Excel 中删去")
            if year is None:
                record[fid] = value
            else:
                record.setdefault(fid, {})[year] = value
        if table.kind == "records":
            for fld in table.fields:
                if fld.required and not fld.per_year and record.get(fld.id) is None and fld.id in {x[1] for x in index}:
                    j = next(x[0] for x in index if x[1] == fld.id)
                    if not any(p.row == r and p.column == col_letter(j) for p in project.problems):
                        problem(row=r, column=col_letter(j), field=fld.label, message="必填项为空")
        data.rows.append(record)
        data.sheet_rows.append(r)
    # keys (one field or several) are checked with the loaded rows by cpframework.evaluation.integrity
    if table.kind == "items" and "代码" in position:  # without the 代码 column, the column is what is missing
        for it in table.items:
            renamed = renamed_from(it.id, unknown_codes, items) if it.id not in seen_items else None
            if renamed:
                problem(field=it.label, value=it.id, level="error" if it.required else "warning",
                        message=f"缺少数据项“{it.id}”这一行；代码“{renamed}”是否就是它？如是，请改回原代码")
            elif it.id not in seen_items:
                gaps.item(table.sheet, f"{it.id} {it.label}")
    elif table.min_rows and len(data.rows) < table.min_rows and flag_on(project.manifest.flags, table.when):
        problem(level="warning", message=f"至少应填写 {table.min_rows} 行，现有 {len(data.rows)} 行")


def _unit_headers(expected: list, position: dict[str, int], header: tuple,
                  problem: Any) -> tuple[dict[int, float], set[str], set[str]]:
    """Columns whose header states a unit other than the template's (``2024年产量（万t）`` for
    ``2024年产量（t）``) or none at all: ``(factor by column, headers consumed, template heads handled)``.
    A known conversion is applied with a warning; an unknown one is an error naming the header cell
    (the column is then not read)."""
    known = {norm(h) for h, *_ in expected}
    spare: dict[str, tuple[str, int, str]] = {}
    for name, j in position.items():
        if name not in known:
            base, unit = split_unit(name)
            spare.setdefault(base, (name, j, unit))
    factors: dict[int, float] = {}
    consumed: set[str] = set()
    handled: set[str] = set()
    for head, _fid, _year, spec in expected:
        h = norm(head)
        if h in position or spec is None or not spec.unit or spec.type not in NUMERIC:
            continue
        base, _unit = split_unit(h)
        found = spare.get(base)
        if found is None or found[0] in consumed:
            continue
        name, j, unit = found
        consumed.add(name)
        handled.add(h)
        text = str(header[j]).strip()
        if not unit:
            position[h] = j
            problem(row=1, column=col_letter(j), value=text, level="warning", code="unit_assumed",
                    message=f"表头“{text}”没有写单位，按模板单位“{spec.unit}”读取")
            continue
        f, note = unit_factor(unit, spec)
        if f is None:
            problem(row=1, column=col_letter(j), value=text, code="unit", message=f"表头“{text}”：{note}；这一列未读取")
            continue
        position[h] = j
        factors[j] = f
        problem(row=1, column=col_letter(j), value=text, level="warning", code="unit_converted",
                message=f"表头“{text}”：{note}")
    return factors, consumed, handled
