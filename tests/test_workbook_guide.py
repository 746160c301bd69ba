"""A new project's workbook guides its user — read back with openpyxl: the "从这里开始" sheet first, sheets
the flags make irrelevant hidden, Excel's validation accepting exactly what ``check`` accepts, readable
指标选择 with its rules and a live count, which indicators each data row feeds, print setup."""
from __future__ import annotations

import math

import openpyxl
import pytest
from hypothesis import given, settings, strategies as st

from cpframework.host.registry import get_registry
from cpframework.project.cells import parse_cell
from cpframework.project.create import create_project
from cpframework.project.guide import START_SHEET
from cpframework.project.workbook import all_tables

STANDARDS = ["park_cppc", "industry_cppc", "zhengzhou_enterprise", "yunnan_park"]


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory):
    out = {}
    for sid in STANDARDS:
        root = tmp_path_factory.mktemp(sid) / "项目"
        std = get_registry().standard(sid)
        create_project(root, std, name="某对象", year=2025)
        out[sid] = (std, openpyxl.load_workbook(root / "data.xlsx"))
    return out


@pytest.mark.parametrize("sid", STANDARDS)
def test_start_sheet_first_and_lists_every_visible_sheet(workbooks, sid):
    std, wb = workbooks[sid]
    assert wb.sheetnames[0] == START_SHEET and wb.active.title == START_SHEET
    start = wb[START_SHEET]
    linked = {c.value for row in start.iter_rows(min_col=2, max_col=2) for c in row if c.hyperlink}
    visible = {ws.title for ws in wb.worksheets if ws.sheet_state == "visible"} - {START_SHEET, "说明"}
    assert visible <= linked  # every sheet to fill is reachable from the guide
    text = "\n".join(str(c.value) for row in start.iter_rows() for c in row if c.value)
    assert "project.toml" in text and "cpaudit check" in text and "审核阶段" in text


@pytest.mark.parametrize("sid", STANDARDS)
def test_sheets_hidden_exactly_when_the_flags_make_them_irrelevant(workbooks, sid):
    from cpframework.model import flag_on
    from cpframework.project.template import start_flags

    std, wb = workbooks[sid]
    flags = start_flags(std, type("M", (), {"flags": {}})())
    for t in all_tables(std):
        if t.sheet in wb.sheetnames:
            assert (wb[t.sheet].sheet_state == "hidden") == (not flag_on(flags, t.when)), t.sheet
    assert wb["_lists"].sheet_state == "hidden"


def validations(ws):
    """cell coordinate → DataValidation (first rows of each range are enough)."""
    out = {}
    for dv in ws.data_validations.dataValidation:
        for rng in dv.sqref.ranges:
            out[rng.coord.split(":")[0]] = dv
    return out


def excel_accepts(dv, value: float) -> bool:
    if dv.type == "whole" and not float(value).is_integer():
        return False
    a = float(dv.formula1) if dv.formula1 is not None else None
    b = float(dv.formula2) if dv.formula2 is not None else None
    op = dv.operator or "between"
    return {"between": lambda: a <= value <= b, "greaterThanOrEqual": lambda: value >= a,
            "lessThanOrEqual": lambda: value <= a}[op]()


def numeric_cells(std, wb):
    """(spec, DataValidation) for every numeric field/item of every sheet."""
    from cpframework.project.workbook import columns

    for t in all_tables(std):
        if t.sheet not in wb.sheetnames:
            continue
        ws = wb[t.sheet]
        dvs = validations(ws)
        if t.kind == "items":
            for r, item in enumerate(t.items, 2):
                if item.type in ("number", "percent", "integer", "year"):
                    yield item, dvs.get(f"D{r}")
        else:
            for j, (_h, _fid, _y, spec) in enumerate(columns(t, [2022, 2023, 2024]), 1):
                if spec is not None and spec.type in ("number", "percent", "integer", "year"):
                    yield spec, dvs.get(f"{openpyxl.utils.get_column_letter(j)}2")


