"""附件2 2.6.2 / 5.4: options with quantified benefits, rolled up by level, each benefit no larger than
what it acts on (an enterprise's, an industry's or the park's load — a part never exceeds its whole),
each option tied to an audit focus and each focus answered by at least one option."""
from __future__ import annotations

import difflib
from typing import Any

from cpframework.api import Problem, fmt

from .analysis import LEVELS
from .levels import LOADS, _park_total

# benefit field of 方案汇总 → load of 企业清单 it reduces
BENEFITS = {"energy_saving": "energy", "water_saving": "water", "cod_cut": "cod", "nox_cut": "nox",
            "vocs_cut": "vocs", "co2_cut": "co2"}


def _num(v: Any) -> float | None:
    return float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else None


def rollup(project: Any) -> list[dict[str, Any]]:
    """Feasible options by level and in total: count and the sum of each quantified benefit."""
    data = project.tables.get("options")
    rows = [r for r in (data.rows if data is not None else []) if r.get("feasible") == "可行"]
    out = []
    for level in (*LEVELS, "合计"):
        mine = [r for r in rows if level == "合计" or r.get("level") == level]
        out.append({"level": level, "options": len(mine),
                    **{k: sum(_num(r.get(k)) or 0.0 for r in mine) for k in BENEFITS}})
    return out


def _hint(value: str, known: list[str]) -> str:
    close = difflib.get_close_matches(value, known, n=1, cutoff=0.5)
    return f"是否想写“{close[0]}”？" if close else ""


def option_problems(std: Any, project: Any) -> list[Problem]:
    data = project.tables.get("options")
    if data is None or not data.present:
        return []
    fname, sheet = project.manifest.workbook, data.schema.sheet
    ents = {str(r.get("ent_id")): r for r in (project.tables["enterprises"].rows if "enterprises" in project.tables else [])}
    industries: dict[str, dict[str, float]] = {}
    for r in ents.values():
        ind = industries.setdefault(str(r.get("industry")), {})
        for load in LOADS:
            ind[load] = ind.get(load, 0.0) + (_num(r.get(load)) or 0.0)
    focus = project.tables.get("focus")
    focus_names = [str(r.get("focus")) for r in (focus.rows if focus is not None else [])]
    labels = {f.id: f.label for f in data.schema.fields}
    out: list[Problem] = []
    answered: set[str] = set()
    for row, n in zip(data.rows, data.sheet_rows):
        def bad(field: str, message: str, value: Any = None, level: str = "error") -> None:
            out.append(Problem(file=fname, sheet=sheet, row=n, field=labels[field], value=value, level=level,
                               code="option", message=message))
        whole, where = None, ""
        ent, ind = row.get("ent_id"), row.get("industry")
        if ent is not None and str(ent) not in ents:
            bad("ent_id", f"“{ent}”不在“企业清单”中。{_hint(str(ent), list(ents))}", ent)
            continue
        if ind is not None and str(ind) not in industries:
            bad("industry", f"“{ind}”不是“企业清单”中的行业。{_hint(str(ind), list(industries))}", ind)
            continue
        if ent is not None:
            e = ents[str(ent)]
            whole, where = {k: _num(e.get(k)) for k in LOADS}, f"企业 {e.get('name')}"
        elif ind is not None:
            whole, where = industries[str(ind)], f"{ind}行业"
        else:
            whole = {k: _park_total(project, item) for k, (_l, _u, item) in LOADS.items()}
            where = "园区"
        for field, load in BENEFITS.items():
            v, cap = _num(row.get(field)), whole.get(load)
            if v is not None and cap is not None and v > cap:
                bad(field, f"{fmt(v)} 大于{where}的{LOADS[load][0]} {fmt(cap)} {LOADS[load][1]}：一项方案的效益不能超过它"
                           "所作用对象的总量，请核对数值、单位，以及“涉及行业”“涉及企业编号”", v)
        wastewater = _park_total(project, "wastewater")
        water = whole.get("water") if ent is not None or ind is not None else None
        extra = {"renewable_added": (whole.get("energy"), f"{where}的综合能耗", "tce"),
                 # 废水来自取水：企业、行业的废水减排量不超过其新鲜水取用量（1 m³ 水按 1 t 计），园区的不超过废水排放总量
                 "wastewater_cut": (wastewater, "园区工业废水排放总量", "t") if water is None or wastewater is None
                 else min((wastewater, "园区工业废水排放总量", "t"), (water, f"{where}的新鲜水取用量", "m³"))}
        for field, (cap, what, unit) in extra.items():
            v = _num(row.get(field))
            if v is not None and cap is not None and v > cap:
                bad(field, f"{fmt(v)} 大于{what} {fmt(cap)} {unit}：一项方案的效益不能超过它所作用对象的总量，"
                           "请核对数值和单位", v)
        name = row.get("focus")
        if name is None:
            bad("focus", "未填写：每项方案应注明针对哪一项审核重点（5.4）", level="warning")
        elif str(name) not in focus_names:
            bad("focus", f"“{name}”不是“审核重点”中的审核重点。{_hint(str(name), focus_names)}", name)
        else:
            answered.add(str(name))
    if focus is not None:
        for r, n in zip(focus.rows, focus.sheet_rows):
            if str(r.get("focus")) not in answered:
                out.append(Problem(file=fname, sheet=focus.schema.sheet, row=n, field="审核重点", value=r.get("focus"),
                                   level="warning", code="option",
                                   message=f"没有针对这项审核重点的方案：请在“{sheet}”的“对应审核重点”列注明（5.4）"))
    return out


def performance(project: Any) -> list[dict[str, Any]]:
    """2.6.2 实施后的绩效: per load, the park's baseline total, the benefit of the options already implemented
    and of all feasible ones, and the total after all feasible options (a reduction never below zero)."""
    data = project.tables.get("options")
    rows = list(data.rows) if data is not None and data.present else []
    feasible = [r for r in rows if r.get("feasible") == "可行"]
    done = [r for r in feasible if r.get("status") == "已实施"]
    out = []
    for field, load in BENEFITS.items():
        base = _park_total(project, LOADS[load][2])
        all_ = sum(_num(r.get(field)) or 0.0 for r in feasible)
        if base is None or not all_:
            continue
        out.append({"load": load, "label": LOADS[load][0], "unit": LOADS[load][1], "baseline": base,
                    "implemented": sum(_num(r.get(field)) or 0.0 for r in done), "feasible": all_,
                    "after": max(base - all_, 0.0), "reduction_pct": min(all_ / base * 100, 100.0) if base else None})
    return out
