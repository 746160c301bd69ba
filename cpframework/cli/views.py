"""Terminal and file views of standards, evaluations and status (rich tables, CSV/XLSX/JSON files)."""
from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cpframework.calc import show_value

LEVEL_STYLE = {"below": "bold red"}


def _table(title: str, columns: list[str]) -> Any:
    from rich.table import Table

    t = Table(title=title, title_justify="left", show_lines=False)
    for c in columns:
        t.add_column(c, overflow="fold")
    return t


def _indicator_json(i: Any) -> dict[str, Any]:
    return {"id": i.id, "seq": i.seq, "category": i.category, "name": i.name, "unit": i.unit,
            "direction": i.direction, "mandatory": i.mandatory, "group": i.group, "weight": i.weight,
            "limiting": i.limiting, "dimension": i.dimension, "formula": i.formula, "clause": i.clause,
            "thresholds": {k: t.show() for k, t in i.thresholds.items()}, "threshold_text": dict(i.threshold_text)}


def _system_json(s: Any) -> dict[str, Any]:
    return {"id": s.id, "title": s.title, "method": s.method, "unit": s.unit, "source": s.source,
            "illustrative": s.illustrative, "industry": s.industry, "industry_codes": list(s.industry_codes),
            "levels": [{"id": lv.id, "label": lv.label} for lv in s.levels],
            "below_level": {"id": s.below_level.id, "label": s.below_level.label},
            "groups": [{"id": g.id, "name": g.name, "weight": g.weight, "dimension": g.dimension} for g in s.groups],
            "level_rules": [{"level": r.level, "score_level": r.score_level, "min_score": r.min_score,
                             "limiting_level": r.limiting_level, "others_level": r.others_level}
                            for r in (s.rules.rules if s.rules else ())],
            "indicators": [_indicator_json(i) for i in s.indicators]}


def standard_json(std: Any) -> dict[str, Any]:
    """Everything ``show --format json`` reports: ids a plugin or add-on author refers to."""
    info = std.info
    return {
        "id": info.id, "code": info.code, "title": info.title, "subject": info.subject,
        "grading": info.grading,
        "levels": [{"id": lv.id, "label": lv.label} for lv in info.levels],
        "below_level": {"id": info.below_level.id, "label": info.below_level.label},
        "flags": [{"id": f.id, "label": f.label, "default": f.default} for f in info.flags],
        "selection_rules": [{"kind": r.kind, "group": r.group, "min": r.min, "clause": r.clause}
                            for r in info.selection_rules],
        "stages": [{"id": s.id, "clause": s.clause, "title": s.title,
                    "steps": [{"id": st.id, "clause": st.clause, "title": st.title,
                               "done_when": [c.label for c in st.done_when]} for st in s.steps]} for s in std.stages],
        "indicators": [_indicator_json(i) for i in std.indicators],
        "systems": [_system_json(s) for sid, s in std.systems.items() if sid],
        "tables": [{"id": t.id, "sheet": t.sheet, "title": t.title, "clause": t.clause, "kind": t.kind,
                    "when": t.when, "key": t.key,
                    "fields": [{"id": f.id, "label": f.label, "unit": f.unit, "type": f.type} for f in t.fields],
                    "items": [{"id": it.id, "label": it.label, "unit": it.unit} for it in t.items]}
                   for t in std.tables.values()],
        "reports": sorted(std.report_kinds),
        "report_kinds": _report_outlines(std),
    }


