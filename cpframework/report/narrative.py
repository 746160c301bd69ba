"""Narrative text: a consultant's Markdown file rendered with the profile, or a placeholder.

The project folder is only read. Images must stay inside the project folder; anything else becomes a
visible, highlighted note in the report instead of silently reading arbitrary files.
"""
from __future__ import annotations

from pathlib import Path

from cpframework.report import markdown, ooxml

NOTICE_FILL = "FFFF00"


class NarrativeMixin:
    """``ReportWriter.narrative`` and its helpers (mixed into the writer)."""

    def notice(self, text: str):
        """A highlighted remark for the reader of the draft (not counted as a placeholder)."""
        p = ooxml.paragraph(self.sid("placeholder"), f"【注意】{text}", shade=NOTICE_FILL)
        ooxml.shade_paragraph(p, NOTICE_FILL)
        return self._add(p)

    def narrative(self, source: Path | str | None, requirement_text: str = "") -> bool:
        """Render Markdown from a file (``Path``) or text (``str``); returns False if a placeholder was used.

        Headings in the Markdown sit below the current heading: ``#`` is one level deeper.
        """
        text = ""
        if isinstance(source, Path):
            from cpframework.io.images import confined

            root = self.project_root
            if root is not None and confined(root, str(source.absolute())) is None:
                self.notice(f"叙述文件「{source.name}」位于项目文件夹之外（或是指向外部的链接），已忽略。")
                source = None
            elif source.is_file():
                try:  # check reports undecodable/unreadable narrative; the report never stops on it
                    text = source.read_text(encoding="utf-8-sig", errors="replace")
                except OSError as e:
                    from cpframework.io.oserror import os_error_text

                    self.notice(f"叙述文件「{source.name}」无法读取：{os_error_text(e)}")
        elif source:
            text = source
        if not text.strip():
            self.placeholder(requirement_text or "请在此补充本节内容。")
            return False
        base = self._level
        for block in markdown.parse(text):
            kind = block["type"]
            if kind == "heading":
                self.heading(markdown.plain(block["inline"]), min(4, max(base, 1) + block["level"]))
                self._level = base
            elif kind == "para":
                self.runs(block["inline"])
            elif kind == "list":
                self._md_list(block, 1)
            elif kind == "table":
                self.table(block["header"], block["rows"], block["caption"])
            elif kind == "image":
                self._md_image(block["path"], block["caption"])
        return True

    def _md_list(self, block: dict, level: int) -> None:
        formats = self.profile.lists.numbered
        fmt = formats[min(level, len(formats)) - 1]
        for n, (inl, sub) in enumerate(block["items"], 1):
            from cpframework.report.units import item_label
            label = item_label(fmt, n) if block["ordered"] else f"{self.profile.lists.bullet} "
            self.runs([(label, {})] + list(inl), style="list")
            if sub:
                self._md_list(sub, level + 1)

    def _md_image(self, rel: str, caption: str) -> None:
        root = self.project_root
        if root is None:
            self.notice(f"图片「{rel}」无法定位：未指定项目文件夹。")
            return
        from cpframework.io.images import confined, image_problem

        path = confined(root, rel)  # links resolved: a link out of the project is refused
        if path is None:
            self.notice(f"图片路径「{rel}」位于项目文件夹之外，已忽略；请把图片放入项目文件夹并使用相对路径。")
            return
        if not path.exists():
            self.notice(f"图片「{rel}」不存在（应位于项目文件夹内），请补充。")
            return
        why = image_problem(path)  # decoded and size-checked before Word sees it
        if why:
            self.notice(f"图片「{rel}」{why}")
            self.warn(f"图片「{rel}」{why}（报告中此处为提示）")
            return
        try:
            self.figure(path, caption)
        except Exception:  # noqa: BLE001 - unreadable image: show it, don't stop the report
            self.notice(f"图片「{rel}」无法插入 Word 文档（格式细节不受支持）；请另存为 PNG 或 JPEG 后再用")
