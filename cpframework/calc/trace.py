"""Results that explain themselves: every calculation returns a value *and* its trace.

A :class:`Trace` is what a standard means by "计算过程": the formula in words, the values
substituted with their units, and the result with its unit.  Reports print it verbatim.
"""
from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import attrs

from cpframework.errors import CalcError


@attrs.frozen
class Q:
    """An input quantity: value, unit and the label a reader knows it by."""

    value: float
    unit: str = ""
    label: str = ""

    def show(self, number: Callable[[float], str] | None = None) -> str:
        """The value as printed (``number`` formats it; :func:`fmt` by default) with its unit."""
        return f"{(number or fmt)(self.value)}{(' ' + self.unit) if self.unit else ''}"


@attrs.frozen
class Trace:
    name: str
    formula: str
    substitution: str
    result: str
    notes: tuple[str, ...] = ()

    def lines(self) -> list[str]:
        out = [f"{self.name}：{self.formula}", f"代入：{self.substitution}", f"结果：{self.result}"]
        out.extend(self.notes)
        return out

    def text(self) -> str:
        return "\n".join(self.lines())

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "formula": self.formula, "substitution": self.substitution,
                "result": self.result, "notes": list(self.notes)}


@attrs.frozen
class Result:
    value: Any
    unit: str
    trace: Trace

    def __attrs_post_init__(self) -> None:
        v = self.value  # an overflow (1e308 × 100) or 0/0 must never be graded: no result rests on it
        if isinstance(v, (int, float)) and not isinstance(v, bool) and not math.isfinite(v):
            what = "无穷大" if math.isinf(v) else "无法确定的数"
            raise CalcError(f"“{self.trace.name}”的计算结果是{what}（输入数值过大、过小或单位有误），请检查输入数据")

    def show(self) -> str:
        return show_value(self.value, self.unit)


def fmt(x: Any, digits: int = 4) -> str:
    """Format a number for people: no scientific notation, at most ``digits`` decimals, no trailing zeros."""
    if x is None:
        return "—"
    if isinstance(x, bool):
        return "是" if x else "否"
    if isinstance(x, int):
        return f"{x:,}" if abs(x) >= 10000 else str(x)
    if isinstance(x, float) and (math.isnan(x) or math.isinf(x)):
        return "—"
    x = float(x)
    if x == 0:
        return "0"
    mag = abs(x)
    if mag >= 100:
        d = 2
    elif mag >= 1:
        d = 2
    else:
        d = max(digits, -int(math.floor(math.log10(mag))) + digits - 1)
        d = min(d, 10)
    s = f"{x:,.{d}f}" if mag >= 10000 else f"{x:.{d}f}"
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return s


def show_value(value: Any, unit: str = "") -> str:
    """A value as a reader sees it: 是/否, 2025年3月3日, numbers by :func:`fmt` with the unit, text as is."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, str):
        return value
    if hasattr(value, "strftime"):
        return f"{value.year}年{value.month}月{value.day}日"
    text = fmt(value)
    if value is None or not unit or unit in ("—", "-"):
        return text
    return f"{text} {unit}" if unit != "%" else f"{text}%"


def substituted(render: Callable[[Callable[[float], str]], str], result: str,
                shown: Callable[[float], str] = fmt) -> str:
    """A trace's substitution printed so that a reviewer redoing it gets ``result`` to its last digit.

    ``render`` builds the substitution from a number format: ``lambda n: f"{n(a)} ÷ {n(b)} × 100%"``.  The
    values are printed as ``shown`` prints them (tables use :func:`fmt`), with as many more decimals as
    the printed arithmetic needs to give the printed result (:mod:`cpframework.calc.redo`).
    """
    from cpframework.calc.redo import fit_substitution

    return fit_substitution(render, result, shown)


def check_finite(q: Q) -> None:
    if q.value is None or (isinstance(q.value, float) and (math.isnan(q.value) or math.isinf(q.value))):
        raise CalcError(f"{q.label or '输入值'}缺失或不是有效数值")
