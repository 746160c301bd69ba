"""Computing and grading a project's indicators.

For each selected indicator: resolve its inputs from the workbook, call its formula (a
:class:`~cpframework.calc.Result` with trace), find the best level whose threshold it meets (levels
are declared best-first by the standard) and the gap to the next better level.
"""
from __future__ import annotations

from typing import Any

import attrs

from cpframework.calc import CalcError, Q, Result, show_value
from cpframework.errors import Problem
from cpframework.model import Indicator
from cpframework.project.workbook import SELECTION_TABLE


@attrs.define
class IndicatorResult:
    indicator: Indicator
    selected: bool
    value: Any = None
    unit: str = ""
    level: str | None = None
    level_label: str = ""
    gap: float | None = None
    gap_text: str = ""
    trace: Any = None
    error: str = ""
    where: tuple[str, int | None, str] = ("", None, "")  # sheet, row, field of the cell behind ``error``
    caution: str = ""  # the value is graded but outside the plausible range (check warns)

    @property
    def short_board(self) -> bool:
        return self.selected and self.level is not None and self.level == "below"

    def as_dict(self) -> dict[str, Any]:
        ind = self.indicator
        value = self.value
        return {
            "id": ind.id, "seq": ind.seq, "category": ind.category, "name": ind.name, "unit": ind.unit,
            "selected": self.selected, "mandatory": ind.mandatory, "group": ind.group,
            "value": value, "value_text": show_value(self.value, ind.unit) if self.value is not None else "",
            "level": self.level, "level_label": self.level_label,
            "thresholds": {k: t.show() for k, t in ind.thresholds.items()},
            "gap": self.gap, "gap_text": self.gap_text,
            "trace": self.trace.as_dict() if self.trace is not None else None,
            "error": self.error or None, "clause": ind.clause,
        }


@attrs.define
class Evaluation:
    standard: str
    project: str
    baseline_year: int
    indicators: list[IndicatorResult] = attrs.field(factory=list)
    summary: dict[str, Any] = attrs.field(factory=dict)
    extra: dict[str, Any] = attrs.field(factory=dict)
    systems: dict[str, Any] = attrs.field(factory=dict)  # system id → calc.grading.Grading of this project
    problems: list[Problem] = attrs.field(factory=list)  # what evaluating found about the data (check lists it)

    def result(self, ind_id: str) -> IndicatorResult:
        for r in self.indicators:
            if r.indicator.id == ind_id:
                return r
        raise KeyError(ind_id)

    def selected(self) -> list[IndicatorResult]:
        return [r for r in self.indicators if r.selected]

    def as_dict(self) -> dict[str, Any]:
        return {"standard": self.standard, "project": self.project, "baseline_year": self.baseline_year,
                "indicators": [r.as_dict() for r in self.indicators], "summary": self.summary, **self.extra}


def selected_ids(std: Any, project: Any) -> set[str]:
    """Indicators the project selected (the 指标选择 sheet); all of them when the standard has no rules."""
    if not std.info.selection_rules:
        return {i.id for i in std.indicators}
    table = project.tables.get(SELECTION_TABLE)
    if table is None or not table.present:
        return {i.id for i in std.indicators if i.mandatory}
    return {row.get("code") for row in table.rows if row.get("selected")}


def resolve_inputs(ind: Indicator, std: Any, project: Any) -> dict[str, Any]:
    """The formula's keyword arguments, or :class:`CalcError` naming the missing cell."""
    args: dict[str, Any] = {}
    for inp in ind.inputs:
        if inp.flag:
            args[inp.arg] = project.manifest.flag(inp.flag)
            continue
        table_id = inp.table or std.info.indicator_table
        data = project.tables.get(table_id)
        schema = std.tables[table_id]
        year = project.manifest.baseline + inp.year

        def one(item_id: str) -> Q | None:
            item = next(i for i in schema.items if i.id == item_id)
            row = data.item(item_id) if data is not None else None
            raw = row.get("value") if row else None
            if isinstance(raw, dict):
                raw = raw.get(year)
            label = f"{item.label}（{year}年）" if schema.per_year and inp.year else item.label
            if raw is None and inp.optional:
                return None
            if raw is None:
                row_no = data.item_row(item_id) if data is not None else None
                col = f"“{year}年”列" if schema.per_year else "“数值”列"
                raise CalcError(f"缺少数据：“{item.label}”的{col}未填写，请补填后重新运行",
                                sheet=schema.sheet, row=row_no, field=f"{year}年" if schema.per_year else "数值")
            return Q(raw, item.unit, label)

        args[inp.arg] = [one(i) for i in inp.items] if inp.items else one(inp.item)
    return args


