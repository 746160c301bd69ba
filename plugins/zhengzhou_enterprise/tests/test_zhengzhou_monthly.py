"""6.5.1.2.4 a) monthly unit consumption of the baseline year: statistics by hand, properties, and the
check findings (months add up to the annual figures; reasons for the months outside the band) via the CLI."""
from __future__ import annotations

import json
import math
import shutil
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, strategies as st

from cpf_zhengzhou_enterprise import monthly as mo
from cpframework.api import load_project
from cpframework.testing import cpaudit_main

DEMO = Path(__file__).resolve().parents[3] / "examples" / "enterprise_demo"


def test_statistics_by_hand():
    mean, cv = mo.stats([2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0])   # the textbook σ = 2 example
    assert mean == 5.0 and cv == pytest.approx(2 / 5 * 100)


@given(st.lists(st.floats(0.1, 1e4), min_size=2, max_size=24), st.floats(0.01, 100))
def test_cv_does_not_depend_on_the_unit(values, k):
    mean, cv = mo.stats(values)
    mean_k, cv_k = mo.stats([v * k for v in values])
    assert mean_k == pytest.approx(mean * k, rel=1e-9)
    assert cv_k == pytest.approx(cv, rel=1e-6, abs=1e-6)
    assert cv >= 0 and (cv == pytest.approx(0, abs=1e-6)) == (max(values) - min(values) <= 1e-9 * max(values))


def test_demo_series():
    p = load_project(DEMO)[0]
    s = {x.name: x for x in mo.series(p)}
    al = s["铝锭"]
    wb = openpyxl.load_workbook(DEMO / "data.xlsx", data_only=True)
    ws = wb["基准期逐月消耗"]
    head = {str(c.value or "").lstrip("*"): c.column - 1 for c in ws[1]}
    out = {r[head["月份或生产周期"]]: r[head["数量"]] for r in ws.iter_rows(min_row=2, values_only=True)
           if r[head["类型"]] == "产量" and r[head["名称"]] == "铝合金壳体"}
    use = {r[head["月份或生产周期"]]: r[head["数量"]] for r in ws.iter_rows(min_row=2, values_only=True)
           if r[head["类型"]] == "消耗" and r[head["名称"]] == "铝锭"}
    unit = [use[m] / out[m] for m in range(1, 13)]
    mean = sum(unit) / 12
    assert al.mean.value == pytest.approx(mean)
    assert al.cv.value == pytest.approx(math.sqrt(sum((u - mean) ** 2 for u in unit) / 12) / mean * 100)
    assert [m for m, _d in al.outside] == [m for m, u in enumerate(unit, 1) if abs(u - mean) / mean > 0.10] == [2]
    assert sum(use.values()) == pytest.approx(3340) and sum(out.values()) == pytest.approx(135)


def _check(root, capsys):
    capsys.readouterr()
    code = cpaudit_main(["check", "--format", "json", str(root)])
    return code, json.loads(capsys.readouterr().out)["problems"]


def test_missing_month_and_missing_reason(tmp_path, capsys):
    dst = tmp_path / "p"
    shutil.copytree(DEMO, dst)
    wb = openpyxl.load_workbook(dst / "data.xlsx")
    ws = wb["基准期逐月消耗"]
    head = {str(c.value or "").lstrip("*"): c.column for c in ws[1]}
    rows = {(ws.cell(r, head["类型"]).value, ws.cell(r, head["名称"]).value, ws.cell(r, head["月份或生产周期"]).value): r
            for r in range(2, ws.max_row + 1)}
    ws.cell(rows["消耗", "天然气", 2], head["波动原因"]).value = None
    ws.delete_rows(rows["消耗", "铝锭", 5])
    wb.save(dst / "data.xlsx")
    code, problems = _check(dst, capsys)
    assert code == 1
    [gap] = [p for p in problems if p["level"] == "error"]
    assert "铝锭各月消耗之和" in gap["message"] and "3340" in gap["message"]
    [why] = [p for p in problems if p["level"] == "warning"]
    assert why["field"] == "波动原因" and "天然气（铝合金壳体）2月" in why["message"]
