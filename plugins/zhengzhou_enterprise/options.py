"""Cleaner-production options (清洁生产方案): numbering F01…, category (6.7.2), cost class by the
project's threshold (6.7.3), screening (表D.30–D.32) and the feasibility of each 中/高费 option —
technical, environmental, economic (NPV, IRR, payback via ``cpframework.calc.finance``) — with its
conclusion (6.8.2).
"""
from __future__ import annotations

import re
from typing import Any

import attrs

from cpframework.api import CalcError, Result, Trace, fmt
from cpframework.api import calc
finance = calc.finance

NUMBER = re.compile(r"^F\d{2,}$")
LOW, HIGH = "无/低费", "中/高费"
CATEGORIES = ("原辅材料和资源能源", "生产工艺", "设备", "过程控制", "产品", "废弃物", "管理", "员工")
DEFAULTS = {"low_cost_max": None, "high_cost_min": None, "discount_rate": 0.08, "tax_rate": 0.25,
            "benchmark_irr": None, "years": 10, "grid_factor": None, "balance_tolerance_pct": 5.0,
            "grid_region": "华中", "om_factor": None, "fluctuation_pct": 10.0,
            "achieved_tolerance_pct": 1.0}


def params(project: Any) -> dict[str, Any]:
    """``[options]`` of project.toml merged over the defaults."""
    p = dict(DEFAULTS)
    p.update({k: v for k, v in (project.manifest.options or {}).items()})
    return p


def option_rows(project: Any) -> list[dict[str, Any]]:
    data = project.tables.get("options")
    return [r for r in (data.rows if data else []) if r.get("number")]


def number_key(number: str) -> tuple[int, str]:
    m = re.match(r"^F(\d+)$", str(number).strip().upper())
    return (int(m.group(1)), "") if m else (10 ** 6, str(number))


def cost_class(investment: float | None, project: Any) -> Result:
    """无/低费 when 预计投资 ≤ 划分界限 (``[options] low_cost_max``, 万元), else 中/高费 (6.7.3)."""
    limit = params(project)["low_cost_max"]
    if limit is None:
        raise CalcError("project.toml 的 [options] 未设定 low_cost_max（无/低费方案投资上限，万元），无法划分方案费用类别")
    if investment is None:
        raise CalcError("方案缺少预计投资，无法划分费用类别")
    low = float(investment) <= float(limit)
    return Result(LOW if low else HIGH, "", Trace(
        "方案费用类别", "预计投资 ≤ 划分界限 → 无/低费；否则 → 中/高费",
        f"{fmt(float(investment))} 万元 {'≤' if low else '>'} {fmt(float(limit))} 万元", LOW if low else HIGH,
        ("划分界限由项目设定（project.toml [options] low_cost_max，6.7.3）",)))


def payback_class(investment: float, project: Any) -> str:
    """中费 / 高费 for the payback norm of the economic verdict (``high_cost_min`` splits them)."""
    hi = params(project)["high_cost_min"]
    return "高费" if hi is not None and investment > float(hi) else "中费"


@attrs.define
class Option:
    row: dict[str, Any]
    number: str
    cost: str | None
    cost_trace: Trace | None
    screening: str | None

    @property
    def feasible(self) -> bool:
        return self.screening == "可行"

    @property
    def implemented(self) -> bool:
        return self.row.get("status") == "已实施"

    def get(self, key: str, default: Any = None) -> Any:
        return self.row.get(key, default)


def options(project: Any) -> list[Option]:
    out = []
    for r in sorted(option_rows(project), key=lambda r: number_key(r["number"])):
        try:
            c = cost_class(r.get("investment"), project)
            cost, trace = c.value, c.trace
        except CalcError:
            cost, trace = None, None
        out.append(Option(r, str(r["number"]).strip().upper(), cost, trace, r.get("screening")))
    return out


@attrs.define
class Feasibility:
    option: Option
    row: dict[str, Any]
    economics: finance.Feasibility | None
    verdict: Result | None
    economic_ok: bool | None
    conclusion: str
    reasons: list[str]
    problems: list[str]


def feasibility(project: Any) -> list[Feasibility]:
    """6.8.2: for each 初步可行 中/高费 option, the technical/environmental verdicts entered by the
    consultant and the economic evaluation computed here; 可行 only if all three are (6.8.2.5)."""
    p = params(project)
    data = project.tables.get("feasibility")
    by_no = {str(r.get("number") or "").strip().upper(): r for r in (data.rows if data else [])}
    out = []
    for opt in options(project):
        if opt.cost != HIGH or opt.screening != "可行":
            continue
        row = by_no.get(opt.number, {})
        problems: list[str] = []
        reasons: list[str] = []
        econ = verdict = None
        econ_ok: bool | None = None
        inv = row.get("investment") if row.get("investment") is not None else opt.get("investment")
        saving = row.get("annual_saving")
        if not row:
            problems.append(f"{opt.number} 为初步可行的中/高费方案，缺少可行性分析（“可行性分析”工作表）")
        elif saving is None or saving == 0:
            reasons.append("只有环境效益、无明显经济效益，不做经济可行性分析（6.8.2.4.3）")
        else:
            try:
                years = int(row.get("years") or p["years"])
                econ = finance.feasibility(float(inv), float(saving), years, float(p["tax_rate"]),
                                           float(p["discount_rate"]), subsidy=float(row.get("subsidy") or 0))
                verdict = finance.verdict(econ.npv.value, econ.irr.value, econ.payback.value,
                                          benchmark_rate=p["benchmark_irr"],
                                          payback_norm=payback_class(float(inv), project))
                econ_ok = bool(verdict.value)
                reasons.append(f"经济{'可行' if econ_ok else '不可行'}：{verdict.trace.substitution}")
            except CalcError as exc:
                problems.append(f"{opt.number} 经济评估无法计算：{exc}")
        tech, env = row.get("technical_ok"), row.get("environmental_ok")
        if row:
            reasons.insert(0, f"技术{'可行' if tech else '不可行'}，环境{'可行' if env else '不可行'}")
        ok = bool(row) and bool(tech) and bool(env) and econ_ok is not False and not problems
        conclusion = "可行" if ok else ("待分析" if not row or problems else "不可行")
        out.append(Feasibility(opt, row, econ, verdict, econ_ok, conclusion, reasons, problems))
    return out


def feasible_options(project: Any) -> list[Option]:
    """All feasible options of the round: 可行 无/低费 plus 中/高费 whose feasibility analysis says 可行 (6.8.3)."""
    fz = {f.option.number: f.conclusion for f in feasibility(project)}
    out = []
    for o in options(project):
        if not o.feasible:
            continue
        if o.cost == HIGH and fz.get(o.number) != "可行":
            continue
        out.append(o)
    return out
