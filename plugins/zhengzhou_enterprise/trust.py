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
* 目标（6.5.5）: a relative reduction above 100 %, a value in % above 100 — error; a near-term or
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


def balance_groups(project: Any) -> dict[str, list[tuple[dict[str, Any], int | None]]]:
    groups: dict[str, list[tuple[dict[str, Any], int | None]]] = {}
    for r, n in _pairs(project, "balance"):
        if r.get("balance"):
            groups.setdefault(str(r["balance"]).strip(), []).append((r, n))
    return groups


def incomplete_rows(rows: list[tuple[dict[str, Any], int | None]]) -> list[tuple[int | None, str]]:
    """(sheet row, 缺少的栏) of every stream of a balance with a blank cell."""
    return [(n, "、".join(label for f, label in STREAM_FIELDS if r.get(f) is None))
            for r, n in rows if any(r.get(f) is None for f, _ in STREAM_FIELDS)]


def balance_problems(project: Any, results: list[Any]) -> list[Problem]:
    out: list[Problem] = []
    by_name = {b.name: b for b in results}
    for name, rows in balance_groups(project).items():
        if incomplete_rows(rows):
            continue  # the blank cells are reported where they are (required); the balance is not computed
        for side, direction in STATED.items():
            stated = [(r, n) for r, n in rows if r.get("direction") == side]
            parts = [float(r["amount"]) for r, _ in rows if r.get("direction") == direction]
            for r, n in stated:
                total = sum(parts)
                if _differs(float(r["amount"]), total):
                    out.append(_p(project, "balance", f"{name}的{side} {fmt(float(r['amount']))} {r.get('unit') or ''} 与各{direction}物流之和 "
                                  f"{fmt(total)} 不符（{' + '.join(fmt(x) for x in parts) or '0'}）；请核对各物流或合计",
                                  n, "数量", r["amount"], code="balance_total"))
        b = by_name.get(name)
        n0 = rows[0][1]
        if b is not None and b.error:
            out.append(_p(project, "balance", b.error, n0, "平衡名称", name))
        elif b is not None and b.result is not None:
            for finding in b.result.findings:
                out.append(_p(project, "balance", finding, n0, "平衡名称", name, level="warning", code="balance_deviation"))
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
    if nums:
        gaps = [i for i in range(1, max(nums) + 1) if i not in nums]
        if gaps:
            out.append(_p(project, "options", f"方案编号不连续，缺少 {'、'.join(f'F{i:02d}' for i in gaps)}：方案按“F+顺序号”编号（6.7.2），"
                          "不可行方案也应保留编号；请补填或重新编号", None, "方案编号", level="warning"))
    return out


# ---------------------------------------------------------------- 6.5.5 目标


def target_problems(project: Any) -> list[Problem]:
    out: list[Problem] = []
    for r, n in _pairs(project, "D.24"):
        name, direction = str(r.get("indicator") or ""), r.get("direction") or "降低"
        base = _num(r.get("baseline"))
        percent = str(r.get("unit") or "").strip() == "%"
        for f, label in (("near_rel", "近期目标相对值"), ("mid_rel", "中（远）期目标相对值")):
            v = _num(r.get(f))
            if v is not None and direction == "降低" and v > 100:
                out.append(_p(project, "D.24", f"{name}{label} {fmt(v)}% 超过 100%：降低率不能超过 100%", n, label + "（%）", v))
            elif v is not None and v <= 0:
                out.append(_p(project, "D.24", f"{name}{label} {fmt(v)}% 不是改善：相对值为相对基准期的改善幅度，须大于 0"
                              "（6.5.5 b)）；请核对目标值或方向", n, label + "（%）", v))
        values = (("baseline", "基准期值"), ("near_abs", "近期目标绝对值"), ("mid_abs", "中（远）期目标绝对值"),
                  ("expected", "预期完成值"), ("achieved", "审核后实际值"))
        for f, label in values:
            v = _num(r.get(f))
            if v is None:
                continue
            if percent and v > 100:
                out.append(_p(project, "D.24", f"{name}{label} {fmt(v)}% 超过 100%：单位为 % 的比率不能超过 100%", n, label, v))
            elif f != "baseline" and base is not None and _far(abs(v), abs(base)):
                out.append(_p(project, "D.24", f"{name}{label} {fmt(v)} 与基准期值 {fmt(base)} 相差 {fmt(max(v, base) / min(v, base))} 倍；"
                              "请核对数值和单位", n, label, v, level="warning"))
        for f, label in (("near_abs", "近期目标值"), ("mid_abs", "中（远）期目标值")):
            v = _num(r.get(f))
            if v is None or base is None:
                continue
            worse = v >= base if direction == "降低" else v <= base
            if worse:
                out.append(_p(project, "D.24", f"{name}{label} {fmt(v)} 不优于基准期值 {fmt(base)}（方向：{direction}）：目标须比现状有所改善"
                              "（6.5.5 b)）；请核对目标值或方向", n, label, v))
    return out


