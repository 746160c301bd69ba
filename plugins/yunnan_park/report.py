"""Report renderers of the park audit report (data/reports/audit.toml): ``func(ctx, w)``.

Tables come from the workbook; the key-enterprise list, coverage, Pareto charts and the graded
evaluation are recomputed from the project with the same functions ``cpaudit evaluate`` uses.
The annual report's renderers are in :mod:`.report_annual`.
"""
from __future__ import annotations

from typing import Any

from cpframework.api import CalcError, fmt, show_value
from cpframework.api import uses

from . import analysis, results
from .elements import for_enterprise
from .keylist import ranked

LEVELS = ("园区", "产业链/产业集群", "企业")


_t = show_value  # 是/否, dates, numbers via fmt, "—" for no value


def _table(w: Any, header: list[str], rows: list[list[Any]], caption: str, **kw: Any) -> None:
    body = [[_t(c) for c in r] for r in rows] or [["（工作簿中尚无数据）"] + [""] * (len(header) - 1)]
    w.table(header, body, caption=caption, **kw)


def _key(ctx: Any) -> dict[str, Any] | None:
    cache = ctx.report_vars.setdefault("_yunnan", {})
    if "kr" not in cache:
        try:
            cache["kr"] = results.key_results(ctx.project)
        except CalcError as exc:
            cache["kr"] = None
            cache["error"] = str(exc)
    return cache["kr"]


@uses("team", "tasks", "training", "materials", "enterprises")
def preparation_tables(ctx: Any, w: Any) -> None:
    _table(w, ["机构", "姓名", "职务", "所在单位及职务", "职责"],
           [[r.get("group"), r.get("name"), r.get("role"), r.get("dept"), r.get("duty")] for r in ctx.rows("team")],
           "审核机构组成及职责", col_widths=[2.4, 1.8, 2.0, 4.2, 5.6])
    _table(w, ["责任主体", "责任单位", "任务", "提供资料", "完成时间"],
           [[r.get("provider"), r.get("unit"), r.get("task"), r.get("data"), r.get("deadline")] for r in ctx.rows("tasks")],
           "任务分工", col_widths=[2.2, 3.2, 5.2, 2.8, 2.6])
    _table(w, ["日期", "形式", "内容", "参加人数（人）"],
           [[r.get("date"), r.get("form"), r.get("content"), r.get("participants")] for r in ctx.rows("training")],
           "培训动员", col_widths=[3.0, 3.0, 7.4, 2.6])
    _table(w, ["类别", "资料名称", "来源体系", "提供单位", "收集情况"],
           [[r.get("category"), r.get("item"), r.get("system"), r.get("provider"), r.get("status")] for r in ctx.rows("materials")],
           "资料收集清单（附录B）", col_widths=[2.2, 5.6, 3.0, 3.0, 2.2])
    kr = _key(ctx)
    if kr is not None:
        ent = kr["enterprises"]
        counts = ent["permit_class"].value_counts()
        w.paragraph(f"园区企业名录共 {len(ent)} 家，其中排污许可重点管理 {int(counts.get('重点管理', 0))} 家、"
                    f"简化管理 {int(counts.get('简化管理', 0))} 家、登记管理 {int(counts.get('登记管理', 0))} 家；"
                    f"排放量取自排污许可执行报告（年报），能源、水资源和经济数据取自能源、水利、统计部门（编制说明 4.1.1）。")


@uses("park_info", "region")
def region_table(ctx: Any, w: Any) -> None:
    """园区基本情况 (附录B 园区资料: area, leading industries, receiving water, air quality), then the constraints."""
    items = {r.get("id"): r.get("value") for r in ctx.rows("park_info")}
    schema = ctx.standard.tables["park_info"]
    rows = [[i.label, f"{_t(items[i.id])} {i.unit}".strip() if i.unit and i.type != "year" else _t(items[i.id])]
            for i in schema.items if items.get(i.id) not in (None, "")]
    _table(w, ["项目", "内容"], rows, "园区基本情况", col_widths=[5.0, 11.0])
    _table(w, ["方面", "制约因素", "现状", "制约程度", "资料来源"],
           [[r.get("aspect"), r.get("factor"), r.get("status"), r.get("degree"), r.get("source")] for r in ctx.rows("region")],
           "区域资源、能源、环境制约因素", col_widths=[1.8, 4.4, 5.4, 1.8, 2.6])


