"""附件1 selection rules, each violation caught by `cpaudit check` with sheet, row and column."""
import shutil
from pathlib import Path

import openpyxl
import pytest

from cpframework.api import load_project
from cpframework.api import get_registry
from cpframework.api import check_project

DEMO = Path(__file__).resolve().parents[3] / "examples" / "park_demo"


def _select(proj: Path, changes: dict[str, str]) -> list:
    wb = openpyxl.load_workbook(proj / "data.xlsx")
    ws = wb["指标选择"]
    col = next(c.column for c in ws[1] if str(c.value).lstrip("*") == "是否选用")
    for r in range(2, ws.max_row + 1):
        if ws.cell(r, 1).value in changes:
            ws.cell(r, col, changes[ws.cell(r, 1).value])
    wb.save(proj / "data.xlsx")
    reg = get_registry()
    project, std = load_project(proj, reg)
    problems, _ = check_project(reg, std, project)
    return [p for p in problems if p.code == "selection"]


@pytest.fixture()
def proj(tmp_path):
    dst = tmp_path / "park"
    shutil.copytree(DEMO, dst)
    return dst


def test_demo_satisfies_all_rules(proj):
    assert _select(proj, {}) == []


def test_unselected_mandatory_indicator_is_located(proj):
    problems = _select(proj, {"I17": "否"})
    assert len(problems) == 1
    p = problems[0]
    assert p.sheet == "指标选择" and p.row == 18 and "17 园区空气质量优良率" in p.field and "必选指标" in p.message


@pytest.mark.parametrize("group, members", [
    ("G2-4", ["I02", "I03", "I04"]), ("G5-6", ["I05", "I06"]), ("G7-8", ["I07", "I08"]),
    ("G10-11", ["I10", "I11"]), ("G15-16", ["I15", "I16"]), ("G19-20", ["I19", "I20"]),
])
def test_each_optional_group_needs_one(proj, group, members):
    texts = [p.message for p in _select(proj, {m: "否" for m in members})]
    assert any(f"选择组“{group}”" in t and "至少应选用 1 项" in t for t in texts), texts


def test_total_rule_fires_below_19(proj):
    # the demo selects 22 (13 mandatory + I02 I03 I05 I07 I08 I10 I15 I19 I20)
    nineteen = {"I02": "否", "I08": "否", "I20": "否"}
    assert _select(proj, nineteen) == []  # every group still covered, 19 in total
    problems = _select(proj, {**nineteen, "I19": "否", "I20": "是", "I03": "否", "I02": "否", "I04": "否"})
    msgs = [p.message for p in problems]
    assert any("现选用 18 项" in m for m in msgs) and any("G2-4" in m for m in msgs)
