"""Helpers the screeners share: header matching, key columns, bad-cell messages, per-enterprise selection."""
from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from cpframework.screen import Column, ScreenError

ENT = Column("企业编号", "企业的唯一编号（如统一社会信用代码），按文本读取，保留前导 0", aliases=("ent_id", "企业代码"))
NAME = Column("企业名称", "企业名称，原样写入结果", required=False, aliases=("name",))
YEAR = Column("年份", "数据年份（四位整数）；每家企业每年一行", aliases=("year",))
MAX_EXAMPLES = 5


def rename(frame: pd.DataFrame, columns: Iterable[Column], source: str) -> pd.DataFrame:
    """Map accepted headers (stripped, aliases) to the documented names; error on a missing required one."""
    stripped = {c: str(c).strip().lstrip("\ufeff") for c in frame.columns}
    frame = frame.rename(columns=stripped)
    mapping, missing = {}, []
    for col in columns:
        found = next((h for h in (col.name, *col.aliases) if h in frame.columns), None)
        if found is None:
            if col.required:
                missing.append(col.name)
        elif found != col.name:
            mapping[found] = col.name
    if missing:
        where = f"文件 {source} " if source else "输入数据"
        raise ScreenError(f"{where}缺少必需的列：{'、'.join(missing)}。"
                          f"现有的列：{'、'.join(map(str, frame.columns)) or '（无）'}。"
                          "各标准需要的列见 cpaudit screen --columns 标准编号")
    return frame.rename(columns=mapping)


def normalise_ids(col: pd.Series) -> pd.Series:
    """Enterprise ids as compared: text, NFKC (full-width → half-width), invisible characters removed,
    no outer spaces (``Ｅ００１``, ``E001\u200b`` and ``E001`` are one enterprise); an id stored as the
    number 1001.0 is "1001".  Computed once per distinct value."""
    from cpframework.io.values import normalise_id

    codes, uniq = pd.factorize(col, use_na_sentinel=True)
    out = [normalise_id(int(u) if isinstance(u, float) and u.is_integer() else u) for u in uniq.tolist()]
    arr = np.array(out + [None], dtype=object)[codes]
    return pd.Series(arr, dtype="string")  # positional (row-local work, no index carried)


def text(col: pd.Series) -> pd.Series:
    """A text column stripped, as pandas' string dtype (Arrow-backed when pyarrow is installed: a few bytes
    per cell instead of a Python object, and vectorised stripping)."""
    return col.astype("string").str.strip().reset_index(drop=True) if len(col) else col.astype("string")


def keys(frame: pd.DataFrame, offset: int, source: str) -> tuple[pd.Series, np.ndarray]:
    """Enterprise id as text and year as int; empty ids or unreadable years are errors naming the row.
    Ids are normalised (:func:`normalise_ids`) and stay text here (row-local); the global step codes them
    as integers once (:func:`enterprise_index`)."""
    ent = normalise_ids(frame[ENT.name])
    bad_ent = (ent.isna() | (ent == "")).to_numpy(bool)
    year = pd.to_numeric(frame[YEAR.name], errors="coerce")
    bad_year = year.isna() | (year != year.round())
    raise_bad(frame, {ENT.name: bad_ent, YEAR.name: bad_year.to_numpy(bool)}, offset, source,
              what={ENT.name: "企业编号为空", YEAR.name: "年份不是整数"})
    return ent, year.to_numpy().astype(np.int16 if year.abs().max() < 2**15 else np.int64) if len(year) \
        else np.zeros(0, dtype=np.int16)


