"""附件1 (23) 园区清洁生产宣传活动: the count of the 审核基准期 is derived from the 宣传培训 log.

An activity counts when it took place in the 审核基准期, its participants are at least one in a
thousand of the park's industrial employees (指标基础数据“园区年末工业企业从业人数”of that year, rounded
up) and its materials and photos are archived — the seed's 指标解释 for (23).  ``check`` refuses a stated
count (指标基础数据“园区清洁生产宣传活动次数”) that the log does not support, and names each activity of
that year that does not count and why."""
from __future__ import annotations

import math
from typing import Any

from cpframework.api import Problem, fmt


def _year_value(project: Any, item: str) -> Any:
    data = project.tables.get("indicator_data")
    row = data.item(item) if data is not None else None
    v = (row or {}).get("value")
    return v.get(project.manifest.baseline) if isinstance(v, dict) else v


def campaign_problems(std: Any, project: Any) -> list[Problem]:
    log = project.tables.get("training")
    stated = _year_value(project, "campaigns")
    employees = _year_value(project, "employees")
    if log is None or not log.present or not isinstance(stated, (int, float)) or not isinstance(employees, (int, float)):
        return []
    year = project.manifest.baseline
    need = math.ceil(employees / 1000)
    fname, sheet = project.manifest.workbook, log.schema.sheet
    out, counted = [], 0
    for row, n in zip(log.rows, log.sheet_rows):
        when = row.get("date")
        if getattr(when, "year", None) != year:
            continue
        reasons = []
        people = row.get("participants")
        if not isinstance(people, (int, float)):
            reasons.append("未填写参与人数")
        elif people < need:
            reasons.append(f"参与人数 {fmt(people)} 人少于 {year} 年园区从业人数 {fmt(employees)} 人的千分之一（{need} 人）")
        if row.get("archived") is not True:
            reasons.append("活动材料、照片未注明已存档")
        if reasons:
            out.append(Problem(file=fname, sheet=sheet, row=n, field="参与人数" if people is None or people < need else "材料已存档",
                               level="warning", code="campaign",
                               message="；".join(reasons) + "，不计入指标23 园区清洁生产宣传活动（附件1 (23) 指标解释）"))
        else:
            counted += 1
    if stated != counted:
        data = project.tables.get("indicator_data")
        out.append(Problem(file=fname, sheet=data.schema.sheet, row=data.item_row("campaigns"),
                           field=f"{year}年园区清洁生产宣传活动次数", value=stated, code="campaign",
                           message=f"填报 {fmt(stated)} 次，但“{sheet}”中 {year} 年符合附件1 (23) 要求（参与人数不少于从业人数的"
                                   f"千分之一即 {need} 人，材料已存档）的活动为 {counted} 次：请在“{sheet}”补录活动或改正次数"))
    return out
