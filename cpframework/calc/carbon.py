"""Carbon reduction of resource and energy savings per DB4101/T 61 表E.4 注b
(after 环办科财函〔2022〕136号):

* 节电: ΔCO₂ [tCO₂] = ΔE [kWh] ÷ 1000 × EF_grid [tCO₂/MWh]
* 节煤: saved coal counted as standard coal ("全部按照标准煤计算"): ΔCO₂ = Δm [t] × 2.7725 tCO₂/tce,
  where 2.7725 = 29.3076 GJ/t × 94.6 kgCO₂/GJ ÷ 1000
* 节油: Δm [t] × 1.4286 tce/t (原油, GB/T 2589 表A.1) × 2.7725
* 节天然气: ΔV [m³] × c [kgce/m³, 1.1000–1.3300] ÷ 1000 × 2.7725

Grid factors are dated parameters (``data/grid_factors.toml``): the value in force in the project's
baseline year, cited by its notice; default 全国电力平均, latest data year 0.5306 tCO₂/MWh (2023).
"""
from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

import attrs

from cpframework.calc import tables
from cpframework.calc.energy import fc, load_coefficients, lookup
from cpframework.calc.params import in_force, since_year
from cpframework.calc.trace import CalcError, Result, Trace, fmt, show_value, substituted

TCE_GJ = 29.3076          # GJ per tce (表E.4 注b)
COAL_EF_GJ = 94.6         # kgCO₂/GJ (表E.4 注b)
CO2_PER_TCE = 2.7725      # tCO₂/tce, published rounding of 29.3076 × 94.6 ÷ 1000 = 2.77250
OIL_COEFFICIENT = 1.4286  # kgce/kg = tce/t (原油 41868 kJ/kg, 10000 kcal/kg)
_YEAR_ID = re.compile(r"^(.+)_(\d{4})$")
_YEAR_NAME = re.compile(r"^(.+)（(\d{4})年度）$")


@attrs.frozen
class GridFactor:
    """One grid factor as used: ``source`` is the citation a reader is shown."""

    id: str
    name: str
    value: float  # tCO₂/MWh
    year: int
    source: str
    note: str = ""
    kind: str = "average"  # average | om (baseline 电量边际, for emission-reduction projects)
    region: str = ""

    def label(self) -> str:
        extra = f"；{self.note}" if self.note else ""
        return f"{self.name} {fmt(self.value)} tCO₂/MWh（{self.source}{extra}）"


def _factor(spec: tables.FactorSpec, v: tables.FactorValue, doc: tables.GridFile) -> GridFactor:
    year = since_year(v.since)
    return GridFactor(f"{spec.id}_{year}", f"{spec.name}（{year}年度）", v.value, year,
                      doc.source[v.source].cite(), v.note, spec.kind, spec.region)


def load_grid_factors(path: str | Path = "grid_factors.toml") -> dict[str, GridFactor]:
    """Every value of every factor, keyed ``<id>_<year>`` (``national_2023``); a malformed file is a
    :class:`DefinitionError` naming the file and the key path."""
    doc = tables.grid_file(path)
    return {g.id: g for spec in doc.factor for g in (_factor(spec, v, doc) for v in spec.value)}


def grid_regions(path: str | Path = "grid_factors.toml") -> list[tables.Region]:
    """The regional grids of the baseline (OM) factors, with their provinces."""
    return list(tables.grid_file(path).region)


def default_grid_factor(year: int | None = None) -> GridFactor:
    return grid_factor(None, year=year)


def _choices(doc: tables.GridFile) -> str:
    ids = "、".join(f.id for f in doc.factor)
    return f"{ids}（可加“_年份”指定某一年，如 {doc.factor[0].id}_{since_year(doc.factor[0].value[-1].since)}）"