# ---------------------------------------------------------------- 6.5.1.2.3–7 单耗分母、能源品种


def _typed_error_at(project: Any, sheet: str, row: int | None, year: int | None = None) -> bool:
    """The workbook reader already refused a cell of this row (and year): its consequences are not repeated."""
    return any(p.level == "error" and p.sheet == sheet and p.row == row and (year is None or str(year) in f"{p.field}{p.column}")
               for p in project.problems)


def consumption_problems(project: Any) -> list[Problem]:
    """Every unit consumption of D.7/D.10/D.11 has its denominator: the product named (or the first of D.6)
    exists, and its output is given for every year the consumption is — a missing output is an error at
    the D.6 cell, said once however many lines divide by it (never “not applicable”)."""
    out: list[Problem] = []
    prods = [(r, n) for r, n in _pairs(project, "D.6") if r.get("name")]
    names = [str(r["name"]).strip() for r, _ in prods]
    need: dict[str, dict[int, list[str]]] = {}
    for tid, label_field in (("D.7", "name"), ("D.10", "category"), ("D.11", "category")):
        for r, n in _pairs(project, tid):
            pname = str(r.get("product") or "").strip() or (names[0] if names else "")
            if r.get("product") and pname not in names:
                out.append(_p(project, tid, f"产品“{pname}”不在表D.6 中（{_suggest(pname, names)}）：它是本行单耗的分母", n,
                              "产品/单元" if tid == "D.7" else "单耗对应产品", pname))
                continue
            for y, v in (r.get("total") or {}).items():
                if v is not None:
                    need.setdefault(pname, {}).setdefault(y, []).append(str(r.get(label_field) or ""))
    sheet = project.tables["D.6"].schema.sheet if "D.6" in project.tables else "D.6"
    for (r, n), name in zip(prods, names):
        for y, users in sorted(need.get(name, {}).items()):
            v = (r.get("output") or {}).get(y)
            if v not in (None, 0) or _typed_error_at(project, sheet, n, y):
                continue
            what = "为空" if v is None else "为 0"
            out.append(_p(project, "D.6", f"{name} {y}年产量{what}：它是 {'、'.join(users[:6])}{' 等' if len(users) > 6 else ''}的单耗分母，"
                          "缺失不能当作不适用；请填写产量", n, f"{y}年产量"))
    return out


def energy_problems(project: Any, carriers: dict[str, Any]) -> list[Problem]:
    """A D.11 energy name that GB/T 2589 does not list and D.12 gives no coefficient for: error where it was
    typed, with the nearest listed name."""
    over = {str(r.get("name") or "").strip() for r, _ in _pairs(project, "D.12") if r.get("coefficient") is not None}
    known = list(carriers)
    ids = {getattr(c, "id", "") for c in carriers.values()}
    out = []
    for r, n in _pairs(project, "D.12"):
        coef, c = _num(r.get("coefficient")), carriers.get(str(r.get("name") or "").strip())
        lo, hi = (getattr(c, "coefficient_min", None), getattr(c, "coefficient_max", None)) if c is not None else (None, None)
        if coef is not None and lo is not None and hi is not None and not lo - 1e-12 <= coef <= hi + 1e-12:
            out.append(_p(project, "D.12", f"{c.name}折标准煤系数 {fmt(coef)} 超出 GB/T 2589 给出的 {fmt(lo)}～{fmt(hi)} {c.coef_unit} 范围；"
                          "请核对实测低位发热量和单位", n, "折标准煤系数", coef,
                          level="error" if getattr(c, "strict_range", False) else "warning"))
    for r, n in _pairs(project, "D.11"):
        name = str(r.get("category") or "").strip()
        if name and name not in carriers and name not in ids and name not in over:
            out.append(_p(project, "D.11", f"能源类别“{name}”不在 GB/T 2589 参考系数表中（{_suggest(name, known)}）；"
                          "如确为其他能源，请在“D.12 综合能耗参数”工作表填写它的折标准煤系数", n, "能源类别", name))
    return out


def settings_problems(project: Any, params: dict[str, Any], high_cost_options: list[str]) -> list[Problem]:
    """A setting that changes a conclusion is required: 中费/高费 payback norms depend on high_cost_min."""
    if params.get("high_cost_min") is None and high_cost_options:
        return [Problem(file="project.toml", field="options.high_cost_min", code="setting",
                        message=f"未设定中费与高费方案的投资划分界限（[options] high_cost_min，万元）：中/高费方案 {'、'.join(high_cost_options)} "
                                "的投资偿还期须按中费（3 年）或高费（10 年）判定，缺少界限会改变可行性结论；请在 project.toml 中填写")]
    return []


UNIT_STEPS = {("kg", "t"): 1000.0, ("kgce", "tce"): 1000.0, ("m³", "万m³"): 1e4, ("kWh", "万kWh"): 1e4}


