"""Renderers for the acceptance report (第九章–第十一章: D.38–D.43, E.4, before/after), the inner covers
(附录A 图A.4–A.6) and the annex tables E.1–E.3."""
from __future__ import annotations

from cpframework.api import CalcError, fmt
from cpframework.api import uses

from . import options as op
from . import reads as rd
from . import rollups as ru
from . import targets as tg
from .report_base import put, rows_of, traces, v

CL = (op.LOW, op.HIGH, "合计")


@uses(*rd.FEASIBLE)
def implementation(ctx, w):
    rows = [[i, o.number, o.get("name"), o.cost, o.get("status"), f"{v(o.get('start')) or '—'} 至 {v(o.get('end')) or '—'}",
             o.get("actual_investment"), o.get("adjustment") or "无调整"] for i, o in enumerate(op.feasible_options(ctx.project), 1)]
    if rows:
        w.table(["序号", "方案编号", "方案名称", "费用类别", "实施状态", "起止时间", "实际投资（万元）", "方案调整情况"], rows,
                caption="本轮清洁生产方案实施进度情况")
    from .adjusted import adjusted
    again = {a.original.option.number: a for a in adjusted(ctx.project)}
    for o in op.feasible_options(ctx.project):
        if o.get("adjustment"):
            w.paragraph(f"{o.number} {o.get('name')} 方案调整（7.3.1.2）：{o.get('adjustment')}。")
        a = again.get(o.number)
        if a is not None and a.economics is not None and a.original.economics is not None:
            _side_by_side(w, a)


def _side_by_side(w, a) -> None:
    """7.3.1.2: original and adjusted figures with the feasibility re-analysed."""
    e0, e1 = a.original.economics, a.economics
    irr = lambda e: None if e.irr.value is None else e.irr.value * 100   # noqa: E731
    rows = [["总投资（万元）", e0.investment.value, e1.investment.value],
            ["年运行费用总节省金额（万元/a）", a.original.row.get("annual_saving"), a.saving],
            ["投资偿还期 N（年）", v(e0.payback), v(e1.payback)], ["净现值 NPV（万元）", e0.npv.value, e1.npv.value],
            ["内部收益率 IRR（%）", irr(e0), irr(e1)],
            ["经济评估结论", "可行" if a.original.economic_ok else "不可行", "可行" if a.verdict.value else "不可行"]]
    n = a.original.option.number
    w.table(["指标", "原方案", "调整后方案"], rows, caption=f"{n} 调整前后可行性分析对照")
    traces(w, e1.results() + [a.verdict], f"{n} 调整后经济评估计算过程：")


def _results(ctx, w, cls):
    ben = ru.per_option(ctx.project, "核定")
    done = [o for o in ru.implemented(ctx.project) if o.cost == cls]
    rows, calc = [], []
    for i, o in enumerate(done, 1):
        b = ben.get(o.number, {})
        econ = ru.econ_total({k: d["annual"] for k, d in b.items()})
        rows.append([o.number, o.get("category"), o.get("name"), o.get("actual_investment"), f"{v(o.get('start'))} 至 {v(o.get('end'))}",
                     ru.env_text(b) or o.get("env_benefit"), econ])
        for r in ru.benefit_rows(ctx.project, "核定"):
            if str(r["number"]).upper() == o.number and r.get("calculation"):
                calc.append(f"{o.number} {r['item']}：{r['calculation']} = {fmt(r['annual'])}")
    if rows:
        rows.append(["合计", "", f"{len(done)} 项", sum(float(r[3] or 0) for r in rows), "/", "", sum(float(r[6] or 0) for r in rows)])
    put(ctx, w, "D.38", rows, suffix=f"（{cls}）", notes="经济效益单位：万元/a。")
    if calc:
        w.paragraph("核定效益计算过程：", bold=True)
        for line in calc:
            w.paragraph(line, "trace")


@uses("options", "benefits")
def low_results(ctx, w):
    _results(ctx, w, op.LOW)


@uses("options", "benefits")
def high_results(ctx, w):
    _results(ctx, w, op.HIGH)


