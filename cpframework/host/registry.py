"""Assembling standards from the records all plugins declared, with the checks that keep a broken
or conflicting definition from reaching a user unnoticed."""
from __future__ import annotations

import difflib
from typing import Any

import attrs

from cpframework.errors import CpfError, PluginError, UsageError
from cpframework.host.manager import PluginHost, PluginRecord, create_host
from cpframework.model import Formula, Indicator, SectionRenderer, Stage, StandardInfo, StatusCheck, TableSchema


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
    providers: dict[tuple[str, str], str] = attrs.field(factory=dict)

    @property
    def id(self) -> str:
        return self.info.id

    def indicator(self, ind_id: str) -> Indicator:
        for ind in self.indicators:
            if ind.id == ind_id:
                return ind
        raise KeyError(ind_id)

    def visible_tables(self, flags: dict[str, bool]) -> list[TableSchema]:
        return [t for t in self.tables.values() if not t.when or flags.get(t.when, False)]


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


KIND_LABEL = {"stage": "阶段", "table": "数据表", "formula": "公式", "indicator": "指标", "report": "报告类型",
              "renderer": "渲染函数", "check": "状态检查"}


class Registry:
    """The standards available in this environment (typed facade over the plugin host)."""

    def __init__(self, host: PluginHost):
        self.host = host
        self._infos: dict[str, tuple[StandardInfo, PluginRecord]] | None = None
        self._broken: dict[str, str] = {}
        self._assembled: dict[str, AssembledStandard] = {}

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

        add("stage", "cpf_stages", "stages")
        add("table", "cpf_tables", "tables")
        add("formula", "cpf_formulas", "formulas", key="name")
        add("indicator", "cpf_indicators", "indicators")
        add("report", "cpf_report_kinds", "report_kinds")
        add("renderer", "cpf_section_renderers", "renderers", key="name")
        add("check", "cpf_status_checks", "status_checks", key="name")
        self._insert_outline_nodes(std, owner, owner_errors)
        std.stages.sort(key=lambda s: s.order)
        std.indicators.sort(key=lambda i: i.seq)

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
            if errs and provider != owner.who():
                self.host.warn(f"{provider}提供的指标 {ind.id} 定义无效，已忽略：" + "；".join(errs))
                continue
            owner_errors.extend(errs)
            kept.append(ind)
        std.indicators = kept
        if owner_errors:
            raise PluginError(f"标准“{info.id}”（{owner.who()}）的定义无效：\n  " + "\n  ".join(owner_errors))
        return std

    def _insert_outline_nodes(self, std: AssembledStandard, owner: PluginRecord, owner_errors: list[str]) -> None:
        """Merge the sections add-ons insert into this standard's report kinds (``cpf_outline_insertions``).

        A faulty insertion (unknown report kind or target node, duplicate id …) leaves out every
        insertion of that plugin, with a warning naming it (an error when it is the owner)."""
        from cpframework.report.model import OutlineInsertion
        from cpframework.report.outline import InsertionError, insert_nodes, inserted_ids

        live: list[tuple[str, OutlineInsertion]] = []
        records: dict[str, PluginRecord] = {}
        for rec, ins in self._collect("cpf_outline_insertions"):
            if not isinstance(ins, OutlineInsertion):
                self.host.warn(f"{rec.who()}的 cpf_outline_insertions 返回了 {type(ins).__name__}，"
                               "应为 OutlineInsertion，已忽略")
            elif ins.standard == std.id:
                live.append((rec.who(), ins))
                records[rec.who()] = rec
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
                if records[exc.who] is owner:
                    owner_errors.append(str(exc))
                else:
                    self.host.warn(f"{exc}\n已忽略{exc.who}插入此标准报告提纲的全部章节")
                continue
            std.report_kinds.update(merged)
            for kind_id in merged:
                for node_id, who in inserted_ids([p for p in live if p[1].report == kind_id]).items():
                    std.providers[("outline", f"{kind_id}/{node_id}")] = who
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
