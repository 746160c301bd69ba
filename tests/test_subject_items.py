"""Company details are typed once (issue #21): items marked ``from_subject`` repeat a ``[subject]`` field of
project.toml.  A blank cell takes project.toml's value, a differing cell is one error naming both places,
and a new project's workbook shows the value with a note saying where it comes from."""
from __future__ import annotations

import shutil

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cpframework.cli.run import main
from cpframework.host.registry import get_registry
from cpframework.model import Item, SubjectField, TableSchema
from cpframework.project.create import create_project
from cpframework.project.folder import load_project
from cpframework.project.subject_items import _same, definition_errors, subject_value

from .conftest import EXAMPLES

SHEET = "D.4 企业基本信息"


@pytest.fixture()
def enterprise_copy(tmp_path):
    dst = tmp_path / "enterprise"
    shutil.copytree(EXAMPLES / "enterprise_demo", dst)
    return dst


def marked_items():
    table = get_registry().standard("zhengzhou_enterprise").tables["D.4"]
    return [it for it in table.items if it.from_subject]


def edit_d4(root, values: dict[str, object]) -> dict[str, int]:
    """Set the 数值 cell of D.4 items (by code); returns item id → sheet row."""
    wb = openpyxl.load_workbook(root / "data.xlsx")
    ws = wb[SHEET]
    rows = {ws.cell(r, 1).value: r for r in range(2, ws.max_row + 1)}
    for code, value in values.items():
        ws.cell(rows[code], 4, value)
    wb.save(root / "data.xlsx")
    return rows


def test_the_enterprise_standard_marks_the_company_details():
    assert {it.id: it.from_subject for it in marked_items()} == {
        "name": "name", "industry": "industry", "nature": "unit_nature", "legal_rep": "legal_rep",
        "address": "address", "contact": "contact", "phone": "phone", "products": "products"}


def test_blank_cells_take_the_manifest_values_and_change_nothing_else(enterprise_copy):
    before, std = load_project(enterprise_copy)
    edit_d4(enterprise_copy, {it.id: None for it in marked_items()})
    after, _ = load_project(enterprise_copy)
    for it in marked_items():
        assert after.table("D.4").item(it.id)["value"] == subject_value(after.manifest, it.from_subject, std.info)
    assert after.table("D.4").rows == before.table("D.4").rows
    assert [p.text() for p in after.problems] == [p.text() for p in before.problems]


@pytest.mark.parametrize("item_id", [it.id for it in marked_items()])
def test_a_cell_that_disagrees_with_the_manifest_is_one_error_naming_both_places(enterprise_copy, capsys, item_id):
    rows = edit_d4(enterprise_copy, {item_id: "另一个值"})
    code = main(["check", str(enterprise_copy)])
    out = capsys.readouterr().out
    assert code == 1
    lines = [ln for ln in out.splitlines() if ln.startswith("错误")]
    assert len(lines) == 1, out
    assert f"工作表“{SHEET}” 第 {rows[item_id]} 行 D 列" in lines[0] and "project.toml" in lines[0]
    assert "不一致" in lines[0] and "清空这个单元格" in lines[0]


def test_spacing_and_full_width_forms_are_not_a_disagreement(enterprise_copy):
    project, _ = load_project(enterprise_copy)
    phone = project.manifest.subject["phone"]
    edit_d4(enterprise_copy, {"phone": " " + phone.replace(" ", "") + " "})
    project, _ = load_project(enterprise_copy)
    assert not [p for p in project.problems if p.code == "subject_mismatch"]


def test_a_new_project_shows_the_manifest_values_with_their_source(tmp_path):
    std = get_registry().standard("zhengzhou_enterprise")
    subject = {"legal_rep": "赵某", "industry": "金属制品业 C33"}
    create_project(tmp_path / "p", std, name="某某公司", year=2025, subject=subject)
    ws = openpyxl.load_workbook(tmp_path / "p" / "data.xlsx")[SHEET]
    cells = {ws.cell(r, 1).value: ws.cell(r, 4) for r in range(2, ws.max_row + 1)}
    assert cells["legal_rep"].value == "赵某" and cells["industry"].value == "金属制品业 C33"
    assert cells["name"].value == "某某公司"
    assert cells["contact"].value is None  # not filled in project.toml: nothing to show
    for it in marked_items():
        assert "project.toml" in cells[it.id].comment.text
    assert cells["postcode"].comment is None
    project, _ = load_project(tmp_path / "p")
    assert not [p for p in project.problems if p.code == "subject_mismatch"]


def test_a_marker_that_names_no_subject_field_is_a_definition_error():
    class Info:
        subject_fields = (SubjectField(id="legal_rep", label="法人代表"),)

    def table(item_marker, per_year=False):
        return TableSchema(standard="s", id="T", title="t", sheet="t", kind="items", per_year=per_year,
                           items=(Item(id="x", label="x", type="text", from_subject=item_marker),))

    assert definition_errors(table("legal_rep"), Info) == []
    assert definition_errors(table("name"), Info) == []
    assert "legal_repp" in definition_errors(table("legal_repp"), Info)[0]
    assert definition_errors(table("legal_rep", per_year=True), Info)


@given(st.text(min_size=1, max_size=12), st.text(alphabet=" \u3000\t", max_size=3))
def test_whitespace_never_makes_a_difference_but_content_does(text, space):
    assert _same(space + text + space, text)
    if "".join(text.split()):
        assert not _same(text + "X", text)