@uses("infrastructure")
def infrastructure_table(ctx: Any, w: Any) -> None:
    _table(w, ["类别", "设施或制度", "现状", "存在的短板"],
           [[r.get("category"), r.get("facility"), r.get("status"), r.get("gap")] for r in ctx.rows("infrastructure")],
           "园区基础设施及环境监管体系", col_widths=[2.6, 4.0, 4.8, 4.6])


@uses("chains", "statistics", "enterprises", "energy_water", "emissions", "solid_waste")
def chain_table(ctx: Any, w: Any) -> None:
    kr = _key(ctx)
    if kr is None:
        w.placeholder(ctx.report_vars["_yunnan"].get("error", "审核分级清单无法计算"))
        return
    view = results.chain_view(kr, ctx.project, for_report=True)
    cols = view["columns"][:6] + [view["columns"][-1]]
    _table(w, cols, [r[:6] + [r[-1]] for r in view["rows"]], "产业链/产业集群占比与整体水平")
    if len(view["columns"]) > 7:   # the pollutants, the region's constraint pollutants first (5.5(3))
        _table(w, [view["columns"][0], *view["columns"][6:-1]], [[r[0], *r[6:-1]] for r in view["rows"]],
               "产业链/产业集群污染物排放与固体废物占比",
               notes="先列区域制约因素中的污染物（臭氧按其前体物挥发性有机物、氮氧化物计）；“—”表示该产业链没有此项排放。")
    _table(w, ["产业链/产业集群", "对标依据", "整体水平", "主要问题"],
           [[r.get("chain"), r.get("benchmark"), r.get("level"), r.get("problems")] for r in ctx.rows("chains")],
           "产业链/产业集群清洁生产水平判定", col_widths=[3.4, 4.6, 1.8, 6.2])


@uses("enterprise_levels", "enterprises")
def enterprise_level_table(ctx: Any, w: Any) -> None:
    """The judgements in force in the base year (the latest of that year or before) of the enterprises in that
    year's 企业名录, with the year judged."""
    names = analysis.enterprises(ctx.project).get("name", {})
    base = int(ctx.evaluation.baseline_year)
    in_force = {n for _lv, n, _y in analysis.levels_at(ctx.project, base).values()}
    data = ctx.project.tables.get("enterprise_levels")
    pairs = list(zip(data.rows, data.sheet_rows or [None] * len(data.rows))) if data is not None else []
    _table(w, ["企业编号", "企业名称", "评价依据", "清洁生产水平", "判定年份", "主要问题"],
           [[r.get("ent_id"), names.get(r.get("ent_id"), ""), r.get("benchmark"), r.get("level"),
             f"{analysis.row_year(r, ctx.project.manifest.baseline)}年", r.get("problems")]
            for r, n in sorted(pairs, key=lambda x: str(x[0].get("ent_id")))
            if n in in_force and r.get("ent_id") in names], f"企业清洁生产水平判定（{base}年有效的判定）",
           col_widths=[1.6, 3.2, 4.0, 1.8, 1.6, 3.8])


