import math

import pytest
from hypothesis import given, settings, strategies as st

from cpframework.calc import CalcError, Q, avg_annual_growth, avg_annual_reduction, completeness, ratio, yoy_growth

pos = st.floats(min_value=1e-3, max_value=1e9, allow_nan=False)


@settings(deadline=None, max_examples=60)
@given(part=st.floats(min_value=0, max_value=1e9), extra=st.floats(min_value=1e-3, max_value=1e9))
def test_bounded_ratio_in_bounds(part, extra):
    r = ratio(Q(part, "t", "利用量"), Q(part + extra, "t", "产生量"), name="综合利用率", percent=True)
    assert 0 <= r.value <= 100
    assert r.unit == "%" and "利用量" in r.trace.formula


@settings(deadline=None, max_examples=60)
@given(start=pos, end=pos, years=st.integers(1, 30))
def test_compounding_average_growth_returns_end(start, end, years):
    g = avg_annual_growth(Q(start, "", "基期"), Q(end, "", "末期"), years, name="年均增长率")
    assert start * (1 + g.value / 100) ** years == pytest.approx(end, rel=1e-9, abs=1e-12 * start)
    red = avg_annual_reduction(Q(start, "", "基期"), Q(end, "", "末期"), years, name="年均下降率")
    assert red.value == pytest.approx(-g.value, abs=1e-12)


@settings(deadline=None, max_examples=40)
@given(prev=pos, cur=st.floats(min_value=0, max_value=1e9), k=pos)
def test_yoy_scale_invariant(prev, cur, k):
    a = yoy_growth(Q(prev, label="上年"), Q(cur, label="本年"), name="同比").value
    b = yoy_growth(Q(prev * k, label="上年"), Q(cur * k, label="本年"), name="同比").value
    assert a == pytest.approx(b, rel=1e-9, abs=1e-9)


@pytest.mark.parametrize("n,step", [(4, 25.0), (5, 20.0)])
@settings(deadline=None, max_examples=30)
@given(data=st.data())
def test_completeness_steps(n, step, data):
    items = data.draw(st.lists(st.booleans(), min_size=n, max_size=n))
    r = completeness(items, [f"项{i}" for i in range(n)], name="完成度")
    assert r.value == pytest.approx(step * sum(items))
    assert math.isclose(r.value / step, round(r.value / step))


def test_zero_denominators_name_quantity():
    with pytest.raises(CalcError, match="产生量"):
        ratio(Q(1, "t", "利用量"), Q(0, "t", "产生量"), name="综合利用率")
    with pytest.raises(CalcError, match="上年能耗"):
        yoy_growth(Q(0, label="上年能耗"), Q(5, label="本年能耗"), name="同比")
    with pytest.raises(CalcError, match="基期产值"):
        avg_annual_growth(Q(0, label="基期产值"), Q(5, label="末期产值"), 3, name="年均增长率")
    with pytest.raises(CalcError):
        completeness([], [], name="完成度")
