"""Reading one cell of a data table: the field's type, "no value" markers, numbers as Excel stores them
(percentage formats), thousands separators and ambiguous decimal commas, and the unit a cell or header
states (converted into the template's unit with :mod:`cpframework.calc.units`, or refused).

Used by the workbook reader (:mod:`cpframework.project.workbook`) and by CSV imports, so a value
means the same wherever it comes from.
"""
from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from typing import Any

from cpframework.io.safe_write import unsafe_cell
from cpframework.io.values import (
    clean_text,
    is_na_marker,
    parse_number,
    percent_format,
    scaled_percent,
    strip_invisible,
)
from cpframework.model import Field, Item

_TRUE = {"是", "有", "具备", "达标", "y", "yes", "true", "1", "√", "✓"}
_FALSE = {"否", "无", "不具备", "未达标", "n", "no", "false", "0", "×"}

# Units of amounts that cannot be negative (mass, volume, energy, counts of things).  A field with one of
# these units and no explicit ``min`` gets ``min = 0``; a field that may be negative declares its ``min``.
_AMOUNT_UNIT = re.compile(r"^(t|kg|g|万t|万吨|吨|千克|m3|m³|万m3|万m³|L|kWh|万kWh|MWh|GWh|kW·h|万kW·h|tce|kgce|万tce|"
                          r"吨标准煤|GJ|MJ|TJ|个|台|套|人|家|项|次|座|辆|台套|hm2|hm²|km2|km²|m2|m²|亩|公顷)"
                          r"(/(a|年|d|日|h|月))?$")


def is_amount_unit(unit: str) -> bool:
    return bool(_AMOUNT_UNIT.match(unicodedata.normalize("NFKC", unit or "").replace(" ", "")))


NUMERIC = ("number", "integer", "percent", "year")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def is_percent(spec: Field | Item) -> bool:
    return spec.type == "percent" or spec.unit.strip() in ("%", "％")


def parse_cell(raw: Any, spec: Field | Item, label: str, *, number_format: str | None = None,
               factor: float = 1.0) -> tuple[Any, str | None]:
    """Coerce a cell to the field's type: ``(value, None)`` or ``(None, Chinese problem text)``.

    Empty cells and "no value" markers (``#N/A``, ``NULL``, ``-`` …, see :func:`is_missing_marker`)
    give ``(None, None)``: missing.  ``number_format``: the cell's Excel format — a percentage-formatted
    cell stores 0.04 for what the user sees as 4 %.  ``factor``: the unit conversion of the cell's
    stated unit into the template's (applied before the bounds are checked)."""
    if raw is None or (isinstance(raw, str) and not strip_invisible(raw).strip()):
        return None, None
    raw = unsafe_cell(raw)
    kind = spec.type
    if is_missing_marker(raw, spec):
        return None, None
    if kind in NUMERIC:
        if isinstance(raw, (dt.date, dt.time, dt.timedelta)):
            return None, f"应为数字，实际为日期/时间“{raw}”"
        pct = is_percent(spec)
        value, err = parse_number(raw, percent=pct)
        if err:
            return None, err
        if value is None:
            return None, None
        if isinstance(raw, (int, float)) and percent_format(number_format):
            if not pct:
                return None, (f"单元格格式为百分比（显示为 {scaled_percent(value):g}%），但这一项的单位是"
                              f"“{spec.unit or '无单位'}”，不是百分数；请把单元格格式改为“常规”或“数值”后按单位填写")
            value = scaled_percent(value)  # what the user sees: 0.04 shown as 4%
        if factor != 1.0:
            value = float(f"{value * factor:.15g}")
        if kind in ("integer", "year"):
            if not value.is_integer():
                return None, f"应为整数，实际为 {raw}" + (f"（换算后为 {value:g}）" if factor != 1.0 else "")
            value = int(value)
        lo = spec.min if spec.min is not None else (0 if kind == "percent" or is_amount_unit(spec.unit) else None)
        hi = spec.max if spec.max is not None else (100 if kind == "percent" else None)
        if kind == "year":
            lo, hi = (lo if lo is not None else 1900), (hi if hi is not None else 2100)
        if lo is not None and value < lo:
            if lo == 0 and spec.min is None and kind != "percent":
                return None, f"取值 {raw} 为负数；单位为“{spec.unit}”的数量不能为负"
            return None, f"取值 {raw} 小于允许的最小值 {lo:g}"
        if hi is not None and value > hi:
            return None, f"取值 {raw} 大于允许的最大值 {hi:g}"
        return value, None
    if kind == "bool":
        text = strip_invisible(unicodedata.normalize("NFKC", str(raw))).strip().lower()
        if raw is True or text in _TRUE:
            return True, None
        if raw is False or text in _FALSE:
            return False, None
        return None, f"应填“是”或“否”，实际为“{raw}”"
    if kind == "date":
        if isinstance(raw, dt.datetime):
            return raw.date(), None
        if isinstance(raw, dt.date):
            return raw, None
        m = re.match(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*(?:[-/.月]\s*(\d{1,2})\s*日?)?\s*$",
                     unicodedata.normalize("NFKC", strip_invisible(str(raw))))
        if m:
            try:
                return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3) or 1)), None
            except ValueError:
                pass
        return None, f"应为日期（如 2024-03-15），实际为“{raw}”"
    text = clean_text(raw) if isinstance(raw, str) else unicodedata.normalize("NFKC", str(raw)).strip()
    if kind == "choice" and spec.choices:
        if text not in spec.choices:
            alt = unicodedata.normalize("NFKC", text)
            hit = next((c for c in spec.choices if unicodedata.normalize("NFKC", c) == alt), None)
            if hit is not None:
                return hit, None
            close = difflib.get_close_matches(text, list(spec.choices), n=1)
            hint = f"，是否想填“{close[0]}”？" if close else ""
            return None, f"“{raw}”不是可选值（{'、'.join(spec.choices)}）{hint}"
    return text, None


