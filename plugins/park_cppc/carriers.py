"""5.2.1(4), 5.3.2(2)② energy by carrier at enterprise and industry level (GB/T 2589): the 企业能源消费
table (one row per enterprise and carrier) reconciled with each enterprise's stated 综合能耗 and with the
park's carrier totals, aggregated by industry for a table and a stacked-bar chart.

The tolerances are data (``data/reconcile.toml``): a carrier split may differ from the stated total by
rounding only (an absolute tce: a relative one would let a small carrier's row go missing unnoticed).
"""
from __future__ import annotations

import difflib
import functools
import math
from typing import Any

from cpframework.api import Problem, fmt

from . import survey

TABLE = "enterprise_energy"


@functools.cache
def settings() -> dict[str, Any]:
    from importlib import resources

    from cpframework.api import read_toml

    res = resources.files(__package__) / "data" / "reconcile.toml"
    return read_toml(res, label=f"{__package__}/data/reconcile.toml")


def tolerance() -> float:
    """Largest difference (tce) between an enterprise's carriers and its stated 综合能耗."""
    return float(settings()["enterprise_energy"]["tolerance_tce"])


def park_tolerance() -> float:
    """Relative margin by which the list's use of a carrier may exceed the park's total of it."""
    return float(settings()["enterprise_energy"]["park_tolerance"])


def _num(v: Any) -> float | None:
    return float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else None


def _hint(value: str, known: list[str]) -> str:
    close = difflib.get_close_matches(value, known, n=1, cutoff=0.5)
    return f"是否想写“{close[0]}”？" if close else f"请填写其中之一：{'、'.join(known)}"


def by_enterprise(project: Any) -> dict[str, dict[str, float]]:
    """ent_id → carrier → tce, from the rows whose enterprise and tce are given."""
    out: dict[str, dict[str, float]] = {}
    for r in survey.rows(project, TABLE):
        v = _num(r.get("tce"))
        if r.get("ent_id") is None or r.get("carrier") is None or v is None:
            continue
        ent = out.setdefault(str(r["ent_id"]), {})
        ent[str(r["carrier"])] = ent.get(str(r["carrier"]), 0.0) + v
    return out


def industry_carriers(project: Any) -> dict[str, Any]:
    """Per industry of the 企业清单: tce by carrier, its total and each carrier's share of it (%); the
    remainder of each park carrier total (能源消费结构) used by the enterprises not surveyed. Carriers in
    the order of the park's energy structure (largest first), industries by their total (largest first)."""
    split = by_enterprise(project)
    ents = survey.rows(project, "enterprises")
    if not split or not ents:
        return {}
    park = {str(c["carrier"]): c["tce"] for c in survey.energy_structure(project)}
    carriers = [c for c in park if any(c in s for s in split.values())]
    carriers += sorted({c for s in split.values() for c in s} - set(carriers))
    industry_of = {str(r.get("ent_id")): str(r.get("industry") or "").strip() for r in ents}
    groups: dict[str, dict[str, float]] = {}
    counts: dict[str, int] = {}
    for ent, parts in split.items():
        ind = industry_of.get(ent)
        if ind is None:
            continue
        counts[ind] = counts.get(ind, 0) + 1
        g = groups.setdefault(ind, {})
        for c, v in parts.items():
            g[c] = g.get(c, 0.0) + v
    industries = []
    for ind, g in groups.items():
        total = math.fsum(g.values())
        industries.append({"industry": ind, "enterprises": counts[ind], "by_carrier": {c: g.get(c, 0.0) for c in carriers},
                           "total": total, "shares": {c: g.get(c, 0.0) / total * 100 if total else None for c in carriers}})
    industries.sort(key=lambda i: (-i["total"], i["industry"]))
    listed = {c: math.fsum(i["by_carrier"][c] for i in industries) for c in carriers}
    others = {c: park[c] - listed[c] for c in carriers if c in park and park[c] - listed[c] > 1e-9 * max(park[c], 1.0)}
    return {"carriers": carriers, "industries": industries, "listed": listed, "park": park, "others": others}