def show_standard(std: Any, fmt: str, console: Callable[[], Any]) -> None:
    info = std.info
    if fmt == "json":
        print(json.dumps(standard_json(std), ensure_ascii=False, indent=2))
        return
    con = console()
    con.print(f"[bold]{info.code}《{info.title}》[/bold]（{info.id}，{info.version}）")
    if info.description:
        con.print(info.description)
    t = _table("审核阶段与步骤", ["条款", "阶段 / 步骤", "完成标志"])
    for s in std.stages:
        t.add_row(s.clause, f"[bold]{s.title}[/bold]", "")
        for st in s.steps:
            t.add_row(st.clause, "  " + st.title, "；".join(c.label for c in st.done_when))
    con.print(t)
    if std.indicators:
        levels = list(info.levels)
        t = _table("评价指标", ["代码", "分类", "指标", "单位", *[lv.label for lv in levels], "必选/可选"])
        for i in std.indicators:
            t.add_row(i.id, i.category, i.name, i.unit,
                      *[i.thresholds[lv.id].show() if lv.id in i.thresholds else "—" for lv in levels],
                      "必选" if i.mandatory else (f"可选（{i.group}）" if i.group else "可选"))
        con.print(t)
        for rule in info.selection_rules:
            if rule.clause:
                con.print(f"  选择规则：{rule.clause}")
    for sid, system in std.systems.items():
        if sid:
            _show_system(system, std.methods, con)
    t = _table("数据表（工作簿中的工作表）", ["工作表", "内容", "条款", "条件"])
    for tab in std.tables.values():
        t.add_row(tab.sheet, tab.title, tab.clause, f"标志 {tab.when}" if tab.when else "")
    con.print(t)
    if std.report_kinds:
        con.print("报告类型：" + "、".join(f"{k}（{getattr(v, 'title', k)}）" for k, v in std.report_kinds.items()))


def _show_system(system: Any, methods: dict[str, Any], con: Any) -> None:
    from cpframework.calc import fmt

    levels = list(system.levels)
    method = methods.get(system.method)
    title = f"评价指标体系 {system.id}：{system.title}（{method.title if method else system.method}）"
    t = _table(title, ["代码", "一级指标（权重）", "二级指标", "单位", "权重", *[lv.label for lv in levels]])
    for i in system.indicators:
        g = system.group_of(i)
        wording = [i.threshold_text.get(lv.id) or (i.thresholds[lv.id].show() if lv.id in i.thresholds else "—")
                   for lv in levels]
        if i.direction == "level":
            wording = [i.threshold_text.get(lv.id) or lv.label for lv in levels]
        t.add_row(i.id + ("*" if i.limiting else ""), f"{i.category}（{fmt(g.weight)}）" if g else i.category, i.name,
                  i.unit, fmt(i.weight) if i.weight is not None else "—", *wording)
    con.print(t)
    notes = ["*为限定性指标"] + ([f"来源：{system.source}"] if system.source else [])
    con.print("  " + "；".join(notes))


def _report_outlines(std: Any) -> list[dict[str, Any]]:
    """Each report kind's outline nodes (id, title, number with the flags' defaults, renderer …):
    where an add-on can insert a section (``cpf_outline_insertions``)."""
    from cpframework.report.outline import outline_summary

    flags = {f.id: f.default for f in std.info.flags}
    return [outline_summary(kind, flags) for kind in std.report_kinds.values()]


def print_evaluation(std: Any, project: Any, ev: Any, console: Callable[[], Any]) -> None:
    con = console()
    levels = list(std.info.levels)
    con.print(f"[bold]{project.name}[/bold] — {std.info.code}《{std.info.title}》，审核基准期 {ev.baseline_year} 年")
    if not ev.selected():  # the standard evaluates through its plugin's own views (cpf_evaluate)
        _print_extra(ev, con)
        return
    t = _table("指标评价", ["序号", "分类", "指标", "现状值", *[lv.label for lv in levels], "级别", "差距"])
    for r in ev.selected():
        ind = r.indicator
        value = r.error and "[red]无法计算[/red]" or show_value(r.value, ind.unit)
        level = f"[{LEVEL_STYLE.get(r.level or '', 'green')}]{r.level_label}[/]" if r.level else "—"
        t.add_row(str(ind.seq), _plain(ind.category), _plain(ind.name), value,
                  *[ind.thresholds[lv.id].show() if lv.id in ind.thresholds else "—" for lv in levels],
                  level, _plain(r.gap_text))
    con.print(t)
    s = ev.summary
    counts = "，".join(f"{k} {v} 项" for k, v in s.get("levels", {}).items())
    con.print(f"选用 {s.get('selected')} 项，已计算 {s.get('evaluated')} 项：{counts}")
    boards = [r for r in ev.selected() if r.short_board]
    if boards:
        con.print("[bold red]短板指标（审核重点选取依据）：[/bold red]" + "；".join(
            f"{r.indicator.seq} {r.indicator.name}（{r.gap_text}）" for r in boards))
    for r in ev.selected():
        if r.error:
            con.print(f"[red]指标 {r.indicator.seq} {r.indicator.name}：{r.error}[/red]")
    _print_extra(ev, con)


