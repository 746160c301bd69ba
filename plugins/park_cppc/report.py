"""Report section renderers of the park standard (附件2 附录A/B): ``func(ctx, w)``.

``ctx`` is :class:`cpframework.report.generate.ReportContext`; ``w`` the report writer.  Every table the
outline calls for is filled from the workbook; indicator values come from the evaluation with their
calculation traces.
"""
from __future__ import annotations

from collections import Counter
from typing import Any

from cpframework.api import fmt, show_value
from cpframework.api import uses

from .analysis import LEVELS
from .report_levels import benchmark_table, industry_tables, pareto_tables, performance_table
from .report_survey import survey_detail


_text = show_value  # 是/否, dates, numbers via fmt, "—" for no value


@uses("previous_round")
def previous_round(ctx: Any, w: Any) -> None:
    """第6章: a repeat audit reviews the previous round's focus, target and option completion in the 前言."""
    if not ctx.project.manifest.flag("repeat_audit"):
        return
    rows = [[r.get("kind"), r.get("content"), r.get("planned"), r.get("result"), _text(r.get("done"))]
            for r in ctx.rows("previous_round")]
    w.table(["类别", "内容", "计划/目标", "完成情况", "是否完成"], rows, caption="上一轮清洁生产审核完成情况")


@uses("team", "enterprises")
def team_tables(ctx: Any, w: Any) -> None:
    """表B.1, one table per group (领导小组 / 工作小组), as 2.3.2 asks for every group."""
    rows = ctx.rows("team")
    for group in ("领导小组", "工作小组"):
        members = [r for r in rows if r.get("group") == group]
        if not members:
            continue
        w.table(["姓名", f"{group}职务", "所在部门及职务", "职责"],
                [[r.get("name"), r.get("role"), r.get("dept"), r.get("duty")] for r in members],
                caption=f"清洁生产审核{group}组成及职责分配表", col_widths=[2.2, 2.6, 4.4, 6.8])
    by_industry: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        if r.get("group") == "行业审核小组":
            by_industry.setdefault(str(r.get("industry") or "未填行业"), []).append(r)
    for industry, members in by_industry.items():
        w.table(["姓名", "小组职务", "所在企业或部门及职务", "职责"],
                [[r.get("name"), r.get("role"), r.get("dept"), r.get("duty")] for r in members],
                caption=f"{industry}行业审核小组组成及职责分配表", col_widths=[2.2, 2.6, 4.4, 6.8])
    team_enterprise_table(ctx, w)
    extra = [r for r in rows if r.get("specialty") or r.get("title") or r.get("time")]
    if extra:
        w.table(["姓名", "小组", "专业", "职称", "应投入时间"],
                [[r.get("name"), r.get("group"), r.get("specialty"), r.get("title"), r.get("time")] for r in extra],
                caption="审核小组成员专业、职称与投入时间（5.1.2）")


def team_enterprise_table(ctx: Any, w: Any) -> None:
    """5.1.2: each participating enterprise's members, and whether one comes from its finance department."""
    from .team import MIN_MEMBERS, enterprise_members

    items = enterprise_members(ctx.project)
    if not items:
        return
    ok = sum(1 for e in items if len(e["members"]) >= MIN_MEMBERS and e["finance"])
    w.paragraph(f"按 5.1.2“每个企业至少有 2 位审核小组成员，且必须有一位成员来自本企业的财务部门”的要求，参与审核的"
                f"{len(items)} 家企业（企业清单中的全部重点企业）中 {ok} 家满足要求。")
    w.table(["企业编号", "企业名称", "行业", "审核小组成员", "成员数（人）", "其中财务部门（人）"],
            [[e["ent_id"], e["name"], e["industry"], "、".join(map(str, e["members"])) or "—", len(e["members"]), e["finance"]]
             for e in items], caption="参与企业的审核小组成员", col_widths=[1.6, 4.6, 2.2, 3.6, 1.8, 2.2])


