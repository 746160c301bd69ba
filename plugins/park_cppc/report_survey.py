"""4.1 现状调查 (附件2 2.4.1, 5.2.1 (4)(5)): the survey tables, each printed from the workbook with the
figures computed in ``survey.py`` (shares, 达标/超标, totals by pollutant and by emission category)."""
from __future__ import annotations

from typing import Any

from cpframework.api import fmt, show_value

from . import survey


def _pct(v: Any) -> str:
    return "—" if v is None else f"{v:.1f}"


def _factor(v: Any) -> str:
    """A conversion or emission factor as typed (rounding it would break 实物量 × 系数 = 折标准煤量 as printed)."""
    return f"{v:.6g}" if isinstance(v, (int, float)) and not isinstance(v, bool) else show_value(v)


def energy_table(ctx: Any, w: Any) -> None:
    items = survey.energy_structure(ctx.project)
    if not items:
        return
    total = sum(i["tce"] for i in items)
    renewable = sum(i["tce"] for i in items if i["renewable"])
    w.paragraph(f"{ctx.evaluation.baseline_year} 年园区工业企业消费能源 {len(items)} 种，折标准煤合计 {fmt(total)} tce，"
                f"其中可再生能源 {fmt(renewable)} tce，占 {_pct(renewable / total * 100 if total else None)}%；"
                f"占比最大的是{items[0]['carrier']}（{_pct(items[0]['share'])}%）。")
    rows = [[i["carrier"], i["unit"], fmt(i["quantity"]), _factor(i["factor"]), fmt(i["tce"]), _pct(i["share"]),
             "是" if i["renewable"] else "否"] for i in items]
    rows.append(["合计", "", "", "", fmt(total), "100.0", ""])
    w.table(["能源品种", "实物量单位", "实物量", "折标系数（tce/单位）", "折标准煤量（tce）", "占比（%）", "可再生能源"], rows,
            caption=f"{ctx.evaluation.baseline_year}年园区能源消费结构", col_widths=[3.0, 2.0, 2.2, 2.4, 2.6, 1.8, 2.0],
            notes="折标系数按 GB/T 2589《综合能耗计算通则》，电力按当量值折算。")


def water_table(ctx: Any, w: Any) -> None:
    items = survey.rows(ctx.project, "water_sources")
    if not items:
        return
    total = sum(survey._num(r.get("volume")) or 0.0 for r in items)
    rows = [[r.get("source"), r.get("kind"), r.get("volume"),
             _pct((survey._num(r.get("volume")) or 0.0) / total * 100 if total else None),
             r.get("note")] for r in items]
    rows.append(["合计", "", fmt(total), "100.0", ""])
    w.table(["水源", "类别", "取水量（m³）", "占比（%）", "说明"], rows, caption=f"{ctx.evaluation.baseline_year}年园区工业取水来源",
            col_widths=[3.6, 2.2, 2.6, 1.8, 5.8])


def materials_table(ctx: Any, w: Any) -> None:
    items = survey.rows(ctx.project, "materials")
    if not items:
        return
    order = {"原辅料": 0, "产品": 1, "副产品": 2}
    items = sorted(items, key=lambda r: (order.get(r.get("kind"), 9), str(r.get("industry")), -(survey._num(r.get("amount")) or 0.0)))
    w.table(["类别", "名称", "所属行业", "年用量或产量", "单位", "去向或来源"],
            [[r.get("kind"), r.get("name"), r.get("industry"), r.get("amount"), r.get("unit"), r.get("destination")]
             for r in items], caption="园区主要原辅料、产品和副产品", col_widths=[1.6, 3.4, 2.4, 2.4, 1.6, 4.6])


