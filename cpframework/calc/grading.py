"""Grading methods — one implementation each, for one project and for a frame of many units.

A system (:class:`cpframework.model.IndicatorSystem`) is compiled once into arrays; a frame of units
(rows) × indicators (columns) is *coded* into numbers (:func:`code_cells`), the level each cell reaches
is found column by column (:func:`level_codes`), and a method grades the units:

* ``threshold`` — the level each indicator reaches (park guidelines: 先进/一般水平), no aggregate;
* ``weighted_score`` — 《清洁生产评价指标体系编制通则（试行稿）》 (sources in calc/data/SOURCES.md)::

      Y_gk(x_ij) = 100 if x_ij reaches level g_k else 0      (reaching Ⅰ implies Ⅱ and Ⅲ)
      Y_gk = Σ_i w_i Σ_j ω_ij Y_gk(x_ij),   Σ_i w_i = 1, Σ_j ω_ij = 1 within group i
      不适用 indicators drop out and the rest keep their proportions:
      ω'_ij = ω_ij / Σ_{j applicable} ω_ij  (and likewise w'_i over groups with any applicable indicator)
      a "W/n" weight (``Indicator.weight_split``): the set's W is split equally among its n applicable
      members before that proportional adjustment (0.8/n for the metal utilisation rates of 电镀);
      per product (``Indicator.weight_split_by``, 通则 §3.2 4): W is split in proportion to the unit's
      output of each applicable member's product, ω_ij = W × output_j / Σ output (``split_keys``)

  then the level rules (data: ``data/grading_rules.toml`` or the system's own) give each unit's level;
* ``share_of_load`` — key lists by cumulative share (:mod:`cpframework.calc.pareto`).

Level codes are 0 … L−1 (index of the level reached, best first), L = below every level, NaN = not
applicable.  A cell with no value that is not marked 不适用 is *missing*: ``missing="fail"`` (the
default) grades it below every level, ``missing="not_applicable"`` lets it drop out; either way the
:class:`Grading` marks it, so no output can hide it.
"""
from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, cast

import attrs

from cpframework.calc.tables import data_path, rule_sets
from cpframework.calc.trace import CalcError, Result, Trace, fmt
from cpframework.model import Indicator, IndicatorSystem, Level, LevelRule, LevelRules

TONGZE_LEVELS = (Level(id="I", label="Ⅰ级"), Level(id="II", label="Ⅱ级"), Level(id="III", label="Ⅲ级"))
TONGZE_BELOW = Level(id="below", label="未达Ⅲ级")
LEVEL_NAMES = {1: "Ⅰ级", 2: "Ⅱ级", 3: "Ⅲ级", 4: "未达Ⅲ级"}
NOT_GRADABLE = "无法评定"
MISSING_POLICIES = ("fail", "not_applicable")

# how cells are written in workbooks and screening files
NA_WORDS = frozenset({"不适用", "无此工序", "/", "—", "-", "NA", "N/A", "n/a", "na"})
YES_WORDS = {"是": 1.0, "否": 0.0, "具备": 1.0, "不具备": 0.0, "达标": 1.0, "未达标": 0.0, "有": 1.0, "无": 0.0,
             "yes": 1.0, "no": 0.0, "Y": 1.0, "N": 0.0, "true": 1.0, "false": 0.0}
LEVEL_WORDS = {"Ⅰ": 1, "Ⅱ": 2, "Ⅲ": 3, "Ⅰ级": 1, "Ⅱ级": 2, "Ⅲ级": 3, "I": 1, "II": 2, "III": 3,
               "一级": 1, "二级": 2, "三级": 3, "未达": 4, "未达Ⅲ级": 4, "不达标": 4, "IV": 4}

ROMAN = ("Ⅰ", "Ⅱ", "Ⅲ", "Ⅳ", "Ⅴ", "Ⅵ")
_OPS = {">=": 1, "<=": 2, ">": 3, "<": 4, "==": 5, "is": 6}
_EPS = 1e-9


# ---------------------------------------------------------------- level rules (data)


def load_level_rules(name: str = "default", path: str | Path = "grading_rules.toml") -> LevelRules:
    """A named rule set from a TOML file (see ``data/grading_rules.toml``)."""
    sets = rule_sets(path)
    block = sets.get(name)
    if block is None:
        raise CalcError(f"数据文件 {data_path(path)} 中没有规则集 [{name}]（已有：{'、'.join(sets)}）")
    rules = tuple(LevelRule(level=r.level, score_level=r.score_level, min_score=r.min_score,
                            limiting_level=r.limiting_level, others_level=r.others_level, title=r.title)
                  for r in block.rule)
    return LevelRules(rules=rules, fallback=block.fallback, description=block.description)


