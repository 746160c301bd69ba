"""Every hook spec has a test ``test_hook_<name>`` here that calls it through the registry with a small
inline plugin and asserts its effect (datasette's test_plugin_hooks_have_tests).

Most of them use one **add-on plugin**: a province adding its own requirement to the park standard
(park_cppc) without owning it — an extra data table, indicator, stage, status check, report kind with
its own section, a section inserted into the owner's audit report, a data check and an evaluation result.  docs/plugins.md §5 shows the same plugin.
"""
import json

import docx
import openpyxl
import pytest
from click.testing import CliRunner

from cpframework import hookimpl

from cpframework.host import hookspecs
from cpframework.calc import Result, Trace
from cpframework.errors import Problem
from cpframework.model import (Criterion, FlagDef, Formula, Indicator, Input, Item, SectionRenderer, Stage,
                               StandardInfo, StatusCheck, Step, TableSchema, Threshold)
from cpframework.project.folder import load_project
from cpframework.report.model import OutlineInsertion, OutlineNode
from cpframework.report.outline import outline_numbers, report_kind_from_dict
from cpframework.report.generate import generate_report
from cpframework.evaluation.service import check_project, evaluate_project
from cpframework.evaluation.status import project_status
from cpframework.testing import make_registry, uses

HOOKS = sorted(n for n in dir(hookspecs) if n.startswith("cpf_"))
PARK = "park_cppc"
HB = "hebei"  # the add-on's flag: a park project takes the add-on in with [flags] hebei = true


def test_every_hookspec_has_a_test():
    missing = [h for h in HOOKS if not callable(globals().get(f"test_hook_{h}"))]
    assert not missing, f"hooks without a test_hook_<name> test: {missing}"


# ---------------------------------------------------------------- the add-on plugin

def hb_water_per_va(*, water, va, name, unit="", **_):
    value = water.value / va.value
    return Result(value, unit, Trace(name=name, formula="新鲜水量 ÷ 工业增加值",
                                     substitution=f"{water.show()} ÷ {va.show()}", result=f"{value:g} {unit}"))


@uses("hb_water")
def hb_water_table(ctx, w):
    rows = [[r["id"], r.get("value")] for r in ctx.rows("hb_water")]
    w.table(["数据项", "数值"], rows, caption="河北省补充数据")


def hb_declared(project, evaluation):
    return None if project.manifest.flag("hb_declared") else "project.toml [flags] 未设置 hb_declared = true"


HB_REPORT = {"report": {"id": "hb_supplement", "title": "河北省补充报告"},
             "outline": [{"id": "hb_water", "number": "第一章", "title": "园区用水补充分析", "renderer": "hb_water_table",
                          "requirement": "按河北省要求分析园区新鲜水耗。"}]}


class HebeiAddon:
    """Adds Hebei's own requirements to park_cppc; owns no standard."""

    @hookimpl
    def cpf_flags(self):
        yield FlagDef(standard=PARK, id=HB, label="执行河北省补充要求")

    @hookimpl
    def cpf_tables(self):
        yield TableSchema(standard=PARK, id="hb_water", title="河北补充数据", sheet="河北补充数据", kind="items", when=HB,
                          items=(Item(id="fresh_water", label="园区工业新鲜水用量", unit="m³", required=True),))

    @hookimpl
    def cpf_formulas(self):
        yield Formula(name="hb_water_per_va", func=hb_water_per_va, standard=PARK)

    @hookimpl
    def cpf_indicators(self):
        yield Indicator(standard=PARK, id="HB1", seq=101, name="单位工业增加值新鲜水耗", category="河北补充",
                        unit="m³/万元", direction="lower", formula="hb_water_per_va", when=HB,
                        thresholds={"advanced": Threshold(op="<=", value=8), "general": Threshold(op="<=", value=15)},
                        inputs=(Input(arg="water", item="fresh_water", table="hb_water"),
                                Input(arg="va", item="industrial_va")))

    @hookimpl
    def cpf_stages(self):
        yield Stage(standard=PARK, id="hb_stage", order=99, clause="冀-1", title="河北省补充要求", when=HB, steps=(
            Step(id="hb_data", clause="冀-1.1", title="填报补充数据",
                 done_when=(Criterion(kind="items_filled", table="hb_water"),)),
            Step(id="hb_decl", clause="冀-1.2", title="签署声明", done_when=(Criterion(kind="check", check="hb_declared"),))))

    @hookimpl
    def cpf_status_checks(self):
        yield StatusCheck(standard=PARK, name="hb_declared", func=hb_declared)

    @hookimpl
    def cpf_report_kinds(self):
        yield report_kind_from_dict(HB_REPORT, PARK)

    @hookimpl
    def cpf_outline_insertions(self):
        yield OutlineInsertion(standard=PARK, report="audit", under="preliminary",
                               node=OutlineNode(id="hb_water_check", title="园区用水补充分析", renderer="hb_water_table",
                                                requirement="按河北省要求分析园区新鲜水耗。"))

    @hookimpl
    def cpf_section_renderers(self):
        yield SectionRenderer(standard=PARK, name="hb_water_table", func=hb_water_table)

    @hookimpl
    def cpf_validate_project(self, standard, project):
        if standard.id != PARK:
            return None
        data = project.tables.get("hb_water")
        row = data.item("fresh_water") if data is not None else None
        if row and row.get("value") is not None and row["value"] < 0:
            return [Problem(message="新鲜水用量不能为负", sheet="河北补充数据", field="fresh_water", value=row["value"])]
        return []

    @hookimpl
    def cpf_evaluate(self, standard, project, evaluation):
        if standard.id != PARK:
            return None
        hb = evaluation.result("HB1")
        return {"hb_summary": {"title": "河北补充指标", "columns": ["指标", "数值"],
                               "rows": [[hb.indicator.name, hb.value]]}}


