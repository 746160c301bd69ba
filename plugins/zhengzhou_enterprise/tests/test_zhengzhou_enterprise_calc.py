"""Computations against hand-worked cases from the demo workbook and small property tests."""
from __future__ import annotations

import shutil
from pathlib import Path

import numpy_financial as npf
import pytest
from hypothesis import given, strategies as st

from cpf_zhengzhou_enterprise import analysis, consumption as cons, options as op, rollups as ru, targets as tg
from cpframework.api import calc
carbon = calc.carbon
from cpframework.api import load_project

DEMO = Path(__file__).resolve().parents[3] / "examples" / "enterprise_demo"


@pytest.fixture(scope="module")
def demo():
    project, std = load_project(DEMO)
    return project, std


def copy_demo(tmp_path, edit=None):
    dst = tmp_path / "p"
    shutil.copytree(DEMO, dst)
    if edit:
        t = (dst / "project.toml").read_text(encoding="utf-8")
        for a, b in edit.items():
            assert a in t
            t = t.replace(a, b)
        (dst / "project.toml").write_text(t, encoding="utf-8")
    return load_project(dst)


def test_comprehensive_energy_by_hand(demo):
    p, _ = demo
    et = cons.comprehensive_energy(p)
    hand = 2580e4 * 0.1229 + 198e4 * 1.2143 + 9100e3 * 0.1286   # kWh, m³, kg (GB/T 2589)
    assert et.total[2024].value == pytest.approx(hand)
    # 6.5.1.2.7 per product (#16 item 3): 电力 按产值 (壳体 27 000 of 32 300 万元), 天然气 and 蒸汽 metered to 壳体
    share = 27000 / (27000 + 5300)
    housing = 2580e4 * 0.1229 * share + 198e4 * 1.2143 + 9100e3 * 0.1286
    assert et.unit_value[2024].value == pytest.approx(housing / 135)
    assert et.per_product["铝合金壳体"][2024].value == pytest.approx(housing / 135)
    assert et.per_product["钢制支架"][2024].value == pytest.approx(2580e4 * 0.1229 * (1 - share) / 3500)
    assert et.per_value[2024].value == pytest.approx(hand / 32300)
    assert "GB/T 2589" in et.total[2024].trace.notes[0]


def test_unit_consumption_and_trend(demo):
    p, _ = demo
    lines = {(ln.label, ln.product): ln for ln in cons.unit_lines(p, "D.10", "category")}
    water = lines["新鲜水", "铝合金壳体"]   # 按产值: both products get their share, none is left out
    assert water.allocation == "按产值" and ("新鲜水", "钢制支架") in lines
    s22, s24 = 23600 / (23600 + 4800), 27000 / (27000 + 5300)
    assert water.unit_values[2024].value == pytest.approx(176000 * s24 / 135)
    assert lines["新鲜水", "钢制支架"].unit_values[2024].value == pytest.approx(176000 * (1 - s24) / 3500)
    a, b = 168000 * s22 / 118, 176000 * s24 / 135
    assert water.trend.value == pytest.approx(((b / a) ** 0.5 - 1) * 100)
    per_value = {label: vals for label, _u, vals in cons.per_value(p, "D.10", "category")}
    assert per_value["新鲜水"][2024].value == pytest.approx(176000 / 32300)
    steel = {ln.label: ln for ln in cons.unit_lines(p, "D.7", "name")}["钢板"]
    assert steel.product == "钢制支架" and steel.unit_values[2022].value == pytest.approx(3420 / 3200)


def test_cost_class_threshold(demo):
    p, _ = demo
    assert op.cost_class(10, p).value == op.LOW
    assert op.cost_class(10.01, p).value == op.HIGH
    assert {o.number: o.cost for o in op.options(p)}["F09"] == op.HIGH


def test_feasibility_by_hand_and_oracle(demo):
    p, _ = demo
    f = {x.option.number: x for x in op.feasibility(p)}
    e = f["F09"].economics
    d = 68 / 10
    cash = (42.6 - d) * 0.75 + d
    assert e.cash_flow.value == pytest.approx(cash)
    assert e.payback.value == pytest.approx(68 / cash)
    assert e.npv.value == pytest.approx(npf.npv(0.08, [-68] + [cash] * 10))
    assert e.irr.value == pytest.approx(npf.irr([-68] + [cash] * 10), abs=1e-6)
    assert f["F12"].conclusion == "可行" and all(x.conclusion == "可行" for x in f.values())
    assert "F13" not in f     # 不可行 in screening: no feasibility analysis


def test_focus_ranking(demo):
    p, _ = demo
    rk = tg.focus_ranking(p)
    assert rk.first == ["涂装车间"]
    assert float(rk.table.at["涂装车间", "total"]) == 9 * 10 + 8 * 9 + 9 * 8 + 9 * 7 + 9 * 5 + 8 * 2


def test_balances(demo):
    p, _ = demo
    b = {x.name: x for x in tg.balances(p)}
    water = b["全厂水平衡（2024 年）"].result
    assert water.deviation.value == pytest.approx(206000 - 202000)
    assert water.deviation_pct.value == pytest.approx(4000 / 206000 * 100)
    assert b["涂装线涂料物料平衡（2024 年）"].utilisation.value == pytest.approx(82 / 164 * 100)


