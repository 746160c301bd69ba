"""What ``cpf_evaluate`` adds: the graded key-enterprise list with coverage per load (5.5(4)), the park's
graded indicator evaluation by the 通则 method (附录D), chain shares (5.5(3)), permit exceedances and the
implementation effects (5.5(7)).  Views are ``{"title","columns","rows","note"}`` for ``cpaudit evaluate``."""
from __future__ import annotations

from typing import Any

from cpframework.api import CalcError, fmt

from . import analysis
from .keylist import apply_levels, coverage, key_enterprises

DIRECTION = {"higher": ">=", "lower": "<=", "yes": "yes", "zero": "<="}


def _py(x: Any) -> Any:
    """numpy scalars → Python (JSON-serialisable)."""
    if hasattr(x, "item"):
        return x.item()
    return x


_LAST: dict[int, tuple[tuple[Any, ...], Any]] = {}   # year → (inputs, result): check runs validate and evaluate


def key_results(project: Any, year: int | None = None) -> dict[str, Any]:
    """Loads, screened enterprises and coverage of one year's enterprise data (default: the base year;
    raises CalcError when impossible).

    The last result per year is kept with strong references to the very table objects and options it was
    computed from (compared by identity), so validate and evaluate of one ``check`` compute the list once."""
    result = _cached(project, year)
    missing = result["level_missing"]
    if missing:
        shown = "、".join(f"{e}（{result['enterprises'].at[e, 'name'] if e in result['enterprises'].index else ''}）"
                         for e in missing[:5]) + ("等" if len(missing) > 5 else "")
        raise CalcError(f"{result['year']}年有 {len(missing)} 家企业尚无第8步清洁生产水平判定：{shown}。审核分级清单依据水平分析的结果"
                        f"（编制说明 5.5(4)），排污许可{'、'.join(analysis.keylist().level_rule.scope_classes)}企业和按负荷列入清单的企业都须有判定；"
                        "请在“企业水平”表补填（没有适用行业标准的填“无适用标准”）")
    return result


def level_missing(project: Any, year: int | None = None) -> list[Any]:
    """Enterprises the step-8 level rule needs a judgement for and that have none (``[]`` when the list
    cannot be computed for another reason: that reason is reported by itself)."""
    try:
        return list(_cached(project, year)["level_missing"])
    except CalcError:
        return []


def _cached(project: Any, year: int | None) -> dict[str, Any]:
    view = analysis.at_year(project, year)
    year = project.manifest.baseline if year is None else year
    inputs = (view.manifest, project.manifest, project.tables.get("enterprise_levels"),
              *(view.tables.get(t) for t in ("enterprises", *analysis.ENTERPRISE_TABLES)))
    hit = _LAST.get(year)
    if hit and len(hit[0]) == len(inputs) and all(a is b for a, b in zip(hit[0], inputs)):
        return hit[1]
    result = _key_results(view, analysis.levels_at(project, year))
    result["year"] = year
    if len(_LAST) > 8:
        _LAST.clear()
    _LAST[year] = (inputs, result)
    return result


def _key_results(project: Any, levels: dict[Any, tuple[str, int | None, int]]) -> dict[str, Any]:
    cfg = analysis.config(project)
    ent = analysis.enterprises(project)
    if ent.empty:
        raise CalcError("“企业名录”没有数据，无法形成审核分级清单")
    frame, units = analysis.loads(project, cfg)
    if frame.shape[1] == 0:
        raise CalcError("各项负荷（能耗、用水、排放量、固废）均无数据，无法形成审核分级清单")
    screened = key_enterprises(frame, threshold=cfg.threshold, grading=cfg.grading,
                               grade_a_loads=cfg.grade_a_loads, permit_class=ent.get("permit_class"))
    rule = analysis.keylist().level_rule
    scope = set(ent.index[ent["permit_class"].isin(rule.scope_classes)]) | set(screened.index[screened["key"]])
    missing = sorted(str(e) for e in scope if e not in levels)
    screened = apply_levels(screened, {e: v[0] for e, v in levels.items() if e in scope}, rule.min_grade,
                            analysis.keylist().grades)
    em = analysis.frame(project, "emissions")
    indirect = bool(not em.empty and "destination" in em and (em["destination"] == "间接排放").any())
    return {"config": cfg, "enterprises": ent, "loads": frame, "units": units, "screened": screened,
            "coverage": coverage(frame, screened), "indirect": indirect, "level_missing": missing,
            "levels": {e: v for e, v in levels.items() if e in scope}}


