"""Renderers for 4.1.3 企业环保现状 (D.13–D.23), 4.3 现状水平, 4.4 审核重点, 4.5 审核目标 (D.24), D.25."""
from __future__ import annotations

from cpframework.api import CalcError, fmt
from cpframework.api import uses

from . import options as op
from . import reads as rd
from . import levels
from . import targets as tg
from .report_base import put, rows_of, traces, v


def _seq(ctx, tid, fields):
    return [[i, *[v(r.get(f)) for f in fields]] for i, r in enumerate(rows_of(ctx, tid), 1)]


@uses("D.13", "D.14")
def compliance(ctx, w):
    put(ctx, w, "D.13", _seq(ctx, "D.13", ("project", "content", "approval", "acceptance", "problems", "note")))
    put(ctx, w, "D.14", _seq(ctx, "D.14", ("item", "status", "note")))


@uses("D.15", "D.16")
def measures(ctx, w):
    put(ctx, w, "D.15", _seq(ctx, "D.15", ("type", "source", "factor", "treatment", "mode", "outlet", "outlet_type")))
    put(ctx, w, "D.16", _seq(ctx, "D.16", ("type", "standard", "factor", "limit", "quota", "location")))


def _exceed_text(ctx, w, tables):
    found = [e for e in tg.exceedances(ctx.project) if e["table"] in tables]
    if found:
        w.paragraph("超标情况：" + "；".join(f"{e['pollutant']} {fmt(e['value'])} > 限值 {fmt(e['limit'])}" for e in found) + "。")
    elif ctx.project.manifest.flag("double_exceed"):
        w.paragraph("审核基准期监测数据未见超标，双超认定原因见总量分析。")


@uses("D.17", "D.18", "D.23", "emission_trend")
def wastewater(ctx, w):
    put(ctx, w, "D.17", [[r.get("category"), r.get("facility"), r.get("process"), r.get("design"), r.get("actual"), r.get("runtime"),
                          v(r.get("online")), v(r.get("ledger"))] for r in rows_of(ctx, "D.17")])
    rows = []
    for r in rows_of(ctx, "D.18"):
        rate = r.get("exceed_rate")
        if rate is None and r.get("c_max") is not None and r.get("limit") is not None:
            rate = 0 if r["c_max"] <= r["limit"] else None
        rows.append([r.get("category"), r.get("point"), r.get("time"), r.get("method"), r.get("volume"), r.get("pollutant"),
                     r.get("limit"), r.get("c_max"), r.get("c_min"), r.get("c_avg"), rate, r.get("load"), r.get("destination"), r.get("data_source")])
    put(ctx, w, "D.18", rows)
    if ctx.project.manifest.flag("double_exceed"):
        w.paragraph("“双超”分析（6.5.1.3.3 d)）：", bold=True)
        _exceed_text(ctx, w, ("D.18", "D.23"))
    from .report_trends import trend_block
    trend_block(ctx, w, "废水", "6.5.1.3.3 d)")


@uses("D.19", "D.20", "emission_trend")
def exhaust(ctx, w):
    rows = [[r.get("name"), r.get("measure"), r.get("count"), r.get("process"), r.get("design"), r.get("actual"), r.get("runtime"),
             v(r.get("online")), v(r.get("ledger"))] for r in rows_of(ctx, "D.19")]
    put(ctx, w, "D.19", rows)
    if ctx.project.manifest.flag("toxic"):
        eff = [f"{r['name']} {fmt(r['efficiency'])}%" for r in rows_of(ctx, "D.19") if r.get("efficiency") is not None]
        if eff:
            w.paragraph("特征污染物去除效率（6.5.1.3.4 e)）：" + "；".join(eff) + "。")
    rows = [[r.get(f) for f in ("name", "point", "time", "method", "pollutant", "flow", "c_max", "c_min", "c_avg", "exceed_rate",
                                 "c_limit", "r_max", "r_min", "r_avg", "r_limit", "height", "load", "data_source")] for r in rows_of(ctx, "D.20")]
    put(ctx, w, "D.20", rows, notes="年废气污染物排放量单位按 t/a 填写（标准表头印为 m³/a，系笔误）。")
    if ctx.project.manifest.flag("double_exceed"):
        w.paragraph("“双超”分析（6.5.1.3.4 d)）：", bold=True)
        _exceed_text(ctx, w, ("D.20",))
    from .report_trends import trend_block
    trend_block(ctx, w, "废气", "6.5.1.3.4 d)")


@uses("D.21")
def solid_waste(ctx, w):
    rows = [[i, *[v(r.get(f)) for f in ("category", "name", "code", "source", "generated", "form", "hazard", "storage", "disposal", "disposed", "cycle", "ledger")]]
            for i, r in enumerate(sorted(rows_of(ctx, "D.21"), key=lambda r: r.get("category") != "一般固体废物"), 1)]
    put(ctx, w, "D.21", rows)


@uses("D.22")
def noise(ctx, w):
    rows = [[r.get("point"), r.get("period"), r.get("value"), r.get("limit"), r.get("report_no")] for r in rows_of(ctx, "D.22")]
    put(ctx, w, "D.22", rows)
    over = [f"{r['point']}{r['period']}" for r in rows_of(ctx, "D.22") if r.get("value") is not None and r.get("limit") is not None and r["value"] > r["limit"]]
    if rows:
        w.paragraph("厂界噪声" + ("超标：" + "、".join(over) if over else "昼、夜间监测值均满足标准限值") + "。")


