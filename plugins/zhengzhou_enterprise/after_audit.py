"""After-audit balances and the before/after comparison (7.3.5.1), and 审核后实际值 derived from them (7.3.5.2).

* Each balance of “审核后平衡实测” names in 对应审核前平衡 the balance of “平衡实测” it compares with (same
  type and unit).  The comparison lists every stream (matched by 物流名称 and 方向), the totals, and the
  efficiencies and utilisation computed from both balances: change = 审核后 − 审核前, change % = change ÷ 审核前.
* A D.24 target may declare 审核后实际值来源 (``kind:平衡名称/物流名称``):
  - 总量: the stream's amount, converted to the target's unit (kg → t …);
  - 占比: the stream's amount ÷ the balance's 输入合计 × 100 %;
  - 单耗: the stream's amount × the product's share ÷ its after-audit output (“审核后产量”), the share following
    the allocation rule of the D.7/D.10/D.11 row of the same name (计量, 按产量, 按产值).
  The derived value replaces a blank 审核后实际值; a typed value that differs from it by more than
  ``[options] achieved_tolerance_pct`` (relative, default 1 %) is a check error.
"""
from __future__ import annotations

from typing import Any

import attrs

from cpframework.api import Problem, Result, Trace, fmt, show_value, substituted

from . import targets as tg
from .trust import _num, _p, _pairs, _suggest, balance_groups
from .trust_values import UNIT_STEPS

AFTER = "balance_after"


@attrs.define
class Pair:
    after: Any                 # targets.BalanceResult of 审核后平衡实测
    before: Any | None         # the balance of 平衡实测 it compares with; None when it cannot be paired
    row: int | None            # sheet row of the after balance's first stream
    problem: str = ""


def pairs(project: Any) -> list[Pair]:
    before = {b.name: b for b in tg.balances(project)}
    groups = balance_groups(project, AFTER)
    out = []
    for b in tg.balances(project, AFTER):
        rows = groups.get(b.name, [])
        n0 = rows[0][1] if rows else None
        named = sorted({str(r["before"]).strip() for r, _ in rows if r.get("before")})
        problem, match = "", None
        if not named:
            problem = f"{b.name}未写明“对应审核前平衡”，无法与审核前对照（7.3.5.1）；请填写“平衡实测”工作表中的平衡名称"
        elif len(named) > 1:
            problem = f"{b.name}写了多个对应审核前平衡（{'、'.join(named)}）：一个审核后平衡只与一个审核前平衡对照"
        elif named[0] not in before:
            problem = f"对应审核前平衡“{named[0]}”不在“平衡实测”工作表中（{_suggest(named[0], list(before))}）"
        else:
            match = before[named[0]]
            if match.kind != b.kind:
                problem, match = f"{b.name}为{b.kind}平衡，而对应的{match.name}为{match.kind}平衡：只能对照同类平衡", None
            elif match.result is not None and b.result is not None and match.result.total_in.unit != b.result.total_in.unit:
                problem = (f"{b.name}的单位 {b.result.total_in.unit} 与{match.name}的单位 {match.result.total_in.unit} 不同："
                           "请换算为同一单位（同一时段基准，如 m³/a）后对照")
                match = None
        out.append(Pair(b, match, n0, problem))
    return out


def _streams(b: Any) -> dict[tuple[str, str], float]:
    return {(str(x["name"]), str(x["direction"])): float(x["amount"]) for _, x in b.result.table.iterrows()}


def _effs(project: Any, tid: str, name: str) -> dict[str, float]:
    from .efficiencies import of_balances
    out = {}
    for e in of_balances(project, tid):
        if e.balance == name:
            out.update({r.trace.name.removeprefix(name): r.value for r in e.results})
    return out


def comparison(project: Any, p: Pair) -> tuple[list[list[Any]], list[list[Any]]]:
    """(stream rows, efficiency rows): [名称, 方向, 单位, 审核前, 审核后, 变化量, 变化率 %] and
    [指标, 审核前 %, 审核后 %, 变化（百分点）]."""
    b0, b1 = p.before, p.after
    if b0 is None or b0.result is None or b1.result is None:
        return [], []
    s0, s1 = _streams(b0), _streams(b1)
    unit = b1.result.total_in.unit
    keys = list(s0) + [k for k in s1 if k not in s0]
    rows = [[n, d, unit, s0.get((n, d)), s1.get((n, d)), *change(s0.get((n, d)), s1.get((n, d)))] for n, d in keys]
    for label, r0, r1 in (("输入合计", b0.result.total_in, b1.result.total_in), ("输出合计", b0.result.total_out, b1.result.total_out)):
        rows.append([label, "", unit, r0.value, r1.value, *change(r0.value, r1.value)])
    e0, e1 = _effs(project, "balance", b0.name), _effs(project, AFTER, b1.name)
    if b0.utilisation is not None or b1.utilisation is not None:
        e0["利用率"], e1["利用率"] = getattr(b0.utilisation, "value", None), getattr(b1.utilisation, "value", None)
    erows = [[k, e0.get(k), e1.get(k), None if e0.get(k) is None or e1.get(k) is None else e1[k] - e0[k]]
             for k in list(e0) + [k for k in e1 if k not in e0]]
    return rows, erows


