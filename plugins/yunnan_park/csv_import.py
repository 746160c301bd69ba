"""CSV → workbook sheet for the enterprise tables (编制说明 4.1.1 高效性: permit and department exports).

The CSV header names the columns either as the workbook does (``企业编号``, ``实际排放量（t/a）`` …, a
leading ``*`` optional) or by field id (``ent_id``, ``actual`` …).  Encoding: UTF-8 with or without BOM;
a GBK file gets a Chinese message saying how to save it as UTF-8.  Every cell is checked with the
workbook's own parser before anything is written; on any problem nothing is written.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from cpframework.api import read_csv_text
from cpframework.api import ProjectError, UsageError
from cpframework.api import check_zip_container
from cpframework.api import atomic_output, safe_cell
from cpframework.api import sheet_columns as columns, normalise_header as norm, parse_cell


def read_text(path: Path) -> str:
    """UTF-8 with or without BOM; GBK, empty, missing, too big: Chinese messages (core helper)."""
    return read_csv_text(path)


def backup_path(book: Path) -> Path:
    """Where the workbook as it was before the import is kept (one level of undo)."""
    return book.with_name(f"{book.stem}.导入前备份{book.suffix}")


def parse_csv(text: str, schema: Any, path: Path | str = "CSV") -> list[dict[str, Any]]:
    """Rows as field id → parsed value; every problem is collected and raised together."""
    if schema.kind != "records":
        raise UsageError(f"表“{schema.title}”是固定数据项表，不能从 CSV 导入；请直接在工作簿中填写")
    if any(f.per_year for f in schema.fields):
        raise UsageError(f"表“{schema.title}”含分年份字段，不支持 CSV 导入")
    try:
        all_rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise UsageError(f"{path} 格式有误（引号不配对或含 NUL 字符）：{exc}") from None
    reader = iter(all_rows)
    header = next(reader, None)
    if not header:
        raise UsageError(f"{path} 是空文件")
    lookup: dict[str, Any] = {}
    for _head, _fid, _year, spec in columns(schema, []):
        lookup[norm(spec.header())] = spec
        lookup[norm(spec.label)] = spec
        lookup[norm(spec.id)] = spec
    index: list[tuple[int, Any]] = []
    unknown = []
    for j, h in enumerate(header):
        spec = lookup.get(norm(h))
        if spec is None:
            if norm(h):
                unknown.append(h)
            continue
        index.append((j, spec))
    problems = [f"{path} 第 1 行：不认识的列“{h}”（表“{schema.sheet}”的列见 README）" for h in unknown]
    have = {spec.id for _, spec in index}
    problems += [f"{path} 第 1 行：缺少必填列“{f.label}”" for f in schema.fields if f.required and f.id not in have]
    rows: list[dict[str, Any]] = []
    for n, raw in enumerate(reader, start=2):
        if not any(c.strip() for c in raw):
            continue
        rec: dict[str, Any] = {}
        for j, spec in index:
            cell = raw[j] if j < len(raw) else None
            value, err = parse_cell(cell, spec, spec.label)
            if err:
                problems.append(f"{path} 第 {n} 行“{spec.label}”：{err}")
            elif spec.required and value is None:
                problems.append(f"{path} 第 {n} 行“{spec.label}”：必填，不能为空")
            rec[spec.id] = value
        rows.append(rec)
    if problems:
        more = f"\n  ……共 {len(problems)} 处" if len(problems) > 20 else ""
        raise UsageError("CSV 数据有误，未写入工作簿：\n  " + "\n  ".join(problems[:20]) + more)
    return rows


def import_csv(project: Any, std: Any, path: Path, table_id: str, *, replace: bool = False) -> tuple[int, str]:
    """Append (or replace) the rows of sheet ``table_id``; the workbook is written atomically."""
    import openpyxl

    if table_id not in std.tables:
        records = [t for t, s in std.tables.items() if s.kind == "records"]
        raise UsageError(f"没有表代码“{table_id}”；可导入的表：{'、'.join(records)}")
    schema = std.tables[table_id]
    rows = parse_csv(read_text(path), schema, path)
    book = project.workbook_path
    check_zip_container(book, "数据工作簿")
    try:
        wb = openpyxl.load_workbook(book)
    except Exception as exc:
        raise ProjectError(f"无法打开工作簿 {book}：{exc}") from None
    if schema.sheet not in wb.sheetnames:
        raise ProjectError(f"工作簿 {book} 中没有工作表“{schema.sheet}”；可用 cpaudit init 生成的模板补上")
    ws = wb[schema.sheet]
    header = {norm(c.value): c.column for c in ws[1] if c.value is not None}
    target = {}
    for head, fid, _year, spec in columns(schema, []):
        col = header.get(norm(head))
        if col is not None:
            target[fid] = col
    last = 1
    for r in range(ws.max_row, 1, -1):
        if any(ws.cell(r, c).value not in (None, "") for c in target.values()):
            last = r
            break
    if replace:
        for r in range(2, last + 1):
            for c in target.values():
                ws.cell(r, c).value = None
        last = 1
    for k, rec in enumerate(rows, start=last + 1):
        for fid, value in rec.items():
            if fid in target and value is not None:  # CSV text never becomes a formula in the workbook
                ws.cell(k, target[fid]).value = safe_cell(("是" if value else "否") if isinstance(value, bool) else value)
    with atomic_output(backup_path(book)) as tmp:  # the workbook as it was: one level of undo
        tmp.write_bytes(book.read_bytes())
    with atomic_output(book) as tmp:  # a killed import leaves the previous workbook intact
        wb.save(tmp)
    return len(rows), schema.sheet
