"""The records a report kind is made of: cover, inner covers, outline nodes, and outline insertions.

They live here rather than in :mod:`cpframework.model` because they belong to the report engine (the
typesetting :class:`~cpframework.report.profile.Profile` is one of their fields) and keep
``cpframework.model`` to the records every command needs; plugins get them from ``cpframework.api``.

A plugin's ``data/reports/<kind>.toml`` is structured by the one data-file loader into
:class:`ReportFile` (the file's shape) and turned into a :class:`ReportKind`; every rule below is an
attrs validator, so a record built in Python is checked exactly like one read from a file.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import attrs

from cpframework.report.profile import Profile
from cpframework.report.strict import invalid, one_of, strict_records, within

ITEM_TYPES = ("paragraph", "table", "image", "blank", "page_break", "renderer")
NODE_TYPES = ("heading", "appendix")
MAX_DEPTH = 4
_STEM = re.compile(r"^[\w\-.\u4e00-\u9fff]+$")


def _strings(value: Any, _type: Any) -> tuple[str, ...]:
    """``"一行"`` or ``["一行", "二行"]`` → a tuple of lines."""
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(x, str) for x in items):
        raise ValueError(f"应为文字或文字列表，实为「{value!r}」")
    return tuple(items)


def _cells(value: Any, _type: Any) -> tuple[Any, ...]:
    """Table cells of an inner cover: text/numbers, ``"^"`` (the header cell above continues here),
    ``{ text = "产量", span = 4 }`` (a cell spanning columns) and nested lists (rows)."""
    if not isinstance(value, list):
        raise ValueError(f"应为列表，实为「{value!r}」")
    out: list[Any] = []
    for i, x in enumerate(value):
        where = f"第 {i + 1} 项"
        if isinstance(x, list):
            out.append(_cells(x, _type))
        elif isinstance(x, dict):
            extra = set(x) - {"text", "span"}
            text, span = x.get("text", ""), x.get("span", 1)
            if extra:
                raise ValueError(f"{where}有未知的键 {'、'.join(sorted(extra))}；可用的键：text、span")
            if not isinstance(text, str) or isinstance(span, bool) or not isinstance(span, int) or not 1 <= span <= 50:
                raise ValueError(f"{where}应为 {{ text = \"文字\", span = 1–50 的整数 }}，实为「{x!r}」")
            out.append((text, span))
        elif x is None or isinstance(x, (str, int, float)):
            out.append(None if x == "^" else x)
        else:
            raise ValueError(f"{where}应为文字、数值或列表，实为「{x!r}」")
    return tuple(out)


@attrs.frozen(kw_only=True)
class CoverSpec:
    """The cover: title lines, subtitle, an image (path template relative to the project), the
    organisation lines (a line starting with ``?`` is left out when a variable in it is empty), date."""

    title: tuple[str, ...] = attrs.field(default=("{name}", "清洁生产审核报告"), metadata={"structure": _strings})
    subtitle: str = ""
    image: str = ""
    organisation: tuple[str, ...] = attrs.field(default=(), metadata={"structure": _strings})
    date: str = "{report_month}"


@attrs.frozen(kw_only=True)
class InnerItem:
    """One item of an inner cover page (内封): a paragraph, table, image, blank lines, page break, or
    the output of a section renderer (``type = "renderer"``, ``name = "<renderer>"``)."""

    type: str = attrs.field(default="paragraph", validator=one_of(ITEM_TYPES, "内容类型"))
    text: str = ""
    style: str = "inner_text"
    header: tuple[Any, ...] = attrs.field(default=(), metadata={"structure": _cells})
    rows: tuple[Any, ...] = attrs.field(default=(), metadata={"structure": _cells})
    col_widths: tuple[float, ...] | None = attrs.field(default=None, validator=within(0.1, 100))
    path: str = ""
    name: str = ""
    lines: int = attrs.field(default=1, validator=within(1, 40))

    def __attrs_post_init__(self) -> None:
        if self.type == "renderer" and not self.name:
            raise invalid(type(self), "name", "type = \"renderer\" 时须给出渲染函数名")


@attrs.frozen(kw_only=True)
class InnerCover:
    """An inner cover page (内封: 承诺书、编制人员表 …), shown when its ``when`` flag is on."""

    id: str = ""
    title: str = ""
    when: str | None = None
    items: tuple[InnerItem, ...] = ()


@attrs.frozen(kw_only=True)
class OutlineNode:
    """A chapter or section of the report.

    ``number``: omitted (``None``) → numbered automatically after its siblings ("第五章", "4.3");
    ``""`` → no number (前言, 附件); any other text is printed as given (the standard fixes it).
    ``renderer`` writes computed content; ``requirement`` is shown as a placeholder (and pre-fills the
    narrative file ``narrative/<narrative or id>.md``) until the consultant writes the narrative.
    """

    id: str
    title: str
    number: str | None = None
    renderer: str | None = None
    narrative: str | None = None
    requirement: str = ""
    when: str | None = None
    clause: str = ""
    type: str = attrs.field(default="heading", validator=one_of(NODE_TYPES, "章节类型（应为 heading 或 appendix）"))
    children: tuple[OutlineNode, ...] = ()

    def __attrs_post_init__(self) -> None:
        if self.narrative is not None and not _STEM.match(self.narrative):
            raise invalid(type(self), "narrative", f"叙述文件名「{self.narrative}」只能是文件名（不含路径和扩展名）")
        if self.narrative is None and not _STEM.match(self.id):
            raise invalid(type(self), "id", f"节点 id「{self.id}」不能用作叙述文件名；请另给 narrative")

    @property
    def narrative_stem(self) -> str:
        return self.narrative or self.id

    @property
    def auto_number(self) -> bool:
        return self.number is None and self.type == "heading"


def walk(nodes: tuple[OutlineNode, ...], path: str = "outline", depth: int = 1
         ) -> Iterator[tuple[str, int, OutlineNode]]:
    """Every node with its key path (``outline[2].children[0]``) and depth (1 = chapter), in order."""
    for i, node in enumerate(nodes):
        here = f"{path}[{i}]"
        yield here, depth, node
        yield from walk(node.children, f"{here}.children", depth + 1)


def outline_problems(nodes: tuple[OutlineNode, ...], path: str = "outline") -> list[tuple[str, str]]:
    """``(key path, message)`` for every rule the whole outline breaks: unique ids, at most four
    levels, and no automatically numbered node before a sibling whose number is fixed."""
    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    for where, depth, node in walk(nodes, path):
        if node.id in seen:
            out.append((f"{where}.id", f"节点 id「{node.id}」重复"))
        seen.add(node.id)
        if depth > MAX_DEPTH:
            out.append((where, f"提纲最多{MAX_DEPTH}级"))
    for where, siblings in [(path, nodes)] + [(f"{w}.children", n.children) for w, _d, n in walk(nodes, path)]:
        auto = [i for i, n in enumerate(siblings) if n.auto_number]
        fixed = [i for i, n in enumerate(siblings) if n.type == "heading" and n.number]
        if auto and fixed and auto[0] < fixed[-1]:
            i, later = auto[0], siblings[fixed[-1]]
            out.append((f"{where}[{i}].number", f"章节「{siblings[i].id}」省略了编号（自动编号），但其后的同级章节「{later.id}」有固定编号"
                        f"「{later.number}」，自动编号会与之重复；请写出编号，或写 number = \"\" 表示不编号"))
    return out


def _check_outline(inst: Any, attribute: Any, value: tuple[OutlineNode, ...]) -> None:
    if not value:
        raise invalid(type(inst), attribute.name, "缺少提纲（[[outline]] 表数组）")
    problems = outline_problems(value, attribute.name)
    if problems:
        raise invalid(type(inst), *problems[0])


@attrs.frozen(kw_only=True)
class ReportKind:
    """A kind of report a standard asks for (审核报告、验收报告 …): cover, inner covers, TOC depth,
    outline, and the typesetting profile of the plugin's ``data/typesetting.toml``."""

    standard: str
    id: str
    title: str
    outline: tuple[OutlineNode, ...] = attrs.field(validator=_check_outline)
    cover: CoverSpec = CoverSpec()
    inner_covers: tuple[InnerCover, ...] = ()
    toc_depth: int = attrs.field(default=3, validator=within(1, 9))
    source: str = ""
    profile: Profile | None = None

    def iter_nodes(self) -> Iterator[tuple[int, OutlineNode]]:
        """Every node with its depth (1 = chapter), in document order."""
        for _path, depth, node in walk(self.outline):
            yield depth, node

    def node(self, node_id: str) -> OutlineNode | None:
        return next((n for _d, n in self.iter_nodes() if n.id == node_id), None)


