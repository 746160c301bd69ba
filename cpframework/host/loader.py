"""The one loader for data files (TOML): a standard's definitions, the calc data tables, a plugin's
private files.

One cattrs converter with ``forbid_extra_keys`` and strict primitive types: a typo in a key, a missing
key or a wrong type is a :class:`DefinitionError` naming the file and the path inside it
(``indicator[3].thresholds.general``), in Chinese, with a "did you mean" where a close key exists; a
TOML syntax error names the file, the line and the column.

Entry points: :func:`load_data` (a file → an attrs record), :func:`load_csv` (a CSV file → a list of
records), and the parts they are made of, :func:`read_toml` and :func:`structure`.
"""
from __future__ import annotations

import csv
import difflib
import io
import math
import re
import tomllib
from collections.abc import MutableSequence, Sequence
from datetime import date, datetime
from importlib import resources
from pathlib import Path
from types import UnionType
from typing import Any, TypeVar, Union, get_args, get_origin

import attrs
import cattrs
from cattrs.cols import homogenous_tuple_structure_factory, list_structure_factory
from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError, IterableValidationError

from cpframework.errors import DefinitionError
from cpframework.host.toml_text import toml_error_text
from cpframework.model import Indicator, Input, Stage, StandardInfo, TableSchema, Threshold

T = TypeVar("T")

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
            return Threshold(op=op, value=float(m.group(2)))
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


def _describe(exc: BaseException, cls: type | None) -> str:
    if isinstance(exc, ForbiddenExtraKeysError):
        names = sorted(exc.extra_fields)
        allowed = [a.name for a in attrs.fields(exc.cl)] if attrs.has(exc.cl) else []
        hints = []
        for n in names:
            close = difflib.get_close_matches(n, allowed, n=1)
            hints.append(f"“{n}”" + (f"（是否想写“{close[0]}”？）" if close else ""))
        return f"出现未知的键 {'、'.join(hints)}；允许的键：{', '.join(allowed)}"
    if isinstance(exc, KeyError):
        return "缺少必填的键"
    if isinstance(exc, ValueError) and exc.args and isinstance(exc.args[0], str) and not exc.args[0].isascii():
        return exc.args[0]
    if isinstance(exc, (TypeError, ValueError)):
        name = getattr(cls, "__name__", None) or str(cls)
        return f"取值类型或取值不对（应为 {name}）：{exc}"
    return str(exc)


def _flatten(exc: BaseException, path: str, out: list[str], cls: type | None = None) -> None:
    if isinstance(exc, (ClassValidationError, IterableValidationError)):
        for sub in exc.exceptions:
            notes = getattr(sub, "__notes__", []) or []
            step, sub_cls = "", None
            for note in notes:
                name = getattr(note, "name", None)
                index = getattr(note, "index", None)
                if isinstance(index, str):  # a table key (dict[str, …]): a.b, not a[b]
                    name, index = index, None
                if name is not None:
                    step = f".{name}" if path else str(name)
                    sub_cls = getattr(note, "type", None)
                elif index is not None:
                    step = f"[{index}]"
                    sub_cls = getattr(note, "type", None)
            _flatten(sub, path + step, out, sub_cls)
        return
    out.append(f"{path or '（顶层）'}：{_describe(exc, cls)}")


def structure(raw: Any, cls: type[T], *, file: str, path: str, what: str = "定义文件") -> T:
    """Structure ``raw`` into ``cls`` or raise :class:`DefinitionError` listing every problem.

    ``path`` is the key path of ``raw`` inside the file ("" for the whole file); ``what`` names the
    kind of file in the message (定义文件, 数据文件 …)."""
    try:
        return CONVERTER.structure(raw, cls)
    except Exception as exc:  # cattrs raises exception groups; flatten them into messages
        msgs: list[str] = []
        _flatten(exc, path, msgs, cls)
        raise DefinitionError(f"{what} {file} 有误：\n  " + "\n  ".join(msgs)) from None


def _read_text(path: Path | Any, label: str, what: str) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise DefinitionError(f"找不到{what} {label}") from None
    except UnicodeDecodeError:
        raise DefinitionError(f"{what} {label} 不是 UTF-8 编码，请用 UTF-8 另存") from None
    except OSError as exc:
        raise DefinitionError(f"无法读取{what} {label}：{exc.strerror or exc}") from None


def read_toml(path: Path | Any, *, label: str | None = None, what: str = "定义文件") -> dict[str, Any]:
    """Parse a TOML file (a path or an ``importlib.resources`` file); a syntax error names the line."""
    label = label or str(path)
    text = _read_text(path, label, what)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DefinitionError(f"{what} {label} 不是有效的 TOML（{toml_error_text(exc)}）") from None


def _as_file(source: Path | str | Any) -> Any:
    return Path(source) if isinstance(source, str) else source


def load_data(source: Path | str | Any, cls: type[T], *, label: str | None = None, what: str = "数据文件") -> T:
    """Read the TOML file ``source`` (a path, or a file of an installed package from
    ``importlib.resources.files(__package__) / "data" / name``) into the attrs record ``cls``.

    Unknown keys ("did you mean"), missing keys, wrong types and the ``ValueError`` of a validator are
    each reported with the file and the key path; a syntax error with its line and column."""
    source = _as_file(source)
    label = label or str(source)
    return structure(read_toml(source, label=label, what=what), cls, file=label, path="", what=what)


