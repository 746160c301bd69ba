"""Section renderers of the 附录C report: ``func(ctx, writer)``; tables from the workbook, the
per-enterprise evaluation and the industry summary (computed once per report)."""
from __future__ import annotations

from typing import Any

from cpframework.api import fmt
from cpframework.api import uses

from . import analysis, report_diagnosis
from .charts import attainment_rate_chart
from .evaluation import LEVEL_PREFIX, grade_reason, problem_label
from .system import DIMENSIONS, benchmark_text


def _run(ctx: Any) -> dict[str, Any]:
    cache = ctx.report_vars
    if "_industry" not in cache:
        cache["_industry"] = analysis.run(ctx.standard, ctx.project)
    return cache["_industry"]


def _d(x: Any) -> str:
    return x.isoformat() if hasattr(x, "isoformat") else ("" if x is None else str(x))


def _b(x: Any) -> str:
    return "是" if x is True else ("否" if x is False else "")


def _pct(x: Any) -> str:
    return "—" if x is None or x != x else f"{fmt(100 * float(x), 1)}%"


def basis_system(ctx: Any, w: Any) -> None:
    s = _run(ctx)["system"]
    w.paragraph(f"清洁生产水平诊断所用评价指标体系：{s.title}（{s.source}）。评价方法：《清洁生产评价指标体系编制通则（试行稿）》"
                "的隶属函数与综合评价指数 YⅠ、YⅡ、YⅢ，限定性指标按级别把关。")
    if s.illustrative:
        w.note("注：本报告所用评价指标体系为示意数据，不代表已发布的行业评价指标体系。")


@uses("enterprises")
def task_table(ctx: Any, w: Any) -> None:
    m = ctx.project.manifest
    sub = m.subject
    n = len(ctx.rows("enterprises"))
    rows = [["审核主体", sub.get("authority", "")], ["审核区域", sub.get("region", "")],
            ["审核行业及代码", f"{sub.get('industry', '')}（{sub.get('industry_code', '')}）"],
            ["审核范围边界", sub.get("scope_boundary", "")], ["审核企业数", f"{n} 家"],
            ["统计期", f"{m.baseline} 年（上一自然年）"], ["对照年份", "、".join(f"{y} 年" for y in m.years if y != m.baseline)]]
    w.table(["项目", "内容"], rows, caption="审核任务", col_widths=[4, 11])


@uses("team")
def team_table(ctx: Any, w: Any) -> None:
    rows = [[r.get("name"), r.get("role"), r.get("dept"), r.get("duty"), r.get("time"), r.get("contact")]
            for r in ctx.rows("team")]
    w.table(["姓名", "审核小组职务", "来自部门及职务职称", "职责", "投入时间", "联系方式"], rows,
            caption="审核小组成员表（表A.1）")


@uses("plan")
def plan_table(ctx: Any, w: Any) -> None:
    sub, m = ctx.project.manifest.subject, ctx.project.manifest
    by_work = {r.get("work"): r for r in ctx.rows("plan")}
    header = [[f"审核范围：{sub.get('scope_boundary', '')}", None, None, f"审核时间：{m.audit_year} 年", None],
              ["阶段", "工作内容", "完成时间", "责任部门及负责人", "备注"]]
    rows, last = [], None
    for work, stage in analysis.PLAN_WORK.items():
        r = by_work.get(work, {})
        rows.append([stage if stage != last else "", work, _d(r.get("finish")), r.get("owner") or "", r.get("remark") or ""])
        last = stage
    header = [[(header[0][0], 3), (header[0][3], 2)], header[1]]
    w.table(header, rows, caption="审核工作计划表（表A.2）", empty="")
    tasks = [(r.get("work"), r.get("start") or r.get("finish"), r.get("finish")) for r in ctx.rows("plan") if r.get("finish")]
    if tasks:
        w.chart_gantt(tasks, caption="审核工作进度")


@uses("training")
def training_table(ctx: Any, w: Any) -> None:
    rows = [[_d(r.get("date")), r.get("form"), r.get("content"), r.get("participants")] for r in ctx.rows("training")]
    w.table(["日期", "方式", "主要内容", "参与人数（人）"], rows, caption="宣传教育与能力建设活动")


