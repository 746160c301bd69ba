"""Carbon reduction of resource and energy savings per DB4101/T 61 表E.4 注b
(after 环办科财函〔2022〕136号):

* 节电: ΔCO₂ [tCO₂] = ΔE [kWh] ÷ 1000 × EF_grid [tCO₂/MWh]
* 节煤: saved coal counted as standard coal ("全部按照标准煤计算"): ΔCO₂ = Δm [t] × 2.7725 tCO₂/tce,
  where 2.7725 = 29.3076 GJ/t × 94.6 kgCO₂/GJ ÷ 1000
* 节油: Δm [t] × 1.4286 tce/t (原油, GB/T 2589 表A.1) × 2.7725
* 节天然气: ΔV [m³] × c [kgce/m³, 1.1000–1.3300] ÷ 1000 × 2.7725

Grid factors are data (``data/grid_factors.toml``); default 全国电力平均 2023 年度 0.5306 tCO₂/MWh
(生态环境部、国家统计局, domain-reference §2.2 [V]).
"""
from __future__ import annotations

import math
from pathlib import Path

import attrs

from cpframework.calc.energy import fc, load_coefficients, lookup
from cpframework.calc.tables import data_path, field, load_toml, records
from cpframework.calc.trace import CalcError, Result, Trace, fmt, show_value

TCE_GJ = 29.3076          # GJ per tce (表E.4 注b)
COAL_EF_GJ = 94.6         # kgCO₂/GJ (表E.4 注b)
CO2_PER_TCE = 2.7725      # tCO₂/tce, published rounding of 29.3076 × 94.6 ÷ 1000 = 2.77250
OIL_COEFFICIENT = 1.4286  # kgce/kg = tce/t (原油 41868 kJ/kg, 10000 kcal/kg)


@attrs.frozen
class GridFactor:
    id: str
    name: str
    value: float  # tCO₂/MWh
    year: int
    source: str
    status: str

    def label(self) -> str:
        return f"{self.name} {fmt(self.value)} tCO₂/MWh（{self.source}）[{self.status}]"


def load_grid_factors(path: str | Path = "grid_factors.toml") -> dict[str, GridFactor]:
    """Grid factors keyed by id; malformed file → CalcError naming file and key path."""
    full = data_path(path)
    doc = load_toml(full)
    out: dict[str, GridFactor] = {}
    for n, row in enumerate(records(doc, "factor", full)):
        where = f"{full}: factor[{n}]"
        value = field(row, "value", where, float)
        if not value > 0:
            raise CalcError(f"{where}.value 须为正数")
        g = GridFactor(id=field(row, "id", where), name=field(row, "name", where), value=value,
                       year=field(row, "year", where, int), source=field(row, "source", where),
                       status=field(row, "status", where))
        out[g.id] = g
    default = doc.get("meta", {}).get("default")
    if default is not None and default not in out:
        raise CalcError(f"{full}: meta.default 指向不存在的因子 {default!r}")
    return out


def default_grid_factor() -> GridFactor:
    doc = load_toml("grid_factors.toml")
    return load_grid_factors()[doc.get("meta", {}).get("default", "national_2023")]


def grid_factor(choice: float | str | GridFactor | None = None) -> GridFactor:
    """A number (tCO₂/MWh, project-supplied), a factor id or Chinese name, or None for the default."""
    if choice is None:
        return default_grid_factor()
    if isinstance(choice, GridFactor):
        return choice
    if isinstance(choice, (int, float)):
        if not (choice > 0 and math.isfinite(choice)):
            raise CalcError(f"电网排放因子须为正数，现为 {fmt(choice)}")
        return GridFactor("project", "项目给定电网排放因子", float(choice), 0, "项目提供", "—")
    table = load_grid_factors()
    for g in table.values():
        if choice in (g.id, g.name):
            return g
    raise CalcError(f"未知的电网排放因子“{choice}”，可选：{'、'.join(table)}")


def _saving(value: float, label: str) -> float:
    if value is None or not math.isfinite(value):
        raise CalcError(f"{label}缺失或不是有效数值")
    if value < 0:
        raise CalcError(f"{label}不能为负，现为 {fmt(value)}")
    return float(value)


def coal_emission_factor() -> Result:
    """Standard-coal CO₂ factor of 表E.4 注b: 29.3076 GJ/t × 94.6 kgCO₂/GJ ÷ 1000 = 2.7725 tCO₂/tce."""
    exact = TCE_GJ * COAL_EF_GJ / 1000.0
    return Result(CO2_PER_TCE, "tCO₂/tce", Trace(
        name="标准煤二氧化碳排放因子", formula="标准煤热值 × 单位热值含碳排放因子 ÷ 1000",
        substitution=f"{TCE_GJ} GJ/t × {COAL_EF_GJ} kgCO₂/GJ ÷ 1000 = {exact:.5f}",
        result=f"{fc(CO2_PER_TCE)} tCO₂/tce",
        notes=("DB4101/T 61 表E.4 注b（环办科财函〔2022〕136号）",)))


