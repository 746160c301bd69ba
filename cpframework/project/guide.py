"""A workbook that guides: the "从这里开始" sheet (which sheets matter for which stage and report chapter),
sheets ordered by first use and hidden when the project's flags make them irrelevant, which indicators
each data row feeds, the live selection count on 指标选择, and print setup.  Everything is derived from
the standard's data (stages' completion criteria, the report outline's renderers and their ``uses``,
indicators' inputs), so a new standard gets the same guidance without code.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from cpframework.model import TableSchema, flag_on

START_SHEET = "从这里开始"


def indicator_uses(std: Any) -> dict[tuple[str, str], list[str]]:
    """(table id, item or field id) → the indicators reading it, as "指标 7 单位工业增加值综合能耗"."""
    uses: dict[tuple[str, str], list[str]] = {}
    default = std.info.indicator_table
    for ind in std.indicators:
        name = f"指标 {ind.seq} {ind.name}" if ind.seq else f"指标 {ind.name}"
        for inp in ind.inputs:
            table = getattr(inp, "table", "") or default
            refs = [(table, inp.item)] if inp.item else []
            refs += [(table, i) for i in inp.items]
            refs += [tuple(f.split(".", 1)) for f in inp.field if "." in f]
            for ref in refs:
                if name not in uses.setdefault(ref, []):
                    uses[ref].append(name)
    return uses


def uses_text(names: list[str], limit: int = 4) -> str:
    more = f" 等 {len(names)} 项" if len(names) > limit else ""
    return "用于：" + "、".join(names[:limit]) + more if names else ""


def _renderer_tables(std: Any, node: Any) -> list[str]:
    out: list[str] = []
    stack = [node]
    while stack:
        n = stack.pop(0)
        r = std.renderers.get(n.renderer) if n.renderer else None
        declared = getattr(getattr(r, "func", None), "uses", ()) or ()
        out += [t for t in ([declared] if isinstance(declared, str) else declared) if t not in out]
        stack[0:0] = list(n.children)
    return out


def groups(std: Any, tables: list[TableSchema]) -> list[tuple[str, list[TableSchema]]]:
    """(heading, tables) in the order a user meets them: the audit stages (their completion criteria),
    indicator evaluation, then the report's chapters; each table under the first heading that needs it."""
    by_id = {t.id: t for t in tables}
    seen: set[str] = set()
    out: list[tuple[str, list[TableSchema]]] = []

    def add(heading: str, ids: Iterable[str]) -> None:
        picked = [by_id[i] for i in dict.fromkeys(ids) if i in by_id and i not in seen]
        seen.update(t.id for t in picked)
        if picked:
            out.append((heading, picked))

    sel = [t.id for t in tables if t.id == "indicator_selection"]
    for stage in std.stages:
        ids = [c.table for st in stage.steps for c in st.done_when if c.table]
        add(f"审核阶段：{stage.title}（{stage.clause}）", sel + ids if stage is std.stages[0] else ids)
    add("指标评价", sel + [t for t, _ref in indicator_uses(std)])
    kinds = sorted(std.report_kinds.items(), key=lambda kv: kv[0] != std.info.default_report)
    for i, (_kid, kind) in enumerate(kinds):
        prefix = "报告" if i == 0 else f"{kind.title}"
        for depth, node in kind.iter_nodes():
            if depth == 1:
                title = f"{node.number} {node.title}".strip() if node.number else node.title
                add(f"{prefix}：{title}", _renderer_tables(std, node))
    add("其他数据表（按实际情况填写）", [t.id for t in tables])
    return out


def write_start_sheet(wb: Any, std: Any, manifest: Any, tables: list[TableSchema], flags: dict[str, bool],
                      selection: tuple[list, int, str] | None = None) -> list[str]:
    """The first sheet; returns the sheet order it describes (irrelevant sheets last).  ``selection``:
    (columns, rows, sheet name) of 指标选择, for the live count of its rules."""
    from openpyxl.styles import Font, PatternFill

    ws = wb.create_sheet(START_SHEET, 0)
    bold, head = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    ws.append([f"{manifest.name} — {std.info.code}《{std.info.title}》"])
    ws["A1"].font = Font(bold=True, size=14)
    for line in (
        "怎样填写：",
        "① 先在项目文件夹的 project.toml 中填写审核对象信息（[subject]，只填这一处：封面和报告中的基本情况都用它）"
        "和各项设置（[options]、[report]，每项都有说明和默认值）。",
        "② 按下表的顺序填写各工作表：每个阶段需要哪些表、报告每一章用到哪些表。点击工作表名称可直接跳转。",
        "③ 随时在项目文件夹中运行 cpaudit check：它列出所有缺少或有误的数据（工作表、行、列），"
        "cpaudit status 显示各阶段还缺什么。",
        "表头带 * 且为橙色的列必填；数值只填数字，单位见表头；有下拉箭头的列从列表中选择。选中单元格时会显示填写提示。",
    ):
        ws.append([line])
    ws.append([])
    if selection is not None and std.info.selection_rules:
        selection_block(ws, std, *selection)
    ws.append(["用到的阶段或章节", "工作表", "内容", "标准条款"])
    for c in ws[ws.max_row]:
        c.font, c.fill = bold, head
    active = [t for t in tables if flag_on(flags, t.when)]
    order: list[str] = []
    for heading, group in groups(std, active):
        ws.append([heading])
        ws.cell(ws.max_row, 1).font = bold
        for t in group:
            ws.append(["", t.sheet, t.title, t.clause])
            link = ws.cell(ws.max_row, 2)
            link.hyperlink = f"#'{t.sheet}'!A1"
            link.font = Font(color="0563C1", underline="single")
            order.append(t.sheet)
    hidden = [t for t in tables if not flag_on(flags, t.when)]
    if hidden:
        ws.append([])
        ws.append(["已隐藏的工作表（按 project.toml 中的项目标志，本项目不需要；打开相应标志后运行 cpaudit upgrade，"
                   "或在 Excel 中右击工作表标签“取消隐藏”）："])
        for t in hidden:
            negated = t.when.startswith("not ")
            name = t.when[4:].strip() if negated else t.when.strip()
            label = next((f.label for f in std.info.flags if f.id == name), name)
            ws.append(["", t.sheet, t.title, f"{'不' if negated else ''}适用于：{label}"])
            order.append(t.sheet)
    for col, width in zip("ABCD", (34, 30, 40, 18)):
        ws.column_dimensions[col].width = width
    print_setup(ws, title_rows=None)
    return order


