"""``cpaudit upgrade``: bring a project's workbook up to the installed definitions.

What it does, exactly what ``check`` reports as out of date (see :mod:`cpframework.project.outdated`):
adds the sheets of tables the project uses, the columns (new fields, the years of a changed review
period) and item rows a sheet lacks, and the 指标选择 rows of new indicators.  A sheet that needs
any of this is laid out anew from the definitions (headers, drop-downs, item order) and every value,
cell comment, hyperlink and cell format is copied to its place; other sheets are left as they are.

Values with no place in the current definitions (a removed field or item, a year outside the review
period, a column without a header, a value whose item changed unit) are never dropped: they go to the
sheet “升级移出的数据”, one row each with where it was and why, and are listed in the report; ``check``
reminds the consultant of that sheet until it is deleted.  Formula cells of data sheets are replaced by
the value Excel last computed (the value ``check`` reads): a workbook saved by this tool carries no
computed values.  Parts that look renamed by hand (a close match of a missing sheet, column or code)
stop the upgrade: renaming back keeps the data in place, which is better than any guess.

The old workbook is copied next to it first (``data.升级前-<time>.xlsx``, never overwritten), then the
new one replaces it atomically; nothing is written when nothing changes (a second run is a no-op) or
with ``dry_run``.
"""
from __future__ import annotations

import datetime as dt
import os
import warnings
import zipfile
from pathlib import Path
from typing import Any

import attrs

from cpframework.errors import ProjectError, UsageError
from cpframework.io.safe_read import MAX_SHEET_COLUMNS, MAX_SHEET_ROWS, check_zip_container
from cpframework.io.safe_write import atomic_output
from cpframework.project.folder import read_manifest
from cpframework.project.outdated import MOVED_SHEET, renamed_from, sheet_state
from cpframework.project.sheet_upgrade import Moved, SheetChange, analyse, rebuild, replace_formulas
from cpframework.project.template import guide_row
from cpframework.project.workbook import all_tables, norm

GUIDE, LISTS = "说明", "_lists"
MOVED_HEADER = ("原工作表", "原单元格", "行", "列", "值", "原因", "移出时间")
_LOSSY_PARTS = {"xl/threadedComments/": "新版批注（批注线程）", "xl/pivotTables/": "数据透视表", "xl/slicers/": "切片器",
                "xl/ctrlProps/": "表单控件", "xl/embeddings/": "嵌入的对象"}


@attrs.define
class UpgradeResult:
    project: str
    standard: str
    workbook: Path
    changes: list[SheetChange] = attrs.field(factory=list)
    moved: list[Moved] = attrs.field(factory=list)
    notes: list[str] = attrs.field(factory=list)
    backup: Path | None = None
    written: bool = False

    @property
    def changed(self) -> bool:
        return any(c.structural() for c in self.changes) or bool(self.moved)

    def as_dict(self) -> dict[str, Any]:
        return {"project": self.project, "standard": self.standard, "workbook": str(self.workbook),
                "changed": self.changed, "written": self.written, "backup": str(self.backup) if self.backup else None,
                "sheets": [c.as_dict() for c in self.changes], "moved": [m.as_dict() for m in self.moved],
                "notes": self.notes}


