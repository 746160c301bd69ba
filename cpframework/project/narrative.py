"""Narrative Markdown files: what counts as written, and the requirement comment ``init`` pre-fills."""
from __future__ import annotations

import re
from pathlib import Path

_COMMENT = re.compile(r"<!--.*?-->", re.S)


def narrative_text(path: Path) -> str:
    """The narrative with HTML comments and a lone heading removed; ``""`` when nothing is written."""
    if not path.is_file():
        return ""
    try:
        raw = path.read_text(encoding="utf-8-sig", errors="replace")
    except OSError as exc:
        from cpframework.errors import ProjectError

        raise ProjectError(f"无法读取叙述文件 {path}：{exc.strerror or exc}（请检查文件权限）") from None
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
