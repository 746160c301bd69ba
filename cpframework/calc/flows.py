"""Flows between named nodes (物质流、能量流、碳流、水平衡图): balances per node, columns for a diagram, efficiency.

A flow is ``Flow(source, target, value)`` in one unit.  For every node

    inflow = Σ value of flows ending at it;  outflow = Σ value of flows leaving it;  difference = inflow − outflow

A node with no inflow is a source (e.g. 新鲜水、外购电力), one with no outflow a sink (排放、产品); only the other
(intermediate) nodes are expected to balance.  The method is the one of GB/T 38903 (物质流分析) and of the
水平衡/能量平衡 tests (GB/T 12452, GB/T 3484): what enters a unit equals what leaves it plus what it keeps.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import attrs

from cpframework.calc.trace import CalcError, Result, Trace, fmt, show_value, substituted


@attrs.frozen
class Flow:
    """One stream from ``source`` to ``target``; ``label`` is optional text for the diagram (e.g. 回用水)."""

    source: str
    target: str
    value: float
    label: str = ""


FlowRows = Iterable[Sequence[Any]] | Iterable[Flow]


@attrs.frozen
class NodeBalance:
    node: str
    inflow: float
    outflow: float
    role: str            # "源" (no inflow), "汇" (no outflow) or "中间"
    trace: Trace

    @property
    def difference(self) -> float:
        return self.inflow - self.outflow

    @property
    def difference_pct(self) -> float | None:
        """Difference as % of the inflow (None for a source, whose inflow is zero)."""
        return None if self.inflow == 0 else self.difference / self.inflow * 100.0


def as_flows(rows: FlowRows) -> list[Flow]:
    """``(source, target, value[, label])`` tuples or Flow objects → Flows; negative or missing values refused."""
    out = []
    for r in rows:
        f = r if isinstance(r, Flow) else Flow(str(r[0]), str(r[1]), r[2], str(r[3]) if len(r) > 3 else "")
        if f.value is None or not isinstance(f.value, (int, float)) or f.value != f.value or f.value < 0:
            raise CalcError(f"“{f.source} → {f.target}”的流量缺失、不是数值或为负数：{f.value!r}，请检查数据")
        if f.source == f.target:
            raise CalcError(f"流向“{f.source} → {f.target}”的起点与终点相同，请检查数据")
        out.append(f)
    return out


def nodes(flows: Sequence[Flow]) -> list[str]:
    """Node names in order of first appearance."""
    seen: dict[str, None] = {}
    for f in flows:
        seen.setdefault(f.source)
        seen.setdefault(f.target)
    return list(seen)


def node_balances(flows: FlowRows, unit: str = "") -> list[NodeBalance]:
    """Inflow, outflow and difference of every node, each with its trace (Σ of the streams by name)."""
    fl = as_flows(flows)
    out = []
    for n in nodes(fl):
        ins = [f for f in fl if f.target == n]
        outs = [f for f in fl if f.source == n]
        i, o = sum(f.value for f in ins), sum(f.value for f in outs)
        role = "源" if not ins else "汇" if not outs else "中间"
        d = i - o

        def terms(fs: list[Flow], num) -> str:
            return " + ".join(num(f.value) for f in fs) if fs else "0"

        res = show_value(d, unit)
        sub = substituted(lambda num: f"（{terms(ins, num)}）−（{terms(outs, num)}）", res)
        out.append(NodeBalance(n, i, o, role, Trace(
            f"{n}的收支差", "差值 = Σ流入 − Σ流出", sub, res,
            (f"流入 {len(ins)} 股、流出 {len(outs)} 股。",))))
    return out


def unbalanced(flows: FlowRows, tolerance_pct: float = 1.0) -> list[NodeBalance]:
    """Intermediate nodes whose difference exceeds ``tolerance_pct`` % of their inflow."""
    return [b for b in node_balances(flows) if b.role == "中间" and b.difference_pct is not None
            and abs(b.difference_pct) > tolerance_pct + 1e-12]


def layers(flows: FlowRows) -> dict[str, int]:
    """Column of each node for a left-to-right diagram: longest path from a source, ignoring the flows that
    go back (recycling loops), so every forward flow goes at least one column to the right."""
    fl = as_flows(flows)
    names = nodes(fl)
    succ: dict[str, list[str]] = {n: [] for n in names}
    for f in fl:
        succ[f.source].append(f.target)
    state: dict[str, int] = {}       # 1 = on the current path, 2 = done
    order: list[str] = []
    back: set[tuple[str, str]] = set()

    def visit(n: str) -> None:
        stack = [(n, iter(succ[n]))]
        state[n] = 1
        while stack:
            node, it = stack[-1]
            nxt = next(it, None)
            if nxt is None:
                state[node] = 2
                order.append(node)
                stack.pop()
            elif state.get(nxt) == 1:
                back.add((node, nxt))
            elif nxt not in state:
                state[nxt] = 1
                stack.append((nxt, iter(succ[nxt])))

    starts = [n for n in names if not any(f.target == n for f in fl)] or names[:1]
    for n in starts + names:
        if n not in state:
            visit(n)
    col = {n: 0 for n in names}
    for n in reversed(order):          # topological order of the forward graph
        for m in succ[n]:
            if (n, m) not in back:
                col[m] = max(col[m], col[n] + 1)
    return col


def back_flows(flows: FlowRows) -> list[Flow]:
    """The flows that do not go to a later column (recycling), as the diagram draws them."""
    fl = as_flows(flows)
    col = layers(fl)
    return [f for f in fl if col[f.target] <= col[f.source]]


def efficiency(useful: float, total: float, *, name: str = "效率", useful_label: str = "有效部分",
               total_label: str = "总投入") -> Result:
    """η = useful ÷ total × 100 % (e.g. 有效热 ÷ 供入热、收集量 ÷ 产生量)."""
    if total is None or useful is None:
        raise CalcError(f"计算{name}缺少数据：{useful_label}或{total_label}为空")
    if total <= 0:
        raise CalcError(f"计算{name}时{total_label}为 {fmt(total)}，必须大于 0")
    if useful < 0 or useful > total * (1 + 1e-9):
        raise CalcError(f"{name}：{useful_label} {fmt(useful)} 不在 0 与{total_label} {fmt(total)} 之间，请检查数据")
    v = useful / total * 100.0
    res = show_value(v, "%")
    sub = substituted(lambda num: f"{num(useful)} ÷ {num(total)} × 100%", res)
    return Result(v, "%", Trace(name, f"{name} = {useful_label} ÷ {total_label} × 100%", sub, res))