@uses(*rd.SUMMARY)
def benefit_summary(ctx, w):
    feas = op.feasible_options(ctx.project)
    s = ru.implementation_summary(ctx.project, "核定")
    adjusted = any(o.get("adjustment") for o in feas)
    rows = [["审核报告方案数量（个）", *[s[c]["count"] for c in CL]],
            ["调整后方案数量（若有，个）", *([s[c]["count"] for c in CL] if adjusted else ["/"] * 3)],
            ["方案实施完成数量（个）", *[s[c]["done"] for c in CL]], ["实施率（%）", *[s[c]["rate"] for c in CL]],
            ["预期投资（万元）", *[s[c]["planned"] for c in CL]], ["实际投资（万元）", *[s[c]["actual"] for c in CL]]]
    put(ctx, w, "D.39", rows, notes="调整后方案数量：方案内容调整但数量不变时同审核报告方案数量。" if adjusted else None)
    done = ru.implemented(ctx.project)
    during, annual = ru.sums(ctx.project, "核定", done, "during"), ru.sums(ctx.project, "核定", done, "annual")
    rows, n = [], 0
    for item, unit in ru.ENV_UNITS.items():
        if any(annual[c].get(item) for c in CL):
            n += 1
            rows.append([n, f"{item}（{unit}）", *[during[c].get(item) or None for c in CL], *[annual[c].get(item) or None for c in CL]])
    put(ctx, w, "D.40", rows, notes="节能量按 GB/T 2589 由节电、节天然气、节蒸汽等折算，计算过程见下。")
    raw = ru.sums(ctx.project, "核定", done, "annual", with_energy=False)["合计"]
    traces(w, [ru.energy_saving(ctx.project, dict(raw), "折合年度节能量（合计）")])
    rows, n = [], 0
    for item in ru.ECON_ITEMS:
        if any(annual[c].get(item) for c in CL):
            n += 1
            rows.append([n, item, *[during[c].get(item) or None for c in CL], *[annual[c].get(item) or None for c in CL]])
    rows.append(["合计", "", *[ru.econ_total(during[c]) for c in CL], *[ru.econ_total(annual[c]) for c in CL]])
    put(ctx, w, "D.41", rows)


@uses(*rd.TARGETS, "options", "balance", "balance_after", "after_output")
def before_after(ctx, w):
    ts = [t for t in tg.targets(ctx.project) if t.baseline and t.achieved is not None]
    if ts:
        w.chart_trend(["审核前（基准期）", "审核后"], {f"{t.name}（{t.unit}）": [100, t.achieved / t.baseline * 100] for t in ts},
                      "审核前后主要指标对比（以审核前为100）", unit="审核前=100", kind="bar")
        w.table(["指标", "单位", "审核前（基准期）", "审核后", "变化率（%）"],
                [[t.name, t.unit, t.baseline, t.achieved, (t.achieved - t.baseline) / t.baseline * 100] for t in ts],
                caption="审核前后主要指标变化情况")
    _after_balances(ctx, w)
    items = dict(ru.sums(ctx.project, "核定", ru.implemented(ctx.project))["合计"])
    try:
        parts = ru.carbon_items(ctx.project, items)
    except CalcError as exc:
        w.notice(str(exc))
        return
    if parts:
        total = ru.carbon_total(parts)
        rows = [[k, items.get(k), r.value] for k, r in parts.items()] + [["合计", "", total.value]]
        w.table(["资源能源节约", "折合年度节约量", "折合碳减排量（tCO₂/年）"], rows, caption="本轮审核碳减排量核算（表E.4 注b）")
        traces(w, list(parts.values()) + [total], "碳减排量计算过程：")


@uses(*rd.TARGETS, "balance_after", "after_output")
def target_completion(ctx, w):
    rows, res, derived = [], [], []
    for t in tg.targets(ctx.project):
        rows.append([t.name, t.unit, t.baseline, v(t.near[0]), v(t.near[1]), t.achieved, v(t.achieved_rel),
                     "是" if t.met else ("否" if t.met is False else "—"), t.row.get("options")])
        res.append(t.achieved_rel)
        derived.append(t.derivation)
    put(ctx, w, "D.42", rows)
    traces(w, derived, "审核后实际值由审核后平衡及产量核算：")
    traces(w, res, "目标完成情况计算过程：")


def _after_balances(ctx, w):
    """7.3.5.1: the after-audit balances (table and diagram) and each compared with its before-audit balance."""
    from .after_audit import comparison, pairs
    from .report_audit import balance_block
    ps = pairs(ctx.project)
    if not ps:
        w.notice("尚无审核后平衡数据（“审核后平衡实测”工作表）：请对效益显著的指标开展审核后平衡测试，"
                 "填写各物流数量，并写明对应的审核前平衡（7.3.5.1）。")
        return
    w.paragraph("审核后平衡分析：对效益显著的指标开展审核后平衡测试，结果如下，并与审核前平衡逐项对照。")
    for p in ps:
        w.paragraph(f"{p.after.kind}平衡：{p.after.name}", bold=True)
        balance_block(ctx, w, p.after, "balance_after")
        if p.problem:
            w.notice(p.problem)
            continue
        rows, erows = comparison(ctx.project, p)
        if rows:
            w.table(["物流", "方向", "单位", "审核前", "审核后", "变化量", "变化率（%）"], rows,
                    caption=f"{p.after.name}与{p.before.name}对照",
                    notes="变化量 = 审核后 − 审核前；变化率 = 变化量 ÷ 审核前 × 100%。")
        if erows:
            w.table(["指标", "审核前（%）", "审核后（%）", "变化（百分点）"], erows, caption=f"{p.after.name}效率对照")


@uses("D.43")
def continuous_plan(ctx, w):
    put(ctx, w, "D.43", [[r.get("item"), r.get("content"), r.get("time"), r.get("dept"), r.get("owner")] for r in rows_of(ctx, "D.43")])


# ---------------------------------------------------------------- inner covers (附录A)


