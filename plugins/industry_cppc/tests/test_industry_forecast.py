"""Improvement forecast from the confirmed options (regraded with the evaluation's grading), by hand."""
from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cpf_industry_cppc.forecast import forecast, forecast_values
from cpf_industry_cppc.system import parse

SYSTEM = parse({
    "system": {"id": "t", "name": "测试体系"},
    "group": [{"id": "G", "name": "组", "weight": 1.0}],
    "indicator": [
        {"id": "A", "group": "G", "name": "回用率", "unit": "%", "weight": 0.5, "direction": ">=", "benchmarks": [90, 80, 70]},
        {"id": "B", "group": "G", "name": "单耗", "unit": "t", "weight": 0.5, "direction": "<=", "benchmarks": [10, 20, 30]},
    ]}, "测试")
VALUES = pd.DataFrame({"A": [95, 60, 75], "B": [5, 35, 15]}, index=["QY1", "QY2", "QY3"], dtype=object)


def option(**kw):
    return {"id": "F1", "decision": "确定", "enterprises": "全部", "forecast_indicator": "A", "forecast_value": 85} | kw


def test_only_better_values_replace_and_only_confirmed_options_count():
    after, applied = forecast_values(VALUES, SYSTEM, [option()])
    assert after["A"].tolist() == [95, 85, 85]            # QY1's 95 is better than 85: kept
    assert applied == [{"option": "F1", "indicator": "A", "value": 85.0, "enterprises": ["QY2", "QY3"]}]
    assert forecast_values(VALUES, SYSTEM, [option(decision="备选")])[1] == []
    after, _ = forecast_values(VALUES, SYSTEM, [option(forecast_indicator="B", forecast_value=20, enterprises="QY2,QY3")])
    assert after["B"].tolist() == [5, 20, 15]             # ≤ indicator: 35 → 20, 15 already better


def test_forecast_regrades_by_hand():
    # QY2: A 60 (below Ⅲ), B 35 (below Ⅲ) → 未达Ⅲ级; with A → 85 (Ⅱ) and B → 20 (Ⅱ): Y_Ⅱ = 100 → Ⅱ级
    f = forecast(VALUES, SYSTEM, [option(enterprises="QY2"), option(id="F2", forecast_indicator="B", forecast_value=20,
                                                                    enterprises="QY2")])
    assert f["after"].loc["QY2", "level"] == "Ⅱ级"
    d = f["distribution"]
    assert d.loc["未达Ⅲ级", "before"] == 1 and d.loc["未达Ⅲ级", "after"] == 0 and d.loc["Ⅱ级", "after"] == d.loc["Ⅱ级", "before"] + 1
    assert f["attainment"].loc["A", "before"] == pytest.approx(2 / 3) and f["attainment"].loc["A", "after"] == 1


@settings(max_examples=40, deadline=None)
@given(st.floats(0, 100), st.floats(0.5, 50))
def test_a_forecast_never_lowers_any_enterprise(a, b):
    f = forecast(VALUES, SYSTEM, [option(forecast_value=a), option(id="F2", forecast_indicator="B", forecast_value=b)])
    rank = {"Ⅰ级": 1, "Ⅱ级": 2, "Ⅲ级": 3, "未达Ⅲ级": 4}
    before = forecast(VALUES, SYSTEM, [])["after"]
    assert all(rank[x] <= rank[y] for x, y in zip(f["after"]["level"], before["level"]))
