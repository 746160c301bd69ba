"""ReportWriter: the small API plugins use to write a report (headings, text, tables, figures …).

Chapter, table and figure numbers are kept by the writer and written as literal text ("表 4-2"),
because LibreOffice recomputes SEQ fields and ignores per-chapter resets.
"""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any, Sequence

from docx.enum.section import WD_SECTION
from docx.oxml.ns import qn
from docx.shared import Cm

from cpframework.report import ooxml
from cpframework.report.chart_mixin import ChartMixin
from cpframework.report.docstyles import new_document, setup_page
from cpframework.errors import ReportError
from cpframework.report.narrative import NarrativeMixin
from cpframework.report.outputs import atomic_save
from cpframework.report.profile import Profile
from cpframework.report.tables import build_table
from cpframework.report.units import chapter_index, chinese_number, cm_to_twips, item_label

PLACEHOLDER_FILL = "FFFF00"


class ReportWriter(NarrativeMixin, ChartMixin):
    """Write a report into a fresh document typeset by ``profile``; call :meth:`save` at the end."""

    def __init__(self, profile: Profile, project_root: Path | str | None = None,
                 variables: dict | None = None):
        self.profile = profile
        self.project_root = Path(project_root).resolve() if project_root else None
        self.variables = dict(variables or {})
        self.doc, self.ids = new_document(profile)
        self._body = self.doc.element.body
        for p in list(self._body.iterchildren(qn("w:p"))):   # the template's empty paragraph
            self._body.remove(p)
        self._tmp = Path(tempfile.mkdtemp(prefix="cpreport-"))
        self.warnings: list[str] = []
        self.counts = {"chapters": 0, "tables": 0, "figures": 0, "placeholders": 0}
        self._chapter: int | None = None    # arabic chapter index for table/figure numbers
        self._tables = self._figures = 0
        self._sub = [0, 0, 0, 0]            # automatic section numbers x.y.z
        self._in_body = False
        self._level = 0

    # ------------------------------------------------------------------ plumbing
    def _add(self, element):
        self._body.find(qn("w:sectPr")).addprevious(element)
        return element

    def sid(self, style: str) -> str:
        if style in self.ids:
            return self.ids[style]
        raise ReportError(f"排版配置 {self.profile.source} 中没有样式「{style}」")

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)

    def close(self) -> None:
        shutil.rmtree(self._tmp, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # ------------------------------------------------------------------ sections and page numbers
    def _end_section(self):
        """Close the current section at the last paragraph; the next content starts a new page."""
        sentinel = self._body.find(qn("w:sectPr"))
        last = sentinel.getprevious()
        if last is None or last.tag != qn("w:p") or last.find(f'{qn("w:pPr")}/{qn("w:sectPr")}') is not None:
            last = self._add(ooxml.el("w:p"))
        pPr = last.find(qn("w:pPr"))
        if pPr is None:
            pPr = ooxml.el("w:pPr")
            last.insert(0, pPr)
        pPr.append(sentinel.clone())
        for ref in sentinel.xpath("w:headerReference|w:footerReference"):
            sentinel.remove(ref)
        section = self.doc.sections[-1]
        section.start_type = WD_SECTION.NEW_PAGE
        return section

    def _footer(self, section, template: str | None, fmt: str | None):
        section.footer.is_linked_to_previous = False
        p = section.footer.paragraphs[0]._p
        for child in list(p):
            p.remove(child)
        pPr = ooxml.el("w:pPr")
        pPr.append(ooxml.el("w:pStyle", val=self.sid("footer")))
        p.append(pPr)
        if template:
            before, _, after = template.partition("{PAGE}")
            if before:
                p.append(ooxml.run(before))
            switch = {"upperRoman": " \\* ROMAN", "lowerRoman": " \\* roman"}.get(fmt or "", "")
            for r in ooxml.field_runs("PAGE" + switch, "1"):
                p.append(r)
            if after:
                p.append(ooxml.run(after))
        sectPr = section._sectPr
        pg = sectPr.find(qn("w:pgNumType"))
        if pg is None:
            pg = ooxml.el("w:pgNumType")
            sectPr.insert_element_before(pg, "w:cols", "w:formProt", "w:vAlign", "w:noEndnote",
                                         "w:titlePg", "w:textDirection", "w:bidi", "w:rtlGutter",
                                         "w:docGrid", "w:printerSettings", "w:sectPrChange")
        if fmt:
            pg.set(qn("w:fmt"), fmt)
        pg.set(qn("w:start"), "1")
        setup_page(section, self.profile)

    def toc(self, depth: int | None = None, title: str | None = None) -> None:
        """Start the TOC section (own page numbers) and insert a Word TOC field."""
        depth = depth or self.profile.toc.depth
        if len(self._body) > 1:
            section = self._end_section()
            pg = self.profile.page
            numbering = pg.toc_numbering
            self._footer(section, None if numbering == "none" else pg.toc_page_number,
                         None if numbering == "none" else numbering)
        self._add(ooxml.paragraph(self.sid("toc_title"), title or self.profile.toc.title))
        p = ooxml.paragraph(self.sid("toc1"))
        for r in ooxml.field_runs(f'TOC \\o "1-{depth}" \\h \\z \\u', "右键单击此处，选择“更新域”以生成目录"):
            p.append(r)
        self._add(p)

    def begin_body(self) -> None:
        """Start the body section: Arabic page numbers from 1."""
        if len(self._body) > 1:
            section = self._end_section()
        else:
            section = self.doc.sections[-1]
        self._footer(section, self.profile.page.page_number, "decimal")
        self._in_body = True

    # ------------------------------------------------------------------ headings
    def heading(self, text: str, level: int):
        if not 1 <= level <= 4:
            raise ReportError(f"标题级别应为 1–4，实为 {level}（{text}）")
        self._level = level
        return self._add(ooxml.paragraph(self.sid(f"heading{level}"), text))

    def chapter(self, title: str, number: str | None = None) -> str:
        """Level-1 heading. ``number=None`` → next "第N章"; ``""`` → unnumbered (前言, 附件)."""
        if number is None:
            n = (self._chapter or 0) + 1
            number = f"第{chinese_number(n)}章"
        idx = chapter_index(number)
        self._chapter = idx if idx is not None else (None if number == "" else (self._chapter or 0) + 1)
        self._tables = self._figures = 0
        self._sub = [0, 0, 0, 0]
        self.counts["chapters"] += 1
        text = f"{number}  {title}" if number else title
        self.heading(text, 1)
        return text

    def section(self, title: str, level: int = 2, number: str | None = None) -> str:
        """Heading of level 2–4; ``number=None`` numbers automatically ("4.2.1"), ``""`` leaves it bare."""
        if number is None and self._chapter is not None:
            self._sub[level - 1] += 1
            for i in range(level, 4):
                self._sub[i] = 0
            number = ".".join(str(x) for x in [self._chapter] + self._sub[1:level])
        text = f"{number} {title}" if number else title
        self.heading(text, level)
        return text

    # ------------------------------------------------------------------ text
    def paragraph(self, text: str, style: str = "body", bold: bool | None = None):
        return self._add(ooxml.paragraph(self.sid(style), text, bold=bold))

    def runs(self, parts: Sequence[tuple[str, dict]], style: str = "body"):
        """A paragraph made of ``(text, {"bold": True, "italic": False})`` pieces."""
        p = ooxml.paragraph(self.sid(style))
        for text, fmt in parts:
            p.append(ooxml.run(text, bold=fmt.get("bold"), italic=fmt.get("italic")))
        return self._add(p)

    def numbered_items(self, items: Sequence[Any], level: int = 1, style: str = "list") -> None:
        """Items numbered "(1)" → "1)" → "①" by nesting level; an item may be ``(text, [subitems])``."""
        formats = self.profile.lists.numbered
        fmt = formats[min(level, len(formats)) - 1]
        for n, item in enumerate(items, 1):
            text, sub = (item if isinstance(item, tuple) else (item, None))
            self.paragraph(f"{item_label(fmt, n)}{text}", style)
            if sub:
                self.numbered_items(sub, level + 1, style)

    def bullet_items(self, items: Sequence[Any], style: str = "list") -> None:
        for item in items:
            text, sub = (item if isinstance(item, tuple) else (item, None))
            self.paragraph(f"{self.profile.lists.bullet} {text}", style)
            if sub:
                self.bullet_items(sub, style)

    def note(self, text: str):
        return self.paragraph(text, "note")

    def trace(self, trace_obj) -> None:
        """Print a calculation trace (anything with ``.lines()``), one paragraph per line."""
        for line in trace_obj.lines():
            self.paragraph(line, "trace")

    def placeholder(self, text: str):
        """A highlighted (yellow) paragraph saying what must still be written here."""
        self.counts["placeholders"] += 1
        p = ooxml.paragraph(self.sid("placeholder"), f"【待编写】{text}", shade=PLACEHOLDER_FILL)
        ooxml.shade_paragraph(p, PLACEHOLDER_FILL)
        return self._add(p)

    def page_break(self):
        return self._add(ooxml.page_break())

    def appendix_label(self, text: str, new_page: bool = True):
        """"附件一" / "附图一": 黑体小二 top-left (DB4101/T 61 C.3), listed in the TOC."""
        if new_page and len(self._body) > 1:
            self.page_break()
        self._chapter = None
        self._tables = self._figures = 0
        return self.paragraph(text, "appendix_label")

    # ------------------------------------------------------------------ tables and figures
    def _label(self, kind: str) -> str:
        spec = self.profile.table if kind == "table" else self.profile.figure
        if kind == "table":
            self._tables += 1
            n = self._tables
        else:
            self._figures += 1
            n = self._figures
        self.counts["tables" if kind == "table" else "figures"] += 1
        if self._chapter is None:
            return spec.unnumbered_format.format(n=n)
        return spec.number_format.format(chapter=self._chapter, n=n)

    @property
    def text_width_cm(self) -> float:
        return self.profile.page.text_width_cm

    def table(self, header: Sequence, rows: Sequence[Sequence], caption: str | None = None,
              units: Sequence[str | None] | None = None, col_widths: Sequence[float] | None = None,
              notes: str | Sequence[str] | None = None, empty: str | None = None,
              numbered: bool = True) -> str:
        """Caption above (numbered per chapter), header rows repeat, rows never split; returns the label."""
        label = ""
        if caption is not None or numbered:
            label = self._label("table") if numbered else ""
            text = " ".join(x for x in (label, caption or "") if x)
            cap = ooxml.paragraph(self.sid("caption"), text)
            cap.find(qn("w:pPr")).append(ooxml.el("w:keepNext"))
            ooxml.sort_children(cap.find(qn("w:pPr")), ooxml._PPR_ORDER)
            self._add(cap)
        try:
            tbl = build_table(header, rows, text_width_twips=cm_to_twips(self.text_width_cm),
                              body_sid=self.sid("table"), header_sid=self.sid("table_header"),
                              empty=self.profile.table.empty_cell if empty is None else empty,
                              units=units, col_widths=col_widths)
        except ValueError as e:
            raise ReportError(f"表格「{label} {caption or ''}」有误：{e}") from e
        self._add(tbl)
        if notes:
            for i, n in enumerate([notes] if isinstance(notes, str) else notes):
                self.note(n if (i or n.startswith("注")) else f"注：{n}")
        return label

    def caption_only(self, kind: str, caption: str | None) -> str:
        """A numbered caption for a slot whose content could not be produced (e.g. a chart without fonts)."""
        label = self._label(kind)
        self._add(ooxml.paragraph(self.sid("caption"), " ".join(x for x in (label, caption or "") if x)))
        return label

    def figure(self, source, caption: str | None = None, width_cm: float | None = None) -> str:
        """Embed a PNG path or a matplotlib figure at the text width, caption below; returns the label."""
        if hasattr(source, "savefig"):
            path = self._tmp / f"fig{self.counts['figures'] + 1}.png"
            source.savefig(path, dpi=self.profile.figure.dpi)
            import matplotlib.pyplot as plt
            plt.close(source)
        else:
            path = Path(source)
        width = min(width_cm or self.profile.figure.width_cm, self.text_width_cm)
        p = self.doc.add_paragraph()
        p._p.get_or_add_pPr().get_or_add_pStyle().val = self.sid("figure")
        p.add_run().add_picture(str(path), width=Cm(width))
        label = self._label("figure")
        self._add(ooxml.paragraph(self.sid("caption"), " ".join(x for x in (label, caption or "") if x)))
        return label

    # ------------------------------------------------------------------ output
    def save(self, out_path: Path | str, force: bool = False) -> Path:
        """Write atomically (temp file + os.replace); refuse to overwrite unless ``force``."""
        return atomic_save(self.doc.save, Path(out_path), force)

