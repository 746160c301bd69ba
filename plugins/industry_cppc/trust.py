"""What ``check`` says so that no grade is silently wrong (issue: missing is never "not applicable").

* :func:`missing_problems` — every absent value of a graded indicator, one message per root cause: an
  enterprise without a production row is one error naming the enterprise, the sheet and every indicator
  whose denominator it is, not one error per indicator.
* :func:`applicability_problems` — a 不适用 that the data contradict: the indicator's own input rows
  exist for the enterprise, or a ``[[applies]]`` rule of the system file says it cannot be 不适用
  (an enterprise buying a nickel salt has 总镍).
* :func:`bound_problems` — a value outside its definitional bounds (a percentage above 100).
* :func:`permit_problems` — 排污许可 exceedance or a compliance rate below 100 % while the
  enterprise's compliance indicator (``[system] permit_indicator``) says 是.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Any

from cpframework.api import Problem, calc, fmt

from .system import applicability, permit_indicator


def _sheet(std: Any, table: str) -> str:
    return std.tables[table].sheet if table in std.tables else table


def _has_data(project: Any, table: str, field: str, unit: str, year: int, where: dict[str, str]) -> bool:
    data = project.tables.get(table)
    for row in data.rows if data is not None else []:
        if str(row.get("enterprise") or "").strip() != unit:
            continue
        if any(str(row.get(k) or "").strip() != v for k, v in where.items()):
            continue
        v = row.get(field)
        v = v.get(year) if isinstance(v, dict) else v
        if v is not None:
            return True
    return False


def _missing_input(ind: Any, std: Any, project: Any, unit: str) -> tuple[str, str, str]:
    """(sheet, what, argument) of the first input of a computed indicator with no data for the unit."""
    year = project.manifest.baseline
    for inp in ind.inputs:
        refs = [r.partition(".") for r in inp.field]
        if not any(_has_data(project, t, f, unit, year, inp.where) for t, _, f in refs):
            labels = []
            for t, _, f in refs:
                spec = next((x for x in std.tables[t].fields if x.id == f), None) if t in std.tables else None
                labels.append(spec.label if spec else f)
            where = "（" + "，".join(inp.where.values()) + "）" if inp.where else ""
            return "、".join(dict.fromkeys(_sheet(std, t) for t, _, _ in refs)), "＋".join(labels) + where, inp.arg
    return "", "", ""


def _required_by(system: Any, project: Any, ind_id: str, unit: str) -> str:
    """Why the indicator applies to the unit, from the system's ``[[applies]]`` rules ('' if none says)."""
    for a in applicability(system):
        data = project.tables.get(a.table)
        for r in data.rows if a.indicator == ind_id and data is not None else []:
            text = str(r.get(a.field) or "")
            if str(r.get("enterprise") or "").strip() == unit and any(c in text for c in a.contains):
                return f"该企业有原辅材料“{text}”，{a.reason}" if a.table == "materials" else f"该企业有“{text}”，{a.reason}"
    return ""


def missing_problems(uv: Any, system: Any, std: Any, project: Any) -> list[Problem]:
    fname = project.manifest.workbook
    year = project.manifest.baseline
    groups: dict[tuple[str, str, str, str], list[str]] = defaultdict(list)
    entered = _sheet(std, "indicator_values")
    for (unit, ind_id), message in uv.errors.items():
        ind = system.indicator(ind_id)
        sheet, what, arg = _missing_input(ind, std, project, unit) if ind.formula else ("", "", "")
        key = (unit, sheet, what, arg) if what else (unit, entered, "", ind_id)
        groups[key].append(ind_id)
    out = []
    for (unit, sheet, what, arg), ids in groups.items():
        inds = "、".join(f"{i} {system.indicator(i).name}" for i in ids)
        if not what:
            ind = system.indicator(ids[0])
            need = _required_by(system, project, ind.id, unit)
            text = (f"缺少企业 {unit} 的指标 {ind.id} {ind.name}的取值" + ("（限定性指标）" if ind.limiting else "")
                    + f"：请在本表填写；" + (f"{need}，不能填“不适用”" if need else
                                             "该指标确实不适用于它时填“不适用”并在“依据/佐证”中写明原因"))
        elif arg == "denominator":
            text = (f"没有企业 {unit} 的{what}（{year}年）：它是指标 {inds} 的分母，缺少时这些指标无法评价"
                    "（不能视为不适用）；请补填该企业的这一行")
        else:
            need = "；".join(filter(None, (_required_by(system, project, i, unit) for i in ids)))
            text = (f"没有企业 {unit} 的{what}（{year}年），因此无法计算指标 {inds}；请补填该企业的这一行。"
                    + (f"{need}，不能填“不适用”" if need else
                       f"该企业确无此项时，在工作表“{entered}”中对这些指标填“不适用”并写明原因"))
        out.append(Problem(file=fname, sheet=sheet, field=f"企业编号 {unit}", value=unit, message=text,
                           code="missing_value"))
    return out


