"""Reading screening inputs in chunks (CSV, Parquet) or whole (Excel).

Every input goes through the checks project workbooks get (:mod:`cpframework.io`): a regular file of
bounded size, Excel containers checked before parsing (old .xls, zip bombs, XXE), the header width
checked before a parser sees the file, a known encoding.  Each chunk is then normalised
(:func:`normalise_frame`): invisible characters are removed and full-width letters/digits made
half-width, numbers with thousands separators are read, infinite values and ambiguous decimal commas
are refused naming the cells, and "no value" markers (``#N/A``, ``NULL``, ``None``, ``nan``, ``-`` …)
become **missing**: ``pd.NA`` in an object column.  A blank cell is ``NaN``/``None``; both are missing
for ``isna()``, but a screener can tell a marker — someone wrote "there is no value" — from a blank
(:func:`cpframework.screen.common.marker_mask`), so a marker is never taken for 不适用."""
from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from cpframework.io import safe_read
from cpframework.io.values import clean_text, is_na_marker, is_non_finite_text, parse_number, strip_invisible
from cpframework.screen import ScreenError

READ_SUFFIXES = {".csv": "csv", ".txt": "csv", ".xlsx": "xlsx", ".xlsm": "xlsx", ".parquet": "parquet", ".pq": "parquet"}
EXCEL_MAX_ROWS = 1_048_575
TEXT_KEYS = ("企业编号", "ent_id", "企业代码")  # read as text: ids keep leading zeros


def input_kind(path: Path) -> str:
    """The input's format by its extension, after the file itself is checked (exists, regular, size)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise ScreenError(f"输入文件 {path} 是旧版 Excel 97-2003（.xls）格式，无法读取。"
                          f"请在 Excel 中“另存为 → Excel 工作簿(*.xlsx)”或 CSV UTF-8")
    kind = READ_SUFFIXES.get(suffix)
    if kind is None:
        raise ScreenError(f"无法识别输入文件 {path} 的类型：应为 .csv、.xlsx 或 .parquet")
    limit = safe_read.MAX_INPUT_BYTES if kind == "xlsx" else safe_read.MAX_TABLE_BYTES
    safe_read.check_file(path, "输入文件", error=ScreenError, limit=limit)
    if kind == "csv":
        with open(path, "rb") as fh:
            head = fh.read(8)
        if head.startswith(b"PK") or head == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
            raise ScreenError(f"输入文件 {path} 看起来是 Excel 文件而不是 CSV 文本；请把扩展名改为 .xlsx，"
                              f"或在 Excel 中另存为“CSV UTF-8（逗号分隔）”")
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
    has no chunked reader).  ``on_progress(fraction)`` is called after each chunk when the size is known.
    Every chunk is normalised by :func:`normalise_frame`."""
    path = Path(path)
    kind = input_kind(path)
    source = str(path)
    if kind == "xlsx":
        from cpframework.io.spreadsheet import sheet_table

        names, rows = sheet_table(path, "输入文件", error=ScreenError, text_columns=TEXT_KEYS,
                                  max_rows=EXCEL_MAX_ROWS)
        frame = pd.DataFrame(rows, columns=names).infer_objects()
        for offset, part in _split(frame, chunksize):
            yield offset, normalise_frame(part, offset, source)
        return
    if kind == "parquet":
        need_pyarrow("读取 Parquet 文件")
        yield from _read_parquet(path, chunksize, on_progress)
        return
    yield from _read_csv(path, chunksize, encoding, on_progress)


def _split(frame: pd.DataFrame, chunksize: int | None) -> Iterator[tuple[int, pd.DataFrame]]:
    if not chunksize or len(frame) <= chunksize:
        yield 0, frame
        return
    for start in range(0, len(frame), chunksize):
        yield start, frame.iloc[start:start + chunksize]


def check_parquet(path: Path) -> Any:
    """The opened ``ParquetFile`` after its metadata is checked: columns, rows, inflated size."""
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(path)
        meta = pf.metadata
        inflated = sum(meta.row_group(i).total_byte_size for i in range(meta.num_row_groups))
    except Exception:
        raise ScreenError(f"无法读取 Parquet 文件 {path}：文件已损坏或不是 Parquet 格式") from None
    if meta.num_columns > safe_read.MAX_SHEET_COLUMNS:
        raise ScreenError(f"Parquet 文件 {path} 有 {meta.num_columns} 列，超过上限 {safe_read.MAX_SHEET_COLUMNS} 列，已拒绝读取")
    if meta.num_rows > safe_read.MAX_TABLE_ROWS:
        raise ScreenError(f"Parquet 文件 {path} 有 {meta.num_rows} 行，超过上限 {safe_read.MAX_TABLE_ROWS} 行，已拒绝读取")
    size = max(path.stat().st_size, 1)
    if inflated > safe_read.MAX_UNCOMPRESSED_BYTES and inflated > safe_read.MAX_MEMBER_RATIO * size:
        raise ScreenError(f"Parquet 文件 {path} 解压后约 {inflated / 1048576:.0f} MB（压缩比异常），疑似“压缩炸弹”，已拒绝读取")
    return pf


