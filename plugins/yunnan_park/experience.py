"""经验方案 (编制说明 5.5(7)“将治理方案及效果评估作为经验方案用到于支撑园区后续整改”; 重建 R17).

The library is the park's own implemented enterprise options with a measured effect (方案实施效果评估),
plus the 经验方案库 sheet (options of earlier audits or other parks, each with its year, source and
measured effect).  For one year's key list, each key enterprise is offered the library entries of its own
附录C1 industry that address a load it is key for (any entry of its industry when its step-8 level alone
listed it), never its own.  Proposals are references (参考); an option of the year that names the entry in
its 采纳的经验方案 column is the adoption, and the link is kept in both tables."""
from __future__ import annotations

from typing import Any

from cpframework.api import Problem, fmt

from . import analysis
from .elements import elements, for_enterprise

EFFECT_LOADS = {   # 实施效果 field → the key-list load it relieves, and how it is said
    "energy_saved": ("综合能耗", "节能", "tce/a"), "electricity_saved": ("二氧化碳", "节电", "万kWh/a"),
    "fossil_saved": ("二氧化碳", "节约化石能源", "tce/a"), "water_saved": ("新鲜水", "节水", "m³/a"),
    "cod_cut": ("化学需氧量", "化学需氧量削减", "t/a"), "nh3_cut": ("氨氮", "氨氮削减", "t/a"),
    "so2_cut": ("二氧化硫", "二氧化硫削减", "t/a"), "nox_cut": ("氮氧化物", "氮氧化物削减", "t/a"),
    "pm_cut": ("颗粒物", "颗粒物削减", "t/a"), "voc_cut": ("挥发性有机物", "挥发性有机物削减", "t/a"),
    "waste_cut": ("一般工业固废", "固体废物减量", "t/a")}


def _text(v: Any) -> str | None:
    return v.strip() if isinstance(v, str) and v.strip() else None


def _split(v: Any) -> list[str]:
    return [x.strip() for x in str(v or "").replace("；", "、").replace(";", "、").replace("，", "、").split("、") if x.strip()]


def library(project: Any, year: int) -> list[dict[str, Any]]:
    """Entries known by the end of ``year``: own enterprise options with an effect row of that year or
    before (the latest one), then the 经验方案库 rows of that year or before."""
    names = {r.get("ent_id"): r for r in (project.tables["enterprises"].rows if "enterprises" in project.tables else [])}
    effects = project.tables["effects"].rows if "effects" in project.tables else []
    out = []
    for o in (project.tables["options"].rows if "options" in project.tables else []):
        e = names.get(o.get("object"))
        mine = sorted((r for r in effects if r.get("code") == o.get("code") and isinstance(r.get("year"), int)
                       and r["year"] <= year), key=lambda r: r["year"])
        if o.get("level") != "企业" or o.get("status") != "已实施" or e is None or not mine:
            continue
        last = mine[-1]
        got = [(f, v) for f, v in ((f, last.get(f)) for f in EFFECT_LOADS) if isinstance(v, (int, float)) and v > 0]
        effect = "；".join(f"{EFFECT_LOADS[f][1]} {fmt(v)} {EFFECT_LOADS[f][2]}" for f, v in got)
        if isinstance(last.get("economic"), (int, float)):
            effect += f"{'；' if effect else ''}年经济效益 {fmt(last['economic'])} 万元"
        out.append({"code": o["code"], "year": last["year"], "ent_id": o["object"],
                    "source": f"本园区 {o['object']} {e.get('name') or ''}",
                    "industry": for_enterprise(_text(e.get("industry")), _text(e.get("cp_industry"))).industry,
                    "name": o.get("name"), "addresses": sorted({EFFECT_LOADS[f][0] for f, _v in got}),
                    "effect": f"{effect}（{last['year']}年实测）" if effect else f"（{last['year']}年已评估）"})
    for r in (project.tables["experience"].rows if "experience" in project.tables else []):
        if isinstance(r.get("year"), int) and r["year"] <= year and r.get("code"):
            out.append({"code": r["code"], "year": r["year"], "ent_id": r.get("ent_id"), "source": r.get("source") or "",
                        "industry": r.get("industry"), "name": r.get("name"), "addresses": _split(r.get("addresses")),
                        "effect": f"{r.get('effect') or ''}（{r['year']}年实测）"})
    return out