# ---------------------------------------------------------------- compiling a system


@attrs.frozen(eq=False)
class Compiled:
    """A system as arrays: thresholds per indicator × level, kinds, weights (see :func:`compile_system`)."""

    system: IndicatorSystem
    ops: Any          # m × L int (0 = no threshold for that level)
    values: Any       # m × L float threshold values (``is``: 1.0 for 是, 0.0 for 否)
    kind: Any         # m int: 0 number, 1 是/否, 2 level reached
    limiting: Any     # m bool
    gradable: Any     # m bool: the indicator has at least one threshold (or is a level indicator)
    group: Any        # m int index into ``group_weights`` (weighted systems), else zeros
    group_weights: Any
    weights: Any      # m float ω_ij within the group (a "W/n" member: W / size of its set, i.e. all applying)
    split: Any = None  # m int index of the "W/n" set an indicator belongs to, −1 for none
    split_by: tuple[str, ...] = ()  # per set index: "" equal shares, else the per-unit key W is shared by

    @property
    def indicators(self) -> tuple[Indicator, ...]:
        return self.system.indicators

    @property
    def ids(self) -> list[str]:
        return [i.id for i in self.system.indicators]

    @property
    def n_levels(self) -> int:
        return len(self.system.levels)


def _kind(ind: Indicator) -> int:
    if ind.direction == "level" or ind.kind == "level":
        return 2
    if ind.direction == "yes" or ind.kind == "yes_no":
        return 1
    return 0


def compile_system(system: IndicatorSystem) -> Compiled:
    """Check and compile a system once (weights sum to 1 per group and overall for weighted systems)."""
    import numpy as np

    inds, levels = list(system.indicators), list(system.levels)
    if not inds:
        raise CalcError(f"评价指标体系“{system.title}”没有指标")
    if not levels:
        raise CalcError(f"评价指标体系“{system.title}”没有定义级别")
    ids = [i.id for i in inds]
    if len(set(ids)) != len(ids):
        dup = next(x for x in ids if ids.count(x) > 1)
        raise CalcError(f"评价指标体系“{system.title}”中指标编号“{dup}”重复")
    m, n_lv = len(inds), len(levels)
    ops = np.zeros((m, n_lv), dtype=np.int8)
    vals = np.full((m, n_lv), np.nan)
    for j, ind in enumerate(inds):
        for k, lv in enumerate(levels):
            thr = ind.thresholds.get(lv.id)
            if thr is None:
                continue
            ops[j, k] = _OPS[thr.op]
            vals[j, k] = (1.0 if bool(thr.value) else 0.0) if thr.op == "is" else float(thr.value)
    kind = np.array([_kind(i) for i in inds], dtype=np.int8)
    gradable = (ops > 0).any(axis=1) | (kind == 2)
    group, gw, w = np.zeros(m, dtype=np.intp), np.ones(1), np.ones(m)
    split, split_by = np.full(m, -1, dtype=np.intp), cast(tuple[str, ...], ())
    if system.method == "weighted_score":
        split, split_by = _splits(system)
        group, gw, w = _weights(system, split)
    return Compiled(system=system, ops=ops, values=vals, kind=kind,
                    limiting=np.array([i.limiting for i in inds], dtype=bool), gradable=gradable,
                    group=group, group_weights=gw, weights=w, split=split, split_by=split_by)


def _splits(system: IndicatorSystem) -> tuple[Any, tuple[str, ...]]:
    """Index of each indicator's "W/n" set (−1 = own weight) and each set's key ("" = equal shares);
    members must agree on W, group and key."""
    import numpy as np

    names: list[str] = []
    first: dict[str, Indicator] = {}
    out = np.full(len(system.indicators), -1, dtype=np.intp)
    for j, ind in enumerate(system.indicators):
        if not ind.weight_split:
            continue
        head = first.setdefault(ind.weight_split, ind)
        if head.weight != ind.weight or head.category != ind.category or head.weight_split_by != ind.weight_split_by:
            raise CalcError(f"共同分配权重的指标“{head.name}”与“{ind.name}”（{ind.weight_split}）"
                            "须属于同一一级指标、写同一个总权重和同一种分配方式")
        if ind.weight_split not in names:
            names.append(ind.weight_split)
        out[j] = names.index(ind.weight_split)
    return out, tuple(first[name].weight_split_by for name in names)


