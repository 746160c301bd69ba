"""Report sections 3.3.6–3.3.9: 先进对照法, 同类类比法, distributions by 规模/类型/地区 with the key
enterprises (4.2, 4.5), and 专家经验法 — every chart drawn from the frame its table prints."""
from __future__ import annotations

from typing import Any

from cpframework.api import fmt

from .charts import breakdown_chart, peer_chart


def _n(x: Any) -> str:
    if x is None or x != x:
        return "—"
    x = float(x)
    return fmt(x, 3 if abs(x) < 10 else 1)


def _pct(x: Any) -> str:
    return "—" if x is None or x != x else f"{fmt(float(x), 0)}%"


def advanced_and_peers(w: Any, r: dict[str, Any]) -> None:
    s, peers, gaps = r["system"], r["peers"], r["gaps"]
    w.section("先进对照与同类类比", 3, "3.3.6")
    w.paragraph("先进对照法以评价指标体系的Ⅰ级基准值（国内先进水平）和本行业参评企业中的最优值为对照；同类类比法以参评企业"
                "的统计值（四分位数、中位数）为对照。统计只用有数值的企业，填“不适用”的企业不计。")
    rows = [[i, x["name"], x["unit"] or "—", "≥" if x["direction"] == "higher" else "≤", int(x["n"]), _n(x["q1"]),
             _n(x["median"]), _n(x["q3"]), _n(x["best"]), x["best_by"] or "—", _n(x["benchmark_I"]), _n(x["median_gap_I"])]
            for i, x in peers.iterrows()]
    w.table(["代码", "指标", "单位", "方向", "企业数", "下四分位数", "中位数", "上四分位数", "最优值", "最优企业", "Ⅰ级基准值",
             "中位数与Ⅰ级差距"], rows, caption="定量指标的同类类比统计与先进值",
            notes="方向“≥”为越大越好，“≤”为越小越好；下/上四分位数按线性插值；差距为 0 表示中位数已达Ⅰ级。",
            col_widths=[1.0, 2.6, 1.1, 0.8, 1.0, 1.3, 1.2, 1.3, 1.1, 1.3, 1.2, 1.4])
    w.chart(peer_chart, "定量指标相对Ⅰ级基准值的分布", peers)
    inds = list(peers.index)
    for col, title, note in (("gap_I", "各企业与Ⅰ级基准值的差距", "0 表示已达Ⅰ级基准值；数值为还需改善的量（单位同指标）。"),
                             ("gap_best", "各企业与行业最优企业的差距", "0 表示该企业即为最优；最优企业见上表。")):
        table = gaps.pivot(index="enterprise", columns="indicator", values=col).reindex(index=r["result"].index, columns=inds)
        w.table(["企业", *[f"{i}（{peers.loc[i, 'unit']}）" if peers.loc[i, "unit"] else i for i in inds]],
                [[eid, *[_n(v) for v in row]] for eid, row in zip(table.index, table.to_numpy())],
                caption=f"先进对照：{title}", notes=note + "“—”为不适用。",
                col_widths=[1.5, *[13.5 / max(len(inds), 1)] * len(inds)])
    ranks, med = r["ranks"], r["class_medians"]
    w.paragraph("同类类比按企业规模、类型（产品）、地区分类比较：下表为各企业在同规模企业中的百分位（100% 为同类最优，"
                "即同类中不优于该企业的企业占比），其后为各类企业的中位数。")
    rk = ranks["规模"].reindex(index=r["result"].index, columns=inds)
    scale = r["classes"]["规模"]
    w.table(["企业", "规模", *inds], [[eid, scale.get(eid, "—"), *[_pct(v) for v in row]] for eid, row in zip(rk.index, rk.to_numpy())],
            caption="同类类比：各企业在同规模企业中的百分位", col_widths=[1.4, 1.2, *[12.4 / max(len(inds), 1)] * len(inds)])
    for c in ("规模", "类型", "地区"):
        m = med[c].reindex(columns=["n", *inds])
        w.table([c, "企业数", *inds], [[k, int(row["n"]), *[_n(row[i]) for i in inds]] for k, row in m.iterrows()],
                caption=f"同类类比：按{c}的各指标中位数", col_widths=[2.6, 1.2, *[11.2 / max(len(inds), 1)] * len(inds)])


def distributions(w: Any, r: dict[str, Any]) -> None:
    w.section("按规模、类型、地区的等级与问题分布", 3, "3.3.7")
    label = "未达Ⅲ级" if r["problem_level"] == 3 else "未达Ⅱ级"
    w.paragraph(f"“有问题的企业”为至少一项指标{label}的企业；“问题项数”为各企业{label}的指标项数之和。")
    for c in ("规模", "类型", "地区", "关键企业"):
        b = r["breakdown"][c]
        w.table([c, *map(str, b.columns)], [[k, *[int(v) for v in row]] for k, row in zip(b.index, b.to_numpy())],
                caption=f"按{c}的清洁生产等级与问题分布" if c != "关键企业" else "关键企业与其他企业的等级与问题分布")
        w.chart(breakdown_chart, f"按{c}的清洁生产等级分布" if c != "关键企业" else "关键企业与其他企业的等级分布", b)
    res, cls, names = r["result"], r["classes"], r["names"]
    key = [e for e in res.index if cls.loc[e, "关键企业"] == "关键企业"]
    w.paragraph(f"4.5 关键企业（企业层面的典型审核对象）共 {len(key)} 家，其评价结果如下；关键企业的问题在方案中优先安排。")
    w.table(["企业", "企业名称", "规模", "类型", "等级", "短板指标"],
            [[e, names.loc[e, "name"], cls.loc[e, "规模"], cls.loc[e, "类型"], res.loc[e, "level"], res.loc[e, "short_boards"] or "—"]
             for e in key], caption="关键企业评价结果", empty="—", col_widths=[1.3, 4.2, 1.2, 1.8, 1.8, 4.7])


def expert_records(ctx: Any, w: Any) -> None:
    w.section("专家经验判断", 3, "3.3.8")
    rows = ctx.rows("expert")
    w.table(["涉及企业", "关联指标", "判断", "理由", "专家", "单位/职称", "日期"],
            [[x.get("enterprises"), x.get("indicators") or "—", x.get("judgement"), x.get("reason"), x.get("author"),
              x.get("affiliation") or "—", x["date"].isoformat() if hasattr(x.get("date"), "isoformat") else (x.get("date") or "—")]
             for x in rows], caption="专家经验法判断记录", empty="—", col_widths=[1.8, 1.4, 3.4, 3.8, 1.4, 2.2, 1.6])