def arrange(wb: Any, order: list[str], tables: list[TableSchema], flags: dict[str, bool]) -> None:
    """Sheets in the guide's order; sheets the flags make irrelevant hidden (still read if filled)."""
    rank = {name: i for i, name in enumerate([START_SHEET, "说明", *order])}
    rank["_lists"] = len(rank) + 1
    wb._sheets.sort(key=lambda ws: rank.get(ws.title, len(rank)))  # openpyxl has no public reorder
    for t in tables:
        if not flag_on(flags, t.when) and t.sheet in wb.sheetnames:
            wb[t.sheet].sheet_state = "hidden"
    wb.active = 0


def print_setup(ws: Any, title_rows: str | None = "1:1") -> None:
    """Landscape, fit to one page wide, the header row repeated on every printed page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    if title_rows:
        ws.print_title_rows = title_rows


def selection_block(ws: Any, std: Any, cols: list, rows: int, sheet: str) -> None:
    """The selection rules on the guide sheet, each with a live count over 指标选择's 是否选用 column (not
    beside the table: ``upgrade`` would move values in unheaded columns of a data sheet)."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    col = {fid: get_column_letter(j) for j, (_h, fid, _y, _s) in enumerate(cols, 1)}
    last = rows + 1

    def rng(fid: str) -> str:
        return f"'{sheet}'!${col[fid]}$2:${col[fid]}${last}"

    ws.append([f"指标选择规则（随“{sheet}”工作表“是否选用”列的填写自动计数；cpaudit check 按同样的规则检查）", "已选", "要求"])
    for c in ws[ws.max_row]:
        c.font, c.fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    for rule in std.info.selection_rules:
        if rule.kind == "all_mandatory":
            text = f"必选指标须全部选用（{rule.clause}）"
            count = f'=COUNTIFS({rng("mandatory")},"必选",{rng("selected")},"是")'
            need: Any = f'=COUNTIF({rng("mandatory")},"必选")'
        elif rule.kind == "group_min":
            text = f"选择组 {rule.group} 至少选 {rule.min} 项：{rule.clause}"
            count = f'=COUNTIFS({rng("group")},"{rule.group}",{rng("selected")},"是")'
            need = rule.min
        else:
            text = f"合计至少选 {rule.min} 项：{rule.clause}"
            count = f'=COUNTIF({rng("selected")},"是")'
            need = rule.min
        ws.append([text, count, need])
        ws.cell(ws.max_row, 1).alignment = Alignment(wrap_text=True, vertical="top")
    ws.append([])


def rules_text(std: Any) -> str:
    """The selection rules as one comment on 指标选择's 是否选用 header."""
    lines = []
    for rule in std.info.selection_rules:
        if rule.kind == "all_mandatory":
            lines.append(f"必选指标须全部选用（{rule.clause}）")
        elif rule.kind == "group_min":
            lines.append(f"选择组 {rule.group} 至少选 {rule.min} 项（{rule.clause}）")
        else:
            lines.append(f"合计至少选 {rule.min} 项（{rule.clause}）")
    return "选择规则：\n" + "\n".join(lines) + "\n当前已选数量见“从这里开始”工作表。"


def fit_widths(ws: Any, cols: list, rows: int, *, lo: int = 8, hi: int = 60) -> None:
    """Column widths from the content (CJK characters count double), so names are not cut off."""
    from openpyxl.utils import get_column_letter

    def width(v: Any) -> int:
        s = str(v if v is not None else "")
        return sum(2 if ord(ch) > 0x2E80 else 1 for ch in s) + 2

    for j in range(1, len(cols) + 1):
        w = max(width(ws.cell(i, j).value) for i in range(1, rows + 2))
        ws.column_dimensions[get_column_letter(j)].width = max(lo, min(hi, w))
