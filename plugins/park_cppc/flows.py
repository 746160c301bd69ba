"""5.3.2 物质流、能量流、碳流 (GB/T 38903 工业园区物质流分析技术导则) computed from the survey tables and the
企业清单: each analysis is a list of flows ``(source, target, value)`` in one unit for a Sankey diagram and
the node balances of the core's flow module.

- energy: carriers (能源消费结构, tce) → the park → industries (企业清单) and the enterprises not surveyed
  (the park total less the list);
- carbon: inventory sources (温室气体清单) → categories; 能源活动 → industries and the rest;
- water: water sources (水资源利用) → the park's intake → industries and the rest;
- material: raw materials in t (原辅料和产品) → the park → products, by-products, solid waste (指标基础数据)
  and 排放及损耗 (the rest); solid waste → 综合利用 (of the year's waste) and 处置及贮存.

A remainder is never negative: when the parts exceed the whole the flow is left out and the node's
balance shows the difference (``check`` reports the same through ``rules.toml`` or ``flow_problems``).
"""
from __future__ import annotations

from typing import Any

from cpframework.api import Problem, fmt

from . import survey
from .levels import _park_total

OTHERS = "未列入企业清单的企业"
T_UNITS = ("t", "吨")


def _num(v: Any) -> float:
    return float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else 0.0


def _by_industry(project: Any, field: str) -> dict[str, float]:
    out: dict[str, float] = {}
    for r in survey.rows(project, "enterprises"):
        out[str(r.get("industry"))] = out.get(str(r.get("industry")), 0.0) + _num(r.get(field))
    return out


def _split(node: str, total: float, parts: dict[str, float]) -> list[tuple[str, str, float]]:
    out = [(node, f"{k}行业", v) for k, v in sorted(parts.items(), key=lambda kv: -kv[1]) if v > 0]
    rest = total - sum(parts.values())
    if rest > 1e-9 * max(total, 1.0):
        out.append((node, OTHERS, rest))
    return out


def energy_flows(project: Any) -> list[tuple[str, str, float]]:
    carriers = survey.energy_structure(project)
    if not carriers:
        return []
    hub = "园区工业能源消费"
    flows = [(str(c["carrier"]), hub, c["tce"]) for c in carriers if c["tce"] > 0]
    return flows + _split(hub, sum(c["tce"] for c in carriers), _by_industry(project, "energy"))


def carbon_flows(project: Any) -> list[tuple[str, str, float]]:
    inv = survey.ghg_inventory(project)
    if not inv["sources"]:
        return []
    flows = [(str(r.get("source")), str(r.get("category")), float(r["emission"])) for r in inv["sources"] if r["emission"]]
    energy = inv["categories"].get("能源活动")
    if energy:
        flows += _split("能源活动", energy, _by_industry(project, "co2"))
    return flows


def water_flows(project: Any) -> list[tuple[str, str, float]]:
    sources = [r for r in survey.rows(project, "water_sources") if _num(r.get("volume")) > 0]
    if not sources:
        return []
    hub = "园区工业取水"
    fresh = sum(_num(r.get("volume")) for r in sources if r.get("kind") == "新鲜水")
    other = sum(_num(r.get("volume")) for r in sources if r.get("kind") != "新鲜水")
    flows = [(str(r.get("source")), hub, _num(r.get("volume"))) for r in sources]
    flows += _split(hub, fresh, _by_industry(project, "water"))
    if other > 0:
        flows.append((hub, "冷却、绿化等（非常规水源）", other))
    return flows


def material_flows(project: Any) -> list[tuple[str, str, float]]:
    """Materials in t only (a flow diagram adds like with like)."""
    mats = [r for r in survey.rows(project, "materials") if str(r.get("unit") or "").strip() in T_UNITS and _num(r.get("amount")) > 0]
    inputs = [r for r in mats if r.get("kind") == "原辅料"]
    if not inputs:
        return []
    hub = "园区生产过程"
    flows = [(str(r.get("name")), hub, _num(r.get("amount"))) for r in inputs]
    total_in = sum(f[2] for f in flows)
    outs = {"产品": sum(_num(r.get("amount")) for r in mats if r.get("kind") == "产品"),
            "副产品": sum(_num(r.get("amount")) for r in mats if r.get("kind") == "副产品"),
            "工业固体废物": _park_total(project, "sw_generated") or 0.0}
    flows += [(hub, k, v) for k, v in outs.items() if v > 0]
    rest = total_in - sum(outs.values())
    if rest > 0:
        flows.append((hub, "排放及损耗", rest))
    waste = outs["工业固体废物"]
    used = (_park_total(project, "sw_used") or 0.0) - (_park_total(project, "sw_stock_used") or 0.0)
    if waste > 0 and used > 0:
        flows.append(("工业固体废物", "综合利用", min(used, waste)))
        if waste - used > 0:
            flows.append(("工业固体废物", "处置及贮存", waste - used))
    return flows


ANALYSES = (  # id, title, unit, builder
    ("energy", "能量流", "tce", energy_flows),
    ("carbon", "碳流", "tCO₂", carbon_flows),
    ("water", "水资源流", "m³", water_flows),
    ("material", "物质流", "t", material_flows),
)


def all_flows(project: Any) -> dict[str, dict[str, Any]]:
    out = {}
    for key, title, unit, build in ANALYSES:
        flows = build(project)
        if flows:
            out[key] = {"title": title, "unit": unit, "flows": flows}
    return out


def flow_problems(std: Any, project: Any) -> list[Problem]:
    """物质流: the products, by-products and solid waste (t) cannot exceed the raw materials (t) that enter."""
    mats = project.tables.get("materials")
    flows = material_flows(project)
    if not flows or mats is None:
        return []
    hub = "园区生产过程"
    total_in = sum(v for s, t, v in flows if t == hub)
    total_out = sum(v for s, t, v in flows if s == hub and t != "排放及损耗")
    if total_out <= total_in * 1.0 + 1e-9:
        return []
    return [Problem(file=project.manifest.workbook, sheet=mats.schema.sheet, field="年用量或产量", level="warning", code="flow",
                    message=f"以 t 计的产品、副产品与工业固体废物产生量合计 {fmt(total_out)} t，多于原辅料投入 {fmt(total_in)} t，"
                            "物质流不平衡（GB/T 38903）：请补列以 t 计的主要原辅料，或核对产量和单位")]
