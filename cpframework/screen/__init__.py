"""Batch screening (批量筛查) of many enterprises from one CSV / Excel / Parquet file.

A standard supports screening by declaring a :class:`cpframework.model.Screener` record through the
``cpf_screeners`` hook (``DataPlugin(screener=".screening:SCREENER")``): its documented input columns,
``--option`` keys, and two functions::

    partial(frame, opts, *, offset=0, source="") -> DataFrame
        # row-local work on one chunk/partition of the input (rows in, rows out); never needs other rows
    combine(parts: DataFrame, opts) -> ScreenResult
        # the global step over the concatenated partials (per-enterprise selection, sorts, distributions)

so that ``screen(frame) == combine(partial(frame))`` and, chunked, ``combine(concat(partial(c) for c in chunks))``
— the same code runs on pandas chunks or on Dask partitions (``engine.py``).  Grading inside ``partial``
uses the core's grading methods (:mod:`cpframework.calc.grading`), the very code ``evaluate`` runs.
The core holds only the generic parts (reading, writing, the engines); a new standard joins by declaring
its screener.
"""
from __future__ import annotations

from typing import Any

import attrs

from cpframework.errors import InputError, UsageError
from cpframework.model import Screener


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


def screener(std_id: str, registry: Any = None) -> Screener:
    """The screener of a standard; UsageError (exit 2) for unknown or unsupported standards."""
    if registry is None:
        from cpframework.host.registry import get_registry

        registry = get_registry()
    infos = registry.infos()
    if std_id not in infos:
        registry.standard(std_id)  # raises the registry's Chinese message (close matches, available ids)
    found = registry.screener(std_id)
    if found is not None:
        return found
    supported = "、".join(supported_ids(registry)) or "（无）"
    raise UsageError(f"标准“{std_id}”不支持批量筛查（其插件没有声明批量筛查）。支持批量筛查的标准：{supported}")


def supported_ids(registry: Any) -> list[str]:
    return sorted(s for s in registry.infos() if registry.screener(s) is not None)


def screen(mod: Screener, frame: Any, opts: Any, *, source: str = "", chunksize: int | None = 200_000) -> ScreenResult:
    """Whole input in memory: ``combine(concat(partial(block) for block in blocks))`` — the CLI's path, with
    blocks of ``chunksize`` rows (None = one block) so the row-local temporaries stay small."""
    from cpframework.screen.common import gather

    if not chunksize or len(frame) <= chunksize:
        return mod.combine(mod.partial(frame, opts, offset=0, source=source), opts)
    parts = [mod.partial(frame.iloc[i:i + chunksize], opts, offset=i, source=source)
             for i in range(0, len(frame), chunksize)]
    return mod.combine(gather(parts), opts)


def columns_help(mod: Screener) -> str:
    lines = [f"{mod.title}（{mod.standard}）输入列："]
    for c in mod.columns:
        alias = f"（也可写 {'、'.join(c.aliases)}）" if c.aliases else ""
        lines.append(f"  {c.name}{alias}{'' if c.required else '［可选］'}：{c.meaning}")
    return "\n".join(lines)
