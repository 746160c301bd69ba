"""CSV → workbook sheet for the enterprise tables (编制说明 4.1.1 高效性: permit and department exports).

The CSV header names the columns either as the workbook does (``企业编号``, ``实际排放量（t/a）`` …, a
leading ``*`` optional) or by field id (``ent_id``, ``actual`` …); a header may state another unit
(``实际排放量（kg/a）``), converted like the workbook's.  Encoding: UTF-8 with or without BOM, or GBK/GB18030.
Platform export headers (排污单位名称, 实际排放量(t) …) are mapped by ``data/import_aliases.toml``; columns
the table does not have are kept out of the workbook with a warning.  Every cell is checked with the workbook's own
parser before anything is written; on any problem nothing is written.

Keys.  A row whose key (:func:`import_key`: the enterprise, and for 许可排放量 the pollutant and medium)
is already in the sheet — or twice in the CSV — is refused: imported twice, it would be summed.
``--update`` replaces those rows; ``--replace`` replaces the whole sheet.

Only the target sheet changes (:class:`cpframework.api.SheetEdit` edits its XML inside the package):
every other sheet keeps its formulas and the values Excel cached for them.
"""
from __future__ import annotations

import csv
import io
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import attrs

from cpframework.api import ProjectError, SheetEdit, UsageError, atomic_output, check_zip_container, is_missing_marker
from cpframework.api import parse_cell, safe_cell, split_unit, unit_factor
from cpframework.api import normalise_header as norm
from cpframework.api import sheet_columns as columns

from . import platform_export as pe

# the natural key of each enterprise table (a table that declares ``key`` uses it; the rest: every field)
IMPORT_KEYS = {"emissions": ("ent_id", "pollutant", "medium"), "energy_water": ("ent_id",),
               "statistics": ("ent_id",), "solid_waste": ("ent_id",), "enterprise_levels": ("ent_id",),
               "effects": ("code", "year")}


@attrs.frozen
class Imported:
    rows: int
    sheet: str
    mode: str              # 追加 / 按键更新 / 整表替换
    updated: int = 0       # rows replaced in place (--update)
    notes: tuple[str, ...] = ()


@lru_cache(maxsize=None)
def aliases() -> dict[str, dict[str, str]]:
    """data/import_aliases.toml: platform export headers per table, and the medium of each pollutant."""
    import tomllib

    text = (resources.files(__package__) / "data" / "import_aliases.toml").read_text(encoding="utf-8")
    return {k: {norm(h): v for h, v in d.items()} for k, d in tomllib.loads(text).items()}


def backup_path(book: Path) -> Path:
    """Where the workbook as it was before the import is kept (one level of undo)."""
    return book.with_name(f"{book.stem}.导入前备份{book.suffix}")


def import_key(schema: Any) -> tuple[str, ...]:
    declared = tuple(k.strip() for k in (schema.key or "").split(",") if k.strip())  # "ent_id, pollutant, medium"
    return declared or IMPORT_KEYS.get(schema.id) or tuple(f.id for f in schema.fields)


