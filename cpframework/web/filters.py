"""Jinja filters: values as the CLI and the report print them."""
from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any


def show(value: Any) -> str:
    """Numbers by the report's rule (no scientific notation, ≤ 4 decimals), 是/否, blank for missing."""
    from cpframework.web.services import show as core_show

    if value is None:
        return ""
    try:
        import pandas as pd

        if value is pd.NA or (not isinstance(value, (str, bytes)) and pd.isna(value)):
            return ""
    except (TypeError, ValueError):
        pass
    if isinstance(value, float) and math.isnan(value):
        return ""
    if hasattr(value, "item") and not isinstance(value, str):  # numpy scalars
        value = value.item()
    return core_show(value)


_CELL = re.compile(r"^[A-Z]{1,3}$")


def cell_ref(problem: Any) -> str:
    """``C12`` when the problem names a column letter and a row; otherwise ''."""
    col = str(problem.column or "")
    if problem.row is not None and _CELL.match(col):
        return f"{col}{problem.row}"
    return ""


def mb(n: int) -> str:
    return f"{n / 1048576:.0f} MB"


def when(ts: float | None) -> str:
    return dt.datetime.fromtimestamp(ts).strftime("%Y-%m-%d %H:%M:%S") if ts else ""


def pct(x: float | None) -> str:
    return "" if x is None else f"{x * 100:.0f}%"


def install(env: Any) -> None:
    env.filters.update(show=show, cell_ref=cell_ref, mb=mb, when=when, pct=pct)
