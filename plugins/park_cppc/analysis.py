"""Park-specific results: targets against current values (5.2.4), audit-focus candidates (5.2.3),
and the checks that mark steps of 5.2–5.4 done."""
from __future__ import annotations

from typing import Any

from cpframework.api import fmt, show_value
from cpframework.api import SERIES_FACTOR, Problem

LEVELS = ("园区层面", "行业层面", "企业层面")


def _codes(text: Any) -> list[str]:
    return [c.strip().upper() for c in str(text or "").replace("，", ",").replace("、", ",").split(",") if c.strip()]


_CHAIN = (("current", "现状值"), ("near", "近期目标值"), ("mid", "中期目标值"), ("long", "远期目标值"))


def _number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _range_text(lo: float | None, hi: float | None, unit: str) -> str:
    unit = "" if unit in ("", "—", "-") else unit
    if lo is not None and hi is not None:
        return f"{fmt(lo)}–{show_value(hi, unit)}"
    return f"不小于 {show_value(lo, unit)}" if lo is not None else f"不大于 {show_value(hi, unit)}"


def target_rows(std: Any, project: Any, ev: Any) -> list[dict[str, Any]]:
    """Each target with its current value (computed when linked to an indicator) and its checks.

    ``problems`` holds (field label, level, message) for each finding, located by ``target_problems``."""
    table = project.tables.get("targets")
    out = []
    for row, number in zip(table.rows if table else [], table.sheet_rows if table else []):
        code = (row.get("indicator") or "").strip().upper()
        res = None
        if code:
            try:
                res = ev.result(code)
            except KeyError:
                res = None
        direction = res.indicator.direction if res else "higher"
        current = res.value if res is not None and _number(res.value) else row.get("current")
        total = None if code else _quantity_total(std, project, row.get("quantity"))
        if total is not None:  # a park total named in 对应园区总量: its baseline value, lower is better but renewables
            current, direction = total, "higher" if row.get("quantity") == "工业企业可再生能源使用量" else "lower"
        lower = direction in ("lower", "zero")
        values = {"current": current, **{k: row.get(k) for k, _l in _CHAIN[1:]}}
        chain = [(label, values[k]) for k, label in _CHAIN if _number(values[k])]
        findings, problems = [], []
        for (ka, va), (kb, vb) in zip(chain, chain[1:]):
            if (vb > va + 1e-9) if lower else (vb < va - 1e-9):
                text = f"{kb} {fmt(vb)} 不优于{ka} {fmt(va)}（{'越低越好' if lower else '越高越好'}）"
                findings.append(text)
                problems.append((kb, "warning", text + "：目标应逐期改善（5.2.4），请核对目标值和单位"))
        if _number(current) and current > 0:  # a value typed ×100 or in another unit (the core's year-series rule)
            for k, label in _CHAIN[1:]:
                v = values[k]
                if _number(v) and v > 0 and max(v / current, current / v) >= SERIES_FACTOR:
                    problems.append((label, "warning", f"{fmt(v)} 与现状值 {fmt(current)} 相差 "
                                     f"{fmt(max(v / current, current / v))} 倍，请核对目标值和单位"))
        if res is not None:
            ind = res.indicator
            for k, label in _CHAIN[1:]:
                v = values[k]
                if _number(v) and ((ind.max is not None and v > ind.max) or (ind.min is not None and v < ind.min)):
                    problems.append((label, "error", f"{fmt(v)} 超出指标“{ind.name}”按定义可能的范围"
                                     f"（{_range_text(ind.min, ind.max, ind.unit)}），请核对目标值"))
        years = [(label.replace("值", "年份"), row.get(f"{k}_year")) for k, label in _CHAIN[1:]]
        prev, prev_label = project.manifest.baseline, "审核基准期"
        for label, y in years:
            if not isinstance(y, int):
                continue
            if y <= prev or y > project.manifest.baseline + 30:
                problems.append((label, "error", f"{y} 年应晚于{prev_label} {prev} 年，且在 30 年之内（近期、中期、远期逐期推后）"))
            prev, prev_label = y, label
        near_level = ""
        if res is not None and _number(row.get("near")):
            for lv in std.info.levels:
                thr = res.indicator.thresholds.get(lv.id)
                if thr is not None and thr.met(row["near"]):
                    near_level = lv.label
                    break
            near_level = near_level or std.info.below_level.label
        out.append({"seq": row.get("seq"), "indicator": code or None, "name": row.get("name"),
                    "unit": row.get("unit") or (res.indicator.unit if res else ""),
                    "current": current,
                    "current_source": "计算" if (res is not None and _number(res.value)) or total is not None else "填报",
                    "near": row.get("near"), "mid": row.get("mid"), "long": row.get("long"),
                    "near_year": row.get("near_year"), "mid_year": row.get("mid_year"), "long_year": row.get("long_year"),
                    "near_level": near_level, "findings": findings, "row": number, "problems": problems})
    return out