def _is_view(value: Any) -> bool:
    return isinstance(value, dict) and {"title", "columns", "rows"} <= set(value)


def _print_extra(ev: Any, con: Any) -> None:
    """Plugins show their own results by returning, from ``cpf_evaluate``, values shaped
    ``{"title": str, "columns": [str], "rows": [[...]], "note": str?}`` (or lists of them)."""
    for value in ev.extra.values():
        for view in (value if isinstance(value, list) else [value]):
            if _is_view(view):
                t = _table(view["title"], [str(c) for c in view["columns"]])
                for row in view["rows"]:
                    t.add_row(*[_plain(show_value(c) if not isinstance(c, str) else c) for c in row])
                con.print(t)
                if view.get("note"):
                    con.print(view["note"])
    targets = ev.extra.get("targets")
    if targets:
        t = _table("清洁生产目标", ["序号", "指标", "单位", "现状值", "近期", "中期", "远期", "近期目标级别", "检查"])
        for row in targets:
            t.add_row(str(row.get("seq") or ""), str(row.get("name")), str(row.get("unit") or ""),
                      show_value(row.get("current")), show_value(row.get("near")), show_value(row.get("mid")),
                      show_value(row.get("long")), row.get("near_level") or "",
                      _plain("；".join(row.get("findings", []))) or "✓")
        con.print(t)


def _plain(text: str) -> str:
    """Data text shown as typed: “[options]” is a setting's section, not rich's markup."""
    from rich.markup import escape

    return escape(text)


def print_status(project: Any, std: Any, stages: list[dict[str, Any]], console: Callable[[], Any]) -> None:
    con = console()
    con.print(f"[bold]{project.name}[/bold] — {std.info.code}《{std.info.title}》审核进度")
    t = _table("阶段与步骤", ["条款", "阶段 / 步骤", "状态", "还缺什么"])
    done_steps = total = 0
    for s in stages:
        t.add_row(s["clause"], f"[bold]{s['title']}[/bold]", "[green]完成[/green]" if s["done"] else "进行中", "")
        for st in s["steps"]:
            total += 1
            done_steps += st["done"]
            t.add_row(st["clause"], "  " + st["title"], "[green]✓ 完成[/green]" if st["done"] else "[yellow]未完成[/yellow]",
                      _plain("；".join(st["missing"])))
    con.print(t)
    con.print(f"已完成 {done_steps}/{total} 个步骤。")


