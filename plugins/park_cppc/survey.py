"""5.2.1 现状调查 as tables (附件2 2.4.1): energy structure by carrier, water sources, materials and products,
environmental quality, pollutant sources and loads, the GHG inventory — what each row says, computed, and
what ``check`` finds in them beyond the core's keys, blanks, bounds and the sums in ``rules.toml``.

Tolerance ``PRODUCT_TOLERANCE``: a stated product (折标准煤量 = 实物量 × 折标系数, 排放量 = 活动数据 ×
排放因子) may differ from the product by rounding only.
"""
from __future__ import annotations

import difflib
from typing import Any

from cpframework.api import Problem, fmt

PRODUCT_TOLERANCE = 0.01


def _num(v: Any) -> float | None:
    return float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else None


def _data(project: Any, table: str) -> Any:
    data = project.tables.get(table)
    return data if data is not None and data.present else None


def rows(project: Any, table: str) -> list[dict[str, Any]]:
    data = _data(project, table)
    return list(data.rows) if data is not None else []


def energy_structure(project: Any) -> list[dict[str, Any]]:
    """Each carrier with its tce and its share of the carriers' total (%), largest first."""
    items = [r for r in rows(project, "energy_structure") if _num(r.get("tce")) is not None]
    total = sum(float(r["tce"]) for r in items)
    out = [{"carrier": r.get("carrier"), "unit": r.get("unit"), "quantity": r.get("quantity"), "factor": r.get("factor"),
            "tce": float(r["tce"]), "renewable": r.get("renewable") is True,
            "share": float(r["tce"]) / total * 100 if total else None} for r in items]
    return sorted(out, key=lambda r: (-r["tce"], str(r["carrier"])))


def env_quality(project: Any) -> list[dict[str, Any]]:
    """Each monitored value against its limit: 达标 or 超标 with the multiple of the limit it exceeds by."""
    out = []
    for r in rows(project, "env_quality"):
        v, lim = _num(r.get("value")), _num(r.get("limit"))
        if v is None or lim is None:
            continue
        lower = r.get("limit_kind") == "下限"
        ok = v >= lim if lower else v <= lim
        over = None if ok or lower or lim == 0 else (v - lim) / lim
        out.append({**r, "compliant": ok, "exceed": over})
    return out


def pollutant_totals(project: Any) -> list[dict[str, Any]]:
    """Per pollutant: the park's discharge (direct discharges only: an indirect discharge reaches the
    environment through the wastewater plant and is counted there), the indirect load the plant receives,
    and the number of sources over their permitted amount."""
    by: dict[str, dict[str, Any]] = {}
    for r in rows(project, "pollutant_sources"):
        v = _num(r.get("amount"))
        if v is None or not r.get("pollutant"):
            continue
        p = by.setdefault(r["pollutant"], {"pollutant": r["pollutant"], "direct": 0.0, "indirect": 0.0, "sources": 0,
                                           "over_permit": 0})
        p["indirect" if r.get("discharge") == "间接排放" else "direct"] += v
        p["sources"] += 1
        permitted = _num(r.get("permitted"))
        p["over_permit"] += int(permitted is not None and v > permitted + 1e-9)
    return list(by.values())


def ghg_inventory(project: Any) -> dict[str, Any]:
    """Emissions by category and in total (tCO₂), each source's share of the total."""
    items = [r for r in rows(project, "ghg_inventory") if _num(r.get("emission")) is not None]
    total = sum(float(r["emission"]) for r in items)
    cats: dict[str, float] = {}
    for r in items:
        cats[str(r.get("category"))] = cats.get(str(r.get("category")), 0.0) + float(r["emission"])
    return {"total": total, "categories": cats,
            "sources": [{**r, "share": float(r["emission"]) / total * 100 if total else None} for r in items]}


def _product_problems(project: Any, table: str, a: str, b: str, product: str, what: str) -> list[Problem]:
    data = _data(project, table)
    if data is None:
        return []
    labels = {f.id: f.label for f in data.schema.fields}
    out = []
    for r, n in zip(data.rows, data.sheet_rows):
        x, y, z = _num(r.get(a)), _num(r.get(b)), _num(r.get(product))
        if x is None or y is None or z is None:
            continue
        expect = x * y
        if abs(z - expect) > PRODUCT_TOLERANCE * max(abs(z), abs(expect)) + 1e-9:
            out.append(Problem(file=project.manifest.workbook, sheet=data.schema.sheet, row=n, field=labels[product],
                               value=z, code="survey",
                               message=f"{fmt(z)} 不等于{labels[a]} {fmt(x)} × {labels[b]} {fmt(y)} = {fmt(expect)}"
                                       f"（{what}）：请核对实物量、系数和单位"))
    return out


