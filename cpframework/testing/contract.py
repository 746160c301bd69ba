"""The contract every standard must meet, whichever plugin provides it.

:func:`check_standard` takes an assembled standard (``Registry.standard(id)``) and returns a list of
Chinese messages, one per broken rule (empty when the standard is sound).  The rules:

1. **formulas** — every indicator's ``formula`` is declared; every formula a plugin declares *for
   this standard* is used by at least one indicator (the core's generic formulas are exempt);
2. **thresholds** — level ids exist; thresholds are monotone in the indicator's direction (the better
   level is stricter) and their operators fit the direction (``higher`` → ``>=``/``>``,
   ``lower`` → ``<=``/``<``, ``yes`` → yes/no, ``zero`` → ``==``/``<=``);
3. **report sections** — every outline node, including nodes add-ons insert (named in the message), has
   content or a placeholder: a renderer that exists, a ``requirement`` text (shown as a placeholder until
   the narrative is written) or child sections;
   every renderer the standard declares is used by an outline node or an inner cover;
4. **tables** — every table schema is used: by an indicator input, a ``done_when`` criterion, or a
   renderer / status check that declares it (``func.uses = ("team", "plan")``, see :func:`uses`);
5. **steps** — every ``done_when`` criterion points at something that exists (table, items, narrative
   section of some report outline, status check); every step has at least one criterion;
6. **selection rules** — every ``group_min`` group has at least ``min`` members;
7. **package data** — the standard has stages, tables and a report kind, and the owner's data files
   are reachable through :mod:`importlib.resources` (a wheel built without its ``package-data``
   would otherwise load a standard with silently missing parts).

Before the rules, the root causes: an add-on withdrawn from the standard because it failed is reported
first (``[plugins]``), and :func:`assert_standard_ok` reports a standard that cannot be assembled (its
plugin failed to import, a data file has a syntax error, two plugins declare its id) with the cause
only, not with the knock-on errors it would cause.

Plugin authors run it in their tests with :func:`assert_standard_ok`.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from importlib import resources
from typing import Any

NUMERIC_OPS = {"higher": {">=", ">"}, "lower": {"<=", "<"}, "yes": {"is"}, "zero": {"==", "<=", "<"}}
DATA_FILES = ("standard.toml", "stages.toml", "tables.toml")


def uses(*table_ids: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Declare which data tables a renderer or status check reads (for the "every table is used" rule)::

        @uses("team", "plan")
        def team_table(ctx, w): ...

    Equivalent to setting ``team_table.uses = ("team", "plan")``.
    """
    def mark(func: Callable[..., Any]) -> Callable[..., Any]:
        func.uses = tuple(getattr(func, "uses", ())) + table_ids  # type: ignore[attr-defined]
        return func
    return mark


def _declared_uses(funcs: Iterable[Callable[..., Any]]) -> set[str]:
    out: set[str] = set()
    for f in funcs:
        declared = getattr(f, "uses", ())
        out.update([declared] if isinstance(declared, str) else declared)
    return out


def check_formulas(std: Any) -> list[str]:
    errs = []
    used = {ind.formula for ind in std.indicators if ind.formula}
    used |= {ind.formula for system in getattr(std, "systems", {}).values() for ind in system.indicators if ind.formula}
    for ind in std.indicators:
        if ind.formula and ind.formula not in std.formulas:
            errs.append(f"指标 {ind.id} 引用的公式“{ind.formula}”不存在")
    for name, f in std.formulas.items():
        if f.standard == std.id and name not in used:
            errs.append(f"公式“{name}”已声明但没有任何指标使用（删除它，或在 indicators.toml 中引用它）")
    return errs