def _key(rec: dict[str, Any], fields: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(norm(rec.get(f)) if rec.get(f) is not None else "" for f in fields)


def _lookup(schema: Any) -> dict[str, Any]:
    lookup: dict[str, Any] = {}
    for _head, _fid, _year, spec in columns(schema, []):
        for name in (spec.header(), spec.label, spec.id):
            lookup[norm(name)] = spec
    return lookup


def parse_csv(text: str, schema: Any, path: Path | str = "CSV", enterprises: list[dict[str, Any]] | None = None,
              notes: list[str] | None = None) -> list[dict[str, Any]]:
    """:func:`parse_rows` of a CSV text."""
    try:
        all_rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise UsageError(f"{path} 格式有误（引号不配对或含 NUL 字符）：{exc}") from None
    return parse_rows(all_rows, schema, path, enterprises, notes)


def _header_spec(h: str, lookup: dict[str, Any], alias: dict[str, str], specs: dict[str, Any],
                 problems: list[str], notes: list[str], path: Any) -> tuple[Any, float, str | None]:
    """(field spec, unit factor, id-lookup target) of one header cell."""
    spec, factor = lookup.get(norm(h)), 1.0
    target = alias.get(norm(h)) if spec is None else None
    if target and target.startswith("_"):
        return None, 1.0, target
    if target in specs:
        return specs[target], 1.0, None
    if spec is None and norm(h):
        base, unit = split_unit(norm(h))
        spec = lookup.get(base) or specs.get(alias.get(base, ""))
        if spec is not None and unit:  # a header stating another unit: converted, or refused
            factor, note = unit_factor(unit, spec)
            if factor is None and str(spec.unit or "").endswith("/a") and "/" not in unit:
                factor, note = unit_factor(unit + "/a", spec)   # 年报 quantities: “(t)”, “(kg)” per year
                note = f"执行报告年报的年排放量，“{unit}”按“{unit}/a”读" + (f"；{note}" if note else "")
            if factor is None:
                problems.append(f"{path} 表头“{h}”：{note}")
                return None, 1.0, "_refused"
            if note:
                notes.append(f"{path} 列“{h}”：{note}")
    return spec, factor, None


def parse_rows(all_rows: list[list[Any]], schema: Any, path: Path | str = "CSV",
               enterprises: list[dict[str, Any]] | None = None, notes: list[str] | None = None,
               outside: bool = False) -> list[dict[str, Any]]:
    """Rows as field id → parsed value; every problem is collected and raised together.

    Headers: the workbook's, field ids, or a platform export's (data/import_aliases.toml), found in the top
    rows (a title line above is skipped).  A file with no 企业编号 gets it from ``enterprises`` (企业名录) by
    许可证编号, 统一社会信用代码 (its first 18 characters) or 排污单位名称.  Platform wordings of pollutants,
    media and destinations are read as the workbook's (:mod:`.platform_export`); 合计 lines are skipped.
    Columns the table does not have are left out and listed in ``notes``; so is every inferred value."""
    notes = notes if notes is not None else []
    table = aliases()
    common = table.get("common", {}) if schema.id != "enterprises" and any(f.id == "ent_id" for f in schema.fields) else {}
    alias = {**common, **table.get(f"{schema.id}_base", {}), **table.get(f"{schema.id}_more", {}), **table.get(schema.id, {})}
    if schema.kind != "records":
        raise UsageError(f"表“{schema.title}”是固定数据项表，不能从 CSV 导入；请直接在工作簿中填写")
    if any(f.per_year for f in schema.fields):
        raise UsageError(f"表“{schema.title}”含分年份字段，不支持 CSV 导入")
    lookup = _lookup(schema)
    h0 = pe.header_row(all_rows, lambda h: norm(h) in lookup or norm(h) in alias
                       or split_unit(norm(h))[0] in lookup or split_unit(norm(h))[0] in alias)
    if h0:
        notes.append(f"{path}：第 {'1' if h0 == 1 else f'1–{h0}'} 行是标题，表头取第 {h0 + 1} 行")
    header = [str(c) if c is not None else "" for c in all_rows[h0]] if all_rows else None
    if not header or not any(c.strip() for c in header):
        raise UsageError(f"{path} 是空文件")
    units = pe.unit_row(all_rows[h0 + 1]) if len(all_rows) > h0 + 1 else None
    if units is not None:   # a two-row header: the units under the names
        header = [h + (f"({u})" if u else "") for h, u in zip(header, units + [""] * (len(header) - len(units)))]
        notes.append(f"{path}：第 {h0 + 2} 行是单位行，已并入表头")
        all_rows = all_rows[:h0 + 1] + [[]] + all_rows[h0 + 2:]   # keeps the file's row numbers
    index: list[tuple[int, Any, float]] = []
    problems: list[str] = []
    specs = {f.id: f for f in schema.fields}
    lookups: dict[str, int] = {}
    for j, h in enumerate(header):
        spec, factor, target = _header_spec(h, lookup, alias, specs, problems, notes, path)
        if target:
            lookups[target] = j
            if target in ("_outlet", "_outlet_type"):
                notes.append(f"{path} 第 {h0 + 1} 行：列“{h}”只用于推定废水或废气，未导入")
            continue
        if spec is None:
            if norm(h):
                notes.append(f"{path} 第 {h0 + 1} 行：列“{h}”不是表“{schema.sheet}”的列，未导入")
            continue
        if any(s.id == spec.id for _j, s, _f in index):
            problems.append(f"{path} 第 {h0 + 1} 行：列“{h}”与另一列都是“{spec.label}”，只能有一列")
            continue
        index.append((j, spec, factor))
    have = {spec.id for _, spec, _f in index}
    derived = set()
    if "ent_id" not in have and "ent_id" in specs and {"_permit_no", "_name", "_credit"} & set(lookups) \
            and enterprises is not None:
        derived.add("ent_id")
    if "medium" not in have and "medium" in specs and "pollutant" in have:
        derived.add("medium")
    problems += [f"{path} 第 {h0 + 1} 行：缺少必填列“{f.label}”" for f in schema.fields
                 if f.required and f.id not in have and f.id not in derived]
    by_permit = {norm(e.get("permit_no")).upper(): e.get("ent_id") for e in enterprises or [] if e.get("permit_no")}
    by_credit = {k[:18]: v for k, v in by_permit.items() if len(k) >= 18}
    by_name = {norm(e.get("name")): e.get("ent_id") for e in enterprises or [] if e.get("name")}
    media = table.get("medium", {})
    names = {re.sub(r"\s+", "", k).lower(): v for k, v in table.get("pollutant", {}).items()}
    id_cols = [j for j, s, _f in index if s.id == "ent_id"] + \
              [lookups[k] for k in ("_permit_no", "_name", "_credit") if k in lookups]
    others: list[int] = []
    not_loads = {re.sub(r"\s+", "", k).lower() for k in table.get("not_loads", {})}
    skipped: dict[str, list[int]] = {}
    rewritten: dict[str, set[str]] = {}
    air_forms = 0
    rows: list[dict[str, Any]] = []
    for n, raw in enumerate(all_rows[h0 + 1:], start=h0 + 2):
        raw = ["" if c is None else c for c in raw]
        if not any(pe._text(c) for c in raw):
            continue
        if pe.is_total_row(raw, id_cols):
            notes.append(f"{path} 第 {n} 行是合计行，未导入（园区合计由程序按企业行计算）")
            continue
        rec: dict[str, Any] = {"_line": n}
        mine: list[str] = []   # this row's problems: dropped with the row when it is skipped
        for j, spec, factor in index:
            cell = raw[j] if j < len(raw) else None
            if spec.id == "pollutant" and spec.choices and pe.not_a_load(cell, not_loads):
                skipped.setdefault(pe._text(cell), []).append(n)
                rec = {}
                break
            if spec.id == "year" and isinstance(cell, str):
                cell = re.sub(r"^\s*(\d{4})\s*年度?\s*$", r"\1", cell)   # 2025年, 2025年度
            if spec.id == "pollutant" and spec.choices:
                new = pe.pollutant(cell, names, list(spec.choices))
                if new != cell:
                    rewritten.setdefault("污染物", set()).add(f"{pe._text(cell)}→{new}")
                cell = new
            elif spec.id == "medium" and spec.choices:
                cell = pe.medium(cell)
            elif spec.id == "destination" and spec.choices:
                new, air = pe.destination(cell)
                air_forms += air
                if new != cell and not air:
                    rewritten.setdefault("排放去向", set()).add(f"{pe._text(cell)}→{new}")
                cell = new
                if air:
                    continue   # an air emission form says nothing of the destination: the sheet's cell stays
            value, err = parse_cell(cell, spec, spec.label, factor=factor)
            if err:
                mine.append(f"{path} 第 {n} 行“{header[j]}”列：{err}")
            elif spec.required and value is None:
                marker = f"（“{str(cell).strip()}”表示无数据）" if cell and is_missing_marker(cell, spec) else ""
                mine.append(f"{path} 第 {n} 行“{header[j]}”列：必填，不能为空{marker}")
            rec[spec.id] = value
        if not rec:
            continue
        if "ent_id" in derived:
            found = pe.resolve_enterprise(rec, raw, lookups, by_permit, by_credit, by_name, path, n)
            if found and outside and "企业名录中没有" in found[0]:   # --outside: a county-wide export, other parks' rows
                others.append(n)
                continue
            mine += found
        problems += mine
        if "medium" in derived and rec.get("medium") is None and rec.get("pollutant") is not None:
            at = lambda k: raw[lookups[k]] if k in lookups and lookups[k] < len(raw) else ""  # noqa: E731
            m = (pe.medium_from_outlet(at("_outlet"), at("_outlet_type"))
                 or ("废水" if rec.get("destination") is not None else None)   # 直接/间接排放: said of wastewater only
                 or media.get(norm(rec.get("pollutant") or "")))
            if m is None:
                problems.append(f"{path} 第 {n} 行：污染物“{rec.get('pollutant')}”在废水、废气中都可能有，"
                                "文件中没有“类别”列（也没有可判断的排放口编号 DW…/DA…）；请加一列“类别”填废水或废气")
            rec["medium"] = m
        rows.append(rec)
    if others:
        shown = "、".join(map(str, others[:30])) + ("……" if len(others) > 30 else "")
        notes.append(f"{path}：{len(others)} 行的企业不在企业名录中（园区外企业），按 --outside 跳过：第 {shown} 行")
    if skipped:
        listed = "；".join(f"{p}（第 {'、'.join(map(str, ns))} 行）" for p, ns in skipped.items())
        notes.append(f"{path}：以下污染物不是审核分级清单的负荷（编制说明 5.5(4)），未导入：{listed}")
    for what, pairs in rewritten.items():
        notes.append(f"{path}：{what}按工作簿的写法读入：{'；'.join(sorted(pairs))}")
    if air_forms:
        notes.append(f"{path}：{air_forms} 行的排放方式是“有组织/无组织”（废气的排放形式，不是废水的排放去向），未导入排放去向")
    if "medium" in derived:
        notes.append(f"{path}：文件没有“类别”列，已按排放口（编号 DW 为废水、DA 为废气；车间排口为废水）、排放去向（废水）或污染物推定：化学需氧量、氨氮、"
                     "总氮、总磷为废水，二氧化硫、氮氧化物、颗粒物、挥发性有机物为废气")
    _check_duplicates(rows, schema, path, problems)
    if problems:
        more = f"\n  ……共 {len(problems)} 处" if len(problems) > 20 else ""
        raise UsageError("导入文件中的数据有误，未写入工作簿：\n  " + "\n  ".join(problems[:20]) + more)
    return rows


def _check_duplicates(rows: list[dict[str, Any]], schema: Any, path: Any, problems: list[str]) -> None:
    keyf = import_key(schema)
    first: dict[tuple[str, ...], int] = {}
    for rec in rows:
        k = _key(rec, keyf)
        if k in first:
            hint = "；文件按排放口或有组织/无组织分行时，请导出或填写全厂合计（一企一污染物一类别一行）"
            problems.append(f"{path} 第 {rec['_line']} 行与第 {first[k]} 行的{_key_text(schema, keyf, rec)}相同："
                            f"同一项只能有一行（否则会被重复累加）{hint}")
        first.setdefault(k, rec["_line"])


def _key_text(schema: Any, keyf: tuple[str, ...], rec: dict[str, Any]) -> str:
    labels = {f.id: f.label for f in schema.fields}
    return "“" + "、".join(f"{labels.get(f, f)} {rec.get(f) if rec.get(f) is not None else '（空）'}" for f in keyf) + "”"


def _sheet_layout(book: Path, schema: Any) -> tuple[dict[str, int], dict[tuple[str, ...], int], int]:
    """Column (1-based) of every field present, the key → sheet row of the rows already there, the last row."""
    import openpyxl

    wb = openpyxl.load_workbook(book, read_only=True, data_only=True)
    try:
        if schema.sheet not in wb.sheetnames:
            raise ProjectError(f"工作簿 {book} 中没有工作表“{schema.sheet}”；可用 cpaudit init 生成的模板补上")
        if not hasattr(wb[schema.sheet], "iter_rows"):
            raise ProjectError(f"工作簿 {book} 中的“{schema.sheet}”是图表工作表，不是数据表；请用 cpaudit init 生成的模板恢复它")
        rows = wb[schema.sheet].iter_rows(values_only=True)
        header = next(rows, None) or ()
        position = {norm(h): j + 1 for j, h in enumerate(header) if h is not None}
        target = {fid: position[norm(head)] for head, fid, _y, _s in columns(schema, []) if norm(head) in position}
        specs = {f.id: f for f in schema.fields}
        keyf = import_key(schema)
        existing: dict[tuple[str, ...], int] = {}
        last = 1
        for r, values in enumerate(rows, start=2):
            cells = {fid: values[c - 1] if c - 1 < len(values) else None for fid, c in target.items()}
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in cells.values()):
                continue
            last = r
            rec = {f: parse_cell(cells.get(f), specs[f], f)[0] for f in keyf if f in specs}
            existing.setdefault(_key(rec, keyf), r)
        return target, existing, last
    finally:
        wb.close()


