"""``cpf_evaluate``: the computed results as terminal views ``{"title","columns","rows","note"}``."""
from __future__ import annotations

from typing import Any

from cpframework.api import CalcError, fmt

from . import consumption as cons
from . import options as op
from . import rollups as ru
from . import targets as tg


def _v(x: Any) -> Any:
    return None if x is None else (x.value if hasattr(x, "value") else x)


def consumption_views(project: Any) -> list[dict[str, Any]]:
    ys = cons.years(project)
    rows = []
    for tid, field in (("D.7", "name"), ("D.10", "category"), ("D.11", "category")):
        for ln in cons.unit_lines(project, tid, field):
            rows.append([tid, f"{ln.label}（{ln.product}）", ln.unit_label, *[_v(ln.unit_values[y]) for y in ys],
                         fmt(ln.trend.value) + "%" if ln.trend else "—"])
    et = cons.comprehensive_energy(project)
    erows = [[r.name, r.group, fmt(r.coefficient), r.coef_unit, *[r.kgce[y] for y in ys]] for r in et.rows]
    erows.append(["合计综合能耗", "", "", "kgce", *[_v(et.total[y]) for y in ys]])
    punits = {str(p["name"]): str(p.get("unit") or "") for p in cons.product_rows(project)}
    for name, vals in et.per_product.items():
        erows.append([f"单位{name}综合能耗", "", "", f"kgce/{punits.get(name, '')}", *[_v(vals.get(y)) for y in ys]])
    erows.append(["万元产值综合能耗", "", "", "kgce/万元", *[_v(et.per_value.get(y)) for y in ys]])
    for tid, field in (("D.10", "category"), ("D.11", "category")):
        for label, unit, vals in cons.per_value(project, tid, field):
            rows.append([tid, f"{label}（万元产值）", f"{unit}/万元", *[_v(vals[y]) for y in ys], "—"])
    return [
        {"title": "单耗及考察期变化（表D.7、D.10、D.11）", "columns": ["表", "项目", "单耗单位", *[f"{y}年" for y in ys], "年均变化率"], "rows": rows},
        {"title": "综合能耗（表D.12，GB/T 2589）", "columns": ["名称", "类别", "折标系数", "系数单位", *[f"{y}年（kgce）" for y in ys]], "rows": erows,
         "note": ("单位产品综合能耗年均变化率：" + fmt(et.trend.value) + "%") if et.trend else ""},
    ]


def analysis_views(project: Any) -> list[dict[str, Any]]:
    out = []
    try:
        rk = tg.focus_ranking(project)
    except CalcError as exc:
        rk = None
        out.append({"title": "审核重点（权重总和计分排序法）", "columns": ["问题"], "rows": [[str(exc)]]})
    if rk is not None:
        t = rk.table
        out.append({"title": "审核重点（权重总和计分排序法，6.5.4）", "columns": ["备选审核重点", "总分", "排序"],
                    "rows": [[c, float(t.at[c, "total"]), int(t.at[c, "rank"])] for c in t.index],
                    "note": rk.trace.result})
    brows = []
    for b in tg.balances(project):
        if b.result is None:
            brows.append([b.name, b.kind, "—", "—", "—", b.error])
            continue
        r = b.result
        brows.append([b.name, b.kind, f"{fmt(r.total_in.value)} {r.total_in.unit}", f"{fmt(r.total_out.value)} {r.total_out.unit}",
                      f"{fmt(r.deviation_pct.value)}%", "；".join(r.findings) or (f"利用率 {fmt(b.utilisation.value)}%" if b.utilisation else "✓")])
    out.append({"title": "平衡分析（6.6.2.3）", "columns": ["平衡", "类型", "输入", "输出", "偏差率", "说明"], "rows": brows})
    from .after_audit import comparison, pairs
    arows = []
    for pr in pairs(project):
        rows, effs = comparison(project, pr)
        arows += [[pr.after.name, r[0], r[1], r[3], r[4], r[6]] for r in rows]
        arows += [[pr.after.name, e[0], "", e[1], e[2], e[3]] for e in effs]
        if pr.problem or pr.after.error:
            arows.append([pr.after.name, "—", "", None, None, pr.problem or pr.after.error])
    if arows:
        out.append({"title": "审核前后平衡对照（7.3.5.1）", "columns": ["审核后平衡", "物流/指标", "方向", "审核前", "审核后", "变化率%或百分点"],
                    "rows": arows})
    from .trends import trends
    erows = [[t.row.get("medium"), t.label, t.row.get("unit"), "；".join(f"{y}: {fmt(x)}" for y, x in sorted(t.values.items())), t.limit,
              "；".join(f"{y}年 {fmt(m.value)} 倍" for y, m in sorted(t.multiples.items())) or "未超标", _v(t.change)] for t in trends(project)]
    if erows:
        out.append({"title": "审核考察期污染物排放趋势（6.5.1.3.3 d)、6.5.1.3.4 d)）",
                    "columns": ["类别", "污染物", "单位", "逐年排放值", "限值", "超标倍数", "考察期变化率%"], "rows": erows})
    trows = []
    for t in tg.targets(project):
        trows.append([t.name, t.unit, t.direction, t.baseline, _v(t.near[0]), _v(t.near[1]), _v(t.mid[0]), _v(t.mid[1]),
                      _v(t.expected), t.achieved, _v(t.derivation), "是" if t.met else ("否" if t.met is False else "—"),
                      "；".join(t.problems) or "✓"])
    out.append({"title": "清洁生产目标（表D.24、D.33、D.42）",
                "columns": ["指标", "单位", "方向", "基准期", "近期绝对值", "近期相对值%", "中远期绝对值", "中远期相对值%", "预期完成值",
                            "审核后实际值", "由审核后数据算得", "已完成", "检查"],
                "rows": trows, "note": "；".join(tg.double_exceed_findings(project))})
    return out


