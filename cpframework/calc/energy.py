"""Comprehensive energy consumption (综合能耗) per GB/T 2589 《综合能耗计算通则》.

    E [tce] = Σ_k  q_k [unit_k] × c_k [kgce/unit_k] ÷ 1000

* c_k from ``data/energy_coefficients.toml`` (GB/T 2589 附录A 参考系数): dated parameters, the value in
  force in the project's baseline year, each cited by document and clause; every coefficient may be
  overridden per project.
* A measured calorific value q_net [kcal/unit] gives c = q_net ÷ 7000 (1 kgce = 7000 kcal;
  not kJ ÷ 29307.6).  Natural gas must lie within 1.1000–1.3300 kgce/m³.
* Electricity: 当量值 0.1229 kgce/kWh by default; 等价值 when the project supplies its factor.
* 耗能工质 (``data/energy_media.toml``) count only when explicitly chosen.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import attrs

from cpframework.calc import tables
from cpframework.calc.params import Since, in_force
from cpframework.calc.trace import CalcError, Result, Trace, fmt, show_value, substituted

KCAL_PER_KGCE = 7000.0
ELECTRICITY_EQUIVALENT_VALUE = 0.1229  # kgce/kWh, 当量值 (GB/T 2589 附录A)
# Accepted quantity units: unit → (base unit of the coefficient, factor to the base unit).
UNIT_SCALE: dict[str, tuple[str, float]] = {
    "kg": ("kg", 1.0), "t": ("kg", 1000.0), "万t": ("kg", 1.0e7),
    "m³": ("m³", 1.0), "m3": ("m³", 1.0), "万m³": ("m³", 1.0e4), "万m3": ("m³", 1.0e4),
    "kWh": ("kWh", 1.0), "度": ("kWh", 1.0), "MWh": ("kWh", 1000.0), "万kWh": ("kWh", 1.0e4),
    "MJ": ("MJ", 1.0), "GJ": ("MJ", 1000.0),
}


@attrs.frozen
class Coefficient:
    """One row of a standard-coal coefficient table (kgce per ``unit``), as in force in one year.

    ``source`` is the citation a reader is shown (document number, title, clause); ``note`` is text
    for a reader; ``unavailable`` (when set) says why the table has no value for that year."""

    id: str
    name: str
    unit: str
    coefficient: float | None
    calorific: str
    source: str
    kind: str = "carrier"
    coefficient_min: float | None = None
    coefficient_max: float | None = None
    strict_range: bool = False
    water: bool = False
    note: str = ""
    since: Since | None = None
    unavailable: str = ""

    @property
    def coef_unit(self) -> str:
        return f"kgce/{self.unit}"

    def cite(self) -> str:
        """Source and calorific value, as printed after a coefficient."""
        head = "，".join(x for x in (self.source, self.calorific) if x)
        return "；".join(x for x in (head, self.note) if x)


def fc(x: float | None) -> str:
    """Coefficients keep their four published decimals (1.2143, 1.1000, 0.1229, 0.03412)."""
    if x is None:
        return "—"
    return f"{x:.4f}" if abs(x) >= 0.1 else fmt(x, 5)


def _row(spec: tables.CarrierSpec, sources: Mapping[str, Any], key: str, year: int | None) -> Coefficient:
    base: dict[str, Any] = dict(id=spec.id, name=spec.name, unit=spec.unit, kind=key, strict_range=spec.strict_range,
                water=spec.water)
    try:
        v = in_force(spec.value, year, what=f"{spec.name}的折标准煤参考系数",
                     how_to_override="请按实测低位发热量或项目系数给出")
    except CalcError as exc:
        return Coefficient(coefficient=None, calorific="", source="", unavailable=str(exc), **base)
    return Coefficient(coefficient=v.coefficient, calorific=v.calorific, source=sources[v.source].cite(),
                       coefficient_min=v.coefficient_min, coefficient_max=v.coefficient_max, note=v.note,
                       since=v.since, **base)


def load_coefficients(path: str | Path = "energy_coefficients.toml", *, key: str = "carrier",
                      year: int | None = None) -> dict[str, Coefficient]:
    """A coefficient table as in force in ``year`` (the latest values when None), keyed by Chinese name.

    A malformed file is a :class:`DefinitionError` naming the file and the key path."""
    doc = tables.coefficient_file(path, UNIT_SCALE)
    return {spec.name: _row(spec, doc.source, key, year) for spec in getattr(doc, key)}


def load_media(path: str | Path = "energy_media.toml", *, year: int | None = None) -> dict[str, Coefficient]:
    """The 耗能工质 table (separate from the carriers on purpose)."""
    return load_coefficients(path, key="medium", year=year)


def media_caution(path: str | Path = "energy_media.toml") -> str:
    return tables.coefficient_file(path, UNIT_SCALE).meta.caution


def lookup(table: Mapping[str, Coefficient], name: str, *, what: str = "能源品种") -> Coefficient:
    """Find a row by Chinese name or id."""
    if name in table:
        return table[name]
    for row in table.values():
        if row.id == name:
            return row
    water = [r.name for r in table.values() if r.water]
    hint = f"（水类须明确选择其一：{'、'.join(water)}）" if water and "水" in name else ""
    raise CalcError(f"未知的{what}“{name}”{hint}")


def coefficient_from_calorific(kcal: float, *, name: str = "折标准煤系数", unit: str = "kg") -> Result:
    """c [kgce/unit] = q_net [kcal/unit] ÷ 7000, rounded to 4 decimals like the published table (GB/T 2589 §1.1)."""
    if kcal is None or not kcal > 0:
        raise CalcError(f"{name}的实测低位发热量须为正数，现为 {fmt(kcal)}")
    value = round(kcal / KCAL_PER_KGCE, 4)
    return Result(value, f"kgce/{unit}", Trace(
        name=name, formula="实测低位发热量 ÷ 7000 kcal/kgce",
        substitution=f"{fmt(kcal)} kcal/{unit} ÷ 7000 kcal/kgce",
        result=f"{fc(value)} kgce/{unit}",
        notes=("1 kgce 低位发热量 7000 kcal（GB/T 2589）；系数取四位小数",)))


def check_range(row: Coefficient, coef: float) -> str | None:
    """Strict rows (natural gas) raise outside their range; others just get a note."""
    if row.coefficient_min is None or row.coefficient_max is None:
        return None
    if row.coefficient_min - 1e-12 <= coef <= row.coefficient_max + 1e-12:
        return None
    msg = (f"{row.name}折标准煤系数 {fc(coef)} {row.coef_unit} 超出 "
           f"{fc(row.coefficient_min)}～{fc(row.coefficient_max)} {row.coef_unit} 的范围")
    if row.strict_range:
        raise CalcError(msg)
    return f"注意：{msg}"


def resolve_coefficient(row: Coefficient, *, coefficient: float | None = None, kcal: float | None = None,
                        electricity_equivalent: float | None = None) -> tuple[float, list[str]]:
    """The coefficient to use for ``row`` and the notes saying where it came from."""
    notes: list[str] = []
    if row.id == "electricity" and electricity_equivalent is not None and coefficient is None:
        coefficient = electricity_equivalent
        notes.append(f"电力按等价值 {fc(coefficient)} kgce/kWh 计（项目提供的火电发电标准煤耗）")
    if kcal is not None:
        coefficient = coefficient_from_calorific(kcal, name=f"{row.name}折标准煤系数", unit=row.unit).value
        notes.append(f"{row.name}按实测低位发热量 {fmt(kcal)} kcal/{row.unit} 折算：÷ 7000 = {fc(coefficient)}")
    if coefficient is not None:
        if not coefficient > 0:
            raise CalcError(f"{row.name}折标准煤系数须为正数，现为 {fmt(coefficient)}")
        if not notes:
            notes.append(f"{row.name}折标准煤系数采用项目值 {fc(coefficient)} {row.coef_unit}")
    else:
        if row.unavailable:
            raise CalcError(row.unavailable)
        if row.coefficient is None:
            raise CalcError(f"{row.name}的折标准煤系数只有范围 {fc(row.coefficient_min)}～"
                            f"{fc(row.coefficient_max)} {row.coef_unit}，须按实测低位发热量提供")
        coefficient = row.coefficient
        kind = "当量值" if row.id == "electricity" else "参考系数"
        notes.append(f"{row.name}{kind} {fc(coefficient)} {row.coef_unit}（{row.cite()}）")
    extra = check_range(row, coefficient)
    if extra:
        notes.append(extra)
    return coefficient, notes


def source_used(row: Coefficient, coefficient: float | None = None, kcal: float | None = None,
                electricity_equivalent: float | None = None) -> str:
    """Where the coefficient :func:`resolve_coefficient` uses comes from, for a table's 来源 column."""
    if kcal is not None:
        return "按实测低位发热量折算"
    if coefficient is not None:
        return "项目给定"
    if row.id == "electricity" and electricity_equivalent is not None:
        return "项目给定的电力等价值"
    return row.source