def _weights(system: IndicatorSystem, split: Any) -> tuple[Any, Any, Any]:
    import numpy as np

    names = [g.name for g in system.groups]
    group = []
    for ind in system.indicators:
        owner = system.group_of(ind)
        if owner is None:
            raise CalcError(f"指标“{ind.name}”的一级指标“{ind.category}”未在体系“{system.title}”中定义")
        if ind.weight is None or not ind.weight >= 0:
            raise CalcError(f"指标“{ind.name}”须有非负的权重")
        group.append(names.index(owner.name))
    gw = np.array([g.weight for g in system.groups], dtype=float)
    if (gw < 0).any():
        raise CalcError(f"评价指标体系“{system.title}”的一级指标权重不能为负")
    if abs(gw.sum() - 1) > 1e-6:
        raise CalcError(f"一级指标权重之和须为 1，现为 {fmt(float(gw.sum()))}")
    gidx = np.array(group, dtype=np.intp)
    w = np.array([float(i.weight or 0) for i in system.indicators], dtype=float)
    for s in set(split[split >= 0].tolist()):  # a "W/n" set weighs W in all: W / size when all apply
        w[split == s] /= int((split == s).sum())
    sums = np.bincount(gidx, weights=w, minlength=len(gw))
    for g, name in enumerate(names):
        if not (gidx == g).any() or abs(sums[g] - 1) <= 1e-6:
            continue
        if abs(sums[g] - gw[g]) <= 1e-6 and gw[g] > 0:  # weights given as shares of the total
            w[gidx == g] /= gw[g]
        else:
            raise CalcError(f"一级指标“{name}”下二级指标权重之和须为 1（或等于一级权重），现为 {fmt(float(sums[g]))}")
    return gidx, gw, w


# ---------------------------------------------------------------- cells


@attrs.frozen(eq=False)
class Cells:
    """A frame of units coded for grading: ``values`` n × m float (是/否 → 1/0, level reached → 1…L+1),
    ``not_applicable`` (explicitly marked 不适用) and ``bad`` (unreadable) masks, row ``index``."""

    values: Any
    not_applicable: Any
    bad: Any
    index: Any

    @property
    def missing(self) -> Any:
        import numpy as np

        return np.isnan(self.values) & ~self.not_applicable & ~self.bad


def _code_column(col: Any, kind: int, n_levels: int) -> tuple[Any, Any, Any]:
    """One column of raw cells → (values, not applicable, bad); looked up once per distinct value."""
    import numpy as np
    import pandas as pd

    if kind == 0 and pd.api.types.is_numeric_dtype(col.dtype) and not pd.api.types.is_bool_dtype(col.dtype):
        v = col.to_numpy(dtype=float, na_value=np.nan, copy=True)
        bad = np.isinf(v)
        v[bad] = np.nan
        return v, np.zeros(len(v), dtype=bool), bad
    codes, uniq = pd.factorize(col, use_na_sentinel=True)
    out = np.full(len(uniq) + 1, np.nan)
    na = np.zeros(len(uniq) + 1, dtype=bool)
    bad = np.zeros(len(uniq) + 1, dtype=bool)
    for n, u in enumerate(uniq.tolist()):
        key = u.strip() if isinstance(u, str) else u
        if isinstance(key, str) and key == "":
            continue
        if isinstance(key, str) and key in NA_WORDS:
            na[n] = True
            continue
        value = _code_value(key, kind, n_levels)
        if value is None:
            bad[n] = True
        else:
            out[n] = value
    return out[codes], na[codes], bad[codes]


def _code_value(key: Any, kind: int, n_levels: int) -> float | None:
    if kind == 1:
        if isinstance(key, bool):
            return 1.0 if key else 0.0
        if isinstance(key, (int, float)) and key in (0, 1):
            return float(key)
        return YES_WORDS.get(str(key).strip()) if isinstance(key, str) else None
    if kind == 2:
        if isinstance(key, str):
            code = LEVEL_WORDS.get(key.strip())
            if code is None:
                try:
                    code = int(float(key))
                except ValueError:
                    return None
        elif isinstance(key, (int, float)) and not isinstance(key, bool) and math.isfinite(key):
            code = int(key) if float(key).is_integer() else None
        else:
            code = None
        if code is None or not 1 <= code <= n_levels + 1:
            return None
        return float(code)
    if isinstance(key, bool):
        return None
    try:
        x = float(str(key).replace(",", "")) if isinstance(key, str) else float(key)
    except (TypeError, ValueError):
        return None
    return x if math.isfinite(x) else None


