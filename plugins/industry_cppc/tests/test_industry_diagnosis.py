"""先进对照法 / 同类类比法 statistics and the breakdowns by class, by hand and as properties."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cpf_industry_cppc import diagnosis
from cpf_industry_cppc.evaluation import evaluate_enterprises, level_order
from cpf_industry_cppc.system import parse

SYSTEM = parse({
    "system": {"id": "t", "name": "测试体系"},
    "group": [{"id": "G", "name": "组", "weight": 1.0}],
    "indicator": [
        {"id": "A", "group": "G", "name": "回用率", "unit": "%", "weight": 0.5, "direction": ">=", "benchmarks": [90, 80, 70]},
        {"id": "B", "group": "G", "name": "单耗", "unit": "t", "weight": 0.5, "direction": "<=", "benchmarks": [10, 20, 30]},
    ]}, "测试")
VALUES = pd.DataFrame({"A": [95, 85, 75, 65, "不适用"], "B": [25, 5, 15, 35, 20]}, index=["QY1", "QY2", "QY3", "QY4", "QY5"])


def test_peer_statistics_by_hand():
    p = diagnosis.peer_statistics(VALUES, SYSTEM)
    # A: 95, 85, 75, 65 (QY5 不适用 is left out, never a zero) → quartiles 72.5 / 80 / 87.5, best 95 by QY1
    assert p.loc["A", ["n", "q1", "median", "q3", "best"]].tolist() == pytest.approx([4, 72.5, 80, 87.5, 95])
    assert p.loc["A", "best_by"] == "QY1" and p.loc["A", "median_gap_I"] == pytest.approx(10)   # 90 − 80
    # B (lower is better): 5, 15, 20, 25, 35 → median 20, best 5 by QY2, median falls 10 short of Ⅰ (10)
    assert p.loc["B", ["median", "best"]].tolist() == pytest.approx([20, 5]) and p.loc["B", "best_by"] == "QY2"
    assert p.loc["B", "median_gap_I"] == pytest.approx(10)


def test_advanced_gaps_by_hand():
    g = diagnosis.advanced_gaps(VALUES, SYSTEM).set_index(["enterprise", "indicator"])
    assert g.loc[("QY3", "A"), ["gap_I", "gap_best"]].tolist() == pytest.approx([15, 20])   # 90−75, 95−75
    assert g.loc[("QY1", "A"), ["gap_I", "gap_best"]].tolist() == pytest.approx([0, 0])
    assert g.loc[("QY4", "B"), ["gap_I", "gap_best"]].tolist() == pytest.approx([25, 30])   # 35−10, 35−5
    assert ("QY5", "A") not in g.index


def test_percentile_rank_within_class():
    classes = pd.Series({"QY1": "大型", "QY2": "大型", "QY3": "小型", "QY4": "小型", "QY5": "小型"})
    r = diagnosis.percentile_ranks(VALUES, SYSTEM, classes)
    assert r.loc["QY1", "A"] == 100 and r.loc["QY2", "A"] == 50          # 大型: 95 > 85
    assert r.loc["QY3", "B"] == 100 and r.loc["QY4", "B"] == pytest.approx(100 / 3)   # 小型 B: 15 < 20 < 35
    assert np.isnan(r.loc["QY5", "A"])


def test_level_breakdown_sums_to_the_distribution():
    res = evaluate_enterprises(VALUES, SYSTEM)
    classes = pd.Series({"QY1": "甲", "QY2": "乙", "QY3": "甲", "QY4": "乙", "QY5": "甲"})
    b = diagnosis.level_breakdown(res, classes, level_order(SYSTEM))
    assert b["合计"].sum() == 5 and b.loc["甲", "合计"] == 3
    levels = [c for c in b.columns if c not in ("合计", "有问题的企业", "问题项数")]
    assert b[levels].sum().to_dict() == {k: v for k, v in res["level"].value_counts().to_dict().items()} | \
        {k: 0 for k in levels if k not in set(res["level"])}
    assert b.loc["乙", "有问题的企业"] == 1 and b.loc["乙", "问题项数"] == 2   # QY4: A 65 and B 35 both below Ⅲ


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.floats(0, 100), st.floats(0.1, 50)), min_size=2, max_size=12), st.randoms())
def test_statistics_do_not_depend_on_row_order(rows, rnd):
    v = pd.DataFrame(rows, columns=["A", "B"], index=[f"QY{k}" for k in range(len(rows))])
    order = list(v.index)
    rnd.shuffle(order)
    a, b = diagnosis.peer_statistics(v, SYSTEM), diagnosis.peer_statistics(v.loc[order], SYSTEM)
    cols = ["n", "q1", "median", "q3", "best", "median_gap_I"]
    assert np.allclose(a[cols].to_numpy(float), b[cols].to_numpy(float), equal_nan=True)
    r = diagnosis.percentile_ranks(v, SYSTEM)
    best = v["A"].idxmax()
    assert r.loc[best, "A"] == 100 and (r.to_numpy() > 0).all() and (r.to_numpy() <= 100).all()
