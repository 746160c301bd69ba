"""Assembling standards from the records all plugins declared, with the checks that keep a broken
or conflicting definition from reaching a user unnoticed (what a failure or a conflict means is
decided in :mod:`cpframework.host.failures`)."""
from __future__ import annotations

import difflib
from typing import Any

import attrs

from cpframework.errors import CpfError, PluginError, UsageError
from cpframework.host import failures
from cpframework.host.failures import KIND_LABEL
from cpframework.host.manager import PluginHost, PluginRecord, create_host, strict_mode
from cpframework.model import (
    CheckRule,
    FlagDef,
    Formula,
    GradingMethod,
    Indicator,
    IndicatorSystem,
    Screener,
    SectionRenderer,
    Stage,
    StandardInfo,
    StatusCheck,
    TableSchema,
    flag_on,
)


@attrs.define
class AssembledStandard:
    """Everything one standard is made of, from all the plugins that contributed to it."""

    info: StandardInfo
    owner: PluginRecord
    stages: list[Stage] = attrs.field(factory=list)
    indicators: list[Indicator] = attrs.field(factory=list)
    tables: dict[str, TableSchema] = attrs.field(factory=dict)
    formulas: dict[str, Formula] = attrs.field(factory=dict)
    report_kinds: dict[str, Any] = attrs.field(factory=dict)
    renderers: dict[str, SectionRenderer] = attrs.field(factory=dict)
    status_checks: dict[str, StatusCheck] = attrs.field(factory=dict)
    systems: dict[str, IndicatorSystem] = attrs.field(factory=dict)
    methods: dict[str, GradingMethod] = attrs.field(factory=dict)
    check_rules: dict[str, CheckRule] = attrs.field(factory=dict)
    providers: dict[tuple[str, str], str] = attrs.field(factory=dict)
    sources: dict[tuple[str, str], str] = attrs.field(factory=dict)  # (kind, id) → plugin name
    excluded: set[str] = attrs.field(factory=set)  # plugins left out: rival claimants, failed add-ons
    dropped: dict[str, str] = attrs.field(factory=dict)  # add-on → why all its contributions were withdrawn
    addon_flags: dict[str, FlagDef] = attrs.field(factory=dict)  # declared by add-ons (also in info.flags)
    switched_off: list[Indicator] = attrs.field(factory=list)  # indicators for_project() left out
    view_flags: dict[str, bool] | None = None  # the project flags a for_project() view applies (None: whole standard)

    @property
    def id(self) -> str:
        return self.info.id

    @property
    def main_system(self) -> IndicatorSystem:
        """The standard's own indicators as a system (id ``""``), graded by ``info.grading``."""
        return self.systems[""]

    def system(self, system_id: str = "") -> IndicatorSystem:
        if system_id not in self.systems:
            known = "、".join(s.id or "（本标准指标）" for s in self.systems.values())
            close = difflib.get_close_matches(system_id, [s for s in self.systems if s], n=1)
            raise UsageError(f"标准 {self.id} 没有评价指标体系“{system_id}”" + (f"，是否想写“{close[0]}”？" if close else "")
                             + f"；可用：{known}")
        return self.systems[system_id]

    def indicator(self, ind_id: str) -> Indicator:
        for ind in self.indicators:
            if ind.id == ind_id:
                return ind
        raise KeyError(ind_id)

    def visible_tables(self, flags: dict[str, bool]) -> list[TableSchema]:
        return [t for t in self.tables.values() if flag_on(flags, t.when)]

    def opt_in_flag(self, record: Any) -> str:
        """The add-on flag a table/indicator/stage is gated by (``when`` names it), or ``""``."""
        when = (getattr(record, "when", "") or "").strip()
        return when if when in self.addon_flags else ""

    def for_project(self, flags: dict[str, bool]) -> AssembledStandard:
        """This standard as it applies to a project with these ``[flags]``: indicators and stages whose
        ``when`` does not hold are left out (tables stay; the workbook reader and ``upgrade`` decide by
        ``when``).  Returns ``self`` when nothing is left out."""
        indicators = [i for i in self.indicators if flag_on(flags, i.when)]
        stages = [s for s in self.stages if flag_on(flags, s.when)]
        if len(indicators) == len(self.indicators) and len(stages) == len(self.stages):
            return self
        off = [i for i in self.indicators if not flag_on(flags, i.when)]
        view = attrs.evolve(self, indicators=indicators, stages=stages, switched_off=off, view_flags=dict(flags))
        view.systems = {**self.systems, "": attrs.evolve(self.systems[""], indicators=tuple(indicators))}
        return view


