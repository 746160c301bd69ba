"""6.8.2.4.2 年运行费用节省 itemised: each saved quantity of an option (节电, 节天然气, 节蒸汽, 节水) × the
baseline-year price of that resource (sheet 基准年价格) gives its economic item (节约电费 …), with a trace.
A typed economic item that the quantity × price contradicts beyond rounding to 0.1 万元 (or 0.5 %) is a
check error; the economic items feed the feasibility analysis through their sum (``trust.benefit_problems``).
"""
from __future__ import annotations

from typing import Any

import attrs

from cpframework.api import Result, Trace, show_value, substituted

# quantity item → (resource named in the price sheet, economic item, quantity unit)
PRICED = {"节电": ("电力", "节约电费", "kWh"), "节天然气": ("天然气", "节约燃气费", "m³"),
          "节蒸汽": ("蒸汽", "节约蒸汽费", "t"), "节水": ("新鲜水", "节约水费", "m³")}
ABS_TOL = 0.05   # 万元: a figure printed to 0.1 万元


@attrs.define
class Saving:
    number: str
    basis: str
    quantity_item: str
    econ_item: str
    quantity: float
    price: float
    price_unit: str
    value: Result            # 万元/年
    typed: float | None


def prices(project: Any) -> dict[str, tuple[float, str, int | None]]:
    data = project.tables.get("prices")
    if data is None:
        return {}
    return {str(r["name"]).strip(): (float(r["price"]), str(r.get("unit") or ""), n)
            for r, n in zip(data.rows, data.sheet_rows or [None] * len(data.rows)) if r.get("name") and r.get("price") is not None}


def itemised(project: Any, basis: str = "预期") -> list[Saving]:
    from .rollups import per_option
    pr = prices(project)
    out = []
    for number, items in per_option(project, basis).items():
        for q_item, (resource, econ, qunit) in PRICED.items():
            if q_item not in items or resource not in pr:
                continue
            q = items[q_item]["annual"]
            price, punit, _n = pr[resource]
            value = q * price / 10000.0
            typed = items[econ]["annual"] if econ in items else None
            out.append(Saving(number, basis, q_item, econ, q, price, punit, Result(value, "万元/年", Trace(
                f"{number} {econ}（{basis}）", f"{q_item}量 × 基准年{resource}价格 ÷ 10000",
                substituted(lambda n, q=q, price=price: f"{n(q)} {qunit} × {n(price)} {punit} ÷ 10000",
                            show_value(value, "万元/年")), show_value(value, "万元/年"))), typed))
    return out


def problems(project: Any) -> list[tuple[tuple[str, str, str], str, str]]:
    """((number, basis, item the message belongs to), message, level)."""
    out = []
    for s in itemised(project, "预期") + itemised(project, "核定"):
        if s.typed is None:
            out.append(((s.number, s.basis, s.quantity_item), f"{s.number} 有{s.quantity_item} {s.quantity:g} {PRICED[s.quantity_item][2]}/a（{s.basis}），但没有填写{s.econ_item}："
                                  f"按基准年价格应为 {s.value.value:.2f} 万元/年", "warning"))
        elif abs(s.typed - s.value.value) > max(ABS_TOL, 0.005 * abs(s.value.value)):
            out.append(((s.number, s.basis, s.econ_item), f"{s.number} {s.econ_item}（{s.basis}）填为 {s.typed:g} 万元/年，而 {s.quantity_item} {s.quantity:g} × "
                                  f"基准年价格 {s.price:g} {s.price_unit} = {s.value.value:.2f} 万元/年：请核对数量、价格或效益", "error"))
    return out