def grid_factor(choice: float | str | GridFactor | None = None, *, year: int | None = None,
                path: str | Path = "grid_factors.toml") -> GridFactor:
    """A number (tCO₂/MWh, project-supplied), a factor, or a name.

    A name is a factor id or Chinese name (the value in force in ``year``: the latest data year not
    after it; the latest of all when ``year`` is None), or either with a year (``national_2022``,
    ``全国电力平均（2022年度）``: that data year exactly).  None means the file's default factor."""
    if isinstance(choice, GridFactor):
        return choice
    if isinstance(choice, (int, float)) and not isinstance(choice, bool):
        if not (choice > 0 and math.isfinite(choice)):
            raise CalcError(f"电网排放因子须为正数，现为 {fmt(choice)}")
        return GridFactor("project", "项目给定电网排放因子", float(choice), year or 0, "项目提供")
    doc = tables.grid_file(path)
    text = doc.meta.default if choice is None else str(choice).strip()
    m = _YEAR_ID.match(text) or _YEAR_NAME.match(text)
    key, exact = (m.group(1), int(m.group(2))) if m else (text, None)
    spec = next((f for f in doc.factor if key in (f.id, f.name)), None)
    if spec is None:
        raise CalcError(f"未知的电网排放因子“{choice}”，可选：{_choices(doc)}")
    if exact is not None:
        v = next((v for v in spec.value if since_year(v.since) == exact), None)
        if v is None:
            have = "、".join(str(since_year(v.since)) for v in spec.value)
            raise CalcError(f"{spec.name}没有 {exact} 年度的值，已有：{have}")
        return _factor(spec, v, doc)
    return _factor(spec, in_force(spec.value, year, what=spec.name,
                                  how_to_override="请以数值给出电网排放因子（tCO₂/MWh）"), doc)


def om_factor(region: str, *, year: int | None = None, override: float | None = None,
              path: str | Path = "grid_factors.toml") -> GridFactor:
    """The baseline 电量边际 (OM) factor of a regional grid, named by region id (``central``), name (华中)
    or a province in it (河南); ``override`` (tCO₂/MWh) replaces the tabled value."""
    doc = tables.grid_file(path)
    reg = next((r for r in doc.region if region in (r.id, r.name, r.name + "区域") or region in r.provinces), None)
    if reg is None:
        names = "、".join(r.name for r in doc.region)
        raise CalcError(f"无法确定“{region}”所属的区域电网，可选：{names}（或其所辖省份）")
    if override is not None:
        g = grid_factor(override, year=year)
        return attrs.evolve(g, name=f"{reg.name}区域电网电量边际排放因子（项目给定）", kind="om", region=reg.id)
    spec = next((f for f in doc.factor if f.kind == "om" and f.region == reg.id), None)
    if spec is None:
        raise CalcError(f"{reg.name}区域电网没有电量边际排放因子数据，请以数值给出")
    return grid_factor(spec.id, year=year, path=path)


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


def electricity_co2(saved_kwh: float, factor: float | str | GridFactor | None = None, *,
                    year: int | None = None) -> Result:
    """ΔCO₂ [tCO₂] = ΔE [kWh] ÷ 1000 × EF [tCO₂/MWh]; ``year`` chooses a named factor's data year."""
    q = _saving(saved_kwh, "节电量")
    g = grid_factor(factor, year=year)
    value = q / 1000.0 * g.value
    return Result(value, "tCO₂", Trace(
        name="节电碳减排量", formula="节电量 ÷ 1000 × 电网排放因子",
        substitution=substituted(lambda n: f"{n(q)} kWh ÷ 1000 × {fc(g.value)} tCO₂/MWh", show_value(value, "tCO₂")),
        result=show_value(value, "tCO₂"), notes=(f"电网排放因子：{g.label()}",)))


def _via_standard_coal(name: str, qty_text: Any, tce: float, notes: tuple[str, ...]) -> Result:
    """``qty_text(number_format)`` prints how the saving converts to standard coal."""
    value = tce * CO2_PER_TCE
    return Result(value, "tCO₂", Trace(
        name=name, formula="折标准煤量 × 2.7725 tCO₂/tce",
        substitution=substituted(lambda n: f"{qty_text(n)} = {n(tce)} tce；{n(tce)} tce × 2.7725 tCO₂/tce",
                                 show_value(value, "tCO₂")),
        result=show_value(value, "tCO₂"),
        notes=notes + ("标准煤排放因子 29.3076 GJ/t × 94.6 kgCO₂/GJ ÷ 1000 = 2.7725 tCO₂/tce（DB4101/T 61 表E.4 注b）",)))