@uses("plan")
def plan_table(ctx: Any, w: Any) -> None:
    """表B.2 and the work plan as a Gantt chart."""
    rows = sorted(ctx.rows("plan"), key=lambda r: r.get("seq") or 0)
    w.table(["序号", "阶段", "行动方案", "工作内容", "完成时间", "负责人", "参与部门", "产出"],
            [[r.get("seq"), r.get("stage"), r.get("action"), r.get("content"), _text(r.get("finish")),
              r.get("owner"), r.get("depts"), r.get("output")] for r in rows],
            caption="清洁生产审核工作计划表", col_widths=[1.1, 2.0, 2.2, 3.6, 2.2, 1.6, 2.0, 2.0])
    tasks = [(f"{r.get('seq')} {r.get('action')}", r["start"], r["finish"]) for r in rows
             if r.get("start") and r.get("finish")]
    if tasks:
        w.chart_gantt(tasks, caption="清洁生产审核工作计划甘特图")


@uses("training")
def training_table(ctx: Any, w: Any) -> None:
    rows = ctx.rows("training")
    w.table(["日期", "形式", "主要内容", "参与人数（人）"],
            [[_text(r.get("date")), r.get("form"), r.get("content"), r.get("participants")] for r in rows],
            caption="宣传教育和培训活动", col_widths=[3.0, 3.2, 7.0, 2.8])


@uses("basic_info", "indicator_data", "enterprises", "enterprise_energy", "energy_structure", "water_sources", "materials", "env_quality",
      "pollutant_sources", "ghg_inventory")
def survey_tables(ctx: Any, w: Any) -> None:
    """园区基本情况 (5.2.1) and the statistics behind the indicators over the review years."""
    std, project = ctx.standard, ctx.project
    basic = project.tables.get("basic_info")
    schema = std.tables["basic_info"]
    rows = []
    for item in schema.items:
        row = basic.item(item.id) if basic else None
        rows.append([item.label, _text(row.get("value") if row else None), item.unit])
    w.table(["项目", "情况", "单位"], rows, caption="园区基本情况", col_widths=[6.0, 7.0, 3.0])
    data = project.tables.get("indicator_data")
    years = project.manifest.years_for(std.tables["indicator_data"])
    stat_rows = []
    for item in std.tables["indicator_data"].items:
        row = data.item(item.id) if data else None
        values = (row or {}).get("value") or {}
        if any(values.get(y) is not None for y in years):
            stat_rows.append([item.label, item.unit, *[_text(values.get(y)) for y in years]])
    if stat_rows:
        w.table(["数据项", "单位", *[f"{y}年" for y in years]], stat_rows, caption="园区主要统计数据")
        va = data.item("industrial_va") if data else None
        energy = data.item("energy_total") if data else None
        if va and energy:
            vv, ev = va.get("value") or {}, energy.get("value") or {}
            if all(vv.get(y) is not None and ev.get(y) is not None for y in years):
                w.chart_trend(years, {"工业增加值（万元）": [vv[y] for y in years]}, caption="园区工业增加值变化",
                              unit="万元", kind="bar")
                w.chart_trend(years, {"工业综合能耗（tce）": [ev[y] for y in years]}, caption="园区工业综合能耗变化",
                              unit="tce", kind="line")
    industry_tables(ctx, w)
    survey_detail(ctx, w)