def upgrade_project(root: Path | str, registry: Any = None, *, dry_run: bool = False) -> UpgradeResult:
    """Upgrade the workbook of the project at ``root``; with ``dry_run`` compute the same changes but
    write nothing.  Raises :class:`ProjectError` (exit 1) for an unusable project or parts that look
    renamed, :class:`UsageError` (exit 2) when the workbook is open in Excel or cannot be written."""
    import openpyxl

    from cpframework.host.registry import get_registry
    from cpframework.project.workbook import _open_error

    root = Path(root)
    manifest = read_manifest(root)
    std = (registry or get_registry()).standard(manifest.standard).for_project(manifest.flags)
    path = root / manifest.workbook
    if not path.is_file():
        raise ProjectError(f"找不到数据工作簿 {path}（项目清单中 workbook = \"{manifest.workbook}\"），没有可升级的内容")
    lock = path.with_name("~$" + path.name)
    if lock.exists() and not dry_run:
        raise UsageError(f"{path.name} 似乎正在 Excel 中打开（有锁文件 {lock.name}）：请先在 Excel 中关闭它再升级，"
                         f"否则 Excel 保存时会覆盖升级结果。如果并没有打开它，请删除这个锁文件后重试")
    check_zip_container(path, "数据工作簿")
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            wb = openpyxl.load_workbook(path, keep_vba=path.suffix.lower() == ".xlsm", keep_links=True)
    except Exception as exc:  # noqa: BLE001  (a corrupt or non-xlsx file, or XML that defusedxml refuses)
        raise ProjectError(_open_error(path, exc)) from None
    result = UpgradeResult(project=manifest.name, standard=std.id, workbook=path)
    from cpframework.project.narrative import upgrade_files  # narrative files named by chapter number and title

    result.notes += upgrade_files(root, std, manifest.flags, dry_run=dry_run)
    flags = manifest.flags
    tables = all_tables(std)
    _refuse_guesses(wb, std, tables, manifest)
    cached = _CachedValues(path)
    added: list[Any] = []
    for table in tables:
        present = table.sheet in wb.sheetnames
        state = sheet_state(std, table, flags, present)
        years = manifest.years_for(table)
        if state == "missing":
            result.changes.append(_add_sheet(wb, table, years, std, tables))
            added.append(table)
        elif state == "read":
            _refuse_oversized(wb[table.sheet])
            plan = analyse(wb[table.sheet], table, years, std, cached)
            if plan.needed():
                result.changes.append(rebuild(wb, plan, _lists(wb)))
                result.moved += plan.moved
    if not result.changed:
        result.notes += _flags_to_offer(std, manifest)
        return result
    for table in tables:  # the whole workbook is saved: formulas of untouched data sheets lose their values
        if table.sheet in wb.sheetnames and not any(c.sheet == table.sheet for c in result.changes):
            count = replace_formulas(wb[table.sheet], cached)
            if count:
                result.changes.append(SheetChange(sheet=table.sheet, title=table.title, formulas=count))
    _record_moved(wb, result.moved)
    _update_guide(wb, added, manifest)
    result.notes += _lossy_notes(path, caught) + _flags_to_offer(std, manifest)
    if not dry_run:
        result.backup = _backup(path)
        try:
            with atomic_output(path) as tmp:
                wb.save(tmp)
        except BaseException:
            result.backup.unlink(missing_ok=True)
            raise
        result.written = True
    return result


def _refuse_guesses(wb: Any, std: Any, tables: list[Any], manifest: Any) -> None:
    """Parts that look renamed by hand stop the upgrade (the same ones ``check`` asks to rename back), and
    so does a keyed sheet without its 代码 column: its rows cannot be matched to the definition."""
    from cpframework.project.workbook import columns

    known = {t.sheet for t in tables} | {GUIDE, LISTS, MOVED_SHEET}
    unknown = [n for n in wb.sheetnames if n not in known]
    found = []
    for table in tables:
        state = sheet_state(std, table, manifest.flags, table.sheet in wb.sheetnames)
        if state == "missing":
            guess = renamed_from(table.sheet, unknown, known)
            if guess:
                found.append(f"工作表“{guess}”像是“{table.sheet}”改了名")
            continue
        if state != "read":
            continue
        ws = wb[table.sheet]
        heads = [norm(c.value) for c in next(ws.iter_rows(min_row=1, max_row=1), ()) if c.value is not None]
        expected = {norm(h) for h, *_ in columns(table, manifest.years_for(table))}
        if "代码" in expected and "代码" not in heads and ws.max_row > 1:
            found.append(f"工作表“{table.sheet}”没有“代码”列，无法把各行对应到数据项（请从备份或模板补回这一列）")
        for head in expected - set(heads):
            guess = renamed_from(head, [h for h in heads if h not in expected], expected)
            if guess:
                found.append(f"工作表“{table.sheet}”的表头“{guess}”像是“{head}”改了名")
    if found:
        raise ProjectError("工作簿未改动：以下部分 upgrade 无法可靠对应，不做猜测：\n  " + "\n  ".join(found)
                           + "\n请改回原名（数据会留在原处），或改成明显不同的名称，再运行 upgrade。")