def test_targets_relative_expected_and_completion(demo):
    p, _ = demo
    t = {x.name: x for x in tg.targets(p)}
    e = t["单位产品综合能耗"]
    assert e.near[0].value == pytest.approx(46111.9 * 0.96)
    saved = (120000 + 95000 + 420000 + 1250000) * 0.1229 + 600 * 1000 * 0.1286   # F03 F06 F09 F12 预期
    assert e.expected.value == pytest.approx(46111.9 - saved / 135)
    v = t["VOCs 排放量"]
    assert v.near[1].value == pytest.approx((5.184 - 4.0) / 5.184 * 100)
    assert v.expected.value == pytest.approx(5.184 - (300 + 900 + 420) / 1000)
    assert v.met is True
    assert t["中水回用率"].achieved_rel.value == pytest.approx((18.9 - 14.6) / 14.6 * 100)


def test_rollups_and_carbon(demo):
    p, _ = demo
    s = ru.implementation_summary(p, "核定")
    assert (s[op.LOW]["count"], s[op.HIGH]["count"], s["合计"]["done"]) == (9, 4, 13)
    assert s["合计"]["actual"] == pytest.approx(0.5 + 2.6 + 1.6 + 0.8 + 6.8 + 8.2 + 0.3 + 1.2 + 71.5 + 178 + 98.5 + 360 + 3.4)
    items = ru.sums(p, "核定", ru.implemented(p))["合计"]
    assert items["节电"] == 115000 + 93000 + 18000 + 410000 + 1050000
    parts = ru.carbon_items(p, dict(items))
    # 表E.4 注b: OM 计算法 — the 华中 regional grid's 电量边际 factor in force in the baseline year (2019 edition)
    assert parts["节电"].value == pytest.approx(items["节电"] / 1000 * 0.8587)
    assert "电量边际" in parts["节电"].trace.notes[0]
    assert parts["节天然气"].value == pytest.approx(17500 * 1.2143 / 1000 * 2.7725)
    assert items["节能"] == pytest.approx(items["节电"] * 0.1229 + 17500 * 1.2143 + (580 + 1480) * 1000 * 0.1286)


def test_demo_checks_clean(demo):
    p, std = demo
    assert [x for x in analysis.validate(std, p) if x.level == "error"] == []


def test_validation_numbers_and_reasons(tmp_path):
    import openpyxl
    dst = tmp_path / "p"
    shutil.copytree(DEMO, dst)
    wb = openpyxl.load_workbook(dst / "data.xlsx")
    ws = wb["D.30 方案登记"]
    ws.cell(3, 1, "F01")          # duplicate of row 2
    ws.cell(4, 1, "P3")           # not F+序号
    for r in range(2, ws.max_row + 1):
        if ws.cell(r, 1).value == "F13":
            ws.cell(r, 12).value = None  # 不可行原因 removed
    wb.save(dst / "data.xlsx")
    p, std = load_project(dst)
    msgs = [x.message for x in analysis.validate(std, p)]
    from cpframework.api import check_project, get_registry
    assert any("重复" in x.message for x in check_project(get_registry(), std, p)[0])   # the table's key (integrity)
    assert any("F+顺序号" in m for m in msgs)
    assert any("不可行原因" in m for m in msgs)


def test_double_exceed_requires_near_target(tmp_path):
    p, std = copy_demo(tmp_path, {"double_exceed = false": "double_exceed = true"})
    assert any("标志为" in m or "没有" in m or "未发现" in m for m in tg.double_exceed_findings(p)) or tg.double_exceed_findings(p) == []
    # make COD exceed its limit: now a near-term target resolving COD is required (6.5.5 c)
    p.tables["D.18"].rows[0]["c_max"] = 620
    found = tg.double_exceed_findings(p)
    assert any("COD" in m and "6.5.5" in m for m in found)
    p.tables["D.24"].rows.append({"indicator": "COD 排放浓度", "unit": "mg/L", "direction": "降低", "baseline": 620,
                                  "near_abs": 450, "resolves": "COD", "limit": 500})
    assert not any("COD" in m for m in tg.double_exceed_findings(p))
    p.tables["D.24"].rows[-1]["near_abs"] = 520
    assert any("未达到限值" in m for m in tg.double_exceed_findings(p))


@given(base=st.floats(1, 1e6), rel=st.floats(0, 90), up=st.booleans())
def test_relative_absolute_inverse(base, rel, up):
    d = "提高" if up else "降低"
    a = tg.absolute(base, rel, d, "x").value
    assert tg.relative(base, a, d, "x").value == pytest.approx(rel, abs=1e-6)


@given(inv=st.floats(0, 1000))
def test_cost_class_monotone(inv):
    class M:
        options = {"low_cost_max": 50}
    class P:
        manifest = M()
    assert op.cost_class(inv, P()).value == (op.LOW if inv <= 50 else op.HIGH)


@given(a=st.floats(1, 1e6), b=st.floats(1, 1e6), total=st.floats(0, 1e7))
def test_allocation_by_value_conserves_the_total(a, b, total):
    from types import SimpleNamespace
    from cpf_zhengzhou_enterprise import allocation as alloc
    rows = [{"name": "甲", "unit": "t", "value": {2024: a}, "output": {2024: a}},
            {"name": "乙", "unit": "件", "value": {2024: b}, "output": {2024: b}}]
    proj = SimpleNamespace(tables={"D.6": SimpleNamespace(rows=rows)})
    parts, problems, rule = alloc.allocate(proj, {"allocation": "按产值"}, {2024: total})
    assert problems == [] and rule == "按产值"
    assert sum(p[2024] for p in parts.values()) == pytest.approx(total, rel=1e-9, abs=1e-6)
    # by output with different units is refused, never summed across units
    assert alloc.allocate(proj, {"allocation": "按产量"}, {2024: total})[1]
    # two products, neither product nor rule: an error, not product 1
    assert alloc.allocate(proj, {}, {2024: total})[1]
