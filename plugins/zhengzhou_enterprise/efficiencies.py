"""Efficiencies computed from the balances (6.6.2.3, 6.5.1.3.4 e); #16 item 4), compared with typed values.

* 能量平衡: 热效率 = Σ 有效利用 ÷ 输入合计 (e.g. 固化炉: 工件及挂具吸热 ÷ 天然气燃烧热);
* 污染因子平衡: 收集率 = (去除 + 有组织排放) ÷ 产生量（输入合计）; 去除效率 = 去除 ÷ (去除 + 有组织排放).

The stream roles are the balance sheet's 物流作用 column.  A D.19 去除效率 typed for the facility named in
对应治理设施 that differs from the balance by more than 1 percentage point is a check error at D.19.
"""
from __future__ import annotations

from typing import Any

import attrs

from cpframework.api import CalcError, Result, calc

from .trust import STATED, balance_groups

TOL_PP = 1.0   # percentage points


@attrs.define
class Efficiencies:
    balance: str
    kind: str
    results: list[Result]
    treatment: Result | None
    facility: str


def of_balances(project: Any, tid: str = "balance") -> list[Efficiencies]:
    out = []
    for name, pairs in balance_groups(project, tid).items():
        rs = [r for r, _n in pairs if r.get("direction") not in STATED and r.get("amount") is not None]
        kind = str(pairs[0][0].get("kind") or "")
        role = lambda x: sum(float(r["amount"]) for r in rs if r.get("role") == x)   # noqa: E731
        total_in = sum(float(r["amount"]) for r in rs if r.get("direction") == "输入")
        facility = next((str(r["facility"]).strip() for r, _n in pairs if r.get("facility")), "")
        res: list[Result] = []
        treatment = None
        try:
            if kind == "能量" and role("有效利用"):
                res.append(calc.flows.efficiency(role("有效利用"), total_in, name=f"{name}热效率",
                                                 useful_label="有效利用热", total_label="输入热量"))
            if kind == "污染因子" and role("去除"):
                captured = role("去除") + role("有组织排放")
                res.append(calc.flows.efficiency(captured, total_in, name=f"{name}收集率",
                                                 useful_label="收集量（去除 + 有组织排放）", total_label="产生量"))
                treatment = calc.flows.efficiency(role("去除"), captured, name=f"{name}去除效率",
                                                  useful_label="去除量", total_label="收集量（去除 + 有组织排放）")
                res.append(treatment)
        except CalcError:
            continue   # an empty or zero balance is reported by the balance checks
        if res:
            out.append(Efficiencies(name, kind, res, treatment, facility))
    return out


def problems(project: Any) -> list[tuple[str, str, int | None, str, Any]]:
    """(table, message, row, field, value)."""
    d19 = project.tables.get("D.19")
    rows = {str(r.get("name") or "").strip(): (r, n) for r, n in
            zip(d19.rows if d19 else [], (d19.sheet_rows if d19 else None) or [None] * 999)}
    out = []
    for e in of_balances(project):
        if not e.facility:
            continue
        if e.facility not in rows:
            out.append(("balance", f"{e.balance}的对应治理设施“{e.facility}”不在表D.19 中", None, "对应治理设施", e.facility))
            continue
        r, n = rows[e.facility]
        typed = r.get("efficiency")
        if e.treatment is not None and typed is not None and abs(float(typed) - e.treatment.value) > TOL_PP:
            out.append(("D.19", f"{e.facility}的去除效率填为 {typed}%，而{e.balance}算得 {e.treatment.value:.1f}%"
                                f"（{e.treatment.trace.substitution}）：请核对监测数据或平衡", n, "特征污染物去除效率", typed))
    return out
