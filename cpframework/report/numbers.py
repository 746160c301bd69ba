"""Numbers in tables as a typesetting policy (``[numbers]`` of the profile), not as each renderer's habit.

* the kind of a column's quantity comes from its unit (``units=`` of the table, or “（单位）” at the end of
  its header): percent, money (万元), energy (tce), mass (t), an intensity (a unit with “/”) …;
* each kind prints a fixed number of decimals, or enough decimals for a number of significant digits;
* every number of a column gets the same decimals (“0.52%” beside “30.16%”, never “0.5204%”);
* one thousands-separator rule: a column whose largest number has ``thousands_min_digits`` integer digits
  groups every number of four digits or more in it;
* booleans print as 是/否; a column of whole numbers (years, counts) prints whole numbers.
"""
from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Any

import attrs

from cpframework.report.strict import within


@attrs.frozen(kw_only=True)
class NumberKind:
    """How one kind of quantity prints: ``decimals`` fixed, or ``significant`` digits for the column's largest."""

    units: tuple[str, ...] = ()
    decimals: int | None = attrs.field(default=None, validator=attrs.validators.optional(within(0, 8)))
    significant: int | None = attrs.field(default=None, validator=attrs.validators.optional(within(1, 10)))


DEFAULT_KINDS = {
    "percent": NumberKind(units=("%", "％"), decimals=2),
    "money": NumberKind(units=("万元", "元", "亿元"), decimals=2),
    "energy": NumberKind(units=("tce", "kgce", "吨标煤", "吨标准煤", "万tce"), decimals=2),
    "mass": NumberKind(units=("t", "吨", "kg", "t/a", "万t", "tCO₂"), decimals=2),
    "intensity": NumberKind(significant=4),   # any unit with “/” (tce/万元, m³/t …)
    "other": NumberKind(significant=4),
}


@attrs.frozen(kw_only=True)
class NumberSpec:
    thousands: str = ","
    thousands_min_digits: int = attrs.field(default=5, validator=within(4, 20))
    max_decimals: int = attrs.field(default=4, validator=within(0, 10))
    true_text: str = "是"
    false_text: str = "否"
    kinds: dict[str, NumberKind] = attrs.field(factory=lambda: dict(DEFAULT_KINDS))

    def kind_of(self, unit: str | None) -> NumberKind:
        unit = (unit or "").strip()
        for _name, kind in self.kinds.items():
            if unit and unit in kind.units:
                return kind
        if "/" in unit and "intensity" in self.kinds:
            return self.kinds["intensity"]
        return self.kinds.get("other", NumberKind(significant=4))


_UNIT_IN_HEADER = re.compile(r"[（(]([^（）()]+)[）)]\s*$")


def header_unit(header_text: Any) -> str | None:
    m = _UNIT_IN_HEADER.search(str(header_text or ""))
    return m.group(1).strip() if m else None


def is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def column_decimals(values: Sequence[float], kind: NumberKind, spec: NumberSpec) -> int:
    """Decimals every number of the column prints with."""
    if all(float(v).is_integer() for v in values):
        return 0
    if kind.decimals is not None:
        return kind.decimals
    sig = kind.significant or 4
    mags = [abs(float(v)) for v in values if v]
    if not mags:
        return 0
    need_big = sig - 1 - math.floor(math.log10(max(mags)))
    need_small = 1 - math.floor(math.log10(min(mags)))   # the smallest keeps two significant digits
    return max(0, min(spec.max_decimals, max(need_big, need_small)))


def format_column(values: Sequence[Any], unit: str | None, spec: NumberSpec) -> list[str | None]:
    """Each number of a column printed by the policy; None where the value is not a number."""
    nums = [float(v) for v in values if is_number(v)]
    if not nums:
        return [None] * len(values)
    d = column_decimals(nums, spec.kind_of(unit), spec)
    group = spec.thousands and max(len(str(int(abs(round(v, d))))) for v in nums) >= spec.thousands_min_digits
    out: list[str | None] = []
    for v in values:
        if not is_number(v):
            out.append(None)
            continue
        text = f"{float(v):.{d}f}"
        if text.lstrip("-").strip("0.") == "":
            text = text.lstrip("-")          # no “−0.00”
        if group:
            whole, _, frac = text.partition(".")
            sign = "-" if whole.startswith("-") else ""
            digits = whole.lstrip("-")
            if len(digits) >= 4:
                digits = f"{int(digits):,}".replace(",", spec.thousands)
            text = sign + digits + (f".{frac}" if frac else "")
        out.append(text)
    return out