def _read_parquet(path: Path, chunksize: int | None,
                  on_progress: Callable[[float], None] | None) -> Iterator[tuple[int, pd.DataFrame]]:
    pf = check_parquet(path)
    meta = pf.metadata
    total, offset = max(meta.num_rows, 1), 0
    try:
        for batch in _parquet_batches(pf, chunksize or max(meta.num_rows, 1)):
            frame = batch.to_pandas()
            del batch
            yield offset, normalise_frame(frame, offset, str(path))
            offset += len(frame)
            if on_progress:
                on_progress(offset / total)
    except ScreenError:
        raise
    except (OSError, ValueError, ArithmeticError) as exc:
        raise ScreenError(f"无法读取 Parquet 文件 {path} 的数据（第 {offset + 2} 行之后）：文件已损坏（{type(exc).__name__}）") from None


def _parquet_batches(pf: Any, size: int) -> Iterator[Any]:
    """Arrow tables or batches of ``size`` rows, one row group at a time: ``ParquetFile.iter_batches`` keeps the
    decoded buffers of the whole file until it is exhausted (≈ 50 bytes per row), a row group read whole and
    sliced frees them group by group.  A row group far larger than a chunk is streamed."""
    for i in range(pf.num_row_groups):
        if pf.metadata.row_group(i).num_rows > max(4 * size, 2_000_000):
            yield from pf.iter_batches(batch_size=size, row_groups=[i])
            continue
        table = pf.read_row_group(i)
        for start in range(0, table.num_rows, size):
            yield table.slice(start, size)  # a view; to_pandas copies only the slice
        del table


def _read_csv(path: Path, chunksize: int | None, encoding: str | None,
              on_progress: Callable[[float], None] | None) -> Iterator[tuple[int, pd.DataFrame]]:
    enc = safe_read.check_encoding(encoding, error=ScreenError) if encoding else "utf-8-sig"  # a BOM is dropped
    header = safe_read.check_csv_header(path, "输入文件", encoding=enc, error=ScreenError)
    size = max(path.stat().st_size, 1)
    text_cols = {h.strip(): str for h in header if h.strip() in TEXT_KEYS}
    try:
        with open(path, "rb") as fh:
            # only blanks are NaN here; "no value" markers are kept as text and become pd.NA per chunk
            reader = pd.read_csv(fh, encoding=enc, chunksize=chunksize or None, dtype=text_cols,
                                 skipinitialspace=True, keep_default_na=False, na_values=[""])
            offset = 0
            for frame in (reader if chunksize else [reader]):
                if offset + len(frame) > safe_read.MAX_TABLE_ROWS:
                    raise ScreenError(f"CSV 文件 {path} 超过 {safe_read.MAX_TABLE_ROWS} 行的上限，已拒绝读取")
                yield offset, normalise_frame(frame, offset, str(path))
                offset += len(frame)
                if on_progress:
                    on_progress(min(fh.tell() / size, 1.0))
    except UnicodeDecodeError:
        raise ScreenError(f"文件 {path} 不是 {enc.replace('_sig', '').replace('-sig', '').upper()} 编码（可能是 GBK/GB18030，"
                          "Excel“另存为 CSV”时常见）。请在 Excel 中另存为“CSV UTF-8（逗号分隔）”，"
                          "或加 --encoding gbk") from None
    except pd.errors.ParserError as exc:
        raise ScreenError(f"无法解析 CSV 文件 {path}：{_parser_reason(exc)}") from None
    except pd.errors.EmptyDataError:
        raise ScreenError(f"CSV 文件 {path} 是空的") from None


def _parser_reason(exc: Exception) -> str:
    import re

    m = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", str(exc))
    if m:
        return f"第 {m.group(2)} 行有 {m.group(3)} 个字段，而表头只有 {m.group(1)} 列（多了逗号，或文字中的逗号未加引号）"
    return "格式有误（引号不配对、行的列数不一致或含有 NUL 字符）"


# ---------------------------------------------------------------- normalising a chunk


