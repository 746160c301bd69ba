"""Report parts for the industry and enterprise levels (3(3), 5.2.1, 5.2.3): the 企业清单 by industry and
the enterprises that make up 80 % of each load, from ``evaluate``'s ``industries`` / ``pareto``."""
from __future__ import annotations

from typing import Any

from cpframework.api import fmt

from .levels import LOADS, PARETO_SHARE


def _pct(v: Any) -> str:
    return "—" if v is None else f"{v:.1f}"


def industry_tables(ctx: Any, w: Any) -> None:
    """5.2.1 (2)(4)(5): each industry's enterprises, value added, energy intensity and shares of the park."""
    inds = ctx.evaluation.extra.get("industries") or []
    if not inds:
        return
    year = ctx.evaluation.baseline_year
    n = sum(i["enterprises"] for i in inds)
    w.paragraph(f"现状调查的企业清单共 {n} 家企业，分属 {len(inds)} 个行业；下表按行业汇总其 {year} 年的"
                "工业增加值、综合能耗，以及资源能源消耗和污染物、二氧化碳排放占园区总量的比例。")
    rows = [[i["industry"], i["enterprises"], fmt(i["value_added"]), fmt(i["energy"]),
             fmt(i["energy_intensity"]) if i["energy_intensity"] is not None else "—",
             fmt(i["intensity_vs_park"]) if i["intensity_vs_park"] is not None else "—"] for i in inds]
    w.table(["行业", "企业数（家）", "工业增加值（万元）", "综合能耗（tce）", "单位工业增加值能耗（吨标煤/万元）",
             "与园区平均之比"], rows, caption=f"{year}年企业清单分行业汇总", col_widths=[2.6, 1.8, 2.6, 2.6, 3.6, 2.4],
            notes="园区平均为园区工业综合能耗总量 ÷ 园区工业增加值；比值大于 1 表示能耗强度高于园区平均。")
    loads = list(LOADS)
    share_rows = [[i["industry"], *[_pct(i.get(f"{k}_share")) for k in loads]] for i in inds]
    share_rows.append(["企业清单合计", *[_pct(sum(i.get(f"{k}_share") or 0 for i in inds)) for k in loads]])
    basis = {i[f"{k}_basis"] for i in inds for k in loads}
    w.table(["行业", *[LOADS[k][0] for k in loads]], share_rows,
            caption=f"{year}年各行业资源能源消耗和污染物、二氧化碳排放占园区总量的比例（%）",
            col_widths=[2.6, *[1.9] * len(loads)],
            notes="分母为“指标基础数据”中的园区总量" + ("；园区未填总量的，为企业清单合计" if "企业清单" in basis else "")
                  + "。“企业清单合计”一行为企业清单对园区总量的覆盖程度。")


def pareto_tables(ctx: Any, w: Any) -> None:
    """5.2.3 at enterprise level: for each load, the fewest enterprises that make up 80 % of the list's total."""
    lists = ctx.evaluation.extra.get("pareto") or {}
    if not lists:
        return
    share = fmt(PARETO_SHARE * 100)
    w.paragraph(f"按企业清单中各企业的资源能源消耗和污染物、二氧化碳排放量由大到小排序，累计占企业清单合计 {share}% "
                "的最少企业见下表，作为确定企业层面审核重点的依据。")
    rows = []
    for k, item in lists.items():
        members = item["members"]
        rows.append([item["label"], f"{fmt(item['total'])} {item['unit']}", len(members), _pct(members[-1]["cumulative"]),
                     "、".join(m["name"] for m in members[:3])])
    w.table(["类别", "企业清单合计", "企业数（家）", "累计占比（%）", "排名前三的企业"], rows,
            caption=f"累计占比达到 {share}% 的企业", col_widths=[3.2, 2.8, 1.8, 1.8, 6.4])
    energy = lists.get("energy")
    if energy:
        members = energy["members"]
        w.table(["序号", "企业", "行业", "综合能耗（tce）", "占比（%）", "累计占比（%）"],
                [[i, m["name"], m["industry"], fmt(m["value"]), _pct(m["share"]), _pct(m["cumulative"])]
                 for i, m in enumerate(members, start=1)],
                caption=f"综合能耗累计占 {share}% 的企业", col_widths=[1.2, 5.4, 2.6, 2.6, 1.8, 2.4])
        # every enterprise of the list, labelled by rank (the table's 序号), so the curve is the table's
        ranked = sorted((float(r.get("energy") or 0), str(r.get("ent_id"))) for r in ctx.rows("enterprises"))
        ranked.sort(key=lambda vr: (-vr[0], vr[1]))
        w.chart_pareto([str(i) for i in range(1, len(ranked) + 1)], [v for v, _ in ranked],
                       caption=f"企业综合能耗排序与累计占比（横轴为排序名次，前 {len(members)} 名即上表）",
                       threshold=PARETO_SHARE, unit="tce")


def benchmark_table(ctx: Any, w: Any) -> None:
    """5.2.2: the baseline value, the park's own best year and the peer parks, for each selected indicator."""
    from cpframework.api import show_value

    from .benchmark import best_year, own_history

    ev, std = ctx.evaluation, ctx.standard
    history = own_history(std, ctx.project)
    peers_rows = ctx.rows("benchmarks")
    peers = list(dict.fromkeys(str(r.get("park")) for r in peers_rows))[:3]
    peer_value = {(str(r.get("park")), str(r.get("indicator") or "").strip().upper()): r.get("value") for r in peers_rows}
    rows = []
    for r in ev.selected():
        ind = r.indicator
        best = best_year(ind, history.get(ind.id, {}))
        if best is None and not any((p, ind.id) in peer_value for p in peers):
            continue
        rows.append([ind.seq, ind.name, ind.unit, show_value(r.value) if r.value is not None else "—",
                     show_value(best[1]) if best else "—", best[0] if best else "—",
                     *[show_value(peer_value.get((p, ind.id))) for p in peers]])
    if not rows:
        return
    w.table(["序号", "指标", "单位", f"本园区{ev.baseline_year}年", "本园区历史最好", "历史最好年份", *peers], rows,
            caption="与本园区历史最好水平和对标园区的比较",
            col_widths=[1.0, 4.0, 1.6, 1.8, 1.8, 1.4, *[4.4 / max(len(peers), 1)] * len(peers)],
            notes="本园区历史最好水平按“指标基础数据”各年数据逐年计算；对标园区数据及来源见“对标园区”工作表。"
                  + ("；".join(f"{p}：{next((str(x.get('source')) for x in peers_rows if str(x.get('park')) == p), '')}"
                              for p in peers) if peers else ""))


def performance_table(ctx: Any, w: Any) -> None:
    """附件2 2.6.2 实施后的绩效: the park's totals before and after the feasible options, from the data."""
    from .options import performance

    items = performance(ctx.project)
    if not items:
        return
    year = ctx.evaluation.baseline_year
    w.table(["类别", "单位", f"{year}年园区总量", "已实施方案效益", "全部可行方案效益", "全部实施后", "降低（%）"],
            [[i["label"], i["unit"], fmt(i["baseline"]), fmt(i["implemented"]), fmt(i["feasible"]), fmt(i["after"]),
              _pct(i["reduction_pct"])] for i in items],
            caption="可行方案实施后的绩效", col_widths=[3.2, 1.4, 2.6, 2.4, 2.6, 2.4, 1.4],
            notes=f"园区总量为“指标基础数据”中 {year} 年的值；效益为“方案汇总”中可行方案填写的年效益之和，"
                  "“已实施”只计实施情况为已实施的方案；降低 = 全部可行方案效益 ÷ 园区总量。")
