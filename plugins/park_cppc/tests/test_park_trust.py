"""Issue #14 for park_cppc through the real CLI: each case is reported by ``cpaudit check`` with a Chinese
message naming the sheet, the row and the cell, and exit code 1."""
import shutil
from pathlib import Path

import openpyxl
import pytest

from cpframework.testing import cpaudit_main, set_cells, text_problems

DEMO = Path(__file__).resolve().parents[3] / "examples" / "park_demo"


@pytest.fixture()
def park(tmp_path):
    dst = tmp_path / "park"
    shutil.copytree(DEMO, dst)
    return dst


def _check(park, capsys) -> tuple[int, str]:
    capsys.readouterr()
    code = cpaudit_main(["check", str(park)])
    out = capsys.readouterr()
    return code, out.out + out.err


def _delete_row(park: Path, sheet: str, cell: str) -> None:
    """Delete the first row of ``sheet`` that has a cell reading ``cell``."""
    wb = openpyxl.load_workbook(park / "data.xlsx")
    ws = wb[sheet]
    row = next(r for r in range(2, ws.max_row + 1) if any(str(c.value) == cell for c in ws[r]))
    ws.delete_rows(row)
    wb.save(park / "data.xlsx")


def _blank(park: Path, sheet: str, code: str, header: str) -> None:
    wb = openpyxl.load_workbook(park / "data.xlsx")
    ws = wb[sheet]
    col = next(c.column for c in ws[1] if c.value == header)
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == code)
    ws.cell(row, col).value = None
    wb.save(park / "data.xlsx")


def test_demo_is_clean(park, capsys):
    code, out = _check(park, capsys)
    assert code == 0 and "0 个警告" in out, out


def test_renewable_above_total_energy_is_an_error_not_1923_percent(park, capsys):
    set_cells(park / "data.xlsx", "指标基础数据", {("energy_renewable", "2024年"): 10_000_000})
    code, out = _check(park, capsys)
    assert code == 1
    line = next(ln for ln in out.splitlines() if "不应大于" in ln and "可再生能源使用量" in ln)
    assert "工作表“指标基础数据” 第 13 行" in line and "2024年" in line and "520,000" in line
    assert "无法计算：指标 8" in line                       # one message, the indicator folded in
    assert "1923" not in out and "先进水平" not in out
    capsys.readouterr()
    cpaudit_main(["evaluate", str(park)])
    assert "1923" not in capsys.readouterr().out


def test_more_good_air_days_than_days_is_an_error(park, capsys):
    set_cells(park / "data.xlsx", "指标基础数据", {("good_air_days", "2023年"): 400})
    code, out = _check(park, capsys)
    assert code == 1
    assert any("2023年“空气质量优良天数”为 400" in ln and "365" in ln and "第 22 行" in ln for ln in out.splitlines()), out


def test_monitoring_days_beyond_the_year(park, capsys):
    set_cells(park / "data.xlsx", "指标基础数据", {("days", "2023年"): 370})
    code, out = _check(park, capsys)
    assert code == 1 and "2023年的天数 365" in out, out


def test_part_above_whole_for_every_bounded_share(park, capsys):
    set_cells(park / "data.xlsx", "指标基础数据", {("key_audited", "2024年"): 17, ("green_pub_area", "2022年"): 56000})
    code, out = _check(park, capsys)
    assert code == 1
    assert "通过清洁生产审核评估重点企业数”为 17，不应大于“园区重点企业总数” 16" in out
    assert "2022年“新建公共建筑中绿色建筑的面积”为 56,000" in out


def test_missing_stock_is_not_zero(park, capsys):
    """A blank optional-looking input of a selected indicator is an error, never read as 0."""
    _blank(park, "指标基础数据", "sw_stock_used", "2024年")
    code, out = _check(park, capsys)
    assert code == 1 and "综合利用往年贮存量" in out and "未填写" in out, out


def test_deleted_selection_row_is_not_unselected(park, capsys):
    _delete_row(park, "指标选择", "I20")
    code, out = _check(park, capsys)
    assert code == 1 and "缺少指标 I20 的行" in out, out


def test_duplicate_target_names_both_rows(park, capsys):
    wb = openpyxl.load_workbook(park / "data.xlsx")
    ws = wb["清洁生产目标"]
    ws.append([c.value for c in ws[2]])
    wb.save(park / "data.xlsx")
    code, out = _check(park, capsys)
    assert code == 1
    assert "第 8 行" in out and "与第 2 行重复" in out and "同一指标 I08" in out, out


def test_target_not_better_and_out_of_range(park, capsys):
    set_cells(park / "data.xlsx", "清洁生产目标", {("2", "近期目标值"): 0.45, ("3", "中期目标值"): 120})
    code, out = _check(park, capsys)
    assert code == 1
    assert "近期目标值 0.45 不优于现状值 0.3969（越低越好）" in out
    assert "第 4 行 “中期目标值”：120 超出" in out, out


