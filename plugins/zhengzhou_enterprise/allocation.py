"""Per-product allocation of consumption (6.5.1.2.3–6.5.1.2.7, #16 item 3): each row of D.7/D.10/D.11
declares how its total reaches a product —

* 计量: metered for the product named in the row (with one product in D.6 the product may be left blank);
* 按产量: split among all products of D.6 by their share of output (only when they share one output unit);
* 按产值: split by their share of output value.

A blank rule with a named product is 计量.  A blank rule and a blank product when D.6 has two or more
products is an error: the tool never divides a plant's consumption by the first product alone.
"""
from __future__ import annotations

from typing import Any

from cpframework.api import CalcError, Result, Trace, show_value, substituted

RULES = ("计量", "按产量", "按产值")
FIELD = {"按产量": ("output", "产量"), "按产值": ("value", "产值")}


def products(project: Any) -> list[dict[str, Any]]:
    data = project.tables.get("D.6")
    return [r for r in (data.rows if data else []) if r.get("name")]


def rule_of(project: Any, row: dict[str, Any]) -> tuple[str, str | None]:
    """(rule, problem): the declared rule, or 计量 when a product is named or D.6 has a single product."""
    rule = str(row.get("allocation") or "").strip()
    if rule:
        return rule, None
    if str(row.get("product") or "").strip() or len(products(project)) <= 1:
        return "计量", None
    names = "、".join(str(p["name"]) for p in products(project))
    return "", (f"D.6 有 {len(products(project))} 种产品（{names}）：请写明本行单耗对应的产品（计量），"
                "或在“分摊方式”中选“按产量”或“按产值”；不会默认只算第一种产品")


def shares(project: Any, rule: str, year: int) -> dict[str, Result]:
    """Each product's share (0–1) of output or output value in ``year``, with its trace; CalcError when the
    shares cannot be formed (a missing figure, output in different units, a zero sum)."""
    field, label = FIELD[rule]
    prods = products(project)
    if rule == "按产量":
        units = {str(p.get("unit") or "").strip() for p in prods}
        if len(units) > 1:
            raise CalcError(f"各产品产量单位不同（{'、'.join(sorted(units))}），不能按产量分摊，请改按产值分摊或分别计量")
    vals = {}
    for p in prods:
        x = (p.get(field) or {}).get(year)
        if x is None:
            raise CalcError(f"{p['name']} {year}年{label}缺失，无法按{label}分摊")
        vals[str(p["name"])] = float(x)
    total = sum(vals.values())
    if total <= 0:
        raise CalcError(f"{year}年各产品{label}之和为 0，无法按{label}分摊")
    out = {}
    for name, x in vals.items():
        share = x / total
        out[name] = Result(share * 100, "%", Trace(
            f"{year}年{name}{label}占比", f"{name}{label} ÷ 各产品{label}之和 × 100%",
            substituted(lambda n, x=x: f"{n(x)} ÷ {n(total)} × 100%", show_value(share * 100, "%")),
            show_value(share * 100, "%")))
    return out


def allocate(project: Any, row: dict[str, Any], totals: dict[int, float | None]) -> tuple[dict[str, dict[int, float | None]], list[str], str]:
    """product → year → allocated total; problems; the rule used.  计量 gives the whole total to one product."""
    rule, problem = rule_of(project, row)
    if problem:
        return {}, [problem], rule
    if rule == "计量":
        named = str(row.get("product") or "").strip()
        prods = products(project)
        name = named or (str(prods[0]["name"]) if prods else "")
        return {name: dict(totals)}, [], rule
    out: dict[str, dict[int, float | None]] = {str(p["name"]): {} for p in products(project)}
    problems: list[str] = []
    for y, t in totals.items():
        if t is None:
            for d in out.values():
                d[y] = None
            continue
        try:
            sh = shares(project, rule, y)
        except CalcError as exc:
            problems.append(str(exc))
            for d in out.values():
                d[y] = None
            continue
        for name, s in sh.items():
            out[name][y] = float(t) * s.value / 100
    return out, problems, rule
