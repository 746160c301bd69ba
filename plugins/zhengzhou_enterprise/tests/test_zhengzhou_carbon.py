"""6.5.1.2.7 碳排放核算 and 表E.4 注b reductions: hand-worked figures from the demo, properties of the
formulas, and the check findings through the real CLI."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, strategies as st

from cpf_zhengzhou_enterprise import carbon_account as ca, rollups as ru
from cpframework.api import load_project
from cpframework.testing import cpaudit_main

DEMO = Path(__file__).resolve().parents[3] / "examples" / "enterprise_demo"


@pytest.fixture(scope="module")
def demo():
    return load_project(DEMO)[0]


def test_demo_account_by_hand(demo):
    acc = ca.account(demo)
    by = {s.name: s for s in acc.sources}
    assert list(by) == ["电力", "天然气", "蒸汽", "二氧化碳气体保护焊"] and acc.problems == []
    # 电力 2024: 2580 万kWh = 25 800 MWh × 华中区域电力平均 2023 年度 0.5271
    assert by["电力"].emissions[2024].value == pytest.approx(25800 * 0.5271)
    # 天然气 2024: 198 万m³ × NCV from the measured D.12 coefficient (1.2143 kgce/m³ × 29.3076 MJ/kgce × 10 000 m³
    # ÷ 1000 = 355.88 GJ/万m³) × 0.01532 tC/GJ × 99% × 44/12 — one measurement for energy and carbon
    ncv = 1.2143 * 29.3076 * 10
    assert by["天然气"].emissions[2024].value == pytest.approx(198 * ncv * 0.01532 * 0.99 * 44 / 12)
    assert "项目实测" in by["天然气"].basis
    # 蒸汽 2024: 9100 t × (2769 − 83.74) kJ/kg ÷ 1000 = 24 435.866 GJ × 0.11 tCO₂/GJ
    assert by["蒸汽"].emissions[2024].value == pytest.approx(9100 * (2769 - 83.74) / 1000 * 0.11)
    assert by["二氧化碳气体保护焊"].emissions[2024].value == pytest.approx(19.0)
    total = 25800 * 0.5271 + 198 * ncv * 0.01532 * 0.99 * 44 / 12 + 9100 * (2769 - 83.74) / 1000 * 0.11 + 19.0
    assert acc.total[2024].value == pytest.approx(total)
    assert acc.per_value[2024].value == pytest.approx(total / (27000 + 5300))   # both products' 产值


@given(q=st.floats(0, 1e6), ncv=st.floats(1, 500), c=st.floats(0.01, 0.04), ox=st.floats(0.8, 1.0), k=st.floats(0.1, 10))
def test_fuel_emission_is_linear_in_each_factor(q, ncv, c, ox, k):
    f = ca.Fuel(name="x", unit="t", ncv=ncv, carbon=c, oxidation=ox)
    base = ca.fuel_co2(q, "t", f, "x").value
    assert base >= 0
    assert ca.fuel_co2(q * k, "t", f, "x").value == pytest.approx(base * k, rel=1e-9, abs=1e-9)
    assert ca.fuel_co2(q, "t", ca.Fuel(name="x", unit="t", ncv=ncv * k, carbon=c, oxidation=ox), "x").value == \
        pytest.approx(base * k, rel=1e-9, abs=1e-9)


def test_default_fuel_parameters_are_dated_and_cited():
    doc = ca.defaults()
    assert doc.meta.since == 2015 and "温室气体排放核算方法与报告指南" in doc.meta.guide
    gas = next(f for f in doc.fuel if f.name == "天然气")
    assert (gas.unit, gas.ncv, gas.oxidation) == ("万m³", 389.31, 0.99)


def test_reduction_uses_regional_om_factor_and_override(demo, tmp_path):
    g = ru.reduction_grid(demo)
    assert g.kind == "om" and g.value == pytest.approx(0.8587)
    dst = tmp_path / "p"
    shutil.copytree(DEMO, dst)
    t = (dst / "project.toml").read_text(encoding="utf-8")
    (dst / "project.toml").write_text(t.replace("[options]\n", "[options]\nom_factor = 0.8\n"), encoding="utf-8")
    p = load_project(dst)[0]
    assert ru.reduction_grid(p).value == 0.8
    assert ru.carbon_items(p, {"节电": 1000.0})["节电"].value == pytest.approx(0.8)


def _check(root, capsys):
    capsys.readouterr()
    code = cpaudit_main(["check", "--format", "json", str(root)])
    return code, json.loads(capsys.readouterr().out)["problems"]


def test_steam_without_enthalpy_and_unknown_fuel_are_check_errors(tmp_path, capsys):
    dst = tmp_path / "p"
    shutil.copytree(DEMO, dst)
    wb = openpyxl.load_workbook(dst / "data.xlsx")
    ws = wb["碳排放核算参数"]
    col = next(c.column for c in ws[1] if str(c.value or "").lstrip("*").startswith("蒸汽焓值"))
    ws.cell(2, col).value = None                       # 蒸汽 row
    d11 = wb["D.11 能源消耗"]
    d11.cell(3, 1).value = "原煤"      # 天然气 → a GB/T 2589 carrier without default carbon parameters (which coal?)
    d11.cell(3, next(c.column for c in d11[1] if str(c.value or "").lstrip("*") == "单位")).value = "t"
    wb.save(dst / "data.xlsx")
    code, problems = _check(dst, capsys)
    assert code == 1
    msgs = [p["message"] for p in problems]
    assert any("蒸汽焓值" in m for m in msgs)
    assert any("“原煤”没有化石燃料缺省参数" in m and p["row"] == 3 for p, m in zip(problems, msgs))


def test_flag_off_means_no_carbon_findings(tmp_path, capsys):
    dst = tmp_path / "p"
    shutil.copytree(DEMO, dst)
    t = (dst / "project.toml").read_text(encoding="utf-8")
    (dst / "project.toml").write_text(t.replace("carbon_accounted = true", "carbon_accounted = false"), encoding="utf-8")
    wb = openpyxl.load_workbook(dst / "data.xlsx")
    wb["D.11 能源消耗"].cell(3, 1).value = "液化天然气"   # no carbon parameters needed when not accounting
    wb.save(dst / "data.xlsx")
    code, problems = _check(dst, capsys)
    assert not any("碳排放核算" in p["message"] for p in problems)


def test_typed_parameters_checked_against_definitions(tmp_path, capsys):
    dst = tmp_path / "p"
    shutil.copytree(DEMO, dst)
    wb = openpyxl.load_workbook(dst / "data.xlsx")
    ws = wb["碳排放核算参数"]
    cols = {str(c.value or "").lstrip("*"): c.column for c in ws[1]}
    r = ws.max_row + 1
    ws.cell(r, cols["名称"]).value, ws.cell(r, cols["类型"]).value = "天然气", "化石燃料"
    ws.cell(r, cols["低位发热量"]).value = 320          # D.12's measured coefficient gives 355.88
    ws.cell(3, cols["过程排放因子"]).value = 4          # > 44/12 tCO₂/t: impossible
    wb.save(dst / "data.xlsx")
    code, problems = _check(dst, capsys)
    assert code == 1
    by_field = {p["field"]: p for p in problems}
    assert by_field["过程排放因子"]["level"] == "error" and by_field["过程排放因子"]["row"] == 3
    assert by_field["低位发热量"]["level"] == "warning" and "同一燃料应使用同一热值" in by_field["低位发热量"]["message"]
