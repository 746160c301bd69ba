"""Economic feasibility of a cleaner-production option (source S46, calc/data/SOURCES.md).

    I = investment − subsidy                  (万元)
    D = I / Y                                 (straight-line depreciation)
    F = (P − D)(1 − t) + D                    (年增加现金流量; P = 年运行费用总节省金额)
    N = I / F                                 (投资偿还期, 年)
    NPV = F × (P/A, i, Y) − I,  (P/A, i, Y) = Σ 1/(1+i)^j over j = 1…Y      NPVR = NPV / I × 100 %
    IRR: NPV(IRR) = 0 (exact root, found by bisection) or the course's interpolation
         IRR = i1 + NPV1 (i2 − i1) / (NPV1 + |NPV2|)

Cash-flow lists put the investment at t = 0 ("第0年末投资"), i.e. NPV = Σ_t cf_t / (1+i)^t.  The traces
print every substituted value with enough decimals that the printed arithmetic gives the printed result.
"""
from __future__ import annotations

import math
from collections.abc import Sequence

import attrs

from cpframework.calc.redo import agrees, evaluate, printed_number, with_decimals
from cpframework.calc.trace import CalcError, Result, Trace, fmt, show_value, substituted

CONVENTION = "现金流约定：第0年末投资，投资额不贴现；第 t 年末的现金流量除以 (1 + i)^t 折为现值"
EXACT_IRR = "内部收益率由净现值为零逐次试算求得（常规现金流，解唯一）"
PAYBACK_NORMS = {"中费": 3.0, "较高费": 5.0, "高费": 10.0}  # years, S46


def _num(x: float, label: str) -> float:
    if x is None or isinstance(x, bool) or not math.isfinite(float(x)):
        raise CalcError(f"{label}缺失或不是有效数值")
    return float(x)


def _flows(cf: Sequence[float]) -> list[float]:
    flows = [_num(c, f"第 {t} 年现金流") for t, c in enumerate(cf)]
    if len(flows) < 2:
        raise CalcError("现金流至少需要两期（第0年及以后）")
    return flows


def _rate(rate: float, label: str = "贴现率") -> float:
    r = _num(rate, label)
    if r <= -1.0:
        raise CalcError(f"{label}须大于 −100%，现为 {fmt(r * 100)}%")
    return r


def _npv(rate: float, flows: Sequence[float]) -> float:
    x = 1.0 / (1.0 + rate)
    acc = 0.0
    for c in reversed(flows):  # Horner in x = 1/(1+i)
        acc = acc * x + c
    return acc


def _flow_text(flows: Sequence[float]) -> str:
    return f"第 0 年至第 {len(flows) - 1} 年净现金流量依次为 " + "，".join(fmt(c).replace("-", "−") for c in flows)


def sign_changes(cf: Sequence[float]) -> int:
    """Number of sign changes, zeros ignored (Descartes: bounds the number of IRRs)."""
    signs = [c > 0 for c in cf if c != 0]
    return sum(1 for a, b in zip(signs, signs[1:]) if a != b)


def npv(cf: Sequence[float], rate: float) -> Result:
    """NPV = Σ_{t=0..n} cf_t / (1+i)^t (cf[0] at t = 0, not discounted)."""
    flows, r = _flows(cf), _rate(rate)
    value = _npv(r, flows)
    terms = substituted(lambda n: " + ".join(f"{n(c)} ÷ (1 + {fmt(r * 100)}%)^{t}" for t, c in enumerate(flows)),
                        fmt(value))
    return Result(value, "", Trace(name="净现值 NPV", formula=f"Σ 第 t 年净现金流量 ÷ (1 + i)^t（t 取 0 至 {len(flows) - 1}）",
                                   substitution=terms, result=fmt(value), notes=(CONVENTION,)))


