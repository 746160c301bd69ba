"""A provincial add-on to park_cppc, written out as an installed distribution outside the repository.

:func:`install` writes the package ``cpf_test_hebei`` and its ``.dist-info`` (metadata, entry point in
the ``cpframework.plugins`` group) into a folder, exactly what ``pip install --target`` leaves; putting
that folder on ``PYTHONPATH`` makes ``cpaudit`` discover it like any installed add-on.  The add-on uses
the public API only and brings, for park_cppc: a project flag (``hebei_water``), an opt-in table, an
indicator, a data check and a report section (4.2.1, under 4.2 清洁生产评价, with its own renderer), all
switched on by that flag.
"""
from __future__ import annotations

from pathlib import Path

NAME, VERSION, FLAG, SHEET = "cpf-test-hebei", "0.1.0", "hebei_water", "河北用水补充"

SOURCE = '''\
"""河北省园区用水补充要求：park_cppc 的附加插件（测试用，示意）。"""
from cpframework.api import (FlagDef, Formula, Indicator, Input, Item, OutlineInsertion, OutlineNode, Problem,
                             Result, SectionRenderer, TableSchema, Threshold, Trace, hookimpl)

PARK = "park_cppc"
FLAG = "hebei_water"
SHEET = "河北用水补充"


def hb_water_per_va(*, water, va, name, unit="", **_):
    value = water.value / va.value
    return Result(value, unit, Trace(name=name, formula="园区工业新鲜水用量 ÷ 园区工业增加值",
                                     substitution=f"{water.show()} ÷ {va.show()}", result=f"{value:g} {unit}"))


class HebeiWater:
    @hookimpl
    def cpf_flags(self):
        yield FlagDef(standard=PARK, id=FLAG, label="执行河北省园区用水补充要求", help="新鲜水耗指标与补充数据表")

    @hookimpl
    def cpf_tables(self):
        yield TableSchema(standard=PARK, id="hb_water", title="河北用水补充数据", sheet=SHEET, kind="items",
                          when=FLAG, clause="冀补-1",
                          items=(Item(id="fresh_water", label="园区工业新鲜水用量", unit="m³", required=True),
                                 Item(id="reuse_rate", label="工业用水重复利用率", type="percent", unit="%")))

    @hookimpl
    def cpf_formulas(self):
        yield Formula(name="hb_water_per_va", func=hb_water_per_va, standard=PARK)

    @hookimpl
    def cpf_indicators(self):
        yield Indicator(standard=PARK, id="HB1", seq=101, name="单位工业增加值新鲜水耗", category="河北补充",
                        unit="m³/万元", direction="lower", formula="hb_water_per_va", when=FLAG,
                        thresholds={"advanced": Threshold(op="<=", value=8), "general": Threshold(op="<=", value=15)},
                        inputs=(Input(arg="water", item="fresh_water", table="hb_water"),
                                Input(arg="va", item="industrial_va")))

    @hookimpl
    def cpf_validate_project(self, standard, project):
        if standard.id != PARK or not project.manifest.flag(FLAG):
            return None
        data = project.tables["hb_water"]
        row = data.item("reuse_rate")
        if row and row.get("value") is not None and row["value"] < 50:
            return [Problem(file=project.manifest.workbook, sheet=SHEET, row=data.item_row("reuse_rate"),
                            field="工业用水重复利用率", value=row["value"],
                            message="低于河北省补充要求的 50%（冀补-1）：请核实数据或说明原因")]
        return []


    @hookimpl
    def cpf_outline_insertions(self):
        yield OutlineInsertion(standard=PARK, report="audit", under="evaluation", node=OutlineNode(
            id="hb_water_section", title="河北省用水补充要求执行情况", renderer="hb_water_table", when=FLAG,
            requirement="说明园区新鲜水用量与重复利用率是否满足河北省补充要求。"))

    @hookimpl
    def cpf_section_renderers(self):
        yield SectionRenderer(standard=PARK, name="hb_water_table", func=hb_water_table)


def hb_water_table(ctx, w):
    data = ctx.table("hb_water")
    rows = [[item.label, (data.item(item.id) or {}).get("value"), item.unit] for item in data.schema.items]
    w.table(["项目", "数值", "单位"], rows, caption="河北省用水补充数据")
    result = ctx.evaluation.result("HB1")
    if result.selected and result.value is not None:
        w.paragraph(f"单位工业增加值新鲜水耗为 {result.value:.2f} m³/万元，{result.level_label}。")


plugin = HebeiWater()
'''


def install(target: Path) -> Path:
    """Write the distribution into ``target`` (a fresh folder to put on ``sys.path``); returns it."""
    target.mkdir(parents=True, exist_ok=True)
    package = target / "cpf_test_hebei"
    package.mkdir()
    (package / "__init__.py").write_text(SOURCE, encoding="utf-8")
    dist = target / f"{NAME.replace('-', '_')}-{VERSION}.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {NAME}\nVersion: {VERSION}\n", encoding="utf-8")
    (dist / "entry_points.txt").write_text('[cpframework.plugins]\ntest_hebei = cpf_test_hebei:plugin\n', encoding="utf-8")
    (dist / "top_level.txt").write_text("cpf_test_hebei\n", encoding="utf-8")
    return target
