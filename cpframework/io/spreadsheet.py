"""Opening Excel files the one safe way, for project workbooks and screening inputs alike: the container
checks of :mod:`cpframework.io.safe_read` first (old .xls, not a zip, zip bombs), then openpyxl in
read-only mode behind defusedxml (no XML entities or external references), with Chinese messages;
then the rows of a sheet within the column and row limits, numbers as the user sees them (a cell
formatted as a percentage is read as its percentage)."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from cpframework.errors import ProjectError
from cpframework.io import safe_read
from cpframework.io.values import percent_format, scaled_percent

EXCEL_MAX_ROWS = 1_048_576
_UNSAFE_XML = {"EntitiesForbidden", "ExternalReferenceForbidden", "DTDForbidden", "NotSupportedError"}


def open_error(path: Any, exc: BaseException, what: str = "数据工作簿") -> str:
    """The Chinese message for a workbook openpyxl could not open."""
    chain: set[str] = set()
    cur: BaseException | None = exc
    while cur is not None and len(chain) < 10:  # openpyxl wraps the parser's error in a ValueError
        chain.add(type(cur).__name__)
        cur = cur.__cause__ or cur.__context__
    if chain & _UNSAFE_XML:
        return (f"{what} {path} 含有不安全的 XML（实体声明或外部引用，可能是恶意构造的文件），已拒绝读取。"
                f"请用 Excel 打开后另存为新的 .xlsx 文件")
    return (f"无法读取{what} {path}：文件内部结构不完整，或不是 Excel 保存的 .xlsx 文件。"
            f"请用 Excel 打开后另存为新的 .xlsx 文件")


def open_xlsx(path: Path, what: str = "工作簿", *, error: type[Exception] = ProjectError) -> Any:
    """A read-only openpyxl workbook (cached values, not formulas) after every container check."""
    import openpyxl

    safe_read.check_zip_container(path, what, error=error)
    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # a corrupt or non-xlsx file, or XML that defusedxml refuses
        raise error(open_error(path, exc, what)) from None


def sheet_table(path: Path, what: str = "Excel 文件", *, error: type[Exception] = ProjectError,
                text_columns: tuple[str, ...] = (), max_rows: int = EXCEL_MAX_ROWS) -> tuple[list[str], list[list[Any]]]:
    """Header and data rows of the first worksheet.  Refused: a header wider than
    ``MAX_SHEET_COLUMNS`` columns, more than ``max_rows`` data rows.  Trailing empty rows are dropped
    (formatted but empty rows are common), inner ones kept so row numbers stay those of the sheet.
    Columns named in ``text_columns`` are text (an id typed as the number 1001 is "1001")."""
    wb = open_xlsx(path, what, error=error)
    try:
        ws = wb.worksheets[0]
        rows = ws.iter_rows()
        first = next(rows, None)
        header = [c.value for c in first] if first else []
        used = max((j for j, h in enumerate(header) if h is not None and str(h).strip()), default=-1) + 1
        if used > safe_read.MAX_SHEET_COLUMNS:
            raise error(f"{what} {path} 的表头有 {used} 列，超过上限 {safe_read.MAX_SHEET_COLUMNS} 列，已拒绝读取")
        if used == 0:
            raise error(f"{what} {path} 的第一个工作表没有表头（第 1 行为空）")
        from cpframework.io.xlsx_edit import col_letters, uncached_formulas

        blind = sorted((r, c) for r, c in uncached_formulas(path, ws.title) if c <= used)
        if blind:  # read as empty otherwise
            cells = "、".join(f"{col_letters(c)}{r}" for r, c in blind[:5]) + (f" 等 {len(blind)} 处" if len(blind) > 5 else "")
            raise error(f"{what} {path} 中的单元格 {cells} 是公式，但文件中没有保存计算结果（由不计算公式的程序写出）；"
                        f"请在 Excel/WPS 中打开并保存一次，或改为数值")
        names = _names(header[:used])
        text_at = [j for j, n in enumerate(names) if n.strip() in text_columns]
        data: list[list[Any]] = []
        last = 0
        for n, cells in enumerate(rows, start=1):
            if n > max_rows:
                raise error(f"{what} {path} 超过 {max_rows} 行数据的上限，已拒绝读取；请拆分文件或改用 CSV")
            values = [_value(c) for c in cells[:used]]
            values += [None] * (used - len(values))
            for j in text_at:
                values[j] = _text(values[j])
            data.append(values)
            if any(v is not None and not (isinstance(v, str) and not v.strip()) for v in values):
                last = n
        return names, data[:last]
    finally:
        wb.close()


def _value(cell: Any) -> Any:
    v = cell.value
    if isinstance(v, (int, float)) and not isinstance(v, bool) and percent_format(getattr(cell, "number_format", None)):
        return scaled_percent(float(v))  # the user sees 85%, Excel stores 0.85
    return v


def _text(v: Any) -> Any:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return str(v)
    return v


def _names(header: list[Any]) -> list[str]:
    out: list[str] = []
    seen: dict[str, int] = {}
    for j, h in enumerate(header):
        name = str(h).strip() if h is not None and str(h).strip() else f"未命名列{j + 1}"
        if name in seen:
            seen[name] += 1
            name = f"{name}.{seen[name]}"
        else:
            seen[name] = 0
        out.append(name)
    return out
