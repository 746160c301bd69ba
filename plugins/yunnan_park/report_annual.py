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


@uses("effects", "enterprises", "energy_water", "emissions", "solid_waste")
def annual_overview(ctx: Any, w: Any) -> None:
    ev, p = ctx.evaluation, ctx.project
    grade = ev.extra.get("yunnan", {}).get("park_grade") or {}
    kr = _kr(ctx)
    tot = results.effects_summary(p)
    facts = [["企业与指标数据年份", f"{ev.baseline_year} 年"]]
    if kr is not None:
        facts += [["园区企业数", f"{len(kr['enterprises'])} 家"],
                  ["重点企业（审核分级清单）", f"{int(kr['screened']['key'].sum())} 家"]]
    if grade:
        facts.append(["园区清洁生产综合等级", f"{grade['level']}（{grade['level_name']}），综合指数 YⅢ = {fmt(grade['Y3'])}"])
    facts += [["方案实施效果评估年份", f"{tot['year']} 年" if tot["year"] else "尚无评估"],
              ["已评估方案", f"{tot['count']} 项，年经济效益 {fmt(tot['economic'])} 万元"],
              ["年减排二氧化碳", f"{fmt(tot['co2_cut'])} t（{results.analysis.config(p).grid_label}）"]]
    w.table(["项目", "内容"], facts, caption="年度清洁生产主要数据", col_widths=[5.0, 11.0])


@uses("enterprises", "energy_water", "emissions", "solid_waste")
def annual_key_list(ctx: Any, w: Any) -> None:
    kr = _kr(ctx)
    if kr is None:
        w.placeholder("审核分级清单无法计算，请检查企业数据")
        return
    list_view, cov_view, _ = results.key_views(kr)
    w.paragraph(list_view["note"])
    w.table(cov_view["columns"], cov_view["rows"], caption="各负荷的重点企业覆盖情况")
    counts = kr["screened"]["grade"].value_counts()
    w.chart_distribution({k: int(v) for k, v in counts.items()}, caption="园区企业分级分布")


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
    w.table(["代码", "指标", f"{ev.baseline_year - 1}年", f"{ev.baseline_year}年", "级别"], rows,
            caption="园区评价指标年度对比", col_widths=[1.2, 6.4, 2.8, 2.8, 2.8])
    grade = ev.extra.get("yunnan", {}).get("park_grade")
    if grade:
        w.paragraph(f"综合评价：综合指数 YⅠ = {fmt(grade['Y1'])}，YⅡ = {fmt(grade['Y2'])}，YⅢ = {fmt(grade['Y3'])}，"
                    f"评定为{grade['level']}（{grade['level_name']}）。" + (f"未达Ⅲ级的指标：{grade['failed']}。" if grade["failed"] else ""))


@uses("effects")
def annual_effects(ctx: Any, w: Any) -> None:
    from .report import effects_table

    effects_table(ctx, w)


@uses("mechanisms")
def annual_mechanisms(ctx: Any, w: Any) -> None:
    rows = ctx.rows("mechanisms")
    w.table(["机制", "内容", "状态", "最近一次运行"],
            [[r.get("mechanism"), r.get("content"), r.get("status"),
              f"{r['last_run'].year}年{r['last_run'].month}月{r['last_run'].day}日" if r.get("last_run") else "未记录"]
             for r in rows], caption="持续性清洁生产机制运行情况", col_widths=[2.6, 7.4, 2.0, 4.0])


@uses("options")
def annual_next(ctx: Any, w: Any) -> None:
    rows = [r for r in ctx.rows("options") if r.get("status") in ("拟实施", "实施中")]
    w.table(["编号", "层级", "方案名称", "实施主体", "实施期限", "状态"],
            [[r.get("code"), r.get("level"), r.get("name"), r.get("object"), r.get("period"), r.get("status")] for r in rows],
            caption="下一年度继续推进的方案", col_widths=[1.2, 2.6, 4.4, 3.2, 2.2, 2.4])
    short = [r.indicator.name for r in ctx.evaluation.selected() if r.short_board]
    if short:
        w.paragraph("下一年度重点改进的短板指标：" + "、".join(short) + "。")


ANNUAL = {f.__name__: f for f in (annual_overview, annual_key_list, annual_indicators, annual_effects,
                                   annual_mechanisms, annual_next)}
