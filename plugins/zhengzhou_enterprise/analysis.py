"""Validation (``cpf_validate_project``), status checks and the terminal views of ``cpaudit evaluate``."""
from __future__ import annotations

from typing import Any

from cpframework.api import CalcError, fmt
from cpframework.api import Problem
from cpframework.api import uses

from . import carbon_account as ca
from . import consumption as cons
from . import options as op
from . import reads as rd
from . import rollups as ru
from . import targets as tg
from . import trust
from . import trust_values as tv

STAGES = ("审核准备", "预审核", "审核", "方案产生和筛选", "方案确定", "方案实施", "持续清洁生产")


def _p(project: Any, table: str, message: str, row: int | None = None, field: str = "", value: Any = None,
       level: str = "error") -> Problem:
    data = project.tables.get(table)
    sheet = data.schema.sheet if data is not None else table
    return Problem(file=project.manifest.workbook, sheet=sheet, row=row, field=field, value=value,
                   message=message, level=level)


def validate(std: Any, project: Any) -> list[Problem]:
    out: list[Problem] = []
    data = project.tables.get("options")
    seen: dict[str, int] = {}
    for r, n in zip(data.rows if data else [], data.sheet_rows if data else []):
        num = str(r.get("number") or "").strip().upper()
        if num and not op.NUMBER.match(num):
            out.append(_p(project, "options", "方案编号应为“F+顺序号”，如 F01、F02（6.7.2）", n, "方案编号", r.get("number")))
        seen.setdefault(num, n)
        if r.get("screening") == "不可行" and not r.get("reason"):
            out.append(_p(project, "options", "不可行方案须说明不可行原因（6.7.3，表D.32）", n, "不可行原因"))
        if r.get("status") == "已实施" and r.get("actual_investment") is None:
            out.append(_p(project, "options", "已实施方案应填写实际投资（表D.34、D.38）", n, "实际投资", level="warning"))
    if (project.manifest.options or {}).get("low_cost_max") is None and seen:
        out.append(Problem(file="project.toml", field="options.low_cost_max",
                           message="未设定无/低费与中/高费方案的投资划分界限（万元，6.7.3）"))
    numbers = set(seen)
    for tid, field, label in (("benefits", "number", "方案编号"), ("feasibility", "number", "方案编号"),
                              ("D.35", "number", "编号"), ("D.24", "options", "支撑方案")):
        d = project.tables.get(tid)
        for r, n in zip(d.rows if d else [], d.sheet_rows if d else []):
            for code in tg._codes(r.get(field)):
                if code not in numbers:
                    out.append(_p(project, tid, f"方案编号 {code} 不在方案登记表中", n, label, code))
    # stated totals against their parts
    d = project.tables.get("feasibility")
    opts = {o.number: o for o in op.options(project)}
    for r, n in zip(d.rows if d else [], d.sheet_rows if d else []):
        o = opts.get(str(r.get("number") or "").strip().upper())
        if o and r.get("investment") is not None and o.get("investment") is not None and abs(r["investment"] - o.get("investment")) > 1e-6:
            out.append(_p(project, "feasibility", f"总投资 {fmt(r['investment'])} 万元与方案登记的预计投资 {fmt(o.get('investment'))} 万元不一致",
                          n, "总投资", level="warning"))
    d = project.tables.get("D.21")
    for r, n in zip(d.rows if d else [], d.sheet_rows if d else []):
        if r.get("disposed") is not None and r.get("generated") is not None and r["disposed"] > r["generated"] * 1.0001:
            out.append(_p(project, "D.21", f"处置量 {fmt(r['disposed'])} t/a 大于产生量 {fmt(r['generated'])} t/a", n, "处置量", level="warning"))
    d = project.tables.get("D.18")
    for r, n in zip(d.rows if d else [], d.sheet_rows if d else []):
        if r.get("volume") and r.get("c_avg") is not None and r.get("load") is not None:
            calc = r["volume"] * r["c_avg"] / 1e6
            if abs(calc - r["load"]) > max(0.05 * calc, 1e-3):
                out.append(_p(project, "D.18", f"年排放量 {fmt(r['load'])} t/a 与 废水量 × 平均浓度 = {fmt(calc)} t/a 不符（相差超过 5%）",
                              n, "年废水污染物排放量", level="warning"))
    for t in tg.targets(project):
        for msg in t.problems:
            out.append(_p(project, "D.24", msg, level="warning"))
    for msg in tg.double_exceed_findings(project):
        out.append(_p(project, "D.24", msg, level="error" if project.manifest.flag("double_exceed") else "warning"))
    # unit consumption and energy: each fault where it was typed (trust), not once per line that divides by it
    out += tv.consumption_problems(project)
    carriers = cons.en.load_coefficients(year=project.manifest.baseline)
    typed = tv.energy_problems(project, carriers)
    out += typed
    names = {str(p.value) for p in typed}
    for msg in cons.comprehensive_energy(project).problems:
        if "产量" in msg or any(f"“{n}”" in msg for n in names):
            continue  # a missing output or an unknown carrier is reported at its cell above
        out.append(_p(project, "D.12", msg))
    out += tv.settings_problems(project, op.params(project),
                                   [f.option.number for f in op.feasibility(project) if f.economics is not None])
    for f in op.feasibility(project):
        for msg in f.problems:
            out.append(_p(project, "feasibility", msg, level="warning"))
    bs = tg.balances(project)
    if project.manifest.flag("heavy_metal") and not any(b.kind == "重金属" for b in bs):
        out.append(_p(project, "balance", "涉重金属企业应分析审核基准期重金属元素平衡（6.5.1.2.4 c)）：平衡实测表中无“重金属”平衡"))
    out += trust.focus_problems(project) + trust.balance_problems(project, bs)
    out += trust.balance_problems(project, tg.balances(project, "balance_after"), "balance_after")   # 7.3.5.1
    out += trust.benefit_problems(project, ru.ECON_ITEMS) + trust.option_problems(project, op.NUMBER)
    out += tv.target_problems(project) + tv.denominator_problems(project, ru.ENV_UNITS)
    out += tv.baseline_problems(project, cons, out)
    typed_rows = {p.row for p in typed}   # an unknown carrier is said once, at its D.11 cell (above)
    from . import adjusted, efficiencies, levels, monthly, savings
    feas = project.tables.get("feasibility")
    frow = {str(r.get("number") or "").strip().upper(): n for r, n in
            zip(feas.rows if feas else [], (feas.sheet_rows if feas else None) or [None] * 999)}
    out += [_p(project, "feasibility", f"方案调整（7.3.1.2）：{m}", frow.get(num), "调整后总投资", level="warning")
            for num, m in adjusted.problems(project)]
    out += [_p(project, t, f"由平衡计算的效率（6.6.2.3）：{m}", n, f, v) for t, m, n, f, v in efficiencies.problems(project)]
    ben = project.tables.get("benefits")
    at = {(str(r.get("number") or "").strip().upper(), r.get("basis"), r.get("item")): n
          for r, n in zip(ben.rows if ben else [], (ben.sheet_rows if ben else None) or [None] * 9999)}
    out += [_p(project, "benefits", f"年运行费用节省（6.8.2.4.2）：{m}", at.get(k), "折合年度量", level=lv)
            for k, m, lv in savings.problems(project)]
    out += [_p(project, t, f"清洁生产水平（6.5.3.1）：{m}", n, f, v) for t, m, n, f, v in levels.problems(project)]
    out += [_p(project, "monthly", f"逐月单耗（6.5.1.2.4 a)）：{m}", n, f, level=lv) for m, n, f, lv in monthly.reconcile(project)]
    out += [p for p in carbon_problems(project) if not (p.sheet == tv_sheet(project, "D.11") and p.row in typed_rows)]
    from . import after_audit, trends
    out += after_audit.problems(project, out)   # 7.3.5.1 pairing, 7.3.5.2 审核后实际值 against its derivation
    out += trends.problems(project, tg.exceedances(project))   # 6.5.1.3.3 d)、6.5.1.3.4 d) 考察期排放趋势
    return out


