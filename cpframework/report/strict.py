"""Strict structuring for the report's data records (report kinds, typesetting profiles).

The one data-file loader (:func:`cpframework.host.loader.structure`) names the file, the key path and
"did you mean"; cattrs alone would turn ``bold = "false"`` into ``True`` and ``subtitle = ["a"]`` into
the text ``['a']``.  :func:`strict_records` registers, for the given attrs classes only, structure hooks
that accept exactly the TOML type a field declares (text, true/false, integer, number, lists of them)
and explain a mismatch in Chinese.  :func:`invalid` lets a validator or a post-structure check report
a problem at a key path through the same error path.
"""
from __future__ import annotations

import types
import typing
from collections.abc import Callable, Mapping
from typing import Any

import attrs
from cattrs import AttributeValidationNote, IterableValidationNote
from cattrs.errors import ClassValidationError, IterableValidationError
from cattrs.gen import make_dict_structure_fn, override

from cpframework.host.loader import CONVERTER

_NAMES = {str: "文字（用引号括起）", bool: " true 或 false", int: "整数", float: "数值"}


def _scalar(kind: type) -> Callable[[Any, Any], Any]:
    def hook(value: Any, _type: Any) -> Any:
        ok = isinstance(value, kind) and not (kind in (int, float) and isinstance(value, bool))
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            return float(value)
        if not ok:
            raise ValueError(f"应为{_NAMES[kind]}，实为「{value!r}」")
        return value
    return hook


def _sequence(item: Callable[[Any, Any], Any], kind: type) -> Callable[[Any, Any], Any]:
    def hook(value: Any, _type: Any) -> tuple[Any, ...]:
        if not isinstance(value, list):
            raise ValueError(f"应为{_NAMES[kind]}的列表（[…]），实为「{value!r}」")
        out, errors = [], []
        for i, x in enumerate(value):
            try:
                out.append(item(x, kind))
            except ValueError as exc:
                exc.__notes__ = [IterableValidationNote(f"第 {i + 1} 项", i, kind)]
                errors.append(exc)
        if errors:
            raise IterableValidationError("列表中有错误", errors, tuple)
        return tuple(out)
    return hook


def _hook_for(tp: Any) -> Callable[[Any, Any], Any] | None:
    """A strict hook for ``str``, ``bool``, ``int``, ``float``, ``X | None`` and ``tuple[X, ...]``."""
    if tp in _NAMES:
        return _scalar(tp)
    args = typing.get_args(tp)
    if isinstance(tp, types.UnionType) or typing.get_origin(tp) is typing.Union:
        rest = [a for a in args if a is not type(None)]
        return _hook_for(rest[0]) if len(rest) == 1 else None
    if typing.get_origin(tp) is tuple and len(args) == 2 and args[1] is Ellipsis and args[0] in _NAMES:
        return _sequence(_scalar(args[0]), args[0])
    return None


def _lazy(tp: Any) -> Callable[[Any, Any], Any]:
    """Structure through the converter when called (records may nest and recurse); a tuple of
    records must be a TOML array, a dict of records a table whose keys name the records."""
    origin, args = typing.get_origin(tp), typing.get_args(tp)

    def hook(value: Any, _type: Any) -> Any:
        if origin is tuple and not isinstance(value, list):
            raise ValueError(f"应为表数组或列表（[[…]] 或 [ … ]），实为「{value!r}」")
        if origin is dict and len(args) == 2 and attrs.has(args[1]):
            return _named_records(value, args[1])
        return CONVERTER.structure(value, tp)
    return hook


def _named_records(value: Any, cls: type) -> dict[str, Any]:
    """``[styles.body]``, ``[styles.heading1]`` … → ``{"body": cls(…), …}``, errors at ``styles.body.size``."""
    if not isinstance(value, Mapping):
        raise ValueError(f"应为表（[…] 段），实为「{value!r}」")
    out: dict[str, Any] = {}
    errors: list[Exception] = []
    for key, raw in value.items():
        try:
            out[key] = CONVERTER.structure(raw, cls)
        except Exception as exc:  # noqa: BLE001 - collected and reported with the key, like cattrs does
            exc.__notes__ = [*getattr(exc, "__notes__", []), AttributeValidationNote(str(key), str(key), cls)]
            errors.append(exc)
    if errors:
        raise ClassValidationError("表中有错误", errors, dict)
    return out


def strict_records(*classes: type) -> None:
    """Register strict structure hooks for ``classes`` on the loader's converter.

    A field may bring its own hook as ``attrs.field(metadata={"structure": hook})``.  Other fields that
    are not primitives are structured lazily through the converter (so records may nest and recurse).
    """
    for cls in classes:
        attrs.resolve_types(cls)
        overrides: dict[str, Any] = {}
        for a in attrs.fields(cls):
            hook = a.metadata.get("structure") or _hook_for(a.type) or _lazy(a.type)
            overrides[a.name] = override(struct_hook=hook)
        CONVERTER.register_structure_hook(cls, _table_only(make_dict_structure_fn(cls, CONVERTER, **overrides)))


def _table_only(fn: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
    def hook(value: Any, tp: Any) -> Any:
        if not isinstance(value, Mapping):
            raise ValueError(f"应为表（[…] 段或 {{ 键 = 值 }}），实为「{value!r}」")
        return fn(value, tp)
    return hook


def invalid(cls: type, keypath: str, message: str) -> ClassValidationError:
    """An error at ``keypath`` (``"narrative"``, ``"outline[2].children[0].id"``) inside a ``cls`` record,
    shaped like cattrs' own so that the loader reports it as ``file: <path>.<keypath>：message``."""
    exc = ValueError(message)
    exc.__notes__ = [AttributeValidationNote(message, keypath, str)]
    return ClassValidationError(f"{cls.__name__}.{keypath}：{message}", [exc], cls)


def one_of(choices: Mapping[str, Any] | tuple[str, ...], what: str) -> Callable[[Any, Any, Any], None]:
    """attrs validator: the value is one of ``choices`` (names them in the error)."""
    def check(inst: Any, attribute: Any, value: Any) -> None:
        if value not in choices:
            raise invalid(type(inst), attribute.name, f"无法识别的{what}「{value}」；可选：{'、'.join(choices)}")
    return check


def within(lo: float, hi: float) -> Callable[[Any, Any, Any], None]:
    """attrs validator: ``lo ≤ value ≤ hi`` for a number or each number of a tuple (``None`` passes)."""
    def check(inst: Any, attribute: Any, value: Any) -> None:
        for v in value if isinstance(value, tuple) else (value,):
            if v is not None and not lo <= v <= hi:
                raise invalid(type(inst), attribute.name, f"数值 {v:g} 超出范围 [{lo:g}, {hi:g}]")
    return check
