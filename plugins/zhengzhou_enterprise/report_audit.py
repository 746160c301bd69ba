"""Renderers for 第五章–第八章 of the audit report: D.26–D.37, balances, feasibility analyses."""
from __future__ import annotations

from cpframework.api import fmt
from cpframework.api import uses

from . import cutoff
from . import options as op
from . import reads as rd
from . import rollups as ru
from . import targets as tg
from .report_base import put, rows_of, traces, v

NUM = "一二三四五六七八九十"


@uses("D.26")
def meters(ctx, w):
    put(ctx, w, "D.26", [[r.get(f) for f in ("name", "location", "model", "range", "accuracy", "quantity", "status", "calibration")]
                         for r in rows_of(ctx, "D.26")])


def balance_flows(b) -> list:
    """A balance as flows for its Sankey diagram (6.5.1.2.5 a) 水平衡图, 6.6.2.3): every input stream into the
    balanced unit, every output stream out of it, each band as wide as its amount."""
    from cpframework.api import calc
    t = b.result.table
    unit = b.name
    return ([calc.flows.Flow(str(r["name"]), unit, float(r["amount"])) for _, r in t[t["direction"] == "输入"].iterrows()]
            + [calc.flows.Flow(unit, str(r["name"]), float(r["amount"])) for _, r in t[t["direction"] == "输出"].iterrows()])


def balance_block(ctx, w, b, tid="balance"):
    if b.result is None:
        w.notice(f"{b.name}无法计算：{b.error}")
        return
    r = b.result
    rows = [[x["name"], x["direction"], x["amount"], x["unit"], x["share"]] for _, x in r.table.iterrows()]
    rows.append(["输入合计", "", r.total_in.value, r.total_in.unit, None])
    rows.append(["输出合计", "", r.total_out.value, r.total_out.unit, None])
    rows.append(["差值（输入 − 输出）", "", r.deviation.value, r.deviation.unit, r.deviation_pct.value])
    w.table(["物流", "方向", "数量", "单位", "占比/偏差率（%）"], rows, caption=f"{b.name}")
    from cpframework.api import charts
    head, paren, rest = b.name.partition("（")   # 全厂水平衡（2024 年） → 全厂水平衡图（2024 年）
    w.chart(charts.flow_chart, f"{head}图{paren}{rest}", balance_flows(b), unit=r.total_in.unit,
            title=f"输入 {fmt(r.total_in.value)}，输出 {fmt(r.total_out.value)} {r.total_in.unit}，偏差率 {fmt(r.deviation_pct.value)}%")
    traces(w, [r.total_in, r.total_out, r.deviation_pct, b.utilisation])
    from .efficiencies import of_balances
    for e in of_balances(ctx.project, tid):
        if e.balance == b.name:
            w.paragraph("由平衡计算：" + "；".join(f"{x.trace.name} {fmt(x.value)}%" for x in e.results) + "。")
            traces(w, e.results)


TECHNICAL = ("请在“可行性分析”工作表的“技术评估”中说明资料来源并逐项评估：□ a) 工艺路线、技术设备在经济合理条件下的先进性、节能性、"
             "耐用性和适用性；□ b) 与国家有关技术政策和能源政策的相符性；□ c) 技术引进或设备进口是否符合我国国情、引进后能否消化吸收；"
             "□ d) 资源的利用率和技术途径合理性；□ e) 技术设备操作安全性、可靠性；□ f) 技术成熟情况；并明确技术可行性结论。")
ENVIRONMENTAL = ("请在“可行性分析”工作表的“环境评估”中说明数据来源、核算过程并逐项评估：□ a) 资源、能源的消耗与减量使用情况"
                 "（节能量按 GB/T 13234 计算）；□ b) 污染物产生量和排放量的变化；□ c) 有毒有害物质减量使用及减排情况；"
                 "□ d) 方案实施产生的二次污染物；□ e) 操作环境对人员健康的影响；□ f) 废弃物的重复利用、循环利用和再生回收情况；"
                 "并明确环境可行性结论。")