def is_missing_marker(raw: Any, spec: Field | Item) -> bool:
    """A "no value" marker (``#N/A``, ``NULL``, ``None``, ``nan``; in number, date and yes/no cells also
    ``-``, ``—``, ``/``) that is not one of the field's choices: missing, never text, 0 or infinity."""
    if not is_na_marker(raw, dashes=spec.type not in ("text", "choice")):
        return False
    return not (spec.type == "choice" and isinstance(raw, str) and raw.strip() in spec.choices)


def control_characters(raw: Any) -> list[str]:
    """Control characters in a text cell (Word cannot hold them; the report drops or breaks the line)."""
    return sorted({f"U+{ord(c):04X}" for c in _CONTROL.findall(raw)}) if isinstance(raw, str) else []


_UNIT_HEAD = re.compile(r"^(.*?)\(([^()]*)\)$")


def split_unit(header: str) -> tuple[str, str]:
    """``"2024年产量(万t)"`` → ``("2024年产量", "万t")`` (a normalised header; no unit → ``""``)."""
    m = _UNIT_HEAD.match(header)
    return (m.group(1), m.group(2)) if m else (header, "")


def unit_factor(stated: Any, spec: Field | Item) -> tuple[float | None, str]:
    """``(factor, note)`` to read a number stated in unit ``stated`` in the template unit of ``spec``:
    ``(1.0, "")`` when they agree or nothing is stated, ``(f, note)`` for a known conversion, ``(None,
    reason)`` when it cannot be converted."""
    from cpframework.calc import units

    text = unicodedata.normalize("NFKC", strip_invisible(str(stated or ""))).strip()
    if spec.type not in NUMERIC or spec.type == "year" or not text or units.same(text, spec.unit):
        return 1.0, ""
    if not spec.unit:
        return None, f"单位“{text}”：这一项按模板没有单位（为纯数值），无法换算；请删去单位，按纯数值填写"
    f = units.factor(text, spec.unit)
    if f is None:
        why = "无法识别的单位" if not units.known(text) else "与模板单位不是同一类量"
        return None, (f"单位“{text}”与模板单位“{spec.unit}”不同，且无法换算（{why}）；"
                      f"请把单位改回“{spec.unit}”，并按该单位填写数值")
    return f, f"单位为“{text}”，已按 1 {text} = {f:g} {spec.unit} 换算为模板单位“{spec.unit}”"
