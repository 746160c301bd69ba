"""Straightforward per-row Python versions of the two screens — the oracle the tests compare the vectorised
screeners with, and the "per-row loop" the benchmark times.  Written from the method (通则 grading,
cumulative-share key lists), not from the vectorised code: plain loops, dicts and ``sorted``.
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

EPS = 1e-12


def _is_na(x: Any) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


# how people write qualitative cells — written out here, independently of the code under test
NOT_APPLICABLE = {"不适用", "无此工序", "/", "—", "-", "NA", "N/A"}
YES = {"是": True, "否": False, "具备": True, "不具备": False, "达标": True, "未达标": False, True: True, False: False,
       1: True, 0: False}
LEVEL = {"Ⅰ": 1, "Ⅱ": 2, "Ⅲ": 3, "Ⅰ级": 1, "Ⅱ级": 2, "Ⅲ级": 3, "未达": 4, "未达Ⅲ级": 4, 1: 1, 2: 2, 3: 3, 4: 4}


class _Ind:
    """The few facts of an indicator this oracle needs, read from the system's records."""

    def __init__(self, ind: Any, system: Any):
        self.id, self.name, self.limiting = ind.id, ind.name, ind.limiting
        self.direction = {"higher": ">=", "lower": "<=", "yes": "yes", "level": "level"}[ind.direction]
        self.group = ind.category
        self.group_weight = next(g.weight for g in system.groups if ind.category in (g.id, g.name))
        self.weight = ind.weight
        self.thresholds = tuple(float(ind.thresholds[k].value) if k in ind.thresholds and self.direction in (">=", "<=")
                                else None for k in ("I", "II", "III"))


def _cell(ind: Any, raw: Any) -> float | None:
    """A raw cell → a number the level test understands, or None (no value / not applicable)."""
    if _is_na(raw):
        return None
    if isinstance(raw, str):
        raw = raw.strip()
        if raw == "" or raw in NOT_APPLICABLE:
            return None
    if ind.direction == "yes":
        key = int(raw) if isinstance(raw, float) and raw.is_integer() else raw
        return 1.0 if YES[key] else 0.0
    if ind.direction == "level":
        key = int(raw) if isinstance(raw, float) and raw.is_integer() else raw
        return float(LEVEL[key])
    return float(raw)


def _is_marked_na(raw: Any) -> bool:
    return isinstance(raw, str) and raw.strip() in NOT_APPLICABLE


def _level(ind: Any, v: float) -> int:
    if ind.direction == "yes":
        return 1 if v > 0 else 4
    if ind.direction == "level":
        return int(v) if v in (1.0, 2.0, 3.0) else 4
    s = 1.0 if ind.direction == ">=" else -1.0
    for k, t in enumerate(ind.thresholds, start=1):
        if t is not None and s * v >= s * float(t):
            return k
    return 4


def grade_row(system: Any, row: Mapping[str, Any], missing: str = "fail") -> dict[str, Any]:
    """One enterprise-year: Y1/Y2/Y3, level, levels per indicator.  A blank cell is missing (below Ⅲ under
    ``missing="fail"``); a cell written 不适用 does not apply."""
    lv: dict[str, int | None] = {}
    inds = [_Ind(i, system) for i in system.indicators]
    for ind in inds:
        raw = row.get(ind.id)
        v = _cell(ind, raw)
        lv[ind.id] = (None if _is_marked_na(raw) or missing != "fail" else 4) if v is None else _level(ind, v)
    groups: dict[str, float] = {}
    for ind in inds:
        groups[ind.group] = ind.group_weight
    raw_sum: dict[str, float] = {}
    for ind in inds:
        raw_sum[ind.group] = raw_sum.get(ind.group, 0.0) + ind.weight
    app_sum: dict[str, float] = {}
    for ind in inds:
        if lv[ind.id] is not None:
            w = ind.weight if abs(raw_sum[ind.group] - 1) <= 1e-6 else ind.weight / groups[ind.group]
            app_sum[ind.group] = app_sum.get(ind.group, 0.0) + w
    g_total = sum(groups[g] for g, s in app_sum.items() if s > 0)
    y = {1: 0.0, 2: 0.0, 3: 0.0}
    eff_total = 0.0
    for ind in inds:
        if lv[ind.id] is None or app_sum.get(ind.group, 0) <= 0 or g_total <= 0:
            continue
        w = ind.weight if abs(raw_sum[ind.group] - 1) <= 1e-6 else ind.weight / groups[ind.group]
        eff = w / app_sum[ind.group] * groups[ind.group] / g_total
        eff_total += eff
        for k in (1, 2, 3):
            if lv[ind.id] <= k:
                y[k] += 100.0 * eff
    if eff_total <= 0:
        return {"Y1": None, "Y2": None, "Y3": None, "level": "无法评定", "lv": lv}
    worst_lim = max([lv[i.id] for i in inds if i.limiting and lv[i.id] is not None], default=0)
    worst_oth = max([lv[i.id] for i in inds if not i.limiting and lv[i.id] is not None], default=0)
    level = system.rules.fallback
    for r in system.rules.rules:
        ok = y[r.score_level] >= r.min_score - 1e-9
        ok = ok and (r.limiting_level is None or worst_lim <= r.limiting_level)
        ok = ok and (r.others_level is None or worst_oth <= r.others_level)
        if ok:
            level = r.level
            break
    return {"Y1": y[1], "Y2": y[2], "Y3": y[3], "level": level, "lv": lv}