def denominator_problems(project: Any, benefit_units: dict[str, str]) -> list[Problem]:
    """表D.24 换算分母 (6.5.5, 表D.33): for a per-product target (unit “…/万件”) the baseline output of the
    product with that unit; for a total it converts the benefit's unit into the target's (kg → t: 1000)."""
    prods = {str(r.get("unit") or "").strip(): (str(r.get("name")), (r.get("output") or {}).get(project.manifest.baseline))
             for r, _n in _pairs(project, "D.6") if r.get("name")}
    out = []
    for r, n in _pairs(project, "D.24"):
        den, unit, item = _num(r.get("denominator")), str(r.get("unit") or "").strip(), str(r.get("benefit") or "").strip()
        if den is None or not item:
            continue
        want, why = None, ""
        if "/" in unit and unit.split("/", 1)[1] in prods:
            pname, output = prods[unit.split("/", 1)[1]]
            if output is not None:
                want, why = float(output), f"基准期 {pname} 产量"
        elif item in benefit_units:
            a, b = benefit_units[item], unit.removesuffix("/a")
            want = 1.0 if a == b else UNIT_STEPS.get((a, b))
            why = f"{a} 换算为 {b}"
        if want is not None and _differs(den, want):
            out.append(_p(project, "D.24", f"{r.get('indicator')}的换算分母 {fmt(den)} 应为 {fmt(want)}（{why}）；分母错了预期完成值也会错",
                          n, "换算分母", den))
    return out


# ---------------------------------------------------------------- 6.5.5 a) 基准期值由数据推导


def derived_baseline(project: Any, source: str, cons: Any) -> tuple[float | None, str]:
    """(value, how) of a D.24 基准期值来源 in the baseline year; (None, why) when the data do not hold it."""
    y = project.manifest.baseline
    kind, _, name = (source.replace("：", ":").partition(":"))
    kind, name = kind.strip(), name.strip()
    if kind in ("单位产品综合能耗", "综合能耗"):
        et = cons.comprehensive_energy(project)
        r = (et.unit_value if kind == "单位产品综合能耗" else et.total).get(y)
        return (None, f"{y}年{kind}无法由 D.11、D.6 计算") if r is None else (r.value, f"{y}年{kind}（表D.12）")
    if kind in ("单耗", "总耗"):
        for tid, field in (("D.7", "name"), ("D.10", "category"), ("D.11", "category")):
            for ln in cons.unit_lines(project, tid, field):
                if ln.label.strip() == name:
                    v = ln.unit_values.get(y) if kind == "单耗" else ln.totals.get(y)
                    v = getattr(v, "value", v)
                    return (None, f"{y}年“{name}”的{kind}缺少数据") if v is None else (float(v), f"{y}年{name}{kind}（表{tid}）")
        return None, f"D.7、D.10、D.11 中没有“{name}”"
    if kind == "占比":
        rows = [r for r, _ in _pairs(project, "D.10")]
        vals = {str(r.get("category") or "").strip(): (r.get("total") or {}).get(y) for r in rows}
        if name not in vals or vals[name] is None:
            return None, f"D.10 中没有“{name}”的{y}年用水量"
        total = sum(v for v in vals.values() if v is not None)
        return (vals[name] / total * 100, f"{y}年{name}占总用水量比例（表D.10）") if total else (None, "D.10 总用水量为 0")
    if kind == "排放量":
        for r, _ in _pairs(project, "D.23"):
            if str(r.get("pollutant") or "").strip() == name and _num(r.get("emission")) is not None:
                return float(r["emission"]), f"{name}基准期排放总量（表D.23）"
        return None, f"D.23 中没有“{name}”的排放总量"
    if kind == "产生量":
        vals = [_num(r.get("generated")) for r, _ in _pairs(project, "D.21")
                if name in (str(r.get("category") or "").strip(), str(r.get("name") or "").strip())]
        vals = [v for v in vals if v is not None]
        return (sum(vals), f"{name}产生量之和（表D.21）") if vals else (None, f"D.21 中没有“{name}”的产生量")
    return None, f"无法识别的基准期值来源“{source}”"


def baseline_problems(project: Any, cons: Any) -> list[Problem]:
    """A typed 基准期值 that its declared source in the workbook contradicts (more than 0.5 %) is an error."""
    out = []
    for r, n in _pairs(project, "D.24"):
        source, base = str(r.get("derive") or "").strip(), _num(r.get("baseline"))
        if not source or base is None:
            continue
        value, how = derived_baseline(project, source, cons)
        if value is None:
            out.append(_p(project, "D.24", f"{r.get('indicator')}的基准期值无法核对：{how}；请补齐数据或改正“基准期值来源”", n, "基准期值来源", source))
        elif abs(value - base) > 0.005 * max(abs(value), abs(base)):
            out.append(_p(project, "D.24", f"{r.get('indicator')}基准期值 {fmt(base)} 与数据计算的 {how} {fmt(value)} 不符；请核对", n, "基准期值", base))
    return out
