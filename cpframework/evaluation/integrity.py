"""Checks over the project's tables as loaded (``TableData``): what makes a result trustworthy.

* **keys** — every list table declares its key (``TableSchema.key``, one field or several separated by
  commas, e.g. ``"enterprise, year, pollutant"``); a repeated key is an error naming both rows.  Rows
  are never summed silently.
* **required cells** — a required field left blank.
* **plausibility across years** — a per-year value that differs from the other years of the same row
  (or of the same key in year-keyed tables) by a factor of 10 or more is a warning naming the cell
  (a unit typed as t instead of 万t, a value typed ×100).
* **reconciliation rules** (:class:`~cpframework.model.CheckRule`, e.g. ``data/rules.toml`` of a plugin): a stated total against the
  sum of its parts, a stated count against the rows it counts, a part against its whole or a bound
  (e.g. days ≤ days in the year) — each mismatch names both sides and both values, with a tolerance
  that is data.

These run on the tables in memory, so ``check`` on a workbook and a metamorphic test on a mutated
copy of a project (:mod:`cpframework.testing.metamorphic`) go through the same code.
"""
from __future__ import annotations

import calendar
import unicodedata
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from cpframework.calc.trace import fmt
from cpframework.errors import Problem
from cpframework.model import CheckRule, RuleRef

SERIES_FACTOR = 10.0


def key_fields(schema: Any) -> tuple[str, ...]:
    return tuple(k.strip() for k in (schema.key or "").split(",") if k.strip())


def _norm(value: Any) -> Any:
    if isinstance(value, str):
        text = unicodedata.normalize("NFKC", value)
        return "".join(ch for ch in text if unicodedata.category(ch) not in ("Cf", "Zs", "Cc")).strip()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _label(schema: Any, field_id: str) -> str:
    spec = next((f for f in schema.fields if f.id == field_id), None)
    return spec.label if spec is not None else field_id


def duplicate_key_problems(data: Any, fname: str, columns: dict[str, str] | None = None) -> list[Problem]:
    """One error per row whose key repeats an earlier row's, naming both rows and the key values."""
    schema = data.schema
    keys = key_fields(schema)
    if schema.kind != "records" or not keys:
        return []
    first: dict[tuple[Any, ...], int] = {}
    out = []
    for row, number in zip(data.rows, data.sheet_rows or [None] * len(data.rows)):
        values = tuple(row.get(k) for k in keys)
        if any(v is None or isinstance(v, dict) for v in values):
            continue
        k = tuple(_norm(v) for v in values)
        if k in first:
            shown = "、".join(f"{_label(schema, f)} {v}" for f, v in zip(keys, values))
            label = "+".join(_label(schema, f) for f in keys)
            out.append(Problem(file=fname, sheet=schema.sheet, row=number, column=(columns or {}).get(keys[0], ""),
                               field=label, value=" / ".join(map(str, values)), code="duplicate_key",
                               message=f"与第 {first[k]} 行重复（{shown}）：同一{label}只能填一行，重复的行不会被累加；"
                                       "请删除或合并其中一行"))
        else:
            first[k] = number
    return out


def required_problems(data: Any, fname: str) -> list[Problem]:
    schema = data.schema
    if schema.kind != "records":
        return []
    out = []
    required = [f for f in schema.fields if f.required and not f.per_year]
    for row, number in zip(data.rows, data.sheet_rows or [None] * len(data.rows)):
        for f in required:
            if row.get(f.id) is None:
                out.append(Problem(file=fname, sheet=schema.sheet, row=number, field=f.label, message="必填项为空",
                                   code="required"))
    return out