def industry(rows: Iterable[Mapping[str, Any]], system: Any, *, year: int | None = None,
             missing: str = "fail") -> dict[str, dict[str, Any]]:
    """Per enterprise: the base-year grade plus ``years`` = {year: level}."""
    graded: dict[str, dict[int, dict[str, Any]]] = {}
    for row in rows:
        ent = str(row["企业编号"]).strip()
        graded.setdefault(ent, {})[int(row["年份"])] = grade_row(system, row, missing)
    by = year if year is not None else max(y for per in graded.values() for y in per)
    out = {}
    for ent, per in graded.items():
        base = per.get(by)
        short = "、".join(i.name for i in system.indicators if base and base["lv"][i.id] == 4)
        out[ent] = {**(base or {"level": "基准年无数据"}), "short_boards": short,
                    "years": {y: g["level"] for y, g in per.items()}}
    return out


def yunnan(rows: Iterable[Mapping[str, Any]], *, threshold: float = 0.8, grid_factor: float = 0.1073,
           year: int | None = None, grade_a_loads: int = 3) -> tuple[dict[str, str], dict[str, list[str]]]:
    """Grade code per enterprise and each load's key list (ids in Pareto order), base-year loads."""
    fixed = ("综合能耗", "新鲜水", "一般工业固废", "危险废物")
    per_year: dict[int, dict[str, dict[str, float]]] = {}
    for row in rows:
        loads: dict[str, float] = {}
        for name in fixed:
            if name in row:
                loads[name] = 0.0 if _is_na(row[name]) else float(row[name])
        if "外购电力" in row or "化石能源" in row:
            e = row.get("外购电力")
            f = row.get("化石能源")
            loads["二氧化碳"] = (0.0 if _is_na(e) else float(e)) * 10.0 * grid_factor \
                + (0.0 if _is_na(f) else float(f)) * 2.7725
        for key, val in row.items():
            if isinstance(key, str) and key.startswith("排放量:"):
                loads[key[4:]] = 0.0 if _is_na(val) else float(val)
        per_year.setdefault(int(row["年份"]), {})[str(row["企业编号"]).strip()] = loads
    by = year if year is not None else max(per_year)
    base = per_year[by]
    names = []
    for loads in base.values():
        for name in loads:
            if name not in names:
                names.append(name)
    lists: dict[str, list[str]] = {}
    for name in names:
        items = sorted(((ent, loads.get(name, 0.0)) for ent, loads in base.items()), key=lambda p: (-p[1], p[0]))
        total = sum(v for _e, v in items)
        if total <= 0:
            continue
        chosen, cum = [], 0.0
        for ent, v in items:
            chosen.append(ent)
            cum += v
            if cum / total >= threshold - EPS:
                break
        lists[name] = chosen
    count: dict[str, int] = {ent: 0 for ent in base}
    for chosen in lists.values():
        for ent in chosen:
            count[ent] += 1
    grades = {ent: ("A" if c >= grade_a_loads else "B" if c > 0 else "C") for ent, c in count.items()}
    return grades, lists
