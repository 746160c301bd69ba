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
    return pd.Series(arr, index=col.index, dtype="string")


def keys(frame: pd.DataFrame, offset: int, source: str) -> tuple[pd.Series, np.ndarray]:
    """Enterprise id as text and year as int; empty ids or unreadable years are errors naming the row."""
    ent = normalise_ids(frame[ENT.name])
    bad_ent = ent.isna() | (ent == "")
    year = pd.to_numeric(frame[YEAR.name], errors="coerce")
    bad_year = year.isna() | (year != year.round())
    raise_bad(frame, {ENT.name: bad_ent.to_numpy(bool), YEAR.name: bad_year.to_numpy(bool)}, offset, source,
              what={ENT.name: "企业编号为空", YEAR.name: "年份不是整数"})
    return ent.reset_index(drop=True), year.to_numpy().astype(np.int64)


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


def check_unique(ent: pd.Series, year: np.ndarray, source: str = "") -> None:
    dup = pd.DataFrame({"e": ent.to_numpy(), "y": year}).duplicated()
    if dup.any():
        i = int(np.flatnonzero(dup.to_numpy())[0])
        raise ScreenError(f"{('文件 ' + source) if source else '输入数据'}中企业“{ent.iloc[i]}”{year[i]} 年有多行数据；"
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


def first_text(parts: pd.DataFrame, col: str, index: pd.Index) -> pd.Series:
    """Per enterprise the value of ``col`` from its latest row that has one (names, permit classes)."""
    if col not in parts.columns:
        return pd.Series(pd.NA, index=index, dtype="object")
    s = parts[[ "ent", "year", col]].dropna(subset=[col]).sort_values("year", kind="stable")
    return s.drop_duplicates("ent", keep="last").set_index("ent")[col].reindex(index)


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


def mask_text(names: Sequence[str], masks: np.ndarray, sep: str = "、") -> np.ndarray:
    """The names selected by each bit mask, joined by ``sep`` (built once per distinct mask)."""
    inv, uniq = pd.factorize(np.asarray(masks, dtype=np.int64))
    bits = [1 << j for j in range(len(names))]
    text = np.array([sep.join(nm for nm, b in zip(names, bits) if u & b) for u in uniq.tolist()], dtype=object)
    return text[inv] if len(uniq) else np.array([], dtype=object)
