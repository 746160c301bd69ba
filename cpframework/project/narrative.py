"""Narrative Markdown files: what counts as written, and the requirement comment ``init`` pre-fills."""
from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

_COMMENT = re.compile(r"<!--.*?-->", re.S)


def narrative_text(path: Path, root: Path | None = None) -> str:
    """The narrative with HTML comments and a lone heading removed; ``""`` when nothing is written.

    Only a regular file inside the project counts (``root``; by default the folder holding
    ``narrative/``): a link to a file outside the project, a named pipe or a device is never read
    (``check`` reports them)."""
    from cpframework.io.safe_read import MAX_NARRATIVE_BYTES, is_regular

    root = Path(root) if root is not None else Path(path).parent.parent
    try:
        real = Path(path).resolve()
        inside = real.is_relative_to(root.resolve())
    except (OSError, RuntimeError, ValueError):
        return ""
    if not inside or not is_regular(real) or real.stat().st_size > MAX_NARRATIVE_BYTES:
        return ""
    try:
        raw = real.read_text(encoding="utf-8-sig", errors="replace")
    except OSError as exc:
        from cpframework.errors import ProjectError
        from cpframework.io.oserror import os_error_text

        raise ProjectError(f"无法读取叙述文件 {path}：{os_error_text(exc)}") from None
    text = strip_comments(raw)
    body = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    return text if body else ""


def strip_comments(text: str) -> str:
    """The narrative without its HTML comments (the requirement note ``init`` writes), as the report reads it."""
    return _COMMENT.sub("", text).strip()


def prefill(title: str, requirement: str, clause: str = "") -> str:
    ref = f"（{clause}）" if clause else ""
    return (f"<!-- 本节：{title}{ref}\n标准要求：{requirement}\n"
            f"在此注释下方撰写正文（Markdown：段落、- 列表、**加粗**、| 表格 |、![图题](图片相对路径)）。\n"
            f"本注释不会出现在报告中；未撰写时报告此处显示黄色提示。 -->\n")


# ---------------------------------------------------------------- file names: chapter number and title

INDEX_FILE = "目录.md"
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')
_NUMBER = re.compile(r"^\d+(?:\.\d+)*\s+")


def _kinds_in_order(std: Any) -> list[Any]:
    kinds = dict(std.report_kinds)
    first = getattr(std.info, "default_report", "") or ""
    return ([kinds[first]] if first in kinds else []) + [k for i, k in kinds.items() if i != first]


def file_names(std: Any, flags: Mapping[str, Any] | None = None) -> dict[str, tuple[str, str]]:
    """``narrative stem → (file name, heading)`` for every outline node: ``"4.2 清洁生产评价.md"``.

    The number is the one the node gets in the default report for ``flags`` (a chapter by its arabic
    index); a node a flag hides, or an unnumbered one, is named by its title alone.  A stem shared by
    several report kinds is named after the first kind that has it."""
    from cpframework.report.outline import outline_numbers
    from cpframework.report.units import chapter_index

    out: dict[str, tuple[str, str]] = {}
    taken: set[str] = {INDEX_FILE}
    for kind in _kinds_in_order(std):
        numbers = outline_numbers(kind, flags or {})
        for depth, node in kind.iter_nodes():
            if node.narrative_stem in out:
                continue
            number = numbers.get(node.id) or ""
            if depth == 1 and node.type == "heading" and chapter_index(number) is not None:
                number = str(chapter_index(number))
            heading = " ".join(x for x in (number, node.title) if x)
            base = _UNSAFE.sub("", heading).strip(" .") or node.narrative_stem
            name, n = f"{base}.md", 2
            while name in taken:
                name, n = f"{base}（{n}）.md", n + 1
            taken.add(name)
            out[node.narrative_stem] = (name, heading)
    return out


def resolve(folder: Path, stem: str, names: Mapping[str, tuple[str, str]] | None) -> Path:
    """The narrative file of ``stem`` in ``folder``: the named file (``4.2 清洁生产评价.md``), else a
    file of the older naming (``<stem>.md``) when only that exists, else the named file (to write)."""
    old = Path(folder) / f"{stem}.md"
    if not names or stem not in names:
        return old
    new = Path(folder) / names[stem][0]
    if new.exists() and old.is_file() and not narrative_text(new) and narrative_text(old):
        return old     # init wrote the new file empty; the text is in the older one
    if new.exists():
        return new
    if old.is_file():
        return old
    # numbered for other project flags (a section shown or hidden since): the same title, another number
    title = _NUMBER.sub("", Path(names[stem][0]).stem)
    try:
        same = [p for p in Path(folder).glob("*.md") if _NUMBER.sub("", p.stem) == title]
    except OSError:
        same = []
    return same[0] if len(same) == 1 and sum(_NUMBER.sub("", Path(n).stem) == title for n, _h in names.values()) == 1 \
        else new


