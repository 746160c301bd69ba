"""Outline insertion points: an add-on puts a section into another standard's report (before, after or
under a node), merged deterministically; a missing target is a warning naming the add-on, whose
insertions are left out; init, report, show and the contract test treat inserted nodes like any other."""
from __future__ import annotations

import itertools
import json

import docx
import pytest

from cpframework import hookimpl
from cpframework.model import SectionRenderer
from cpframework.report.model import OutlineInsertion, OutlineNode, ReportKind
from cpframework.report.outline import InsertionError, insert_nodes, outline_numbers
from cpframework.testing import check_standard, make_registry

PARK = "park_cppc"


def N(id: str, number: str | None = None, *children: OutlineNode, **kw) -> OutlineNode:  # noqa: N802
    return OutlineNode(id=id, title=f"节{id}", number=number, children=children, requirement="写。", **kw)


KIND = ReportKind(standard="s", id="audit", title="报告", outline=(
    N("pre", ""), N("c1", None, N("c1a"), N("c1b")), N("c2", None, N("c2a")), N("annex", "", type="appendix")))


def ins(node: OutlineNode, **place) -> OutlineInsertion:
    return OutlineInsertion(standard="s", report="audit", node=node, **place)


def ids(kind: ReportKind) -> list[str]:
    return [n.id for _d, n in kind.iter_nodes()]


def test_insert_before_after_and_under():
    merged = insert_nodes(KIND, [("甲", ins(N("x"), after="c1a")), ("甲", ins(N("y"), before="c2")),
                                 ("乙", ins(N("z", None, N("z1")), under="c2"))])
    assert ids(merged) == ["pre", "c1", "c1a", "x", "c1b", "y", "c2", "c2a", "z", "z1", "annex"]
    numbers = outline_numbers(merged, {})
    assert [numbers[i] for i in ("c1b", "y", "c2", "z", "z1")] == ["1.3", "第二章", "第三章", "3.2", "3.2.1"]
    assert ids(KIND)[4] == "c2"  # the owner's record is untouched


def test_insertions_at_one_place_are_ordered_by_order_then_id_never_by_plugin_order():
    pairs = [("甲", ins(N("b"), after="c1")), ("乙", ins(N("a"), after="c1")), ("丙", ins(N("c"), after="c1", order=-1)),
             ("丁", ins(N("u2"), under="c2")), ("戊", ins(N("u1"), under="c2"))]
    results = {tuple(ids(insert_nodes(KIND, list(p)))) for p in itertools.permutations(pairs)}
    assert results == {("pre", "c1", "c1a", "c1b", "c", "a", "b", "c2", "c2a", "u1", "u2", "annex")}


def test_an_insertion_may_target_an_inserted_node():
    merged = insert_nodes(KIND, [("乙", ins(N("deep"), under="new")), ("甲", ins(N("new"), after="c2"))])
    assert ids(merged)[-3:] == ["new", "deep", "annex"]


def test_missing_target_names_the_add_on_and_suggests_the_id():
    with pytest.raises(InsertionError) as ei:
        insert_nodes(KIND, [("插件“甲”", ins(N("ok"), after="c1")), ("插件“乙”", ins(N("x"), after="c1b_"))])
    assert ei.value.who == "插件“乙”"
    msg = str(ei.value)
    assert msg.startswith("插件“乙”在标准“s”的报告“audit”") and "after = “c1b_”不存在（是否想写“c1b”？）" in msg
    assert "cpaudit show s --format json" in msg


@pytest.mark.parametrize("pairs, words", [
    ([("插件“甲”", ins(N("c1a"), after="c2"))], "节点 id「c1a」重复"),
    ([("插件“甲”", ins(N("x", None, N("x1", None, N("x2", None, N("x3")))), under="c1a"))], "提纲最多4级"),
    ([("插件“甲”", ins(N("x", "1.9"), after="c1b"))], "自动编号会与之重复"),
])
def test_an_insertion_that_breaks_the_outline_names_the_add_on(pairs, words):
    with pytest.raises(InsertionError, match=words) as ei:
        insert_nodes(KIND, [("插件“好”", ins(N("fine"), under="c2"))] + pairs)
    assert ei.value.who == "插件“甲”"


def test_insertions_for_another_report_kind_are_ignored():
    assert insert_nodes(KIND, [("甲", OutlineInsertion(standard="s", report="other", node=N("x"), after="c9"))]) is KIND


# ---------------------------------------------------------------- through the registry