def code_cells(compiled: Compiled, frame: Any) -> Cells:
    """Raw cells (numbers, 是/否, Ⅰ/Ⅱ/Ⅲ/未达, 不适用, blanks) → :class:`Cells`, column by column.

    ``frame``: DataFrame, rows = units, columns = indicator ids (a missing column is all missing).
    The matrices are column-major: every step works indicator by indicator, and a column of a row-major
    n × m matrix is a strided walk through memory (about 30× slower at 10⁵ rows)."""
    import numpy as np
    import pandas as pd

    n, m = len(frame), len(compiled.indicators)
    values = np.full((n, m), np.nan, order="F")
    na = np.zeros((n, m), dtype=bool, order="F")
    bad = np.zeros((n, m), dtype=bool, order="F")
    for j, ind in enumerate(compiled.indicators):
        if ind.id not in frame.columns:
            continue
        col = frame[ind.id]
        if not isinstance(col, pd.Series):
            raise CalcError(f"数据中指标列“{ind.id}”出现了不止一次")
        values[:, j], na[:, j], bad[:, j] = _code_column(col, int(compiled.kind[j]), compiled.n_levels)
    return Cells(values=values, not_applicable=na, bad=bad, index=frame.index)


# ---------------------------------------------------------------- levels per cell


def level_codes(compiled: Compiled, values: Any) -> Any:
    """Best level reached per cell: 0 … L−1 (index of the level, best first), L = below every level,
    NaN = no value or no threshold.  ``values``: n × m coded floats (see :func:`code_cells`)."""
    import numpy as np

    v = np.asfortranarray(values, dtype=float)  # column by column (see :func:`code_cells`)
    n_lv = compiled.n_levels
    out = np.full(v.shape, np.nan, order="F")
    with np.errstate(invalid="ignore"):
        for j in range(v.shape[1]):  # per indicator (column), never per unit
            if not compiled.gradable[j]:
                continue
            col = v[:, j]
            if compiled.kind[j] == 2:
                lv = col - 1.0
            else:
                lv = np.full(len(col), float(n_lv))
                for k in range(n_lv - 1, -1, -1):  # worst level first, so the best level met wins
                    op = compiled.ops[j, k]
                    if op:
                        lv = np.where(_met(col, op, compiled.values[j, k]), float(k), lv)
            lv[np.isnan(col)] = np.nan
            out[:, j] = lv
    return out


def _met(x: Any, op: int, t: float) -> Any:
    if op == 1:
        return x >= t - _EPS
    if op == 2:
        return x <= t + _EPS
    if op == 3:
        return x > t
    if op == 4:
        return x < t
    if op == 5:
        return abs(x - t) <= _EPS
    return (x > 0.5) == (t > 0.5)  # is 是/否


# ---------------------------------------------------------------- grading


@attrs.frozen(eq=False)
class Grading:
    """The result of grading a frame of units with one system.

    ``codes``: level per cell after the missing policy (0 … L−1, L = below, NaN = not applicable);
    ``missing``: cells with no value that were not marked 不适用; ``weights``/``scores`` (weighted
    systems): effective weights per cell and Y per level (n × L, 0–100); ``level``: the unit's level
    (weighted systems; ``NOT_GRADABLE`` when no indicator applies), else empty strings.
    """

    compiled: Compiled
    index: Any
    codes: Any
    missing: Any
    weights: Any = None
    scores: Any = None
    level: Any = None
    level_index: Any = None  # weighted systems: int per unit, index into :func:`level_names` of the rules

    @property
    def system(self) -> IndicatorSystem:
        return self.compiled.system

    def level_frame(self) -> Any:
        import pandas as pd

        return pd.DataFrame(self.codes, index=self.index, columns=self.compiled.ids)

    def below(self) -> Any:
        """n × m bool: cells below every level."""
        return self.codes == self.compiled.n_levels

    def units_with_missing(self) -> Any:
        return self.missing.any(axis=1)


