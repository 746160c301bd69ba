"""Computed values embedded in narrative: replaced at generation, checked by `check`, never printed raw."""
from __future__ import annotations

from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st

from cpframework.model import Field, Indicator, Item, TableSchema
from cpframework.report.references import REF, reference_problems, resolver

IND = Indicator(standard="t", id="I01", seq=1, name="单位产品综合能耗", unit="kgce/t")
TABLES = {
    "options": TableSchema(standard="t", id="options", title="方案汇总", sheet="B.3 方案汇总",
                           fields=(Field(id="name", label="方案名称"),
                                   Field(id="investment", label="投资预算", type="number", unit="万元"))),
    "data": TableSchema(standard="t", id="data", title="指标基础数据", sheet="指标基础数据", kind="items", per_year=True,
                        items=(Item(id="gdp", label="生产总值", unit="万元"),)),
}
STD = SimpleNamespace(indicators=[IND], tables=TABLES)


def _ctx(investments, value=123.456, level="Ⅱ级"):
    rows = [{"name": f"方案{i}", "investment": v} for i, v in enumerate(investments)]
    tables = {"options": SimpleNamespace(rows=rows),
              "data": SimpleNamespace(rows=[{"id": "gdp", "value": {2023: 100.0, 2024: 120.0}}])}
    result = SimpleNamespace(indicator=IND, value=value, unit="kgce/t", level_label=level)
    return SimpleNamespace(standard=STD, evaluation=SimpleNamespace(indicators=[result]),
                           project=SimpleNamespace(tables=tables, manifest=SimpleNamespace(audit_year=2024)))


def test_indicator_value_and_level_by_code_name_or_number():
    from cpframework.calc import show_value

    text, warnings = resolver(_ctx([1.0]))("能耗 {{指标:I01}}，{{等级:单位产品综合能耗}}，{{指标：1}}。")
    shown = show_value(123.456, "kgce/t")   # the value as every table of the report prints it
    assert text == f"能耗 {shown}，Ⅱ级，{shown}。" and warnings == []


@given(st.lists(st.floats(min_value=0, max_value=1e6, allow_nan=False).map(lambda x: round(x, 1)), min_size=1, max_size=8))
def test_a_column_total_is_the_sum_of_its_rows(values):
    from cpframework.calc import show_value

    text, _ = resolver(_ctx(values))("{{合计:B.3 方案汇总.投资预算}}")
    assert text == show_value(sum(values), "万元").replace("*", "\\*")


def test_an_item_value_of_a_year():
    assert resolver(_ctx([1.0]))("{{数值:指标基础数据.生产总值@2024}}")[0] == "120 万元"


def test_a_missing_value_is_a_visible_note_never_braces():
    text, warnings = resolver(_ctx([1.0, None], value=None))("{{指标:I01}}；{{合计:方案汇总.投资预算}}；{{数值:指标基础数据.生产总值}}")
    assert "{{" not in text and text.count("〔") == 3 and len(warnings) == 3


def test_an_unknown_reference_is_a_check_error_naming_file_and_line(tmp_path):
    (tmp_path / "narrative").mkdir()
    (tmp_path / "narrative" / "4.2 清洁生产评价.md").write_text(
        "<!-- 要求 -->\n正文 {{指标:I01}}。\n\n{{指标:I99}} 与 {{合计:方案汇总.不存在的列}}\n{{随便:x}}\n", encoding="utf-8")
    problems = reference_problems(tmp_path, STD)
    assert [(p.file, p.row, p.level) for p in problems] == [("narrative/4.2 清洁生产评价.md", 4, "error")] * 2 + \
        [("narrative/4.2 清洁生产评价.md", 5, "error")]
    assert "{{指标:I99}}" in problems[0].message and "没有指标" in problems[0].message


def test_the_reference_pattern_leaves_ordinary_braces_alone():
    assert REF.search("集合 {a, b} 与 {{ 不是引用 }}") is None