def check_thresholds(std: Any) -> list[str]:
    errs = []
    level_ids = [lv.id for lv in std.info.levels]
    for ind in std.indicators:
        for lv, thr in ind.thresholds.items():
            if lv not in level_ids:
                errs.append(f"指标 {ind.id} 的阈值级别“{lv}”不在标准的级别 {level_ids} 中")
            elif thr.op not in NUMERIC_OPS.get(ind.direction, set()):
                errs.append(f"指标 {ind.id} 的“{lv}”阈值 {thr.show()} 与方向“{ind.direction}”不符"
                            f"（应使用 {'/'.join(sorted(NUMERIC_OPS[ind.direction]))}）")
        ordered = [(lv, ind.thresholds[lv]) for lv in level_ids if lv in ind.thresholds]
        numeric = [(lv, t) for lv, t in ordered if t.op != "is"]
        for (better, tb), (worse, tw) in zip(numeric, numeric[1:]):
            b, w = float(tb.value), float(tw.value)
            if (ind.direction == "higher" and b < w) or (ind.direction in ("lower", "zero") and b > w):
                errs.append(f"指标 {ind.id} 的阈值不单调：较高级别“{better}”{tb.show()}比“{worse}”{tw.show()}更宽松"
                            f"（方向 {ind.direction}）")
        if not ind.thresholds and ind.formula:
            errs.append(f"指标 {ind.id} 没有任何级别的阈值，无法分级")
    return errs


def _outline_nodes(std: Any) -> list[tuple[str, Any]]:
    return [(kind_id, node) for kind_id, kind in std.report_kinds.items() for _d, node in kind.iter_nodes()]


def check_report(std: Any) -> list[str]:
    errs = []
    used: set[str] = set()
    for kind_id, node in _outline_nodes(std):
        where = f"报告“{kind_id}”的章节“{node.id}”（{node.title}）"
        inserted_by = std.providers.get(("outline", f"{kind_id}/{node.id}"))  # cpf_outline_insertions
        if inserted_by:
            where += f"（由{inserted_by}插入）"
        if node.renderer:
            used.add(node.renderer)
            if node.renderer not in std.renderers:
                errs.append(f"{where}指定的渲染函数“{node.renderer}”未由任何插件提供")
        if not (node.renderer or node.requirement or node.children or node.type == "appendix"):
            errs.append(f"{where}既无渲染函数，也无 requirement 要求文字或下级章节：报告中会是空白")
    for kind_id, kind in std.report_kinds.items():
        for inner in kind.inner_covers:
            for item in inner.items:
                if item.type == "renderer":
                    used.add(item.name)
                    if item.name not in std.renderers:
                        errs.append(f"报告“{kind_id}”内封“{inner.id}”指定的渲染函数“{item.name}”未由任何插件提供")
    for name in std.renderers:
        if name not in used:
            errs.append(f"渲染函数“{name}”已声明但没有任何报告章节使用")
    return errs


def check_tables(std: Any) -> list[str]:
    used: set[str] = set()
    for ind in std.indicators:
        for inp in ind.inputs:
            if not inp.flag:
                used.add(inp.table or std.info.indicator_table)
    for stage in std.stages:
        for step in stage.steps:
            used.update(c.table for c in step.done_when if c.table)
    used |= _declared_uses(r.func for r in std.renderers.values())
    used |= _declared_uses(c.func for c in std.status_checks.values())
    return [f"数据表“{t}”（{s.title}）没有被任何指标、步骤完成条件或声明了 uses 的渲染函数/状态检查使用"
            for t, s in std.tables.items() if t not in used]


def check_steps(std: Any) -> list[str]:
    errs = []
    narratives = {node.narrative_stem for _k, node in _outline_nodes(std)}
    stage_orders: dict[int, str] = {}
    for stage in std.stages:
        if stage.order in stage_orders:
            errs.append(f"阶段“{stage.id}”与“{stage_orders[stage.order]}”的 order 相同（{stage.order}）")
        stage_orders[stage.order] = stage.id
        if not stage.steps:
            errs.append(f"阶段“{stage.id}”没有步骤")
        for step in stage.steps:
            where = f"步骤 {stage.id}/{step.id}（{step.clause} {step.title}）"
            if not step.done_when:
                errs.append(f"{where}没有完成条件（done_when），status 永远显示未完成")
            for c in step.done_when:
                if c.kind in ("table_rows", "items_filled"):
                    schema = std.tables.get(c.table)
                    if schema is None:
                        errs.append(f"{where}的完成条件引用了不存在的数据表“{c.table}”")
                        continue
                    missing = set(c.items) - {i.id for i in schema.items}
                    if missing:
                        errs.append(f"{where}的完成条件引用了数据表“{c.table}”中不存在的数据项 {sorted(missing)}")
                elif c.kind == "narrative" and c.section not in narratives:
                    errs.append(f"{where}的完成条件要求叙述“{c.section}”，但没有任何报告章节以它为叙述文件")
                elif c.kind == "check" and c.check not in std.status_checks:
                    errs.append(f"{where}的完成条件引用了不存在的状态检查函数“{c.check}”")
                elif c.kind == "manifest" and not c.key:
                    errs.append(f"{where}的 manifest 完成条件缺少 key")
    return errs