def applicability_problems(uv: Any, system: Any, std: Any, project: Any) -> list[Problem]:
    fname = project.manifest.workbook
    year = project.manifest.baseline
    values = uv.values
    rules = defaultdict(list)
    for a in applicability(system):
        rules[a.indicator].append(a)
    out = []
    for ind in system.indicators:
        for unit in values.index:
            v = values.loc[unit, ind.id]
            if not (isinstance(v, str) and v.strip() in calc.grading.NA_WORDS):
                continue
            row = uv.entered_rows.get((unit, ind.id))
            why = ""
            if ind.formula:
                for inp in ind.inputs:
                    for t, _, f in (r.partition(".") for r in inp.field):
                        if inp.arg != "denominator" and _has_data(project, t, f, unit, year, inp.where):
                            why = why or f"工作表“{_sheet(std, t)}”中有该企业的相关数据（{year}年）"
            for a in rules.get(ind.id, []):
                data = project.tables.get(a.table)
                for r in data.rows if data is not None else []:
                    text = str(r.get(a.field) or "")
                    if str(r.get("enterprise") or "").strip() == unit and any(c in text for c in a.contains):
                        why = why or f"工作表“{_sheet(std, a.table)}”中该企业有“{text}”（{a.reason}）"
            if why:
                out.append(Problem(file=fname, sheet=_sheet(std, "indicator_values"), row=row, field="取值",
                                   value=v, code="not_applicable_contradicted",
                                   message=f"企业 {unit} 的指标 {ind.id} {ind.name}填了“不适用”，但{why}；"
                                           "请删除“不适用”并补全数据，或改正相关数据"))
    return out


def bound_problems(uv: Any, system: Any, std: Any, project: Any) -> list[Problem]:
    """Numeric values outside the indicator's definitional bounds (min/max)."""
    fname = project.manifest.workbook
    out = []
    for ind in system.indicators:
        if ind.min is None and ind.max is None:
            continue
        for unit in uv.values.index:
            v = uv.values.loc[unit, ind.id]
            try:
                x = float(v)
            except (TypeError, ValueError):
                continue
            low = ind.min is not None and x < ind.min
            high = ind.max is not None and x > ind.max
            if not (low or high):
                continue
            bound = f"不应{'低于' if low else '超过'} {fmt(ind.min if low else ind.max)}{ind.unit}"
            if ind.formula:
                sheet, row = "", None
                source = "由数据表计算，请核对其分子、分母数据"
            else:
                sheet, row = _sheet(std, "indicator_values"), uv.entered_rows.get((unit, ind.id))
                source = "请核对填写的数值"
            out.append(Problem(file=fname, sheet=sheet, row=row, field=f"企业 {unit} 指标 {ind.id}", value=x,
                               code="bound", message=f"企业 {unit} 的{ind.name}为 {fmt(x)}{ind.unit}，按定义{bound}；{source}"))
    return out


