"""What real permit-platform exports look like, turned into plain rows for :mod:`.csv_import` (issue #19 item 2).

Files exported from the national 排污许可 platform (or retyped from it) differ from the workbook in ways that
are not errors: a title line above the header; an .xlsx instead of a CSV; tab-separated text; pollutant names
such as 氨氮（NH3-N）, 总磷（以P计）, 总铅, 铅及其化合物; 排放去向 written out (间接排放（进入园区污水处理厂）);
排放方式 有组织 for air; the medium only in the outlet code (DW… 废水, DA… 废气); a 合计 line at the bottom.
Each is recognised here from ``data/import_aliases.toml`` and reported as a note; anything still not
recognised is left to the workbook's own cell checks, which name file, row and column.
"""
from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cpframework.api import UsageError, read_csv_text
from cpframework.api import normalise_header as _norm

TOTAL_WORDS = {"合计", "总计", "小计", "全厂合计", "合计值"}
HEADER_SCAN = 10     # a title block above the header is at most this many rows


def _text(value: Any) -> str:
    return unicodedata.normalize("NFKC", str(value)).strip() if value is not None else ""


def read_rows(path: Path) -> tuple[list[list[Any]], str]:
    """The rows of a CSV (UTF-8 with or without BOM, GBK/GB18030; comma, tab or semicolon) or of the first
    worksheet with data of an .xlsx, and how to name the file in messages."""
    path = Path(path)
    if not path.is_file():
        read_csv_text(path)   # missing, a folder, a device …: the core's Chinese message
    head = path.read_bytes()[:8]
    if head.startswith(b"\xd0\xcf\x11\xe0") or path.suffix.lower() == ".xls":
        raise UsageError(f"{path} 是旧版 Excel 文件（.xls），不能直接导入；请在 Excel 或 WPS 中“另存为”"
                         f"Excel 工作簿（.xlsx）或“CSV UTF-8（逗号分隔）”后再导入")
    if head.startswith(b"PK") or path.suffix.lower() in (".xlsx", ".xlsm"):
        return _xlsx_rows(path)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):   # Excel “Unicode 文本”: UTF-16, tab-separated
        try:
            text = path.read_bytes().decode("utf-16")
        except UnicodeDecodeError:
            raise UsageError(f"{path} 看起来是 UTF-16 文本，但无法解码；请另存为 CSV UTF-8") from None
        return _split(text, path)
    try:
        text = read_csv_text(path)
    except UsageError as exc:
        if "GBK" not in str(exc):
            raise
        try:
            text = path.read_bytes().decode("gb18030")
        except UnicodeDecodeError:
            raise UsageError(f"{path} 既不是 UTF-8 也不是 GBK 编码的文本，请确认文件类型并另存为 CSV UTF-8") from None
    return _split(text, path)


def _split(text: str, path: Path) -> tuple[list[list[Any]], str]:
    top = text.splitlines()[:HEADER_SCAN]      # the delimiter that splits the top lines widest (tab exports)
    delimiter = max(",\t;", key=lambda d: max((len(r) for r in csv.reader(top, delimiter=d)), default=0))
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)), str(path)
    except csv.Error as exc:
        raise UsageError(f"{path} 格式有误（引号不配对或含 NUL 字符）：{exc}") from None


def _xlsx_rows(path: Path) -> tuple[list[list[Any]], str]:
    import zipfile

    import openpyxl

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise UsageError(f"{path} 不是可以读取的 Excel 工作簿（.xlsx），文件可能已损坏或不是 Excel 文件；"
                         f"请在 Excel 中打开后另存为 .xlsx 或 CSV UTF-8") from None
    try:
        for ws in wb.worksheets:
            if not hasattr(ws, "iter_rows"):
                continue
            rows = [["" if v is None else v for v in r] for r in ws.iter_rows(values_only=True)]
            if any(any(_text(c) for c in r) for r in rows):
                return rows, f"{path}（工作表“{ws.title}”）"
    finally:
        wb.close()
    raise UsageError(f"{path} 中没有数据")


def header_row(rows: list[list[Any]], known: Callable[[str], bool]) -> int:
    """Index of the header: the first of the top rows with at least two recognised column names (a title
    line such as “排污许可证执行报告污染物排放量统计” above it is skipped); 0 when none qualifies."""
    for i, row in enumerate(rows[:HEADER_SCAN]):
        if sum(1 for c in row if _text(c) and known(_text(c))) >= 2:
            return i
    return 0


UNIT_CELL = re.compile(r"^[(（]?\s*([^\d()（）]{1,12}?)\s*[)）]?$")
UNIT_WORDS = ("t", "吨", "kg", "千克", "公斤", "g", "/a", "/年", "万", "m³", "m3", "tce", "标准煤", "kWh", "千瓦时", "元", "人")


def unit_row(row: list[Any]) -> list[str] | None:
    """The units of a two-row header (“(t/a)”, “吨”, “万元” under the names), or None when the row is data."""
    cells = [_text(c) for c in row]
    filled = [c for c in cells if c]
    if not filled or not all(UNIT_CELL.match(c) and any(w in c for w in UNIT_WORDS) for c in filled):
        return None
    return [UNIT_CELL.match(c).group(1) if c else "" for c in cells]   # type: ignore[union-attr]