def coal_co2(saved_t: float, coefficient: float | None = None) -> Result:
    """节煤: counted as standard coal (1 t = 1 tce) unless the project gives a kgce/kg coefficient."""
    q = _saving(saved_t, "节煤量")
    if coefficient is None:
        return _via_standard_coal("节煤碳减排量", lambda n: f"{n(q)} t × 1 tce/t", q,
                                  ("节约煤炭全部按照标准煤计算（DB4101/T 61 表E.4 注b）",))
    if not coefficient > 0:
        raise CalcError(f"煤的折标准煤系数须为正数，现为 {fmt(coefficient)}")
    return _via_standard_coal("节煤碳减排量", lambda n: f"{n(q)} t × {fc(coefficient)} tce/t", q * coefficient,
                              (f"项目给定煤的折标准煤系数 {fc(coefficient)} kgce/kg",))


def oil_co2(saved_t: float, coefficient: float = OIL_COEFFICIENT, *, year: int | None = None) -> Result:
    """节油: Δm [t] × 1.4286 tce/t (GB/T 2589 表A.1 原油) × 2.7725."""
    q = _saving(saved_t, "节油量")
    if not coefficient > 0:
        raise CalcError(f"油的折标准煤系数须为正数，现为 {fmt(coefficient)}")
    row = lookup(load_coefficients(year=year), "原油")
    why = row.cite() if row.coefficient == coefficient else "项目给定"
    return _via_standard_coal("节油碳减排量", lambda n: f"{n(q)} t × {fc(coefficient)} tce/t", q * coefficient,
                              (f"原油折标准煤系数 {fc(coefficient)} kgce/kg（{why}）",))


def gas_co2(saved_m3: float, coefficient: float | None = None, *, year: int | None = None) -> Result:
    """节天然气: ΔV [m³] × c [kgce/m³] ÷ 1000 × 2.7725; c within 1.1000–1.3300 (GB/T 2589 表A.1)."""
    q = _saving(saved_m3, "节天然气量")
    row = lookup(load_coefficients(year=year), "天然气")
    if row.unavailable and coefficient is None:
        raise CalcError(row.unavailable)
    c = row.coefficient if coefficient is None else float(coefficient)
    lo, hi = row.coefficient_min, row.coefficient_max
    if c is None or lo is None or hi is None:
        raise CalcError("天然气的折标准煤系数及其范围缺失；请按实测低位发热量或项目系数给出")
    if not (lo - 1e-12 <= c <= hi + 1e-12):
        raise CalcError(f"天然气折标准煤系数 {fc(c)} kgce/m³ 超出 {fc(row.coefficient_min)}～"
                        f"{fc(row.coefficient_max)} kgce/m³ 的范围")
    why = (f"天然气折标准煤系数 {fc(c)} kgce/m³" +
           (f"（{row.cite()}）" if coefficient is None else "（项目给定）"),)
    return _via_standard_coal("节天然气碳减排量", lambda n: f"{n(q)} m³ × {fc(c)} kgce/m³ ÷ 1000", q * c / 1000.0, why)


@attrs.frozen
class CarbonReduction:
    total: Result
    items: tuple[Result, ...]


def carbon_reduction(*, electricity_kwh: float = 0.0, coal_t: float = 0.0, oil_t: float = 0.0,
                     gas_m3: float = 0.0, grid: float | str | GridFactor | None = None,
                     gas_coefficient: float | None = None, coal_coefficient: float | None = None,
                     oil_coefficient: float = OIL_COEFFICIENT, year: int | None = None) -> CarbonReduction:
    """折合碳减排量 (tCO₂/年) = 节电 + 节煤 + 节油 + 节天然气, each as above; ``year`` is the baseline
    year whose factors and coefficients apply (the latest when None)."""
    items = (electricity_co2(electricity_kwh, grid, year=year), coal_co2(coal_t, coal_coefficient),
             oil_co2(oil_t, oil_coefficient, year=year), gas_co2(gas_m3, gas_coefficient, year=year))
    total = sum(r.value for r in items)
    return CarbonReduction(
        total=Result(total, "tCO₂", Trace(
            name="折合碳减排量合计", formula="节电 + 节煤 + 节油 + 节天然气碳减排量",
            substitution=substituted(lambda n: " + ".join(n(r.value) for r in items) + " tCO₂", show_value(total, "tCO₂")),
            result=show_value(total, "tCO₂"),
            notes=("计算方法：DB4101/T 61 表E.4 注b（环办科财函〔2022〕136号）",))),
        items=items)
