"""Consumption over the 审核考察期 (6.5.1.2.3–6.5.1.2.7): unit consumption per product (表D.7、D.10、
D.11 单耗), the three-year trend, and 综合能耗 per GB/T 2589 (表D.12, via ``cpframework.calc.energy``).

Every figure is a :class:`cpframework.calc.Result` with its trace; a value that cannot be computed
(missing output, unknown carrier) is ``None`` with the reason in ``problems``.
"""
from __future__ import annotations

from typing import Any

import attrs

from cpframework.api import CalcError, Q, Result, Trace, avg_annual_growth, fmt, ratio, show_value
from cpframework.api import calc

from . import allocation as alloc
en = calc.energy


def years(project: Any) -> list[int]:
    return list(project.manifest.years)


def rows(project: Any, table_id: str) -> list[dict[str, Any]]:
    data = project.tables.get(table_id)
    return list(data.rows) if data is not None else []


def product_rows(project: Any) -> list[dict[str, Any]]:
    return [r for r in rows(project, "D.6") if r.get("name")]


def product(project: Any, name: Any) -> dict[str, Any] | None:
    """The D.6 row named ``name``; the main product (:func:`main_product`) when ``name`` is empty."""
    prods = product_rows(project)
    if not prods:
        return None
    if not name:
        return main_product(project)
    return next((p for p in prods if str(p["name"]).strip() == str(name).strip()), None)


def main_product(project: Any) -> dict[str, Any] | None:
    """The enterprise's main product: the D.6 product with the largest baseline-year output value (产值), ties
    and missing values resolved by name — never by the order the rows happen to be listed in."""
    base = project.manifest.baseline

    def value(p: dict[str, Any]) -> float:
        v = (p.get("value") or {}).get(base)
        return float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else float("-inf")

    prods = product_rows(project)
    return min(prods, key=lambda p: (-value(p), str(p["name"]).strip())) if prods else None


@attrs.define
class Line:
    """One row of D.7 / D.10 / D.11 with its unit consumption per year and the trend."""

    row: dict[str, Any]
    label: str
    unit: str
    product: str
    product_unit: str
    totals: dict[int, float | None]
    unit_values: dict[int, Result | None]
    unit_label: str
    trend: Result | None
    problems: list[str] = attrs.field(factory=list)
    allocation: str = "计量"


def unit_lines(project: Any, table_id: str, label_field: str) -> list[Line]:
    """单耗 = 总耗 ÷ 产品产量 per year, one line per product the row reaches by its allocation rule
    (:mod:`.allocation`); trend = 考察期年均变化率 of the unit consumption."""
    ys = years(project)
    out = []
    for r in rows(project, table_id):
        label = str(r.get(label_field) or "")
        unit = str(r.get("unit") or "")
        totals = {y: (r.get("total") or {}).get(y) for y in ys}
        parts, problems, rule = alloc.allocate(project, r, totals)
        if not parts:
            out.append(Line(r, label, unit, "", "", totals, {y: None for y in ys}, unit, None, problems, rule))
            continue
        for pname, ptotals in parts.items():
            out.append(_line(project, r, label, unit, pname, ptotals, list(problems), rule))
    return out


def _line(project: Any, r: dict[str, Any], label: str, unit: str, pname: str, totals: dict[int, Any],
          problems: list[str], rule: str) -> Line:
    ys = years(project)
    prod = product(project, pname)
    uvals: dict[int, Result | None] = {}
    punit = str(prod.get("unit") or "") if prod else ""
    if prod is None:
        problems.append(f"{label}：产品“{pname}”不在表D.6 中，无法计算单耗")
    how = "" if rule == "计量" else f"（{rule}分摊）"
    for y in ys:
        uvals[y] = None
        if prod is None or totals[y] is None:
            continue
        out_y = (prod.get("output") or {}).get(y)
        try:
            uvals[y] = ratio(Q(totals[y], unit, f"{y}年{label}总耗{how}"), Q(out_y, punit, f"{y}年{pname}产量"),
                             name=f"{y}年单位{pname}{label}消耗", unit=f"{unit}/{punit}")
        except CalcError as exc:
            problems.append(str(exc))
    trend = None
    valid = [(y, uvals[y]) for y in ys if uvals[y] is not None]
    if len(valid) >= 2 and valid[0][1].value > 0:
        (y0, a), (y1, b) = valid[0], valid[-1]
        trend = avg_annual_growth(Q(a.value, a.unit, f"{y0}年单耗"), Q(b.value, b.unit, f"{y1}年单耗"),
                                  y1 - y0, name=f"{label}单耗年均变化率（{pname}）")
    return Line(r, label, unit, pname, punit, totals, uvals, f"{unit}/{punit}" if punit else unit, trend, problems, rule)