def change(before: float | None, after: float | None) -> tuple[float | None, float | None]:
    """(审核后 − 审核前, 变化率 %); a stream on one side only counts as 0 on the other, its rate is undefined."""
    if before is None and after is None:
        return None, None
    d = (after or 0.0) - (before or 0.0)
    return d, (d / before * 100 if before else None)


# ---------------------------------------------------------------- 7.3.5.2 审核后实际值


def _base_unit(u: str) -> str:
    return str(u or "").strip().removesuffix("/a")


def _convert(value: float, a: str, b: str) -> float | None:
    if a == b:
        return value
    if (a, b) in UNIT_STEPS:
        return value / UNIT_STEPS[(a, b)]
    if (b, a) in UNIT_STEPS:
        return value * UNIT_STEPS[(b, a)]
    return None


def _share(project: Any, stream: str, product: str, outputs: dict[str, dict[str, Any]]) -> tuple[Any, str]:
    """((part, whole, label) of ``stream``'s share that reaches ``product``, "") by the rule of its D.7/D.10/D.11
    row — (1, 1, "") for the whole; (None, why) when the data do not give it."""
    from .allocation import products, rule_of
    rows = [r for tid, f in (("D.7", "name"), ("D.10", "category"), ("D.11", "category"))
            for r, _ in _pairs(project, tid) if str(r.get(f) or "").strip() == stream]
    names = [str(p["name"]) for p in products(project)]
    if not rows:
        return ((1.0, 1.0, ""), "") if len(names) <= 1 else (None, f"D.7、D.10、D.11 中没有“{stream}”，无法确定它在各产品间的分摊方式")
    rule, why = rule_of(project, rows[0])
    if why:
        return None, why
    if rule == "计量":
        named = str(rows[0].get("product") or "").strip() or (names[0] if names else "")
        return ((1.0, 1.0, ""), "") if named == product else (None, f"“{stream}”计量计入{named}，不是{product}的消耗")
    field, label = ("output", "产量") if rule == "按产量" else ("value", "产值")
    missing = [n for n in names if n not in outputs or _num(outputs[n].get(field)) is None]
    if missing:
        return None, f"“{stream}”{rule}分摊，“审核后产量”工作表缺少{'、'.join(missing)}的{label}"
    total = sum(float(outputs[n][field]) for n in names)
    if total <= 0:
        return None, f"审核后各产品{label}之和为 0，无法分摊"
    return (float(outputs[product][field]), total, f"{product}{label}占比"), ""