def is_total_row(row: list[Any], id_columns: list[int]) -> bool:
    """A 合计/总计 line (also a per-pollutant subtotal): some cell says so, and no cell that names an
    enterprise names one."""
    words = {re.sub(r"\s+", "", _text(c)) for c in row}
    if not words & TOTAL_WORDS:
        return False
    return all(j >= len(row) or not _text(row[j]) or re.sub(r"\s+", "", _text(row[j])) in TOTAL_WORDS
               for j in id_columns)


def pollutant(value: Any, names: dict[str, str], choices: list[str]) -> Any:
    """The workbook's name for a platform pollutant name: 总铅 → 铅, 铅及其化合物 → 铅, 氨氮（NH3-N）→ 氨氮,
    总磷（以P计）→ 总磷, 烟尘 → 颗粒物 …; a name not recognised is returned as it was (the cell check names it)."""
    text = re.sub(r"\s+", "", _text(value))
    if not text:
        return value
    for candidate in (text, re.sub(r"\(.*?\)$", "", text)):
        if candidate in choices:
            return candidate
        if candidate.lower() in names:
            return names[candidate.lower()]
        m = re.fullmatch(r"(?:总)?(.+?)(?:及其化合物)?(?:\(以.*\))?", candidate)
        if m and m.group(1) in choices and m.group(1) not in ("氮", "磷"):
            return m.group(1)
    return value


def not_a_load(value: Any, names: set[str]) -> bool:
    """A pollutant the permit reports but the key list does not count (悬浮物, 石油类, 氯化氢 …)."""
    text = re.sub(r"\s+", "", _text(value)).lower()
    if not text:
        return False
    bare = re.sub(r"\(.*?\)$", "", text)
    metal = re.fullmatch(r"(?:总)?(.+?)(?:及其化合物)?", bare)
    return text in names or bare in names or bool(metal and metal.group(1) in names)


def medium(value: Any) -> Any:
    """废水/废气 from what an export writes: 废水污染物, 水, 大气污染物, 废气(有组织) …"""
    text = _text(value)
    water, air = "水" in text, "气" in text
    if water != air:
        return "废水" if water else "废气"
    return value


def medium_from_outlet(code: Any, kind: Any) -> str | None:
    """The medium a platform outlet implies: code DW…/DA… (排放口编号), or its type (废水总排口, 废气主要排放口)."""
    text = _text(code).upper()
    if text.startswith("DW"):
        return "废水"
    if text.startswith("DA"):
        return "废气"
    if "车间" in _text(kind):   # 车间或车间处理设施排放口 (HJ 819): a wastewater outlet for 第一类污染物
        return "废水"
    m = medium(kind)
    return m if m in ("废水", "废气") else None


AIR_FORMS = {"有组织", "无组织", "有组织排放", "无组织排放"}


def destination(value: Any) -> tuple[Any, bool]:
    """直接排放/间接排放 from the platform's wording, and whether the value was an air emission form
    (有组织/无组织), which says nothing about where wastewater goes and is dropped."""
    text = re.sub(r"\s+", "", _text(value))
    if not text:
        return value, False
    if text in AIR_FORMS:
        return None, True
    if text.startswith("间接") or ("进入" in text and ("处理厂" in text or "集中处理" in text)):
        return "间接排放", False
    if text.startswith("直接") or any(w in text for w in ("江河", "湖", "海域", "水环境")):
        return "直接排放", False
    return value, False


def resolve_enterprise(rec: dict[str, Any], raw: list[Any], lookups: dict[str, int], by_permit: dict[str, Any],
                        by_credit: dict[str, Any], by_name: dict[str, Any], path: Any, n: int) -> list[str]:
    """企业编号 from 许可证编号, 统一社会信用代码 or 名称; the identifiers a row gives must agree."""
    def cell(k: str) -> str:
        return _norm(raw[lookups[k]]) if k in lookups and lookups[k] < len(raw) else ""
    found = {"许可证编号": by_permit.get(cell("_permit_no").upper()) if cell("_permit_no") else None,
             "统一社会信用代码": by_credit.get(cell("_credit").upper()[:18]) if cell("_credit") else None,
             "名称": by_name.get(cell("_name")) if cell("_name") else None}
    ids = {v for v in found.values() if v}
    rec["ent_id"] = next(iter(ids)) if len(ids) == 1 else None
    given = "、".join(f"{k}“{cell(c)}”" for k, c in (("许可证编号", "_permit_no"), ("统一社会信用代码", "_credit"),
                                                    ("名称", "_name")) if cell(c))
    if not ids:
        return [f"{path} 第 {n} 行：企业名录中没有{given or '（未填企业）'}的企业；"
                "请先在“企业名录”登记该企业（许可证编号与平台一致）；文件含园区外企业（按行政区导出）时加 --outside 跳过它们"]
    if len(ids) > 1:
        which = "，".join(f"{k}对应 {v}" for k, v in found.items() if v)
        return [f"{path} 第 {n} 行：{given}在企业名录中对应不同的企业（{which}）；请核对后改正"]
    return []