@uses("enterprises", "energy_water", "emissions", "solid_waste")
def key_list(ctx: Any, w: Any) -> None:
    kr = _key(ctx)
    if kr is None:
        w.placeholder(ctx.report_vars["_yunnan"].get("error", "审核分级清单无法计算"))
        return
    list_view, cov_view, _raw = results.key_views(kr)
    cfg = kr["config"]
    w.paragraph(f"对每项负荷，将企业按数值由大到小排序（并列按企业编号），取累计占比首次达到 {fmt(cfg.threshold * 100)}% "
                f"的最少企业；各负荷名单的并集为审核分级清单（编制说明 5.5(4)）。{list_view['note']}")
    _table(w, cov_view["columns"], cov_view["rows"], "各负荷的重点企业覆盖情况", notes=cov_view["note"])
    year = int(ctx.project.manifest.baseline)
    dyn = results.list_dynamics(ctx.project, year)   # a later audit round: what changed since last year's list
    if dyn is not None and dyn["rows"]:
        view = results.dynamics_view(dyn)
        w.paragraph(view["note"])
        w.table(view["columns"], view["rows"], caption=f"审核分级清单变化（{year - 1}年 → {year}年）",
                col_widths=[1.5, 1.3, 2.8, 1.3, 1.3, 7.8])
    mode = analysis.keylist().audit_mode
    w.table(list_view["columns"], list_view["rows"], caption="审核分级清单（重点企业）",
            col_widths=[1.0, 1.6, 3.6, 2.8, 1.8, 4.2, 1.0, 2.4],
            notes="；".join(f"{kr['screened'].loc[kr['screened']['grade_code'] == k, 'grade'].iloc[0] if (kr['screened']['grade_code'] == k).any() else k}：{v}" for k, v in mode.items()))
    for load in kr["loads"].columns:
        fr = ranked(kr["loads"], load, kr["screened"])
        top = fr.head(max(int(fr["member"].sum()) + 5, 10))
        w.chart_pareto([str(i) for i in fr.index], [float(x) for x in fr["value"]],  # all: shares over the total
                       caption=f"{load}帕累托图（前 {len(top)} 家）", threshold=cfg.threshold,
                       unit=kr["units"].get(load, ""), show=len(top))


def indicator_system(ctx: Any, w: Any) -> None:
    weights = {g.name: g.weight for g in ctx.standard.info.groups}
    chosen = {r.indicator.id for r in ctx.evaluation.selected()}
    rows = []
    for i in ctx.standard.indicators:
        th = [i.thresholds[k].show() if k in i.thresholds else "—" for k in ("L1", "L2", "L3")]
        rows.append([i.id, f"{i.category}（{fmt(weights[i.category])}）", i.name + ("*" if i.limiting else ""), i.unit,
                     *th, fmt(i.weight), "必选" if i.mandatory else "可选", "是" if i.id in chosen else "否"])
    w.table(["代码", "一级指标（权重）", "二级指标", "单位", "Ⅰ级基准值", "Ⅱ级基准值", "Ⅲ级基准值", "权重", "必选/可选", "本次选用"],
            rows, caption="园区清洁生产审核指标体系（附录C2，重建）", col_widths=[1.0, 2.6, 4.0, 1.6, 1.4, 1.4, 1.4, 1.0, 1.2, 1.2],
            notes="带 * 者为限定性指标。指标与基准值按编制说明所引 HJ 274、绿色园区评价要求等重建，来源见附录；权重为重建取值。")


def indicator_evaluation(ctx: Any, w: Any) -> None:
    ev = ctx.evaluation
    rows = [[r.indicator.id, r.indicator.name, show_value(r.value, r.indicator.unit) if r.value is not None else (r.error or "—"),
             r.level_label or "—", r.gap_text] for r in ev.selected()]
    w.table(["代码", "指标", "现状值", "级别", "差距"], rows, caption="园区评价指标计算结果与级别",
            col_widths=[1.2, 5.6, 3.0, 2.6, 3.6])
    items = [{"name": r.indicator.name, "value": float(r.value), "general": float(r.indicator.thresholds["L3"].value),
              "advanced": float(r.indicator.thresholds["L1"].value), "higher_is_better": r.indicator.direction == "higher"}
             for r in ev.selected() if isinstance(r.value, (int, float)) and not isinstance(r.value, bool)
             and r.indicator.direction in ("higher", "lower") and r.indicator.thresholds["L3"].value]
    if items:
        w.chart_attainment(items, caption="定量指标达标情况（以Ⅲ级基准值为 1，Ⅰ级为先进参照）")
    grade = ev.extra.get("yunnan", {}).get("park_grade")
    if grade:
        w.table(["综合指数 YⅠ", "综合指数 YⅡ", "综合指数 YⅢ", "评定等级"], [[fmt(grade["Y1"]), fmt(grade["Y2"]), fmt(grade["Y3"]),
                                                    f"{grade['level']}（{grade['level_name']}）"]],
                caption="园区清洁生产水平综合评价（附录D）", col_widths=[2.6, 2.6, 2.6, 8.2])
        w.paragraph("计算过程：")
        for tr in grade["traces"]:
            w.paragraph(f"{tr['name']}：{tr['formula']}；代入：{tr['substitution']}；结果：{tr['result']}")
    w.paragraph("各指标计算过程：")
    for r in ev.selected():
        if r.trace is not None:
            w.trace(r.trace)