def carrier_problems(std: Any, project: Any) -> list[Problem]:
    """Unknown enterprise or carrier (with a hint), 实物量 × 折标系数 ≠ 折标准煤量, an enterprise whose carriers
    do not add up to its stated 综合能耗, and a carrier whose enterprises use more than the park in total."""
    data = project.tables.get(TABLE)
    if data is None or not data.present or not data.rows:
        return []
    fname, sheet = project.manifest.workbook, data.schema.sheet
    tol = tolerance()
    out = survey._product_problems(project, TABLE, "quantity", "factor", "tce", "折标准煤量 = 实物量 × 折标系数")
    reg = project.tables.get("enterprises")
    ents = {str(r.get("ent_id")): (r, n) for r, n in zip(reg.rows, reg.sheet_rows)} if reg is not None else {}
    structure = project.tables.get("energy_structure")
    park_rows = ({str(r.get("carrier")): (r, n) for r, n in zip(structure.rows, structure.sheet_rows)}
                 if structure is not None and structure.present else {})
    rows_of: dict[str, list[int]] = {}
    for r, n in zip(data.rows, data.sheet_rows):
        ent, carrier = r.get("ent_id"), r.get("carrier")
        if ent is not None and str(ent) not in ents:
            out.append(Problem(file=fname, sheet=sheet, row=n, field="企业编号", value=ent, code="carriers",
                               message=f"“{ent}”不在“企业清单”中。{_hint(str(ent), sorted(ents))}"))
        elif ent is not None:
            rows_of.setdefault(str(ent), []).append(n)
        if carrier is not None and park_rows and str(carrier) not in park_rows:
            out.append(Problem(file=fname, sheet=sheet, row=n, field="能源品种", value=carrier, code="carriers",
                               message=f"“{carrier}”不是“能源消费结构”中的能源品种。{_hint(str(carrier), list(park_rows))}"))
    split = by_enterprise(project)
    for ent, (r, n) in ents.items():
        stated = _num(r.get("energy"))
        if stated is None:
            continue
        parts = math.fsum(split.get(ent, {}).values())
        if abs(parts - stated) <= tol + 1e-9:
            continue
        where = rows_of.get(ent)
        detail = (f"“{sheet}”第 {'、'.join(map(str, where))} 行的折标准煤量之和为 {fmt(parts)} tce" if where
                  else f"“{sheet}”中没有这家企业的行")
        out.append(Problem(file=fname, sheet=reg.schema.sheet, row=n, field="综合能耗", value=stated, code="carriers",
                           message=f"{r.get('name')}的综合能耗 {fmt(stated)} tce，而{detail}，相差 {fmt(abs(parts - stated))} tce"
                                   f"（只容许 {fmt(tol)} tce 的取整差异）："
                                   "请核对各能源品种的实物量、折标系数是否齐全正确，或改正综合能耗（GB/T 2589 综合能耗为"
                                   "各种能源折标准煤量之和）"))
    listed: dict[str, float] = {}
    for parts in split.values():
        for c, v in parts.items():
            listed[c] = listed.get(c, 0.0) + v
    for c, v in listed.items():
        if c not in park_rows:
            continue
        r, n = park_rows[c]
        whole = _num(r.get("tce"))
        if whole is not None and v > whole * (1 + park_tolerance()) + 1e-9:
            out.append(Problem(file=fname, sheet=structure.schema.sheet, row=n, field="折标准煤量", value=whole,
                               code="carriers",
                               message=f"园区{c} {fmt(whole)} tce 少于“{sheet}”中各企业{c}之和 {fmt(v)} tce："
                                       "企业清单是园区企业的一部分，请核对两表的实物量、单位和统计年份"))
    return out


