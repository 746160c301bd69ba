"""6.5.3.1 / 7.3.5.4 overall cleaner-production level and 表E.4 审核前/后清洁生产水平.

Each indicator of the 清洁生产指标水平 sheet gets its level (Ⅰ/Ⅱ/Ⅲ级, or 未达Ⅲ级) by its benchmarks; the
overall level is the level every indicator reaches (the lowest of them: an enterprise is at Ⅱ级 only when
no indicator is below Ⅱ级).  Ⅰ级 = 国际清洁生产领先水平, Ⅱ级 = 国内清洁生产先进水平, Ⅲ级 = 国内清洁生产一般
水平 (the reading of the 行业清洁生产评价指标体系); below Ⅲ级 is E.4's “其他”.  An indicator without a value
makes the overall level undeterminable (never skipped).
"""
from __future__ import annotations

from typing import Any

from cpframework.api import Result, Trace

from . import targets as tg

ORDER = ("Ⅰ级", "Ⅱ级", "Ⅲ级", "未达Ⅲ级")
E4 = {"Ⅰ级": "国际领先水平", "Ⅱ级": "国内先进水平", "Ⅲ级": "国内一般水平", "未达Ⅲ级": "其他"}


def level_of(r: dict[str, Any], value: Any) -> str | None:
    if value is None:
        return None
    for key, label in (("level1", "Ⅰ级"), ("level2", "Ⅱ级"), ("level3", "Ⅲ级")):
        lim = r.get(key)
        if lim is not None and tg.better_or_equal(value, lim, r.get("direction") or "降低"):
            return label
    return "未达Ⅲ级"


def overall(project: Any, which: str) -> Result | None:
    """``which`` = before | after; None when the sheet is empty or an indicator has no value."""
    data = project.tables.get("cp_level")
    rows = [r for r in (data.rows if data else []) if r.get("indicator")]
    if not rows:
        return None
    got = [(str(r["indicator"]), level_of(r, r.get(which))) for r in rows]
    if any(lv is None for _n, lv in got):
        return None
    worst = max((lv for _n, lv in got), key=ORDER.index)
    when = "审核前" if which == "before" else "审核后"
    lows = [n for n, lv in got if lv == worst]
    return Result(E4[worst], "", Trace(
        f"{when}清洁生产水平", "各指标均达到的级别（取各指标级别中最低者）",
        "；".join(f"{n} {lv}" for n, lv in got),
        f"{worst}（{E4[worst]}），由{'、'.join(lows)}决定"))


def problems(project: Any) -> list[tuple[str, str, int | None, str, Any]]:
    """(table, message, row, field, value): a typed E.4 level that the indicators contradict, and a
    清洁生产指标水平 value that contradicts the D.24 baseline (审核前) or achieved value (审核后) of the
    indicator of the same name (0.5 %) — one figure, one value."""
    out = []
    e4 = project.tables.get("E.4")
    for key, label in (("level_before", "审核前清洁生产水平"), ("level_after", "审核后清洁生产水平")):
        typed = ((e4.item(key) if e4 else None) or {}).get("value")
        res = overall(project, key.removeprefix("level_"))
        if typed and res is not None and typed != res.value:
            out.append(("E.4", f"{label}填为“{typed}”，按清洁生产指标水平判定为“{res.value}”（{res.trace.result}）：请核对指标或删去所填值",
                        None, label, typed))
    d24 = {str(r.get("indicator") or "").strip(): r for r in (project.tables["D.24"].rows if "D.24" in project.tables else [])}
    data = project.tables.get("cp_level")
    for r, n in zip(data.rows if data else [], (data.sheet_rows if data else None) or [None] * 999):
        t = d24.get(str(r.get("indicator") or "").strip())
        if t is None:
            continue
        for field, label, other, olabel in (("before", "审核前", "baseline", "基准期值"), ("after", "审核后", "achieved", "实际完成值")):
            a, b = r.get(field), t.get(other)
            if isinstance(a, (int, float)) and isinstance(b, (int, float)) and abs(a - b) > 0.005 * max(abs(a), abs(b), 1e-9):
                out.append(("cp_level", f"{r['indicator']}{label}值 {a} 与表D.24 的{olabel} {b} 不一致：同一指标应为同一数值", n, label, a))
    return out
