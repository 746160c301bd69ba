"""#16 item 4: efficiencies from the balances (固化炉 thermal efficiency, VOCs capture × treatment) by hand,
the balance diagram is a flow diagram of the balance, and a typed efficiency the balance contradicts is a
check error at D.19 (the issue's 94.5 % against 87.3 %)."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import openpyxl
import pytest

from cpf_zhengzhou_enterprise import efficiencies as ef, report_audit, targets as tg
from cpframework.api import calc, load_project
from cpframework.testing import cpaudit_main

DEMO = Path(__file__).resolve().parents[3] / "examples" / "enterprise_demo"


def test_efficiencies_by_hand():
    p = load_project(DEMO)[0]
    got = {x.trace.name: x.value for e in ef.of_balances(p) for x in e.results}
    assert got["固化炉能量平衡（2024 年）热效率"] == pytest.approx(21800 / 52000 * 100)
    assert got["VOCs 污染因子平衡（2024 年）收集率"] == pytest.approx((35600 + 5184) / 43200 * 100)
    assert got["VOCs 污染因子平衡（2024 年）去除效率"] == pytest.approx(35600 / (35600 + 5184) * 100)   # 87.29 %


def test_balance_diagram_flows_conserve_the_balance():
    p = load_project(DEMO)[0]
    for b in tg.balances(p):
        flows = report_audit.balance_flows(b)
        [node] = [n for n in calc.flows.node_balances(flows) if n.node == b.name]
        assert node.inflow == pytest.approx(b.result.total_in.value)
        assert node.outflow == pytest.approx(b.result.total_out.value)


def test_typed_efficiency_contradicting_the_balance_is_an_error(tmp_path, capsys):
    dst = tmp_path / "p"
    shutil.copytree(DEMO, dst)
    wb = openpyxl.load_workbook(dst / "data.xlsx")
    ws = wb["D.19 废气治理措施"]
    col = next(c.column for c in ws[1] if str(c.value or "").lstrip("*").startswith("特征污染物去除效率"))
    ws.cell(2, col).value = 94.5
    wb.save(dst / "data.xlsx")
    capsys.readouterr()
    assert cpaudit_main(["check", "--format", "json", str(dst)]) == 1
    [p] = json.loads(capsys.readouterr().out)["problems"]
    assert p["sheet"] == "D.19 废气治理措施" and p["row"] == 2 and "87.3%" in p["message"]