@pytest.fixture(scope="module")
def addon_registry():
    return make_registry(("hebei", HebeiAddon()), autoload=True)


@pytest.fixture()
def addon_project(park_copy, addon_registry):
    """park_demo with the add-on switched on, its sheet (fresh water 13.1 million m³) and HB1 selected."""
    manifest = park_copy / "project.toml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace("[flags]", f"[flags]\n{HB} = true"), encoding="utf-8")
    wb = openpyxl.load_workbook(park_copy / "data.xlsx")
    ws = wb.create_sheet("河北补充数据")
    ws.append(["代码", "数据项", "单位", "数值", "说明/数据来源"])
    ws.append(["fresh_water", "园区工业新鲜水用量", "m³", 13_100_000, ""])
    sel = wb["指标选择"]
    sel.append(["HB1", 101, "河北补充", "单位工业增加值新鲜水耗", "可选", None, "是"])
    wb.save(park_copy / "data.xlsx")
    project, std = load_project(park_copy, addon_registry)
    return project, std


def _va(project):
    return project.tables["indicator_data"].item("industrial_va")["value"][project.manifest.baseline]


# ---------------------------------------------------------------- registration hooks

def test_hook_cpf_standards():
    class Own:
        @hookimpl
        def cpf_standards(self):
            yield StandardInfo(id="tiny", code="T-1", title="小标准", subject="other")

    reg = make_registry(("own", Own()))
    assert [s.id for s in reg.standards()] == ["tiny"]
    assert reg.standard("tiny").owner.name == "own"


def test_hook_cpf_flags(addon_registry, park_copy):
    std = addon_registry.standard(PARK)
    flag = next(f for f in std.info.flags if f.id == HB)
    assert flag.standard == PARK and set(std.addon_flags) == {HB}
    assert std.providers[("flag", HB)].startswith("插件“hebei”")
    assert {"repeat_audit", "hazardous_industry_park"} <= {f.id for f in std.info.flags}  # the owner's flags stay
    project, _ = load_project(park_copy, addon_registry)  # park_demo has not switched the add-on on
    assert not project.problems and "HB1" not in {i.id for i in _.indicators}


def test_hook_cpf_tables(addon_registry):
    std = addon_registry.standard(PARK)
    assert std.tables["hb_water"].sheet == "河北补充数据"
    assert std.providers[("table", "hb_water")].startswith("插件“hebei”")
    assert "indicator_data" in std.tables  # the owner's tables are still there


def test_hook_cpf_formulas(addon_registry):
    std = addon_registry.standard(PARK)
    assert std.formulas["hb_water_per_va"].func is hb_water_per_va
    assert "ratio_percent" in std.formulas  # the core's generic formulas, from the built-in plugin


def test_hook_cpf_indicators(addon_registry, addon_project):
    std = addon_registry.standard(PARK)
    assert [i.id for i in std.indicators][-1] == "HB1" and len(std.indicators) == 27  # ordered by seq
    project, _ = addon_project
    res = evaluate_project(addon_registry, std, project).result("HB1")
    assert _va(project) == 1_310_000  # park_demo, baseline 2024
    assert res.value == pytest.approx(10.0) and res.level == "general"  # ≤15 but not ≤8


def test_hook_cpf_stages(addon_registry):
    std = addon_registry.standard(PARK)
    assert [s.id for s in std.stages][-1] == "hb_stage" and len(std.stages) == 6