def import_csv(project: Any, std: Any, path: Path, table_id: str, *, replace: bool = False,
               update: bool = False, outside: bool = False) -> Imported:
    """Append (or update by key, or replace) the rows of sheet ``table_id``; the workbook is written atomically
    and only that sheet's XML changes."""
    if table_id not in std.tables:
        records = [t for t, s in std.tables.items() if s.kind == "records"]
        raise UsageError(f"没有表代码“{table_id}”；可导入的表：{'、'.join(records)}")
    if replace and update:
        raise UsageError("--replace（整表替换）与 --update（按键更新）只能选一个")
    schema = std.tables[table_id]
    found: list[str] = []
    ent = project.tables.get("enterprises")
    raw_rows, label = pe.read_rows(path)
    rows = parse_rows(raw_rows, schema, label, enterprises=list(ent.rows) if ent is not None else [], notes=found,
                      outside=outside)
    book = project.workbook_path
    check_zip_container(book, "数据工作簿")
    target, existing, last = _sheet_layout(book, schema)
    keyf = import_key(schema)
    if "year" in keyf:   # a blank 年份 is the base year, in the file and in the sheet alike (no silent second row)
        base, i = project.manifest.baseline, keyf.index("year")
        if any(rec.get("year") is None for rec in rows):
            found.append(f"{path}：没有填年份的行按审核基准期 {base} 年导入")
        for rec in rows:
            if rec.get("year") is None:
                rec["year"] = base
        filled = _key({"year": base}, ("year",))[0]
        existing = {(k[:i] + (filled,) + k[i + 1:] if k[i] == "" else k): r for k, r in existing.items()}
    clashes = [(rec, existing[_key(rec, keyf)]) for rec in rows if _key(rec, keyf) in existing]
    if clashes and not (replace or update):
        shown = "\n  ".join(f"{path} 第 {rec['_line']} 行{_key_text(schema, keyf, rec)}：工作表第 {r} 行已有"
                            for rec, r in clashes[:20])
        raise UsageError(f"以下行在工作表“{schema.sheet}”中已经存在，未写入（再次导入会被重复累加）：\n  {shown}\n"
                         f"要用 CSV 中的数据替换这些行，请加 --update；要清空整张表后重新导入，请加 --replace")
    edit = SheetEdit(book, schema.sheet)
    planned: list[tuple[int, dict[str, Any]]] = []  # (sheet row, record); {} = a row cleared by --replace
    if replace:
        planned += [(r, {}) for r in range(2, last + 1)]
        planned += [(2 + i, rec) for i, rec in enumerate(rows)]
    else:
        at = {id(rec): r for rec, r in clashes}  # --update: the row that holds the key
        nxt = last + 1
        for rec in rows:
            if id(rec) not in at:
                at[id(rec)], nxt = nxt, nxt + 1
            planned.append((at[id(rec)], rec))
    for r, _rec in planned:
        for c in target.values():
            edit.writable(r, c)
    if edit.formula_cells:
        raise UsageError(f"工作表“{schema.sheet}”中要写入的单元格含有公式（{'、'.join(edit.formula_cells[:10])}），"
                         f"导入不会改动公式；请先删除这些公式，或改在工作簿中直接填写")
    for r, rec in planned:
        for fid, c in target.items():
            if not rec:
                edit.set(r, c, None)
            elif fid in rec:  # a column the CSV does not have is left as it is
                edit.set(r, c, _stored(rec[fid]))
    with atomic_output(backup_path(book)) as tmp:  # the workbook as it was: one level of undo
        tmp.write_bytes(book.read_bytes())
    with atomic_output(book) as tmp:  # a killed import leaves the previous workbook intact
        edit.save(tmp)
    notes = tuple(found) + tuple(f"工作表“{name}”中有 {n} 个公式引用了“{schema.sheet}”：它们在 Excel 中显示的值要重新计算"
                  f"（在 Excel 中打开并保存）后才会更新" for name, n in edit.referring_formulas().items())
    mode = "整表替换" if replace else ("按键更新" if update else "追加")
    return Imported(rows=len(rows), sheet=schema.sheet, mode=mode, updated=0 if replace else len(clashes), notes=notes)


def _stored(value: Any) -> Any:
    """A parsed value as the sheet stores it: CSV text never becomes a formula; dates as ISO text."""
    if isinstance(value, str):
        return safe_cell(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value
