"""Formulas of 附件1 that are not plain ratios or growth rates (the generic ones live in the core)."""
from __future__ import annotations

import math
from typing import Any

from cpframework.api import CalcError, Q, Result, Trace, avg_annual_reduction, completeness, fmt, ratio


def solid_waste_utilisation(*, used: Q, generated: Q, stock_used: Q | None = None, name: str, **_: Any) -> Result:
    """附件1 (5): 综合利用量 ÷ (产生量 + 综合利用往年贮存量) × 100%."""
    stock = stock_used or Q(0.0, generated.unit, "综合利用往年贮存量")
    base = Q(generated.value + stock.value, generated.unit, f"({generated.label} + {stock.label})")
    res = ratio(used, base, name=name, percent=True)
    return Result(res.value, "%", Trace(
        name=name, formula=f"{used.label} ÷ ({generated.label} + {stock.label}) × 100%",
        substitution=f"{used.show()} ÷ ({generated.show()} + {stock.show()}) × 100%", result=res.trace.result))


def _printed(x: float) -> str:
    """At least four decimals and five significant digits, so a hand calculation from it reproduces the result."""
    if x == 0 or not math.isfinite(x):
        return f"{x:.4f}"
    return f"{x:.{max(4, 4 - math.floor(math.log10(abs(x))))}f}"


def co2_intensity_reduction(*, co2_start: Q, va_start: Q, co2_end: Q, va_end: Q, years: int, name: str,
                            **_: Any) -> Result:
    """附件1 (19), sign resolved: [1 − (当年强度 ÷ 三年前强度)^(1/3)] × 100%, 强度 = CO₂ ÷ 工业增加值.

    The seed prints [(当年/三年前)^(1/3) − 1] × 100%, negative for a reduction, while its
    thresholds (≥3 %, ≥5 %) are positive; we report the reduction as a positive rate (README §解释 1).
    The trace prints the intensities (and each step) at ≥ 4 decimals / 5 significant digits and substitutes those, so a reviewer redoing it
    by hand gets the printed result; the value itself is computed unrounded.
    """
    start = ratio(co2_start, va_start, name="三年前单位工业增加值二氧化碳排放量", unit="吨/万元")
    end = ratio(co2_end, va_end, name="当年单位工业增加值二氧化碳排放量", unit="吨/万元")
    n = int(years)
    res = avg_annual_reduction(Q(start.value, "吨/万元", "三年前强度"), Q(end.value, "吨/万元", "当年强度"), n, name=name)
    s4, e4 = _printed(start.value), _printed(end.value)
    steps = f"[1 − ({e4} ÷ {s4})^(1/{n})] × 100%"
    if float(s4) > 0:
        q = _printed(float(e4) / float(s4))
        steps += f" = [1 − {q}^(1/{n})] × 100% = (1 − {_printed(float(q) ** (1 / n))}) × 100%"
    return Result(res.value, "%", Trace(
        name=name,
        formula=f"[1 − (当年强度 ÷ 三年前强度)^(1/{n})] × 100%，强度即单位工业增加值二氧化碳排放量 = 二氧化碳排放量 ÷ 工业增加值",
        substitution=steps,
        result=res.trace.result,
        notes=(f"三年前强度 = {co2_start.show()} ÷ {va_start.show()} = {s4} 吨/万元",
               f"当年强度 = {co2_end.show()} ÷ {va_end.show()} = {e4} 吨/万元")))


def risk_system_completeness(*, items: list[Q], platform: Q | None, concentrated: bool, name: str,
                             **_: Any) -> Result:
    """附件1 (25): four items at 25 % each; five at 20 % for 化工/电镀/印染 (or concentrated) parks."""
    checks = list(items)
    if concentrated:
        if platform is None:
            raise CalcError(f"{name}：化工、电镀、印染等园区须填写第(5)项“建立环境风险监测预警平台”")
        checks.append(platform)
    res = completeness([bool(q.value) for q in checks], [q.label for q in checks], name=name)
    note = "化工、电镀、印染等园区：5 项，每项 20%" if concentrated else "一般园区：4 项，每项 25%"
    return Result(res.value, "%", Trace(name=name, formula=res.trace.formula, substitution=res.trace.substitution,
                                        result=res.trace.result, notes=(*res.trace.notes, note)))


FORMULAS = {
    "solid_waste_utilisation": solid_waste_utilisation,
    "co2_intensity_reduction": co2_intensity_reduction,
    "risk_system_completeness": risk_system_completeness,
}
__all__ = ["FORMULAS", "fmt"]
