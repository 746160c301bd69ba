"""The grading methods of cpframework.calc.grading on hand-worked cases and properties."""
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from cpframework.calc import CalcError
from cpframework.calc.grading import (NOT_GRADABLE, TONGZE_LEVELS, code_cells, compile_system, effective_weights, grade,
                                      grade_threshold, grade_weighted, level_codes, load_level_rules, tongze_system,
                                      unit_traces)
from cpframework.model import Indicator, IndicatorGroup, IndicatorSystem, Level, LevelRule, LevelRules, Threshold

ORDER = {"Ⅰ级": 1, "Ⅱ级": 2, "Ⅲ级": 3, "未达Ⅲ级": 4}


def ind(id, name, group, weight, direction=">=", bench=None, limiting=False, unit=""):
    d = {">=": "higher", "<=": "lower", "yes": "yes", "level": "level"}[direction]
    thr = {}
    if bench:
        thr = {lv.id: Threshold(op=direction, value=v) for lv, v in zip(TONGZE_LEVELS, bench)}
    elif direction == "yes":
        thr = {lv.id: Threshold(op="is", value=True) for lv in TONGZE_LEVELS}
    return Indicator(standard="t", id=id, name=name, category=group, weight=weight, direction=d, thresholds=thr,
                     limiting=limiting, unit=unit)


def system(inds, groups, rules=None):
    return tongze_system("t", "s", "测试体系", inds, [IndicatorGroup(id=g, name=g, weight=w) for g, w in groups], rules)


INDS = [ind("e", "单位产品能耗", "资源能源", 0.6, "<=", (100, 120, 150), True, "kgce/t"),
        ind("w", "单位产品取水量", "资源能源", 0.4, "<=", (2, 3, 4)),
        ind("r", "回收率", "资源综合利用", 1.0, ">=", (90, 80, 70)),
        ind("m", "环境管理体系", "管理", 1.0, "yes")]
GROUPS = [("资源能源", 0.5), ("资源综合利用", 0.3), ("管理", 0.2)]
SYS = system(INDS, GROUPS)
VALUES = pd.DataFrame({"e": [90, 110, 140, 160, np.nan], "w": [1.5, 2.5, np.nan, 5, 1],
                       "r": [95, 85, 75, 60, 95], "m": ["是", "是", "否", "是", True]}, index=list("ABCDE"))


def table(g):
    return pd.DataFrame({"Y1": g.scores[:, 0], "Y2": g.scores[:, 1], "Y3": g.scores[:, 2], "level": g.level},
                        index=g.index)


def test_grade_many_units():
    g = grade(SYS, VALUES, missing="not_applicable")
    t = table(g)
    assert list(t["level"]) == ["Ⅰ级", "Ⅱ级", "未达Ⅲ级", "未达Ⅲ级", "Ⅰ级"]
    assert t.loc["B", ["Y1", "Y2", "Y3"]].tolist() == [20, 100, 100]
    assert t.loc["C", "Y3"] == pytest.approx(80)
    assert np.allclose(g.weights.sum(axis=1), 1)
    assert g.weights[2, 0] == pytest.approx(0.5)  # 取水量 not applicable → 能耗 takes the group weight
    below = g.below()
    assert below[2].tolist() == [False, False, False, True]     # C: 环境管理体系 未达Ⅲ级
    assert below[3, 0] and INDS[0].limiting                     # D: the limiting 能耗 未达Ⅲ级


def test_missing_is_fail_by_default_and_always_marked():
    fail = grade(SYS, VALUES)
    na = grade(SYS, VALUES, missing="not_applicable")
    assert fail.level[4] == "未达Ⅲ级" and na.level[4] == "Ⅰ级"     # E has no 能耗 value
    assert fail.missing[4].tolist() == [True, False, False, False] == na.missing[4].tolist()
    marked = VALUES.assign(e=VALUES["e"].astype(object).where(VALUES["e"].notna(), "不适用"))
    explicit = grade(SYS, marked)
    assert not explicit.missing[4].any() and explicit.level[4] == "Ⅰ级"   # 不适用 written out: dropped, not missing


