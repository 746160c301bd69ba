"""The figures of a generated report, read back from the .docx: each embedded picture with the caption
paragraph under it (what ``ReportWriter.figure`` writes).  The web dashboard shows a standard's charts
this way, exactly as the report has them."""
from __future__ import annotations

from pathlib import Path

import attrs

_BLIP = "{http://schemas.openxmlformats.org/drawingml/2006/main}blip"
_EMBED = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}embed"


@attrs.frozen
class ReportFigure:
    caption: str
    content_type: str
    data: bytes


def report_figures(docx: Path | str) -> list[ReportFigure]:
    """Pictures in document order, each with the text of the paragraph that follows it (its caption).

    The file gets the same container checks as every input (:func:`check_zip_container`)."""
    from docx import Document

    from cpframework.errors import ReportError
    from cpframework.io.safe_read import check_zip_container

    check_zip_container(Path(docx), "报告文件", error=ReportError)
    doc = Document(str(docx))
    paragraphs = doc.paragraphs
    out = []
    for i, p in enumerate(paragraphs):
        for blip in p._p.iter(_BLIP):
            part = doc.part.related_parts.get(blip.get(_EMBED))
            if part is None:
                continue
            caption = paragraphs[i + 1].text.strip() if i + 1 < len(paragraphs) else ""
            out.append(ReportFigure(caption=caption, content_type=part.content_type, data=part.blob))
    return out