@uses("D.23")
def totals(ctx, w):
    rows = []
    for i, r in enumerate(rows_of(ctx, "D.23"), 1):
        ok = None if r.get("quota") is None or r.get("emission") is None else ("是" if r["emission"] <= r["quota"] else "否（超总量）")
        rows.append([i, r.get("pollutant"), f"{fmt(r.get('quota'))} t/a", f"{fmt(r.get('emission'))} t/a", ok])
    put(ctx, w, "D.23", rows, notes="总量指标来源：" + "；".join(f"{r.get('pollutant')} {r.get('quota_source')}" for r in rows_of(ctx, "D.23") if r.get("quota_source")))


def level_of(r, value):
    return levels.level_of(r, value) or "—"


@uses("cp_level")
def cp_level(ctx, w, after: bool = False):
    rows = []
    for r in rows_of(ctx, "cp_level"):
        row = [r.get("indicator"), r.get("unit"), r.get("level1"), r.get("level2"), r.get("level3"), r.get("before"), level_of(r, r.get("before"))]
        if after:
            row += [r.get("after"), level_of(r, r.get("after"))]
        rows.append(row)
    head = ["指标", "单位", "Ⅰ级基准值", "Ⅱ级基准值", "Ⅲ级基准值", "审核前", "审核前级别"] + (["审核后", "审核后级别"] if after else [])
    if rows:
        w.table(head, rows, caption="审核前后清洁生产指标水平对比" if after else "清洁生产现状水平评价表",
                notes="依据：" + "；".join(sorted({str(r.get('source')) for r in rows_of(ctx, 'cp_level') if r.get('source')})))
        for which in ("before", "after") if after else ("before",):   # 6.5.3.1 / 7.3.5.4 综合水平
            res = levels.overall(ctx.project, which)
            if res is None:
                w.notice("有指标缺少数值，无法判定企业清洁生产综合水平：请在“清洁生产指标水平”工作表中补全。")
                break
            w.paragraph(f"{res.trace.name}：{res.trace.result}。")
            w.trace(res.trace)


@uses("cp_level")
def cp_level_after(ctx, w):
    cp_level(ctx, w, after=True)


@uses("focus_scores")
def focus_candidates(ctx, w):
    cands = list(dict.fromkeys(r["candidate"] for r in rows_of(ctx, "focus_scores") if r.get("candidate")))
    if cands:
        w.table(["序号", "备选审核重点", "评分依据"], [[i, c, "；".join(str(r.get("basis")) for r in rows_of(ctx, "focus_scores")
                                                                   if r.get("candidate") == c and r.get("basis")) or None]
                                                   for i, c in enumerate(cands, 1)], caption="备选审核重点一览表")


@uses(*rd.FOCUS)
def focus(ctx, w):
    try:
        rk = tg.focus_ranking(ctx.project)
    except CalcError as exc:
        w.notice(f"审核重点排序无法计算：{exc}")
        return
    if rk is None:
        w.notice("尚未对备选审核重点评分（工作表“审核重点权重”“备选审核重点评分”）。")
        return
    t, wts = rk.table, rk.weights
    head = [["因素", "权重W", *[(c, 2) for c in t.index]], [None, None, *[x for _ in t.index for x in ("R", "R×W")]]]
    rows = [[f, wts[f], *[x for c in t.index for x in (t.at[c, f"R_{f}"], t.at[c, f"RW_{f}"])]] for f in wts.index]
    rows.append(["总分", "", *[(float(t.at[c, "total"]), 2) for c in t.index]])
    rows.append(["排序", "", *[(int(t.at[c, "rank"]), 2) for c in t.index]])
    w.table(head, rows, caption="权重总和计分排序法确定审核重点")
    w.paragraph(f"经权重总和计分排序，确定本轮审核重点为：{'、'.join(rk.first)}。")
    w.trace(rk.trace)


@uses(*rd.TARGETS, *rd.EXCEEDANCES)
def targets(ctx, w):
    rows, res = [], []
    for i, t in enumerate(tg.targets(ctx.project), 1):
        rows.append([i, t.name, t.unit, t.baseline, v(t.near[0]), v(t.near[1]), v(t.mid[0]), v(t.mid[1])])
        res += [t.near[1] if t.row.get("near_abs") is not None else t.near[0], t.mid[1] if t.row.get("mid_abs") is not None else t.mid[0]]
    put(ctx, w, "D.24", rows, notes="相对值为相对基准期值的改善幅度（降低类指标为降低率，提高类指标为提高率）。")
    traces(w, res, "目标绝对值与相对值换算过程：")
    if ctx.project.manifest.flag("double_exceed"):
        found = tg.double_exceed_findings(ctx.project)
        w.paragraph("6.5.5 c) 核查：" + ("；".join(found) if found else "近期目标已覆盖全部超标、超总量问题，完成时限不晚于本轮审核完成时间和政府整改期限。"))


def stage_options(ctx, w, stage):
    rows = [[i, o.get("category"), o.get("name"), o.get("problem"), o.get("content"), o.get("source")]
            for i, o in enumerate([o for o in op.options(ctx.project) if o.get("stage") == stage], 1)]
    put(ctx, w, "D.25", rows, suffix=f"（{stage}阶段）")


@uses("options")
def pre_options(ctx, w):
    stage_options(ctx, w, "预审核")


@uses("options")
def audit_options(ctx, w):
    stage_options(ctx, w, "审核")
