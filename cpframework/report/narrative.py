"""The writer's narrative part: a consultant's Markdown rendered through the writer, or a placeholder.

The project folder is only read. Images must stay inside the project folder; anything else becomes a
visible, highlighted note in the report instead of silently reading arbitrary files.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from cpframework.report import markdown
from cpframework.report.protocol import ReportWriter
from cpframework.report.units import item_label


def source_key(snippet: str) -> str:
    """The key of a Markdown block's source lines (the same in ``narrative pull``)."""
    import hashlib

    return hashlib.sha256(snippet.strip().encode("utf-8")).hexdigest()[:12]


class NarrativePart:
    """Markdown through any :class:`ReportWriter` (headings, runs, tables, figures, notices)."""

    def __init__(self, writer: ReportWriter, project_root: Path | None):
        self.w = writer
        self.project_root = project_root

    def render(self, source: Path | str | None, requirement_text: str, base_level: int,
               source_dir: str = "narrative") -> bool:
        """Render Markdown from a file (``Path``) or text (``str``); returns False if a placeholder was used.

        Headings in the Markdown sit below the current heading (``base_level``): ``#`` is one level deeper.
        """
        text = ""
        self._ranks: dict[int, int] = {}
        self.source_dir = source_dir   # images are relative to the Markdown file (this folder of the project)
        if isinstance(source, Path):
            from cpframework.io.images import confined

            root = self.project_root
            if root is not None and confined(root, str(source.absolute())) is None:
                self.w.notice(f"叙述文件「{source.name}」位于项目文件夹之外（或是指向外部的链接），已忽略。")
                source = None
            elif source.is_file():
                try:  # check reports undecodable/unreadable narrative; the report never stops on it
                    text = source.read_text(encoding="utf-8-sig", errors="replace")
                except OSError as e:
                    from cpframework.io.oserror import os_error_text

                    self.w.notice(f"叙述文件「{source.name}」无法读取：{os_error_text(e)}")
        elif source:
            text = source
        if not text.strip():
            self.w.placeholder(requirement_text or "请在此补充本节内容。")
            return False
        lines = text.replace("\r\n", "\n").replace("\t", "    ").split("\n")
        values = getattr(self.w, "narrative_values", None)   # {{指标:…}} → the value computed now
        if values is not None:
            text, problems = values(text)
            for p in problems:
                self.w.warn(p)
        parsed = markdown.parse(text)
        # "#", "##" … of the file ranked: its shallowest heading sits one level below the section heading
        self._ranks = {lv: n for n, lv in enumerate(sorted({b["level"] for b in parsed if b["type"] == "heading"}), 1)}
        for block in parsed:
            mark = self.w.mark() if hasattr(self.w, "mark") else None
            self._block(block, base_level)
            if mark is not None:  # which source lines wrote which elements: `narrative pull` keeps them as written
                key = source_key("\n".join(lines[slice(*block["lines"])]))
                self.w.provenance.extend((el, key) for el in self.w.since(mark))  # type: ignore[attr-defined]
        return True

    def _block(self, block: dict[str, Any], base_level: int) -> None:
        kind = block["type"]
        if kind == "heading":
            level = max(base_level, 1) + self._ranks.get(block["level"], block["level"])
            if level <= 4:
                self.w.heading(markdown.plain(block["inline"]), level)
            else:  # below the fourth level Word has no numbered heading: a bold run-in line
                self.w.runs([(markdown.plain(block["inline"]), {"bold": True})])
        elif kind == "quote":
            inl = list(block["inline"])
            self.w.runs(inl, style="note")
        elif kind == "para":
            self.w.runs(block["inline"])
        elif kind == "list":
            self._list(block, 1)
        elif kind == "table":
            self.w.table(block["header"], block["rows"], block["caption"])
        elif kind == "image":
            self._image(block["path"], block["caption"])

    def _list(self, block: dict[str, Any], level: int) -> None:
        lists = self.w.profile.lists
        fmt = lists.numbered[min(level, len(lists.numbered)) - 1]
        for n, (inl, sub) in enumerate(block["items"], 1):
            label = item_label(fmt, n) if block["ordered"] else f"{lists.bullet} "
            self.w.runs([(label, {})] + list(inl), style="list")
            if sub:
                self._list(sub, level + 1)

    def _image(self, rel: str, caption: str) -> None:
        root = self.project_root
        if root is None:
            self.w.notice(f"图片「{rel}」无法定位：未指定项目文件夹。")
            return
        from cpframework.io.images import confined, image_problem
        from cpframework.project.narrative import image_rel

        rel = image_rel(root, rel, getattr(self, "source_dir", "narrative"))
        path = confined(root, rel)  # links resolved: a link out of the project is refused
        if path is None:
            self.w.notice(f"图片路径「{rel}」位于项目文件夹之外，已忽略；请把图片放入项目文件夹并使用相对路径。")
            return
        if not path.exists():
            self.w.notice(f"图片「{rel}」不存在（应位于项目文件夹内），请补充。")
            return
        why = image_problem(path)  # decoded and size-checked before Word sees it
        if why:
            self.w.notice(f"图片「{rel}」{why}")
            self.w.warn(f"图片「{rel}」{why}（报告中此处为提示）")
            return
        try:
            self.w.figure(path, caption)
        except Exception:  # noqa: BLE001 - unreadable image: show it, don't stop the report
            self.w.notice(f"图片「{rel}」无法插入 Word 文档（格式细节不受支持）；请另存为 PNG 或 JPEG 后再用")
