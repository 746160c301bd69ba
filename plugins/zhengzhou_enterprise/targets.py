"""Targets (6.5.5, 表D.24), their expected completion (表D.33), completion after implementation
(表D.42), the 6.5.5 c) check for 双超 enterprises, and the audit focus (6.5.4, 权重总和计分排序法) and
balances (6.6.2.3) that the targets build on.
"""
from __future__ import annotations

from typing import Any

import attrs

from cpframework.api import CalcError, Result, Trace, fmt, show_value, substituted
from cpframework.api import calc
Balance, balance = calc.balance.Balance, calc.balance.balance
from cpframework.api import calc
Ranking, weighted_sum_ranking = calc.scoring.Ranking, calc.scoring.weighted_sum_ranking

from .options import params
from .rollups import energy_saving, per_option

TOL = 0.05  # percentage points between a stated and a computed relative value


def _codes(text: Any) -> list[str]:
    return [c.strip().upper() for c in str(text or "").replace("，", ",").replace("、", ",").split(",") if c.strip()]


def relative(base: float, value: float, direction: str, label: str) -> Result:
    """相对值 (%) = improvement along the target's direction: 降低 (基准 − 目标) ÷ 基准, 提高 (目标 − 基准) ÷ 基准."""
    if not base:
        raise CalcError(f"{label}的基准期值为 0，无法计算相对值")
    v = ((base - value) if direction == "降低" else (value - base)) / base * 100
    f = "(基准期值 − 目标值) ÷ 基准期值 × 100%" if direction == "降低" else "(目标值 − 基准期值) ÷ 基准期值 × 100%"
    shown = show_value(v, "%")
    if direction == "降低":
        s = substituted(lambda n: f"({n(base)} − {n(value)}) ÷ {n(base)} × 100%", shown)
    else:
        s = substituted(lambda n: f"({n(value)} − {n(base)}) ÷ {n(base)} × 100%", shown)
    return Result(v, "%", Trace(f"{label}相对值（{direction}）", f, s, shown))


def absolute(base: float, rel: float, direction: str, label: str) -> Result:
    v = base * (1 - rel / 100) if direction == "降低" else base * (1 + rel / 100)
    op = "−" if direction == "降低" else "+"
    s = substituted(lambda n: f"{n(base)} × (1 {op} {n(rel)}%)", fmt(v))
    return Result(v, "", Trace(f"{label}绝对值", f"基准期值 × (1 {op} 相对值)", s, fmt(v)))


def better_or_equal(value: float, target: float, direction: str) -> bool:
    return value <= target + 1e-9 if direction == "降低" else value >= target - 1e-9


@attrs.define
class Target:
    row: dict[str, Any]
    name: str
    unit: str
    direction: str
    baseline: float | None
    near: tuple[Result | None, Result | None]
    mid: tuple[Result | None, Result | None]
    expected: Result | None
    expected_rel: Result | None
    achieved_rel: Result | None
    met: bool | None
    problems: list[str]
    achieved: float | None = None        # 审核后实际值: typed, else derived (7.3.5.2)
    derivation: Result | None = None     # its derivation from the after-audit balances, when declared


def _pair(row: dict[str, Any], prefix: str, label: str) -> tuple[tuple[Result | None, Result | None], list[str]]:
    base, direction = row.get("baseline"), row.get("direction") or "降低"
    a, r = row.get(f"{prefix}_abs"), row.get(f"{prefix}_rel")
    probs: list[str] = []
    if base is None or (a is None and r is None):
        return (None, None), probs
    if a is not None:
        absr = Result(float(a), row.get("unit") or "", Trace(f"{label}绝对值", "填报", fmt(a), fmt(a)))
        rel = relative(float(base), float(a), direction, label)
        if r is not None and abs(float(r) - rel.value) > TOL:
            probs.append(f"{label}：填报的相对值 {fmt(r)}% 与绝对值推算的 {fmt(rel.value)}% 不符")
    else:
        absr = absolute(float(base), float(r), direction, label)
        rel = Result(float(r), "%", Trace(f"{label}相对值", "填报", f"{fmt(r)}%", f"{fmt(r)}%"))
    return (absr, rel), probs


