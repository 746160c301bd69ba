"""Cover (封面) and inner covers (内封) from a report kind's data, with ``{variable}`` templates.

Variables come from the project manifest (``name``, ``subject.…``, ``audit_year`` …) plus what the
plugin passes.  A variable without a value is shown as a highlighted "〔待填：…〕", never dropped.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from docx.oxml.ns import qn
from docx.shared import Cm

from cpframework.report import ooxml
from cpframework.report.model import CoverSpec, InnerCover
from cpframework.report.outline import flag_on
from cpframework.report.protocol import Renderer

if TYPE_CHECKING:
    from cpframework.report.writer import DocxReportWriter

_VAR = re.compile(r"\{([A-Za-z_][\w.]*)\}")
MISSING_FILL = "FFFF00"


def lookup(variables: Mapping[str, Any], key: str) -> Any:
    cur: Any = variables
    for part in key.split("."):
        if isinstance(cur, dict):
            cur = cur.get(part)
        else:
            cur = getattr(cur, part, None)
        if cur is None:
            return None
    return cur


def fill(template: str, variables: Mapping[str, Any]) -> list[tuple[str, bool]]:
    """Template → pieces ``(text, is_missing)``."""
    out: list[tuple[str, bool]] = []
    pos = 0
    for m in _VAR.finditer(template):
        if m.start() > pos:
            out.append((template[pos:m.start()], False))
        v = lookup(variables, m.group(1))
        out.append((f"〔待填：{m.group(1)}〕", True) if v in (None, "") else (str(v), False))
        pos = m.end()
    if pos < len(template):
        out.append((template[pos:], False))
    return out


def _empty_vars(template: str, variables: Mapping[str, Any]) -> bool:
    """True when a ``{var}`` of the template is missing or empty."""
    for name in re.findall(r"{([^{}]+)}", template):
        node: Any = variables
        for part in name.split("."):
            node = node.get(part) if isinstance(node, dict) else None
        if node in (None, ""):
            return True
    return False


def fill_text(template: str, variables: Mapping[str, Any]) -> str:
    return "".join(t for t, _ in fill(template, variables))


def template_paragraph(w: DocxReportWriter, template: str, style: str) -> None:
    p = ooxml.paragraph(w.sid(style))
    for text, missing in fill(template, w.variables):
        p.append(ooxml.run(text, shade=MISSING_FILL if missing else None))
    w._add(p)


def report_variables(ctx: Any, extra: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Template variables from the duck-typed ``ctx.project.manifest`` (+ ``ctx.report_vars``)."""
    m = ctx.project.manifest
    today = dt.date.today()
    v = {"name": getattr(m, "name", None), "subject": dict(getattr(m, "subject", None) or {}),
         "flags": dict(getattr(m, "flags", None) or {}), "audit_year": getattr(m, "audit_year", None),
         "baseline_year": getattr(m, "baseline", None) or getattr(m, "baseline_year", None),
         "review_years": "、".join(f"{y}年" for y in (getattr(m, "years", None) or getattr(m, "review_years", None) or ())),
         "report_month": f"{today.year}年{today.month}月",
         "report_status": getattr(m, "report_status", None) or "送审稿"}
    v.update(getattr(ctx, "report_vars", None) or {})
    v.update(extra or {})
    return v


def _blank(w: DocxReportWriter, n: int = 1) -> None:
    for _ in range(n):
        w._add(ooxml.paragraph("Normal"))


def _spacer(w: DocxReportWriter, cm: float) -> None:
    """Vertical space of ``cm`` as one paragraph (exact 1 pt line + space before)."""
    p = ooxml.paragraph("Normal")
    p.find(qn("w:pPr")).append(ooxml.el("w:spacing", before=max(0, int(cm / 2.54 * 1440)), after=0,
                                         line=20, lineRule="exact"))
    w._add(p)


