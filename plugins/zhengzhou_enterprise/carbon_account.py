"""6.5.1.2.7 碳排放核算（已开展碳排放核算的企业, flag ``carbon_accounted``), by the national enterprise
method (``data/carbon.toml`` names the guide): per year of the 审核考察期 and per source of D.11 —

* 化石燃料燃烧 E = 消耗量 × 低位发热量 × 单位热值含碳量 × 碳氧化率 × 44/12 (default parameters from the
  guide's table, each overridable in the 碳排放核算参数 sheet);
* 外购电力 E = 电量 ÷ 1000 × 电网排放因子 ([options] grid_factor, dated);
* 外购热力 E = 热量 × 0.11 tCO₂/GJ; 蒸汽 热量 = 蒸汽量 × (焓值 − 83.74) ÷ 1000;
* 过程排放 E = 活动水平 × 排放因子 (typed in the sheet, where the data exist).

Each figure is a Result with its trace; what cannot be computed is named in ``problems`` (sheet, row).
"""
from __future__ import annotations

import functools
from importlib import resources
from typing import Any

import attrs

from cpframework.api import CalcError, Result, Trace, calc, fmt, load_data, show_value, substituted

from .consumption import rows, years
from .options import params

C_TO_CO2 = 44 / 12


@attrs.frozen(kw_only=True)
class Fuel:
    name: str
    unit: str
    ncv: float        # GJ per unit
    carbon: float     # tC/GJ
    oxidation: float  # fraction


@attrs.frozen(kw_only=True)
class Meta:
    guide: str
    fuel_table: str
    since: int
    heat_factor: float
    steam_base_enthalpy: float


@attrs.frozen(kw_only=True)
class CarbonFile:
    meta: Meta
    fuel: list[Fuel]


@functools.cache
def defaults() -> CarbonFile:
    return load_data(resources.files(__package__) / "data" / "carbon.toml", CarbonFile)


@attrs.define
class Source:
    """One emission source with its tCO₂ per year."""

    name: str
    kind: str            # 化石燃料燃烧 / 外购电力 / 外购热力 / 过程排放
    emissions: dict[int, Result | None]
    basis: str           # the parameters used, as a reader is shown them


@attrs.define
class Account:
    sources: list[Source]
    total: dict[int, Result | None]
    per_value: dict[int, Result | None]   # tCO₂/万元产值
    problems: list[tuple[str, str, int | None, str]]  # (table id, message, sheet row, field)
    grid: str


def _scale(unit_from: str, unit_to: str) -> float | None:
    """How many ``unit_to`` one ``unit_from`` is (万m³ → m³: 10000), by the GB/T 2589 unit table."""
    a, b = calc.energy.UNIT_SCALE.get(unit_from.strip()), calc.energy.UNIT_SCALE.get(unit_to.strip())
    if a is None or b is None or a[0] != b[0]:
        return None
    return a[1] / b[1]


def fuel_co2(q: float, unit: str, f: Fuel, label: str) -> Result:
    """E [tCO₂] = 消耗量 × 低位发热量 × 单位热值含碳量 × 碳氧化率 × 44/12 (quantity in the fuel's unit)."""
    if q < 0:
        raise CalcError(f"{label}消耗量不能为负")
    value = q * f.ncv * f.carbon * f.oxidation * C_TO_CO2
    return Result(value, "tCO₂", Trace(
        name=f"{label}燃烧二氧化碳排放量", formula="消耗量 × 低位发热量 × 单位热值含碳量 × 碳氧化率 × 44 ÷ 12",
        substitution=substituted(lambda n: f"{n(q)} {f.unit} × {n(f.ncv)} GJ/{f.unit} × {n(f.carbon)} tC/GJ × "
                                           f"{n(f.oxidation)} × 44 ÷ 12", show_value(value, "tCO₂")),
        result=show_value(value, "tCO₂")))