@attrs.frozen(kw_only=True)
class OutlineInsertion:
    """An add-on's section in another standard's report (``cpf_outline_insertions``).

    Exactly one of ``after``, ``before`` or ``under`` names an existing node id of report kind
    ``report`` of ``standard`` (``under`` appends the node as the last child).  Insertions at the same
    place are ordered by ``order``, then by node id — never by plugin load order.
    """

    standard: str
    report: str
    node: OutlineNode
    after: str = ""
    before: str = ""
    under: str = ""
    order: int = 0

    def __attrs_post_init__(self) -> None:
        given = [k for k in ("after", "before", "under") if getattr(self, k)]
        if len(given) != 1:
            raise invalid(type(self), "after", "after、before、under 须恰好给出一个（目标章节的 id）")

    @property
    def place(self) -> tuple[str, str]:
        """``("after" | "before" | "under", target node id)``."""
        key = "after" if self.after else "before" if self.before else "under"
        return key, getattr(self, key)


# ---------------------------------------------------------------- the shape of data/reports/<kind>.toml


@attrs.frozen(kw_only=True)
class ReportMeta:
    id: str
    title: str
    standard: str | None = None
    toc_depth: int = attrs.field(default=3, validator=within(1, 9))


@attrs.frozen(kw_only=True)
class ReportFile:
    report: ReportMeta
    outline: tuple[OutlineNode, ...] = attrs.field(default=(), validator=_check_outline)
    cover: CoverSpec = CoverSpec()
    inner_covers: tuple[InnerCover, ...] = ()

    def kind(self, standard: str, source: str = "") -> ReportKind:
        inner = tuple(ic if ic.id else attrs.evolve(ic, id=f"inner{i + 1}") for i, ic in enumerate(self.inner_covers))
        return ReportKind(standard=standard, id=self.report.id, title=self.report.title, outline=self.outline,
                          cover=self.cover, inner_covers=inner, toc_depth=self.report.toc_depth, source=source)


strict_records(CoverSpec, InnerItem, InnerCover, OutlineNode, OutlineInsertion, ReportMeta, ReportFile)
