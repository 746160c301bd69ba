"""``cpaudit upgrade``: a project made with one version of a standard's definitions is brought up to the next.

A small standard is declared inline in two versions.  Version 2 adds an item, a field, a table and an
indicator, removes an item, a field and an indicator, and changes an item's unit; a project created and
filled under version 1 is then checked and upgraded under version 2.
"""
import re
import shutil
import zipfile

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cpframework import hookimpl
from cpframework.errors import ProjectError, UsageError
from cpframework.model import Field, Indicator, Input, Item, Level, SelectionRule, StandardInfo, TableSchema, Threshold
from cpframework.project.create import create_project
from cpframework.project.folder import load_project
from cpframework.project.upgrade import upgrade_project
from cpframework.testing import make_registry

STD = "ver"


def items(*extra):
    return TableSchema(standard=STD, id="quantities", title="基础数据", sheet="基础数据", kind="items", per_year=True,
                       items=(Item(id="water", label="新鲜水量", unit="m³", required=True), *extra))


def team(*fields):
    return TableSchema(standard=STD, id="team", title="审核小组", sheet="审核小组",
                       fields=(Field(id="name", label="姓名", required=True), *fields))


PLANTS = TableSchema(standard=STD, id="plants", title="装置", sheet="装置",
                     fields=(Field(id="name", label="装置名称", required=True),
                             Field(id="capacity", label="产能", unit="t", type="number", per_year=True)))


def indicator(ind_id, seq, item, mandatory=False):
    return Indicator(standard=STD, id=ind_id, seq=seq, name=f"指标{ind_id}", formula="direct", mandatory=mandatory,
                     direction="higher", thresholds={"good": Threshold(op=">=", value=1)},
                     inputs=(Input(arg="value", item=item),))


V1 = {"tables": (items(Item(id="output", label="产量", unit="t"), Item(id="legacy", label="旧数据项", unit="t")),
                 team(Field(id="dept", label="部门"), Field(id="role", label="职务")), PLANTS),
      "indicators": (indicator("I1", 1, "water", mandatory=True), indicator("I0", 2, "output"))}
V2 = {"tables": (items(Item(id="output", label="产量", unit="万t"), Item(id="energy", label="综合能耗", unit="tce")),
                 team(Field(id="role", label="职务"), Field(id="phone", label="电话")), PLANTS,
                 TableSchema(standard=STD, id="extra", title="附加数据", sheet="附加数据",
                             fields=(Field(id="note", label="备注"),))),
      "indicators": (indicator("I1", 1, "water", mandatory=True), indicator("I2", 3, "energy"))}


class Versioned:
    def __init__(self, tables, indicators):
        self.tables, self.indicators = tables, indicators

    @hookimpl
    def cpf_standards(self):
        yield StandardInfo(id=STD, code="V-1", title="升级测试标准", subject="enterprise", indicator_table="quantities",
                           default_report="audit",
                           levels=(Level(id="good", label="良好"),), selection_rules=(SelectionRule(kind="all_mandatory"),))

    @hookimpl
    def cpf_tables(self):
        yield from self.tables

    @hookimpl
    def cpf_indicators(self):
        yield from self.indicators

    @hookimpl
    def cpf_report_kinds(self):
        from cpframework.report.outline import report_kind_from_dict

        yield report_kind_from_dict({"report": {"id": "audit", "title": "审核报告"},
                                     "outline": [{"id": "overview", "title": "概述", "requirement": "概述企业。"}]}, STD)


def registry(version):
    return make_registry(("ver", Versioned(**version)))


def headers(ws):
    return {str(c.value).lstrip("*"): c.column for c in ws[1] if c.value is not None}


def row_of(ws, key):
    return next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == key)


@pytest.fixture()
def project(tmp_path):
    return filled_project(tmp_path)


