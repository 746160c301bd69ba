"""审核分级清单（编制说明 5.5(4)）: key enterprises per load and their grading — pure and vectorised.

    key_enterprises(loads, …) -> DataFrame     the function a batch screen reuses (DataFrame in → out)
    coverage(loads, screened) -> DataFrame     share of each load the list covers

``loads``: one row per enterprise (index = enterprise id), one column per load (能耗, 新鲜水, 各污染物
实际排放量, 固废 …), non-negative numbers, NaN = no data (counts as 0).  Per load the list is the
smallest set of enterprises whose cumulative share reaches the threshold (:func:`cpframework.calc.pareto.key_list`:
descending value, ties by id); the union over loads is the key-enterprise list.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cpframework.api import CalcError, Indicator, IndicatorSystem, Level, calc, fmt

GRADES = {"A": "一级重点（A类）", "B": "二级重点（B类）", "C": "一般企业（C类）"}
GRADINGS = ("loads", "permit")
CO2_PER_TCE = 2.7725  # tCO₂/tce, standard coal (DB4101/T 61 表E.4 注b; cpframework.calc.carbon)


def key_enterprises(loads: Any, *, threshold: float = 0.8, grading: str = "loads", grade_a_loads: int = 3,
                    permit_class: Any = None, grades: Mapping[str, str] | None = None) -> Any:
    """Membership per load, number of loads, key flag and grade for every enterprise.

    The lists are the core's ``share_of_load`` grading method (one implementation for a project and for
    a screening of many parks).  Returns a DataFrame with the index of ``loads`` and columns: one bool
    column per load, ``key_loads`` (int), ``key`` (bool), ``max_share`` (largest share of any load, %),
    ``grade_code`` (A/B/C), ``grade``.

    ``grading = "loads"``: A = key for ≥ ``grade_a_loads`` loads, B = key for fewer, C = not key.
    ``grading = "permit"``: A = key and 排污许可“重点管理”, B = other key enterprises, C = not key
    (``permit_class``: Series indexed like ``loads``).
    """
    import numpy as np
    import pandas as pd

    grades = dict(grades or GRADES)
    if grading not in GRADINGS:
        raise CalcError(f"企业分级方式“{grading}”无法识别，应为 loads（按负荷项数）或 permit（按排污许可管理类别）")
    if int(grade_a_loads) < 1:
        raise CalcError(f"一级重点企业的负荷项数下限须为正整数，现为 {grade_a_loads}")
    numeric = isinstance(loads, pd.DataFrame) and all(pd.api.types.is_float_dtype(t) for t in loads.dtypes)
    vals = loads.apply(pd.to_numeric, errors="coerce").astype(float) if isinstance(loads, pd.DataFrame) and not numeric \
        else loads   # a float table is used as is (no copy of 10⁶ × 10 numbers)
    g = calc.grading
    classes = [{"level": "A", "min_key_loads": int(grade_a_loads)}, {"level": "B", "min_key_loads": 1}]
    system = IndicatorSystem(
        standard="yunnan_park", id="key_list", title="审核分级清单", method="share_of_load",
        levels=(Level(id="A", label=grades["A"]), Level(id="B", label=grades["B"])), below_level=Level(id="C", label=grades["C"]),
        indicators=tuple(Indicator(standard="yunnan_park", id=str(c), name=str(c)) for c in vals.columns),
        params={"threshold": threshold, "classes": classes})
    n, m = vals.shape
    cells = g.Cells(values=vals.to_numpy(), not_applicable=np.zeros((n, m), bool), bad=np.zeros((n, m), bool),
                    index=vals.index)
    graded = calc.pareto.grade_share_of_load(system, cells)
    members = pd.DataFrame(graded.codes == 0, index=vals.index, columns=vals.columns)
    count = members.sum(axis=1).astype(int)
    key = count > 0
    if grading == "loads":
        code = np.where(count >= int(grade_a_loads), "A", np.where(key, "B", "C"))
    else:
        if permit_class is None:
            raise CalcError("按排污许可管理类别分级时须提供各企业的管理类别")
        pc = pd.Series(permit_class).reindex(vals.index)
        a = key & (pc.astype(str).str.strip() == "重点管理")
        code = np.where(a, "A", np.where(key, "B", "C"))
    out = members.copy()
    out["key_loads"] = count
    out["key"] = key
    out["max_share"] = graded.scores.max(axis=1) if graded.scores.size else 0.0
    out["grade_code"] = code
    out["grade"] = pd.Series(code, index=vals.index).map(grades)
    return out


GRADE_ORDER = {"A": 0, "B": 1, "C": 2}


def apply_levels(screened: Any, levels: Mapping[Any, str], min_grade: Mapping[str, str],
                 grades: Mapping[str, str] | None = None) -> Any:
    """Step 8 levels into the list (编制说明 5.5(3)–(4)，重建 R15): an enterprise judged at a level of
    ``min_grade`` is listed at least at that grade; a higher grade from the loads is kept.

    ``screened`` is the output of :func:`key_enterprises`; ``levels``: enterprise → judged level (only the
    enterprises the rule covers).  Returns a copy with ``level`` (the judgement, NaN when none) and
    ``by_level`` (True where the level listed the enterprise or raised its grade) added."""
    import pandas as pd

    grades = dict(grades or GRADES)
    out = screened.copy()
    level = pd.Series(dict(levels), dtype=object).reindex(out.index)
    floor = level.map(dict(min_grade))
    raise_ = floor.notna() & (floor.map(GRADE_ORDER) < out["grade_code"].map(GRADE_ORDER))
    out["level"] = level
    out["by_level"] = raise_.astype(bool)
    out.loc[raise_, "grade_code"] = floor[raise_]
    out["key"] = out["key"] | raise_
    out["grade"] = out["grade_code"].map(grades)
    return out


def coverage(loads: Any, screened: Any) -> Any:
    """Per load: park total, size of its own list, the list's cumulative share, and the share of the
    load the whole key list (union) covers, in %.  ``screened`` is the output of :func:`key_enterprises`.

    Sums are exact (``math.fsum``): the order the enterprises are listed in never changes a printed total."""
    import math

    import numpy as np
    import pandas as pd

    key = screened["key"].reindex(loads.index).fillna(False).to_numpy(bool)
    rows = []
    for col in loads.columns:  # column by column: no copy of the whole table (10⁶ × 10 in a screening)
        v = np.nan_to_num(pd.to_numeric(loads[col], errors="coerce").to_numpy(dtype=float))
        total = math.fsum(v)
        own = screened[col].reindex(loads.index).fillna(False).to_numpy(bool)
        rows.append({"load": col, "total": total, "n_list": int(own.sum()),
                     "list_share": math.fsum(v[own]) / total * 100.0 if total > 0 else np.nan,
                     "union_share": math.fsum(v[key]) / total * 100.0 if total > 0 else np.nan})
    return pd.DataFrame(rows).set_index("load")


def enterprise_co2(electricity_10mwh: Any, fossil_tce: Any, grid_factor: float) -> Any:
    """Estimated CO₂ per enterprise [tCO₂]: 外购电力 (万kWh) × 10 MWh/万kWh × EF (tCO₂/MWh) + 化石能源 (tce) × 2.7725.

    Vectorised over Series/arrays; NaN counts as 0.  The fossil part counts all fossil energy as standard
    coal (表E.4 注b simplification); the electricity part uses the project's grid factor (default 云南 2022 0.1073).
    """
    import numpy as np

    if not grid_factor > 0:
        raise CalcError(f"电网排放因子须为正数，现为 {fmt(grid_factor)}")
    e = np.nan_to_num(np.asarray(electricity_10mwh, dtype=float))
    f = np.nan_to_num(np.asarray(fossil_tce, dtype=float))
    return e * 10.0 * float(grid_factor) + f * CO2_PER_TCE


def ranked(loads: Any, column: str, screened: Any) -> Any:
    """One load sorted as the Pareto list is (value desc, id asc) with share, cumulative share and membership."""
    import numpy as np
    import pandas as pd

    v = pd.to_numeric(loads[column], errors="coerce").fillna(0.0)
    frame = pd.DataFrame({"unit": v.index.astype(str), "value": v.to_numpy()}, index=v.index)
    frame = frame.sort_values(["value", "unit"], ascending=[False, True], kind="stable")
    total = frame["value"].sum()
    frame["share"] = frame["value"] / total * 100.0 if total > 0 else np.nan
    frame["cum_share"] = frame["share"].cumsum()
    frame["member"] = screened[column].reindex(frame.index).fillna(False).to_numpy(bool)
    return frame
