"""Filling a project's workbook from a test, the way a consultant fills it in Excel."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any


def _headers(ws: Any) -> dict[str, int]:
    """Column header → column; also the header without ``*`` and without its "（unit）" suffix."""
    out: dict[str, int] = {}
    for c in ws[1]:
        if c.value is None:
            continue
        text = str(c.value).lstrip("*")
        out[text] = c.column
        out.setdefault(re.sub(r"（[^（）]*）$", "", text), c.column)
    return out


def set_cells(workbook: Path | str, sheet: str, updates: dict[tuple[str, str], Any]) -> None:
    """Write cells of ``sheet``: ``{(row key in column A, column header): value}``.

    The row key is what column A holds (an item's code in an items table, the first field in a records
    table); the header is the column title, with or without the leading ``*`` of required columns and the
    trailing "（unit）".
    """
    import openpyxl

    wb = openpyxl.load_workbook(workbook)
    ws = wb[sheet]
    headers = _headers(ws)
    rows = {str(ws.cell(r, 1).value): r for r in range(2, ws.max_row + 1)}
    for (key, header), value in updates.items():
        if header not in headers:
            raise KeyError(f"工作表“{sheet}”没有列“{header}”；有：{list(headers)}")
        if key not in rows:
            raise KeyError(f"工作表“{sheet}”第 A 列没有“{key}”")
        ws.cell(rows[key], headers[header], value)
    wb.save(workbook)


def append_rows(workbook: Path | str, sheet: str, rows: list[dict[str, Any]]) -> None:
    """Append rows to a records sheet: each row maps column header (``*`` and unit optional) → value."""
    import openpyxl

    wb = openpyxl.load_workbook(workbook)
    ws = wb[sheet]
    headers = _headers(ws)
    last = max((r for r in range(2, ws.max_row + 1)
                if any(ws.cell(r, c).value not in (None, "") for c in headers.values())), default=1)
    for i, row in enumerate(rows, start=last + 1):
        for header, value in row.items():
            if header not in headers:
                raise KeyError(f"工作表“{sheet}”没有列“{header}”；有：{list(headers)}")
            ws.cell(i, headers[header], value)
    wb.save(workbook)