def targets(project: Any) -> list[Target]:
    data = project.tables.get("D.24")
    expected_ben = per_option(project, "预期")
    out = []
    for row in (data.rows if data else []):
        name = str(row.get("indicator") or "")
        direction = row.get("direction") or "降低"
        probs: list[str] = []
        try:
            near, p1 = _pair(row, "near", f"{name}近期目标")
            mid, p2 = _pair(row, "mid", f"{name}中（远）期目标")
            probs += p1 + p2
        except CalcError as exc:
            near, mid = (None, None), (None, None)
            probs.append(str(exc))
        base = row.get("baseline")
        expected = expected_rel = achieved_rel = None
        if row.get("expected") is not None:
            expected = Result(float(row["expected"]), row.get("unit") or "", Trace(f"{name}预期完成值", "填报", fmt(row["expected"]), fmt(row["expected"])))
        elif row.get("benefit") and base is not None and direction == "降低":
            nums = _codes(row.get("options"))
            item = str(row["benefit"]).strip()
            if item == "节能":  # computed per option from its energy savings (GB/T 2589)
                s = [(n, energy_saving(project, {k: d["annual"] for k, d in expected_ben.get(n, {}).items()}).value)
                     for n in nums]
            else:
                s = [(n, expected_ben.get(n, {}).get(item, {}).get("annual", 0.0)) for n in nums]
            total = sum(v for _, v in s)
            den = float(row.get("denominator") or 1)
            v = float(base) - total / den
            expected = Result(v, row.get("unit") or "", Trace(
                f"{name}预期完成值", f"基准期值 − Σ 支撑方案预期{item}量 ÷ 换算分母",
                f"{fmt(base)} − ({' + '.join(f'{n} {fmt(x)}' for n, x in s) or '0'}) ÷ {fmt(den)}", fmt(v)))
        if expected is not None and base:
            expected_rel = relative(float(base), expected.value, direction, f"{name}预期")
        met = None
        from .after_audit import achieved as achieved_of   # 7.3.5.2: typed, else derived from after-audit data
        done, derivation = achieved_of(project, row)
        if done is not None and base:
            achieved_rel = relative(float(base), done, direction, f"{name}审核后")
            if near[0] is not None:
                met = better_or_equal(done, near[0].value, direction)
        if near[0] is not None and mid[0] is not None and not better_or_equal(mid[0].value, near[0].value, direction):
            probs.append(f"{name}：中（远）期目标 {fmt(mid[0].value)} 不优于近期目标 {fmt(near[0].value)}")
        out.append(Target(row, name, row.get("unit") or "", direction, base, near, mid, expected, expected_rel,
                          achieved_rel, met, probs, done, derivation))
    return out


# ---------------------------------------------------------------- 6.5.5 c): 双超 enterprises


def exceedances(project: Any) -> list[dict[str, Any]]:
    """Pollutants over their standard limit (D.18, D.20) or over the total quota (D.23)."""
    out = []
    for tid, lim, kind in (("D.18", "limit", "超标"), ("D.20", "c_limit", "超标"), ("D.20", "r_limit", "超标")):
        data = project.tables.get(tid)
        for r in (data.rows if data else []):
            key = "r_max" if lim == "r_limit" else "c_max"
            if r.get(lim) is not None and r.get(key) is not None and r[key] > r[lim]:
                out.append({"pollutant": r.get("pollutant"), "kind": kind, "table": tid, "value": r[key], "limit": r[lim]})
    data = project.tables.get("D.23")
    for r in (data.rows if data else []):
        if r.get("quota") is not None and r.get("emission") is not None and r["emission"] > r["quota"]:
            out.append({"pollutant": r.get("pollutant"), "kind": "超总量", "table": "D.23", "value": r["emission"], "limit": r["quota"]})
    return out


def double_exceed_findings(project: Any) -> list[str]:
    """6.5.5 c): each exceedance needs a near-term target that brings the pollutant within its limit,
    due no later than the end of this round and the government's deadline (the stricter)."""
    found = exceedances(project)
    flag = project.manifest.flag("double_exceed")
    out = []
    if found and not flag:
        out.append("数据显示存在超标或超总量排放（" + "、".join(f"{e['pollutant']}{e['kind']}" for e in found)
                   + "），但 project.toml 未将企业标为“双超”（flags.double_exceed）")
    if not flag:
        return out
    ts = targets(project)
    rep = project.manifest.report or {}
    near_year, deadline = rep.get("near_year"), rep.get("rectification_year")
    if near_year and deadline and int(near_year) > int(deadline):
        out.append(f"近期目标年份 {near_year} 晚于政府整改期限 {deadline} 年，应取两者中较严者（6.5.5 c)）")
    for e in found:
        match = [t for t in ts if e["pollutant"] and str(e["pollutant"]) in str(t.row.get("resolves") or "")]
        if not match:
            out.append(f"{e['pollutant']}{e['kind']}（{e['table']}：{fmt(e['value'])} > {fmt(e['limit'])}），"
                       "但表D.24 没有解决该问题的近期目标（6.5.5 c)）")
            continue
        for t in match:
            lim = t.row.get("limit")
            if t.near[0] is None or lim is None:
                out.append(f"{t.name}：须给出近期目标绝对值和对应的标准限值或总量指标（6.5.5 c)）")
            elif not better_or_equal(t.near[0].value, float(lim), "降低"):
                out.append(f"{t.name}：近期目标 {fmt(t.near[0].value)} 未达到限值 {fmt(lim)}，不能解决{e['kind']}问题（6.5.5 c)）")
    return out