def filled_project(tmp_path):
    """A project made and filled under version 1 (review years 2022–2024)."""
    root = tmp_path / "proj"
    create_project(root, registry(V1).standard(STD), name="示例企业", year=2025)
    wb = openpyxl.load_workbook(root / "data.xlsx")
    ws = wb["基础数据"]
    h = headers(ws)
    for year, value in ((2022, 100), (2023, 110), (2024, 120)):
        ws.cell(row_of(ws, "water"), h[f"{year}年"], value)
    ws.cell(row_of(ws, "water"), h["说明/数据来源"], "来源：统计年报")
    from openpyxl.comments import Comment

    ws.cell(row_of(ws, "water"), h["2024年"]).comment = Comment("经核实", "审核员")
    ws.cell(row_of(ws, "output"), h["2024年"], 5)
    ws.cell(row_of(ws, "legacy"), h["2024年"], 7)
    ws = wb["审核小组"]
    ws.append(["张三", "环保科", "组长"])
    ws.append(["李四", None, "组员"])
    ws = wb["装置"]
    ws.append(["一号炉", 10, 11, 12])
    ws.cell(1, 5, "我的备注")  # the consultant's own column in a sheet version 2 does not change
    ws.cell(2, 5, "保留我")
    wb.create_sheet("我的草稿")["A1"] = "草稿"
    sel = wb["指标选择"]
    sel.cell(row_of(sel, "I0"), headers(sel)["是否选用"], "是")
    wb.save(root / "data.xlsx")
    return root


def values(root, reg):
    """What check reads: table id → rows, for the fields both versions share with the same unit."""
    proj, _std = load_project(root, reg)
    out = {}
    for tid, data in proj.tables.items():
        out[tid] = [{k: v for k, v in row.items() if k in ("id", "value", "note", "name", "role", "capacity", "selected",
                                                            "code")} for row in data.rows]
    return proj, out


def test_check_under_new_definitions_says_once_to_upgrade(project):
    proj, _ = load_project(project, registry(V2))
    first = proj.problems[0]
    assert first.code == "outdated" and first.level == "error"
    assert [p for p in proj.problems if p.code == "outdated"] == [first]
    text = first.message
    for part in ("缺少工作表“附加数据”", "工作表“基础数据”缺少行“energy 综合能耗”", "工作表“审核小组”缺少列“电话”",
                 "工作表“指标选择”缺少行“I2 指标I2”", "指标选择”中有当前定义已没有的行“I0”",
                 f"cpaudit upgrade {project}"):
        assert part in text, text
    assert not any("缺少工作表" in p.message for p in proj.problems[1:])
    # an item whose template unit changed (t → 万t) is converted on reading, said as a warning at its unit cell
    assert [p.level for p in proj.problems if p.code == "unit_converted"] == ["warning"]


def test_upgrade_keeps_values_backup_and_moves_what_has_no_place(project):
    before = (project / "data.xlsx").read_bytes()
    _, old = values(project, registry(V1))
    reg = registry(V2)
    result = upgrade_project(project, reg)
    assert result.written and result.backup.read_bytes() == before
    assert re.fullmatch(r"data\.升级前-\d{8}-\d{6}\.xlsx", result.backup.name)
    proj, new = values(project, reg)
    assert not [p for p in proj.problems if p.level == "error"], [p.text() for p in proj.problems]
    assert [p.code for p in proj.problems if p.sheet == "升级移出的数据"] == ["moved_values"]  # a reminder
    assert {p.sheet for p in proj.problems} == {"升级移出的数据", "我的草稿", "装置"}  # the consultant's own, as before
    water = next(r for r in new["quantities"] if r["id"] == "water")
    assert water == next(r for r in old["quantities"] if r["id"] == "water")  # values and 说明 kept
    assert [(r["name"], r["role"]) for r in new["team"]] == [("张三", "组长"), ("李四", "组员")]
    assert new["plants"] == old["plants"] and new["extra"] == []
    assert {r["code"]: r["selected"] for r in new["indicator_selection"]} == {"I1": True, "I2": False}
    wb = openpyxl.load_workbook(project / "data.xlsx")
    ws = wb["基础数据"]
    assert ws.cell(row_of(ws, "water"), headers(ws)["2024年"]).comment.text == "经核实"
    assert ws.cell(row_of(ws, "output"), 3).value == "万t" and ws.cell(row_of(ws, "output"), headers(ws)["2024年"]).value is None
    assert wb["装置"]["E2"].value == "保留我" and wb["我的草稿"]["A1"].value == "草稿"  # untouched sheets stay
    moved = {(r[0], r[3], r[4]): r[5] for r in wb["升级移出的数据"].iter_rows(min_row=2, values_only=True)}
    assert set(moved) == {("基础数据", "2024年", 7), ("基础数据", "2024年", 5), ("审核小组", "部门", "环保科"),
                          ("指标选择", "是否选用", "是")}
    assert "不存在" in moved[("基础数据", "2024年", 7)] and "万t" in moved[("基础数据", "2024年", 5)]
    assert {m.value for m in result.moved} == {7, 5, "环保科", "是"}
    sheets = {c.sheet: c for c in result.changes}
    assert sheets["附加数据"].added and sheets["审核小组"].added_columns == ["电话"]
    assert "装置" not in sheets


