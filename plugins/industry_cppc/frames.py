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
