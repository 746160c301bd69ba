"""The core drafters (every standard): what can be said from the tables a section shows.  See
:mod:`cpframework.report.drafts` for the registry and the rules a draft keeps."""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import Any

from cpframework.report.drafts import DraftInput, LoggedTable, register

_UNIT_IN_HEADER = re.compile(r"[（(]([^（）()]+)[)）]\s*$")


# ---------------------------------------------------------------- helpers


def _flat_header(header: Sequence[Any]) -> list[str] | None:
    """One label per column; a header of several rows joins the labels above each column ("产量 2023年")."""
    if not header:
        return None
    flat = all(not isinstance(h, (list, tuple)) or (isinstance(h, tuple) and len(h) == 2 and isinstance(h[1], int))
               for h in header)
    rows = [list(header)] if flat else [list(r) for r in header]
    columns: list[list[str]] = []
    for row in rows:
        labels: list[str] = []
        for c in row:
            if isinstance(c, tuple) and len(c) == 2 and isinstance(c[1], int):
                labels += [str(c[0] or "")] * max(1, c[1])
            else:
                labels.append("" if c is None else str(c))
        columns += [[] for _ in range(len(labels) - len(columns))]
        for i, label in enumerate(labels):
            if label.strip() and (not columns[i] or columns[i][-1] != label.strip()):
                columns[i].append(label.strip())
    return [" ".join(c) for c in columns]


def _rows(t: LoggedTable, width: int) -> list[tuple[Any, ...]]:
    """The plain data rows (a row with merged cells, a sub-heading row or a total row is not data)."""
    return [r for r in t.rows if len(r) == width and not any(isinstance(c, tuple) for c in r)
            and not str(r[0]).strip().startswith(("合计", "小计", "总计", "汇总"))]


def _label_col(header: list[str], rows: list[tuple[Any, ...]]) -> int:
    """The column naming each row: one headed 名称/类别/指标/项目, else the first of text (not 序号)."""
    named = _col(header, "名称", "类别", "指标", "项目")
    if named is not None:
        return named
    for i, h in enumerate(header):
        if h not in ("序号", "编号") and rows and all(_num(r[i]) is None for r in rows):
            return i
    return 0


