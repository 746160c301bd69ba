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
    per_load: dict  # load → DataFrame(unit, value, share, cum_share) in order (shares in %)
    members: Any    # bool DataFrame: units × loads
    union: list
    traces: tuple[Trace, ...]


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
    if loads.index.duplicated().any():
        raise CalcError(f"{name}中单位编号重复：{loads.index[loads.index.duplicated()][0]}")
    vals = loads.apply(pd.to_numeric, errors="coerce").astype(float)
    index = loads.index
    members = np.zeros(loads.shape, dtype=bool)
    per_load: dict = {}
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
        sv, cum = v[sel], cum_all[:k]
        members[sel, n_col] = True
        frame = pd.DataFrame({"unit": index.take(sel).to_numpy(), "value": sv, "share": sv / total * 100.0,
                              "cum_share": cum * 100.0})
        per_load[col] = frame
        notes = [f"共 {len(v)} 个单位，合计 {fmt(float(total))}；按数值由大到小排序（并列按编号）"]
        if nan:
            notes.append(f"{nan} 个单位缺少“{col}”数据，按 0 计")
        traces.append(Trace(
            name=f"{name}（{col}）", formula=f"按数值降序累加，累计占比首次达到 {fmt(threshold * 100)}% 的最少单位",
            substitution="；".join(f"{u} {fmt(float(s))}%（累计 {fmt(float(c))}%）"
                                  for u, s, c in zip(frame["unit"][:20], frame["share"][:20], frame["cum_share"][:20]))
            + ("……" if k > 20 else ""),
            result=f"{k} 个单位，累计占比 {fmt(float(cum[k - 1] * 100))}%", notes=tuple(notes)))
    any_member = members.any(axis=1)
    chosen = index[any_member]
    union = chosen.take(np.argsort(_id_ranks(chosen), kind="stable")).tolist()
    traces.append(Trace(name=f"{name}（合并）", formula="各负荷重点名单的并集",
                        substitution="；".join(f"{c} {len(f)} 个" for c, f in per_load.items()),
                        result=f"共 {len(union)} 个单位"))
    return KeyList(per_load=per_load, members=pd.DataFrame(members, index=loads.index, columns=loads.columns),
                   union=union, traces=tuple(traces))


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
    loads = pd.DataFrame(cells.values, index=cells.index, columns=c.ids)
    loads = loads.loc[:, loads.fillna(0).sum() > 0]   # a load nobody has cannot be ranked
    kl = key_list(loads, threshold=threshold, name=system.title or "重点名单")
    members = kl.members.reindex(columns=c.ids, fill_value=False).to_numpy(bool)
    v = np.nan_to_num(np.asarray(cells.values, dtype=float))
    totals = v.sum(axis=0)
    shares = np.divide(v, totals, out=np.zeros_like(v), where=totals > 0) * 100.0
    count = members.sum(axis=1)
    labels = {lv.id: lv.label for lv in system.levels}
    level = np.full(len(v), system.below_level.label, dtype=object)
    decided = np.zeros(len(v), dtype=bool)
    for rule in params.get("classes", ()):
        hit = ~decided & (count >= int(rule.get("min_key_loads", 1)))
        level[hit] = labels.get(rule["level"], rule["level"])
        decided |= hit
    return Grading(compiled=c, index=cells.index, codes=np.where(members, 0.0, 1.0), missing=cells.missing,
                   scores=shares, level=level)
