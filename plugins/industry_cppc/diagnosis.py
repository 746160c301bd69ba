"""The diagnosis methods of 5.2.3 beyond 标准对比法, and the breakdowns of 4.2 (1)(2), as pure functions.

* 先进对照法: per enterprise and quantitative indicator, the gap to the Ⅰ级 benchmark (the advanced value
  of the system) and to the best performer of the industry (:func:`advanced_gaps`);
* 同类类比法: per indicator the peers' statistics — count, quartiles, median, best value and who reaches
  it (:func:`peer_statistics`) — and each enterprise's percentile rank within its class
  (规模 / 类型 / 地区, :func:`percentile_ranks`);
* breakdowns: levels and problems per class (:func:`level_breakdown`).

"Better" follows the indicator's direction (≥: higher is better, ≤: lower is better); values that are
not numbers (不适用, blank) are left out of every statistic and never counted as zero.
"""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from cpframework.api import IndicatorSystem

from .evaluation import LEVEL_PREFIX

CLASSES = {"scale": "规模", "type": "类型", "area": "地区"}


def quantitative(system: IndicatorSystem) -> list[Any]:
    return [i for i in system.indicators if i.direction in ("higher", "lower")]


def numbers(values: pd.DataFrame, system: IndicatorSystem) -> pd.DataFrame:
    """The quantitative indicators' cells as floats (NaN where not a number)."""
    ids = [i.id for i in quantitative(system)]
    return values.reindex(columns=ids).apply(pd.to_numeric, errors="coerce")


def _oriented(x: pd.DataFrame, system: IndicatorSystem) -> pd.DataFrame:
    """Values signed so that larger is better for every indicator."""
    sign = pd.Series({i.id: (1.0 if i.direction == "higher" else -1.0) for i in quantitative(system)})
    return x * sign[x.columns]


def peer_statistics(values: pd.DataFrame, system: IndicatorSystem) -> pd.DataFrame:
    """Per quantitative indicator: n, Q1, median, Q3, best value, best performers, Ⅰ级 benchmark and the
    median's gap to it (positive = the median falls short by that much)."""
    x = numbers(values, system)
    rows = []
    for ind in quantitative(system):
        col = x[ind.id].dropna()
        higher = ind.direction == "higher"
        best = (col.max() if higher else col.min()) if len(col) else np.nan
        who = "、".join(sorted(map(str, col.index[col == best]))) if len(col) else ""
        bench = ind.thresholds["I"].value if "I" in ind.thresholds else np.nan
        med = col.median() if len(col) else np.nan
        gap = max(0.0, (bench - med) if higher else (med - bench)) if len(col) and bench == bench else np.nan
        rows.append({"indicator": ind.id, "name": ind.name, "unit": ind.unit, "direction": ind.direction, "n": len(col),
                     "q1": col.quantile(0.25) if len(col) else np.nan, "median": med,
                     "q3": col.quantile(0.75) if len(col) else np.nan, "best": best, "best_by": who,
                     "benchmark_I": bench, "median_gap_I": gap})
    return pd.DataFrame(rows).set_index("indicator")


def advanced_gaps(values: pd.DataFrame, system: IndicatorSystem) -> pd.DataFrame:
    """Long table per enterprise × quantitative indicator with a value: ``gap_I`` (how far from the Ⅰ级
    benchmark, 0 when met) and ``gap_best`` (how far from the industry's best value, 0 for the best)."""
    x = numbers(values, system)
    stats = peer_statistics(values, system)
    out = []
    for ind in quantitative(system):
        col = x[ind.id].dropna()
        s = 1.0 if ind.direction == "higher" else -1.0
        bench, best = stats.loc[ind.id, "benchmark_I"], stats.loc[ind.id, "best"]
        out.append(pd.DataFrame({"enterprise": col.index, "indicator": ind.id, "value": col.to_numpy(),
                                 "gap_I": np.maximum(0.0, s * (bench - col.to_numpy())),
                                 "gap_best": np.maximum(0.0, s * (best - col.to_numpy()))}))
    return pd.concat(out, ignore_index=True) if out else pd.DataFrame(
        columns=["enterprise", "indicator", "value", "gap_I", "gap_best"])


def percentile_ranks(values: pd.DataFrame, system: IndicatorSystem, classes: pd.Series | None = None) -> pd.DataFrame:
    """Per enterprise × quantitative indicator, the percentile rank (0–100, 100 = best) among the
    enterprises of the same class that have a value (the whole industry when ``classes`` is None).

    Rank = share of the class's enterprises doing no better than this one (ties share the higher rank)."""
    x = _oriented(numbers(values, system), system)
    key = classes.reindex(x.index).fillna("—") if classes is not None else pd.Series("全行业", index=x.index)
    return x.groupby(key).rank(method="max", pct=True) * 100.0


def class_medians(values: pd.DataFrame, system: IndicatorSystem, classes: pd.Series) -> pd.DataFrame:
    """Median of each quantitative indicator per class (rows = classes, columns = indicators) and ``n``."""
    x = numbers(values, system)
    key = classes.reindex(x.index).fillna("—")
    med = x.groupby(key).median()
    med.insert(0, "n", key.value_counts().reindex(med.index).astype(int))
    return med


def level_breakdown(result: pd.DataFrame, classes: pd.Series, order: list[str], problem_level: int = 3) -> pd.DataFrame:
    """Per class: enterprises per level (columns in ``order``), total, enterprises with at least one problem
    indicator (worse than ``problem_level``) and the problems counted (enterprise × indicator)."""
    key = classes.reindex(result.index).fillna("—")
    counts = pd.crosstab(key, result["level"]).reindex(columns=order, fill_value=0)
    counts = counts.loc[:, (counts.sum() > 0) | (pd.Index(order) != order[-1])]
    lv = result[[c for c in result.columns if c.startswith(LEVEL_PREFIX)]]
    bad = (lv > problem_level).sum(axis=1)
    counts["合计"] = counts.sum(axis=1)
    counts["有问题的企业"] = (bad > 0).groupby(key).sum().reindex(counts.index).astype(int)
    counts["问题项数"] = bad.groupby(key).sum().reindex(counts.index).astype(int)
    counts.index.name = "class"
    return counts