def normalise_frame(frame: pd.DataFrame, offset: int = 0, source: str = "") -> pd.DataFrame:
    """Headers and text cells cleaned (invisible characters, full-width letters/digits), "no value" markers
    → ``pd.NA``, numbers written with thousands separators → numbers; infinite values and ambiguous decimal
    commas are :class:`ScreenError` naming the cells (one message per chunk, as :func:`raise_bad`)."""
    from cpframework.screen.common import raise_bad

    frame = frame.rename(columns={c: strip_invisible(str(c)).strip() for c in frame.columns})
    out = frame
    bad: dict[str, np.ndarray] = {}
    why: dict[str, str] = {}
    for col in frame.columns:
        s = frame[col]
        if s.dtype.kind == "f":
            inf = np.isinf(s.to_numpy(dtype=float, na_value=np.nan))
            if inf.any():
                bad[col], why[col] = inf, "不是有限的数（无穷大，或超出可表示的范围）"
            continue
        if s.dtype.kind in "biumMc" or isinstance(s.dtype, pd.CategoricalDtype):
            continue
        codes, uniq = pd.factorize(s, use_na_sentinel=True)
        if not len(uniq):
            continue
        suspect = _suspect(uniq)
        if not suspect.any():  # the common case (ids, names, 是/否): one vectorised pass over the distinct values
            continue
        values = uniq.tolist()
        mapped = np.empty(len(uniq) + 1, dtype=object)
        mapped[:-1] = values
        mapped[-1] = np.nan
        flag = np.zeros(len(uniq) + 1, dtype=bool)
        changed = False
        for n in np.flatnonzero(suspect):
            u = values[n]
            v, problem = _clean_value(u)
            mapped[n] = v
            if problem:
                flag[n] = True
                why[col] = problem
            changed = changed or v is not u
        if flag.any():
            bad[col] = flag[codes]
        if changed:
            if out is frame:
                out = frame.copy()
            out[col] = pd.Series(mapped[codes], index=frame.index, dtype=object)  # object: keeps pd.NA apart from NaN
    if bad:
        raise_bad(frame, bad, offset, source, what=why)
    return out


# what _clean_value may change or refuse: invisible characters, full-width forms, outer white space, a comma,
# something a marker could start with, a number with an exponent or an infinity
_SUSPECT = ("[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
            "\uff01-\uff5e\u3000\u00a0,\u221e]|^[ \t\r\n#<nN+/\\\\\u2014\u2013\u65e0\u6682\u7f3a\u6570-]|[ \t\r\n]$"
            "|[0-9][eE]|[iI][nN][fF]|#[iIqQ]")


def _suspect(uniq: pd.Index) -> np.ndarray:
    """Which distinct values need :func:`_clean_value`: a vectorised regex over the text ones (in C for Arrow
    strings), every value that is not text."""
    if isinstance(uniq.dtype, pd.StringDtype):
        return pd.Series(uniq).str.contains(_SUSPECT, regex=True).fillna(False).to_numpy(bool)
    series = pd.Series(uniq, dtype=object)
    text = series.map(type).to_numpy() == str  # noqa: E721 - elementwise over an array, not one type test
    out = ~text
    if text.any():
        out[text] = pd.Series(series[text].to_numpy(), dtype=_STRING).str.contains(_SUSPECT, regex=True).to_numpy(bool)
    return out


def _string_dtype() -> str:
    """Arrow strings when pyarrow is there (the regex runs in C), Python strings otherwise."""
    import importlib.util

    return "string[pyarrow]" if importlib.util.find_spec("pyarrow") is not None else "string"


_STRING = _string_dtype()
_NUMERIC_START = frozenset("+-.0123456789iI∞＋－．０１２３４５６７８９ｉＩ")


def _clean_value(u: Any) -> tuple[Any, str]:
    """One distinct cell value → (normalised value, problem text or "").  Called once per distinct value
    (ids and names are mostly distinct), so the cheap tests come first."""
    if isinstance(u, float):
        return (u, "不是有限的数（无穷大）") if math.isinf(u) else (u, "")
    if isinstance(u, int) and not isinstance(u, bool) and abs(u) >= 2 ** 63:  # beyond int64: as a float, or refused
        try:
            return float(u), ""
        except OverflowError:
            return u, "不是有限的数（超出可表示的范围）"
    if not isinstance(u, str):
        return u, ""
    c = clean_text(u)
    if not c:
        return np.nan, ""
    if len(c) <= 12 and is_na_marker(c):  # the longest marker is short
        return pd.NA, ""
    if c[0] not in _NUMERIC_START or len(c) > 60:  # names and other text: nothing more to do
        return (c if c != u else u), ""
    if is_non_finite_text(c):
        return u, "不是有限的数（无穷大，或超出可表示的范围）"
    if "," in c and c.lstrip("+-")[:1].isdigit():
        value, err = parse_number(c)
        if err:
            return u, "数字中的逗号含义不明（小数点请写“.”，千位分隔符须每三位一个）"
        return value, ""
    if not c.isascii():
        folded = unicodedata.normalize("NFKC", c)
        if parse_number(folded)[0] is not None:  # "０．５" → "0.5" (kept as text: ids keep their zeros)
            return folded, ""
    return (c if c != u else u), ""