_CSV_BOOL = {"true": True, "false": False, "是": True, "否": False}


def _from_text(text: str, cls: type, name: str) -> Any:
    """A CSV cell as the field's type (numbers, 是/否); left as text when it is not one (then reported)."""
    field = attrs.fields_dict(attrs.resolve_types(cls)).get(name) if attrs.has(cls) else None
    kind = field.type if field is not None else None
    if get_origin(kind) in (Union, UnionType):  # int | None …
        kind = next((a for a in get_args(kind) if a is not type(None)), None)
    try:
        if kind is int:
            return int(text)
        if kind is float:
            return float(text)
    except ValueError:
        return text
    if kind is bool:
        return _CSV_BOOL.get(text.strip().lower(), text)
    return text


def load_csv(source: Path | str | Any, cls: type[T], *, label: str | None = None, what: str = "数据文件") -> list[T]:
    """Read a CSV file (UTF-8, first line = column names = field names of ``cls``) into records.

    Empty cells are left out, so fields with defaults may stay blank; errors name the line."""
    source = _as_file(source)
    label = label or str(source)
    text = _read_text(source, label, what)
    rows: list[dict[str, Any]] = []
    try:
        for row in csv.DictReader(io.StringIO(text, newline="")):
            if None in row:
                raise DefinitionError(f"{what} {label} 第 {len(rows) + 2} 行的单元格多于表头的列数")
            rows.append({k: _from_text(v, cls, k) for k, v in row.items() if v not in (None, "")})
    except csv.Error as exc:
        raise DefinitionError(f"{what} {label} 不是有效的 CSV：{exc}") from None
    try:
        return structure(rows, list[cls], file=label, path="", what=what)
    except DefinitionError as exc:  # "[0]" → "第 2 行" (line 1 is the header)
        text = re.sub(r"^  \[(\d+)\]\.?", lambda m: f"  第 {int(m.group(1)) + 2} 行 ", str(exc), flags=re.M)
        raise DefinitionError(text) from None


def _list(doc: dict[str, Any], key: str, file: str) -> list[dict[str, Any]]:
    value = doc.get(key, [])
    if not isinstance(value, list):
        raise DefinitionError(f"定义文件 {file}：“{key}”应为数组表（[[{key}]]）")
    unknown = set(doc) - {key}
    if unknown:
        raise DefinitionError(f"定义文件 {file}：出现未知的顶层键 {', '.join(sorted(unknown))}，应只有 [[{key}]]")
    return value


def _with_standard(rows: list[dict[str, Any]], standard: str) -> list[dict[str, Any]]:
    return [{"standard": standard, **r} if isinstance(r, dict) else r for r in rows]


@attrs.define
class StandardData:
    """The data folder of a plugin package, loaded lazily and cached.

    Layout: ``standard.toml`` (required), ``stages.toml``, ``indicators.toml``, ``tables.toml``,
    ``reports/<kind>.toml`` and ``typesetting.toml`` (read by :mod:`cpframework.report`).
    """

    package: str
    folder: str = "data"
    _cache: dict[str, Any] = attrs.field(factory=dict)

    @property
    def root(self) -> Any:
        return resources.files(self.package) / self.folder

    def label(self, name: str) -> str:
        return f"{self.package}/{self.folder}/{name}"

    def _load(self, name: str) -> dict[str, Any] | None:
        res = self.root / name
        if not res.is_file():
            return None
        return read_toml(res, label=self.label(name))

    def standard(self) -> StandardInfo:
        if "standard" not in self._cache:
            doc = self._load("standard.toml")
            if doc is None:
                raise DefinitionError(f"找不到定义文件 {self.label('standard.toml')}")
            doc.setdefault("plugin", self.package)
            self._cache["standard"] = structure(doc, StandardInfo, file=self.label("standard.toml"), path="$")
        return self._cache["standard"]

    def _records(self, name: str, key: str, cls: type[T]) -> list[T]:
        if name not in self._cache:
            doc = self._load(name)
            rows = [] if doc is None else _with_standard(_list(doc, key, self.label(name)), self.standard().id)
            self._cache[name] = structure(rows, list[cls], file=self.label(name), path=key)
        return self._cache[name]

    def stages(self) -> list[Stage]:
        return self._records("stages.toml", "stage", Stage)

    def indicators(self) -> list[Indicator]:
        return self._records("indicators.toml", "indicator", Indicator)

    def tables(self) -> list[TableSchema]:
        return self._records("tables.toml", "table", TableSchema)

    def report_files(self) -> list[Any]:
        folder = self.root / "reports"
        if not folder.is_dir():
            return []
        return sorted((f for f in folder.iterdir() if f.name.endswith(".toml")), key=lambda f: f.name)

    def file(self, name: str) -> Any:
        return self.root / name


__all__ = ["CONVERTER", "StandardData", "load_csv", "load_data", "parse_threshold", "read_toml", "structure",
           "toml_error_text", "Input"]
