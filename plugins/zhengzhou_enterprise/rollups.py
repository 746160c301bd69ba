"""Benefit roll-ups: 表D.34 (已实施方案效益), D.36 (实施情况及预期效益), D.38 (实施效益), D.39
(实施情况), D.40 (环境效益), D.41 (经济效益), 节能 per GB/T 2589 and the carbon reduction of
表E.4 注b (``cpframework.calc.carbon``).
"""
from __future__ import annotations

from collections import defaultdict
from typing import Any

from cpframework.api import CalcError, Result, Trace, fmt, show_value, substituted
from cpframework.api import calc
carbon, en = calc.carbon, calc.energy

from .options import HIGH, LOW, Option, feasible_options, options, params

ENV_UNITS = {  # 效益项 → 单位 (per year: "/a")
    "节能": "kgce", "节电": "kWh", "节天然气": "m³", "节蒸汽": "t", "节煤": "t", "节油": "t", "节水": "m³",
    "减排废水": "m³", "减排COD": "kg", "减排氨氮": "kg", "减排SO2": "kg", "减排NOx": "kg", "减排非甲烷总烃": "kg",
    "减排VOCs": "kg", "减排颗粒物": "kg", "减少固体废物": "t", "减少危险废物": "t", "减少有毒有害物质使用": "t",
    "减排总氮": "kg", "减排总磷": "kg", "减排重金属": "kg", "减排废气量": "万m³",
}
ECON_ITEMS = ("节约原辅材料采购成本", "节约设备维护费用", "节约电费", "节约燃气费", "节约蒸汽费", "节约水费",
              "节约人工费", "节约环保运行费", "其他经济效益")
ENERGY_ITEMS = {"节电": ("电力", "kWh"), "节天然气": ("天然气", "m³"), "节蒸汽": ("蒸汽", "t"),
                "节煤": ("原煤", "t"), "节油": ("柴油", "t")}
CLASSES = (LOW, HIGH)


def benefit_rows(project: Any, basis: str) -> list[dict[str, Any]]:
    data = project.tables.get("benefits")
    return [r for r in (data.rows if data else []) if r.get("basis") == basis and r.get("item")]


def per_option(project: Any, basis: str) -> dict[str, dict[str, dict[str, float]]]:
    """number → item → {"annual": x, "during": y} (sums)."""
    out: dict[str, dict[str, dict[str, float]]] = defaultdict(lambda: defaultdict(lambda: {"annual": 0.0, "during": 0.0}))
    for r in benefit_rows(project, basis):
        d = out[str(r["number"]).strip().upper()][r["item"]]
        d["annual"] += float(r.get("annual") or 0)
        d["during"] += float(r.get("during") or 0)
    return out


def _coefficient(project: Any, name: str) -> float | None:
    """The project's coefficient for ``name`` (D.12), unless GB/T 2589 bounds it strictly and it is out of
    range — then the reference value is used and ``check`` reports the cell (``trust.energy_problems``)."""
    data = project.tables.get("D.12")
    for r in (data.rows if data else []):
        if str(r.get("name") or "").strip() == name and r.get("coefficient") is not None:
            row = en.load_coefficients(year=project.manifest.baseline).get(name)
            try:
                if row is not None:
                    en.check_range(row, float(r["coefficient"]))
            except CalcError:
                return None
            return float(r["coefficient"])
    return None


def energy_saving(project: Any, items: dict[str, float], label: str = "节能量") -> Result:
    """节能 [kgce] = 直接填报的节能 + Σ 节电/节天然气/节蒸汽/节煤/节油 × GB/T 2589 折标系数."""
    carriers = en.load_coefficients(year=project.manifest.baseline)
    parts, subs = [], []
    direct = items.get("节能", 0.0)
    if direct:
        parts.append(direct)
        subs.append(f"{fmt(direct)} kgce（直接填报）")
    for item, (carrier, unit) in ENERGY_ITEMS.items():
        q = items.get(item, 0.0)
        if not q:
            continue
        row = en.lookup(carriers, carrier)
        res = en.to_tce(q, row, unit=unit, coefficient=_coefficient(project, carrier))
        parts.append(res.value * 1000)
        coef = _coefficient(project, carrier) or row.coefficient
        scale = res.value * 1000 / (q * coef) if q and coef else 1.0   # the quantity's unit → the coefficient's
        per = row.coef_unit.split("/", 1)[-1]
        step = f" × {fmt(round(scale))} {per}/{unit}" if abs(scale - 1) > 1e-9 else ""
        subs.append(f"{item} {fmt(q)} {unit}{step} × {en.fc(coef)} {row.coef_unit}")
    total = sum(parts)
    return Result(total, "kgce", Trace(label, "直接填报的节能量 + Σ 节约的各能源实物量 × 折标准煤系数（GB/T 2589）",
                                       " + ".join(subs) or "0", show_value(total, "kgce")))


