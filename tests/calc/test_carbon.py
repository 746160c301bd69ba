import pytest
from hypothesis import given, settings, strategies as st

from cpframework.calc import CalcError
from cpframework.calc.carbon import (carbon_reduction, coal_co2, coal_emission_factor, electricity_co2, gas_co2,
                                     grid_factor, load_grid_factors, oil_co2)

amt = st.floats(min_value=0, max_value=1e9, allow_nan=False)


def test_e4_note_b_factor():
    r = coal_emission_factor()
    assert r.value == 2.7725
    assert round(29.3076 * 94.6 / 1000, 4) == 2.7725
    assert "29.3076" in r.trace.substitution and "94.6" in r.trace.substitution
    assert coal_co2(1).value == pytest.approx(2.7725)
    assert oil_co2(1).value == pytest.approx(1.4286 * 2.7725)
    assert gas_co2(1000, 1.1).value == pytest.approx(1.1 * 2.7725)


def test_grid_factors_data():
    g = load_grid_factors()
    assert g["national_2023"].value == 0.5306 and g["national_2023"].year == 2023
    assert g["yunnan_2022"].value == 0.1073
    assert grid_factor().value == 0.5306
    assert grid_factor("云南省电力平均（2022年度）").value == 0.1073
    assert electricity_co2(1e6).value == pytest.approx(530.6)
    assert electricity_co2(1e6, "yunnan_2022").value == pytest.approx(107.3)
    assert "0.5306" in electricity_co2(1e6).trace.text()
    with pytest.raises(CalcError, match="未知的电网排放因子"):
        grid_factor("火星")


def test_bad_inputs():
    with pytest.raises(CalcError, match="天然气"):
        gas_co2(100, 1.4)
    with pytest.raises(CalcError, match="节电量"):
        electricity_co2(-1)
    with pytest.raises(CalcError, match="电网排放因子"):
        electricity_co2(1, 0.0)


@settings(deadline=None, max_examples=60)
@given(e=amt, c=amt, o=amt, g=amt, de=amt, dc=amt, do=amt, dg=amt,
       f=st.floats(min_value=0.05, max_value=1.2), gc=st.floats(min_value=1.1, max_value=1.33))
def test_more_savings_never_less_co2(e, c, o, g, de, dc, do, dg, f, gc):
    a = carbon_reduction(electricity_kwh=e, coal_t=c, oil_t=o, gas_m3=g, grid=f, gas_coefficient=gc).total.value
    b = carbon_reduction(electricity_kwh=e + de, coal_t=c + dc, oil_t=o + do, gas_m3=g + dg, grid=f,
                         gas_coefficient=gc).total.value
    assert b >= a * (1 - 1e-12) >= 0


@settings(deadline=None, max_examples=40)
@given(e=amt, c=amt, o=amt, g=amt)
def test_total_is_sum_of_items(e, c, o, g):
    r = carbon_reduction(electricity_kwh=e, coal_t=c, oil_t=o, gas_m3=g)
    assert r.total.value == pytest.approx(sum(i.value for i in r.items))
    assert r.total.value == pytest.approx(e / 1000 * 0.5306 + (c + 1.4286 * o + 1.2143 * g / 1000) * 2.7725)
