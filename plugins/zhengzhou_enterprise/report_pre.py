"""Renderers for 第二章–第四章 (审核回顾, 审核准备, 预审核): tables D.1–D.24 with charts and traces."""
from __future__ import annotations


from cpframework.api import fmt
from cpframework.api import uses

from . import consumption as cons
from . import targets as tg
from .report_base import put, rows_of, traces, v, years
from .report_monthly import monthly_block


@uses("previous_options")
def previous_options(ctx, w):
    rows = [[r.get("number"), r.get("name"), r.get("cost_class"), v(r.get("investment")), r.get("benefit"), r.get("status")]
            for r in rows_of(ctx, "previous_options")]
    if rows:
        inv = sum(float(r.get("investment") or 0) for r in rows_of(ctx, "previous_options"))
        rows.append(["合计", f"{len(rows)} 项", "", inv, "", ""])
        w.table(["方案编号", "方案名称", "费用类别", "投资（万元）", "取得的效益", "实施情况"], rows, caption="上一轮清洁生产中/高费及主要方案")


@uses("D.1", "D.2")
def teams(ctx, w):
    for group in ("领导小组", "工作小组"):
        rows = [[r.get("role"), r.get("name"), r.get("dept"), r.get("duty")] for r in rows_of(ctx, "D.1") if r.get("group") == group]
        notes = [f"{r.get('name')}：{r.get('note')}" for r in rows_of(ctx, "D.1") if r.get("group") == group and r.get("note")]
        put(ctx, w, "D.1", rows, suffix=f"（{group}）", notes=notes)
    rows = [[r.get("role"), r.get("name"), r.get("qualification"), r.get("title"), r.get("duty")] for r in rows_of(ctx, "D.2")]
    if rows:
        put(ctx, w, "D.2", rows)
    s = ctx.project.manifest.subject
    if ctx.project.manifest.flag("expert_engaged") and s.get("expert_name"):
        w.paragraph(f"本轮审核聘请行业专家 {s.get('expert_name')}（{s.get('expert_org', '')}，{s.get('expert_title', '')}），"
                    f"擅长领域：{s.get('expert_field', '')}。")


@uses("D.3")
def work_plan(ctx, w):
    rows, tasks = [], []
    order = ("审核准备", "预审核", "审核", "方案产生和筛选", "方案确定", "方案实施", "持续清洁生产")
    nums = "一二三四五六七"
    plan = sorted(rows_of(ctx, "D.3"), key=lambda r: (order.index(r["stage"]) if r.get("stage") in order else 9, r.get("start") or 0))
    for r in plan:
        i = order.index(r["stage"]) if r.get("stage") in order else None
        period = f"{v(r.get('start'))} 至 {v(r.get('end'))}"
        rows.append([nums[i] if i is not None else "", r.get("stage"), r.get("content"), period, r.get("dept"), r.get("owner")])
        if r.get("start") and r.get("end"):
            tasks.append((r["stage"], r["start"], r["end"]))
    put(ctx, w, "D.3", rows, notes="计划时间以下图甘特图时间柱表示（具体到日）。")
    if tasks:
        w.chart_gantt(tasks, "清洁生产审核工作计划甘特图")


@uses("D.4")
def basic_info(ctx, w):
    data = ctx.project.tables.get("D.4")
    if data is None or not data.rows:
        return put(ctx, w, "D.4", [])
    schema = {i.id: i for i in data.schema.items}
    val = {r["id"]: r.get("value") for r in data.rows}

    def lab(k):
        it = schema[k]
        return f"{it.label}（{it.unit}）" if it.unit else it.label

    pairs = ["name", "industry", "nature", "legal_rep", "address", "postcode", "contact", "phone", "founded", "production",
             "capital", "area", "shifts", "employees"]
    rows = [[lab(a), val.get(a), lab(b), val.get(b)] for a, b in zip(pairs[::2], pairs[1::2])]
    rows += [[lab(k), (val.get(k), 3)] for k in ("products", "equipment", "output_value")]
    w.table([], rows, caption="企业基本信息表")   # a form: no header row (its first row is data)


@uses("D.5")
def equipment(ctx, w):
    rows, n = [], 0
    for cat, label in (("主要生产设备", "一、主要生产设备"), ("辅助生产设备", "二、辅助生产设备"), ("环保设施设备", "三、环保设施设备")):
        rows.append([(label, 8)])
        for r in rows_of(ctx, "D.5"):
            if r.get("category") == cat:
                n += 1
                rows.append([n, r.get("line"), r.get("name"), r.get("model"), r.get("power"), r.get("quantity"), r.get("since"), r.get("status")])
    put(ctx, w, "D.5", rows if n else [])


