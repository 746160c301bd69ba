"""6.5.1.2.4 a) (and 6.5.1.2.5 a), 6.5.1.2.6 a) 波动原因): monthly or per-cycle unit consumption in the
审核基准期 and its fluctuation — mean, range, coefficient of variation, the months outside ± ``[options]
fluctuation_pct`` of the mean with their reasons — from the 基准期逐月消耗 sheet.

Statistics are over the monthly unit consumptions u_m = 消耗_m ÷ 产量_m: mean ū = Σu_m ÷ n, range
max − min, CV = σ ÷ ū × 100 % with the population σ = √(Σ(u_m − ū)² ÷ n).
"""
from __future__ import annotations

import math
from typing import Any

import attrs

from cpframework.api import Result, Trace, fmt, show_value, substituted

from .consumption import product_rows, rows
from .options import params

SOURCES = (("D.7", "name"), ("D.10", "category"), ("D.11", "category"))


@attrs.define
class Series:
    name: str
    product: str
    table: str                     # D.7 / D.10 / D.11
    unit: str                      # of the unit consumption
    months: list[int]
    values: dict[int, float]       # month → unit consumption
    reasons: dict[int, str]
    mean: Result
    cv: Result
    low: tuple[int, float]
    high: tuple[int, float]
    outside: list[tuple[int, float]]  # (month, deviation % from the mean)


def _entries(project: Any) -> list[tuple[dict[str, Any], int | None]]:
    data = project.tables.get("monthly")
    if data is None:
        return []
    return list(zip(data.rows, data.sheet_rows or [None] * len(data.rows)))


def source_of(project: Any, name: str) -> tuple[str, str] | None:
    """(table, unit) of a consumption item by its name in D.7/D.10/D.11."""
    for tid, field in SOURCES:
        for r in rows(project, tid):
            if str(r.get(field) or "").strip() == name:
                return tid, str(r.get("unit") or "")
    return None


def stats(values: list[float]) -> tuple[float, float]:
    """(mean, coefficient of variation in %) with the population standard deviation."""
    n = len(values)
    mean = sum(values) / n
    sd = math.sqrt(sum((v - mean) ** 2 for v in values) / n)
    return mean, (sd / mean * 100 if mean else 0.0)


def series(project: Any) -> list[Series]:
    prods = {str(p["name"]).strip(): str(p.get("unit") or "") for p in product_rows(project)}
    only = next(iter(prods)) if len(prods) == 1 else ""
    output: dict[tuple[str, int], float] = {}
    use: dict[tuple[str, str], dict[int, tuple[float, str]]] = {}
    for r, _n in _entries(project):
        name, m = str(r.get("name") or "").strip(), r.get("month")
        if m is None or r.get("quantity") is None:
            continue
        if r.get("kind") == "产量":
            output[name, int(m)] = float(r["quantity"])
        elif r.get("kind") == "消耗":
            prod = str(r.get("product") or "").strip() or only
            use.setdefault((name, prod), {})[int(m)] = (float(r["quantity"]), str(r.get("reason") or ""))
    band = float(params(project).get("fluctuation_pct") or 10.0)
    out = []
    for (name, prod), by_month in use.items():
        src = source_of(project, name)
        if src is None or prod not in prods:
            continue
        months = sorted(m for m in by_month if output.get((prod, m)))
        if len(months) < 2:
            continue
        vals = {m: by_month[m][0] / output[prod, m] for m in months}
        mean, cv = stats(list(vals.values()))
        unit = f"{src[1]}/{prods[prod]}"
        listed = list(vals.values())
        mean_r = Result(mean, unit, Trace(
            f"审核基准期{prod}{name}月均单耗", "Σ 各月单耗 ÷ 月数",
            substituted(lambda n: f"（{' + '.join(n(v) for v in listed)}）÷ {len(listed)}", show_value(mean, unit)),
            show_value(mean, unit)))
        sd = cv * mean / 100
        cv_r = Result(cv, "%", Trace(
            f"审核基准期{prod}{name}单耗变异系数", "标准差 ÷ 月均单耗 × 100%（标准差 = √（Σ（各月单耗 − 月均单耗）² ÷ 月数））",
            substituted(lambda n: f"{n(sd)} ÷ {n(mean)} × 100%", show_value(cv, "%")), show_value(cv, "%")))
        low = min(vals.items(), key=lambda kv: kv[1])
        high = max(vals.items(), key=lambda kv: kv[1])
        outside = [(m, (v - mean) / mean * 100) for m, v in vals.items() if mean and abs(v - mean) / mean * 100 > band]
        out.append(Series(name, prod, src[0], unit, months, vals, {m: by_month[m][1] for m in months},
                          mean_r, cv_r, low, high, outside))
    return out