def enterprise_index(ent: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """Integer code per row (0 … E−1, in order of first appearance) and the E enterprise ids: the one
    pass that hashes the text ids; every later global step (duplicates, base year, years side by side,
    names) works on the integer codes."""
    inv, uniq = pd.factorize(ent)
    return inv, pd.Index(uniq)


def object_column(values: np.ndarray) -> pd.Series:
    """An object column as is (no conversion of every cell to the string dtype: the labels are shared)."""
    return pd.Series(values, dtype=object, copy=False)


def label_column(labels: Sequence[str], codes: np.ndarray) -> pd.Series:
    """``labels[codes]`` as a categorical column: one byte or two per row instead of a string (or an 8-byte
    reference) per row, which is what bounds the memory of a 10⁷-row screening; writes as the text."""
    labels = list(labels)
    if len(set(labels)) != len(labels):  # categories must be distinct
        return object_column(np.array(labels, dtype=object)[codes])
    return pd.Series(pd.Categorical.from_codes(np.asarray(codes, dtype=np.int16 if len(labels) > 127 else np.int8),
                                               categories=pd.Index(labels), validate=False), copy=False)


def row_of_year(ent: np.ndarray, years: np.ndarray, year: int, n_ent: int) -> np.ndarray:
    """Per enterprise its row in ``year`` (−1 when it has none); ``ent`` from :func:`enterprise_index`."""
    pos = np.full(n_ent, -1, dtype=np.int64)
    sel = np.flatnonzero(years == year)
    pos[ent[sel]] = sel
    return pos


def take(values: np.ndarray, pos: np.ndarray, fill: float = np.nan) -> np.ndarray:
    """``values[pos]`` with ``fill`` where ``pos`` is −1."""
    out = values[pos] if len(values) else np.zeros(len(pos), dtype=values.dtype)
    if (pos < 0).any():
        out = out.astype(float) if np.isnan(fill) and out.dtype.kind in "iub" else out.copy()
        out[pos < 0] = fill
    return out


def marker_mask(col: pd.Series) -> np.ndarray:
    """Cells that held a "no value" marker (``#N/A``, ``NULL``, ``-`` …: ``pd.NA`` after
    :func:`cpframework.screen.io.normalise_frame`), as opposed to blank cells (``NaN``/``None``).
    A marker is a missing value — never 不适用."""
    out = np.zeros(len(col), dtype=bool)
    if col.dtype != object:
        return out
    missing = np.flatnonzero(col.isna().to_numpy(bool))  # few cells: only these are looked at one by one
    if len(missing):
        arr = col.to_numpy(dtype=object)
        out[missing] = [arr[i] is pd.NA for i in missing]
    return out


def _shown(value: object) -> str:
    return "无数据标记（如 #N/A、NULL）" if value is pd.NA else str(value)


def raise_bad(frame: pd.DataFrame, bad: dict[str, np.ndarray], offset: int, source: str,
              what: dict[str, str] | None = None) -> None:
    """One message for all bad cells of a chunk: count per column and the first few (row, value)."""
    parts = []
    for col, mask in bad.items():
        rows = np.flatnonzero(mask)
        if not len(rows):
            continue
        examples = "；".join(f"第 {offset + int(r) + 2} 行“{_shown(frame[col].iloc[int(r)])}”" for r in rows[:MAX_EXAMPLES])
        more = f" 等共 {len(rows)} 处" if len(rows) > MAX_EXAMPLES else ""
        reason = (what or {}).get(col, "无法识别")
        parts.append(f"“{col}”列{reason}：{examples}{more}")
    if parts:
        where = f"文件 {source}" if source else "输入数据"
        raise ScreenError(f"{where}（行号按表头为第 1 行计）：" + "\n".join(parts))


def check_unique(ent: np.ndarray, ids: pd.Index, years: np.ndarray, source: str = "") -> None:
    """Error when an enterprise has two rows for one year (``ent``/``ids`` from :func:`enterprise_index`)."""
    yidx, yrs = pd.factorize(years)
    key = ent.astype(np.int64) * max(len(yrs), 1) + yidx
    counts = np.bincount(key) if len(key) else np.zeros(0, dtype=np.int64)
    if not len(counts) or counts.max() <= 1:
        return
    dup = pd.Series(key).duplicated().to_numpy()
    i = int(np.flatnonzero(dup)[0])
    raise ScreenError(f"{('文件 ' + source) if source else '输入数据'}中企业“{ids[ent[i]]}”{years[i]} 年有多行数据；"
                      f"每家企业每年只能有一行（共 {int(dup.sum())} 处重复）")


def base_year(years: np.ndarray, wanted: int | None) -> int:
    if not len(years):
        raise ScreenError("输入数据没有任何企业行")
    if wanted is None:
        return int(years.max())
    if not (years == wanted).any():
        found = "、".join(str(y) for y in sorted(set(years.tolist()))[:10])
        raise ScreenError(f"数据中没有 {wanted} 年的行（有：{found}）")
    return int(wanted)


def latest_text(values: pd.Series | None, years: np.ndarray, ent: np.ndarray, n_ent: int) -> pd.Series:
    """Per enterprise the text from its latest row that has one (names, permit classes); ``values``: the
    column of the partials (None: absent), ``ent`` from :func:`enterprise_index`."""
    if values is None:
        return pd.Series(pd.NA, index=range(n_ent), dtype="string")
    has = values.notna().to_numpy(bool)
    pos = np.full(n_ent, -1, dtype=np.int64)
    for y in np.unique(years):  # later years overwrite; within a year an enterprise has one row
        sel = np.flatnonzero((years == y) & has)
        pos[ent[sel]] = sel
    return pd.Series(values.array.take(pos, allow_fill=True), copy=False)


def latest_in_chunk(values: pd.Series, ent: pd.Series, years: np.ndarray) -> pd.Series:
    """``values`` kept only on each enterprise's latest row that has one within this chunk, missing on its
    other rows: :func:`latest_text` takes each enterprise's latest text overall, which is always one of
    these, so a partial holds about one name per enterprise instead of one per row (10⁷ rows × 3 years:
    two thirds of the names' memory).  Rows with equal year and enterprise keep both (an error later)."""
    has = values.notna().to_numpy(bool)
    if len(values) == 0 or not has.any():
        return values
    codes = pd.factorize(ent)[0]
    idx = np.flatnonzero(has)
    best = np.full(codes.max() + 1, np.iinfo(np.int64).min, dtype=np.int64)
    np.maximum.at(best, codes[idx], years[idx].astype(np.int64))
    keep = np.zeros(len(values), dtype=bool)
    keep[idx] = years[idx] == best[codes[idx]]
    return values if keep.all() else values.where(keep)


def pop(parts: pd.DataFrame, col: str) -> pd.Series | None:
    """Take a column out of the partials (None if absent): a ``combine`` frees each column of a 10⁷-row
    input as soon as it has used it (the partials are not needed afterwards)."""
    return parts.pop(col) if col in parts.columns else None


def int_option(raw: dict[str, str], key: str, default: int | None, allowed: Sequence[int] | None = None) -> int | None:
    if key not in raw:
        return default
    try:
        v = int(raw[key])
    except ValueError:
        raise UsageErrorMessage(f"--option {key}={raw[key]}：应为整数") from None
    if allowed is not None and v not in allowed:
        raise UsageErrorMessage(f"--option {key}={raw[key]}：应为 {'、'.join(map(str, allowed))} 之一")
    return v


def float_option(raw: dict[str, str], key: str, default: float) -> float:
    if key not in raw:
        return default
    try:
        return float(raw[key])
    except ValueError:
        raise UsageErrorMessage(f"--option {key}={raw[key]}：应为数值") from None


def check_keys(raw: dict[str, str], known: Iterable[str]) -> None:
    unknown = sorted(set(raw) - set(known))
    if unknown:
        raise UsageErrorMessage(f"未知的 --option：{'、'.join(unknown)}；可用：{'、'.join(sorted(known))}")


class UsageErrorMessage(ScreenError):
    exit_code = 2


def bit_masks(cells: np.ndarray) -> np.ndarray:
    """Bit mask per row (int64, bit j = column j) of the columns where ``cells`` (n × m bool, m ≤ 62) is true."""
    bits = np.left_shift(np.int64(1), np.arange(cells.shape[1], dtype=np.int64)).astype(float)
    # a float matrix-vector product is exact here: sums of distinct powers of two below 2**53
    return (np.asarray(cells, dtype=float) @ bits).astype(np.int64)


def mask_text(names: Sequence[str], masks: np.ndarray, sep: str = "、") -> pd.Series:
    """The names selected by each bit mask, joined by ``sep``, as a categorical column: the text is built
    once per distinct mask (vectorised over the distinct masks)."""
    inv, uniq = pd.factorize(np.asarray(masks, dtype=np.int64))
    u = np.asarray(uniq, dtype=np.int64)
    text = np.zeros(len(u), dtype="U1")
    for j, name in enumerate(names):
        text = np.char.add(text, np.where((u >> j) & 1 == 1, name + sep, ""))
    labels = [t[:-len(sep)] if t else t for t in text.tolist()]
    return label_column(labels, inv) if len(labels) < 2**15 else object_column(np.array(labels, dtype=object)[inv])


def gather(parts: list[pd.DataFrame]) -> pd.DataFrame:
    """Concatenate partial results (chunks, Dask partitions) column by column, clearing ``parts`` so each
    column's pieces are freed as soon as it is built (peak ≈ the partials + one column, not twice them)."""
    if len(parts) == 1:
        return parts.pop().reset_index(drop=True)
    columns = list(parts[0].columns)
    if any(list(p.columns) != columns for p in parts):
        out = pd.concat(parts, ignore_index=True)
        parts.clear()
        return out
    pieces = [{c: p[c] for c in columns} for p in parts]
    parts.clear()
    whole = {}
    for c in columns:
        whole[c] = pd.concat([d.pop(c) for d in pieces], ignore_index=True)
    return pd.DataFrame(whole, copy=False)