@uses("D.6")
def products(ctx, w):
    ys = years(ctx)
    rows = []
    for i, r in enumerate(rows_of(ctx, "D.6"), 1):
        rows.append([i, r.get("name"), r.get("unit"), *[(r.get("output") or {}).get(y) for y in ys],
                     r.get("value_unit"), *[(r.get("value") or {}).get(y) for y in ys]])
    put(ctx, w, "D.6", rows)
    prods = rows_of(ctx, "D.6")
    if prods:
        w.chart_trend(ys, {p["name"]: [(p.get("value") or {}).get(y) for y in ys] for p in prods[:6]},
                      "审核考察期产品产值变化", unit=str(prods[0].get("value_unit") or ""), kind="bar")
    rates = [f"{p['name']} {fmt(p['pass_rate'])}%" for p in prods if p.get("pass_rate") is not None]
    if rates:
        w.paragraph(f"审核基准期产品合格率：{'，'.join(rates)}。")


def _unit_table(ctx, w, tid, field, with_source):
    ys = years(ctx)
    lines = cons.unit_lines(ctx.project, tid, field)
    rows = []
    many = len({ln.product for ln in lines}) > 1
    for i, ln in enumerate(lines, 1):
        r = ln.row
        name = f"{ln.label}（{ln.product}{'' if ln.allocation == '计量' else '，' + ln.allocation + '分摊'}）" if many and tid != "D.7" else ln.label
        head = [i, ln.product, ln.label] if tid == "D.7" else ([i, name, r.get("source"), r.get("discharge")] if tid == "D.10" else [i, name, r.get("source")])
        totals = [ln.totals[y] for y in ys]
        units = [v(ln.unit_values[y]) for y in ys]
        if tid == "D.10":
            rows.append(head + totals + units)
        else:
            rows.append(head + [ln.unit] + totals + [ln.unit_label] + units)
    return lines, rows


def _trend(ctx, w, lines, caption):
    ys = years(ctx)
    series = {}
    for ln in lines:
        vals = [v(ln.unit_values[y]) for y in ys]
        if vals[0]:
            series[ln.label] = [None if x is None else x / vals[0] * 100 for x in vals]
    if series:
        w.chart_trend(ys, series, caption, unit=f"以{ys[0]}年为100", kind="line")
    trend = [f"{ln.label}单耗年均变化 {fmt(ln.trend.value)}%" for ln in lines if ln.trend]
    if trend:
        w.paragraph("审核考察期" + "；".join(trend) + "（计算过程见下）。")
        traces(w, [ln.trend for ln in lines] + [ln.unit_values[ys[-1]] for ln in lines])


@uses("D.7", "D.6", "D.8", "D.9", "balance", "monthly")
def materials(ctx, w):
    lines, rows = _unit_table(ctx, w, "D.7", "name", False)
    put(ctx, w, "D.7", rows, notes="单耗 = 总耗 ÷ 对应产品产量，由工作簿数据计算。")
    _trend(ctx, w, lines, "审核考察期主要原辅材料单耗变化趋势")
    monthly_block(ctx, w, "D.7")
    rows = [[i, r.get("name"), r.get("state"), r.get("storage"), r.get("source"), r.get("transport")] for i, r in enumerate(rows_of(ctx, "D.8"), 1)]
    put(ctx, w, "D.8", rows)
    if ctx.project.manifest.flag("toxic"):      # 6.5.1.2.4 c) “双有”企业
        toxic(ctx, w)
    if ctx.project.manifest.flag("heavy_metal"):  # 6.5.1.2.4 c) 涉重金属企业
        w.paragraph("审核基准期重金属元素平衡：", bold=True)
        heavy_metal(ctx, w)


def toxic(ctx, w):
    rows = [[i, r.get("name"), r.get("components"), r.get("properties")] for i, r in enumerate(rows_of(ctx, "D.9"), 1)]
    put(ctx, w, "D.9", rows)


def heavy_metal(ctx, w):
    from .report_audit import balance_block
    found = False
    for b in tg.balances(ctx.project):
        if b.kind == "重金属":
            found = True
            balance_block(ctx, w, b)
    if not found:
        w.notice("涉重金属企业应分析审核基准期重金属元素平衡：请在“平衡实测”工作表中填写类型为“重金属”的平衡。")


@uses("D.10", "D.6", "monthly")
def water(ctx, w):
    lines, rows = _unit_table(ctx, w, "D.10", "category", True)
    unit = lines[0].unit if lines else "m³"
    ulabel = lines[0].unit_label if lines else ""
    put(ctx, w, "D.10", rows, replace={"总耗（单位）": f"总耗（{unit}）", "单耗（单位）": f"单耗（{ulabel}）"},
        notes=_allocation_notes(lines))
    _trend(ctx, w, lines, "审核考察期单位产品水耗变化趋势")
    _share_traces(ctx, w, lines)
    _per_value(ctx, w, "D.10", "category", "审核考察期万元产值水耗")
    monthly_block(ctx, w, "D.10")


@uses("D.11", "D.6", "monthly")
def energy(ctx, w):
    lines, rows = _unit_table(ctx, w, "D.11", "category", False)
    put(ctx, w, "D.11", rows, notes=_allocation_notes(lines))
    _trend(ctx, w, lines, "审核考察期单位产品能耗（实物量）变化趋势")
    _share_traces(ctx, w, lines)
    _per_value(ctx, w, "D.11", "category", "审核考察期万元产值能耗（实物量）")
    monthly_block(ctx, w, "D.11")