@uses("benchmarks", "indicator_data")
def evaluation(ctx: Any, w: Any) -> None:
    """附件1 indicators: values, thresholds, levels, gaps; attainment chart; calculation process."""
    std, ev = ctx.standard, ctx.evaluation
    levels = list(std.info.levels)
    general = next(lv for lv in levels if lv.id == "general")
    advanced = next(lv for lv in levels if lv.id == "advanced")
    selected = ev.selected()
    s = ev.summary
    w.paragraph(f"本次评价选用附件1 指标 {s['selected']} 项（必选 {sum(1 for r in selected if r.indicator.mandatory)} 项，"
                f"可选 {sum(1 for r in selected if not r.indicator.mandatory)} 项），审核基准期为 {ev.baseline_year} 年。"
                + "；".join(f"{k} {v} 项" for k, v in s["levels"].items()) + "。")
    rows = []
    for r in selected:
        ind = r.indicator
        rows.append([ind.seq, ind.category, ind.name, ind.unit, show_value(r.value) if r.value is not None else "无法计算",
                     ind.thresholds[general.id].show() if general.id in ind.thresholds else "",
                     ind.thresholds[advanced.id].show() if advanced.id in ind.thresholds else "",
                     r.level_label, r.gap_text.split("：", 1)[-1] if r.gap_text else ""])
    w.table(["序号", "分类", "指标", "单位", "现状值", "一般水平", "先进水平", "评价结果", "差距"], rows,
            caption="工业园区清洁生产评价指标评价结果", col_widths=[1.0, 1.6, 4.4, 1.8, 1.8, 1.4, 1.4, 1.8, 2.0])
    chart = []
    for r in selected:
        ind = r.indicator
        g, a = ind.thresholds.get(general.id), ind.thresholds.get(advanced.id)
        if isinstance(r.value, (int, float)) and not isinstance(r.value, bool) and g and a and g.op != "is" \
                and float(g.value) != float(a.value):
            chart.append({"name": f"{ind.seq} {ind.name}", "value": float(r.value), "general": float(g.value),
                          "advanced": float(a.value), "higher_is_better": ind.direction == "higher"})
    if chart:
        w.chart_attainment(chart, caption="清洁生产评价指标达标情况")
    benchmark_table(ctx, w)
    boards = [r for r in selected if r.short_board]
    if boards:
        w.paragraph("未达到清洁生产一般水平的短板指标：" + "；".join(
            f"{r.indicator.seq} {r.indicator.name}（{r.gap_text}）" for r in boards) + "。上述短板作为确定审核重点的依据。")
    w.section("指标计算过程", level=3, number="")
    for r in selected:
        if r.trace is not None:
            w.paragraph(f"（{r.indicator.seq}）{r.indicator.name}", style="body", bold=True)
            w.trace(r.trace)
            if r.indicator.note:
                w.note(f"说明：{r.indicator.note}")


@uses("focus", "enterprises")
def focus_table(ctx: Any, w: Any) -> None:
    pareto_tables(ctx, w)
    rows = ctx.rows("focus")
    order = {lv: i for i, lv in enumerate(LEVELS)}
    rows = sorted(rows, key=lambda r: order.get(r.get("level"), 9))
    w.table(["层面", "审核重点", "选择依据", "关联指标"],
            [[r.get("level"), r.get("focus"), r.get("basis"), r.get("indicators")] for r in rows],
            caption="清洁生产审核重点", col_widths=[2.4, 4.6, 6.6, 2.4])


@uses("targets")
def targets_table(ctx: Any, w: Any) -> None:
    """2.4.4: 序号、指标、单位、现状值、近期/中期/远期目标值 (现状值 computed where linked to 附件1)."""
    rows = ctx.evaluation.extra.get("targets", [])
    def dated(t: dict[str, Any], k: str) -> str:
        return show_value(t[k]) + (f"（{t[k + '_year']}年）" if t.get(k + "_year") else "")

    w.table(["序号", "指标", "单位", "现状值", "近期目标值", "中期目标值", "远期目标值"],
            [[t["seq"], t["name"], t["unit"], show_value(t["current"]), dated(t, "near"), dated(t, "mid"),
              dated(t, "long")] for t in rows],
            caption="清洁生产目标", col_widths=[1.2, 5.6, 2.4, 1.8, 1.8, 1.8, 1.8],
            notes="现状值为审核基准期值；关联附件1 指标的现状值由指标计算得出。")
    issues = [f"{t['name']}：{'；'.join(t['findings'])}" for t in rows if t["findings"]]
    for text in issues:
        w.note(f"目标检查：{text}")


def _options(ctx: Any) -> list[dict[str, Any]]:
    return sorted(ctx.rows("options"), key=lambda r: r.get("seq") or 0)