def _findings(ctx: Any, w: Any, level: str) -> None:
    rows = [r for r in ctx.rows("findings") if r.get("level") == level]
    _table(w, ["审核对象", "审核重点", "审核方向/要素", "发现的问题", "原因分析"],
           [[r.get("object"), r.get("focus"), r.get("direction"), r.get("problem"), r.get("cause")] for r in rows],
           f"{level}层面审核发现", col_widths=[2.4, 2.6, 2.8, 4.6, 3.6])


@uses("findings", "emissions", "enterprises")
def findings_park(ctx: Any, w: Any) -> None:
    _findings(ctx, w, "园区")
    ex = ctx.evaluation.extra.get("yunnan", {}).get("exceedances") or []
    if ex:
        w.table(["企业编号", "企业名称", "污染物", "许可排放量（t/a）", "实际排放量（t/a）"],
                [[e["ent_id"], e["name"], e["pollutant"], fmt(e["permitted"]), fmt(e["actual"])] for e in ex],
                caption="执行报告非现场审核：实际排放量超过许可排放量")


@uses("findings")
def findings_chain(ctx: Any, w: Any) -> None:
    _findings(ctx, w, "产业链/产业集群")


@uses("findings", "enterprises", "energy_water", "emissions", "solid_waste")
def findings_enterprise(ctx: Any, w: Any) -> None:
    _findings(ctx, w, "企业")
    kr = _key(ctx)
    if kr is None:
        return
    ent, sc = kr["enterprises"], kr["screened"]
    rows = []
    for eid in sc.index[sc["grade_code"] == "A"]:
        e = ent.loc[eid]
        el = for_enterprise(e.get("industry"), e.get("cp_industry"))
        rows.append([eid, e.get("name"), el.industry, el.direction, el.elements])
    _table(w, ["企业编号", "企业名称", "行业", "审核方向", "审核要素"], rows,
           "A类重点企业的审核方向与要素（附录C1）", col_widths=[1.6, 3.4, 2.0, 4.0, 5.0])


def _option_name(r: dict[str, Any]) -> str:
    return f"{r.get('name') or ''}（采纳经验方案 {r['experience']}）" if r.get("experience") else (r.get("name") or "")


@uses("options", "experience", "effects", "enterprises", "energy_water", "emissions", "solid_waste", "enterprise_levels")
def options_tables(ctx: Any, w: Any) -> None:
    for level in LEVELS:
        rows = [r for r in ctx.rows("options") if r.get("level") == level]
        _table(w, ["编号", "实施主体", "方案名称", "主要内容", "投资（万元）", "预期效果", "实施期限", "状态"],
               [[r.get("code"), r.get("object"), _option_name(r), r.get("content"), r.get("investment"), r.get("expected"),
                 r.get("period"), r.get("status")] for r in rows], f"{level}层级改进方案",
               col_widths=[1.2, 2.2, 3.0, 3.4, 1.6, 2.6, 1.6, 1.4])
    experience_table(ctx, w, int(ctx.evaluation.baseline_year))


