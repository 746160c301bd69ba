"""Add-on flags and opt-in content: what an add-on may add to a standard it does not own, and that a
project which has not switched it on is not affected by it."""
import openpyxl
import pytest

from cpframework import hookimpl
from cpframework.model import FlagDef, Indicator, Input, Item, Stage, TableSchema, Threshold, flag_on
from cpframework.project.create import create_project
from cpframework.project.folder import load_project
from cpframework.project.upgrade import upgrade_project
from cpframework.testing import make_registry

PARK = "park_cppc"


class Addon:
    """Configurable add-on to park_cppc: a flag, a table, an indicator and a stage, gated or not."""

    def __init__(self, *, flag="hb", default=False, table_when="hb", indicator_when="hb", stage_when="hb"):
        self.flag, self.default = flag, default
        self.table_when, self.indicator_when, self.stage_when = table_when, indicator_when, stage_when

    @hookimpl
    def cpf_flags(self):
        if self.flag:
            yield FlagDef(standard=PARK, id=self.flag, label="执行河北省补充要求", default=self.default)

    @hookimpl
    def cpf_tables(self):
        yield TableSchema(standard=PARK, id="hb_water", title="河北补充数据", sheet="河北补充数据", kind="items",
                          when=self.table_when, items=(Item(id="fresh_water", label="新鲜水用量", unit="m³", required=True),))

    @hookimpl
    def cpf_indicators(self):
        yield Indicator(standard=PARK, id="HB1", seq=101, name="新鲜水用量", formula="direct", direction="lower",
                        when=self.indicator_when, thresholds={"general": Threshold(op="<=", value=1e9)},
                        inputs=(Input(arg="value", item="fresh_water", table="hb_water"),))

    @hookimpl
    def cpf_stages(self):
        yield Stage(standard=PARK, id="hb_stage", order=99, clause="冀-1", title="河北省补充要求", when=self.stage_when)


def park(addon):
    reg = make_registry(("hebei", addon), autoload=True)
    return reg, reg.standard(PARK)


@pytest.mark.parametrize("when", ["", "not hb", "repeat_audit"])
def test_addon_table_and_indicator_must_be_gated_by_an_addon_flag(when):
    reg, std = park(Addon(table_when=when, indicator_when=when))
    assert "hb_water" not in std.tables and "HB1" not in {i.id for i in std.indicators}
    table_warning = next(w for w in reg.warnings if "数据表 hb_water" in w)
    assert "when" in table_warning and "可用：hb" in table_warning and "插件“hebei”" in table_warning
    assert any("指标 HB1" in w and "when" in w for w in reg.warnings)
    assert len(std.indicators) == 26  # the owner's are untouched


def test_gated_addon_content_is_kept():
    reg, std = park(Addon())
    assert std.tables["hb_water"].when == "hb" and std.indicator("HB1").when == "hb"
    assert std.opt_in_flag(std.tables["hb_water"]) == "hb" and std.opt_in_flag(std.tables["indicator_data"]) == ""
    assert not reg.warnings


def test_addon_flag_may_not_replace_an_owner_flag():
    reg, std = park(Addon(flag="repeat_audit", table_when="repeat_audit", indicator_when="repeat_audit"))
    assert [f.label for f in std.info.flags if f.id == "repeat_audit"] == ["再次开展清洁生产审核"]
    assert any("项目标志“repeat_audit”" in w and "重复声明" in w for w in reg.warnings)
    assert "hb_water" not in std.tables  # gated by the owner's flag: not opt-in


def test_for_project_leaves_out_what_a_flag_switches_off():
    _reg, std = park(Addon())
    off, on = std.for_project({}), std.for_project({"hb": True})
    assert "HB1" not in {i.id for i in off.indicators} and "hb_stage" not in {s.id for s in off.stages}
    assert [i.id for i in off.switched_off] == ["HB1"]
    assert on.indicators[-1].id == "HB1" and on.stages[-1].id == "hb_stage"
    assert on is std  # nothing left out: the same object
    assert "hb_water" in off.tables  # tables stay; the reader decides by `when`


def test_flag_on_rule():
    assert flag_on({}, "") and flag_on({"a": True}, "a") and not flag_on({}, "a")
    assert flag_on({}, "not a") and not flag_on({"a": True}, "not a") and flag_on({"a": True}, " a ")


def test_project_not_switched_on_is_not_affected(park_copy):
    reg, _std = park(Addon())
    wb = openpyxl.load_workbook(park_copy / "data.xlsx")
    ws = wb.create_sheet("河北补充数据")  # left over from a time the add-on was on: not read while it is off
    ws.append(["代码", "数据项", "单位", "数值"])
    ws.append(["fresh_water", "新鲜水用量", "m³", "不是数字"])
    wb.save(park_copy / "data.xlsx")
    project, std = load_project(park_copy, reg)
    assert project.problems == [] and not project.tables["hb_water"].present
    assert "HB1" not in {i.id for i in std.indicators}


@pytest.mark.parametrize("default", [False, True])
def test_init_takes_opt_in_tables_only_when_their_flag_starts_on(tmp_path, default):
    reg, std = park(Addon(default=default))
    create_project(tmp_path / "p", std, name="新园区", year=2025)
    wb = openpyxl.load_workbook(tmp_path / "p" / "data.xlsx")
    assert ("河北补充数据" in wb.sheetnames) is default
    assert ("HB1" in [c.value for c in wb["指标选择"]["A"]]) is default
    assert f"hb = {'true' if default else 'false'}" in (tmp_path / "p" / "project.toml").read_text(encoding="utf-8")
    assert not upgrade_project(tmp_path / "p", reg).changed


def test_uninstalled_addon_leaves_a_row_that_upgrade_moves_aside(park_copy):
    reg, _std = park(Addon())
    manifest = park_copy / "project.toml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace("[flags]", "[flags]\nhb = true"), encoding="utf-8")
    upgrade_project(park_copy, reg)
    without = make_registry(autoload=True)  # the add-on is gone
    project, _ = load_project(park_copy, without)
    outdated = next(p for p in project.problems if p.code == "outdated")
    assert "指标选择”中有当前定义已没有的行“HB1”" in outdated.message and "附加插件已卸载" in outdated.message
    result = upgrade_project(park_copy, without)
    assert [(m.sheet, m.row.split()[0]) for m in result.moved] == [("指标选择", "HB1")]
    project, _ = load_project(park_copy, without)
    assert not [p for p in project.problems if p.level == "error"]