def proposals(project: Any, year: int | None = None) -> list[dict[str, Any]]:
    """Library entries matched to one year's key enterprises (default: the base year), with the adoption
    (an option naming the entry for that enterprise) when there is one."""
    from . import results

    year = project.manifest.baseline if year is None else year
    kr = results.key_results(project, year)
    sc, ent = kr["screened"], kr["enterprises"]
    loads = list(kr["loads"].columns)
    lib = library(project, year)
    adopted = {(r.get("experience"), r.get("object")): r.get("code")
               for r in (project.tables["options"].rows if "options" in project.tables else []) if r.get("experience")}
    out = []
    key = sc[sc["key"]].sort_values(["grade_code", "key_loads"], ascending=[True, False], kind="stable")
    for eid, r in key.iterrows():
        e = ent.loc[eid]
        ind = for_enterprise(_text(e.get("industry")), _text(e.get("cp_industry"))).industry
        which = [c for c in loads if bool(r[c])]
        by_level = bool(r.get("by_level", False)) and not which
        for item in lib:
            if item["industry"] != ind or item["ent_id"] == eid or ind == "通用":
                continue
            shared = [c for c in which if c in item["addresses"]]
            if not shared and not by_level:
                continue
            why = (f"{ind}；{'、'.join(shared)}" if shared else f"{ind}；第8步清洁生产水平{r.get('level')}")
            code = adopted.get((item["code"], eid))
            out.append({"ent_id": str(eid), "name": str(e.get("name") or ""), "grade": str(r["grade_code"]),
                        "why": why, "item": item, "adopted": code,
                        "status": f"已采纳为方案 {code}" if code else "参考"})
    return out


def view(rows: list[dict[str, Any]]) -> tuple[list[str], list[list[str]]]:
    """One row per 经验方案 with every key enterprise it is matched to: the source and effect are read once,
    not repeated for each enterprise."""
    cols = ["经验方案", "来源（年份、单位、实测效果）", "匹配的重点企业（分级；匹配依据）", "状态"]
    groups: dict[str, list[dict[str, Any]]] = {}
    for p in rows:
        groups.setdefault(p["item"]["code"], []).append(p)
    out = []
    for ps in groups.values():
        item = ps[0]["item"]
        ents = "；".join(f"{p['ent_id']} {p['name']}（{p['grade']}类；{p['why'].split('；', 1)[-1]}）" for p in ps)
        taken = [f"{p['ent_id']} 已采纳为方案 {p['adopted']}" for p in ps if p["adopted"]]
        status = "；".join(taken) + ("；其余参考" if len(taken) < len(ps) else "") if taken else "参考"
        out.append([f"{item['code']} {item['name']}（{item['industry']}）", f"{item['year']}年，{item['source']}：{item['effect']}",
                    ents, status])
    return cols, out


def problems(project: Any) -> list[Problem]:
    """The 经验方案库 names 附录C1 industries and key-list loads; an option's 采纳的经验方案 is a known entry."""
    out: list[Problem] = []
    fname = project.manifest.workbook
    industries = [e.industry for e in elements()]
    known_loads = {spec.label for spec in analysis.keylist().load}
    em = project.tables.get("emissions")
    if em is not None:
        known_loads |= set(next(f for f in em.schema.fields if f.id == "pollutant").choices or ())
    data = project.tables.get("experience")
    codes = set()
    option_codes = {r.get("code") for r in (project.tables["options"].rows if "options" in project.tables else [])}
    for r, n in zip(data.rows if data else [], (data.sheet_rows or [None] * len(data.rows)) if data else []):
        codes.add(r.get("code"))
        def bad(field: str, label: str, value: Any, message: str) -> None:
            col = [f.id for f in data.schema.fields].index(field)
            out.append(Problem(file=fname, sheet=data.schema.sheet, row=n, column=chr(65 + col), field=label,
                               value=value, code="yunnan", message=message))
        if r.get("industry") and r["industry"] not in industries:
            bad("industry", "附录C1行业", r["industry"], f"“{r['industry']}”不是附录C1 的行业名称；请填写其中之一："
                f"{'、'.join(i for i in industries if i != '通用')}（匹配时只与同一行业的重点企业比对）")
        unknown = [x for x in _split(r.get("addresses")) if x not in known_loads]
        if unknown:
            bad("addresses", "针对的负荷", r.get("addresses"), f"“{'、'.join(unknown)}”不是审核分级清单的负荷；请写负荷名称，"
                f"如{'、'.join(sorted(known_loads)[:6])}等，用“、”分隔")
        if r.get("code") in option_codes:
            bad("code", "编号", r.get("code"), f"编号 {r.get('code')} 与“改进方案”中的方案编号重复；经验方案库请另用编号（如 J01）")
    opts = project.tables.get("options")
    for r, n in zip(opts.rows if opts else [], (opts.sheet_rows or [None] * len(opts.rows)) if opts else []):
        ref = r.get("experience")
        if ref and ref not in codes and ref not in option_codes:
            col = [f.id for f in opts.schema.fields].index("experience")
            out.append(Problem(file=fname, sheet=opts.schema.sheet, row=n, column=chr(65 + col), field="采纳的经验方案",
                               value=ref, code="yunnan",
                               message=f"经验方案 {ref} 既不在“经验方案库”中，也不是本园区已有的方案编号；请更正编号或先在经验方案库登记"))
        elif ref and ref == r.get("code"):
            col = [f.id for f in opts.schema.fields].index("experience")
            out.append(Problem(file=fname, sheet=opts.schema.sheet, row=n, column=chr(65 + col), field="采纳的经验方案",
                               value=ref, code="yunnan", message="方案不能采纳它自己；请填写被借鉴的经验方案编号"))
    return out