def power_co2(mwh: float, factor: Any, label: str) -> Result:
    value = mwh * factor.value
    return Result(value, "tCO₂", Trace(
        name=f"{label}二氧化碳排放量", formula="外购电量 × 电网排放因子",
        substitution=substituted(lambda n: f"{n(mwh)} MWh × {n(factor.value)} tCO₂/MWh", show_value(value, "tCO₂")),
        result=show_value(value, "tCO₂"), notes=(f"电网排放因子：{factor.label()}",)))


def heat_co2(gj: float, factor: float, label: str, how: str = "") -> Result:
    value = gj * factor
    return Result(value, "tCO₂", Trace(
        name=f"{label}二氧化碳排放量", formula="外购热量 × 热力排放因子",
        substitution=substituted(lambda n: f"{n(gj)} GJ × {n(factor)} tCO₂/GJ", show_value(value, "tCO₂")),
        result=show_value(value, "tCO₂"), notes=(how,) if how else ()))


def steam_gj(tonnes: float, enthalpy: float, base: float) -> float:
    """蒸汽热量 [GJ] = 蒸汽量 [t] × (焓值 − 基准焓值) [kJ/kg] ÷ 1000."""
    return tonnes * (enthalpy - base) / 1000.0


def _override(row: dict[str, Any] | None, f: Fuel) -> Fuel:
    if not row:
        return f
    ox = row.get("oxidation")
    return attrs.evolve(f, ncv=float(row["ncv"]) if row.get("ncv") is not None else f.ncv,
                        carbon=float(row["carbon"]) if row.get("carbon") is not None else f.carbon,
                        oxidation=float(ox) / 100.0 if ox is not None else f.oxidation)


def _measured(project: Any, f: Fuel) -> Fuel:
    """The fuel with the calorific value the project measured for its D.12 折标准煤系数 (one measurement for
    both 综合能耗 and carbon): NCV [GJ/unit] = 系数 [kgce/kg or kgce/m³] × 29.3076 MJ/kgce × unit size ÷ 1000."""
    from .rollups import _coefficient
    coef = _coefficient(project, f.name)
    size = calc.energy.UNIT_SCALE.get(f.unit)
    if coef is None or size is None:
        return f
    return attrs.evolve(f, ncv=coef * calc.carbon.TCE_GJ * size[1] / 1000.0)


def _sheet(project: Any) -> dict[str, tuple[dict[str, Any], int | None]]:
    data = project.tables.get("carbon")
    if data is None:
        return {}
    return {str(r["name"]).strip(): (r, n) for r, n in zip(data.rows, data.sheet_rows or [None] * len(data.rows))
            if r.get("name")}