def to_tce(quantity: float, row: Coefficient, *, unit: str | None = None, coefficient: float | None = None,
           kcal: float | None = None, electricity_equivalent: float | None = None) -> Result:
    """One carrier: tce = q × s × c ÷ 1000, with s the factor from ``unit`` to the coefficient's unit."""
    return _to_tce(quantity, row, unit, coefficient, kcal, electricity_equivalent)[0]


def _to_tce(quantity: float, row: Coefficient, unit: str | None, coefficient: float | None,
            kcal: float | None, electricity_equivalent: float | None) -> tuple[Result, float]:
    unit = unit or row.unit
    if unit not in UNIT_SCALE or UNIT_SCALE[unit][0] != UNIT_SCALE[row.unit][0]:
        raise CalcError(f"{row.name}的计量单位“{unit}”与系数单位 {row.coef_unit} 不一致")
    if quantity is None or quantity != quantity or quantity in (float("inf"), float("-inf")):
        raise CalcError(f"{row.name}的实物量缺失或不是有效数值")
    if quantity < 0:
        raise CalcError(f"{row.name}的实物量不能为负，现为 {fmt(quantity)}")
    coef, notes = resolve_coefficient(row, coefficient=coefficient, kcal=kcal,
                                      electricity_equivalent=electricity_equivalent)
    scale = UNIT_SCALE[unit][1] / UNIT_SCALE[row.unit][1]
    value = quantity * scale * coef / 1000.0
    conv = f" × {fmt(scale)}" if scale != 1 else ""
    return Result(value, "tce", Trace(
        name=f"{row.name}折标准煤量", formula="实物量 × 折标准煤系数 ÷ 1000",
        substitution=substituted(lambda n: f"{n(quantity)} {unit}{conv} × {fc(coef)} {row.coef_unit} ÷ 1000",
                                 show_value(value, "tce")),
        result=show_value(value, "tce"), notes=tuple(notes))), coef


