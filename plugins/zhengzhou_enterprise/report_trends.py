"""审核考察期污染物排放趋势 in 4.1.3.3 (废水, 6.5.1.3.3 d)) and 4.1.3.4 (废气, 6.5.1.3.4 d)): table, chart and
exceedance multiples from the same rows (:mod:`.trends`)."""
from __future__ import annotations

from cpframework.api import fmt

from .report_base import traces, years
from .trends import trends


def trend_block(ctx, w, medium: str, clause: str) -> None:
    ts = [t for t in trends(ctx.project) if t.row.get("medium") == medium]
    double = ctx.project.manifest.flag("double_exceed")
    if not ts:
        if double:
            w.notice(f"“双超”企业须说明{medium}污染物排放浓度或总量在审核考察期的变化趋势（{clause}）：请在“考察期排放趋势”工作表填写逐年数据。")
        return
    ys = years(ctx)
    w.paragraph(f"审核考察期{medium}污染物排放趋势（{clause}）：", bold=True)
    rows, sources = [], {}
    for t in ts:
        over = "；".join(f"{y}年 {fmt(m.value)} 倍" for y, m in sorted(t.multiples.items())) or "未超标"
        rows.append([f"{t.row.get('pollutant')}{t.row.get('basis')}", t.row.get("unit"), *[t.values.get(y) for y in ys], t.limit,
                     over, None if t.change is None else t.change.value])
        if t.row.get("limit_source"):
            sources.setdefault(str(t.row["limit_source"]), []).append(str(t.row.get("pollutant")))
    basis = "；".join(f"{'、'.join(v)}为{k}" for k, v in sources.items())
    w.table(["污染物及对照项", "单位", *[f"{y}年" for y in ys], "限值", "超标年份及倍数", "变化率（%）"], rows,
            caption=f"审核考察期{medium}污染物排放趋势",
            notes=(f"限值依据：{basis}。" if basis else "") + "超标倍数 =（排放值 − 限值）÷ 限值；"
                  "变化率 =（基准期值 − 首年值）÷ 首年值 × 100%。")
    series = {f"{t.row.get('pollutant')}{t.row.get('basis')}": [
        None if t.values.get(y) is None or not t.limit else t.values[y] / t.limit * 100 for y in ys] for t in ts}
    series["限值（100%）"] = [100.0] * len(ys)    # the limit drawn, so the scale never hides how close a value is
    w.chart_trend([f"{y}年" for y in ys], series, f"审核考察期{medium}污染物排放占限值比例", unit="占限值（%）", kind="line")
    over = [t for t in ts if t.multiples]
    if over:
        w.paragraph("超标情况：" + "；".join(f"{t.label}在{'、'.join(f'{y}年' for y in sorted(t.multiples))}超过限值"
                                          f"{('，原因及措施：' + str(t.row['cause'])) if t.row.get('cause') else ''}" for t in over) + "。")
    else:
        w.paragraph(f"审核考察期内所列{medium}污染物各年均未超过限值，各年占限值比例见上图。")
    traces(w, [m for t in over for _y, m in sorted(t.multiples.items())] + [t.change for t in ts], "计算过程：")
