"""Unit conversion from the data table ``data/units.toml``: the factor that turns a number stated in one
unit into the template's unit (``factor("亿元", "万元") == 10000``), or None when the two are not of the
same kind or a unit is unknown.  Units are compared after NFKC (m³ = m3, ％ = %) without spaces; a
quotient ``A/B`` converts both parts (``万t/a`` → ``t/a``; ``t/万元`` → ``kg/元``)."""
from __future__ import annotations

import functools
import unicodedata

from cpframework.calc.tables import units_file


def key(unit: str | None) -> str:
    return unicodedata.normalize("NFKC", str(unit or "")).replace(" ", "").replace("\u3000", "").strip()


@functools.cache
def _table() -> tuple[dict[str, tuple[str, float]], dict[str, str]]:
    doc = units_file()
    units: dict[str, tuple[str, float]] = {}
    for dim in doc.dimension:
        for name, size in dim.units.items():
            units[key(name)] = (dim.name, float(size))
    aliases = {key(a): key(c) for a, c in doc.aliases.items()}
    return units, aliases


def _simple(unit: str) -> tuple[str, float] | None:
    units, aliases = _table()
    k = aliases.get(unit, unit)
    if k in units:
        return units[k]
    low = [c for c in {*units, *aliases} if c.lower() == unit.lower()]  # kwh, KWH: one candidate only
    if len(low) == 1:
        return units[aliases.get(low[0], low[0])]
    return None


def _parse(unit: str) -> tuple[tuple[str, ...], float] | None:
    """``(dimensions, size)`` of a unit, a quotient A/B giving ``(dimA, "/", dimB)``."""
    parts = key(unit).split("/")
    if len(parts) == 1:
        one = _simple(parts[0])
        return ((one[0],), one[1]) if one else None
    if len(parts) == 2:
        num, den = _simple(parts[0]), _simple(parts[1])
        if num and den:
            return (num[0], "/", den[0]), num[1] / den[1]
    return None


def same(a: str | None, b: str | None) -> bool:
    """The same unit, however spelled (吨 = t, m3 = m³, 万元/年 = 万元/a)."""
    if key(a) == key(b):
        return True
    pa, pb = _parse(a or ""), _parse(b or "")
    return bool(pa and pb and pa[0] == pb[0] and abs(pa[1] / pb[1] - 1) < 1e-12)


def factor(stated: str | None, template: str | None) -> float | None:
    """Multiply a number in ``stated`` by this to get it in ``template``; None if it cannot be converted."""
    if key(stated) == key(template):
        return 1.0
    a, b = _parse(stated or ""), _parse(template or "")
    if a is None or b is None or a[0] != b[0]:
        return None
    f = a[1] / b[1]
    rounded = float(f"{f:.12g}")  # 1e8 / 1e4 exactly 10000, not 9999.999999999998
    return rounded


def known(unit: str | None) -> bool:
    return _parse(unit or "") is not None