def bound_problems(data: Any, fname: str) -> list[Problem]:
    """A numeric cell outside its field's declared ``min``/``max`` (the workbook reader refuses such a cell
    where it reads it; this catches values that reach the tables another way, e.g. an import)."""
    schema = data.schema
    if schema.kind != "records":
        return []
    bounded = [f for f in schema.fields if f.type in ("number", "integer") and (f.min is not None or f.max is not None)]
    out = []
    for row, number in zip(data.rows, data.sheet_rows or [None] * len(data.rows)):
        for f in bounded:
            v = row.get(f.id)
            for year, x in (v.items() if isinstance(v, dict) else [(None, v)]):
                if not isinstance(x, (int, float)) or isinstance(x, bool):
                    continue
                label = f"{year}年{f.label}" if year else f.label
                if f.min is not None and x < f.min:
                    out.append(Problem(file=fname, sheet=schema.sheet, row=number, field=label, value=x, code="bound",
                                       message=f"取值 {fmt(x)} 小于允许的最小值 {fmt(f.min)}"))
                elif f.max is not None and x > f.max:
                    out.append(Problem(file=fname, sheet=schema.sheet, row=number, field=label, value=x, code="bound",
                                       message=f"取值 {fmt(x)} 大于允许的最大值 {fmt(f.max)}"))
    return out


def _series(data: Any) -> Iterator[tuple[str, dict[int, int | None], str, dict[int, Any]]]:
    """(label, sheet row per year, unit, {year: value}) for every per-year numeric series of a table."""
    schema = data.schema
    numeric = ("number", "integer", "percent")
    numbers = data.sheet_rows or [None] * len(data.rows)
    if schema.kind == "items":
        specs = {it.id: it for it in schema.items}
        for row, number in zip(data.rows, numbers):
            it = specs.get(row.get("id"))
            v = row.get("value")
            if it is not None and it.type in numeric and isinstance(v, dict):
                yield it.label, dict.fromkeys(v, number), it.unit, v
        return
    per_year = [f for f in schema.fields if f.per_year and f.type in numeric]
    for row, number in zip(data.rows, numbers):
        for f in per_year:
            v = row.get(f.id)
            if isinstance(v, dict):
                yield f.label, dict.fromkeys(v, number), f.unit, v
    keys = key_fields(schema)
    if "year" in keys:  # year-keyed rows: one series per key without the year
        rest = [k for k in keys if k != "year"]
        scalar = [f for f in schema.fields if not f.per_year and f.type in numeric and f.id not in keys]
        groups: dict[tuple[Any, ...], list[tuple[dict[str, Any], int | None]]] = defaultdict(list)
        for row, number in zip(data.rows, numbers):
            if isinstance(row.get("year"), int):
                groups[tuple(_norm(row.get(k)) for k in rest)].append((row, number))
        for members in groups.values():
            for f in scalar:
                yield (f.label, {r["year"]: n for r, n in members}, f.unit, {r["year"]: r.get(f.id) for r, _n in members})


def series_problems(data: Any, fname: str) -> list[Problem]:
    """Warnings for per-year values 10× above or below the median of the other years (same row or key)."""
    out: list[Problem] = []
    for label, rows, unit, values in _series(data):
        nums = {y: float(v) for y, v in values.items() if isinstance(v, (int, float)) and not isinstance(v, bool) and v > 0}
        if len(nums) < 2:
            continue
        for year, v in sorted(nums.items()):
            others = sorted(x for y, x in nums.items() if y != year)
            mid = len(others) // 2
            median = others[mid] if len(others) % 2 else (others[mid - 1] + others[mid]) / 2
            ratio = v / median
            if ratio >= SERIES_FACTOR or (ratio <= 1 / SERIES_FACTOR and len(nums) >= 3):
                other_years = "、".join(f"{y}年 {fmt(x)}" for y, x in sorted(nums.items()) if y != year)
                out.append(Problem(file=fname, sheet=data.schema.sheet, row=rows.get(year), field=f"{year}年{label}",
                                   value=v, level="warning", code="series",
                                   message=f"为 {fmt(v)}{(' ' + unit) if unit else ''}，与其他年份（{other_years}）相差 "
                                           f"{fmt(ratio if ratio >= 1 else 1 / ratio)} 倍，请核对数值和单位"))
    return out


