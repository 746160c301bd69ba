"""附录C2/D/E (reconstructed): formulas with worked cases, thresholds reused from park_cppc, 通则 grading."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cpf_park_cppc import formulas as park_formulas
from cpf_yunnan_park.formulas import FORMULAS, emission_intensity, water_reuse_rate
from cpframework.api import CalcError, Q
from cpframework.api import calc
g = calc.grading
from cpframework.api import get_registry

PARK_TO_YUNNAN = {"I02": "Y01", "I03": "Y02", "I07": "Y03", "I08": "Y04", "I19": "Y07", "I15": "Y08",
                  "I05": "Y13", "I14": "Y14", "I21": "Y16", "I26": "Y20"}


@pytest.fixture(scope="module")
def stds():
    reg = get_registry()
    return reg.standard("yunnan_park"), reg.standard("park_cppc")


def test_water_reuse_rate_worked_case():
    r = water_reuse_rate(reused=Q(300, "m³", "重复利用水量"), fresh=Q(100, "m³", "新鲜水取用量"), name="工业用水重复利用率")
    assert r.value == pytest.approx(75.0) and r.unit == "%"
    assert "300" in r.trace.substitution and "100" in r.trace.substitution


@given(st.floats(min_value=0, max_value=1e9), st.floats(min_value=1e-3, max_value=1e9))
def test_water_reuse_rate_bounds(reused, fresh):
    r = water_reuse_rate(reused=Q(reused, "m³", "a"), fresh=Q(fresh, "m³", "b"), name="x")
    assert 0 <= r.value <= 100


def test_emission_intensity_worked_case():
    # 100 t COD over 20 亿元 (200 000 万元) → 0.5 kg/万元
    r = emission_intensity(emission=Q(100, "t", "COD 排放量"), value_added=Q(200000, "万元", "工业增加值"), name="单位工业增加值COD")
    assert r.value == pytest.approx(0.5) and r.unit == "kg/万元"
    with pytest.raises(CalcError):
        emission_intensity(emission=Q(1, "t", "a"), value_added=Q(0, "万元", "b"), name="x")


def test_park_cppc_formulas_are_reused_not_copied():
    for name in ("solid_waste_utilisation", "risk_system_completeness"):
        assert FORMULAS[name] is getattr(park_formulas, name)
    kw = dict(co2_start=Q(100, "t", "a"), va_start=Q(10, "万元", "b"), co2_end=Q(90, "t", "c"), va_end=Q(12, "万元", "d"),
              years=3, name="x")
    mine, theirs = FORMULAS["co2_intensity_reduction"](**kw), park_formulas.co2_intensity_reduction(**kw)
    assert mine.value == theirs.value
    assert not any("种子" in n for n in mine.trace.notes)


def test_thresholds_follow_park_cppc(stds):
    """R6: Ⅰ = park_cppc 先进水平, Ⅲ = 一般水平, Ⅱ = their midpoint, for the same quantity."""
    yn, park = stds
    for pid, yid in PARK_TO_YUNNAN.items():
        p = next(i for i in park.indicators if i.id == pid)
        y = next(i for i in yn.indicators if i.id == yid)
        adv, gen = p.thresholds["advanced"], p.thresholds["general"]
        assert y.thresholds["L1"].value == adv.value and y.thresholds["L3"].value == gen.value, yid
        assert y.thresholds["L2"].value == pytest.approx((adv.value + gen.value) / 2), yid
        assert y.formula == p.formula, yid


def test_weights_sum_to_one_per_category(stds):
    from cpf_yunnan_park.analysis import evaluation

    yn, _ = stds
    cats: dict[str, float] = {}
    for i in yn.indicators:
        cats[i.category] = cats.get(i.category, 0) + i.weight
    assert all(abs(v - 1) < 1e-9 for v in cats.values())
    groups = {gr.name: gr.weight for gr in yn.info.groups}
    assert set(cats) == set(groups) and sum(groups.values()) == pytest.approx(1)
    assert yn.main_system.method == "weighted_score"


def _two(limiting: bool = True):
    from cpframework.api import Indicator, IndicatorGroup, Threshold

    def thr(op, values):
        return {lv: Threshold(op=op, value=v) for lv, v in zip(("I", "II", "III"), values)}

    inds = [Indicator(standard="yunnan_park", id="E", name="单位工业增加值综合能耗", category="能源", weight=1,
                      direction="lower", thresholds=thr("<=", (0.3, 0.4, 0.5)), limiting=limiting),
            Indicator(standard="yunnan_park", id="W", name="工业用水重复利用率", category="水", weight=1,
                      direction="higher", thresholds=thr(">=", (85, 80, 75)))]
    return g.tongze_system("yunnan_park", "t", "测试", inds,
                           [IndicatorGroup(id="能源", name="能源", weight=0.5), IndicatorGroup(id="水", name="水", weight=0.5)])


@pytest.mark.parametrize("energy, water, level", [
    (0.5, 75, "Ⅲ级"),          # both exactly at Ⅲ
    (0.5000001, 90, "未达Ⅲ级"),  # just above the Ⅲ cap of a limiting indicator
    (0.4, 80, "Ⅱ级"),          # both exactly at Ⅱ: Y_Ⅱ = 100 ≥ 85, limiting at Ⅱ
    (0.3, 85, "Ⅰ级"),
    (0.3, 80, "Ⅱ级"),          # Y_Ⅰ = 50 < 85; Y_Ⅱ = 100
])
def test_grade_boundaries(energy, water, level):
    import pandas as pd

    res = g.grade(_two(), pd.DataFrame([{"E": energy, "W": water}]))
    assert res.level[0] == level