def _refuse_oversized(ws: Any) -> None:
    if ws.max_row > MAX_SHEET_ROWS + 1 or ws.max_column > MAX_SHEET_COLUMNS:
        raise ProjectError(f"工作簿未改动：工作表“{ws.title}”有 {ws.max_row} 行、{ws.max_column} 列（含带格式的空行、空列），"
                           f"超过上限 {MAX_SHEET_ROWS} 行、{MAX_SHEET_COLUMNS} 列；请删除多余的行和列后再升级")


def _lists(wb: Any) -> Any:
    if LISTS in wb.sheetnames:
        return wb[LISTS]
    ws = wb.create_sheet(LISTS)
    ws.sheet_state = "hidden"
    return ws


def _add_sheet(wb: Any, table: Any, years: list[int], std: Any, tables: list[Any]) -> SheetChange:
    from cpframework.project.template import fill_sheet
    from cpframework.project.workbook import SELECTION_TABLE, selection_rows

    before = [t.sheet for t in tables[: tables.index(table)] if t.sheet in wb.sheetnames]
    index = wb.sheetnames.index(before[-1]) + 1 if before else min(1, len(wb.sheetnames))
    ws = wb.create_sheet(table.sheet, index)
    prefill = selection_rows(std) if table.id == SELECTION_TABLE else []
    fill_sheet(ws, table, years, prefill, _lists(wb), wb)
    rows = len(table.items) if table.kind == "items" else len(prefill)
    return SheetChange(sheet=table.sheet, title=table.title, added=True, added_rows=[f"{rows} 行"] if rows else [])


def _record_moved(wb: Any, moved: list[Moved]) -> None:
    from copy import copy

    from openpyxl.styles import Font

    if not moved:
        return
    if MOVED_SHEET in wb.sheetnames:
        ws = wb[MOVED_SHEET]
    else:
        ws = wb.create_sheet(MOVED_SHEET, wb.sheetnames.index(LISTS) if LISTS in wb.sheetnames else None)
        ws.append(list(MOVED_HEADER))
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for letter, width in zip("ABCDEFG", (18, 10, 24, 24, 16, 48, 18)):
            ws.column_dimensions[letter].width = width
    stamp = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    for m in moved:
        ws.append([m.sheet, m.cell, m.row, m.column, m.value, m.reason, stamp])
        cell = ws.cell(ws.max_row, 5)
        if m.comment is not None:
            cell.comment = copy(m.comment)
        if m.number_format:
            cell.number_format = m.number_format


def _update_guide(wb: Any, added: list[Any], manifest: Any) -> None:
    if GUIDE not in wb.sheetnames:
        return
    ws = wb[GUIDE]
    for table in added:
        ws.append(guide_row(table))
    period = (f"审核年份 {manifest.audit_year}；审核基准期 {manifest.baseline} 年；审核考察期 "
              f"{'、'.join(str(y) for y in manifest.years)} 年。")
    if isinstance(ws["A2"].value, str) and ws["A2"].value.startswith("审核年份"):
        ws["A2"].value = period