def irr(cf: Sequence[float], *, tol: float = 1e-12) -> Result:
    """Exact IRR of a conventional flow by bisection in x = 1/(1+r) ∈ (0, ∞).

    No sign change → value None ("无解"); more than one → value None ("IRR 不唯一").
    """
    flows = _flows(cf)
    n = sign_changes(flows)
    formula = f"使 Σ 第 t 年净现金流量 ÷ (1 + IRR)^t = 0（t 取 0 至 {len(flows) - 1}）的贴现率"
    sub = _flow_text(flows)
    if n == 0:
        return Result(None, "", Trace("内部收益率 IRR", formula, sub, "无解",
                                       ("现金流没有符号变化，IRR 无解", CONVENTION)))
    if n > 1:
        return Result(None, "", Trace("内部收益率 IRR", formula, sub, "IRR 不唯一",
                                       (f"现金流符号变化 {n} 次，可能存在多个 IRR，不据此判定", CONVENTION)))
    while flows[0] == 0:
        flows = flows[1:]  # x^k factor: same positive roots
    def f(x: float) -> float:
        acc = 0.0
        for c in reversed(flows):
            acc = acc * x + c
        return acc
    lo, hi = 0.0, 1.0
    f_lo = flows[0]
    while (f(hi) > 0) == (f_lo > 0):
        hi *= 2.0
        if hi > 1e300 or f(hi) != f(hi):
            raise CalcError("IRR 求解未能找到有根区间（IRR 接近 −100%）")
    for _ in range(400):
        mid = 0.5 * (lo + hi)
        fm = f(mid)
        if fm == 0 or hi - lo <= tol * max(mid, 1e-300):
            break
        if (fm > 0) == (f_lo > 0):
            lo = mid
        else:
            hi = mid
    x = 0.5 * (lo + hi)
    value = 1.0 / x - 1.0
    return Result(value, "", Trace("内部收益率 IRR", formula, sub, show_value(value * 100, "%"),
                                    (EXACT_IRR, CONVENTION)))


def irr_interpolated(cf: Sequence[float], i1: float | None = None, i2: float | None = None,
                     *, step: float = 0.01) -> Result:
    """Course method: IRR = i1 + NPV1 (i2 − i1) / (NPV1 + |NPV2|), with NPV1 > 0 > NPV2.

    Without i1/i2 the adjacent table rates (multiples of ``step``) bracketing the root are used.
    """
    flows = _flows(cf)
    if i1 is None or i2 is None:
        exact = irr(flows)
        if exact.value is None:
            return Result(None, "", attrs.evolve(exact.trace, notes=exact.trace.notes + ("插值法不适用",)))
        k = math.floor(exact.value / step + 1e-9)
        i1, i2 = k * step, (k + 1) * step
    i1, i2 = _rate(i1, "试算贴现率 i1"), _rate(i2, "试算贴现率 i2")
    n1, n2 = _npv(i1, flows), _npv(i2, flows)
    if not (n1 >= 0 > n2):
        raise CalcError(f"试算贴现率 {fmt(i1 * 100)}% 和 {fmt(i2 * 100)}% 的净现值 {fmt(n1)}、{fmt(n2)} "
                        "未跨越零点（须 NPV1 ≥ 0 > NPV2），无法插值求 IRR")
    value = i1 + n1 * (i2 - i1) / (n1 + abs(n2))
    return Result(value, "", Trace(
        name="内部收益率 IRR（插值法）", formula="i1 + NPV1 × (i2 − i1) ÷ (NPV1 + |NPV2|)",
        substitution=substituted(lambda n: f"{fmt(i1 * 100)}% + {n(n1)} × ({fmt(i2 * 100)}% − {fmt(i1 * 100)}%) ÷ "
                                           f"({n(n1)} + {n(abs(n2))})", show_value(value * 100, "%")),
        result=show_value(value * 100, "%"), notes=("线性插值为近似值", CONVENTION)))


