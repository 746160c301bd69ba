"""权重总和计分排序法 for choosing the audit focus (source S53, calc/data/SOURCES.md).

    RW_{c,f} = R_{c,f} × W_f;   total_c = Σ_f RW_{c,f};   rank by total, descending.

Equal totals share a rank (competition ranking 1, 1, 3) and are flagged ``tied``.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from cpframework.calc.trace import CalcError, Trace, fmt


@attrs.frozen
class Ranking:
    table: Any  # DataFrame indexed by candidate: R_<f>, RW_<f>, total, rank, tied
    weights: Any  # Series W by factor
    trace: Trace

    @property
    def first(self) -> list[str]:
        """Candidates at rank 1 (several when tied)."""
        return list(self.table.index[self.table["rank"] == 1])


def weighted_sum_ranking(weights: Mapping[str, float] | Any, scores: Any, *, r_min: float | None = 1,
                         r_max: float | None = 10, name: str = "审核重点排序") -> Ranking:
    """``weights``: factor → W; ``scores``: DataFrame (rows = candidates, columns = factors) of R."""
    import numpy as np
    import pandas as pd

    w = pd.Series(weights, dtype=float) if not isinstance(weights, pd.Series) else weights.astype(float)
    if w.empty:
        raise CalcError(f"{name}没有权重因素")
    if w.isna().any() or (w <= 0).any():
        raise CalcError(f"{name}的权重须为正数：因素“{w.index[(w.isna() | (w <= 0)).to_numpy()][0]}”")
    if not isinstance(scores, pd.DataFrame) or scores.empty:
        raise CalcError(f"{name}没有备选对象")
    missing = [f for f in w.index if f not in scores.columns]
    if missing:
        raise CalcError(f"{name}的评分表缺少因素：{'、'.join(map(str, missing))}")
    if scores.index.duplicated().any():
        raise CalcError(f"{name}的备选对象名称重复：{scores.index[scores.index.duplicated()][0]}")
    r = scores[list(w.index)].apply(pd.to_numeric, errors="coerce").astype(float)
    if r.isna().any().any():
        raise CalcError(f"{name}的评分 R 有缺失或非数值（{r.index[r.isna().any(axis=1)][0]}）")
    lo = r_min if r_min is not None else -np.inf
    hi = r_max if r_max is not None else np.inf
    if ((r < lo) | (r > hi)).any().any():
        raise CalcError(f"{name}的评分 R 须在 {fmt(r_min)}～{fmt(r_max)} 之间")
    rw = r * w
    total = rw.sum(axis=1).round(9)
    rank = total.rank(method="min", ascending=False).astype(int)
    table = pd.concat([r.add_prefix("R_"), rw.add_prefix("RW_")], axis=1)
    table["total"] = total
    table["rank"] = rank
    table["tied"] = total.duplicated(keep=False)
    order = np.lexsort((np.arange(len(table)), table["rank"].to_numpy()))
    table = table.iloc[order]
    lines = tuple(f"{c}：" + " + ".join(f"{fmt(r.at[c, f])}×{fmt(w[f])}" for f in w.index)
                  + f" = {fmt(table.at[c, 'total'])}，第 {table.at[c, 'rank']} 位" + ("（并列）" if table.at[c, "tied"] else "")
                  for c in table.index)
    first = list(table.index[table["rank"] == 1])
    result = "、".join(map(str, first)) + ("（并列第一）" if len(first) > 1 else "")
    return Ranking(table=table, weights=w, trace=Trace(
        name=name, formula="总分 = Σ 评分 R × 权重 W，按总分由高到低排序，同分并列",
        substitution="权重 W：" + "，".join(f"{f} {fmt(v)}" for f, v in w.items()),
        result=f"排序第一：{result}", notes=lines))