@uses("enterprises", "production", "materials", "water", "energy", "pollutants", "permits", "checklist",
      "site_visits")
def overview_tables(ctx: Any, w: Any) -> None:
    r = _run(ctx)
    years = ctx.project.manifest.years
    ents = ctx.rows("enterprises")
    rows = [[e.get("id"), e.get("name"), e.get("location"), e.get("industry_code"), e.get("scale"), e.get("employees"),
             (e.get("output_value") or {}).get(years[-1])] for e in ents]
    w.table(["编号", "企业名称", "所在位置", "行业代码", "规模", "从业人数", f"{years[-1]}年工业总产值（万元）"], rows,
            caption="审核范围内企业一览表", col_widths=[1.5, 5, 3, 1.8, 1.3, 1.5, 2.2])
    totals = []
    products: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for x in ctx.rows("production"):  # one row per product and unit: products of different units are never added
        products.setdefault((str(x.get("product") or ""), str(x.get("unit") or "")), []).append(x)
    for label, rows_, field, unit in (("工业总产值", ctx.rows("enterprises"), "output_value", "万元"),
                                      ("工业增加值", ctx.rows("enterprises"), "value_added", "万元"),
                                      *[(f"{p}产量", rs, "output", u) for (p, u), rs in products.items()],
                                      ("新鲜水取水量", ctx.rows("water"), "fresh", "t"),
                                      ("废水产生量", ctx.rows("water"), "wastewater", "t"),
                                      ("综合能源消费量", ctx.rows("energy"), "tce", "tce")):
        vals = [sum(float((x.get(field) or {}).get(y) or 0) for x in rows_) for y in years]
        totals.append([label, unit, *[fmt(v, 0) for v in vals]])
    w.table(["项目", "单位", *[f"{y}年" for y in years]], totals, caption="行业资源能源消耗与经济指标汇总（近三年）")
    _materials_table(ctx, w, years)
    poll = {}
    for p in ctx.rows("pollutants"):
        key = (p.get("medium"), p.get("pollutant"), p.get("unit"))
        poll.setdefault(key, [0.0, 0.0])
        poll[key][0] += float((p.get("generated") or {}).get(years[-1]) or 0)
        poll[key][1] += float((p.get("emitted") or {}).get(years[-1]) or 0)
    w.table(["类别", "污染物", "单位", f"{years[-1]}年产生量", f"{years[-1]}年排放量"],
            [[k[0], k[1], k[2], fmt(v[0], 2), fmt(v[1], 2)] for k, v in poll.items()], caption="行业污染物产生与排放汇总（统计期）")
    _permits_table(ctx, w)
    check = ctx.project.tables.get("checklist")
    items = {row["id"]: row for row in (check.rows if check else [])}
    rows = [[it.label, _b(items.get(it.id, {}).get("value")), items.get(it.id, {}).get("note", "")]
            for it in (check.schema.items if check else ())]
    w.table(["附录B 资料清单", "是否收集", "佐证材料"], rows, caption="资料收集情况（附录B）", col_widths=[8, 1.8, 5.2])
    visits = [[_d(v.get("date")), v.get("enterprise"), v.get("content"), v.get("findings"), v.get("obvious_options")]
              for v in ctx.rows("site_visits")]
    w.table(["日期", "企业", "考察内容", "发现", "显而易见的方案"], visits, caption="现场考察记录")
    _ = r


def _materials_table(ctx: Any, w: Any, years: list[int]) -> None:
    """附录B B.2 a): 原辅材料消耗, summed over the enterprises per material (有毒有害 feeds 5.2.2)."""
    mats: dict[tuple[Any, Any], dict[str, Any]] = {}
    for m in ctx.rows("materials"):
        agg = mats.setdefault((m.get("material"), m.get("unit")), {"toxic": False, "ents": set(), "years": {}})
        agg["toxic"] |= m.get("toxic") is True
        agg["ents"].add(m.get("enterprise"))
        for y in years:
            agg["years"][y] = agg["years"].get(y, 0.0) + float((m.get("consumption") or {}).get(y) or 0)
    rows = [[k[0], k[1], "是" if a["toxic"] else "否", len(a["ents"]), *[fmt(a["years"][y], 2) for y in years]]
            for k, a in mats.items()]
    w.table(["原辅材料", "单位", "有毒有害", "使用企业（家）", *[f"{y}年消耗量" for y in years]], rows,
            caption="行业主要原辅材料消耗汇总（近三年）",
            col_widths=[3.4, 1.2, 1.6, 2.2, *[7.6 / max(len(years), 1)] * len(years)])


