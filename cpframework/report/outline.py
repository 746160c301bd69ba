"""Report kinds (报告类型) from data files, add-on insertions into their outlines, and outline numbers.

A plugin ships ``data/reports/<kind>.toml``; :func:`load_report_kind` structures it with the one
data-file loader into the records of :mod:`cpframework.report.model` (errors name the file and the key
path in Chinese).  :func:`insert_nodes` merges the sections add-ons put into another standard's report
(``cpf_outline_insertions``).
"""
from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from cpframework.errors import DefinitionError, PluginError
from cpframework.host.loader import read_toml, structure
from cpframework.report.model import (
    CoverSpec,
    InnerCover,
    InnerItem,
    OutlineInsertion,
    OutlineNode,
    ReportFile,
    ReportKind,
    outline_problems,
)
from cpframework.report.numbering import Numbering

__all__ = ["CoverSpec", "InnerCover", "InnerItem", "OutlineNode", "OutlineInsertion", "ReportKind", "flag_on",
           "insert_nodes", "load_report_kind", "outline_numbers", "outline_summary", "report_kind_from_dict"]


def flag_on(flags: Mapping[str, Any], when: str | None) -> bool:
    """``when = "has_previous_round"`` or ``"not has_previous_round"``."""
    if not when:
        return True
    neg = when.startswith("not ")
    name = when[4:].strip() if neg else when.strip()
    return bool(flags.get(name)) != neg


def report_kind_from_dict(data: dict[str, Any], standard_id: str, file: object = "<内置>") -> ReportKind:
    """A report kind of standard ``standard_id`` from the contents of a ``reports/<kind>.toml``."""
    f = structure(data, ReportFile, file=str(file), path="$")
    if f.report.standard not in (None, standard_id):
        raise DefinitionError(f"定义文件 {file} 有误：\n  $.report.standard：属于标准「{f.report.standard}」，"
                              f"而不是「{standard_id}」")
    return f.kind(standard_id, str(file))


def load_report_kind(path: Any, standard_id: str) -> ReportKind:
    """Load and check ``data/reports/<kind>.toml`` of a plugin (a path or an importlib resource)."""
    path = Path(path) if isinstance(path, str) else path
    return report_kind_from_dict(read_toml(path), standard_id, path)


# ---------------------------------------------------------------- insertions


class InsertionError(PluginError):
    """An add-on's insertion cannot be made; ``who`` names the add-on (its insertions are dropped)."""

    def __init__(self, who: str, message: str):
        self.who = who
        super().__init__(message)


def _place(nodes: tuple[OutlineNode, ...], groups: dict[tuple[str, str], list[OutlineNode]],
           used: set[tuple[str, str]]) -> tuple[OutlineNode, ...]:
    """The outline with every group placed (recursively, so insertions may target inserted nodes)."""
    def block(mode: str, target: str) -> list[OutlineNode]:
        key = (mode, target)
        if key not in groups:
            return []
        used.add(key)
        return list(_place(tuple(groups[key]), groups, used))

    out: list[OutlineNode] = []
    for n in nodes:
        out += block("before", n.id)
        children = _place(n.children, groups, used) + tuple(block("under", n.id))
        out.append(n if children == n.children else attrs.evolve(n, children=children))
        out += block("after", n.id)
    return tuple(out)


Pair = tuple[str, OutlineInsertion]  # (the add-on, as the registry names it; its insertion)


def _merge(kind: ReportKind, pairs: Sequence[Pair]) -> tuple[tuple[OutlineNode, ...], list[Pair]]:
    """The merged outline and the insertions whose target was not found."""
    groups: dict[tuple[str, str], list[OutlineNode]] = {}
    for _who, ins in sorted(pairs, key=lambda p: (p[1].order, p[1].node.id, p[0])):
        groups.setdefault(ins.place, []).append(ins.node)
    used: set[tuple[str, str]] = set()
    outline = _place(kind.outline, groups, used)
    return outline, [(who, ins) for who, ins in pairs if ins.place not in used]