def test_hook_cpf_status_checks(addon_registry, addon_project):
    project, std = addon_project
    ev = evaluate_project(addon_registry, std, project)
    stage = next(s for s in project_status(std, project, ev) if s["id"] == "hb_stage")
    data_step, decl_step = stage["steps"]
    assert data_step["done"] is True
    assert decl_step["done"] is False and decl_step["missing"] == ["project.toml [flags] 未设置 hb_declared = true"]


def test_hook_cpf_report_kinds(addon_registry):
    std = addon_registry.standard(PARK)
    assert {"audit", "hb_supplement"} <= set(std.report_kinds)


def test_hook_cpf_outline_insertions(addon_registry):
    audit = addon_registry.standard(PARK).report_kinds["audit"]
    chapter = next(n for n in audit.outline if n.id == "preliminary")
    assert chapter.children[-1].id == "hb_water_check" and chapter.children[-2].id == "targets"
    assert outline_numbers(audit, {})["hb_water_check"] == "4.5"  # numbered after the owner's 4.4
    assert not [w for w in addon_registry.warnings if PARK in w]


def test_hook_cpf_section_renderers(addon_registry, addon_project, tmp_path):
    project, std = addon_project
    ev = evaluate_project(addon_registry, std, project)
    out = tmp_path / "hb.docx"
    generate_report(std, project, ev, std.report_kinds["hb_supplement"], out, force=False)
    doc = docx.Document(out)
    texts = [p.text for p in doc.paragraphs]
    assert any("园区用水补充分析" in t for t in texts)
    assert any("河北省补充数据" in t for t in texts)
    assert doc.tables[-1].rows[1].cells[0].text == "fresh_water"


# ---------------------------------------------------------------- call hooks

def test_hook_cpf_validate_project(addon_registry, addon_project):
    project, std = addon_project
    project.tables["hb_water"].item("fresh_water")["value"] = -5.0
    problems, _ev = check_project(addon_registry, std, project)
    assert [p.message for p in problems if p.sheet == "河北补充数据"] == ["新鲜水用量不能为负"]


def test_hook_cpf_evaluate(addon_registry, addon_project):
    project, std = addon_project
    ev = evaluate_project(addon_registry, std, project)
    assert ev.extra["hb_summary"]["rows"][0][0] == "单位工业增加值新鲜水耗"
    assert "focus_candidates" in ev.extra  # the owner's own results are kept
    json.dumps(ev.as_dict(), default=str)


def test_hook_cpf_register_commands(monkeypatch):
    import click

    from cpframework.cli import commands as cli_module
    @click.command("hello")
    def hello():
        click.echo("你好，插件命令")

    class Commands:
        @hookimpl
        def cpf_register_commands(self, cli):
            cli.add_command(hello)

    reg = make_registry(("cmds", Commands()))
    monkeypatch.setattr(cli_module, "_registry", lambda: reg)
    group = cli_module.CpauditGroup(name="cpaudit", commands=dict(cli_module.cli.commands))
    res = CliRunner().invoke(group, ["hello"])
    assert res.exit_code == 0 and res.output == "你好，插件命令\n"
    assert "hello" in group.list_commands(click.Context(group))


# ---------------------------------------------------------------- indicator systems, grading methods, screeners

def _system(method="weighted_score"):
    from cpframework.calc.grading import tongze_system
    from cpframework.model import IndicatorGroup

    inds = [Indicator(standard=PARK, id="W1", name="单位产品取水量", category="G", weight=0.6, direction="lower",
                      thresholds={lv: Threshold(op="<=", value=v) for lv, v in zip(("I", "II", "III"), (2, 3, 4))}),
            Indicator(standard=PARK, id="W2", name="水重复利用率", category="G", weight=0.4, direction="higher",
                      thresholds={lv: Threshold(op=">=", value=v) for lv, v in zip(("I", "II", "III"), (90, 80, 70))})]
    s = tongze_system(PARK, "hb_water", "河北省园区节水评价指标体系（示例）", inds,
                      [IndicatorGroup(id="G", name="G", weight=1.0)])
    import attrs
    return attrs.evolve(s, method=method)


def test_hook_cpf_indicator_systems():
    import pandas as pd

    from cpframework.calc.grading import grade
    from cpframework.cli.views import standard_json

    class Systems:
        @hookimpl
        def cpf_indicator_systems(self):
            yield _system()

    std = make_registry(("hb_systems", Systems()), autoload=True).standard(PARK)
    assert set(std.systems) == {"", "hb_water"} and std.main_system.method == "threshold"
    shown = {s["id"]: s for s in standard_json(std)["systems"]}
    assert [i["id"] for i in shown["hb_water"]["indicators"]] == ["W1", "W2"]
    g = grade(std.systems["hb_water"], pd.DataFrame({"W1": [1.5, 3.5], "W2": [95, 60]}))
    assert list(g.level) == ["Ⅰ级", "未达Ⅲ级"]


