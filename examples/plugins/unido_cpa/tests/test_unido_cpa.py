"""Formulas (worked examples) and the contract of the UNIDO standard (run after `pip install`)."""
import pytest

from cpframework.api import CalcError, Q
from cpframework.testing import assert_standard_ok
from cpf_unido_cpa.formulas import intensity, material_yield


def test_unido_cpa_meets_contract():
    std = assert_standard_ok("unido_cpa")
    assert [s.clause for s in std.stages] == ["1", "2", "3", "4", "5", "6"]
    assert [st.clause for s in std.stages for st in s.steps] == [f"T{i}" for i in range(1, 19)]


def test_intensity_worked_example_with_unit_factor():
    res = intensity(quantity=Q(30, "t", "Solid waste"), production=Q(1200, "t", "Production"),
                    name="Solid waste intensity", unit="kg/t", factor=1000)
    assert res.value == pytest.approx(25.0)
    assert res.trace.formula == "Solid waste ÷ Production × 1000"


def test_material_yield_and_zero_input():
    assert material_yield(product=Q(1200, "t", "Production"), raw=Q(1300, "t", "Raw material"),
                          name="Material yield").value == pytest.approx(92.3077, rel=1e-4)
    with pytest.raises(CalcError):
        intensity(quantity=Q(1, "m³", "Fresh water"), production=Q(0, "t", "Production"), name="Water intensity")