def test_negative_intensity_target_is_out_of_its_definitional_range(park, capsys):
    """单位工业增加值综合能耗 cannot be negative: a 远期目标值 of −0.3 is an error on its cell (found by negating
    every number of the demo)."""
    set_cells(park / "data.xlsx", "清洁生产目标", {("2", "远期目标值"): -0.3})
    code, out = _check(park, capsys)
    assert code == 1
    assert "第 3 行 “远期目标值”：-0.3 超出指标“单位工业增加值综合能耗”按定义可能的范围（不小于 0 吨标煤/万元）" in out, out


def test_short_board_without_focus_or_target_is_a_warning(park, capsys):
    _delete_row(park, "清洁生产目标", "6")
    _delete_row(park, "审核重点", "产业结构与增长动力")
    code, out = _check(park, capsys)
    assert "3 园区工业增加值三年年均增长率" in out and "既没有列为审核重点，也没有设置目标" in out, out


def test_focus_indicator_without_target(park, capsys):
    _delete_row(park, "清洁生产目标", "5")
    code, out = _check(park, capsys)
    assert "关联的指标 15 单位工业增加值废水排放量" in out and "没有目标" in out, out


def test_messages_are_fit_for_a_user(park, capsys):
    set_cells(park / "data.xlsx", "指标基础数据", {("energy_renewable", "2024年"): 10_000_000})
    set_cells(park / "data.xlsx", "清洁生产目标", {("2", "近期目标值"): 0.45})
    _code, out = _check(park, capsys)
    assert "不优于" in out and "不应大于" in out
    assert text_problems(out.replace("data.xlsx", "数据工作簿")) == []   # the file's own name is not prose


def test_indicator_23_count_must_match_the_log(park, capsys):
    """附件1 (23): only activities with ≥ 1‰ of employees and archived records count (the seed's 指标解释)."""
    wb = openpyxl.load_workbook(park / "data.xlsx")
    ws = wb["宣传培训"]
    col = next(c.column for c in ws[1] if str(c.value).lstrip("*").startswith("参与人数"))
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, col).value == 96)
    ws.cell(row, col).value = 58
    wb.save(park / "data.xlsx")
    code, out = _check(park, capsys)
    assert code == 1
    assert "参与人数 58 人少于 2024 年园区从业人数 68,000 人的千分之一（68 人），不计入指标23" in out
    assert "填报 4 次，但“宣传培训”中 2024 年符合附件1 (23) 要求" in out and "的活动为 3 次" in out, out


def _set_option(park: Path, seq: int, header: str, value) -> None:
    wb = openpyxl.load_workbook(park / "data.xlsx")
    ws = wb["B.3 方案汇总"]
    col = next(c.column for c in ws[1] if str(c.value).lstrip("*").startswith(header))
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == seq)
    ws.cell(row, col).value = value
    wb.save(park / "data.xlsx")


def test_option_benefit_above_what_it_acts_on(park, capsys):
    """2.6.2: an option's benefit is part of its enterprise's (industry's, park's) load."""
    _set_option(park, 11, "化学需氧量减排量", 160)
    code, out = _check(park, capsys)
    assert code == 1
    assert "第 12 行 “化学需氧量减排量”：160 大于企业 恒昌表面处理有限公司的化学需氧量排放量 5 t" in out, out


def test_option_focus_typo_is_named_where_typed(park, capsys):
    _set_option(park, 7, "对应审核重点", "新材料行业能源消耗和碳排放")
    code, out = _check(park, capsys)
    assert code == 1
    assert "是否想写“新材料行业能源消耗与碳排放”？" in out
    assert "没有针对这项审核重点的方案" in out, out


def test_options_short_of_the_energy_target(park, capsys):
    """Savings 1 000 + 4 200 tce by 2026: (520 000 − 5 200) ÷ 1 310 000 = 0.39298 against the target 0.386."""
    _set_option(park, 7, "节能量", 1000)
    code, out = _check(park, capsys)
    assert code == 0
    assert "第 3 行 “近期目标值”：单位工业增加值综合能耗近期目标 0.386 吨标煤/万元（2026）" in out, out
    assert "实施后预期为 0.393 吨标煤/万元，还差 0.006977 吨标煤/万元，不足以达到" in out.replace("\n", ""), out


def test_target_years_follow_each_other(park, capsys):
    """5.2.4: targets have dates; near < mid < long, all after the 审核基准期."""
    set_cells(park / "data.xlsx", "清洁生产目标", {("1", "中期目标年份"): 2025, ("2", "近期目标年份"): 2060})
    code, out = _check(park, capsys)
    assert code == 1
    assert "第 2 行 “中期目标年份”：2025 年应晚于近期目标年份 2026 年" in out
    assert "第 3 行 “近期目标年份”：2060 年应晚于审核基准期 2024 年，且在 30 年之内" in out, out