def level_names(rules: LevelRules) -> list[str]:
    """The levels a weighted grading can give, in order: the rules' levels, the fallback, ``NOT_GRADABLE``."""
    return [r.level for r in rules.rules] + [rules.fallback, NOT_GRADABLE]


def _apply_missing(cells: Cells, codes: Any, n_levels: int, missing: str) -> Any:
    import numpy as np

    if missing not in MISSING_POLICIES:
        raise CalcError(f"缺值处理方式“{missing}”无法识别，应为 fail（按未达最低级计）或 not_applicable（不参与评价）")
    miss = cells.missing
    if missing == "fail":
        codes = np.where(miss, float(n_levels), codes)
    return codes


def grade_threshold(system: IndicatorSystem, cells: Cells, *, missing: str = "fail",
                    compiled: Compiled | None = None) -> Grading:
    """The level each indicator reaches, per unit (no aggregate)."""
    import numpy as np

    c = compiled or compile_system(system)
    codes = _apply_missing(cells, level_codes(c, cells.values), c.n_levels, missing)
    codes = np.where(c.gradable[None, :], codes, np.nan)
    return Grading(compiled=c, index=cells.index, codes=codes, missing=cells.missing & c.gradable[None, :],
                   level=np.full(len(cells.index), "", dtype=object))


def keyed_sets(c: Compiled) -> list[int]:
    """The sets whose W is shared in proportion to a per-unit key (per product output), not equally."""
    return [s for s, by in enumerate(c.split_by) if by]


def effective_weights(c: Compiled, applicable: Any, split_keys: Any = None) -> Any:
    """w'_i ω'_ij per unit (n × m; rows sum to 1, or 0 when nothing applies).

    ``split_keys`` (n × m, needed by keyed sets only): the per-unit key of each member, e.g. the unit's
    output of the member's product.  A unit with an applicable member whose key is absent or ≤ 0 gets no
    weights at all, so it is graded ``NOT_GRADABLE`` (never an equal share in place of the missing output)."""
    import numpy as np

    a = np.asarray(applicable, dtype=float)
    onehot = np.zeros((len(c.weights), len(c.group_weights)))
    onehot[np.arange(len(c.weights)), c.group] = 1.0
    ow = a * c.weights
    split = c.split if c.split is not None else np.full(len(c.weights), -1)
    void = np.zeros(len(a), dtype=bool)
    for s in set(split[split >= 0].tolist()):  # W split among the set's applicable members
        cols = split == s
        total = float(c.weights[cols].sum())
        share = a[:, cols]
        if s < len(c.split_by) and c.split_by[s]:  # in proportion to the key (通则 §3.2 4: by output)
            if split_keys is None:
                raise CalcError(f"指标“{c.indicators[int(np.flatnonzero(cols)[0])].name}”按{c.split_by[s]}分配权重，"
                                f"评价时须给出各评价对象的{c.split_by[s]}")
            key = np.asarray(split_keys, dtype=float)[:, cols]
            void |= ((share > 0) & ~(key > 0)).any(axis=1)
            share = np.where((share > 0) & (key > 0), key, 0.0)
        n_app = share.sum(axis=1, keepdims=True)
        ow[:, cols] = share * np.divide(total, n_app, out=np.zeros_like(n_app), where=n_app > 0)
    gs = ow @ onehot                                   # Σ_j applicable ω_ij per group
    per = gs @ onehot.T
    inner = np.divide(ow, per, out=np.zeros_like(ow), where=per > 0)
    g_in = (gs > 0) * c.group_weights
    g_tot = g_in.sum(axis=1, keepdims=True)
    g_in = np.divide(g_in, g_tot, out=np.zeros_like(g_in), where=g_tot > 0)
    out = inner * (g_in @ onehot.T)
    out[void] = 0.0
    return out


def rule_conditions(rules: LevelRules, y: Mapping[int, Any], worst_lim: Any, worst_oth: Any) -> list[Any]:
    """One boolean array per level rule (in rule order); levels in rules are 1-based (L + 1 = below)."""
    conds = []
    for r in rules.rules:
        cond = y[r.score_level] >= r.min_score - _EPS
        if r.limiting_level is not None:
            cond = cond & (worst_lim <= r.limiting_level)
        if r.others_level is not None:
            cond = cond & (worst_oth <= r.others_level)
        conds.append(cond)
    return conds


