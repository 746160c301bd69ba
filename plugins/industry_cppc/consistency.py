"""Consistency of what the consultant wrote with what the data say (5.3.1, 5.3.2): findings' 共性/个性
against the computed classification, individual problems without an option, and targets against the
industry value computed from the data."""
from __future__ import annotations

import re
from typing import Any

from cpframework.api import CalcError, Problem, fmt

from . import focus as focus_rules


def _ids(text: Any) -> list[str]:
    return [x.upper() for x in focus_rules.split_list(text)]


def _pct(x: float) -> str:
    return "—" if x != x else f"{fmt(100 * float(x), 1)}%"


SCOPE_KIND = {"行业共性": "共性问题", "企业个性": "个性问题", "无问题": "无问题"}


def classification_problems(std: Any, project: Any, r: dict[str, Any]) -> list[Problem]:
    """Hand-entered findings vs the computed 共性/个性 classification (error: the report would contradict
    itself), and individual problems that no option addresses (warning, 5.3.2)."""
    from .evaluation import problem_label

    fname = project.manifest.workbook
    pr, system = r["problems"], r["system"]
    kinds = pr["kind"].to_dict()
    label = problem_label(r["problem_level"])
    out: list[Problem] = []
    data = project.tables.get("findings")
    for row, n in zip(data.rows if data else [], data.sheet_rows if data else []):
        want = SCOPE_KIND.get(str(row.get("scope") or ""))
        for code in _ids(row.get("indicators")):
            if want is None or code not in {i.id for i in system.indicators}:
                continue
            got = kinds.get(code, "无问题")
            if got != want:
                x = pr.loc[code] if code in pr.index else None
                facts = (f"{label}企业 {int(x['problems'])}/{int(x['assessed'])}（{_pct(x['problem_share'])}）"
                         if x is not None else f"没有{label}的企业")
                out.append(Problem(file=fname, sheet=std.tables["findings"].sheet, row=n, field="问题性质",
                                   value=row.get("scope"), code="finding_scope",
                                   message=f"把指标 {code} {system.indicator(code).name}记为“{row.get('scope')}”，但评价结果为"
                                           f"{facts}，共性问题的界限为 {_pct(r['share'])}，属“{got}”；请改正“问题性质”或核对数据"))
    covered = {c for o in (project.tables["options"].rows if "options" in project.tables else [])
               if o.get("status") != "已取消" for c in _ids(o.get("indicators"))}
    for code, x in pr.iterrows():
        if x["kind"] == "个性问题" and code not in covered:
            out.append(Problem(file=fname, sheet=std.tables["options"].sheet, field="针对的指标代码", value=code,
                               level="warning", code="problem_without_option",
                               message=f"企业个性问题 {code} {x['name']}（涉及 {x['enterprises']}）没有针对它的方案（5.3.2）；"
                                       "请在本表增加企业层面方案，或说明不设方案的理由"))
    return out


def industry_value(std: Any, project: Any, system: Any, code: str) -> Any:
    """The industry-wide value of a computed indicator (Σ numerator ÷ Σ denominator over every enterprise,
    statistical period) with its trace, or ``None`` when the indicator is entered per enterprise."""
    from cpframework.api import Q

    ind = system.indicator(code) if code in {i.id for i in system.indicators} else None
    if ind is None or not ind.formula:
        return None
    year = project.manifest.baseline
    args = {}
    for inp in ind.inputs:
        total, labels, unit = 0.0, [], ""
        for ref in inp.field:
            table, _, field = ref.partition(".")
            spec = next((f for f in std.tables[table].fields if f.id == field), None)
            labels.append(spec.label if spec else field)
            unit = unit or (spec.unit if spec else "")
            data = project.tables.get(table)
            for row in data.rows if data is not None else []:
                if any(str(row.get(k) or "").strip() != v for k, v in inp.where.items()):
                    continue
                v = row.get(field)
                v = v.get(year) if isinstance(v, dict) else v
                total += float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else 0.0
        label = "（" + "＋".join(labels) + "）" if len(labels) > 1 else labels[0]
        args[inp.arg] = Q(total, unit, "全行业" + label + ("（" + "，".join(inp.where.values()) + "）" if inp.where else ""))
    try:
        return std.formulas[ind.formula].func(**args, **ind.params, name=f"全行业{ind.name}", unit=ind.unit)
    except CalcError:
        return None


def target_problems(std: Any, project: Any, system: Any) -> list[Problem]:
    """5.3.1: a target's 现状值 against the value computed from the data, and a target the current value
    already meets (warnings: the target would promise no improvement)."""
    out: list[Problem] = []
    data = project.tables.get("targets")
    for row, n in zip(data.rows if data else [], data.sheet_rows if data else []):
        res = industry_value(std, project, system, str(row.get("indicator") or "").strip().upper())
        if res is None or (row.get("unit") and str(row.get("unit")).strip() != res.unit):
            continue
        value = float(res.value)
        m = re.match(r"^\s*([≥≤>=<]*)\s*(-?\d+(?:\.\d+)?)", str(row.get("target") or ""))
        try:
            typed = float(str(row.get("current") or "").strip().rstrip("%"))
        except ValueError:
            typed = None
        where = dict(file=project.manifest.workbook, sheet=std.tables["targets"].sheet, row=n, level="warning")
        shown = f"{fmt(value, 2)}{res.unit}（{project.manifest.baseline}年，按数据计算）"
        if typed is not None and abs(typed - value) > 0.05 * max(abs(value), 1e-9):
            out.append(Problem(field="现状值", value=row.get("current"), code="target_current", **where,
                               message=f"目标 {row.get('seq')} 的现状值填 {row.get('current')}，与数据计算的全行业值 {shown} 不符；请改正现状值"))
        if m:
            op, goal = m.group(1), float(m.group(2))
            higher = op.startswith(("≥", ">")) or (not op and system.indicator(row["indicator"].strip().upper()).direction == "higher")
            if (value >= goal) if higher else (value <= goal):
                out.append(Problem(field="目标值", value=row.get("target"), code="target_met", **where,
                                   message=f"目标 {row.get('seq')} 的目标值 {row.get('target')} 已被现状值 {shown} 达到，"
                                           "目标没有改善；请按 5.3.1 预测改善程度后重设目标值"))
    out += _targets_without_option(std, project, system)
    return out


def _targets_without_option(std: Any, project: Any, system: Any) -> list[Problem]:
    """5.3.1 / 5.3.2: a target on an indicator that no option (other than a rejected one) addresses — nothing
    in the plan would reach it (warning)."""
    codes = {i.id for i in system.indicators}
    opts = project.tables["options"].rows if "options" in project.tables else []
    covered = {c for o in opts if o.get("decision") != "否决"
               for c in _ids(o.get("indicators")) + _ids(o.get("forecast_indicator"))}
    data = project.tables.get("targets")
    out = []
    for row, n in zip(data.rows if data else [], data.sheet_rows if data else []):
        code = str(row.get("indicator") or "").strip().upper()
        if code in codes and code not in covered:
            out.append(Problem(file=project.manifest.workbook, sheet=std.tables["targets"].sheet, row=n, field="关联指标代码",
                               value=code, level="warning", code="target_without_option",
                               message=f"目标 {row.get('seq')}（{row.get('name')}，指标 {code} {system.indicator(code).name}）没有针对它的方案："
                                       f"工作表“{std.tables['options'].sheet}”中没有“针对的指标代码”含 {code} 且未否决的方案；"
                                       "请增加方案，或说明目标如何实现"))
    return out