# ---------------------------------------------------------------- 6.5.4 audit focus, 6.6.2.3 balances


def focus_ranking(project: Any) -> Ranking | None:
    """权重总和计分排序法; inconsistent scores (a factor without weight, a candidate not scored on every
    factor) are refused with the reason, which ``check`` reports at the row (``trust.focus_problems``)."""
    import pandas as pd

    from .trust import focus_problems

    w = project.tables.get("focus_weights")
    s = project.tables.get("focus_scores")
    if not w or not s or not w.rows or not s.rows:
        return None
    bad = focus_problems(project)
    if bad:
        raise CalcError("备选审核重点评分有误，无法排序：" + "；".join(f"{p.sheet}第 {p.row} 行：{p.message}" for p in bad[:3]))
    weights = {str(r["factor"]).strip(): r["weight"] for r in w.rows if r.get("factor")}
    frame = pd.DataFrame([{**r, "factor": str(r["factor"]).strip(), "candidate": str(r["candidate"]).strip()}
                          for r in s.rows if r.get("candidate") and r.get("factor")])
    scores = frame.pivot_table(index="candidate", columns="factor", values="score", aggfunc="first", sort=False)
    return weighted_sum_ranking(weights, scores, name="审核重点权重总和计分排序")


@attrs.define
class BalanceResult:
    name: str
    kind: str
    result: Balance | None
    utilisation: Result | None
    error: str = ""


_BALANCES: dict[str, list[BalanceResult]] = {}   # by the rows they were computed from (check, evaluate and every report section ask)


def balances(project: Any, tid: str = "balance") -> list[BalanceResult]:
    """Each balance of the 平衡实测 sheet (``tid`` “balance_after”: 审核后平衡实测, 7.3.5.1); the stated 输入合计/输出合计 rows are not streams (``trust`` checks
    them against the streams), and a balance with a blank cell is not computed (the cell is reported)."""
    from .trust import balance_groups

    tol = float(params(project)["balance_tolerance_pct"])
    groups = balance_groups(project, tid)
    key = repr((tol, list(groups.items())))
    if key not in _BALANCES:
        if len(_BALANCES) >= 32:
            _BALANCES.pop(next(iter(_BALANCES)))
        _BALANCES[key] = _balances(groups, tol)
    return list(_BALANCES[key])


def _balances(groups: dict[str, list[tuple[dict[str, Any], int | None]]], tol: float) -> list[BalanceResult]:
    from .trust import STATED, incomplete_rows

    out = []
    for name, pairs in groups.items():
        rs = [r for r, _n in pairs if r.get("direction") not in STATED]
        kind = str(pairs[0][0].get("kind") or "")
        blank = incomplete_rows(pairs)
        if blank:
            where = "；".join(f"第 {n} 行缺少{what}" for n, what in blank)
            out.append(BalanceResult(name, kind, None, None, f"{name}无法计算：{where}，请补齐后再建立平衡"))
            continue
        streams = [(r["stream"], r["direction"], r["amount"], r["unit"]) for r in rs]
        try:
            b = balance(streams, name=name, max_deviation_pct=tol)
        except CalcError as exc:
            out.append(BalanceResult(name, kind, None, None, str(exc)))
            continue
        prod = [r for r in rs if r["direction"] == "输出" and "产品" in str(r.get("note") or "")]
        util = None
        if prod:
            p = sum(r["amount"] for r in prod)
            v = p / b.total_in.value * 100
            util = Result(v, "%", Trace(f"{name}利用率", "进入产品的量 ÷ 输入合计 × 100%",
                                        f"{fmt(p)} ÷ {fmt(b.total_in.value)} × 100%", show_value(v, "%")))
        out.append(BalanceResult(name, kind, b, util))
    return out