def expert_info(ctx, w):
    """内封一（图A.3）行业专家信息：聘请行业专家时填写。"""
    if not ctx.project.manifest.flag("expert_engaged"):
        return
    s = ctx.project.manifest.subject
    w.paragraph("", "inner_text")
    for label, key in (("行 业 专 家 姓 名", "expert_name"), ("单 位", "expert_org"), ("职 称", "expert_title"), ("技 术 擅 长 领 域", "expert_field")):
        w.paragraph(f"{label}：{s.get(key) or ''}", "inner_text")


@uses("D.1")
def commitment_company(ctx, w):
    d1 = rows_of(ctx, "D.1")
    lead = next((r for r in d1 if r.get("group") == "领导小组" and r.get("role") == "组长"), {})
    work = next((r for r in d1 if r.get("group") == "工作小组" and r.get("role") == "组长"), {})
    rev = next((r for r in d1 if r.get("role") == "审核人"), {})
    w.table(["小组职务", "姓名", "公司职务", "联系电话", "签名"],
            [[k, r.get("name", ""), r.get("dept", ""), r.get("phone", ""), ""] for k, r in
             (("审核领导小组组长", lead), ("审核工作小组组长", work), ("审核人", rev))], caption=None, numbered=False, empty="")


@uses("D.2")
def commitment_consultant(ctx, w):
    rows = [[r.get("name"), r.get("cert_no"), r.get("title"), r.get("project_duty") or "", ""] for r in rows_of(ctx, "D.2")]
    w.table(["姓名", "清洁生产审核师证书编号", "技术职称", "项目职责", "签名"], rows or [["", "", "", "项目负责人", ""], ["", "", "", "审核人", ""]],
            caption=None, numbered=False, empty="")


@uses("D.2")
def certificates(ctx, w):
    for r in rows_of(ctx, "D.2") or [{}]:
        w.table([f"{r.get('project_duty') or '项目负责人/审核人/其他技术人员'}：{r.get('name', '')}", ""],
                [["审核师证书", "社保证明（近一个月以上个人参保证明）或退休人员聘用证明"], ["技术职称证书", ""]],
                caption=None, numbered=False, empty="")
        w.paragraph("（此处粘贴证书及社保证明扫描件）", "note")


# ---------------------------------------------------------------- annex tables E.1–E.4


@uses("E.1")
def suggestions(ctx, w):
    for r in [r for r in rows_of(ctx, "E.1") if r.get("representative")] or rows_of(ctx, "E.1"):
        w.paragraph(f"姓名：{r.get('name') or ''}　单位/部门：{r.get('dept') or ''}　联系电话：{r.get('phone') or ''}　填报日期：{v(r.get('date')) or ''}", "note")
        cats = "　".join(f"{c}({'√' if r.get('category') == c else ' '})" for c in op.CATEGORIES)
        w.table(["建议题目", r.get("title")], [["建议类别", cats], ["问题", r.get("problem")], ["解决方案", r.get("solution")],
                                              ["预计改造费用", r.get("cost")], ["预计产生的环境效益", r.get("env")], ["预计产生的经济效益", r.get("econ")]],
                caption="清洁生产合理化建议表")


@uses("E.2", "D.2")
def site_log(ctx, w):
    s = ctx.project.manifest.subject
    staff = {r.get("name"): r for r in rows_of(ctx, "D.2")}
    for r in rows_of(ctx, "E.2"):
        names = [n.strip() for n in str(r.get("staff") or "").replace(",", "、").split("、") if n.strip()]
        rows = [["审核单位名称", (ctx.project.manifest.name, 5)], ["咨询单位名称", (s.get("consultant") or "", 5)],
                ["审核咨询小组现场工作人员", "姓名", "审核师证书编号", "技术职称", "手机号码", "签名"]]
        rows += [["", n, staff.get(n, {}).get("cert_no"), staff.get(n, {}).get("title"), staff.get(n, {}).get("phone"), ""] for n in names]
        rows += [["现场时间", (f"{v(r.get('start'))} 至 {v(r.get('end')) or v(r.get('start'))}", 5)], ["主要工作内容", (r.get("work") or "", 5)],
                 ["审核单位评价", (f"{r.get('evaluation') or ''}　审核单位联系人签名：　　年　月　日", 5)]]
        w.table([("审核咨询小组现场工作登记表", 6)], rows, caption="审核咨询小组现场工作登记表", empty="")


@uses("E.3")
def expert_form(ctx, w):
    s = ctx.project.manifest.subject
    for r in rows_of(ctx, "E.3"):
        rows = [["咨询单位名称", s.get("consultant"), "咨询小组代表及联系方式", f"{s.get('consultant_contact') or ''} {s.get('consultant_phone') or ''}"],
                ["专家姓名", r.get("expert"), "单位", r.get("org")], ["职务", r.get("position"), "职称", r.get("title")],
                ["擅长领域", r.get("field"), "联系方式/邮箱", f"{r.get('contact') or ''} {r.get('email') or ''}"],
                ["专家意见或建议", (r.get("opinion"), 3)], ["专家签名", (f"　　　　{v(r.get('date')) or '年 月 日'}", 3)]]
        w.table(["审核单位名称", ctx.project.manifest.name, "审核单位联系人及联系方式", f"{s.get('contact') or ''} {s.get('phone') or ''}"],
                rows, caption="外聘行业专家意见表", empty="")
