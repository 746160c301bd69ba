"""Renderers of the annual park cleaner-production report (data/reports/annual.toml; 编制说明 5.5(7)–(8)).

The annual report restates the year's key figures from the same project data: the key-enterprise list
and its coverage, the graded indicators with the change against the previous year where the data has
it, the measured effects of implemented options (CO₂ by the project's grid factor), and how the
continuous-audit mechanisms ran.
"""
from __future__ import annotations

from typing import Any

from cpframework.api import fmt, show_value
from cpframework.api import uses

from . import results


def _kr(ctx: Any) -> Any:
    from .report import _key

    return _key(ctx)


def _year(ctx: Any) -> int:
    """The one year the annual report is about: the project's base year (``baseline_year`` in project.toml;
    the next year's report is the same project with the base year moved on and ``cpaudit upgrade`` run)."""
    return int(ctx.evaluation.baseline_year)


def _date(d: Any) -> str:
    return f"{d.year}年{d.month}月{d.day}日" if d else "未记录"


@uses("effects", "enterprises", "energy_water", "emissions", "solid_waste")
def annual_overview(ctx: Any, w: Any) -> None:
    ev, p = ctx.evaluation, ctx.project
    year = _year(ctx)
    grade = ev.extra.get("yunnan", {}).get("park_grade") or {}
    kr = _kr(ctx)
    tot = results.effects_summary(p, year)
    facts = [["报告年度", f"{year} 年（企业数据、指标数据、方案实施效果和机制运行均为该年度）"]]
    if kr is not None:
        facts += [["园区企业数", f"{len(kr['enterprises'])} 家"],
                  ["重点企业（审核分级清单）", f"{int(kr['screened']['key'].sum())} 家"]]
    dyn = results.list_dynamics(p, year)
    if dyn is not None:
        facts.append(["清单变化（与上年相比）", f"新进入 {dyn['entrants']} 家、退出 {dyn['exits']} 家、分级变化 {dyn['regraded']} 家"])
    if grade:
        facts.append(["园区清洁生产综合等级", f"{grade['level']}（{grade['level_name']}），综合指数 YⅢ = {fmt(grade['Y3'])}"])
    facts += [["已评估方案", f"{tot['count']} 项，年经济效益 {fmt(tot['economic'])} 万元" if tot["count"] else "本年度没有效果评估记录"],
              ["年减排二氧化碳", f"{fmt(tot['co2_cut'])} t（{results.analysis.config(p).grid_label}）"]]
    w.table(["项目", "内容"], facts, caption=f"{year}年度清洁生产主要数据", col_widths=[5.0, 11.0])


@uses("enterprises", "energy_water", "emissions", "solid_waste")
def annual_key_list(ctx: Any, w: Any) -> None:
    kr = _kr(ctx)
    if kr is None:
        w.placeholder("审核分级清单无法计算，请检查企业数据")
        return
    year = _year(ctx)
    list_view, cov_view, _ = results.key_views(kr)
    w.paragraph(f"{year}年" + list_view["note"])
    dyn = results.list_dynamics(ctx.project, year)
    if dyn is None:
        w.paragraph(f"{year - 1}年没有企业数据，{year}年是审核分级清单的第一年，本年度不比较清单变化。")
    elif dyn["rows"]:
        view = results.dynamics_view(dyn)
        w.paragraph(view["note"])
        w.table(view["columns"], view["rows"], caption=f"审核分级清单变化（{year - 1}年 → {year}年）",
                col_widths=[1.5, 1.3, 2.8, 1.3, 1.3, 7.8])
    else:
        w.paragraph(f"与{year - 1}年相比，重点企业名单和分级没有变化。")
    w.table(cov_view["columns"], cov_view["rows"], caption=f"{year}年各负荷的重点企业覆盖情况", notes=cov_view["note"])
    w.chart_distribution(grade_counts(kr["screened"]["grade"]), caption=f"{year}年园区企业分级分布")


def grade_counts(grades: Any) -> dict[str, int]:
    """Enterprises per grade in the order the text and tables use (A, B, C), not by count."""
    counts = grades.value_counts()
    order = sorted(counts.index, key=lambda g: next((i for i, c in enumerate("ABC") if f"{c}类" in str(g)), 3))
    return {str(g): int(counts[g]) for g in order}