def account(project: Any) -> Account:
    """The 审核考察期 carbon account (see the module docstring)."""
    ys = years(project)
    doc = defaults()
    fuels = {f.name: f for f in doc.fuel}
    sheet = _sheet(project)
    p = params(project)
    problems: list[tuple[str, str, int | None, str]] = []
    try:
        grid = calc.carbon.grid_factor(p.get("grid_factor"), year=project.manifest.baseline)
    except CalcError as exc:
        problems.append(("", str(exc), None, "grid_factor"))
        grid = None
    out: list[Source] = []
    d11 = project.tables.get("D.11")
    for r, n in zip(rows(project, "D.11"), (d11.sheet_rows if d11 else None) or [None] * 99):
        name, unit = str(r.get("category") or "").strip(), str(r.get("unit") or "").strip()
        typed, _ = sheet.get(name, (None, None))
        qty = r.get("total") or {}
        em: dict[int, Result | None] = {y: None for y in ys}
        if name == "电力":
            scale = _scale(unit, "MWh")
            if scale is None:
                problems.append(("D.11", f"电力的单位“{unit}”无法换算为 MWh，不能核算外购电力排放", n, "单位"))
                continue
            if grid is None:
                continue
            for y in ys:
                if qty.get(y) is not None:
                    em[y] = power_co2(float(qty[y]) * scale, grid, f"{y}年外购电力")
            out.append(Source(name, "外购电力", em, f"{grid.name} {fmt(grid.value)} tCO₂/MWh"))
        elif name in ("蒸汽", "热力") or (typed or {}).get("kind") == "外购热力":
            factor = doc.meta.heat_factor
            if name == "蒸汽" or unit in ("t", "吨"):
                h = (typed or {}).get("enthalpy")
                if h is None:
                    problems.append(("carbon", f"外购{name}须在“碳排放核算参数”工作表中填写蒸汽焓值（kJ/kg）才能折算热量", None, "蒸汽焓值"))
                    continue
                base = doc.meta.steam_base_enthalpy
                for y in ys:
                    if qty.get(y) is not None:
                        gj = steam_gj(float(qty[y]), float(h), base)
                        em[y] = heat_co2(gj, factor, f"{y}年外购{name}",
                                         f"热量 = {fmt(qty[y])} t × （{fmt(h)} − {fmt(base)}）kJ/kg ÷ 1000 = {fmt(gj)} GJ")
                basis = f"焓值 {fmt(h)} kJ/kg；热力排放因子 {fmt(factor)} tCO₂/GJ（缺省值）"
            else:
                scale = _scale(unit, "GJ")
                if scale is None:
                    problems.append(("D.11", f"{name}的单位“{unit}”无法换算为 GJ，不能核算外购热力排放", n, "单位"))
                    continue
                for y in ys:
                    if qty.get(y) is not None:
                        em[y] = heat_co2(float(qty[y]) * scale, factor, f"{y}年外购{name}")
                basis = f"热力排放因子 {fmt(factor)} tCO₂/GJ（缺省值）"
            out.append(Source(name, "外购热力", em, basis))
        else:
            f = fuels.get(name)
            if f is None and not (typed and typed.get("ncv") is not None and typed.get("carbon") is not None
                                  and typed.get("oxidation") is not None):
                problems.append(("D.11", f"“{name}”没有化石燃料缺省参数：请在“碳排放核算参数”工作表中填写其低位发热量、"
                                         "单位热值含碳量和碳氧化率", n, "能源类别"))
                continue
            f = _override(typed, _measured(project, f) if f else Fuel(name=name, unit=unit, ncv=0, carbon=0, oxidation=0))
            scale = _scale(unit, f.unit)
            if scale is None:
                problems.append(("D.11", f"{name}的单位“{unit}”无法换算为缺省参数的单位“{f.unit}”", n, "单位"))
                continue
            for y in ys:
                if qty.get(y) is not None:
                    em[y] = fuel_co2(float(qty[y]) * scale, f.unit, f, f"{y}年{name}")
            given = "项目实测" if (typed and any(typed.get(k) is not None for k in ("ncv", "carbon", "oxidation"))
                                 or f.ncv != fuels[name].ncv if name in fuels else True) else "缺省值"
            out.append(Source(name, "化石燃料燃烧", em,
                              f"低位发热量 {fmt(f.ncv)} GJ/{f.unit}，含碳量 {fmt(f.carbon)} tC/GJ，碳氧化率 "
                              f"{fmt(f.oxidation * 100)}%（{given}）"))
    for name, (r, n) in sheet.items():
        if r.get("kind") != "过程排放":
            continue
        if r.get("factor") is None:
            problems.append(("carbon", f"过程排放“{name}”缺少排放因子", n, "过程排放因子"))
            continue
        unit, factor = str(r.get("unit") or ""), float(r["factor"])
        em = {}
        for y in ys:
            q = (r.get("quantity") or {}).get(y)
            em[y] = None if q is None else Result(float(q) * factor, "tCO₂", Trace(
                f"{y}年{name}过程排放量", "活动水平 × 排放因子",
                substituted(lambda nf, q=q: f"{nf(q)} {unit} × {nf(factor)} tCO₂/{unit}", show_value(float(q) * factor, "tCO₂")),
                show_value(float(q) * factor, "tCO₂")))
        out.append(Source(name, "过程排放", em, f"排放因子 {fmt(factor)} tCO₂/{unit}（{r.get('source') or '项目给定'}）"))
    total, per_value = {}, {}
    for y in ys:
        vals = [s.emissions[y] for s in out if s.emissions.get(y) is not None]
        if not vals:
            total[y] = per_value[y] = None
            continue
        t = sum(v.value for v in vals)
        total[y] = Result(t, "tCO₂", Trace(f"{y}年二氧化碳排放总量", "Σ 各排放源排放量",
                                            substituted(lambda nf: " + ".join(nf(v.value) for v in vals) + " tCO₂",
                                                        show_value(t, "tCO₂")), show_value(t, "tCO₂")))
        value = sum(float((r.get("value") or {}).get(y) or 0) for r in rows(project, "D.6"))
        per_value[y] = None if not value else Result(t / value, "tCO₂/万元", Trace(
            f"{y}年万元产值二氧化碳排放量", "二氧化碳排放总量 ÷ 各产品产值之和",
            substituted(lambda nf: f"{nf(t)} tCO₂ ÷ {nf(value)} 万元", show_value(t / value, "tCO₂/万元")),
            show_value(t / value, "tCO₂/万元")))
    return Account(out, total, per_value, problems, grid.label() if grid else "")