def _gap(ind: Indicator, value: Any, levels: list[Any], code: float) -> tuple[float | None, str]:
    """Gap to the next better level that has a threshold (levels best first; ``code`` = level index)."""
    from cpframework.calc.grading import gap_to

    reached = int(code)
    better = [lv for lv in levels[:reached] if lv.id in ind.thresholds]
    if not better or value is None:
        return None, ""
    target = better[-1]
    gap, text = gap_to(ind.thresholds[target.id], value, ind.unit)
    return gap, (f"距{target.label}：{text}" if text else "")


def grade_one(system: Any, values: dict[str, Any], methods: dict[str, Any], *, not_applicable: set[str] | None = None,
              name: str = "") -> Any:
    """Grade one unit (a project) with the system's method; indicators without a value that are not in
    ``not_applicable`` are *missing* (graded below every level and marked)."""
    import pandas as pd

    from cpframework.calc.grading import NA_WORDS, code_cells, compile_system

    compiled = compile_system(system)
    na_word = next(iter(sorted(NA_WORDS)))
    row = {i.id: (na_word if i.id in (not_applicable or set()) else _cell(values.get(i.id))) for i in system.indicators}
    frame = pd.DataFrame([row], index=[name or "unit"], dtype=object)
    cells = code_cells(compiled, frame)
    return methods[system.method].grade(system, cells, missing="fail", compiled=compiled)


def _cell(value: Any) -> Any:
    if isinstance(value, bool):
        return "是" if value else "否"
    return value


def out_of_bounds(ind: Indicator, value: Any) -> str:
    """The sentence saying how ``value`` breaks the indicator's definitional bounds, or ``""``."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return ""
    unit = "" if ind.unit in ("", "—", "-") else ind.unit
    if ind.max is not None and value > ind.max + 1e-9:
        return f"{ind.name}为 {show_value(value, unit)}，超过其定义所允许的上限 {show_value(ind.max, unit)}"
    if ind.min is not None and value < ind.min - 1e-9:
        return f"{ind.name}为 {show_value(value, unit)}，低于其定义所允许的下限 {show_value(ind.min, unit)}"
    return ""


def implausible(ind: Indicator, value: Any) -> str:
    """The sentence saying ``value`` lies outside the range real data fall in, or ``""``."""
    if ind.plausible is None or isinstance(value, bool) or not isinstance(value, (int, float)):
        return ""
    low, high = ind.plausible
    if low - 1e-12 <= value <= high + 1e-12:
        return ""
    unit = "" if ind.unit in ("", "—", "-") else ind.unit
    source = f"（{ind.plausible_source}）" if ind.plausible_source else ""
    return (f"{ind.name}为 {show_value(value, unit)}，超出实际数据的常见范围 {show_value(low, unit)}～"
            f"{show_value(high, unit)}{source}")


def _first_input_cell(ind: Indicator, std: Any, project: Any) -> tuple[str, int | None, str]:
    for inp in ind.inputs:
        if inp.item:
            table_id = inp.table or std.info.indicator_table
            data, schema = project.tables.get(table_id), std.tables.get(table_id)
            if data is not None and schema is not None:
                return schema.sheet, data.item_row(inp.item), ""
    return "", None, ""


def project_system(std: Any, project: Any) -> Any:
    """The standard's main system as this project grades it: a weighted system uses the level-rule set the
    project names in ``[options] grading_rules`` (e.g. a stricter variant), else the standard's."""
    import attrs

    system = std.main_system
    name = (project.manifest.options or {}).get("grading_rules")
    if system.method == "weighted_score" and name and name != std.info.level_rules:
        from cpframework.calc.grading import load_level_rules

        system = attrs.evolve(system, rules=load_level_rules(str(name)))
    return system


