"""Issue #14, yunnan_park: each case the issue lists, through the real CLI on a copy of the demo.

Every case must make ``cpaudit check`` fail (exit 1) with a Chinese message naming the sheet and row,
and the numbers on both sides where there are two."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cpframework.testing import cpaudit_main as main
from cpframework.testing import append_rows, set_cells

DEMO = Path(__file__).resolve().parents[3] / "examples" / "yunnan_demo"


@pytest.fixture()
def proj(tmp_path):
    dst = tmp_path / "p"
    shutil.copytree(DEMO, dst)
    return dst


def check(capsys, root: Path) -> tuple[int, str]:
    code = main(["check", str(root)])
    out = capsys.readouterr()
    return code, out.out + out.err


def rows_of(book: Path, sheet: str, first: str) -> list[int]:
    import openpyxl

    ws = openpyxl.load_workbook(book)[sheet]
    return [r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == first]


def delete_rows(book: Path, sheet: str, first: str) -> None:
    import openpyxl

    wb = openpyxl.load_workbook(book)
    ws = wb[sheet]
    for r in sorted(rows_of(book, sheet, first), reverse=True):
        ws.delete_rows(r)
    wb.save(book)


def read_row(book: Path, sheet: str, row: int) -> dict[str, object]:
    import openpyxl

    ws = openpyxl.load_workbook(book)[sheet]
    return {str(ws.cell(1, c).value).lstrip("*"): ws.cell(row, c).value for c in range(1, ws.max_column + 1) if ws.cell(1, c).value}


def largest_energy_user(root: Path) -> str:
    from cpframework.api import load_project

    project, _std = load_project(root)
    rows = project.tables["energy_water"].rows
    return str(max(rows, key=lambda r: r["energy_tce"])["ent_id"])


def test_demo_is_clean(capsys):
    code, out = check(capsys, DEMO)
    assert code == 0 and "0 个警告" in out, out


def test_same_permit_rows_twice_is_an_error_naming_both_rows(proj, capsys):
    book = proj / "data.xlsx"
    first = rows_of(book, "许可排放量", "E001")[0]
    append_rows(book, "许可排放量", [read_row(book, "许可排放量", first)])
    code, out = check(capsys, proj)
    assert code == 1
    assert f"与第 {first} 行重复" in out and "不会被累加" in out and "许可排放量" in out


def test_second_energy_row_is_an_error(proj, capsys):
    book = proj / "data.xlsx"
    first = rows_of(book, "能源水资源", "E001")[0]
    append_rows(book, "能源水资源", [read_row(book, "能源水资源", first)])
    code, out = check(capsys, proj)
    assert code == 1 and f"与第 {first} 行重复" in out and "能源水资源" in out


def test_deleting_every_row_of_the_largest_energy_user_is_an_error(proj, capsys):
    eid = largest_energy_user(proj)
    book = proj / "data.xlsx"
    for sheet in ("能源水资源", "固体废物", "许可排放量"):
        delete_rows(book, sheet, eid)
    code, out = check(capsys, proj)
    assert code == 1
    for sheet in ("能源水资源", "固体废物"):
        assert f"企业 {eid}" in out and f"在工作表“{sheet}”中没有 2024 年的数据行" in out
    assert "园区工业综合能源消费量" in out   # and the park total no longer reconciles


def test_stated_key_count_against_computed_list(proj, capsys):
    set_cells(proj / "data.xlsx", "园区指标数据", {("key_total", "2024年"): 30})
    code, out = check(capsys, proj)
    assert code == 1
    assert "填的是 30 家" in out and "审核分级清单重点企业共 41 家" in out


def test_park_cod_total_against_enterprise_sum(proj, capsys):
    set_cells(proj / "data.xlsx", "园区指标数据", {("cod", "2024年"): 300})
    code, out = check(capsys, proj)
    assert code == 1
    assert "园区化学需氧量排放量”为 300" in out and "化学需氧量实际排放量之和" in out


def test_exceedance_contradicts_total_control(proj, capsys):
    set_cells(proj / "data.xlsx", "定性与核查项", {("total_control", "数值"): "是", ("sources_compliant", "数值"): "是"})
    code, out = check(capsys, proj)
    assert code == 1
    assert "实际排放量超过许可排放量" in out and "总量控制指标不能判为全部完成" in out
    assert "警告" in out and "稳定达标" in out


def test_part_above_whole_is_an_error(proj, capsys):
    book = proj / "data.xlsx"
    set_cells(book, "能源水资源", {("E010", "可再生能源使用量"): 1e9})
    set_cells(book, "统计数据", {("E010", "工业总产值"): 1})
    code, out = check(capsys, proj)
    assert code == 1
    assert "可再生能源使用量" in out and "大于其综合能源消费量" in out
    assert "工业增加值" in out and "大于工业总产值" in out


def test_deleted_indicator_selection_row_is_an_error(proj, capsys):
    delete_rows(proj / "data.xlsx", "指标选择", "Y04")
    code, out = check(capsys, proj)
    assert code == 1 and "指标选择表缺少指标 Y04" in out
