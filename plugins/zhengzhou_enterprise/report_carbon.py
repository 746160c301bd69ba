"""6.5.1.2.7 碳排放情况 (flag ``carbon_accounted``): the account table, a chart and the calculation
process of the baseline year — “以图表及文字描述相结合的方式，统计分析碳排放情况”."""
from __future__ import annotations

from cpframework.api import fmt

from . import carbon_account as ca
from .report_base import traces, v, years


def carbon(ctx, w) -> None:
    ys = years(ctx)
    acc = ca.account(ctx.project)
    doc = ca.defaults().meta
    w.paragraph("碳排放核算：", bold=True)
    if not acc.sources:
        w.notice("已开展碳排放核算的企业应统计分析碳排放情况：D.11 能源消耗表中没有可核算的能源，"
                 "请填写能源消耗，或在“碳排放核算参数”工作表中填写过程排放。")
        return
    rows = [[i, s.name, s.kind, s.basis, *[v(s.emissions.get(y)) for y in ys]] for i, s in enumerate(acc.sources, 1)]
    rows.append([len(rows) + 1, ("二氧化碳排放总量", 3), *[v(acc.total[y]) for y in ys]])
    rows.append([len(rows) + 1, ("万元产值二氧化碳排放量（tCO₂/万元）", 3), *[v(acc.per_value[y]) for y in ys]])
    header = [["序号", "排放源", "排放类型", "核算参数", ("二氧化碳排放量（tCO₂）", len(ys))],
              [None, None, None, None, *[f"{y}年" for y in ys]]]
    w.table(header, rows, caption="审核考察期二氧化碳排放核算表", notes=[
        f"核算方法：{doc.guide}；化石燃料燃烧排放量 = 消耗量 × 低位发热量 × 单位热值含碳量 × 碳氧化率 × 44/12，"
        f"缺省参数见该指南{doc.fuel_table}（参考值，企业实测值优先）。",
        f"外购电力按电网排放因子 {acc.grid} 核算；外购热力排放因子 {fmt(doc.heat_factor)} tCO₂/GJ，"
        f"蒸汽热量 = 蒸汽量 ×（焓值 − {fmt(doc.steam_base_enthalpy)} kJ/kg）÷ 1000。",
        "万元产值按 D.6 各产品产值之和计算。"])
    if any(acc.total[y] for y in ys):
        w.chart_trend(ys, {s.name: [v(s.emissions.get(y)) for y in ys] for s in acc.sources},
                      "审核考察期二氧化碳排放量（按排放源）", unit="tCO₂", kind="bar")
        w.chart_trend(ys, {"万元产值二氧化碳排放量（tCO₂/万元）": [v(acc.per_value[y]) for y in ys]},
                      "审核考察期万元产值二氧化碳排放量变化", unit="tCO₂/万元", kind="line")
    base = ys[-1]
    shares = [(s.name, s.emissions[base].value) for s in acc.sources if s.emissions.get(base) is not None]
    if acc.total[base] is not None and acc.total[base].value > 0:
        top = max(shares, key=lambda x: x[1])
        w.paragraph(f"审核基准期（{base}年）二氧化碳排放总量 {fmt(acc.total[base].value)} tCO₂，其中{top[0]}排放 "
                    f"{fmt(top[1])} tCO₂，占 {fmt(top[1] / acc.total[base].value * 100, 1)}%，为主要排放源。")
    traces(w, [s.emissions.get(base) for s in acc.sources] + [acc.total[base], acc.per_value[base]],
           title=f"碳排放核算计算过程（{base}年）：")
