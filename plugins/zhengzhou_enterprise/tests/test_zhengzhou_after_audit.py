"""#16 item 4 (rest): the after-audit balances and the before/after comparison (7.3.5.1), 审核后实际值 derived
from the after-audit balances and output (7.3.5.2), typed values checked against the derivation by ``check``."""
from __future__ import annotations

import copy
import functools
import json
import shutil
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cpf_zhengzhou_enterprise import after_audit as aa, report_audit, targets as tg
from cpframework.api import calc, load_project
from cpframework.testing import cpaudit_main, text_problems

DEMO = Path(__file__).resolve().parents[3] / "examples" / "enterprise_demo"


@functools.cache
def _demo():
    return load_project(DEMO)[0]


@pytest.fixture(scope="module")
def demo():
    return _demo()


def _row(p, indicator):
    return next(r for r in p.tables["D.24"].rows if r["indicator"] == indicator)


def test_derived_achieved_by_hand(demo):
    water, _ = aa.derived_achieved(demo, _row(demo, "单位产品新鲜水耗"))
    # 新鲜水按产值分摊（D.10）：160 800 m³ × 28 000 ÷ (28 000 + 5 450) 万元 ÷ 140 万件
    assert water.value == pytest.approx(160800 * 28000 / 33450 / 140)
    assert water.unit == "m³/万件"
    vocs, _ = aa.derived_achieved(demo, _row(demo, "VOCs 排放量"))
    assert vocs.value == pytest.approx(3.62)          # 3 620 kg/a → t/a
    reuse, _ = aa.derived_achieved(demo, _row(demo, "中水回用率"))
    assert reuse.value == pytest.approx(37500 / (160800 + 37500) * 100)
    assert "37,500 ÷ 198,300" in reuse.trace.substitution


def test_comparison_by_hand(demo):
    [water] = [p for p in aa.pairs(demo) if p.after.kind == "水"]
    assert water.before.name == "全厂水平衡（2024 年）" and not water.problem
    rows, effs = aa.comparison(demo, water)
    fresh = next(r for r in rows if r[0] == "新鲜水")
    assert fresh[3:] == [176000, 160800, pytest.approx(-15200), pytest.approx(-15200 / 176000 * 100)]
    total_in = next(r for r in rows if r[0] == "输入合计")
    assert total_in[3:5] == [pytest.approx(206000), pytest.approx(198300)]
    [vocs] = [p for p in aa.pairs(demo) if p.after.kind == "污染因子"]
    _, effs = aa.comparison(demo, vocs)
    removal = next(e for e in effs if e[0] == "去除效率")
    assert removal[1] == pytest.approx(35600 / 40784 * 100) and removal[2] == pytest.approx(31000 / 34620 * 100)
    assert removal[3] == pytest.approx(removal[2] - removal[1])


def test_after_diagrams_conserve_the_after_balance(demo):
    for p in aa.pairs(demo):
        flows = report_audit.balance_flows(p.after)
        [node] = [n for n in calc.flows.node_balances(flows) if n.node == p.after.name]
        assert node.inflow == pytest.approx(p.after.result.total_in.value)


@settings(max_examples=40, deadline=None)
@given(st.floats(0.1, 10), st.floats(0.1, 10))
def test_unit_value_scales_with_the_stream_and_inversely_with_output(k_stream, k_output):
    q = copy.deepcopy(_demo())
    row = _row(q, "单位产品新鲜水耗")
    before = aa.derived_achieved(q, row)[0].value
    for r in q.tables["balance_after"].rows:
        if r["stream"] == "新鲜水":
            r["amount"] *= k_stream
    for r in q.tables["after_output"].rows:
        r["output"] *= k_output                     # 产值 unchanged: the allocation share stays
    after = aa.derived_achieved(q, row)[0].value
    assert after == pytest.approx(before * k_stream / k_output, rel=1e-9)


def test_change_is_relative_to_before():
    assert aa.change(200.0, 150.0) == (pytest.approx(-50.0), pytest.approx(-25.0))
    assert aa.change(None, 10.0) == (10.0, None)    # a stream new after the audit has no rate


def test_blank_typed_value_is_taken_from_the_derivation(demo):
    q = copy.deepcopy(demo)
    _row(q, "中水回用率")["achieved"] = None
    [t] = [t for t in tg.targets(q) if t.name == "中水回用率"]
    assert t.achieved == pytest.approx(37500 / 198300 * 100) and t.derivation is not None and t.met


# ---------------------------------------------------------------- check, through the CLI


def _copy(tmp_path):
    dst = tmp_path / "p"
    shutil.copytree(DEMO, dst)
    return dst


def _edit(root, sheet, match, header, value):
    wb = openpyxl.load_workbook(root / "data.xlsx")
    ws = wb[sheet]
    col = next(c.column for c in ws[1] if c.value and str(c.value).lstrip("*").startswith(header))
    row = next(r for r in range(2, ws.max_row + 1) if all(ws.cell(r, c).value == v for c, v in match(ws)))
    ws.cell(row, col).value = value
    wb.save(root / "data.xlsx")
    return row


def _check(root, capsys):
    capsys.readouterr()
    code = cpaudit_main(["check", "--format", "json", str(root)])
    problems = json.loads(capsys.readouterr().out)["problems"]
    for p in problems:
        assert text_problems(p["message"]) == [], p["message"]
    return code, problems


def _by_header(ws, header):
    return next(c.column for c in ws[1] if c.value and str(c.value).lstrip("*").startswith(header))


def test_typed_achieved_contradicting_the_after_balance_is_an_error(tmp_path, capsys):
    root = _copy(tmp_path)
    row = _edit(root, "D.24 清洁生产目标", lambda ws: [(_by_header(ws, "指标项"), "单位产品新鲜水耗")], "审核后实际值", 900)
    code, problems = _check(root, capsys)
    assert code == 1   # (清洁生产指标水平 also names the contradiction with its 审核后 value)
    [p] = [p for p in problems if p["sheet"] == "D.24 清洁生产目标"]
    assert (p["row"], p["field"]) == (row, "审核后实际值")
    assert "961.43" in p["message"] and "900" in p["message"]


def test_changed_after_output_is_caught_at_d24(tmp_path, capsys):
    root = _copy(tmp_path)
    _edit(root, "审核后产量", lambda ws: [(_by_header(ws, "产品名称"), "铝合金壳体")], "产量", 160)
    code, problems = _check(root, capsys)
    assert code == 1 and [p["sheet"] for p in problems] == ["D.24 清洁生产目标"]


def test_unknown_before_balance_is_named_where_typed(tmp_path, capsys):
    root = _copy(tmp_path)
    wb = openpyxl.load_workbook(root / "data.xlsx")
    ws = wb["审核后平衡实测"]
    col, bcol = _by_header(ws, "对应审核前平衡"), _by_header(ws, "平衡名称")
    for r in range(2, ws.max_row + 1):
        if ws.cell(r, bcol).value == "全厂水平衡（审核后）":
            ws.cell(r, col).value = "全厂水平衡（2023 年）"
    wb.save(root / "data.xlsx")
    code, problems = _check(root, capsys)
    assert code == 1
    [p] = problems
    assert p["sheet"] == "审核后平衡实测" and p["field"] == "对应审核前平衡" and "是否想写“全厂水平衡（2024 年）”" in p["message"]