def env_quality_table(ctx: Any, w: Any) -> None:
    items = survey.env_quality(ctx.project)
    if not items:
        return
    order = {"环境空气": 0, "地表水": 1, "地下水": 2, "土壤": 3, "声环境": 4}
    items = sorted(items, key=lambda r: (order.get(r.get("medium"), 9), str(r.get("point")), str(r.get("factor"))))
    bad = [r for r in items if not r["compliant"]]
    w.paragraph(f"环境质量监测共 {len(items)} 项（点位 × 因子），" + ("全部达到执行标准。" if not bad else
                f"{len(bad)} 项未达标：" + "；".join(
                    f"{r['point']}{r['factor']} {fmt(r['value'])} {r['unit']}（限值 {fmt(r['limit'])}"
                    + (f"，超标 {fmt(r['exceed'])} 倍" if r["exceed"] else "") + "）" for r in bad) + "。"))
    w.table(["环境要素", "监测点位或断面", "监测因子", "单位", "监测值", "标准限值", "达标情况", "执行标准"],
            [[r.get("medium"), r.get("point"), r.get("factor"), r.get("unit"), r.get("value"),
              ("≥ " if r.get("limit_kind") == "下限" else "≤ ") + fmt(r.get("limit")),
              "达标" if r["compliant"] else ("超标 " + fmt(r["exceed"]) + " 倍" if r["exceed"] else "未达标"), r.get("standard")]
             for r in items], caption=f"{ctx.evaluation.baseline_year}年园区环境质量现状",
            col_widths=[1.8, 2.6, 1.8, 1.4, 1.4, 1.6, 1.8, 3.6], notes="超标倍数 =（监测值 − 标准限值）÷ 标准限值。")


def pollutant_tables(ctx: Any, w: Any) -> None:
    items = survey.rows(ctx.project, "pollutant_sources")
    if not items:
        return
    w.table(["污染源", "类别", "污染物", "排放方式", "排放量（t）", "许可排放量（t）", "稳定达标"],
            [[r.get("source"), r.get("type"), r.get("pollutant"), r.get("discharge"), r.get("amount"),
              r.get("permitted"), r.get("compliant")] for r in items],
            caption=f"{ctx.evaluation.baseline_year}年园区主要污染源及排放量", col_widths=[3.6, 2.2, 2.0, 1.8, 1.8, 2.2, 1.6])
    totals = survey.pollutant_totals(ctx.project)
    w.table(["污染物", "污染源（个）", "直接排放入环境（t）", "间接排放进入污水处理厂（t）", "超过许可量的污染源（个）"],
            [[t["pollutant"], t["sources"], fmt(t["direct"]), fmt(t["indirect"]), t["over_permit"]] for t in totals],
            caption="主要污染物排放量按排放方式汇总", col_widths=[2.6, 2.2, 3.4, 4.2, 3.6],
            notes="间接排放的污染物经园区污水处理厂处理后排放，已计入污水处理厂的排放量，不重复计入园区排放。")


def ghg_table(ctx: Any, w: Any) -> None:
    inv = survey.ghg_inventory(ctx.project)
    if not inv["sources"]:
        return
    cats = "，".join(f"{k} {fmt(v)} tCO₂（{_pct(v / inv['total'] * 100 if inv['total'] else None)}%）"
                    for k, v in inv["categories"].items())
    w.paragraph(f"{ctx.evaluation.baseline_year} 年园区二氧化碳排放合计 {fmt(inv['total'])} tCO₂：{cats}。")
    w.table(["排放类别", "排放源", "活动数据", "活动数据单位", "排放因子（tCO₂/单位）", "排放量（tCO₂）", "占比（%）"],
            [[r.get("category"), r.get("source"), r.get("activity"), r.get("activity_unit"), _factor(r.get("factor")),
              fmt(r.get("emission")), _pct(r["share"])] for r in inv["sources"]]
            + [["合计", "", "", "", "", fmt(inv["total"]), "100.0"]],
            caption=f"{ctx.evaluation.baseline_year}年园区温室气体（二氧化碳）排放清单", col_widths=[2.2, 3.4, 2.2, 2.0, 2.4, 2.2, 1.6],
            notes="排放量 = 活动数据 × 排放因子；能源活动排放与附件1 指标19、20 的园区二氧化碳排放量口径一致。")


def survey_detail(ctx: Any, w: Any) -> None:
    """The survey tables in the order of 附件2 2.4.1: resources and energy (the park's, then by industry),
    environment, greenhouse gases."""
    from .carriers import carrier_tables

    for part in (energy_table, carrier_tables, water_table, materials_table, env_quality_table, pollutant_tables, ghg_table):
        part(ctx, w)
