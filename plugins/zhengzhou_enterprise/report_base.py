"""Report helpers: the seed's table captions and headers (data/layout.toml), filled per project."""
from __future__ import annotations

import functools
from importlib import resources
from typing import Any

import attrs

from cpframework.api import fmt


@attrs.frozen(kw_only=True)
class Span:
    """A header cell merged across ``span`` columns."""

    text: str
    span: int


@attrs.frozen(kw_only=True)
class TableLayout:
    """One ``[[table]]`` of data/layout.toml: the seed's caption, header rows and note for a D/E table.

    ``header`` cells: text, ``{ text, span }`` (merged across columns) or ``"^"`` (merged with the cell
    above); ``source``: ``input`` (its own sheet) or ``computed``."""

    id: str
    caption: str
    source: str = attrs.field()
    header: list[list[str | Span]] = attrs.field(factory=list)
    note: str = ""

    @source.validator
    def _source(self, _attribute: attrs.Attribute, value: str) -> None:
        if value not in ("input", "computed"):
            raise ValueError(f"source 只能为 input 或 computed，现为“{value}”")


@attrs.frozen(kw_only=True)
class Layout:
    table: list[TableLayout]


@functools.cache
def layout() -> dict[str, TableLayout]:
    from cpframework.api import DefinitionError, load_data

    res = resources.files(__package__) / "data" / "layout.toml"
    tables = load_data(res, Layout).table
    out = {t.id: t for t in tables}
    if len(out) != len(tables):
        raise DefinitionError(f"数据文件 {res} 有误：table 的 id 有重复")
    return out


def years(ctx: Any) -> list[int]:
    return list(ctx.project.manifest.years)


def target_years(ctx: Any) -> dict[str, Any]:
    rep = ctx.project.manifest.report or {}
    return {"baseline": ctx.project.manifest.baseline, "near": rep.get("near_year", "20xx"), "mid": rep.get("mid_year", "20xx")}


def header(ctx: Any, table_id: str, replace: dict[str, str] | None = None) -> list[list[Any]]:
    """The seed's header rows with years filled in ("20xx年" cycles through the 审核考察期)."""
    ys = years(ctx)
    tv = target_years(ctx)
    out = []
    for row in layout()[table_id].header:
        n = 0
        cells: list[Any] = []
        for c in row:
            if isinstance(c, Span):
                cells.append((None, c.span) if c.text == "^" else (_fill(c.text, tv, replace), c.span))
            elif c == "^":
                cells.append(None)
            elif c == "20xx年":
                cells.append(f"{ys[n % len(ys)]}年")
                n += 1
            else:
                cells.append(_fill(c, tv, replace))
        out.append(cells)
    return out


def _fill(text: str, tv: dict[str, Any], replace: dict[str, str] | None) -> str:
    for k, v in tv.items():
        text = text.replace("{" + k + "}", str(v))
    for k, v in (replace or {}).items():
        text = text.replace(k, v)
    return text


def caption(table_id: str) -> str:
    return layout()[table_id].caption


def put(ctx: Any, w: Any, table_id: str, rows: list[list[Any]], *, notes: Any = None,
        replace: dict[str, str] | None = None, hdr: list[list[Any]] | None = None, suffix: str = "") -> str:
    """Write a D/E table with its seed caption and header; an empty table says so."""
    if not rows:
        w.notice(f"表“{caption(table_id)}”（表{table_id}）无数据：请在工作簿中填写。")
        return ""
    note = layout()[table_id].note
    all_notes = [n for n in ([note] if note else []) + ([notes] if isinstance(notes, str) else list(notes or [])) if n]
    return w.table(hdr if hdr is not None else header(ctx, table_id, replace), rows,
                   caption=caption(table_id) + suffix, notes=all_notes or None)


def v(x: Any) -> Any:
    """A cell value: Results give their value; bools 有/无; dates ISO."""
    if x is None:
        return None
    if hasattr(x, "value") and hasattr(x, "trace"):
        return x.value
    if isinstance(x, bool):
        return "有" if x else "无"
    if hasattr(x, "isoformat"):
        return x.isoformat()
    return x


def pct(x: Any) -> Any:
    x = v(x)
    return None if x is None else fmt(x)


def traces(w: Any, results: list[Any], title: str | None = None) -> None:
    """Print calculation processes (“计算过程”) for Results that have traces."""
    res = [r for r in results if r is not None and getattr(r, "trace", None) is not None]
    if not res:
        return
    if title:
        w.paragraph(title, bold=True)
    for r in res:
        w.trace(r.trace)


def rows_of(ctx: Any, tid: str) -> list[dict[str, Any]]:
    return ctx.rows(tid)