def payback_period(cf: Sequence[float], rate: float | None = None) -> Result:
    """Static (rate None) or discounted payback, linear within the year; None if never recovered."""
    flows = _flows(cf)
    cum, value = 0.0, None
    for t, c in enumerate(flows):
        d = c if rate is None else c / (1.0 + _rate(rate)) ** t
        prev, cum = cum, cum + d
        if t > 0 and prev < 0 <= cum:
            value = t - 1 + (-prev) / d
            break
    kind = "静态" if rate is None else f"动态（i = {fmt(rate * 100)}%）"
    return Result(value, "年", Trace(
        name=f"{kind}投资回收期", formula="累计（贴现）现金流由负转正的年份，年内线性插值",
        substitution=_flow_text(flows),
        result=show_value(value, "年") if value is not None else "在计算期内不能收回投资",
        notes=(CONVENTION,)))


@attrs.frozen
class Feasibility:
    investment: Result   # I (net of subsidy)
    depreciation: Result  # D
    cash_flow: Result    # F
    payback: Result      # N
    npv: Result
    npvr: Result
    irr: Result
    cashflows: tuple[float, ...]

    def results(self) -> list[Result]:
        return [self.investment, self.depreciation, self.cash_flow, self.payback, self.npv, self.npvr, self.irr]


def feasibility(investment: float, annual_saving: float, years: int, tax_rate: float, rate: float,
                *, subsidy: float = 0.0, unit: str = "万元") -> Feasibility:
    """All course indicators for one option; rates as fractions (0.25, 0.08)."""
    gross, sub = _num(investment, "总投资"), _num(subsidy, "补贴")
    p, t, i = _num(annual_saving, "年运行费用总节省金额"), _num(tax_rate, "所得税税率"), _rate(rate)
    if not isinstance(years, int) or isinstance(years, bool) or years <= 0:
        raise CalcError(f"折旧年限（计算期）须为正整数，现为 {years}")
    if not 0 <= t < 1:
        raise CalcError(f"所得税税率须在 0～1 之间（小数），现为 {fmt(t)}")
    inv = gross - sub
    if inv <= 0:
        raise CalcError(f"扣除补贴后的投资须大于 0，现为 {fmt(inv)} {unit}")
    I = Result(inv, unit, Trace("总投资费用 I", "总投资 − 补贴",
                                substituted(lambda n: f"{n(gross)} − {n(sub)} {unit}", show_value(inv, unit)),
                                show_value(inv, unit)))
    d = inv / years
    D = Result(d, f"{unit}/年", Trace("年折旧费 D", "I ÷ Y",
                                                    substituted(lambda n: f"{n(inv)} ÷ {years}", show_value(d, f"{unit}/年")),
                                                    show_value(d, f"{unit}/年")))
    f = (p - d) * (1 - t) + d
    flows = [-inv] + [f] * years
    annuity = sum((1 + i) ** -j for j in range(1, years + 1))
    v = f * annuity - inv
    f_txt, a_txt, inv_txt = _shared_digits(f, annuity, inv, v, unit)
    F = Result(f, f"{unit}/年", Trace(
        "年增加现金流量 F", "(P − D) × (1 − t) + D",
        substituted(lambda n: f"({n(p)} − {n(d)}) × (1 − {fmt(t)}) + {n(d)}", f"{f_txt} {unit}/年"),
        f"{f_txt} {unit}/年", ("应税利润 T = P − D，净利润 E = T × (1 − t)，F = E + D",)))
    if f <= 0:
        N = Result(None, "年", Trace("投资偿还期 N", "I ÷ F", f"{inv_txt} ÷ {f_txt}", "年增加现金流量不为正，不能收回投资"))
    else:
        N = Result(inv / f, "年", Trace("投资偿还期 N", "I ÷ F", f"{inv_txt} ÷ {f_txt}", show_value(inv / f, "年")))
    rate_txt = f"{fmt(i * 100)}%"
    factor_note = (f"年金现值系数 (P/A, {rate_txt}, {years}) = [1 − (1 + {rate_txt})^(−{years})] ÷ {rate_txt} = {a_txt}"
                   if i != 0 else f"贴现率为 0 时年金现值系数 (P/A, 0, {years}) = {years}")
    NPV = Result(v, unit, Trace(
        "净现值 NPV", "F × (P/A, i, Y) − I，其中年金现值系数 (P/A, i, Y) = Σ 1 ÷ (1 + i)^j（j 取 1 至 Y）",
        f"{f_txt} × (P/A, {rate_txt}, {years}) − {inv_txt} = {f_txt} × {a_txt} − {inv_txt}", show_value(v, unit),
        (factor_note, CONVENTION)))
    NPVR = Result(v / inv * 100, "%", Trace(
        "净现值率 NPVR", "NPV ÷ I × 100%",
        substituted(lambda n: f"{n(v)} ÷ {n(inv)} × 100%", show_value(v / inv * 100, "%")),
        show_value(v / inv * 100, "%")))
    return Feasibility(I, D, F, N, NPV, NPVR, irr(flows), tuple(flows))