def tv_sheet(project: Any, tid: str) -> str:
    data = project.tables.get(tid)
    return data.schema.sheet if data is not None else tid


def carbon_problems(project: Any) -> list[Problem]:
    """6.5.1.2.7: an enterprise that accounts its carbon emissions gets every source computed or named;
    表E.4 注b: the OM factor of the reductions can be found."""
    out = []
    try:
        ru.reduction_grid(project)
    except CalcError as exc:
        out.append(Problem(file="project.toml", field="options.grid_region",
                           message=f"节电碳减排量的电网排放因子（表E.4 注b）：{exc}"))
    if not project.manifest.flag("carbon_accounted"):
        return out
    for tid, msg, row, field, level in ca.parameter_problems(project):
        out.append(_p(project, tid, f"碳排放核算（6.5.1.2.7）：{msg}", row, field, level=level))
    for tid, msg, row, field in ca.account(project).problems:
        if not tid:
            out.append(Problem(file="project.toml", field=f"options.{field}", message=f"碳排放核算（6.5.1.2.7）的电网排放因子：{msg}"))
        else:
            out.append(_p(project, tid, f"碳排放核算（6.5.1.2.7）：{msg}", row, field))
    return out


# ---------------------------------------------------------------- status checks (stages.toml)


def _rows(project: Any, tid: str) -> list[dict[str, Any]]:
    d = project.tables.get(tid)
    return list(d.rows) if d else []


