"""What the commands do, independent of the CLI: check, evaluate, status."""
from __future__ import annotations

from typing import Any

from cpframework.errors import PluginError, Problem
from cpframework.evaluation.indicators import Evaluation, evaluate_indicators, indicator_problems, selected_ids
from cpframework.project.workbook import SELECTION_TABLE


def selection_problems(std: Any, project: Any) -> list[Problem]:
    """The standard's selection rules (all mandatory selected, ≥ n per group, ≥ n in total)."""
    rules = std.info.selection_rules
    if not rules:
        return []
    chosen = selected_ids(std, project)
    table = project.tables.get(SELECTION_TABLE)
    sheet = table.schema.sheet if table is not None else "指标选择"
    fname = project.manifest.workbook
    rows = {row.get("code"): n for row, n in zip(table.rows, table.sheet_rows)} if table is not None else {}
    out: list[Problem] = []
    known = {i.id for i in std.indicators}
    for code, n in rows.items():
        if code not in known:
            out.append(Problem(file=fname, sheet=sheet, row=n, field="代码", value=code,
                               message=f"未知的指标代码“{code}”"))
    if table is not None and table.present:  # a missing row is never read as "not selected"
        for ind in std.indicators:
            if ind.id not in rows:
                out.append(Problem(file=fname, sheet=sheet, column="代码", field=f"{ind.seq} {ind.name}", value=ind.id,
                                   code="selection",
                                   message=f"缺少指标 {ind.id} 的行：每项指标都须有一行，并在“是否选用”列填写 是/否"))
    for rule in rules:
        clause = f"（{rule.clause}）" if rule.clause else ""
        if rule.kind == "all_mandatory":
            for ind in std.indicators:
                if ind.mandatory and ind.id not in chosen:
                    out.append(Problem(file=fname, sheet=sheet, row=rows.get(ind.id), column="是否选用",
                                       field=f"{ind.seq} {ind.name}", value="否",
                                       message=f"必选指标未选用，必选指标须全部选用{clause}", code="selection"))
        elif rule.kind == "group_min":
            members = [i for i in std.indicators if i.group == rule.group]
            got = [i for i in members if i.id in chosen]
            if len(got) < rule.min:
                names = "、".join(f"{i.seq} {i.name}" for i in members)
                out.append(Problem(file=fname, sheet=sheet, column="是否选用", field=f"选择组 {rule.group}",
                                   value=len(got), code="selection",
                                   message=f"选择组“{rule.group}”（{names}）至少应选用 {rule.min} 项，现选用 {len(got)} 项{clause}"))
        elif rule.kind == "total_min":
            if len(chosen & known) < rule.min:
                out.append(Problem(file=fname, sheet=sheet, column="是否选用", field="选用指标总数",
                                   value=len(chosen & known), code="selection",
                                   message=f"至少应选用 {rule.min} 项指标开展评价，现选用 {len(chosen & known)} 项{clause}"))
    return out


def _plugin_problems(registry: Any, std: Any, project: Any) -> list[tuple[str, Problem]]:
    out: list[tuple[str, Problem]] = []
    for record, result in registry.call_for(std, "cpf_validate_project", standard=std, project=project):
        for p in result or []:
            if isinstance(p, Problem):
                out.append((record.name, p))
            else:
                registry.host.warn(f"{record.who()}的 cpf_validate_project 返回了 {type(p).__name__}，应为 Problem，已忽略")
    return out


def plugin_problems(registry: Any, std: Any, project: Any) -> list[Problem]:
    return [p for _name, p in _plugin_problems(registry, std, project)]


def check_project(registry: Any, std: Any, project: Any) -> tuple[list[Problem], Evaluation]:
    """Every problem at once, each said once where it was typed: the workbook's own messages, the table
    checks (keys, required cells, year series, reconciliation rules), selection rules, plugin checks,
    and whatever evaluating the data found (indicators that cannot be computed or break their bounds,
    problems the plugins' evaluation reported) — so nothing ``evaluate`` or ``report`` would say about
    the data is left unsaid here."""
    from cpframework.evaluation.integrity import table_problems

    from_plugins = _plugin_problems(registry, std, project)  # first: a failing add-on is withdrawn whole
    ev = evaluate_project(registry, std, project)
    problems = list(project.problems) + table_problems(std, project) + selection_problems(std, project)
    problems += [p for name, p in from_plugins if name not in std.excluded]
    problems += indicator_problems(ev, project) + list(ev.problems)
    return consolidate(problems), ev


def consolidate(problems: list[Problem]) -> list[Problem]:
    """One message per fault: identical messages once; a consequence (an indicator that cannot be computed,
    code ``indicator``) of a cell that already has an error is folded into that error's message."""
    out: list[Problem] = []
    seen: set[tuple[Any, ...]] = set()
    root: dict[tuple[str, int], int] = {}
    errors_at = {(p.sheet, p.row, p.field) for p in problems if p.level == "error" and p.code != "required"}
    for p in problems:
        key = (p.file, p.sheet, p.row, p.field or p.column, p.message, p.level)
        if key in seen or (p.code == "required" and (p.sheet, p.row, p.field) in errors_at):
            continue  # said already (the workbook reader reports a blank required cell where it reads it)
        seen.add(key)
        if p.level == "error" and p.code != "indicator" and p.sheet and p.row is not None:
            root.setdefault((p.sheet, p.row), len(out))
        out.append(p)
    folded: list[Problem] = []
    extra: dict[int, list[str]] = {}
    for i, p in enumerate(out):
        at = root.get((p.sheet, p.row)) if p.code == "indicator" and p.row is not None else None
        if at is not None and at != i:
            extra.setdefault(at, []).append(p.field)
            continue
        folded.append(p)
    if extra:
        import attrs

        by_id = {id(out[i]): names for i, names in extra.items()}
        folded = [attrs.evolve(p, message=p.message + f"（因此无法计算：{'、'.join(by_id[id(p)])}）") if id(p) in by_id else p
                  for p in folded]
    return folded


def evaluate_project(registry: Any, std: Any, project: Any) -> Evaluation:
    ev = evaluate_indicators(std, project)
    for record, extra in registry.call_for(std, "cpf_evaluate", standard=std, project=project, evaluation=ev):
        if not extra:
            continue
        for key, value in dict(extra).items():
            if key in ev.extra or key in ("standard", "project", "baseline_year", "indicators", "summary"):
                registry.host.warn(f"{record.who()}的 cpf_evaluate 重复提供了结果键“{key}”，已忽略")
                continue
            ev.extra[key] = value
    return ev


def errors_only(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.level == "error"]


__all__ = ["PluginError", "check_project", "errors_only", "evaluate_project", "selection_problems"]
