"""Edits a consultant makes in Word, done with python-docx."""
from __future__ import annotations

import copy
from pathlib import Path

import docx
from docx.oxml.ns import qn


def _body_paragraph(doc):
    """A body-text paragraph of the report to copy the style from."""
    return next(p for p in doc.paragraphs if p.text and not p.style.name.lower().startswith(("heading", "toc"))
                and "【" not in p.text and p.style.name not in ("Title",))


def add_after_heading(path: Path, heading: str, texts: list[str], style: str | None = None) -> None:
    """Add paragraphs right below the heading whose text contains ``heading``."""
    doc = docx.Document(str(path))
    target = next(p for p in doc.paragraphs if p.style.name.lower().startswith("heading") and heading in p.text)
    model = _body_paragraph(doc)
    anchor = target._p
    for text in texts:
        new = copy.deepcopy(model._p)
        for r in new.findall(qn("w:r")):
            new.remove(r)
        anchor.addnext(new)
        anchor = new
        from docx.text.paragraph import Paragraph
        para = Paragraph(new, target._parent)
        if style:
            para.style = doc.styles[style]
        para.add_run(text)
    doc.save(str(path))


def add_table_after_heading(path: Path, heading: str, rows: list[list[str]]) -> None:
    doc = docx.Document(str(path))
    target = next(p for p in doc.paragraphs if p.style.name.lower().startswith("heading") and heading in p.text)
    table = doc.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    target._p.addnext(table._tbl)
    doc.save(str(path))


def update_toc(path: Path) -> None:
    """What Word's "更新域" does to the table of contents: field result text and TOC-styled lines."""
    doc = docx.Document(str(path))
    for p in doc.paragraphs:
        sep = p._p.find(f".//{qn('w:fldChar')}[@{qn('w:fldCharType')}='separate']")
        if sep is not None and "TOC" in "".join(t.text or "" for t in p._p.iter(qn("w:instrText"))):
            run = sep.getparent()
            new = copy.deepcopy(run)
            new.remove(new.find(qn("w:fldChar")))
            t = new.makeelement(qn("w:t"), {})
            t.text = "第一章 项目概况 ........ 3"
            new.append(t)
            run.addnext(new)
            break
    doc.save(str(path))
