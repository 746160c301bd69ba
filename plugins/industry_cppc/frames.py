"""From the project's multi-enterprise tables to the values DataFrame the evaluation grades.

Computed indicators (``compute`` in the system file) are ratios of per-enterprise sums over the
statistical period (5.1.1: 审核基准期 = 上一自然年) — one ``groupby`` per referenced field; the
others come from the long 评价指标取值 table by one ``pivot``.  No per-enterprise loop.
"""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .system import System


def enterprise_frame(project: Any) -> pd.DataFrame:
    """企业一览表 as a DataFrame indexed by 企业编号 (first occurrence wins; duplicates are a check problem)."""
    data = project.tables.get("enterprises")
    df = data.frame() if data is not None and data.rows else pd.DataFrame(columns=["id", "name"])
    df = df[df["id"].notna()].drop_duplicates("id")
    return df.set_index(df["id"].astype(str)).rename_axis("enterprise")


def _sum_field(project: Any, ref: str, year: int, index: pd.Index, where: tuple = ()) -> pd.Series:
    table_id, field_id = ref.split(".")
    data = project.tables.get(table_id)
    if data is None or not data.rows:
        return pd.Series(np.nan, index=index)
    df = data.frame()
    col = f"{field_id}@{year}" if f"{field_id}@{year}" in df.columns else field_id
    if col not in df.columns or "enterprise" not in df.columns:
        return pd.Series(np.nan, index=index)
    for key, value in where:
        df = df[df.get(key).astype(str) == value] if key in df.columns else df.iloc[0:0]
    vals = pd.to_numeric(df[col], errors="coerce")
    grouped = vals.groupby(df["enterprise"].astype(str)).sum(min_count=1)
    return grouped.reindex(index)


def computed_values(project: Any, system: System, index: pd.Index, year: int) -> pd.DataFrame:
    out = pd.DataFrame(index=index)
    for ind_id, c in system.compute.items():
        num = sum((_sum_field(project, r, year, index, c.where) for r in c.num), pd.Series(0.0, index=index))
        den = sum((_sum_field(project, r, year, index) for r in c.den), pd.Series(0.0, index=index))
        ratio = num / den.where(den > 0)
        out[ind_id] = ratio * c.factor * (100.0 if c.percent else 1.0)
    return out


def entered_values(project: Any, index: pd.Index) -> pd.DataFrame:
    data = project.tables.get("indicator_values")
    if data is None or not data.rows:
        return pd.DataFrame(index=index)
    df = data.frame()
    df = df[df["enterprise"].notna() & df["indicator"].notna()]
    df = df.assign(enterprise=df["enterprise"].astype(str), indicator=df["indicator"].astype(str).str.strip())
    wide = df.drop_duplicates(["enterprise", "indicator"]).pivot(index="enterprise", columns="indicator", values="value")
    return wide.reindex(index)


def indicator_values(project: Any, system: System) -> pd.DataFrame:
    """Rows = enterprises of 企业一览表, columns = the system's indicator ids (raw cells)."""
    index = enterprise_frame(project).index
    year = project.manifest.baseline
    computed = computed_values(project, system, index, year)
    entered = entered_values(project, index)
    cols = {}
    for ind in system.indicators:
        if ind.id in computed.columns:
            cols[ind.id] = computed[ind.id]
        elif ind.id in entered.columns:
            cols[ind.id] = entered[ind.id]
        else:
            cols[ind.id] = pd.Series(np.nan, index=index, dtype=object)
    return pd.DataFrame(cols, index=index)
