"""What ``check`` guarantees for DB4101/T 61 beyond the core's keys, required cells and year series:
stated totals against their parts, shares and rates within their definition, and the cross-table rules
below — each message names the sheet and row where the value was typed.

Rules (level by nature: an impossible value or a stated total that contradicts its parts is an error;
an implausible value that may still be right is a warning):

* 审核重点（6.5.4.2）: every scored factor has a weight (a typo gets “是否想写…？”), every candidate is
  scored on every weighted factor — error.
* 平衡（6.6.2.3）: a stream with a blank cell is an error in its row (the balance is not computed); the
  stated 输入合计/输出合计 rows equal the sums of their streams — error; a deviation beyond
  ``[options] balance_tolerance_pct`` — warning.
* 方案效益（6.8.2.4.2、7.3.4）: 预期经济效益 of the option register and 年运行费用总节省金额 of the
  feasibility analysis equal the sum of the option's expected economic items — error; an option with
  verified (核定) benefits lists the same items as expected — warning; 核定 and 预期 differ 10-fold, or
  审核期间量 exceeds 折合年度量 — warning.
* 方案登记（6.7.2）: numbers without gaps (F01, F02 …) — warning; 实际投资 10-fold off 预计投资 — warning.
* (in :mod:`.trust_values`) 目标（6.5.5）: a relative reduction above 100 %, a value in % above 100 — error; a near-term or
  mid-term target not better than the baseline — error; a target, expected or achieved value 10-fold
  off the baseline — warning.
"""
from __future__ import annotations

import difflib
from typing import Any

from cpframework.api import Problem, fmt

FACTOR = 10.0   # plausibility: two values of the same quantity that differ 10-fold (a unit or a typo)
SUM_TOL = 0.005  # relative tolerance of a stated total against its parts (rounding of the printed parts)


def _pairs(project: Any, tid: str) -> list[tuple[dict[str, Any], int | None]]:
    data = project.tables.get(tid)
    if data is None or not data.present:
        return []
    return list(zip(data.rows, data.sheet_rows or [None] * len(data.rows)))


def _p(project: Any, tid: str, message: str, row: int | None = None, field: str = "", value: Any = None,
       level: str = "error", code: str = "") -> Problem:
    data = project.tables.get(tid)
    sheet = data.schema.sheet if data is not None else tid
    return Problem(file=project.manifest.workbook, sheet=sheet, row=row, field=field, value=value,
                   message=message, level=level, code=code)


def _num(v: Any) -> float | None:
    return float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else None


def _far(a: float, b: float) -> bool:
    return a > 0 and b > 0 and max(a, b) / min(a, b) >= FACTOR


def _differs(stated: float, parts: float) -> bool:
    return abs(stated - parts) > max(SUM_TOL * max(abs(stated), abs(parts)), 0.005)


def _suggest(word: str, known: list[str]) -> str:
    close = difflib.get_close_matches(word, known, n=1, cutoff=0.4)
    return f"是否想写“{close[0]}”？" if close else f"应为 {'、'.join(known)} 之一"


# ---------------------------------------------------------------- 6.5.4.2 审核重点


def focus_problems(project: Any) -> list[Problem]:
    weights = {str(r["factor"]).strip(): n for r, n in _pairs(project, "focus_weights") if r.get("factor")}
    scores = [(r, n) for r, n in _pairs(project, "focus_scores") if r.get("candidate") and r.get("factor")]
    if not scores:
        return []
    out: list[Problem] = []
    known = list(weights)
    got: dict[str, set[str]] = {}
    typo: set[str] = set()   # candidates with a mistyped factor: the missing factor is that typo, said once
    first: dict[str, int | None] = {}
    for r, n in scores:
        cand, factor = str(r["candidate"]).strip(), str(r["factor"]).strip()
        first.setdefault(cand, n)
        got.setdefault(cand, set())
        if factor not in weights:
            typo.add(cand)
            out.append(_p(project, "focus_scores", f"因素“{factor}”不在“审核重点权重”工作表中（{_suggest(factor, known)}）；"
                          "评分的因素须与权重表一致", n, "因素", factor))
            continue
        got[cand].add(factor)
    for cand, factors in got.items():
        missing = [f for f in known if f not in factors]
        if missing and cand not in typo:
            out.append(_p(project, "focus_scores", f"备选审核重点“{cand}”缺少因素 {'、'.join(missing)} 的评分：权重总和计分排序法"
                          "须对每个备选审核重点按全部因素评分（6.5.4.2），缺项不能当作 0 分", first[cand], "评分R"))
    return out