def check_enterprise_carriers(project: Any, ev: Any) -> str | None:
    """5.2.1(4) step: with a 企业清单, its energy by carrier is given and reconciles."""
    if not survey.rows(project, "enterprises"):
        return None
    if not survey.rows(project, TABLE):
        return "“企业能源消费”未填写：无法按行业分析能源消费结构"
    bad = [p for p in carrier_problems(None, project) if p.level == "error"]
    return None if not bad else f"企业分品种能源消费有 {len(bad)} 处错误，运行 cpaudit check 查看"


# ---------------------------------------------------------------- report


def carrier_chart(names: list[str], carriers: list[str], values: dict[str, list[float]], unit: str = "tce") -> Any:
    """Per industry (a bar) its energy by carrier, stacked."""
    from cpframework.api import charts

    fig, ax = charts.new_figure(max(6.5, 0.7 * len(names) + 3.5))
    cmap = ["#1f5f8b", "#5d5d5d", "#e08a1e", "#4c9f38", "#b5442b", "#8c6bb1", "#a6c83a", "#2aa198", "#c9a227"]
    y = list(range(len(names)))
    left = [0.0] * len(names)
    for k, c in enumerate(carriers):
        part = values[c]
        ax.barh(y, part, left=left, color=cmap[k % len(cmap)], height=0.6, label=c)
        left = [a + b for a, b in zip(left, part)]
    ax.set_yticks(y, [charts.wrap_label(n, 8) for n in names])
    ax.invert_yaxis()
    ax.set_xlabel(f"折标准煤量（{unit}）")
    ax.ticklabel_format(axis="x", style="plain")
    fig.legend(loc="outside lower center", ncols=min(len(carriers), 4))
    return fig


def carrier_tables(ctx: Any, w: Any) -> None:
    """The 企业清单's energy by carrier, per industry: tce, each carrier's share, and the chart."""
    data = industry_carriers(ctx.project)
    if not data:
        return
    year = ctx.evaluation.baseline_year
    carriers, inds = data["carriers"], data["industries"]
    mains = []
    for i in inds:
        top = max(carriers, key=lambda c: i["by_carrier"][c])
        mains.append(f"{i['industry']}行业以{top}为主（{i['shares'][top]:.1f}%）")
    w.paragraph(f"按“企业能源消费”中各企业 {year} 年分品种的能源消费（实物量按 GB/T 2589 折标准煤）汇总到行业："
                + "，".join(mains) + "。")
    def tce(v: float) -> str:  # whole tce in every cell; without separators the table fits a portrait page
        return f"{v:.0f}" if v else "—"

    names = [i["industry"] for i in inds]
    others, park = data["others"], data["park"]
    rows = [[c, *[tce(i["by_carrier"][c]) for i in inds], tce(others.get(c, 0.0))] for c in carriers]
    rows.append(["合计", *[tce(i["total"]) for i in inds], tce(math.fsum(others.values()))])
    width = 12.0 / (len(names) + 1)   # the portrait text width of 表C.1's page is 14.6 cm
    w.table(["能源品种", *names, "未列入企业清单的企业"], rows, caption=f"{year}年各行业分品种能源消费（tce）",
            col_widths=[2.6, *[width] * (len(names) + 1)],
            notes="折标准煤量 = 实物量 × 折标系数（GB/T 2589，电力按当量值），取整到 1 tce；各企业之和与“企业清单”中的"
                  "综合能耗核对一致。未列入企业清单的企业 = “能源消费结构”中该品种的园区总量 − 企业清单中各行业之和，"
                  "因此每一行之和即园区总量。")
    share_rows = [[c, *[f"{i['shares'][c]:.1f}" if i["shares"][c] else "—" for i in inds]] for c in carriers]
    w.table(["能源品种", *names], share_rows, caption=f"{year}年各行业能源消费的品种构成（%）",
            col_widths=[2.6, *[12.0 / len(names)] * len(names)], notes="占比 = 该品种折标准煤量 ÷ 行业合计，每列合计 100%。")
    w.chart(carrier_chart, f"{year}年各行业分品种能源消费（tce）", [i["industry"] for i in inds], carriers,
            {c: [i["by_carrier"][c] for i in inds] for c in carriers})
