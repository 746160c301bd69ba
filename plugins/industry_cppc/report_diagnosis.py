"""Report sections 3.3.6–3.3.9: 先进对照法, 同类类比法, distributions by 规模/类型/地区 with the key
enterprises (4.2, 4.5), and 专家经验法 — every chart drawn from the frame its table prints."""
from __future__ import annotations

from typing import Any

from cpframework.api import fmt

from .charts import breakdown_chart, forecast_chart, peer_chart


def _n(x: Any) -> str:
    if x is None or x != x:
        return "—"
    x = float(x)
    return fmt(x, 3 if abs(x) < 10 else 1)


def _unit(u: str) -> str:
    return u if u in ("%", "") else f" {u}"


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
            col_widths=[1.0, 2.3, 1.1, 0.8, 1.0, 1.3, 1.2, 1.3, 1.1, 1.3, 1.2, 1.4])
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
             for x in rows], caption="专家经验法判断记录", empty="—", col_widths=[1.7, 1.3, 3.4, 3.8, 1.3, 2.0, 1.5])


def option_screening(ctx: Any, w: Any, r: dict[str, Any]) -> None:
    """附录C 2.4.3: the options' technical / economic / environmental assessment and decision, and the
    improvement forecast of the confirmed options (regraded with the evaluation's own grading)."""
    from .forecast import forecast

    opts = ctx.rows("options")
    w.table(["编号", "方案名称", "投资（万元）", "技术评估", "经济评估", "环境评估", "筛选结果"],
            [[o.get("id"), o.get("name"), fmt(o.get("investment")) if o.get("investment") is not None else "—",
              o.get("technical") or "未评估", o.get("economic") or "未评估", o.get("environmental") or "未评估",
              o.get("decision") or "未筛选"] for o in opts],
            caption="清洁生产方案筛选（技术、经济、环境评估）", notes="三项评估均可行的方案方可确定实施；其余列为备选或否决。",
            col_widths=[1.2, 5.0, 1.8, 1.6, 1.6, 1.6, 1.6])
    f = forecast(r["values"], r["system"], opts, problem_level=r["problem_level"], common_share=r["share"],
                 split_keys=r.get("split_keys"))
    if not f["applied"]:
        w.paragraph("确定实施的方案均未填写预测指标和实施后预期值，未作改善预测。")
        target_outlook_table(ctx, w, r)
        return
    s = r["system"]
    w.paragraph("按确定实施方案填写的实施后预期值（只改善、不变差），对实施企业的该项指标取预期值，用与现状评价相同的方法"
                "重新评定全部企业，预测方案实施后的等级分布和指标达标率。")
    w.table(["方案", "预测指标", "实施后预期值", "取值改善的企业数"],
            [[a["option"], f"{a['indicator']} {s.indicator(a['indicator']).name}",
              _n(a["value"]) + _unit(s.indicator(a["indicator"]).unit), len(a["enterprises"])] for a in f["applied"]],
            caption="方案改善预测的依据", col_widths=[1.5, 6.0, 3.0, 3.0])
    dist = f["distribution"]
    dist = dist[(dist.sum(axis=1) > 0) | (dist.index != dist.index[-1])]
    w.table(["等级", "现状（家）", "方案实施后（家）", "变化"],
            [[lv, int(x["before"]), int(x["after"]), f"{int(x['after'] - x['before']):+d}"] for lv, x in dist.iterrows()],
            caption="方案实施前后的企业等级分布（预测）")
    w.chart(forecast_chart, "方案实施前后的企业等级分布（预测）", dist)
    ids = sorted({a["indicator"] for a in f["applied"]}, key=[i.id for i in s.indicators].index)
    att = f["attainment"].loc[ids]
    w.table(["代码", "指标", "达Ⅲ级：现状", "达Ⅲ级：实施后", "达Ⅰ级：现状", "达Ⅰ级：实施后"],
            [[i, x["name"], _pct(100 * x["before"]), _pct(100 * x["after"]), _pct(100 * x["before_I"]), _pct(100 * x["after_I"])]
             for i, x in att.iterrows()], caption="预测指标的达标率变化", col_widths=[1.2, 5.0, 2.2, 2.2, 2.2, 2.2])
    target_outlook_table(ctx, w, r)


def target_outlook_table(ctx: Any, w: Any, r: dict[str, Any]) -> None:
    """5.3.1: each target's current value from the data, its value after the confirmed options, met or not."""
    from .forecast import indicator_parts, target_outlook

    targets = ctx.rows("targets")
    if not targets:
        return
    rows = target_outlook(targets, r["system"], r["values"], ctx.rows("options"),
                          indicator_parts(ctx.standard, ctx.project, r["system"]), problem_level=r["problem_level"],
                          split_keys=r.get("split_keys"))

    def shown(x: Any, unit: str) -> str:
        return "—" if x is None else _n(x) + ("" if unit in ("", "家") else _unit(unit)) + (" 家" if unit == "家" else "")

    w.table(["序号", "目标指标", "现状值（数据计算）", "目标值", "针对的方案", "方案实施后（预测）", "能否达到目标"],
            [[t["seq"], t["name"], shown(t["current"], t["unit"]), t["target"], "、".join(t["options"]) or "无",
              shown(t["forecast"], t["unit"]) + ("" if t["forecasted"] or t["forecast"] is None else "（无预期值，按现状计）"),
              t["met"]] for t in rows],
            caption="清洁生产目标的实现预测",
            notes="现状值按统计期数据计算：目标单位与指标相同时为全行业合计值（Σ分子 ÷ Σ分母）；单位为“家”时为该指标"
                  "未达标的企业数；单位为“%”而指标不以 % 计时为达到Ⅲ级的企业比例。预测只用确定方案填写的实施后预期值，"
                  "产量等分母不变；“无法计算”为不由数据表计算或单位不符的目标。",
            col_widths=[1.0, 3.6, 2.2, 1.6, 1.8, 3.0, 1.6])


def shared_weights(s: Any) -> str:
    """How the indicators of a shared-weight set divide their weight (0.8/n, or by product output)."""
    sets: dict[str, list[Any]] = {}
    for i in s.indicators:
        if i.weight_split:
            sets.setdefault(i.weight_split, []).append(i)
    return "".join(f"指标 {'、'.join(i.id for i in inds)} 共用二级权重 {fmt(inds[0].weight)}，"
                   + ("按企业各产品的产量占比分配。" if inds[0].weight_split_by else "在适用于企业的各项间均分。")
                   for inds in sets.values())
