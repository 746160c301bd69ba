"""5.3.2 (3)① 碳减排潜力的指数分解: the change of the park's carbon intensity (tCO₂ per 万元 of industrial value
added) between consecutive years, decomposed by LMDI (additive, log-mean Divisia; Ang 2005) into

    C/Y = (C/E) × (E/Y):   ΔI = L(I₁, I₀)·ln(F₁/F₀)  +  L(I₁, I₀)·ln(EI₁/EI₀)
                               energy-structure effect   energy-intensity effect

with F = C/E the carbon per tce (what the carrier mix emits) and EI = E/Y the energy intensity.  The
decomposition is exact: the two effects add up to the change.  It uses the park totals of 指标基础数据,
which are held for four years; an industry-structure effect would need the 企业清单 for two years, which the
standard does not ask for (README, deviation 22).
"""
from __future__ import annotations

import math
from typing import Any


def log_mean(a: float, b: float) -> float:
    """L(a, b) = (a − b) / (ln a − ln b), L(a, a) = a; a, b > 0."""
    if a <= 0 or b <= 0:
        raise ValueError("对数平均要求两个正数")
    return a if math.isclose(a, b, rel_tol=1e-12) else (a - b) / (math.log(a) - math.log(b))


def decompose(c0: float, e0: float, y0: float, c1: float, e1: float, y1: float) -> dict[str, float]:
    """Carbon intensity change from year 0 to year 1 and its two LMDI effects (all in tCO₂/万元)."""
    i0, i1 = c0 / y0, c1 / y1
    weight = log_mean(i1, i0)
    structure = weight * math.log((c1 / e1) / (c0 / e0))
    intensity = weight * math.log((e1 / y1) / (e0 / y0))
    return {"before": i0, "after": i1, "change": i1 - i0, "structure": structure, "intensity": intensity}


def yearly(project: Any) -> list[dict[str, Any]]:
    """Each pair of consecutive years of 指标基础数据 with CO₂, energy and value added all given and positive."""
    data = project.tables.get("indicator_data")
    if data is None:
        return []

    def series(item: str) -> dict[int, float]:
        v = (data.item(item) or {}).get("value")
        return {y: float(x) for y, x in v.items() if isinstance(x, (int, float)) and not isinstance(x, bool) and x > 0} \
            if isinstance(v, dict) else {}

    c, e, y = series("co2"), series("energy_total"), series("industrial_va")
    years = sorted(set(c) & set(e) & set(y))
    return [{"from": a, "to": b, **decompose(c[a], e[a], y[a], c[b], e[b], y[b])}
            for a, b in zip(years, years[1:]) if b == a + 1]


def lmdi_table(ctx: Any, w: Any) -> None:
    rows = yearly(ctx.project)
    if not rows:
        return

    def f4(v: float) -> str:
        return f"{v:+.4f}" if abs(v) >= 5e-5 else "0.0000"

    last = rows[-1]
    main = "能源强度下降" if abs(last["intensity"]) >= abs(last["structure"]) else "能源结构（单位能耗碳排放）变化"
    w.paragraph(f"按 5.3.2 (3)① 以指数分解法分析碳减排潜力：园区单位工业增加值二氧化碳排放量（碳排放强度）= 单位能耗碳排放"
                f"（反映能源品种结构）× 单位工业增加值综合能耗（能源强度），用对数平均迪氏指数法（LMDI，加和形式）把逐年的"
                f"强度变化分解为两种效应，两者之和恰等于变化量。{last['from']}—{last['to']} 年碳排放强度变化 "
                f"{f4(last['change'])} tCO₂/万元，以{main}为主。")
    w.table(["年份", "期初强度（tCO₂/万元）", "期末强度（tCO₂/万元）", "变化量", "能源结构效应", "能源强度效应"],
            [[f"{r['from']}—{r['to']}", f"{r['before']:.4f}", f"{r['after']:.4f}", f4(r["change"]), f4(r["structure"]),
              f4(r["intensity"])] for r in rows],
            caption="园区碳排放强度变化的指数分解（LMDI）", col_widths=[2.2, 2.5, 2.5, 2.2, 2.6, 2.6],
            notes="碳排放强度 = 园区二氧化碳排放量 ÷ 园区工业增加值；能源结构效应 = L × ln(期末单位能耗碳排放 ÷ 期初)，"
                  "能源强度效应 = L × ln(期末能源强度 ÷ 期初)，L 为期末、期初碳排放强度的对数平均；"
                  "数据取“指标基础数据”各年的园区总量。负值表示使碳排放强度下降。"
                  f"企业清单只有审核基准期 {ctx.evaluation.baseline_year} 年的数据，不能再分解出行业结构效应。")