def _permits_table(ctx: Any, w: Any) -> None:
    """附录B B.4 f): 排污许可证执行情况 by 管理类别, and the enterprises without a registered permit."""
    by_cat: dict[Any, list[dict[str, Any]]] = {}
    for p in ctx.rows("permits"):
        by_cat.setdefault(p.get("category"), []).append(p)
    rows = [[cat, len({p.get("enterprise") for p in ps}), sum(1 for p in ps if p.get("reports_submitted") is True),
             "、".join(str(p.get("enterprise")) for p in ps if p.get("reports_submitted") is not True) or "—"]
            for cat, ps in by_cat.items()]
    w.table(["管理类别", "持证企业（家）", "按时提交执行报告（家）", "未按时提交执行报告的企业"], rows,
            caption="排污许可证执行情况", col_widths=[2.5, 2.5, 3.5, 6.5])
    holders = {str(p.get("enterprise")) for p in ctx.rows("permits")}
    without = [str(e.get("id")) for e in ctx.rows("enterprises") if e.get("id") is not None and str(e.get("id")) not in holders]
    if without:
        w.paragraph(f"未登记排污许可证信息的企业：{'、'.join(without)}。")


@uses("focus")
def focus_table(ctx: Any, w: Any) -> None:
    from .focus import missing_focus

    m = ctx.project.manifest
    flags = [f.label for f in ctx.standard.info.flags if m.flag(f.id)]
    if flags:
        w.paragraph("本行业适用的 5.2.2 情形：" + "；".join(flags) + "。")
    rows = [[f.get("id"), f.get("focus"), f.get("kind"), f.get("basis"), f.get("indicators")] for f in ctx.rows("focus")]
    w.table(["编号", "审核诊断重点", "类型", "选择依据", "关联指标"], rows, caption="审核诊断重点")
    for msg in missing_focus(m.flags, m.subject, ctx.rows("focus")):
        w.placeholder(msg)