def class_of(opt: Option) -> str:
    return opt.cost or LOW


def sums(project: Any, basis: str, opts: list[Option], field: str = "annual",
         with_energy: bool = True) -> dict[str, dict[str, float]]:
    """class → item → sum over ``opts`` (plus "合计"); "节能" is the total energy saving computed from the
    items (``with_energy``), else only what was entered directly as 节能 — the input of :func:`energy_saving`,
    which must not get the computed total back (it would count every saving twice)."""
    ben = per_option(project, basis)
    out: dict[str, dict[str, float]] = {c: defaultdict(float) for c in (*CLASSES, "合计")}
    for o in opts:
        for item, d in ben.get(o.number, {}).items():
            out[class_of(o)][item] += d[field]
            out["合计"][item] += d[field]
    if with_energy:
        for c in out:
            out[c]["节能"] = energy_saving(project, dict(out[c])).value
    return out


def econ_total(items: dict[str, float]) -> float:
    return sum(v for k, v in items.items() if k in ECON_ITEMS)


def env_text(items: dict[str, dict[str, float]], field: str = "annual") -> str:
    return "；".join(f"{k} {fmt(v[field])} {ENV_UNITS[k]}" + ("/a" if field == "annual" else "")
                     for k, v in items.items() if k in ENV_UNITS and v[field])


def implemented(project: Any) -> list[Option]:
    return [o for o in options(project) if o.implemented]


def implementation_summary(project: Any, basis: str = "预期") -> dict[str, dict[str, Any]]:
    """表D.36 / D.39 figures by class: counts, rate, investments, benefits."""
    feas = feasible_options(project)
    ben = sums(project, basis, feas)
    out = {}
    for c in (*CLASSES, "合计"):
        group = [o for o in feas if c == "合计" or class_of(o) == c]
        done = [o for o in group if o.implemented]
        adjusted = [o for o in group if o.get("adjustment")]
        planned = sum(float(o.get("investment") or 0) for o in group)
        actual = sum(float(o.get("actual_investment") or 0) for o in done)
        out[c] = {"count": len(group), "done": len(done), "adjusted": len(adjusted),
                  "rate": len(done) / len(group) * 100 if group else None,
                  "planned": planned, "actual": actual,
                  "invest_rate": actual / planned * 100 if planned else None,
                  "econ": econ_total(ben[c]), "env": dict(ben[c])}
    return out


def rate_trace(done: int, total: int, label: str) -> Trace:
    v = done / total * 100 if total else None
    return Trace(label, "已完成数 ÷ 方案数 × 100%", f"{done} ÷ {total} × 100%", show_value(v, "%"))


def reduction_grid(project: Any) -> Any:
    """表E.4 注b “电网排放因子采用 OM 计算法”: the 电量边际 (OM) factor of the project's regional grid
    (``[options] grid_region``, 华中 for Zhengzhou), in force in the baseline year, or ``om_factor`` when given."""
    p = params(project)
    over = p.get("om_factor")
    return carbon.om_factor(str(p.get("grid_region") or "华中"), year=project.manifest.baseline,
                            override=float(over) if over is not None else None)


def carbon_items(project: Any, items: dict[str, float]) -> dict[str, Result]:
    """表E.4 注b: 节电、节煤、节油、节天然气 → tCO₂/年; 节电 with the regional OM factor."""
    year = project.manifest.baseline
    out: dict[str, Result] = {}
    try:
        if items.get("节电"):
            out["节电"] = carbon.electricity_co2(items["节电"], reduction_grid(project), year=year)
        if items.get("节煤"):
            out["节煤"] = carbon.coal_co2(items["节煤"])
        if items.get("节油"):
            out["节油"] = carbon.oil_co2(items["节油"], year=year)
        if items.get("节天然气"):
            out["节天然气"] = carbon.gas_co2(items["节天然气"], _coefficient(project, "天然气"), year=year)
    except CalcError as exc:
        raise CalcError(f"碳减排量核算（表E.4 注b）：{exc}") from None
    return out


def carbon_total(parts: dict[str, Result]) -> Result:
    total = sum(r.value for r in parts.values())
    return Result(total, "tCO₂", Trace("折合碳减排量合计", "Σ 节电、节煤、节油、节天然气碳减排量",
                                       substituted(lambda n: " + ".join(f"{k} {n(r.value)}" for k, r in parts.items()) + " tCO₂",
                                                   show_value(total, "tCO₂/年")) if parts else "0",
                                       show_value(total, "tCO₂/年"), ("DB4101/T 61 表E.4 注b（环办科财函〔2022〕136号）",)))