@uses("D.1")
def check_teams(project: Any, ev: Any) -> str | None:
    groups = {r.get("group") for r in _rows(project, "D.1")}
    missing = [g for g in ("领导小组", "工作小组") if g not in groups]
    return None if not missing else f"表D.1 缺少{'、'.join(missing)}"


@uses("D.3")
def check_plan(project: Any, ev: Any) -> str | None:
    got = {r.get("stage") for r in _rows(project, "D.3")}
    missing = [s for s in STAGES if s not in got]
    return None if not missing else f"表D.3 缺少阶段：{'、'.join(missing)}"


@uses("D.11", "D.12", "D.6")
def check_consumption(project: Any, ev: Any) -> str | None:
    probs = cons.comprehensive_energy(project).problems
    return None if not probs else probs[0]


@uses("D.9", "balance")
def check_toxic(project: Any, ev: Any) -> str | None:
    if project.manifest.flag("toxic") and not _rows(project, "D.9"):
        return "双有企业须填写表D.9"
    if project.manifest.flag("heavy_metal") and not any(b.kind == "重金属" for b in tg.balances(project)):
        return "涉重金属企业须建立重金属元素平衡"
    return None


@uses(*rd.FOCUS)
def check_focus(project: Any, ev: Any) -> str | None:
    try:
        r = tg.focus_ranking(project)
    except CalcError as exc:
        return str(exc)
    return None if r is not None else "尚未对备选审核重点评分"


@uses(*rd.TARGETS, *rd.EXCEEDANCES)
def check_targets(project: Any, ev: Any) -> str | None:
    ts = tg.targets(project)
    if not ts:
        return "尚未设置目标"
    no_near = [t.name for t in ts if t.near[0] is None]
    bad = tg.double_exceed_findings(project) if project.manifest.flag("double_exceed") else []
    if no_near:
        return f"目标缺近期值：{'、'.join(no_near[:3])}"
    return bad[0] if bad else None


@uses("balance")
def check_balances(project: Any, ev: Any) -> str | None:
    bs = tg.balances(project)
    if not bs:
        return "尚无平衡实测数据"
    bad = [b.error for b in bs if b.error]
    return bad[0] if bad else None