@uses("enterprises", "indicator_values", "production", "water", "energy", "pollutants", "findings", "expert")
def level_diagnosis(ctx: Any, w: Any) -> None:
    r = _run(ctx)
    s, res, names = r["system"], r["result"], r["names"]
    w.section("评价指标体系", 3, "3.3.1")
    rows = [[i.id, i.category, i.name + ("*" if i.limiting else ""), i.unit, fmt(s.group_of(i).weight), fmt(i.weight),
             *benchmark_text(i)] for i in s.indicators]
    w.table(["代码", "一级指标", "二级指标", "单位", "一级权重", "二级权重", "Ⅰ级基准值", "Ⅱ级基准值", "Ⅲ级基准值"], rows,
            caption=f"{s.title}", notes="*为限定性指标。" + report_diagnosis.shared_weights(s) + ("本体系为示意数据。" if s.illustrative else ""))
    w.section("企业清洁生产等级", 3, "3.3.2")
    rows = [[eid, names.loc[eid, "name"], names.loc[eid, "scale"], fmt(x.Y1, 1), fmt(x.Y2, 1), fmt(x.Y3, 1), x.level,
             x.limiting_failed or "—"] for eid, x in zip(res.index, res.itertuples())]
    w.table(["编号", "企业名称", "规模", "YⅠ", "YⅡ", "YⅢ", "等级", "未达Ⅲ级的限定性指标"], rows, caption="企业清洁生产等级评定结果",
            col_widths=[1.2, 4.2, 1.3, 1.3, 1.3, 1.3, 1.9, 3.5])
    dist = r["distribution"]
    counts = {lv: int(c) for lv, c in dist["count"].items() if c or lv != "无法评定"}
    w.table(["等级", "企业数（家）", "占比"], [[lv, int(x["count"]), _pct(x["share"])] for lv, x in dist.iterrows()]
            + [["合计", int(dist["count"].sum()), "100%"]], caption="行业清洁生产等级分布")
    w.chart_distribution(counts, caption="行业清洁生产等级分布")
    w.section("指标达标情况", 3, "3.3.3")
    att = r["attainment"]
    label = problem_label(r["problem_level"])
    w.table(["代码", "指标", "参评企业", "达Ⅰ级", "达Ⅱ级", "达Ⅲ级", f"{label}"],
            [[i, x["name"], int(x["assessed"]), _pct(x["rate_1"]), _pct(x["rate_2"]), _pct(x["rate_3"]), int(x["problems"])]
             for i, x in att.iterrows()], caption="各指标达标率", notes="达标率 = 达到该级别的企业数 ÷ 参评企业数；不适用的企业不计。")
    w.chart(attainment_rate_chart, "各指标达标率", att)
    w.section("行业共性问题与企业个性问题", 3, "3.3.4")
    w.paragraph(f"某项指标{label}的企业占参评企业的比例不低于 {_pct(r['share'])} 的，列为行业关键共性问题；低于该比例的，列为企业突出个性问题（5.3.2）。")
    pr = r["problems"]
    for kind in ("共性问题", "个性问题"):
        sub = pr[pr["kind"] == kind]
        w.table(["代码", "指标", "诊断方面", "问题企业/参评", "占比", "涉及企业"],
                [[i, x["name"], x["dimension"], f"{int(x['problems'])}/{int(x['assessed'])}", _pct(x["problem_share"]),
                  x["enterprises"]] for i, x in sub.iterrows()],
                caption="行业关键共性问题" if kind == "共性问题" else "企业突出个性问题", empty="—",
                col_widths=[1.2, 3.6, 2.6, 1.8, 1.6, 4.2])
    _enterprise_detail(w, r)
    report_diagnosis.advanced_and_peers(w, r)
    report_diagnosis.distributions(w, r)
    report_diagnosis.expert_records(ctx, w)
    w.section("诊断发现", 3, "3.3.9")
    order = {d: k for k, d in enumerate(DIMENSIONS)}
    rows = sorted(ctx.rows("findings"), key=lambda f: order.get(f.get("dimension"), 99))
    w.table(["诊断方面", "诊断发现", "方法", "性质", "涉及企业", "原因分析", "依据"],
            [[f.get("dimension"), f.get("finding"), f.get("method"), f.get("scope"), f.get("enterprises"), f.get("cause") or "—",
              f.get("basis")] for f in rows], caption="清洁生产水平诊断发现（5.2.3 八个方面）",
            col_widths=[2.0, 3.3, 1.8, 1.8, 2.1, 2.3, 1.7])


def _enterprise_detail(w: Any, r: dict[str, Any]) -> None:
    """Every enterprise's indicator values, the level reached per indicator and the reason for its grade."""
    s, res, values = r["system"], r["result"], r["values"]
    w.section("各企业评价明细", 3, "3.3.5")
    shown = {1: "Ⅰ", 2: "Ⅱ", 3: "Ⅲ", 4: "未达"}
    inds = list(s.indicators)
    for k in range(0, len(inds), 8):
        part = inds[k:k + 8]
        rows = [[eid, *[shown.get(int(x[LEVEL_PREFIX + i.id]), "—") if x[LEVEL_PREFIX + i.id] == x[LEVEL_PREFIX + i.id]
                        else "不适用" for i in part]] for eid, x in res.iterrows()]
        w.table(["企业", *[f"指标{i.id}" for i in part]], rows,
                caption=f"各企业各指标达到的级别（指标 {part[0].id}—{part[-1].id}）",
                col_widths=[1.5, *[13.5 / len(part)] * len(part)],
                notes="“未达”为未达Ⅲ级；指标名称见评价指标体系表。")
    quant = [i for i in inds if i.direction in ("higher", "lower")]
    rows = [[eid, *[_num(values.loc[eid, i.id]) for i in quant]] for eid in res.index]
    w.table(["企业", *[f"指标{i.id}（{i.unit}）" if i.unit else f"指标{i.id}" for i in quant]], rows,
            caption="各企业定量指标取值（统计期）", notes="；".join(f"{i.id}：{i.name}" for i in quant) + "。",
            col_widths=[1.5, *[13.5 / max(len(quant), 1)] * len(quant)])
    traces = r["traces"]
    first = next((eid for eid in res.index if all((eid, i.id) in traces for i in inds if i.formula)), None)
    if first is not None:
        w.paragraph(f"由数据表计算的指标，以企业 {first} 为例（统计期数据），计算过程如下：")
        for i in inds:
            if i.formula:
                w.trace(traces[(first, i.id)])
    rows = [[eid, x["level"], grade_reason(x, s)] for eid, x in res.iterrows()]
    w.table(["企业", "等级", "评定理由"], rows, caption="各企业等级评定理由", col_widths=[1.5, 2.2, 11.3],
            notes="Y 为综合评价指数（通则方法）；Ⅰ级、Ⅱ级要求的限定性指标级别见评价方法说明。")


