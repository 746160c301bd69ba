import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from cpframework.calc import CalcError
from cpframework.calc.energy import (coefficient_from_calorific, comprehensive_energy, load_coefficients,
                                     load_media, lookup, to_tce, unit_consumption)

CARRIERS = load_coefficients()
FIXED = sorted(n for n, c in CARRIERS.items() if c.coefficient is not None)
qty = st.floats(min_value=0, max_value=1e8, allow_nan=False)


def test_table_rows_and_sources():
    assert CARRIERS["原煤"].coefficient == 0.7143
    assert CARRIERS["原煤"].source == "GB/T 2589—2008《综合能耗计算通则》附录A"
    assert CARRIERS["电力"].coefficient == 0.1229
    assert CARRIERS["热力"].coefficient == 0.03412
    assert CARRIERS["天然气"].coefficient_min == 1.1 and CARRIERS["天然气"].coefficient_max == 1.33
    assert CARRIERS["天然气"].source == "GB/T 2589—2020《综合能耗计算通则》附录A 表A.1"
    assert all(c.source.startswith("GB/T 2589—20") for c in CARRIERS.values())
    media = load_media()
    assert media["新水"].coefficient == 0.0857 and "新水" not in CARRIERS
    assert media["新鲜水（统计参考表）"].coefficient == 0.2571


def test_calorific_5000_kcal_coal():
    r = coefficient_from_calorific(5000)
    assert r.value == 0.7143
    assert "7000" in r.trace.formula


@settings(deadline=None, max_examples=50)
@given(kcal=st.floats(min_value=500, max_value=15000))
def test_calorific_rounding(kcal):
    assert abs(coefficient_from_calorific(kcal).value - kcal / 7000) <= 5e-5


def test_gas_coefficient_range():
    gas = CARRIERS["天然气"]
    assert to_tce(1000, gas, coefficient=1.33).value == pytest.approx(1.33)
    with pytest.raises(CalcError, match="天然气"):
        to_tce(1000, gas, coefficient=1.35)
    with pytest.raises(CalcError, match="天然气"):
        to_tce(1000, gas, kcal=7000)  # 1.0 kgce/m³


def test_electricity_equivalent_value_and_units():
    e = CARRIERS["电力"]
    assert to_tce(1e4, e).value == pytest.approx(1.229)
    assert to_tce(1, e, unit="万kWh").value == pytest.approx(1.229)
    r = to_tce(1e4, e, electricity_equivalent=0.305)
    assert r.value == pytest.approx(3.05) and "等价值" in r.trace.text()
    with pytest.raises(CalcError, match="单位"):
        to_tce(1, e, unit="t")


def test_range_only_carrier_needs_value():
    with pytest.raises(CalcError, match="焦炉煤气"):
        comprehensive_energy({"焦炉煤气": 100})
    assert comprehensive_energy({"焦炉煤气": 1000}, calorific={"焦炉煤气": 4200}).total.value == pytest.approx(0.6)


def test_media_only_when_chosen_and_water_caution():
    r = comprehensive_energy({"电力": 1000})
    assert "未计入耗能工质" in r.total.trace.text()
    with pytest.raises(CalcError, match="未知的能源品种"):
        comprehensive_energy({"新水": 1000})
    r2 = comprehensive_energy({"电力": 1000}, media={"新水": 1000})
    assert r2.total.value == pytest.approx(0.1229 + 0.0857)
    assert "0.2571" in r2.total.trace.text()
    with pytest.raises(CalcError, match="新水"):
        lookup(load_media(), "水")


@settings(deadline=None, max_examples=40)
@given(a=st.dictionaries(st.sampled_from(FIXED), qty, min_size=1, max_size=6),
       b=st.dictionaries(st.sampled_from(FIXED), qty, min_size=1, max_size=6))
def test_tce_additive_over_carriers(a, b):
    b = {k: v for k, v in b.items() if k not in a}
    total = comprehensive_energy({**a, **b}).total.value
    parts = comprehensive_energy(a).total.value + (comprehensive_energy(b).total.value if b else 0)
    assert total == pytest.approx(parts, rel=1e-9, abs=1e-9)
    assert total >= 0


@settings(deadline=None, max_examples=40)
@given(q=qty, name=st.sampled_from([n for n in FIXED if CARRIERS[n].unit == "kg"]))
def test_unit_scaling_invariance(q, name):
    row = CARRIERS[name]
    assert to_tce(q, row, unit="t").value == pytest.approx(to_tce(q * 1000, row, unit="kg").value, rel=1e-9)


def test_unit_consumption_frame():
    e = pd.DataFrame({"year": [2022, 2022, 2023, 2023, 2023], "product": ["A"] * 5,
                      "carrier": ["电力", "原煤", "电力", "原煤", "新水"],
                      "quantity": [1e6, 10, 1.1e6, 12, 100], "unit": ["kWh", "t", None, "t", "t"]})
    o = pd.DataFrame({"year": [2022, 2023], "product": ["A", "A"], "output": [100, 120], "output_unit": "t"})
    u = unit_consumption(e, o)
    assert list(u.table["energy_tce"]) == pytest.approx([122.9 + 7.143, 135.19 + 8.5716])
    assert u.table["unit_consumption"].iloc[0] == pytest.approx((122.9 + 7.143) * 10)
    assert len(u.traces) == 2 and "kgce/t" in u.traces[0].result
    assert any("未选择计入" in n for n in u.notes)
    u2 = unit_consumption(e, o, media=["新水"])
    assert u2.table["energy_tce"].iloc[1] == pytest.approx(135.19 + 8.5716 + 0.00857)
    with pytest.raises(CalcError, match="产量"):
        unit_consumption(e, o.assign(output=[0, 1]))