def permit_problems(uv: Any, system: Any, std: Any, project: Any) -> list[Problem]:
    """Cross-table: an enterprise over its permitted amount, with a monitored compliance rate below 100 %
    or late 执行报告, cannot say 是 for the permit-compliance indicator (error: the data contradict it)."""
    indicator = permit_indicator(system)
    if indicator not in {i.id for i in system.indicators}:
        return []
    fname = project.manifest.workbook
    year = project.manifest.baseline
    said = {u: uv.values.loc[u, indicator] for u in uv.values.index}
    yes = {u for u, v in said.items() if v is True or calc.grading.YES_WORDS.get(str(v).strip()) == 1.0}
    out = []
    name = system.indicator(indicator).name
    facts: dict[str, list[str]] = defaultdict(list)
    data = project.tables.get("pollutants")
    for row in data.rows if data is not None else []:
        unit = str(row.get("enterprise") or "").strip()
        em = row.get("emitted")
        em = em.get(year) if isinstance(em, dict) else em
        per, rate = row.get("permitted"), row.get("compliance")
        if isinstance(em, (int, float)) and isinstance(per, (int, float)) and em > per * (1 + 1e-9):
            facts[unit].append(f"{row.get('pollutant')}排放量 {fmt(em)} {row.get('unit') or ''}超过许可排放量 {fmt(per)}")
        if isinstance(rate, (int, float)) and rate < 100:
            facts[unit].append(f"{row.get('pollutant')}监测达标率 {fmt(rate)}%")
    permits = project.tables.get("permits")
    for row in permits.rows if permits is not None else []:
        if row.get("reports_submitted") is False:
            facts[str(row.get("enterprise") or "").strip()].append("未按时提交排污许可执行报告")
    for unit in sorted(yes & set(facts)):
        out.append(Problem(file=fname, sheet=_sheet(std, "indicator_values"), row=uv.entered_rows.get((unit, indicator)),
                           field="取值", value="是", code="permit_contradicted",
                           message=f"企业 {unit} 的指标 {indicator} {name}填“是”，但{'；'.join(dict.fromkeys(facts[unit]))}"
                                   f"（工作表“{_sheet(std, 'pollutants')}”“{_sheet(std, 'permits')}”）；请改为“否”或改正数据"))
    return out


def output_problems(uv: Any, system: Any, std: Any, project: Any) -> list[Problem]:
    """Per-product indicators weighted by output (通则 §3.2 4): an enterprise's value for a product needs its
    output of that product in the statistical period (the weight), and a product it makes cannot be 不适用."""
    from .system import products

    made = products(system)
    if not made:
        return []
    fname, year = project.manifest.workbook, project.manifest.baseline
    prod_sheet, entered = _sheet(std, "production"), _sheet(std, "indicator_values")
    amount: dict[tuple[str, str], float] = defaultdict(float)
    units: dict[tuple[str, str], set[str]] = defaultdict(set)
    data = project.tables.get("production")
    for row in data.rows if data is not None else []:
        key = (str(row.get("enterprise") or "").strip(), str(row.get("product") or "").strip())
        v = row.get("output")
        v = v.get(year) if isinstance(v, dict) else v
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            amount[key] += float(v)
            units[key].add(str(row.get("unit") or "").strip())
    out = []
    for ind_id, product in made.items():
        ind = system.indicator(ind_id)
        for unit in uv.values.index:
            v, key = uv.values.loc[unit, ind_id], (str(unit), product)
            na = isinstance(v, str) and v.strip() in calc.grading.NA_WORDS
            blank = v is None or (isinstance(v, float) and v != v) or (isinstance(v, str) and not v.strip())
            where = dict(file=fname, field=f"企业 {unit} 指标 {ind_id}", code="product_output")
            if len(units.get(key, ())) > 1:
                out.append(Problem(sheet=prod_sheet, value=product, **where,
                                   message=f"企业 {unit} 的产品“{product}”（{year}年）以不同单位（{'、'.join(sorted(units[key]))}）"
                                           f"填了多行，无法按产量分配指标 {ind_id} {ind.name}的权重；请统一单位"))
            elif na and amount.get(key, 0.0) > 0:
                out.append(Problem(sheet=entered, row=uv.entered_rows.get((unit, ind_id)), value=v, **where,
                                   message=f"企业 {unit} 生产“{product}”（{year}年产量 {fmt(amount[key])}），指标 {ind_id} {ind.name}"
                                           "不能填“不适用”；请填写该产品的取值"))
            elif not na and not blank and not amount.get(key, 0.0) > 0:
                out.append(Problem(sheet=prod_sheet, value=unit, **where,
                                   message=f"企业 {unit} 有指标 {ind_id} {ind.name}的取值，但工作表“{prod_sheet}”中没有它 {year} 年的"
                                           f"“{product}”产量：该指标按各产品产量分配权重；请补填产量，或该企业不生产此产品时把取值改为“不适用”"))
    return out
