"""Computed values in narrative text, updated every time the report is generated.

A consultant writes, inside any paragraph, list item or table cell of a narrative file:

- ``{{指标:单位产品综合能耗}}`` (or the indicator's code or sequence number) → its value with unit;
- ``{{等级:单位产品综合能耗}}`` → the level it reaches (Ⅰ级、未达标 …);
- ``{{合计:表名.列名}}`` → the sum of a column of a data sheet (sheet name or title; column header);
  a per-year column takes its year: ``{{合计:能源消耗.消耗量@2024}}``;
- ``{{数值:表名.项目名@2024}}`` → one item's value of an items sheet.

A reference that names nothing is a ``check`` error naming the narrative file and line; a value that
could not be computed prints a visible note in its place, never the raw braces.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cpframework.errors import Problem

REF = re.compile(r"\{\{\s*([^{}:：]*?)\s*[:：]\s*([^{}]*?)\s*\}\}")
KINDS = ("指标", "等级", "合计", "数值")


def _indicator(std: Any, key: str) -> Any:
    for ind in getattr(std, "indicators", []) or []:
        if key in (ind.id, ind.name, str(ind.seq)):
            return ind
    return None


def _table_field(std: Any, ref: str) -> tuple[Any, Any, int | None, str]:
    """``(table schema, field or item, year, why not)`` for ``表名.列名[@年份]``."""
    ref, _, year_text = ref.partition("@")
    year = int(year_text) if year_text.strip().isdigit() else None
    if year_text and year is None:
        return None, None, None, f"年份“{year_text}”应为四位数字"
    table_name, dot, column = ref.rpartition(".")
    if not dot:
        return None, None, None, "应写成“表名.列名”"
    table = next((t for t in (getattr(std, "tables", {}) or {}).values()
                  if table_name.strip() in (t.id, t.sheet, t.title)), None)
    if table is None:
        return None, None, None, f"没有名为“{table_name}”的数据表"
    pool = table.items if table.kind == "items" else table.fields
    target = next((f for f in pool if column.strip() in (f.id, getattr(f, "label", ""), getattr(f, "name", ""))), None)
    if target is None:
        return table, None, year, f"数据表“{table.sheet}”没有“{column}”{'这一项' if table.kind == 'items' else '这一列'}"
    return table, target, year, ""


def reference_problem(std: Any, kind: str, key: str) -> str:
    """Why a reference names nothing (``""`` when it is fine)."""
    if kind not in KINDS:
        return f"不认识“{kind}”，可用：{'、'.join(KINDS)}"
    if kind in ("指标", "等级"):
        return "" if _indicator(std, key) is not None else f"标准中没有指标“{key}”"
    table, target, _year, why = _table_field(std, key)
    if not why and kind == "合计" and table.kind == "items":
        return f"数据表“{table.sheet}”按项目填写，请用 {{{{数值:{key}}}}}"
    if not why and kind == "数值" and table.kind != "items":
        return f"数据表“{table.sheet}”按行填写，请用 {{{{合计:{key}}}}}"
    return why


def reference_problems(root: Path, std: Any, files: list[Path] | None = None) -> list[Problem]:
    """A ``check`` error for every reference in the narrative files that names nothing."""
    folder = Path(root) / "narrative"
    out: list[Problem] = []
    try:
        files = files if files is not None else sorted(folder.glob("*.md"))
    except OSError:
        return out
    from cpframework.project.narrative import narrative_text

    for md in files:
        if not narrative_text(md, root):
            continue
        raw = md.read_text(encoding="utf-8-sig", errors="replace")
        for n, line in enumerate(raw.split("\n"), 1):
            for m in REF.finditer(line):
                why = reference_problem(std, m.group(1), m.group(2))
                if why:
                    out.append(Problem(file=f"narrative/{md.name}", row=n, value=m.group(0), code="narrative_reference",
                                       message=f"引用的计算值 {m.group(0)} 有误：{why}；请改正或删去"
                                               "（写法见 README“叙述文件”一节）"))
    return out


def _number(value: Any, unit: str) -> str:
    from cpframework.calc import show_value

    return show_value(value, unit)


def resolver(ctx: Any) -> Callable[[str], tuple[str, list[str]]]:
    """``text → (text with every reference replaced, warnings)`` over the project and evaluation of ``ctx``."""
    std = getattr(ctx, "standard", None)
    evaluation = getattr(ctx, "evaluation", None)
    project = getattr(ctx, "project", None)
    results = {r.indicator.id: r for r in (getattr(evaluation, "indicators", None) or [])}

    def one(kind: str, key: str) -> str:
        why = reference_problem(std, kind, key)
        if why:
            return f"〔引用有误：{why}〕"
        if kind in ("指标", "等级"):
            ind = _indicator(std, key)
            r = results.get(ind.id)
            if r is None or (kind == "指标" and r.value is None) or (kind == "等级" and not r.level_label):
                return f"〔{ind.name}尚无计算结果，请检查数据〕"
            return _number(r.value, r.unit or ind.unit) if kind == "指标" else r.level_label
        table, target, year, _ = _table_field(std, key)
        data = (getattr(project, "tables", None) or {}).get(table.id)
        rows = list(getattr(data, "rows", []) or [])
        if kind == "数值":
            row = next((r for r in rows if r.get("id") == target.id), None)
            value = row.get("value") if row else None
        else:
            values = [r.get(target.id) for r in rows]
            if not values:
                return f"〔数据表“{table.sheet}”没有数据〕"
            value = values
        if isinstance(value, list):
            picked = [v.get(year) if isinstance(v, dict) else v for v in value]
            if any(isinstance(v, dict) for v in value) and year is None:
                return f"〔“{key}”按年份填写，请写明年份，如 @{getattr(getattr(project, 'manifest', None), 'audit_year', 2024)}〕"
            if any(v is None or isinstance(v, bool) or not isinstance(v, (int, float)) for v in picked):
                return f"〔“{key}”有空格或非数值，未合计〕"
            value = sum(float(v) for v in picked if v is not None)  # none is missing (checked above)
        elif isinstance(value, dict):
            if year is None:
                return f"〔“{key}”按年份填写，请写明年份〕"
            value = value.get(year)
        if value is None:
            return f"〔“{key}”{'' if year is None else f' {year} 年'}未填写〕"
        return _number(value, getattr(target, "unit", "") or "")

    def apply(text: str) -> tuple[str, list[str]]:
        warnings: list[str] = []

        def sub(m: re.Match) -> str:
            out = one(m.group(1), m.group(2))
            if out.startswith("〔"):
                warnings.append(f"叙述中的 {m.group(0)}：{out.strip('〔〕')}")
            return re.sub(r"([*_`\\])", r"\\\1", out)
        return REF.sub(sub, text), warnings
    return apply