def experience_table(ctx: Any, w: Any, year: int) -> None:
    """经验方案 matched to the year's key enterprises (5.5(7)), marked 参考 or with the option that adopted it."""
    from . import experience

    if _key(ctx) is None:
        return
    found = experience.proposals(ctx.project, year)
    if not found:
        w.paragraph(f"经验方案库（本园区已实施并评估的企业方案和往年、其他园区的方案）中没有与{year}年重点企业同行业、针对同一负荷的方案。")
        return
    adopted = sum(1 for p in found if p["adopted"])
    cols_rows = experience.view(found)
    w.paragraph(f"按编制说明 5.5(7)，已实施方案及其效果评估作为经验方案支撑后续整改。下表把经验方案库中与{year}年重点企业同属附录C1 行业、"
                f"针对其为重点的负荷的方案列出，共 {len(cols_rows[1])} 项方案、匹配重点企业 {len(found)} 家次，供企业和技术服务单位参考"
                f"（不是已确定的方案）；" + (f"其中 {adopted} 家次已采纳为本园区的改进方案，方案编号见“状态”列。" if adopted else "尚无采纳。"))
    cols, rows = cols_rows
    _table(w, cols, rows, f"经验方案参考（{year}年重点企业）", col_widths=[3.0, 4.6, 6.0, 2.4],
           notes="匹配规则（重建）：同属附录C1 同一行业，且方案针对的负荷是该企业为重点的负荷；因清洁生产水平列入清单的企业匹配同行业的全部经验方案；不提给方案的实施企业本身。")


@uses("effects")
def effects_table(ctx: Any, w: Any, year: int | None = None) -> None:
    """All evaluated effects (the audit report), or one year's (the annual report, ``year``)."""
    rows = [r for r in ctx.rows("effects") if year is None or r.get("year") == year]
    if year is not None and not rows:
        w.paragraph(f"{year}年没有方案实施效果评估记录。")
        return
    rows = sorted(rows, key=lambda r: (str(r.get("code") or ""), r.get("year") or 0))
    cuts = (("cod_cut", "化学需氧量"), ("nh3_cut", "氨氮"), ("so2_cut", "二氧化硫"), ("nox_cut", "氮氧化物"),
            ("pm_cut", "颗粒物"), ("voc_cut", "挥发性有机物"))
    body = [[r.get("code"), r.get("year"), r.get("investment"), r.get("economic"), r.get("energy_saved"),
             r.get("water_saved"), "；".join(f"{lab} {fmt(r[k])}" for k, lab in cuts if r.get(k)), r.get("note")]
            for r in rows]
    header = ["方案", "年份", "实际投资（万元）", "年经济效益（万元）", "节能（tce）", "节水（m³）", "污染物削减（t/a）", "说明"]
    widths = [1.2, 1.2, 1.8, 1.8, 1.6, 1.8, 3.6, 3.0]
    if year is not None:   # one year's report: the year is in the caption, and the table fits a portrait page
        header, widths = header[:1] + header[2:], [1.1, 1.5, 1.6, 1.4, 1.9, 4.4, 3.4]
        body = [r[:1] + r[2:] for r in body]
    _table(w, header, body, f"{year}年方案实施效果评估" if year is not None else "方案实施效果评估", col_widths=widths)
    years = results.effects_years(ctx.project)
    tot = results.effects_summary(ctx.project, year)
    if year is None and len(years) > 1:
        w.paragraph(f"效果按评估年份分别统计，不跨年累加；下面是 {tot['year']} 年的合计"
                    f"（其他年份：{'、'.join(f'{y}年' for y in years if y != tot['year'])}）。")
    w.paragraph(f"{tot['year']}年已评估方案 {tot['count']} 项，实际投资合计 {fmt(tot['investment'])} 万元，年经济效益 {fmt(tot['economic'])} 万元，"
                f"年节能 {fmt(tot['energy_saved'])} tce、节水 {fmt(tot['water_saved'])} m³，年减排二氧化碳 {fmt(tot['co2_cut'])} t。")
    w.paragraph(f"二氧化碳减排量计算：{tot['co2_trace']}")