def test_hook_cpf_grading_methods():
    import numpy as np
    import pandas as pd

    from cpframework.calc import grading
    from cpframework.model import GradingMethod

    def worst_level(system, cells, *, missing="fail", compiled=None):
        g = grading.grade_threshold(system, cells, missing=missing, compiled=compiled)
        worst = np.nanmax(g.codes, axis=1)
        labels = [lv.label for lv in system.levels] + [system.below_level.label]
        return grading.Grading(compiled=g.compiled, index=g.index, codes=g.codes, missing=g.missing,
                               level=np.array([labels[int(w)] for w in worst], dtype=object))

    class Methods:
        @hookimpl
        def cpf_grading_methods(self):
            yield GradingMethod(id="worst_level", title="短板法", grade=worst_level)

        @hookimpl
        def cpf_indicator_systems(self):
            yield _system("worst_level")

    std = make_registry(("hb_methods", Methods()), autoload=True).standard(PARK)
    assert {"threshold", "weighted_score", "share_of_load", "worst_level"} <= set(std.methods)
    system = std.systems["hb_water"]
    g = grading.grade(system, pd.DataFrame({"W1": [1.5], "W2": [75]}), methods={k: m.grade for k, m in std.methods.items()})
    assert g.level[0] == "Ⅲ级"   # the worse of Ⅰ and Ⅲ

    class Broken:
        @hookimpl
        def cpf_indicator_systems(self):
            yield _system("no_such_method")

    reg = make_registry(("broken", Broken()), autoload=True)
    std = reg.standard(PARK)   # an add-on's broken system is withdrawn with a warning naming it
    assert "hb_water" not in std.systems
    assert any("no_such_method" in w and "broken" in w for w in reg.warnings)


def test_hook_cpf_screeners():
    import pandas as pd

    from cpframework.model import Screener
    from cpframework.screen import Column, ScreenResult, Table, columns_help, screen, screener

    def partial(frame, opts, *, offset=0, source=""):
        return frame.assign(double=frame["负荷"] * 2)

    def combine(parts, opts):
        return ScreenResult(PARK, {"enterprises": Table("结果", parts)}, [f"共 {len(parts)} 行"])

    class Screens:
        @hookimpl
        def cpf_screeners(self):
            yield Screener(standard=PARK, title="园区负荷筛查（示例）", columns=(Column("负荷", "某项负荷"),),
                           options={}, parse_options=dict, partial=partial, combine=combine)

    reg = make_registry(("hb_screen", Screens()), autoload=True)
    s = screener(PARK, reg)
    assert "负荷" in columns_help(s)
    out = screen(s, pd.DataFrame({"负荷": range(5)}), s.parse_options({}), chunksize=2)
    assert out.tables["enterprises"].frame["double"].tolist() == [0, 2, 4, 6, 8] and out.notes == ["共 5 行"]
    with pytest.raises(Exception, match="不支持批量筛查"):
        screener(PARK, make_registry(autoload=True))


def test_hook_cpf_check_rules(tmp_path):
    from .conftest import REPO
    import shutil

    from cpframework.model import CheckRule, RuleRef
    from cpframework.testing import set_cells

    class Rules:
        @hookimpl
        def cpf_check_rules(self):
            yield CheckRule(standard=PARK, id="renewable_le_total", kind="le",
                            left=RuleRef(table="indicator_data", item="energy_renewable"),
                            right=RuleRef(table="indicator_data", item="energy_total"),
                            message="可再生能源消费量是能源消费总量的一部分")

    reg = make_registry(("hb_rules", Rules()), autoload=True)
    std = reg.standard(PARK)
    assert "renewable_le_total" in std.check_rules
    proj = tmp_path / "p"
    shutil.copytree(REPO / "examples" / "park_demo", proj)
    project, _ = load_project(proj, reg)
    assert not [p for p in check_project(reg, std, project)[0] if p.code.startswith("rule:")]
    year = project.manifest.baseline
    set_cells(proj / "data.xlsx", "指标基础数据", {("energy_renewable", f"{year}年"): 10 ** 9})
    project, _ = load_project(proj, reg)
    found = [p for p in check_project(reg, std, project)[0] if p.code == "rule:renewable_le_total"]
    assert len(found) == 1 and found[0].level == "error" and "不应大于" in found[0].message
