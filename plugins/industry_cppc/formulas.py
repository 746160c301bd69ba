"""The industry systems' computed indicators (intensities and shares per enterprise), with traces a
reviewer can redo: the substitution prints each summed input as the workbook holds it (not rounded to
two decimals), so dividing the printed numbers gives the printed result."""
from __future__ import annotations

from typing import Any

from cpframework.api import CalcError, Q, Result, Trace, show_value


def _exact(q: Q) -> str:
    x = round(float(q.value), 6)
    text = f"{x:,.6f}".rstrip("0").rstrip(".") if abs(x) >= 10000 else f"{x:.6f}".rstrip("0").rstrip(".")
    return f"{text} {q.unit}" if q.unit else text


def _ratio(numerator: Q, denominator: Q, name: str, unit: str, factor: float, percent: bool) -> Result:
    if denominator.value == 0:
        raise CalcError(f"{denominator.label or '分母'}为 0，无法计算{name}")
    value = numerator.value / denominator.value * factor * (100.0 if percent else 1.0)
    tail = (f" × {show_value(float(factor))}" if factor != 1 else "") + (" × 100%" if percent else "")
    return Result(value, "%" if percent else unit, Trace(
        name=name, formula=f"{numerator.label} ÷ {denominator.label}{tail}",
        substitution=f"{_exact(numerator)} ÷ {_exact(denominator)}{tail}", result=show_value(value, "%" if percent else unit)))


def intensity(*, numerator: Q, denominator: Q, name: str, unit: str = "", factor: float = 1.0, **_: Any) -> Result:
    """Numerator ÷ denominator × factor (e.g. 1000 for t → kg per unit of product)."""
    return _ratio(numerator, denominator, name, unit, float(factor), percent=False)


def share_percent(*, numerator: Q, denominator: Q, name: str, **_: Any) -> Result:
    """Numerator ÷ denominator × 100 % (a part of its whole: bounded by 100 % by definition)."""
    return _ratio(numerator, denominator, name, "%", 1.0, percent=True)


FORMULAS = {"intensity": intensity, "share_percent": share_percent}
