"""附件1 formulas: hypothesis properties and worked examples (seed clause in each test name/comment)."""
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cpf_park_cppc.formulas import co2_intensity_reduction, risk_system_completeness, solid_waste_utilisation
from cpframework.api import CalcError, Q
from cpframework.api import get_registry

pos = st.floats(min_value=1e-3, max_value=1e9, allow_nan=False, allow_infinity=False)


@given(used=pos, generated=pos, stock=st.floats(min_value=0, max_value=1e9))
def test_solid_waste_utilisation_is_bounded_when_used_le_base(used, generated, stock):
    """附件1 (5): 综合利用量 ÷ (产生量 + 往年贮存量) × 100 %."""
    base = generated + stock
    used = min(used, base)
    r = solid_waste_utilisation(used=Q(used, "t", "综合利用量"), generated=Q(generated, "t", "产生量"),
                                stock_used=Q(stock, "t", "往年贮存量"), name="工业固体废物综合利用率")
    assert 0 <= r.value <= 100 + 1e-9
    assert r.value == pytest.approx(used / base * 100)


def test_solid_waste_worked_example():
    # demo 2024: 1 020 000 ÷ (1 180 000 + 30 000) × 100 % = 84.30 %
    r = solid_waste_utilisation(used=Q(1020000, "t", "a"), generated=Q(1180000, "t", "b"), stock_used=Q(30000, "t", "c"),
                                name="x")
    assert r.value == pytest.approx(84.2975, abs=1e-4)
    assert "1,020,000" in r.trace.substitution


@given(co2_start=pos, va_start=pos, va_end=pos, factor=st.floats(min_value=0.2, max_value=1.5))
def test_co2_reduction_sign_and_inverse(co2_start, va_start, va_end, factor):
    """附件1 (19) with the sign resolved: a falling intensity gives a positive reduction; compounding inverts it."""
    start_intensity = co2_start / va_start
    co2_end = start_intensity * factor * va_end
    r = co2_intensity_reduction(co2_start=Q(co2_start, "t", "a"), va_start=Q(va_start, "万元", "b"),
                                co2_end=Q(co2_end, "t", "c"), va_end=Q(va_end, "万元", "d"), years=3, name="x")
    assert (r.value > 0) == (factor < 1 - 1e-12) or abs(factor - 1) < 1e-9
    assert (1 - r.value / 100) ** 3 == pytest.approx(factor, rel=1e-9)


def test_co2_reduction_worked_example():
    # demo: intensity 1 420 000/1 050 000 = 1.3524 (2021) → 1 480 000/1 310 000 = 1.1298 (2024); 1 − (0.8354)^(1/3) = 5.82 %
    r = co2_intensity_reduction(co2_start=Q(1420000, "t", "a"), va_start=Q(1050000, "万元", "b"),
                                co2_end=Q(1480000, "t", "c"), va_end=Q(1310000, "万元", "d"), years=3, name="x")
    assert r.value == pytest.approx(5.819, abs=1e-3)


@given(items=st.lists(st.booleans(), min_size=4, max_size=4), platform=st.booleans(), concentrated=st.booleans())
def test_risk_completeness_steps(items, platform, concentrated):
    """附件1 (25): 4 items × 25 %, or 5 items × 20 % for 化工/电镀/印染 parks."""
    qs = [Q(v, "", f"项{i}") for i, v in enumerate(items)]
    r = risk_system_completeness(items=qs, platform=Q(platform, "", "平台"), concentrated=concentrated, name="x")
    step = 20 if concentrated else 25
    assert math.isclose(r.value % step, 0, abs_tol=1e-9) or math.isclose(r.value % step, step, abs_tol=1e-9)
    expected = (sum(items) + (platform if concentrated else 0)) * step
    assert r.value == pytest.approx(expected)


def test_risk_completeness_requires_fifth_item_for_concentrated_parks():
    qs = [Q(True, "", f"项{i}") for i in range(4)]
    with pytest.raises(CalcError, match="第\\(5\\)项"):
        risk_system_completeness(items=qs, platform=None, concentrated=True, name="完善度")


def test_thresholds_respect_direction():
    std = get_registry().standard("park_cppc")
    for ind in std.indicators:
        g, a = ind.thresholds["general"], ind.thresholds["advanced"]
        if g.op == "is":
            continue
        if ind.direction == "higher":
            assert float(a.value) >= float(g.value), ind.id
        if ind.direction == "lower":
            assert float(a.value) <= float(g.value), ind.id


def test_indicator_set_matches_annex1():
    std = get_registry().standard("park_cppc")
    assert len(std.indicators) == 26
    assert sum(i.mandatory for i in std.indicators) == 13
    assert {i.group for i in std.indicators if not i.mandatory} == {"G2-4", "G5-6", "G7-8", "G10-11", "G15-16", "G19-20"}
