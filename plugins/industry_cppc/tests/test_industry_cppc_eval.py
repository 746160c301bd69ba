"""Per-enterprise grading (通则) against hand-worked enterprises; industry summary; properties."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cpf_industry_cppc.evaluation import LEVEL_PREFIX, evaluate_enterprises, industry_summary
from cpf_industry_cppc.system import load_system, parse
from cpframework.api import DefinitionError

DOC = {
    "system": {"id": "t", "name": "测试体系"},
    "group": [{"id": "G1", "name": "工艺", "weight": 0.2}, {"id": "G2", "name": "消耗", "weight": 0.8}],
    "indicator": [
        {"id": "A", "group": "G1", "name": "甲", "weight": 0.5, "direction": ">=", "benchmarks": [90, 80, 70], "limiting": True},
        {"id": "B", "group": "G1", "name": "乙", "weight": 0.5, "direction": "yes"},
        {"id": "C", "group": "G2", "name": "丙", "weight": 1.0, "direction": "<=", "benchmarks": [10, 20, 30]},
    ],
}
SYSTEM = parse(DOC, "测试")


def frame(rows: dict[str, tuple]) -> pd.DataFrame:
    return pd.DataFrame.from_dict(rows, orient="index", columns=["A", "B", "C"])


def test_hand_worked_enterprises():
    values = frame({
        "e1": (95, "是", 5),          # all Ⅰ → Y_Ⅰ = 100 → Ⅰ级
        "e2": (85, "是", 5),          # Y_Ⅰ = 0.1·0 + 0.1·100 + 0.8·100 = 90 ≥ 85, but 限定性 A only Ⅱ → Ⅱ级
        "e3": (75, "是", 15),         # Y_Ⅱ = 90, but A only Ⅲ → not Ⅱ; Y_Ⅲ = 100 → Ⅲ级
        "e4": (60, "是", 5),          # A below Ⅲ: Y_Ⅲ = 90 → 未达Ⅲ级, 限定性 failure
        "e5": (95, "否", 5),          # non-limiting B fails: Y_Ⅰ = 90, A Ⅰ → Ⅰ级 under the default rules
        "e6": ("不适用", "是", 5),     # A not applicable: G1 weight goes to B alone → Y_Ⅰ = 100
    })
    r = evaluate_enterprises(values, SYSTEM)
    assert r["level"].tolist() == ["Ⅰ级", "Ⅱ级", "Ⅲ级", "未达Ⅲ级", "Ⅰ级", "Ⅰ级"]
    assert r.loc["e2", "Y1"] == pytest.approx(90) and r.loc["e2", "Y2"] == pytest.approx(100)
    assert r.loc["e3", ["Y1", "Y2", "Y3"]].tolist() == pytest.approx([10, 90, 100])
    assert r.loc["e4", ["Y1", "Y2", "Y3"]].tolist() == pytest.approx([90, 90, 90])
    assert r.loc["e4", "limiting_failed"] == "甲" and r.loc["e4", "short_boards"] == "甲"
    assert r.loc["e2", "limiting_below_I"] == "甲" and r.loc["e2", "limiting_failed"] == ""
    assert r.loc["e5", "short_boards"] == "乙"
    assert np.isnan(r.loc["e6", LEVEL_PREFIX + "A"])
    assert r.loc["e6", "Y1"] == pytest.approx(100)


def test_missing_value_is_graded_below_and_listed():
    r = evaluate_enterprises(frame({"m": (None, "是", 5), "n": ("不适用", "是", 5)}), SYSTEM)
    assert r.loc["m", "level"] == "未达Ⅲ级" and r.loc["m", "missing"] == "甲"   # the limiting 甲 left blank
    assert r.loc["n", "level"] == "Ⅰ级" and r.loc["n", "missing"] == ""       # written 不适用: drops out


def test_problem_level_two_counts_below_II():
    r = evaluate_enterprises(frame({"x": (75, "是", 15)}), SYSTEM, problem_level=2)
    assert r.loc["x", "short_boards"] == "甲"   # Ⅲ only → below Ⅱ


def test_distribution_sums_and_attainment():
    values = frame({"e1": (95, "是", 5), "e2": (85, "是", 5), "e3": (60, "否", 40), "e4": ("不适用", "是", 5)})
    r = evaluate_enterprises(values, SYSTEM)
    s = industry_summary(r, SYSTEM)
    assert s["distribution"]["count"].sum() == 4
    assert s["distribution"]["share"].sum() == pytest.approx(1)
    a = s["attainment"]
    assert a.loc["A", "assessed"] == 3                              # e4 not applicable
    assert a.loc["A", ["rate_1", "rate_2", "rate_3"]].tolist() == pytest.approx([1 / 3, 2 / 3, 2 / 3])
    assert a.loc["C", "problems"] == 1


@pytest.mark.parametrize("share,kind", [(0.3, "共性问题"), (0.31, "个性问题"), (0.29, "共性问题")])
def test_common_individual_boundary(share, kind):
    rows = {f"e{k}": ((60 if k < 3 else 95), "是", 5) for k in range(10)}   # A fails in exactly 3 of 10
    s = industry_summary(evaluate_enterprises(frame(rows), SYSTEM), SYSTEM, common_share=share)
    p = s["problems"]
    assert p.loc["A", "kind"] == kind and p.loc["A", "problem_share"] == pytest.approx(0.3)
    assert p.loc["A", "enterprises"] == "e0、e1、e2"


def test_bad_system_files_are_reported():
    bad = {**DOC, "group": [{"id": "G1", "name": "工艺", "weight": 0.5}, {"id": "G2", "name": "消耗", "weight": 0.8}]}
    with pytest.raises(DefinitionError, match="权重之和"):
        parse(bad, "x")
    wrong = {**DOC, "indicator": [{**DOC["indicator"][0], "benchmarks": [70, 80, 90]}, *DOC["indicator"][1:]]}
    with pytest.raises(DefinitionError, match="Ⅰ级基准值"):
        parse(wrong, "x")


def test_bundled_system_loads():
    s = load_system("electroplating")
    assert s.illustrative and len(s.indicators) == 16 and any(i.limiting for i in s.indicators)
    assert abs(sum(g.weight for g in s.groups) - 1) < 1e-9


cell_a = st.one_of(st.floats(50, 100, allow_nan=False), st.none())
row = st.tuples(cell_a, st.sampled_from(["是", "否"]), st.floats(0, 40, allow_nan=False))


@settings(max_examples=40, deadline=None)
@given(st.lists(row, min_size=1, max_size=25), st.randoms(use_true_random=False))
def test_permuting_enterprises_changes_nothing(rows, rnd):
    values = frame({f"e{k}": r for k, r in enumerate(rows)})
    order = list(values.index)
    rnd.shuffle(order)
    a = evaluate_enterprises(values, SYSTEM)
    b = evaluate_enterprises(values.loc[order], SYSTEM).loc[a.index]
    pd.testing.assert_frame_equal(a, b)
    sa, sb = industry_summary(a, SYSTEM), industry_summary(b, SYSTEM)
    pd.testing.assert_frame_equal(sa["distribution"], sb["distribution"])
    pd.testing.assert_frame_equal(sa["attainment"], sb["attainment"])
    assert sa["problems"]["kind"].to_dict() == sb["problems"]["kind"].to_dict()


@settings(max_examples=40, deadline=None)
@given(st.lists(row, min_size=1, max_size=25))
def test_adding_a_class_one_enterprise_never_lowers_attainment(rows):
    values = frame({f"e{k}": r for k, r in enumerate(rows)})
    before = industry_summary(evaluate_enterprises(values, SYSTEM), SYSTEM)["attainment"]
    more = pd.concat([values, frame({"best": (100, "是", 0)})])
    after = industry_summary(evaluate_enterprises(more, SYSTEM), SYSTEM)["attainment"]
    for k in ("rate_1", "rate_2", "rate_3"):
        b, a = before[k].fillna(0).to_numpy(), after[k].to_numpy()
        assert (a >= b - 1e-12).all()
