"""Narrative Markdown files: what counts as written, and the requirement comment ``init`` pre-fills."""
from __future__ import annotations

import re
from pathlib import Path

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
