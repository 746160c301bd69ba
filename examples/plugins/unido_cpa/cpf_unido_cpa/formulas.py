"""Indicator formulas with English traces (the report of this standard is in English)."""
from __future__ import annotations

from typing import Any

from cpframework.api import CalcError, Q, Result, Trace, fmt


def _positive(q: Q, name: str) -> None:
    if q.value <= 0:
        raise CalcError(f"{q.label}为 {fmt(q.value)}，须大于 0 才能计算{name}")


def intensity(*, quantity: Q, production: Q, name: str, unit: str = "", factor: float = 1.0, **_: Any) -> Result:
    """Resource use per unit of product: quantity ÷ production × factor (factor converts units, e.g. t → kg)."""
    _positive(production, name)
    value = quantity.value / production.value * factor
    scale = f" × {fmt(factor)}" if factor != 1 else ""
    return Result(value, unit, Trace(name=name, formula=f"{quantity.label} ÷ {production.label}{scale}",
                                     substitution=f"{quantity.show()} ÷ {production.show()}{scale}",
                                     result=f"{fmt(value)} {unit}"))


def material_yield(*, product: Q, raw: Q, name: str, **_: Any) -> Result:
    """Share of raw material that ends up in the product: product ÷ raw material × 100 %."""
    _positive(raw, name)
    value = product.value / raw.value * 100
    return Result(value, "%", Trace(name=name, formula=f"{product.label} ÷ {raw.label} × 100%",
                                    substitution=f"{product.show()} ÷ {raw.show()} × 100%", result=f"{fmt(value)} %"))


FORMULAS = {"intensity": intensity, "material_yield": material_yield}