def grade_weighted(system: IndicatorSystem, cells: Cells, *, missing: str = "fail",
                   compiled: Compiled | None = None, split_keys: Any = None) -> Grading:
    """通则 comprehensive indices and level per unit (see the module docstring).

    Effective weights depend only on which indicators apply, so they are computed once per distinct
    applicability pattern (hashing the rows' bit masks) and gathered back: the same numbers as row by
    row, at the cost of a few matrix products for 10⁶ units.  A system weighting per product output
    (``split_keys``, see :func:`effective_weights`) computes them row by row."""
    import numpy as np
    import pandas as pd

    c = compiled or compile_system(system)
    rules = system.rules or load_level_rules()
    n_lv = c.n_levels
    codes = _apply_missing(cells, level_codes(c, cells.values), n_lv, missing)
    n, m = codes.shape
    applicable = ~np.isnan(codes)
    if keyed_sets(c):
        eff = np.asfortranarray(effective_weights(c, applicable, split_keys))
    elif m <= 62:
        bits = (1 << np.arange(m, dtype=np.int64))
        pattern = (applicable.astype(float) @ bits.astype(float)).astype(np.int64)
        inv, uniq = pd.factorize(pattern)
        eff_u = effective_weights(c, (uniq[:, None] & bits) != 0) if len(uniq) else np.zeros((0, m))
        eff = np.take(np.ascontiguousarray(eff_u.T), inv, axis=1).T  # n × m, column-major like ``codes``
    else:
        eff = np.asfortranarray(effective_weights(c, applicable))
    # Σ_j w'_ij · Y_k(x_ij) per level k (NaN, not applicable, is never <= k), summed indicator by indicator
    scores = np.zeros((n, n_lv), order="F")
    for k in range(n_lv):
        scores[:, k] = np.einsum("ij,ij->i", eff, codes <= k)
    worst_lim, worst_oth = np.zeros(n), np.zeros(n)
    for j in range(m):  # the worst level reached per kind of indicator; fmax lets NaN drop out
        worst = worst_lim if c.limiting[j] else worst_oth
        np.fmax(worst, codes[:, j] + 1.0, out=worst)
    scores = np.round(100.0 * scores, 9)
    y = {k + 1: scores[:, k] for k in range(n_lv)}
    conds = rule_conditions(rules, y, worst_lim, worst_oth)
    names = level_names(rules)
    gradable = eff.sum(axis=1) > 0
    index = np.where(gradable, np.select(conds, np.arange(len(conds)), default=len(conds)), len(conds) + 1) if n \
        else np.zeros(0, dtype=np.int64)
    level = np.array(names, dtype=object)[index]
    scores = np.where(gradable[:, None], scores, np.nan)
    return Grading(compiled=c, index=cells.index, codes=codes, missing=cells.missing, weights=eff,
                   scores=scores, level=level, level_index=index.astype(np.int8))


def grade(system: IndicatorSystem, frame: Any, *, missing: str = "fail", methods: Mapping[str, Any] | None = None,
          split_keys: Any = None) -> Grading:
    """Code ``frame`` (rows = units, columns = indicator ids) and grade it with the system's method
    (``split_keys``: per product outputs of a system that weights by them, see :func:`effective_weights`)."""
    c = compile_system(system)
    cells = code_cells(c, frame)
    bad = cells.bad.any(axis=0)
    if bad.any():
        names = "、".join(i.name for i, b in zip(system.indicators, bad) if b)
        raise CalcError(f"以下指标有无法识别的取值：{names}（应为数值、是/否、Ⅰ/Ⅱ/Ⅲ/未达 或“不适用”）")
    func = (methods or METHODS).get(system.method)
    if func is None:
        raise CalcError(f"评价指标体系“{system.title}”的评价方法“{system.method}”不存在")
    return func(system, cells, missing=missing, compiled=c, **({"split_keys": split_keys} if split_keys is not None else {}))


METHODS = {"threshold": grade_threshold, "weighted_score": grade_weighted}


# ---------------------------------------------------------------- gaps and traces


def gap_to(thr: Any, value: Any, unit: str) -> tuple[float | None, str]:
    """How far ``value`` is from meeting ``thr`` (0 when met), and the sentence for a reader."""
    if thr.op == "is":
        return None, f"需达到“{thr.show()}”"
    diff = float(thr.value) - float(value)
    if thr.op in ("<=", "<"):
        diff = -diff
    if thr.op == "==":
        diff = abs(diff)
    if diff <= 0:
        return 0.0, ""
    verb = "需降低" if thr.op in ("<=", "<", "==") and float(value) > float(thr.value) else "需提高"
    suffix = unit if unit not in ("—", "-", "%") else ("个百分点" if unit == "%" else "")
    return diff, f"{verb} {fmt(diff)}{(' ' + suffix) if suffix else ''}"


