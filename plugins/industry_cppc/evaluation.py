"""Per-enterprise graded evaluation and the industry-level picture (5.2.3, 5.3.2).

The hot path is pure and vectorised — DataFrame in, DataFrame out, no per-enterprise Python loop:

* :func:`evaluate_enterprises` (values → per-enterprise Y_Ⅰ/Y_Ⅱ/Y_Ⅲ, level, short boards, level reached
  per indicator).  ``cpaudit screen`` is meant to reuse it on 100k enterprises.
* :func:`industry_summary` (that result → level distribution, attainment rate per indicator, common
  versus individual problems).

Grading itself is :func:`cpframework.calc.grading.grade` (通则 method, domain-reference §3).
"""
from __future__ import annotations


import numpy as np
import pandas as pd

from cpframework.calc.grading import LEVEL_NAMES, NOT_GRADABLE, grade

from .system import System

LEVEL_PREFIX = "lv_"  # per-indicator level columns of the result: lv_<indicator id> ∈ {1, 2, 3, 4, NaN}
NOT_APPLICABLE = {"不适用", "无此工序", "/", "—", "-", "NA", "N/A"}
_LEVEL_IN = {"Ⅰ": 1, "Ⅱ": 2, "Ⅲ": 3, "Ⅰ级": 1, "Ⅱ级": 2, "Ⅲ级": 3, "I": 1, "II": 2, "III": 3,
             "未达": 4, "未达Ⅲ级": 4, "不达标": 4, "IV": 4, 1: 1, 2: 2, 3: 3, 4: 4,
             1.0: 1, 2.0: 2, 3.0: 3, 4.0: 4, "1": 1, "2": 2, "3": 3, "4": 4}
_YES_IN = {"是": True, "否": False, True: True, False: False, "yes": True, "no": False,
           "具备": True, "不具备": False, "达标": True, "未达标": False, 1: True, 0: False}


