"""6.5.1.2.4 a)、6.5.1.2.5 a)、6.5.1.2.6 a): the baseline year's monthly unit consumption — a chart, the
fluctuation statistics and the reasons for the months outside the band (``monthly``)."""
from __future__ import annotations

from cpframework.api import fmt

from . import monthly as mo
from .options import params
from .report_base import traces

WHAT = {"D.7": "主要原辅材料", "D.10": "水资源", "D.11": "能源"}


def monthly_block(ctx, w, tid: str) -> None:
    items = [s for s in mo.series(ctx.project) if s.table == tid]
    if not items:
        return
    y = ctx.project.manifest.baseline
    band = fmt(float(params(ctx.project).get("fluctuation_pct") or 10))
    what = WHAT[tid]
    months = sorted({m for s in items for m in s.months})
    w.paragraph(f"审核基准期（{y}年）逐月单位产品{what}消耗及波动：", bold=True)
    w.chart_trend([f"{m}月" for m in months],
                  {f"{s.name}（{s.product}）": [s.values[m] / s.mean.value * 100 if m in s.values else None for m in months]
                   for s in items},
                  f"{y}年逐月单位产品{what}消耗（以月均值为100）", unit="以月均值为100", kind="line")
    rows = [[f"{s.name}（{s.product}）", s.unit, s.mean.value, f"{fmt(s.high[1])}（{s.high[0]}月）",
             f"{fmt(s.low[1])}（{s.low[0]}月）", s.high[1] - s.low[1], s.cv.value, len(s.outside)]
            for s in items]
    w.table([["项目（产品）", "单耗单位", "月均单耗", "最高（月份）", "最低（月份）", "极差", "变异系数（%）",
              f"超过±{band}%的月数"]], rows, caption=f"{y}年逐月单位产品{what}消耗波动分析",
            notes=[f"月均单耗为各月单耗的算术平均；变异系数 = 标准差 ÷ 月均单耗 × 100%；偏离界限 ±{band}% 见项目设置。"])
    reasons = [[f"{m}月", f"{s.name}（{s.product}）", s.values[m], f"{'+' if d > 0 else ''}{fmt(d, 1)}%", s.reasons.get(m) or "（未说明）"]
               for s in items for m, d in s.outside]
    if reasons:
        w.table([["月份", "项目", "单耗", "偏离月均值", "波动原因"]], reasons, caption=f"{y}年单耗波动较大月份及原因")
    else:
        w.paragraph(f"审核基准期各月单位产品{what}消耗偏离月均值均未超过 ±{band}%，生产较平稳。")
    traces(w, [r for s in items for r in (s.mean, s.cv)], title="逐月单耗统计计算过程：")
