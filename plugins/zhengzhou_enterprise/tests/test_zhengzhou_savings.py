"""6.8.2.4.2 annual running-cost savings itemised as saved quantity × baseline-year price: by hand from the
demo, and a typed economic item the quantity × price contradicts is a check error at its row (CLI)."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, strategies as st

from cpf_zhengzhou_enterprise import savings
from cpframework.api import load_project
from cpframework.testing import cpaudit_main

DEMO = Path(__file__).resolve().parents[3] / "examples" / "enterprise_demo"


def test_demo_itemised_by_hand():
    p = load_project(DEMO)[0]
    got = {(s.number, s.econ_item): s for s in savings.itemised(p, "预期")}
    assert got["F09", "节约电费"].value.value == pytest.approx(420000 * 0.70 / 10000)   # 29.4 万元/年
    assert got["F09", "节约蒸汽费"].value.value == pytest.approx(600 * 220 / 10000)     # 13.2
    assert got["F11", "节约水费"].value.value == pytest.approx(12000 * 4.3 / 10000)     # 5.16, typed 5.2 (rounded)
    assert savings.problems(p) == []


@given(q=st.floats(1, 1e7), price=st.floats(0.01, 1e3), off=st.floats(-2, 2))
def test_typed_item_flagged_exactly_beyond_rounding(q, price, off):
    from types import SimpleNamespace as NS
    value = q * price / 10000
    typed = value + off
    ben = NS(rows=[{"number": "F01", "basis": "预期", "item": "节电", "annual": q},
                   {"number": "F01", "basis": "预期", "item": "节约电费", "annual": typed}], sheet_rows=[2, 3])
    prices = NS(rows=[{"name": "电力", "price": price, "unit": "元/kWh"}], sheet_rows=[2])
    proj = NS(tables={"benefits": ben, "prices": prices})
    [s] = savings.itemised(proj, "预期")
    assert s.value.value == pytest.approx(value)
    flagged = bool(savings.problems(proj))
    if abs(off) > max(savings.ABS_TOL, 0.005 * value) * 1.001:
        assert flagged
    elif abs(off) < max(savings.ABS_TOL, 0.005 * value) * 0.999:
        assert not flagged


def test_contradicting_economic_item_is_an_error(tmp_path, capsys):
    dst = tmp_path / "p"
    shutil.copytree(DEMO, dst)
    wb = openpyxl.load_workbook(dst / "data.xlsx")
    ws = wb["方案效益"]
    head = {str(c.value or "").lstrip("*"): c.column for c in ws[1]}
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, head["方案编号"]).value == "F09"
               and ws.cell(r, head["依据"]).value == "预期" and ws.cell(r, head["效益项"]).value == "节约电费")
    ws.cell(row, head["折合年度量"]).value = 35          # 420 000 kWh × 0.70 元/kWh = 29.4 万元
    wb.save(dst / "data.xlsx")
    capsys.readouterr()
    assert cpaudit_main(["check", "--format", "json", str(dst)]) == 1
    problems = json.loads(capsys.readouterr().out)["problems"]
    mine = [p for p in problems if "基准年价格" in p["message"]]
    assert len(mine) == 1 and mine[0]["row"] == row and "29.40" in mine[0]["message"]
