"""通则 grading for screening: many rows at once, numpy only.

Gives exactly what :func:`cpframework.calc.grading.grade` gives (``tests/test_screen.py`` compares them),
but is built for 10⁵–10⁶ rows:

* qualitative cells arrive already coded (是/否 → 1/0, Ⅰ/Ⅱ/Ⅲ/未达 → 1–4; see ``industry.py``), so the
  level of every cell is a comparison on a float matrix — no per-cell Python call;
* effective weights (通则: not-applicable indicators drop out, the rest keep their proportions) depend
  only on which indicators apply; rows are grouped by that pattern (a bit mask), the core's
  :func:`~cpframework.calc.grading.renormalised_weights` runs once per distinct pattern, and the result
  is gathered back — the same numbers as row by row;
* "which indicators fall short" is a bit mask per row; the Chinese text is built once per distinct mask.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import attrs
import numpy as np
import pandas as pd

from cpframework.calc.grading import DIRECTIONS, Indicator, LevelRules, renormalised_weights, rule_conditions

MAX_INDICATORS = 52  # bit masks: sums of distinct powers of two stay exact in float64


@attrs.frozen
class Kernel:
    indicators: tuple[Indicator, ...]
    rules: LevelRules
    kinds: np.ndarray        # 1 ≥, -1 ≤, 0 是/否, 2 级别
    thresholds: np.ndarray   # m × 3 (NaN where not given)
    limiting: np.ndarray     # bool m
    bits: np.ndarray         # int64 m: 1 << j

    @property
    def ids(self) -> list[str]:
        return [i.id for i in self.indicators]

    def level_names(self) -> list[str]:
        """Level labels by code: rule levels, then the fallback (未达Ⅲ级), then 无法评定."""
        from cpframework.calc.grading import NOT_GRADABLE

        return [r.level for r in self.rules.rules] + [self.rules.fallback, NOT_GRADABLE]


def compile_kernel(indicators: Sequence[Indicator], rules: LevelRules) -> Kernel:
    from cpframework.calc.grading import CalcError, _spec

    _spec(indicators)  # the core's checks: ids unique, weights sum to 1
    if len(indicators) > MAX_INDICATORS:
        raise CalcError(f"批量筛查最多支持 {MAX_INDICATORS} 项指标，现有 {len(indicators)} 项")
    thr = np.array([[np.nan if x is None else float(x) for x in i.thresholds] for i in indicators], dtype=float)
    return Kernel(indicators=tuple(indicators), rules=rules,
                  kinds=np.array([DIRECTIONS[i.direction] for i in indicators]), thresholds=thr,
                  limiting=np.array([i.limiting for i in indicators], dtype=bool),
                  bits=np.left_shift(np.int64(1), np.arange(len(indicators), dtype=np.int64)))


def levels(k: Kernel, values: np.ndarray) -> np.ndarray:
    """Best level reached per cell (1–4), NaN = no value.  ``values``: n × m float (qualitative coded)."""
    v = np.asfortranarray(values, dtype=float)  # column-major: each indicator's column is contiguous
    out = np.empty(v.shape, order="F")
    with np.errstate(invalid="ignore"):
        for j, kind in enumerate(k.kinds):  # loop over indicators (columns), never over rows
            col, lv = v[:, j], out[:, j]
            if kind == 0:
                np.copyto(lv, np.where(col > 0, 1.0, 4.0))
            elif kind == 2:
                np.copyto(lv, np.where((col == 1.0) | (col == 2.0) | (col == 3.0), col, 4.0))
            else:
                s = float(kind)
                a = col * s if s < 0 else col
                t = k.thresholds[j] * s
                np.copyto(lv, np.where(a >= t[0], 1.0, np.where(a >= t[1], 2.0, np.where(a >= t[2], 3.0, 4.0))))
            lv[np.isnan(col)] = np.nan
    return out


def grade_levels(k: Kernel, lv: np.ndarray, *, missing: str = "not_applicable") -> dict[str, Any]:
    """Y_Ⅰ/Y_Ⅱ/Y_Ⅲ, level code (index into :meth:`Kernel.level_names`) and short-board masks per row.

    ``lv``: from :func:`levels`.  ``missing="fail"`` counts a missing value as below Ⅲ (as the core).
    Returns arrays: ``Y1 Y2 Y3`` (NaN when nothing applies), ``code`` (int8), ``failed`` (int64 bit mask of
    indicators below Ⅲ), ``lv`` (levels after the missing rule, NaN = not applicable).
    """
    n, m = lv.shape
    if missing != "not_applicable":
        lv = np.where(np.isnan(lv), 4.0, lv)
    pattern = mask(k, ~np.isnan(lv))
    inv, uniq = pd.factorize(pattern)  # hashing, not sorting
    patterns = ((uniq[:, None] & k.bits) != 0)
    eff_u = renormalised_weights(k.indicators, patterns).to_numpy() if len(uniq) else np.zeros((0, m))
    # weight reaching each level per row, in one pass: W[i, l] = Σ_j eff_ij [lv_ij = l]  (l = 0: not applicable)
    # column-major throughout (lv is): indicator j's cells are contiguous, so the ravels below do not copy
    code_t = np.asfortranarray(np.nan_to_num(lv, nan=0.0)).astype(np.intp, order="F").T   # m × n, C order
    slot = (np.arange(n, dtype=np.intp)[None, :] * 5 + code_t).ravel()
    eff_t = np.take(eff_u.T, inv, axis=1)                                                   # m × n, C order
    w = np.bincount(slot, weights=eff_t.ravel(), minlength=5 * n).reshape(n, 5)
    cum = np.cumsum(w[:, 1:4], axis=1)
    y = {s: np.round(100.0 * cum[:, s - 1], 9) for s in (1, 2, 3)}
    worst_lim = np.nan_to_num(lv[:, k.limiting], nan=0.0).max(axis=1, initial=0)
    worst_oth = np.nan_to_num(lv[:, ~k.limiting], nan=0.0).max(axis=1, initial=0)
    conds = rule_conditions(k.rules, y, worst_lim, worst_oth)
    n_rules = len(k.rules.rules)
    gradable = (eff_u.sum(axis=1) > 0)[inv] if len(uniq) else np.zeros(n, dtype=bool)
    code = np.where(gradable, np.select(conds, list(range(n_rules)), default=n_rules), n_rules + 1)
    out = {f"Y{s}": np.where(gradable, y[s], np.nan) for s in (1, 2, 3)}
    out["code"] = code.astype(np.int8)
    out["lv"] = lv
    return out


def mask(k: Kernel, cells: np.ndarray) -> np.ndarray:
    """Bit mask per row (int64, bit j = indicator j) of the indicators where ``cells`` (n × m bool) is true."""
    # a float matrix-vector product is exact here: distinct powers of two below 2**53
    return (np.asarray(cells, dtype=float) @ k.bits.astype(float)).astype(np.int64)


def mask_text(k: Kernel, masks: np.ndarray, sep: str = "、") -> np.ndarray:
    """Indicator names for each bit mask, joined by ``sep`` (built once per distinct mask)."""
    inv, uniq = pd.factorize(np.asarray(masks, dtype=np.int64))
    names = [i.name for i in k.indicators]
    text = np.array([sep.join(nm for nm, b in zip(names, k.bits) if u & b) for u in uniq.tolist()], dtype=object)
    return text[inv] if len(uniq) else np.array([], dtype=object)