@uses("options")
def options_summary(ctx: Any, w: Any) -> None:
    """Options by level: count, feasible count, investment and economic benefit (2.6.1)."""
    opts = _options(ctx)
    rows = []
    for level in LEVELS:
        mine = [o for o in opts if o.get("level") == level]
        rows.append([level, len(mine), sum(1 for o in mine if o.get("feasible") == "可行"),
                     sum(o.get("investment") or 0 for o in mine), sum(o.get("econ_benefit") or 0 for o in mine)])
    rows.append(["合计", len(opts), sum(1 for o in opts if o.get("feasible") == "可行"),
                 sum(o.get("investment") or 0 for o in opts), sum(o.get("econ_benefit") or 0 for o in opts)])
    w.table(["层面", "方案数（项）", "其中可行（项）", "投资预算（万元）", "经济效益（万元/年）"],
            [[c if isinstance(c, str) else fmt(c) for c in row] for row in rows], caption="清洁生产方案数量与分类汇总")
    benefit_table(ctx, w)
    status = Counter(o.get("status") or "未填写" for o in opts)
    w.paragraph("方案实施情况：" + "，".join(f"{k} {v} 项" for k, v in status.items()) + "。")


@uses("options", "indicator_data")
def options_tables(ctx: Any, w: Any) -> None:
    """表B.3 by level (园区 / 行业 / 企业层面), with the fields 2.6.2 lists."""
    opts = _options(ctx)
    for level in LEVELS:
        mine = [o for o in opts if o.get("level") == level]
        if not mine:
            continue
        w.table(["序号", "方案名称", "实施主体", "方案简介", "投资预算（万元）", "环境效益", "经济效益（万元/年）",
                 "实施时间", "筛选结论", "实施情况"],
                [[o.get("seq"), o.get("name"), o.get("owner"), o.get("summary"), _text(o.get("investment")),
                  o.get("env_benefit"), _text(o.get("econ_benefit")), o.get("period"), o.get("feasible"),
                  o.get("status")] for o in mine],
                caption=f"清洁生产方案汇总表（{level}）",
                col_widths=[0.9, 2.2, 1.9, 2.8, 1.4, 2.4, 1.4, 1.3, 1.1, 1.2])
    performance_table(ctx, w)


def benefit_table(ctx: Any, w: Any) -> None:
    """2.6.2: quantified benefits of the feasible options by level (money included), then set against every
    target with a matching quantity."""
    data = ctx.evaluation.extra.get("option_benefits") or {}
    levels = data.get("levels") or []
    if not levels:
        return
    opts = [o for o in _options(ctx) if o.get("feasible") == "可行"]
    labels = {f.id: (f.label, f.unit) for f in ctx.standard.tables["options"].fields}
    fields = ["energy_saving", "renewable_added", "water_saving", "wastewater_cut", "cod_cut", "nox_cut", "vocs_cut",
              "co2_cut", "investment", "econ_benefit"]
    fields = [f for f in fields if f in labels]
    names = [lv["level"] for lv in levels]
    rows = [["可行方案（项）", "", *[lv["options"] for lv in levels]]]
    for f in fields:
        sums = [sum(o.get(f) or 0 for o in opts if name == "合计" or o.get("level") == name) for name in names]
        rows.append([labels[f][0], labels[f][1], *[fmt(v) if v else "—" for v in sums]])
    w.table(["效益", "单位", *names], rows, caption="可行方案的量化效益和投资按层面汇总",
            col_widths=[3.8, 1.6, *[9.2 / len(names)] * len(names)],
            notes="按“方案汇总”中各可行方案填写的年效益合计；未填写的效益按不涉及计（“—”）。")
    comparisons = data.get("targets") or []
    if not comparisons:
        return
    w.paragraph("把可行方案的量化效益计入审核基准期数据，按附件1 指标公式（总量目标按园区总量）重新计算，得到方案实施后"
                "的预期值，与每一期目标比较；每一期只计实施时间不晚于该期目标年份的方案。")

    def show(v: Any) -> str:
        return fmt(v) if isinstance(v, (int, float)) else "—"

    def named(c: dict[str, Any]) -> str:
        return f"{c['name']}（{c['unit']}）" if c.get("unit") else str(c["name"])

    w.table(["目标（单位）", "现状值", "期限（年份）", "目标值", "实施后预期值", "差距", "是否可达"],
            [[named(c), show(c["current"]), c["term"] + (f"（{c['year']}年）" if c.get("year") else ""), show(c["target"]),
              show(c["expected"]), "—" if c["reachable"] else show(c["gap"]), "是" if c["reachable"] else "否"]
             for c in comparisons],
            caption="可行方案实施后与清洁生产目标的比较", col_widths=[3.6, 1.5, 2.4, 1.6, 2.0, 1.8, 1.7],
            notes="差距为达到目标还差的量（按指标方向：越低越好的指标为预期值 − 目标值）；其他数据（如工业增加值）保持基准期值，"
                  "方案之间的相互影响未计。")
    counted: dict[str, list[Any]] = {}
    for c in comparisons:   # terms in order: the last one counts the most options
        counted[str(c["name"])] = c["options"]
    w.paragraph("各目标计入的可行方案（方案汇总序号，至最后一期目标年份）：" + "；".join(
        f"{name} {'、'.join(map(str, opts)) or '无'}" for name, opts in counted.items()) + "。")
    short = [c for c in comparisons if not c["reachable"]]
    if short:
        w.paragraph("按现有可行方案尚不能达到的目标：" + "；".join(
            f"{c['name']}{c['term']}目标 {fmt(c['target'])}{c['unit']}（还差 {fmt(c['gap'])}）" for c in short)
            + "。需在下一阶段补充方案（见持续清洁生产计划）。")