@pytest.mark.parametrize("sid", STANDARDS)
def test_validation_is_check_s_rule(workbooks, sid):
    """At and just beyond each bound, Excel and check agree (−1 t is refused by both)."""
    std, wb = workbooks[sid]
    seen = 0
    for spec, dv in numeric_cells(std, wb):
        assert dv is not None, spec.label
        seen += 1
        probes = [-1e12, -1, 0, 1, 1e12]
        for f in (dv.formula1, dv.formula2):
            if f is not None and abs(float(f)) < 1e300:
                probes += [float(f) - 1, float(f), float(f) + 1]
        for v in probes:
            _val, err = parse_cell(v, spec, spec.label)
            assert excel_accepts(dv, v) == (err is None), (spec.label, spec.unit, v, err, dv.formula1, dv.formula2)
    assert seen


@settings(max_examples=60, deadline=None)
@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e6, max_value=1e6))
def test_validation_agrees_with_check_on_any_number(workbooks, value):
    std, wb = workbooks["zhengzhou_enterprise"]
    for spec, dv in list(numeric_cells(std, wb))[:40]:
        if spec.type in ("integer", "year"):
            value = float(math.floor(value))
        _val, err = parse_cell(value, spec, spec.label)
        assert excel_accepts(dv, value) == (err is None), (spec.label, value, err)


@pytest.mark.parametrize("sid", [s for s in STANDARDS if get_registry().standard(s).info.selection_rules])
def test_selection_sheet_readable_with_rules_and_live_count(workbooks, sid):
    std, wb = workbooks[sid]
    ws = wb["指标选择"]
    names = [ws.cell(r, 4).value for r in range(2, ws.max_row + 1) if ws.cell(r, 4).value]
    width = ws.column_dimensions["D"].width
    longest = max(sum(2 if ord(ch) > 0x2E80 else 1 for ch in n) for n in names)
    assert width >= min(60, longest)  # "单位工业增加值综合能耗" no longer cut to "单位工业增"
    assert ws.max_column == 7  # nothing beside the table: upgrade would move it away
    header = next(c for c in ws[1] if c.value == "*是否选用")
    for rule in std.info.selection_rules:
        assert rule.clause in header.comment.text
    start = wb[START_SHEET]
    cells = [c.value for row in start.iter_rows() for c in row if isinstance(c.value, str)]
    counts = [v for v in cells if v.startswith("=COUNTIF") and "'指标选择'!" in v]
    assert len(counts) >= len(std.info.selection_rules)  # one "已选" per rule (+ the mandatory total)
    for rule in std.info.selection_rules:
        assert any(rule.clause in v for v in cells)


def test_data_rows_say_which_indicators_use_them(workbooks):
    std, wb = workbooks["park_cppc"]
    ws = wb["指标基础数据"]
    comments = [ws.cell(r, 2).comment.text for r in range(2, ws.max_row + 1) if ws.cell(r, 2).comment]
    assert len(comments) > 10 and all(c.startswith("用于：指标") for c in comments)
    assert ws.column_dimensions["A"].hidden  # codes hidden; check names rows by number and label


@pytest.mark.parametrize("sid", STANDARDS)
def test_print_setup(workbooks, sid):
    _std, wb = workbooks[sid]
    for ws in wb.worksheets:
        if ws.title == "_lists":
            continue
        assert ws.page_setup.orientation == "landscape", ws.title
        assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
        if ws.title not in (START_SHEET, "说明"):
            assert ws.print_title_rows == "$1:$1", ws.title


def test_generated_workbook_reads_back_without_warnings_about_its_own_sheets(tmp_path):
    from cpframework.evaluation.service import check_project
    from cpframework.project.folder import load_project

    reg = get_registry()
    create_project(tmp_path / "p", reg.standard("park_cppc"), name="某园区", year=2025)
    project, std = load_project(tmp_path / "p", reg)
    problems, _ev = check_project(reg, std, project)
    assert not [p for p in problems if p.sheet in (START_SHEET, "说明")]
