"""Loading a standard's data files (TOML) into the records of :mod:`cpframework.model`.

One cattrs converter with ``forbid_extra_keys``: a typo in a key, a missing key or a wrong type is a
:class:`DefinitionError` naming the file and the path inside it (``indicator[3].thresholds.general``),
in Chinese, with a "did you mean" where a close key exists.
"""
from __future__ import annotations

import difflib
import re
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import attrs
import cattrs
from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError, IterableValidationError

from cpframework.errors import DefinitionError
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


def make_converter() -> cattrs.Converter:
    conv = cattrs.Converter(forbid_extra_keys=True)
    conv.register_structure_hook(Threshold, lambda raw, _t: parse_threshold(raw))
    conv.register_structure_hook(Any, lambda raw, _t: raw)
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
                if name is not None:
                    step = f".{name}"
                    sub_cls = getattr(note, "type", None)
                elif index is not None:
                    step = f"[{index}]"
                    sub_cls = getattr(note, "type", None)
            _flatten(sub, path + step, out, sub_cls)
        return
    out.append(f"{path}：{_describe(exc, cls)}")


def structure(raw: Any, cls: type[T], *, file: str, path: str) -> T:
    """Structure ``raw`` into ``cls`` or raise :class:`DefinitionError` listing every problem."""
    try:
        return CONVERTER.structure(raw, cls)
    except Exception as exc:  # cattrs raises exception groups; flatten them into messages
        msgs: list[str] = []
        _flatten(exc, path, msgs, cls)
        raise DefinitionError(f"定义文件 {file} 有误：\n  " + "\n  ".join(msgs)) from None


def read_toml(path: Path | Any, *, label: str | None = None) -> dict[str, Any]:
    label = label or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DefinitionError(f"找不到定义文件 {label}") from None
    except UnicodeDecodeError:
        raise DefinitionError(f"定义文件 {label} 不是 UTF-8 编码") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DefinitionError(f"定义文件 {label} 不是有效的 TOML：{exc}") from None
    except RecursionError:
        raise DefinitionError(f"定义文件 {label} 中数组或表的嵌套层次过深，无法读取") from None


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


__all__ = ["CONVERTER", "StandardData", "parse_threshold", "read_toml", "structure", "Input"]