@uses("balance")
def balances(ctx, w):
    bs = [b for b in tg.balances(ctx.project) if b.kind != "重金属" or ctx.project.manifest.flag("heavy_metal")]
    if not bs:
        w.notice("尚无平衡实测数据（“平衡实测”工作表）。")
    for b in bs:
        w.paragraph(f"{b.kind}平衡：{b.name}", bold=True)
        balance_block(ctx, w, b)


@uses("D.27", "D.28")
def diagnosis(ctx, w):
    f27 = ("name", "location", "f_material", "f_process", "f_equipment", "f_control", "f_product", "f_waste", "f_management", "f_staff")
    put(ctx, w, "D.27", [[r.get(f) for f in f27] for r in rows_of(ctx, "D.27")])
    f28 = ("name", "location", "f_material", "f_process", "f_equipment", "f_collection", "f_treatment", "f_control", "f_management", "f_staff")
    put(ctx, w, "D.28", [[r.get(f) for f in f28] for r in rows_of(ctx, "D.28")])


@uses("D.29")
def expert_opinions(ctx, w):
    put(ctx, w, "D.29", [[i, r.get("opinion"), r.get("adoption")] for i, r in enumerate(rows_of(ctx, "D.29"), 1)])


@uses("options")
def classification(ctx, w):
    opts = op.options(ctx.project)
    rows = [[o.number, o.get("category"), o.get("name"), o.get("content"), o.get("investment"), o.get("env_benefit"), o.get("econ_benefit")]
            for o in opts]
    if rows:
        rows.append(["汇总", f"{len(opts)} 项", "", "", sum(float(o.get("investment") or 0) for o in opts), "",
                     sum(float(o.get("econ_benefit") or 0) for o in opts)])
    put(ctx, w, "D.30", rows, notes="经济效益单位：万元/a。")
    counts = {c: sum(1 for o in opts if o.get("category") == c) for c in op.CATEGORIES}
    w.paragraph("按方案类型统计：" + "，".join(f"{c} {n} 项" for c, n in counts.items() if n) + "。")


@uses("options")
def screening(ctx, w):
    p = op.params(ctx.project)
    if p["low_cost_max"] is not None:
        w.paragraph(f"方案费用划分界限：预计投资 ≤ {fmt(p['low_cost_max'])} 万元为无/低费方案，> {fmt(p['low_cost_max'])} 万元为中/高费方案"
                    + (f"（其中 > {fmt(p['high_cost_min'])} 万元按高费方案评价）" if p["high_cost_min"] is not None else "") + "。")
    opts = op.options(ctx.project)
    for cls, label in ((op.LOW, "（可行无/低费方案）"), (op.HIGH, "（初步可行中/高费方案）")):
        sel = [o for o in opts if o.cost == cls and o.feasible]
        rows = [[i, o.number, o.get("name"), o.get("investment")] for i, o in enumerate(sel, 1)]
        if rows:
            rows.append(["合计", "", f"{len(sel)} 项", sum(float(o.get("investment") or 0) for o in sel)])
        put(ctx, w, "D.31", rows, suffix=label, notes="预计投资单位：万元。")
    bad = [o for o in opts if o.screening == "不可行"]
    put(ctx, w, "D.32", [[i, o.number, o.get("category"), o.get("name"), o.get("content"), o.get("reason")] for i, o in enumerate(bad, 1)])


@uses(*rd.FEASIBLE)
def development(ctx, w):
    fz = op.feasibility(ctx.project)
    if fz:
        w.paragraph("需进行可行性分析的中/高费方案：" + "、".join(f"{f.option.number} {f.option.get('name')}" for f in fz) + "。")