def per_value(project: Any, table_id: str, label_field: str) -> list[tuple[str, str, dict[int, Result | None]]]:
    """万元产值 basis of every row: total ÷ Σ 各产品产值 per year — (label, unit, year → Result)."""
    ys = years(project)
    out = []
    prods = product_rows(project)
    for r in rows(project, table_id):
        label, unit = str(r.get(label_field) or ""), str(r.get("unit") or "")
        vals: dict[int, Result | None] = {}
        for y in ys:
            t = (r.get("total") or {}).get(y)
            value = [(p.get("value") or {}).get(y) for p in prods]
            vals[y] = None
            if t is None or not value or any(x is None for x in value):
                continue
            try:
                vals[y] = ratio(Q(t, unit, f"{y}年{label}总耗"), Q(sum(value), "万元", f"{y}年各产品产值之和"),
                                name=f"{y}年万元产值{label}消耗", unit=f"{unit}/万元")
            except CalcError:
                continue
        out.append((label, unit, vals))
    return out


# ---------------------------------------------------------------- 综合能耗 (表D.12, GB/T 2589)


@attrs.define
class EnergyRow:
    name: str
    group: str                 # 能源 / 电力 / 热力 / 耗能工质
    coefficient: float | None
    coef_unit: str
    coef_source: str
    kgce: dict[int, float | None]
    traces: dict[int, Trace]
    source_row: dict[str, Any] = attrs.field(factory=dict)


@attrs.define
class EnergyTable:
    rows: list[EnergyRow]
    total: dict[int, Result | None]
    unit_value: dict[int, Result | None]
    product: str
    product_unit: str
    trend: Result | None
    problems: list[str]
    per_product: dict[str, dict[int, Result | None]] = attrs.field(factory=dict)  # 单位产品综合能耗 by product
    per_value: dict[int, Result | None] = attrs.field(factory=dict)               # kgce/万元产值


GROUP = {"电力": "电力", "热力": "热力", "蒸汽": "热力"}


def _overrides(project: Any) -> dict[str, dict[str, Any]]:
    return {str(r["name"]).strip(): r for r in rows(project, "D.12") if r.get("name")}