def unit_traces(g: Grading, row: int, values: Mapping[str, Any], name: str = "清洁生产水平") -> tuple[list[Result], Result]:
    """Traces of one unit of a weighted grading (计算过程): Y per level and the level decision."""
    import numpy as np

    c, system = g.compiled, g.system
    rules = system.rules or load_level_rules()
    levels = list(system.levels)
    codes, eff = g.codes[row], g.weights[row]
    detail = []
    for j, ind in enumerate(c.indicators):
        v = values.get(ind.id)
        shown = fmt(v) if c.kind[j] == 0 and isinstance(v, (int, float)) else ("—" if v is None else str(v))
        unit = f" {ind.unit}" if ind.unit and isinstance(v, (int, float)) and c.kind[j] == 0 else ""
        if np.isnan(codes[j]):
            state = "不参与计算（未选用或不适用）"
        else:
            reached = levels[int(codes[j])].label if codes[j] < len(levels) else system.below_level.label
            state = f"达到{reached}，调整后权重 {fmt(float(eff[j]))}" + ("，限定性指标" if ind.limiting else "") \
                + ("（未填写，按未达最低级计）" if g.missing[row, j] else "")
        detail.append(f"{ind.name}（{ind.category}）：{shown}{unit}，{state}")
    scores = []
    for k, lv in enumerate(levels):
        terms = [f"{fmt(float(eff[j]))}×{100 if codes[j] <= k else 0}" for j in range(len(codes)) if not np.isnan(codes[j])]
        y = float(g.scores[row, k])
        scores.append(Result(y, "", Trace(
            name=f"综合评价指数 Y{ROMAN[k]}",
            formula=f"对全部参与评价的指标求和：调整后权重 × 隶属度（达到{lv.label}及以上为 100，否则为 0）；"
                    "不适用的指标不参与计算，其余指标按原权重比例调整"
                    + ("；按适用项数分配的权重（如 0.8/n）先在适用的 n 项间均分" if (c.split >= 0).any() and
                       not all(c.split_by) else "")
                    + ("；按产品分列的指标，其权重按各产品产量占比分配" if keyed_sets(c) else ""),
            substitution=" + ".join(terms) or "—", result=fmt(y), notes=tuple(detail) if k == 0 else ())))
    rule_text = tuple(f"{r.level}：Y{ROMAN[r.score_level - 1]} ≥ {fmt(r.min_score)}"
                      + (f"，限定性指标达{_level_label(system, r.limiting_level)}及以上" if r.limiting_level else "")
                      + (f"，其余指标达{_level_label(system, r.others_level)}及以上" if r.others_level else "")
                      for r in rules.rules)
    below = [ind.name for j, ind in enumerate(c.indicators) if codes[j] == len(levels)]
    notes = rule_text + ((f"未达{levels[-1].label}的指标：{'、'.join(below)}",) if below else ())
    level = str(g.level[row])
    subst = "，".join(f"Y{ROMAN[k]} = {fmt(float(g.scores[row, k]))}" for k in range(len(levels)))
    return scores, Result(level, "", Trace(name=f"{name}等级", formula="按顺序检查各级判定规则，第一条满足的即为评定等级",
                                           substitution=subst, result=level, notes=notes))


def _level_label(system: IndicatorSystem, one_based: int) -> str:
    levels = list(system.levels)
    return levels[one_based - 1].label if 1 <= one_based <= len(levels) else system.below_level.label


def tongze_system(standard: str, id: str, title: str, indicators: Sequence[Indicator], groups: Sequence[Any],
                  rules: LevelRules | None = None, **kw: Any) -> IndicatorSystem:
    """A weighted system with the 通则 levels Ⅰ/Ⅱ/Ⅲ (ids ``I``/``II``/``III``)."""
    return IndicatorSystem(standard=standard, id=id, title=title, method="weighted_score", levels=TONGZE_LEVELS,
                           below_level=TONGZE_BELOW, groups=tuple(groups), rules=rules or load_level_rules(),
                           indicators=tuple(indicators), **kw)
