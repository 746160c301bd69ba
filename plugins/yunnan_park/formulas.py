"""Indicator formulas of the reconstructed 附录C2/附录E.

Generic formulas (``ratio_percent``, ``ratio``, ``growth_average``, ``direct``) come from the core and
are referenced by name in ``data/indicators.toml``.  Where an indicator is the same quantity as a
park_cppc indicator with its own formula, the park_cppc function is *imported and reused*
(``solid_waste_utilisation``, ``co2_intensity_reduction``, ``risk_system_completeness``) — the
"extend another standard" case.  Only the two formulas park_cppc does not have live here.
"""
from __future__ import annotations

from typing import Any

import attrs

from cpf_park_cppc import formulas as _park
from cpf_park_cppc.formulas import risk_system_completeness, solid_waste_utilisation
from cpframework.api import CalcError, Q, Result, Trace, fmt, ratio, show_value


def water_reuse_rate(*, reused: Q, fresh: Q, name: str, **_: Any) -> Result:
    """附录E (6): 重复利用水量 ÷ (重复利用水量 + 新鲜水取用量) × 100%."""
    if reused.value < 0 or fresh.value < 0:
        raise CalcError(f"{name}：用水量不能为负")
    total = Q(reused.value + fresh.value, fresh.unit or reused.unit, f"({reused.label} + {fresh.label})")
    res = ratio(reused, total, name=name, percent=True)
    return Result(res.value, "%", Trace(
        name=name, formula=f"{reused.label} ÷ ({reused.label} + {fresh.label}) × 100%",
        substitution=f"{reused.show()} ÷ ({reused.show()} + {fresh.show()}) × 100%", result=res.trace.result))


def emission_intensity(*, emission: Q, value_added: Q, name: str, **_: Any) -> Result:
    """附录E (9)(10): 排放量 (t) × 1000 ÷ 工业增加值 (万元) → kg/万元."""
    if emission.value < 0:
        raise CalcError(f"{name}：排放量不能为负")
    if not value_added.value > 0:
        raise CalcError(f"{name}：分母“{value_added.label}”为 {fmt(value_added.value)}，须为正数")
    value = emission.value * 1000.0 / value_added.value
    return Result(value, "kg/万元", Trace(
        name=name, formula=f"{emission.label} × 1000 ÷ {value_added.label}",
        substitution=f"{emission.show()} × 1000 kg/t ÷ {value_added.show()}",
        result=show_value(value, "kg/万元")))


def _sig(x: float) -> str:
    return f"{x:.6g}"


def co2_intensity_reduction(**kw: Any) -> Result:
    """park_cppc's formula (附件1 (19), reduction reported as a positive rate), with a trace a reviewer can
    redo: the two intensities are substituted at 6 significant digits (at the 2–3 digits of ``show()`` the
    substitution gave 4.28 % against the printed 4.52 %), and the maintainers' note on the sign is replaced
    by the reader's convention."""
    res = _park.co2_intensity_reduction(**kw)
    c0, v0, c1, v1, n = kw["co2_start"], kw["va_start"], kw["co2_end"], kw["va_end"], int(kw["years"])
    start, end = c0.value / v0.value, c1.value / v1.value
    sub = f"[1 − ({_sig(end)} 吨/万元 ÷ {_sig(start)} 吨/万元)^(1/{n})] × 100%"
    notes = (f"三年前单位工业增加值二氧化碳排放量 = {c0.show()} ÷ {v0.show()} = {_sig(start)} 吨/万元",
             f"当年单位工业增加值二氧化碳排放量 = {c1.show()} ÷ {v1.show()} = {_sig(end)} 吨/万元",
             "削减为正值，增加为负值")
    return attrs.evolve(res, trace=attrs.evolve(res.trace, substitution=sub, notes=notes))


FORMULAS = {
    "water_reuse_rate": water_reuse_rate,
    "emission_intensity": emission_intensity,
    # reused from park_cppc (same quantity, same formula)
    "solid_waste_utilisation": solid_waste_utilisation,
    "co2_intensity_reduction": co2_intensity_reduction,
    "risk_system_completeness": risk_system_completeness,
}
