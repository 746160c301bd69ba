"""Report kinds (报告类型) as data: cover, inner covers, TOC depth and the nested outline.

A plugin ships ``data/reports/<kind>.toml``; :func:`load_report_kind` checks it and names the file
and key path in Chinese on any error.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Iterator

import attrs

from cpframework.errors import ProfileError
from cpframework.report.profile import _Checker, _read_toml

_STEM = re.compile(r"^[\w\-.\u4e00-\u9fff]+$")
ITEM_TYPES = ("paragraph", "table", "image", "blank", "page_break", "renderer")


@attrs.frozen
class CoverSpec:
    title: tuple[str, ...] = ("{name}", "清洁生产审核报告")
    subtitle: str = ""
    image: str = ""                     # path template, relative to the project folder
    organisation: tuple[str, ...] = ()
    date: str = "{report_month}"


@attrs.frozen
class InnerItem:
    type: str
    text: str = ""
    style: str = "inner_text"
    header: tuple = ()
    rows: tuple = ()
    col_widths: tuple | None = None
    path: str = ""
    name: str = ""                      # renderer name for type = "renderer"
    lines: int = 1


@attrs.frozen
class InnerCover:
    id: str
    title: str = ""
    when: str | None = None
    items: tuple[InnerItem, ...] = ()


@attrs.frozen
class OutlineNode:
    id: str
    title: str
    number: str = ""
    renderer: str | None = None
    narrative: str | None = None
    requirement: str = ""
    when: str | None = None
    clause: str = ""
    type: str = "heading"               # heading | appendix (附件/附图 label, 黑体小二 top-left)
    children: tuple["OutlineNode", ...] = ()

    @property
    def narrative_stem(self) -> str:
        return self.narrative or self.id


@attrs.frozen
class ReportKind:
    id: str
    title: str
    standard_id: str
    cover: CoverSpec
    inner_covers: tuple[InnerCover, ...]
    toc_depth: int
    outline: tuple[OutlineNode, ...]
    source: str = ""
    profile: object = None              # the typesetting Profile (data/typesetting.toml of the plugin)

    @property
    def standard(self) -> str:
        return self.standard_id

    def iter_nodes(self) -> Iterator[tuple[int, OutlineNode]]:
        """Every node with its depth (1 = chapter), in document order."""
        def walk(nodes, depth):
            for n in nodes:
                yield depth, n
                yield from walk(n.children, depth + 1)
        yield from walk(self.outline, 1)


def flag_on(flags: dict, when: str | None) -> bool:
    """``when = "has_previous_round"`` or ``"not has_previous_round"``."""
    if not when:
        return True
    neg = when.startswith("not ")
    name = when[4:].strip() if neg else when.strip()
    return bool(flags.get(name)) != neg


def _strs(c: _Checker, v, path) -> tuple[str, ...]:
    if isinstance(v, str):
        return (v,)
    if not isinstance(v, list):
        c.fail(path, "应为字符串或字符串列表")
    return tuple(c.text(x, f"{path}[{i}]") for i, x in enumerate(v))


def _cells(c: _Checker, v, path) -> tuple:
    if not isinstance(v, list):
        c.fail(path, "应为列表")
    out = []
    for i, x in enumerate(v):
        if isinstance(x, list):
            out.append(_cells(c, x, f"{path}[{i}]"))
        elif isinstance(x, dict):       # {text = "产量", span = 4}
            c.table(x, f"{path}[{i}]", {"text", "span"})
            out.append((c.text(x.get("text", ""), f"{path}[{i}].text"), int(c.num(x.get("span", 1), f"{path}[{i}].span", 1, 50))))
        else:
            out.append(x if x != "^" else None)   # "^": the header cell above continues here
    return tuple(out)


def _item(c: _Checker, d, path) -> InnerItem:
    c.table(d, path, {"type", "text", "style", "header", "rows", "col_widths", "path", "name", "lines"})
    t = c.text(d.get("type", "paragraph"), f"{path}.type")
    if t not in ITEM_TYPES:
        c.fail(f"{path}.type", f"未知的内容类型「{t}」；可选：{'、'.join(ITEM_TYPES)}")
    if t == "renderer" and not d.get("name"):
        c.fail(f"{path}.name", "type = \"renderer\" 时须给出渲染函数名")
    cw = d.get("col_widths")
    return InnerItem(type=t, text=c.text(d.get("text", ""), f"{path}.text"),
                     style=c.text(d.get("style", "inner_text"), f"{path}.style"),
                     header=_cells(c, d.get("header", []), f"{path}.header"),
                     rows=_cells(c, d.get("rows", []), f"{path}.rows"),
                     col_widths=None if cw is None else tuple(c.num(x, f"{path}.col_widths[{i}]", 0.1, 100)
                                                                for i, x in enumerate(cw)),
                     path=c.text(d.get("path", ""), f"{path}.path"), name=c.text(d.get("name", ""), f"{path}.name"),
                     lines=int(c.num(d.get("lines", 1), f"{path}.lines", 1, 40)))


_NODE_KEYS = {"id", "title", "number", "renderer", "narrative", "requirement", "when", "clause", "type",
              "children"}


def _node(c: _Checker, d, path, seen: set[str], depth: int) -> OutlineNode:
    c.table(d, path, _NODE_KEYS)
    for req in ("id", "title"):
        if req not in d:
            c.fail(f"{path}.{req}", "缺少此项")
    nid = c.text(d["id"], f"{path}.id")
    if nid in seen:
        c.fail(f"{path}.id", f"节点 id「{nid}」重复")
    seen.add(nid)
    stem = d.get("narrative")
    if stem is not None and not _STEM.match(c.text(stem, f"{path}.narrative")):
        c.fail(f"{path}.narrative", f"叙述文件名「{stem}」只能是文件名（不含路径和扩展名）")
    if stem is None and not _STEM.match(nid):
        c.fail(f"{path}.id", f"节点 id「{nid}」不能用作叙述文件名；请另给 narrative")
    if depth > 4:
        c.fail(path, "提纲最多四级")
    t = c.text(d.get("type", "heading"), f"{path}.type")
    if t not in ("heading", "appendix"):
        c.fail(f"{path}.type", "应为 heading 或 appendix")
    kids = d.get("children", [])
    if not isinstance(kids, list):
        c.fail(f"{path}.children", "应为 [[…children]] 表数组")
    return OutlineNode(
        id=nid, title=c.text(d["title"], f"{path}.title"), number=c.text(d.get("number", ""), f"{path}.number"),
        renderer=d.get("renderer") and c.text(d["renderer"], f"{path}.renderer"), narrative=stem,
        requirement=c.text(d.get("requirement", ""), f"{path}.requirement"),
        when=d.get("when") and c.text(d["when"], f"{path}.when"), clause=c.text(d.get("clause", ""), f"{path}.clause"),
        type=t, children=tuple(_node(c, k, f"{path}.children[{i}]", seen, depth + 1) for i, k in enumerate(kids)))


def report_kind_from_dict(data: dict, standard_id: str, file="<内置>") -> ReportKind:
    c = _Checker(file)
    c.table(data, "", {"report", "cover", "inner_covers", "outline"})
    meta = c.table(data.get("report", {}), "report", {"id", "title", "standard", "toc_depth"})
    for req in ("id", "title"):
        if req not in meta:
            c.fail(f"report.{req}", "缺少此项")
    std = meta.get("standard", standard_id)
    if std != standard_id:
        c.fail("report.standard", f"属于标准「{std}」，而不是「{standard_id}」")
    cv = c.table(data.get("cover", {}), "cover", {"title", "subtitle", "image", "organisation", "date"})
    cover = CoverSpec(**{k: (_strs(c, v, f"cover.{k}") if k in ("title", "organisation") else c.text(v, f"cover.{k}"))
                         for k, v in cv.items()})
    inner = []
    for i, ic in enumerate(data.get("inner_covers", [])):
        p = f"inner_covers[{i}]"
        c.table(ic, p, {"id", "title", "when", "items"})
        inner.append(InnerCover(id=c.text(ic.get("id", f"inner{i + 1}"), f"{p}.id"),
                                title=c.text(ic.get("title", ""), f"{p}.title"),
                                when=ic.get("when") and c.text(ic["when"], f"{p}.when"),
                                items=tuple(_item(c, it, f"{p}.items[{j}]") for j, it in enumerate(ic.get("items", [])))))
    outline = data.get("outline")
    if not isinstance(outline, list) or not outline:
        c.fail("outline", "缺少提纲（[[outline]] 表数组）")
    seen: set[str] = set()
    nodes = tuple(_node(c, d, f"outline[{i}]", seen, 1) for i, d in enumerate(outline))
    return ReportKind(id=c.text(meta["id"], "report.id"), title=c.text(meta["title"], "report.title"),
                      standard_id=standard_id, cover=cover, inner_covers=tuple(inner),
                      toc_depth=int(c.num(meta.get("toc_depth", 3), "report.toc_depth", 1, 9)),
                      outline=nodes, source=str(file))


def load_report_kind(path: Path, standard_id: str) -> ReportKind:
    """Load and check ``data/reports/<kind>.toml`` of a plugin."""
    path = Path(path)
    try:
        return report_kind_from_dict(_read_toml(path), standard_id, path)
    except ProfileError:
        raise