def _image(w: DocxReportWriter, template: str, width_cm: float) -> float:
    """Insert the image; returns its height in cm (0 when not inserted)."""
    rel = fill_text(template, w.variables)
    if "〔待填" in rel or not rel.strip() or _empty_vars(template, w.variables):
        return 0.0
    from cpframework.io.images import confined, image_problem

    root = w.project_root
    path = confined(root, rel) if root else None  # links resolved: a link out of the project is refused
    if path is None or not path.exists():
        w.notice(f"图片「{rel}」不存在或不在项目文件夹内。")
        return 1.5
    why = image_problem(path)  # decoded and size-checked before Word sees it
    if why:
        w.notice(f"图片「{rel}」{why}")
        w.warn(f"图片「{rel}」{why}（报告中此处为提示）")
        return 1.5
    p = w.doc.add_paragraph()
    p._p.get_or_add_pPr().get_or_add_pStyle().val = w.sid("figure")
    try:
        shape = p.add_run().add_picture(str(path), width=Cm(width_cm))
    except Exception:  # noqa: BLE001 - a file the checks passed but python-docx cannot place
        p._p.getparent().remove(p._p)
        w.notice(f"图片「{rel}」无法插入 Word 文档（格式细节不受支持）；请另存为 PNG 或 JPEG 后再用")
        return 1.5
    return shape.height.cm


def write_cover(w: DocxReportWriter, spec: CoverSpec) -> None:
    """Cover per park standard 附件2 1.1 / 表C.1: title lines, status, image, organisation, month."""
    page = w.profile.page
    avail = page.height_cm - page.margin_top_cm - page.margin_bottom_cm - 2.5
    used = 2.5
    _spacer(w, 2.5)
    for line in spec.title:
        template_paragraph(w, line, "cover_title")
        used += w.profile.style("cover_title").size_pt * 1.5 / 72 * 2.54
    if spec.subtitle:
        template_paragraph(w, spec.subtitle, "cover_subtitle")
        used += w.profile.style("cover_subtitle").size_pt * 1.5 / 72 * 2.54
    bottom = (len(spec.organisation) + bool(spec.date)) * w.profile.style("cover_org").size_pt * 1.5 / 72 * 2.54
    if spec.image:
        _spacer(w, 1.5)
        used += 1.5 + _image(w, spec.image, min(12.0, w.text_width_cm))
    _spacer(w, max(0.5, avail - used - bottom))   # organisation and month at the foot of the page
    for line in spec.organisation:
        if line.startswith("?"):  # optional line: left out when a variable in it has no value
            line = line[1:]
            if _empty_vars(line, w.variables):
                continue
        template_paragraph(w, line, "cover_org")
    if spec.date:
        template_paragraph(w, spec.date, "cover_date")


def write_inner_cover(w: DocxReportWriter, spec: InnerCover, ctx: Any, renderers: Mapping[str, Renderer]) -> bool:
    """One inner cover page; returns False when skipped by its ``when`` flag."""
    flags = dict(getattr(ctx.project.manifest, "flags", None) or {})
    if not flag_on(flags, spec.when):
        return False
    w.page_break()
    if spec.title:
        template_paragraph(w, spec.title, "inner_title")
    for item in spec.items:
        if item.type == "paragraph":
            template_paragraph(w, item.text, item.style)
        elif item.type == "blank":
            _blank(w, item.lines)
        elif item.type == "page_break":
            w.page_break()
        elif item.type == "image":
            _image(w, item.path, min(14.0, w.text_width_cm))
        elif item.type == "table":
            header = [fill_text(h, w.variables) if isinstance(h, str) else h for h in item.header]
            rows = [[fill_text(c, w.variables) if isinstance(c, str) else c for c in r] for r in item.rows]
            w.table(header, rows, caption=None, col_widths=item.col_widths, empty="", numbered=False)
        elif item.type == "renderer":
            from cpframework.report.build import call_renderer
            call_renderer(renderers, item.name, f"内封 {spec.id}", ctx, w)
    return True
