"""Park-specific results: targets against current values (5.2.4), audit-focus candidates (5.2.3),
and the checks that mark steps of 5.2–5.4 done."""
from __future__ import annotations

from typing import Any

from cpframework.api import fmt
from cpframework.api import Problem

LEVELS = ("园区层面", "行业层面", "企业层面")


def _codes(text: Any) -> list[str]:
    return [c.strip().upper() for c in str(text or "").replace("，", ",").replace("、", ",").split(",") if c.strip()]


def target_rows(std: Any, project: Any, ev: Any) -> list[dict[str, Any]]:
    """Each target with its current value (computed when linked to an indicator) and its checks."""
    table = project.tables.get("targets")
    out = []
    for row in (table.rows if table else []):
        code = (row.get("indicator") or "").strip().upper()
        res = None
        if code:
            try:
                res = ev.result(code)
            except KeyError:
                res = None
        direction = res.indicator.direction if res else "higher"
        current = res.value if res is not None and res.value is not None else row.get("current")
        lower = direction in ("lower", "zero")
        findings = []
        chain = [("现状值", current), ("近期目标值", row.get("near")), ("中期目标值", row.get("mid")), ("远期目标值", row.get("long"))]
        chain = [(k, v) for k, v in chain if isinstance(v, (int, float)) and not isinstance(v, bool)]
        for (ka, va), (kb, vb) in zip(chain, chain[1:]):
            if (vb > va + 1e-9) if lower else (vb < va - 1e-9):
                findings.append(f"{kb} {fmt(vb)} 不优于{ka} {fmt(va)}（{'越低越好' if lower else '越高越好'}）")
        near_level = ""
        if res is not None and isinstance(row.get("near"), (int, float)):
            for lv in std.info.levels:
                thr = res.indicator.thresholds.get(lv.id)
                if thr is not None and thr.met(row["near"]):
                    near_level = lv.label
                    break
            near_level = near_level or std.info.below_level.label
        out.append({"seq": row.get("seq"), "indicator": code or None, "name": row.get("name"),
                    "unit": row.get("unit") or (res.indicator.unit if res else ""),
                    "current": current, "current_source": "计算" if res is not None and res.value is not None else "填报",
                    "near": row.get("near"), "mid": row.get("mid"), "long": row.get("long"),
                    "near_level": near_level, "findings": findings})
    return out


def focus_candidates(ev: Any) -> list[dict[str, Any]]:
    """Short boards (未达一般水平) — the evaluation's input to choosing the audit focus (5.2.2/5.2.3)."""
    return [{"id": r.indicator.id, "seq": r.indicator.seq, "category": r.indicator.category,
             "name": r.indicator.name, "value": r.value, "gap": r.gap_text}
            for r in ev.selected() if r.short_board]


def validate(std: Any, project: Any) -> list[Problem]:
    out: list[Problem] = []
    fname = project.manifest.workbook
    known = {i.id for i in std.indicators}
    for table_id, field, label in (("targets", "indicator", "指标代码"), ("focus", "indicators", "关联指标代码")):
        data = project.tables.get(table_id)
        if data is None:
            continue
        for row, n in zip(data.rows, data.sheet_rows):
            for code in _codes(row.get(field)):
                if code not in known:
                    out.append(Problem(file=fname, sheet=data.schema.sheet, row=n, field=label, value=code,
                                       message=f"“{code}”不是附件1 的指标代码（I01–I26）"))
    focus = project.tables.get("focus")
    if focus is not None and focus.present and focus.rows:
        levels = {r.get("level") for r in focus.rows}
        missing = [lv for lv in LEVELS if lv not in levels]
        if missing:
            out.append(Problem(file=fname, sheet=focus.schema.sheet, level="warning",
                               message=f"5.2.3 要求从园区、行业、企业三个层面确定审核重点，缺少：{'、'.join(missing)}"))
    return out


def check_focus_levels(project: Any, ev: Any) -> str | None:
    data = project.tables.get("focus")
    got = {r.get("level") for r in (data.rows if data else [])}
    missing = [lv for lv in LEVELS if lv not in got]
    return None if not missing else f"审核重点缺少{'、'.join(missing)}"


def check_targets_terms(project: Any, ev: Any) -> str | None:
    data = project.tables.get("targets")
    rows = data.rows if data else []
    if not rows:
        return "尚未设置清洁生产目标"
    partial = [str(r.get("name")) for r in rows if r.get("mid") is None or r.get("long") is None]
    return None if not partial else f"以下目标缺中期或远期目标值：{'、'.join(partial[:3])}"


def check_options_levels(project: Any, ev: Any) -> str | None:
    data = project.tables.get("options")
    got = {r.get("level") for r in (data.rows if data else [])}
    missing = [lv for lv in LEVELS if lv not in got]
    return None if not missing else f"方案汇总缺少{'、'.join(missing)}的方案"


def check_options_screened(project: Any, ev: Any) -> str | None:
    data = project.tables.get("options")
    rows = data.rows if data else []
    if not rows:
        return "尚无方案"
    open_ = [str(r.get("name")) for r in rows if r.get("feasible") in (None, "待研究")]
    return None if not open_ else f"{len(open_)} 项方案尚未给出筛选结论：{'、'.join(open_[:3])}"


def check_selection(project: Any, ev: Any) -> str | None:
    bad = [r for r in ev.extra.get("selection_problems", [])]
    return None if not bad else f"指标选择不满足附件1 规则（{len(bad)} 处），运行 cpaudit check 查看"


CHECKS = {
    "focus_levels": check_focus_levels,
    "targets_terms": check_targets_terms,
    "options_levels": check_options_levels,
    "options_screened": check_options_screened,
    "selection_rules": check_selection,
}


def evaluate(standard: Any, project: Any, evaluation: Any) -> dict[str, Any]:
    """cpf_evaluate for the park standard: focus candidates, targets, selection-rule findings."""
    from cpframework.api import selection_problems

    return {
        "focus_candidates": focus_candidates(evaluation),
        "targets": target_rows(standard, project, evaluation),
        "selection_problems": [p.text() for p in selection_problems(standard, project)],
    }