def _check_indicator(ind: Indicator, std: AssembledStandard) -> list[str]:
    errs = []
    if ind.formula and ind.formula not in std.formulas:
        close = difflib.get_close_matches(ind.formula, list(std.formulas), n=1)
        errs.append(f"指标 {ind.id} 引用的公式“{ind.formula}”不存在" + (f"（是否想写“{close[0]}”？）" if close else ""))
    level_ids = [lv.id for lv in std.info.levels]
    for lv in ind.thresholds:
        if lv not in level_ids:
            errs.append(f"指标 {ind.id} 的阈值级别“{lv}”不在标准定义的级别 {level_ids} 中")
    numeric = [(lv, ind.thresholds[lv]) for lv in level_ids if lv in ind.thresholds and ind.thresholds[lv].op != "is"]
    for (better, tb), (worse, tw) in zip(numeric, numeric[1:]):
        if ind.direction == "higher" and float(tb.value) < float(tw.value):
            errs.append(f"指标 {ind.id} 的阈值不单调：{better} {tb.show()} 低于 {worse} {tw.show()}（方向为越高越好）")
        if ind.direction == "lower" and float(tb.value) > float(tw.value):
            errs.append(f"指标 {ind.id} 的阈值不单调：{better} {tb.show()} 高于 {worse} {tw.show()}（方向为越低越好）")
    for inp in ind.inputs:
        table = inp.table or std.info.indicator_table
        if inp.flag:
            if inp.flag not in {f.id for f in std.info.flags}:
                errs.append(f"指标 {ind.id} 的输入 {inp.arg} 引用了未声明的项目标志“{inp.flag}”")
            continue
        schema = std.tables.get(table)
        if schema is None:
            errs.append(f"指标 {ind.id} 的输入 {inp.arg} 引用了不存在的数据表“{table}”")
            continue
        item_ids = {it.id for it in schema.items}
        for item in ([inp.item] if inp.item else []) + list(inp.items):
            if item not in item_ids:
                close = difflib.get_close_matches(item, list(item_ids), n=1)
                errs.append(f"指标 {ind.id} 的输入 {inp.arg} 引用了数据表“{table}”中不存在的数据项“{item}”"
                            + (f"（是否想写“{close[0]}”？）" if close else ""))
    return errs


_UNGATED = ("附加插件为别人的标准增加的{what}必须用 when 指定附加插件自己的项目标志（{flags}），"
            "这样安装附加插件不会改变已有项目")


def _flag_list(std: AssembledStandard) -> str:
    return "可用：" + "、".join(std.addon_flags) if std.addon_flags else "先用 cpf_flags 声明一个"


def _ungated(std: AssembledStandard, owner: PluginRecord) -> list[tuple[str, str]]:
    """(plugin, message) for every add-on table, indicator or stage not gated by an add-on flag: installing
    an add-on must never change a project that has not switched it on (``when`` names the flag)."""
    out = []
    for kind, what, records in (("table", "数据表", list(std.tables.values())), ("indicator", "指标", std.indicators),
                                ("stage", "阶段", std.stages)):
        for record in records:
            source = std.sources.get((kind, record.id), owner.name)
            if source != owner.name and not std.opt_in_flag(record):
                out.append((source, f"{what} {record.id}：" + _UNGATED.format(what=what, flags=_flag_list(std))))
    return out


def main_system(std: AssembledStandard) -> IndicatorSystem:
    """The standard's own indicators as a system graded by ``StandardInfo.grading``."""
    info = std.info
    rules = None
    if info.grading == "weighted_score":
        from cpframework.calc.grading import load_level_rules

        rules = load_level_rules(info.level_rules)
    return IndicatorSystem(standard=info.id, id="", title=f"{info.title}评价指标", method=info.grading,
                           levels=info.levels, below_level=info.below_level, groups=info.groups, rules=rules,
                           indicators=tuple(std.indicators), unit={"park": "园区", "enterprise": "企业"}.get(info.subject, ""),
                           source=f"{info.code}《{info.title}》")


