"""What a workbook lacks compared with the installed definitions, and the one message that says so.

A workbook is *out of date* when a table in use has no sheet, a sheet lacks a column (a new field, a
year of a changed review period) or an items sheet lacks an item row, or the 指标选择 sheet lacks an
indicator.  ``check`` reports all of it as one problem that names what is missing and says to run
``cpaudit upgrade`` instead of one data error per sheet.  It is an error (``evaluate`` and ``report``
refuse with the same advice): a workbook that lacks part of the definitions cannot give complete
results, and missing is never "not applicable".  ``upgrade`` adds exactly these parts.

Which tables a project uses: a table whose ``when`` holds for the project's ``[flags]``.  A table gated
by an add-on's flag (opt-in) whose flag is off is not read at all, even if its sheet is there; the
owner's own flag-gated tables are read whenever their sheet is there (``init`` writes them).
"""
from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal

import attrs

from cpframework.errors import Problem
from cpframework.model import TableSchema, flag_on

MOVED_SHEET = "升级移出的数据"  # values ``upgrade`` could not place, kept for the consultant to review
SheetState = Literal["read", "missing", "skip"]
_SHELL_SPECIAL = set(" \t'\"$`\\;&|<>()*?[]{}!#~")
_LIST_AT_MOST = 8
_YEAR = re.compile(r"(19|20)\d\d年")


def sheet_state(std: Any, table: TableSchema, flags: dict[str, bool], present: bool) -> SheetState:
    """``read``: the sheet is there and is read; ``missing``: the table is in use but has no sheet;
    ``skip``: not in use and not read (absent, or an add-on the project has not switched on)."""
    in_use = flag_on(flags, table.when)
    opt_in = bool(getattr(std, "opt_in_flag", lambda _t: "")(table))
    if present:
        return "read" if in_use or not opt_in else "skip"
    return "missing" if in_use else "skip"


def table_needed(table: TableSchema) -> bool:
    """A table whose absence is an error (required items, or a minimum number of rows)."""
    return (table.kind == "items" and any(i.required for i in table.items)) or table.min_rows > 0


def other_year(header: str, expected: Iterable[str]) -> bool:
    """``header`` is an expected column for another year (outside the current review period)."""
    return bool(_YEAR.search(header)) and _YEAR.sub("#", header) in {_YEAR.sub("#", e) for e in expected}


def without_unit(header: str) -> str:
    """``产量(t)`` → ``产量`` (headers normalised, so the brackets are half-width)."""
    return re.sub(r"\([^()]*\)$", "", header)


def _field(header: str) -> str:
    return _YEAR.sub("#", without_unit(header))


def renamed_from(missing: str, unknown: Iterable[str], expected: Iterable[str]) -> str | None:
    """The unknown sheet/column/code that is probably ``missing`` renamed by hand: a close match that is
    not an expected field in another year or unit (a changed review period or definition, not a typo).
    A renamed part is not "out of date": ``check`` asks to rename it back and ``upgrade`` will not guess."""
    fields = {_field(e) for e in expected}  # an expected field in another year or unit: a changed definition
    candidates = [u for u in unknown if _field(u) not in fields]
    close = difflib.get_close_matches(missing, candidates, n=1)
    return close[0] if close else None


def upgrade_command(root: Path | str) -> str:
    text = str(root)
    if not text or any(c in _SHELL_SPECIAL for c in text):
        text = '"' + text.replace('"', '\\"') + '"'
    return f"cpaudit upgrade {text}"


def _names(values: list[str]) -> str:
    shown = "、".join(f"“{v}”" for v in values[:_LIST_AT_MOST])
    return shown + (f" 等 {len(values)} 项" if len(values) > _LIST_AT_MOST else "")


@attrs.define
class Gaps:
    """Collects what is missing, sheet by sheet, while the workbook is read."""

    sheets: list[str] = attrs.field(factory=list)  # whole sheets missing, as "sheet（title）"
    columns: dict[str, list[str]] = attrs.field(factory=dict)
    items: dict[str, list[str]] = attrs.field(factory=dict)
    units: dict[str, list[str]] = attrs.field(factory=dict)  # filled items whose unit the definition changed
    extra: dict[str, list[str]] = attrs.field(factory=dict)  # rows the definitions no longer have

    def sheet(self, table: TableSchema) -> None:
        self.sheets.append(f"“{table.sheet}”（{table.title}）")

    def column(self, sheet: str, header: str) -> None:
        self.columns.setdefault(sheet, []).append(header.lstrip("*"))

    def item(self, sheet: str, label: str) -> None:
        self.items.setdefault(sheet, []).append(label)

    def extra_row(self, sheet: str, label: str) -> None:
        self.extra.setdefault(sheet, []).append(label)

    def unit(self, sheet: str, code: str, old: str, new: str) -> None:
        self.units.setdefault(sheet, []).append(f"{code}（“{old}”→“{new}”）")

    def __bool__(self) -> bool:
        return bool(self.sheets or self.columns or self.items or self.units or self.extra)

    def parts(self) -> list[str]:
        out = []
        if self.sheets:
            out.append("缺少工作表" + "、".join(self.sheets))
        for sheet, cols in self.columns.items():
            out.append(f"工作表“{sheet}”缺少列{_names(cols)}")
        for sheet, items in self.items.items():
            out.append(f"工作表“{sheet}”缺少行{_names(items)}")
        for sheet, rows in self.extra.items():
            out.append(f"工作表“{sheet}”中有当前定义已没有的行{_names(rows)}（已删除，或提供它的附加插件已卸载）")
        for sheet, units in self.units.items():
            out.append(f"工作表“{sheet}”中已填数据项的单位已改变：{'、'.join(units)}")
        return out

    def problem(self, workbook: str, root: Path | str) -> Problem | None:
        if not self:
            return None
        return Problem(
            file=workbook, code="outdated",
            message=("数据工作簿与当前的标准定义或项目清单（审核年份、项目标志）不一致：" + "；".join(self.parts())
                     + f"。请运行 {upgrade_command(root)} 补上这些部分：已填的数据保留不动"
                     + (f"（当前定义中没有位置的移到“{MOVED_SHEET}”工作表）" if self.units or self.extra else "")
                     + "，原工作簿另存为备份；可先加 --dry-run 查看将做的改动"))


def selection_gaps(std: Any, data: Any, gaps: Gaps) -> None:
    """Indicators without a row in 指标选择 (new ones); rows of indicators switched off by a flag are set aside."""
    off = {i.id for i in getattr(std, "switched_off", ())}
    known = {i.id for i in std.indicators}
    for row in data.rows:
        code = row.get("code")
        if code and code not in known and code not in off:
            gaps.extra_row(data.schema.sheet, str(code))
    kept = [(row, n) for row, n in zip(data.rows, data.sheet_rows) if row.get("code") in known]
    data.rows, data.sheet_rows = [r for r, _ in kept], [n for _, n in kept]
    codes = {row.get("code") for row in data.rows}
    for ind in std.indicators:
        if ind.id not in codes:
            gaps.item(data.schema.sheet, f"{ind.id} {ind.name}")


def _norm(text: Any) -> str:
    from cpframework.project.workbook import norm

    return norm(text)