def _backup(path: Path) -> Path:
    """A copy of the workbook next to it under a new name (time-stamped, numbered if taken)."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    data = path.read_bytes()
    for n in range(1, 1000):
        name = f"{path.stem}.升级前-{stamp}{'' if n == 1 else f'-{n}'}{path.suffix}"
        target = path.with_name(name)
        try:
            with open(target, "xb") as fh:  # exclusive: an existing file is never replaced
                fh.write(data)
        except FileExistsError:
            continue
        except OSError as exc:
            raise UsageError(f"无法在 {path.parent} 中写入备份 {name}：{exc.strerror or exc}；工作簿未改动") from None
        os.utime(target, (path.stat().st_atime, path.stat().st_mtime))
        return target
    raise UsageError(f"无法为 {path.name} 找到未被占用的备份文件名；工作簿未改动")


def _lossy_notes(path: Path, caught: list[Any]) -> list[str]:
    """What openpyxl cannot carry over (kept in the backup)."""
    lost = []
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        for prefix, label in _LOSSY_PARTS.items():
            if any(n.startswith(prefix) for n in names):
                lost.append(label)
        drawings = [n for n in names if n.startswith("xl/drawings/drawing") and n.endswith(".xml")]
        if any(b"<xdr:sp>" in z.read(n) or b"<xdr:sp " in z.read(n) for n in drawings):
            lost.append("形状和文本框")
    if any("not supported" in str(w.message) for w in caught):
        lost.append("部分扩展格式（如新版数据验证、条件格式）")
    if not lost:
        return []
    return [f"原工作簿中的{'、'.join(lost)}无法保留到升级后的工作簿，它们仍在备份文件中"]


def _flags_to_offer(std: Any, manifest: Any) -> list[str]:
    """Add-on flags the project has not switched on: how a project takes an add-on in."""
    return [f"附加内容“{f.label}”可用：在 project.toml 的 [flags] 中写 {f.id} = true 后再运行 upgrade，即可加入它的工作表"
            for f in getattr(std, "addon_flags", {}).values() if not manifest.flag(f.id)]


class _CachedValues:
    """The values Excel last computed for formula cells, read on first need."""

    def __init__(self, path: Path):
        self.path = path
        self._sheets: dict[str, dict[tuple[int, int], Any]] = {}

    def get(self, sheet: str, row: int, col: int) -> Any:
        if sheet not in self._sheets:
            import openpyxl

            wb = openpyxl.load_workbook(self.path, read_only=True, data_only=True)
            try:
                ws = wb[sheet]
                self._sheets[sheet] = {(c.row, c.column): c.value for r in ws.iter_rows() for c in r
                                       if getattr(c, "value", None) is not None}
            finally:
                wb.close()
        return self._sheets[sheet].get((row, col))


def report_lines(result: UpgradeResult, root: Path | str, *, dry_run: bool, at_most: int = 40) -> list[str]:
    """What ``cpaudit upgrade`` prints, sheet by sheet (Chinese)."""
    from cpframework.project.outdated import upgrade_command

    head = f"项目“{result.project}”（标准 {result.standard}），工作簿 {result.workbook.name}"
    if not result.changed:
        return [f"{head}：已与已安装的标准定义一致，无需升级。", *(f"提示：{n}" for n in result.notes)]
    lines = [f"{head}{'（试运行，不写入任何文件）' if dry_run else ''}：",
             *(f"  工作表“{c.sheet}”：{c.describe()}" for c in result.changes)]
    if result.moved:
        lines.append(f"以下 {len(result.moved)} 个值在当前定义中没有位置，{'将' if dry_run else '已'}移到工作表“{MOVED_SHEET}”"
                     "（逐条记有原位置和原因；核对或转填后可删除该表）：")
        for m in result.moved[:at_most]:
            col = f"“{m.column}”" if m.column else "无表头的列"
            lines.append(f"  工作表“{m.sheet}” {m.cell}（{m.row}，{col}）= {m.value}：{m.reason}")
        if len(result.moved) > at_most:
            lines.append(f"  ……另有 {len(result.moved) - at_most} 个，见工作表“{MOVED_SHEET}”")
    lines += [f"提示：{n}" for n in result.notes]
    if dry_run:
        lines.append(f"未写入任何文件。确认后运行 {upgrade_command(root)} 执行升级（原工作簿会先另存备份）。")
    else:
        lines.append(f"原工作簿已备份为 {result.backup.name if result.backup else '—'}；已写入新的 {result.workbook.name}。"
                     f"下一步：cpaudit check {Path(root)}")
    return lines
