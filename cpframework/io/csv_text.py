"""Reading CSV files users give us (permit-platform and statistics exports): UTF-8 with or without BOM;
a GBK/ANSI file (the default of Excel's Chinese "CSV（逗号分隔）") gets a message saying how to save
it as UTF-8; size-limited; malformed quoting reported with the line."""
from __future__ import annotations

import csv
import io
from pathlib import Path

from cpframework.errors import UsageError
from cpframework.io.safe_read import GBK_HELP, MAX_TEXT_BYTES, read_text

__all__ = ["GBK_HELP", "read_csv_rows", "read_csv_text"]


def read_csv_text(path: Path | str, *, error: type[Exception] = UsageError, limit: int = MAX_TEXT_BYTES) -> str:
    """The decoded text of a CSV file, or ``error`` with a Chinese message."""
    return read_text(Path(path), "CSV 文件", error=error, limit=limit)


def read_csv_rows(path: Path | str, *, error: type[Exception] = UsageError) -> list[list[str]]:
    """All rows (header first) of a CSV file; an empty file or broken quoting is ``error``."""
    text = read_csv_text(path, error=error)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t") if "\t" in text[:4096] else csv.excel
    except csv.Error:
        dialect = csv.excel
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), dialect))
    except csv.Error as exc:
        raise error(f"CSV 文件 {path} 格式有误（引号不配对或含 NUL 字符）：{exc}") from None
    if not rows or not any(c.strip() for c in rows[0]):
        raise error(f"CSV 文件 {path} 没有表头行（第 1 行为空）")
    return rows
