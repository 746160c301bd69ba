"""Issue #14 cases for DB4101/T 61, through the real CLI (``cpaudit check --format json``): each fault is one
Chinese message at the sheet and row where it was typed, and ``check`` fails (exit 1) or warns."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import openpyxl
import pytest

from cpframework.testing import cpaudit_main, text_problems

DEMO = Path(__file__).resolve().parents[3] / "examples" / "enterprise_demo"


@pytest.fixture()
def project(tmp_path):
    dst = tmp_path / "p"
    shutil.copytree(DEMO, dst)
    return dst


def edit(root: Path, sheet: str, row: int, header: str, value) -> None:
    wb = openpyxl.load_workbook(root / "data.xlsx")
    ws = wb[sheet]
    col = next(c.column for c in ws[1] if c.value and str(c.value).lstrip("*").startswith(header))
    ws.cell(row, col).value = value
    wb.save(root / "data.xlsx")


def delete_row(root: Path, sheet: str, row: int) -> None:
    wb = openpyxl.load_workbook(root / "data.xlsx")
    wb[sheet].delete_rows(row)
    wb.save(root / "data.xlsx")


def check(root: Path, capsys) -> tuple[int, list[dict]]:
    capsys.readouterr()
    code = cpaudit_main(["check", "--format", "json", str(root)])
    out = capsys.readouterr().out
    problems = json.loads(out)["problems"]
    for p in problems:   # a project.toml setting is named by its key (the lead decides on the oracle there)
        assert p["file"] == "project.toml" or text_problems(p["message"]) == [], p["message"]
    return code, problems


def test_demo_passes(project, capsys):
    code, problems = check(project, capsys)
    assert code == 0 and problems == []


def test_factor_typo_is_named_where_typed(project, capsys):
    edit(project, "备选审核重点评分", 21, "因素", "主要消托")   # 空压站 × 主要消耗
    code, problems = check(project, capsys)
    assert code == 1
    typo = [p for p in problems if p["sheet"] == "备选审核重点评分" and p["row"] == 21]
    assert len(typo) == 1 and "是否想写“主要消耗”" in typo[0]["message"]
    assert len(problems) == 1   # the knock-on (空压站 lacks 主要消耗) is not said again


def test_missing_score_is_an_error(project, capsys):
    delete_row(project, "备选审核重点评分", 21)
    code, problems = check(project, capsys)
    assert code == 1
    [p] = problems
    assert "空压站" in p["message"] and "主要消耗" in p["message"] and "不能当作 0 分" in p["message"]


def test_target_not_better_than_baseline(project, capsys):
    edit(project, "D.24 清洁生产目标", 4, "近期目标绝对值", 6)   # VOCs 基准期 5.184, 降低
    code, problems = check(project, capsys)
    assert code == 1
    [p] = [p for p in problems if p["sheet"] == "D.24 清洁生产目标" and "不优于" in p["message"]]
    assert p["row"] == 4 and "5.18" in p["message"]


def test_missing_high_cost_min_is_an_error(project, capsys):
    toml = project / "project.toml"
    toml.write_text("\n".join(ln for ln in toml.read_text(encoding="utf-8").splitlines()
                              if not ln.startswith("high_cost_min")), encoding="utf-8")
    code, problems = check(project, capsys)
    assert code == 1
    assert any(p["field"] == "options.high_cost_min" and "F09" in p["message"] for p in problems)


def test_unknown_energy_name_reported_in_d11_only(project, capsys):
    edit(project, "D.11 能源消耗", 2, "能源类别", "电")
    code, problems = check(project, capsys)
    assert code == 1
    assert [p["sheet"] for p in problems] == ["D.11 能源消耗"]
    assert "是否想写“电力”" in problems[0]["message"] and problems[0]["row"] == 2


def test_one_bad_cell_one_message(project, capsys):
    edit(project, "D.6 产品产量", 2, "2024年产量", "3.5万件")
    code, problems = check(project, capsys)
    assert code == 1
    assert len(problems) == 1 and problems[0]["sheet"] == "D.6 产品产量" and problems[0]["row"] == 2


def test_blank_output_is_an_error_not_not_applicable(project, capsys):
    edit(project, "D.6 产品产量", 3, "2024年产量", None)   # 钢制支架: denominator of 钢板
    code, problems = check(project, capsys)
    assert code == 1
    [p] = [p for p in problems if p["level"] == "error"]
    assert p["sheet"] == "D.6 产品产量" and p["row"] == 3 and "钢板" in p["message"]


def test_deleted_balance_stream_against_stated_total(project, capsys):
    delete_row(project, "平衡实测", 8)   # 产品及污泥带走 1500 m³/a
    code, problems = check(project, capsys)
    assert code == 1
    assert any(p["sheet"] == "平衡实测" and "202,000" in p["message"] for p in problems)


def test_duplicate_benefit_row_not_summed(project, capsys):
    wb = openpyxl.load_workbook(project / "data.xlsx")
    ws = wb["方案效益"]
    ws.append([c.value for c in ws[10]])   # F03 预期 节电 again
    wb.save(project / "data.xlsx")
    code, problems = check(project, capsys)
    assert code == 1
    assert any("与第 10 行重复" in p["message"] for p in problems)


def test_benefit_items_reconcile_with_option_register(project, capsys):
    edit(project, "方案效益", 40, "折合年度量", 2940)   # F09 预期 节约电费 29.4 → ×100
    code, problems = check(project, capsys)
    assert code == 1
    assert any(p["sheet"] == "D.30 方案登记" and "F09" in p["message"] for p in problems)
    assert any(p["sheet"] == "可行性分析" and "F09" in p["message"] for p in problems)


def test_target_baseline_checked_against_its_source(project, capsys):
    delete_row(project, "D.11 能源消耗", 3)   # 天然气: 单位产品综合能耗 drops from 46 111.9 kgce/万件
    code, problems = check(project, capsys)
    assert code == 1
    [p] = [p for p in problems if p["sheet"] == "D.24 清洁生产目标"]
    assert p["row"] == 2 and "46,111.9" in p["message"] and "表D.12" in p["message"]


def test_two_products_never_divided_by_the_first_only(project, capsys):
    # #16 item 3: the demo's 电力 is allocated by value; with the rule blanked and no product named, a
    # two-product plant would have been divided by 铝合金壳体 alone — now an error at the cell
    edit(project, "D.11 能源消耗", 2, "分摊方式", None)
    code, problems = check(project, capsys)
    assert code == 1
    assert [(p["sheet"], p["row"], p["field"]) for p in problems] == [("D.11 能源消耗", 2, "分摊方式")]
    assert "不会默认只算第一种产品" in problems[0]["message"]


def test_allocation_by_output_needs_one_unit(project, capsys):
    edit(project, "D.10 水资源消耗", 2, "分摊方式", "按产量")     # 万件 and t cannot be added
    code, problems = check(project, capsys)
    assert code == 1 and problems[0]["row"] == 2 and "产量单位不同" in problems[0]["message"]


def test_option_investment_typed_in_yuan_is_named(project, capsys):
    """元 typed for 万元 moves an option's cost class: F13 壳体轻量化设计 150 万元 typed as 1 500 000 is more than
    the enterprise's whole annual output (D.4 32 300 万元)."""
    edit(project, "D.30 方案登记", 14, "预计投资", 1_500_000)
    code, problems = check(project, capsys)
    assert code == 0
    [over] = [p for p in problems if p["sheet"] == "D.30 方案登记"]
    assert (over["row"], over["field"], over["level"]) == (14, "预计投资", "warning")
    assert "F13" in over["message"] and "32,300" in over["message"] and "不是元" in over["message"]