# ---------------------------------------------------------------- reconciliation rules (data)


def _of_year(schema: Any, project: Any, year: int) -> Any:
    """For a records table keyed by ``year`` (one row per unit and year): does a row belong to ``year``?
    A blank year is the base year (a table given its year column later reads old rows as the base year).
    Other tables: every row counts."""
    if "year" not in key_fields(schema):
        return lambda _r: True
    base = project.manifest.baseline
    return lambda r: (r.get("year") if isinstance(r.get("year"), int) else base) == year


def _excluded(ref: RuleRef, row: dict[str, Any]) -> bool:
    """``exclude``: a row is left out when any listed field has the listed value (e.g. indirect discharges,
    already counted in the receiving plant's)."""
    return any(str(_norm(row.get(k)) or "") == _norm(v) for k, v in ref.exclude.items())


def _value(ref: RuleRef, std: Any, project: Any, year: int) -> tuple[float | None, str, int | None, str]:
    """(value, where for a reader, sheet row of a single cell, sheet)."""
    if ref.days_in_year:
        return float(366 if calendar.isleap(year) else 365), f"{year}年的天数", None, ""
    schema = std.tables.get(ref.table)
    data = project.tables.get(ref.table)
    if schema is None or data is None:
        return None, ref.label or ref.table, None, ""
    if ref.item:
        spec = next((i for i in schema.items if i.id == ref.item), None)
        row = data.item(ref.item)
        v = row.get("value") if row else None
        v = v.get(year) if isinstance(v, dict) else v
        label = ref.label or (spec.label if spec else ref.item)
        return (None if v is None else float(v)), f"“{label}”", data.item_row(ref.item), schema.sheet
    in_year = _of_year(schema, project, year)
    rows = [r for r in data.rows if in_year(r) and not _excluded(ref, r)
            and all(str(_norm(r.get(k)) or "") == _norm(v) for k, v in ref.where.items())]
    if not ref.field:
        return float(len(rows)), ref.label or f"“{schema.sheet}”中的行数", None, schema.sheet
    total, found = 0.0, False
    for r in rows:
        v = r.get(ref.field)
        v = v.get(year) if isinstance(v, dict) else v
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            total += float(v)
            found = True
    label = ref.label or f"各行“{_label(schema, ref.field)}”之和"
    return (total if found else None), label, None, schema.sheet


def _values_per(ref: RuleRef, std: Any, project: Any, year: int) -> tuple[dict[str, tuple[float, int | None]], str, str]:
    """Per unit (``ref.per``, one field or several separated by commas): {unit: (sum of ``field`` or row count, sheet row of its first row)}, label, sheet."""
    schema = std.tables.get(ref.table)
    data = project.tables.get(ref.table)
    if schema is None or data is None:
        return {}, ref.label or ref.table, ""
    out: dict[str, tuple[float, int | None]] = {}
    found: set[str] = set()
    in_year = _of_year(schema, project, year)
    for r, number in zip(data.rows, data.sheet_rows or [None] * len(data.rows)):
        parts = [_norm(r.get(k.strip())) for k in ref.per.split(",")]
        if not in_year(r) or _excluded(ref, r) or any(u in (None, "") for u in parts) or \
                not all(str(_norm(r.get(k)) or "") == _norm(v) for k, v in ref.where.items()):
            continue
        unit = " ".join(map(str, parts))
        total, row = out.get(unit, (0.0, number))
        if not ref.field:
            out[unit] = (total + 1, row)
            found.add(unit)
            continue
        v = r.get(ref.field)
        v = v.get(year) if isinstance(v, dict) else v
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            total += float(v)
            found.add(unit)
        out[unit] = (total, row)
    label = ref.label or (f"各行“{_label(schema, ref.field)}”之和" if ref.field else f"“{schema.sheet}”中的行数")
    return {u: v for u, v in out.items() if u in found}, label, schema.sheet