def _quantity_total(std: Any, project: Any, label: Any) -> float | None:
    from .attainment import quantity_items
    from .levels import _park_total

    item = quantity_items(std).get(str(label)) if label else None
    return _park_total(project, item) if item else None


def target_problems(project: Any, rows: list[dict[str, Any]]) -> list[Problem]:
    table = project.tables.get("targets")
    sheet = table.schema.sheet if table is not None else "清洁生产目标"
    return [Problem(file=project.manifest.workbook, sheet=sheet, row=r["row"], field=label, level=level,
                    message=message, code="target")
            for r in rows for label, level, message in r["problems"]]


def link_problems(project: Any, ev: Any) -> list[Problem]:
    """5.2.2–5.2.4 linked: a short board needs an audit focus or a target; a focus named by its
    indicator needs a target on that indicator; one target row per indicator."""
    fname = project.manifest.workbook
    focus, targets = project.tables.get("focus"), project.tables.get("targets")
    if focus is None or targets is None or not focus.present or not targets.present:
        return []
    target_rows_by_code: dict[str, int] = {}
    out: list[Problem] = []
    for row, n in zip(targets.rows, targets.sheet_rows):
        code = (row.get("indicator") or "").strip().upper()
        if not code:
            continue
        if code in target_rows_by_code:
            out.append(Problem(file=fname, sheet=targets.schema.sheet, row=n, field="指标代码", value=code,
                               code="target", message=f"与第 {target_rows_by_code[code]} 行是同一指标 {code} 的目标："
                                                      "每项指标只设一行目标（近期、中期、远期写在同一行）"))
        else:
            target_rows_by_code[code] = n
    focused: dict[str, int] = {}
    for row, n in zip(focus.rows, focus.sheet_rows):
        for code in _codes(row.get("indicators")):
            focused.setdefault(code, n)
    names = {r.indicator.id: f"{r.indicator.seq} {r.indicator.name}" for r in ev.indicators}
    for code, n in focused.items():
        if code in names and code not in target_rows_by_code:
            out.append(Problem(file=fname, sheet=focus.schema.sheet, row=n, field="关联指标代码", value=code,
                               level="warning", code="target",
                               message=f"审核重点关联的指标 {names[code]} 在“{targets.schema.sheet}”中没有目标："
                                       "请为它设置近期、中期、远期目标（5.2.4），或改正关联指标代码"))
    for r in ev.selected():
        if r.short_board and r.indicator.id not in focused and r.indicator.id not in target_rows_by_code:
            out.append(Problem(file=fname, sheet=focus.schema.sheet, field=names[r.indicator.id], level="warning",
                               code="target", message="是短板指标（未达一般水平），但既没有列为审核重点，也没有设置目标："
                                                      "请在“审核重点”中填写关联指标代码，或在“清洁生产目标”中为它设置目标"
                                                      "（5.2.2 评价结果作为审核重点的选取依据）"))
    return out


def sequence_problems(project: Any) -> list[Problem]:
    """序号 columns numbered 1, 2, 3 … in row order (a gap or a jump is a row lost or a value mistyped)."""
    out = []
    for data in project.tables.values():
        if not data.present or not any(f.id == "seq" for f in data.schema.fields):
            continue
        label = next(f.label for f in data.schema.fields if f.id == "seq")
        for i, (row, n) in enumerate(zip(data.rows, data.sheet_rows), start=1):
            v = row.get("seq")
            if _number(v) and v != i:
                out.append(Problem(file=project.manifest.workbook, sheet=data.schema.sheet, row=n, field=label, value=v,
                                   level="warning", code="sequence",
                                   message=f"序号应按行从 1 起连续编号，这一行应为 {i}：请核对是否漏填、多填了行或序号写错"))
                break
    return out


def focus_candidates(ev: Any) -> list[dict[str, Any]]:
    """Short boards (未达一般水平) — the evaluation's input to choosing the audit focus (5.2.2/5.2.3)."""
    return [{"id": r.indicator.id, "seq": r.indicator.seq, "category": r.indicator.category,
             "name": r.indicator.name, "value": r.value, "gap": r.gap_text}
            for r in ev.selected() if r.short_board]