def _num(v: Any) -> str:
    try:
        x = float(v)
    except (TypeError, ValueError):
        return "—" if v is None else str(v)
    return fmt(x, 3 if abs(x) < 10 else 1)


@uses("targets", "enterprises", "production", "water", "energy", "pollutants")
def targets_table(ctx: Any, w: Any) -> None:
    from .consistency import industry_value

    system = _run(ctx)["system"]

    def computed(t: dict) -> str:  # 5.3.1: the current value from the data (Σ numerator ÷ Σ denominator)
        res = industry_value(ctx.standard, ctx.project, system, str(t.get("indicator") or "").strip().upper())
        if res is None or (t.get("unit") and str(t.get("unit")).strip() != res.unit):  # e.g. a count of enterprises
            return "—"
        return f"{fmt(float(res.value), 2)}{res.unit if res.unit == '%' else ' ' + res.unit}"

    rows = [[t.get("seq"), t.get("focus"), t.get("name"), t.get("indicator"), t.get("unit"), t.get("current"), computed(t),
             t.get("target"), _d(t.get("deadline")), t.get("reference")] for t in ctx.rows("targets")]
    w.table(["序号", "对应重点", "目标指标", "指标代码", "单位", "现状值", "数据计算的现状值", "目标值", "完成时限", "参照依据"], rows,
            caption="清洁生产审核目标", notes="数据计算的现状值：由数据表计算的指标按全行业合计（Σ分子 ÷ Σ分母）计算，统计期数据；“—”为不由数据表计算或单位不同的目标。")


@uses("options", "enterprises", "indicator_values", "production", "water", "energy", "pollutants")
def options_table(ctx: Any, w: Any) -> None:
    for level in ("行业层面", "企业层面"):
        rows = [[o.get("id"), o.get("category"), o.get("name"), o.get("enterprises"), o.get("indicators"), o.get("content"),
                 fmt(o.get("investment")) if o.get("investment") is not None else "", o.get("benefit")]
                for o in ctx.rows("options") if o.get("level") == level]
        w.table(["编号", "类别", "方案名称", "实施企业", "针对指标", "主要内容", "投资（万元）", "预期效益"], rows,
                caption=f"{level}清洁生产方案（{'共性问题' if level == '行业层面' else '个性问题'}）")
    report_diagnosis.option_screening(ctx, w, _run(ctx))


@uses("options", "tracking")
def tracking_table(ctx: Any, w: Any) -> None:
    opts = {o.get("id"): o for o in ctx.rows("options")}
    rows = []
    for t in ctx.rows("tracking"):
        o = opts.get(t.get("option"), {})
        rows.append([t.get("option"), o.get("name", ""), _d(o.get("node")), _d(t.get("date")), t.get("progress"),
                     t.get("evidence"), t.get("effect")])
    w.table(["方案", "方案名称", "计划节点", "检查日期", "进度", "佐证材料", "实施成效"], rows, caption="清洁生产方案实施跟踪")


RENDERERS = {name: fn for name, fn in globals().items() if name in (
    "basis_system", "task_table", "team_table", "plan_table", "training_table", "overview_tables", "focus_table",
    "level_diagnosis", "targets_table", "options_table", "tracking_table")}
