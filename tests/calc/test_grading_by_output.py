"""Per-product weighting by output (通则 §3.2 4): a set of per-product indicators shares its W in
proportion to the unit's output of each product it makes."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cpframework.calc.grading import NOT_GRADABLE, compile_system, effective_weights, grade, tongze_system
from cpframework.calc.trace import CalcError
from cpframework.model import Indicator, IndicatorGroup, Threshold


def _ind(id: str, group: str, weight: float, split: str = "", by: str = "", lower: bool = True) -> Indicator:
    op = "<=" if lower else ">="
    b = (10, 20, 30) if lower else (90, 80, 70)
    return Indicator(standard="t", id=id, name=f"指标{id}", category=group, weight=weight, weight_split=split,
                     weight_split_by=by, direction="lower" if lower else "higher",
                     thresholds={lv: Threshold(op=op, value=v) for lv, v in zip(("I", "II", "III"), b)})


GROUPS = [IndicatorGroup(id="G1", name="资源能源消耗", weight=0.4), IndicatorGroup(id="G2", name="管理", weight=0.6)]
# 单位产品水耗 per product (three products share W = 0.6), plus one plain indicator in the group
PER_PRODUCT = [_ind(f"w{k}", "资源能源消耗", 0.6, "单位产品水耗", "产量") for k in range(3)]
SYS = tongze_system("t", "by_output", "按产量加权", PER_PRODUCT + [_ind("e", "资源能源消耗", 0.4),
                                                          _ind("m", "管理", 1.0, lower=False)], GROUPS)
# the same system with the set replaced by one plain indicator of weight W
PLAIN = tongze_system("t", "plain", "不分产品", [_ind("w0", "资源能源消耗", 0.6), _ind("e", "资源能源消耗", 0.4),
                                             _ind("m", "管理", 1.0, lower=False)], GROUPS)
C = compile_system(SYS)

outputs = st.lists(st.one_of(st.none(), st.floats(0.5, 1e6)), min_size=3, max_size=3)


def _keys(out: list) -> tuple[np.ndarray, np.ndarray]:
    made = np.array([x is not None for x in out])
    keys = np.array([[x if x is not None else np.nan for x in out] + [np.nan, np.nan]])
    return np.concatenate([made, [True, True]])[None, :], keys


@settings(deadline=None, max_examples=80)
@given(out=outputs)
def test_weights_sum_to_one_and_follow_output_shares(out):
    applicable, keys = _keys(out)
    w = effective_weights(C, applicable, keys)[0]
    assert w.sum() == pytest.approx(1)
    made = [k for k, x in enumerate(out) if x is not None]
    assert w[:3].sum() == pytest.approx(0.4 * 0.6 if made else 0.0)  # the set keeps its W within the group
    for k in made:
        assert w[k] == pytest.approx(0.4 * 0.6 * out[k] / sum(out[i] for i in made))
    assert all(w[k] == 0 for k in range(3) if out[k] is None)


@settings(deadline=None, max_examples=60)
@given(k=st.integers(0, 2), amount=st.floats(0.5, 1e6), value=st.floats(0, 40), e=st.floats(0, 40), m=st.floats(60, 100))
def test_one_product_is_unweighted(k, amount, value, e, m):
    row = {f"w{i}": (value if i == k else "不适用") for i in range(3)} | {"e": e, "m": m}
    keys = np.array([[amount if i == k else np.nan for i in range(3)] + [np.nan, np.nan]])
    by_output = grade(SYS, pd.DataFrame([row]), split_keys=keys)
    plain = grade(PLAIN, pd.DataFrame([{"w0": value, "e": e, "m": m}]))
    assert np.allclose(by_output.scores, plain.scores) and by_output.level[0] == plain.level[0]


@settings(deadline=None, max_examples=40)
@given(amount=st.floats(0.5, 1e6))
def test_equal_outputs_equal_shares(amount):
    applicable, keys = _keys([amount, amount, amount])
    w = effective_weights(C, applicable, keys)[0]
    assert w[0] == pytest.approx(w[1]) == pytest.approx(w[2]) == pytest.approx(0.4 * 0.2)


def test_worked_case_by_hand():
    # 产量 300 / 100 m²: product 0 reaches Ⅰ (w ≤ 10), product 1 only Ⅲ; e Ⅱ, m Ⅰ
    row = {"w0": 8, "w1": 25, "w2": "不适用", "e": 15, "m": 95}
    keys = np.array([[300, 100, np.nan, np.nan, np.nan]])
    g = grade(SYS, pd.DataFrame([row]), split_keys=keys)
    # weights: w0 = 0.4 × 0.6 × 0.75 = 0.18, w1 = 0.4 × 0.6 × 0.25 = 0.06, e = 0.16, m = 0.6
    assert g.weights[0].tolist() == pytest.approx([0.18, 0.06, 0, 0.16, 0.6])
    assert g.scores[0].tolist() == pytest.approx([78.0, 94.0, 100.0])  # YⅠ = 18 + 60; YⅡ = 18 + 16 + 60


def test_missing_output_of_an_applicable_product_cannot_be_graded():
    row = {"w0": 8, "w1": 25, "w2": "不适用", "e": 15, "m": 95}
    g = grade(SYS, pd.DataFrame([row, row]), split_keys=np.array([[300, np.nan, np.nan, np.nan, np.nan],
                                                                  [300, 100, np.nan, np.nan, np.nan]]))
    assert g.level.tolist() == [NOT_GRADABLE, "Ⅱ级"] and np.isnan(g.scores[0]).all()  # never an equal share instead
    with pytest.raises(CalcError, match="须给出"):
        grade(SYS, pd.DataFrame([row]))


def test_members_must_agree_on_the_way_they_share():
    mixed = [_ind("a", "资源能源消耗", 0.6, "s", "产量"), _ind("b", "资源能源消耗", 0.6, "s", ""),
             _ind("e", "资源能源消耗", 0.4), _ind("m", "管理", 1.0)]
    with pytest.raises(CalcError, match="同一种分配方式"):
        compile_system(tongze_system("t", "x", "x", mixed, GROUPS))
