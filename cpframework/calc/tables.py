"""Loading the shipped TOML data tables with Chinese errors naming the file and the key path.

Tables live in ``cpframework/calc/data``; a project may pass its own file path instead.
"""
from __future__ import annotations

import math
import tomllib
from pathlib import Path
from typing import Any

from cpframework.calc.trace import CalcError

DATA_DIR = Path(__file__).parent / "data"


def data_path(name: str | Path) -> Path:
    """A bare file name resolves inside the package data folder; anything else is used as given."""
    p = Path(name)
    return p if (p.is_absolute() or p.parent != Path(".")) else DATA_DIR / p


def load_toml(name: str | Path) -> dict[str, Any]:
    """Read a TOML file; a missing or malformed file raises :class:`CalcError` naming it."""
    path = data_path(name)
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise CalcError(f"数据文件不存在：{path}") from None
    except tomllib.TOMLDecodeError as exc:
        raise CalcError(f"数据文件 {path} 格式错误：{exc}") from None
    except RecursionError:
        raise CalcError(f"数据文件 {path} 中数组或表的嵌套层次过深，无法读取") from None


def records(doc: dict[str, Any], key: str, path: Path | str) -> list[dict[str, Any]]:
    """The array of tables ``[[key]]``; error names ``file: key``."""
    rows = doc.get(key)
    if not isinstance(rows, list) or not rows or not all(isinstance(r, dict) for r in rows):
        raise CalcError(f"数据文件 {path} 缺少表数组 [[{key}]] 或其格式错误")
    return rows


def field(row: dict[str, Any], key: str, where: str, kind: type | tuple[type, ...] = str,
          *, required: bool = True, default: Any = None) -> Any:
    """One field of a record, type-checked; ``where`` is the key path shown in the error."""
    if key not in row:
        if required:
            raise CalcError(f"{where} 缺少字段“{key}”")
        return default
    value = row[key]
    kinds = kind if isinstance(kind, tuple) else (kind,)
    if float in kinds and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if isinstance(value, bool) and bool not in kinds or not isinstance(value, kinds):
        raise CalcError(f"{where}.{key} 的值 {value!r} 类型不对")
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        raise CalcError(f"{where}.{key} 不是有效数值")
    return value
