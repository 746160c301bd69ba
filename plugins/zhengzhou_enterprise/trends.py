"""双超 trends over the review period (6.5.1.3.3 d), 6.5.1.3.4 d); #16 item 10): per pollutant and year the
emission (concentration or amount) against its standard limit or permitted amount, the exceedance multiple
超标倍数 = (排放值 − 限值) ÷ 限值 for each year over the limit, and the change over the review period.

``check`` (:func:`problems`): an amount row's baseline-year value and limit equal D.23's 基准期排放总量 and
总量控制指标 (a stated total against its source — error); once the sheet is used, every D.23 pollutant has
its amount row (warning: a trend left out); a 双超 enterprise has a trend for every pollutant over its limit
(error); a year over the limit in the baseline year of an enterprise not flagged 双超 — warning.
"""
from __future__ import annotations

from typing import Any

import attrs

from cpframework.api import Problem, Result, Trace, fmt, show_value, substituted

from .trust import _differs, _num, _p, _pairs

TID = "emission_trend"


@attrs.define
class Trend:
    row: dict[str, Any]
    sheet_row: int | None
    values: dict[int, float]                 # year → 排放值
    limit: float | None
    multiples: dict[int, Result]             # year over the limit → 超标倍数
    change: Result | None                    # first year → baseline year, %

    @property
    def label(self) -> str:
        return f"{self.row.get('pollutant')}{self.row.get('basis') or ''}"


def multiple(value: float, limit: float, label: str) -> Result:
    """超标倍数 = (排放值 − 限值) ÷ 限值 (0 or less: not over the limit)."""
    m = (value - limit) / limit
    shown = show_value(m, "倍")
    return Result(m, "倍", Trace(f"{label}超标倍数", "(排放值 − 限值) ÷ 限值",
                                 substituted(lambda n: f"({n(value)} − {n(limit)}) ÷ {n(limit)}", shown), shown))


def trends(project: Any) -> list[Trend]:
    years = list(project.manifest.years)
    out = []
    for r, n in _pairs(project, TID):
        if not r.get("pollutant"):
            continue
        values = {y: float(v) for y, v in (r.get("value") or {}).items() if _num(v) is not None}
        limit = _num(r.get("limit"))
        mult = ({y: multiple(v, limit, f"{y}年{r['pollutant']}{r.get('basis') or ''}") for y, v in values.items() if v > limit}
                if limit else {})
        ys = [y for y in years if y in values]
        change = None
        if len(ys) >= 2 and values[ys[0]]:
            a, b = values[ys[0]], values[ys[-1]]
            c = (b - a) / a * 100
            shown = show_value(c, "%")
            change = Result(c, "%", Trace(f"{r['pollutant']}{r.get('basis') or ''}{ys[0]}—{ys[-1]}年变化率", "(基准期值 − 首年值) ÷ 首年值 × 100%",
                                          substituted(lambda f, a=a, b=b: f"({f(b)} − {f(a)}) ÷ {f(a)} × 100%", shown), shown))
        out.append(Trend(r, n, values, limit, mult, change))
    return out


def problems(project: Any, exceeded: list[dict[str, Any]]) -> list[Problem]:
    """``exceeded``: the pollutants over their limit in the baseline-year tables (``targets.exceedances``)."""
    rows = _pairs(project, TID)
    if not rows and not (project.manifest.flag("double_exceed") and exceeded):
        return []
    base = project.manifest.baseline
    d23 = {str(r.get("pollutant") or "").strip(): (r, n) for r, n in _pairs(project, "D.23") if r.get("pollutant")}
    out: list[Problem] = []
    amounts = set()
    for t in trends(project):
        name = str(t.row.get("pollutant")).strip()
        if t.row.get("basis") == "排放量":
            amounts.add(name)
        if base not in t.values:
            out.append(_p(project, TID, f"{t.label}缺少审核基准期（{base}年）的值：趋势须包含基准期", t.sheet_row, f"{base}年排放值"))
        if t.row.get("basis") == "排放量" and name in d23:
            r23, _ = d23[name]
            for field, label, mine in (("emission", "基准期排放总量", t.values.get(base)), ("quota", "总量控制指标", t.limit)):
                theirs = _num(r23.get(field))
                if mine is not None and theirs is not None and _differs(mine, theirs):
                    where = f"{base}年排放值" if field == "emission" else "标准限值或许可排放量"
                    out.append(_p(project, TID, f"{t.label}的{where} {fmt(mine)} 与表D.23 的{label} {fmt(theirs)} 不符：同一数值应一致；请核对",
                                  t.sheet_row, where, mine))
        if base in t.multiples and not project.manifest.flag("double_exceed"):
            out.append(_p(project, TID, f"{t.label}{base}年 {fmt(t.values[base])} 超过限值 {fmt(t.limit)}（超标倍数 {fmt(t.multiples[base].value)}），"
                          "但项目未标为“双超”企业：如确属双超，请在项目设置中打开“双超”标志，否则请核对数据", t.sheet_row, f"{base}年排放值",
                          t.values[base], level="warning"))
    if rows:
        for name, (_r, _n) in d23.items():
            if name not in amounts:
                out.append(_p(project, TID, f"表D.23 的“{name}”没有考察期排放量趋势：已填写趋势时，每项总量控制污染物都应列出，"
                              "漏列会使趋势分析不完整；请补填", None, "主要污染物", name, level="warning"))
    if project.manifest.flag("double_exceed"):
        have = {str(r.get("pollutant") or "").strip() for r, _ in rows}
        for e in exceeded:
            if str(e["pollutant"]).strip() not in have:
                out.append(_p(project, TID, f"“双超”企业须说明超标污染物的浓度或总量变化趋势（6.5.1.3.3 d)、6.5.1.3.4 d)）："
                              f"{e['pollutant']}{e['kind']}，但本表没有它的考察期数据；请补填", None, "污染物", e["pollutant"]))
    return out
