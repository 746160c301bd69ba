"""DocxReportWriter: the Word implementation of the :class:`~cpframework.report.protocol.ReportWriter`
Protocol that section renderers write through (headings, text, tables, figures, charts, narrative).

It is composed of parts: :class:`~cpframework.report.numbering.Numbering` (chapter, section, table and
figure numbers, written as literal text), :class:`~cpframework.report.narrative.NarrativePart`
(Markdown) and :class:`~cpframework.report.chart_part.ChartPart` (charts); the parts use the writer
only through the Protocol.
"""
from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any, Literal

from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Cm

from cpframework.errors import ReportError
from cpframework.report import chart_cache, ooxml
from cpframework.report.chart_part import ChartPart
from cpframework.report.docstyles import new_document
from cpframework.report.narrative import NarrativePart
from cpframework.report.numbering import Numbering
from cpframework.report.outputs import atomic_save
from cpframework.report.pages import end_section, page_footer, turn_page
from cpframework.report.profile import Profile
from cpframework.report.protocol import HasLines, ListItem, ReportWriter, Run
from cpframework.report.tables import build_table_fitted
from cpframework.report.units import cm_to_twips, item_label

PLACEHOLDER_FILL = "FFFF00"
NOTICE_FILL = "FFFF00"
DRAFT_FILL = "E2EFDA"