def derived_achieved(project: Any, row: dict[str, Any]) -> tuple[Result | None, str]:
    """(审核后实际值 with its trace, "") or (None, why the data do not give it)."""
    source = str(row.get("achieved_derive") or "").replace("：", ":").strip()
    kind, _, rest = source.partition(":")
    kind, (bname, _, stream) = kind.strip(), rest.strip().rpartition("/")
    bname, stream = bname.strip(), stream.strip()
    if kind not in ("总量", "占比", "单耗") or not bname or not stream:
        return None, f"无法识别的审核后实际值来源“{source}”（应为 单耗、总量 或 占比:平衡名称/物流名称）"
    found = {b.name: b for b in tg.balances(project, AFTER)}
    b = found.get(bname)
    if b is None:
        return None, f"“审核后平衡实测”中没有“{bname}”（{_suggest(bname, list(found))}）"
    if b.result is None:
        return None, f"{bname}无法计算"
    hits = [(d, a) for (n, d), a in _streams(b).items() if n == stream]
    if len(hits) != 1:
        return None, (f"{bname}中没有物流“{stream}”" if not hits else f"{bname}中“{stream}”既是输入又是输出，请改用不同的物流名称")
    amount, bunit = hits[0][1], _base_unit(b.result.total_in.unit)
    name, unit = str(row.get("indicator") or ""), str(row.get("unit") or "").strip()
    label = f"{name}审核后实际值"
    if kind == "占比":
        tin = b.result.total_in.value
        if tin <= 0:
            return None, f"{bname}输入合计为 0"
        v = amount / tin * 100
        shown = show_value(v, "%")
        return Result(v, "%", Trace(label, f"审核后{stream} ÷ {bname}输入合计 × 100%",
                                    substituted(lambda n: f"{n(amount)} ÷ {n(tin)} × 100%", shown), shown)), ""
    if kind == "总量":
        v = _convert(amount, bunit, _base_unit(unit))
        if v is None:
            return None, f"{bname}的单位 {bunit} 无法换算为目标单位 {unit}"
        shown = show_value(v, unit)
        step = (f" {'÷' if v < amount else '×'} {fmt(max(v, amount) / min(v, amount))}" if v != amount and v and amount else "")
        return Result(v, unit, Trace(label, f"{bname}中{stream}（换算为 {unit}）",
                                     f"{fmt(amount)} {b.result.total_in.unit}{step}", shown)), ""
    num, _, den = unit.partition("/")
    outputs = {str(r["name"]).strip(): r for r, _ in _pairs(project, "after_output") if r.get("name")}
    prod = next((n for n, r in outputs.items() if str(r.get("unit") or "").strip() == den.strip()), None)
    if prod is None:
        return None, f"“审核后产量”工作表中没有产量单位为“{den}”的产品（目标单位 {unit}）"
    out = _num(outputs[prod].get("output"))
    if not out:
        return None, f"{prod}审核后产量为空或为 0"
    qty = _convert(amount, bunit, num.strip())
    if qty is None:
        return None, f"{bname}的单位 {bunit} 无法换算为 {num}"
    share, why = _share(project, stream, prod, outputs)
    if share is None:
        return None, why
    x, total, how = share
    v = qty * x / total / out
    f = f"审核后{stream} × {how} ÷ 审核后{prod}产量" if how else f"审核后{stream} ÷ 审核后{prod}产量"
    s = (substituted(lambda n: f"{n(qty)} × ({n(x)} ÷ {n(total)}) ÷ {n(out)}", fmt(v)) if how
         else substituted(lambda n: f"{n(qty)} ÷ {n(out)}", fmt(v)))
    return Result(v, unit, Trace(label, f, s, show_value(v, unit))), ""


def achieved(project: Any, row: dict[str, Any]) -> tuple[float | None, Result | None]:
    """(审核后实际值 used by D.42: typed, else derived; the derivation when the data give one)."""
    derived = derived_achieved(project, row)[0] if row.get("achieved_derive") else None
    typed = _num(row.get("achieved"))
    return (typed if typed is not None else (derived.value if derived else None)), derived


SOURCES = (AFTER, "after_output", "D.6", "D.7", "D.10", "D.11")


def problems(project: Any, found: list[Problem]) -> list[Problem]:
    """Pairing faults at the after balance; 审核后实际值 that its source cannot give or contradicts, at D.24 —
    unless a source sheet already has an error (said once, where it was typed)."""
    out = [_p(project, AFTER, f"审核后平衡（7.3.5.1）：{p.problem}", p.row, "对应审核前平衡") for p in pairs(project) if p.problem]
    sheets = {project.tables[t].schema.sheet for t in SOURCES if t in project.tables}
    if any(p.level == "error" and p.sheet in sheets for p in [*project.problems, *found, *out]):
        return out
    from .options import params
    tol = float(params(project)["achieved_tolerance_pct"])
    for r, n in _pairs(project, "D.24"):
        if not r.get("achieved_derive"):
            continue
        res, why = derived_achieved(project, r)
        typed = _num(r.get("achieved"))
        if res is None:
            out.append(_p(project, "D.24", f"{r.get('indicator')}的审核后实际值无法由数据计算：{why}；请补齐审核后平衡或产量，"
                          "或改正“审核后实际值来源”", n, "审核后实际值来源", r.get("achieved_derive")))
        elif typed is not None and abs(typed - res.value) > tol / 100 * max(abs(typed), abs(res.value)):
            out.append(_p(project, "D.24", f"{r.get('indicator')}审核后实际值填为 {fmt(typed)}，而由审核后数据算得 {fmt(res.value)}"
                          f"（{res.trace.substitution}），相差超过 {fmt(tol)}%；请核对", n, "审核后实际值", typed))
    return out