def _unit_pairs(rule: CheckRule, std: Any, project: Any, year: int) -> Iterator[tuple[Any, ...]]:
    """(left value, where, row, sheet, right value, where, sheet) once per unit, or once for the whole table."""
    if not (rule.left.per and rule.right.per):
        lv, lwhere, lrow, lsheet = _value(rule.left, std, project, year)
        rv, rwhere, _rrow, rsheet = _value(rule.right, std, project, year)
        yield lv, lwhere, lrow, lsheet, rv, rwhere, rsheet
        return
    left, lwhere, lsheet = _values_per(rule.left, std, project, year)
    right, rwhere, rsheet = _values_per(rule.right, std, project, year)
    for unit, (lv, lrow) in left.items():
        rv = right.get(unit, (None, None))[0]
        yield lv, f"{unit} 的{lwhere}", lrow, lsheet, rv, f"{unit} 的{rwhere}", rsheet


def rule_problems(rules: list[CheckRule], std: Any, project: Any) -> list[Problem]:
    """One message per rule and place (a unit, or the whole table), listing every year that breaks it."""
    out = []
    fname = project.manifest.workbook
    years = [project.manifest.baseline]
    for rule in rules:
        bad_years: dict[tuple[str, str], list[tuple[int, float, float]]] = {}
        where: dict[tuple[str, str], tuple[Any, ...]] = {}
        for year in (project.manifest.years if rule.years == "all" else years):
            for lv, lwhere, lrow, lsheet, rv, rwhere, rsheet in _unit_pairs(rule, std, project, year):
                if lv is None or rv is None:
                    continue
                if rule.kind == "le":
                    bad = lv > rv * (1 + rule.tolerance) + 1e-9
                else:
                    scale = max(abs(lv), abs(rv), 1e-12)
                    bad = abs(lv - rv) > rule.tolerance * scale + 1e-9
                if bad:
                    bad_years.setdefault((lwhere, rwhere), []).append((year, lv, rv))
                    where[(lwhere, rwhere)] = (lrow, lsheet, rsheet)
        relation = "不应大于" if rule.kind == "le" else "应等于"
        tol = f"（允许相差 {fmt(rule.tolerance * 100)}%）" if rule.tolerance else ""
        for (lwhere, rwhere), found in bad_years.items():
            lrow, lsheet, rsheet = where[(lwhere, rwhere)]
            where_r = f"工作表“{rsheet}”" if rsheet and rsheet != lsheet else ""
            if len(found) == 1:
                year, lv, rv = found[0]
                text = f"{year}年{lwhere}为 {fmt(lv)}，{relation}{where_r}{rwhere} {fmt(rv)}{tol}"
            else:
                each = "；".join(f"{y}年 {fmt(lv)} 对 {fmt(rv)}" for y, lv, rv in found)
                text = f"{lwhere}{relation}{where_r}{rwhere}{tol}，而 {each}"
            text += (f"。{rule.message}" if rule.message else "") + (f"（{rule.clause}）" if rule.clause else "")
            out.append(Problem(file=fname, sheet=lsheet, row=lrow, field=lwhere.replace("“", "").replace("”", ""),
                               value=found[0][1], level=rule.level, code=f"rule:{rule.id}", message=text))
    return out


def table_problems(std: Any, project: Any, rules: list[CheckRule] | None = None) -> list[Problem]:
    """Every check above over the project's tables (what ``check`` adds to the workbook's own messages)."""
    fname = project.manifest.workbook
    out: list[Problem] = []
    for data in project.tables.values():
        if not data.present:
            continue
        out += duplicate_key_problems(data, fname)
        out += required_problems(data, fname)
        out += bound_problems(data, fname)
        out += series_problems(data, fname)
    out += rule_problems(rules if rules is not None else list(std.check_rules.values()), std, project)
    return out
