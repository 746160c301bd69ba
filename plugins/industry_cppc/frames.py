"""From the project's multi-enterprise tables to the values DataFrame the evaluation grades.

The enterprises are the rows of 企业一览表; computed indicators (``formula`` + ``inputs`` in the system
file) are evaluated per enterprise by the core (:func:`cpframework.api.evaluate_units`, each value with
its trace) over the statistical period (5.1.1: 审核基准期 = 上一自然年); the others come from the long
评价指标取值 table.
"""
from __future__ import annotations

from typing import Any

import pandas as pd

from cpframework.api import IndicatorSystem, evaluate_units


def enterprise_frame(project: Any) -> pd.DataFrame:
    """企业一览表 as a DataFrame indexed by 企业编号 (first occurrence wins; duplicates are a check problem)."""
    data = project.tables.get("enterprises")
    df = data.frame() if data is not None and data.rows else pd.DataFrame(columns=["id", "name"])
    df = df[df["id"].notna()]
    df = df.assign(id=df["id"].astype(str).str.strip()).drop_duplicates("id")
    return df.set_index("id", drop=False).rename_axis("enterprise")


def unit_values(std: Any, project: Any, system: IndicatorSystem) -> Any:
    """Values, traces and the reasons for absent values, per enterprise × indicator."""
    units = list(enterprise_frame(project).index)
    return evaluate_units(system, std, project, units=units, unit_key="enterprise", entered="indicator_values")


def indicator_values(std: Any, project: Any, system: IndicatorSystem) -> pd.DataFrame:
    """Rows = enterprises of 企业一览表, columns = the system's indicator ids (raw cells)."""
    return unit_values(std, project, system).values


def output_keys(project: Any, system: IndicatorSystem, index: pd.Index) -> pd.DataFrame | None:
    """Per enterprise × per-product indicator: the enterprise's output of that product in the statistical
    period (产品产量), the key a by-output set's weight is shared by (通则 §3.2 4); ``None`` for a system
    without per-product weighting.  No output (or one in two different units) is NaN: ``check`` reports it."""
    from .system import products

    made = products(system)
    if not made:
        return None
    year = project.manifest.baseline
    out: dict[tuple[str, str], float] = {}
    units: dict[tuple[str, str], set[str]] = {}
    prod = project.tables.get("production")
    for row in prod.rows if prod is not None else []:
        ent, product = str(row.get("enterprise") or "").strip(), str(row.get("product") or "").strip()
        v = row.get("output")
        v = v.get(year) if isinstance(v, dict) else v
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            out[(ent, product)] = out.get((ent, product), 0.0) + float(v)
            units.setdefault((ent, product), set()).add(str(row.get("unit") or "").strip())
    cols = {i: [out.get((str(e), p), float("nan")) if len(units.get((str(e), p), ())) <= 1 else float("nan")
                for e in index] for i, p in made.items()}
    frame = pd.DataFrame(cols, index=index)
    return frame.reindex(columns=[i.id for i in system.indicators])


def enterprise_classes(project: Any, names: pd.DataFrame) -> pd.DataFrame:
    """Per enterprise the classes that 4.2 and 同类类比法 compare within: 规模 (企业一览表), 类型 (the products
    it makes, from 产品产量), 地区 (所在位置) and 关键企业 (4.5)."""
    prod = project.tables.get("production")
    made: dict[str, set[str]] = {}
    for row in prod.rows if prod is not None else []:
        if row.get("enterprise") is not None and row.get("product"):
            made.setdefault(str(row["enterprise"]).strip(), set()).add(str(row["product"]).strip())

    def col(field: str) -> pd.Series:
        return names[field].astype(str) if field in names.columns else pd.Series("—", index=names.index)

    key = names["key_enterprise"] if "key_enterprise" in names.columns else pd.Series(False, index=names.index)
    return pd.DataFrame({"规模": col("scale"), "类型": ["、".join(sorted(made.get(e, ()))) or "—" for e in names.index],
                         "地区": col("location"), "关键企业": key.map(lambda b: "关键企业" if b is True else "其他企业")},
                        index=names.index)
