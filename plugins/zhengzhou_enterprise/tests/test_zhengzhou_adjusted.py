"""7.3.1.2 adjusted options (#16 item 7): F12 (420 → 360 万元, 87.5 → 73.5 万元/a) is re-analysed with the
adjusted figures and compared side by side; an adjustment without adjusted figures is a check warning."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy_financial as npf
import openpyxl
import pytest

from cpf_zhengzhou_enterprise import adjusted as ad
from cpframework.api import load_project
from cpframework.testing import cpaudit_main

DEMO = Path(__file__).resolve().parents[3] / "examples" / "enterprise_demo"


def test_f12_reanalysed_with_adjusted_figures():
    p = load_project(DEMO)[0]
    [a] = ad.adjusted(p)
    assert a.original.option.number == "F12" and (a.investment, a.saving) == (360, 73.5)
    e = a.economics
    assert e.investment.value == 360 and a.original.economics.investment.value == 420
    # oracle: NPV of the adjusted cash flows at the project's discount rate
    assert e.npv.value == pytest.approx(npf.npv(0.08, list(e.cashflows)), rel=1e-6)
    assert e.npv.value < a.original.economics.npv.value


def test_adjustment_without_adjusted_figures_is_a_warning(tmp_path, capsys):
    dst = tmp_path / "p"
    shutil.copytree(DEMO, dst)
    wb = openpyxl.load_workbook(dst / "data.xlsx")
    ws = wb["可行性分析"]
    head = {str(c.value or "").lstrip("*"): c.column for c in ws[1]}
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, head["方案编号"]).value == "F12")
    for label in ("调整后总投资", "调整后年运行费用总节省金额"):
        ws.cell(row, next(c for h, c in head.items() if h.startswith(label))).value = None
    wb.save(dst / "data.xlsx")
    capsys.readouterr()
    assert cpaudit_main(["check", "--format", "json", str(dst)]) == 0
    [p] = json.loads(capsys.readouterr().out)["problems"]
    assert p["level"] == "warning" and p["row"] == row and "重新分析可行性" in p["message"]
