"""6.5.3.1 / 7.3.5.4 overall cleaner-production level and 表E.4 审核前/后水平: computed, and a typed value
the indicators contradict is a check error (through the CLI)."""
from __future__ import annotations

import json
import shutil
from pathlib import Path
from types import SimpleNamespace

import openpyxl
from hypothesis import given, strategies as st

from cpf_zhengzhou_enterprise import levels
from cpframework.api import load_project
from cpframework.testing import cpaudit_main

DEMO = Path(__file__).resolve().parents[3] / "examples" / "enterprise_demo"


def _proj(rows):
    return SimpleNamespace(tables={"cp_level": SimpleNamespace(rows=rows)})


def test_demo_levels_by_hand():
    p = load_project(DEMO)[0]
    # before: 综合能耗 46 111.9 ≤ 48 000 Ⅱ级, 新鲜水 1 089.8 ≤ 1 200 Ⅱ级, 上漆率 45 ≥ 40 Ⅲ级, 危废 95 ≥ 90 Ⅲ级 → Ⅲ级
    assert levels.overall(p, "before").value == "国内一般水平"
    # after: 44 104 Ⅱ级, 961.5 Ⅰ级, 70 Ⅱ级, 100 Ⅰ级 → Ⅱ级
    assert levels.overall(p, "after").value == "国内先进水平"
    assert "涂料上漆率" in levels.overall(p, "after").trace.result


@given(st.lists(st.tuples(st.floats(0, 200), st.floats(0, 50)), min_size=1, max_size=6))
def test_improving_an_indicator_never_lowers_the_overall_level(values):
    rows = [{"indicator": f"指标{i}", "direction": "提高", "level1": 90, "level2": 70, "level3": 50, "before": v}
            for i, (v, _d) in enumerate(values)]
    base = levels.overall(_proj(rows), "before").value
    better = [dict(r, before=r["before"] + d) for r, (_v, d) in zip(rows, values)]
    rank = list(levels.E4.values())
    assert rank.index(levels.overall(_proj(better), "before").value) <= rank.index(base)
    assert levels.overall(_proj(rows + [{"indicator": "缺值", "direction": "提高", "level1": 1}]), "before") is None


def test_typed_level_contradicting_the_indicators_is_an_error(tmp_path, capsys):
    dst = tmp_path / "p"
    shutil.copytree(DEMO, dst)
    wb = openpyxl.load_workbook(dst / "data.xlsx")
    ws = wb["E.4 审核绩效补充信息"]
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == "level_after")
    ws.cell(row, 4).value = "国际领先水平"
    ws2 = wb["清洁生产指标水平"]
    col = next(c.column for c in ws2[1] if str(c.value or "").lstrip("*") == "审核前")
    ws2.cell(3, col).value = 1303.7          # 新鲜水: D.24 says 1 089.8
    wb.save(dst / "data.xlsx")
    capsys.readouterr()
    assert cpaudit_main(["check", "--format", "json", str(dst)]) == 1
    problems = json.loads(capsys.readouterr().out)["problems"]
    msgs = " ".join(p["message"] for p in problems)
    assert "审核后清洁生产水平填为“国际领先水平”，按清洁生产指标水平判定为“国内先进水平”" in msgs
    assert any(p["sheet"] == "清洁生产指标水平" and p["row"] == 3 and "1089.8" in p["message"] for p in problems)
