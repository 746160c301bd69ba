"""审核分级清单（编制说明 5.5(4)）: minimality, invariance, coverage and grading boundaries."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cpf_yunnan_park.keylist import coverage, enterprise_co2, key_enterprises
from cpframework.api import CalcError

values = st.lists(st.floats(min_value=0.0, max_value=1e6, allow_nan=False, allow_subnormal=False), min_size=1, max_size=40)
integers = st.lists(st.integers(min_value=0, max_value=10**6).map(float), min_size=1, max_size=40)


def frame(cols: dict[str, list[float]]) -> pd.DataFrame:
    n = max(len(v) for v in cols.values())
    return pd.DataFrame({k: v + [0.0] * (n - len(v)) for k, v in cols.items()},
                        index=[f"E{i:03d}" for i in range(n)])


@settings(max_examples=150, deadline=None)
@given(values, st.floats(min_value=0.05, max_value=1.0))
def test_list_is_minimal_and_reaches_threshold(v, thr):
    if sum(v) <= 0:
        return
    loads = frame({"能耗": v})
    out = key_enterprises(loads, threshold=thr)
    members = out["能耗"].to_numpy()
    x = loads["能耗"].to_numpy()
    total = x.sum()
    assert x[members].sum() >= thr * total - 1e-6 * total
    # any proper subset of the list (drop any one member) falls below the threshold
    for i in np.flatnonzero(members):
        assert x[members].sum() - x[i] < thr * total + 1e-9 * total or x[i] == 0
    # members are the largest values: no outsider is larger than the smallest member
    if (~members).any():
        assert x[~members].max() <= x[members].min() + 1e-12


@settings(max_examples=80, deadline=None)
@given(values, values, st.randoms(use_true_random=False))
def test_row_order_does_not_matter(a, b, rnd):
    loads = frame({"能耗": a, "COD": b})
    if (loads.sum() <= 0).any():
        return
    perm = list(loads.index)
    rnd.shuffle(perm)
    one = key_enterprises(loads)
    two = key_enterprises(loads.loc[perm]).loc[one.index]
    pd.testing.assert_frame_equal(one, two)


@settings(max_examples=80, deadline=None)
@given(values, st.integers(min_value=-20, max_value=20))
def test_scaling_a_load_does_not_matter(v, j):
    """Scaling by a power of two is exact in floating point, so the list must be identical."""
    loads = frame({"新鲜水": v})
    if loads["新鲜水"].sum() <= 0:
        return
    a, b = key_enterprises(loads), key_enterprises(loads * 2.0 ** j)
    pd.testing.assert_series_equal(a["新鲜水"], b["新鲜水"])


@settings(max_examples=80, deadline=None)
@given(integers)
def test_unit_change_does_not_matter(v):
    """t → kg (× 1000) on whole-number data: same list."""
    loads = frame({"COD": v})
    if loads["COD"].sum() <= 0:
        return
    pd.testing.assert_series_equal(key_enterprises(loads)["COD"], key_enterprises(loads * 1000.0)["COD"])


def test_worked_example_and_coverage():
    loads = pd.DataFrame({"能耗": [50, 30, 10, 5, 5], "COD": [0, 1, 8, 1, 0]},
                         index=["A", "B", "C", "D", "E"], dtype=float)
    out = key_enterprises(loads, threshold=0.8, grade_a_loads=2)
    assert list(out.index[out["能耗"]]) == ["A", "B"]          # 50 + 30 = 80 % exactly
    assert list(out.index[out["COD"]]) == ["C"]                # 8 / 10 = 80 %
    assert list(out["key_loads"]) == [1, 1, 1, 0, 0]
    assert list(out["grade_code"]) == ["B", "B", "B", "C", "C"]
    cov = coverage(loads, out)
    assert cov.loc["能耗", "n_list"] == 2 and cov.loc["能耗", "list_share"] == pytest.approx(80)
    assert cov.loc["COD", "union_share"] == pytest.approx(90)   # A, B, C cover 0 + 1 + 8 of 10


def test_grade_boundaries_by_number_of_loads():
    loads = pd.DataFrame({"L1": [10, 1], "L2": [10, 1], "L3": [10, 1], "L4": [1, 10]}, index=["X", "Y"], dtype=float)
    out = key_enterprises(loads, threshold=0.5, grade_a_loads=3)
    assert out.loc["X", "key_loads"] == 3 and out.loc["X", "grade_code"] == "A"   # exactly at the boundary
    assert out.loc["Y", "key_loads"] == 1 and out.loc["Y", "grade_code"] == "B"
    out4 = key_enterprises(loads, threshold=0.5, grade_a_loads=4)
    assert out4.loc["X", "grade_code"] == "B"                                        # one below the boundary


def test_grade_by_permit_class():
    loads = pd.DataFrame({"SO2": [60, 30, 10]}, index=["A", "B", "C"], dtype=float)
    permit = pd.Series({"A": "简化管理", "B": "重点管理", "C": "重点管理"})
    out = key_enterprises(loads, threshold=0.8, grading="permit", permit_class=permit)
    assert dict(out["grade_code"]) == {"A": "B", "B": "A", "C": "C"}
    with pytest.raises(CalcError):
        key_enterprises(loads, grading="permit")
    with pytest.raises(CalcError):
        key_enterprises(loads, grading="size")


def test_nan_counts_as_zero_and_bad_input_is_refused():
    loads = pd.DataFrame({"VOCs": [np.nan, 5.0, 1.0]}, index=["A", "B", "C"])
    out = key_enterprises(loads)
    assert not out.loc["A", "key"] and out.loc["B", "key"]
    with pytest.raises(CalcError):
        key_enterprises(pd.DataFrame({"x": [-1.0, 2.0]}, index=["A", "B"]))
    with pytest.raises(CalcError):
        key_enterprises(pd.DataFrame({"x": [0.0, 0.0]}, index=["A", "B"]))


def test_enterprise_co2_uses_grid_factor():
    # 1000 万kWh = 10 000 MWh × 0.1073 = 1073 t; 100 tce × 2.7725 = 277.25 t
    assert enterprise_co2([1000.0], [100.0], 0.1073)[0] == pytest.approx(1350.25)
    assert enterprise_co2([np.nan], [np.nan], 0.1073)[0] == 0
    with pytest.raises(CalcError):
        enterprise_co2([1.0], [1.0], 0)


def test_many_enterprises_one_call():
    rng = np.random.default_rng(1)
    loads = pd.DataFrame(rng.lognormal(0, 2, size=(20000, 6)), columns=list("ABCDEF"),
                         index=[f"E{i}" for i in range(20000)])
    out = key_enterprises(loads)
    cov = coverage(loads, out)
    assert len(out) == 20000 and (cov["list_share"] >= 80 - 1e-9).all()
    assert 0 < out["key"].sum() < 20000
