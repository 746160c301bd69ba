"""7.3.1.2 adjusted options: an option changed during implementation keeps its original figures and gets its
feasibility re-analysed with the adjusted ones (可行性分析 sheet: 调整后总投资, 调整后年运行费用总节省金额),
shown side by side.  An option whose register records an adjustment without adjusted figures is a warning."""
from __future__ import annotations

from typing import Any

import attrs

from cpframework.api import CalcError, calc

from .options import Feasibility, feasibility, params, payback_class


@attrs.define
class Adjusted:
    original: Feasibility
    investment: float
    saving: float
    economics: Any | None
    verdict: Any | None
    problem: str = ""


def adjusted(project: Any) -> list[Adjusted]:
    p = params(project)
    out = []
    for f in feasibility(project):
        row = f.row
        if row.get("adjusted_investment") is None and row.get("adjusted_saving") is None:
            continue
        inv = float(row["adjusted_investment"] if row.get("adjusted_investment") is not None
                    else (row.get("investment") if row.get("investment") is not None else f.option.get("investment")))
        saving = float(row["adjusted_saving"] if row.get("adjusted_saving") is not None else row.get("annual_saving") or 0)
        try:
            years = int(row.get("years") or p["years"])
            econ = calc.finance.feasibility(inv, saving, years, float(p["tax_rate"]), float(p["discount_rate"]),
                                            subsidy=float(row.get("subsidy") or 0))
            verdict = calc.finance.verdict(econ.npv.value, econ.irr.value, econ.payback.value,
                                           benchmark_rate=p["benchmark_irr"], payback_norm=payback_class(inv, project))
            out.append(Adjusted(f, inv, saving, econ, verdict))
        except CalcError as exc:
            out.append(Adjusted(f, inv, saving, None, None, f"{f.option.number} 调整后经济评估无法计算：{exc}"))
    return out


def problems(project: Any) -> list[tuple[str, str]]:
    """(option number, message): an adjustment recorded without adjusted figures to re-analyse."""
    have = {a.original.option.number for a in adjusted(project)}
    out = [(a.original.option.number, a.problem) for a in adjusted(project) if a.problem]
    for f in feasibility(project):
        if f.option.get("adjustment") and f.option.number not in have and f.economics is not None:
            out.append((f.option.number, f"{f.option.number} 在方案登记中记有调整，但可行性分析未填调整后的投资或年节省金额："
                                         "调整后的方案须重新分析可行性（7.3.1.2）"))
    return out