class DocxReportWriter:
    """Write a report into a fresh document typeset by ``profile``; call :meth:`save` at the end."""

    def __init__(self, profile: Profile, project_root: Path | str | None = None,
                 variables: dict[str, Any] | None = None):
        self._profile = profile
        self.project_root = Path(project_root).resolve() if project_root else None
        self.variables = dict(variables or {})
        self.doc, self.ids = new_document(profile)
        self._body = self.doc.element.body
        for p in list(self._body.iterchildren(qn("w:p"))):   # the template's empty paragraph
            self._body.remove(p)
        self._tmp = Path(tempfile.mkdtemp(prefix="cpreport-"))
        self.warnings: list[str] = []
        self.numbering = Numbering(profile.table, profile.figure)
        self.placeholders = 0
        self.provenance: list[tuple[Any, str]] = []   # (element, source key) of narrative output, for the fingerprint
        self.table_log: list[Any] = []                 # tables written (drafts from data read them)
        self._narrative = NarrativePart(self, self.project_root)
        self._charts = ChartPart(self)

    @property
    def profile(self) -> Profile:
        return self._profile

    @property
    def chapter_index(self) -> int | None:
        return self.numbering.chapter_index

    @property
    def counts(self) -> dict[str, int]:
        return {**self.numbering.counts, "placeholders": self.placeholders}

    # ------------------------------------------------------------------ plumbing
    def _add(self, element: BaseOxmlElement) -> BaseOxmlElement:
        self._body.find(qn("w:sectPr")).addprevious(element)
        return element

    def mark(self) -> int:
        """A position in the body; :meth:`since` gives the elements written after it."""
        return len(self._body)

    def since(self, mark: int) -> list[BaseOxmlElement]:
        return list(self._body.iterchildren())[mark - 1:-1]

    def sid(self, style: str) -> str:
        if style in self.ids:
            return self.ids[style]
        raise ReportError(f"排版配置 {self.profile.source} 中没有样式「{style}」")

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)

    def close(self) -> None:
        shutil.rmtree(self._tmp, ignore_errors=True)

    def __enter__(self) -> DocxReportWriter:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    # ------------------------------------------------------------------ sections and page numbers
    def toc(self, depth: int | None = None, title: str | None = None) -> None:
        """Start the TOC section (own page numbers) and insert a Word TOC field."""
        depth = depth or self.profile.toc.depth
        if len(self._body) > 1:
            section = end_section(self.doc)
            pg = self.profile.page
            numbering = pg.toc_numbering
            page_footer(section, self.profile, self.sid("footer"), None if numbering == "none" else pg.toc_page_number,
                        None if numbering == "none" else numbering)
        self._add(ooxml.paragraph(self.sid("toc_title"), title or self.profile.toc.title))
        p = ooxml.paragraph(self.sid("toc1"))
        for r in ooxml.field_runs(f'TOC \\o "1-{depth}" \\h \\z \\u', "右键单击此处，选择“更新域”以生成目录"):
            p.append(r)
        self._add(p)

    def begin_body(self) -> None:
        """Start the body section: Arabic page numbers from 1."""
        if len(self._body) > 1:
            section = end_section(self.doc)
        else:
            section = self.doc.sections[-1]
        page_footer(section, self.profile, self.sid("footer"), self.profile.page.page_number, "decimal")

    # ------------------------------------------------------------------ headings
    def heading(self, text: str, level: int) -> None:
        if not 1 <= level <= 4:
            raise ReportError(f"标题级别应为 1–4，实为 {level}（{text}）")
        self.numbering.level = level
        self._add(ooxml.paragraph(self.sid(f"heading{level}"), text))

    def chapter(self, title: str, number: str | None = None) -> str:
        """Level-1 heading. ``number=None`` → the next chapter number; ``""`` → unnumbered (前言, 附件)."""
        number = self.numbering.chapter(number)
        text = f"{number}  {title}" if number else title
        self.heading(text, 1)
        return text

    def section(self, title: str, level: int = 2, number: str | None = None) -> str:
        """Heading of level 2–4; ``number=None`` numbers automatically ("4.2.1"), ``""`` leaves it bare."""
        if not 2 <= level <= 4:
            raise ReportError(f"小节标题级别应为 2–4，实为 {level}（{title}）")
        number = self.numbering.section(level, number)
        text = f"{number} {title}" if number else title
        self.heading(text, level)
        return text

    def appendix_label(self, text: str, new_page: bool = True) -> None:
        """"附件一" / "附图一": 黑体小二 top-left (DB4101/T 61 C.3), listed in the TOC."""
        first = len(self._body) == 1
        self.numbering.appendix()
        label = self._add(ooxml.paragraph(self.sid("appendix_label"), text))
        if new_page and not first and not ooxml.ends_section(label.getprevious()):
            ooxml.page_break_before(label)

    # ------------------------------------------------------------------ text
    def paragraph(self, text: str, style: str = "body", bold: bool | None = None) -> None:
        self._add(ooxml.paragraph(self.sid(style), text, bold=bold))

    def runs(self, parts: Sequence[Run], style: str = "body") -> None:
        """A paragraph made of ``(text, {"bold": True, "italic": False})`` pieces."""
        p = ooxml.paragraph(self.sid(style))
        for text, fmt in parts:
            p.append(ooxml.run(text, bold=fmt.get("bold"), italic=fmt.get("italic")))
        self._add(p)

    def numbered_items(self, items: Sequence[ListItem], level: int = 1, style: str = "list") -> None:
        """Items numbered "(1)" → "1)" → "①" by nesting level; an item may be ``(text, [subitems])``."""
        formats = self.profile.lists.numbered
        fmt = formats[min(level, len(formats)) - 1]
        for n, item in enumerate(items, 1):
            text, sub = item if isinstance(item, tuple) else (item, None)
            self.paragraph(f"{item_label(fmt, n)}{text}", style)
            if sub:
                self.numbered_items(sub, level + 1, style)

    def bullet_items(self, items: Sequence[ListItem], style: str = "list") -> None:
        for item in items:
            text, sub = item if isinstance(item, tuple) else (item, None)
            self.paragraph(f"{self.profile.lists.bullet} {text}", style)
            if sub:
                self.bullet_items(sub, style)

    def note(self, text: str) -> None:
        self.paragraph(text, "note")

    def trace(self, trace_obj: HasLines) -> None:
        """Print a calculation trace (anything with ``.lines()``), one paragraph per line."""
        for line in trace_obj.lines():
            self.paragraph(line, "trace")

    def placeholder(self, text: str) -> None:
        """A highlighted (yellow) paragraph saying what must still be written here."""
        self.placeholders += 1
        p = ooxml.paragraph(self.sid("placeholder"), f"【待编写】{text}", shade=PLACEHOLDER_FILL)
        ooxml.shade_paragraph(p, PLACEHOLDER_FILL)
        self._add(p)

    def draft(self, text: str) -> None:
        """A paragraph drafted from the data, marked (green) until the consultant accepts or replaces it."""
        from cpframework.report.drafts import DRAFT_MARK

        p = ooxml.paragraph(self.sid("placeholder"), f"{DRAFT_MARK}{text}")
        ooxml.shade_paragraph(p, DRAFT_FILL)   # green, not the yellow of what is still to be written
        self._add(p)

    def draft_note(self, text: str) -> None:
        """The remark under a draft (what to check, where to write it), marked like the draft."""
        from cpframework.report.drafts import DRAFT_NOTE_MARK

        p = ooxml.paragraph(self.sid("note"), f"{DRAFT_NOTE_MARK}{text}")
        ooxml.shade_paragraph(p, DRAFT_FILL)
        self._add(p)

    def notice(self, text: str) -> None:
        """A highlighted remark for the reader of the draft (not counted as a placeholder)."""
        p = ooxml.paragraph(self.sid("placeholder"), f"【注意】{text}", shade=NOTICE_FILL)
        ooxml.shade_paragraph(p, NOTICE_FILL)
        self._add(p)

    def narrative(self, source: Path | str | None, requirement_text: str = "") -> bool:
        """Markdown (file or text) below the current heading, or a placeholder; see :class:`NarrativePart`."""
        base = self.numbering.level
        try:
            return self._narrative.render(source, requirement_text, base)
        finally:
            self.numbering.level = base

    def page_break(self) -> None:
        self._add(ooxml.page_break())

    # ------------------------------------------------------------------ tables and figures
    @property
    def text_width_cm(self) -> float:
        return self.profile.page.text_width_cm

    def table(self, header: Sequence[Any], rows: Sequence[Sequence[Any]], caption: str | None = None,
              units: Sequence[str | None] | None = None, col_widths: Sequence[float] | None = None,
              notes: str | Sequence[str] | None = None, empty: str | None = None,
              numbered: bool = True) -> str:
        """Caption above (numbered per chapter), header rows repeat, rows never split; returns the label.

        Columns are as wide as their content needs at the table font; a table whose numbers and codes
        cannot fit across a portrait page gets a landscape page of its own (caption, table and notes).
        Every table is logged (``table_log``) for the drafts drawn from what the section printed."""
        from cpframework.report.drafts import LoggedTable

        self.table_log.append(LoggedTable(tuple(header), tuple(tuple(r) for r in rows), caption or "",
                                          tuple(units) if units else None))
        label = self.numbering.label("table") if numbered else ""
        pg = self.profile.page
        try:
            tbl, wide, fits = build_table_fitted(
                header, rows, text_width_twips=cm_to_twips(self.text_width_cm),
                wide_width_twips=cm_to_twips(pg.height_cm - pg.margin_left_cm - pg.margin_right_cm)
                if self.profile.table.landscape else None,
                body_sid=self.sid("table"), header_sid=self.sid("table_header"),
                empty=self.profile.table.empty_cell if empty is None else empty,
                units=units, col_widths=col_widths, numbers=self.profile.numbers,
                font_pt=self.profile.style("table").size_pt, header_font_pt=self.profile.style("table_header").size_pt)
        except ValueError as e:
            raise ReportError(f"表格「{label} {caption or ''}」有误：{e}") from e
        if not fits:
            self.warn(f"表格「{label} {caption or ''}」列数过多，横向页面也排不下，个别数字或代码可能在单元格内换行；"
                      "可拆分为两张表或减少列数")
        if wide:
            turn_page(self.doc, self.profile, landscape=True)
        if caption is not None or numbered:
            text = " ".join(x for x in (label, caption or "") if x)
            cap = ooxml.paragraph(self.sid("caption"), text)
            cap.find(qn("w:pPr")).append(ooxml.el("w:keepNext"))
            ooxml.sort_children(cap.find(qn("w:pPr")), ooxml._PPR_ORDER)
            self._add(cap)
        self._add(tbl)
        if notes:
            for i, n in enumerate([notes] if isinstance(notes, str) else notes):
                self.note(n if (i or n.startswith("注")) else f"注：{n}")
        if wide:
            turn_page(self.doc, self.profile, landscape=False)
        return label

    def caption_only(self, kind: Literal["table", "figure"], caption: str | None) -> str:
        """A numbered caption for a slot whose content could not be produced (e.g. a chart without fonts)."""
        label = self.numbering.label(kind)
        self._add(ooxml.paragraph(self.sid("caption"), " ".join(x for x in (label, caption or "") if x)))
        return label

    def figure(self, source: Any, caption: str | None = None, width_cm: float | None = None) -> str:
        """Embed a PNG path or a matplotlib figure at the text width, caption below; returns the label."""
        if hasattr(source, "savefig"):
            path = self._tmp / f"fig{self.numbering.counts['figures'] + 1}.png"
            source.savefig(path, dpi=self.profile.figure.dpi)
            chart_cache.close(source)
        else:
            path = Path(source)
        width = min(width_cm or self.profile.figure.width_cm, self.text_width_cm)
        p = self.doc.add_paragraph()
        p._p.get_or_add_pPr().get_or_add_pStyle().val = self.sid("figure")
        p.add_run().add_picture(str(path), width=Cm(width))
        label = self.numbering.label("figure")
        self._add(ooxml.paragraph(self.sid("caption"), " ".join(x for x in (label, caption or "") if x)))
        return label

    # ------------------------------------------------------------------ charts (the chart part)
    def chart(self, builder: Callable[..., Any], caption: str, *args: Any, **kwargs: Any) -> str:
        return self._charts.chart(builder, caption, *args, **kwargs)

    def chart_attainment(self, items: Sequence[Mapping[str, Any]], caption: str, title: str | None = None) -> str:
        return self._charts.attainment(items, caption, title)

    def chart_level_shares(self, names: Sequence[str], shares: Mapping[str, Sequence[float | None]], caption: str,
                           title: str | None = None, unit: str = "企业占比（%）") -> str:
        return self._charts.level_shares(names, shares, caption, title, unit)

    def chart_gantt(self, tasks: Sequence[tuple[str, Any, Any]], caption: str, title: str | None = None) -> str:
        return self._charts.gantt(tasks, caption, title)

    def chart_trend(self, years: Sequence[Any], series: Mapping[str, Sequence[float | None]], caption: str,
                    unit: str = "", kind: str = "bar", title: str | None = None) -> str:
        return self._charts.trend(years, series, caption, unit, kind, title)

    def chart_pareto(self, labels: Sequence[str], values: Sequence[float], caption: str, threshold: float = 0.8,
                     unit: str = "", title: str | None = None, show: int | None = None) -> str:
        return self._charts.pareto(labels, values, caption, threshold, unit, title, show)

    def chart_distribution(self, counts: Mapping[str, int], caption: str, kind: str = "bar",
                           title: str | None = None, unit: str = "家") -> str:
        return self._charts.distribution(counts, caption, kind, title, unit)

    # ------------------------------------------------------------------ output
    def save(self, out_path: Path | str, force: bool = False) -> Path:
        """Write atomically (temp file + os.replace); refuse to overwrite unless ``force``."""
        return atomic_save(self.doc.save, Path(out_path), force)



def _conforms(w: DocxReportWriter) -> ReportWriter:
    """Never called: mypy checks here that the Word writer implements the Protocol renderers use."""
    return w