def parameter_problems(project: Any) -> list[tuple[str, str, int | None, str, str]]:
    """Typed parameters of the 碳排放核算参数 sheet against their definitions and defaults:
    (table, message, row, field, level).  A process factor per tonne cannot exceed 44/12 tCO₂/t (all of the
    mass carbon, oxidised); steam enthalpy must exceed the 83.74 kJ/kg base; a fuel parameter 10-fold off the
    guide's default is a unit or a typo (warning)."""
    fuels = {f.name: f for f in defaults().fuel}
    base = defaults().meta.steam_base_enthalpy
    out = []
    for name, (r, n) in _sheet(project).items():
        f = fuels.get(name)
        for field, label, attr in (("ncv", "低位发热量", "ncv"), ("carbon", "单位热值含碳量", "carbon")):
            x = r.get(field)
            if f is not None and x is not None and x > 0:
                d = getattr(f, attr)
                if max(x, d) / min(x, d) >= 10:
                    out.append(("carbon", f"{name}的{label} {fmt(x)} 与指南缺省值 {fmt(d)} 相差 10 倍以上，请核对单位"
                                          f"（低位发热量为 GJ/{f.unit}，含碳量为 tC/GJ）", n, label, "warning"))
        if f is not None and r.get("ncv") is not None:
            m = _measured(project, f)
            if m.ncv != f.ncv and abs(r["ncv"] - m.ncv) > 0.02 * m.ncv:
                out.append(("carbon", f"{name}的低位发热量 {fmt(r['ncv'])} GJ/{f.unit} 与 D.12 实测折标准煤系数对应的 "
                                      f"{fmt(m.ncv)} GJ/{f.unit} 相差 2% 以上：同一燃料应使用同一热值", n, "低位发热量", "warning"))
        h = r.get("enthalpy")
        if h is not None and h <= base:
            out.append(("carbon", f"{name}的蒸汽焓值 {fmt(h)} kJ/kg 不大于基准焓值 {fmt(base)} kJ/kg，热量将为负或零", n, "蒸汽焓值", "error"))
        elif h is not None and h > 4000:
            out.append(("carbon", f"{name}的蒸汽焓值 {fmt(h)} kJ/kg 超出工业蒸汽的常见范围（约 2 600～3 600 kJ/kg），请核对单位", n,
                        "蒸汽焓值", "warning"))
        unit, k = str(r.get("unit") or "").strip(), r.get("factor")
        mass = {"t": 1.0, "吨": 1.0, "kg": 0.001}.get(unit)
        if r.get("kind") == "过程排放" and k is not None and mass is not None and k > C_TO_CO2 * mass * (1 + 1e-9):
            out.append(("carbon", f"过程排放“{name}”的排放因子 {fmt(k)} tCO₂/{unit} 超过物料全部为碳并完全氧化时的上限 "
                                  f"{fmt(C_TO_CO2 * mass)} tCO₂/{unit}（44/12）", n, "过程排放因子", "error"))
    return out
