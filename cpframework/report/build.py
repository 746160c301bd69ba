"""build_report: walk a report kind's outline and write the .docx (atomically)."""
from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from cpframework.errors import ReportError
from cpframework.project.narrative import narrative_text
from cpframework.report.cover import report_variables, write_cover, write_inner_cover
from cpframework.report.model import OutlineNode, ReportKind
from cpframework.report.outline import flag_on
from cpframework.report.outputs import check_target
from cpframework.report.profile import Profile
from cpframework.report.protocol import Renderer, ReportWriter
from cpframework.report.writer import DocxReportWriter

NARRATIVE_DIR = "narrative"


@attrs.frozen
class BuildInfo:
    path: Path
    chapters: int
    tables: int
    figures: int
    placeholders: int
    warnings: tuple[str, ...] = ()


def call_renderer(renderers: Mapping[str, Renderer], name: str, where: str, ctx: Any, writer: ReportWriter) -> None:
    fn = renderers.get(name)
    if fn is None:
        raise ReportError(f"报告{where}指定的渲染函数「{name}」未由插件提供")
    try:
        fn(ctx, writer)
    except ReportError as e:
        raise ReportError(f"生成报告{where}时渲染函数「{name}」出错：{e}") from e
    except Exception as e:  # noqa: BLE001 - re-raised with the node and renderer named
        raise ReportError(f"生成报告{where}时渲染函数「{name}」出错：{type(e).__name__}: {e}") from e


def narrative_path(root: Path, node: OutlineNode, project: Any = None) -> Path:
    """The node's narrative file: named by chapter number and title, or by the older ``<stem>.md``."""
    if project is not None and hasattr(project, "narrative_path"):
        return Path(project.narrative_path(node.narrative_stem))
    return root / NARRATIVE_DIR / f"{node.narrative_stem}.md"


def _write_node(w: ReportWriter, node: OutlineNode, depth: int, ctx: Any, renderers: Mapping[str, Renderer],
                flags: Mapping[str, Any], root: Path, heads: dict[Any, str]) -> None:
    if not flag_on(flags, node.when):
        return
    mark = w.mark() if hasattr(w, "mark") else None
    if node.type == "appendix":
        w.appendix_label(" ".join(x for x in (node.number, node.title) if x))  # an appendix is never auto-numbered
    elif depth == 1:
        w.chapter(node.title, node.number)
    else:
        w.section(node.title, min(depth, 4), node.number)
    if mark is not None and (written := w.since(mark)):  # type: ignore[attr-defined]
        heads[written[-1]] = node.id   # the heading paragraph: `narrative pull` finds the node by it
    project = getattr(ctx, "project", None)
    slot = None
    path = narrative_path(root, node, project)
    text = narrative_text(path)  # init's requirement comment alone counts as empty
    if text:
        w.narrative(text, node.requirement)
    elif node.requirement:
        # the file to write is named by number and title (an empty file of the older naming gives way to it)
        name = (getattr(project, "narrative_names", None) or {}).get(node.narrative_stem, (path.name,))[0]
        slot = w.mark() if hasattr(w, "mark") else None
        w.placeholder(node.requirement + (f"（{node.clause}）" if node.clause else "")
                      + f"（请在叙述文件“{name}”中撰写）")
    logged = len(getattr(w, "table_log", ()))
    if node.renderer:
        call_renderer(renderers, node.renderer, f"章节「{node.id}」", ctx, w)
    if not text and node.requirement and slot is not None:
        _draft_in_place(w, node, ctx, slot, name, w.table_log[logged:])  # type: ignore[attr-defined]
    for child in node.children:
        _write_node(w, child, depth + 1, ctx, renderers, flags, root, heads)


def _draft_in_place(w: Any, node: OutlineNode, ctx: Any, slot: int, name: str, tables: list[Any]) -> None:
    """Replace the node's placeholder (written at ``slot``) by a draft from the data its renderer showed."""
    from cpframework.report.drafts import draft

    text = draft(node, ctx, tables)
    if not text:
        return
    holder = w.since(slot)[0]
    mark = w.mark()
    w.draft(text)
    w.draft_note(f"以上草稿据本节数据起草，只陈述表中的数；请对照要求审阅补充：{node.requirement}"
                 f"审阅后写入叙述文件“{name}”（或在 Word 中修改后收回）即成为正文。")
    for el in w.since(mark):
        holder.addprevious(el)
    holder.getparent().remove(holder)
    w.placeholders -= 1


def build_report(kind: ReportKind, profile: Profile, ctx: Any, renderers: Mapping[str, Renderer] | None,
                 out_path: Path, force: bool = False, variables: dict[str, Any] | None = None) -> BuildInfo:
    """Write the report of ``kind`` for the project in ``ctx`` to ``out_path``.

    ``ctx.project.root`` is the project folder (only read); ``ctx.project.manifest.flags`` decides
    the ``when`` nodes; a node without ``number`` is numbered after its siblings by the writer.
    Narrative for node ``x`` is ``<root>/narrative/x.md``; without it a highlighted placeholder states
    the node's ``requirement``.  Refuses an existing ``out_path``
    unless ``force``; the file appears only when complete.  Raises :class:`ReportError`.
    """
    out_path = Path(out_path)
    check_target(out_path, force)
    renderers = renderers or {}
    root = Path(ctx.project.root).resolve()
    flags = dict(getattr(ctx.project.manifest, "flags", None) or {})
    with DocxReportWriter(profile, root, report_variables(ctx, variables)) as w:
        write_cover(w, kind.cover)
        for inner in kind.inner_covers:
            write_inner_cover(w, inner, ctx, renderers)
        w.toc(kind.toc_depth)
        w.begin_body()
        from cpframework.report.references import resolver

        w.narrative_values = resolver(ctx)  # type: ignore[attr-defined]  # {{指标:…}} in narrative
        heads: dict[Any, str] = {}
        for node in kind.outline:
            _write_node(w, node, 1, ctx, renderers, flags, root, heads)
        w.doc.core_properties.title = kind.title
        w.doc.core_properties.author = "cpframework"
        from cpframework.report.fingerprint import stamp

        stamp(w.doc, dict(w.provenance), heads, kind.standard, kind.id)
        w.save(out_path, force)
        return BuildInfo(path=out_path, warnings=tuple(w.warnings), **w.counts)
