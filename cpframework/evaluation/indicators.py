"""Computing and grading a project's indicators.

For each selected indicator: resolve its inputs from the workbook, call its formula (a
:class:`~cpframework.calc.Result` with trace), find the best level whose threshold it meets (levels
are declared best-first by the standard) and the gap to the next better level.
"""
from __future__ import annotations

from typing import Any

import attrs

from cpframework.calc import CalcError, Q, Result, fmt, show_value
from cpframework.errors import Problem
from cpframework.model import Indicator, Threshold
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
                where = f"工作表“{schema.sheet}”" + (f"第 {data.item_row(item_id)} 行" if data and data.item_row(item_id) else "")
                col = f"“{year}年”列" if schema.per_year else "“数值”列"
                raise CalcError(f"缺少数据：{where}“{item.label}”（代码 {item_id}）{col}未填写")
            return Q(raw, item.unit, label)

        args[inp.arg] = [one(i) for i in inp.items] if inp.items else one(inp.item)
    return args


def grade(ind: Indicator, value: Any, levels: list[Any], below: Any) -> tuple[str | None, str, float | None, str]:
    """``(level id, level label, gap, gap text)``; levels are best-first."""
    if not ind.thresholds or value is None:
        return None, "", None, ""
    reached = None
    for lv in levels:
        thr = ind.thresholds.get(lv.id)
        if thr is not None and thr.met(value):
            reached = lv
            break
    if reached is None:
        level_id, label = below.id, below.label
        candidates = [lv for lv in levels if lv.id in ind.thresholds]
        target = candidates[-1] if candidates else None
    else:
        level_id, label = reached.id, reached.label
        better = [lv for lv in levels[: levels.index(reached)] if lv.id in ind.thresholds]
        target = better[-1] if better else None
    if target is None:
        return level_id, label, None, ""
    gap, text = gap_to(ind.thresholds[target.id], value, ind.unit)
    return level_id, label, gap, f"距{target.label}：{text}" if text else ""


def gap_to(thr: Threshold, value: Any, unit: str) -> tuple[float | None, str]:
    if thr.op == "is":
        return None, f"需达到“{thr.show()}”"
    diff = float(thr.value) - float(value)
    if thr.op in ("<=", "<"):
        diff = -diff
    if thr.op == "==":
        diff = abs(diff)
    if diff <= 0:
        return 0.0, ""
    verb = "需降低" if thr.op in ("<=", "<", "==") and float(value) > float(thr.value) else "需提高"
    suffix = unit if unit not in ("—", "-", "%") else ("个百分点" if unit == "%" else "")
    return diff, f"{verb} {fmt(diff)}{(' ' + suffix) if suffix else ''}"


def evaluate_indicators(std: Any, project: Any) -> Evaluation:
    chosen = selected_ids(std, project)
    levels = list(std.info.levels)
    ev = Evaluation(standard=std.id, project=project.name, baseline_year=project.manifest.baseline)
    for ind in std.indicators:
        res = IndicatorResult(indicator=ind, selected=ind.id in chosen, unit=ind.unit)
        ev.indicators.append(res)
        if not res.selected or not ind.formula:
            continue
        try:
            args = resolve_inputs(ind, std, project)
            out: Result = std.formulas[ind.formula].func(**args, **ind.params, name=ind.name, unit=ind.unit)
        except CalcError as exc:
            res.error = str(exc)
            continue
        res.value, res.trace = out.value, out.trace
        res.level, res.level_label, res.gap, res.gap_text = grade(ind, out.value, levels, std.info.below_level)
    ev.summary = summarize(ev, std)
    return ev


def summarize(ev: Evaluation, std: Any) -> dict[str, Any]:
    sel = ev.selected()
    counts = {lv.label: 0 for lv in [*std.info.levels, std.info.below_level]}
    for r in sel:
        if r.level_label:
            counts[r.level_label] = counts.get(r.level_label, 0) + 1
    return {
        "selected": len(sel),
        "evaluated": sum(1 for r in sel if r.value is not None),
        "errors": sum(1 for r in sel if r.error),
        "levels": counts,
        "short_boards": [r.indicator.id for r in sel if r.short_board],
    }


def indicator_problems(ev: Evaluation, project: Any) -> list[Problem]:
    """Indicators that could not be computed, as problems ``check`` lists."""
    return [Problem(file=project.manifest.workbook, field=f"指标 {r.indicator.seq} {r.indicator.name}",
                    message=r.error) for r in ev.selected() if r.error]
