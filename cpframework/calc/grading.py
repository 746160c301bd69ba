"""Graded evaluation per 《清洁生产评价指标体系编制通则（试行稿）》 (domain-reference §3), vectorised.

    Y_gk(x_ij) = 100 if x_ij reaches level g_k else 0      (reaching Ⅰ implies Ⅱ and Ⅲ)
    Y_gk = Σ_i w_i Σ_j ω_ij Y_gk(x_ij),   Σ_i w_i = 1, Σ_j ω_ij = 1 within group i
    Not-applicable indicators drop out and the rest keep their proportions:
    ω'_ij = ω_ij / Σ_{j applicable} ω_ij  (and likewise w'_i over groups with any applicable indicator).

Direction: ">=" (higher is better), "<=" (lower is better), "yes" (qualitative 是/否: 是 meets every level),
"level" (qualitative, the value is the level reached: 1/2/3 or Ⅰ/Ⅱ/Ⅲ).  Level rules are data
(``data/grading_rules.toml``): the first rule that holds gives the level.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from cpframework.calc.tables import data_path, rule_sets
from cpframework.calc.trace import CalcError, Result, Trace, fmt

LEVEL_NAMES = {1: "Ⅰ级", 2: "Ⅱ级", 3: "Ⅲ级", 4: "未达Ⅲ级"}
DIRECTIONS = {">=": 1, "≥": 1, "<=": -1, "≤": -1, "yes": 0, "是否": 0, "level": 2, "等级": 2}
YES = {True: 1.0, False: 0.0, 1: 1.0, 0: 0.0, "是": 1.0, "否": 0.0, "yes": 1.0, "no": 0.0, "Y": 1.0, "N": 0.0}
LEVEL_TEXT = {"Ⅰ": 1, "Ⅱ": 2, "Ⅲ": 3, "Ⅰ级": 1, "Ⅱ级": 2, "Ⅲ级": 3, "I": 1, "II": 2, "III": 3}
NOT_GRADABLE = "无法评定"


@attrs.frozen
class Indicator:
    id: str
    name: str
    group: str            # 一级指标
    group_weight: float   # w_i
    weight: float         # ω_ij within the group
    direction: str = ">="
    thresholds: tuple = (None, None, None)  # Ⅰ, Ⅱ, Ⅲ 基准值 (quantitative only)
    limiting: bool = False  # 限定性指标
    unit: str = ""


@attrs.frozen
class LevelRule:
    level: str
    score_level: int          # which Y_k is compared (1, 2, 3)
    min_score: float
    limiting_level: int | None = None  # 限定性指标 must reach this level or better
    others_level: int | None = None    # non-limiting indicators must reach this level or better
    title: str = ""


@attrs.frozen
class LevelRules:
    rules: tuple[LevelRule, ...]
    fallback: str = "未达Ⅲ级"
    description: str = ""


def load_level_rules(name: str = "default", path: str | Path = "grading_rules.toml") -> LevelRules:
    """A named rule set from a TOML file (see ``data/grading_rules.toml``)."""
    sets = rule_sets(path)
    block = sets.get(name)
    if block is None:
        raise CalcError(f"数据文件 {data_path(path)} 中没有规则集 [{name}]（已有：{'、'.join(sets)}）")
    rules = tuple(LevelRule(level=r.level, score_level=r.score_level, min_score=r.min_score,
                            limiting_level=r.limiting_level, others_level=r.others_level, title=r.title)
                  for r in block.rule)
    return LevelRules(rules, fallback=block.fallback, description=block.description)


def _spec(indicators: Sequence[Indicator]):
    import numpy as np
    import pandas as pd

    if not indicators:
        raise CalcError("评价指标表为空")
    ids = [i.id for i in indicators]
    if len(set(ids)) != len(ids):
        raise CalcError("评价指标编号重复")
    for i in indicators:
        if i.direction not in DIRECTIONS:
            raise CalcError(f"指标“{i.name}”的方向“{i.direction}”无法识别（应为 ≥、≤、yes 或 level）")
        if not (i.weight >= 0 and i.group_weight >= 0):
            raise CalcError(f"指标“{i.name}”的权重不能为负")
    groups = pd.Index(pd.unique(pd.Series([i.group for i in indicators])))
    gcode = groups.get_indexer([i.group for i in indicators])
    gw = np.zeros(len(groups))
    for i, g in zip(indicators, gcode):
        if gw[g] and abs(gw[g] - i.group_weight) > 1e-9:
            raise CalcError(f"一级指标“{i.group}”的权重前后不一致")
        gw[g] = i.group_weight
    if abs(gw.sum() - 1) > 1e-6:
        raise CalcError(f"一级指标权重之和须为 1，现为 {fmt(float(gw.sum()))}")
    w = np.array([i.weight for i in indicators], dtype=float)
    sums = np.bincount(gcode, weights=w, minlength=len(groups))
    for g, name in enumerate(groups):
        if abs(sums[g] - 1) <= 1e-6:
            continue
        if abs(sums[g] - gw[g]) <= 1e-6 and gw[g] > 0:  # weights given as shares of the total
            w[gcode == g] /= gw[g]
        else:
            raise CalcError(f"一级指标“{name}”下二级指标权重之和须为 1（或等于一级权重），现为 {fmt(float(sums[g]))}")
    onehot = np.zeros((len(indicators), len(groups)))
    onehot[np.arange(len(indicators)), gcode] = 1.0
    return ids, w, gw, onehot


def achieved_levels(indicators: Sequence[Indicator], values: Any):
    """Best level reached per cell: 1/2/3, 4 = below Ⅲ, NaN = no value (DataFrame like ``values``)."""
    import numpy as np
    import pandas as pd

    ids = [i.id for i in indicators]
    missing = [x for x in ids if x not in values.columns]
    if missing:
        raise CalcError(f"数据中缺少指标列：{'、'.join(missing)}")
    out = np.full((len(values), len(ids)), np.nan)
    for c, ind in enumerate(indicators):
        col = values[ind.id]
        kind = DIRECTIONS[ind.direction]
        if kind == 0:
            v = col.map(lambda x: YES.get(x.strip() if isinstance(x, str) else x, np.nan)
                        if not (isinstance(x, float) and np.isnan(x)) else np.nan).to_numpy(float)
            if np.isnan(v).sum() > col.isna().sum():
                raise CalcError(f"定性指标“{ind.name}”的取值须为 是/否")
            out[:, c] = np.where(np.isnan(v), np.nan, np.where(v > 0, 1, 4))
            continue
        if kind == 2:
            v = col.map(lambda x: LEVEL_TEXT.get(x.strip(), np.nan) if isinstance(x, str) else x).astype(float)
            v = v.to_numpy()
            out[:, c] = np.where(np.isnan(v), np.nan, np.where(np.isin(v, (1, 2, 3)), v, 4))
            continue
        v = pd.to_numeric(col, errors="coerce").to_numpy(float)
        if np.isnan(v).sum() > col.isna().sum():
            raise CalcError(f"指标“{ind.name}”有非数值数据")
        t = np.array([np.nan if x is None else float(x) for x in ind.thresholds])
        if len(t) != 3 or np.isnan(t).all():
            raise CalcError(f"定量指标“{ind.name}”须给出Ⅰ、Ⅱ、Ⅲ级基准值")
        s = float(kind)
        with np.errstate(invalid="ignore"):
            meets = [(s * v) >= (s * t[k]) for k in range(3)]  # NaN thresholds → never met
        lvl = np.where(meets[0], 1, np.where(meets[1], 2, np.where(meets[2], 3, 4))).astype(float)
        out[:, c] = np.where(np.isnan(v), np.nan, lvl)
    return pd.DataFrame(out, index=values.index, columns=ids)


def renormalised_weights(indicators: Sequence[Indicator], applicable: Any):
    """Effective weight w'_i ω'_ij of each indicator per row (rows sum to 1, or 0 if nothing applies)."""
    import numpy as np
    import pandas as pd

    ids, w, gw, onehot = _spec(indicators)
    a = np.asarray(applicable, dtype=float)
    ow = a * w
    gs = ow @ onehot                                   # Σ_j applicable ω_ij per group
    inner = np.divide(ow, gs @ onehot.T, out=np.zeros_like(ow), where=(gs @ onehot.T) > 0)
    g_in = (gs > 0) * gw
    g_tot = g_in.sum(axis=1, keepdims=True)
    g_in = np.divide(g_in, g_tot, out=np.zeros_like(g_in), where=g_tot > 0)
    index = getattr(applicable, "index", None)
    return pd.DataFrame(inner * (g_in @ onehot.T), index=index, columns=ids)


@attrs.frozen
class Grading:
    table: Any     # per unit: Y1, Y2, Y3, level, failed, limiting_failed
    achieved: Any  # level reached per unit × indicator (1..4, NaN = not applicable)
    weights: Any   # effective weights per unit × indicator
    rules: LevelRules


def rule_conditions(rules: LevelRules, y: Mapping[Any, Any], worst_lim: Any, worst_oth: Any) -> list[Any]:
    """One boolean array per level rule (in rule order): Y at the rule's level ≥ its minimum score, the
    worst 限定性 level and the worst other level no worse than the rule allows (levels: 1 = Ⅰ … 4 = below)."""
    conds = []
    for r in rules.rules:
        c = y[r.score_level] >= r.min_score - 1e-9
        if r.limiting_level is not None:
            c &= worst_lim <= r.limiting_level
        if r.others_level is not None:
            c &= worst_oth <= r.others_level
        conds.append(c)
    return conds


def grade(indicators: Sequence[Indicator], values: Any, rules: LevelRules | None = None, *,
          missing: str = "not_applicable", applicable: Any = None) -> Grading:
    """Grade many units at once.  ``values``: DataFrame, rows = units, columns = indicator ids.

    ``missing``: "not_applicable" (NaN drops out, weights re-normalised) or "fail" (NaN = below Ⅲ).
    ``applicable``: optional bool DataFrame marking indicators that do not apply even with a value.
    """
    import numpy as np
    import pandas as pd

    rules = rules or load_level_rules()
    if missing not in ("not_applicable", "fail"):
        raise CalcError("missing 参数须为 not_applicable 或 fail")
    _spec(indicators)  # weights first: a broken table is reported before any data problem
    ach = achieved_levels(indicators, values)
    lv = ach.to_numpy()
    app = ~np.isnan(lv) if missing == "not_applicable" else np.ones_like(lv, dtype=bool)
    if applicable is not None:
        app &= np.asarray(applicable.reindex(index=values.index, columns=ach.columns, fill_value=True), dtype=bool)
    lv = np.where(app, np.nan_to_num(lv, nan=4.0), np.nan)
    eff = renormalised_weights(indicators, pd.DataFrame(app, index=values.index, columns=ach.columns))
    e = eff.to_numpy()
    y = {k: 100.0 * (e * (np.nan_to_num(lv, nan=9) <= k)).sum(axis=1) for k in (1, 2, 3)}
    y = {k: np.round(v, 9) for k, v in y.items()}
    limiting = np.array([i.limiting for i in indicators])
    worst_lim = np.nanmax(np.where(limiting, lv, np.nan), axis=1, initial=0) if limiting.any() \
        else np.zeros(len(lv))
    worst_oth = np.nanmax(np.where(~limiting, lv, np.nan), axis=1, initial=0) if (~limiting).any() \
        else np.zeros(len(lv))
    conds = rule_conditions(rules, y, worst_lim, worst_oth)
    names = [r.level for r in rules.rules]
    gradable = e.sum(axis=1) > 0
    level = np.where(gradable, np.select(conds, names, default=rules.fallback), NOT_GRADABLE)
    failed_mask = pd.DataFrame(lv == 4, index=values.index, columns=[i.name for i in indicators])
    labels = pd.Series([i.name + "、" for i in indicators], index=failed_mask.columns)
    failed = failed_mask.dot(labels).str.rstrip("、") if len(values) else pd.Series([], dtype=object)
    lim_failed = failed_mask.loc[:, limiting].dot(labels[limiting]).str.rstrip("、") if limiting.any() and len(values) \
        else pd.Series("", index=values.index)
    table = pd.DataFrame({"Y1": np.where(gradable, y[1], np.nan), "Y2": np.where(gradable, y[2], np.nan),
                          "Y3": np.where(gradable, y[3], np.nan), "level": level,
                          "failed": failed, "limiting_failed": lim_failed}, index=values.index)
    return Grading(table=table, achieved=pd.DataFrame(lv, index=values.index, columns=ach.columns),
                   weights=eff, rules=rules)


@attrs.frozen
class UnitGrade:
    scores: tuple[Result, Result, Result]  # Y_Ⅰ, Y_Ⅱ, Y_Ⅲ
    level: Result
    grading: Grading


def grade_unit(indicators: Sequence[Indicator], values: Mapping[str, Any], rules: LevelRules | None = None,
               *, missing: str = "not_applicable", name: str = "清洁生产水平") -> UnitGrade:
    """One unit, with traces for Y_Ⅰ/Y_Ⅱ/Y_Ⅲ and the level (计算过程)."""
    import pandas as pd

    frame = pd.DataFrame([{i.id: values.get(i.id) for i in indicators}], index=[name], dtype=object)
    g = grade(indicators, frame, rules, missing=missing)
    row, lv, eff = g.table.iloc[0], g.achieved.iloc[0], g.weights.iloc[0]
    detail = tuple(
        f"{i.name}（{i.group}）：{fmt(values.get(i.id)) if i.direction not in ('yes', '是否') else values.get(i.id)}"
        f"{(' ' + i.unit) if i.unit and values.get(i.id) is not None else ''}，" + ("不适用，不参与计算" if pd.isna(lv[i.id]) else
                         f"达到{LEVEL_NAMES[int(lv[i.id])]}，调整后权重 {fmt(float(eff[i.id]))}"
                         + ("，限定性指标" if i.limiting else ""))
        for i in indicators)
    scores = []
    for k, sym in ((1, "Ⅰ"), (2, "Ⅱ"), (3, "Ⅲ")):
        terms = [f"{fmt(float(eff[i.id]))}×{100 if lv[i.id] <= k else 0}" for i in indicators
                 if not pd.isna(lv[i.id])]
        scores.append(Result(float(row[f"Y{k}"]), "", Trace(
            name=f"Y_{sym}", formula=f"Σ_i w_i Σ_j ω_ij Y_g{k}(x_ij)（隶属度 100/0，不适用指标按比例调整权重）",
            substitution=" + ".join(terms) or "—", result=fmt(float(row[f"Y{k}"])),
            notes=detail if k == 1 else ())))
    rule_text = tuple(f"{r.level}：Y_{'ⅠⅡⅢ'[r.score_level - 1]} ≥ {fmt(r.min_score)}"
                      + (f"，限定性指标达{LEVEL_NAMES[r.limiting_level]}及以上" if r.limiting_level else "")
                      + (f"，其余指标达{LEVEL_NAMES[r.others_level]}及以上" if r.others_level else "")
                      for r in g.rules.rules)
    notes = rule_text + ((f"未达Ⅲ级的指标：{row['failed']}",) if row["failed"] else ())
    level = Result(str(row["level"]), "", Trace(
        name=f"{name}等级", formula="按顺序检查各级判定规则，第一条满足的即为评定等级",
        substitution=f"Y_Ⅰ = {fmt(float(row['Y1']))}，Y_Ⅱ = {fmt(float(row['Y2']))}，Y_Ⅲ = {fmt(float(row['Y3']))}",
        result=str(row["level"]), notes=notes))
    return UnitGrade(scores=tuple(scores), level=level, grading=g)
