"""Writing the screening result tables (CSV / XLSX / Parquet / JSON) atomically, with spreadsheet text
cells made safe against formulas; reading is :mod:`cpframework.screen.read` (re-exported here)."""
from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from cpframework.io.safe_write import _FORMULA_START, atomic_output, dumps_json, safe_cell
from cpframework.screen import ScreenError, ScreenResult
from cpframework.screen.read import (  # noqa: F401
    EXCEL_MAX_ROWS,
    READ_SUFFIXES,
    TEXT_KEYS,
    input_kind,
    need_pyarrow,
    normalise_frame,
    read_chunks,
)

FORMATS = ("csv", "xlsx", "parquet", "json")
_ILLEGAL = r"[\x00-\x08\x0b\x0c\x0e-\x1f]"  # control characters a spreadsheet cell cannot hold


def output_paths(out: Path, fmt: str, result_keys: list[str],
                 titles: Mapping[str, str] | None = None) -> dict[str, Path]:
    """One file for xlsx/json (a sheet / key per table); for csv/parquet the first table in ``out`` and
    the others beside it as ``<stem>-<table title>.<ext>`` (the key where no title is given)."""
    if fmt in ("xlsx", "json"):
        return {"*": out}
    first, *rest = result_keys

    def name(k: str) -> str:
        return re.sub(r'[\\/:*?"<>|\s]+', "_", (titles or {}).get(k) or k)

    return {first: out, **{k: out.with_name(f"{out.stem}-{name(k)}{out.suffix}") for k in rest}}


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Text cells starting with = + - @ get a leading ' (:func:`cpframework.io.safe_write.safe_cell`);
    only cells that start with such a character are looked at one by one."""
    out = frame
    for col in frame.columns:
        s = frame[col]
        if s.dtype.kind in "biufcmM" or isinstance(s.dtype, pd.CategoricalDtype):
            continue
        text = s.astype("string")
        risky = (text.str.startswith(_FORMULA_START) | text.str.contains(_ILLEGAL, regex=True)).fillna(False)
        risky = risky.to_numpy(bool)
        if risky.any():
            if out is frame:
                out = frame.copy()
            fixed = s.astype(object).to_numpy(copy=True)
            fixed[risky] = [safe_cell(x) for x in fixed[risky]]
            out[col] = fixed
    return out


def write_result(result: ScreenResult, out: Path, fmt: str, *, force: bool = False,
                 inputs: tuple | list = ()) -> list[Path]:
    """Write the tables; refuses (exit code 2) existing files without ``force`` and ``inputs`` always."""
    from cpframework.io.safe_write import check_output

    keys_ = list(result.tables)
    paths = output_paths(out, fmt, keys_, {k: t.title for k, t in result.tables.items()})
    for p in paths.values():
        check_output(p, force, inputs=inputs)
    if fmt == "json":
        with atomic_output(out, overwrite=force) as tmp:
            tmp.write_text(dumps_json(_json(result), indent=1, default=_default), encoding="utf-8")
        return [out]
    if fmt == "xlsx":
        big = [t.title for t in result.tables.values() if len(t.frame) > EXCEL_MAX_ROWS]
        if big:
            raise ScreenError(f"表“{'、'.join(big)}”超过 Excel 的 {EXCEL_MAX_ROWS} 行上限，请改用 --format csv 或 parquet")
        with atomic_output(out, overwrite=force) as tmp:
            with pd.ExcelWriter(tmp, engine="openpyxl") as xw:
                for t in result.tables.values():
                    safe_frame(t.frame).to_excel(xw, sheet_name=t.title[:31], index=False)
        return [out]
    if fmt == "parquet":
        need_pyarrow("写出 Parquet 文件")
    written = []
    for key, path in paths.items():
        frame = result.tables[key].frame
        with atomic_output(path, overwrite=force) as tmp:
            if fmt == "csv":
                safe_frame(frame).to_csv(tmp, index=False, encoding="utf-8-sig")
            else:
                frame.to_parquet(tmp, index=False)
        written.append(path)
    return written


def _default(x: Any) -> Any:
    if isinstance(x, (np.integer,)):
        return int(x)
    if isinstance(x, (np.floating,)):
        return None if np.isnan(x) else float(x)
    if x is pd.NA:
        return None
    return str(x)


def _json(result: ScreenResult) -> dict[str, Any]:
    tables = {}
    for key, t in result.tables.items():
        f = t.frame.astype(object).where(t.frame.notna(), None)
        tables[key] = {"title": t.title, "columns": [str(c) for c in f.columns], "rows": f.to_numpy().tolist()}
    return {"standard": result.standard, "notes": result.notes, "tables": tables}
