"""Progress of a project through its standard's stages and steps (``cpaudit status``)."""
from __future__ import annotations

from typing import Any

from cpframework.model import Criterion
from cpframework.project.workbook import SELECTION_TABLE


def _narrative_written(project: Any, stem: str) -> bool:
    from cpframework.project.narrative import narrative_text

    return bool(narrative_text(project.narrative_path(stem)))


def _errors_in(sheet: str, errors: dict[str, int]) -> str | None:
    n = errors.get(sheet, 0)
    return f"工作表“{sheet}”有 {n} 处错误（运行 cpaudit check 查看）" if n else None


def criterion_missing(c: Criterion, std: Any, project: Any, ev: Any, errors: dict[str, int] | None = None) -> str | None:
    """``None`` when the criterion holds, otherwise what is missing (Chinese).  ``errors``: error counts
    per sheet from ``check`` — a step whose table has errors is not done, whatever it holds."""
    errors = errors or {}
    if c.kind in ("table_rows", "items_filled") and c.table in std.tables:
        bad = _errors_in(std.tables[c.table].sheet, errors)
        if bad:
            return bad
    if c.kind == "indicators_evaluated":
        bad = next((_errors_in(t.sheet, errors) for t in std.tables.values() if errors.get(t.sheet)
                    and t.id in {i.table or std.info.indicator_table for ind in std.indicators for i in ind.inputs}), None)
        if bad:
            return bad
    if c.kind == "table_rows":
        data = project.tables.get(c.table)
        sheet = std.tables[c.table].sheet if c.table in std.tables else c.table
        n = len(data.rows) if data is not None else 0
        return None if n >= c.min else f"工作表“{sheet}”至少需 {c.min} 行，现有 {n} 行"
    if c.kind == "items_filled":
        data = project.tables.get(c.table)
        schema = std.tables[c.table]
        wanted = c.items or tuple(i.id for i in schema.items)
        empty = []
        for item_id in wanted:
            row = data.item(item_id) if data is not None else None
            value = row.get("value") if row else None
            if isinstance(value, dict):
                value = value.get(project.manifest.baseline)
            if value is None:
                empty.append(next((i.label for i in schema.items if i.id == item_id), item_id))
        return None if not empty else f"工作表“{schema.sheet}”未填：{'、'.join(empty[:5])}" + ("等" if len(empty) > 5 else "")
    if c.kind == "narrative":
        if _narrative_written(project, c.section):
            return None
        names = getattr(project, "narrative_names", None) or {}   # the file to write: number and title
        return f"叙述文件“{names.get(c.section, (project.narrative_path(c.section).name,))[0]}”尚未撰写"
    if c.kind == "indicators_evaluated":
        missing = [r.indicator.name for r in ev.selected() if r.value is None]
        if SELECTION_TABLE in project.tables and not project.tables[SELECTION_TABLE].present:
            return "尚未填写“指标选择”工作表"
        return None if not missing else f"{len(missing)} 项选用指标无法计算：{'、'.join(missing[:3])}" + ("等" if len(missing) > 3 else "")
    if c.kind == "manifest":
        node: Any = {"subject": project.manifest.subject, "report": project.manifest.report,
                     "options": project.manifest.options, "flags": project.manifest.flags}
        for part in c.key.split("."):
            node = node.get(part) if isinstance(node, dict) else None
        if node not in (None, "", [], {}):
            return None
        section, _, name = c.key.rpartition(".")
        option = next((o for o in std.info.options if o.id == name and o.section == section), None)
        what = f"“{option.label}”（{name} = …）" if option else name
        return f"project.toml 的 [{section or name}] 中未设置{what}" if section else f"project.toml 中未设置 [{name}]"
    if c.kind == "check":
        check = std.status_checks.get(c.check)
        if check is None:
            return f"插件未提供状态检查函数“{c.check}”"
        return check.func(project, ev)
    return f"未知的完成条件类型 {c.kind}"


def project_status(std: Any, project: Any, ev: Any, problems: list[Any] | None = None) -> list[dict[str, Any]]:
    """Stages and steps with what is missing; ``problems`` (from ``check``) keep a step with data errors open."""
    errors: dict[str, int] = {}
    for p in problems or ():
        if p.level == "error" and p.sheet:
            errors[p.sheet] = errors.get(p.sheet, 0) + 1
    stages = []
    for stage in std.stages:
        steps = []
        for step in stage.steps:
            missing = []
            for c in step.done_when:
                why = criterion_missing(c, std, project, ev, errors)
                if why:
                    missing.append(why)
            steps.append({"id": step.id, "clause": step.clause, "title": step.title,
                          "done": not missing and bool(step.done_when), "missing": missing,
                          "criteria": [c.label for c in step.done_when]})
        stages.append({"id": stage.id, "clause": stage.clause, "title": stage.title,
                       "done": all(s["done"] for s in steps), "steps": steps})
    return stages