def survey_problems(std: Any, project: Any) -> list[Problem]:
    """Products that do not multiply out, industries not in the 企业清单, permits exceeded, compliance stated
    against the data, renewable energy stated with no renewable carrier."""
    fname = project.manifest.workbook
    out = _product_problems(project, "energy_structure", "quantity", "factor", "tce", "折标准煤量 = 实物量 × 折标系数")
    out += _product_problems(project, "ghg_inventory", "activity", "factor", "emission", "排放量 = 活动数据 × 排放因子")
    industries = sorted({str(r.get("industry")) for r in rows(project, "enterprises") if r.get("industry")})
    mats = _data(project, "materials")
    if mats is not None and industries:
        for r, n in zip(mats.rows, mats.sheet_rows):
            ind = r.get("industry")
            if ind is not None and str(ind) not in industries:
                close = difflib.get_close_matches(str(ind), industries, n=1, cutoff=0.5)
                out.append(Problem(file=fname, sheet=mats.schema.sheet, row=n, field="所属行业", value=ind, code="survey",
                                   message=f"“{ind}”不是“企业清单”中的行业。" + (f"是否想写“{close[0]}”？" if close else
                                           f"请填写其中之一：{'、'.join(industries)}")))
    src = _data(project, "pollutant_sources")
    if src is not None:
        for r, n in zip(src.rows, src.sheet_rows):
            v, permitted = _num(r.get("amount")), _num(r.get("permitted"))
            if v is not None and permitted is not None and v > permitted + 1e-9:
                out.append(Problem(file=fname, sheet=src.schema.sheet, row=n, field="排放量", value=v, code="survey",
                                   message=f"{r.get('source')}的{r.get('pollutant')}排放量 {fmt(v)} t 超过许可排放量 "
                                           f"{fmt(permitted)} t：请核对数值；确属超量排放的，应列为审核重点并在“定性与核查项”"
                                           "如实填写指标12"))
        checks = _data(project, "checks")
        stated = (checks.item("sources_compliant") or {}).get("value") if checks is not None else None
        failing = [r for r in src.rows if r.get("compliant") is False
                   or (_num(r.get("amount")) is not None and _num(r.get("permitted")) is not None
                       and float(r["amount"]) > float(r["permitted"]) + 1e-9)]
        if stated is True and failing:
            names = "、".join(dict.fromkeys(f"{r.get('source')}（{r.get('pollutant')}）" for r in failing))
            out.append(Problem(file=fname, sheet=checks.schema.sheet, row=checks.item_row("sources_compliant"),
                               field="指标12", value="是", code="survey",
                               message=f"填为“是”（稳定达标），但“{src.schema.sheet}”中{names}未达标或超过许可排放量："
                                       "请核对两处，二者须一致（附件1 (12)）"))
    energy = _data(project, "energy_structure")
    if energy is not None and energy.rows and not any(r.get("renewable") is True for r in energy.rows):
        data = project.tables.get("indicator_data")
        renewable = (data.item("energy_renewable") or {}).get("value") if data is not None else None
        v = _num(renewable.get(project.manifest.baseline)) if isinstance(renewable, dict) else None
        if v:
            out.append(Problem(file=fname, sheet=energy.schema.sheet, field="是否可再生能源", code="survey",
                               message=f"没有一种能源标为可再生能源，而“指标基础数据”中 {project.manifest.baseline} 年"
                                       f"可再生能源使用量为 {fmt(v)} tce：请列出可再生能源品种或改正使用量"))
    return out


SURVEY_TABLES = ("energy_structure", "water_sources", "materials", "env_quality", "pollutant_sources", "ghg_inventory")


def check_survey_tables(project: Any, ev: Any) -> str | None:
    missing = [project.tables[t].schema.sheet if t in project.tables else t for t in SURVEY_TABLES if not rows(project, t)]
    if missing:
        return f"现状调查表未填写：{'、'.join(missing)}"
    bad = [p for p in survey_problems(None, project) if p.level == "error"]
    return None if not bad else f"现状调查表有 {len(bad)} 处错误，运行 cpaudit check 查看"
