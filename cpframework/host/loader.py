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
import re
import tomllib
from importlib import resources
from pathlib import Path
from types import UnionType
from typing import Any, TypeVar, Union, get_args, get_origin

import attrs
from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError, IterableValidationError

from cpframework.errors import DefinitionError
from cpframework.host.converter import CONVERTER, make_converter, parse_threshold
from cpframework.host.toml_text import toml_error_text
from cpframework.model import CheckRule, Indicator, Input, Stage, StandardInfo, TableSchema

T = TypeVar("T")

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
    if isinstance(path, Path):  # a file of the user's: the one safe reading path (no FIFO, size limit, GBK hint)
        from cpframework.io.safe_read import read_text

        return read_text(path, what, error=DefinitionError)
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
    except RecursionError:
        raise DefinitionError(f"{what} {label} 中数组或表的嵌套层次过深，无法读取") from None


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
        return structure(rows, list[cls], file=label, path="", what=what)  # type: ignore[valid-type]
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

    Layout: ``standard.toml`` (required), ``stages.toml``, ``indicators.toml``, ``tables.toml``, ``rules.toml``,
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
            self._cache[name] = structure(rows, list[cls], file=self.label(name), path=key)  # type: ignore[valid-type]
        return self._cache[name]

    def stages(self) -> list[Stage]:
        return self._records("stages.toml", "stage", Stage)

    def indicators(self) -> list[Indicator]:
        return self._records("indicators.toml", "indicator", Indicator)

    def tables(self) -> list[TableSchema]:
        return self._records("tables.toml", "table", TableSchema)

    def check_rules(self) -> list[CheckRule]:
        return self._records("rules.toml", "rule", CheckRule)

    def report_files(self) -> list[Any]:
        folder = self.root / "reports"
        if not folder.is_dir():
            return []
        return sorted((f for f in folder.iterdir() if f.name.endswith(".toml")), key=lambda f: f.name)

    def file(self, name: str) -> Any:
        return self.root / name


__all__ = ["CONVERTER", "StandardData", "load_csv", "load_data", "make_converter", "parse_threshold", "read_toml",
           "structure", "toml_error_text", "Input"]
