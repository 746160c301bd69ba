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


# ---------------------------------------------------------------- 5.3.1 targets tied to the forecast

PARTS = {"A": pd.DataFrame({"num": [95.0, 60.0, 75.0], "den": [100.0, 100.0, 100.0], "scale": 100.0}, index=VALUES.index)}


def _target(**kw):
    return {"seq": 1, "name": "目标", "indicator": "A", "unit": "%", "target": "≥88"} | kw


def test_target_industry_value_before_and_after_by_hand():
    from cpf_industry_cppc.forecast import target_outlook

    # A = Σ num ÷ Σ den × 100 = 230 / 300 = 76.67 %; F1 brings QY2 and QY3 to 85 (their 产量 unchanged):
    # (95 + 85 + 85) / 300 = 88.33 %
    t = target_outlook([_target(), _target(seq=2, target="≥90")], SYSTEM, VALUES, [option()], PARTS)
    assert t[0]["current"] == pytest.approx(230 / 3) and t[0]["forecast"] == pytest.approx(265 / 3)
    assert [x["met"] for x in t] == ["达到", "未达到"] and t[0]["options"] == ["F1"] and t[0]["forecasted"] == ["F1"]


def test_target_counts_and_shares_of_enterprises_by_hand():
    from cpf_industry_cppc.forecast import target_outlook

    # B = 5, 35, 15 (≤ 10/20/30): QY2 is below Ⅲ; F2 brings QY2 to 20 (Ⅱ)
    f2 = option(id="F2", forecast_indicator="B", forecast_value=20, enterprises="QY2")
    count, share = target_outlook([_target(indicator="B", unit="家", target="0"), _target(indicator="B", unit="%", target="100")],
                                  SYSTEM, VALUES, [f2], PARTS)
    assert (count["current"], count["forecast"], count["met"]) == (1, 0, "达到")
    assert share["current"] == pytest.approx(200 / 3) and share["forecast"] == 100 and share["met"] == "达到"


def test_target_without_option_keeps_the_current_value():
    from cpf_industry_cppc.forecast import target_outlook

    (t,) = target_outlook([_target()], SYSTEM, VALUES, [option(decision="否决")], PARTS)
    assert t["options"] == [] and t["forecasted"] == [] and t["forecast"] == t["current"] and t["met"] == "未达到"


def test_check_warns_on_a_target_no_option_addresses(tmp_path, capsys):
    import shutil
    from pathlib import Path

    import openpyxl

    from cpframework.testing import cpaudit_main

    demo = Path(__file__).resolve().parents[3] / "examples" / "industry_demo"
    shutil.copytree(demo, tmp_path / "p")
    wb = openpyxl.load_workbook(tmp_path / "p" / "data.xlsx")
    ws = wb["清洁生产方案"]
    for r in range(2, ws.max_row + 1):
        if ws.cell(r, 1).value == "F02":  # the only option on E15 (在线监测联网), target 4
            ws.cell(r, 6).value = "E14"
    wb.save(tmp_path / "p" / "data.xlsx")
    assert cpaudit_main(["check", str(tmp_path / "p")]) == 0
    out = capsys.readouterr().out
    assert "目标 4" in out and "E15" in out and "没有针对它的方案" in out and "清洁生产目标" in out
