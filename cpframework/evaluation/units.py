"""Indicator values for systems that grade many units (enterprises of an industry) from records tables.

An indicator with a ``formula`` gets its inputs per unit: an input with ``field = ["table.field", …]``
is the sum, over the rows of that unit in each table (rows where ``where`` holds), of the field's value
for the baseline year; the formula then runs once per unit with its trace, exactly as for a single
project.  An indicator without a formula takes the value entered for the unit in the *entered-values*
table (one row per unit × indicator); a computed indicator that does not apply to a unit is marked by
an entered “不适用” for it.  Nothing is filled in: a unit without data for an input has no
value, and the reason is kept (``errors``) for ``check`` to report.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Any

import attrs

from cpframework.calc import CalcError, Q


@attrs.frozen(eq=False)
class UnitValues:
    """``values``: DataFrame, rows = units (index = unit id), columns = indicator ids, raw cells;
    ``traces[(unit, indicator)]`` for computed values; ``errors[(unit, indicator)]`` why a computed
    value is absent; ``entered_rows[(unit, indicator)]`` the sheet row an entered value came from."""

    values: Any
    traces: dict[tuple[str, str], Any]
    errors: dict[tuple[str, str], str]
    entered_rows: dict[tuple[str, str], int]


def _unit_rows(project: Any, table_id: str, unit_key: str) -> dict[str, list[tuple[dict[str, Any], int]]]:
    data = project.tables.get(table_id)
    out: dict[str, list[tuple[dict[str, Any], int]]] = defaultdict(list)
    if data is None:
        return out
    for row, n in zip(data.rows, data.sheet_rows or [None] * len(data.rows)):
        unit = row.get(unit_key)
        if unit is not None:
            out[str(unit).strip()].append((row, n))
    return out


def _field_value(row: dict[str, Any], field_id: str, year: int) -> Any:
    v = row.get(field_id)
    return v.get(year) if isinstance(v, dict) else v


def evaluate_units(system: Any, std: Any, project: Any, *, units: list[str], unit_key: str,
                   entered: str = "", entered_indicator: str = "indicator", entered_value: str = "value") -> UnitValues:
    """Values of every indicator of ``system`` for each unit in ``units`` (see the module docstring).

    ``unit_key``: the field of the records tables naming the unit; ``entered``: the entered-values table
    (fields ``unit_key``, ``entered_indicator``, ``entered_value``)."""
    import pandas as pd

    year = project.manifest.baseline
    by_table: dict[str, dict[str, list[tuple[dict[str, Any], int]]]] = {}
    traces: dict[tuple[str, str], Any] = {}
    errors: dict[tuple[str, str], str] = {}
    entered_rows: dict[tuple[str, str], int] = {}
    cols: dict[str, list[Any]] = {}
    typed: dict[tuple[str, str], Any] = {}
    if entered:
        for unit, rows in _unit_rows(project, entered, unit_key).items():
            for row, n in rows:
                ind = str(row.get(entered_indicator) or "").strip()
                if ind and (unit, ind) not in typed:
                    typed[(unit, ind)] = row.get(entered_value)
                    entered_rows[(unit, ind)] = n
    for ind in system.indicators:
        col: list[Any] = []
        for unit in units:
            if not ind.formula:
                value = typed.get((unit, ind.id))
                if value is None and entered:
                    sheet = std.tables[entered].sheet if entered in std.tables else entered
                    errors[(unit, ind.id)] = (f"缺少 {unit} 的指标“{ind.name}”（{ind.id}）的取值：请在工作表“{sheet}”中填写；"
                                              "该指标确实不适用于它时填“不适用”并在说明中写明原因")
                col.append(value)
                continue
            if _marked_not_applicable(typed.get((unit, ind.id))):  # e.g. 总镍 for a zinc-only plater
                col.append(typed[(unit, ind.id)])
                continue
            try:
                args = {inp.arg: _input(inp, std, project, unit, unit_key, year, by_table) for inp in ind.inputs}
                out = std.formulas[ind.formula].func(**args, **ind.params, name=ind.name, unit=ind.unit)
            except CalcError as exc:
                errors[(unit, ind.id)] = str(exc)
                col.append(None)
                continue
            traces[(unit, ind.id)] = out.trace
            col.append(out.value)
        cols[ind.id] = col
    frame = pd.DataFrame(cols, index=pd.Index(units, name="unit"), dtype=object)
    return UnitValues(values=frame, traces=traces, errors=errors, entered_rows=entered_rows)


def _marked_not_applicable(value: Any) -> bool:
    from cpframework.calc.grading import NA_WORDS

    return isinstance(value, str) and value.strip() in NA_WORDS


def _input(inp: Any, std: Any, project: Any, unit: str, unit_key: str, year: int,
           cache: dict[str, dict[str, list[tuple[dict[str, Any], int]]]]) -> Q:
    if not inp.field:
        raise CalcError(f"多单位评价的输入“{inp.arg}”须用 field 引用数据表字段")
    total, found, label, unit_of = 0.0, False, [], ""
    for ref in inp.field:
        table_id, _, field_id = ref.partition(".")
        if table_id not in cache:
            cache[table_id] = _unit_rows(project, table_id, unit_key)
        schema = std.tables.get(table_id)
        spec = next((f for f in schema.fields if f.id == field_id), None) if schema else None
        label.append(spec.label if spec else field_id)
        unit_of = unit_of or (spec.unit if spec else "")
        for row, _n in cache[table_id].get(unit, []):
            if any(str(row.get(k) or "").strip() != v for k, v in inp.where.items()):
                continue
            v = _field_value(row, field_id, year)
            if v is not None:
                total += float(v)
                found = True
    name = ("（" + "＋".join(label) + "）" if len(label) > 1 else "".join(label)) + ("（" + "，".join(f"{v}" for v in inp.where.values()) + "）" if inp.where else "")
    if not found:
        if inp.optional:
            return Q(0.0, unit_of, name)
        sheets = "、".join(f"“{std.tables[r.partition('.')[0]].sheet}”" for r in inp.field if r.partition('.')[0] in std.tables)
        raise CalcError(f"缺少数据：工作表{sheets}中没有 {unit} 的{name}（{year}年）")
    return Q(total, unit_of, name)


def unit_value_problems(uv: UnitValues, system: Any, std: Any, project: Any) -> list[Any]:
    """Every absent value of a graded indicator for a unit, as an error ``check`` lists: missing is never
    "not applicable" (a unit it does not apply to says so with an entered 不适用)."""
    from cpframework.errors import Problem

    names = {i.id: i.name for i in system.indicators}
    out = []
    for (unit, ind_id), message in uv.errors.items():
        out.append(Problem(file=project.manifest.workbook, field=f"{unit} {ind_id} {names.get(ind_id, '')}".strip(),
                           message=message, code="missing_value"))
    return out
