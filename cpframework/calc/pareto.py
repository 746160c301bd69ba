"""Key list (重点名单) by cumulative share: the smallest set of units whose share of a load reaches a
threshold (default 80 %), for several loads at once.

For each load L (a column): sort units by value descending, ties by unit id ascending; the list is the
first k units with Σ_{1..k} v ÷ Σ v ≥ threshold (k minimal).  The union over loads is also returned.
"""
from __future__ import annotations

from typing import Any

import attrs

from cpframework.calc.trace import CalcError, Trace, fmt

EPS = 1e-12


@attrs.frozen
class KeyList:
    """``members``: bool DataFrame units × loads; ``per_load`` and ``union`` are built when asked for (a
    screening of 10⁶ units needs only the members, and the lists as frames would double its memory)."""

    members: Any
    traces: tuple[Trace, ...]
    lists: dict = attrs.field(repr=False)   # load → (positions in Pareto order, the load's values, total)

    @property
    def per_load(self) -> dict:
        """load → DataFrame(unit, value, share, cum_share) in Pareto order (shares in %)."""
        import numpy as np
        import pandas as pd

        out = {}
        for load, (sel, v, total) in self.lists.items():
            sv = np.nan_to_num(np.asarray(v, dtype=float)[sel], nan=0.0)
            out[load] = pd.DataFrame({"unit": self.members.index.take(sel), "value": sv, "share": sv / total * 100.0,
                                      "cum_share": np.cumsum(sv) / total * 100.0})
        return out

    @property
    def union(self) -> list:
        """Units on any load's list, in id order."""
        import numpy as np

        chosen = self.members.index[self.members.to_numpy(bool).any(axis=1)]
        return chosen.take(np.argsort(_id_ranks(chosen), kind="stable")).tolist()


def _id_ranks(ids: Any) -> Any:
    """Rank of each id in ascending order (ties in order of appearance); mixed types compare as text."""
    import numpy as np
    import pandas as pd

    try:
        codes, uniq = pd.factorize(ids, sort=True)
    except TypeError:
        codes, uniq = pd.factorize(pd.Index(ids).astype(str), sort=True)
    return np.asarray(codes)


def pareto_order(values: Any, ids: Any, *, prefix: int | None = None) -> Any:
    """Positions in Pareto order: value descending, ties by id ascending.

    Sorting the values alone is enough except inside runs of equal values, so the ids — text, costly to
    sort — are ranked only for the tied positions.  ``prefix``: only the order of the first ``prefix``
    positions matters (the rest is sorted by value only, ties in input order)."""
    import numpy as np

    v = np.asarray(values, dtype=float)
    order = np.argsort(-v, kind="stable")
    sv = v[order]
    end = len(sv) if prefix is None or prefix >= len(sv) else \
        int(np.searchsorted(-sv, -sv[max(prefix, 1) - 1], side="right"))  # through the tie run at the cut
    same = sv[1:end] == sv[:end - 1]
    if not same.any():
        return order
    tied = np.zeros(end, dtype=bool)
    tied[1:] |= same
    tied[:-1] |= same
    key = np.zeros(end, dtype=np.int64)
    key[tied] = _id_ranks(np.asarray(ids)[order[:end][tied]] if not hasattr(ids, "take") else ids.take(order[:end][tied]))
    head = order[:end][np.lexsort((key, -sv[:end]))]
    return np.concatenate([head, order[end:]])


