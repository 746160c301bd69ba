"""``ReportWriter``: what a section renderer may do with the report it writes into.

A renderer is ``func(ctx, w: ReportWriter) -> None`` (see ``cpf_section_renderers``).  The core passes
a :class:`~cpframework.report.writer.DocxReportWriter`; a renderer typed against this Protocol works
with any writer that provides these methods (a test double, a future Markdown writer).  Numbers of
chapters, sections, tables and figures are kept by the writer: a renderer never counts them itself.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal, Protocol, runtime_checkable

from cpframework.report.profile import Profile

#: A list item: its text, or ``(text, [sub-items])``.
ListItem = str | tuple[str, Sequence[Any]]
#: A formatted piece of a paragraph: ``("文字", {"bold": True, "italic": False})``.
Run = tuple[str, Mapping[str, Any]]


class HasLines(Protocol):
    """A calculation trace (:class:`cpframework.calc.Trace`): anything with ``lines()``."""

    def lines(self) -> Sequence[str]: ...


@runtime_checkable
class ReportWriter(Protocol):
    """The writer API for section renderers (the one concrete writer is ``DocxReportWriter``)."""

    @property
    def profile(self) -> Profile:
        """The typesetting profile (page size, styles, list formats) of the report being written."""
        ...

    @property
    def text_width_cm(self) -> float:
        """Width of the text block, for choosing table column widths."""
        ...

    @property
    def chapter_index(self) -> int | None:
        """Arabic number of the current chapter (4 in 第四章), ``None`` before the first or in 附件."""
        ...

    # ---------------------------------------------------------------- headings
    def chapter(self, title: str, number: str | None = None) -> str:
        """Level-1 heading; ``number=None`` continues the chapter numbering, ``""`` leaves it bare.
        Returns the heading text."""
        ...

    def section(self, title: str, level: int = 2, number: str | None = None) -> str:
        """Heading of level 2–4; ``number=None`` numbers it after its siblings ("4.3"), ``""`` leaves it
        bare.  Returns the heading text."""
        ...

    def heading(self, text: str, level: int) -> None:
        """A heading of ``level`` 1–4 with exactly ``text`` (no numbering)."""
        ...

    def appendix_label(self, text: str, new_page: bool = True) -> None:
        """"附件一" / "附图一" label (in the TOC); tables and figures after it are numbered "表 n"."""
        ...

    # ---------------------------------------------------------------- text
    def paragraph(self, text: str, style: str = "body", bold: bool | None = None) -> None:
        """A paragraph in a profile style (``body``, ``note``, ``trace``, ``list`` …)."""
        ...

    def runs(self, parts: Sequence[Run], style: str = "body") -> None:
        """One paragraph made of differently formatted pieces."""
        ...

    def numbered_items(self, items: Sequence[ListItem], level: int = 1, style: str = "list") -> None:
        """Items numbered "(1)" → "1)" → "①" by nesting level (the profile's ``lists.numbered``)."""
        ...

    def bullet_items(self, items: Sequence[ListItem], style: str = "list") -> None:
        """Items with the profile's bullet."""
        ...

    def note(self, text: str) -> None:
        """A note in the ``note`` style (under a table: "注：…")."""
        ...

    def trace(self, trace_obj: HasLines) -> None:
        """A calculation trace, one paragraph per line in the ``trace`` style."""
        ...

    def placeholder(self, text: str) -> None:
        """A highlighted "【待编写】…" paragraph saying what the consultant must still write (counted)."""
        ...

    def notice(self, text: str) -> None:
        """A highlighted "【注意】…" remark for the reader of the draft (not counted as a placeholder)."""
        ...

    def narrative(self, source: Path | str | None, requirement_text: str = "") -> bool:
        """Markdown from a file (``Path``) or text (``str``) below the current heading; a placeholder
        with ``requirement_text`` when empty (returns ``False`` then)."""
        ...

    def page_break(self) -> None:
        ...

    def warn(self, message: str) -> None:
        """A warning shown by ``cpaudit report`` after the report is written (each message once)."""
        ...

    # ---------------------------------------------------------------- tables and figures
    def table(self, header: Sequence[Any], rows: Sequence[Sequence[Any]], caption: str | None = None,
              units: Sequence[str | None] | None = None, col_widths: Sequence[float] | None = None,
              notes: str | Sequence[str] | None = None, empty: str | None = None, numbered: bool = True) -> str:
        """A table with its caption above ("表 4-2 …"); header rows repeat on every page.  ``header`` may
        be nested (a cell ``(text, span)`` spans columns, ``None`` continues the cell above).  ``empty``
        replaces missing values (default: the profile's ``table.empty_cell``).  Returns the label."""
        ...

    def figure(self, source: Any, caption: str | None = None, width_cm: float | None = None) -> str:
        """A PNG path or a matplotlib figure at the text width, caption below.  Returns the label."""
        ...

    def caption_only(self, kind: Literal["table", "figure"], caption: str | None) -> str:
        """A numbered caption for a slot whose content could not be produced.  Returns the label."""
        ...

    # ---------------------------------------------------------------- charts (cpframework.api.charts)
    def chart(self, builder: Callable[..., Any], caption: str, *args: Any, **kwargs: Any) -> str:
        """A figure from ``builder(*args, **kwargs)`` (a function returning a matplotlib figure, e.g. one
        written with ``charts.new_figure``); without a CJK font, a notice and the caption instead."""
        ...

    def chart_attainment(self, items: Sequence[Mapping[str, Any]], caption: str, title: str | None = None) -> str:
        """Indicators against their level thresholds (:func:`charts.attainment_chart`)."""
        ...

    def chart_level_shares(self, names: Sequence[str], shares: Mapping[str, Sequence[float | None]], caption: str,
                           title: str | None = None, unit: str = "企业占比（%）") -> str:
        """Per item the share reaching each level, stacked (:func:`charts.level_share_chart`)."""
        ...

    def chart_gantt(self, tasks: Sequence[tuple[str, Any, Any]], caption: str, title: str | None = None) -> str:
        """Work plan ``[(task, start, end), …]`` as a Gantt chart."""
        ...

    def chart_trend(self, years: Sequence[Any], series: Mapping[str, Sequence[float | None]], caption: str,
                    unit: str = "", kind: str = "bar", title: str | None = None) -> str:
        """Values over years, ``series = {name: [value per year]}``, as bars or lines."""
        ...

    def chart_pareto(self, labels: Sequence[str], values: Sequence[float], caption: str, threshold: float = 0.8,
                     unit: str = "", title: str | None = None, show: int | None = None) -> str:
        """ALL items: the ``show`` largest as bars (the rest as one “其他” bar), the cumulative share over the
        total of all items, the threshold line and the rank where it is first reached."""
        ...

    def chart_distribution(self, counts: Mapping[str, int], caption: str, kind: str = "bar",
                           title: str | None = None, unit: str = "家") -> str:
        """How many items fall in each level, as bars or a pie."""
        ...


#: A section renderer: writes computed content into the section it is named by.
Renderer = Callable[[Any, ReportWriter], None]