def _shared_digits(f: float, annuity: float, inv: float, npv_value: float, unit: str) -> tuple[str, str, str]:
    """F, (P/A, i, Y) and I printed alike in the F, N and NPV traces, with the fewest decimals (from F's two
    and the factor's customary four) at which F × (P/A) − I and I ÷ F redo their printed results."""
    checks = [(lambda ft, at, it: f"{ft} × {at} − {it}", printed_number(show_value(npv_value, unit)))]
    if f > 0:
        checks.append((lambda ft, at, it: f"{it} ÷ {ft}", printed_number(show_value(inv / f, "年"))))
    for extra in range(0, 9):
        texts = (_more(f, extra), with_decimals(annuity, 4 + extra), _more(inv, extra))
        if all(p is None or (value := evaluate(expr(*texts))) is None or agrees(value, p) for expr, p in checks):
            return texts
    return texts


def _more(x: float, extra: int) -> str:
    shown = fmt(x).replace(",", "").lstrip("-")
    if float(x).is_integer() and "." not in shown:
        return fmt(x)
    return with_decimals(x, (len(shown.split(".")[1]) if "." in shown else 0) + extra)


def verdict(npv_value: float | None, irr_value: float | None = None, payback: float | None = None, *,
            benchmark_rate: float | None = None, payback_norm: float | str | None = None) -> Result:
    """可行 if NPV ≥ 0, IRR ≥ benchmark (when given) and N ≤ norm (years or 中费/较高费/高费)."""
    reasons: list[str] = []
    ok = True
    if npv_value is None:
        raise CalcError("净现值缺失，无法判定可行性")
    if npv_value >= 0:
        reasons.append(f"NPV = {fmt(npv_value)} ≥ 0，满足")
    else:
        ok = False
        reasons.append(f"NPV = {fmt(npv_value)} < 0，不满足")
    if benchmark_rate is not None:
        if irr_value is None:
            reasons.append("IRR 无解或不唯一，不以 IRR 判定")
        elif irr_value >= benchmark_rate:
            reasons.append(f"IRR = {fmt(irr_value * 100)}% ≥ 基准收益率 {fmt(benchmark_rate * 100)}%，满足")
        else:
            ok = False
            reasons.append(f"IRR = {fmt(irr_value * 100)}% < 基准收益率 {fmt(benchmark_rate * 100)}%，不满足")
    if payback_norm is not None:
        norm = PAYBACK_NORMS.get(payback_norm) if isinstance(payback_norm, str) else float(payback_norm)
        if norm is None:
            raise CalcError(f"未知的方案费用类别“{payback_norm}”，可选：{'、'.join(PAYBACK_NORMS)}")
        if payback is None:
            ok = False
            reasons.append("投资不能收回，不满足投资偿还期要求")
        elif payback <= norm:
            reasons.append(f"投资偿还期 N = {fmt(payback)} 年 ≤ {fmt(norm)} 年，满足")
        else:
            ok = False
            reasons.append(f"投资偿还期 N = {fmt(payback)} 年 > {fmt(norm)} 年，不满足")
    return Result(ok, "", Trace("经济可行性判定", "NPV ≥ 0；IRR ≥ 基准收益率；N ≤ 投资偿还期要求",
                                "；".join(reasons), "可行" if ok else "不可行", tuple(reasons)))