def shadowed_files(root: Path, names: Mapping[str, tuple[str, str]]) -> list[Any]:
    """A warning for each older-named narrative file (``conclusions.md``) with text of its own while the
    chapter-named file (``7.1 结论.md``) has text too: the report uses only the latter, so the text written in
    the former would be left out without a word.  (When the chapter-named file is empty, the older one is
    used — see :func:`resolve` — and nothing is lost.)"""
    from cpframework.errors import Problem

    folder = Path(root) / "narrative"
    out = []
    for stem, (name, _heading) in names.items():
        old, new = folder / f"{stem}.md", folder / name
        if old == new or not (old.is_file() and new.is_file()):
            continue
        if narrative_text(old) and narrative_text(new):
            out.append(Problem(file=f"narrative/{old.name}", level="warning", code="narrative_shadowed", message=(
                f"与 narrative/{name} 同时存在，报告只使用后者，本文件的内容不会进入报告；"
                f"请把内容移到 narrative/{name} 中后删除本文件（或运行 cpaudit upgrade 按章节重命名）")))
    return out


def index_text(std: Any, names: Mapping[str, tuple[str, str]]) -> str:
    """``目录.md``: each narrative file and the heading it is written under, in report order."""
    lines = ["<!-- 叙述文件目录：每个文件对应报告中的一个章节，在文件中撰写该章节的正文。",
             "本目录由 cpaudit init / upgrade 生成，不会出现在报告中。 -->", "", "# 叙述文件目录", ""]
    for kind in _kinds_in_order(std):
        lines += [f"## {kind.title}", ""]
        for depth, node in kind.iter_nodes():
            name, heading = names[node.narrative_stem]
            lines.append(f"{'  ' * (depth - 1)}- [{heading}](<{name}>)")
        lines.append("")
    return "\n".join(lines)


def upgrade_files(root: Path, std: Any, flags: Mapping[str, Any], *, dry_run: bool = False) -> list[str]:
    """Rename narrative files of the older naming (``<stem>.md``) to chapter number and title and
    (re)write ``目录.md``; returns what was (or, with ``dry_run``, would be) done, in Chinese."""
    import os

    folder = Path(root) / "narrative"
    if not folder.is_dir():
        return []
    names = file_names(std, flags)
    notes: list[str] = []
    for stem, (name, _heading) in names.items():
        old, new = folder / f"{stem}.md", folder / name
        if old.is_file() and not old.is_symlink() and old != new:
            if new.exists():
                notes.append(f"叙述文件 {old.name} 与 {name} 同时存在，未改名；报告使用 {name}，请把 {old.name} 中的文字并入后删除它")
                continue
            if not dry_run:
                os.replace(old, new)
            notes.append(f"叙述文件 {old.name} {'将改名为' if dry_run else '已改名为'} {name}")
    index = folder / INDEX_FILE
    text = index_text(std, names)
    current = index.read_text(encoding="utf-8-sig", errors="replace") if index.is_file() else None
    if current != text:
        if not dry_run:
            from cpframework.io.safe_write import atomic_output

            with atomic_output(index) as tmp:
                Path(tmp).write_text(text, encoding="utf-8")
        notes.append(f"叙述文件目录 {INDEX_FILE} {'将' if dry_run else '已'}{'更新' if current is not None else '生成'}")
    return notes


def image_rel(root: Path | str, rel: str, folder: str = "narrative") -> str:
    """An image path of a narrative file as a path relative to the project: relative to the Markdown
    file's folder, as editors show it (``../assets/图.png``); a path relative to the project folder
    (the older rule, ``assets/图.png``) still works when only that file exists."""
    import posixpath

    rel = rel.replace("\\", "/")
    near = posixpath.normpath(posixpath.join(folder, rel)) if folder else rel
    try:
        if (Path(root) / near).exists() or not (Path(root) / rel).exists():
            return near
    except (OSError, ValueError):
        return near
    return rel