def evaluate_indicators(std: Any, project: Any) -> Evaluation:
    """Compute every selected indicator with its formula (value + trace), then grade the standard's main
    system with its method; unselected indicators are not applicable (weights re-normalised)."""
    import math

    import numpy as np

    chosen = selected_ids(std, project)
    system = project_system(std, project)
    levels = list(system.levels)
    ev = Evaluation(standard=std.id, project=project.name, baseline_year=project.manifest.baseline)
    values: dict[str, Any] = {}
    for ind in system.indicators:
        res = IndicatorResult(indicator=ind, selected=ind.id in chosen, unit=ind.unit)
        ev.indicators.append(res)
        if not res.selected or not ind.formula:
            continue
        try:
            args = resolve_inputs(ind, std, project)
            out: Result = std.formulas[ind.formula].func(**args, **ind.params, name=ind.name, unit=ind.unit)
        except CalcError as exc:
            res.error = str(exc)
            res.where = (exc.sheet, exc.row, exc.field)
            continue
        if isinstance(out.value, float) and not math.isfinite(out.value):
            res.error = f"{ind.name}的计算结果不是有限数值，请检查其输入数据"
            continue
        bound = out_of_bounds(ind, out.value)
        if bound:
            res.error = f"{bound}；计算过程：{out.trace.substitution}。请核对这些输入数据"
            res.where = _first_input_cell(ind, std, project)
            continue
        res.value, res.trace = out.value, out.trace
        values[ind.id] = out.value
        odd = implausible(ind, out.value)
        if odd:
            res.caution = f"{odd}；计算过程：{out.trace.substitution}。请核对单位和小数点，确认无误可忽略此提示"
            res.where = _first_input_cell(ind, std, project)
    if system.indicators and any(lv for lv in levels):
        skipped = {r.indicator.id for r in ev.indicators if not r.selected or r.error or not r.indicator.formula}
        g = grade_one(system, values, std.methods, not_applicable=skipped, name=project.name)
        ev.systems[""] = g
        for j, res in enumerate(ev.indicators):
            code = g.codes[0, j]
            if res.value is None or np.isnan(code):
                continue
            if code >= len(levels):
                res.level, res.level_label = system.below_level.id, system.below_level.label
            else:
                res.level, res.level_label = levels[int(code)].id, levels[int(code)].label
            res.gap, res.gap_text = _gap(res.indicator, res.value, levels, code)
    ev.summary = summarize(ev, std)
    return ev


def summarize(ev: Evaluation, std: Any) -> dict[str, Any]:
    sel = ev.selected()
    counts = {lv.label: 0 for lv in [*std.info.levels, std.info.below_level]}
    for r in sel:
        if r.level_label:
            counts[r.level_label] = counts.get(r.level_label, 0) + 1
    out: dict[str, Any] = {
        "selected": len(sel),
        "evaluated": sum(1 for r in sel if r.value is not None),
        "errors": sum(1 for r in sel if r.error),
        "levels": counts,
        "short_boards": [r.indicator.id for r in sel if r.short_board],
    }
    g = ev.systems.get("")
    if g is not None and g.scores is not None:
        labels = [lv.label for lv in g.system.levels]
        out["overall"] = {"method": g.system.method, "level": str(g.level[0]),
                          "scores": {lab: float(s) for lab, s in zip(labels, g.scores[0])}}
    return out


def indicator_problems(ev: Evaluation, project: Any) -> list[Problem]:
    """Indicators that could not be computed (or broke their bounds), located at the cell behind it."""
    out = []
    for r in ev.selected():
        if r.error or r.caution:
            sheet, row, _field = r.where
            out.append(Problem(file=project.manifest.workbook, sheet=sheet, row=row,
                               field=f"指标 {r.indicator.seq} {r.indicator.name}", message=r.error or r.caution,
                               code="indicator" if r.error else "implausible",
                               level="error" if r.error else "warning"))
    return out
