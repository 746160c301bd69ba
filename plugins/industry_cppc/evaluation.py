"""Per-enterprise graded evaluation and the industry-level picture (5.2.3, 5.3.2).

Grading is the core's one 通则 implementation (``weighted_score`` of :mod:`cpframework.calc.grading`,
the same code ``cpaudit screen`` runs on 10⁶ enterprises): values in, graded frame out, no
per-enterprise loop.  :func:`industry_summary` turns the result into the level distribution,
attainment rates and common versus individual problems.
"""
from __future__ import annotations


import numpy as np
import pandas as pd

from cpframework.api import IndicatorSystem, calc

WEIGHT_PREFIX = "w_"  # per-product weighting only: effective weight per indicator
LEVEL_PREFIX = "lv_"  # per-indicator level columns of the result: lv_<indicator id> ∈ {1, 2, 3, 4, NaN}
LEVEL_NAMES = calc.grading.LEVEL_NAMES
NOT_GRADABLE = calc.grading.NOT_GRADABLE


def coded(system: IndicatorSystem, values: pd.DataFrame):
    """Raw cells → the core's coded cells (是/否, Ⅰ/Ⅱ/Ⅲ/未达, numbers; 不适用; unreadable cells marked)."""
    g = calc.grading
    return g.code_cells(g.compile_system(system), values)


def evaluate_enterprises(values: pd.DataFrame, system: IndicatorSystem, *, missing: str = "fail",
                         problem_level: int = 3, split_keys: pd.DataFrame | None = None) -> pd.DataFrame:
    """Grade every enterprise (row of ``values``; columns = indicator ids, raw cells).

    Returns one row per enterprise (same index): ``Y1``, ``Y2``, ``Y3`` (综合评价指数), ``level``,
    ``short_boards`` (indicators worse than ``problem_level``: 3 = 未达Ⅲ级, 2 = 未达Ⅱ级),
    ``limiting_failed`` (限定性指标未达Ⅲ级), ``limiting_below_I`` (限定性指标未达Ⅰ级, what keeps
    an enterprise out of Ⅰ级), ``missing`` (indicators with no value and no 不适用: graded as 未达Ⅲ级
    under ``missing="fail"``) and ``lv_<id>`` = level reached per indicator (1–4, NaN = 不适用).
    """
    g = calc.grading
    compiled = g.compile_system(system)
    cells = g.code_cells(compiled, values)
    keys = None if split_keys is None else split_keys.reindex(index=values.index, columns=compiled.ids).to_numpy(float)
    grading = g.grade_weighted(system, cells, missing=missing, compiled=compiled, split_keys=keys)
    lv = pd.DataFrame(grading.codes + 1.0, index=values.index, columns=compiled.ids)
    names = pd.Series([i.name + "、" for i in system.indicators], index=lv.columns)

    def listed(mask: np.ndarray) -> pd.Series:
        frame = pd.DataFrame(mask, index=values.index, columns=compiled.ids)
        return frame.dot(names).str.rstrip("、") if len(frame) else pd.Series(dtype=object)

    lim = compiled.limiting[None, :]
    with np.errstate(invalid="ignore"):
        out = pd.DataFrame({"Y1": grading.scores[:, 0], "Y2": grading.scores[:, 1], "Y3": grading.scores[:, 2],
                            "level": grading.level}, index=values.index)
        out["short_boards"] = listed((lv > problem_level).to_numpy())
        out["limiting_failed"] = listed((lv > 3).to_numpy() & lim)
        out["limiting_below_I"] = listed((lv > 1).to_numpy() & lim)
        out["missing"] = listed(grading.missing)
    if split_keys is not None:  # per-product weighting: the weights the enterprise was graded with
        out = out.join(pd.DataFrame(grading.weights, index=values.index, columns=compiled.ids).add_prefix(WEIGHT_PREFIX))
    return out.join(lv.add_prefix(LEVEL_PREFIX))


def level_order(system: IndicatorSystem) -> list[str]:
    rules = system.rules
    return [r.level for r in rules.rules] + [rules.fallback, NOT_GRADABLE]


def industry_summary(result: pd.DataFrame, system: IndicatorSystem, *, common_share: float = 0.3,
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
        "name": [i.name for i in system.indicators], "group": [i.category for i in system.indicators],
        "dimension": [i.dimension for i in system.indicators], "limiting": [i.limiting for i in system.indicators],
        "assessed": assessed, "rate_1": rate[1], "rate_2": rate[2], "rate_3": rate[3],
        "problems": n_bad, "problem_share": share_bad}, index=pd.Index(ids, name="indicator"))
    names = result.index.astype(str).to_numpy()
    order = np.argsort(names, kind="stable")  # enterprises listed by id, whatever the order of the rows
    who = pd.DataFrame(np.asarray(bad)[order], columns=ids).T.dot(pd.Series(names[order] + "、")).str.rstrip("、") \
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


ROMAN = {1: "Ⅰ", 2: "Ⅱ", 3: "Ⅲ"}


def grade_reason(row: pd.Series, system: IndicatorSystem) -> str:
    """Why an enterprise got its level, from the system's level rules: what it meets for its level and
    what it lacks for the next better one (comprehensive index, 限定性 / other indicators below a level)."""
    from cpframework.api import fmt

    ids = [i.id for i in system.indicators]
    lim = {i.id for i in system.indicators if i.limiting}

    def lv(i: str) -> float:
        v = row.get(LEVEL_PREFIX + i)
        return v if v == v else 0.0  # NaN = 不适用: meets every level

    def lacks(rule) -> list[str]:
        k = rule.score_level
        y = row.get(f"Y{k}")
        out = []
        if y is None or y != y or y < rule.min_score - 1e-9:
            below = [i for i in ids if lv(i) > k]
            out.append(f"Y{ROMAN.get(k, k)} = {fmt(y, 1) if y == y else '—'}，低于 {fmt(rule.min_score)}"
                       + (f"（未达{ROMAN.get(k, '')}级的指标：{'、'.join(below)}）" if below else ""))
        for need, among, label in ((rule.limiting_level, lim, "限定性指标"), (rule.others_level, set(ids) - lim, "其他指标")):
            bad = [i for i in ids if need is not None and i in among and lv(i) > need]
            if bad:
                out.append(f"{label} {'、'.join(bad)} 未达{ROMAN.get(need, '')}级")
        return out

    rules = list(system.rules.rules)
    for k, rule in enumerate(rules):
        if lacks(rule):
            continue
        y = row.get(f"Y{rule.score_level}")
        got = f"Y{ROMAN.get(rule.score_level, rule.score_level)} = {fmt(y, 1)} ≥ {fmt(rule.min_score)}" + \
            (f"，限定性指标均达{ROMAN.get(rule.limiting_level, '')}级" if rule.limiting_level else "")
        above = f"；未达{rules[k - 1].level}：{'，'.join(lacks(rules[k - 1]))}" if k else ""
        return got + above
    return f"未达{rules[-1].level}：{'，'.join(lacks(rules[-1]))}" if rules else ""