def electricity_co2(saved_kwh: float, factor: float | str | GridFactor | None = None) -> Result:
    """ΔCO₂ [tCO₂] = ΔE [kWh] ÷ 1000 × EF [tCO₂/MWh]."""
    q = _saving(saved_kwh, "节电量")
    g = grid_factor(factor)
    value = q / 1000.0 * g.value
    return Result(value, "tCO₂", Trace(
        name="节电碳减排量", formula="节电量 ÷ 1000 × 电网排放因子",
        substitution=f"{fmt(q)} kWh ÷ 1000 × {fc(g.value)} tCO₂/MWh",
        result=show_value(value, "tCO₂"), notes=(f"电网排放因子：{g.label()}",)))


def _via_standard_coal(name: str, qty_text: str, tce: float, notes: tuple[str, ...]) -> Result:
    value = tce * CO2_PER_TCE
    return Result(value, "tCO₂", Trace(
        name=name, formula="折标准煤量 × 2.7725 tCO₂/tce",
        substitution=f"{qty_text} = {fmt(tce)} tce；{fmt(tce)} tce × 2.7725 tCO₂/tce",
        result=show_value(value, "tCO₂"),
        notes=notes + ("标准煤排放因子 29.3076 GJ/t × 94.6 kgCO₂/GJ ÷ 1000 = 2.7725 tCO₂/tce（表E.4 注b）",)))


def coal_co2(saved_t: float, coefficient: float | None = None) -> Result:
    """节煤: counted as standard coal (1 t = 1 tce) unless the project gives a kgce/kg coefficient."""
    q = _saving(saved_t, "节煤量")
    if coefficient is None:
        return _via_standard_coal("节煤碳减排量", f"{fmt(q)} t × 1 tce/t", q,
                                  ("节约煤炭全部按照标准煤计算（表E.4 注b）",))
    if not coefficient > 0:
        raise CalcError(f"煤的折标准煤系数须为正数，现为 {fmt(coefficient)}")
    return _via_standard_coal("节煤碳减排量", f"{fmt(q)} t × {fc(coefficient)} tce/t", q * coefficient,
                              (f"项目给定煤的折标准煤系数 {fc(coefficient)} kgce/kg",))


def oil_co2(saved_t: float, coefficient: float = OIL_COEFFICIENT) -> Result:
    """节油: Δm [t] × 1.4286 tce/t (GB/T 2589 表A.1 原油) × 2.7725."""
    q = _saving(saved_t, "节油量")
    if not coefficient > 0:
        raise CalcError(f"油的折标准煤系数须为正数，现为 {fmt(coefficient)}")
    return _via_standard_coal("节油碳减排量", f"{fmt(q)} t × {fc(coefficient)} tce/t", q * coefficient,
                              (f"原油折标准煤系数 {fc(coefficient)} kgce/kg（GB/T 2589 表A.1，10000 kcal/kg）",))


def gas_co2(saved_m3: float, coefficient: float | None = None) -> Result:
    """节天然气: ΔV [m³] × c [kgce/m³] ÷ 1000 × 2.7725; c within 1.1000–1.3300 (GB/T 2589 表A.1)."""
    q = _saving(saved_m3, "节天然气量")
    row = lookup(load_coefficients(), "天然气")
    c = row.coefficient if coefficient is None else float(coefficient)
    if not (row.coefficient_min - 1e-12 <= c <= row.coefficient_max + 1e-12):
        raise CalcError(f"天然气折标准煤系数 {fc(c)} kgce/m³ 超出 {fc(row.coefficient_min)}～"
                        f"{fc(row.coefficient_max)} kgce/m³ 的范围")
    why = (f"天然气折标准煤系数 {fc(c)} kgce/m³" +
           ("（默认值，应按实测低位发热量确定）" if coefficient is None else "（项目给定）"),)
    return _via_standard_coal("节天然气碳减排量", f"{fmt(q)} m³ × {fc(c)} kgce/m³ ÷ 1000", q * c / 1000.0, why)


@attrs.frozen
class CarbonReduction:
    total: Result
    items: tuple[Result, ...]


def carbon_reduction(*, electricity_kwh: float = 0.0, coal_t: float = 0.0, oil_t: float = 0.0,
                     gas_m3: float = 0.0, grid: float | str | GridFactor | None = None,
                     gas_coefficient: float | None = None, coal_coefficient: float | None = None,
                     oil_coefficient: float = OIL_COEFFICIENT) -> CarbonReduction:
    """折合碳减排量 (tCO₂/年) = 节电 + 节煤 + 节油 + 节天然气, each as above."""
    items = (electricity_co2(electricity_kwh, grid), coal_co2(coal_t, coal_coefficient),
             oil_co2(oil_t, oil_coefficient), gas_co2(gas_m3, gas_coefficient))
    total = sum(r.value for r in items)
    return CarbonReduction(
        total=Result(total, "tCO₂", Trace(
            name="折合碳减排量合计", formula="节电 + 节煤 + 节油 + 节天然气碳减排量",
            substitution=" + ".join(fmt(r.value) for r in items) + " tCO₂",
            result=show_value(total, "tCO₂"),
            notes=("计算方法：DB4101/T 61 表E.4 注b（环办科财函〔2022〕136号）",))),
        items=items)
