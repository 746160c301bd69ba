"""The narrative preview: the blocks of :func:`cpframework.report.markdown.parse` (the parser the report
uses, so the preview shows what the report will contain) as escaped HTML."""
from __future__ import annotations

from markupsafe import Markup, escape


def _inline(inl: list[tuple[str, dict]]) -> str:
    out = []
    for text, fmt in inl:
        s = str(escape(text))
        if fmt.get("italic"):
            s = f"<em>{s}</em>"
        if fmt.get("bold"):
            s = f"<strong>{s}</strong>"
        out.append(s)
    return "".join(out)


def _list(block: dict) -> str:
    tag = "ol" if block["ordered"] else "ul"
    items = "".join(f"<li>{_inline(inl)}{_list(sub) if sub else ''}</li>" for inl, sub in block["items"])
    return f"<{tag}>{items}</{tag}>"


def to_html(blocks: list[dict]) -> Markup:
    parts = []
    for b in blocks:
        kind = b["type"]
        if kind == "heading":
            level = min(6, b["level"] + 2)  # the section title is the page's heading; its sub-headings sit below
            parts.append(f"<h{level}>{_inline(b['inline'])}</h{level}>")
        elif kind == "para":
            parts.append(f"<p>{_inline(b['inline'])}</p>")
        elif kind == "quote":  # "> 注：…": a note in the report
            parts.append(f"<blockquote>{_inline(b['inline'])}</blockquote>")
        elif kind == "list":
            parts.append(_list(b))
        elif kind == "table":
            cap = f"<caption>表：{escape(b['caption'])}</caption>" if b.get("caption") else ""
            head = "".join(f"<th>{escape(c)}</th>" for c in b["header"])
            rows = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in r) + "</tr>" for r in b["rows"])
            parts.append(f'<table class="grid">{cap}<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>')
        elif kind == "image":
            parts.append(f'<figure class="image-slot"><div>图片：{escape(b["path"])}</div>'
                         f'<figcaption>{escape(b["caption"])}</figcaption></figure>')
    return Markup("\n".join(parts))