def test_second_upgrade_changes_nothing(project):
    reg = registry(V2)
    upgrade_project(project, reg)
    after = (project / "data.xlsx").read_bytes()
    backups = sorted(project.glob("data.升级前-*"))
    again = upgrade_project(project, reg)
    assert not again.changed and not again.written and again.backup is None
    assert (project / "data.xlsx").read_bytes() == after and sorted(project.glob("data.升级前-*")) == backups


def test_dry_run_writes_nothing_and_reports_the_same(project):
    before = (project / "data.xlsx").read_bytes()
    reg = registry(V2)
    dry = upgrade_project(project, reg, dry_run=True)
    assert dry.changed and not dry.written and dry.backup is None
    assert (project / "data.xlsx").read_bytes() == before and not list(project.glob("data.升级前-*"))
    real = upgrade_project(project, reg)
    assert [c.as_dict() for c in dry.changes] == [c.as_dict() for c in real.changes]
    assert [m.as_dict() for m in dry.moved] == [m.as_dict() for m in real.moved]


def test_changed_review_period_adds_year_columns(project):
    reg = registry(V1)
    manifest = project / "project.toml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace("audit_year = 2025", "audit_year = 2026"),
                        encoding="utf-8")
    proj, _ = load_project(project, reg)
    assert proj.problems[0].code == "outdated" and "缺少列“2025年”" in proj.problems[0].message
    assert "2025年产能" in proj.problems[0].message
    result = upgrade_project(project, reg)
    wb = openpyxl.load_workbook(project / "data.xlsx")
    assert [c.value for c in wb["基础数据"][1]][3:7] == ["2023年", "2024年", "2025年", "说明/数据来源"]
    proj, new = values(project, reg)
    assert next(r for r in new["quantities"] if r["id"] == "water")["value"] == {2023: 110, 2024: 120, 2025: None}
    assert new["plants"][0]["capacity"] == {2023: 11, 2024: 12, 2025: None}
    moved = {(m.sheet, m.column, m.value) for m in result.moved}
    assert ("基础数据", "2022年", 100) in moved and ("装置", "2022年产能（t）", 10) in moved
    assert all("审核考察期" in m.reason for m in result.moved if "年" in m.column)
    mine = next(m for m in result.moved if m.column == "我的备注")  # a sheet that is laid out anew keeps no extras
    assert mine.value == "保留我" and "当前定义中没有这一列" in mine.reason
    assert not any(p.code == "outdated" for p in proj.problems)


def test_renamed_sheet_is_not_guessed(project):
    wb = openpyxl.load_workbook(project / "data.xlsx")
    wb["审核小组"].title = "审核小组 "
    wb.save(project / "data.xlsx")
    before = (project / "data.xlsx").read_bytes()
    proj, _ = load_project(project, registry(V1))
    assert any("工作表“审核小组 ”是否就是它" in p.message for p in proj.problems)
    assert not any(p.code == "outdated" for p in proj.problems)
    with pytest.raises(ProjectError, match="像是“审核小组”改了名"):
        upgrade_project(project, registry(V1))
    assert (project / "data.xlsx").read_bytes() == before