def _num(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return float(value)
    text = str(value).replace(",", "").replace("，", "").strip().rstrip("%")
    try:
        return float(text)
    except ValueError:
        return None


def _show(value: Any) -> str:
    """A value as the table prints it."""
    from cpframework.report.tables import cell_text

    return cell_text(value, "—")


def _col(header: list[str], *words: str) -> int | None:
    return next((i for i, h in enumerate(header) if any(w in h for w in words)), None)


def _unit(header: list[str], i: int, units: Sequence[Any] | None) -> str:
    if units and i < len(units) and units[i]:
        return str(units[i])
    m = _UNIT_IN_HEADER.search(header[i])
    return m.group(1) if m else ""


def _list(items: list[str]) -> str:
    return "、".join(items[:6]) + (f"等 {len(items)} 项" if len(items) > 6 else "")


# ---------------------------------------------------------------- core drafters (every standard)


@register()
def year_changes(s: DraftInput) -> str | None:
    """Rows of a table with year columns: from the first year to the last, up or down by how much (for
    each group of year columns: "产量 2022年 … 2024年", "产值 2022年 …")."""
    out = []
    for t in s.tables:
        header = _flat_header(t.header)
        if not header:
            continue
        groups: dict[str, list[tuple[int, int]]] = {}
        for i, h in enumerate(header):
            m = re.match(r"^(.*?)\s*((?:19|20)\d{2})\s*年?度?$", h)
            if m:
                groups.setdefault(m.group(1).strip(), []).append((i, int(m.group(2))))
        name_col = _label_col(header, _rows(t, len(header)))
        said = []
        for prefix, years in groups.items():
            if len(years) < 2:
                continue
            (i0, y0), (i1, y1) = years[0], years[-1]
            unit_col = next((i for i, h in enumerate(header) if h.startswith(prefix) and h.endswith("单位")), None) \
                if prefix else _col(header, "单位")
            what = re.sub(r"^(审核考察期消耗量\s*)", "", prefix).strip()
            in_label = _UNIT_IN_HEADER.search(what)
            what = _UNIT_IN_HEADER.sub("", what).strip()
            for row in _rows(t, len(header))[:8]:
                if len(row) <= i1:
                    continue
                a, b = _num(row[i0]), _num(row[i1])
                label = str(row[name_col]).strip() if name_col < len(row) else ""
                if a is None or b is None or not label or label in ("None", "合计"):
                    continue
                unit = str(row[unit_col]) if unit_col is not None and unit_col < len(row) and row[unit_col] else \
                    (in_label.group(1) if in_label else _unit(header, i0, t.units))
                unit = "" if unit in ("", "—", "-", "None") else unit if unit == "%" else " " + unit
                subject = f"{label}{what and '的' + what}"
                if a == b:
                    said.append(f"{subject}{y0}年与{y1}年均为 {_show(row[i0])}{unit}")
                    continue
                if unit.strip() == "%" or str(row[i0]).strip().endswith("%"):   # a share: change in points
                    change = f"，{'提高' if b > a else '降低'} {_show(round(abs(b - a), 2))} 个百分点"
                else:
                    change = f"，{'增加' if b > a else '减少'} {_show(round(abs(b - a) / abs(a) * 100, 1))}%" if a else ""
                said.append(f"{subject}由{y0}年的 {_show(row[i0])}{unit}{'增至' if b > a else '降至'}"
                            f"{y1}年的 {_show(row[i1])}{unit}{change}")
        if said:
            out.append(f"据{t.caption or '本节表格'}，" + "；".join(said[:8]) + "。")
    return "".join(out) or None


def _exact(header: list[str], *names: str) -> int | None:
    """The column whose lowest label is one of ``names`` (a label may carry a unit: "投资（万元）")."""
    for i, h in enumerate(header):
        last = _UNIT_IN_HEADER.sub("", h.split(" ")[-1]).strip()
        if last in names:
            return i
    return None


@register()
def options_summary(s: DraftInput) -> str | None:
    """A table of options (方案): how many, by class and status, and their investment."""
    for t in s.tables:
        header = _flat_header(t.header)
        if not header or _exact(header, "方案名称") is None and not ("方案" in t.caption and _exact(header, "名称") is not None):
            continue
        name_col = _exact(header, "方案名称", "名称")
        if name_col is None:
            continue
        rows = [r for r in _rows(t, len(header)) if str(r[name_col]).strip() not in ("", "—", "-", "None")]
        if not rows:
            continue
        n = len(rows)
        parts = [f"{t.caption or '本节'}共列出方案 {n} 项"]
        for names in (("费用类别", "方案类型", "类别", "类型", "层面"), ("实施情况", "实施状态", "筛选结论", "可行性")):
            c = _exact(header, *names)
            if c is not None:
                counts = Counter(str(r[c]).strip() for r in rows if str(r[c]).strip() not in ("", "None", "—"))
                if counts and len(counts) < n and sum(counts.values()) == n:
                    parts.append(f"按{header[c].split(' ')[-1]}分，" + "、".join(f"{k} {v} 项" for k, v in counts.most_common()))
        c = _exact(header, "投资", "预计投资", "实际投资", "投资预算", "投资额")
        if c is not None:
            values = [_num(r[c]) for r in rows]
            unit = _unit(header, c, t.units)
            if values and all(v is not None for v in values) and unit:
                name = _UNIT_IN_HEADER.sub("", header[c].split(" ")[-1])
                parts.append(f"{name}合计 {_show(round(sum(values), 2))} {unit}")   # type: ignore[arg-type]
        return "，".join(parts) + "。"
    return None


_YES, _NO = ("是", "已完成", "完成", "✓"), ("否", "未完成", "✗")


@register()
def targets_met(s: DraftInput) -> str | None:
    """A table of targets with a yes/no 已完成 column: how many met, which not."""
    for t in s.tables:
        header = _flat_header(t.header)
        c = _exact(header or [], "已完成", "是否完成", "完成情况")
        if not header or c is None or "目标" not in t.caption + "".join(header):
            continue
        rows = _rows(t, len(header))
        marks = [str(r[c]).strip() for r in rows]
        if not rows or not all(m in _YES + _NO for m in marks):
            continue     # not a yes/no column: nothing can be said about completion
        missed = [str(r[_col(header, "指标") or 0]) for r, m in zip(rows, marks) if m in _NO]
        if not missed:
            return f"{t.caption or '本节'}所列 {len(rows)} 项目标均已完成。"
        return f"{t.caption or '本节'}所列 {len(rows)} 项目标中，{len(rows) - len(missed)} 项已完成，未完成的是{_list(missed)}。"
    return None


@register()
def ranking(s: DraftInput) -> str | None:
    """A table with 排序 or 排名: what ranks first."""
    for t in s.tables:
        header = _flat_header(t.header)
        c = _col(header or [], "排序", "排名")
        if not header or c is None:
            continue
        first = [r for r in _rows(t, len(header)) if _num(r[c]) == 1]
        if len(first) == 1:
            score = _col(header, "总分", "得分")
            extra = f"（{header[score]} {_show(first[0][score])}）" if score is not None and score < len(first[0]) else ""
            return f"按{t.caption or '本节表格'}，排序第一的是{first[0][0]}{extra}。"
    return None


@register()
def deviations(s: DraftInput) -> str | None:
    """A table of balances (输入, 输出, 偏差率 columns): the deviation of each balance."""
    for t in s.tables:
        header = _flat_header(t.header)
        c = _exact(header or [], "偏差率")
        if not header or c is None or _col(header, "输入") is None or _col(header, "输出") is None:
            continue
        said = [f"{r[0]}偏差率为 {_show(r[c])}{'' if str(r[c]).endswith('%') else _unit(header, c, t.units)}"
                for r in _rows(t, len(header))[:8] if r[c] is not None and str(r[c]).strip() not in ("", "None", "—")]
        if said:
            return f"{t.caption or '本节平衡'}中，" + "；".join(said) + "。"
    return None


@register()
def indicator_levels(s: DraftInput) -> str | None:
    """A section that shows indicator grades: how many indicators reach which level, which fall short."""
    if not any((h := _flat_header(t.header)) and _col(h, "级别", "等级", "评价结果", "水平") is not None
               and _col(h, "指标") is not None for t in s.tables):
        return None
    results = [r for r in (getattr(getattr(s.ctx, "evaluation", None), "indicators", None) or [])
               if r.selected and r.level_label and not r.error]
    if not results:
        return None
    counts = Counter(r.level_label for r in results)
    text = f"本轮评价的 {len(results)} 项指标中，" + "、".join(f"{k} {v} 项" for k, v in counts.items())
    short = [r for r in results if r.short_board]
    if short:
        text += f"；{_list([r.indicator.name for r in short])}未达到要求"
    return text + "。"


# ---------------------------------------------------------------- more table readings (registered after the above)


@register()
def level_column(s: DraftInput) -> str | None:
    """A table of indicators with a 级别 column: how many rows reach each level (unless the evaluation
    already said it)."""
    if indicator_levels(s):
        return None
    for t in s.tables:
        header = _flat_header(t.header)
        c = next((i for i, h in enumerate(header or []) if h.split(" ")[-1].endswith(("级别", "等级", "评价结果"))), None)
        name = _exact(header or [], "指标", "指标项", "指标名称")
        if not header or c is None or name is None:
            continue
        rows = [r for r in _rows(t, len(header)) if str(r[c]).strip() not in ("", "None", "—")]
        if not rows:
            continue
        counts = Counter(str(r[c]).strip() for r in rows)
        return (f"{t.caption or '本节表格'}列出的 {len(rows)} 项指标中，{header[c].split(' ')[-1]}为"
                + "、".join(f"{k}的 {v} 项" for k, v in counts.most_common()) + "。")
    return None


@register()
def yes_no_column(s: DraftInput) -> str | None:
    """A column 是否满足要求 / 是否达标 of 是/否: how many meet it, which do not."""
    for t in s.tables:
        header = _flat_header(t.header)
        c = next((i for i, h in enumerate(header or []) if h.split(" ")[-1].startswith("是否")), None)
        if not header or c is None or "目标" in t.caption:
            continue
        rows = _rows(t, len(header))
        marks = [str(r[c]).strip() for r in rows]
        if not rows or not all(m in ("是", "否") for m in marks):
            continue
        name = next((i for i, h in enumerate(header) if i != c and h not in ("序号",)), 0)
        no = [str(r[name]) for r, m in zip(rows, marks) if m == "否"]
        what = header[c].split(" ")[-1][2:]
        if not no:
            return f"{t.caption or '本节表格'}所列 {len(rows)} 项均{what}。"
        return f"{t.caption or '本节表格'}所列 {len(rows)} 项中，{len(rows) - len(no)} 项{what}，{_list(no)}不{what}。"
    return None


@register()
def measured_against_limits(s: DraftInput) -> str | None:
    """Columns 监测值 and 标准值 (same unit): whether any measured value exceeds its limit."""
    for t in s.tables:
        header = _flat_header(t.header)
        m = _col(header or [], "监测值")
        lim = _col(header or [], "标准值", "标准限值")
        if not header or m is None or lim is None:
            continue
        pairs = [(r, _num(r[m]), _num(r[lim])) for r in _rows(t, len(header))]
        known = [(r, a, b) for r, a, b in pairs if a is not None and b is not None]
        if not known:
            continue
        over = [f"{r[0]}{r[1] if len(r) > 1 else ''}（{_show(r[m])}，标准值 {_show(r[lim])}）" for r, a, b in known if a > b]
        text = f"{t.caption or '本节表格'}的 {len(known)} 个监测值"
        return text + (f"中超过标准值的有：{_list(over)}。" if over else "均未超过标准值。")
    return None


@register()
def plan_period(s: DraftInput) -> str | None:
    """A work plan with a 计划时间 column of date ranges: how many stages, from when to when."""
    for t in s.tables:
        header = _flat_header(t.header)
        c = _col(header or [], "计划时间")
        if not header or c is None:
            continue
        dates = sorted(d for r in _rows(t, len(header)) for d in re.findall(r"\d{4}-\d{2}-\d{2}", str(r[c])))
        rows = _rows(t, len(header))
        if len(dates) >= 2:
            return f"{t.caption or '工作计划'}共 {len(rows)} 个阶段，计划自 {dates[0]} 至 {dates[-1]}。"
    return None


@register()
def target_values(s: DraftInput) -> str | None:
    """A targets table (基准期值, 近期目标 绝对值/相对值 …): each target against its baseline."""
    for t in s.tables:
        header = _flat_header(t.header)
        if not header or "目标" not in t.caption:
            continue
        base = _col(header, "基准期")
        goals = [(i, h) for i, h in enumerate(header) if re.search(r"(近期|中.{0,3}期|远期)目标", h) and h.endswith("绝对值")]
        name = _exact(header, "指标项", "指标", "名称")
        unit_col = _exact(header, "单位")
        if base is None or not goals or name is None:
            continue
        said = []
        for r in _rows(t, len(header))[:8]:
            b = _num(r[base])
            unit = f" {r[unit_col]}" if unit_col is not None and str(r[unit_col]).strip() not in ("", "—", "None") else ""
            parts = []
            for i, h in goals:
                v = _num(r[i])
                if b is None or v is None:
                    continue
                period = h.replace("绝对值", "").strip()
                parts.append(f"{period}{'降至' if v < b else '提高到' if v > b else '保持'} {_show(r[i])}{unit}")
            if parts:
                said.append(f"{r[name]}基准期为 {_show(r[base])}{unit}，" + "，".join(parts))
        if said:
            return f"据{t.caption}，" + "；".join(said) + "。"
    return None