def test_limiting_gate_and_rules_as_data():
    v = pd.DataFrame({"e": [110], "w": [1], "r": [95], "m": ["是"]})
    v2 = v.assign(e=[95], w=[2.5])
    assert grade(SYS, v).level[0] == "Ⅱ级"
    assert grade(SYS, v2).scores[0, 0] == pytest.approx(80)
    two = [ind("e", "能耗", "g1", 1.0, "<=", (100, 120, 150), True), ind("r", "回收率", "g2", 1.0, ">=", (90, 80, 70))]
    v3 = pd.DataFrame({"e": [95], "r": [75]})  # Y1 = 90, the non-limiting one only at Ⅲ
    assert grade(system(two, [("g1", 0.9), ("g2", 0.1)]), v3).level[0] == "Ⅰ级"
    strict = system(two, [("g1", 0.9), ("g2", 0.1)], load_level_rules("strict_pcb"))
    assert grade(strict, v3).level[0] == "Ⅱ级"
    custom = system(INDS, GROUPS, LevelRules(rules=(LevelRule(level="甲", score_level=1, min_score=100),), fallback="乙"))
    assert list(grade(custom, VALUES, missing="not_applicable").level) == ["甲", "乙", "乙", "乙", "甲"]
    with pytest.raises(CalcError, match="不存在|没有规则集"):
        load_level_rules("nope")


def test_validation_messages():
    empty = grade(SYS, pd.DataFrame({"e": ["不适用"], "w": ["不适用"], "r": ["不适用"], "m": ["不适用"]}))
    assert empty.level[0] == NOT_GRADABLE
    with pytest.raises(CalcError, match="权重之和"):
        compile_system(system([ind("a", "甲", "g", 1.0, ">=", (3, 2, 1))], [("g", 0.7)]))
    with pytest.raises(CalcError, match="无法识别"):
        grade(SYS, VALUES.assign(m="也许"))
    # weights stated as shares of the total are accepted
    glob = [ind("e", "能耗", "g1", 0.3, "<=", (1, 2, 3)), ind("w", "水", "g1", 0.2, "<=", (1, 2, 3)),
            ind("r", "率", "g2", 0.5, ">=", (3, 2, 1))]
    assert np.allclose(grade(system(glob, [("g1", 0.5), ("g2", 0.5)]), pd.DataFrame({"e": [1], "w": [3], "r": [3]})).scores[:, 0], 80)


def test_threshold_method_levels_and_no_aggregate():
    levels = (Level(id="adv", label="先进水平"), Level(id="gen", label="一般水平"))
    inds = (Indicator(standard="t", id="a", name="比例", thresholds={"adv": Threshold(op=">=", value=50),
                                                                      "gen": Threshold(op=">=", value=30)}),
            Indicator(standard="t", id="b", name="具备", direction="yes", thresholds={"adv": Threshold(op="is", value=True),
                                                                                    "gen": Threshold(op="is", value=True)}),
            Indicator(standard="t", id="c", name="无阈值"))
    s = IndicatorSystem(standard="t", id="", title="园区", levels=levels, indicators=inds)
    g = grade(s, pd.DataFrame({"a": [60, 40, 10, None], "b": ["是", "否", "是", "是"], "c": [1, 2, 3, 4]}))
    assert g.codes[:, 0].tolist() == [0, 1, 2, 2]          # 先进, 一般, below, missing → below (fail)
    assert g.codes[:, 1].tolist() == [0, 2, 0, 0]
    assert np.isnan(g.codes[:, 2]).all()                   # no thresholds: not graded
    assert g.missing[:, 0].tolist() == [False, False, False, True]