def _allocation_notes(lines) -> list[str]:
    """6.5.1.2.3–6: how each line reaches its product, and the shares used in the baseline year."""
    rules = {ln.allocation for ln in lines if ln.allocation != "计量"}
    if not rules:
        return ["各项总耗按计量计入所对应的产品，单耗 = 总耗 ÷ 该产品产量。"]
    return [f"标注“{'、'.join(sorted(rules))}分摊”的项目，其总耗按各产品当年{'、'.join(sorted(r[1:] for r in rules))}占比分摊到每种产品"
            "后再除以该产品产量；其余项目按计量计入所填产品。总耗栏为分摊到该产品的量。"]


def _share_traces(ctx, w, lines) -> None:
    """The baseline-year shares an allocation used, with their calculation."""
    from . import allocation as alloc
    y = years(ctx)[-1]
    for rule in sorted({ln.allocation for ln in lines if ln.allocation in alloc.FIELD}):
        try:
            traces(w, list(alloc.shares(ctx.project, rule, y).values()), title=f"{rule}分摊的比例（{y}年）：")
        except Exception:   # the cause is a check error at D.6 (missing output or value)
            continue


def _per_value(ctx, w, tid, field, caption):
    """万元产值 basis (6.5.1.2.5–6): each row's plant total ÷ Σ 各产品产值."""
    ys = years(ctx)
    rows = [[i, label, f"{unit}/万元", *[v(vals[y]) for y in ys]]
            for i, (label, unit, vals) in enumerate(cons.per_value(ctx.project, tid, field), 1)]
    if rows and any(r[3:] != [None] * len(ys) for r in rows):
        w.table([["序号", "项目", "单位", *[f"{y}年" for y in ys]]], rows, caption=caption,
                notes=["万元产值消耗 = 全厂总耗 ÷ D.6 各产品产值之和。"])


@uses("D.11", "D.12", "D.6", "carbon")
def comprehensive(ctx, w):
    ys = years(ctx)
    et = cons.comprehensive_energy(ctx.project)
    rows, n = [], 0
    for group in ("能源", "电力", "热力", "耗能工质"):
        members = [r for r in et.rows if r.group == group]
        if not members:
            rows.append([n + 1, group, "（未计入）" if group == "耗能工质" else "—", None, *[None] * (2 * len(ys))])
            n += 1
            continue
        for r in members:
            n += 1
            rows.append([n, group, r.name, f"{fmt(r.coefficient)} {r.coef_unit}", *[r.kgce[y] for y in ys], *[None] * len(ys)])
    rows.append([n + 1, ("合计综合能耗", 2), None, *[v(et.total[y]) for y in ys], *[v(et.unit_value[y]) for y in ys]])
    rows = [r if len(r) == 4 + 2 * len(ys) else r for r in rows]
    put(ctx, w, "D.12", rows, replace={"单耗（单位）": f"单耗（kgce/{et.product_unit}）"},
        notes=["折标准煤系数按 GB/T 2589 参考值，项目实测值优先（见系数来源）；单耗为主要产品 " + et.product
               + " 的单位产品综合能耗（各能源按 D.11 的分摊方式计入该产品），各产品单位产品综合能耗见下表。"]
        + [f"{r.name}系数来源：{r.coef_source}" for r in et.rows])
    if any(et.total[y] for y in ys):
        w.chart_trend(ys, {"综合能耗（tce）": [None if et.total[y] is None else et.total[y].value / 1000 for y in ys]},
                      "审核考察期综合能耗变化", unit="tce", kind="bar")
        w.chart_trend(ys, {f"单位产品综合能耗（kgce/{et.product_unit}）": [v(et.unit_value[y]) for y in ys]},
                      "审核考察期单位产品综合能耗变化", unit=f"kgce/{et.product_unit}", kind="line")
    prow = [[i, name, *[v(vals.get(y)) for y in ys]] for i, (name, vals) in enumerate(et.per_product.items(), 1)]
    prow.append([len(prow) + 1, "万元产值综合能耗（kgce/万元）", *[v(et.per_value.get(y)) for y in ys]])
    units = {str(p.get("name")): str(p.get("unit") or "") for p in cons.product_rows(ctx.project)}
    prow = [r[:1] + [f"{r[1]}（kgce/{units[r[1]]}）" if r[1] in units else r[1]] + r[2:] for r in prow]
    w.table([["序号", "产品", *[f"{y}年" for y in ys]]], prow, caption="审核考察期各产品单位产品综合能耗及万元产值综合能耗",
            notes=["各能源按 D.11 的分摊方式（计量、按产量或按产值）计入各产品；万元产值综合能耗 = 综合能耗 ÷ 各产品产值之和。"])
    w.paragraph("综合能耗计算过程（GB/T 2589）：", bold=True)
    for r in et.rows:
        if ys[-1] in r.traces:
            w.trace(r.traces[ys[-1]])
    traces(w, [et.total[ys[-1]], *[vals.get(ys[-1]) for vals in et.per_product.values()], et.per_value.get(ys[-1]), et.trend])
    if ctx.project.manifest.flag("carbon_accounted"):   # 6.5.1.2.7 已开展碳排放核算的企业
        from .report_carbon import carbon
        carbon(ctx, w)
