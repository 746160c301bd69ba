"""The one cattrs converter of the data-file loader: strict TOML types, thresholds, unions, arrays.

TOML values are typed, so the converter is too: ``"1.2"`` is not a number, ``"false"`` is not false,
``2.5`` is not an integer and ``"温室气体"`` is not an array (cattrs would iterate it into characters).
A failing hook raises ``ValueError`` with a Chinese message, which the loader prints at its key path.
"""
from __future__ import annotations

import math
import re
from collections.abc import MutableSequence, Sequence
from datetime import date, datetime
from types import UnionType
from typing import Any, Union, cast, get_args, get_origin

import attrs
import cattrs
from cattrs.cols import homogenous_tuple_structure_factory, list_structure_factory

from cpframework.model import Threshold

_THRESHOLD_RE = re.compile(r"^\s*(>=|<=|>|<|==|≥|≤|=)\s*(-?\d+(?:\.\d+)?)\s*$")
_YES_WORDS = {"具备", "达标", "是", "有", "建立", "全部完成"}
_NO_WORDS = {"不具备", "否", "无"}


def parse_threshold(raw: Any) -> Threshold:
    """``">=30"``, ``"≤0.5"``, ``"==0"`` → numeric; ``"具备"``/``"达标"`` → yes/no; a dict passes through."""
    if isinstance(raw, dict):
        return Threshold(op=raw["op"], value=raw["value"])
    if isinstance(raw, bool):
        return Threshold(op="is", value=raw)
    if isinstance(raw, (int, float)):
        return Threshold(op=">=", value=raw)
    if isinstance(raw, str):
        text = raw.strip()
        if text in _YES_WORDS:
            return Threshold(op="is", value=True)
        if text in _NO_WORDS:
            return Threshold(op="is", value=False)
        m = _THRESHOLD_RE.match(text)
        if m:
            op = {"≥": ">=", "≤": "<=", "=": "=="}.get(m.group(1), m.group(1))
            return Threshold(op=cast(Any, op), value=float(m.group(2)))
    raise ValueError(f"无法识别的阈值“{raw}”，应写成“>=30”“<=0.5”“==0”或“具备”“达标”")


_PRIMITIVES: dict[type, str] = {str: "文本", int: "整数", float: "数值", bool: "true 或 false", date: "日期（如 2021-04-01）"}


def _show(raw: Any) -> str:
    if isinstance(raw, str):
        return f"文本“{raw}”"
    if isinstance(raw, bool):
        return f"布尔值 {'true' if raw else 'false'}"
    if isinstance(raw, (int, float)):
        return f"数值 {raw}"
    if isinstance(raw, (list, tuple)):
        return "数组"
    if isinstance(raw, dict):
        return "表"
    if isinstance(raw, date):
        return f"日期 {raw.isoformat()}"
    return str(raw)


def _accepts(kind: type, raw: Any) -> bool:
    if isinstance(raw, bool):
        return kind is bool
    if kind is float:
        return isinstance(raw, (int, float))
    if kind is date:
        return isinstance(raw, date) and not isinstance(raw, datetime)
    return isinstance(raw, kind)


def _primitive(kind: type) -> Any:
    """TOML has typed values: ``"1.2"`` is not a number and ``"false"`` is not false."""
    def hook(raw: Any, _t: Any) -> Any:
        if not _accepts(kind, raw):
            raise ValueError(f"应为{_PRIMITIVES[kind]}，现为{_show(raw)}")
        if kind is float:
            raw = float(raw)
            if not math.isfinite(raw):
                raise ValueError("不是有效数值")
        return raw
    return hook


def _simple_union(t: Any) -> bool:
    """A union of primitives and at most one attrs class (a table in TOML)."""
    args = get_args(t) if get_origin(t) in (Union, UnionType) else ()
    records = [a for a in args if attrs.has(a)]
    return bool(args) and len(records) <= 1 and all(
        a in _PRIMITIVES or a is type(None) or attrs.has(a) for a in args)


def _union_hook(raw: Any, t: Any) -> Any:
    """``int | date``, ``str | float``, ``float | None``, ``str | Cell`` …: the member the value is."""
    args = get_args(t)
    if raw is None and type(None) in args:
        return None
    for kind in args:
        if kind in _PRIMITIVES and _accepts(kind, raw):
            return _primitive(kind)(raw, kind)
        if attrs.has(kind) and isinstance(raw, dict):
            return CONVERTER.structure(raw, kind)
    wanted = "或".join(_PRIMITIVES.get(a, "表") for a in args if a is not type(None))
    raise ValueError(f"应为{wanted}，现为{_show(raw)}")


def _is_array(t: Any) -> bool:
    return (get_origin(t) or t) in (list, tuple, set, frozenset, Sequence, MutableSequence)


def _array_factory(t: Any, conv: cattrs.Converter) -> Any:
    """Arrays as cattrs builds them, but a text or a table is not an array (cattrs would iterate it)."""
    origin, args = get_origin(t) or t, get_args(t)
    if origin is tuple and not (len(args) == 2 and args[1] is Ellipsis):
        inner: Any = conv._structure_tuple
    elif origin is tuple:
        inner = homogenous_tuple_structure_factory(t, conv)
    elif origin in (set, frozenset):
        inner = conv._structure_set if origin is set else conv._structure_frozenset
    else:
        inner = list_structure_factory(t, conv)

    def hook(raw: Any, _t: Any) -> Any:
        if isinstance(raw, (str, bytes, dict)):
            raise ValueError(f"应为数组（如 [\"甲\", \"乙\"]），现为{_show(raw)}")
        return inner(raw, t)
    return hook


def make_converter() -> cattrs.Converter:
    conv = cattrs.Converter(forbid_extra_keys=True)
    conv.register_structure_hook(Threshold, lambda raw, _t: parse_threshold(raw))
    conv.register_structure_hook(Any, lambda raw, _t: raw)
    for kind in _PRIMITIVES:
        conv.register_structure_hook(kind, _primitive(kind))
    conv.register_structure_hook_func(_simple_union, _union_hook)
    conv.register_structure_hook_factory(_is_array, _array_factory)
    return conv


CONVERTER = make_converter()
