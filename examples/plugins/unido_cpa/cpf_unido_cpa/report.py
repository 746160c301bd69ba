"""Computed report sections (English).  Each declares the tables it reads with ``@uses``."""
from __future__ import annotations

from typing import Any

from cpframework.api import uses


def _yes(v: Any) -> str:
    return "yes" if v else "no"


@uses("team")
def team_table(ctx: Any, w: Any) -> None:
    rows = [[r.get("name"), r.get("role"), r.get("department")] for r in ctx.rows("team")]
    w.table(["Name", "Role in the CP team", "Department / position"], rows, caption="Cleaner production team")


@uses("process_steps")
def process_table(ctx: Any, w: Any) -> None:
    rows = [[r.get("step_no"), r.get("name"), r.get("inputs"), r.get("outputs"), _yes(r.get("focus"))]
            for r in ctx.rows("process_steps")]
    w.table(["No.", "Process step", "Inputs", "Outputs and wastes", "Audit focus"], rows,
            caption="Process steps and the audit focus")


@uses("annual_data")
def balance_table(ctx: Any, w: Any) -> None:
    schema = ctx.standard.tables["annual_data"]
    values = {r["id"]: r.get("value") for r in ctx.rows("annual_data")}
    rows = [[it.label, it.unit, values.get(it.id)] for it in schema.items]
    w.table(["Quantity", "Unit", f"Year {ctx.evaluation.baseline_year}"], rows, caption="Material and energy inputs and outputs")


@uses("waste_streams")
def waste_cost_table(ctx: Any, w: Any) -> None:
    rows = [[r.get("stream"), r.get("quantity"), r.get("unit"), r.get("cost"), r.get("cause")]
            for r in ctx.rows("waste_streams")]
    total = sum(float(r.get("cost") or 0) for r in ctx.rows("waste_streams"))
    rows.append(["Total", None, None, total, None])
    w.table(["Waste stream", "Quantity", "Unit", "Cost (USD/year)", "Cause"], rows, caption="Waste streams and their costs")


@uses("options")
def options_table(ctx: Any, w: Any) -> None:
    rows = [[r.get("option_id"), r.get("description"), r.get("category"), r.get("screening")]
            for r in ctx.rows("options")]
    w.table(["No.", "Opportunity", "Category", "Screening"], rows, caption="Cleaner production opportunities")


@uses("options")
def feasibility_table(ctx: Any, w: Any) -> None:
    rows = []
    for r in ctx.rows("options"):
        if r.get("screening") != "study further":
            continue
        inv, saving = r.get("investment"), r.get("annual_saving")
        payback = round(float(inv) / float(saving), 2) if inv is not None and saving else None
        rows.append([r.get("option_id"), r.get("technical"), inv, saving, payback, r.get("environmental"),
                     _yes(r.get("selected"))])
    w.table(["No.", "Technical", "Investment (USD)", "Saving (USD/year)", "Simple payback (years)",
             "Environmental effect", "Selected"], rows, caption="Feasibility of the options studied further")


@uses("options")
def implementation_table(ctx: Any, w: Any) -> None:
    rows = [[r.get("option_id"), r.get("description"), r.get("status")] for r in ctx.rows("options") if r.get("selected")]
    w.table(["No.", "Solution", "Status"], rows, caption="Implementation of the selected solutions")


def indicator_results(ctx: Any, w: Any) -> None:
    labels = {lv.id: lv.label for lv in ctx.standard.info.levels}
    below = ctx.standard.info.below_level.label
    results = [r for r in ctx.evaluation.indicators if r.selected]
    rows = [[r.indicator.name, r.indicator.unit, None if r.value is None else round(r.value, 3),
             "; ".join(f"{labels.get(k, k)} {t.show()}" for k, t in r.indicator.thresholds.items()),
             labels.get(r.level or "", below if r.level else "not computed")] for r in results]
    w.table(["Indicator", "Unit", "Value", "Benchmarks", "Level"], rows, caption="Monitored indicators")
    for r in results:
        if r.trace is not None:
            w.paragraph(f"{r.trace.name}: {r.trace.formula} = {r.trace.substitution} = {r.trace.result}", "trace")


RENDERERS = {f.__name__: f for f in (team_table, process_table, balance_table, waste_cost_table, options_table,
                                      feasibility_table, implementation_table, indicator_results)}