def test_formulas_become_the_values_check_read(project):
    wb = openpyxl.load_workbook(project / "data.xlsx")
    ws = wb["基础数据"]
    ws.cell(row_of(ws, "water"), headers(ws)["2022年"], "=50+50")  # in a sheet laid out anew
    wb["装置"]["B2"] = "=5+5"  # in a sheet version 2 leaves as it is
    wb.save(project / "data.xlsx")
    _with_cached_values(project / "data.xlsx", {"50+50": "100", "5+5": "10"})  # as Excel would have saved it
    _, old = values(project, registry(V1))
    assert old["plants"][0]["capacity"][2022] == 10
    result = upgrade_project(project, registry(V2))
    _, new = values(project, registry(V2))
    assert new["quantities"] == [r for r in old["quantities"] if r["id"] == "water"] + new["quantities"][1:]
    assert new["plants"] == old["plants"]
    assert {c.sheet: c.formulas for c in result.changes if c.formulas} == {"基础数据": 1, "装置": 1}
    assert "公式单元格改为其计算结果" in next(c for c in result.changes if c.sheet == "装置").describe()


def _with_cached_values(path, cached):
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            for formula, value in cached.items():
                if info.filename.startswith("xl/worksheets/"):
                    data = re.sub(rf"<f>{re.escape(formula)}</f>(<v\s*/>|<v></v>)?".encode(),
                                  f"<f>{formula}</f><v>{value}</v>".encode(), data)
            dst.writestr(info, data)
    shutil.move(tmp, path)


def test_workbook_open_in_excel_is_refused(project):
    (project / "~$data.xlsx").write_bytes(b"lock")
    with pytest.raises(UsageError, match="Excel"):
        upgrade_project(project, registry(V2))
    assert not list(project.glob("data.升级前-*"))


def test_failed_write_leaves_workbook_and_no_backup(project, monkeypatch):
    before = (project / "data.xlsx").read_bytes()

    def fail(self, filename):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(openpyxl.Workbook, "save", fail)
    with pytest.raises(UsageError, match="无法写入"):
        upgrade_project(project, registry(V2))
    assert (project / "data.xlsx").read_bytes() == before and not list(project.glob("data.升级前-*"))


def test_backups_are_never_overwritten(project):
    from cpframework.project.upgrade import _backup

    first, second = _backup(project / "data.xlsx"), _backup(project / "data.xlsx")
    assert first != second and first.read_bytes() == second.read_bytes() == (project / "data.xlsx").read_bytes()


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(water=st.lists(st.one_of(st.none(), st.integers(0, 10**9), st.floats(0, 1e9, allow_nan=False)), min_size=3,
                      max_size=3),
       names=st.lists(st.text("张李王赵钱孙ABC -=+@", min_size=1, max_size=8).filter(str.strip), max_size=4))
def test_every_shared_value_survives(tmp_path_factory, water, names):
    root = tmp_path_factory.mktemp("prop") / "p"
    create_project(root, registry(V1).standard(STD), name="性质测试", year=2025)
    wb = openpyxl.load_workbook(root / "data.xlsx")
    ws = wb["基础数据"]
    for year, value in zip((2022, 2023, 2024), water):
        ws.cell(row_of(ws, "water"), headers(ws)[f"{year}年"], value)
    for n in names:
        wb["审核小组"].append(["'" + n if n[0] in "=+-@" else n, None, "组员"])
    wb.save(root / "data.xlsx")
    _, old = values(root, registry(V1))
    upgrade_project(root, registry(V2))
    _, new = values(root, registry(V2))
    assert new["quantities"][0] == old["quantities"][0]
    assert [(r["name"], r["role"]) for r in new["team"]] == [(r["name"], r["role"]) for r in old["team"]]


def test_records_column_whose_unit_changed_is_moved_with_the_reason(project):
    v3 = {**V1, "tables": (*V1["tables"][:2], TableSchema(
        standard=STD, id="plants", title="装置", sheet="装置",
        fields=(Field(id="name", label="装置名称", required=True),
                Field(id="capacity", label="产能", unit="万t", type="number", per_year=True))))}
    result = upgrade_project(project, registry(v3))
    moved = {(m.column, m.value): m.reason for m in result.moved}
    assert moved[("2022年产能（t）", 10)] == "单位已改变（现为列“2022年产能（万t）”），请换算后填入"
    _, new = values(project, registry(v3))
    assert new["plants"][0]["capacity"] == {2022: None, 2023: None, 2024: None}