def option_views(project: Any) -> list[dict[str, Any]]:
    orows = [[o.number, o.get("category"), o.get("name"), o.get("investment"), o.cost or "—", o.screening or "—", o.get("status") or "—"]
             for o in op.options(project)]
    frows = []
    for f in op.feasibility(project):
        e = f.economics
        frows.append([f.option.number, f.option.get("name"), _v(e.investment) if e else f.option.get("investment"),
                      _v(e.payback) if e else None, _v(e.npv) if e else None,
                      (fmt(e.irr.value * 100) + "%") if e and e.irr.value is not None else "—", f.conclusion])
    s = ru.implementation_summary(project, "核定")
    srows = [[c, v["count"], v["done"], v["rate"], v["planned"], v["actual"], v["econ"]] for c, v in s.items()]
    views = [
        {"title": "清洁生产方案（表D.30–D.32）", "columns": ["编号", "类型", "名称", "预计投资（万元）", "费用类别", "筛选", "实施"], "rows": orows},
        {"title": "中/高费方案可行性分析（6.8.2）", "columns": ["编号", "名称", "投资（万元）", "投资偿还期（年）", "NPV（万元）", "IRR", "结论"], "rows": frows},
        {"title": "方案实施及效益汇总（表D.39、D.41，核定）", "columns": ["类别", "方案数", "已完成", "实施率%", "预期投资", "实际投资", "年经济效益（万元）"], "rows": srows},
    ]
    try:
        items = ru.sums(project, "核定", ru.implemented(project))["合计"]
        parts = ru.carbon_items(project, items)
        total = ru.carbon_total(parts)
        views.append({"title": "折合碳减排量（表E.4 注b）", "columns": ["资源能源节约", "年度量", "碳减排量（tCO₂/年）"],
                      "rows": [[k, items.get(k), r.value] for k, r in parts.items()] + [["合计", None, total.value]]})
    except CalcError as exc:
        views.append({"title": "折合碳减排量（表E.4 注b）", "columns": ["问题"], "rows": [[str(exc)]]})
    return views


def carbon_views(project: Any) -> list[dict[str, Any]]:
    """6.5.1.2.7 碳排放核算 (only when the project accounts its emissions)."""
    if not project.manifest.flag("carbon_accounted"):
        return []
    from . import carbon_account as ca
    ys = cons.years(project)
    acc = ca.account(project)
    rows = [[s.name, s.kind, *[_v(s.emissions.get(y)) for y in ys]] for s in acc.sources]
    rows.append(["二氧化碳排放总量", "", *[_v(acc.total[y]) for y in ys]])
    rows.append(["万元产值二氧化碳排放量（tCO₂/万元）", "", *[_v(acc.per_value[y]) for y in ys]])
    return [{"title": "碳排放核算（6.5.1.2.7）", "columns": ["排放源", "类型", *[f"{y}年（tCO₂）" for y in ys]], "rows": rows,
             "note": "；".join(m for _t, m, _r, _f in acc.problems)}]


def monthly_views(project: Any) -> list[dict[str, Any]]:
    from . import monthly
    rows = [[s.name, s.product, s.unit, s.mean.value, s.cv.value, s.high[1] - s.low[1], "、".join(f"{m}月" for m, _d in s.outside) or "—"]
            for s in monthly.series(project)]
    if not rows:
        return []
    return [{"title": "审核基准期逐月单耗波动（6.5.1.2.4 a)）", "columns": ["项目", "产品", "单位", "月均单耗", "变异系数%", "极差", "超出界限的月份"],
             "rows": rows}]


def evaluate(project: Any) -> dict[str, Any]:
    return {"enterprise_consumption": consumption_views(project) + monthly_views(project) + carbon_views(project),
            "enterprise_analysis": analysis_views(project),
            "enterprise_options": option_views(project)}


def cpf_evaluate(standard: Any, project: Any, evaluation: Any) -> dict[str, Any]:
    """The plugin's evaluate entry (DataPlugin calls it for this standard only)."""
    return evaluate(project)