@uses(*rd.FEASIBLE, "benefits", "prices")
def feasibility(ctx, w):
    fz = op.feasibility(ctx.project)
    if not fz:
        w.notice("没有初步可行的中/高费方案。")
    for i, f in enumerate(fz):
        o = f.option
        w.section(f"方案{NUM[i] if i < 10 else i + 1}：{o.number} {o.get('name')}", level=3,
                  number=f"{w.chapter_index}.2.{i + 1}" if w.chapter_index else "")
        w.paragraph("（1）方案介绍", bold=True)
        w.paragraph(f"现状及存在问题：{o.get('problem') or '—'}。方案内容：{o.get('content') or '—'}。预计投资 {fmt(o.get('investment'))} 万元。")
        w.paragraph("（2）技术评估", bold=True)
        if not f.row.get("technical"):
            w.placeholder(f"{o.number} 技术评估（6.8.2.2）：" + TECHNICAL)
        w.paragraph(f"{f.row.get('technical') or '—'}。结论：技术{'可行' if f.row.get('technical_ok') else '不可行'}。")
        w.paragraph("（3）环境评估", bold=True)
        if not f.row.get("environmental"):
            w.placeholder(f"{o.number} 环境评估（6.8.2.3）：" + ENVIRONMENTAL)
        w.paragraph(f"{f.row.get('environmental') or '—'}。结论：环境{'可行' if f.row.get('environmental_ok') else '不可行'}。")
        w.paragraph("（4）经济评估", bold=True)
        e = f.economics
        if e is None:
            w.paragraph("；".join(f.reasons[1:]) or "—")
        else:
            p = op.params(ctx.project)
            w.paragraph(f"数据来源及依据：{f.row.get('economic_note') or '—'}。贴现率 {fmt(p['discount_rate'] * 100)}%，所得税税率 {fmt(p['tax_rate'] * 100)}%。")
            _itemised_savings(ctx, w, o.number)
            w.table(["指标", "数值", "单位"], [["总投资费用 I", e.investment.value, e.investment.unit], ["年增加现金流量 F", e.cash_flow.value, e.cash_flow.unit],
                                             ["投资偿还期 N", v(e.payback), "年"], ["净现值 NPV", e.npv.value, e.npv.unit],
                                             ["净现值率 NPVR", e.npvr.value, "%"], ["内部收益率 IRR", None if e.irr.value is None else e.irr.value * 100, "%"]],
                    caption=f"{o.number} 经济评估指标")
            traces(w, e.results() + [f.verdict], "经济评估计算过程：")
        w.paragraph("（5）可行性结论", bold=True)
        w.paragraph(f"{'；'.join(f.reasons)}。综合结论：{f.conclusion}。")


@uses(*rd.TARGETS)
def expected_completion(ctx, w):
    rows, res = [], []
    for t in tg.targets(ctx.project):
        rows.append([t.name, t.unit, t.baseline, v(t.near[0]), v(t.near[1]), v(t.expected), v(t.expected_rel), t.row.get("options")])
        res += [t.expected, t.expected_rel]
    put(ctx, w, "D.33", rows)
    traces(w, res, "预期完成情况计算过程：")


@uses("options", "benefits", "E.4")
def implemented_results(ctx, w):
    ben = ru.per_option(ctx.project, "核定")
    exp = ru.per_option(ctx.project, "预期")
    rows = []
    cut = cutoff.report_date(ctx.project, ctx.kind.id)
    done = [o for o in ru.implemented(ctx.project) if cutoff.done_by(o, cut)]   # the state at the report's date
    for o in done:
        b = ben.get(o.number) or exp.get(o.number) or {}
        econ = ru.econ_total({k: d["annual"] for k, d in b.items()})
        rows.append([o.number, o.get("category"), o.get("name"), o.get("actual_investment") if o.get("actual_investment") is not None else o.get("investment"),
                     v(o.get("start")), v(o.get("end")), ru.env_text(b) or o.get("env_benefit"), econ])
    if rows:
        rows.append(["汇总", "", f"{len(done)} 项", sum(float(r[3] or 0) for r in rows), "", "", "", sum(float(r[7] or 0) for r in rows)])
    later = [o.number for o in ru.implemented(ctx.project) if o not in done]
    put(ctx, w, "D.34", rows, notes=["经济效益单位：万元/a，以年度计；有核定效益的取核定值，否则取预期值。"]
        + ([f"截至本报告日期（{cut.isoformat()}）尚未完成的方案（{'、'.join(later)}）不列入本表。"] if later and cut else []))