def key_views(kr: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    cfg, ent, sc, cov, units = kr["config"], kr["enterprises"], kr["screened"], kr["coverage"], kr["units"]
    mode = analysis.keylist().audit_mode
    loads_cols = list(kr["loads"].columns)
    key = sc[sc["key"]].copy()
    key = key.sort_values(["grade_code", "key_loads", "max_share"], ascending=[True, False, False], kind="stable")
    rows, raw = [], []
    for n, (eid, r) in enumerate(key.iterrows(), 1):
        which = [c for c in loads_cols if r[c]]
        e = ent.loc[eid]
        rows.append([str(n), str(eid), str(e.get("name") or ""), str(e.get("industry") or ""),
                     str(e.get("permit_class") or ""), reason(r, which, cfg), str(int(r["key_loads"])), str(r["grade"])])
        raw.append({"ent_id": str(eid), "name": e.get("name"), "industry": e.get("industry"),
                    "chain": e.get("chain"), "permit_class": e.get("permit_class"), "loads": which,
                    "key_loads": int(r["key_loads"]), "grade_code": str(r["grade_code"]), "grade": str(r["grade"]),
                    "level": _level(r), "by_level": bool(r.get("by_level", False)),
                    "audit_mode": mode[str(r["grade_code"])]})
    counts = sc["grade_code"].value_counts()
    rule = (f"为 ≥{cfg.grade_a_loads} 项负荷的重点企业为A类" if cfg.grading == "loads"
            else "排污许可重点管理的重点企业为A类")
    floors = analysis.keylist().level_rule.min_grade
    by_level = sc[sc.get("by_level", False) == True] if "by_level" in sc else sc.iloc[:0]  # noqa: E712
    listed = int((by_level["key_loads"] == 0).sum())
    list_view = {
        "title": f"审核分级清单（编制说明 5.5(4)：各负荷累计占比 ≥{fmt(cfg.threshold * 100)}% 的企业之并集，依据第8步水平分析结果调整分级）",
        "columns": ["序号", "企业编号", "企业名称", "行业", "许可类别", "列入及分级原因", "项数", "分级"],
        "rows": rows,
        "note": (f"园区企业 {len(sc)} 家，重点企业 {int(sc['key'].sum())} 家：A类 {int(counts.get('A', 0))} 家、"
                 f"B类 {int(counts.get('B', 0))} 家，其余 {int(counts.get('C', 0))} 家为C类。分级规则：{rule}；"
                 + "，".join(f"第8步判定为{lv}的企业至少列为{g}类" for lv, g in floors.items())
                 + f"（重建规则，依据编制说明 5.5(3)“找出水平较差的企业”与 5.5(4)“依据水平分析的结果”）。"
                 + ("其中" + "、".join(t for t in ((f"因清洁生产水平列入 {listed} 家" if listed else ""),
                                                 (f"因清洁生产水平提高分级 {len(by_level) - listed} 家" if len(by_level) > listed else "")) if t)
                    + "。" if len(by_level) else "")),
    }
    cov_rows = [[str(load), units.get(load, ""), fmt(_py(c["total"])), str(int(c["n_list"])),
                 _pct(c["list_share"]), _pct(c["union_share"])] for load, c in cov.iterrows()]
    cov_view = {"title": "各负荷的重点企业覆盖情况", "columns": ["负荷", "单位", "园区合计", "该负荷名单企业数",
                                                  "名单累计占比", "清单（并集）覆盖占比"], "rows": cov_rows,
                "note": f"二氧化碳按外购电力 × {cfg.grid_label} + 化石能源 × 2.7725 tCO₂/tce 估算。"
                        + ("水污染物按产生的企业计：间接排放的企业计其排入污水处理厂的量，污水处理厂对这些污染物的排放不再叠加，"
                           "所以这里的合计与园区排放合计（只计直接排放）不同。" if kr.get("indirect") else "")}
    raw_out = {"threshold": cfg.threshold, "grading": cfg.grading, "grid_factor": cfg.grid_factor,
               "key_enterprises": raw, "enterprise_count": int(len(sc)),
               "coverage": [{"load": str(k), "unit": units.get(k, ""), **{c: _py(v) for c, v in row.items()}}
                            for k, row in cov.iterrows()]}
    return list_view, cov_view, raw_out


def _level(r: Any) -> str:
    v = r.get("level") if hasattr(r, "get") else None
    return str(v) if isinstance(v, str) else ""


def reason(r: Any, which: list[str], cfg: Any) -> str:
    """The list's reason column: the loads the enterprise is key for, and the step-8 level when it listed
    the enterprise or raised its grade."""
    parts = [f"为重点的负荷：{'、'.join(which)}"] if which else []
    if bool(r.get("by_level", False)):
        g = f"{r['grade_code']}类"
        parts.append(f"第8步判定清洁生产水平{_level(r)}，据此{'提为' + g if which else '列入清单（' + g + '）'}"
                     + ("" if which else f"；各负荷均不在累计 {fmt(cfg.threshold * 100)}% 之内"))
    return "；".join(parts)


def park_grading(std: Any, project: Any, ev: Any) -> tuple[dict[str, Any] | None, dict[str, Any]]:
    """附录D (重建): 通则 comprehensive indices Y_Ⅰ/Y_Ⅱ/Y_Ⅲ over the selected, computed indicators.

    The grading is the standard's main system (``grading = "weighted_score"`` in ``standard.toml``), done by
    the core in ``evaluate``; unselected indicators do not apply, so the weights of the selected ones are
    re-normalised within each category and over the categories present (通则 3.2(3)).  A project may choose
    another named rule set (``[options] grading_rules``, honoured by the core)."""
    from cpframework.api import calc
    g = calc.grading

    graded = ev.systems.get("")
    if graded is None or not ev.selected():
        return None, {}
    names = analysis.evaluation().levels
    values = {r.indicator.id: (("是" if r.value else "否") if isinstance(r.value, bool) else r.value) for r in ev.selected()}
    scores, level_result = g.unit_traces(graded, 0, values, name="园区清洁生产水平")
    y1, y2, y3 = (s.value for s in scores)
    level = str(level_result.value)
    below = [i.name for j, i in enumerate(graded.compiled.indicators) if graded.codes[0, j] == graded.compiled.n_levels]
    lim_below = [i.name for j, i in enumerate(graded.compiled.indicators)
                 if i.limiting and graded.codes[0, j] == graded.compiled.n_levels]
    failed = "、".join(below)
    view = {"title": "园区清洁生产水平综合评价（附录D，通则综合指数法）",
            "columns": ["综合指数 YⅠ", "综合指数 YⅡ", "综合指数 YⅢ", "评定等级", "未达Ⅲ级的指标"],
            "rows": [[fmt(y1), fmt(y2), fmt(y3), f"{level}（{names.get(level, '')}）", failed or "—"]],
            "note": "；".join(level_result.trace.notes[:3])}
    raw = {"Y1": y1, "Y2": y2, "Y3": y3, "level": level, "level_name": names.get(level, ""),
           "failed": failed, "limiting_failed": "、".join(lim_below),
           "traces": [s.trace.as_dict() for s in scores] + [level_result.trace.as_dict()]}
    return view, raw


def chain_view(kr: dict[str, Any], project: Any, *, for_report: bool = False) -> dict[str, Any]:
    """5.5(3) 产业链/产业集群: enterprises and share of each load per chain (computed) + the judged level."""
    import pandas as pd

    ent, frame = kr["enterprises"], kr["loads"]
    va = analysis._sum_by(analysis.frame(project, "statistics", kr.get("year")), "value_added", ent.index)
    data = frame.copy()
    data["工业增加值"] = va
    chain = ent["chain"].fillna("未填").astype(str)
    shares = data.groupby(chain).sum(min_count=1).div(data.sum(), axis=1) * 100.0
    judged = {r.get("chain"): r.get("level") for r in (project.tables["chains"].rows if "chains" in project.tables else [])}
    fixed = [c for c in ("综合能耗", "新鲜水", "二氧化碳") if c in frame]
    others = [c for c in frame.columns if c not in fixed]
    if for_report:  # a page is narrow: the region's constraint pollutants first (5.5(3)), nine columns in all
        constrained = constraint_loads(project, others)
        show = ["工业增加值", *fixed, *constrained, *[c for c in others if c not in constrained]][:9]
    else:           # evaluate shows every load (its result does not depend on how the constraints are worded)
        show = ["工业增加值", *fixed, *others]
    rows = []
    for name, r in shares.sort_values("工业增加值", ascending=False).iterrows():
        rows.append([str(name), str(int((chain == name).sum())), *[f"{fmt(_py(r[c]))}%" if pd.notna(r[c]) else "—" for c in show],
                     str(judged.get(name) or "未判定")])
    return {"title": "产业链/产业集群占比与水平（编制说明 5.5(3)）", "columns": ["产业链/产业集群", "企业数", *[f"{c}占比" for c in show], "整体水平"],
            "rows": rows}


OZONE_PRECURSORS = ("挥发性有机物", "氮氧化物")


def constraint_loads(project: Any, loads: list[str]) -> list[str]:
    """The pollutant loads the region's constraints name (5.5(3): 找准区域主要……环境制约因素), in the
    order named; 臭氧 stands for its precursors 挥发性有机物 and 氮氧化物 (VOCs, NOx)."""
    text = " ".join(f"{r.get('factor') or ''} {r.get('status') or ''}" for r in
                    (project.tables["region"].rows if "region" in project.tables else []))
    text = text.replace("VOCs", "挥发性有机物").replace("NOx", "氮氧化物")
    named = sorted((text.find(c), c) for c in loads if c in text)
    out = [c for _i, c in named]
    if "臭氧" in text:
        out += [c for c in OZONE_PRECURSORS if c in loads and c not in out]
    return out


def effects_years(project: Any) -> list[int]:
    rows = project.tables["effects"].rows if "effects" in project.tables else []
    return sorted({int(r["year"]) for r in rows if isinstance(r.get("year"), int)})


def effects_summary(project: Any, year: int | None = None) -> dict[str, Any]:
    """5.5(7) roll-up of implemented options' measured effects in ONE year (default: the latest year
    evaluated), CO₂ by the project's grid factor.  Effects are annual amounts: a row per option and year,
    so rows of different years are never added (issue #19: a second year's row doubled the saving)."""
    from .keylist import CO2_PER_TCE

    cfg = analysis.config(project)
    years = effects_years(project)
    year = year if year is not None else (years[-1] if years else None)
    rows = [r for r in (project.tables["effects"].rows if "effects" in project.tables else []) if r.get("year") == year]
    fields = ["investment", "economic", "energy_saved", "electricity_saved", "fossil_saved", "water_saved",
              "cod_cut", "nh3_cut", "so2_cut", "nox_cut", "pm_cut", "voc_cut", "waste_cut"]
    tot = {f: sum(float(r.get(f) or 0) for r in rows) for f in fields}
    co2_el = tot["electricity_saved"] * 10.0 * cfg.grid_factor
    co2_fo = tot["fossil_saved"] * CO2_PER_TCE
    tot["co2_cut"] = co2_el + co2_fo
    terms: list[tuple[str, float]] = []   # a zero term is not printed
    if tot["electricity_saved"]:
        terms.append((f"节电 {fmt(tot['electricity_saved'])} 万kWh × 10 MWh/万kWh × {fmt(cfg.grid_factor)} tCO₂/MWh", co2_el))
    if tot["fossil_saved"]:
        terms.append((f"节约化石能源 {fmt(tot['fossil_saved'])} tce × {CO2_PER_TCE} tCO₂/tce", co2_fo))
    terms = terms or [("节电 0 万kWh、节约化石能源 0 tce", 0.0)]
    tot["co2_trace"] = (" + ".join(t for t, _v in terms)
                        + (f" = {' + '.join(fmt(v) for _t, v in terms)}" if len(terms) > 1 else "")
                        + f" = {fmt(tot['co2_cut'])} tCO₂/a（{cfg.grid_label}）")
    tot["count"] = len({r.get("code") for r in rows})
    tot["year"] = year
    return tot


def _share_text(kr: dict[str, Any] | None, eid: str, loads: list[str]) -> dict[str, str]:
    """load → “3.2%” for one enterprise in one year's list ("—" when it has no such load that year)."""
    out: dict[str, str] = {}
    for load in loads:
        if kr is None or eid not in kr["loads"].index or load not in kr["loads"]:
            out[load] = "—"
            continue
        total = kr["loads"][load].sum()
        v = kr["loads"].at[eid, load]
        out[load] = f"{fmt(_py(v / total * 100))}%" if total and v == v and v else "—"
    return out


def list_dynamics(project: Any, year: int | None = None) -> dict[str, Any] | None:
    """5.5(8) 持续性清洁生产: how the key list of ``year`` (default: the base year) differs from the previous
    year's — entrants, exits and grade changes, each with the loads and shares that caused it.  ``None``
    when the project has no enterprise data of the previous year (the list's first year)."""
    year = project.manifest.baseline if year is None else year
    if year - 1 not in analysis.data_years(project):
        return None
    now, prev = key_results(project, year), key_results(project, year - 1)
    sn, sp = now["screened"], prev["screened"]
    key_now, key_prev = set(sn.index[sn["key"]]), set(sp.index[sp["key"]])
    names = {**prev["enterprises"]["name"].to_dict(), **now["enterprises"]["name"].to_dict()}

    def key_loads(sc: Any, eid: str) -> list[str]:
        return [c for c in sc.columns if c in now["loads"].columns.union(prev["loads"].columns)
                and eid in sc.index and bool(sc.at[eid, c]) and c not in ("key", "key_loads", "max_share", "grade_code", "grade")]

    rows = []
    for eid in sorted(key_now | key_prev):
        g_now = str(sn.at[eid, "grade_code"]) if eid in sn.index else ""
        g_prev = str(sp.at[eid, "grade_code"]) if eid in sp.index else ""
        l_now, l_prev = key_loads(sn, eid), key_loads(sp, eid)
        shown = l_now + [c for c in l_prev if c not in l_now]
        a, b = _share_text(now, eid, shown), _share_text(prev, eid, shown)
        because = "；".join(f"{c} {b[c]} → {a[c]}" for c in shown)
        if eid in key_now and eid not in key_prev:
            change = "新进入"
            why = ("新入园（上年不在企业名录）；" if eid not in sp.index else "") + "本年为重点的负荷及占比（上年 → 本年）：" + because
        elif eid in key_prev and eid not in key_now:
            change = "退出"
            why = ("本年不在企业名录（停产、关闭或迁出）" if eid not in sn.index else
                   f"各项负荷占比均已不在累计 {fmt(now['config'].threshold * 100)}% 之内（上年 → 本年）：" + because)
        elif g_now != g_prev:
            change = "分级变化"
            added = [c for c in l_now if c not in l_prev]
            dropped = [c for c in l_prev if c not in l_now]
            parts = ([f"新成为重点的负荷 " + "、".join(f"{c} {b[c]} → {a[c]}" for c in added)] if added else []) + \
                    ([f"不再为重点的负荷 " + "、".join(f"{c} {b[c]} → {a[c]}" for c in dropped)] if dropped else [])
            why = f"为重点的负荷由 {len(l_prev)} 项变为 {len(l_now)} 项（占比上年 → 本年）：" + "；".join(parts)
        else:
            continue
        lv_now, lv_prev = (_level(sn.loc[eid]) if eid in sn.index else ""), (_level(sp.loc[eid]) if eid in sp.index else "")
        by_now = eid in sn.index and bool(sn.at[eid, "by_level"]) if "by_level" in sn else False
        by_prev = eid in sp.index and bool(sp.at[eid, "by_level"]) if "by_level" in sp else False
        if by_now or by_prev or (lv_now and lv_prev and lv_now != lv_prev):
            keep = why + "；" if shown else ("新入园（上年不在企业名录）；" if change == "新进入" and eid not in sp.index else "")
            why = keep + (
                f"第8步清洁生产水平 {lv_prev or '未判定'} → {lv_now or '未判定'}"
                + ("（本年据此列入清单或提高分级）" if by_now else "（上年据此列入清单或提高分级，本年不再）" if by_prev else ""))
        rows.append({"change": change, "ent_id": str(eid), "name": str(names.get(eid) or ""),
                     "prev": f"{g_prev}类" if g_prev else "未入园", "now": f"{g_now}类" if g_now else "已退出", "why": why})
    return {"year": year, "prev_year": year - 1, "rows": rows,
            "key_now": len(key_now), "key_prev": len(key_prev),
            "entrants": sum(r["change"] == "新进入" for r in rows), "exits": sum(r["change"] == "退出" for r in rows),
            "regraded": sum(r["change"] == "分级变化" for r in rows)}


def dynamics_view(dyn: dict[str, Any]) -> dict[str, Any]:
    return {"title": f"审核分级清单动态（{dyn['prev_year']} 年 → {dyn['year']} 年，编制说明 5.5(8)）",
            "columns": ["变化", "编号", "企业名称", "上年", "本年", "原因（负荷占比：上年 → 本年）"],
            "rows": [[r["change"], r["ent_id"], r["name"], r["prev"], r["now"], r["why"]] for r in dyn["rows"]],
            "note": (f"重点企业 {dyn['key_prev']} 家 → {dyn['key_now']} 家：新进入 {dyn['entrants']} 家、退出 {dyn['exits']} 家、"
                     f"分级变化 {dyn['regraded']} 家；C类（非重点）企业之间的变化不列出。")}


def _pct(x: Any) -> str:
    """A share in a table column: always two decimals, so 81.00% and 80.47% line up and read alike."""
    v = _py(x)
    return "—" if v is None else f"{float(v):.2f}%"
