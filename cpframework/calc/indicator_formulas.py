"""Generic indicator formulas, offered to every standard by the core's built-in plugin.

Each is called with the indicator's resolved inputs (``Q`` for numbers, ``Q`` with a bool value for
yes/no items, a list of ``Q`` for checklists), its ``params``, and ``name``/``unit`` of the indicator.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from cpframework.calc import (
    Q,
    Result,
    Trace,
    avg_annual_growth,
    avg_annual_reduction,
    completeness,
    ratio,
    show_value,
    yoy_growth,
)


def ratio_percent(*, numerator: Q, denominator: Q, name: str, **_: Any) -> Result:
    """分子 ÷ 分母 × 100%."""
    return ratio(numerator, denominator, name=name, percent=True)


def ratio_plain(*, numerator: Q, denominator: Q, name: str, unit: str = "", factor: float = 1.0, **_: Any) -> Result:
    """分子 ÷ 分母 × factor, in the indicator's unit (e.g. 万元/人, 吨标煤/万元; factor 1000 for m³/m² → L/m²)."""
    return ratio(numerator, denominator, name=name, unit=unit, factor=factor)


def growth_average(*, start: Q, end: Q, years: int, name: str, **_: Any) -> Result:
    """[(末期 ÷ 基期)^(1/n) − 1] × 100%."""
    return avg_annual_growth(start, end, int(years), name=name)


def reduction_average(*, start: Q, end: Q, years: int, name: str, **_: Any) -> Result:
    """[1 − (末期 ÷ 基期)^(1/n)] × 100% — positive when the quantity falls."""
    return avg_annual_reduction(start, end, int(years), name=name)


def growth_yoy(*, previous: Q, current: Q, name: str, **_: Any) -> Result:
    """(当年 − 上年) ÷ 上年 × 100%."""
    return yoy_growth(previous, current, name=name)


def checklist(*, items: Sequence[Q], name: str, **_: Any) -> Result:
    """Completeness of a checklist, equal weights per item."""
    return completeness([bool(q.value) for q in items], [q.label for q in items], name=name)


def direct(*, value: Q, name: str, unit: str = "", **_: Any) -> Result:
    """A value reported as is (a measured rate, a count, a yes/no)."""
    v = value.value
    if isinstance(v, float) and v.is_integer() and unit in ("次", "个", "起", "项"):
        v = int(v)
    return Result(v, unit, Trace(name=name, formula=f"直接取自填报数据“{value.label}”",
                                 substitution=show_value(v, value.unit or unit), result=show_value(v, unit)))


GENERIC: dict[str, Callable[..., Any]] = {
    "ratio_percent": ratio_percent,
    "ratio": ratio_plain,
    "growth_average": growth_average,
    "reduction_average": reduction_average,
    "growth_yoy": growth_yoy,
    "checklist": checklist,
    "direct": direct,
}