@uses("D.35", "options", "E.4")
def schedule(ctx, w):
    opts = {o.number: o for o in op.options(ctx.project)}
    cut = cutoff.report_date(ctx.project, ctx.kind.id)
    rows, seen = [], []
    for r in rows_of(ctx, "D.35"):
        n = str(r.get("number") or "").upper()
        o = opts.get(n)
        first = n not in seen
        if first:
            seen.append(n)
        rows.append([len(seen) if first else "", n if first else "", o.get("name") if (o and first) else "",
                     o.get("investment") if (o and first) else "", r.get("step"), r.get("time"), r.get("dept"),
                     cutoff.step_done(r.get("time"), r.get("status"), cut)])
    put(ctx, w, "D.35", rows, notes=[f"进度状态为本报告日期（{cut.isoformat()}）时的状态。"] if cut else None)


@uses(*rd.SUMMARY)
def summary_table(ctx, w, basis="预期"):
    s = ru.implementation_summary(ctx.project, basis)
    cl = (op.LOW, op.HIGH, "合计")
    rows = [["方案实施", "方案数量（个）", *[s[c]["count"] for c in cl]], [None, "已完成方案数量（个）", *[s[c]["done"] for c in cl]],
            [None, "实施率（%）", *[s[c]["rate"] for c in cl]],
            ["投资额（万元）", "预期投资", *[s[c]["planned"] for c in cl]], [None, "已实现投资", *[s[c]["actual"] for c in cl]],
            [None, "投资完成率（%）", *[s[c]["invest_rate"] for c in cl]], [("经济效益（万元/a）", 2), *[s[c]["econ"] for c in cl]]]
    first = True
    for item, unit in ru.ENV_UNITS.items():
        if any(s[c]["env"].get(item) for c in cl):
            rows.append(["环境效益" if first else None, f"{item}（{unit}/a）", *[s[c]["env"].get(item) or None for c in cl]])
            first = False
    rows = [[c if c is not None else "" for c in r] for r in rows]
    put(ctx, w, "D.36", rows, notes="注：环境效益应包括但不限于：节能、节水、节电、节天然气、污染物减排，有毒有害物质减量使用、有毒有害污染物减排。"
        "节能量按 GB/T 2589 由节电、节天然气、节蒸汽等折算。")


@uses("D.37")
def archive(ctx, w):
    data = ctx.project.tables.get("D.37")
    if data is None:
        return
    stages = {1: "审核前期", 5: "审核准备", 9: "预审核/审核", 10: "清洁生产方案", 15: "审核绩效", 17: "持续清洁生产", 18: "其他有关文件资料"}
    labels = {i.id: i.label for i in data.schema.items}
    val = {r["id"]: r.get("value") for r in data.rows}
    rows = [[n, stages.get(n, ""), labels[k], val.get(k)] for n, k in enumerate(labels, 1)]
    put(ctx, w, "D.37", rows)


def _itemised_savings(ctx, w, number: str) -> None:
    """6.8.2.4.2: the option's running-cost savings, saved quantity × baseline-year price."""
    from .savings import PRICED, itemised
    items = [x for x in itemised(ctx.project, "预期") if x.number == number]
    if not items:
        return
    rows = [[x.econ_item, f"{fmt(x.quantity)} {PRICED[x.quantity_item][2]}/a", f"{fmt(x.price)} {x.price_unit}", x.value.value]
            for x in items]
    w.table(["节约项目", "节约量", "基准年价格", "年节约金额（万元）"], rows, caption=f"{number} 年运行费用节省（按基准年价格）")
    traces(w, [x.value for x in items])
