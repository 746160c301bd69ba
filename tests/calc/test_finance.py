import numpy_financial as npf
import pytest
from hypothesis import assume, given, settings, strategies as st

from cpframework.calc import CalcError
from cpframework.calc.finance import (feasibility, irr, irr_interpolated, npv, payback_period, sign_changes,
                                      verdict)

CF = [-100, 30, 30, 30, 30, 30]
money = st.floats(min_value=0, max_value=1e6).map(lambda x: round(x, 2))
conventional = st.builds(lambda i, fl: [-i] + fl, st.floats(min_value=1, max_value=1e6).map(lambda x: round(x, 2)),
                         st.lists(money, min_size=1, max_size=25)).filter(
    lambda cf: sum(cf[1:]) > 1e-6 * -cf[0])
rate = st.floats(min_value=0, max_value=0.5)


def test_worked_example():
    assert npv(CF, 0.08).value == pytest.approx(19.7813, abs=1e-4)
    r = irr(CF)
    assert r.value == pytest.approx(0.152382, abs=1e-6)
    assert "第0年末投资" in " ".join(r.trace.notes)
    assert payback_period(CF).value == pytest.approx(10 / 3)
    assert payback_period(CF, 0.08).value == pytest.approx(4.031, abs=1e-3)
    assert payback_period([-100, 10, 10]).value is None
    interp = irr_interpolated(CF, 0.15, 0.16)
    assert interp.value == pytest.approx(0.152382, abs=1e-3)
    assert irr_interpolated(CF).value == pytest.approx(interp.value)
    with pytest.raises(CalcError, match="未跨越零点"):
        irr_interpolated(CF, 0.16, 0.17)


def test_irr_no_solution_and_not_unique():
    r = irr([100, 10, 10])
    assert r.value is None and r.trace.result == "无解"
    r = irr([-1000, 3000, -2200])
    assert r.value is None and "不唯一" in r.trace.result
    assert irr([-10000, 1, 1, 1, 1, 1]).value == pytest.approx(-0.8357, abs=1e-4)
    assert sign_changes([0, -1, 0, 2, 3]) == 1


def test_feasibility_course_formulas():
    f = feasibility(110, 40, 5, 0.25, 0.08, subsidy=10)
    assert f.investment.value == 100 and f.depreciation.value == 20
    assert f.cash_flow.value == pytest.approx((40 - 20) * 0.75 + 20)
    assert f.payback.value == pytest.approx(100 / 35)
    assert f.npv.value == pytest.approx(npf.npv(0.08, f.cashflows))
    assert f.npvr.value == pytest.approx(f.npv.value)
    assert f.irr.value == pytest.approx(npf.irr(f.cashflows), abs=1e-7)
    with pytest.raises(CalcError, match="税率"):
        feasibility(100, 40, 5, 25, 0.08)
    with pytest.raises(CalcError, match="投资"):
        feasibility(100, 40, 5, 0.25, 0.08, subsidy=100)


def test_verdict():
    v = verdict(19.78, 0.152, 3.33, benchmark_rate=0.1, payback_norm="较高费")
    assert v.value is True and len(v.trace.notes) == 3
    v = verdict(19.78, 0.152, 3.33, benchmark_rate=0.2, payback_norm=3)
    assert v.value is False and any("不满足" in n for n in v.trace.notes)
    assert verdict(-1).value is False
    assert verdict(1, None, None, benchmark_rate=0.1).value is True
    with pytest.raises(CalcError, match="费用类别"):
        verdict(1, payback=1, payback_norm="巨费")


@settings(deadline=None, max_examples=80)
@given(cf=conventional, r=rate)
def test_npv_matches_numpy_financial(cf, r):
    assert npv(cf, r).value == pytest.approx(npf.npv(r, cf), rel=1e-9, abs=1e-6)


@settings(deadline=None, max_examples=80)
@given(cf=conventional)
def test_irr_oracle_and_inverse(cf):
    r = irr(cf).value
    assert r is not None
    ref = npf.irr(cf)
    scale = sum(abs(c) for c in cf)
    assert abs(npv(cf, r).value) <= 1e-7 * scale
    if ref == ref and r > -0.99:
        assert r == pytest.approx(ref, abs=1e-6, rel=1e-6)


@settings(deadline=None, max_examples=60)
@given(cf=conventional, r1=rate, r2=rate)
def test_higher_rate_never_raises_npv(cf, r1, r2):
    lo, hi = sorted((r1, r2))
    assert npv(cf, hi).value <= npv(cf, lo).value + 1e-9 * sum(abs(c) for c in cf)


@settings(deadline=None, max_examples=40)
@given(cf=conventional, r=rate, k=st.floats(min_value=1e-3, max_value=1e3))
def test_scaling_invariance(cf, r, k):
    scaled = [c * k for c in cf]
    assert npv(scaled, r).value == pytest.approx(k * npv(cf, r).value, rel=1e-9, abs=1e-6 * k)
    assert irr(scaled).value == pytest.approx(irr(cf).value, abs=1e-9)


@settings(deadline=None, max_examples=60)
@given(i=st.floats(min_value=1, max_value=1e4), p=st.floats(min_value=0, max_value=1e4),
       y=st.integers(1, 20), t=st.floats(min_value=0, max_value=0.5), r=rate)
def test_feasibility_consistency(i, p, y, t, r):
    f = feasibility(i, p, y, t, r)
    assume(f.cash_flow.value > 0)
    assert f.payback.value == pytest.approx(i / f.cash_flow.value)
    assert f.npv.value == pytest.approx(npf.npv(r, f.cashflows), rel=1e-9, abs=1e-6 * i)
    assert f.npvr.value == pytest.approx(f.npv.value / i * 100, rel=1e-9, abs=1e-9)
