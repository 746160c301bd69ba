"""Traces a reviewer can redo: the printed substitution, at its printed precision, gives the printed result."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cpframework.calc import finance, ratios
from cpframework.calc.redo import evaluate, printed_number
from cpframework.calc.trace import Q, Trace
from cpframework.testing import text_problems, trace_redo_problems


@pytest.mark.parametrize("text, value", [
    ("1.44 × 7.3601 − 10（i = 8%，Y = 10）", 0.598544),
    ("1.13 吨/万元 ÷ 1.35 吨/万元 × 100%", 1.13 / 1.35),
    ("[(1.35 kgce/t ÷ 1.13 kgce/t)^(1/5) − 1] × 100%", (1.35 / 1.13) ** 0.2 - 1),
    ("84,468.7 + 6226.7 tce", 90695.4),
    ("8% + 0.56 × (9% − 8%) ÷ (0.56 + 0.1)", 0.08 + 0.56 * 0.01 / 0.66),
])
def test_evaluate_reads_printed_arithmetic(text, value):
    assert evaluate(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["第 0 年至第 3 年净现金流量依次为 -10，4，4，4", "直接取自填报数据", "1.75 × (P/A, 8%, 10) − 10",
                                  "12 个单位"])
def test_text_that_is_not_arithmetic_is_not_judged(text):
    assert evaluate(text) is None


def test_the_issue_examples_are_caught():
    npv = Trace("净现值 NPV", "F × (P/A, i, Y) − I", "1.44 × 7.3601 − 10（i = 8%，Y = 10）", "0.5617 万元")
    park = Trace("年均削减率", "[1 − (末 ÷ 初)^(1/3)] × 100%", "[1 − (1.13 吨/万元 ÷ 1.35 吨/万元)^(1/3)] × 100%", "5.82%")
    code = Trace("净现值 NPV", "Σ_{j=1..Y} F ÷ (1+i)^j − I", "cf[0]", "0.56", ("按二分法求精确根",))
    assert len(trace_redo_problems(npv)) == 1 and len(trace_redo_problems(park)) == 1
    assert {"下标花括号", "数组下标", "区间记号“..”", "算法名称"} <= {p.split("程序记法")[1].split("：")[0]
                                                          for p in trace_redo_problems(code)}


def test_printed_result_reads_percent_and_separators():
    assert printed_number("5.82%") == pytest.approx((0.0582, 0.00005))
    assert printed_number("−1,234.5 万元") == pytest.approx((-1234.5, 0.05))


money = st.floats(min_value=0.5, max_value=5e4, allow_nan=False).map(lambda x: round(x, 4))
rates = st.floats(min_value=0.0, max_value=0.3).map(lambda x: round(x, 3))


@settings(max_examples=150, deadline=None)
@given(investment=money, saving_share=st.floats(min_value=0.01, max_value=3.0), years=st.integers(1, 30),
       tax=st.sampled_from([0.0, 0.15, 0.25, 0.33]), rate=rates)
def test_feasibility_traces_redo(investment, saving_share, years, tax, rate):
    result = finance.feasibility(investment, round(investment * saving_share, 4), years, tax, rate)
    for r in result.results():
        assert trace_redo_problems(r.trace) == [], r.trace.text()
        assert text_problems(r.trace.text()) == [], r.trace.text()


@settings(max_examples=100, deadline=None)
@given(flows=st.lists(st.floats(min_value=0.01, max_value=1e4), min_size=1, max_size=12), invest=money,
       rate=rates)
def test_npv_and_payback_traces_redo(flows, invest, rate):
    cf = [-invest] + [round(c, 3) for c in flows]
    for r in (finance.npv(cf, rate), finance.payback_period(cf), finance.payback_period(cf, rate), finance.irr(cf)):
        assert trace_redo_problems(r.trace) == [], r.trace.text()
        assert text_problems(r.trace.text()) == [], r.trace.text()


positive = st.floats(min_value=1e-3, max_value=1e6).map(lambda x: float(f"{x:.6g}"))


@settings(max_examples=150, deadline=None)
@given(a=positive, b=positive, years=st.integers(1, 10))
def test_ratio_traces_redo(a, b, years):
    start, end = Q(a, "吨/万元", "基期"), Q(b, "吨/万元", "末期")
    for r in (ratios.ratio(end, start, name="比值", percent=True), ratios.avg_annual_growth(start, end, years, name="增长"),
              ratios.avg_annual_reduction(start, end, years, name="削减"), ratios.yoy_growth(start, end, name="同比")):
        assert trace_redo_problems(r.trace) == [], r.trace.text()


@settings(max_examples=100, deadline=None)
@given(q=st.floats(min_value=0.01, max_value=1e7).map(lambda x: float(f"{x:.5g}")))
def test_carbon_traces_redo(q):
    from cpframework.calc import carbon

    for r in (carbon.electricity_co2(q), carbon.coal_co2(q), carbon.oil_co2(q), carbon.gas_co2(q)):
        assert trace_redo_problems(r.trace) == [], r.trace.text()


@settings(max_examples=100, deadline=None)
@given(amounts=st.lists(st.floats(min_value=0.001, max_value=1e6).map(lambda x: float(f"{x:.6g}")), min_size=2,
                        max_size=15))
def test_balance_traces_redo(amounts):
    import pandas as pd

    from cpframework.calc.balance import balance

    streams = pd.DataFrame({"name": [f"物流{k}" for k in range(len(amounts))], "amount": amounts, "unit": "t",
                            "direction": ["输入" if k % 2 == 0 else "输出" for k in range(len(amounts))]})
    b = balance(streams)
    for r in (b.total_in, b.total_out, b.deviation, b.deviation_pct):
        assert trace_redo_problems(r.trace) == [], r.trace.text()



@settings(max_examples=60)
@given(a=st.floats(0.0001, 1e6), b=st.floats(0.0001, 1e6), c=st.floats(0.0001, 1e3))
def test_the_substitution_is_rendered_only_until_one_redoes(a, b, c):
    """The finer renderings are tried one at a time (performance): the answer is the one rendering every
    candidate first would choose, and nothing after it is rendered."""
    from cpframework.calc.redo import _claims, _more, agrees, fit_substitution, with_decimals
    from cpframework.calc.trace import fmt, show_value

    def render(n):
        return f"({n(a)} − {n(b)}) ÷ {n(c)} × 100%"

    result = show_value((a - b) / c * 100, "%")
    every = [render(fmt)] + [render(lambda x, k=k: _more(fmt(x), x, k)) for k in range(1, 9)]
    redoes = [t for t in every if all((v := evaluate(p)) is None or agrees(v, q) for p, q in _claims(t, result))]
    calls: list[str] = []

    def counted(n):
        calls.append(render(n))
        return calls[-1]

    text = fit_substitution(counted, result, fmt)
    if redoes:
        assert text == redoes[0] and len(calls) == every.index(redoes[0]) + 1
    else:
        assert text == render(lambda x: with_decimals(x, 10)) and len(calls) == 10
