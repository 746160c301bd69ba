"""Assembling standards from the records all plugins declared, with the checks that keep a broken
or conflicting definition from reaching a user unnoticed."""
from __future__ import annotations

import difflib
from typing import Any

import attrs

from cpframework.errors import CpfError, PluginError, UsageError
from cpframework.host.manager import PluginHost, PluginRecord, create_host
from cpframework.model import (CheckRule, FlagDef, Formula, GradingMethod, Indicator, IndicatorSystem, Screener,
                               SectionRenderer, Stage, StandardInfo, StatusCheck, TableSchema, flag_on)


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
    screeners: dict[str, Screener] = attrs.field(factory=dict)
    check_rules: dict[str, CheckRule] = attrs.field(factory=dict)
    providers: dict[tuple[str, str], str] = attrs.field(factory=dict)
    addon_flags: dict[str, FlagDef] = attrs.field(factory=dict)  # declared by add-ons (also in info.flags)
    switched_off: list[Indicator] = attrs.field(factory=list)  # indicators for_project() left out

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
        view = attrs.evolve(self, indicators=indicators, stages=stages, switched_off=off)
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


def _gate_addon_tables(std: AssembledStandard, owner: PluginRecord, host: PluginHost) -> None:
    """An add-on's table must be opt-in (``when`` names an add-on flag): a project that has not switched
    the add-on on is unaffected by it.  An ungated one is dropped with a warning naming the fix."""
    for tid, table in list(std.tables.items()):
        provider = std.providers.get(("table", tid), "")
        if provider != owner.who() and not std.opt_in_flag(table):
            host.warn(f"{provider}提供的数据表 {tid} 已忽略：" + _UNGATED.format(what="数据表", flags=_flag_list(std)))
            del std.tables[tid]


