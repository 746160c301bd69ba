"""Batch screening (批量筛查) of many enterprises from one CSV / Excel / Parquet file.

How a standard supports screening — a *screener* is a module with::

    STANDARD: str                       # the standard id it serves
    TITLE: str                          # Chinese, for help and messages
    COLUMNS: tuple[Column, ...]         # documented input columns (``cpaudit screen --columns ID``)
    def options(raw: dict[str, str]) -> Any          # --option key=value → validated options
    def partial(frame, opts, *, offset=0, source="") -> DataFrame
        # row-local work on one chunk/partition of the input (rows in, rows out); never needs other rows
    def combine(parts: DataFrame, opts) -> ScreenResult
        # the global step over the concatenated partials (per-enterprise selection, sorts, distributions)

so that ``screen(frame) == combine(partial(frame))`` and, chunked, ``combine(concat(partial(c) for c in chunks))``
— the same code runs on pandas chunks or on Dask partitions (``engine.py``).

Lookup (:func:`screener`): the module ``screening`` inside the plugin package that owns the standard
(``cpf_industry_cppc.screening``, ``cpf_yunnan_park.screening``).  The core holds only the generic parts
(reading, the vectorised 通则 kernel, writing); a new standard joins by shipping that module.
"""
from __future__ import annotations

import importlib
import importlib.util
from types import ModuleType
from typing import Any

import attrs

from cpframework.errors import InputError, UsageError

class ScreenError(InputError):
    """Bad screening input (missing column, unreadable cell, wrong encoding …): exit code 1."""


@attrs.frozen
class Column:
    name: str                      # header as written in the file (Chinese)
    meaning: str
    required: bool = True
    aliases: tuple[str, ...] = ()  # other accepted headers (e.g. English ids)


@attrs.frozen
class Table:
    title: str   # Chinese: sheet name / file suffix text
    frame: Any   # pandas DataFrame, Chinese column headers


@attrs.define
class ScreenResult:
    """Named output tables (the first is the per-enterprise table) and notes for the terminal."""

    standard: str
    tables: dict[str, Table]
    notes: list[str] = attrs.field(factory=list)


def screener(std_id: str, registry: Any = None) -> ModuleType:
    """The screening module of a standard; UsageError (exit 2) for unknown or unsupported standards."""
    if registry is None:
        from cpframework.host.registry import get_registry

        registry = get_registry()
    infos = registry.infos()
    if std_id not in infos:
        registry.standard(std_id)  # raises the registry's Chinese message (close matches, available ids)
    package = (infos[std_id][1].module or "").split(".")[0]
    if package and importlib.util.find_spec(f"{package}.screening") is not None:
        mod = importlib.import_module(f"{package}.screening")
        if all(hasattr(mod, a) for a in ("partial", "combine", "COLUMNS", "options")):
            return mod
    supported = "、".join(supported_ids(registry))
    raise UsageError(f"标准“{std_id}”不支持批量筛查（其插件没有 screening 模块）。支持批量筛查的标准：{supported}")


def supported_ids(registry: Any) -> list[str]:
    out = []
    for std_id, (_info, rec) in registry.infos().items():
        package = (rec.module or "").split(".")[0]
        if package and importlib.util.find_spec(f"{package}.screening") is not None:
            out.append(std_id)
    return sorted(out)


def screen(mod: ModuleType, frame: Any, opts: Any, *, source: str = "", chunksize: int | None = 200_000) -> ScreenResult:
    """Whole input in memory: ``combine(concat(partial(block) for block in blocks))`` — the CLI's path, with
    blocks of ``chunksize`` rows (None = one block) so the row-local temporaries stay small."""
    import pandas as pd

    if not chunksize or len(frame) <= chunksize:
        return mod.combine(mod.partial(frame, opts, offset=0, source=source), opts)
    parts = [mod.partial(frame.iloc[i:i + chunksize], opts, offset=i, source=source)
             for i in range(0, len(frame), chunksize)]
    return mod.combine(pd.concat(parts, ignore_index=True), opts)


def columns_help(mod: ModuleType) -> str:
    lines = [f"{mod.TITLE}（{mod.STANDARD}）输入列："]
    for c in mod.COLUMNS:
        alias = f"（也可写 {'、'.join(c.aliases)}）" if c.aliases else ""
        lines.append(f"  {c.name}{alias}{'' if c.required else '［可选］'}：{c.meaning}")
    return "\n".join(lines)