def test_single_unit_traces_redo_by_hand():
    values = {"e": 110, "w": "不适用", "r": 85, "m": "是"}
    g = grade(SYS, pd.DataFrame([values]))
    scores, level = unit_traces(g, 0, values)
    assert [s.value for s in scores] == [20, 100, 100]
    assert level.value == "Ⅱ级"
    for s in scores:  # the printed substitution gives the printed result
        total = sum(float(a) * float(b) for a, b in (t.split("×") for t in s.trace.substitution.split(" + ")))
        assert total == pytest.approx(s.value, abs=0.05)
    text = scores[0].trace.text()
    assert "不参与计算" in text and "限定性" in text and "YⅠ ≥ 85" in level.trace.text()
    assert "Σ" not in text and "_" not in text


@settings(deadline=None, max_examples=60)
@given(mask=st.lists(st.booleans(), min_size=4, max_size=4))
def test_effective_weights_sum_to_one(mask):
    c = compile_system(SYS)
    w = effective_weights(c, np.array([mask]))[0]
    if any(mask):
        assert w.sum() == pytest.approx(1)
        assert (w[[not x for x in mask]] == 0).all()
        if mask[0] and mask[1]:
            assert w[0] / w[1] == pytest.approx(0.6 / 0.4)  # relative proportions kept
    else:
        assert w.sum() == 0


@settings(deadline=None, max_examples=60)
@given(e=st.floats(80, 170), w=st.floats(0.5, 5), r=st.floats(50, 100), m=st.booleans(),
       de=st.floats(0, 50), dw=st.floats(0, 3), dr=st.floats(0, 40), dm=st.booleans())
def test_better_value_never_worse_level(e, w, r, m, de, dw, dr, dm):
    base = pd.DataFrame({"e": [e, e - de], "w": [w, w - dw], "r": [r, r + dr], "m": [m, m or dm]})
    g = table(grade(SYS, base))
    assert ORDER[g["level"].iloc[1]] <= ORDER[g["level"].iloc[0]]
    for k in ("Y1", "Y2", "Y3"):
        assert g[k].iloc[1] >= g[k].iloc[0]
        assert 0 <= g[k].iloc[0] <= 100
    assert g["Y1"].iloc[0] <= g["Y2"].iloc[0] <= g["Y3"].iloc[0]


@settings(deadline=None, max_examples=40)
@given(seed=st.integers(0, 2**16))
def test_many_units_equal_one_at_a_time_and_permutation_invariant(seed):
    rng = np.random.default_rng(seed)
    n = 50
    big = pd.DataFrame({"e": rng.uniform(80, 170, n), "w": rng.uniform(1, 5, n), "r": rng.uniform(60, 100, n),
                        "m": rng.choice(["是", "否", "不适用"], n)})
    big.loc[rng.random(n) < 0.1, "w"] = np.nan
    g = table(grade(SYS, big))
    for i in rng.choice(n, 5, replace=False):
        one = table(grade(SYS, big.iloc[[i]])).iloc[0]
        assert g.iloc[i]["level"] == one["level"] and g.iloc[i]["Y1"] == one["Y1"]
    order = rng.permutation(n)
    shuffled = table(grade(SYS, big.iloc[order]))
    assert shuffled.loc[big.index[order]].equals(g.loc[big.index[order]])


def test_level_codes_per_cell_match_scalar_threshold_rule():
    c = compile_system(SYS)
    cells = code_cells(c, VALUES)
    codes = level_codes(c, cells.values)
    for (i, j), code in np.ndenumerate(codes):
        v = cells.values[i, j]
        if np.isnan(v):
            assert np.isnan(code)
            continue
        ind_ = INDS[j]
        met = [k for k, lv in enumerate(TONGZE_LEVELS) if ind_.thresholds[lv.id].met(bool(v) if ind_.direction == "yes" else v)]
        assert code == (met[0] if met else 3)
    assert grade_threshold(SYS, cells).scores is None and grade_weighted(SYS, cells).scores.shape == (5, 3)
