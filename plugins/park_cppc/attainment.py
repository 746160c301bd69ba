"""附件2 2.6.2 / 5.2.4: the feasible options' quantified benefits set against EVERY near / mid / long-term
target that has a matching quantity — an 附件1 indicator whose inputs the benefits change, or a park total
named in the target's 对应园区总量.

Per target and term: the baseline value, the target value and year, the value expected once the feasible
options finished by that year are in place (``data/benefits.toml`` says which 指标基础数据 item each benefit
changes; the indicator is recomputed with its own formula on the baseline year's data so changed, all other
data kept), the gap (positive: still short of the target) and whether the target is reachable.
"""
from __future__ import annotations

import copy
import functools
import re
from typing import Any

import attrs

from cpframework.api import CalcError, Problem, fmt, resolve_inputs

TERMS = (("near", "近期"), ("mid", "中期"), ("long", "远期"))


@functools.cache
def effects() -> tuple[tuple[str, str, int], ...]:
    """(benefit field of 方案汇总, item of 指标基础数据, sign)."""
    from importlib import resources

    from cpframework.api import read_toml

    doc = read_toml(resources.files(__package__) / "data" / "benefits.toml", label=f"{__package__}/data/benefits.toml")
    return tuple((e["benefit"], e["item"], int(e["sign"])) for e in doc["effect"])


def _num(v: Any) -> float | None:
    return float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else None


def finish_year(option: dict[str, Any]) -> int | None:
    """The last year written in 实施时间 (“2025–2027” → 2027), or None when it names no year."""
    years = [int(y) for y in re.findall(r"(?<!\d)((?:19|20)\d{2})(?!\d)", str(option.get("period") or ""))]
    return max(years) if years else None


def feasible(project: Any) -> list[tuple[dict[str, Any], int]]:
    data = project.tables.get("options")
    if data is None or not data.present:
        return []
    return [(r, n) for r, n in zip(data.rows, data.sheet_rows) if r.get("feasible") == "可行"]


def deltas(project: Any, year: int | None) -> tuple[dict[str, float], dict[str, list[Any]]]:
    """Per 指标基础数据 item, the signed sum of the benefits of the feasible options finished by ``year``
    (an option whose 实施时间 names no year counts for every term; ``check`` warns about it), and the 序号
    of the options contributing to each item."""
    out: dict[str, float] = {}
    who: dict[str, list[Any]] = {}
    for r, _n in feasible(project):
        end = finish_year(r)
        if year is not None and end is not None and end > year:
            continue
        for benefit, item, sign in effects():
            v = _num(r.get(benefit))
            if v:
                out[item] = out.get(item, 0.0) + sign * v
                who.setdefault(item, []).append(r.get("seq"))
    return out, who


def _baseline(project: Any, item: str) -> float | None:
    from .levels import _park_total

    return _park_total(project, item)


def _adjusted(project: Any, change: dict[str, float]) -> Any:
    """A copy of ``project`` whose baseline-year 指标基础数据 values carry ``change``."""
    data = project.tables["indicator_data"]
    year = project.manifest.baseline
    rows = []
    for r in data.rows:
        if r.get("id") in change and isinstance(r.get("value"), dict) and _num(r["value"].get(year)) is not None:
            r = {**r, "value": {**r["value"], year: r["value"][year] + change[r["id"]]}}
        rows.append(r)
    p = copy.copy(project)
    p.tables = {**project.tables, "indicator_data": attrs.evolve(data, rows=rows)}
    return p


def _indicator_value(std: Any, project: Any, ind: Any) -> float | None:
    try:
        out = std.formulas[ind.formula].func(**resolve_inputs(ind, std, project), **ind.params, name=ind.name,
                                             unit=ind.unit)
    except (CalcError, ZeroDivisionError, KeyError):
        return None
    return _num(out.value)


def quantity_items(std: Any) -> dict[str, str]:
    """对应园区总量 label → 指标基础数据 item id (the items a benefit changes)."""
    changed = {item for _b, item, _s in effects()}
    return {i.label: i.id for i in std.tables["indicator_data"].items if i.id in changed}