def export_evaluation(ev: Any, fmt: str, output: Path, *, force: bool, folders: tuple | list = ()) -> None:
    """Write the evaluation table as JSON/CSV/XLSX — atomically, never over a file without ``force``,
    never inside ``folders`` (the project)."""
    from cpframework.io.safe_write import atomic_output, check_output, dumps_json, safe_cell

    output = Path(output)
    check_output(output, force, folders=folders)
    rows = []
    for r in ev.indicators:
        d = r.as_dict()
        rows.append({"代码": d["id"], "序号": d["seq"], "分类": d["category"], "指标": d["name"], "单位": d["unit"],
                     "是否选用": "是" if d["selected"] else "否", "必选": "是" if d["mandatory"] else "否",
                     "现状值": d["value"], "级别": d["level_label"],
                     **{f"阈值-{k}": v for k, v in d["thresholds"].items()},
                     "差距": d["gap_text"], "计算过程": "；".join(r.trace.lines()) if r.trace else (d["error"] or "")})
    with atomic_output(output, overwrite=force) as tmp:
        if fmt == "json":
            tmp.write_text(dumps_json(ev.as_dict()), encoding="utf-8")
        elif fmt == "csv":
            import csv

            with tmp.open("w", encoding="utf-8-sig", newline="") as fh:
                keys = list(dict.fromkeys(k for row in rows for k in row))
                w = csv.DictWriter(fh, fieldnames=keys)
                w.writeheader()
                for row in rows:
                    w.writerow({k: safe_cell(v) for k, v in row.items()})
        else:
            from openpyxl import Workbook

            wb = Workbook()
            ws = wb.active
            ws.title = "指标评价"
            keys = list(dict.fromkeys(k for row in rows for k in row))
            ws.append([safe_cell(k) for k in keys])
            for row in rows:
                ws.append([safe_cell(row.get(k)) for k in keys])
            wb.save(tmp)


def plugin_rows(reg: Any) -> list[dict[str, Any]]:
    """Every discovered plugin with its status, hooks, the standards it owns and those it extends, and
    ``notes``: what is wrong with what it contributes (a refused standard, a conflict, a withdrawn add-on)."""
    from cpframework.errors import CpfError

    owned: dict[str, list[str]] = {}
    extends: dict[str, set[str]] = {}
    notes: dict[str, list[str]] = {}
    for std_id, claims in reg.claims().items():
        for _info, rec in claims:
            owned.setdefault(rec.name, []).append(std_id)
        if len(claims) > 1:
            for _info, rec in claims:
                others = "、".join(r.who() for _i, r in claims if r is not rec)
                notes.setdefault(rec.name, []).append(
                    f"标准“{std_id}”也由{others}声明：未在项目 project.toml 中用 provider 指定时拒绝使用")
            continue
        owner = claims[0][1]
        try:
            std = reg.standard(std_id)
        except CpfError as exc:
            if owner.status == "ok":  # a failed owner already shows its root cause as its status
                notes.setdefault(owner.name, []).append(str(exc))
            continue
        for name in set(std.sources.values()) - {owner.name, "cpframework"}:
            extends.setdefault(name, set()).add(std_id)
        for name, message in std.dropped.items():
            notes.setdefault(name, []).append(message)
    return [{"name": r.name, "dist": r.dist, "version": r.version, "status": r.status, "error": r.error or None,
             "notes": notes.get(r.name, []), "hooks": r.hooks, "standards": owned.get(r.name, []),
             "extends": sorted(extends.get(r.name, ()))}
            for r in reg.host.records.values()]


def print_plugins(rows: list[dict[str, Any]], api: int, console: Callable[[], Any]) -> None:
    """The plugin table; a failed plugin's root cause is its status, other problems follow the table."""
    con = console()
    t = _table(f"插件（插件接口版本 {api}）", ["名称", "发行包", "版本", "状态", "拥有的标准", "扩展的标准", "钩子"])
    status_text = {"ok": "正常", "failed": "加载失败", "blocked": "已屏蔽"}
    for r in rows:
        state = status_text.get(r["status"], r["status"]) + (f"：{r['error']}" if r["error"] else "")
        if r["notes"] and r["status"] == "ok":
            state = "有问题（见表下）"
        t.add_row(r["name"], r["dist"], r["version"], state, "、".join(r["standards"]), "、".join(r["extends"]),
                  ", ".join(r["hooks"]))
    con.print(t)
    for r in rows:
        if r["notes"]:
            who = f"插件“{r['name']}”" + (f"（{r['dist']} {r['version']}）" if r["dist"] else "")
            con.print(f"[yellow]{who}：[/yellow]")
            for note in r["notes"]:
                con.print(f"  • {note}", markup=False)
