"""Small helpers for editing a project's workbook in tests."""
from pathlib import Path

import openpyxl


def set_cells(workbook: Path, sheet: str, updates: dict[tuple[str, str], object]) -> None:
    """``updates``: (row key in column A, column header) → value."""
    wb = openpyxl.load_workbook(workbook)
    ws = wb[sheet]
    headers = {str(c.value).lstrip("*"): c.column for c in ws[1] if c.value is not None}
    rows = {str(ws.cell(r, 1).value): r for r in range(2, ws.max_row + 1)}
    for (key, header), value in updates.items():
        ws.cell(rows[key], headers[header], value)
    wb.save(workbook)
