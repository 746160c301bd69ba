"""园区、行业、企业三个层面 (3(3), 5.2.1, 5.2.3, 5.3.1): the 企业清单 aggregated by industry, ranked by
share of the park's loads, and the enterprises that make up 80 % of each load (Pareto lists) — the data
that justify the audit focus.

Shares of an industry are of the park's total (园区统计, 指标基础数据 of the 审核基准期) where the park
states it, otherwise of the list's total (said in ``basis``); the Pareto lists are of the list's total.
"""
from __future__ import annotations

import math
from typing import Any

from cpframework.api import Problem, fmt

# load id in 企业清单: (label, unit, park item in 指标基础数据)
LOADS = {
    "energy": ("综合能耗", "tce", "energy_total"),
    "water": ("新鲜水取用量", "m³", "water_fresh"),
    "cod": ("化学需氧量排放量", "t", "cod"),
    "nox": ("氮氧化物排放量", "t", "nox"),
    "vocs": ("挥发性有机物排放量", "t", "vocs"),
    "solid_waste": ("工业固体废物产生量", "t", "sw_internal"),
    "co2": ("二氧化碳排放量", "t", "co2"),
}
VA = ("value_added", "industrial_va")
PARETO_SHARE = 0.8     # 5.2.3: the enterprises that together make up 80 % of a load
FOCUS_LOADS = ("energy", "cod", "vocs", "co2")   # 5.2.3 能耗高、污染重、碳排放强度大


def _num(v: Any) -> float | None:
    return float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else None


def _park_total(project: Any, item: str) -> float | None:
    data = project.tables.get("indicator_data")
    row = data.item(item) if data is not None else None
    v = (row or {}).get("value")
    return _num(v.get(project.manifest.baseline) if isinstance(v, dict) else v)


def _rows(project: Any) -> list[dict[str, Any]]:
    data = project.tables.get("enterprises")
    return list(data.rows) if data is not None and data.present else []


def industries(project: Any) -> list[dict[str, Any]]:
    """Per industry: enterprise count, totals, shares of the park (or of the list), energy intensity and
    its ratio to the park average; ordered by energy share, largest first."""
    rows = _rows(project)
    if not rows:
        return []
    groups: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        groups.setdefault(str(r.get("industry") or "").strip(), []).append(r)
    park = {k: _park_total(project, item) for k, (_l, _u, item) in LOADS.items()}
    park_va = _park_total(project, VA[1])
    listed = {k: sum(_num(r.get(k)) or 0.0 for r in rows) for k in LOADS}
    park_intensity = (park["energy"] / park_va) if park["energy"] and park_va else None
    out = []
    for name, members in groups.items():
        item: dict[str, Any] = {"industry": name, "enterprises": len(members),
                                "value_added": sum(_num(r.get(VA[0])) or 0.0 for r in members)}
        for k in LOADS:
            total = sum(_num(r.get(k)) or 0.0 for r in members)
            base = park[k] or listed[k]
            item[k] = total
            item[f"{k}_share"] = total / base * 100 if base else None
            item[f"{k}_basis"] = "园区" if park[k] else "企业清单"
        intensity = item["energy"] / item["value_added"] if item["value_added"] else None
        item["energy_intensity"] = intensity
        item["intensity_vs_park"] = intensity / park_intensity if intensity is not None and park_intensity else None
        out.append(item)
    return sorted(out, key=lambda i: (-(i["energy_share"] or 0), i["industry"]))


def pareto(values: dict[str, float], share: float = PARETO_SHARE) -> tuple[list[str], float]:
    """The fewest ids whose values reach ``share`` of the total: value descending, ties by id (the same
    list as the core's ``calc.pareto.key_list``, which a test uses as the oracle), and the total."""
    total = math.fsum(values.values())  # exactly rounded: the same whatever the row order
    order = sorted(values, key=lambda k: (-values[k], k))
    if total <= 0:
        return [], total
    cum, out = 0.0, []
    for k in order:
        out.append(k)
        cum += values[k]
        if cum / total >= share - 1e-12:
            break
    return out, total


def pareto_lists(project: Any) -> dict[str, dict[str, Any]]:
    """Per load: the fewest enterprises whose share of the list's total reaches 80 %."""
    rows = _rows(project)
    ids = [str(r.get("ent_id")) for r in rows]
    if not rows or len(set(ids)) != len(ids):
        return {}
    by_id = {str(r.get("ent_id")): r for r in rows}
    out = {}
    for k, (label, unit, _item) in LOADS.items():
        values = {i: _num(by_id[i].get(k)) or 0.0 for i in ids}
        chosen, total = pareto(values)
        if not chosen:
            continue
        cum, members = 0.0, []
        for ent in chosen:
            share = values[ent] / total * 100
            cum += share
            members.append({"ent_id": ent, "name": by_id[ent].get("name"), "industry": by_id[ent].get("industry"),
                            "value": values[ent], "share": share, "cumulative": cum})
        out[k] = {"label": label, "unit": unit, "total": total, "members": members,
                  "others": len(ids) - len(chosen), "others_total": total - sum(values[e] for e in chosen)}
    return out


def focus_problems(project: Any, inds: list[dict[str, Any]]) -> list[Problem]:
    """5.2.3: the industry with the largest share of the park's energy, COD, VOCs or CO₂ should be an
    audit focus at 行业层面 (named in a 行业层面 row of 审核重点) — a warning when none names it."""
    focus = project.tables.get("focus")
    if focus is None or not focus.present or not inds:
        return []
    text = " ".join(f"{r.get('focus') or ''} {r.get('basis') or ''}" for r in focus.rows if r.get("level") == "行业层面")
    out = []
    for k in FOCUS_LOADS:
        ranked = [i for i in inds if i.get(f"{k}_share") is not None]
        if not ranked:
            continue
        top = max(ranked, key=lambda i: i[f"{k}_share"])
        if top["industry"] and top["industry"] not in text:
            out.append(Problem(file=project.manifest.workbook, sheet=focus.schema.sheet, field="行业层面", level="warning",
                               code="focus", value=top["industry"],
                               message=f"“{top['industry']}”行业的{LOADS[k][0]}占{top[f'{k}_basis']} {fmt(top[f'{k}_share'])}%，"
                                       "居各行业首位，但没有一行行业层面的审核重点提到它：请列为审核重点，或在“选择依据”中"
                                       "说明不列入的理由（5.2.3 审核重点应关注能耗高、污染重、碳排放强度大的环节）"))
    return out


def total_problems(std: Any, project: Any) -> list[Problem]:
    """With a 企业清单, the park totals it is compared with are required (a missing one is never replaced
    silently by the list's own total)."""
    if not _rows(project):
        return []
    data = project.tables.get("indicator_data")
    schema = std.tables["indicator_data"]
    year = project.manifest.baseline
    out = []
    for item in [VA[1], *(i for _l, _u, i in LOADS.values())]:
        if _park_total(project, item) is None:
            spec = next(i for i in schema.items if i.id == item)
            out.append(Problem(file=project.manifest.workbook, sheet=schema.sheet,
                               row=data.item_row(item) if data is not None else None, field=f"{year}年{spec.label}",
                               code="park_total", message="已填写“企业清单”，须填写审核基准期的园区总量：各行业占园区的"
                                                          "比例和企业清单的核对以它为分母（5.2.1）"))
    return out
