import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from cpframework.calc import CalcError
from cpframework.calc.grading import (Indicator, LevelRule, LevelRules, grade, grade_unit, load_level_rules,
                                      renormalised_weights)

INDS = [Indicator("e", "单位产品能耗", "资源能源", 0.5, 0.6, "<=", (100, 120, 150), True, "kgce/t"),
        Indicator("w", "单位产品取水量", "资源能源", 0.5, 0.4, "<=", (2, 3, 4)),
        Indicator("r", "回收率", "资源综合利用", 0.3, 1.0, ">=", (90, 80, 70)),
        Indicator("m", "环境管理体系", "管理", 0.2, 1.0, "yes")]
VALUES = pd.DataFrame({"e": [90, 110, 140, 160, np.nan], "w": [1.5, 2.5, np.nan, 5, 1],
                       "r": [95, 85, 75, 60, 95], "m": ["是", "是", "否", "是", True]}, index=list("ABCDE"))
ORDER = {"Ⅰ级": 1, "Ⅱ级": 2, "Ⅲ级": 3, "未达Ⅲ级": 4}


def test_grade_many_units():
    g = grade(INDS, VALUES)
    t = g.table
    assert list(t["level"]) == ["Ⅰ级", "Ⅱ级", "未达Ⅲ级", "未达Ⅲ级", "Ⅰ级"]
    assert t.loc["B", ["Y1", "Y2", "Y3"]].tolist() == [20, 100, 100]
    assert t.loc["C", "Y3"] == pytest.approx(80) and t.loc["C", "failed"] == "环境管理体系"
    assert t.loc["D", "limiting_failed"] == "单位产品能耗"
    assert np.allclose(g.weights.sum(axis=1), 1)
    assert g.weights.loc["C", "e"] == pytest.approx(0.5)  # 取水量 not applicable → 能耗 takes the group weight


def test_limiting_gate_and_rules_as_data():
    v = pd.DataFrame({"e": [110], "w": [1], "r": [95], "m": ["是"]})  # Y1 = 80 + ... limiting only at Ⅱ
    v2 = v.assign(e=[95], w=[2.5])  # Y1 = 0.5*0.6+0.3+0.2 = 0.8 → 80 → Ⅱ
    assert grade(INDS, v).table["level"].iloc[0] == "Ⅱ级"
    assert grade(INDS, v2).table["Y1"].iloc[0] == pytest.approx(80)
    strict = load_level_rules("strict_pcb")
    two = [Indicator("e", "能耗", "g1", 0.9, 1.0, "<=", (100, 120, 150), True),
           Indicator("r", "回收率", "g2", 0.1, 1.0, ">=", (90, 80, 70))]
    v3 = pd.DataFrame({"e": [95], "r": [75]})  # Y1 = 90, the non-limiting one only at Ⅲ
    assert grade(two, v3).table["level"].iloc[0] == "Ⅰ级"
    assert grade(two, v3, strict).table["level"].iloc[0] == "Ⅱ级"
    custom = LevelRules((LevelRule("甲", 1, 100),), fallback="乙")
    assert list(grade(INDS, VALUES, custom).table["level"]) == ["甲", "乙", "乙", "乙", "甲"]
    with pytest.raises(CalcError, match="不存在|没有规则集"):
        load_level_rules("nope")


def test_missing_modes_and_validation():
    g = grade(INDS, VALUES, missing="fail")
    assert g.table.loc["E", "level"] == "未达Ⅲ级"
    empty = grade(INDS, pd.DataFrame({"e": [np.nan], "w": [np.nan], "r": [np.nan], "m": [np.nan]}))
    assert empty.table["level"].iloc[0] == "无法评定"
    with pytest.raises(CalcError, match="权重之和"):
        grade([Indicator("a", "甲", "g", 0.7, 1.0)], VALUES.rename(columns={"e": "a"}))
    with pytest.raises(CalcError, match="是/否"):
        grade(INDS, VALUES.assign(m="也许"))
    with pytest.raises(CalcError, match="缺少指标列"):
        grade(INDS, VALUES.drop(columns="r"))
    # weights stated as shares of the total are accepted
    glob = [Indicator("e", "能耗", "g1", 0.5, 0.3, "<=", (1, 2, 3)), Indicator("w", "水", "g1", 0.5, 0.2, "<=", (1, 2, 3)),
            Indicator("r", "率", "g2", 0.5, 0.5, ">=", (3, 2, 1))]
    assert np.allclose(grade(glob, pd.DataFrame({"e": [1], "w": [3], "r": [3]})).table["Y1"], 80)


def test_single_unit_traces():
    u = grade_unit(INDS, {"e": 110, "w": None, "r": 85, "m": "是"})
    assert [s.value for s in u.scores] == [20, 100, 100]
    assert u.level.value == "Ⅱ级"
    text = u.scores[0].trace.text()
    assert "不适用" in text and "限定性" in text and "Σ" in u.scores[0].trace.formula
    assert "Y_Ⅰ ≥ 85" in u.level.trace.text()


@settings(deadline=None, max_examples=60)
@given(mask=st.lists(st.booleans(), min_size=4, max_size=4))
def test_renormalised_weights_sum_to_one(mask):
    w = renormalised_weights(INDS, pd.DataFrame([mask], columns=list("ewrm"))).iloc[0]
    if any(mask):
        assert w.sum() == pytest.approx(1)
        assert (w[[not x for x in mask]] == 0).all()
        if mask[0] and mask[1]:
            assert w["e"] / w["w"] == pytest.approx(0.6 / 0.4)  # relative proportions kept
    else:
        assert w.sum() == 0


@settings(deadline=None, max_examples=60)
@given(e=st.floats(80, 170), w=st.floats(0.5, 5), r=st.floats(50, 100), m=st.booleans(),
       de=st.floats(0, 50), dw=st.floats(0, 3), dr=st.floats(0, 40), dm=st.booleans())
def test_better_value_never_worse_level(e, w, r, m, de, dw, dr, dm):
    base = pd.DataFrame({"e": [e, e - de], "w": [w, w - dw], "r": [r, r + dr], "m": [m, m or dm]})
    g = grade(INDS, base).table
    assert ORDER[g["level"].iloc[1]] <= ORDER[g["level"].iloc[0]]
    for k in ("Y1", "Y2", "Y3"):
        assert g[k].iloc[1] >= g[k].iloc[0]
        assert 0 <= g[k].iloc[0] <= 100
    assert g["Y1"].iloc[0] <= g["Y2"].iloc[0] <= g["Y3"].iloc[0]


def test_vectorised_many_enterprises_fast():
    import time
    rng = np.random.default_rng(0)
    n = 20000
    big = pd.DataFrame({"e": rng.uniform(80, 170, n), "w": rng.uniform(1, 5, n), "r": rng.uniform(60, 100, n),
                        "m": rng.choice(["是", "否"], n)})
    t0 = time.perf_counter()
    g = grade(INDS, big)
    assert time.perf_counter() - t0 < 2.0
    one = grade(INDS, big.iloc[[123]]).table.iloc[0]
    assert g.table.iloc[123]["level"] == one["level"] and g.table.iloc[123]["Y1"] == one["Y1"]