def comparisons(std: Any, project: Any, ev: Any, targets: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One entry per target with a matching quantity and per term with a target value."""
    changed = {item for _b, item, _s in effects()}
    table = project.tables.get("targets")
    raw = {n: r for r, n in zip(table.rows, table.sheet_rows)} if table is not None else {}
    by_label = quantity_items(std)
    out = []
    for t in targets:
        ind, items, lower = None, set(), True
        if t["indicator"]:
            try:
                ind = ev.result(t["indicator"]).indicator
            except KeyError:
                continue
            items = {i for inp in ind.inputs if not inp.year for i in (inp.items or (inp.item,))} & changed
            lower = ind.direction in ("lower", "zero")
        elif raw.get(t["row"], {}).get("quantity") in by_label:
            items = {by_label[raw[t["row"]]["quantity"]]}
            lower = items != {"energy_renewable"}
        if not items or _num(t["current"]) is None:
            continue
        for term, label in TERMS:
            goal, year = _num(t.get(term)), t.get(f"{term}_year")
            if goal is None:
                continue
            change, who = deltas(project, year if isinstance(year, int) else None)
            change = {k: v for k, v in change.items() if k in items}
            if ind is not None:
                expected = _indicator_value(std, _adjusted(project, change), ind) if change else t["current"]
            else:
                item = next(iter(items))
                base = _baseline(project, item)
                expected = None if base is None else base + change.get(item, 0.0)
            if expected is None:
                continue
            gap = expected - goal if lower else goal - expected
            out.append({"seq": t["seq"], "row": t["row"], "indicator": t["indicator"], "name": t["name"], "unit": t["unit"],
                        "current": t["current"], "term": label, "target": goal, "year": year, "expected": expected,
                        "gap": gap, "reachable": gap <= 1e-9 * max(abs(goal), 1.0),
                        "options": sorted({s for k in change for s in who.get(k, []) if s is not None},
                                               key=lambda s: (0, s, "") if isinstance(s, int) else (1, 0, str(s))),
                        "lower": lower})
    return out


def linked_options(project: Any, code: str) -> list[Any]:
    """序号 of the feasible options whose audit focus names indicator ``code`` (审核重点 关联指标代码)."""
    from .analysis import _codes

    focus = project.tables.get("focus")
    names = {str(r.get("focus")) for r in (focus.rows if focus is not None else []) if code in _codes(r.get("indicators"))}
    return [r.get("seq") for r, _n in feasible(project) if str(r.get("focus")) in names]


def attainment_problems(std: Any, project: Any, targets: list[dict[str, Any]], rows: list[dict[str, Any]]) -> list[Problem]:
    """A near-term target the feasible options cannot reach; a target (with an indicator code or a park total)
    that no feasible option contributes to, neither by a quantified benefit nor through its audit focus."""
    table = project.tables.get("targets")
    sheet = table.schema.sheet if table is not None else "清洁生产目标"
    raw = {n: r for r, n in zip(table.rows, table.sheet_rows)} if table is not None else {}
    out = []
    def q(v: float, unit: str) -> str:
        return f"{fmt(v)}{'' if unit in ('', '%') else ' '}{unit}"

    for c in rows:
        if c["term"] == "近期" and not c["reachable"]:
            out.append(Problem(file=project.manifest.workbook, sheet=sheet, row=c["row"], field="近期目标值", level="warning",
                               code="target", value=c["target"],
                               message=f"{c['name']}近期目标 {q(c['target'], c['unit'])}（{c['year'] or '未填年份'}）：按可行方案的"
                                       f"量化效益，实施后预期为 {q(c['expected'], c['unit'])}，还差 {q(c['gap'], c['unit'])}，不足以达到"
                                       "（附件2 2.6.2）：请补充方案、核对方案效益和实施时间，或调整目标"))
    quantified = {c["row"] for c in rows if c["options"]}
    for t in targets:
        r = raw.get(t["row"], {})
        if not t["indicator"] and not r.get("quantity"):
            continue
        if t["row"] in quantified or (t["indicator"] and linked_options(project, t["indicator"])):
            continue
        out.append(Problem(file=project.manifest.workbook, sheet=sheet, row=t["row"], field="指标", value=t["name"],
                           level="warning", code="target",
                           message=f"没有一项可行方案支撑目标“{t['name']}”：既没有方案的量化效益作用于它，也没有方案对应关联"
                                   "该指标的审核重点。请补充方案（5.4），或在方案汇总中填写效益和对应审核重点"))
    return out


def period_problems(project: Any) -> list[Problem]:
    """A feasible option with a quantified benefit whose 实施时间 names no year: it is then counted for every
    term of every target, which may overstate the near-term effect."""
    data = project.tables.get("options")
    out = []
    for r, n in feasible(project):
        if finish_year(r) is None and any(_num(r.get(b)) for b, _i, _s in effects()):
            out.append(Problem(file=project.manifest.workbook, sheet=data.schema.sheet, row=n, field="实施时间",
                               value=r.get("period"), level="warning", code="option",
                               message="没有写明年份：无法判断方案在哪一期目标之前见效，目前按近期即见效计算。请写明实施年份，"
                                       "如“2025–2026”"))
    return out