def validate(std: Any, project: Any) -> list[Problem]:
    from .campaigns import campaign_problems
    from .attainment import period_problems
    from .carriers import carrier_problems
    from .options import option_problems
    from .survey import survey_problems
    from .findings import findings_problems
    from .flows import flow_problems
    from .team import team_problems

    out: list[Problem] = (campaign_problems(std, project) + option_problems(std, project) + survey_problems(std, project)
                          + team_problems(std, project) + findings_problems(std, project) + flow_problems(std, project)
                          + carrier_problems(std, project) + period_problems(project))
    fname = project.manifest.workbook
    known = {i.id for i in std.indicators}
    for table_id, field, label in (("targets", "indicator", "指标代码"), ("focus", "indicators", "关联指标代码"),
                                   ("benchmarks", "indicator", "指标代码")):
        data = project.tables.get(table_id)
        if data is None:
            continue
        for row, n in zip(data.rows, data.sheet_rows):
            for code in _codes(row.get(field)):
                if code not in known:
                    out.append(Problem(file=fname, sheet=data.schema.sheet, row=n, field=label, value=code,
                                       message=f"“{code}”不是附件1 的指标代码（I01–I26）"))
    out += benchmark_problems(std, project)
    focus = project.tables.get("focus")
    if focus is not None and focus.present and focus.rows:
        levels = {r.get("level") for r in focus.rows}
        missing = [lv for lv in LEVELS if lv not in levels]
        if missing:
            out.append(Problem(file=fname, sheet=focus.schema.sheet, level="warning",
                               message=f"5.2.3 要求从园区、行业、企业三个层面确定审核重点，缺少：{'、'.join(missing)}"))
    return out


def benchmark_problems(std: Any, project: Any) -> list[Problem]:
    """A peer park's value of a share outside what the indicator's definition allows."""
    data = project.tables.get("benchmarks")
    if data is None or not data.present:
        return []
    by_id = {i.id: i for i in std.indicators}
    out = []
    for row, n in zip(data.rows, data.sheet_rows):
        ind, v = by_id.get(str(row.get("indicator") or "").strip().upper()), row.get("value")
        if ind is None or not _number(v):
            continue
        if (ind.max is not None and v > ind.max) or (ind.min is not None and v < ind.min):
            out.append(Problem(file=project.manifest.workbook, sheet=data.schema.sheet, row=n, field="指标值", value=v,
                               message=f"{fmt(v)} 超出指标 {ind.seq} {ind.name} 按定义可能的范围（{fmt(ind.min)}–{fmt(ind.max)}"
                                       f"{ind.unit}），请核对数值和单位"))
    return out


def option_benefits(std: Any, project: Any, ev: Any, targets: list[dict[str, Any]]) -> dict[str, Any]:
    """2.6.2: feasible options' benefits by level, and set against every target with a matching quantity."""
    from .attainment import comparisons
    from .options import rollup

    return {"levels": rollup(project), "targets": comparisons(std, project, ev, targets)}


def evaluate(standard: Any, project: Any, evaluation: Any) -> dict[str, Any]:
    """cpf_evaluate for the park standard: focus candidates, targets, selection-rule findings."""
    from cpframework.api import selection_problems

    from .carriers import industry_carriers
    from .levels import focus_problems, industries, pareto_lists, total_problems

    targets = target_rows(standard, project, evaluation)
    inds = industries(project)
    from .attainment import attainment_problems

    benefits = option_benefits(standard, project, evaluation, targets)
    evaluation.problems.extend(attainment_problems(standard, project, targets, benefits["targets"]))
    evaluation.problems.extend(target_problems(project, targets) + link_problems(project, evaluation)
                               + sequence_problems(project) + focus_problems(project, inds)
                               + total_problems(standard, project))
    return {
        "industries": inds,
        "pareto": pareto_lists(project),
        "industry_carriers": industry_carriers(project),
        "option_benefits": {**benefits, "targets": [{k: v for k, v in c.items() if k != "row"} for c in benefits["targets"]]},
        "focus_candidates": focus_candidates(evaluation),
        "targets": [{k: v for k, v in t.items() if k not in ("row", "problems")} for t in targets],
        "selection_problems": [p.text() for p in selection_problems(standard, project)],
    }