KIND_LABEL = {"stage": "阶段", "table": "数据表", "formula": "公式", "indicator": "指标", "report": "报告类型",
              "renderer": "渲染函数", "check": "状态检查", "system": "评价指标体系", "screener": "批量筛查", "rule": "核对规则", "flag": "项目标志"}


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
        self._infos: dict[str, tuple[StandardInfo, PluginRecord]] | None = None
        self._broken: dict[str, str] = {}
        self._assembled: dict[str, AssembledStandard] = {}
        self._methods: dict[str, GradingMethod] | None = None
        self._screeners: dict[str, Screener] | None = None

    @property
    def warnings(self) -> list[str]:
        return self.host.warnings

    def _collect(self, hook: str) -> list[tuple[PluginRecord, Any]]:
        return [(rec, item) for rec, items in self.host.call_each(hook) for item in (items or [])]

    def infos(self) -> dict[str, tuple[StandardInfo, PluginRecord]]:
        if self._infos is None:
            self._infos = {}
            for rec, info in self._collect("cpf_standards"):
                if not isinstance(info, StandardInfo):
                    self.host.warn(f"{rec.who()}的 cpf_standards 返回了 {type(info).__name__}，应为 StandardInfo，已忽略")
                    continue
                if info.id in self._infos:
                    first = self._infos[info.id][1]
                    self.host.warn(f"标准编号“{info.id}”重复：{first.who()}与{rec.who()}都声明了它；"
                                   f"保留先加载的{first.who()}，忽略后者")
                    continue
                self._infos[info.id] = (info, rec)
        return self._infos

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

    def standards(self) -> list[StandardInfo]:
        return [info for info, _ in self.infos().values()]

    def standard(self, std_id: str) -> AssembledStandard:
        if std_id in self._assembled:
            return self._assembled[std_id]
        infos = self.infos()
        if std_id not in infos:
            failed = [r for r in self.host.records.values() if r.status == "failed"]
            close = difflib.get_close_matches(std_id, list(infos), n=1)
            msg = f"未知的标准“{std_id}”" + (f"，是否想写“{close[0]}”？" if close else "")
            msg += f"\n可用的标准：{'、'.join(sorted(infos)) or '（无）'}"
            if failed:
                msg += "\n以下插件加载失败，它们提供的标准不可用：" + "；".join(f"{r.who()}：{r.error}" for r in failed)
            raise UsageError(msg)
        if std_id in self._broken:
            raise PluginError(self._broken[std_id])
        try:
            std = self._assemble(*infos[std_id])
        except CpfError as exc:
            self._broken[std_id] = str(exc)
            raise
        self._assembled[std_id] = std
        return std

    def _assemble(self, info: StandardInfo, owner: PluginRecord) -> AssembledStandard:
        std = AssembledStandard(info=info, owner=owner)
        owner_errors: list[str] = []

        def add(kind: str, hook: str, attr: str, key: str = "id") -> None:
            target = getattr(std, attr)
            for rec, item in self._collect(hook):
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
                        if rec is owner:
                            owner_errors.append(msg)
                        else:
                            self.host.warn(msg + "，忽略后者")
                        continue
                std.providers[prov] = rec.who()
                if isinstance(target, list):
                    target.append(item)
                else:
                    target[ident] = item

        for flag in info.flags:
            std.providers[("flag", flag.id)] = owner.who()
        add("flag", "cpf_flags", "addon_flags")
        if std.addon_flags:
            extra = tuple(attrs.evolve(f, standard=info.id) for f in std.addon_flags.values())
            std.info = info = attrs.evolve(info, flags=(*info.flags, *extra))
            std.addon_flags = {f.id: f for f in extra if std.providers[("flag", f.id)] != owner.who()}
        add("stage", "cpf_stages", "stages")
        add("table", "cpf_tables", "tables")
        add("formula", "cpf_formulas", "formulas", key="name")
        add("indicator", "cpf_indicators", "indicators")
        add("report", "cpf_report_kinds", "report_kinds")
        add("renderer", "cpf_section_renderers", "renderers", key="name")
        add("check", "cpf_status_checks", "status_checks", key="name")
        add("system", "cpf_indicator_systems", "systems")
        add("rule", "cpf_check_rules", "check_rules")
        std.stages.sort(key=lambda s: s.order)
        std.indicators.sort(key=lambda i: i.seq)
        _gate_addon_tables(std, owner, self.host)

        sheets: dict[str, str] = {}
        for t in std.tables.values():
            if t.sheet in sheets:
                owner_errors.append(f"数据表 {t.id} 与 {sheets[t.sheet]} 使用了同一个工作表名“{t.sheet}”")
            sheets[t.sheet] = t.id
            if len(t.sheet) > 31 or any(c in t.sheet for c in "[]:*?/\\"):
                owner_errors.append(f"数据表 {t.id} 的工作表名“{t.sheet}”不合 Excel 要求（≤31 字符，不含 []:*?/\\）")
        kept = []
        for ind in std.indicators:
            errs = _check_indicator(ind, std)
            provider = std.providers.get(("indicator", ind.id), "")
            if provider != owner.who() and not std.opt_in_flag(ind):
                errs.append(_UNGATED.format(what="指标", flags=_flag_list(std)))
            if errs and provider != owner.who():
                self.host.warn(f"{provider}提供的指标 {ind.id} 定义无效，已忽略：" + "；".join(errs))
                continue
            owner_errors.extend(errs)
            kept.append(ind)
        std.indicators = kept
        std.methods = self.grading_methods()
        if "" in std.systems:
            owner_errors.append("评价指标体系编号不能为空（空编号保留给本标准自身的指标）")
        std.systems = {"": main_system(std), **std.systems}
        for sys_ in std.systems.values():
            if sys_.indicators and sys_.method not in std.methods:
                close = difflib.get_close_matches(sys_.method, list(std.methods), n=1)
                owner_errors.append(f"评价指标体系“{sys_.title}”的评价方法“{sys_.method}”不存在"
                                    + (f"（是否想写“{close[0]}”？）" if close else ""))
        if owner_errors:
            raise PluginError(f"标准“{info.id}”（{owner.who()}）的定义无效：\n  " + "\n  ".join(owner_errors))
        return std


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