def comprehensive_energy(project: Any) -> EnergyTable:
    """表D.12: each carrier of D.11 (and each 耗能工质 of the D.12 sheet) in kgce per year, their sum, and
    单位产品综合能耗 (kgce per unit of the main product)."""
    ys = years(project)
    base = project.manifest.baseline
    carriers, media = en.load_coefficients(year=base), en.load_media(year=base)
    over = _overrides(project)
    problems: list[str] = []
    out: list[EnergyRow] = []
    sources: list[tuple[str, str, dict[int, Any], str, dict[str, Coefficient] | None, dict[str, Any]]] = []
    for r in rows(project, "D.11"):
        sources.append((str(r.get("category") or ""), str(r.get("unit") or ""), r.get("total") or {}, "能源", carriers, r))
    for name, r in over.items():
        if r.get("kind") == "耗能工质":
            sources.append((name, str(r.get("unit") or ""), r.get("quantity") or {}, "耗能工质", media, r))
    for name, unit, qty, kind, table, src in sources:
        o = over.get(name, {})
        try:
            row = en.lookup(table, name, what="耗能工质" if kind == "耗能工质" else "能源品种")
        except CalcError:
            row = None
        coef = o.get("coefficient")
        if row is None and coef is None:
            problems.append(f"“{name}”不在 GB/T 2589 参考系数表中，请在 D.12 工作表填写折标准煤系数")
            continue
        if row is None:
            row = en.Coefficient(id=name, name=name, unit=unit if unit in en.UNIT_SCALE else "kg",
                                 coefficient=coef, calorific="", source=str(o.get("source") or "项目给定"))
        group = "耗能工质" if kind == "耗能工质" else GROUP.get(row.name, "能源")
        kg, traces = {}, {}
        for y in ys:
            q = qty.get(y)
            kg[y] = None
            if q is None:
                continue
            try:
                res = en.to_tce(float(q), row, unit=unit or None, coefficient=coef)
            except CalcError as exc:
                problems.append(f"{y}年{name}：{exc}")
                continue
            kg[y] = res.value * 1000.0
            traces[y] = res.trace
        used = coef if coef is not None else row.coefficient
        out.append(EnergyRow(name, group, used, row.coef_unit,
                             str(o.get("source") or "") or en.source_used(row, coef), kg, traces, src))
    total: dict[int, Result | None] = {}
    for y in ys:
        vals = [r.kgce[y] for r in out if r.kgce[y] is not None]
        if not vals:
            total[y] = None
            continue
        s = sum(vals)
        total[y] = Result(s, "kgce", Trace(f"{y}年综合能耗", "Σ 各能源及所选耗能工质实物量 × 折标准煤系数",
                                           " + ".join(fmt(v) for v in vals) + " kgce", show_value(s, "kgce"),
                                           ("GB/T 2589 综合能耗计算通则",)))
    per_product = _energy_per_product(project, out, problems)
    prod = product(project, None)
    pname = prod["name"] if prod else ""
    punit = str(prod.get("unit") or "") if prod else ""
    unit_value = per_product.get(pname, {y: None for y in ys})
    value = {y: [(p.get("value") or {}).get(y) for p in product_rows(project)] for y in ys}
    per_value = {y: ratio(Q(total[y].value, "kgce", f"{y}年综合能耗"), Q(sum(value[y]), "万元", f"{y}年各产品产值之和"),
                          name=f"{y}年万元产值综合能耗", unit="kgce/万元")
                 if total[y] is not None and value[y] and None not in value[y] and sum(value[y]) > 0 else None
                 for y in ys}
    trend = None
    valid = [(y, unit_value[y]) for y in ys if unit_value[y] is not None]
    if len(valid) >= 2:
        (y0, a), (y1, b) = valid[0], valid[-1]
        trend = avg_annual_growth(Q(a.value, a.unit, f"{y0}年单位产品综合能耗"),
                                  Q(b.value, b.unit, f"{y1}年单位产品综合能耗"), y1 - y0,
                                  name="单位产品综合能耗年均变化率")
    return EnergyTable(out, total, unit_value, pname, punit, trend, problems, per_product, per_value)


def _energy_per_product(project: Any, erows: list[EnergyRow], problems: list[str]) -> dict[str, dict[int, Result | None]]:
    """单位产品综合能耗 of every product: Σ of each carrier's kgce allocated by its row's rule ÷ output."""
    ys = years(project)
    parts: dict[str, dict[int, list[tuple[str, float]]]] = {str(p["name"]): {y: [] for y in ys} for p in product_rows(project)}
    blocked: set[int] = set()
    for er in erows:
        got, why, rule = alloc.allocate(project, er.source_row, er.kgce)
        problems.extend(f"{er.name}：{w}" for w in why)
        if not got:
            blocked.update(ys)
        for pname, by_year in got.items():
            for y, x in by_year.items():
                if pname in parts and x is not None:
                    parts[pname][y].append((er.name + ("" if rule == "计量" else f"（{rule}）"), x))
                elif x is None and er.kgce.get(y) is not None:
                    blocked.add(y)
    out: dict[str, dict[int, Result | None]] = {}
    for p in product_rows(project):
        name, unit = str(p["name"]), str(p.get("unit") or "")
        out[name] = {}
        for y in ys:
            items = parts[name][y]
            out[name][y] = None
            if y in blocked or not items:
                continue
            s = sum(x for _n, x in items)
            try:
                r = ratio(Q(s, "kgce", f"{y}年{name}分摊的综合能耗"), Q((p.get("output") or {}).get(y), unit, f"{y}年{name}产量"),
                          name=f"{y}年单位{name}综合能耗", unit=f"kgce/{unit}")
            except CalcError as exc:
                problems.append(str(exc))
                continue
            detail = "；".join(f"{n} {fmt(x)} kgce" for n, x in items)
            out[name][y] = attrs.evolve(r, trace=attrs.evolve(r.trace, notes=(*r.trace.notes, f"分摊的综合能耗：{detail}")))
    return out


Coefficient = en.Coefficient
