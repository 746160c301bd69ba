"""Reading screening inputs in chunks (CSV, Parquet) or whole (Excel) and writing the result tables
(CSV / XLSX / Parquet / JSON) atomically, with spreadsheet text cells made safe against formulas."""
from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from cpframework.io.safe_write import _FORMULA_START, atomic_output, safe_cell
from cpframework.screen import ScreenError, ScreenResult

READ_SUFFIXES = {".csv": "csv", ".txt": "csv", ".xlsx": "xlsx", ".xlsm": "xlsx", ".parquet": "parquet", ".pq": "parquet"}
FORMATS = ("csv", "xlsx", "parquet", "json")
EXCEL_MAX_ROWS = 1_048_575
_ILLEGAL = r"[\x00-\x08\x0b\x0c\x0e-\x1f]"  # control characters a spreadsheet cell cannot hold
TEXT_KEYS = ("企业编号", "ent_id", "企业代码")  # read as text: ids keep leading zeros


def input_kind(path: Path) -> str:
    kind = READ_SUFFIXES.get(path.suffix.lower())
    if kind is None:
        raise ScreenError(f"无法识别输入文件 {path} 的类型：应为 .csv、.xlsx 或 .parquet")
    if not path.is_file():
        raise ScreenError(f"找不到输入文件 {path}")
    return kind


def need_pyarrow(what: str) -> None:
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        raise ScreenError(f"{what}需要 pyarrow，当前环境未安装。请运行：pip install 'cpframework[parquet]'"
                          "（或 pip install pyarrow），或改用 CSV / Excel 文件") from None


def read_chunks(path: Path, *, chunksize: int | None = None, encoding: str | None = None,
                on_progress: Callable[[float], None] | None = None) -> Iterator[tuple[int, pd.DataFrame]]:
    """Yield ``(offset, frame)``: ``offset`` = data rows before this chunk (for row numbers in messages).

    CSV and Parquet are read ``chunksize`` rows at a time (None = whole); Excel is read whole (openpyxl
    has no chunked reader).  ``on_progress(fraction)`` is called after each chunk when the size is known."""
    kind = input_kind(path)
    if kind == "xlsx":
        try:
            frame = pd.read_excel(path, sheet_name=0, dtype={k: str for k in TEXT_KEYS}, engine="openpyxl")
        except Exception as exc:  # zip/xml errors of a damaged file
            raise ScreenError(f"无法读取 Excel 文件 {path}：{exc}") from None
        yield from _split(frame, chunksize)
        return
    if kind == "parquet":
        need_pyarrow("读取 Parquet 文件")
        import pyarrow.parquet as pq

        try:
            pf = pq.ParquetFile(path)
        except Exception as exc:
            raise ScreenError(f"无法读取 Parquet 文件 {path}：{exc}") from None
        total, offset = max(pf.metadata.num_rows, 1), 0
        for batch in _parquet_batches(pf, chunksize or total):
            frame = batch.to_pandas()
            del batch
            yield offset, frame
            offset += len(frame)
            if on_progress:
                on_progress(offset / total)
        return
    yield from _read_csv(path, chunksize, encoding, on_progress)


def _parquet_batches(pf: Any, size: int) -> Iterator[Any]:
    """Arrow tables or batches of ``size`` rows, one row group at a time: ``ParquetFile.iter_batches`` keeps the
    decoded buffers of the whole file until it is exhausted (≈ 50 bytes per row here), a row group read
    whole and sliced frees them group by group.  A row group far larger than a chunk is streamed."""
    for i in range(pf.num_row_groups):
        if pf.metadata.row_group(i).num_rows > max(4 * size, 2_000_000):
            yield from pf.iter_batches(batch_size=size, row_groups=[i])
            continue
        table = pf.read_row_group(i)
        for start in range(0, table.num_rows, size):
            yield table.slice(start, size)  # a view; to_pandas copies only the slice
        del table


def _split(frame: pd.DataFrame, chunksize: int | None) -> Iterator[tuple[int, pd.DataFrame]]:
    if not chunksize or len(frame) <= chunksize:
        yield 0, frame
        return
    for start in range(0, len(frame), chunksize):
        yield start, frame.iloc[start:start + chunksize]


def _read_csv(path: Path, chunksize: int | None, encoding: str | None,
              on_progress: Callable[[float], None] | None) -> Iterator[tuple[int, pd.DataFrame]]:
    enc = encoding or "utf-8-sig"  # a BOM from Excel's "CSV UTF-8" is dropped
    size = max(path.stat().st_size, 1)
    try:
        with open(path, "rb") as fh:
            head = fh.readline().decode(enc, errors="replace").lstrip("\ufeff")
            text_cols = {h.strip(): str for h in head.split(",") if h.strip() in TEXT_KEYS}
            fh.seek(0)
            reader = pd.read_csv(fh, encoding=enc, chunksize=chunksize or None, dtype=text_cols,
                                 skipinitialspace=True)
            offset = 0
            for frame in (reader if chunksize else [reader]):
                yield offset, frame
                offset += len(frame)
                if on_progress:
                    on_progress(min(fh.tell() / size, 1.0))
    except UnicodeDecodeError:
        raise ScreenError(f"文件 {path} 不是 {enc.replace('-sig', '').upper()} 编码（可能是 GBK/GB18030，"
                          "Excel“另存为 CSV”时常见）。请在 Excel 中另存为“CSV UTF-8（逗号分隔）”，"
                          "或加 --encoding gbk") from None
    except pd.errors.ParserError as exc:
        raise ScreenError(f"无法解析 CSV 文件 {path}：{exc}") from None
    except pd.errors.EmptyDataError:
        raise ScreenError(f"CSV 文件 {path} 是空的") from None


# ---------------------------------------------------------------- writing


def output_paths(out: Path, fmt: str, result_keys: list[str]) -> dict[str, Path]:
    """One file for xlsx/json (a sheet / key per table); for csv/parquet the first table in ``out`` and
    the others beside it as ``<stem>-<table>.<ext>``."""
    if fmt in ("xlsx", "json"):
        return {"*": out}
    first, *rest = result_keys
    return {first: out, **{k: out.with_name(f"{out.stem}-{k}{out.suffix}") for k in rest}}


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


def write_result(result: ScreenResult, out: Path, fmt: str, *, force: bool = False) -> list[Path]:
    keys_ = list(result.tables)
    paths = output_paths(out, fmt, keys_)
    existing = [p for p in paths.values() if p.exists()]
    if existing and not force:
        raise ScreenError(f"输出文件 {'、'.join(map(str, existing))} 已存在；如要覆盖请加 --force")
    if fmt == "json":
        with atomic_output(out) as tmp:
            tmp.write_text(json.dumps(_json(result), ensure_ascii=False, indent=1, default=_default), encoding="utf-8")
        return [out]
    if fmt == "xlsx":
        big = [t.title for t in result.tables.values() if len(t.frame) > EXCEL_MAX_ROWS]
        if big:
            raise ScreenError(f"表“{'、'.join(big)}”超过 Excel 的 {EXCEL_MAX_ROWS} 行上限，请改用 --format csv 或 parquet")
        with atomic_output(out) as tmp:
            with pd.ExcelWriter(tmp, engine="openpyxl") as xw:
                for t in result.tables.values():
                    safe_frame(t.frame).to_excel(xw, sheet_name=t.title[:31], index=False)
        return [out]
    if fmt == "parquet":
        need_pyarrow("写出 Parquet 文件")
    written = []
    for key, path in paths.items():
        frame = result.tables[key].frame
        with atomic_output(path) as tmp:
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