def conclusion_figures(ctx: Any, w: Any) -> None:
    """Key figures the 结论 rests on, computed from the data."""
    ev = ctx.evaluation
    opts = _options(ctx)
    feasible = [o for o in opts if o.get("feasible") == "可行"]
    boards = [r for r in ev.selected() if r.short_board]
    w.numbered_items([
        f"评价指标 {ev.summary['selected']} 项，其中 " + "、".join(f"{k} {v} 项" for k, v in ev.summary["levels"].items()) + "；",
        f"短板指标 {len(boards)} 项：" + ("、".join(r.indicator.name for r in boards) or "无") + "；",
        f"产生方案 {len(opts)} 项，其中可行 {len(feasible)} 项，可行方案投资预算合计 "
        f"{fmt(sum(o.get('investment') or 0 for o in feasible))} 万元，预计经济效益 "
        f"{fmt(sum(o.get('econ_benefit') or 0 for o in feasible))} 万元/年。",
    ])


@uses("continuous_plan")
def continuous_plan_table(ctx: Any, w: Any) -> None:
    """表B.4 持续清洁生产计划表."""
    w.table(["项目", "主要内容", "时间", "负责部门"],
            [[r.get("item"), r.get("content"), r.get("time"), r.get("dept")] for r in ctx.rows("continuous_plan")],
            caption="持续清洁生产计划表", col_widths=[3.0, 7.4, 2.6, 3.0])


@uses("findings", "energy_structure", "ghg_inventory", "water_sources", "materials", "enterprises", "indicator_data")
def problem_analysis(ctx: Any, w: Any) -> None:
    """5.3.2: material, energy and carbon flows with Sankey diagrams, then problems and causes by aspect."""
    from .findings import findings_tables, flow_analysis

    from .lmdi import lmdi_table

    flow_analysis(ctx, w)
    lmdi_table(ctx, w)
    findings_tables(ctx, w)


@uses("findings")
def suggestions(ctx: Any, w: Any) -> None:
    from .findings import suggestion_tables

    suggestion_tables(ctx, w)


RENDERERS = {
    "problem_analysis": problem_analysis, "suggestions": suggestions,
    "previous_round": previous_round, "team_tables": team_tables, "plan_table": plan_table,
    "training_table": training_table, "survey_tables": survey_tables, "evaluation": evaluation,
    "focus_table": focus_table, "targets_table": targets_table, "options_summary": options_summary,
    "options_tables": options_tables, "conclusion_figures": conclusion_figures,
    "continuous_plan_table": continuous_plan_table,
}