def _where(kind: ReportKind, who: str, ins: OutlineInsertion) -> str:
    return f"{who}在标准“{kind.standard}”的报告“{kind.id}”（{kind.title}）中插入章节“{ins.node.id}”（{ins.node.title}）"


def insert_nodes(kind: ReportKind, pairs: Sequence[Pair]) -> ReportKind:
    """``kind`` with the insertions ``(who, insertion)`` of add-ons merged into its outline.

    Insertions at one place are ordered by ``order``, node id and add-on — not by load order.  Raises
    :class:`InsertionError` naming the first add-on (in name order) whose insertion has no target or
    breaks the outline (duplicate id, a fifth level, an automatic number before a fixed one).
    """
    pairs = [(who, ins) for who, ins in pairs if ins.report == kind.id]
    if not pairs:
        return kind
    outline, missing = _merge(kind, pairs)
    if missing:
        who, ins = min(missing, key=lambda p: (p[0], p[1].node.id))
        mode, target = ins.place
        ids = [n.id for _d, n in kind.iter_nodes()]
        close = difflib.get_close_matches(target, ids, n=1)
        raise InsertionError(who, f"{_where(kind, who, ins)}，但目标章节 {mode} = “{target}”不存在"
                             + (f"（是否想写“{close[0]}”？）" if close else "")
                             + f"。可用的章节 id 见 cpaudit show {kind.standard} --format json")
    if outline_problems(outline):
        for who in sorted({w for w, _i in pairs}):  # the first add-on whose insertions break the outline
            mine = [p for p in pairs if p[0] <= who]
            problems = outline_problems(_merge(kind, mine)[0])
            if problems:
                path, message = problems[0]
                raise InsertionError(who, f"{who}在标准“{kind.standard}”的报告“{kind.id}”中插入章节后，"
                                          f"提纲 {path} 有误：{message}")
    return attrs.evolve(kind, outline=outline)


def inserted_ids(pairs: Sequence[Pair]) -> dict[str, str]:
    """Node id → the add-on that inserted it (with its children)."""
    out: dict[str, str] = {}

    def mark(node: OutlineNode, who: str) -> None:
        out[node.id] = who
        for child in node.children:
            mark(child, who)
    for who, ins in pairs:
        mark(ins.node, who)
    return out


# ---------------------------------------------------------------- numbers and summaries


def outline_numbers(kind: ReportKind, flags: Mapping[str, Any]) -> dict[str, str]:
    """The number each shown node gets in the report for ``flags`` (``""``: none), as the writer numbers
    them — without the headings renderers add themselves."""
    numbering = Numbering()
    out: dict[str, str] = {}

    def visit(node: OutlineNode, depth: int) -> None:
        if not flag_on(flags, node.when):
            return
        if node.type == "appendix":
            numbering.appendix()
            out[node.id] = node.number or ""
        elif depth == 1:
            out[node.id] = numbering.chapter(node.number)
        else:
            out[node.id] = numbering.section(min(depth, 4), node.number)
        for child in node.children:
            visit(child, depth + 1)
    for node in kind.outline:
        visit(node, 1)
    return out


def outline_summary(kind: ReportKind, flags: Mapping[str, Any]) -> dict[str, Any]:
    """A report kind's outline as plain data (``cpaudit show ID --format json``): every node in document
    order with its id, title, number (for ``flags``; ``null`` when a flag hides it), depth, parent and
    renderer, so an add-on author can pick the node to insert after."""
    numbers = outline_numbers(kind, flags)
    nodes: list[dict[str, Any]] = []

    def visit(node: OutlineNode, depth: int, parent: str | None) -> None:
        nodes.append({"id": node.id, "title": node.title, "number": numbers.get(node.id),
                      "auto_number": node.auto_number, "depth": depth, "parent": parent, "type": node.type,
                      "renderer": node.renderer, "narrative": node.narrative_stem, "when": node.when})
        for child in node.children:
            visit(child, depth + 1, node.id)
    for node in kind.outline:
        visit(node, 1, None)
    return {"id": kind.id, "title": kind.title, "nodes": nodes}