@uses("options")
def check_numbered(project: Any, ev: Any) -> str | None:
    nums = [str(r.get("number") or "").upper() for r in _rows(project, "options")]
    bad = [n for n in nums if not op.NUMBER.match(n)]
    dup = {n for n in nums if nums.count(n) > 1}
    return None if not bad and not dup else f"方案编号不规范或重复：{'、'.join(sorted(set(bad) | dup))}"


@uses("options")
def check_screened(project: Any, ev: Any) -> str | None:
    opts = op.options(project)
    open_ = [o.number for o in opts if o.screening in (None, "待研究")]
    nocls = [o.number for o in opts if o.cost is None]
    if nocls:
        return f"无法划分费用类别：{'、'.join(nocls[:5])}"
    return None if not open_ else f"{len(open_)} 个方案尚无筛选结论：{'、'.join(open_[:5])}"


@uses(*rd.FEASIBLE)
def check_feasibility(project: Any, ev: Any) -> str | None:
    if not op.options(project):
        return "尚未登记方案（表D.30），无从分析可行性"
    open_ = [f.option.number for f in op.feasibility(project) if f.conclusion == "待分析"]
    return None if not open_ else f"中/高费方案可行性分析未完成：{'、'.join(open_)}"


@uses(*rd.FEASIBLE, "benefits")
def check_expected(project: Any, ev: Any) -> str | None:
    if not op.feasible_options(project):
        return "尚无可行方案（表D.30 至 D.32）"
    ben = ru.per_option(project, "预期")
    miss = [o.number for o in op.feasible_options(project) if o.number not in ben and not o.get("env_benefit")]
    return None if not miss else f"可行方案缺预期效益：{'、'.join(miss[:5])}"


@uses(*rd.FEASIBLE)
def check_implemented(project: Any, ev: Any) -> str | None:
    if not op.feasible_options(project):
        return "尚无可行方案（表D.30 至 D.32）"
    miss = [o.number for o in op.feasible_options(project) if not o.implemented]
    return None if not miss else f"尚未实施：{'、'.join(miss[:6])}"


@uses("options", "benefits")
def check_verified(project: Any, ev: Any) -> str | None:
    if not ru.implemented(project):
        return "尚无已实施方案（表D.35）"
    ben, expected = ru.per_option(project, "核定"), ru.per_option(project, "预期")
    miss = [o.number for o in ru.implemented(project) if o.number not in ben and o.number in expected]
    return None if not miss else f"已实施方案缺核定效益：{'、'.join(miss[:6])}"


@uses(*rd.TARGETS)
def check_achieved(project: Any, ev: Any) -> str | None:
    if not tg.targets(project):
        return "尚未设置审核目标（表D.24）"
    miss = [t.name for t in tg.targets(project) if t.achieved is None]
    return None if not miss else f"目标缺审核后实际值：{'、'.join(miss[:3])}"


@uses("D.43")
def check_continuous(project: Any, ev: Any) -> str | None:
    items = {r.get("item") for r in _rows(project, "D.43")}
    need = ("健全持续清洁生产组织机构", "完善清洁生产管理制度", "持续清洁生产方案", "持续宣贯培训")
    miss = [i for i in need if i not in items]
    return None if not miss else f"表D.43 缺少：{'、'.join(miss)}"


CHECKS = {
    "teams_complete": check_teams, "plan_stages": check_plan, "consumption_computable": check_consumption,
    "toxic_tables": check_toxic, "focus_ranked": check_focus, "targets_valid": check_targets,
    "balances_ok": check_balances, "options_numbered": check_numbered, "options_screened": check_screened,
    "feasibility_done": check_feasibility, "expected_benefits": check_expected,
    "options_implemented": check_implemented, "verified_benefits": check_verified,
    "targets_achieved": check_achieved, "continuous_plan": check_continuous,
}
