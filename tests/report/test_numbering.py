"""Outline numbers: an omitted ``number`` continues after its siblings in their style, ``""`` means none,
a given number is printed as is; hidden (``when``) nodes take no number; captions follow chapters."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cpframework.report.model import OutlineNode, ReportKind
from cpframework.report.numbering import Numbering
from cpframework.report.outline import outline_numbers


def _kind(*nodes: OutlineNode) -> ReportKind:
    return ReportKind(standard="s", id="k", title="报告", outline=tuple(nodes))


def N(id: str, number: str | None = None, *children: OutlineNode, **kw) -> OutlineNode:  # noqa: N802
    return OutlineNode(id=id, title=id, number=number, children=children, **kw)


def test_chapters_continue_in_the_style_of_the_previous_one():
    n = Numbering()
    assert [n.chapter(None), n.chapter(None)] == ["第一章", "第二章"]
    n = Numbering()
    assert [n.chapter(""), n.chapter("第四章"), n.chapter(""), n.chapter(None)] == ["", "第四章", "", "第五章"]
    n = Numbering()
    assert [n.chapter("7"), n.chapter(None)] == ["7", "8"]
    n = Numbering()
    assert [n.chapter("第9章"), n.chapter(None)] == ["第9章", "第10章"]


def test_sections_continue_after_fixed_numbers_and_stay_bare_under_unnumbered_headings():
    n = Numbering()
    n.chapter("第四章")
    assert [n.section(2, None), n.section(2, "4.2"), n.section(2, None), n.section(3, None), n.section(3, None),
            n.section(2, None), n.section(3, None)] == ["4.1", "4.2", "4.3", "4.3.1", "4.3.2", "4.4", "4.4.1"]
    n.chapter("")                          # 前言 / 结语: no number, so no section numbers below it
    assert n.section(2, None) == "" and n.section(3, None) == ""
    n.chapter("附录A")                     # printed as is, not arabic: sections below stay bare
    assert n.section(2, None) == ""


def test_captions_are_numbered_per_chapter_and_plain_after_an_appendix_label():
    n = Numbering()
    n.chapter("第二章")
    assert [n.label("table"), n.label("table"), n.label("figure")] == ["表 2-1", "表 2-2", "图 2-1"]
    n.chapter(None)
    assert n.label("table") == "表 3-1"
    n.appendix()
    assert (n.label("table"), n.label("figure")) == ("表 1", "图 1")
    assert n.counts == {"chapters": 2, "tables": 4, "figures": 2}


def test_outline_numbers_skip_hidden_nodes_and_keep_fixed_ones():
    kind = _kind(N("preface", ""), N("a", "第一章", N("a1", "1.1"), N("a2"), N("a3", None, when="extra"), N("a4")),
                 N("b", None, N("b1"), N("b2", None, N("b21"))), N("annex", None, type="appendix"))
    assert outline_numbers(kind, {}) == {"preface": "", "a": "第一章", "a1": "1.1", "a2": "1.2", "a4": "1.3",
                                         "b": "第二章", "b1": "2.1", "b2": "2.2", "b21": "2.2.1", "annex": ""}
    with_extra = outline_numbers(kind, {"extra": True})
    assert (with_extra["a3"], with_extra["a4"]) == ("1.3", "1.4")


@st.composite
def outlines(draw, depth: int = 1) -> tuple[OutlineNode, ...]:
    """Automatically numbered outlines, some nodes shown only with a flag."""
    size = draw(st.integers(0 if depth > 1 else 1, 4 if depth < 3 else 2))
    nodes = []
    for i in range(size):
        kids = draw(outlines(depth + 1)) if depth < 3 else ()
        nodes.append(OutlineNode(id=f"n{depth}_{i}_{draw(st.uuids()).hex[:8]}", title="节",
                                 when=draw(st.sampled_from([None, "f", "not f"])), children=kids))
    return tuple(nodes)


@settings(max_examples=60, deadline=None)
@given(outlines(), st.booleans())
def test_automatic_numbers_are_consecutive_and_nested(outline, flag):
    """Shown siblings are numbered 1, 2, 3 … and a child's number extends its parent's."""
    numbers = outline_numbers(_kind(*outline), {"f": flag})

    def shown(nodes):
        return [n for n in nodes if n.when is None or (n.when == "f") == flag]

    def check(nodes, prefix) -> int:
        count = 0
        for i, node in enumerate(shown(nodes), 1):
            expect = f"第{'一二三四'[i - 1]}章" if prefix is None else f"{prefix}.{i}"
            assert numbers[node.id] == expect
            count += 1 + check(node.children, str(i) if prefix is None else expect)
        return count
    assert check(outline, None) == len(numbers)  # hidden nodes (and their children) take no number
