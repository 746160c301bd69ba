"""The published 2015 电镀 system: the "0.8/n" weight rule, worked by hand, and the partial transcription.

Table 1 of 公告 2015年第25号 weights each metal utilisation rate 0.8/n (n = metal utilisation rates that
apply, i.e. plating types the enterprise runs).  Only rows 1–12 of table 1 are transcribed (README); the
group's remaining weight 0.2 is carried here by a stand-in indicator made for the test, not from the text.
"""
from __future__ import annotations

import copy

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cpf_industry_cppc.evaluation import evaluate_enterprises
from cpf_industry_cppc.system import parse, published_doc
from cpframework.api import DefinitionError, calc

METALS = ["T1-6", "T1-7", "T1-8", "T1-9", "T1-10", "T1-11", "T1-12"]  # 锌 铜 镍 装饰铬 硬铬 金 银


def resource_group_system():
    """Table 1's 资源综合利用指标 rows as transcribed + a 0.2 stand-in (test only), as a one-group system."""
    doc = copy.deepcopy(published_doc("electroplating_2015"))
    del doc["system"]["missing"]
    doc["group"] = [dict(g, weight=1.0) for g in doc["group"] if g["id"] == "G3"]
    doc["indicator"] = [i for i in doc["indicator"] if i["group"] == "G3"] + [
        {"id": "X", "group": "G3", "name": "测试用其余指标", "weight": 0.2, "direction": ">=", "benchmarks": [90, 80, 70]}]
    return parse(doc, "测试")


def enterprise(**values) -> pd.DataFrame:
    row = {m: "不适用" for m in METALS} | {"X": 50}
    row.update(values)
    return pd.DataFrame([row], index=["QY01"])


def test_transcribed_rows_are_table_1():
    doc = published_doc("electroplating_2015")
    rows = {i["id"]: i for i in doc["indicator"]}
    assert [rows[m]["benchmarks"] for m in METALS] == [[82, 80, 75], [90, 80, 75], [95, 85, 80], [60, 24, 20],
                                                       [90, 80, 70], [98, 95, 90], [98, 95, 90]]
    assert all(rows[m]["weight"] == "0.8/n" and rows[m]["n"] == "金属利用率" for m in METALS)
    assert rows["T1-5"]["limiting"] and rows["T1-5"]["benchmarks"] == [8, 24, 40]
    assert [g["weight"] for g in doc["group"]] == [0.33, 0.10, 0.18]


def test_partial_transcription_refuses_to_grade():
    with pytest.raises(DefinitionError, match="只转录了发布文本的一部分"):
        parse(published_doc("electroplating_2015"), "电镀2015")


def test_zinc_and_nickel_plater_weights_04_04_02_and_score_80():
    """A zinc-and-nickel plater: n = 2 → 0.8/2 = 0.4 each, the rest 0.2.  Zinc 83 % (Ⅰ: ≥ 82) and nickel
    96 % (Ⅰ: ≥ 95) reach Ⅰ; the stand-in 50 reaches nothing → Y_Ⅰ = 0.4·100 + 0.4·100 + 0.2·0 = 80."""
    system = resource_group_system()
    c = calc.grading.compile_system(system)
    g = calc.grading.grade_weighted(system, calc.grading.code_cells(c, enterprise(**{"T1-6": 83, "T1-8": 96})))
    w = dict(zip(c.ids, g.weights[0]))
    assert (w["T1-6"], w["T1-8"], w["X"]) == pytest.approx((0.4, 0.4, 0.2))
    assert sum(w[m] for m in METALS if m not in ("T1-6", "T1-8")) == 0
    assert g.scores[0].tolist() == pytest.approx([80, 80, 80])


def test_one_metal_takes_the_whole_08():
    r = evaluate_enterprises(enterprise(**{"T1-9": 30}), resource_group_system())  # 装饰铬 30 %: Ⅱ (≥ 24)
    assert r.loc["QY01", ["Y1", "Y2", "Y3"]].tolist() == pytest.approx([0, 80, 80])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.booleans(), min_size=7, max_size=7).filter(any), st.floats(0, 100))
def test_metals_share_08_equally_whatever_is_run(runs, x):
    system = resource_group_system()
    values = enterprise(**{m: 99.0 for m, on in zip(METALS, runs) if on}, X=x)
    c = calc.grading.compile_system(system)
    g = calc.grading.grade_weighted(system, calc.grading.code_cells(c, values))
    n = sum(runs)
    w = g.weights[0]
    for m, on in zip(METALS, runs):
        assert w[c.ids.index(m)] == pytest.approx(0.8 / n if on else 0.0)
    assert w.sum() == pytest.approx(1.0)


def test_w_over_n_needs_its_set_and_a_readable_form():
    base = {"system": {"id": "t", "name": "测试"}, "group": [{"id": "G", "name": "组", "weight": 1.0}]}
    row = {"id": "A", "group": "G", "name": "甲", "direction": ">=", "benchmarks": [3, 2, 1]}
    with pytest.raises(DefinitionError, match="须用 n 写明"):
        parse(base | {"indicator": [row | {"weight": "1/n"}]}, "t")
    with pytest.raises(DefinitionError, match="无法识别"):
        parse(base | {"indicator": [row | {"weight": "0.8/m", "n": "x"}]}, "t")


def test_a_w_over_n_set_agrees_on_w_and_group():
    base = {"system": {"id": "t", "name": "测试"},
            "group": [{"id": "G", "name": "组", "weight": 0.5}, {"id": "H", "name": "另组", "weight": 0.5}]}
    row = {"direction": ">=", "benchmarks": [3, 2, 1], "n": "金属"}
    bad_w = [row | {"id": "A", "group": "G", "name": "甲", "weight": "0.8/n"},
             row | {"id": "B", "group": "G", "name": "乙", "weight": "0.6/n"},
             {"id": "C", "group": "H", "name": "丙", "weight": 1.0, "direction": ">=", "benchmarks": [3, 2, 1]}]
    with pytest.raises(DefinitionError, match="同一个总权重"):
        parse(base | {"indicator": bad_w}, "t")