@attrs.frozen
class EnergyTotal:
    """Comprehensive energy consumption: the total, each carrier's Result, and a table for reports."""

    total: Result
    items: tuple[Result, ...]
    table: Any  # pandas.DataFrame: name, kind, quantity, unit, coefficient, tce, share


def comprehensive_energy(quantities: Mapping[str, float | tuple[float, str]], *,
                         coefficients: Mapping[str, float] | None = None,
                         calorific: Mapping[str, float] | None = None,
                         electricity_equivalent: float | None = None,
                         media: Mapping[str, float | tuple[float, str]] | None = None,
                         carrier_table: Mapping[str, Coefficient] | None = None,
                         media_table: Mapping[str, Coefficient] | None = None,
                         name: str = "综合能耗", year: int | None = None) -> EnergyTotal:
    """E = Σ carriers (+ Σ chosen 耗能工质) in tce.

    ``quantities``/``media``: name → quantity or (quantity, unit).  ``coefficients``: name → kgce/unit
    overrides; ``calorific``: name → measured kcal/unit; ``electricity_equivalent``: 等价值 kgce/kWh;
    ``year``: the baseline year whose coefficients apply (the latest when None).
    """
    import pandas as pd

    carriers = carrier_table if carrier_table is not None else load_coefficients(year=year)
    coefficients = dict(coefficients or {})
    calorific = dict(calorific or {})
    items: list[Result] = []
    rows: list[dict[str, Any]] = []

    def add(table: Mapping[str, Coefficient], key: str, qty: Any, kind: str) -> None:
        row = lookup(table, key, what="耗能工质" if kind == "耗能工质" else "能源品种")
        q, unit = (qty if isinstance(qty, tuple) else (qty, None))
        given = coefficients.get(key, coefficients.get(row.name))
        kcal = calorific.get(key, calorific.get(row.name))
        res, coef = _to_tce(float(q), row, unit, given, kcal, electricity_equivalent)
        items.append(res)
        rows.append({"name": row.name, "kind": kind, "quantity": float(q), "unit": unit or row.unit,
                     "coefficient": coef, "coefficient_unit": row.coef_unit, "tce": res.value,
                     "source": source_used(row, given, kcal, electricity_equivalent)})

    for key, qty in quantities.items():
        add(carriers, key, qty, "能源")
    notes: list[str] = []
    if media:
        mtable = media_table if media_table is not None else load_media(year=year)
        for key, qty in media.items():
            add(mtable, key, qty, "耗能工质")
        notes.append("计入耗能工质（项目明确选择）：" + "、".join(media))
        if any(lookup(mtable, k).water for k in media):
            notes.append(media_caution())
    else:
        notes.append("未计入耗能工质（如需计入，须明确选择）")
    if not items:
        raise CalcError(f"{name}没有输入任何能源品种")
    total = sum(r.value for r in items)
    table = pd.DataFrame(rows)
    table["share"] = table["tce"] / total * 100.0 if total > 0 else 0.0
    return EnergyTotal(
        total=Result(total, "tce", Trace(
            name=name, formula="Σ 各能源（及所选耗能工质）实物量 × 折标准煤系数 ÷ 1000",
            substitution=substituted(lambda n: " + ".join(n(r.value) for r in items) + " tce", show_value(total, "tce")),
            result=show_value(total, "tce"), notes=tuple(notes))),
        items=tuple(items), table=table)