def normalise_values(system: System, values: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Coerce raw cells per indicator direction; returns ``(clean values, bad-cell mask)``.

    "不适用" (and blanks) become NaN = not applicable; qualitative 是/否 → bool, Ⅰ/Ⅱ/Ⅲ/未达 → 1–4;
    quantitative → float.  Unreadable cells are NaN in the values and True in the mask.
    """
    out = pd.DataFrame(index=values.index)
    bad = pd.DataFrame(False, index=values.index, columns=[i.id for i in system.indicators])
    for ind in system.indicators:  # loop over indicators (columns), never over enterprises
        col = values[ind.id] if ind.id in values.columns else pd.Series(np.nan, index=values.index, dtype=object)
        col = col.astype(object).where(col.notna(), None)
        text = col.map(lambda x: x.strip() if isinstance(x, str) else x)
        na = text.isna() | text.isin(NOT_APPLICABLE)
        if ind.direction in ("yes", "是否"):
            v = text.map(_YES_IN)
        elif ind.direction in ("level", "等级"):
            v = text.map(_LEVEL_IN).astype(float)
        else:
            v = pd.to_numeric(text.where(~na), errors="coerce")
        bad[ind.id] = v.isna() & ~na
        out[ind.id] = v.where(~na)
    return out, bad


def evaluate_enterprises(values: pd.DataFrame, system: System, *, missing: str = "not_applicable",
                         problem_level: int = 3) -> pd.DataFrame:
    """Grade every enterprise (row of ``values``; columns = indicator ids, raw or normalised cells).

    Returns one row per enterprise (same index): ``Y1``, ``Y2``, ``Y3`` (综合评价指数), ``level``,
    ``short_boards`` (indicators worse than ``problem_level``: 3 = 未达Ⅲ级, 2 = 未达Ⅱ级),
    ``limiting_failed`` (限定性指标未达Ⅲ级), ``limiting_below_I`` (限定性指标未达Ⅰ级, what keeps
    an enterprise out of Ⅰ级), and ``lv_<id>`` = level reached per indicator (1–4, NaN = 不适用).
    """
    clean, _bad = normalise_values(system, values)
    g = grade(list(system.indicators), clean, system.rules, missing=missing)
    lv = g.achieved
    names = pd.Series([i.name + "、" for i in system.indicators], index=lv.columns)
    problem = lv > problem_level
    lim = np.array([i.limiting for i in system.indicators])
    below_i = (lv > 1) & lim
    out = g.table[["Y1", "Y2", "Y3", "level"]].copy()
    out["short_boards"] = problem.dot(names).str.rstrip("、") if len(lv) else pd.Series(dtype=object)
    out["limiting_failed"] = g.table["limiting_failed"]
    out["limiting_below_I"] = below_i.dot(names).str.rstrip("、") if len(lv) else pd.Series(dtype=object)
    return out.join(lv.add_prefix(LEVEL_PREFIX))


def level_order(system: System) -> list[str]:
    return [r.level for r in system.rules.rules] + [system.rules.fallback, NOT_GRADABLE]


def industry_summary(result: pd.DataFrame, system: System, *, common_share: float = 0.3,
                     problem_level: int = 3) -> dict[str, pd.DataFrame]:
    """Industry picture from :func:`evaluate_enterprises`' result (pure; vectorised over enterprises).

    * ``distribution``: enterprises per level (count, share), every level listed, counts sum to n;
    * ``attainment``: per indicator the number assessed and the share reaching Ⅰ/Ⅱ/Ⅲ
      (not-applicable enterprises excluded), the number with a problem and its share;
    * ``problems``: indicators with at least one problem; ``kind`` = 共性问题 when the problem share
      ≥ ``common_share`` (5.3.2 行业关键共性问题), else 个性问题 (企业突出个性问题), with the
      enterprises concerned.
    """
    if not 0 < common_share <= 1:
        raise ValueError("common_share 须在 (0, 1] 之间")
    order = level_order(system)
    counts = result["level"].value_counts().reindex(order, fill_value=0) if len(result) else \
        pd.Series(0, index=order)
    n = int(counts.sum())
    distribution = pd.DataFrame({"count": counts.astype(int),
                                 "share": counts / n if n else counts.astype(float)})
    distribution.index.name = "level"
    ids = [i.id for i in system.indicators]
    lv = result[[LEVEL_PREFIX + x for x in ids]].to_numpy(float) if len(result) else np.empty((0, len(ids)))
    assessed = (~np.isnan(lv)).sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        rate = {k: np.where(assessed > 0, (lv <= k).sum(axis=0) / np.maximum(assessed, 1), np.nan) for k in (1, 2, 3)}
    bad = lv > problem_level
    n_bad = bad.sum(axis=0)
    share_bad = np.where(assessed > 0, n_bad / np.maximum(assessed, 1), 0.0)
    attainment = pd.DataFrame({
        "name": [i.name for i in system.indicators], "group": [i.group for i in system.indicators],
        "dimension": [system.dimension.get(x, "") for x in ids], "limiting": [i.limiting for i in system.indicators],
        "assessed": assessed, "rate_1": rate[1], "rate_2": rate[2], "rate_3": rate[3],
        "problems": n_bad, "problem_share": share_bad}, index=pd.Index(ids, name="indicator"))
    labels = pd.Series(result.index.astype(str) + "、", index=result.index)
    who = pd.DataFrame(bad, index=result.index, columns=ids).T.dot(labels).str.rstrip("、") \
        if len(result) else pd.Series("", index=ids)
    problems = attainment.loc[n_bad > 0, ["name", "dimension", "limiting", "assessed", "problems", "problem_share"]].copy()
    problems["kind"] = np.where(problems["problem_share"] >= common_share - 1e-12, "共性问题", "个性问题")
    problems["enterprises"] = who.reindex(problems.index)
    problems["_common"] = problems["kind"] == "共性问题"
    problems = problems.sort_values(["_common", "problem_share"], ascending=[False, False], kind="stable").drop(
        columns="_common")
    return {"distribution": distribution, "attainment": attainment, "problems": problems}


def problem_label(problem_level: int) -> str:
    return f"未达{LEVEL_NAMES[problem_level]}"