@pytest.fixture(scope="module")
def park_addon_registry():
    def water_check(ctx, w):
        w.table(["数据项", "数值"], [["园区工业新鲜水用量", 13_100_000]], caption="河北省用水补充数据")

    class WaterAddon:
        @hookimpl
        def cpf_outline_insertions(self):
            yield OutlineInsertion(standard=PARK, report="audit", under="preliminary",
                                   node=OutlineNode(id="hb_water_check", title="园区用水补充分析", renderer="hb_water_check",
                                                    requirement="按河北省要求分析园区新鲜水耗。"))

        @hookimpl
        def cpf_section_renderers(self):
            yield SectionRenderer(standard=PARK, name="hb_water_check", func=water_check)

    class Misspelt:
        @hookimpl
        def cpf_outline_insertions(self):
            yield OutlineInsertion(standard=PARK, report="audit", after="preliminary", node=N("fine_but_dropped"))
            yield OutlineInsertion(standard=PARK, report="audit", after="prelimnary", node=N("hb_wrong"))

    class WrongKind:
        @hookimpl
        def cpf_outline_insertions(self):
            yield OutlineInsertion(standard=PARK, report="acceptance", after="preliminary", node=N("hb_kind"))

    return make_registry(("water", WaterAddon()), ("typo", Misspelt()), ("kind", WrongKind()), autoload=True)


def test_registry_merges_a_good_add_on_and_drops_a_faulty_one_with_a_warning(park_addon_registry):
    std = park_addon_registry.standard(PARK)
    audit = std.report_kinds["audit"]
    nodes = ids(audit)
    assert nodes[nodes.index("targets") + 1] == "hb_water_check"
    assert outline_numbers(audit, {})["hb_water_check"] == "4.5"
    assert "fine_but_dropped" not in nodes and "hb_wrong" not in nodes and "hb_kind" not in nodes
    warnings = "\n".join(park_addon_registry.warnings)
    assert "插件“typo”" in warnings and "“prelimnary”不存在" in warnings and "是否想写“preliminary”" in warnings
    assert "插件“kind”" in warnings and "没有此报告类型" in warnings
    assert std.providers[("outline", "audit/hb_water_check")].startswith("插件“water”")


def test_contract_covers_inserted_nodes(park_addon_registry):
    std = park_addon_registry.standard(PARK)
    # the fixture's deliberately broken add-ons are withdrawn (reported first as [plugins]); the rest is sound
    assert [p for p in check_standard(std) if not p.startswith("[plugins]")] == []
    std.renderers.pop("hb_water_check")
    try:
        problems = [p for p in check_standard(std) if "hb_water_check" in p]
    finally:
        park_addon_registry._assembled.pop((PARK, std.owner.name))
    assert problems and "插件“water”" in problems[0] and "未由任何插件提供" in problems[0]


def test_init_writes_and_report_uses_the_inserted_narrative(park_addon_registry, park_copy, tmp_path):
    from cpframework.evaluation.service import evaluate_project
    from cpframework.project.create import narrative_files
    from cpframework.project.folder import load_project
    from cpframework.report.generate import generate_report

    std = park_addon_registry.standard(PARK)
    assert "按河北省要求分析园区新鲜水耗" in narrative_files(std)["4.5 园区用水补充分析.md"]  # named by number and title
    (park_copy / "narrative" / "hb_water_check.md").write_text("园区新鲜水耗逐年下降。\n", encoding="utf-8")
    project, std = load_project(park_copy, park_addon_registry)
    ev = evaluate_project(park_addon_registry, std, project)
    out = generate_report(std, project, ev, std.report_kinds["audit"], tmp_path / "r.docx", force=False).path
    texts = [p.text for p in docx.Document(str(out)).paragraphs]
    at = texts.index("4.5 园区用水补充分析")
    assert texts[at + 1] == "园区新鲜水耗逐年下降。" and texts[at + 2].endswith("河北省用水补充数据")
    assert texts[at + 3].startswith("5") and "重点审核" in texts[at + 3]


def test_show_json_lists_outline_node_ids(park_addon_registry, capsys):
    from cpframework.cli.views import show_standard

    show_standard(park_addon_registry.standard(PARK), "json", console=lambda: None)
    data = json.loads(capsys.readouterr().out)
    audit = next(k for k in data["report_kinds"] if k["id"] == "audit")
    by_id = {n["id"]: n for n in audit["nodes"]}
    expect = {"title": "设置清洁生产目标", "number": "4.4", "depth": 2, "parent": "preliminary", "renderer": "targets_table"}
    assert {k: by_id["targets"][k] for k in expect} == expect
    assert by_id["hb_water_check"]["number"] == "4.5" and by_id["hb_water_check"]["auto_number"] is True