def reconcile(project: Any) -> list[tuple[str, int | None, str, str]]:
    """(message, sheet row, field, level): the months of the baseline year must add up to the annual figures
    (D.6 产量, D.7/D.10/D.11 总耗) — a stated total against its parts (#14); a month outside the band without
    a reason is a warning; a consumption with neither product nor a single product in D.6 is an error."""
    y = project.manifest.baseline
    prods = {str(p["name"]).strip(): p for p in product_rows(project)}
    sums: dict[tuple[str, str], float] = {}
    first: dict[tuple[str, str], int | None] = {}
    out = []
    only = next(iter(prods)) if len(prods) == 1 else ""
    months_out = {(str(r.get("name") or "").strip(), r.get("month")) for r, _n in _entries(project) if r.get("kind") == "产量"}
    for r, n in _entries(project):
        kind, name = r.get("kind"), str(r.get("name") or "").strip()
        if kind not in ("产量", "消耗"):
            out.append(("类型须为“产量”或“消耗”", n, "类型", "error"))
            continue
        if r.get("quantity") is None or not name or r.get("month") is None:
            continue   # a blank required cell is reported by the reader
        if kind == "消耗" and (str(r.get("product") or "").strip() or only, r.get("month")) not in months_out:
            out.append((f"{name} 第 {r['month']} 月（周期）没有对应产品的产量，无法计算该月单耗：请核对月份", n, "月份或生产周期", "error"))
            continue
        if kind == "产量" and name not in prods:
            out.append((f"产品“{name}”不在表D.6 中", n, "名称", "error"))
            continue
        if kind == "消耗":
            if source_of(project, name) is None:
                out.append((f"“{name}”不在 D.7、D.10、D.11 中，无法与年度消耗核对", n, "名称", "error"))
                continue
            if not r.get("product") and len(prods) > 1:
                out.append(("D.6 有多种产品：请填写本行消耗对应的产品（单耗分母）", n, "对应产品", "error"))
                continue
        sums[kind, name] = sums.get((kind, name), 0.0) + float(r["quantity"])
        first.setdefault((kind, name), n)
    for (kind, name), total in sums.items():
        if kind == "产量":
            annual, where = (prods[name].get("output") or {}).get(y), f"D.6 {name} {y}年产量"
        else:
            tid, _u = source_of(project, name)
            field = "name" if tid == "D.7" else "category"
            vals = [(r.get("total") or {}).get(y) for r in rows(project, tid) if str(r.get(field) or "").strip() == name]
            annual = sum(v for v in vals if v is not None) if any(v is not None for v in vals) else None
            where = f"表{tid} {name} {y}年总耗"
        if annual is None:
            continue
        if abs(total - annual) > max(0.005 * abs(annual), 1e-6):
            out.append((f"{name}各月{kind}之和 {fmt(total)} 与{where} {fmt(annual)} 不符：逐月数据须覆盖审核基准期全年（或各生产周期），"
                        "请核对是否漏填、多填了某月", first[kind, name], "数量", "error"))
    for s in series(project):
        for m, dev in s.outside:
            if not s.reasons.get(m):
                out.append((f"{s.name}（{s.product}）{m}月单耗偏离月均值 {fmt(dev, 1)}%，超过 ±{fmt(params(project).get('fluctuation_pct') or 10)}%："
                            "请在“波动原因”中说明", _row_of(project, s, m), "波动原因", "warning"))
    return out


def _row_of(project: Any, s: Series, month: int) -> int | None:
    for r, n in _entries(project):
        if r.get("kind") == "消耗" and str(r.get("name") or "").strip() == s.name and r.get("month") == month:
            return n
    return None