class Registry:
    """The standards available in this environment (typed facade over the plugin host)."""

    def __init__(self, host: PluginHost):
        self.host = host
        self._claims: dict[str, list[tuple[StandardInfo, PluginRecord]]] | None = None
        self._broken: dict[tuple[str, str], str] = {}
        self._assembled: dict[tuple[str, str], AssembledStandard] = {}
        self._collected: dict[str, list[tuple[PluginRecord, Any]]] = {}
        self._failures: dict[str, list[str]] = {}  # plugin name → root causes of its failed declarations
        self._unowned: set[str] = set()  # plugins whose cpf_standards failed: what they own is unknown
        self._methods: dict[str, GradingMethod] | None = None
        self._screeners: dict[str, Screener] | None = None

    @property
    def warnings(self) -> list[str]:
        return self.host.warnings

    # ------------------------------------------------------------------ declarations (called once)
    def _collect(self, hook: str) -> list[tuple[PluginRecord, Any]]:
        """Every record declared through the registration hook ``hook``, from one call per registry.
        A plugin whose declaration raises is marked failed with the root cause (what the failure
        means for each standard is decided when that standard is assembled)."""
        if hook not in self._collected:
            def failed(rec: PluginRecord, name: str, exc: BaseException) -> None:
                cause = failures.cause_text(name, exc)
                causes = self._failures.setdefault(rec.name, [])
                if cause not in causes:  # a broken standard.toml fails every hook of a DataPlugin alike
                    causes.append(cause)
                if name == "cpf_standards":
                    self._unowned.add(rec.name)
                if rec.status == "ok":
                    rec.status, rec.error = "failed", cause
                if strict_mode() or name == "cpf_standards":  # it is then unknown what the plugin owns
                    self.host.warn(failures.registration_failed(rec, cause))

            self._collected[hook] = [(rec, item) for rec, items in self.host.call_each(hook, on_error=failed)
                                     for item in (items or [])]
        return self._collected[hook]

    def claims(self) -> dict[str, list[tuple[StandardInfo, PluginRecord]]]:
        """Every standard id with the plugins declaring it (more than one: a conflict)."""
        if self._claims is None:
            self._claims = {}
            for rec, info in self._collect("cpf_standards"):
                if not isinstance(info, StandardInfo):
                    self.host.warn(f"{rec.who()}的 cpf_standards 返回了 {type(info).__name__}，应为 StandardInfo，已忽略")
                    continue
                claims = self._claims.setdefault(info.id, [])
                if any(r is rec for _i, r in claims):
                    self.host.warn(f"{rec.who()}两次声明了标准“{info.id}”，只用第一次的声明")
                    continue
                claims.append((info, rec))
        return self._claims

    def infos(self) -> dict[str, tuple[StandardInfo, PluginRecord]]:
        """The standards declared by exactly one plugin (see :meth:`conflicts` for the others)."""
        return {std_id: c[0] for std_id, c in self.claims().items() if len(c) == 1}

    def conflicts(self) -> dict[str, list[tuple[StandardInfo, PluginRecord]]]:
        """Standard ids declared by several plugins: refused unless a project pins its provider."""
        return {std_id: c for std_id, c in self.claims().items() if len(c) > 1}

    def standards(self) -> list[StandardInfo]:
        return [info for info, _ in self.infos().values()]

    def grading_methods(self) -> dict[str, GradingMethod]:
        """Every grading method declared by any plugin (the core's built-in ones included), by id."""
        if self._methods is None:
            self._methods = {}
            for rec, m in self._collect("cpf_grading_methods"):
                if not isinstance(m, GradingMethod):
                    self.host.warn(f"{rec.who()}的 cpf_grading_methods 返回了 {type(m).__name__}，应为 GradingMethod，已忽略")
                elif m.id in self._methods:
                    self.host.warn(f"评价方法“{m.id}”被重复声明（{rec.who()}），忽略后者")
                else:
                    self._methods[m.id] = m
        return self._methods

    def screener(self, std_id: str) -> Screener | None:
        """The screener of a standard (``cpf_screeners``), or ``None``; collected only when asked for."""
        if self._screeners is None:
            self._screeners = {}
            for rec, s in self._collect("cpf_screeners"):
                if not isinstance(s, Screener):
                    self.host.warn(f"{rec.who()}的 cpf_screeners 返回了 {type(s).__name__}，应为 Screener，已忽略")
                elif s.standard in self._screeners:
                    self.host.warn(f"标准“{s.standard}”的批量筛查被重复声明（{rec.who()}），忽略后者")
                else:
                    self._screeners[s.standard] = s
        return self._screeners.get(std_id)

    # ------------------------------------------------------------------ selecting a standard
    def standard(self, std_id: str, provider: str = "") -> AssembledStandard:
        """The assembled standard ``std_id``; ``provider`` (a distribution name, the project's
        ``provider`` key) chooses between plugins declaring the same id and must match otherwise."""
        claims = self.claims().get(std_id)
        if not claims:
            raise self._unknown(std_id, provider)
        info, owner = failures.choose(std_id, claims, provider)
        key = (std_id, owner.name)
        if key in self._assembled:
            return self._assembled[key]
        if key in self._broken:
            raise PluginError(self._broken[key])
        try:
            std = self._build(info, owner, {rec.name for _i, rec in claims if rec is not owner})
        except CpfError as exc:
            self._broken[key] = str(exc)
            raise
        for message in std.dropped.values():
            self.host.warn(message)
        self._assembled[key] = std
        return std

    def _unknown(self, std_id: str, provider: str) -> CpfError:
        return failures.unknown_standard(std_id, provider, list(self.host.records.values()), sorted(self.claims()))

    def _build(self, info: StandardInfo, owner: PluginRecord, excluded: set[str]) -> AssembledStandard:
        """Assemble ``info``, leaving out ``excluded`` plugins and every add-on that fails (all of its
        contributions at once, re-assembling until none fails).  The owner failing is an error whose
        message is the root cause, not the knock-on errors it caused."""
        excluded = set(excluded)
        reasons: dict[str, list[str]] = {}
        while True:
            before = set(excluded)
            addon_errors: dict[str, list[str]] = {}
            try:
                std, error = self._assemble(info, owner, excluded, addon_errors), None
            except PluginError as exc:
                std, error = None, exc
            if owner.name in self._failures:
                raise failures.owner_failure(info.id, owner, self._failures[owner.name])
            for name, causes in self._failures.items():
                if name not in excluded:
                    excluded.add(name)
                    if self._contributions(name, info.id) or not (self._owns_any(name) or name in self._unowned):
                        reasons[name] = list(causes)
            for name, errs in addon_errors.items():
                excluded.add(name)
                reasons.setdefault(name, []).extend(errs)
            if excluded == before:
                break
        if error is not None or std is None:
            raise error or PluginError(f"标准“{info.id}”无法组装")
        std.excluded = excluded
        std.dropped = {name: self._dropped_message(info.id, name, why) for name, why in reasons.items()}
        return std

    def _dropped_message(self, std_id: str, name: str, reasons: list[str]) -> str:
        rec = self.host.records.get(name) or PluginRecord(name=name)
        return failures.addon_dropped(std_id, rec, reasons, self._contributions(name, std_id))

    def _contributions(self, name: str, std_id: str) -> list[tuple[str, str]]:
        """What plugin ``name`` declared for ``std_id``: ``(hook, id)`` pairs."""
        out = []
        for hook, records in self._collected.items():
            for rec, item in records:
                if rec.name == name and getattr(item, "standard", None) == std_id and hook != "cpf_standards":
                    node = getattr(item, "node", None)  # an outline insertion is named by its node
                    ident = getattr(item, "id", None) or getattr(item, "name", None) or getattr(node, "title", "")
                    out.append((hook, str(ident)))
        return out

    def _owns_any(self, name: str) -> bool:
        return any(rec.name == name for claims in self.claims().values() for _i, rec in claims)

    # ------------------------------------------------------------------ calling a standard's plugins
    def call_for(self, std: AssembledStandard, hook: str, **kwargs: Any) -> list[tuple[PluginRecord, Any]]:
        """Call ``hook`` for a project of ``std``.  The owner raising is an error (exit 1); an add-on
        raising is withdrawn from ``std`` with all its contributions (and its sheets from ``project``,
        its indicators from ``evaluation`` when given) and the others' answers are kept."""
        def failed(rec: PluginRecord, name: str, exc: BaseException) -> None:
            cause = failures.cause_text(name, exc)
            if rec.name == std.owner.name:
                raise failures.owner_failure(std.id, rec, [cause]) from None
            self.drop_addon(std, rec.name, [cause], project=kwargs.get("project"), evaluation=kwargs.get("evaluation"))

        return self.host.call_each(hook, on_error=failed, skip=std.excluded, **kwargs)

    def drop_addon(self, std: AssembledStandard, name: str, reasons: list[str], *,
                   project: Any = None, evaluation: Any = None) -> None:
        """Withdraw every contribution of add-on ``name`` from the already assembled ``std`` (in place)."""
        message = self._dropped_message(std.id, name, reasons)
        tables = [ident for (kind, ident), src in std.sources.items() if kind == "table" and src == name]
        indicators = [ident for (kind, ident), src in std.sources.items() if kind == "indicator" and src == name]
        info = next(i for i, rec in self.claims()[std.id] if rec is std.owner)  # as declared, before add-on flags
        fresh = self._build(info, std.owner, std.excluded | {name})
        fresh.dropped = {**std.dropped, **fresh.dropped, name: message}
        cached = self._assembled.get((std.id, std.owner.name))
        targets = [(std, std.view_flags)] + ([(cached, None)] if cached is not None and cached is not std else [])
        for target, flags in targets:  # the project's view and the registry's standard alike
            source = fresh if flags is None else fresh.for_project(flags)
            for field in attrs.fields(AssembledStandard):
                setattr(target, field.name, getattr(source, field.name))
            target.view_flags = flags
        self.host.warn(message)
        if project is not None:
            failures.withdraw_tables(project, tables)
            failures.withdraw_selection_rows(project, indicators)
        if evaluation is not None:
            failures.withdraw_indicators(evaluation, std)

    def _assemble(self, info: StandardInfo, owner: PluginRecord, excluded: set[str] | None = None,
                  addon_errors: dict[str, list[str]] | None = None) -> AssembledStandard:
        """One assembly without the ``excluded`` plugins; an add-on's invalid contributions are put in
        ``addon_errors`` (by plugin name), the owner's raise :class:`PluginError`."""
        std = AssembledStandard(info=info, owner=owner)
        owner_errors: list[str] = []
        excluded = excluded or set()
        addon_errors = {} if addon_errors is None else addon_errors

        def blame(name: str, msg: str) -> None:
            if name == owner.name:
                owner_errors.append(msg)
            else:
                addon_errors.setdefault(name, []).append(msg)

        def add(kind: str, hook: str, attr: str, key: str = "id") -> None:
            target = getattr(std, attr)
            for rec, item in self._collect(hook):
                if rec.name in excluded:
                    continue
                of = getattr(item, "standard", None)
                generic = kind == "formula" and of == ""
                if of != info.id and not generic:
                    continue
                ident = getattr(item, key)
                prov = (kind, ident)
                if prov in std.providers:
                    if generic:
                        continue  # the standard's own formula of that name wins over the generic one
                    if not (kind == "formula" and std.formulas[ident].standard == ""):
                        msg = f"{KIND_LABEL[kind]}“{ident}”被{std.providers[prov]}和{rec.who()}重复声明"
                        blame(std.sources[prov] if rec is owner else rec.name, msg)  # an add-on yields
                        continue
                std.providers[prov] = rec.who()
                std.sources[prov] = rec.name
                if isinstance(target, list):
                    target.append(item)
                else:
                    target[ident] = item

        for flag in info.flags:
            std.providers[("flag", flag.id)] = owner.who()
            std.sources[("flag", flag.id)] = owner.name
        add("flag", "cpf_flags", "addon_flags")
        if std.addon_flags:
            extra = tuple(attrs.evolve(f, standard=info.id) for f in std.addon_flags.values())
            std.info = info = attrs.evolve(info, flags=(*info.flags, *extra))
            std.addon_flags = {f.id: f for f in extra if std.sources[("flag", f.id)] != owner.name}
        add("stage", "cpf_stages", "stages")
        add("table", "cpf_tables", "tables")
        add("formula", "cpf_formulas", "formulas", key="name")
        add("indicator", "cpf_indicators", "indicators")
        add("report", "cpf_report_kinds", "report_kinds")
        add("renderer", "cpf_section_renderers", "renderers", key="name")
        add("check", "cpf_status_checks", "status_checks", key="name")
        add("system", "cpf_indicator_systems", "systems")
        add("rule", "cpf_check_rules", "check_rules")
        self._insert_outline_nodes(std, excluded, blame)
        std.stages.sort(key=lambda s: s.order)
        std.indicators.sort(key=lambda i: i.seq)
        for source, msg in _ungated(std, owner):
            blame(source, msg)

        from cpframework.project.subject_items import definition_errors as subject_definition_errors

        sheets: dict[str, str] = {}
        for t in std.tables.values():
            source = std.sources.get(("table", t.id), owner.name)
            if t.sheet in sheets:
                first = std.sources.get(("table", sheets[t.sheet]), owner.name)
                blame(source if source != owner.name else first,
                      f"数据表 {t.id} 与 {sheets[t.sheet]} 使用了同一个工作表名“{t.sheet}”")
            sheets[t.sheet] = t.id
            if len(t.sheet) > 31 or any(c in t.sheet for c in "[]:*?/\\"):
                blame(source, f"数据表 {t.id} 的工作表名“{t.sheet}”不合 Excel 要求（≤31 字符，不含 []:*?/\\）")
            for msg in subject_definition_errors(t, info):
                blame(source, msg)
        for ind in std.indicators:
            for err in _check_indicator(ind, std):
                blame(std.sources.get(("indicator", ind.id), owner.name), err)
        std.methods = self.grading_methods()
        if "" in std.systems:
            blame(std.sources.get(("system", ""), owner.name), "评价指标体系编号不能为空（空编号保留给本标准自身的指标）")
        std.systems = {"": main_system(std), **std.systems}
        for sid, sys_ in std.systems.items():
            if sys_.indicators and sys_.method not in std.methods:
                close = difflib.get_close_matches(sys_.method, list(std.methods), n=1)
                blame(std.sources.get(("system", sid), owner.name),
                      f"评价指标体系“{sys_.title}”的评价方法“{sys_.method}”不存在" + (f"（是否想写“{close[0]}”？）" if close else ""))
        if owner_errors:
            raise PluginError(f"标准“{info.id}”（{owner.who()}）的定义无效：\n  " + "\n  ".join(owner_errors))
        return std

    def _insert_outline_nodes(self, std: AssembledStandard, excluded: set[str], blame: Any) -> None:
        """Merge the sections add-ons insert into this standard's report kinds (``cpf_outline_insertions``).

        A faulty insertion (unknown report kind or target node, duplicate id …) is blamed on its plugin:
        an add-on is then withdrawn whole (every contribution, not only its insertions), the owner's is an
        error."""
        from cpframework.report.model import OutlineInsertion
        from cpframework.report.outline import InsertionError, insert_nodes, inserted_ids

        live: list[tuple[str, OutlineInsertion]] = []
        names: dict[str, str] = {}
        for rec, ins in self._collect("cpf_outline_insertions"):
            if rec.name in excluded:
                continue
            if not isinstance(ins, OutlineInsertion):
                blame(rec.name, f"{rec.who()}的 cpf_outline_insertions 返回了 {type(ins).__name__}，应为 OutlineInsertion")
            elif ins.standard == std.id:
                live.append((rec.who(), ins))
                names[rec.who()] = rec.name
        while live:
            try:
                for who, ins in live:
                    if ins.report not in std.report_kinds:
                        kinds = "、".join(std.report_kinds) or "（无）"
                        raise InsertionError(who, f"{who}要在标准“{std.id}”的报告“{ins.report}”中插入章节"
                                                  f"“{ins.node.id}”，但该标准没有此报告类型；可选：{kinds}")
                merged = {k: insert_nodes(kind, live) for k, kind in std.report_kinds.items()}
            except InsertionError as exc:
                live = [p for p in live if p[0] != exc.who]
                blame(names[exc.who], str(exc))
                continue
            std.report_kinds.update(merged)
            for kind_id in merged:
                for node_id, who in inserted_ids([p for p in live if p[1].report == kind_id]).items():
                    std.providers[("outline", f"{kind_id}/{node_id}")] = who
                    std.sources[("outline", f"{kind_id}/{node_id}")] = names[who]
            break


_DEFAULT: Registry | None = None


def get_registry() -> Registry:
    """The process-wide registry built from the installed plugins (created on first use)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Registry(create_host())
    return _DEFAULT


def reset_registry(registry: Registry | None = None) -> None:
    global _DEFAULT
    _DEFAULT = registry