@uses("admission", "mechanisms")
def admission_table(ctx: Any, w: Any) -> None:
    _table(w, ["行业或产业链", "准入类别", "能耗上限（tce/万元）", "水耗上限（m³/万元）", "清洁生产水平下限", "其他要求", "依据"],
           [[r.get("industry"), r.get("category"), r.get("energy_intensity_max"), r.get("water_intensity_max"),
             r.get("cp_level_min"), r.get("requirement"), r.get("basis")] for r in ctx.rows("admission")],
           "园区清洁生产准入清单", col_widths=[2.8, 1.4, 1.8, 1.8, 1.8, 4.0, 2.4],
           notes="拟入园项目按本清单逐项核对：准入类别、单位增加值能耗和水耗上限、清洁生产水平下限，其他要求逐条人工核对。")
    rows = [r for r in ctx.rows("mechanisms") if r.get("mechanism") == "激励机制"]
    _table(w, ["内容", "频次", "责任部门", "状态"], [[r.get("content"), r.get("frequency"), r.get("dept"), r.get("status")] for r in rows],
           "清洁生产激励机制", col_widths=[8.0, 2.0, 3.0, 3.0])


@uses("mechanisms")
def mechanisms_table(ctx: Any, w: Any) -> None:
    rows = [r for r in ctx.rows("mechanisms") if r.get("mechanism") != "激励机制"]
    _table(w, ["机制", "内容", "频次", "责任部门", "状态", "最近一次运行"],
           [[r.get("mechanism"), r.get("content"), r.get("frequency"), r.get("dept"), r.get("status"), r.get("last_run")]
            for r in rows], "长效清洁生产审核机制", col_widths=[2.4, 5.6, 1.6, 2.4, 1.6, 2.4])


@uses("enterprises", "enterprise_levels")
def appendix_a_table(ctx: Any, w: Any) -> None:
    """附录A (编制说明 5.6): the published industry standards for the park's industries (重建 R16)."""
    from .appendix import appendix_a

    w.paragraph("编制说明 5.6 写明附录A 为“已发布的行业清洁生产标准规范表”，但没有给出表的内容。本附录按园区企业名录中的行业"
                "（归入附录C1 的行业），列出国家已发布的行业清洁生产评价指标体系和清洁生产标准，以及第8步企业水平判定实际采用的评价依据，"
                "供企业水平判定和企业层面审核对标使用。标准原文的附录A 发布后以原文为准；注明“待核对”的条目，其发布年份或现行状态尚未与原文核对，"
                "引用前请核对。")
    rows = []
    for g in appendix_a(ctx.project):
        docs = "；".join(d.cite() + (f"（{d.note}）" if d.note else "") for d in g["documents"]) or "未收录已发布的行业清洁生产标准规范（按先进企业对标）"
        judged = [r for r in ctx.rows("enterprise_levels") if str(r.get("ent_id")) in g["ids"]]
        if g["bases"]:
            basis = "；".join(g["bases"])
        elif judged:
            basis = "评价依据未填写：由技术服务单位在“企业水平”表中补填"
        else:
            basis = "本行业企业不在第8步判定范围内"
        label = "其他行业" if g["industry"] == "通用" else g["industry"]
        rows.append([label, f"{len(g['ids'])} 家：{'、'.join(g['trades'])}", docs, basis])
    _table(w, ["行业（附录C1）", "园区企业", "已发布的行业清洁生产标准规范", "第8步判定采用的评价依据"], rows,
           "园区涉及行业已发布的清洁生产标准规范", col_widths=[2.4, 3.6, 6.0, 4.0])


def indicator_explanations(ctx: Any, w: Any) -> None:
    for i in ctx.standard.indicators:
        w.paragraph(f"{i.id} {i.name}（{i.unit}）", bold=True)
        w.paragraph(f"指标解释：{i.explanation}")
        w.paragraph(f"计算公式：{i.params.get('formula_text', '')}")
        w.paragraph(f"指标来源：{i.note.removeprefix('来源：')}")


from .report_annual import ANNUAL  # noqa: E402

RENDERERS = {f.__name__: f for f in (
    preparation_tables, region_table, infrastructure_table, chain_table, enterprise_level_table, key_list,
    indicator_system, indicator_evaluation, findings_park, findings_chain, findings_enterprise, options_tables,
    effects_table, admission_table, mechanisms_table, appendix_a_table, indicator_explanations)} | ANNUAL