def _coef_map(names: Iterable[str], carriers: Mapping[str, Coefficient], media: Mapping[str, Coefficient],
              chosen: set[str], coefficients: Mapping[str, float], calorific: Mapping[str, float],
              electricity_equivalent: float | None) -> tuple[dict[str, tuple[float, str, str]], list[str]]:
    out: dict[str, tuple[float, str, str]] = {}
    notes: list[str] = []
    for key in names:
        try:
            row = lookup(carriers, key)
        except CalcError:
            row = lookup(media, key, what="能源品种或耗能工质")
            if key not in chosen and row.name not in chosen:
                notes.append(f"{row.name}为耗能工质，未选择计入")
                continue
        coef, why = resolve_coefficient(row, coefficient=coefficients.get(key, coefficients.get(row.name)),
                                        kcal=calorific.get(key, calorific.get(row.name)),
                                        electricity_equivalent=electricity_equivalent)
        out[key] = (coef, row.unit, row.name)
        notes.extend(why)
    return out, notes


@attrs.frozen
class UnitConsumption:
    """单位产品综合能耗 by year and product: table (year, product, energy_tce, output, output_unit,
    unit_consumption [kgce per output unit]) and one trace per row."""

    table: Any
    traces: tuple[Trace, ...]
    notes: tuple[str, ...]


