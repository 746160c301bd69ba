"""Chapter, section, table and figure numbers of one report (no python-docx here).

The writer keeps one :class:`Numbering` and asks it for every heading and caption label; numbers are
printed as literal text ("表 4-2") because LibreOffice recomputes SEQ fields and ignores per-chapter
resets.  :func:`outline_numbers` runs the same numbering over an outline without writing anything, for
``cpaudit show`` and for tests.

A heading's number is given by the standard (``"第四章"``, ``"4"``, ``"4.2"``), left out (``""``), or
``None``: then it continues after the previous sibling in the same style ("第五章" after "第四章",
"5" after "4", "4.3" after "4.2"); the first section of a chapter is "<chapter>.1".  Below a heading
without an arabic number (前言, 附件) automatic numbers stay empty.
"""
from __future__ import annotations

import re
from typing import Literal

from cpframework.report.profile import FigureSpec, TableSpec
from cpframework.report.units import chapter_index, chinese_number

_DOTTED = re.compile(r"^\d+(?:\.\d+)*$")
DEPTH = 4


class Numbering:
    def __init__(self, table: TableSpec | None = None, figure: FigureSpec | None = None):
        self.table_spec = table or TableSpec()
        self.figure_spec = figure or FigureSpec()
        self.chapter_index: int | None = None   # arabic index of the current chapter (None: unnumbered part)
        self.level = 0                          # level of the last heading written (narrative goes below it)
        self.counts = {"chapters": 0, "tables": 0, "figures": 0}
        self._last_chapter = 0
        self._chapter_format = "第{cn}章"
        self._prefix: list[str | None] = [None] * DEPTH   # dotted number of the current heading per level
        self._count = [0] * DEPTH                          # last number used per level below the current parent
        self._tables = self._figures = 0

    # ------------------------------------------------------------------ headings
    def chapter(self, number: str | None = None) -> str:
        """The number text of a new level-1 heading (``""`` for none); resets table/figure numbers."""
        if number is None:
            n = self._last_chapter + 1
            number = self._chapter_format.format(n=n, cn=chinese_number(n))
        idx = chapter_index(number)
        if number == "":
            self.chapter_index = None
        elif idx is not None:
            self.chapter_index = idx
            self._remember_style(number.strip())
        else:  # a number the standard prints as is ("附录A"): tables continue the chapter count
            self.chapter_index = (self.chapter_index or 0) + 1
        if self.chapter_index is not None:
            self._last_chapter = self.chapter_index
        self._reset(1, str(self.chapter_index) if idx is not None else None)
        self._tables = self._figures = 0
        self.counts["chapters"] += 1
        self.level = 1
        return number

    def section(self, level: int, number: str | None = None) -> str:
        """The number text of a heading of ``level`` 2–4 (``""`` for none)."""
        parent = self._prefix[level - 2]
        if number is None:
            if parent is None:
                number = ""
            else:
                self._count[level - 1] += 1
                number = f"{parent}.{self._count[level - 1]}"
        text = number.strip()
        if _DOTTED.match(text) and text.count(".") == level - 1:
            self._count[level - 1] = int(text.rsplit(".", 1)[-1])
            self._reset(level, text)
        else:
            self._reset(level, None)
        self.level = level
        return number

    def appendix(self) -> None:
        """An appendix label (附件一): tables and figures after it are numbered "表 n"."""
        self.chapter_index = None
        self._tables = self._figures = 0
        self._reset(1, None)

    def _reset(self, level: int, prefix: str | None) -> None:
        self._prefix[level - 1] = prefix
        for i in range(level, DEPTH):
            self._prefix[i] = None
            self._count[i] = 0

    def _remember_style(self, number: str) -> None:
        m = re.fullmatch(r"第(.+)章", number)
        if m:
            self._chapter_format = "第{n}章" if m.group(1).isdigit() else "第{cn}章"
        elif number.isdigit():
            self._chapter_format = "{n}"

    # ------------------------------------------------------------------ captions
    def label(self, kind: Literal["table", "figure"]) -> str:
        """The next caption label, "表 4-2" within chapter 4, "表 2" outside numbered chapters."""
        spec = self.table_spec if kind == "table" else self.figure_spec
        if kind == "table":
            self._tables += 1
            n = self._tables
        else:
            self._figures += 1
            n = self._figures
        self.counts["tables" if kind == "table" else "figures"] += 1
        if self.chapter_index is None:
            return spec.unnumbered_format.format(n=n)
        return spec.number_format.format(chapter=self.chapter_index, n=n)