# ---------------------------------------------------------------- 6.6.2.3 平衡

STATED = {"输入合计": "输入", "输出合计": "输出"}
STREAM_FIELDS = (("stream", "物流名称"), ("direction", "方向"), ("amount", "数量"), ("unit", "单位"))


def balance_groups(project: Any, tid: str = "balance") -> dict[str, list[tuple[dict[str, Any], int | None]]]:
    """Rows of each balance of ``tid`` (“平衡实测”, or “审核后平衡实测” for 7.3.5.1), by balance name."""
    groups: dict[str, list[tuple[dict[str, Any], int | None]]] = {}
    for r, n in _pairs(project, tid):
        if r.get("balance"):
            groups.setdefault(str(r["balance"]).strip(), []).append((r, n))
    return groups


def incomplete_rows(rows: list[tuple[dict[str, Any], int | None]]) -> list[tuple[int | None, str]]:
    """(sheet row, 缺少的栏) of every stream of a balance with a blank cell."""
    return [(n, "、".join(label for f, label in STREAM_FIELDS if r.get(f) is None))
            for r, n in rows if any(r.get(f) is None for f, _ in STREAM_FIELDS)]


def balance_problems(project: Any, results: list[Any], tid: str = "balance") -> list[Problem]:
    out: list[Problem] = []
    by_name = {b.name: b for b in results}
    for name, rows in balance_groups(project, tid).items():
        if incomplete_rows(rows):
            continue  # the blank cells are reported where they are (required); the balance is not computed
        for side, direction in STATED.items():
            stated = [(r, n) for r, n in rows if r.get("direction") == side]
            parts = [float(r["amount"]) for r, _ in rows if r.get("direction") == direction]
            for r, n in stated:
                total = sum(parts)
                if _differs(float(r["amount"]), total):
                    out.append(_p(project, tid, f"{name}的{side} {fmt(float(r['amount']))} {r.get('unit') or ''} 与各{direction}物流之和 "
                                  f"{fmt(total)} 不符（{' + '.join(fmt(x) for x in parts) or '0'}）；请核对各物流或合计",
                                  n, "数量", r["amount"], code="balance_total"))
        b = by_name.get(name)
        n0 = rows[0][1]
        if b is not None and b.error:
            out.append(_p(project, tid, b.error, n0, "平衡名称", name))
        elif b is not None and b.result is not None:
            for finding in b.result.findings:
                out.append(_p(project, tid, finding, n0, "平衡名称", name, level="warning", code="balance_deviation"))
    return out


# ---------------------------------------------------------------- 方案效益、方案登记