@uses("park_data", "checks")
def annual_indicators(ctx: Any, w: Any) -> None:
    ev, p = ctx.evaluation, ctx.project
    from cpframework.api import resolve_inputs

    rows = []
    for r in ev.selected():
        prev = ""
        ind = r.indicator
        if ind.formula:
            try:
                import attrs

                shifted = attrs.evolve(ind, inputs=tuple(attrs.evolve(i, year=i.year - 1) for i in ind.inputs))
                args = resolve_inputs(shifted, ctx.standard, p)
                out = ctx.standard.formulas[ind.formula].func(**args, **ind.params, name=ind.name, unit=ind.unit)
                prev = show_value(out.value, ind.unit)
            except Exception:  # the previous year's data may be absent: show nothing rather than guess
                prev = "—"
        rows.append([ind.id, ind.name, prev, show_value(r.value, ind.unit) if r.value is not None else "—", r.level_label or "—"])
    missing = any(r[2] == "—" for r in rows)
    w.table(["代码", "指标", f"{ev.baseline_year - 1}年", f"{ev.baseline_year}年", "级别"], rows,
            caption="园区评价指标年度对比", col_widths=[1.2, 6.4, 2.8, 2.8, 2.8],
            notes=(f"{ev.baseline_year - 1}年为“—”的指标：计算该年数值所需的数据（如年均增长率、年均削减率所需的更早年份数据）"
                   f"不在本年度工作簿中，不代表该年没有数值。") if missing else None)
    grade = ev.extra.get("yunnan", {}).get("park_grade")
    if grade:
        w.paragraph(f"综合评价：综合指数 YⅠ = {fmt(grade['Y1'])}，YⅡ = {fmt(grade['Y2'])}，YⅢ = {fmt(grade['Y3'])}，"
                    f"评定为{grade['level']}（{grade['level_name']}）。" + (f"未达Ⅲ级的指标：{grade['failed']}。" if grade["failed"] else ""))


@uses("effects")
def annual_effects(ctx: Any, w: Any) -> None:
    from .report import effects_table

    effects_table(ctx, w, _year(ctx))


@uses("mechanisms", "mechanism_runs", "admission_log")
def annual_mechanisms(ctx: Any, w: Any) -> None:
    year = _year(ctx)
    runs = [r for r in ctx.rows("mechanism_runs") if r.get("date") and r["date"].year == year]
    rows = []
    for r in ctx.rows("mechanisms"):
        mine = sorted((x["date"] for x in runs if x.get("mechanism") == r.get("mechanism")))
        rows.append([r.get("mechanism"), r.get("content"), r.get("status"),
                     f"{len(mine)} 次，最近 {_date(mine[-1])}" if mine else "本年度未运行"])
    w.table(["机制", "内容", "状态", f"{year}年运行"], rows, caption="持续性清洁生产机制运行情况",
            col_widths=[2.6, 7.4, 2.0, 4.0])
    if runs:
        w.table(["日期", "机制", "运行内容", "结果", "责任部门"],
                [[_date(r.get("date")), r.get("mechanism"), r.get("content"), r.get("outcome") or "", r.get("dept") or ""]
                 for r in sorted(runs, key=lambda x: x["date"])],
                caption=f"{year}年机制运行记录", col_widths=[2.6, 2.4, 5.4, 3.6, 2.0])
    decisions = [r for r in ctx.rows("admission_log") if r.get("date") and r["date"].year == year]
    if decisions:
        w.table(["拟入园项目", "准入清单行业", "其他要求核对结果", "核对人", "核对日期", "核对依据"],
                [[r.get("project"), "全部行业（通用要求）" if r.get("rule") == "*" else r.get("rule"), r.get("outcome"), r.get("checker"), _date(r.get("date")),
                  r.get("evidence") or ""] for r in decisions],
                caption=f"{year}年准入核对记录（其他要求的人工核对结果）", col_widths=[3.2, 3.2, 2.0, 1.6, 2.4, 3.6])


@uses("options", "experience", "effects", "enterprises", "energy_water", "emissions", "solid_waste", "enterprise_levels")
def annual_next(ctx: Any, w: Any) -> None:
    from .report import _option_name, experience_table

    rows = [r for r in ctx.rows("options") if r.get("status") in ("拟实施", "实施中")]
    w.table(["编号", "层级", "方案名称", "实施主体", "实施期限", "状态"],
            [[r.get("code"), r.get("level"), _option_name(r), r.get("object"), r.get("period"), r.get("status")] for r in rows],
            caption="下一年度继续推进的方案", col_widths=[1.2, 2.6, 4.4, 3.2, 2.2, 2.4])
    experience_table(ctx, w, _year(ctx))
    short = [r.indicator.name for r in ctx.evaluation.selected() if r.short_board]
    if short:
        w.paragraph("下一年度重点改进的短板指标：" + "、".join(short) + "。")


ANNUAL = {f.__name__: f for f in (annual_overview, annual_key_list, annual_indicators, annual_effects,
                                   annual_mechanisms, annual_next)}