def check_selection(std: Any) -> list[str]:
    errs = []
    for rule in std.info.selection_rules:
        if rule.kind == "group_min":
            members = [i for i in std.indicators if i.group == rule.group]
            if len(members) < rule.min:
                errs.append(f"选择规则：组“{rule.group}”只有 {len(members)} 项指标，却要求至少选 {rule.min} 项")
    return errs


def _owner_package(std: Any) -> str:
    """The import package holding the owner's data files (a plugin module's package, or the package a
    :class:`~cpframework.host.plugin.DataPlugin` was created for)."""
    import importlib

    name = (std.info.plugin or std.owner.module or "").split(":")[0]
    try:
        mod = importlib.import_module(name)
    except ImportError:
        return name
    return name if hasattr(mod, "__path__") else (mod.__package__ or name)


def check_package_data(std: Any) -> list[str]:
    errs = []
    for what, present in (("阶段（stages.toml）", std.stages), ("数据表（tables.toml）", std.tables),
                          ("报告类型（reports/*.toml）", std.report_kinds)):
        if not present:
            errs.append(f"标准没有{what}：数据文件缺失，或未在 package-data 中声明")
    package = _owner_package(std)
    try:
        root = resources.files(package)
    except (ModuleNotFoundError, TypeError, ValueError) as exc:
        return errs + [f"无法通过 importlib.resources 打开插件包“{package}”：{exc}"]
    data = root / "data"
    if not (data / "standard.toml").is_file():
        return errs  # not a data-file plugin (standard declared in Python): nothing more to check
    for name in DATA_FILES:
        if not (data / name).is_file():
            errs.append(f"已安装的包“{package}”中缺少 data/{name}（检查 pyproject 的 package-data）")
    if std.report_kinds and not (data / "reports").is_dir():
        errs.append(f"已安装的包“{package}”中缺少 data/reports/（检查 pyproject 的 package-data）")
    return errs


RULES: tuple[Callable[[Any], list[str]], ...] = (
    check_formulas, check_thresholds, check_report, check_tables, check_steps, check_selection, check_package_data,
)


def check_standard(std: Any) -> list[str]:
    """Every broken contract rule of the assembled standard ``std`` (empty list: all good)."""
    out = [f"[plugins] {message}" for message in getattr(std, "dropped", {}).values()]
    for rule in RULES:
        out.extend(f"[{rule.__name__.removeprefix('check_')}] {msg}" for msg in rule(std))
    return out


def assert_standard_ok(standard_id: str, registry: Any = None) -> Any:
    """Assemble ``standard_id`` (from the installed plugins unless ``registry`` is given), assert that it
    loads without plugin warnings and meets the contract; return the assembled standard."""
    from cpframework.errors import CpfError, UsageError
    from cpframework.host.manager import create_host
    from cpframework.host.registry import Registry

    reg = registry or Registry(create_host())
    try:
        std = reg.standard(standard_id)
    except UsageError as exc:  # nothing declares it, and no failed plugin looks like its provider
        raise AssertionError(f"标准“{standard_id}”未注册；插件是否已安装（pip install .）？\n{exc}") from None
    except CpfError as exc:  # the root cause: a failed import, a data file with a syntax error, a conflict …
        raise AssertionError(str(exc)) from None
    related = [w for w in reg.warnings if standard_id in w or std.owner.name in w]
    assert not related, "加载标准时有插件警告：\n  " + "\n  ".join(related)
    problems = check_standard(std)
    assert not problems, f"标准“{standard_id}”不满足契约：\n  " + "\n  ".join(problems)
    return std