def benefit_problems(project: Any, econ_items: tuple[str, ...]) -> list[Problem]:
    out: list[Problem] = []
    rows = [(r, n) for r, n in _pairs(project, "benefits") if r.get("number") and r.get("basis") and r.get("item")]
    expected: dict[str, dict[str, tuple[float, int | None]]] = {}
    verified: dict[str, dict[str, tuple[float, int | None]]] = {}
    for r, n in rows:
        num = str(r["number"]).strip().upper()
        annual, during = _num(r.get("annual")), _num(r.get("during"))
        if annual is not None:
            (expected if r["basis"] == "预期" else verified).setdefault(num, {})[r["item"]] = (annual, n)
        if annual is not None and during is not None and during > annual * (1 + SUM_TOL):
            out.append(_p(project, "benefits", f"{num} {r['item']}的审核期间量 {fmt(during)} 大于折合年度量 {fmt(annual)}：审核期间不足一年，"
                          "期间量不应超过年度量；请核对两项数值和单位", n, "审核期间量", during, level="warning"))
    for num, items in verified.items():
        exp = expected.get(num, {})
        for item, (v, n) in items.items():
            if item not in exp:
                out.append(_p(project, "benefits", f"{num} 有核定的“{item}”，但没有对应的预期“{item}”：核定效益应与预期效益逐项对应"
                              "（7.3.2、7.3.3）；请补填预期值", n, "效益项", item, level="warning"))
            elif _far(v, exp[item][0]):
                out.append(_p(project, "benefits", f"{num} 核定“{item}” {fmt(v)} 与预期 {fmt(exp[item][0])}（第 {exp[item][1]} 行）相差 "
                              f"{fmt(max(v, exp[item][0]) / min(v, exp[item][0]))} 倍；请核对数值和单位", n, "折合年度量", v,
                              level="warning"))
        for item, (v, n) in exp.items():
            if item not in items:
                out.append(_p(project, "benefits", f"{num} 已有核定效益，但缺少预期中的“{item}”的核定值（7.3.2、7.3.3）；"
                              "请补填，或说明该项未取得效益（核定值填 0）", n, "效益项", item, level="warning"))
    econ = {num: sum(v for item, (v, _n) in items.items() if item in econ_items) for num, items in expected.items()}
    for r, n in _pairs(project, "options"):
        num = str(r.get("number") or "").strip().upper()
        stated = _num(r.get("econ_benefit"))
        if stated is None or not num or (num not in econ and (not stated or r.get("screening") != "可行")):
            continue  # an option screened out needs no itemised benefits
        parts = econ.get(num, 0.0)
        if _differs(stated, parts):
            out.append(_p(project, "options", f"{num} 预期经济效益 {fmt(stated)} 万元/a 与“方案效益”工作表中该方案预期经济效益各项之和 "
                          f"{fmt(parts)} 万元/a 不符（6.8.2.4.2：经济效益为各项效益之和）", n, "预期经济效益", stated))
    for r, n in _pairs(project, "feasibility"):
        num = str(r.get("number") or "").strip().upper()
        stated = _num(r.get("annual_saving"))
        if stated is None or num not in econ:
            continue
        if _differs(stated, econ[num]):
            out.append(_p(project, "feasibility", f"{num} 年运行费用总节省金额 {fmt(stated)} 万元/a 与“方案效益”工作表中该方案预期经济效益"
                          f"各项之和 {fmt(econ[num])} 万元/a 不符（6.8.2.4.2）", n, "年运行费用总节省金额", stated))
    return out


def option_problems(project: Any, number_re: Any) -> list[Problem]:
    out: list[Problem] = []
    rows = _pairs(project, "options")
    nums = {}
    for r, n in rows:
        num = str(r.get("number") or "").strip().upper()
        if number_re.match(num):
            nums[int(num[1:])] = n
        inv, act = _num(r.get("investment")), _num(r.get("actual_investment"))
        if inv is not None and act is not None and _far(inv, act):
            out.append(_p(project, "options", f"{num} 实际投资 {fmt(act)} 万元与预计投资 {fmt(inv)} 万元相差 {fmt(max(inv, act) / min(inv, act))} 倍；"
                          "请核对数值和单位（万元）；方案调整的在“方案调整情况”中说明", n, "实际投资", act, level="warning"))
    out += _investment_bounds(project, rows)
    if nums:
        gaps = [i for i in range(1, max(nums) + 1) if i not in nums]
        if gaps:
            out.append(_p(project, "options", f"方案编号不连续，缺少 {'、'.join(f'F{i:02d}' for i in gaps)}：方案按“F+顺序号”编号（6.7.2），"
                          "不可行方案也应保留编号；请补填或重新编号", None, "方案编号", level="warning"))
    return out


def _investment_bounds(project: Any, rows: list[tuple[dict[str, Any], int | None]]) -> list[Problem]:
    """An option's investment above a year of the enterprise's whole output (D.4 企业年总产值): 元 typed for
    万元 or a typo, which moves the option's cost class and economic verdict.  (可行性分析 总投资 is compared with D.30
    预计投资 in ``analysis.validate``.)"""
    out: list[Problem] = []
    d4 = project.tables.get("D.4")
    item = d4.item("output_value") if d4 is not None and d4.present else None
    output = _num(item.get("value")) if item else None
    if not output or output <= 0:
        return out
    money = [("options", r, n, f, label) for r, n in rows for f, label in (("investment", "预计投资"), ("actual_investment", "实际投资"))]
    money += [("feasibility", r, n, f, label) for r, n in _pairs(project, "feasibility")
              for f, label in (("investment", "总投资"), ("adjusted_investment", "调整后总投资"))]
    for tid, r, n, f, label in money:
        v = _num(r.get(f))
        if v is not None and v > output:
            out.append(_p(project, tid, f"{str(r.get('number') or '').strip()} {label} {fmt(v)} 万元超过 D.4 企业年总产值 {fmt(output)} 万元；"
                          "请核对数值和单位（万元，不是元）", n, label, v, level="warning"))
    return out
