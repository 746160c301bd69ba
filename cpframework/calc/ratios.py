"""Ratios, growth rates and checklist completeness (shared by the park indicators and others).

Zero denominators raise :class:`CalcError` naming the quantity; nothing returns inf or NaN.
"""
from __future__ import annotations

from collections.abc import Sequence

from cpframework.calc.trace import CalcError, Q, Result, Trace, check_finite, fmt, show_value, substituted


def ratio(numerator: Q, denominator: Q, *, name: str, unit: str = "", percent: bool = False,
          factor: float = 1.0) -> Result:
    """``numerator / denominator`` × ``factor`` (a unit conversion, e.g. 1000 for m³ → L), × 100 % when
    ``percent``."""
    check_finite(numerator)
    check_finite(denominator)
    if denominator.value == 0:
        raise CalcError(f"{denominator.label or '分母'}为 0，无法计算{name}")
    scale = (100.0 if percent else 1.0) * float(factor)
    value = numerator.value / denominator.value * scale
    unit = "%" if percent else unit
    tail = (f" × {fmt(float(factor))}" if factor != 1 else "") + (" × 100%" if percent else "")
    return Result(value, unit, Trace(
        name=name,
        formula=f"{numerator.label} ÷ {denominator.label}{tail}",
        substitution=substituted(lambda n: f"{numerator.show(n)} ÷ {denominator.show(n)}{tail}",
                                 show_value(value, unit)),
        result=show_value(value, unit),
    ))


def avg_annual_growth(start: Q, end: Q, years: int, *, name: str) -> Result:
    """Average annual growth rate over ``years`` years: ``((end/start)^(1/years) − 1) × 100 %``."""
    check_finite(start)
    check_finite(end)
    if years <= 0:
        raise CalcError(f"{name}的年数必须为正整数，现为 {years}")
    if start.value <= 0:
        raise CalcError(f"{start.label or '基期值'}为 {fmt(start.value)}，须大于 0 才能计算{name}")
    if end.value < 0:
        raise CalcError(f"{end.label or '末期值'}为 {fmt(end.value)}，不能为负，无法计算{name}")
    value = ((end.value / start.value) ** (1.0 / years) - 1.0) * 100.0
    return Result(value, "%", Trace(
        name=name,
        formula=f"[({end.label} ÷ {start.label})^(1/{years}) − 1] × 100%",
        substitution=substituted(lambda n: f"[({end.show(n)} ÷ {start.show(n)})^(1/{years}) − 1] × 100%",
                                 show_value(value, "%")),
        result=show_value(value, "%"),
    ))


def avg_annual_reduction(start: Q, end: Q, years: int, *, name: str) -> Result:
    """Average annual reduction rate: ``[1 − (end/start)^(1/years)] × 100 %`` (positive when falling)."""
    growth = avg_annual_growth(start, end, years, name=name)
    value = -growth.value + 0.0
    return Result(value, "%", Trace(
        name=name,
        formula=f"[1 − ({end.label} ÷ {start.label})^(1/{years})] × 100%",
        substitution=substituted(lambda n: f"[1 − ({end.show(n)} ÷ {start.show(n)})^(1/{years})] × 100%",
                                 show_value(value, "%")),
        result=show_value(value, "%"),
    ))


def yoy_growth(previous: Q, current: Q, *, name: str) -> Result:
    """Year-on-year growth: ``(current − previous) / previous × 100 %``."""
    check_finite(previous)
    check_finite(current)
    if previous.value == 0:
        raise CalcError(f"{previous.label or '上年值'}为 0，无法计算{name}")
    value = (current.value - previous.value) / previous.value * 100.0
    return Result(value, "%", Trace(
        name=name,
        formula=f"({current.label} − {previous.label}) ÷ {previous.label} × 100%",
        substitution=substituted(
            lambda n: f"({current.show(n)} − {previous.show(n)}) ÷ {previous.show(n)} × 100%", show_value(value, "%")),
        result=show_value(value, "%"),
    ))


def completeness(items: Sequence[bool], labels: Sequence[str], *, name: str) -> Result:
    """Checklist completeness with equal item weights: ``(items met / items) × 100 %``."""
    if len(items) == 0:
        raise CalcError(f"{name}没有可核查的项目")
    if len(labels) != len(items):
        raise CalcError(f"{name}的核查项与名称数目不一致")
    met = sum(1 for x in items if bool(x))
    weight = 100.0 / len(items)
    value = met * weight
    detail = "；".join(f"{lab}：{'是' if ok else '否'}" for lab, ok in zip(labels, items))
    return Result(value, "%", Trace(
        name=name,
        formula=f"达到的项数 × {fmt(weight)}%（共 {len(items)} 项，每项权重相同）",
        substitution=f"{met} × {fmt(weight)}%",
        result=show_value(value, "%"),
        notes=(f"逐项：{detail}",),
    ))