def key_list(loads: Any, *, threshold: float = 0.8, name: str = "重点名单") -> KeyList:
    """``loads``: DataFrame (index = unit id, columns = loads, e.g. 能耗/COD/SO₂). NaN counts as 0 (noted)."""
    import numpy as np
    import pandas as pd

    if not isinstance(loads, pd.DataFrame) or loads.empty:
        raise CalcError(f"{name}没有数据")
    if not 0 < threshold <= 1:
        raise CalcError(f"{name}的累计占比阈值须在 0～1 之间（如 0.8），现为 {fmt(threshold)}")
    dup = pd.Series(loads.index, copy=False).duplicated().to_numpy()  # not Index.duplicated: that keeps a hash
    if dup.any():                                                      # table of the ids on the index
        raise CalcError(f"{name}中单位编号重复：{loads.index[dup][0]}")
    vals = loads if all(pd.api.types.is_float_dtype(t) for t in loads.dtypes) else \
        loads.apply(pd.to_numeric, errors="coerce").astype(float)   # no copy of a float table (10⁶ × 10)
    index = loads.index
    members = np.zeros(loads.shape, dtype=bool)
    lists: dict = {}
    traces: list[Trace] = []
    for n_col, col in enumerate(vals.columns):
        v = vals[col].to_numpy()
        nan = int(np.isnan(v).sum())
        v = np.nan_to_num(v, nan=0.0)
        if (v < 0).any() or not np.isfinite(v).all():
            raise CalcError(f"{name}中“{col}”有负值或无效值")
        total = v.sum()
        if total <= 0:
            raise CalcError(f"{name}中“{col}”的合计为 0，无法计算累计占比")
        cum_all = np.cumsum(np.sort(v)[::-1]) / total  # independent of how ties are ordered
        k = int(np.argmax(cum_all >= threshold - EPS)) + 1
        sel = pareto_order(v, index, prefix=k)[:k]
        members[sel, n_col] = True
        lists[col] = (sel, vals[col].to_numpy(), total)
        notes = [f"共 {len(v)} 个单位，合计 {fmt(float(total))}；按数值由大到小排序（并列按编号）"]
        if nan:
            notes.append(f"{nan} 个单位缺少“{col}”数据，按 0 计")
        top, cum = v[sel[:20]], cum_all[:k]
        traces.append(Trace(
            name=f"{name}（{col}）", formula=f"按数值降序累加，累计占比首次达到 {fmt(threshold * 100)}% 的最少单位",
            substitution="；".join(f"{u} {fmt(float(s))}%（累计 {fmt(float(c))}%）"
                                  for u, s, c in zip(index.take(sel[:20]), top / total * 100.0, cum[:20] * 100.0))
            + ("……" if k > 20 else ""),
            result=f"{k} 个单位，累计占比 {fmt(float(cum[k - 1] * 100))}%", notes=tuple(notes)))
    traces.append(Trace(name=f"{name}（合并）", formula="各负荷重点名单的并集",
                        substitution="；".join(f"{c} {len(sel)} 个" for c, (sel, _v, _t) in lists.items()),
                        result=f"共 {int(members.any(axis=1).sum())} 个单位"))
    return KeyList(members=pd.DataFrame(members, index=loads.index, columns=loads.columns), traces=tuple(traces),
                   lists=lists)


def grade_share_of_load(system: Any, cells: Any, *, missing: str = "fail", compiled: Any = None) -> Any:
    """The ``share_of_load`` grading method: per load (an indicator of the system) the key list by
    cumulative share (:func:`key_list`), then each unit's class by how many loads it is key for.

    ``system.params``: ``threshold`` (default 0.8) and ``classes`` — ``[{level = "A", min_key_loads = 3},
    {level = "B", min_key_loads = 1}]``, checked in order, level ids of ``system.levels``; a unit key for no
    load gets ``system.below_level``.  Returns a :class:`cpframework.calc.grading.Grading` whose ``codes``
    are 0 where the unit is key for that load and 1 elsewhere, ``scores`` each unit's share of each load
    (%), ``level`` the class label.  A missing load value counts as 0 for the ranking and is marked.
    """
    import numpy as np
    import pandas as pd

    from cpframework.calc.grading import Grading, compile_system

    c = compiled or compile_system(system)
    params = dict(system.params or {})
    threshold = float(params.get("threshold", 0.8))
    values = np.asarray(cells.values, dtype=float)
    totals = np.array([np.nansum(values[:, j]) for j in range(values.shape[1])])
    loads = pd.DataFrame({x: values[:, j] for j, x in enumerate(c.ids) if totals[j] > 0}, index=cells.index,
                         copy=False)   # a load nobody has cannot be ranked
    kl = key_list(loads, threshold=threshold, name=system.title or "重点名单")
    members = kl.members.reindex(columns=c.ids, fill_value=False).to_numpy(bool)
    shares = np.zeros(values.shape, order="F")
    for j in range(values.shape[1]):  # column by column: no n × m temporaries
        if totals[j] > 0:
            shares[:, j] = np.nan_to_num(values[:, j]) / totals[j] * 100.0
    count = members.sum(axis=1)
    labels = {lv.id: lv.label for lv in system.levels}
    level = np.full(len(values), system.below_level.label, dtype=object)
    decided = np.zeros(len(values), dtype=bool)
    for rule in params.get("classes", ()):
        hit = ~decided & (count >= int(rule.get("min_key_loads", 1)))
        level[hit] = labels.get(rule["level"], rule["level"])
        decided |= hit
    # codes are 0/1 only: float32 halves the largest array of a 10-million-row screening (exact for 0 and 1)
    return Grading(compiled=c, index=cells.index, codes=(~members).astype(np.float32), missing=cells.missing,
                   scores=shares, level=level)