def unit_consumption(energy: Any, output: Any, *, coefficients: Mapping[str, float] | None = None,
                     calorific: Mapping[str, float] | None = None, electricity_equivalent: float | None = None,
                     media: Iterable[str] = (), carrier_table: Mapping[str, Coefficient] | None = None,
                     media_table: Mapping[str, Coefficient] | None = None,
                     year: int | None = None) -> UnitConsumption:
    """e_{y,p} [kgce/unit] = Σ_k q_{y,p,k} × s × c_k ÷ P_{y,p} (vectorised).

    ``energy``: columns year, product, carrier, quantity [, unit] (unit defaults to the table's).
    ``output``: columns year, product, output [, output_unit].  ``year``: the baseline year whose
    coefficients apply to every year of the table (the latest when None).
    """
    import pandas as pd

    need = {"year", "product", "carrier", "quantity"}
    if not need <= set(energy.columns):
        raise CalcError(f"能源消耗表缺少列：{'、'.join(sorted(need - set(energy.columns)))}")
    if not {"year", "product", "output"} <= set(output.columns):
        raise CalcError("产量表须有 year、product、output 三列")
    carriers = carrier_table if carrier_table is not None else load_coefficients(year=year)
    mtable = media_table if media_table is not None else load_media(year=year)
    cmap, notes = _coef_map(pd.unique(energy["carrier"]), carriers, mtable, set(media),
                            dict(coefficients or {}), dict(calorific or {}), electricity_equivalent)
    e = energy[energy["carrier"].isin(list(cmap))].copy()
    q = pd.to_numeric(e["quantity"], errors="coerce")
    if q.isna().any() or (q < 0).any():
        bad = e.loc[q.isna() | (q < 0), "carrier"].iloc[0]
        raise CalcError(f"{bad}的实物量缺失、不是数值或为负")
    base_unit = e["carrier"].map(lambda k: cmap[k][1])
    unit = e["unit"].fillna(base_unit) if "unit" in e.columns else base_unit
    bad_unit = [u for u, b in zip(unit, base_unit) if u not in UNIT_SCALE or UNIT_SCALE[u][0] != UNIT_SCALE[b][0]]
    if bad_unit:
        raise CalcError(f"能源消耗表中的计量单位“{bad_unit[0]}”与折标准煤系数的单位不一致")
    scale = unit.map(lambda u: UNIT_SCALE[u][1]) / base_unit.map(lambda u: UNIT_SCALE[u][1])
    e["tce"] = q * scale * e["carrier"].map(lambda k: cmap[k][0]) / 1000.0
    agg = e.groupby(["year", "product"], sort=True)["tce"].sum().rename("energy_tce").reset_index()
    out = output.copy()
    if "output_unit" not in out.columns:
        out["output_unit"] = ""
    table = agg.merge(out[["year", "product", "output", "output_unit"]], on=["year", "product"], how="left")
    missing = table["output"].isna() | (pd.to_numeric(table["output"], errors="coerce") <= 0)
    if missing.any():
        r = table[missing].iloc[0]
        raise CalcError(f"{r['product']} {r['year']} 年的产量缺失或为 0，无法计算单位产品综合能耗")
    table["unit_consumption"] = table["energy_tce"] * 1000.0 / table["output"].astype(float)
    traces = tuple(Trace(
        name=f"{r.product} {r.year} 年单位产品综合能耗", formula="综合能耗 × 1000 ÷ 产量",
        substitution=substituted(lambda n: f"{n(r.energy_tce)} tce × 1000 ÷ {n(float(r.output))} {r.output_unit}".rstrip(),
                                 show_value(r.unit_consumption, f"kgce/{r.output_unit}" if r.output_unit else "kgce")),
        result=show_value(r.unit_consumption, f"kgce/{r.output_unit}" if r.output_unit else "kgce"))
        for r in table.itertuples())
    return UnitConsumption(table=table, traces=traces, notes=tuple(dict.fromkeys(notes)))
